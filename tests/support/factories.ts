/** Small builders for tests: people and workshops with unique names, created the way Bezel does. */
import { randomUUID } from 'node:crypto';
import type { InternalRole, VendorRole } from '../../src/lib/domain/identity/roles.ts';
import { vendorProfileSchema } from '../../src/lib/domain/vendors/schemas.ts';
import { appUser, membership } from '../../src/lib/server/db/schema/index.ts';
import { asSystem } from '../../src/lib/server/db/scope.ts';
import type { Actor, StaffActor, VendorActor } from '../../src/lib/server/auth/actor.ts';
import { hashPassword } from '../../src/lib/server/auth/passwords.ts';
import { createVendor } from '../../src/lib/server/vendors/service.ts';

export const TEST_PASSWORD = 'correct horse battery staple';
let passwordHash: Promise<string> | undefined;

const unique = () => randomUUID().slice(0, 8);

export async function createStaff(role: InternalRole = 'ops', overrides: { email?: string; name?: string } = {}): Promise<StaffActor> {
	passwordHash ??= hashPassword(TEST_PASSWORD);
	const email = overrides.email ?? `${role}-${unique()}@brand.test`;
	const name = overrides.name ?? `Staff ${role} ${unique()}`;
	const hash = await passwordHash;
	const id = await asSystem(async (tx) => {
		const [user] = await tx.insert(appUser).values({ email, name, passwordHash: hash }).returning({ id: appUser.id });
		await tx.insert(membership).values({ userId: user.id, vendorId: null, role });
		return user.id;
	});
	return { kind: 'staff', userId: id, name, email, role, vendorId: null };
}

export async function createWorkshop(by: Actor, overrides: Partial<Record<string, unknown>> = {}): Promise<{ vendorId: string; name: string }> {
	const name = (overrides.name as string) ?? `Workshop ${unique()}`;
	const profile = vendorProfileSchema.parse({
		name,
		types: ['caster'],
		country: 'TH',
		city: 'Bangkok',
		currency: 'THB',
		insuranceLimit: '1000000',
		...overrides
	});
	const { vendorId } = await createVendor(by, profile);
	return { vendorId, name };
}

export async function createVendorUser(vendorId: string, vendorName: string, role: VendorRole = 'vendor_admin'): Promise<VendorActor> {
	passwordHash ??= hashPassword(TEST_PASSWORD);
	const email = `${role}-${unique()}@workshop.test`;
	const name = `Vendor ${role} ${unique()}`;
	const hash = await passwordHash;
	const id = await asSystem(async (tx) => {
		const [user] = await tx.insert(appUser).values({ email, name, passwordHash: hash }).returning({ id: appUser.id });
		await tx.insert(membership).values({ userId: user.id, vendorId, role });
		return user.id;
	});
	return { kind: 'vendor', userId: id, name, email, role, vendorId, vendorName };
}

/** A File-like object the upload services accept. */
export function fakeFile(name: string, bytes: Uint8Array) {
	return { name, size: bytes.byteLength, arrayBuffer: async () => bytes.slice().buffer as ArrayBuffer };
}
