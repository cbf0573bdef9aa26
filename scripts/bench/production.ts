/**
 * The bench's production data and its CPU measurements.
 *
 * Data: by default 20,000 open job bags with 7–8 milestones each (about 150,000), cut from the
 * acknowledged and in-production PO lines of purchase-orders.ts, newest first: one bag per line, or
 * one per piece on about one line in ten. Older lines past the cut have no bags (as if they predate
 * production tracking). Each job is where its plan says it should be on the day the bench runs —
 * stages before done, one in progress (a batch partly through it), the rest pending — except that
 * about one begun job in four started its current stage a few days late, 3 % are blocked by an open
 * problem, and of the jobs past their promised date four in ten are still in their last stage (the
 * others are done). The newest closed POs' jobs are done, and one per-piece line in four lost a
 * cancelled piece. About 15 % of the open jobs end up at risk. The forecast columns (forecast,
 * current stage, at risk and the reason in words) come from the app's own `forecastJob`, so they are
 * what the app would compute.
 *
 * Fixed for the scenarios, at the workshop of the scenario POs (BENCH_PO_WORKSHOP, the `poVendor`
 * persona): the 50-line scenario PO gets one bag per line (the labels scenario), and one more PO,
 * sent a month ago and in production, carries line 1 as a batch of 300 with a history (the job-page
 * scenario) and lines 2–50 as one bag per piece, 40 each, stone setting done and ready for polishing
 * (the posting scenario: five posts each, 9,800 in all).
 *
 * Deterministic like the rest of the data set: md5-derived ids, arithmetic on row numbers.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { parseSettings } from '../../src/env.ts';
import { findAlloy } from '../../src/lib/domain/purchase-orders/alloys.ts';
import { forecastJob, shiftDate, type MilestoneProgress } from '../../src/lib/domain/production/forecast.ts';
import { problemReasonLabels, type ProblemReason } from '../../src/lib/domain/production/reference.ts';
import { rowsOf, type DatabaseHandle } from '../../src/lib/server/db/client.ts';
import { renderJobLabelsPdf, type JobLabel, type LabelFormat } from '../../src/lib/server/pdf/job-labels.ts';
import { getPlatform, setPlatform } from '../../src/lib/server/platform.ts';
import { processJobPhoto } from '../../src/lib/server/production/photos.ts';
import { benchPoId } from './purchase-orders.ts';

/** md5(text)::uuid, as PostgreSQL writes it. */
function md5Uuid(text: string): string {
	const hex = createHash('md5').update(text).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * md5(text) shaped as a version-4 UUID (pg_temp.bench_uuid in SQL). Forms validate ids with zod's
 * z.uuid(), which refuses the version and variant digits a bare md5 has, so every production id a
 * form may carry (jobs, problems) is made this way.
 */
function benchUuid(text: string): string {
	const hex = createHash('md5').update(text).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** The PO in production that carries the job-page and milestone-posting jobs. */
export const benchProductionPoId = md5Uuid('bench-po-production');
export const PRODUCTION_PO_LINES = 50;
/** line 1 is one batch of this many pieces */
export const PAGE_BATCH = 300;
/** lines 2–50 have one job bag per piece, this many each */
export const PIECES_PER_LINE = 40;

/** A job of the production PO: line 1's batch, or a piece of lines 2–50. */
export const benchJobId = (lineNo: number, pieceNo: number | null = null) =>
	benchUuid(`bench-job-production-${lineNo}${pieceNo === null ? '' : `.${pieceNo}`}`);
/** The job with a history that the job-page scenario opens. */
export const BENCH_PAGE_JOB = benchJobId(1);

/**
 * The posting scenario's jobs: every piece of lines 2–50, stone setting finished, ready for
 * polishing. Each can take five posts in a row — start and finish polishing, start and finish
 * rhodium plating, start QC — before the next would need a photo.
 */
export const postJobIds: string[] = Array.from({ length: (PRODUCTION_PO_LINES - 1) * PIECES_PER_LINE }, (_, i) =>
	benchJobId(2 + Math.floor(i / PIECES_PER_LINE), 1 + (i % PIECES_PER_LINE))
);
export const postSteps = [
	{ intent: 'start', stage: 'Polishing' },
	{ intent: 'finish', stage: 'Polishing' },
	{ intent: 'start', stage: 'Rhodium plating' },
	{ intent: 'finish', stage: 'Rhodium plating' },
	{ intent: 'start', stage: 'QC and finishing' }
] as const;

/**
 * The bench's stage templates (as if an admin had set them): the full chain for workshops whose first
 * type starts from a design or a model, the same without CAD for the others.
 */
const STAGES = [
	{ name: 'CAD', expectedDays: 3, photoRequired: true },
	{ name: 'Print / wax', expectedDays: 3, photoRequired: false },
	{ name: 'Casting', expectedDays: 5, photoRequired: true },
	{ name: 'Clean-up and filing', expectedDays: 2, photoRequired: false },
	{ name: 'Stone setting', expectedDays: 5, photoRequired: true },
	{ name: 'Polishing', expectedDays: 3, photoRequired: false },
	{ name: 'Rhodium plating', expectedDays: 2, photoRequired: false },
	{ name: 'QC and finishing', expectedDays: 2, photoRequired: true }
];
const FULL_CHAIN_TYPES = ['caster', 'model_maker', 'cad_designer', 'repair_jeweler'];
const VENDOR_TYPES = ['caster', 'stone_setter', 'cad_designer', 'model_maker', 'polisher', 'plater', 'engraver', 'repair_jeweler'];

/** Of the open jobs, h < LATE_SHARE (of 100) started their current stage late (if begun); the next 3 are blocked. */
const LATE_SHARE = 26;
/** Of the jobs past their promised date, h >= this (of 100) are done; the others are still in their last stage. */
const DONE_WHEN_PAST = 40;

const BLOCKING: { reason: ProblemReason; note: string }[] = [
	{ reason: 'waiting_for_stones', note: 'The 1.3 mm melee for this line has not come back from the cutter.' },
	{ reason: 'waiting_for_findings', note: 'Lobster clasps are on back order until next week.' },
	{ reason: 'casting_defect', note: 'Porosity on the shank; recasting.' },
	{ reason: 'question_on_spec', note: 'Is the engraving inside or outside the band?' },
	{ reason: 'waiting_for_metal', note: 'The consigned 18K grain has not arrived.' },
	{ reason: 'equipment', note: 'The laser welder is being repaired.' }
];

export interface ProductionSize {
	/** open job bags wanted; 0 = no production data */
	jobs: number;
	/** the bench server's file store, for the photos of the job-page scenario's job */
	filesRoot?: string;
}

export interface ProductionReport {
	openJobs: number;
	doneJobs: number;
	cancelledJobs: number;
	milestones: number;
	openMilestones: number;
	atRisk: number;
	blocked: number;
	updates: number;
	/** why fewer open jobs than asked, if so */
	shortfall: string | null;
}

const todayUtc = () => new Date().toISOString().slice(0, 10);

/**
 * Inserts job bags, milestones, updates and problems after insertPurchaseOrders, on the data set's
 * single connection (temp tables live for that session).
 */
export async function insertProductionJobs(handle: DatabaseHandle, size: ProductionSize): Promise<ProductionReport | null> {
	const { db } = handle;
	if (size.jobs === 0) return null;
	const [{ n: acknowledged }] = rowsOf<{ n: number }>(
		await db.execute(sql`select count(*)::int as n from purchase_order where status in ('acknowledged', 'in_production')`)
	);
	if (Number(acknowledged) === 0) return null;
	const today = todayUtc();
	const largePo = benchPoId('large');
	const scenarioPos = [benchPoId('page'), benchPoId('small'), largePo];

	await db.execute(sql`set work_mem = '256MB'`);
	// rows are consistent by construction: skip the foreign-key triggers, as insertPurchaseOrders does
	await db.execute(sql`set session_replication_role = replica`).catch(() => {});
	await db.execute(sql`
		create function pg_temp.bench_uuid(t text) returns uuid language sql immutable as $$
			select overlay(overlay(md5(t) placing '4' from 13) placing '8' from 17)::uuid
		$$
	`);

	await db.execute(sql`
		create temp table bench_stage as
		with def as (
			select e.value ->> 'name' as name, (e.value ->> 'expectedDays')::int as days, (e.value ->> 'photoRequired')::boolean as photo, e.idx
			from jsonb_array_elements(${JSON.stringify(STAGES)}::jsonb) with ordinality as e(value, idx)
		),
		chain(chain, first_idx) as (values ('full8', 1), ('chain7', 2))
		select c.chain, (d.idx - c.first_idx)::int as position, d.name, d.days, d.photo,
			coalesce(sum(d.days) over (partition by c.chain order by d.idx desc rows between unbounded preceding and 1 preceding), 0)::int as after_days,
			(sum(d.days) over (partition by c.chain))::int as total_days
		from def d join chain c on d.idx >= c.first_idx
	`);

	await insertProductionPo(handle, today);

	// Every candidate job, newest PO first; the scenario POs first of all (they always get bags).
	// h spreads the states evenly (rn·19 mod 100 cycles through 0..99).
	const budget = Math.max(0, size.jobs - 1 - (PRODUCTION_PO_LINES - 1) * PIECES_PER_LINE);
	await db.execute(sql`
		create temp table bench_job as
		with closed as (
			-- the newest closed POs: their jobs are done
			select id from purchase_order where status = 'closed' order by created_at desc limit ${Math.ceil(size.jobs / 100)}::int
		),
		src as (
			select l.id as line_id, l.purchase_order_id as po_id, l.vendor_id, l.line_no, l.quantity as line_quantity, l.sku, l.description,
				l.promised_date as promised, po.number as po_number, po.collection, po.created_at as po_created,
				(po.first_sent_at at time zone 'UTC')::date as sent_on,
				case when v.types[1] in (${sql.join(
					FULL_CHAIN_TYPES.map((t) => sql`${t}`),
					sql`, `
				)}) then 'full8' else 'chain7' end as chain,
				-- one bag per piece on about one line in ten (small quantities of fine pieces); the labels PO has one bag per line
				case when po.id <> ${largePo}::uuid and l.quantity <= 20 and get_byte(decode(md5(l.id::text), 'hex'), 0) % 5 = 0
					then 'per_piece' else 'batch' end as bags,
				case when po.id in (${scenarioPos[0]}::uuid, ${scenarioPos[1]}::uuid, ${scenarioPos[2]}::uuid) then 0
					when po.status = 'closed' then 3 else 1 end as source
			from purchase_order_line l
			join purchase_order po on po.id = l.purchase_order_id
			join vendor v on v.id = l.vendor_id
			where (po.status in ('acknowledged', 'in_production') or po.id in (select id from closed)) and l.ack_status = 'acknowledged'
				and not l.cancelled and l.promised_date is not null and po.id <> ${benchProductionPoId}::uuid
		),
		job as (
			select s.*, p.piece_no, case when p.piece_no is null then s.line_quantity else 1 end as quantity,
				row_number() over (order by s.source, s.po_created desc, s.po_id, s.line_no, p.piece_no nulls first) as rn
			from src s
			cross join lateral (
				select null::int as piece_no where s.bags = 'batch'
				union all
				select g from generate_series(1, s.line_quantity) as g where s.bags = 'per_piece'
			) p
		),
		stated as (
			select j.*, (j.rn * 19 % 100)::int as h,
				case when j.source = 3 or (j.source = 1 and j.promised < ${today}::date and j.rn * 19 % 100 >= ${DONE_WHEN_PAST}::int) then 'done'
					else 'open' end as status
			from job j
		),
		counted as (
			select s.*, coalesce(sum((s.status = 'open')::int) over (order by s.rn rows between unbounded preceding and 1 preceding), 0) as open_before
			from stated s
		),
		-- whole lines only: a per-piece line gets all its bags or none
		cut as (
			select c.*, min(c.open_before) over (partition by c.line_id) as line_open_before from counted c
		)
		select pg_temp.bench_uuid('bench-job-' || c.po_number || '-' || c.line_no || coalesce('.' || c.piece_no, '')) as id,
			'JB-' || substr(c.po_number, 4) || '-' || c.line_no || coalesce('.' || c.piece_no, '') as number,
			c.line_id, c.po_id, c.vendor_id, c.line_no, c.piece_no, c.quantity, c.line_quantity, c.sku, c.description, c.promised,
			c.po_number, c.collection, c.po_created, c.sent_on, c.chain, c.bags, c.source, c.rn, c.h, c.status,
			null::int as cur, null::date as cur_start, 0 as cur_in, 0 as cur_out, false as begun,
			c.status = 'open' and c.h >= ${LATE_SHARE}::int and c.h < ${LATE_SHARE + 3}::int as blocked,
			c.status = 'open' and c.h >= 90 and c.h < 95 as resolved_problem,
			case when c.h < ${LATE_SHARE}::int then 1 + c.h % 5 else 0 end as late_days
		from cut c
		where c.source in (0, 3) or c.line_open_before < ${budget}::int
	`);
	// the last line may overshoot: drop that many single-bag lines from the end of the cut
	await db.execute(sql`
		delete from bench_job where line_id in (
			select line_id from bench_job where source = 1 and bags = 'batch' and status = 'open'
			order by rn desc
			limit greatest(0, (select count(*) from bench_job where status = 'open') - ${budget}::int)
		)
	`);
	// a revision took a piece off one per-piece line in four: its bag was cancelled
	await db.execute(sql`
		insert into bench_job
		select pg_temp.bench_uuid('bench-job-' || j.po_number || '-' || j.line_no || '.' || (j.line_quantity + 1)),
			'JB-' || substr(j.po_number, 4) || '-' || j.line_no || '.' || (j.line_quantity + 1),
			j.line_id, j.po_id, j.vendor_id, j.line_no, j.line_quantity + 1, 1, j.line_quantity, j.sku, j.description, j.promised,
			j.po_number, j.collection, j.po_created, j.sent_on, j.chain, j.bags, j.source, j.rn, j.h, 'cancelled',
			null, null, 0, 0, false, false, false, 0
		from bench_job j
		where j.bags = 'per_piece' and j.piece_no = 1 and j.source = 1 and get_byte(decode(md5(j.line_id::text), 'hex'), 1) % 4 = 0
	`);
	// the production PO's jobs, with their states set by hand below
	await db.execute(sql`
		insert into bench_job
		select pg_temp.bench_uuid('bench-job-production-' || l.line_no || coalesce('.' || p.piece_no, '')),
			'JB-' || substr(po.number, 4) || '-' || l.line_no || coalesce('.' || p.piece_no, ''),
			l.id, po.id, po.vendor_id, l.line_no, p.piece_no, case when p.piece_no is null then l.quantity else 1 end, l.quantity,
			l.sku, l.description, l.promised_date, po.number, po.collection, po.created_at, (po.first_sent_at at time zone 'UTC')::date,
			case when v.types[1] in (${sql.join(
				FULL_CHAIN_TYPES.map((t) => sql`${t}`),
				sql`, `
			)}) then 'full8' else 'chain7' end,
			l.job_bags, 2, 0, 50, 'open', null, null, 0, 0, false, false, l.line_no = 1, 0
		from purchase_order_line l join purchase_order po on po.id = l.purchase_order_id join vendor v on v.id = po.vendor_id
		cross join lateral (
			select null::int as piece_no where l.job_bags = 'batch'
			union all
			select g from generate_series(1, l.quantity) as g where l.job_bags = 'per_piece'
		) p
		where po.id = ${benchProductionPoId}::uuid
	`);
	await db.execute(sql`create index on bench_job (id); analyze bench_job`);

	// Where each open job stands today: the first stage whose planned finish is not past (the last one
	// when the promised date has passed), begun once its planned start has come; a late job started it
	// some days after its planned start, which pushes its forecast past the promised date.
	await db.execute(sql`
		update bench_job j set cur = c.cur,
			cur_start = least(c.planned_start + j.late_days, ${today}::date),
			begun = c.planned_start <= ${today}::date,
			cur_in = j.quantity,
			cur_out = case when j.quantity >= 4 then j.quantity * (j.h % 3) / 4 else 0 end
		from (
			select j2.id, s.position as cur, j2.promised - s.after_days - s.days as planned_start
			from bench_job j2
			cross join lateral (
				select coalesce(min(s1.position) filter (where j2.promised - s1.after_days >= ${today}::date), max(s1.position)) as position
				from bench_stage s1 where s1.chain = j2.chain
			) p
			join bench_stage s on s.chain = j2.chain and s.position = p.position
			where j2.status = 'open' and j2.source <> 2
		) c
		where j.id = c.id
	`);
	// line 1: stone setting under way since its planned start, 120 of 300 through; lines 2–50: stone setting
	// finished today as planned, polishing (planned from today) not started — the milestone is reset below
	await db.execute(sql`
		update bench_job j set begun = true,
			cur = (select s.position from bench_stage s where s.chain = j.chain and s.name = case when j.line_no = 1 then 'Stone setting' else 'Polishing' end),
			cur_start = case when j.line_no = 1 then ${today}::date - 5 else ${today}::date end,
			cur_in = j.quantity,
			cur_out = case when j.line_no = 1 then j.quantity * 2 / 5 else 0 end
		where j.source = 2
	`);

	await db.execute(sql`
		insert into production_job (id, vendor_id, purchase_order_id, line_id, number, piece_no, quantity, status, po_number, collection, sku,
			description, promised_date, planned_start, forecast_finish, created_at, updated_at)
		select j.id, j.vendor_id, j.po_id, j.line_id, j.number, j.piece_no, j.quantity, j.status, j.po_number, j.collection, j.sku,
			j.description, j.promised, j.promised - t.total_days, j.promised, j.po_created + interval '1 day', now()
		from bench_job j join (select distinct chain, total_days from bench_stage) t on t.chain = j.chain
	`);
	await db.execute(sql`
		insert into job_milestone (id, job_id, vendor_id, position, name, expected_days, photo_required, planned_start, planned_finish,
			status, started_on, finished_on, quantity_in, quantity_out)
		select pg_temp.bench_uuid('bench-ms-' || j.id || '-' || s.position), j.id, j.vendor_id, s.position, s.name, s.days, s.photo,
			x.finish - s.days, x.finish,
			case when x.state = 'done' then 'done' when x.state = 'current' then 'in_progress' else 'pending' end,
			case when x.state = 'done' then x.finish - s.days when x.state = 'current' then j.cur_start end,
			case when x.state = 'done' then case when s.position = j.cur - 1 then greatest(j.cur_start, x.finish - s.days) else x.finish end end,
			case when x.state in ('done', 'current') then j.quantity else 0 end,
			case when x.state = 'done' then j.quantity when x.state = 'current' then j.cur_out else 0 end
		from bench_job j
		join bench_stage s on s.chain = j.chain
		cross join lateral (
			select j.promised - s.after_days as finish,
				case when j.status = 'done' then 'done'
					when j.status = 'cancelled' or not j.begun then 'pending'
					when s.position < j.cur then 'done'
					when s.position = j.cur then 'current'
					else 'pending' end as state
		) x
	`);
	await db.execute(sql`
		update job_milestone m set status = 'pending', started_on = null, quantity_in = 0, quantity_out = 0
		from bench_job j where j.source = 2 and j.line_no > 1 and m.job_id = j.id and m.position = j.cur
	`);

	// Who reports at each workshop: its first person.
	await db.execute(sql`
		create temp table bench_reporter as
		select distinct on (m.vendor_id) m.vendor_id, u.id as user_id, u.name
		from membership m join app_user u on u.id = m.user_id
		where m.vendor_id is not null
		order by m.vendor_id, m.role, u.email
	`);
	const reasons = JSON.stringify(BLOCKING);
	const labels = JSON.stringify(problemReasonLabels);
	await db.execute(sql`
		insert into job_problem (id, job_id, vendor_id, reason, note, opened_on, opened_by, opened_by_name, resolved_at, resolved_by_name, resolution, created_at)
		select pg_temp.bench_uuid('bench-problem-' || j.id), j.id, j.vendor_id, b.reason, b.note, x.opened_on, r.user_id, coalesce(r.name, 'Workshop'),
			case when j.resolved_problem then (x.opened_on + 2)::timestamp at time zone 'UTC' + interval '10 hours' end,
			case when j.resolved_problem then coalesce(r.name, 'Workshop') end,
			case when j.resolved_problem then 'Sorted with the brand; work resumed.' end,
			x.opened_on::timestamp at time zone 'UTC' + interval '9 hours'
		from bench_job j
		cross join lateral (select (${reasons}::jsonb -> (j.rn::int % ${BLOCKING.length}::int)) as item) i
		cross join lateral (select i.item ->> 'reason' as reason, i.item ->> 'note' as note) b
		cross join lateral (
			select case when j.blocked then greatest(j.sent_on, ${today}::date - j.h % 6)
				-- a resolved problem held up the job a few days before its current stage
				else greatest(j.sent_on, least(j.cur_start, ${today}::date) - 6) end as opened_on
		) x
		left join bench_reporter r on r.vendor_id = j.vendor_id
		where j.status = 'open' and (j.blocked or (j.resolved_problem and j.begun))
	`);

	// The history: a start and a finish per stage worked (a partial finish for a stage under way), and the problems.
	await db.execute(sql`
		insert into job_update (id, job_id, vendor_id, milestone_id, kind, occurred_on, quantity, note, created_by, created_by_name, side, created_at)
		select pg_temp.bench_uuid('bench-update-' || m.id || '-' || k.kind), m.job_id, m.vendor_id, m.id, k.kind, x.occurred_on,
			case when k.kind = 'start' then m.quantity_in else m.quantity_out end,
			'', r.user_id, coalesce(r.name, 'Workshop'), 'vendor',
			-- a stage finishes in the morning before the next one starts on the same day
			least(now(), x.occurred_on::timestamp at time zone 'UTC' + m.position * interval '7 minutes'
				+ case when k.kind = 'finish' then interval '7 hours 30 minutes' else interval '8 hours' end)
		from job_milestone m
		cross join (values ('start'), ('finish')) as k(kind)
		cross join lateral (
			select case when k.kind = 'start' then m.started_on else coalesce(m.finished_on, least(m.started_on + 1, ${today}::date)) end as occurred_on
		) x
		left join bench_reporter r on r.vendor_id = m.vendor_id
		where (k.kind = 'start' and m.started_on is not null) or (k.kind = 'finish' and m.quantity_out > 0)
	`);
	await db.execute(sql`
		insert into job_update (id, job_id, vendor_id, kind, occurred_on, note, created_by, created_by_name, side, created_at)
		select pg_temp.bench_uuid('bench-update-' || p.id || '-' || k.kind), p.job_id, p.vendor_id, k.kind,
			case when k.kind = 'problem' then p.opened_on else (p.resolved_at at time zone 'UTC')::date end,
			case when k.kind = 'problem' then (${labels}::jsonb ->> p.reason) || ': ' || p.note
				else (${labels}::jsonb ->> p.reason) || ' resolved after 2 d: ' || p.resolution end,
			p.opened_by, p.opened_by_name, 'vendor',
			case when k.kind = 'problem' then p.created_at else p.resolved_at end
		from job_problem p
		cross join (values ('problem'), ('resolved')) as k(kind)
		where k.kind = 'problem' or p.resolved_at is not null
	`);

	await refreshForecasts(handle, today);

	// The first stage started on an acknowledged PO put it in production.
	await db.execute(sql`
		update purchase_order po set status = 'in_production'
		where po.status = 'acknowledged' and exists (select 1 from production_job j where j.purchase_order_id = po.id and j.started_on is not null)
	`);
	await db.execute(sql`
		update purchase_order_line l set job_bags = 'per_piece'
		from (select distinct line_id from bench_job where bags = 'per_piece') x where l.id = x.line_id
	`);
	// the templates the jobs were made from, as an admin saved them
	const fullChain = JSON.stringify(STAGES);
	const shortChain = JSON.stringify(STAGES.slice(1));
	await db.execute(sql`
		insert into stage_template (vendor_type, stages, version, updated_by, updated_at)
		select t.type, case when t.type in (${sql.join(
			FULL_CHAIN_TYPES.map((type) => sql`${type}`),
			sql`, `
		)}) then ${fullChain}::jsonb else ${shortChain}::jsonb end, 2,
			(select m.user_id from membership m where m.role = 'admin' order by m.user_id limit 1), now() - interval '120 days'
		from unnest(${sql.raw(`array[${VENDOR_TYPES.map((t) => `'${t}'`).join(', ')}]`)}::text[]) as t(type)
	`);
	// launches for the collections being made (not the everyday replenishment), two weeks after their last promised piece
	await db.execute(sql`
		insert into collection_launch (name, launch_date, notes)
		select collection, max(promised_date) + 14, 'Press preview a week before.'
		from production_job where status = 'open' and collection is not null and collection <> 'Core replenishment'
		group by collection
	`);
	if (size.filesRoot) await addPagePhotos(handle, size.filesRoot);

	await db.execute(sql`drop table bench_job; drop table bench_stage; drop table bench_reporter; drop function pg_temp.bench_uuid`);
	await db.execute(sql`reset session_replication_role; reset work_mem`);

	const [counts] = rowsOf<Record<string, number>>(
		await db.execute(sql`
			select count(*) filter (where status = 'open')::int as open, count(*) filter (where status = 'done')::int as done,
				count(*) filter (where status = 'cancelled')::int as cancelled,
				count(*) filter (where status = 'open' and at_risk)::int as at_risk, count(*) filter (where status = 'open' and blocked)::int as blocked,
				(select count(*)::int from job_milestone) as milestones,
				(select count(*)::int from job_milestone m join production_job j on j.id = m.job_id and j.status = 'open') as open_milestones,
				(select count(*)::int from job_update) as updates
			from production_job`)
	);
	const open = Number(counts.open);
	return {
		openJobs: open,
		doneJobs: Number(counts.done),
		cancelledJobs: Number(counts.cancelled),
		milestones: Number(counts.milestones),
		openMilestones: Number(counts.open_milestones),
		atRisk: Number(counts.at_risk),
		blocked: Number(counts.blocked),
		updates: Number(counts.updates),
		shortfall:
			open < size.jobs
				? `The data set has acknowledged PO lines for ${open.toLocaleString('en-US')} open jobs only (${size.jobs.toLocaleString('en-US')} asked): add purchase orders with --purchase-orders.`
				: null
	};
}

/**
 * The PO the posting and job-page scenarios work on: a copy of the 50-line scenario PO at the same
 * workshop, sent 30 days ago, acknowledged and in production, each line a batch of 300 promised in
 * a week. Copied column by column (jsonb_populate_record), so columns added later come along.
 */
async function insertProductionPo(handle: DatabaseHandle, today: string): Promise<void> {
	const { db } = handle;
	const source = benchPoId('large');
	const [{ year }] = rowsOf<{ year: number }>(await db.execute(sql`select extract(year from now() - interval '30 days')::int as year`));
	const [{ last }] = rowsOf<{ last: number }>(
		await db.execute(sql`
			insert into purchase_order_counter (year, last_number) values (${year}::int, 1)
			on conflict (year) do update set last_number = purchase_order_counter.last_number + 1
			returning last_number as last`)
	);
	const number = `PO-${year}-${String(last).padStart(6, '0')}`;
	const promised = shiftDate(today, 7);
	await db.execute(sql`
		insert into purchase_order
		select (jsonb_populate_record(null::purchase_order, to_jsonb(p) || jsonb_build_object(
			'id', ${benchProductionPoId}::uuid, 'number', ${number}::text, 'status', 'in_production', 'revision', 1, 'version', 3,
			'collection', 'Core replenishment', 'notes', 'One job bag per line; weigh every batch in and out of casting.',
			'requested_date', ${promised}::date, 'due_date', ${promised}::date,
			'created_at', now() - interval '30 days', 'updated_at', now() - interval '29 days',
			'sent_at', now() - interval '30 days' + interval '2 hours', 'first_sent_at', now() - interval '30 days' + interval '2 hours',
			'acknowledged_at', now() - interval '29 days', 'first_acknowledged_at', now() - interval '29 days',
			'last_vendor_message_at', null, 'last_brand_message_at', null, 'last_reminder_at', null))).*
		from purchase_order p
		where p.id = ${source}::uuid
	`);
	// line totals as totals.ts (and purchase-orders.ts) compute them: exact products, rounded half up once
	await db.execute(sql`
		insert into purchase_order_line
		select (jsonb_populate_record(null::purchase_order_line, to_jsonb(l) || jsonb_build_object(
			'id', md5('bench-pol-production-' || l.line_no)::uuid,
			'purchase_order_id', ${benchProductionPoId}::uuid,
			'quantity', q.q,
			'due_date', ${promised}::date, 'promised_date', ${promised}::date, 'baseline_promised_date', ${promised}::date,
			'promised_date_changes', 0, 'notes', '', 'job_bags', case when l.line_no = 1 then 'batch' else 'per_piece' end,
			'ack_status', 'acknowledged', 'cancelled', false,
			'labor_total_minor', t.labor, 'metal_total_minor', t.metal, 'stones_total_minor', t.stones, 'total_minor', t.labor + t.metal + t.stones,
			'created_at', now() - interval '30 days'))).*
		from purchase_order_line l
		cross join lateral (select case when l.line_no = 1 then ${PAGE_BATCH}::int else ${PIECES_PER_LINE}::int end as q) q
		cross join lateral (select
			(case l.labor_basis
				when 'per_piece' then q.q::numeric * l.labor_unit_price_minor
				when 'per_stone' then q.q::numeric * l.labor_unit_price_minor * l.stone_count
				else div(q.q::numeric * l.labor_unit_price_minor * coalesce(l.target_weight_mg, 0) * 2 + 1000, 2000) end)::bigint as labor,
			(case when l.metal_basis = 'consigned' or l.metal_price_per_gram_minor is null then 0
				else div(q.q::numeric * coalesce(l.target_weight_mg, 0) * l.fineness * l.metal_price_per_gram_minor * 2 + 1000000, 2000000) end)::bigint as metal,
			q.q::bigint * l.stones_unit_price_minor as stones) t
		where l.purchase_order_id = ${source}::uuid and l.line_no <= ${PRODUCTION_PO_LINES}::int
	`);
	await db.execute(sql`
		update purchase_order p set line_count = t.lines, labor_total_minor = t.labor, metal_total_minor = t.metal,
			stones_total_minor = t.stones, total_minor = t.total
		from (
			select count(*)::int as lines, sum(labor_total_minor) as labor, sum(metal_total_minor) as metal, sum(stones_total_minor) as stones,
				sum(total_minor) as total
			from purchase_order_line where purchase_order_id = ${benchProductionPoId}::uuid
		) t
		where p.id = ${benchProductionPoId}::uuid
	`);
	// what the workshop received: the source PO's snapshot with this PO's number, lines and totals
	await db.execute(sql`
		insert into purchase_order_revision (id, purchase_order_id, vendor_id, revision, summary, snapshot, created_by, created_by_name, created_at)
		select md5('bench-rev-production-1')::uuid, po.id, po.vendor_id, 1, 'First issue',
			r.snapshot || jsonb_build_object(
				'number', po.number, 'revision', 1, 'summary', 'First issue', 'collection', po.collection, 'notes', po.notes,
				'requestedDate', po.requested_date,
				'issuedAt', to_char(po.sent_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
				'totals', jsonb_build_object('laborMinor', po.labor_total_minor, 'metalMinor', po.metal_total_minor,
					'stonesMinor', po.stones_total_minor, 'totalMinor', po.total_minor),
				'lines', (
					select jsonb_agg(e.value || jsonb_build_object('lineId', l.id, 'quantity', l.quantity, 'dueDate', l.due_date,
						'totals', jsonb_build_object('laborMinor', l.labor_total_minor, 'metalMinor', l.metal_total_minor,
							'stonesMinor', l.stones_total_minor, 'totalMinor', l.total_minor)) order by l.line_no)
					from jsonb_array_elements(r.snapshot -> 'lines') e
					join purchase_order_line l on l.purchase_order_id = po.id and l.line_no = (e.value ->> 'lineNo')::int
				)),
			r.created_by, r.created_by_name, po.sent_at
		from purchase_order po
		join purchase_order src on src.id = ${source}::uuid
		join purchase_order_revision r on r.purchase_order_id = src.id and r.revision = src.revision
		where po.id = ${benchProductionPoId}::uuid
	`);
}

interface ForecastJobRow {
	id: string;
	status: 'open' | 'done';
	promised: string;
	h: number;
	reason: ProblemReason | null;
	opened_on: string | null;
}

interface ForecastMilestoneRow extends MilestoneProgress {
	job_id: string;
}

/**
 * Forecast, current stage and risk of every job, from the app's own forecastJob (as refreshJobForecasts
 * does after each update), written back in one statement.
 */
async function refreshForecasts(handle: DatabaseHandle, today: string): Promise<void> {
	const { db } = handle;
	const jobs = rowsOf<ForecastJobRow>(
		await db.execute(sql`
			select j.id, j.status, j.promised::text as promised, j.h, p.reason, p.opened_on::text as opened_on
			from bench_job j left join job_problem p on p.job_id = j.id and p.resolved_at is null
			where j.status <> 'cancelled'`)
	);
	const milestones = rowsOf<ForecastMilestoneRow>(
		await db.execute(sql`
			select m.job_id, m.name, m.expected_days as "expectedDays", m.status, m.planned_start::text as "plannedStart",
				m.planned_finish::text as "plannedFinish", m.started_on::text as "startedOn", m.finished_on::text as "finishedOn"
			from job_milestone m join bench_job j on j.id = m.job_id
			where j.status <> 'cancelled'
			order by m.job_id, m.position`)
	);
	const byJob = new Map<string, MilestoneProgress[]>();
	for (const m of milestones) {
		const list = byJob.get(m.job_id);
		if (list) list.push(m);
		else byJob.set(m.job_id, [m]);
	}
	const rows = jobs.map((job) => {
		const stages = byJob.get(job.id) ?? [];
		const forecast = forecastJob({
			promisedDate: job.promised,
			today,
			milestones: stages,
			blocked: job.reason && job.opened_on ? { reason: problemReasonLabels[job.reason].toLowerCase(), since: job.opened_on } : null
		});
		const done = stages.length > 0 && forecast.currentStage === null;
		return {
			id: job.id,
			status: done ? 'done' : 'open',
			forecast_finish: forecast.forecastFinish,
			current_stage: forecast.currentStage,
			at_risk: forecast.atRisk,
			// most became at risk over the last few days; some today, for the daily digest
			at_risk_since: forecast.atRisk ? shiftDate(today, -(Number(job.h) % 4)) : null,
			risk_reason: forecast.reason,
			blocked: job.reason !== null,
			started_on: stages.find((s) => s.startedOn)?.startedOn ?? null,
			finished_on: done ? forecast.forecastFinish : null
		};
	});
	await db.execute(sql`
		update production_job j set status = u.status, forecast_finish = u.forecast_finish, current_stage = u.current_stage, at_risk = u.at_risk,
			at_risk_since = u.at_risk_since, risk_reason = u.risk_reason, blocked = u.blocked, started_on = u.started_on, finished_on = u.finished_on
		from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as u(id uuid, status text, forecast_finish date, current_stage text, at_risk boolean,
			at_risk_since date, risk_reason text, blocked boolean, started_on date, finished_on date)
		where j.id = u.id
	`);
}

/** Three photos on the job-page scenario's job (CAD, casting, stone setting), in the server's file store. */
async function addPagePhotos(handle: DatabaseHandle, filesRoot: string): Promise<void> {
	const { db } = handle;
	const updates = rowsOf<{ id: string; vendor_id: string; created_by: string | null; name: string }>(
		await db.execute(sql`
			select u.id, u.vendor_id, u.created_by, m.name from job_update u join job_milestone m on m.id = u.milestone_id
			where u.job_id = ${BENCH_PAGE_JOB}::uuid and u.kind = 'finish' and m.photo_required
			order by m.position`)
	);
	for (const [index, update] of updates.entries()) {
		const hue = 40 + index * 90;
		const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="1200"><rect width="100%" height="100%" fill="hsl(${hue},12%,78%)"/>
			<circle cx="800" cy="600" r="330" fill="none" stroke="hsl(45,70%,55%)" stroke-width="90"/><circle cx="800" cy="270" r="70" fill="#f4f8ff"/></svg>`;
		const image = sharp(Buffer.from(svg));
		const files = [
			{ purpose: 'job-photo', type: 'image/jpeg', ext: 'jpg', bytes: await image.clone().jpeg({ quality: 82 }).toBuffer() },
			{
				purpose: 'job-photo-thumbnail',
				type: 'image/webp',
				ext: 'webp',
				bytes: await image.clone().resize(480).webp({ quality: 80 }).toBuffer()
			}
		];
		const ids: string[] = [];
		for (const file of files) {
			const id = benchUuid(`bench-photo-${index}-${file.purpose}`);
			const key = `vendors/${update.vendor_id}/${file.purpose}/${id}`;
			await mkdir(path.dirname(path.join(filesRoot, key)), { recursive: true });
			await writeFile(path.join(filesRoot, key), file.bytes);
			await db.execute(sql`
				insert into stored_file (id, vendor_id, key, purpose, content_type, byte_size, original_name, sha256, created_by)
				values (${id}::uuid, ${update.vendor_id}::uuid, ${key}, ${file.purpose}, ${file.type}, ${file.bytes.byteLength},
					${`${update.name.toLowerCase().replace(/\W+/g, '-')}.${file.ext}`}, ${createHash('sha256').update(file.bytes).digest('hex')},
					${update.created_by}::uuid)`);
			ids.push(id);
		}
		await db.execute(sql`
			insert into job_photo (id, job_id, vendor_id, update_id, file_id, thumbnail_file_id)
			values (${benchUuid(`bench-photo-${index}`)}::uuid, ${BENCH_PAGE_JOB}::uuid, ${update.vendor_id}::uuid, ${update.id}::uuid, ${ids[0]}::uuid, ${ids[1]}::uuid)`);
	}
}

// ———————————————————————————————————————————————— CPU measurements (no HTTP, no database)

/** Durations of the timed runs in ms, and what was timed, in words. */
export interface Samples {
	ms: number[];
	detail: string;
}

/** Runs `work` twice untimed (first-call costs: libraries, fonts, thread pools), then `runs` times timed. */
async function timeRuns(runs: number, work: () => Promise<unknown>): Promise<number[]> {
	for (let i = 0; i < 2; i++) await work();
	const ms: number[] = [];
	for (let i = 0; i < runs; i++) {
		const started = performance.now();
		await work();
		ms.push(performance.now() - started);
	}
	return ms;
}

let cameraPhoto: Promise<Uint8Array> | null = null;

/**
 * A 12-megapixel phone photo of a ring on the bench: 4000×3000, gradients and shapes under two scales of
 * sensor-like noise (so it compresses like a photo, not like a drawing), JPEG quality 90, EXIF with
 * orientation 6 (taken in portrait) and GPS — as an iPhone sends it with "Most Compatible".
 */
export function benchCameraPhoto(): Promise<Uint8Array> {
	cameraPhoto ??= (async () => {
		const width = 4000;
		const height = 3000;
		const scene = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
			<defs>
				<radialGradient id="mat" cx="38%" cy="34%" r="85%"><stop offset="0" stop-color="#efe9dc"/><stop offset="1" stop-color="#5d564b"/></radialGradient>
				<linearGradient id="gold" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#fbe7a1"/><stop offset="0.45" stop-color="#c9982e"/><stop offset="1" stop-color="#6e4e12"/></linearGradient>
				<radialGradient id="stone" cx="40%" cy="35%" r="70%"><stop offset="0" stop-color="#ffffff"/><stop offset="0.6" stop-color="#cfe3f5"/><stop offset="1" stop-color="#7d97b3"/></radialGradient>
			</defs>
			<rect width="100%" height="100%" fill="url(#mat)"/>
			<ellipse cx="1750" cy="1780" rx="900" ry="260" fill="#2c2822" opacity="0.35"/>
			<circle cx="1700" cy="1450" r="620" fill="none" stroke="url(#gold)" stroke-width="190"/>
			<circle cx="1700" cy="1450" r="520" fill="none" stroke="#fff3c9" stroke-width="14" opacity="0.6"/>
			<polygon points="1700,640 1860,760 1810,930 1590,930 1540,760" fill="url(#stone)" stroke="#8aa1b8" stroke-width="8"/>
			<rect x="2850" y="520" width="820" height="1180" rx="24" fill="#f7f4ec" transform="rotate(8 3260 1110)"/>
			<rect x="2960" y="700" width="600" height="600" fill="#111" transform="rotate(8 3260 1110)"/>
			<rect x="3040" y="780" width="440" height="440" fill="#f7f4ec" transform="rotate(8 3260 1110)"/>
			<polygon points="300,2600 1500,2350 1520,2400 320,2680" fill="#9aa0a6"/>
			<polygon points="320,2700 1530,2440 1545,2485 340,2770" fill="#80868c"/>
		</svg>`);
		const noise = (w: number, h: number, sigma: number) =>
			sharp({ create: { width: w, height: h, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma } } })
				.resize(width, height, { kernel: 'cubic' })
				.raw()
				.toBuffer();
		const coarse = await noise(500, 375, 40);
		const fine = await noise(width, height, 14);
		const raw = { width, height, channels: 3 as const };
		const jpeg = await sharp(scene)
			.flatten()
			.composite([
				{ input: coarse, raw, blend: 'soft-light' },
				{ input: fine, raw, blend: 'soft-light' }
			])
			.withMetadata({
				orientation: 6,
				exif: {
					IFD0: { Make: 'Apple', Model: 'iPhone 13', Software: '17.5.1' },
					IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '13/1 44/1 2200/100', GPSLongitudeRef: 'E', GPSLongitude: '100/1 31/1 1800/100' }
				}
			})
			.jpeg({ quality: 90 })
			.toBuffer();
		return new Uint8Array(jpeg);
	})();
	return cameraPhoto;
}

const kb = (bytes: number) => `${Math.round(bytes / 1024).toLocaleString('en-US')} kB`;

/** processJobPhoto (sniff, decode, orient, resize, re-encode, thumbnail) on one 12 MP photo, `runs` times. */
export async function measurePhotoProcessing(runs: number): Promise<Samples> {
	try {
		getPlatform();
	} catch {
		// the bench process never started the app: processing needs only the upload limit (it stores nothing)
		const settings = parseSettings({});
		setPlatform({
			fileStore: {
				kind: 'local',
				put: async () => {
					throw new Error('Processing a photo must not store it.');
				},
				get: async () => null,
				delete: async () => {},
				list: async () => []
			},
			mailTransport: null,
			mailFrom: settings.MAIL_FROM,
			uploadMaxBytes: settings.UPLOAD_MAX_MB * 1024 * 1024,
			origin: 'http://bench.bezel.test',
			embedded: true
		});
	}
	const bytes = await benchCameraPhoto();
	const input = await sharp(bytes).metadata();
	let last: Awaited<ReturnType<typeof processJobPhoto>> | null = null;
	const ms = await timeRuns(runs, async () => {
		last = await processJobPhoto(new File([Buffer.from(bytes)], 'IMG_4821.JPG', { type: 'image/jpeg' }));
	});
	const output = last as Awaited<ReturnType<typeof processJobPhoto>> | null;
	const photo = output ? await sharp(output.photo.bytes).metadata() : null;
	const thumbnail = output ? await sharp(output.thumbnail.bytes).metadata() : null;
	return {
		ms,
		detail:
			`${input.width}×${input.height} JPEG of ${kb(bytes.byteLength)} (EXIF orientation ${input.orientation}, GPS) → ` +
			`${photo?.width}×${photo?.height} JPEG of ${kb(output?.photo.bytes.byteLength ?? 0)} + ` +
			`${thumbnail?.width}×${thumbnail?.height} WebP of ${kb(output?.thumbnail.bytes.byteLength ?? 0)}; libvips threads: ${sharp.concurrency()}`
	};
}

/** 50 labels like the 50-line scenario PO's (one batch per line), with the data set's styles and workshops. */
export function benchLabels(count = 50): JobLabel[] {
	const styles = [
		['RG', 'Solitaire ring, 4-prong', '1 × round 6.5 mm lab-grown diamond F/VS1'],
		['ER', 'Huggie hoops', ''],
		['PD', 'Solitaire pendant', '1 × round 5.2 mm natural diamond G/SI1'],
		['NK', 'Cuban link chain 5 mm', ''],
		['BR', 'Tennis bracelet', '38 × round 2.1 mm natural melee G-H/SI'],
		['RG', 'Pavé eternity band', '24 × round 1.3 mm natural melee G-H/SI'],
		['ER', 'Pearl drop earrings', '2 × Akoya pearl 7.5–8 mm'],
		['CH', 'Initial disc charm', ''],
		['BR', 'Knife-edge bangle', ''],
		['RG', 'Signet ring', '']
	] as const;
	const alloyCodes = ['14KY', '14KW', '18KY', '18KW', '18KR', 'PT950', 'AG925', '22KY'];
	return Array.from({ length: count }, (_, i) => {
		const s = 1 + ((3024 * 31 + (i + 1) * 7) % 200);
		const [kind, name, stones] = styles[s % 10];
		const weightMg = 1200 + ((s * 997) % 30000);
		const number = `JB-2026-023781-${i + 1}`;
		return {
			number,
			url: `https://bezel.example.com/j/${number}`,
			poNumber: 'PO-2026-023781',
			lineNo: i + 1,
			sku: `BN-${kind}-${String(s).padStart(4, '0')}`,
			description: `${name} ${s}${kind === 'RG' ? `, size ${5 + ((i + 1) % 5)}` : ''}`,
			quantity: 2 + ((100_003 * 13 + (i + 1) * 5) % 40),
			pieceNo: null,
			alloy: findAlloy(alloyCodes[s % 8])?.label ?? alloyCodes[s % 8],
			size: kind === 'RG' ? String(5 + ((i + 1) % 5)) : kind === 'NK' || kind === 'BR' ? `${17 + ((i + 1) % 4) * 5} cm` : '',
			targetWeight: `${(weightMg / 1000).toFixed(2)} g ± ${(weightMg / 20000).toFixed(2)} g`,
			stoneSpec: stones,
			vendorName: 'Meridian Models 00003',
			promisedDate: '2026-12-18',
			brandName: 'Maison Aurelle'
		};
	});
}

/** renderJobLabelsPdf for 50 labels in one format, `runs` times. */
export async function measureLabelRendering(format: LabelFormat, runs: number): Promise<Samples> {
	const labels = benchLabels(50);
	let bytes = 0;
	const ms = await timeRuns(runs, async () => {
		bytes = (await renderJobLabelsPdf(labels, format)).byteLength;
	});
	const pages = format === 'a4' ? Math.ceil(labels.length / 8) : labels.length;
	return { ms, detail: `${labels.length} labels with QR codes → ${pages} pages, ${kb(bytes)}` };
}
