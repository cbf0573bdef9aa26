/**
 * The bench's repairs: by default 30,000 repair jobs over the last 18 months at the bench's active
 * repair workshops (those with the repair_jeweler type: 150 of the default 1,000), with their
 * estimates and the history the services write (1 to 15 events a job, 11 for a closed one) — built
 * with set-based SQL like the rest of the data set. Only the page repair below has photos.
 *
 * Jobs arrive evenly, about 55 a day. Where a job stands follows from its age: the last day's are
 * mostly still at intake, the last two weeks' spread over the steps at the workshop and back, older
 * ones are closed — except a few that got stuck (in work, done, waiting for the customer's answer,
 * or back with a difference nobody has resolved yet), which is what the overdue filter finds; 3 % are
 * cancelled. One repaired piece in 17 was sent back unrepaired (the customer declined the estimate);
 * one estimate in eight was followed by a second one (the brand asked for a new one, or the workshop
 * replaced its own). Values are in USD, or for a quarter of the jobs in the workshop's own currency.
 * Each step's time comes from a plausible natural pace (a day or two in the post, a few days at the
 * bench, three days back), compressed for the newest jobs so nothing happens in the future.
 *
 * Fixed for the scenarios, at BENCH_REPAIR_WORKSHOP (the `repairVendor` persona), which gets 2 % of
 * all jobs (about 600 by default, some 20 of them open): one repair in work with two estimates (the first sent back for a new
 * one), two intake photos and one from the workshop — the repair page of either side.
 *
 * Deterministic like the rest of the data set: ids from md5 (shaped as v4 UUIDs where a form may
 * carry them), every "random" choice a byte of md5 of the job's key.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { rowsOf, type DatabaseHandle } from '../../src/lib/server/db/client.ts';
import { benchWorkshopId } from './purchase-orders.ts';

/** The repair workshop (bench number) of the vendor scenarios: active, repair_jeweler, Arezzo (EUR). */
export const BENCH_REPAIR_WORKSHOP = 7;
/** one job in this many goes to BENCH_REPAIR_WORKSHOP */
const BENCH_SHARE = 50;
/** the history spans this many days */
const HISTORY_DAYS = 548;
/** fewer active repair workshops than this and some active workshops are given the type */
const MIN_REPAIR_WORKSHOPS = 20;

/** md5(text) shaped as a version-4 UUID, as pg_temp.bench_uuid writes it (zod's z.uuid() refuses a bare md5). */
function benchUuid(text: string): string {
	const hex = createHash('md5').update(text).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** The repair both repair-page scenarios open. */
export const BENCH_PAGE_REPAIR = benchUuid('bench-repair-page');

export interface RepairSize {
	/** repair jobs wanted; 0 = none */
	repairs: number;
	workshops: number;
	/** the bench server's file store, for the page repair's photos */
	filesRoot?: string;
}

export interface RepairReport {
	repairs: number;
	/** not closed or cancelled */
	open: number;
	/** at a workshop past the turnaround target */
	overdue: number;
	workshops: number;
	/** jobs of BENCH_REPAIR_WORKSHOP, and how many of them are open */
	benchWorkshop: number;
	benchWorkshopOpen: number;
	estimates: number;
	events: number;
	photos: number;
	/** why no repairs, if so */
	shortfall: string | null;
}

/**
 * Inserts the repairs after the rest of the data set, on its single connection (temp tables live for
 * that session). The app's turnaround target (brand_settings, 10 days by default) decides what is overdue.
 */
export async function insertRepairs(handle: DatabaseHandle, size: RepairSize): Promise<RepairReport | null> {
	const { db } = handle;
	const N = size.repairs;
	if (N === 0) return null;
	const empty = {
		repairs: 0,
		open: 0,
		overdue: 0,
		workshops: 0,
		benchWorkshop: 0,
		benchWorkshopOpen: 0,
		estimates: 0,
		events: 0,
		photos: 0
	};
	if (size.workshops < BENCH_REPAIR_WORKSHOP) {
		return { ...empty, shortfall: `No repairs: the repair scenarios need at least ${BENCH_REPAIR_WORKSHOP} workshops (--workshops).` };
	}
	const benchShop = benchWorkshopId(BENCH_REPAIR_WORKSHOP);

	await db.execute(sql`set work_mem = '256MB'`);
	// rows are consistent by construction: skip the foreign-key triggers, as the other inserts do
	await db.execute(sql`set session_replication_role = replica`).catch(() => {});
	await db.execute(sql`
		create or replace function pg_temp.bench_uuid(t text) returns uuid language sql immutable as $$
			select overlay(overlay(md5(t) placing '4' from 13) placing '8' from 17)::uuid
		$$
	`);

	// The workshops: the scenario workshop does repairs, and a small data set still has a few repair workshops.
	await db.execute(sql`
		update vendor set types = types || array['repair_jeweler']::text[], status = 'active'
		where id = ${benchShop}::uuid and not ('repair_jeweler' = any(types) and status = 'active')
	`);
	await db.execute(sql`
		update vendor set types = types || array['repair_jeweler']::text[]
		where id in (
			select v.id from generate_series(1, ${size.workshops}::int) as n join vendor v on v.id = md5('bench-vendor-' || n)::uuid
			where v.status = 'active' and not 'repair_jeweler' = any(v.types)
			order by n
			limit greatest(0, ${MIN_REPAIR_WORKSHOPS}::int - (select count(*) from vendor where status = 'active' and 'repair_jeweler' = any(types)))
		)
	`);
	// k = 0 is the scenario workshop; the others take turns by k. Who acts for each: its first person.
	await db.execute(sql`
		create temp table bench_repair_shop as
		select case when v.id = ${benchShop}::uuid then 0 else row_number() over (partition by v.id = ${benchShop}::uuid order by n) end::int as k,
			v.id, v.name, v.currency, r.user_id, coalesce(r.name, 'Workshop') as user_name
		from generate_series(1, ${size.workshops}::int) as n
		join vendor v on v.id = md5('bench-vendor-' || n)::uuid
		left join lateral (
			select u.id as user_id, u.name from membership m join app_user u on u.id = m.user_id
			where m.vendor_id = v.id order by m.role, u.email limit 1
		) r on true
		where v.status = 'active' and 'repair_jeweler' = any(v.types)
	`);
	await db.execute(sql`create index on bench_repair_shop (k); analyze bench_repair_shop`);
	const [{ shops }] = rowsOf<{ shops: number }>(await db.execute(sql`select count(*)::int - 1 as shops from bench_repair_shop`));
	// the brand's people who take pieces in and decide
	await db.execute(sql`
		create temp table bench_repair_ops as
		select (row_number() over (order by u.email) - 1)::int as k, u.id as user_id, u.name
		from membership m join app_user u on u.id = m.user_id
		where m.role = 'ops' and u.status = 'active'
		order by u.email limit 12
	`);
	const [{ opsPeople }] = rowsOf<{ opsPeople: number }>(await db.execute(sql`select count(*)::int as "opsPeople" from bench_repair_ops`));

	// The plan: per job its age, where it stands and what happened to its estimates. Row i = 1 is the newest.
	const generic = N - 1;
	await db.execute(sql`
		create temp table bench_repair_plan as
		with g as (
			select i::text as key, i, decode(md5('bench-repair-' || i), 'hex') as r,
				(i - 0.5) * ${HISTORY_DAYS * 24}::numeric / ${Math.max(1, generic)}::int as age_h
			from generate_series(1, ${generic}::int) as i
		),
		h as (
			select g.*, g.age_h / 24 as d,
				get_byte(r, 0) * 100 / 256 as h0, get_byte(r, 1) * 100 / 256 as h1, get_byte(r, 2) * 100 / 256 as h2,
				get_byte(r, 3) * 100 / 256 as h3, get_byte(r, 4) * 100 / 256 as h4, get_byte(r, 5) * 100 / 256 as h5
			from g
		),
		s as (
			select h.*,
				case
					when h1 < 3 and d >= 1 then 'cancelled'
					when d < 1.5 then case when h0 < 70 then 'intake' else 'assigned' end
					when d < 4 then case when h0 < 40 then 'assigned' else 'received' end
					when d < 9 then case when h0 < 25 then 'received' when h0 < 70 then 'in_work' when h0 < 85 then 'done' else 'shipped_back' end
					when d < 14 then case when h0 < 15 then 'in_work' when h0 < 25 then 'done' when h0 < 50 then 'shipped_back'
						when h0 < 65 then 'returned' else 'closed' end
					-- the stuck ones: still at the workshop, waiting for the customer, or back with an open difference
					when d < 45 then case when h0 < 4 then 'in_work' when h0 < 6 then 'done' when h0 < 7 then 'received'
						when h0 < 9 then 'shipped_back' when h0 < 10 then 'returned' else 'closed' end
					else 'closed'
				end as status,
				case when h4 < 40 then 'intake' when h4 < 75 then 'assigned' else 'received' end as cancel_stage
			from h
		),
		o as (
			select s.*,
				s.status in ('shipped_back', 'returned', 'closed') and s.h2 < 6 as unrepaired,
				case
					when s.status in ('intake', 'assigned') then 'none'
					when s.status = 'cancelled' then case when s.cancel_stage = 'received' and s.h4 >= 88 then 'withdrawn' else 'none' end
					when s.status = 'received' then case
						when s.d >= 14 then 'submitted'
						when s.d < 4 then case when s.h3 < 45 then 'none' when s.h3 < 85 then 'submitted' else 'approved' end
						else case when s.h3 < 60 then 'submitted' else 'approved' end end
					else 'approved'
				end as outcome
			from s
		)
		select o.key, o.i, o.r, o.age_h, o.status, o.cancel_stage,
			case when o.unrepaired then 'declined' else o.outcome end as outcome,
			case when o.outcome = 'none' then 0 when o.h5 < 12 then 2 else 1 end as est_count,
			o.h5 < 8 as first_decided,
			o.unrepaired,
			-- every old job still 'returned' is held by a difference on return; a few closed ones had one
			o.status = 'returned' and o.d >= 14 or (o.status in ('returned', 'closed') and o.h4 < 4) as discrepancy,
			o.status in ('done', 'shipped_back', 'returned', 'closed') and not o.unrepaired and o.h3 >= 92 as final_price,
			case
				when o.status = 'intake' or (o.status = 'cancelled' and o.cancel_stage = 'intake') then null
				when o.i % ${BENCH_SHARE}::int = 0 or ${shops}::int = 0 then 0
				-- bigger workshops get more: k skewed towards the first ones
				else 1 + floor(${shops}::int * power((get_byte(o.r, 8) * 256 + get_byte(o.r, 9)) / 65536.0, 1.6))::int
			end as shop_k
		from o
	`);
	// the repair page: in work at the scenario workshop, its first estimate sent back for a new one
	await db.execute(sql`
		insert into bench_repair_plan (key, i, r, age_h, status, cancel_stage, outcome, est_count, first_decided, unrepaired, discrepancy, final_price, shop_k)
		values ('page', 0, decode(md5('bench-repair-page'), 'hex'), 6 * 24 + 5, 'in_work', 'intake', 'approved', 2, true, false, false, false, 0)
	`);

	// Everything about each job: the piece, the money, and when each step happened.
	await db.execute(sql`
		create temp table bench_repair as
		with piece(slot, piece, min_mg, span_mg, works) as (
			values (0, 'ring', 2000, 9000, array['sizing', 're_tipping', 'stone_replacement', 'sizing', 'rhodium_replate']),
				(1, 'pendant', 1500, 6000, array['re_tipping', 'stone_replacement', 'other', 'rhodium_replate', 're_tipping']),
				(2, 'chain', 4000, 30000, array['chain_solder', 'chain_solder', 'other', 'chain_solder', 'chain_solder']),
				(3, 'bracelet', 6000, 25000, array['chain_solder', 'stone_replacement', 'other', 're_tipping', 'chain_solder']),
				(4, 'pair of earrings', 1800, 6000, array['other', 're_tipping', 'stone_replacement', 'rhodium_replate', 'other']),
				(5, 'bangle', 10000, 25000, array['other', 'sizing', 'rhodium_replate', 'other', 'stone_replacement']),
				(6, 'ring', 3000, 12000, array['sizing', 'sizing', 're_tipping', 'stone_replacement', 'other'])
		),
		-- USD prices of each kind of work: base and spread
		price(kind, base, spread, line) as (
			values ('sizing', 55, 90, 'Size the ring'), ('re_tipping', 40, 80, 'Re-tip the prongs'),
				('chain_solder', 25, 40, 'Solder the broken link'), ('stone_replacement', 90, 300, 'Set a replacement stone (stone supplied)'),
				('rhodium_replate', 35, 40, 'Rhodium re-plate and polish'), ('other', 50, 200, 'Clean, polish and check every setting')
		),
		base as (
			select p.*, s.id as vendor_id, s.name as shop_name, s.user_id as shop_user, coalesce(s.user_name, 'Workshop') as shop_user_name,
				case when s.id is not null and get_byte(p.r, 10) % 4 = 0 then s.currency else 'USD' end as currency,
				pc.piece, pc.min_mg + (get_byte(p.r, 11) * 256 + get_byte(p.r, 12)) % pc.span_mg as weight_mg,
				pc.works[1 + get_byte(p.r, 13) % 5] as work1,
				case when get_byte(p.r, 14) % 4 = 0 then 'other' end as work2_candidate,
				get_byte(p.r, 15) as b15,
				now() - p.age_h * interval '1 hour' as created_at,
				op.user_id as ops_user, op.name as ops_name
			from bench_repair_plan p
			left join bench_repair_shop s on s.k = p.shop_k
			join piece pc on pc.slot = get_byte(p.r, 6) % 7
			join bench_repair_ops op on op.k = get_byte(p.r, 7) % ${Math.max(1, opsPeople)}::int
		),
		facts as (
			select b.*,
				case when b.work2_candidate is not null and b.work2_candidate <> b.work1 then array[b.work1, b.work2_candidate] else array[b.work1] end as works,
				case b.currency when 'EUR' then 0.92 when 'THB' then 36 when 'INR' then 83 else 1 end as rate,
				case when b.b15 % 100 < 35 then 0 when b.b15 % 100 < 65 then 1 when b.b15 % 100 < 85 then 2 + b.b15 % 11 else 13 + b.b15 % 48 end as stones,
				(array['Yellow', 'White', 'Rose', 'Two-tone', 'Yellow', 'White'])[1 + get_byte(b.r, 3) % 6] as metal,
				-- natural pace in hours from intake; compressed below for the newest jobs
				2 + get_byte(b.r, 1) % 18 as o_assign,
				24 + get_byte(b.r, 2) % 48 as d_receive,
				4 + get_byte(b.r, 4) % 20 as d_est1,
				20 + get_byte(b.r, 5) % 28 as d_est2,
				3 + get_byte(b.r, 8) % 27 as d_decide,
				1 + get_byte(b.r, 9) % 16 as d_start,
				20 + get_byte(b.r, 10) % 96 as d_done,
				3 + get_byte(b.r, 11) % 20 as d_ship,
				40 + get_byte(b.r, 12) % 56 as d_return,
				1 + get_byte(b.r, 13) % 40 as d_close,
				4 + get_byte(b.r, 14) % 30 as d_cancel
			from base b
		),
		offs as (
			select f.*,
				f.o_assign + f.d_receive as o_receive,
				f.o_assign + f.d_receive + f.d_est1 as o_est1,
				f.o_assign + f.d_receive + f.d_est1 + case when f.est_count = 2 then f.d_est2 else 0 end as o_est2,
				f.o_assign + f.d_receive + f.d_est1 + case when f.est_count = 2 then f.d_est2 else 0 end + f.d_decide as o_decide
			from facts f
		),
		offs2 as (
			select o.*,
				o.o_decide + o.d_start as o_start,
				o.o_decide + o.d_start + o.d_done as o_done,
				case when o.unrepaired then o.o_decide else o.o_decide + o.d_start + o.d_done end + o.d_ship as o_ship
			from offs o
		),
		offs3 as (
			select o.*,
				o.o_ship + o.d_return as o_return,
				o.o_ship + o.d_return + o.d_close + case when o.discrepancy then 20 else 0 end as o_close,
				case o.cancel_stage when 'intake' then o.d_cancel when 'assigned' then o.o_assign + o.d_cancel
					-- a waiting estimate was withdrawn by the cancel
					when 'received' then case when o.outcome = 'withdrawn' then o.o_est2 + o.d_cancel else o.o_receive + o.d_cancel end end as o_cancel
			from offs2 o
		),
		last_step as (
			select o.*,
				case o.status
					when 'intake' then 0
					when 'assigned' then o.o_assign
					when 'received' then case o.outcome when 'none' then o.o_receive when 'submitted' then o.o_est2 else o.o_decide end
					when 'in_work' then o.o_start
					when 'done' then o.o_done
					when 'shipped_back' then o.o_ship
					when 'returned' then o.o_return
					when 'closed' then o.o_close
					when 'cancelled' then o.o_cancel
				end as o_last
			from offs3 o
		),
		scaled as (
			select l.*, case when l.o_last > 0 then least(1, greatest(l.age_h - 0.5, 0.05) / l.o_last) else 1 end as f
			from last_step l
		)
		select s.key, s.i, s.r, s.status, s.outcome, s.est_count, s.first_decided, s.unrepaired, s.discrepancy, s.final_price, s.cancel_stage,
			case when s.key = 'page' then pg_temp.bench_uuid('bench-repair-page') else pg_temp.bench_uuid('bench-repair-' || s.key) end as id,
			s.vendor_id, s.shop_name, s.shop_user, s.shop_user_name, s.ops_user, s.ops_name, s.currency, s.rate, s.piece, s.metal, s.stones,
			s.weight_mg::int as weight_mg, s.works,
			s.created_at,
			t.at_assign, t.at_receive, t.at_est1, t.at_redo, t.at_est2, t.at_decide, t.at_start, t.at_done, t.at_ship, t.at_return, t.at_close, t.at_cancel,
			-- estimate lines in the job's currency (whole units), one per kind of work
			(select jsonb_agg(jsonb_build_object('description', p.line, 'priceMinor',
					(round((p.base + (get_byte(s.r, 2 + n::int) * 7) % p.spread) * s.rate) * 100)::bigint) order by n)
				from unnest(s.works) with ordinality as w(kind, n) join price p on p.kind = w.kind) as lines
		from scaled s
		cross join lateral (
			select s.created_at + s.o_assign * s.f * interval '1 hour' as at_assign,
				s.created_at + s.o_receive * s.f * interval '1 hour' as at_receive,
				s.created_at + s.o_est1 * s.f * interval '1 hour' as at_est1,
				s.created_at + (s.o_est1 + 2 + get_byte(s.r, 6) % 12) * s.f * interval '1 hour' as at_redo,
				s.created_at + s.o_est2 * s.f * interval '1 hour' as at_est2,
				s.created_at + s.o_decide * s.f * interval '1 hour' as at_decide,
				s.created_at + s.o_start * s.f * interval '1 hour' as at_start,
				s.created_at + s.o_done * s.f * interval '1 hour' as at_done,
				s.created_at + s.o_ship * s.f * interval '1 hour' as at_ship,
				s.created_at + s.o_return * s.f * interval '1 hour' as at_return,
				s.created_at + s.o_close * s.f * interval '1 hour' as at_close,
				s.created_at + s.o_cancel * s.f * interval '1 hour' as at_cancel
		) t
	`);
	await db.execute(sql`
		alter table bench_repair add column total_minor bigint, add column number text, add column step smallint;
		update bench_repair set total_minor = (select sum((e ->> 'priceMinor')::bigint) from jsonb_array_elements(lines) e),
			step = array_position(array['intake', 'assigned', 'received', 'in_work', 'done', 'shipped_back', 'returned', 'closed'], status);
		update bench_repair b set number = 'RJ-' || n.year || '-' || case when n.seq < 10000 then lpad(n.seq::text, 4, '0') else n.seq::text end
		from (
			select key, extract(year from created_at at time zone 'UTC')::int as year,
				row_number() over (partition by extract(year from created_at at time zone 'UTC') order by created_at, key) as seq
			from bench_repair
		) n where n.key = b.key;
		create index on bench_repair (key); analyze bench_repair
	`);
	// a cancelled job went only as far as its cancel stage
	const reached = (stage: string) =>
		sql.raw(
			`(b.step >= ${['intake', 'assigned', 'received'].indexOf(stage) + 1} or (b.status = 'cancelled' and b.cancel_stage in (${[
				'assigned',
				'received'
			]
				.slice(['assigned', 'received'].indexOf(stage))
				.map((s) => `'${s}'`)
				.join(', ')})))`
		);

	await db.execute(sql`
		insert into repair_job (id, number, vendor_id, status, customer_name, customer_contact, order_reference, description, stamps,
			intake_weight_mg, intake_stone_count, condition_notes, currency, declared_value_minor, requested_work, work_notes, promised_to_customer,
			assigned_at, received_on, approved_estimate_id, approved_total_minor, final_price_minor, shipped_back_on, carrier, tracking_number,
			return_weight_mg, return_stone_count, return_discrepancy, discrepancy_resolution, returned_at, closed_at, cancel_reason,
			last_reminder_on, created_by, version, created_at, updated_at)
		select b.id, b.number, b.vendor_id, b.status,
			(array['Ana','Bao','Chiara','Dev','Elif','Farah','Giulia','Hiro','Isha','Jonas','Kanya','Luca','Mei','Nikhil','Olga','Priya','Quinn','Ravi','Sofia','Tariq','Uma','Vikram','Wen','Yara','Zoe'])[1 + get_byte(b.r, 4) % 25]
				|| ' ' || (array['Abbott','Brennan','Castillo','Duarte','Ellison','Fischer','Greco','Hartmann','Ibarra','Jensen','Kowalski','Lindqvist','Moreau','Novak','Oliveira','Park','Quinlan','Reyes','Schmidt','Takahashi'])[1 + get_byte(b.r, 5) % 20],
			case when get_byte(b.r, 6) % 2 = 0 then 'customer' || b.key || '@example.com' else '+1 212 555 ' || lpad((get_byte(b.r, 7) * 37 % 10000)::text, 4, '0') end,
			case get_byte(b.r, 8) % 3 when 0 then 'NY5-' || lpad((40000 + b.i)::text, 6, '0') when 1 then 'W' || (1200000 + b.i * 3) else 'BH-' || (80000 + b.i) end,
			b.metal || ' metal ' || b.piece || case when b.stones = 0 then '' when b.stones = 1 then ', 1 white stone'
				when get_byte(b.r, 9) % 4 = 0 then ', ' || b.stones || ' coloured stones' else ', ' || b.stones || ' white stones' end,
			(array['14K', '18K', '750', '585', 'PT950', '925', '14K and maker''s mark', '18K, Italian hallmark', '', 'None visible'])[1 + get_byte(b.r, 10) % 10],
			b.weight_mg, b.stones,
			(array['Light surface scratches.', 'One prong lifted at 3 o''clock.', 'Clasp worn; spring weak.', 'Broken near the clasp.', 'A stone is loose.',
				'Good overall condition.', '', 'Plating worn on the inside of the shank.'])[1 + get_byte(b.r, 11) % 8],
			b.currency,
			-- declared value: log-uniform from USD 150 to 12,000, in steps of 50, in the job's currency
			(round(round(150 * power(80, (get_byte(b.r, 12) * 256 + get_byte(b.r, 13)) / 65536.0) / 50) * 50 * b.rate) * 100)::bigint,
			b.works,
			case when 'sizing' = any(b.works) then 'Size from ' || (6 + get_byte(b.r, 14) % 4) || ' to ' || (4 + get_byte(b.r, 15) % 6) || '.'
				when 'other' = any(b.works) then 'Clean and polish; check every setting.' else '' end,
			(b.created_at at time zone 'UTC')::date + 21,
			case when ${reached('assigned')} then b.at_assign end,
			case when ${reached('received')} then (b.at_receive at time zone 'UTC')::date end,
			case when b.outcome = 'approved' then pg_temp.bench_uuid('bench-repair-estimate-' || b.key || '-' || b.est_count) end,
			case when b.outcome = 'approved' then b.total_minor end,
			case when b.final_price then b.total_minor + (b.total_minor / 100 * (10 + get_byte(b.r, 3) % 20)) / 100 * 100 end,
			case when b.step >= 6 then (b.at_ship at time zone 'UTC')::date end,
			case when b.step >= 6 then (array['FedEx', 'UPS', 'DHL Express', 'Malca-Amit', 'Brink''s'])[1 + get_byte(b.r, 0) % 5] end,
			case when b.step >= 6 then lpad(((b.i::bigint * 7919 + 104729) % 1000000000000)::text, 12, '0') end,
			case when b.step >= 7 then b.weight_mg + case when b.discrepancy then -greatest(120, b.weight_mg * 3 / 100) else (get_byte(b.r, 1) % 61) - 30 end end,
			case when b.step >= 7 then b.stones end,
			case when b.step >= 7 and b.discrepancy then 'Weight ' || to_char((b.weight_mg - greatest(120, b.weight_mg * 3 / 100)) / 1000.0, 'FM99990.00') || ' g on return, '
				|| to_char(b.weight_mg / 1000.0, 'FM99990.00') || ' g at intake: ' || to_char(greatest(120, b.weight_mg * 3 / 100) / 1000.0, 'FM99990.00') || ' g less.' end,
			case when b.status = 'closed' and b.discrepancy then 'Sizing removed the metal; the workshop returned the off-cut and the customer agreed.' end,
			case when b.step >= 7 then b.at_return end,
			case when b.status = 'closed' then b.at_close end,
			case when b.status = 'cancelled' then (array['The customer collected the piece unrepaired.', 'Sent to the manufacturer under warranty instead.',
				'The customer found a cheaper quote.'])[1 + get_byte(b.r, 2) % 3] end,
			case when b.status in ('assigned', 'received', 'in_work', 'done')
				and (b.at_assign at time zone 'UTC')::date + (select repair_turnaround_days from brand_settings where id = 1) < (now() at time zone 'UTC')::date
				then (now() at time zone 'UTC')::date - get_byte(b.r, 3) % 3 end,
			b.ops_user,
			1 + coalesce(b.step, 2) + b.est_count,
			b.created_at,
			greatest(b.created_at, case b.status when 'intake' then b.created_at when 'assigned' then b.at_assign
				when 'received' then case b.outcome when 'none' then b.at_receive when 'submitted' then b.at_est2 else b.at_decide end
				when 'in_work' then b.at_start when 'done' then b.at_done when 'shipped_back' then b.at_ship when 'returned' then b.at_return
				when 'closed' then b.at_close else b.at_cancel end)
		from bench_repair b
	`);

	// Estimates: the first of two was sent back for a new one (or replaced by the workshop's own), 25 % dearer.
	await db.execute(sql`
		insert into repair_estimate (id, repair_id, vendor_id, lines, total_minor, currency, days, note, status, customer_decision, decision_note,
			decided_by_name, decided_at, created_by_name, created_at)
		select pg_temp.bench_uuid('bench-repair-estimate-' || b.key || '-' || e.k), b.id, b.vendor_id,
			case when e.latest then b.lines
				else (select jsonb_agg(jsonb_set(x, '{priceMinor}', to_jsonb(((x ->> 'priceMinor')::bigint * 5 / 4 / 100 * 100)))) from jsonb_array_elements(b.lines) x) end,
			case when e.latest then b.total_minor
				else (select sum((x ->> 'priceMinor')::bigint * 5 / 4 / 100 * 100) from jsonb_array_elements(b.lines) x) end,
			b.currency, 3 + get_byte(b.r, 4) % 6,
			case when get_byte(b.r, 5) % 3 = 0 then 'Price includes return shipping.' else '' end,
			x.status,
			case when x.decided and x.status = 'declined' then 'Declined by phone: too expensive.'
				when x.decided and x.status = 'approved' then (array['Agreed by phone.', 'Approved by e-mail.', 'Agreed in store.'])[1 + get_byte(b.r, 6) % 3] end,
			case when x.decided and not e.latest then 'Customer asks for a lower price: can the stone be re-set rather than replaced?' end,
			case when x.decided then b.ops_name end,
			case when x.decided then case when e.latest then b.at_decide else b.at_redo end end,
			b.shop_user_name,
			case when e.k = 1 then b.at_est1 else b.at_est2 end
		from bench_repair b
		cross join generate_series(1, 2) as e0(k)
		cross join lateral (select e0.k as k, e0.k = b.est_count as latest) e
		cross join lateral (
			select case when not e.latest then 'superseded'
					when b.outcome = 'withdrawn' then 'superseded'
					else b.outcome end as status,
				(e.latest and b.outcome in ('approved', 'declined')) or (not e.latest and b.first_decided) as decided
		) x
		where e.k <= b.est_count
	`);

	// The history, as the services write it: brand steps shared with the workshop carry its id; the return check does not.
	await db.execute(sql`
		insert into repair_event (id, repair_id, vendor_id, kind, note, side, created_by, created_by_name, created_at)
		select pg_temp.bench_uuid('bench-repair-event-' || b.key || '-' || e.seq), b.id,
			case when e.side = 'vendor' or e.shared then b.vendor_id end,
			e.kind, e.note, e.side,
			case when e.side = 'vendor' then b.shop_user else b.ops_user end,
			case when e.side = 'vendor' then b.shop_user_name else b.ops_name end,
			e.at
		from bench_repair b
		cross join lateral (
			select b.currency || ' ' || to_char(b.total_minor / 100.0, 'FM999G999G990D00') as total,
				b.currency || ' ' || to_char((select sum((x ->> 'priceMinor')::bigint * 5 / 4 / 100 * 100) from jsonb_array_elements(b.lines) x) / 100.0,
					'FM999G999G990D00') as first_total
		) m
		cross join lateral (values
			(1, 'created', b.created_at, 'brand', false, 'Taken in without photos.', true),
			(2, 'assigned', b.at_assign, 'brand', true, 'Given to ' || b.shop_name || '.', ${reached('assigned')}),
			(3, 'received', b.at_receive, 'vendor', true, 'Received on ' || to_char(b.at_receive at time zone 'UTC', 'FMDD Mon YYYY') || '.', ${reached('received')}),
			(4, 'estimate_submitted', b.at_est1, 'vendor', true, 'Estimate: ' || case when b.est_count = 2 then m.first_total else m.total end || '.', b.est_count >= 1),
			(5, 'estimate_redo_requested', b.at_redo, 'brand', true, 'Customer asks for a lower price.', b.est_count = 2 and b.first_decided),
			(6, 'estimate_submitted', b.at_est2, 'vendor', true, 'New estimate: ' || m.total || '.', b.est_count = 2),
			(7, case when b.outcome = 'declined' then 'estimate_declined' else 'estimate_approved' end, b.at_decide, 'brand', true,
				case when b.outcome = 'declined' then 'Customer: declined by phone: too expensive.' else 'Customer: agreed by phone.' end,
				b.outcome in ('approved', 'declined')),
			(8, 'work_started', b.at_start, 'vendor', true, '', b.step >= 4 and not b.unrepaired),
			(9, 'work_done', b.at_done, 'vendor', true, '', b.step >= 5 and not b.unrepaired),
			(10, 'final_price', b.at_done + interval '10 minutes', 'vendor', true, 'Final price differs from the estimate of ' || m.total || '.', b.final_price),
			(11, 'shipped_back', b.at_ship, 'vendor', true,
				case when b.unrepaired then 'Shipped back unrepaired' else 'Shipped back' end || ' with ' || (array['FedEx', 'UPS', 'DHL Express', 'Malca-Amit', 'Brink''s'])[1 + get_byte(b.r, 0) % 5] || '.',
				b.step >= 6),
			(12, case when b.discrepancy then 'return_flagged' else 'return_checked' end, b.at_return, 'brand', false,
				case when b.discrepancy then 'Weight differs from intake.' else 'Weight and stones as at intake.' end, b.step >= 7),
			(13, 'returned', b.at_return + interval '1 second', 'brand', true, 'The brand has the piece back.', b.step >= 7),
			(14, 'discrepancy_resolved', b.at_close - interval '1 hour', 'brand', false, 'Sizing removed the metal; the workshop returned the off-cut.',
				b.status = 'closed' and b.discrepancy),
			(15, 'closed', b.at_close, 'brand', true, '', b.status = 'closed'),
			(16, 'cancelled', b.at_cancel, 'brand', true, 'Cancelled by the brand.', b.status = 'cancelled')
		) as e(seq, kind, at, side, shared, note, happens)
		where e.happens
	`);

	// the counter continues after the data set's numbers
	await db.execute(sql`
		insert into document_counter (kind, year, last_number)
		select 'repair', extract(year from created_at at time zone 'UTC')::int, count(*)::int from bench_repair group by 2
		on conflict (kind, year) do update set last_number = excluded.last_number
	`);

	if (size.filesRoot) await addPagePhotos(handle, size.filesRoot);

	const [report] = rowsOf<Omit<RepairReport, 'shortfall' | 'workshops'>>(
		await db.execute(sql`
			select (select count(*)::int from repair_job) as repairs,
				(select count(*)::int from repair_job where status not in ('closed', 'cancelled')) as open,
				(select count(*)::int from repair_job where status in ('assigned', 'received', 'in_work', 'done')
					and (assigned_at at time zone 'UTC')::date + (select repair_turnaround_days from brand_settings where id = 1) < (now() at time zone 'UTC')::date) as overdue,
				(select count(*)::int from repair_job where vendor_id = ${benchShop}::uuid) as "benchWorkshop",
				(select count(*)::int from repair_job where vendor_id = ${benchShop}::uuid and status not in ('closed', 'cancelled')) as "benchWorkshopOpen",
				(select count(*)::int from repair_estimate) as estimates,
				(select count(*)::int from repair_event) as events,
				(select count(*)::int from repair_photo) as photos`)
	);
	return {
		repairs: Number(report.repairs),
		open: Number(report.open),
		overdue: Number(report.overdue),
		workshops: Number(shops) + 1,
		benchWorkshop: Number(report.benchWorkshop),
		benchWorkshopOpen: Number(report.benchWorkshopOpen),
		estimates: Number(report.estimates),
		events: Number(report.events),
		photos: Number(report.photos),
		shortfall: null
	};
}

/**
 * The page repair's photos in the server's file store: two at intake (the brand's, handed to the
 * workshop on assignment) and one from the workshop's bench, each a JPEG and its WebP thumbnail.
 */
async function addPagePhotos(handle: DatabaseHandle, filesRoot: string): Promise<void> {
	const { db } = handle;
	const [page] = rowsOf<{ vendor_id: string; ops_user: string | null; shop_user: string | null; taken: string; at_bench: string }>(
		await db.execute(sql`
			select vendor_id, ops_user, shop_user, created_at::text as taken, (at_start + interval '1 hour')::text as at_bench
			from bench_repair where key = 'page'`)
	);
	if (!page) return;
	const photos = [
		{ stage: 'intake', side: 'brand', caption: 'Front, as received from the customer', hue: 45 },
		{ stage: 'intake', side: 'brand', caption: 'Lifted prong at 3 o’clock', hue: 200 },
		{ stage: 'workshop', side: 'vendor', caption: 'Prongs re-tipped, before polishing', hue: 120 }
	] as const;
	for (const [index, photo] of photos.entries()) {
		const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="1200"><rect width="100%" height="100%" fill="hsl(${photo.hue},10%,80%)"/>
			<circle cx="800" cy="640" r="320" fill="none" stroke="hsl(45,70%,55%)" stroke-width="80"/><circle cx="800" cy="310" r="80" fill="#f4f8ff"/></svg>`;
		const image = sharp(Buffer.from(svg));
		const files = [
			{ purpose: 'repair-photo', type: 'image/jpeg', ext: 'jpg', bytes: await image.clone().jpeg({ quality: 82 }).toBuffer() },
			{
				purpose: 'repair-photo-thumbnail',
				type: 'image/webp',
				ext: 'webp',
				bytes: await image.clone().resize(480).webp({ quality: 80 }).toBuffer()
			}
		];
		const ids: string[] = [];
		for (const file of files) {
			const id = benchUuid(`bench-repair-photo-${index}-${file.purpose}`);
			// the brand's photos keep their brand/ key when handed to the workshop; the workshop's are under its own
			const key = `${photo.side === 'brand' ? 'brand' : `vendors/${page.vendor_id}`}/${file.purpose}/${id}`;
			await mkdir(path.dirname(path.join(filesRoot, key)), { recursive: true });
			await writeFile(path.join(filesRoot, key), file.bytes);
			await db.execute(sql`
				insert into stored_file (id, vendor_id, key, purpose, content_type, byte_size, original_name, sha256, created_by, created_at)
				values (${id}::uuid, ${page.vendor_id}::uuid, ${key}, ${file.purpose}, ${file.type}, ${file.bytes.byteLength},
					${`photo-${index + 1}.${file.ext}`}, ${createHash('sha256').update(file.bytes).digest('hex')},
					${photo.side === 'brand' ? page.ops_user : page.shop_user}::uuid, ${photo.side === 'brand' ? page.taken : page.at_bench}::timestamptz)`);
			ids.push(id);
		}
		await db.execute(sql`
			insert into repair_photo (id, repair_id, vendor_id, stage, file_id, thumbnail_file_id, caption, created_at)
			values (${benchUuid(`bench-repair-photo-${index}`)}::uuid, ${BENCH_PAGE_REPAIR}::uuid,
				${photo.side === 'brand' ? null : page.vendor_id}::uuid, ${photo.stage}, ${ids[0]}::uuid, ${ids[1]}::uuid, ${photo.caption},
				${photo.side === 'brand' ? page.taken : page.at_bench}::timestamptz + ${index}::int * interval '1 second')`);
	}
	await db.execute(
		sql`update repair_event set note = 'Taken in with 2 photos.' where repair_id = ${BENCH_PAGE_REPAIR}::uuid and kind = 'created'`
	);
	await db.execute(sql`
		insert into repair_event (id, repair_id, vendor_id, kind, note, side, created_by, created_by_name, created_at)
		select pg_temp.bench_uuid('bench-repair-event-page-photos'), b.id, b.vendor_id, 'photos_added', '1 photo from the workshop.', 'vendor',
			b.shop_user, b.shop_user_name, b.at_start + interval '1 hour 1 second'
		from bench_repair b where b.key = 'page'
	`);
}
