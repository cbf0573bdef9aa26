import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/support/database.ts';
import { createStaff, createVendorUser, createWorkshop } from '../../../../tests/support/factories.ts';
import { vendorProfileSchema, type VendorProfileInput } from '#lib/domain/vendors/schemas.ts';
import type { StaffActor } from '../auth/actor.ts';
import { auditEvent, vendor, vendorContact } from '../db/schema/index.ts';
import { asSystem } from '../db/scope.ts';
import { getDatabase } from '../db/runtime.ts';
import { AppError } from '../errors.ts';
import { addVendorContact, createVendor, getOpsHome, getVendorOverview, removeVendorContact, updateVendor } from './service.ts';
import { error } from '../../../../tests/support/errors.ts';

useTestDatabase();
let ops: StaffActor;
let admin: StaffActor;
let finance: StaffActor;

beforeAll(async () => {
	[ops, admin, finance] = [await createStaff('ops'), await createStaff('admin'), await createStaff('finance')];
});

const profile = (overrides: Partial<VendorProfileInput> = {}) =>
	vendorProfileSchema.parse({
		name: 'Siam Casting',
		types: ['caster'],
		country: 'TH',
		city: 'Bangkok',
		currency: 'THB',
		insuranceLimit: '1,000,000',
		...overrides
	});

const vendorRow = async (id: string) => (await asSystem((tx) => tx.select().from(vendor).where(eq(vendor.id, id))))[0];

describe('workshop names', () => {
	it('refuses a name that differs from an existing one only in case, spacing, punctuation or accents', async () => {
		const { vendorId } = await createVendor(ops, profile({ name: 'Atelier Rossi S.r.l.' }));
		for (const name of ['ATELIER ROSSI, S.R.L.', '  atelier   rossi srl ', 'Atelier-Rossi (S.r.l.)', 'Åtelier Rossì S.r.l.']) {
			const duplicate = await error(createVendor(ops, profile({ name })));
			expect(duplicate.code, name).toBe('Conflict');
			expect(duplicate.fields).toEqual({ name: 'Another workshop already has this name.' });
		}
		const [{ count }] = await asSystem((tx) =>
			tx
				.select({ count: sql<number>`count(*)::int` })
				.from(vendor)
				.where(eq(vendor.nameKey, 'atelier rossi srl'))
		);
		expect(count).toBe(1);

		// renaming another workshop onto it is refused too; recasing its own name is not
		const other = await createWorkshop(ops);
		expect((await error(updateVendor(ops, other.vendorId, profile({ name: 'atelier rossi, s.r.l' })))).fields).toHaveProperty('name');
		expect(await updateVendor(ops, vendorId, profile({ name: 'ATELIER ROSSI S.R.L.' }))).toEqual({ ok: true });
	});

	it('answers Conflict, not a database error, when two people add the same name at once', async () => {
		const results = await Promise.allSettled([
			createVendor(ops, profile({ name: 'Twin Foundry' })),
			createVendor(admin, profile({ name: 'twin foundry' }))
		]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const [rejected] = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
		expect(rejected.reason).toBeInstanceOf(AppError);
		expect((rejected.reason as AppError).code).toBe('Conflict');
	});

	it('lets only operations and administrators add or edit workshops', async () => {
		expect((await error(createVendor(finance, profile({ name: 'Finance Made This' })))).code).toBe('Forbidden');
		const { vendorId } = await createWorkshop(admin);
		expect((await error(updateVendor(finance, vendorId, profile({ name: 'Renamed By Finance' })))).code).toBe('Forbidden');
		expect((await error(updateVendor(ops, '00000000-0000-4000-8000-000000000000', profile({ name: 'Nobody' })))).code).toBe('NotFound');
		expect((await error(updateVendor(ops, 'not-a-uuid', profile({ name: 'Nobody' })))).code).toBe('NotFound');
	});
});

describe('optimistic locking', () => {
	it('refuses an edit made on an older version and returns the newer one', async () => {
		const { vendorId } = await createVendor(ops, profile({ name: 'Chiang Mai Silver' }));
		const seen = (await getVendorOverview(ops, vendorId)).vendor;
		expect(seen.version).toBe(1);

		expect(
			await updateVendor(ops, vendorId, { ...profile({ name: 'Chiang Mai Silver', city: 'Chiang Mai' }), version: seen.version })
		).toEqual({ ok: true });
		const stale = await updateVendor(admin, vendorId, {
			...profile({ name: 'Chiang Mai Silver', city: 'Lamphun' }),
			version: seen.version
		});
		expect(stale.ok).toBe(false);
		if (stale.ok) return;
		expect(stale.current).toMatchObject({ id: vendorId, version: 2, city: 'Chiang Mai' });
		expect(await vendorRow(vendorId)).toMatchObject({ version: 2, city: 'Chiang Mai' });

		// editing the version just returned works
		expect(
			await updateVendor(admin, vendorId, { ...profile({ name: 'Chiang Mai Silver', city: 'Lamphun' }), version: stale.current.version })
		).toEqual({ ok: true });
		expect(await vendorRow(vendorId)).toMatchObject({ version: 3, city: 'Lamphun' });
	});

	it('lets exactly one of two simultaneous edits of the same version through', async () => {
		const { vendorId } = await createVendor(ops, profile({ name: 'Race Condition Castings' }));
		const results = await Promise.all([
			updateVendor(ops, vendorId, { ...profile({ name: 'Race Condition Castings', city: 'Phuket' }), version: 1 }),
			updateVendor(admin, vendorId, { ...profile({ name: 'Race Condition Castings', city: 'Krabi' }), version: 1 })
		]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		const row = await vendorRow(vendorId);
		expect(row.version).toBe(2);
		const loser = results.find((r) => !r.ok);
		expect(loser && !loser.ok && loser.current.city).toBe(row.city);
		const updates = await asSystem((tx) => tx.select().from(auditEvent).where(eq(auditEvent.entityId, vendorId)));
		expect(updates.filter((a) => a.action === 'vendor.updated')).toHaveLength(1);
	});
});

describe('history', () => {
	it('writes an audit row for every change, shown newest first on the workshop page', async () => {
		const { vendorId } = await createVendor(ops, profile({ name: 'Lanna Engraving', types: ['engraver'] }));
		await updateVendor(ops, vendorId, {
			...profile({ name: 'Lanna Engraving', types: ['engraver'], city: 'Chiang Rai', insuranceLimit: '2,000,000' }),
			version: 1
		});
		// an edit that changes nothing is not history
		await updateVendor(ops, vendorId, {
			...profile({ name: 'Lanna Engraving', types: ['engraver'], city: 'Chiang Rai', insuranceLimit: '2,000,000' }),
			version: 2
		});
		await addVendorContact(admin, vendorId, { name: 'Ploy', title: 'Owner', email: 'ploy@lanna.test', phone: '', isPrimary: true });
		await addVendorContact(admin, vendorId, { name: 'Arun', title: 'Foreman', email: '', phone: '+66 53 000 000', isPrimary: true });
		const overview = await getVendorOverview(ops, vendorId);
		// one primary contact at a time
		expect(overview.contacts.map((c) => [c.name, c.isPrimary])).toEqual([
			['Arun', true],
			['Ploy', false]
		]);
		const ploy = overview.contacts.find((c) => c.name === 'Ploy')!;
		await removeVendorContact(ops, vendorId, ploy.id);
		expect((await error(removeVendorContact(ops, vendorId, ploy.id))).code).toBe('NotFound');

		const { history } = await getVendorOverview(ops, vendorId);
		expect(history.map((h) => h.action)).toEqual(['contact.removed', 'contact.added', 'contact.added', 'vendor.updated', 'vendor.created']);
		const update = history.find((h) => h.action === 'vendor.updated')!;
		expect(update.before).toEqual({ city: 'Bangkok', insuranceLimitMinor: 100_000_000 });
		expect(update.after).toEqual({ city: 'Chiang Rai', insuranceLimitMinor: 200_000_000 });
		expect(update.summary).toBe(`${ops.name} changed city, insuranceLimitMinor`);
		expect(history.find((h) => h.action === 'contact.removed')).toMatchObject({
			actorName: ops.name,
			before: { name: 'Ploy', email: 'ploy@lanna.test' }
		});
		expect(history[history.length - 1]).toMatchObject({ actorName: ops.name, summary: `${ops.name} added the workshop Lanna Engraving` });

		// the workshop's own people see the same history
		const member = await createVendorUser(vendorId, 'Lanna Engraving', 'vendor_member');
		expect((await getVendorOverview(member, vendorId)).history.map((h) => h.id)).toEqual(history.map((h) => h.id));
	});

	it('keeps the audit trail append-only, even for the table owner', async () => {
		const { vendorId } = await createWorkshop(ops);
		await expect(
			asSystem((tx) => tx.update(auditEvent).set({ summary: 'rewritten' }).where(eq(auditEvent.vendorId, vendorId)))
		).rejects.toThrow();
		await expect(asSystem((tx) => tx.delete(auditEvent).where(eq(auditEvent.vendorId, vendorId)))).rejects.toThrow();
		// without the role switch (the owner, as the migrator connects) the trigger still refuses
		await expect(getDatabase().execute(sql`update audit_event set summary = 'rewritten' where vendor_id = ${vendorId}`)).rejects.toThrow();
		await expect(getDatabase().execute(sql`delete from audit_event where vendor_id = ${vendorId}`)).rejects.toThrow();
		const rows = await asSystem((tx) => tx.select().from(auditEvent).where(eq(auditEvent.vendorId, vendorId)));
		expect(rows).toHaveLength(1);
		expect(rows[0].summary).not.toBe('rewritten');
	});
});

describe('contacts', () => {
	it('refuses a contact of another workshop and a workshop that does not exist', async () => {
		const a = await createWorkshop(ops);
		const b = await createWorkshop(ops);
		await addVendorContact(ops, a.vendorId, { name: 'Mali', title: '', email: '', phone: '', isPrimary: false });
		const [contact] = await asSystem((tx) => tx.select().from(vendorContact).where(eq(vendorContact.vendorId, a.vendorId)));
		expect((await error(removeVendorContact(ops, b.vendorId, contact.id))).code).toBe('NotFound');
		expect(
			(
				await error(
					addVendorContact(ops, '00000000-0000-4000-8000-000000000000', { name: 'X', title: '', email: '', phone: '', isPrimary: false })
				)
			).code
		).toBe('NotFound');
		expect(
			(await error(addVendorContact(finance, a.vendorId, { name: 'X', title: '', email: '', phone: '', isPrimary: false }))).code
		).toBe('Forbidden');
		expect((await getVendorOverview(ops, a.vendorId)).contacts).toHaveLength(1);
	});
});

describe('the operations home page', () => {
	it('counts workshops by status and shows recent activity', async () => {
		await createWorkshop(ops, { status: 'on_hold' });
		const home = await getOpsHome(finance);
		expect(home.workshopsByStatus.on_hold).toBeGreaterThanOrEqual(1);
		const total = Object.values(home.workshopsByStatus).reduce((a, b) => a + b, 0);
		const [{ count }] = await asSystem((tx) => tx.select({ count: sql<number>`count(*)::int` }).from(vendor));
		expect(total).toBe(count);
		expect(home.recentActivity).toHaveLength(8);
		expect(home.recentActivity[0].occurredAt.getTime()).toBeGreaterThanOrEqual(home.recentActivity[7].occurredAt.getTime());
	});
});
