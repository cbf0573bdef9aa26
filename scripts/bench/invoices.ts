/**
 * The bench's receiving totals and vendor invoices (issue 5): by default 50,000 invoices with about
 * 400,000 lines on the closed POs' lines, some credit notes against them and the payments that settled
 * the old ones — built with set-based SQL after the POs, like the rest of the data set.
 *
 * What matching reads is filled in: each closed PO line was received in full, mostly accepted in QC
 * (one line in 12 had a piece returned, one in 25 a piece still in rework), weighed, and a market-basis
 * line has its market price. Each workshop's received lines, newest first, are cut into invoices of
 * 5–11 lines (8 on average) billing the accepted pieces at the PO price and the agreed metal, so a
 * re-match finds them matching — except, by arithmetic on the invoice's number:
 *   5 % bill one piece more than accepted, 4 % charge 5 % over the PO price on a line, 3 % bill 6 % more
 *   fine metal than was accepted (exception); half of the first two have the credit note that fixes
 *   them (matched again). 2 % were sent twice: the same invoice under another number, same date and
 *   amount (a possible-duplicate warning and, billing the pieces again, an exception). 4 % carry freight
 *   nobody agreed and 2 % charge under the PO price (warnings only); 5 % carry the freight their PO
 *   agreed (matched). Of what matches, all but each workshop's newest three are approved, the fourth and
 *   fifth newest on a scheduled payment and the older ones paid; a few open ones are held by finance.
 *
 * Every unpaid invoice and every credit note starts unmatched (status submitted): the bench's first
 * `rematchAllVendors` matches and writes every one of them with the paid ones as context — a full
 * re-match of every open line — and that run is the `rematch-all` measurement (see
 * `rematchBenchInvoices`). Paid invoices were matched before they were paid: they are stored as such,
 * and re-matching leaves settled documents as they were paid.
 *
 * The workshop of the scenario POs (BENCH_PO_WORKSHOP) bills each line in two halves on invoices of
 * three lines, so its people see a few hundred invoices; and it has the scenario invoice, on the first
 * eight lines of the 20-line scenario PO, with two pieces billed that QC returned, one line over the PO
 * price, freight nobody agreed, and a credit note for the price difference.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { openDatabase, rowsOf, type DatabaseHandle } from '../../src/lib/server/db/client.ts';
import { BENCH_PO_WORKSHOP, benchPoId, benchWorkshopId } from './purchase-orders.ts';

function md5Uuid(text: string): string {
	const hex = createHash('md5').update(text).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The invoice the page scenarios open (8 lines, findings, a credit note), at the scenario POs' workshop. */
export const BENCH_PAGE_INVOICE = md5Uuid('bench-invoice-page');

export interface InvoiceSize {
	invoices: number;
	/** bench users 1..vendorUsers are workshop people; the staff follow */
	vendorUsers: number;
	staffUsers: number;
}

export interface InvoiceReport {
	invoices: number;
	creditNotes: number;
	lines: number;
	payments: number;
	/** invoices and credit notes of the scenario POs' workshop */
	benchWorkshop: number;
	/** set when the POs could not carry the invoices asked for */
	shortfall: string | null;
}

/** Insured freight for one shipment, in the currency in `column` (minor units). */
const freightOf = (column: string) =>
	sql.raw(`(case ${column} when 'THB' then 150000 when 'INR' then 350000 when 'EUR' then 4000 else 4500 end)`);

/** Inserts receiving totals, invoices, credit notes and payments. Needs the POs (purchase-orders.ts). */
export async function insertInvoices(handle: DatabaseHandle, size: InvoiceSize): Promise<InvoiceReport | null> {
	const { db } = handle;
	const N = size.invoices;
	if (N === 0) return null;
	const bench = benchWorkshopId(BENCH_PO_WORKSHOP);
	const V = size.vendorUsers;
	// staff user u = V + 1 + j has role ['admin','ops','ops','finance','ops'][j % 5]: j = 5m + 3 is finance
	const financeUsers = Math.max(0, Math.floor((size.staffUsers - 4) / 5) + 1);
	const financeUser = (k: string) =>
		financeUsers > 0 ? sql.raw(`md5('bench-user-' || (${V} + 4 + 5 * ((${k}) % ${financeUsers})))::uuid`) : sql.raw('null::uuid');

	await db.execute(sql`set work_mem = '256MB'; set temp_buffers = '512MB'`);
	await db.execute(sql`set session_replication_role = replica`).catch(() => {});

	// Receiving and QC, as totals on the PO lines (what matching reads): closed POs were received in full.
	await db.execute(sql`
		with facts as (
			select l.id, l.quantity, abs(hashtext(l.id::text)) as h, l.target_weight_mg, l.metal_basis, l.metal_price_per_gram_minor, o.created_at
			from purchase_order_line l join purchase_order o on o.id = l.purchase_order_id
			where o.status = 'closed'
		),
		qc as (
			select f.*, case when f.h % 12 = 0 then 1 else 0 end as returned, case when f.h % 25 = 1 then 1 else 0 end as rework from facts f
		)
		update purchase_order_line l set
			received_quantity = q.quantity,
			returned_quantity = q.returned,
			rework_quantity = q.rework,
			accepted_quantity = q.quantity - q.returned - q.rework,
			-- weighed at receiving: within 1 % of the target weight
			accepted_gross_weight_mg = case when q.quantity - q.returned - q.rework > 0
				then ((q.quantity - q.returned - q.rework)::bigint * coalesce(q.target_weight_mg, 1000) * (990 + q.h % 21) / 1000)::int end,
			market_metal_price_per_gram_minor = case when q.metal_basis = 'market' then q.metal_price_per_gram_minor * (97 + q.h % 7) / 100 end,
			market_price_on = case when q.metal_basis = 'market' then (q.created_at + interval '35 days')::date end
		from qc q where q.id = l.id
	`);

	// Every received line's pieces, in the order each workshop billed them (newest first); the bench
	// workshop billed each line in two halves.
	await db.execute(sql`
		create temp table bench_unit as
		with received as (
			select l.id as po_line_id, l.purchase_order_id as po_id, l.vendor_id, o.currency, o.created_at as po_created, l.line_no, l.description,
				l.accepted_quantity, l.accepted_gross_weight_mg, l.fineness, l.metal_basis,
				(case l.labor_basis when 'per_piece' then l.labor_unit_price_minor
					when 'per_stone' then l.labor_unit_price_minor * l.stone_count
					else div(l.labor_unit_price_minor::numeric * coalesce(l.target_weight_mg, 0) * 2 + 1000, 2000)::bigint
				end + l.stones_unit_price_minor) as unit_price,
				case l.metal_basis when 'consigned' then null when 'fixed' then l.metal_price_per_gram_minor else l.market_metal_price_per_gram_minor end as metal_price
			from purchase_order_line l join purchase_order o on o.id = l.purchase_order_id
			where o.status = 'closed' and l.accepted_quantity > 0
		),
		parts as (
			select r.*, pt.part,
				case when r.vendor_id <> ${bench}::uuid then r.accepted_quantity
					when pt.part = 1 then (r.accepted_quantity + 1) / 2 else r.accepted_quantity - (r.accepted_quantity + 1) / 2 end as bill_q
			from received r cross join lateral generate_series(1, case when r.vendor_id = ${bench}::uuid then 2 else 1 end) as pt(part)
		)
		select p.*,
			-- the fine metal of the billed pieces: accepted gross × fineness, shared by pieces, rounded down
			case when p.metal_price is not null and p.accepted_gross_weight_mg is not null
				then (p.accepted_gross_weight_mg::bigint * p.fineness * p.bill_q / p.accepted_quantity / 1000)::int end as fine_mg,
			row_number() over (partition by p.vendor_id order by p.po_created desc, p.po_id, p.part, p.line_no) - 1 as rn
		from parts p where p.bill_q > 0
	`);
	// units → invoices: blocks of 16 units split in two invoices of 5–11 lines; the bench workshop's of 3
	await db.execute(sql`alter table bench_unit add column g int`);
	await db.execute(sql`
		update bench_unit set g = case when vendor_id = ${bench}::uuid then (rn / 3)::int
			else (rn / 16)::int * 2 + case when rn % 16 >= (array[5, 8, 7, 10, 8, 6, 9, 8])[1 + (abs(hashtext(vendor_id::text))::bigint + rn / 16) % 8] then 1 else 0 end
		end
	`);
	await db.execute(sql`create index on bench_unit (vendor_id, g); analyze bench_unit`);

	// The documents: one invoice per group, a second copy of 2 % of them; the first N kept, newest of
	// every workshop first (the bench workshop's all).
	await db.execute(sql`
		create temp table bench_doc as
		with grp as (
			select u.vendor_id, u.g, min(u.currency) as currency, (array_agg(u.po_id order by u.rn))[1] as po_id,
				(max(u.po_created) + interval '40 days' + (abs(hashtext(u.vendor_id::text || u.g))) % 10 * interval '1 day')::date as invoice_date,
				abs(hashtext(u.vendor_id::text || '-' || u.g)) as h
			from bench_unit u group by u.vendor_id, u.g
		),
		flagged as (
			select grp.*, case
				when h % 100 < 5 then 'over_qty' when h % 100 < 9 then 'over_price' when h % 100 < 12 then 'metal_over'
				when h % 100 < 14 then 'sent_twice' when h % 100 < 18 then 'freight_not_agreed' when h % 100 < 20 then 'under_price'
				when h % 100 < 25 then 'freight_agreed' else 'clean' end as flag
			from grp
		),
		docs as (
			select f.*, c.copy from flagged f cross join lateral generate_series(0, case when f.flag = 'sent_twice' then 1 else 0 end) as c(copy)
		),
		ranked as (
			select d.*, row_number() over (order by (d.vendor_id = ${bench}::uuid) desc, d.g, d.vendor_id, d.copy) as k from docs d
		)
		select r.vendor_id, r.g, r.copy, r.currency, r.po_id, r.invoice_date, r.h, r.flag,
			md5('bench-inv-' || r.vendor_id || '-' || r.g || '-' || r.copy)::uuid as id,
			-- expected to match (or warn) after the re-match: the lifecycle goes on by age
			(r.flag in ('clean', 'freight_not_agreed', 'under_price', 'freight_agreed') or (r.flag in ('over_qty', 'over_price') and r.g % 2 = 0)) as settles,
			r.flag in ('over_qty', 'over_price') and r.g % 2 = 0 as credited
		from ranked r where r.k <= ${N}::int
	`);
	await db.execute(sql`
		alter table bench_doc add column number text, add column number_key text, add column stage text, add column payment_key text;
		update bench_doc d set
			number = 'INV-' || extract(year from n.invoice_date) || '-' || lpad(n.s::text, greatest(5, length(n.s::text)), '0') || case when d.copy = 1 then '-R' else '' end,
			number_key = extract(year from n.invoice_date)::int::text || n.s || case when d.copy = 1 then 'R' else '' end
		from (select vendor_id, g, invoice_date, row_number() over (partition by vendor_id, extract(year from invoice_date) order by invoice_date, g desc) as s
			from bench_doc where copy = 0) n
		where n.vendor_id = d.vendor_id and n.g = d.g;
		-- age per workshop: the three newest groups are open, the 4th approved, the 5th and 6th on a scheduled payment, older paid
		update bench_doc set stage = case when not settles then 'open' when g <= 2 then 'open' when g = 3 then 'approved'
			when g <= 5 then 'scheduled' else 'paid' end;
		update bench_doc set payment_key = case stage when 'scheduled' then 's' when 'paid' then ((g - 6) / 4)::text end;
		create index on bench_doc (vendor_id, g);
		analyze bench_doc
	`);
	// the copy is the same invoice under another number: same date, same lines, same amount
	await db.execute(sql`
		create temp table bench_doc_line as
		select d.id as invoice_id, d.vendor_id, (row_number() over (partition by d.id order by u.rn))::int as line_no,
			u.po_line_id, u.description,
			u.bill_q + case when d.flag = 'over_qty' and u.rn = f.first_rn then 1 else 0 end as quantity,
			case when d.flag = 'over_price' and u.rn = f.first_rn then u.unit_price + (u.unit_price * 5 + 99) / 100
				when d.flag = 'under_price' and u.rn = f.first_rn then u.unit_price - (u.unit_price * 3) / 100
				else u.unit_price end as unit_price,
			case when d.flag = 'metal_over' then (u.fine_mg * 106 / 100)::int else u.fine_mg end as fine_mg,
			case when u.fine_mg is not null then u.metal_price end as metal_price,
			u.unit_price as agreed_unit_price, u.rn = f.first_rn as is_first
		from bench_doc d
		join bench_unit u on u.vendor_id = d.vendor_id and u.g = d.g
		join (select vendor_id, g, min(rn) as first_rn from bench_unit group by vendor_id, g) f on f.vendor_id = d.vendor_id and f.g = d.g
	`);
	await db.execute(sql`
		alter table bench_doc_line add column amount bigint;
		update bench_doc_line set amount = quantity::bigint * unit_price
			+ coalesce(div(fine_mg::numeric * metal_price * 2 + 1000, 2000)::bigint, 0);
		analyze bench_doc_line
	`);

	// freight: agreed on the PO for some (matched), on nobody's word for others (a warning)
	const freight = freightOf('d.currency');
	await db.execute(sql`
		update purchase_order o set agreed_charges_minor = jsonb_build_object('freight', ${freight})
		from bench_doc d where d.po_id = o.id and d.flag = 'freight_agreed'
	`);

	await db.execute(sql`
		insert into stored_file (id, vendor_id, key, purpose, content_type, byte_size, original_name, sha256, created_at)
		select md5('bench-invoice-pdf-' || v.vendor_id)::uuid, v.vendor_id,
			'vendors/' || v.vendor_id || '/invoice/' || md5('bench-invoice-pdf-' || v.vendor_id)::uuid,
			'invoice', 'application/pdf', 48213, 'invoice.pdf', encode(sha256(convert_to('bench-invoice-pdf-' || v.vendor_id, 'UTF8')), 'hex'),
			now() - interval '4 years'
		from (select distinct vendor_id from bench_doc) v
	`);

	// payments: a workshop's settled invoices four at a time (net of their credit notes), paid or scheduled
	await db.execute(sql`
		insert into payment (id, number, vendor_id, status, currency, amount_minor, method, scheduled_on, paid_on, reference, created_by, created_at, paid_at)
		select p.id, 'PAY-' || extract(year from p.scheduled_on) || '-' || lpad(p.s::text, greatest(4, length(p.s::text)), '0'),
			p.vendor_id, p.status, p.currency, 0, 'wire', p.scheduled_on, case when p.status = 'paid' then p.scheduled_on end,
			case when p.status = 'paid' then 'WIRE ' || upper(substr(md5(p.id::text), 1, 10)) else '' end,
			${financeUser('p.n')}, p.scheduled_on - 2,
			case when p.status = 'paid' then p.scheduled_on + interval '10 hours' end
		from (select q.*, row_number() over (partition by extract(year from q.scheduled_on) order by q.scheduled_on, q.id) as s from (
			select md5('bench-payment-' || vendor_id || '-' || payment_key)::uuid as id, vendor_id, min(currency) as currency,
				case when payment_key = 's' then 'scheduled' else 'paid' end as status,
				case when payment_key = 's' then current_date + 7 else max(invoice_date) + 30 end as scheduled_on,
				abs(hashtext(vendor_id::text || payment_key)) as n
			from bench_doc where payment_key is not null group by vendor_id, payment_key
		) q) p
	`);
	await db.execute(sql`
		insert into vendor_invoice (id, vendor_id, kind, number, number_key, invoice_year, invoice_date, due_date, terms, currency,
			purchase_order_id, pdf_file_id, notes, goods_minor, metal_minor, charges_minor, total_minor,
			status, match_status, held_by, hold_reason, hold_until, held_at, approved_by, approved_at, payment_id, submitted_by, submitted_at, created_at, updated_at)
		select d.id, d.vendor_id, 'invoice', d.number, d.number_key, extract(year from d.invoice_date)::int, d.invoice_date, d.invoice_date + 30, 'Net 30',
			d.currency, d.po_id, md5('bench-invoice-pdf-' || d.vendor_id)::uuid, '',
			t.goods, t.metal, t.charges, t.goods + t.metal + t.charges,
			-- paid invoices were matched before they were paid; re-matching leaves them as they are
			case when d.stage = 'paid' then 'paid' else 'submitted' end, case when d.stage = 'paid' then 'matched' else 'pending' end,
			case when held then ${financeUser('d.h')} end,
			case when held then 'The workshop owes us a replacement for a piece returned last month; hold until it arrives.' end,
			case when held then current_date + 14 end,
			case when held then now() - interval '2 days' end,
			case when d.stage <> 'open' then ${financeUser('d.h')} end,
			case when d.stage <> 'open' then s.submitted_at + interval '3 days' end,
			case when d.payment_key is not null then md5('bench-payment-' || d.vendor_id || '-' || d.payment_key)::uuid end,
			md5('bench-user-' || (1 + d.h % ${Math.max(1, V)}::int))::uuid,
			s.submitted_at, s.submitted_at, s.submitted_at
		from bench_doc d
		cross join lateral (select least(now() - interval '1 hour', d.invoice_date + interval '1 day' + (d.h % 600) * interval '1 minute'
			+ d.copy * interval '6 days') as submitted_at) s
		cross join lateral (select d.stage = 'open' and d.settles and d.h % 67 = 0 as held) hold
		join (
			select invoice_id, sum(quantity::bigint * unit_price) as goods,
				sum(coalesce(div(fine_mg::numeric * metal_price * 2 + 1000, 2000)::bigint, 0)) as metal
			from bench_doc_line group by invoice_id
		) g on g.invoice_id = d.id
		cross join lateral (select g.goods, g.metal, case when d.flag in ('freight_agreed', 'freight_not_agreed') then ${freight} else 0 end as charges) t
	`);
	// submitted_by above is any workshop person: point it at one of the workshop's own people
	await db.execute(sql`
		update vendor_invoice i set submitted_by = m.user_id
		from (select distinct on (vendor_id) vendor_id, user_id from membership where vendor_id is not null order by vendor_id, role, user_id) m
		where m.vendor_id = i.vendor_id
	`);
	await db.execute(sql`
		insert into vendor_invoice_line (invoice_id, vendor_id, line_no, kind, purchase_order_line_id, description, quantity, unit_price_minor,
			fine_weight_mg, metal_price_per_fine_gram_minor, amount_minor)
		select invoice_id, vendor_id, line_no, 'goods', po_line_id, description, quantity, unit_price, fine_mg, metal_price, amount
		from bench_doc_line;
		insert into vendor_invoice_line (invoice_id, vendor_id, line_no, kind, description, charge, amount_minor)
		select d.id, d.vendor_id, 1 + n.lines, 'charge', 'Insured freight', 'freight', ${freight}
		from bench_doc d join (select invoice_id, count(*)::int as lines from bench_doc_line group by invoice_id) n on n.invoice_id = d.id
		where d.flag in ('freight_agreed', 'freight_not_agreed')
	`);
	// credit notes: one piece back (over_qty) or the price difference (over_price), on half of those
	await db.execute(sql`
		insert into vendor_invoice (id, vendor_id, kind, number, number_key, invoice_year, invoice_date, terms, currency, credits_invoice_id,
			purchase_order_id, pdf_file_id, notes, goods_minor, metal_minor, charges_minor, total_minor, status, match_status,
			approved_by, approved_at, payment_id, submitted_by, submitted_at, created_at, updated_at)
		select md5('bench-cn-' || d.id)::uuid, d.vendor_id, 'credit_note',
			'CN-' || extract(year from d.cn_date) || '-' || lpad(d.s::text, greatest(4, length(d.s::text)), '0'),
			'CN' || extract(year from d.cn_date) || d.s, extract(year from d.cn_date)::int, d.cn_date, '', d.currency, d.id, d.po_id,
			md5('bench-invoice-pdf-' || d.vendor_id)::uuid, 'As agreed with finance.', d.amount, 0, 0, d.amount, 'submitted', 'pending',
			i.approved_by, i.approved_at, i.payment_id, i.submitted_by, i.submitted_at + interval '2 days', i.submitted_at + interval '2 days', i.submitted_at + interval '2 days'
		from (
			select x.*, row_number() over (partition by x.vendor_id, extract(year from x.cn_date) order by x.cn_date, x.g desc) as s
			from (
				select d.id, d.vendor_id, d.g, d.currency, d.po_id, least(current_date, d.invoice_date + 2) as cn_date,
					case when d.flag = 'over_qty' then l.unit_price else l.quantity::bigint * (l.unit_price - l.agreed_unit_price) end as amount
				from bench_doc d join bench_doc_line l on l.invoice_id = d.id and l.is_first
				where d.credited
			) x
		) d
		join vendor_invoice i on i.id = d.id
	`);
	await db.execute(sql`
		insert into vendor_invoice_line (invoice_id, vendor_id, line_no, kind, purchase_order_line_id, description, quantity, unit_price_minor, part, amount_minor)
		select md5('bench-cn-' || d.id)::uuid, d.vendor_id, 1, case when d.flag = 'over_qty' then 'goods' else 'adjustment' end, l.po_line_id,
			case when d.flag = 'over_qty' then 'Piece returned in QC, not to be paid' else 'Price difference to the PO' end,
			case when d.flag = 'over_qty' then 1 end, case when d.flag = 'over_qty' then l.unit_price end,
			case when d.flag = 'over_price' then 'goods' end,
			case when d.flag = 'over_qty' then l.unit_price else l.quantity::bigint * (l.unit_price - l.agreed_unit_price) end
		from bench_doc d join bench_doc_line l on l.invoice_id = d.id and l.is_first
		where d.credited
	`);
	await db.execute(sql`
		update payment p set amount_minor = s.amount
		from (select payment_id, sum(case when kind = 'invoice' then total_minor else -total_minor end) as amount
			from vendor_invoice where payment_id is not null group by payment_id) s
		where s.payment_id = p.id;
		insert into document_counter (kind, year, last_number)
		select 'payment', split_part(number, '-', 2)::int, max(split_part(number, '-', 3)::int) from payment group by 2
		on conflict (kind, year) do update set last_number = greatest(document_counter.last_number, excluded.last_number)
	`);

	await insertPageInvoice(handle, bench);
	// what submitVendorInvoice stores with each document: the PO numbers it reaches
	await db.execute(sql`
		update vendor_invoice i set purchase_order_numbers = n.list
		from (
			select invoice_id, array_agg(distinct number order by number) as list from (
				select l.invoice_id, po.number from vendor_invoice_line l
					join purchase_order_line pl on pl.id = l.purchase_order_line_id join purchase_order po on po.id = pl.purchase_order_id
				union all
				select d.id, po.number from vendor_invoice d join purchase_order po on po.id = d.purchase_order_id
			) reached group by invoice_id
		) n
		where n.invoice_id = i.id
	`);

	await db.execute(sql`drop table bench_doc_line; drop table bench_doc; drop table bench_unit`);
	await db.execute(sql`reset session_replication_role; reset work_mem`);

	const [counts] = rowsOf<{ invoices: number; credit_notes: number; lines: number; payments: number; bench: number }>(
		await db.execute(sql`
			select (select count(*) from vendor_invoice where kind = 'invoice')::int as invoices,
				(select count(*) from vendor_invoice where kind = 'credit_note')::int as credit_notes,
				(select count(*) from vendor_invoice_line)::int as lines, (select count(*) from payment)::int as payments,
				(select count(*) from vendor_invoice where vendor_id = ${bench}::uuid)::int as bench`)
	);
	const invoices = Number(counts?.invoices ?? 0);
	return {
		invoices,
		creditNotes: Number(counts?.credit_notes ?? 0),
		lines: Number(counts?.lines ?? 0),
		payments: Number(counts?.payments ?? 0),
		benchWorkshop: Number(counts?.bench ?? 0),
		shortfall:
			invoices < N
				? `The closed POs' lines carry only ${invoices.toLocaleString('en-US')} invoices of the ${N.toLocaleString('en-US')} asked for: raise --purchase-orders.`
				: null
	};
}

/**
 * The scenario invoice: the first eight lines of the 20-line scenario PO, received with two pieces of
 * line 2 returned and one of line 5 in rework, billed with line 2 in full (over accepted), line 4 at
 * 4 % over the PO price and freight nobody agreed; a credit note takes back line 4's difference, so
 * the page shows a credit, a hold and a warning.
 */
async function insertPageInvoice(handle: DatabaseHandle, bench: string): Promise<void> {
	const { db } = handle;
	const poId = benchPoId('page');
	const user = md5Uuid(`bench-user-${BENCH_PO_WORKSHOP}`);
	await db.execute(sql`
		update purchase_order_line l set
			received_quantity = l.quantity,
			returned_quantity = case l.line_no when 2 then 2 else 0 end,
			rework_quantity = case l.line_no when 5 then 1 else 0 end,
			accepted_quantity = l.quantity - case l.line_no when 2 then 2 when 5 then 1 else 0 end,
			accepted_gross_weight_mg = ((l.quantity - case l.line_no when 2 then 2 when 5 then 1 else 0 end)::bigint * coalesce(l.target_weight_mg, 1000))::int,
			market_metal_price_per_gram_minor = case when l.metal_basis = 'market' then l.metal_price_per_gram_minor end,
			market_price_on = case when l.metal_basis = 'market' then current_date end
		where l.purchase_order_id = ${poId}::uuid and l.line_no <= 8
	`);
	await db.execute(sql`
		create temp table bench_page_line as
		select l.id as po_line_id, l.line_no, l.description,
			case when l.line_no = 2 then l.quantity else l.accepted_quantity end as quantity,
			p.unit_price + case when l.line_no = 4 then (p.unit_price * 4 + 99) / 100 else 0 end as unit_price, p.unit_price as agreed,
			case when p.metal_price is not null then (l.accepted_gross_weight_mg::bigint * l.fineness / 1000)::int end as fine_mg, p.metal_price
		from purchase_order_line l
		cross join lateral (select (case l.labor_basis when 'per_piece' then l.labor_unit_price_minor
				when 'per_stone' then l.labor_unit_price_minor * l.stone_count
				else div(l.labor_unit_price_minor::numeric * coalesce(l.target_weight_mg, 0) * 2 + 1000, 2000)::bigint end + l.stones_unit_price_minor) as unit_price,
			case l.metal_basis when 'consigned' then null when 'fixed' then l.metal_price_per_gram_minor else l.market_metal_price_per_gram_minor end as metal_price) p
		where l.purchase_order_id = ${poId}::uuid and l.line_no <= 8
	`);
	await db.execute(sql`
		alter table bench_page_line add column amount bigint
	`);
	await db.execute(sql`
		update bench_page_line set amount = quantity::bigint * unit_price + coalesce(div(fine_mg::numeric * metal_price * 2 + 1000, 2000)::bigint, 0)
	`);
	const freight = freightOf('o.currency');
	await db.execute(sql`
		insert into vendor_invoice (id, vendor_id, kind, number, number_key, invoice_year, invoice_date, due_date, terms, currency, purchase_order_id,
			pdf_file_id, notes, goods_minor, metal_minor, charges_minor, total_minor, status, match_status, submitted_by, submitted_at, created_at, updated_at)
		select ${BENCH_PAGE_INVOICE}::uuid, ${bench}::uuid, 'invoice', 'INV-' || extract(year from current_date) || '-90001',
			extract(year from current_date)::int::text || '90001', extract(year from current_date)::int, current_date, current_date + 30, 'Net 30', o.currency, o.id,
			md5('bench-invoice-pdf-' || ${bench}::uuid)::uuid, 'Lines 1–8 of ' || o.number || '; the rest ships next week.',
			t.goods, t.metal, ${freight}, t.goods + t.metal + ${freight}, 'submitted', 'pending', ${user}::uuid,
			now() - interval '20 minutes', now() - interval '20 minutes', now() - interval '20 minutes'
		from purchase_order o
		cross join (select sum(quantity::bigint * unit_price) as goods, sum(coalesce(div(fine_mg::numeric * metal_price * 2 + 1000, 2000)::bigint, 0)) as metal
			from bench_page_line) t
		where o.id = ${poId}::uuid
	`);
	await db.execute(sql`
		insert into vendor_invoice_line (invoice_id, vendor_id, line_no, kind, purchase_order_line_id, description, quantity, unit_price_minor,
			fine_weight_mg, metal_price_per_fine_gram_minor, amount_minor)
		select ${BENCH_PAGE_INVOICE}::uuid, ${bench}::uuid, line_no, 'goods', po_line_id, description, quantity, unit_price, fine_mg, metal_price, amount
		from bench_page_line
	`);
	await db.execute(sql`
		insert into vendor_invoice_line (invoice_id, vendor_id, line_no, kind, description, charge, amount_minor)
		select ${BENCH_PAGE_INVOICE}::uuid, ${bench}::uuid, 9, 'charge', 'Insured freight, FedEx Priority', 'freight', ${freight}
		from purchase_order o where o.id = ${poId}::uuid
	`);
	await db.execute(sql`
		insert into vendor_invoice (id, vendor_id, kind, number, number_key, invoice_year, invoice_date, terms, currency, credits_invoice_id, purchase_order_id,
			pdf_file_id, notes, goods_minor, metal_minor, charges_minor, total_minor, status, match_status, submitted_by, submitted_at, created_at, updated_at)
		select md5('bench-cn-page')::uuid, ${bench}::uuid, 'credit_note', 'CN-' || extract(year from current_date) || '-9001',
			'CN' || extract(year from current_date) || '9001', extract(year from current_date)::int, current_date, '', o.currency,
			${BENCH_PAGE_INVOICE}::uuid, o.id, md5('bench-invoice-pdf-' || ${bench}::uuid)::uuid, 'Price of line 4 back to the PO.',
			c.amount, 0, 0, c.amount, 'submitted', 'pending', ${user}::uuid, now() - interval '5 minutes', now() - interval '5 minutes', now() - interval '5 minutes'
		from purchase_order o cross join (select quantity::bigint * (unit_price - agreed) as amount from bench_page_line where line_no = 4) c
		where o.id = ${poId}::uuid
	`);
	await db.execute(sql`
		insert into vendor_invoice_line (invoice_id, vendor_id, line_no, kind, purchase_order_line_id, description, part, amount_minor)
		select md5('bench-cn-page')::uuid, ${bench}::uuid, 1, 'adjustment', po_line_id, 'Price difference to the PO', 'goods', quantity::bigint * (unit_price - agreed)
		from bench_page_line where line_no = 4
	`);
	await db.execute(sql`
		drop table bench_page_line
	`);
	// a history for the page
	await db.execute(sql`
		insert into audit_event (occurred_at, actor_user_id, actor_name, vendor_id, entity_type, entity_id, action, summary)
		select now() - interval '20 minutes', ${user}::uuid, u.name, ${bench}::uuid, 'vendor_invoice', ${BENCH_PAGE_INVOICE}, 'invoice.submitted',
			u.name || ' submitted invoice INV-' || extract(year from current_date) || '-90001'
		from app_user u where u.id = ${user}::uuid
	`);
}

export interface RematchReport {
	ms: number;
	vendors: number;
	documents: number;
	changed: number;
	/** documents (invoices and credit notes) per status after the re-match */
	statuses: Record<string, number>;
	matchStatuses: Record<string, number>;
}

/**
 * The first re-match of the data set — every open document is still unmatched, so every one is
 * matched and written — timed as the nightly job runs it: `rematchAllVendors` in one transaction as bezel_staff.
 */
export async function rematchBenchInvoices(url: string): Promise<RematchReport> {
	const { rematchAllVendors } = await import('../../src/lib/server/invoices/rematch.ts');
	const handle = await openDatabase({ kind: 'postgres', url, poolMax: 1 });
	try {
		const started = performance.now();
		const summary = await handle.db.transaction(async (tx) => {
			await tx.execute(
				sql`select set_config('role', 'bezel_staff', true), set_config('app.vendor_id', '', true), set_config('app.user_id', '', true)`
			);
			return rematchAllVendors(tx as never);
		});
		const ms = performance.now() - started;
		// the re-match rewrote every document and many PO lines: tidy up as autovacuum would before the pages run
		await handle.db.execute(sql`vacuum (analyze) vendor_invoice`);
		await handle.db.execute(sql`vacuum (analyze) purchase_order_line`);
		const count = async (column: 'status' | 'match_status') =>
			Object.fromEntries(
				rowsOf<{ key: string; n: number }>(
					await handle.db.execute(sql`select ${sql.raw(column)} as key, count(*)::int as n from vendor_invoice group by 1 order by 2 desc`)
				).map((row) => [row.key, Number(row.n)])
			);
		return { ms, ...summary, statuses: await count('status'), matchStatuses: await count('match_status') };
	} finally {
		await handle.close();
	}
}
