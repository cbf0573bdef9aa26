/**
 * The demo brand is what a new developer sees first, and it is made through the real services: a
 * service that starts refusing what the seed does would break the first `npm run dev`. Seeding a
 * fresh database must work, and give POs in every state with a consistent history, and production
 * with job bags in every stage, some late, some blocked, with photos.
 */
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultStageTemplates } from '#lib/domain/production/stages.ts';
import { repairStatuses } from '#lib/domain/repairs/status.ts';
import { customOrderStatuses } from '#lib/domain/custom-orders/status.ts';
import { designerListQuerySchema } from '#lib/domain/custom-orders/schemas.ts';
import { processDesignFiles, sniffStl } from '#lib/server/custom-orders/files.ts';
import { listDesignerOrders } from '#lib/server/custom-orders/lists.ts';
import { getCustomOrder, getDesignerOrder, submitDesignVersion } from '#lib/server/custom-orders/service.ts';
import { getPurchaseOrder } from '#lib/server/purchase-orders/service.ts';
import { actorFromMembership, type Actor } from '#lib/server/auth/actor.ts';
import { closeRepair, getRepair } from '#lib/server/repairs/service.ts';
import { asSystem } from '#lib/server/db/scope.ts';
import { getFileStore, getPlatform } from '#lib/server/platform.ts';
import { useTestDatabase } from '../../../../tests/support/database.ts';
import { seedDemoBrand } from './demo-brand.ts';
import { ringStl } from './demo-custom-orders.ts';
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
			[
				'acknowledged',
				'cancelled',
				'change_requested',
				'closed',
				'declined',
				'draft',
				'in_production',
				'partially_received',
				'received',
				'sent'
			].sort()
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

	it('has repairs in every state at the repair workshops, with photos, and never shows a workshop the customer', async () => {
		const actorOf = async (where: ReturnType<typeof sql>): Promise<Actor> => {
			const [row] = await rows(sql`
				select u.id as "userId", u.name, u.email, m.role, m.vendor_id as "vendorId", v.name as "vendorName"
				from membership m join app_user u on u.id = m.user_id left join vendor v on v.id = m.vendor_id
				where ${where} order by m.role limit 1`);
			return actorFromMembership(row as Parameters<typeof actorFromMembership>[0]);
		};
		const ops = await actorOf(sql`u.email = 'marcus@aurelle.example'`);
		const repairs = await rows(sql`
			select j.id, j.number, j.status, j.vendor_id, v.name as workshop, j.customer_name, j.assigned_at,
				j.return_discrepancy, j.discrepancy_resolution, j.last_reminder_on
			from repair_job j left join vendor v on v.id = j.vendor_id order by j.created_at`);
		expect(repairs.length).toBeGreaterThanOrEqual(12);
		expect(new Set(repairs.map((r) => r.status))).toEqual(new Set(repairStatuses));
		// most at the 47th Street bench, some at another repair workshop
		const byWorkshop = new Map<unknown, number>();
		for (const r of repairs) if (r.workshop) byWorkshop.set(r.workshop, (byWorkshop.get(r.workshop) ?? 0) + 1);
		expect(byWorkshop.get('47th Street Repair Bench')).toBeGreaterThan(repairs.length / 2);
		expect(byWorkshop.size).toBe(2);

		// a stone short on return: flagged, unresolved, and the repair cannot close yet
		const open = repairs.filter((r) => r.status === 'returned' && r.return_discrepancy !== null && r.discrepancy_resolution === null);
		expect(open.length).toBe(1);
		expect(open[0].return_discrepancy).toMatch(/^Stones \d+ on return, \d+ at intake: 1 fewer/);
		await expect(closeRepair(ops, open[0].id as string)).rejects.toThrow(/resolve it with a note before closing/);
		// a sizing that came back heavier, explained and closed
		const explained = repairs.filter((r) => r.status === 'closed' && r.discrepancy_resolution !== null);
		expect(explained.map((r) => r.return_discrepancy)).toEqual([expect.stringMatching(/^Weight .* more \(sizing was requested/)]);

		// estimates of 1–3 lines; one redone at the brand's request, one declined and the piece sent back unrepaired
		const [estimates] = await rows(sql`
			select count(*)::int as n,
				count(*) filter (where jsonb_array_length(lines) not between 1 and 3)::int as odd_lines,
				count(*) filter (where status = 'superseded' and decided_at is not null)::int as redone,
				count(*) filter (where status = 'submitted')::int as waiting,
				(select count(*)::int from repair_event e join repair_estimate d on d.repair_id = e.repair_id and d.status = 'declined'
					where e.kind = 'shipped_back' and e.note like 'Shipped back unrepaired%') as unrepaired
			from repair_estimate`);
		expect(estimates.n).toBeGreaterThanOrEqual(12);
		expect(estimates).toMatchObject({ odd_lines: 0, redone: 1, waiting: 1, unrepaired: 1 });
		const [finalPrices] = await rows(sql`select count(*)::int as n from repair_job where final_price_minor is not null`);
		expect(finalPrices.n).toBeGreaterThan(0);

		// the workshop sees its jobs without the customer or the brand's return check; the brand sees both
		const overdue: string[] = [];
		for (const r of repairs) {
			const brandView = await getRepair(ops, r.id as string);
			expect(brandView.customer?.name).toBe(r.customer_name);
			if (brandView.overdue) overdue.push(brandView.repair.status);
			if (!r.vendor_id) continue;
			const workshop = await actorOf(sql`m.vendor_id = ${r.vendor_id}`);
			const view = await getRepair(workshop, r.id as string);
			expect(view.customer).toBeNull();
			expect(view.returnCheck).toBeNull();
			expect(JSON.stringify(view)).not.toContain(r.customer_name as string);
		}

		// photos at intake of every repair, from the workshops and on return, all in the store; intake
		// photos of an assigned repair are the workshop's files, of one never assigned the brand's
		const photos = await rows(sql`
			select p.repair_id, p.stage, j.vendor_id as repair_vendor, f.vendor_id as file_vendor, f.key as photo_key,
				f.content_type as photo_type, t.key as thumbnail_key, t.content_type as thumbnail_type
			from repair_photo p join repair_job j on j.id = p.repair_id
			join stored_file f on f.id = p.file_id join stored_file t on t.id = p.thumbnail_file_id`);
		expect(new Set(photos.filter((p) => p.stage === 'intake').map((p) => p.repair_id)).size).toBe(repairs.length);
		expect(new Set(photos.map((p) => p.stage))).toEqual(new Set(['intake', 'workshop', 'return']));
		expect(photos.filter((p) => p.stage === 'intake').every((p) => p.file_vendor === p.repair_vendor)).toBe(true);
		expect(new Set(photos.map((p) => `${p.photo_type} ${p.thumbnail_type}`))).toEqual(new Set(['image/jpeg image/webp']));
		const missing: string[] = [];
		for (const key of photos.flatMap((p) => [p.photo_key as string, p.thumbnail_key as string]))
			if (!(await getFileStore().get(key))) missing.push(key);
		expect(missing).toEqual([]);

		// the history's mail went out when it happened
		const [pending] = await rows(sql`select count(*)::int as n from outbox_message where topic like 'repair-%' and status = 'pending'`);
		expect(pending.n).toBe(0);

		if (getPlatform().embedded) {
			// three months of repairs, numbered in intake order; one in work past the turnaround, reminded yesterday
			const numbers = repairs.map((r) => r.number as string);
			expect(numbers).toEqual([...numbers].sort());
			const [span] = await rows(sql`select (now()::date - min(created_at)::date) as oldest_days from repair_job`);
			expect(span.oldest_days).toBeGreaterThan(80);
			expect(overdue).toEqual(['in_work']);
			const late = repairs.filter((r) => r.last_reminder_on !== null);
			expect(late.map((r) => r.status)).toEqual(['in_work']);
			const [reminded] = await rows(
				sql`select count(*)::int as n from outbox_message where topic = 'repair-overdue-reminder' and status = 'sent'`
			);
			expect(reminded.n).toBeGreaterThan(0);
		} else {
			// all of today: nothing can be past the turnaround yet
			expect(overdue).toEqual([]);
		}
	});

	it('never lets the seed clock go back once the history runs', async () => {
		const day = 86_400_000;
		resetSeedClock();
		await atMoment(realNow() - 10 * day, async () => {});
		await expect(atMoment(realNow() - 20 * day, async () => {})).rejects.toThrow(/only moves forward/);
		expect(globalThis.Date.now()).toBeGreaterThan(realNow() - 1000);
	});

	it('has custom orders in every state with the CAD designer, and never shows the designer the client', async () => {
		const actorOf = async (where: ReturnType<typeof sql>): Promise<Actor> => {
			const [row] = await rows(sql`
				select u.id as "userId", u.name, u.email, m.role, m.vendor_id as "vendorId", v.name as "vendorName"
				from membership m join app_user u on u.id = m.user_id left join vendor v on v.id = m.vendor_id
				where ${where} order by m.role limit 1`);
			return actorFromMembership(row as Parameters<typeof actorFromMembership>[0]);
		};
		const ops = await actorOf(sql`u.email = 'marcus@aurelle.example'`);
		const designer = await actorOf(sql`u.email = 'iris@silverlakecad.example'`);
		const caster = await actorOf(sql`u.email = 'luis@brooklyncast.example'`);
		const orders = await rows(sql`
			select o.id, o.number, o.status, o.client_name, o.client_contact, o.budget_minor, o.created_at, v.name as designer
			from custom_order o left join vendor v on v.id = o.vendor_id order by o.created_at`);
		expect(orders.length).toBeGreaterThanOrEqual(6);
		expect(new Set(orders.map((o) => o.status))).toEqual(new Set(customOrderStatuses));
		expect(new Set(orders.filter((o) => o.status !== 'brief').map((o) => o.designer))).toEqual(new Set(['Silver Lake CAD Studio']));
		expect(orders.filter((o) => o.status === 'brief').map((o) => o.designer)).toEqual([null]);
		const views = new Map<unknown, Awaited<ReturnType<typeof getCustomOrder>>>();
		for (const o of orders) views.set(o.id, await getCustomOrder(ops, o.id as string));
		const byStatus = (status: string) => [...views.values()].filter((v) => v.order.status === status);

		// versions side by side, newest first, each with its answer; the files of each are what they say
		const answered = byStatus('in_production')[0].versions;
		expect(answered.map((v) => [v.versionNo, v.status, v.isApproved])).toEqual([
			[2, 'approved', true],
			[1, 'changes_requested', false]
		]);
		expect(answered[0].clientDecision).toMatch(/^The client approved it in person on /);
		expect(answered[1].comment).toMatch(/hide the halo/);
		expect(byStatus('in_design').map((v) => v.versions.map((x) => x.status))).toEqual(
			expect.arrayContaining([[], ['submitted', 'changes_requested']])
		);
		expect(
			byStatus('in_design')
				.map((v) => v.waitingOn)
				.sort()
		).toEqual(['brand', 'designer']);
		const files = [...views.values()].flatMap((v) => v.versions.flatMap((x) => x.files.map((f) => ({ ...f, versionNo: x.versionNo }))));
		const versionCount = [...views.values()].reduce((n, v) => n + v.versions.length, 0);
		expect(versionCount).toBeGreaterThanOrEqual(7);
		// a render or more and one STL model in every version; one PDF specification sheet
		expect(files.filter((f) => f.kind === 'cad' && f.contentType === 'model/stl').length).toBe(versionCount);
		expect(files.filter((f) => f.kind === 'document').map((f) => f.contentType)).toEqual(['application/pdf']);
		expect(files.filter((f) => f.kind === 'render').every((f) => f.contentType === 'image/jpeg' && f.thumbnailFileId !== null)).toBe(true);
		const stored = await rows(sql`
			select f.id, f.key, f.vendor_id from stored_file f
			where f.id in (select file_id from design_file union select thumbnail_file_id from design_file union select file_id from custom_order_inspiration)`);
		const bytesOf = async (fileId: string) => getFileStore().get(stored.find((f) => f.id === fileId)!.key as string);
		for (const f of files.filter((f) => f.kind === 'cad')) {
			const bytes = await bytesOf(f.fileId);
			const sniffed = sniffStl(new Uint8Array(bytes!));
			expect(sniffed).toMatchObject({ ok: true, format: 'binary' });
			if (sniffed.ok) expect(bytes!.byteLength).toBe(84 + 50 * sniffed.triangles!);
		}
		// version 2 is not version 1 drawn again
		const fronts = await Promise.all(
			answered.map(async (v) => Buffer.from((await bytesOf(v.files.find((f) => f.name.endsWith('-front.jpg'))!.fileId))!))
		);
		expect(fronts[0].equals(fronts[1])).toBe(false);
		const pdf = await bytesOf(files.find((f) => f.kind === 'document')!.fileId);
		expect(Buffer.from(pdf!).subarray(0, 5).toString()).toBe('%PDF-');

		// the approved design is locked; production POs are linked both ways and the caster sees the sent one
		const approved = byStatus('approved')[0];
		expect(approved.order.approvedVersionId).toBe(approved.versions[0].id);
		expect(approved.versions[0].clientDecision).toMatch(/^The client approved it on a video call on /);
		expect(approved.purchaseOrders).toEqual([]);
		const model = await processDesignFiles([new File([Buffer.from(ringStl({ kind: 'band', metal: 'rose', band: 26 }, 'v2'))], 'v2.stl')]);
		await expect(submitDesignVersion(designer, approved.order.id, { note: '' }, model)).rejects.toThrow(/approved and locked/);
		const produced = byStatus('in_production')[0];
		expect(produced.purchaseOrders.map((po) => [po.status, po.vendorName])).toEqual([['sent', 'Brooklyn Cast & Finish']]);
		const sent = await getPurchaseOrder(caster, produced.purchaseOrders[0].id);
		expect(sent.lines.map((l) => l.notes)).toEqual([expect.stringContaining(`Custom order ${produced.order.number}`)]);
		expect(byStatus('completed')[0].purchaseOrders.map((po) => po.status)).toEqual(['closed']);
		const [links] = await rows(sql`
			select count(*)::int as n, count(*) filter (where o.approved_version_id is null)::int as unapproved
			from custom_order_purchase_order l join custom_order o on o.id = l.custom_order_id`);
		expect(links).toEqual({ n: 2, unapproved: 0 });

		// the client's payments: deposits paid, the balance to come, one 50% deposit late
		const payments = await rows(sql`select custom_order_id, kind, amount_minor, paid_on, due_date from custom_order_payment`);
		for (const [id, view] of views) {
			const own = payments.filter((p) => p.custom_order_id === id);
			const scheduled = own.reduce((sum, p) => sum + Number(p.amount_minor), 0);
			const paid = own.filter((p) => p.paid_on !== null).reduce((sum, p) => sum + Number(p.amount_minor), 0);
			expect(view.paymentSummary).toMatchObject({ scheduledMinor: scheduled, paidMinor: paid, outstandingMinor: scheduled - paid });
		}
		expect(Object.fromEntries(produced.payments.map((p) => [p.kind, p.paidOn !== null]))).toEqual({
			cad_deposit: true,
			deposit: true,
			balance: false
		});
		expect(produced.paymentSummary).toMatchObject({ outstandingMinor: 255_000, overdueCount: 0 });
		expect(approved.paymentSummary).toMatchObject({ paidMinor: 25_000, outstandingMinor: 295_000, overdueMinor: 147_500, overdueCount: 1 });
		expect(approved.payments.filter((p) => p.overdue).map((p) => p.kind)).toEqual(['deposit']);
		expect(byStatus('completed')[0].paymentSummary.outstandingMinor).toBe(0);
		expect(byStatus('brief')[0].paymentSummary).toMatchObject({ paidMinor: 0, overdueCount: 0 });

		// the designer reads the brief, the images and the versions, never the client's name, contact or budget
		const secretsOf = (o: Row) => [o.client_name as string, o.client_contact as string];
		const budgetToken = (o: Row) => new RegExp(`[:,\\[]${o.budget_minor}[,}\\]]`);
		const list = await listDesignerOrders(designer, designerListQuerySchema.parse({ status: 'all' }));
		const listed = JSON.stringify(list);
		for (const o of orders) {
			for (const secret of secretsOf(o)) expect(listed).not.toContain(secret);
			if (o.status === 'brief') {
				await expect(getDesignerOrder(designer, o.id as string)).rejects.toMatchObject({ code: 'NotFound' });
				continue;
			}
			const view = await getDesignerOrder(designer, o.id as string);
			expect(Object.keys(view.order).filter((k) => /client|budget/i.test(k))).toEqual([]);
			expect(view.versions.every((v) => v.clientDecision === null)).toBe(true);
			const json = JSON.stringify(view);
			for (const secret of secretsOf(o)) expect(json).not.toContain(secret);
			expect(json).not.toMatch(budgetToken(o));
			expect(view.inspiration.length).toBeGreaterThan(0);
		}
		expect(list.rows.length).toBe(orders.length - 1);

		// the brief's images are the designer's files once assigned, the brand's alone before; all in the store
		const images = await rows(sql`
			select i.custom_order_id, f.vendor_id, o.vendor_id as designer_id, f.key from custom_order_inspiration i
			join stored_file f on f.id = i.file_id join custom_order o on o.id = i.custom_order_id`);
		expect(new Set(images.map((i) => i.custom_order_id)).size).toBe(orders.length);
		expect(images.every((i) => i.vendor_id === i.designer_id)).toBe(true);
		const missing: string[] = [];
		for (const f of stored) if (!(await getFileStore().get(f.key as string))) missing.push(f.key as string);
		expect(missing).toEqual([]);

		// the history's mail went out when it happened
		const [pending] = await rows(
			sql`select count(*)::int as n from outbox_message where topic like 'custom-order-%' and status = 'pending'`
		);
		expect(pending.n).toBe(0);

		if (getPlatform().embedded) {
			// two months of orders, numbered as the briefs were written; the loop took weeks
			expect(orders.map((o) => o.number)).toEqual([...orders.map((o) => o.number as string)].sort());
			const [span] = await rows(sql`
				select (now()::date - min(created_at)::date) as oldest_days,
					(select (max(created_at) - min(created_at)) > interval '7 days' from design_version
						where custom_order_id = ${produced.order.id}) as weeks_apart
				from custom_order`);
			expect(span).toEqual({ oldest_days: expect.any(Number), weeks_apart: true });
			expect(span.oldest_days).toBeGreaterThan(50);
		}
	});

	it('has goods received and inspected, and invoices in every state through to a payment', async () => {
		// POs partly and fully received; a shipment on its way, one received with the workshop's packing photos
		const poStatuses = (await rows(sql`select distinct status from purchase_order`)).map((r) => r.status);
		expect(poStatuses).toEqual(expect.arrayContaining(['partially_received', 'received']));
		const [shipments] = await rows(sql`
			select count(*) filter (where s.status = 'announced')::int as announced,
				count(*) filter (where s.status = 'received' and s.tracking_number <> ''
					and exists (select 1 from shipment_photo p where p.shipment_id = s.id and p.kind = 'packing'))::int as received_with_photos
			from shipment s`);
		expect(shipments.announced).toBeGreaterThanOrEqual(1);
		expect(shipments.received_with_photos).toBeGreaterThanOrEqual(1);

		// QC: one lot still in the queue, defects with photos and the workshop's answer, a debit note, a rework stage
		const [qc] = await rows(sql`
			select count(*) filter (where status = 'pending')::int as pending,
				count(*) filter (where status = 'completed')::int as completed,
				(select count(*)::int from qc_defect d where d.vendor_response is not null
					and exists (select 1 from qc_defect_photo p where p.defect_id = d.id)) as answered_with_photos,
				(select count(*)::int from debit_note) as debit_notes,
				(select count(*)::int from job_milestone where name like 'Rework:%' and status = 'done') as rework_done,
				(select count(*)::int from receipt_line where rework_return) as rework_returns
			from qc_inspection`);
		expect(qc.pending).toBeGreaterThanOrEqual(1);
		expect(qc.completed).toBeGreaterThan(10);
		expect(qc.answered_with_photos).toBeGreaterThanOrEqual(2);
		expect(qc.debit_notes).toBeGreaterThanOrEqual(1);
		expect(qc.rework_done).toBeGreaterThanOrEqual(1);
		expect(qc.rework_returns).toBeGreaterThanOrEqual(1);

		// invoices in every state finance works with, each with its PDF; a credit note corrects an invoice
		const statuses = (await rows(sql`select distinct status from vendor_invoice where kind = 'invoice'`)).map((r) => r.status);
		expect(statuses).toEqual(expect.arrayContaining(['matched', 'exception', 'on_hold', 'approved', 'scheduled', 'paid']));
		const [docs] = await rows(sql`
			select count(*)::int as total,
				count(*) filter (where kind = 'credit_note' and credits_invoice_id is not null)::int as credit_notes,
				count(*) filter (where f.content_type = 'application/pdf')::int as with_pdf,
				count(*) filter (where status = 'on_hold' and hold_reason like 'Bank details changed%')::int as held_by_hand,
				count(*) filter (where match_status = 'exception' and findings::text like '%qc_pending%')::int as waiting_for_qc,
				count(*) filter (where match_status = 'warning_only')::int as warnings
			from vendor_invoice i join stored_file f on f.id = i.pdf_file_id`);
		expect(docs.with_pdf).toBe(docs.total);
		expect(docs.credit_notes).toBeGreaterThanOrEqual(1);
		expect(docs.held_by_hand).toBe(1);
		expect(docs.waiting_for_qc).toBeGreaterThanOrEqual(1);
		expect(docs.warnings).toBeGreaterThanOrEqual(1);

		// the credited invoice released itself and was approved; the paid one has its remittance mail
		const [credited] = await rows(sql`
			select i.status, i.match_status from vendor_invoice i
			where exists (select 1 from vendor_invoice c where c.credits_invoice_id = i.id)`);
		expect(credited).toEqual({ status: 'approved', match_status: 'matched' });
		const [paid] = await rows(sql`
			select count(*)::int as n from payment p
			where p.status = 'paid' and p.remittance_file_id is not null
				and exists (select 1 from outbox_message m where m.topic = 'payment-remittance')`);
		expect(paid.n).toBe(1);
		const [pendingHistory] = await rows(
			sql`select count(*)::int as n from outbox_message where (topic like 'invoice-%' or topic like 'qc-%' or topic like 'receipt-%') and status = 'pending' and audience is null`
		);
		expect(pendingHistory.n).toBe(0);
	});
});
