import { and, asc, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/support/database.ts';
import { createStaff, createVendorUser, createWorkshop } from '../../../../tests/support/factories.ts';
import { withActor, type StaffActor, type VendorActor } from '#lib/server/auth/actor.ts';
import { queryCounter, type Database } from './client.ts';
import { compiledSelect } from './compiled.ts';
import { auditEvent, vendor } from './schema/index.ts';
import type { Tx } from './scope.ts';

useTestDatabase();

let admin: StaffActor;
let shopA: { vendorId: string; name: string };
let shopB: { vendorId: string; name: string };
let userA: VendorActor;

beforeAll(async () => {
	admin = await createStaff('admin');
	shopA = await createWorkshop(admin);
	shopB = await createWorkshop(admin);
	userA = await createVendorUser(shopA.vendorId, shopA.name);
});

/** A workshop's audit trail with the workshop as a nested, left-joined object: placeholders, a limit, a join. */
function trail(db: Database | Tx, vendorId: unknown, entityType: unknown, limit: unknown) {
	return db
		.select({
			id: auditEvent.id,
			action: auditEvent.action,
			at: auditEvent.occurredAt,
			// a raw SQL field, with a placeholder inside it
			shout: sql<string>`upper(${auditEvent.action}) || ${entityType as string}`,
			workshop: { id: vendor.id, name: vendor.name }
		})
		.from(auditEvent)
		.leftJoin(vendor, eq(vendor.id, auditEvent.vendorId))
		.where(and(eq(auditEvent.vendorId, vendorId as string), eq(auditEvent.entityType, entityType as string)))
		.orderBy(asc(auditEvent.id))
		.limit(limit as number);
}

let builds = 0;
const compiledTrail = compiledSelect(['vendorId', 'entityType', 'limit'], (db, p) => {
	builds++;
	return trail(db, p.vendorId, p.entityType, p.limit);
});

describe('compiledSelect', () => {
	it('answers what the same builder answers, typed and mapped alike (dates, nested objects)', async () => {
		for (const shop of [shopA, shopB]) {
			const [compiled, built] = await withActor(admin, (tx) =>
				Promise.all([
					compiledTrail(tx, { vendorId: shop.vendorId, entityType: 'vendor', limit: 50 }),
					trail(tx, shop.vendorId, 'vendor', 50)
				])
			);
			expect(compiled.length).toBeGreaterThan(0);
			expect(compiled).toEqual(built);
			expect(compiled[0].at).toBeInstanceOf(Date);
			expect(compiled[0].workshop).toEqual({ id: shop.vendorId, name: shop.name });
			expect(compiled[0].shout).toBe(`${compiled[0].action.toUpperCase()}vendor`);
		}
		const one = await withActor(admin, (tx) => compiledTrail(tx, { vendorId: shopA.vendorId, entityType: 'vendor', limit: 1 }));
		expect(one).toHaveLength(1);
	});

	it('builds its SQL once, and runs on each transaction with its role: RLS applies, queries are counted', async () => {
		const before = builds;
		const counter = { queries: 0 };
		const [own, others] = await queryCounter.run(counter, () =>
			withActor(userA, (tx) =>
				Promise.all([
					compiledTrail(tx, { vendorId: shopA.vendorId, entityType: 'vendor', limit: 50 }),
					compiledTrail(tx, { vendorId: shopB.vendorId, entityType: 'vendor', limit: 50 })
				])
			)
		);
		expect(builds).toBe(before);
		expect(builds).toBe(1);
		expect(own.length).toBeGreaterThan(0);
		// workshop A's transaction sees nothing of B's, whatever values the query is given
		expect(others).toEqual([]);
		expect(counter.queries).toBeGreaterThanOrEqual(2);
	});

	it('maps a flat selection as drizzle does: bigint ids, dates, JSON, nulls, mapWith and aliased SQL', async () => {
		const flat = (db: Database | Tx, vendorId: unknown) =>
			db
				.select({
					id: auditEvent.id,
					at: auditEvent.occurredAt,
					actor: auditEvent.actorUserId,
					before: auditEvent.before,
					after: auditEvent.after,
					count: sql<number>`count(*) over ()`.mapWith(Number),
					recent: sql<boolean>`${auditEvent.occurredAt} > now() - interval '1 day'`,
					nothing: sql<string | null>`null`,
					label: sql<string>`${auditEvent.entityType} || ':' || ${auditEvent.action}`.as('label')
				})
				.from(auditEvent)
				.where(eq(auditEvent.vendorId, vendorId as string))
				.orderBy(asc(auditEvent.id));
		const compiledFlat = compiledSelect(['vendorId'], (db, p) => flat(db, p.vendorId));
		const [compiled, built] = await withActor(admin, (tx) =>
			Promise.all([compiledFlat(tx, { vendorId: shopA.vendorId }), flat(tx, shopA.vendorId)])
		);
		expect(compiled.length).toBeGreaterThan(0);
		expect(compiled).toEqual(built);
		expect(Object.keys(compiled[0])).toEqual(['id', 'at', 'actor', 'before', 'after', 'count', 'recent', 'nothing', 'label']);
		expect(typeof compiled[0].id).toBe('number');
		expect(compiled[0].at).toBeInstanceOf(Date);
		expect(compiled[0].count).toBe(compiled.length);
		expect(compiled[0].recent).toBe(true);
		expect(compiled[0].nothing).toBeNull();
		expect(compiled.some((row) => row.after !== null && typeof row.after === 'object')).toBe(true);
	});

	it('refuses to run without a value for a placeholder', async () => {
		const missing = withActor(admin, (tx) => compiledTrail(tx, { vendorId: shopA.vendorId, entityType: 'vendor' } as never));
		await expect(missing).rejects.toThrow(/No value for placeholder "limit"/);
		// and a value that is not what the column holds fails as a query would
		const wrong = withActor(admin, (tx) => compiledTrail(tx, { vendorId: 'not-a-uuid', entityType: 'vendor', limit: 1 }));
		await expect(wrong).rejects.toThrow();
	});
});
