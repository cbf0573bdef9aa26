/**
 * The bench's purchase orders: by default 100,000 POs with about 500,000 lines over the bench's
 * workshops, their revisions (the frozen snapshots the PO page diffs and the PDF draws), threads,
 * change requests and history — built with set-based SQL like the rest of the data set.
 *
 * Deterministic, like dataset.ts: ids are md5-derived UUIDs and every choice is arithmetic on the
 * PO's row number. The newest POs are open (drafts, sent, acknowledged, changes requested, in
 * production), the older ones closed, a few cancelled; numbers run PO-<year>-000001 per year and the
 * counter continues after them. Totals are computed in SQL with the rounding of
 * `#lib/domain/purchase-orders/totals.ts` (products taken exactly, rounded half up once).
 *
 * Three more POs, at the same workshop, are what the page and PDF scenarios open: one of 20 lines,
 * one of 2 and one of 50, each acknowledged at revision 3 with a thread and decided change requests,
 * so the SQL count of the page can be compared across PO sizes.
 */
import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { sql } from 'drizzle-orm';
import { rowsOf, type DatabaseHandle } from '../../src/lib/server/db/client.ts';

/** The scenario POs, by key. */
export const benchPurchaseOrders = { page: 20, small: 2, large: 50 } as const;
export type BenchPoKey = keyof typeof benchPurchaseOrders;

/** The workshop (bench number) that owns the scenario POs; its people are the `poVendor` persona. */
export const BENCH_PO_WORKSHOP = 3;

/** md5(text)::uuid, as PostgreSQL writes it. */
function md5Uuid(text: string): string {
	const hex = createHash('md5').update(text).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The id of a scenario PO, for the scenarios' paths. */
export const benchPoId = (key: BenchPoKey) => md5Uuid(`bench-po-${key}`);

export const benchWorkshopId = (workshop: number) => md5Uuid(`bench-vendor-${workshop}`);

const TERMS = [
	'1. Payment: 30 days after acceptance of the goods at our quality control, for the accepted quantity only.',
	'2. Risk: the goods travel at the vendor’s risk until received and signed for at the ship-to address.',
	'3. Marking: hallmark every piece with its fineness and the trademark stamp as specified on the line.',
	'4. Diamonds: invoices for goods containing diamonds must carry the World Diamond Council System of Warranties statement.',
	'5. Weight: finished weight within the tolerance on the line; metal above the tolerance is not paid for.'
].join('\n');
const SHIP_TO = 'Maison Aurelle — Receiving & QC\n48 West 48th Street, Suite 1402\nNew York, NY 10036\nUnited States';
const BRAND_ADDRESS = 'Maison Aurelle Inc.\n11 West 57th Street, 6th floor\nNew York, NY 10019\nUnited States';

export interface PurchaseOrderSize {
	purchaseOrders: number;
	workshops: number;
	/** bench users 1..vendorUsers are workshop people; the staff follow */
	vendorUsers: number;
	staffUsers: number;
}

/**
 * Inserts the POs and everything hanging off them. Runs on the data set's single connection (temp
 * tables and a temp function live for that session only).
 */
export async function insertPurchaseOrders(handle: DatabaseHandle, size: PurchaseOrderSize): Promise<void> {
	const { db } = handle;
	const N = size.purchaseOrders;
	if (N === 0) return;
	const W = size.workshops;
	const V = size.vendorUsers;
	// staff user u = V + 1 + j has role ['admin','ops','ops','finance','ops'][j % 5]: j = 5m + 1 is ops
	const opsUsers = Math.max(1, Math.floor((size.staffUsers - 2) / 5) + 1);

	// Bulk load: the snapshots are aggregated in memory, and since the rows are consistent by
	// construction, foreign-key triggers (three lookups per line) are skipped for this session when
	// the server lets us (a superuser may; without it the load is only slower).
	await db.execute(sql`set work_mem = '256MB'; set temp_buffers = '512MB'`);
	await db.execute(sql`set session_replication_role = replica`).catch(() => {});

	// Line totals exactly as totals.ts: each product taken exactly and rounded half up once. Plain
	// one-expression SQL functions, so the planner inlines them.
	await db.execute(sql`
		create function pg_temp.bench_labor(q int, basis text, price bigint, stones int, weight_mg int) returns bigint
		language sql immutable as $$
			select (case basis
				when 'per_piece' then q::numeric * price
				when 'per_stone' then q::numeric * price * stones
				else div(q::numeric * price * coalesce(weight_mg, 0) * 2 + 1000, 2000)
			end)::bigint
		$$;
		create function pg_temp.bench_metal(q int, weight_mg int, fineness int, metal_basis text, metal_price bigint) returns bigint
		language sql immutable as $$
			select (case when metal_basis = 'consigned' or metal_price is null then 0
				else div(q::numeric * coalesce(weight_mg, 0) * fineness * metal_price * 2 + 1000000, 2000000)
			end)::bigint
		$$
	`);

	// 200 styles, each with a default workshop; lines are picked from them.
	await db.execute(sql`
		insert into style (id, sku, name, category, default_alloy, target_weight_mg, weight_tolerance_mg, stone_spec, stone_count,
			has_diamonds, default_vendor_id, labor_basis, labor_price_minor, labor_currency, created_at, updated_at)
		select md5('bench-style-' || s)::uuid,
			'BN-' || (array['RG','ER','PD','NK','BR','RG','ER','CH','BR','RG'])[1 + s % 10] || '-' || lpad(s::text, 4, '0'),
			(array['Solitaire ring, 4-prong','Huggie hoops','Solitaire pendant','Cuban link chain 5 mm','Tennis bracelet',
				'Pavé eternity band','Pearl drop earrings','Initial disc charm','Knife-edge bangle','Signet ring'])[1 + s % 10] || ' ' || s,
			(array['ring','earrings','pendant','necklace','bracelet','ring','earrings','charm','bracelet','ring'])[1 + s % 10],
			(array['14KY','14KW','18KY','18KW','18KR','PT950','AG925','22KY'])[1 + s % 8],
			1200 + (s * 997) % 30000, (1200 + (s * 997) % 30000) / 20,
			case when s % 3 = 1 then (1 + s % 40) || ' × round ' || (1 + s % 3) || '.' || (s % 10) || ' mm natural melee G-H/SI' end,
			case when s % 3 = 1 then 1 + s % 40 else 0 end,
			s % 3 = 1 and s % 2 = 1,
			md5('bench-vendor-' || (1 + s % ${W}::int))::uuid,
			(array['per_piece','per_stone','per_gram'])[1 + s % 3],
			case s % 3 when 0 then 2500 + (s * 37) % 20000 when 1 then 150 + s % 400 else 400 + s % 500 end,
			'USD', now() - interval '4 years', now() - interval '4 years'
		from generate_series(1, 200) as s
	`);

	// One row per PO: who, when, what state. The newest are open; r is the age rank (0 = newest).
	await db.execute(sql`
		create temp table bench_po as
		with spec as (
			select p, p::text as key, ${N}::int - p as r, 1 + p % ${W}::int as w, 1 + p % 9 as n_lines from generate_series(1, ${N}::int) as p
			union all
			select ${N}::int + k.i, k.key, -k.i, ${BENCH_PO_WORKSHOP}::int, k.n
			from (values (1, 'page', ${benchPurchaseOrders.page}::int), (2, 'small', ${benchPurchaseOrders.small}::int),
				(3, 'large', ${benchPurchaseOrders.large}::int)) as k(i, key, n)
		),
		shaped as (
			select s.*,
				case
					when s.r < 0 then 'acknowledged'
					when s.r < 200 then (array['draft','draft','sent','sent','sent','acknowledged'])[1 + s.p % 6]
					when s.r < 1500 then (array['sent','acknowledged','acknowledged','change_requested','declined','acknowledged','in_production','sent'])[1 + s.p % 8]
					when s.r < 6000 then (array['acknowledged','in_production','in_production','acknowledged','in_production','cancelled','in_production'])[1 + s.p % 7]
					when s.p % 40 = 0 then 'cancelled'
					else 'closed'
				end as status,
				-- 20 minutes apart: 100,000 POs reach back almost four years. The newest is a week old, so its
				-- messages and revisions (up to five days later) are in the past: a message from the future
				-- would stay unread, and every view of the PO would write its read marker
				now() - greatest(s.r, 0) * interval '20 minutes' - (s.p % 17) * interval '1 minute' - interval '7 days' as created_at
			from spec s
		)
		select sh.p, sh.key, md5('bench-po-' || sh.key)::uuid as id, sh.w, md5('bench-vendor-' || sh.w)::uuid as vendor_id, v.currency,
			sh.n_lines, sh.status, sh.created_at, sh.r,
			-- a cancelled PO was sent first, except every third (a cancelled draft)
			case when sh.status = 'draft' or (sh.status = 'cancelled' and sh.p % 3 = 0) then 0
				when sh.r < 0 then 3 when sh.p % 10 = 7 then 2 else 1 end as revision,
			md5('bench-user-' || (${V}::int + 2 + 5 * (sh.p % ${opsUsers}::int)))::uuid as created_by,
			(array['Core replenishment', 'Holiday ' || extract(year from sh.created_at), 'Spring ' || (extract(year from sh.created_at) + 1) || ' Bridal',
				'Fall ' || extract(year from sh.created_at), null])[1 + sh.p % 5] as collection,
			case when sh.r < 0 then 6 when sh.p % 10 = 0 and sh.status <> 'draft' then 1 + sh.p % 3 else 0 end as messages,
			(sh.created_at::date + 30 + sh.p % 20) as first_due
		from shaped sh join vendor v on v.id = md5('bench-vendor-' || sh.w)::uuid
	`);
	await db.execute(sql`create index on bench_po (p)`);

	// Lines, with their totals; the currency factor turns the styles' USD prices into the workshop's.
	await db.execute(sql`
		create temp table bench_line as
		with priced as (
			select b.p, k, b.key, b.status, b.first_due, b.currency,
				md5('bench-pol-' || b.key || '-' || k)::uuid as id, b.id as po_id, b.vendor_id,
				md5('bench-style-' || (1 + (b.p * 31 + k * 7) % 200))::uuid as style_id,
				2 + (b.p * 13 + k * 5) % 40 as quantity,
				case b.currency when 'USD' then 1.0 when 'EUR' then 0.86 when 'THB' then 32.5 when 'INR' then 88.5 else 1.0 end as fx,
				(array['consigned','fixed','market'])[1 + (b.p + k) % 3] as metal_basis,
				b.first_due + ((k - 1) % 3) * 7 as due_date, b.created_at
			from bench_po b, generate_series(1, b.n_lines) as k
		),
		styled as (
			select x.p, x.k, x.id, x.po_id, x.vendor_id, x.style_id, st.sku,
			st.name || case when st.category = 'ring' then ', size ' || (5 + x.k % 5) else '' end as description,
			x.quantity,
			case when st.category = 'ring' then (5 + x.k % 5)::text when st.category in ('necklace', 'bracelet') then (17 + x.k % 4 * 5) || ' cm' else '' end as size,
			st.default_alloy as alloy,
			case st.default_alloy when '14KY' then 585 when '14KW' then 585 when 'PT950' then 950 when 'AG925' then 925 when '22KY' then 916 else 750 end as fineness,
			st.target_weight_mg, st.weight_tolerance_mg, coalesce(st.stone_spec, '') as stone_spec, st.stone_count, st.has_diamonds,
			st.labor_basis, round(st.labor_price_minor * x.fx)::bigint as labor_price,
			x.metal_basis,
			case when x.metal_basis = 'consigned' then null
				else round(x.fx * case when st.default_alloy = 'PT950' then 5020 when st.default_alloy = 'AG925' then 162 else 13180 end)::bigint
			end as metal_price,
			case when x.metal_basis = 'fixed' then x.created_at::date - 1 end as metal_fix_date,
			case when st.stone_count > 0 and x.k % 2 = 0 then round(x.fx * (1500 + st.stone_count * 900))::bigint else 0 end as stones_unit,
			x.due_date,
			case when x.status in ('acknowledged', 'in_production', 'closed') or (x.status = 'change_requested' and x.k > 1) then 'acknowledged'
				when x.status = 'change_requested' then 'change_requested' else 'pending' end as ack_status,
			x.status
			from priced x join style st on st.id = x.style_id
		)
		select y.*, array[t.labor, t.metal, t.stones, t.labor + t.metal + t.stones] as t
		from styled y
		cross join lateral (select pg_temp.bench_labor(y.quantity, y.labor_basis, y.labor_price, y.stone_count, y.target_weight_mg) as labor,
			pg_temp.bench_metal(y.quantity, y.target_weight_mg, y.fineness, y.metal_basis, y.metal_price) as metal,
			y.quantity::bigint * y.stones_unit as stones) t
	`);
	await db.execute(sql`
		create index on bench_line (p);
		analyze bench_po;
		analyze bench_line;
	`);

	// The POs, numbered per year in the order they were drafted, with totals from their lines.
	await db.execute(sql`
		insert into purchase_order (id, vendor_id, number, status, currency, ship_to, requested_date, collection, terms, notes, revision, version,
			labor_total_minor, metal_total_minor, stones_total_minor, total_minor, line_count, due_date, skus, created_by,
			sent_at, first_sent_at, acknowledged_at, first_acknowledged_at, decline_reason, cancel_reason, closed_at, cancelled_at,
			last_vendor_message_at, last_brand_message_at, created_at, updated_at)
		select b.id, b.vendor_id,
			'PO-' || extract(year from b.created_at) || '-' || lpad(row_number() over (partition by extract(year from b.created_at) order by b.created_at, b.p)::text, 6, '0'),
			b.status, b.currency, ${SHIP_TO}, b.first_due + 14, b.collection, ${TERMS},
			case when b.p % 4 = 0 then 'Stamp fineness and trademark inside the shank; one job bag per line.' else '' end,
			b.revision, 1 + b.revision * 2,
			l.labor, l.metal, l.stones, l.total, b.n_lines, b.first_due, l.skus, b.created_by,
			case when b.revision > 0 then b.created_at + interval '2 hours' + (b.revision - 1) * interval '2 days' end,
			case when b.revision > 0 then b.created_at + interval '2 hours' end,
			case when b.status in ('acknowledged', 'in_production', 'closed') then b.created_at + interval '1 day' + (b.revision - 1) * interval '2 days' end,
			case when b.status in ('acknowledged', 'in_production', 'closed') then b.created_at + interval '1 day' end,
			case when b.status = 'declined' then 'We cannot meet these dates with our current load.' end,
			case when b.status = 'cancelled' then 'The collection was reduced.' end,
			case when b.status = 'closed' then b.created_at + interval '45 days' end,
			case when b.status = 'cancelled' then b.created_at + interval '3 days' end,
			case when b.messages > 0 then b.created_at + interval '2 hours' + (b.messages - (1 - b.messages % 2)) * interval '5 hours' end,
			case when b.messages > 1 then b.created_at + interval '2 hours' + (b.messages - b.messages % 2) * interval '5 hours' end,
			b.created_at, b.created_at + interval '1 day'
		from bench_po b
		join (
			select p, sum(t[1]) as labor, sum(t[2]) as metal, sum(t[3]) as stones, sum(t[4]) as total, array_agg(distinct sku) as skus
			from bench_line group by p
		) l on l.p = b.p
	`);
	await db.execute(sql`
		insert into purchase_order_counter (year, last_number)
		select split_part(number, '-', 2)::int, max(split_part(number, '-', 3)::int) from purchase_order group by 1
	`);
	await db.execute(sql`
		insert into purchase_order_line (id, purchase_order_id, vendor_id, line_no, style_id, sku, description, quantity, size, alloy, fineness,
			target_weight_mg, weight_tolerance_mg, stone_spec, stone_count, has_diamonds, labor_basis, labor_unit_price_minor, metal_basis,
			metal_price_per_gram_minor, metal_fix_date, stones_unit_price_minor, due_date, notes,
			labor_total_minor, metal_total_minor, stones_total_minor, total_minor, ack_status, promised_date, baseline_promised_date, created_at)
		select x.id, x.po_id, x.vendor_id, x.k, x.style_id, x.sku, x.description, x.quantity, x.size, x.alloy, x.fineness,
			x.target_weight_mg, x.weight_tolerance_mg, x.stone_spec, x.stone_count, x.has_diamonds, x.labor_basis, x.labor_price, x.metal_basis,
			x.metal_price, x.metal_fix_date, x.stones_unit, x.due_date, case when x.k = 1 and x.p % 5 = 0 then 'Polish to a mirror finish.' else '' end,
			x.t[1], x.t[2], x.t[3], x.t[4], x.ack_status,
			case when x.ack_status = 'acknowledged' then x.due_date + x.k % 3 end,
			case when x.ack_status = 'acknowledged' then x.due_date + x.k % 3 end,
			b.created_at
		from bench_line x join bench_po b on b.p = x.p
	`);

	// What the workshop received at each revision. An older revision had one piece less on every third line.
	await db.execute(sql`
		with rev as (
			select b.p, b.key, b.id, b.vendor_id, b.currency, b.revision as current, rv, b.created_by,
				b.created_at + interval '2 hours' + (rv - 1) * interval '2 days' as issued_at
			from bench_po b, generate_series(1, b.revision) as rv
		),
		lines as (
			-- json (text) while aggregating, one cast to jsonb per snapshot: several times faster than jsonb all along
			select rev.p, rev.rv, json_agg(row_to_json(j) order by j."lineNo") as lines,
				sum(tt.labor) as labor, sum(tt.metal) as metal, sum(tt.stones) as stones
			from rev join bench_line x on x.p = rev.p
			cross join lateral (select case when x.k % 3 = 0 then greatest(1, x.quantity - (rev.current - rev.rv)) else x.quantity end as q) q
			cross join lateral (select pg_temp.bench_labor(q.q, x.labor_basis, x.labor_price, x.stone_count, x.target_weight_mg) as labor,
				pg_temp.bench_metal(q.q, x.target_weight_mg, x.fineness, x.metal_basis, x.metal_price) as metal,
				q.q::bigint * x.stones_unit as stones) tt
			cross join lateral (select x.id as "lineId", x.k as "lineNo", x.sku, x.description, q.q as quantity, x.size, x.alloy, x.fineness,
				x.target_weight_mg as "targetWeightMg", x.weight_tolerance_mg as "weightToleranceMg", x.stone_spec as "stoneSpec",
				x.stone_count as "stoneCount", x.has_diamonds as "hasDiamonds", x.labor_basis as "laborBasis",
				x.labor_price as "laborUnitPriceMinor", x.metal_basis as "metalBasis", x.metal_price as "metalPricePerGramMinor",
				x.metal_fix_date as "metalFixDate", x.stones_unit as "stonesUnitPriceMinor", x.due_date as "dueDate", '' as notes,
				false as cancelled,
				json_build_object('laborMinor', tt.labor, 'metalMinor', tt.metal, 'stonesMinor', tt.stones, 'totalMinor', tt.labor + tt.metal + tt.stones) as totals) j
			group by rev.p, rev.rv
		)
		insert into purchase_order_revision (id, purchase_order_id, vendor_id, revision, summary, snapshot, created_by, created_by_name, created_at)
		select md5('bench-rev-' || rev.key || '-' || rev.rv)::uuid, rev.id, rev.vendor_id, rev.rv,
			case when rev.rv = 1 then 'First issue' else 'Quantities updated on every third line' end,
			json_build_object(
				'number', po.number, 'revision', rev.rv, 'currency', rev.currency,
				'brand', json_build_object('name', 'Maison Aurelle', 'address', ${BRAND_ADDRESS}::text),
				'vendor', json_build_object('name', v.name, 'address', json_build_array(v.address_line1, concat_ws(' ', v.postal_code, v.city, v.region)),
					'country', case v.country when 'US' then 'United States' when 'TH' then 'Thailand' when 'IN' then 'India'
						when 'IT' then 'Italy' when 'BE' then 'Belgium' else v.country end,
					'taxId', v.tax_id, 'email', v.email),
				'shipTo', po.ship_to, 'requestedDate', po.requested_date, 'collection', po.collection, 'terms', po.terms, 'notes', po.notes,
				'lines', l.lines,
				'totals', json_build_object('laborMinor', l.labor, 'metalMinor', l.metal, 'stonesMinor', l.stones, 'totalMinor', l.labor + l.metal + l.stones),
				'issuedAt', to_char(rev.issued_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
				'issuedBy', u.name,
				'summary', case when rev.rv = 1 then 'First issue' else 'Quantities updated on every third line' end
			)::jsonb,
			rev.created_by, u.name, rev.issued_at
		from rev
		join lines l on l.p = rev.p and l.rv = rev.rv
		join purchase_order po on po.id = rev.id
		join vendor v on v.id = rev.vendor_id
		join app_user u on u.id = rev.created_by
	`);

	// Threads: a few messages on one PO in ten, six on each scenario PO, alternately from each side.
	await db.execute(sql`
		insert into purchase_order_message (id, purchase_order_id, vendor_id, author_id, author_name, side, body, created_at)
		select md5('bench-msg-' || b.key || '-' || m)::uuid, b.id, b.vendor_id,
			case when m % 2 = 1 then md5('bench-user-' || b.w)::uuid else b.created_by end,
			case when m % 2 = 1 then vu.name else su.name end,
			case when m % 2 = 1 then 'vendor' else 'brand' end,
			(array['Wax for line 2 approved, casting Monday.', 'Please confirm the prong height on the solitaire.',
				'Setting is finished on most pieces; polishing this week, shipping Friday, insured.',
				'Thank you. Please put the weight of every piece on the packing list.',
				'The 0.50 ct bezel cups are on back order; we need a few more days for line 3.',
				'Understood. Keep the dates on the other lines as promised.'])[1 + (m - 1) % 6],
			b.created_at + interval '2 hours' + m * interval '5 hours'
		from bench_po b
		cross join lateral generate_series(1, b.messages) as m
		join app_user vu on vu.id = md5('bench-user-' || b.w)::uuid
		join app_user su on su.id = b.created_by
		where b.messages > 0 and b.w <= ${V}::int
	`);

	// Change requests: one open on the first line of a PO waiting for ops; two decided on each scenario PO.
	await db.execute(sql`
		insert into purchase_order_change_request (id, purchase_order_id, line_id, vendor_id, revision, proposed_quantity, proposed_unit_price_minor,
			proposed_due_date, reason, status, decision_note, decided_by, decided_at, created_by, created_by_name, created_at)
		select md5('bench-cr-' || b.key || '-' || c.k)::uuid, b.id, md5('bench-pol-' || b.key || '-' || c.k)::uuid, b.vendor_id,
			case when b.r < 0 then c.k else b.revision end,
			case when c.k = 1 then 2 + (b.p * 13 + 5) % 40 - 1 end,
			null,
			case when c.k <> 1 then b.first_due + 10 end,
			case when c.k = 1 then 'We can match only enough stones from one colour batch for one piece less.'
				else 'The findings for this line are on back order; we need 10 more days.' end,
			case when b.r < 0 then 'accepted' else 'open' end,
			case when b.r < 0 then 'Accepted; the rest goes on the next order.' end,
			case when b.r < 0 then b.created_by end,
			case when b.r < 0 then b.created_at + interval '1 day' + c.k * interval '2 days' end,
			md5('bench-user-' || b.w)::uuid, u.name,
			b.created_at + interval '20 hours' + c.k * interval '2 days'
		from bench_po b
		cross join lateral (select k from generate_series(1, case when b.r < 0 then 2 else 1 end) as k) c
		join app_user u on u.id = md5('bench-user-' || b.w)::uuid
		where (b.status = 'change_requested' or b.r < 0) and b.w <= ${V}::int
	`);

	// History: drafted and (unless still a draft) sent, as the services record them.
	await db.execute(sql`
		insert into audit_event (occurred_at, actor_user_id, actor_name, vendor_id, entity_type, entity_id, action, summary)
		select case when e.k = 1 then b.created_at else po.sent_at end, b.created_by, u.name, b.vendor_id, 'purchase_order', b.id::text,
			case when e.k = 1 then 'purchase_order.created' else 'purchase_order.sent' end,
			case when e.k = 1 then u.name || ' drafted ' || po.number || ' with ' || b.n_lines || ' lines'
				else u.name || ' sent ' || po.number || ' (revision ' || po.revision || ')' end
		from bench_po b
		join purchase_order po on po.id = b.id
		join app_user u on u.id = b.created_by
		cross join lateral generate_series(1, case when b.revision > 0 then 2 else 1 end) as e(k)
	`);
	await db.execute(sql`drop table bench_line; drop table bench_po; drop function pg_temp.bench_labor; drop function pg_temp.bench_metal`);
	await db.execute(sql`reset session_replication_role; reset work_mem`);
}

/**
 * Sending a PO stores the PDF it e-mailed with the revision, and downloads serve those bytes. The
 * bulk insert above writes snapshots only, so the scenario POs get their stored PDFs here, drawn by
 * the app's own renderer into the file store the bench server reads (`<dataDir>/files`).
 */
export async function storeScenarioPdfs(handle: DatabaseHandle, filesRoot: string): Promise<void> {
	const { renderPurchaseOrderPdf } = await import('../../src/lib/server/pdf/purchase-order.ts');
	const { createLocalFileStore } = await import('../../src/lib/server/files/local-store.ts');
	// the database was just recreated, so files from an earlier run point nowhere: start empty
	await rm(filesRoot, { recursive: true, force: true });
	const store = createLocalFileStore(filesRoot);
	for (const key of Object.keys(benchPurchaseOrders) as BenchPoKey[]) {
		const poId = benchPoId(key);
		const result = await handle.db.execute(sql`
			select r.id, r.revision, r.snapshot, r.vendor_id from purchase_order_revision r
			join purchase_order p on p.id = r.purchase_order_id and p.revision = r.revision
			where r.purchase_order_id = ${poId}`);
		const [revision] = rowsOf<{
			id: string;
			revision: number;
			snapshot: Parameters<typeof renderPurchaseOrderPdf>[0];
			vendor_id: string;
		}>(result);
		if (!revision) continue;
		const bytes = await renderPurchaseOrderPdf(revision.snapshot);
		const fileKey = `vendors/${revision.vendor_id}/purchase-order-pdf/${md5Uuid(`bench-pdf-${key}`)}`;
		await store.put(fileKey, bytes, 'application/pdf');
		await handle.db.execute(sql`
			with file as (
				insert into stored_file (vendor_id, key, purpose, content_type, byte_size, original_name, sha256)
				values (${revision.vendor_id}, ${fileKey}, 'purchase-order-pdf', 'application/pdf', ${bytes.byteLength}, ${`${revision.snapshot.number}.pdf`},
					${createHash('sha256').update(bytes).digest('hex')})
				returning id
			)
			update purchase_order_revision set pdf_file_id = (select id from file) where id = ${revision.id}`);
	}
}
