/**
 * The demo brand is what a new developer sees first, and it is made through the real services: a
 * service that starts refusing what the seed does would break the first `npm run dev`. Seeding a
 * fresh database must work, and give POs in every state with a consistent history, and production
 * with job bags in every stage, some late, some blocked, with photos.
 */
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultStageTemplates } from '#lib/domain/production/stages.ts';
import { asSystem } from '#lib/server/db/scope.ts';
import { getFileStore, getPlatform } from '#lib/server/platform.ts';
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
	const RealDate = globalThis.Date;
	beforeAll(async () => {
		await seedDemoBrand({ logos: false });
	}, 180_000);

	it('puts the real clock back once the history is written', () => {
		expect(globalThis.Date).toBe(RealDate);
		expect(Math.abs(Date.now() - realNow())).toBeLessThan(1000);
	});

	it('seeds purchase orders in every state through the services, with consistent totals and history', async () => {
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
			sql`select count(*)::int as n from outbox_message where (topic like 'purchase-order-%' or topic like 'production-%') and status = 'pending'`
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

	it('has production at the workshops: every stage, partial batches, late and blocked jobs, photos', async () => {
		// every PO in production has started work, and the ones acknowledged have not
		const notStarted = await rows(sql`
			select p.number, p.status from purchase_order p
			where (p.status = 'in_production') <> exists (select 1 from production_job j where j.purchase_order_id = p.id and j.started_on is not null)
				and p.status in ('in_production', 'acknowledged')`);
		expect(notStarted).toEqual([]);

		// open job bags are at work in every stage of the casting and the setting templates
		const working = await rows(sql`
			select distinct j.current_stage as stage from production_job j
			join job_milestone m on m.job_id = j.id and m.name = j.current_stage
			where j.status = 'open' and m.quantity_in > 0`);
		const stages = working.map((r) => r.stage as string);
		const templateStages = [...defaultStageTemplates.caster, ...defaultStageTemplates.stone_setter].map((s) => s.name);
		expect(stages).toEqual(expect.arrayContaining(templateStages));
		expect(new Set(stages).size).toBeGreaterThanOrEqual(5);

		const [facts] = await rows(sql`
			select
				(select count(*)::int from production_job j join purchase_order p on p.id = j.purchase_order_id
					where p.status = 'in_production' and j.status = 'done') as done_in_production,
				(select count(distinct j.purchase_order_id)::int from production_job j join purchase_order p on p.id = j.purchase_order_id
					where p.status = 'closed' and not exists (select 1 from job_milestone m where m.job_id = j.id and (m.status <> 'done' or m.finished_on is null))) as closed_with_full_history,
				(select count(*)::int from production_job where status = 'open') as open_jobs,
				(select count(*)::int from production_job j join purchase_order p on p.id = j.purchase_order_id
					where p.status = 'in_production' and j.piece_no is not null) as per_piece,
				(select count(*)::int from job_milestone m join production_job j on j.id = m.job_id
					where j.status = 'open' and m.quantity_out > 0 and m.quantity_out < m.quantity_in) as partial,
				(select count(*)::int from job_update where weight_mg is not null) as weighed,
				(select count(*)::int from job_problem where resolved_at is not null) as resolved,
				(select count(*)::int from production_job where status = 'open' and started_on is null and purchase_order_id in
					(select id from purchase_order where status = 'closed')) as open_on_closed`);
		expect(facts.done_in_production).toBeGreaterThan(0);
		expect(facts.closed_with_full_history).toBeGreaterThanOrEqual(2);
		expect(facts.per_piece).toBeGreaterThan(0);
		expect(facts.partial).toBeGreaterThan(0);
		expect(facts.weighed).toBeGreaterThan(0);
		expect(facts.resolved).toBeGreaterThan(0);
		expect(facts.open_on_closed).toBe(0);

		// blocked: open problems, one of them stones the setter waits for, with a note
		const blocked = await rows(sql`
			select j.number, pr.reason, pr.note, j.at_risk from production_job j
			join job_problem pr on pr.job_id = j.id and pr.resolved_at is null
			where j.status = 'open' and j.blocked`);
		expect(blocked.length).toBeGreaterThanOrEqual(2);
		expect(new Set(blocked.map((b) => b.reason)).size).toBeGreaterThanOrEqual(2);
		expect(blocked.some((b) => b.reason === 'waiting_for_stones' && String(b.note).length > 0)).toBe(true);
		expect(blocked.every((b) => b.at_risk)).toBe(true);

		// what the workshop wrote agrees with what it reported: setting finished on 40 of 60
		const [canal] = await rows(sql`
			select m.quantity_in, m.quantity_out from purchase_order_message msg
			join production_job j on j.purchase_order_id = msg.purchase_order_id
			join job_milestone m on m.job_id = j.id and m.name = 'Stone setting'
			where msg.body like 'Setting is finished on 40 of 60%'`);
		expect(canal).toEqual({ quantity_in: 60, quantity_out: 40 });

		// photos on several updates, each with its photo and thumbnail in the store
		const photos = await rows(sql`
			select ph.update_id, f.key as photo_key, f.content_type as photo_type, t.key as thumbnail_key, t.content_type as thumbnail_type
			from job_photo ph join stored_file f on f.id = ph.file_id join stored_file t on t.id = ph.thumbnail_file_id`);
		expect(new Set(photos.map((p) => p.update_id)).size).toBeGreaterThanOrEqual(5);
		const keys = [...new Set(photos.flatMap((p) => [p.photo_key as string, p.thumbnail_key as string]))];
		const missing: string[] = [];
		for (const key of keys) if (!(await getFileStore().get(key))) missing.push(key);
		expect(missing).toEqual([]);
		expect(new Set(photos.map((p) => `${p.photo_type} ${p.thumbnail_type}`))).toEqual(new Set(['image/jpeg image/webp']));
		// every update happened on a day between the PO's sending and today
		const [outOfRange] = await rows(sql`
			select count(*)::int as n from job_update u join production_job j on j.id = u.job_id join purchase_order p on p.id = j.purchase_order_id
			where u.occurred_on < (p.first_sent_at at time zone 'UTC')::date or u.occurred_on > (now() at time zone 'UTC')::date`);
		expect(outOfRange.n).toBe(0);

		const atRisk = await rows(sql`select risk_reason from production_job where status = 'open' and at_risk and risk_reason <> ''`);
		if (getPlatform().embedded) {
			// with months of history, jobs are late for different reasons, said in words
			expect(atRisk.length).toBeGreaterThanOrEqual(3);
			const reasons = atRisk.map((r) => r.risk_reason as string);
			expect(reasons.some((r) => /started \d+ days? late/.test(r))).toBe(true);
			expect(reasons.some((r) => /is \d+ days? overdue/.test(r))).toBe(true);
			expect(reasons.some((r) => /^Blocked since/.test(r))).toBe(true);
			const [span] = await rows(sql`select (now()::date - min(occurred_on))::int as oldest_days from job_update`);
			expect(span.oldest_days).toBeGreaterThan(100);
		} else {
			// all of today: only the blocked jobs are at risk yet
			expect(atRisk.length).toBeGreaterThanOrEqual(2);
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
