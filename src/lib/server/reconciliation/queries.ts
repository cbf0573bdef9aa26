/**
 * Reads for reconciliation and the per-workshop liability: a fixed number of statements whatever the
 * size of a PO or of the list. Run in the actor's transaction: for a workshop, row-level security keeps
 * every row to its own (the service checks the PO too).
 *
 * "Paid" is read from the documents themselves — goods and adjustment lines of paid invoices on a PO
 * line, minus those of paid credit notes — in the PO's currency only; "invoiced" is what matching
 * counted (purchase_order_line.invoiced_*, net of credit notes, duplicates left out).
 */
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf } from '#lib/server/db/client.ts';
import type { Tx } from '#lib/server/db/scope.ts';
import { containsPattern } from '#lib/server/db/like.ts';

const num = (value: string | number | null | undefined): number => (value === null || value === undefined ? 0 : Number(value));

export interface ReconciliationPoRow {
	id: string;
	number: string;
	vendorId: string;
	vendorName: string;
	status: string;
	currency: string;
	version: number;
	firstSentAt: Date | null;
	agreedChargesMinor: Partial<Record<'freight' | 'insurance' | 'certificates' | 'other', number>>;
}

export async function selectReconciliationPo(tx: Tx, poId: string): Promise<ReconciliationPoRow | undefined> {
	const [row] = rowsOf<{
		id: string;
		number: string;
		vendor_id: string;
		vendor_name: string;
		status: string;
		currency: string;
		version: number;
		first_sent_at: Date | string | null;
		agreed_charges_minor: ReconciliationPoRow['agreedChargesMinor'] | null;
	}>(
		await tx.execute(sql`
			select p.id, p.number, p.vendor_id, v.name as vendor_name, p.status, p.currency, p.version, p.first_sent_at, p.agreed_charges_minor
			from purchase_order p join vendor v on v.id = p.vendor_id
			where p.id = ${poId}`)
	);
	if (!row) return undefined;
	return {
		id: row.id,
		number: row.number,
		vendorId: row.vendor_id,
		vendorName: row.vendor_name,
		status: row.status,
		currency: row.currency,
		version: Number(row.version),
		firstSentAt: row.first_sent_at === null ? null : new Date(row.first_sent_at),
		agreedChargesMinor: row.agreed_charges_minor ?? {}
	};
}

export interface ReconciliationLineRow {
	id: string;
	lineNo: number;
	sku: string;
	description: string;
	cancelled: boolean;
	orderedQuantity: number;
	orderedMinor: number;
	receivedQuantity: number;
	acceptedQuantity: number;
	reworkQuantity: number;
	returnedQuantity: number;
	invoicedQuantity: number;
	invoicedMinor: number;
	paidQuantity: number;
	paidMinor: number;
}

/** Every line of the PO with its receiving, QC, invoiced and paid figures: one statement. */
export async function selectReconciliationLines(tx: Tx, poId: string, currency: string): Promise<ReconciliationLineRow[]> {
	const rows = rowsOf<Record<string, string | number | boolean | null>>(
		await tx.execute(sql`
			select l.id, l.line_no, l.sku, l.description, l.cancelled, l.quantity, l.total_minor,
				l.received_quantity, l.accepted_quantity, l.rework_quantity, l.returned_quantity,
				l.invoiced_quantity, l.invoiced_minor,
				coalesce(p.paid_quantity, 0) as paid_quantity, coalesce(p.paid_minor, 0) as paid_minor
			from purchase_order_line l
			left join (
				select il.purchase_order_line_id,
					sum(case when i.kind = 'credit_note' then -il.quantity else il.quantity end) filter (where il.kind = 'goods') as paid_quantity,
					sum(case when i.kind = 'credit_note' then -il.amount_minor else il.amount_minor end) as paid_minor
				from vendor_invoice_line il
				join vendor_invoice i on i.id = il.invoice_id
				where i.status = 'paid' and i.currency = ${currency} and il.kind in ('goods', 'adjustment')
					and il.purchase_order_line_id in (select id from purchase_order_line where purchase_order_id = ${poId})
				group by il.purchase_order_line_id
			) p on p.purchase_order_line_id = l.id
			where l.purchase_order_id = ${poId}
			order by l.line_no`)
	);
	return rows.map((r) => ({
		id: String(r.id),
		lineNo: num(r.line_no as number),
		sku: String(r.sku ?? ''),
		description: String(r.description ?? ''),
		cancelled: r.cancelled === true,
		orderedQuantity: num(r.quantity as number),
		orderedMinor: num(r.total_minor as string),
		receivedQuantity: num(r.received_quantity as number),
		acceptedQuantity: num(r.accepted_quantity as number),
		reworkQuantity: num(r.rework_quantity as number),
		returnedQuantity: num(r.returned_quantity as number),
		invoicedQuantity: num(r.invoiced_quantity as number),
		invoicedMinor: num(r.invoiced_minor as string),
		paidQuantity: num(r.paid_quantity as string),
		paidMinor: num(r.paid_minor as string)
	}));
}

export interface ReconciliationChargeRow {
	charge: 'freight' | 'insurance' | 'certificates' | 'other';
	invoicedMinor: number;
	paidMinor: number;
}

/** Charges on the documents made from this PO (net of credit notes), per kind: one statement. */
export async function selectReconciliationCharges(tx: Tx, poId: string, currency: string): Promise<ReconciliationChargeRow[]> {
	const rows = rowsOf<{ charge: ReconciliationChargeRow['charge']; invoiced_minor: string | number; paid_minor: string | number }>(
		await tx.execute(sql`
			with documents as (
				-- the invoices made from the PO, and the credit notes against them: each by its own index
				select i.id, i.kind, i.status from vendor_invoice i where i.purchase_order_id = ${poId} and i.currency = ${currency}
				union
				select c.id, c.kind, c.status from vendor_invoice made join vendor_invoice c on c.credits_invoice_id = made.id
				where made.purchase_order_id = ${poId} and c.currency = ${currency}
			)
			select il.charge,
				sum(case when d.kind = 'credit_note' then -il.amount_minor else il.amount_minor end) as invoiced_minor,
				coalesce(sum(case when d.kind = 'credit_note' then -il.amount_minor else il.amount_minor end) filter (where d.status = 'paid'), 0) as paid_minor
			from documents d join vendor_invoice_line il on il.invoice_id = d.id
			where il.kind = 'charge'
			group by il.charge`)
	);
	return rows.map((r) => ({ charge: r.charge, invoicedMinor: num(r.invoiced_minor), paidMinor: num(r.paid_minor) }));
}

// ---------------------------------------------------------------- liability per workshop

/** A hold the workshop must fix (a credit note): any hold finding except "waiting for the brand's QC". */
const waitingOnWorkshop = sql`(i.status = 'exception' and exists (
	select 1 from jsonb_array_elements(i.findings) f where f->>'severity' = 'hold' and f->>'code' <> 'qc_pending'))`;
/** Submitted, matched, on a manual hold, or held only until the brand finishes QC. */
const waitingOnBrand = sql`(i.status in ('submitted', 'matched', 'on_hold') or (i.status = 'exception' and not ${waitingOnWorkshop}))`;
const signed = sql`case when i.kind = 'credit_note' then -i.total_minor else i.total_minor end`;

export const liabilitySorts = ['vendor', 'currency', 'open', 'workshop', 'brand', 'paid'] as const;
export type LiabilitySort = (typeof liabilitySorts)[number];

export interface LiabilityFilter {
	q: string;
	currency: string;
	/** only workshops with something open (owed, waiting on either side) */
	openOnly: boolean;
	vendorId?: string;
}

export interface LiabilityRow {
	vendorId: string;
	vendorName: string;
	currency: string;
	/** approved or scheduled, not paid yet, net of credit notes */
	openMinor: number;
	openCount: number;
	/** exceptions the workshop fixes with a credit note */
	waitingOnWorkshopMinor: number;
	waitingOnWorkshopCount: number;
	/** submitted, matched, on hold, waiting for the brand's QC */
	waitingOnBrandMinor: number;
	waitingOnBrandCount: number;
	/** paid in the last 90 days */
	paidLast90Minor: number;
}

/** One row per workshop and currency that has documents or payments. */
function liabilityRows(filter: LiabilityFilter): SQL {
	const conditions: SQL[] = [sql`true`];
	if (filter.q) conditions.push(sql`v.name ilike ${containsPattern(filter.q)}`);
	if (filter.currency) conditions.push(sql`r.currency = ${filter.currency}`);
	if (filter.vendorId) conditions.push(sql`r.vendor_id = ${filter.vendorId}`);
	if (filter.openOnly) conditions.push(sql`(r.open_minor <> 0 or r.open_count > 0 or r.workshop_count > 0 or r.brand_count > 0)`);
	return sql`
		with inv as (
			select i.vendor_id, i.currency,
				coalesce(sum(${signed}) filter (where i.status in ('approved', 'scheduled')), 0) as open_minor,
				count(*) filter (where i.status in ('approved', 'scheduled')) as open_count,
				coalesce(sum(${signed}) filter (where ${waitingOnWorkshop}), 0) as workshop_minor,
				count(*) filter (where ${waitingOnWorkshop}) as workshop_count,
				coalesce(sum(${signed}) filter (where ${waitingOnBrand}), 0) as brand_minor,
				count(*) filter (where ${waitingOnBrand}) as brand_count
			from vendor_invoice i
			${filter.vendorId ? sql`where i.vendor_id = ${filter.vendorId}` : sql``}
			group by i.vendor_id, i.currency
		), pay as (
			select p.vendor_id, p.currency, sum(p.amount_minor) as paid_minor
			from payment p
			where p.status = 'paid' and p.paid_on >= current_date - 90
				${filter.vendorId ? sql`and p.vendor_id = ${filter.vendorId}` : sql``}
			group by p.vendor_id, p.currency
		), r as (
			select coalesce(inv.vendor_id, pay.vendor_id) as vendor_id, coalesce(inv.currency, pay.currency) as currency,
				coalesce(inv.open_minor, 0) as open_minor, coalesce(inv.open_count, 0) as open_count,
				coalesce(inv.workshop_minor, 0) as workshop_minor, coalesce(inv.workshop_count, 0) as workshop_count,
				coalesce(inv.brand_minor, 0) as brand_minor, coalesce(inv.brand_count, 0) as brand_count,
				coalesce(pay.paid_minor, 0) as paid_minor
			from inv full join pay on pay.vendor_id = inv.vendor_id and pay.currency = inv.currency
		)
		select r.*, v.name as vendor_name
		from r join vendor v on v.id = r.vendor_id
		where ${sql.join(conditions, sql` and `)}`;
}

const sortColumns: Record<LiabilitySort, SQL> = {
	vendor: sql`lower(vendor_name)`,
	currency: sql`currency`,
	open: sql`open_minor`,
	workshop: sql`workshop_minor`,
	brand: sql`brand_minor`,
	paid: sql`paid_minor`
};

function toLiabilityRow(r: Record<string, string | number | null>): LiabilityRow {
	return {
		vendorId: String(r.vendor_id),
		vendorName: String(r.vendor_name),
		currency: String(r.currency),
		openMinor: num(r.open_minor),
		openCount: num(r.open_count),
		waitingOnWorkshopMinor: num(r.workshop_minor),
		waitingOnWorkshopCount: num(r.workshop_count),
		waitingOnBrandMinor: num(r.brand_minor),
		waitingOnBrandCount: num(r.brand_count),
		paidLast90Minor: num(r.paid_minor)
	};
}

/** A page of the list and the total number of rows: one statement. `limit` null = every row (CSV). */
export async function selectLiabilityPage(
	tx: Tx,
	filter: LiabilityFilter,
	order: { sort: LiabilitySort; dir: 'asc' | 'desc' },
	page: { limit: number | null; offset: number }
): Promise<{ rows: LiabilityRow[]; total: number }> {
	const direction = order.dir === 'asc' ? sql`asc` : sql`desc`;
	const rows = rowsOf<Record<string, string | number | null>>(
		await tx.execute(sql`
			select *, count(*) over () as total_rows from (${liabilityRows(filter)}) t
			order by ${sortColumns[order.sort]} ${direction} nulls last, lower(vendor_name) asc, currency asc, vendor_id asc
			${page.limit === null ? sql`` : sql`limit ${page.limit} offset ${page.offset}`}`)
	);
	return { rows: rows.map(toLiabilityRow), total: rows.length ? num(rows[0].total_rows) : 0 };
}

export interface OpenInvoiceRow {
	id: string;
	kind: 'invoice' | 'credit_note';
	number: string;
	invoiceDate: string;
	dueDate: string | null;
	currency: string;
	totalMinor: number;
	status: string;
	purchaseOrderId: string | null;
	purchaseOrderNumber: string | null;
	/** exception the workshop must fix */
	waitingOnWorkshop: boolean;
}

/** A workshop's documents not paid yet, oldest first (the first `limit`). */
export async function selectOpenInvoices(tx: Tx, vendorId: string, limit: number): Promise<OpenInvoiceRow[]> {
	const rows = rowsOf<Record<string, string | number | boolean | null>>(
		await tx.execute(sql`
			select i.id, i.kind, i.number, i.invoice_date::text as invoice_date, i.due_date::text as due_date, i.currency, i.total_minor, i.status,
				i.purchase_order_id, po.number as po_number, ${waitingOnWorkshop} as waiting_on_workshop
			from vendor_invoice i
			left join purchase_order po on po.id = i.purchase_order_id
			where i.vendor_id = ${vendorId} and i.status <> 'paid'
			order by i.invoice_date asc, i.submitted_at asc, i.id asc
			limit ${limit}`)
	);
	return rows.map((r) => ({
		id: String(r.id),
		kind: r.kind as OpenInvoiceRow['kind'],
		number: String(r.number),
		invoiceDate: String(r.invoice_date),
		dueDate: r.due_date === null ? null : String(r.due_date),
		currency: String(r.currency),
		totalMinor: num(r.total_minor as string),
		status: String(r.status),
		purchaseOrderId: r.purchase_order_id === null ? null : String(r.purchase_order_id),
		purchaseOrderNumber: r.po_number === null ? null : String(r.po_number),
		waitingOnWorkshop: r.waiting_on_workshop === true
	}));
}

export interface NotInvoicedPoRow {
	poId: string;
	number: string;
	status: string;
	currency: string;
	/** received and not yet invoiced (some may still be in QC or rework) */
	receivedNotInvoiced: number;
	/** accepted and not yet invoiced: what the workshop may invoice now */
	acceptedNotInvoiced: number;
	/** those accepted pieces at the PO price (line total × pieces ÷ ordered, rounded half up per line) */
	accruedMinor: number;
}

/**
 * A workshop's POs with pieces received but not invoiced: the "not yet invoiced" accrual. Value is
 * each line's PO total pro rata (exact integers: total × pieces ÷ ordered, half up).
 */
export async function selectNotInvoicedPos(tx: Tx, vendorId: string, limit: number): Promise<NotInvoicedPoRow[]> {
	const rows = rowsOf<Record<string, string | number | null>>(
		await tx.execute(sql`
			select p.id, p.number, p.status, p.currency,
				sum(greatest(l.received_quantity - l.invoiced_quantity, 0)) as received_not_invoiced,
				sum(greatest(l.accepted_quantity - l.invoiced_quantity, 0)) as accepted_not_invoiced,
				sum(case when l.quantity > 0
					then (2 * l.total_minor * greatest(l.accepted_quantity - l.invoiced_quantity, 0) + l.quantity) / (2 * l.quantity)
					else 0 end) as accrued_minor
			from purchase_order p
			join purchase_order_line l on l.purchase_order_id = p.id
			where p.vendor_id = ${vendorId}
			group by p.id
			having sum(greatest(l.received_quantity - l.invoiced_quantity, 0)) > 0
			order by p.number asc
			limit ${limit}`)
	);
	return rows.map((r) => ({
		poId: String(r.id),
		number: String(r.number),
		status: String(r.status),
		currency: String(r.currency),
		receivedNotInvoiced: num(r.received_not_invoiced),
		acceptedNotInvoiced: num(r.accepted_not_invoiced),
		accruedMinor: num(r.accrued_minor)
	}));
}
