/**
 * The demo brand is what a new developer sees first, and it is made through the real services: a
 * service that starts refusing what the seed does would break the first `npm run dev`. Seeding a
 * fresh database must work, and give POs in every state with a consistent history.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { asSystem } from '#lib/server/db/scope.ts';
import { getPlatform } from '#lib/server/platform.ts';
import { useTestDatabase } from '../../../../tests/support/database.ts';
import { seedDemoBrand } from './demo-brand.ts';
import { atMoment, realNow, resetSeedClock } from './seed-clock.ts';
import { rowsOf } from '../db/client.ts';

useTestDatabase();

type Row = Record<string, unknown>;
const rows = async (query: ReturnType<typeof sql>) => {
	const result = await asSystem((tx) => tx.execute(query));
	return rowsOf<Row>(result);
};

describe('the demo brand', () => {
	it('seeds purchase orders in every state through the services, with consistent totals and history', { timeout: 180_000 }, async () => {
		const RealDate = globalThis.Date;
		await seedDemoBrand({ logos: false });
		// the real clock is back
		expect(globalThis.Date).toBe(RealDate);
		expect(Math.abs(Date.now() - realNow())).toBeLessThan(1000);

		const statuses = (await rows(sql`select distinct status from purchase_order`)).map((r) => r.status);
		expect(statuses.sort()).toEqual(
			['acknowledged', 'cancelled', 'change_requested', 'closed', 'declined', 'draft', 'in_production', 'sent'].sort()
		);
		const [facts] = await rows(sql`
			select count(*)::int as pos, max(revision)::int as max_revision, max(line_count)::int as most_lines,
				array_agg(distinct currency order by currency) as currencies,
				(select count(*)::int from style) as styles,
				(select count(distinct side)::int from purchase_order_message) as sides,
				(select count(*)::int from purchase_order where revision = 2) as at_revision_2,
				(select brand_name from brand_settings where id = 1) as brand
			from purchase_order`);
		expect(facts.pos).toBeGreaterThanOrEqual(40);
		expect(facts.max_revision).toBe(3);
		expect(facts.at_revision_2).toBeGreaterThan(0);
		expect(facts.most_lines).toBe(50);
		expect(facts.currencies).toEqual(expect.arrayContaining(['EUR', 'INR', 'THB', 'USD']));
		expect(facts.styles).toBeGreaterThanOrEqual(30);
		expect(facts.sides).toBe(2);
		expect(facts.brand).toBe('Maison Aurelle');

		// stored totals agree with the lines, and every sent PO has the snapshot of its current revision
		const [mismatch] = await rows(sql`
			select count(*)::int as n from purchase_order p
			join (select purchase_order_id, sum(total_minor) as total from purchase_order_line group by 1) l on l.purchase_order_id = p.id
			where p.total_minor <> l.total`);
		expect(mismatch.n).toBe(0);
		const [missing] = await rows(sql`
			select count(*)::int as n from purchase_order p
			where p.revision > 0 and not exists (select 1 from purchase_order_revision r where r.purchase_order_id = p.id and r.revision = p.revision)`);
		expect(missing.n).toBe(0);

		// the history's mail went out when it happened
		const [pendingHistory] = await rows(
			sql`select count(*)::int as n from outbox_message where topic like 'purchase-order-%' and status = 'pending'`
		);
		expect(pendingHistory.n).toBe(0);

		if (getPlatform().embedded) {
			// months of history, numbered in the order the POs were drafted, and the audit trail agrees
			const ordered = await rows(sql`select number, created_at from purchase_order order by created_at`);
			expect(ordered.map((r) => r.number)).toEqual([...ordered.map((r) => r.number as string)].sort());
			const [span] = await rows(sql`
				select (now()::date - min(created_at)::date) as oldest_days,
					(select count(*)::int from audit_event a join purchase_order p on p.id::text = a.entity_id
						where a.action = 'purchase_order.created' and abs(extract(epoch from a.occurred_at - p.created_at)) > 5) as audit_out_of_step,
					(select count(*)::int from purchase_order where status = 'sent' and sent_at < now() - interval '3 days') as waiting
				from purchase_order`);
			expect(span.oldest_days).toBeGreaterThan(150);
			expect(span.audit_out_of_step).toBe(0);
			expect(span.waiting).toBeGreaterThan(0);
		}
	});

	it('never lets the seed clock go back once the history runs', async () => {
		const day = 86_400_000;
		resetSeedClock();
		await atMoment(realNow() - 10 * day, async () => {});
		await expect(atMoment(realNow() - 20 * day, async () => {})).rejects.toThrow(/only moves forward/);
		expect(globalThis.Date.now()).toBeGreaterThan(realNow() - 1000);
	});
});
