/** Drizzle queries for finance: the queue, one document with its context, payments. Staff transactions only. */
import { rowsOf } from '#lib/server/db/client.ts';
import { and, asc, desc, eq, gte, ilike, inArray, isNotNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { normalizeInvoiceNumber } from '#lib/domain/invoices/duplicates.ts';
import { invoiceStatuses, type InvoiceStatus } from '#lib/domain/invoices/status.ts';
import { FINANCE_PAGE_SIZE, type FinanceQueueQuery, type PaymentListQuery } from '#lib/domain/finance/schemas.ts';
import {
	payment,
	purchaseOrder,
	purchaseOrderLine,
	vendor,
	vendorInvoice,
	vendorInvoiceLine,
	vendorInvoiceStatusCount
} from '#lib/server/db/schema/index.ts';
import type { Tx } from '#lib/server/db/scope.ts';
import { containsPattern } from '#lib/server/db/like.ts';
import { compiledSelect } from '#lib/server/db/compiled.ts';
import { billsPurchaseOrderLike } from '#lib/server/invoices/queries.ts';
import { fixedLimit, fixedList, fixedRows } from '#lib/server/db/fixed-limit.ts';

/** Counting stops here: a count past it says "10,000+" and the filters narrow it. */
export const COUNT_CAP = 10_000;

export interface QueueFilters {
	q?: string;
	kind?: FinanceQueueQuery['kind'];
	vendor?: string;
	currency?: string;
	from?: string;
	to?: string;
}

/** The filters shared by the list, the tiles and the exports (the status is added by each). */
export function queueConditions(filters: QueueFilters): SQL[] {
	const where: SQL[] = [];
	if (filters.kind && filters.kind !== 'all') where.push(eq(vendorInvoice.kind, filters.kind));
	if (filters.vendor) where.push(eq(vendorInvoice.vendorId, filters.vendor));
	if (filters.currency) where.push(eq(vendorInvoice.currency, filters.currency));
	if (filters.from) where.push(gte(vendorInvoice.submittedAt, sql`${filters.from}::date`));
	if (filters.to) where.push(lt(vendorInvoice.submittedAt, sql`${filters.to}::date + 1`));
	if (filters.q) {
		// the document's number, as typed or normalised, its workshop's name, or a PO it bills
		const key = normalizeInvoiceNumber(filters.q);
		const pattern = containsPattern(filters.q);
		where.push(
			or(
				ilike(vendorInvoice.number, pattern),
				...(key ? [eq(vendorInvoice.numberKey, key)] : []),
				sql`${vendorInvoice.vendorId} in (select v.id from ${vendor} v where v.name ilike ${pattern})`,
				billsPurchaseOrderLike(pattern)
			)!
		);
	}
	return where;
}

function statusCondition(status: FinanceQueueQuery['status']): SQL | undefined {
	if (status === 'all') return undefined;
	// a literal, not a parameter: a prepared statement's generic plan can then still use the partial
	// index on unpaid documents
	if (status === 'open') return sql`${vendorInvoice.status} <> 'paid'`;
	return eq(vendorInvoice.status, status);
}

const queueColumns = {
	id: vendorInvoice.id,
	kind: vendorInvoice.kind,
	number: vendorInvoice.number,
	vendorId: vendorInvoice.vendorId,
	vendorName: vendor.name,
	invoiceDate: vendorInvoice.invoiceDate,
	dueDate: vendorInvoice.dueDate,
	currency: vendorInvoice.currency,
	totalMinor: vendorInvoice.totalMinor,
	status: vendorInvoice.status,
	matchStatus: vendorInvoice.matchStatus,
	firstFinding: sql<string | null>`${vendorInvoice.findings} -> 0 ->> 'text'`,
	findingCount: sql<number>`jsonb_array_length(${vendorInvoice.findings})`.mapWith(Number),
	holdReason: vendorInvoice.holdReason,
	paymentId: vendorInvoice.paymentId,
	version: vendorInvoice.version,
	submittedAt: vendorInvoice.submittedAt,
	poNumbers: vendorInvoice.purchaseOrderNumbers
};

/**
 * The queue as it opens (no filter but a status, newest first), compiled per kind of status: most
 * visits see only this. Same columns, order and index use as the general query below. The first
 * page has its own statement, without OFFSET, so PostgreSQL keeps its plan (see fixedRows).
 */
function unfilteredQueue(status: 'open' | 'all' | 'one', paged: boolean) {
	return compiledSelect(['status', 'offset'], (db, p) => {
		const first = db
			.select(queueColumns)
			.from(vendorInvoice)
			.innerJoin(vendor, eq(vendor.id, vendorInvoice.vendorId))
			.where(status === 'open' ? statusCondition('open') : status === 'one' ? eq(vendorInvoice.status, p.status) : undefined)
			.orderBy(sql`${vendorInvoice.submittedAt} desc nulls last`, sql`${vendorInvoice.id} desc nulls last`)
			.limit(fixedLimit(FINANCE_PAGE_SIZE));
		return paged ? first.offset(p.offset) : first;
	});
}
const unfilteredQueuesOf = (paged: boolean) => ({
	open: unfilteredQueue('open', paged),
	all: unfilteredQueue('all', paged),
	one: unfilteredQueue('one', paged)
});
const unfilteredQueues = { first: unfilteredQueuesOf(false), later: unfilteredQueuesOf(true) };

/**
 * The queue's page, and how many rows the filters match. `countedByTiles`: the caller counts the rows
 * with the status tiles (it can when only the status filters), which spares counting them twice.
 * Filtered by status alone and newest first, the page is a compiled select.
 */
export async function selectQueuePage(tx: Tx, query: FinanceQueueQuery, options: { all?: boolean; countedByTiles?: boolean } = {}) {
	if (options.countedByTiles && query.sort === 'submitted' && query.dir === 'desc') {
		const queues = query.page === 1 ? unfilteredQueues.first : unfilteredQueues.later;
		const compiled = query.status === 'open' || query.status === 'all' ? queues[query.status] : queues.one;
		const values = { status: query.status, offset: (query.page - 1) * FINANCE_PAGE_SIZE };
		return { rows: await compiled(tx, values), total: null, totalIsCapped: false };
	}
	const where = and(...queueConditions(query), statusCondition(query.status));
	const direction = query.dir === 'asc' ? asc : desc;
	// "nulls last", as the indexes were made: otherwise Postgres cannot read the newest page off them
	const dir = sql.raw(query.dir === 'asc' ? 'asc' : 'desc');
	const submitted = sql`${vendorInvoice.submittedAt} ${dir} nulls last`;
	const order =
		query.sort === 'amount'
			? [direction(vendorInvoice.totalMinor)]
			: query.sort === 'vendor'
				? [direction(vendor.name), sql`${vendorInvoice.submittedAt} desc nulls last`]
				: [submitted];
	const base = tx
		.select(queueColumns)
		.from(vendorInvoice)
		.innerJoin(vendor, eq(vendor.id, vendorInvoice.vendorId))
		.where(where)
		.orderBy(...order, sql`${vendorInvoice.id} ${dir} nulls last`);
	if (options.all) return { rows: await base.limit(fixedLimit(COUNT_CAP)), total: null, totalIsCapped: false };
	const [rows, counted] = await Promise.all([
		base.limit(fixedLimit(FINANCE_PAGE_SIZE)).offset((query.page - 1) * FINANCE_PAGE_SIZE),
		options.countedByTiles
			? null
			: tx
					.select({ total: sql<number>`count(*)`.mapWith(Number) })
					.from(sql`(select 1 from ${vendorInvoice} where ${where ?? sql`true`} limit ${fixedRows(COUNT_CAP + 1)}) capped`)
	]);
	if (!counted) return { rows, total: null, totalIsCapped: false };
	const total = counted[0].total;
	return { rows, total: Math.min(total, COUNT_CAP), totalIsCapped: total > COUNT_CAP };
}

export type QueueRow = Awaited<ReturnType<typeof selectQueuePage>>['rows'][number];

const openStatusList = fixedList(invoiceStatuses.filter((status) => status !== 'paid'));

/** Under filters, paid documents are counted up to this many: they only grow, and "1,000+" says enough. */
export const PAID_COUNT_CAP = 1_000;

export interface StatusCounts {
	counts: Record<InvoiceStatus, number>;
	/** the paid count stopped at PAID_COUNT_CAP (filtered counts only) */
	paidCapped: boolean;
}

const noDocuments = (): Record<InvoiceStatus, number> =>
	Object.fromEntries(invoiceStatuses.map((status) => [status, 0])) as Record<InvoiceStatus, number>;

const statusCounters = compiledSelect([], (db) =>
	db.select({ status: vendorInvoiceStatusCount.status, total: vendorInvoiceStatusCount.total }).from(vendorInvoiceStatusCount)
);

/**
 * Documents per status under the list's filters (not its status): the tiles. Unfiltered, they are
 * the counters the database keeps (vendor_invoice_status_count), exact and one row each. Filtered,
 * the open statuses are counted exactly (an index range that skips the paid ones), paid ones up to
 * PAID_COUNT_CAP.
 */
export async function selectStatusCounts(tx: Tx, filters: QueueFilters): Promise<StatusCounts> {
	const conditions = queueConditions(filters);
	const counts = noDocuments();
	if (conditions.length === 0) {
		const kept = await statusCounters(tx, {});
		for (const row of kept) counts[row.status] = row.total;
		return { counts, paidCapped: false };
	}
	// asked together: one round trip
	const [rows, [paid]] = await Promise.all([
		tx
			.select({ status: vendorInvoice.status, count: sql<number>`count(*)`.mapWith(Number) })
			.from(vendorInvoice)
			// the open statuses named one by one: an index range each, where "<> 'paid'" reads the whole index
			.where(and(...conditions, sql`${vendorInvoice.status} in ${openStatusList}`))
			.groupBy(vendorInvoice.status),
		tx
			.select({ count: sql<number>`count(*)`.mapWith(Number) })
			.from(
				sql`(select 1 from ${vendorInvoice} where ${and(...conditions, sql`${vendorInvoice.status} = 'paid'`)} limit ${fixedRows(PAID_COUNT_CAP)}) capped`
			)
	]);
	for (const row of rows) counts[row.status] = row.count;
	counts.paid = paid.count;
	return { counts, paidCapped: paid.count >= PAID_COUNT_CAP };
}

/**
 * The currencies that have documents, for the filter: the few in use, read by skipping through the
 * currency index (a loose index scan). Workshops are searched by name instead: a brand has hundreds.
 */
export async function selectQueueCurrencies(tx: Tx): Promise<string[]> {
	const currencies = rowsOf<{ currency: string }>(
		await tx.execute(sql`
			with recursive c(currency) as (
				select min(currency) from vendor_invoice
				union all
				select (select min(currency) from vendor_invoice where currency > c.currency) from c where c.currency is not null
			)
			select currency from c where currency is not null`)
	);
	return currencies.map((c) => c.currency);
}

export async function selectDocumentsForUpdate(tx: Tx, ids: readonly string[]) {
	if (ids.length === 0) return [];
	return tx
		.select({
			id: vendorInvoice.id,
			kind: vendorInvoice.kind,
			number: vendorInvoice.number,
			vendorId: vendorInvoice.vendorId,
			currency: vendorInvoice.currency,
			totalMinor: vendorInvoice.totalMinor,
			status: vendorInvoice.status,
			matchStatus: vendorInvoice.matchStatus,
			findings: vendorInvoice.findings,
			holdReason: vendorInvoice.holdReason,
			holdUntil: vendorInvoice.holdUntil,
			approvedAt: vendorInvoice.approvedAt,
			paymentId: vendorInvoice.paymentId,
			creditsInvoiceId: vendorInvoice.creditsInvoiceId,
			version: vendorInvoice.version
		})
		.from(vendorInvoice)
		.where(inArray(vendorInvoice.id, [...ids]))
		.orderBy(vendorInvoice.id)
		.for('update');
}

export type LockedDocument = Awaited<ReturnType<typeof selectDocumentsForUpdate>>[number];

export async function selectPaymentStatuses(tx: Tx, paymentIds: readonly string[]) {
	if (paymentIds.length === 0) return new Map<string, { number: string; status: 'scheduled' | 'paid' }>();
	const rows = await tx
		.select({ id: payment.id, number: payment.number, status: payment.status })
		.from(payment)
		.where(inArray(payment.id, [...paymentIds]));
	// a cancelled payment no longer holds its documents (cancelling unlinks them)
	return new Map(rows.flatMap((r) => (r.status === 'cancelled' ? [] : [[r.id, { number: r.number, status: r.status }] as const])));
}

/** Approved credit notes, not yet on a payment, against these invoices. */
export async function selectNettableCredits(tx: Tx, invoiceIds: readonly string[]) {
	if (invoiceIds.length === 0) return [];
	return tx
		.select({
			id: vendorInvoice.id,
			number: vendorInvoice.number,
			vendorId: vendorInvoice.vendorId,
			currency: vendorInvoice.currency,
			totalMinor: vendorInvoice.totalMinor,
			version: vendorInvoice.version,
			matchStatus: vendorInvoice.matchStatus,
			holdReason: vendorInvoice.holdReason,
			approvedAt: vendorInvoice.approvedAt
		})
		.from(vendorInvoice)
		.where(
			and(
				eq(vendorInvoice.kind, 'credit_note'),
				inArray(vendorInvoice.creditsInvoiceId, [...invoiceIds]),
				isNotNull(vendorInvoice.approvedAt),
				sql`${vendorInvoice.paymentId} is null`
			)
		)
		.orderBy(vendorInvoice.id)
		.for('update');
}

// ---------------------------------------------------------------- one document

const documentById = compiledSelect(['invoiceId'], (db, p) =>
	db
		.select({
			invoice: vendorInvoice,
			vendorName: vendor.name,
			vendorCurrency: vendor.currency,
			poNumbers: vendorInvoice.purchaseOrderNumbers,
			paymentNumber: payment.number,
			paymentStatus: payment.status
		})
		.from(vendorInvoice)
		.innerJoin(vendor, eq(vendor.id, vendorInvoice.vendorId))
		.leftJoin(payment, eq(payment.id, vendorInvoice.paymentId))
		.where(eq(vendorInvoice.id, p.invoiceId))
		.limit(1)
);

export async function selectDocument(tx: Tx, invoiceId: string) {
	const [row] = await documentById(tx, { invoiceId });
	return row;
}

/** Where each PO line stands: ordered, received, accepted, in rework, returned, invoiced. */
// one array parameter instead of an IN list: the same SQL text whatever the number of lines
const poLineContext = compiledSelect(['poLineIds'], (db, p) =>
	db
		.select({
			id: purchaseOrderLine.id,
			poId: purchaseOrder.id,
			poNumber: purchaseOrder.number,
			currency: purchaseOrder.currency,
			lineNo: purchaseOrderLine.lineNo,
			sku: purchaseOrderLine.sku,
			description: purchaseOrderLine.description,
			ordered: purchaseOrderLine.quantity,
			received: purchaseOrderLine.receivedQuantity,
			accepted: purchaseOrderLine.acceptedQuantity,
			rework: purchaseOrderLine.reworkQuantity,
			returned: purchaseOrderLine.returnedQuantity,
			invoicedQuantity: purchaseOrderLine.invoicedQuantity,
			invoicedMinor: purchaseOrderLine.invoicedMinor
		})
		.from(purchaseOrderLine)
		.innerJoin(purchaseOrder, eq(purchaseOrder.id, purchaseOrderLine.purchaseOrderId))
		.where(sql`${purchaseOrderLine.id} = any(${p.poLineIds}::uuid[])`)
		.orderBy(purchaseOrder.number, purchaseOrderLine.lineNo)
);

export function selectPoLineContext(tx: Tx, poLineIds: readonly string[]) {
	if (poLineIds.length === 0) return Promise.resolve([]);
	return poLineContext(tx, { poLineIds: [...poLineIds] });
}

const creditNotesOf = compiledSelect(['invoiceId'], (db, p) =>
	db
		.select({
			id: vendorInvoice.id,
			number: vendorInvoice.number,
			invoiceDate: vendorInvoice.invoiceDate,
			totalMinor: vendorInvoice.totalMinor,
			currency: vendorInvoice.currency,
			status: vendorInvoice.status
		})
		.from(vendorInvoice)
		.where(eq(vendorInvoice.creditsInvoiceId, p.invoiceId))
		.orderBy(vendorInvoice.submittedAt, vendorInvoice.id)
);

export function selectCreditNotesOf(tx: Tx, invoiceId: string) {
	return creditNotesOf(tx, { invoiceId });
}

export async function selectDocumentNumber(tx: Tx, invoiceId: string) {
	const [row] = await tx
		.select({ id: vendorInvoice.id, number: vendorInvoice.number })
		.from(vendorInvoice)
		.where(eq(vendorInvoice.id, invoiceId));
	return row ?? null;
}

// ---------------------------------------------------------------- payments

const paymentColumns = {
	id: payment.id,
	number: payment.number,
	vendorId: payment.vendorId,
	vendorName: vendor.name,
	status: payment.status,
	currency: payment.currency,
	amountMinor: payment.amountMinor,
	method: payment.method,
	scheduledOn: payment.scheduledOn,
	paidOn: payment.paidOn,
	reference: payment.reference,
	remittanceFileId: payment.remittanceFileId,
	createdAt: payment.createdAt,
	documentCount: sql<number>`(select count(*) from ${vendorInvoice} d where d.payment_id = "payment"."id")`.mapWith(Number)
};

export async function selectPaymentPage(tx: Tx, query: PaymentListQuery, options: { all?: boolean } = {}) {
	const where: SQL[] = [];
	if (query.status !== 'all') where.push(eq(payment.status, query.status));
	if (query.vendor) where.push(eq(payment.vendorId, query.vendor));
	if (query.currency) where.push(eq(payment.currency, query.currency));
	if (query.q) {
		const pattern = containsPattern(query.q);
		where.push(or(ilike(payment.number, pattern), ilike(payment.reference, pattern))!);
	}
	const direction = query.dir === 'asc' ? asc : desc;
	const order = query.sort === 'amount' ? payment.amountMinor : query.sort === 'scheduled' ? payment.scheduledOn : payment.createdAt;
	const condition = and(...where);
	const base = tx
		.select(paymentColumns)
		.from(payment)
		.innerJoin(vendor, eq(vendor.id, payment.vendorId))
		.where(condition)
		.orderBy(direction(order), direction(payment.id));
	const rows = options.all
		? await base.limit(fixedLimit(COUNT_CAP))
		: await base.limit(fixedLimit(FINANCE_PAGE_SIZE)).offset((query.page - 1) * FINANCE_PAGE_SIZE);
	const [{ total }] = await tx
		.select({ total: sql<number>`count(*)`.mapWith(Number) })
		.from(payment)
		.where(condition);
	return { rows, total };
}

export type PaymentRow = Awaited<ReturnType<typeof selectPaymentPage>>['rows'][number];

export async function selectPaymentFilterOptions(tx: Tx) {
	const vendors = await tx
		.selectDistinct({ id: vendor.id, name: vendor.name })
		.from(payment)
		.innerJoin(vendor, eq(vendor.id, payment.vendorId))
		.orderBy(vendor.name, vendor.id);
	const currencies = await tx.selectDistinct({ currency: payment.currency }).from(payment).orderBy(payment.currency);
	return { vendors, currencies: currencies.map((c) => c.currency) };
}

export async function selectPayment(tx: Tx, paymentId: string, options: { lock?: boolean } = {}) {
	const base = tx.select().from(payment).where(eq(payment.id, paymentId)).limit(1);
	const [row] = options.lock ? await base.for('update') : await base;
	return row ?? null;
}

export function selectPaymentDocuments(tx: Tx, paymentId: string) {
	return tx
		.select({
			id: vendorInvoice.id,
			kind: vendorInvoice.kind,
			number: vendorInvoice.number,
			invoiceDate: vendorInvoice.invoiceDate,
			totalMinor: vendorInvoice.totalMinor,
			currency: vendorInvoice.currency,
			status: vendorInvoice.status,
			matchStatus: vendorInvoice.matchStatus,
			holdReason: vendorInvoice.holdReason,
			approvedAt: vendorInvoice.approvedAt,
			version: vendorInvoice.version,
			creditsInvoiceId: vendorInvoice.creditsInvoiceId,
			creditsNumber: sql<string | null>`(select c.number from ${vendorInvoice} c where c.id = "vendor_invoice"."credits_invoice_id")`,
			poNumbers: vendorInvoice.purchaseOrderNumbers
		})
		.from(vendorInvoice)
		.where(eq(vendorInvoice.paymentId, paymentId))
		.orderBy(vendorInvoice.kind, vendorInvoice.invoiceDate, vendorInvoice.number);
}

// ---------------------------------------------------------------- exports

/** Approved, scheduled and paid documents with an invoice date in the range, with their lines. */
export async function selectExportDocuments(tx: Tx, filters: { vendor: string; currency: string; from: string; to: string }) {
	const where: SQL[] = [inArray(vendorInvoice.status, ['approved', 'scheduled', 'paid'])];
	if (filters.vendor) where.push(eq(vendorInvoice.vendorId, filters.vendor));
	if (filters.currency) where.push(eq(vendorInvoice.currency, filters.currency));
	if (filters.from) where.push(gte(vendorInvoice.invoiceDate, filters.from));
	if (filters.to) where.push(sql`${vendorInvoice.invoiceDate} <= ${filters.to}::date`);
	const docs = await tx
		.select({
			id: vendorInvoice.id,
			kind: vendorInvoice.kind,
			number: vendorInvoice.number,
			creditsNumber: sql<string | null>`(select c.number from ${vendorInvoice} c where c.id = "vendor_invoice"."credits_invoice_id")`,
			vendorName: vendor.name,
			vendorEmail: vendor.email,
			invoiceDate: vendorInvoice.invoiceDate,
			dueDate: vendorInvoice.dueDate,
			terms: vendorInvoice.terms,
			currency: vendorInvoice.currency,
			status: vendorInvoice.status,
			poNumbers: vendorInvoice.purchaseOrderNumbers,
			notes: vendorInvoice.notes,
			totalMinor: vendorInvoice.totalMinor,
			approvedAt: vendorInvoice.approvedAt,
			paymentNumber: payment.number,
			paidOn: payment.paidOn,
			paymentReference: payment.reference
		})
		.from(vendorInvoice)
		.innerJoin(vendor, eq(vendor.id, vendorInvoice.vendorId))
		.leftJoin(payment, eq(payment.id, vendorInvoice.paymentId))
		.where(and(...where))
		.orderBy(vendorInvoice.invoiceDate, vendor.name, desc(vendorInvoice.kind), vendorInvoice.number)
		.limit(fixedLimit(COUNT_CAP));
	const ids = docs.map((d) => d.id);
	const lines = ids.length
		? await tx
				.select({
					invoiceId: vendorInvoiceLine.invoiceId,
					lineNo: vendorInvoiceLine.lineNo,
					kind: vendorInvoiceLine.kind,
					description: vendorInvoiceLine.description,
					charge: vendorInvoiceLine.charge,
					quantity: vendorInvoiceLine.quantity,
					unitPriceMinor: vendorInvoiceLine.unitPriceMinor,
					amountMinor: vendorInvoiceLine.amountMinor,
					poNumber: purchaseOrder.number,
					poLineNo: purchaseOrderLine.lineNo
				})
				.from(vendorInvoiceLine)
				.leftJoin(purchaseOrderLine, eq(purchaseOrderLine.id, vendorInvoiceLine.purchaseOrderLineId))
				.leftJoin(purchaseOrder, eq(purchaseOrder.id, purchaseOrderLine.purchaseOrderId))
				.where(inArray(vendorInvoiceLine.invoiceId, ids))
				.orderBy(vendorInvoiceLine.invoiceId, vendorInvoiceLine.lineNo)
		: [];
	return { docs, lines };
}
