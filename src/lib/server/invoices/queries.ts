/** The workshop's invoice list, its CSV and the "what you are owed" summary: drizzle queries only. */
import { and, asc, desc, eq, gte, ilike, lte, sql, type SQL } from 'drizzle-orm';
import type { InvoiceListQuery } from '#lib/domain/invoices/entry.ts';
import { normalizeInvoiceNumber } from '#lib/domain/invoices/duplicates.ts';
import { rowsOf } from '#lib/server/db/client.ts';
import { payment, purchaseOrder, purchaseOrderLine, vendorInvoice, vendorInvoiceLine } from '#lib/server/db/schema/index.ts';
import type { Tx } from '#lib/server/db/scope.ts';
import { containsPattern } from '#lib/server/db/like.ts';
import { compiledSelect } from '#lib/server/db/compiled.ts';
import { fixedLimit, fixedRows } from '#lib/server/db/fixed-limit.ts';

export const INVOICE_PAGE_SIZE = 25;
export const INVOICE_EXPORT_CAP = 10_000;
const COUNT_CAP = 10_000;

/** A document billing a PO whose number matches the ILIKE `pattern` (the numbers stored at submission). */
export const billsPurchaseOrderLike = (pattern: string): SQL =>
	sql`exists (select 1 from unnest(${vendorInvoice.purchaseOrderNumbers}) as po_number where po_number ilike ${pattern})`;

export function invoiceListFilter(vendorId: string, query: InvoiceListQuery): SQL | undefined {
	const search = query.q.trim();
	const pattern = containsPattern(search);
	return and(
		eq(vendorInvoice.vendorId, vendorId),
		query.status === 'all'
			? undefined
			: query.status === 'open'
				? sql`${vendorInvoice.status} <> 'paid'`
				: eq(vendorInvoice.status, query.status),
		query.kind === 'all' ? undefined : eq(vendorInvoice.kind, query.kind),
		// every document billing the PO, whether made from it or entered with lines that reach it
		query.po
			? sql`exists (select 1 from ${purchaseOrder} where ${purchaseOrder.id} = ${query.po} and ${purchaseOrder.number} = any(${vendorInvoice.purchaseOrderNumbers}))`
			: undefined,
		query.from ? gte(vendorInvoice.invoiceDate, query.from) : undefined,
		query.to ? lte(vendorInvoice.invoiceDate, query.to) : undefined,
		// the document's number, as typed or normalised, or the number of a PO it bills
		search
			? sql`(${ilike(vendorInvoice.number, pattern)} or ${vendorInvoice.numberKey} = ${normalizeInvoiceNumber(search)} or ${billsPurchaseOrderLike(pattern)})`
			: undefined
	);
}

const listColumns = {
	id: vendorInvoice.id,
	kind: vendorInvoice.kind,
	number: vendorInvoice.number,
	invoiceDate: vendorInvoice.invoiceDate,
	dueDate: vendorInvoice.dueDate,
	currency: vendorInvoice.currency,
	totalMinor: vendorInvoice.totalMinor,
	status: vendorInvoice.status,
	matchStatus: vendorInvoice.matchStatus,
	findings: vendorInvoice.findings,
	holdReason: vendorInvoice.holdReason,
	submittedAt: vendorInvoice.submittedAt,
	purchaseOrderId: vendorInvoice.purchaseOrderId,
	purchaseOrderNumbers: vendorInvoice.purchaseOrderNumbers,
	creditsInvoiceId: vendorInvoice.creditsInvoiceId,
	paymentNumber: payment.number,
	paymentScheduledOn: payment.scheduledOn,
	paymentPaidOn: payment.paidOn,
	paymentReference: payment.reference
};

function sortOf(query: Pick<InvoiceListQuery, 'sort' | 'dir'>) {
	// newest first (the default) in the order of vendor_invoice_vendor_submitted_idx, either way round:
	// the page is read off the index instead of sorting every document of the workshop
	if (query.sort === 'submitted') {
		return query.dir === 'asc'
			? [sql`${vendorInvoice.submittedAt} asc nulls first`, desc(vendorInvoice.id)]
			: [sql`${vendorInvoice.submittedAt} desc nulls last`, asc(vendorInvoice.id)];
	}
	const dir = query.dir === 'asc' ? asc : desc;
	const column = {
		submitted: vendorInvoice.submittedAt,
		date: vendorInvoice.invoiceDate,
		number: vendorInvoice.numberKey,
		total: vendorInvoice.totalMinor,
		status: vendorInvoice.status
	}[query.sort];
	return [dir(column), desc(vendorInvoice.submittedAt), asc(vendorInvoice.id)];
}

export type InvoiceListRow = Awaited<ReturnType<typeof selectInvoicePageRows>>[number];

function selectInvoicePageRows(tx: Tx, vendorId: string, query: InvoiceListQuery, limit: number, offset: number) {
	return tx
		.select(listColumns)
		.from(vendorInvoice)
		.leftJoin(payment, eq(payment.id, vendorInvoice.paymentId))
		.where(invoiceListFilter(vendorId, query))
		.orderBy(...sortOf(query))
		.limit(fixedLimit(limit))
		.offset(offset);
}

export interface InvoiceListPage {
	rows: InvoiceListRow[];
	total: number;
	totalIsCapped: boolean;
	page: number;
	pageCount: number;
}

/**
 * The list as it opens (every document, newest first), compiled: most visits see nothing else. The
 * first page has its own statement, without OFFSET, so PostgreSQL keeps its plan (see fixedRows).
 */
function unfilteredPage(paged: boolean) {
	return compiledSelect(['vendorId', 'offset'], (db, p) => {
		const first = db
			.select(listColumns)
			.from(vendorInvoice)
			.leftJoin(payment, eq(payment.id, vendorInvoice.paymentId))
			.where(eq(vendorInvoice.vendorId, p.vendorId))
			.orderBy(...sortOf({ sort: 'submitted', dir: 'desc' }))
			.limit(fixedLimit(INVOICE_PAGE_SIZE));
		return paged ? first.offset(p.offset) : first;
	});
}
const unfilteredPages = { first: unfilteredPage(false), later: unfilteredPage(true) };

const unfilteredCount = compiledSelect(['vendorId'], (db, p) =>
	db
		.select({ total: sql<number>`count(*)::int` })
		.from(sql`(select 1 from ${vendorInvoice} where ${vendorInvoice.vendorId} = ${p.vendorId} limit ${fixedRows(COUNT_CAP + 1)}) capped`)
);

const isUnfiltered = (query: InvoiceListQuery) =>
	query.status === 'all' &&
	query.kind === 'all' &&
	!query.po &&
	!query.from &&
	!query.to &&
	!query.q.trim() &&
	query.sort === 'submitted' &&
	query.dir === 'desc';

export async function selectInvoiceListPage(tx: Tx, vendorId: string, query: InvoiceListQuery): Promise<InvoiceListPage> {
	const offset = (query.page - 1) * INVOICE_PAGE_SIZE;
	const [rows, counted] = isUnfiltered(query)
		? await Promise.all([
				(offset === 0 ? unfilteredPages.first : unfilteredPages.later)(tx, { vendorId, offset }),
				unfilteredCount(tx, { vendorId })
			])
		: await Promise.all([
				selectInvoicePageRows(tx, vendorId, query, INVOICE_PAGE_SIZE, offset),
				tx
					.execute(
						sql`select count(*)::int as total from (select 1 from ${vendorInvoice} where ${invoiceListFilter(vendorId, query) ?? sql`true`} limit ${fixedRows(COUNT_CAP + 1)}) capped`
					)
					.then((result) => rowsOf<{ total: number }>(result))
			]);
	const total = Number(counted[0]?.total ?? 0);
	const shown = Math.min(total, COUNT_CAP);
	return {
		rows,
		total: shown,
		totalIsCapped: total > COUNT_CAP,
		page: query.page,
		pageCount: Math.max(1, Math.ceil(shown / INVOICE_PAGE_SIZE))
	};
}

export function selectInvoicesForExport(tx: Tx, vendorId: string, query: InvoiceListQuery) {
	return selectInvoicePageRows(tx, vendorId, query, INVOICE_EXPORT_CAP, 0);
}

export interface OwedSummary {
	currency: string;
	/** approved and scheduled, net of credit notes */
	toBePaidMinor: number;
	/** submitted, matched, exception, on hold — net of credit notes */
	waitingMinor: number;
	/** paid in the last 90 days */
	paidRecentlyMinor: number;
}

/** Per currency: what the brand is to pay, what waits for a decision, and what was paid in the last 90 days. */
export async function selectOwedSummary(tx: Tx, vendorId: string, today: string): Promise<OwedSummary[]> {
	const rows = rowsOf<{ currency: string; to_be_paid: string; waiting: string; paid_recently: string }>(
		await tx.execute(sql`
			select i.currency,
				coalesce(sum(case when i.status in ('approved', 'scheduled') then s.amount end), 0)::text as to_be_paid,
				coalesce(sum(case when i.status in ('submitted', 'matched', 'exception', 'on_hold') then s.amount end), 0)::text as waiting,
				coalesce(sum(case when i.status = 'paid' and p.paid_on >= (${today}::date - 90) then s.amount end), 0)::text as paid_recently
			from ${vendorInvoice} i
			left join ${payment} p on p.id = i.payment_id
			cross join lateral (select case when i.kind = 'credit_note' then -i.total_minor else i.total_minor end as amount) s
			where i.vendor_id = ${vendorId}
			group by i.currency
			order by i.currency`)
	);
	return rows
		.map((r) => ({
			currency: r.currency,
			toBePaidMinor: Number(r.to_be_paid),
			waitingMinor: Number(r.waiting),
			paidRecentlyMinor: Number(r.paid_recently)
		}))
		.filter((r) => r.toBePaidMinor !== 0 || r.waitingMinor !== 0 || r.paidRecentlyMinor !== 0);
}

/** The number of one of the workshop's POs: the list says which PO it is narrowed to. */
export async function selectPurchaseOrderNumber(tx: Tx, vendorId: string, poId: string): Promise<string | undefined> {
	const [row] = await tx
		.select({ number: purchaseOrder.number })
		.from(purchaseOrder)
		.where(and(eq(purchaseOrder.id, poId), eq(purchaseOrder.vendorId, vendorId)));
	return row?.number;
}

const invoiceLinesWithPo = compiledSelect(['invoiceId'], (db, p) =>
	db
		.select({
			id: vendorInvoiceLine.id,
			lineNo: vendorInvoiceLine.lineNo,
			kind: vendorInvoiceLine.kind,
			description: vendorInvoiceLine.description,
			quantity: vendorInvoiceLine.quantity,
			unitPriceMinor: vendorInvoiceLine.unitPriceMinor,
			fineWeightMg: vendorInvoiceLine.fineWeightMg,
			metalPricePerFineGramMinor: vendorInvoiceLine.metalPricePerFineGramMinor,
			part: vendorInvoiceLine.part,
			charge: vendorInvoiceLine.charge,
			amountMinor: vendorInvoiceLine.amountMinor,
			poLineId: vendorInvoiceLine.purchaseOrderLineId,
			poId: purchaseOrder.id,
			poNumber: purchaseOrder.number,
			poLineNo: purchaseOrderLine.lineNo,
			poLineSku: purchaseOrderLine.sku,
			poLineDescription: purchaseOrderLine.description
		})
		.from(vendorInvoiceLine)
		.leftJoin(purchaseOrderLine, eq(purchaseOrderLine.id, vendorInvoiceLine.purchaseOrderLineId))
		.leftJoin(purchaseOrder, eq(purchaseOrder.id, purchaseOrderLine.purchaseOrderId))
		.where(eq(vendorInvoiceLine.invoiceId, p.invoiceId))
		.orderBy(vendorInvoiceLine.lineNo)
);

/** A document's lines, each with the PO line it bills (both sides' invoice pages). */
export function selectInvoiceLinesWithPo(tx: Tx, invoiceId: string) {
	return invoiceLinesWithPo(tx, { invoiceId });
}
