import { hash, verify } from '@node-rs/argon2';

// argon2id (Algorithm.Argon2id = 2; the enum is a const enum we cannot import with isolated modules),
// OWASP's minimum: m = 19 MiB, t = 2, p = 1.
const options = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

export function hashPassword(password: string): Promise<string> {
	return hash(password.normalize('NFKC'), options);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
	try {
		return await verify(stored, password.normalize('NFKC'), options);
	} catch {
		return false;
	}
}

let dummy: Promise<string> | undefined;

/** A hash to verify against when the e-mail is unknown, so both answers take the same time. */
export function dummyPasswordHash(): Promise<string> {
	dummy ??= hashPassword('bezel-timing-equaliser-not-a-password');
	return dummy;
}
