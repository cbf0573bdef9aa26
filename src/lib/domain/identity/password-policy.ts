/**
 * NIST SP 800-63B style: length 8–256, no composition rules, and a refusal of passwords found in
 * breach corpora (zxcvbn-ts ships a ranked list of the most common ones).
 */
import { dictionary } from '@zxcvbn-ts/language-common';

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;

let common: Set<string> | undefined;

function commonPasswords(): Set<string> {
	common ??= new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));
	return common;
}

/** Returns a sentence saying what is wrong with the password, or null when it is acceptable. */
export function passwordProblem(password: string, context: { email?: string; name?: string } = {}): string | null {
	const length = [...password].length;
	if (length < PASSWORD_MIN) return `Use at least ${PASSWORD_MIN} characters (a short phrase is easiest to remember).`;
	if (length > PASSWORD_MAX) return `Use at most ${PASSWORD_MAX} characters.`;
	const folded = password.toLowerCase();
	if (commonPasswords().has(folded)) {
		return 'This password is one of the most common ones and is easy to guess. Choose another.';
	}
	if (new Set(folded).size === 1) return 'A password made of one repeated character is easy to guess. Choose another.';
	const emailLocal = context.email?.split('@')[0]?.toLowerCase();
	if (emailLocal && emailLocal.length >= 4 && folded === emailLocal) {
		return 'Do not use your e-mail address as your password.';
	}
	return null;
}
