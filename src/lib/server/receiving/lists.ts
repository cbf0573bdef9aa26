/**
 * The lists of shipments (the workshop's own, or all for the brand) and of receipts (the brand's), with
 * filters, pagination and CSV exports. A workshop's list is limited to its own vendor id here and by
 * RLS underneath; the vendor filter of the address bar is ignored for it.
 */
import { and, count, desc, eq, exists, gte, ilike, lte, or, sql, type SQL } from 'drizzle-orm';
import { formatMoney, minorToDecimalString } from '#lib/domain/money.ts';
import { carrierLabel, trackingUrl } from '#lib/domain/receiving/carriers.ts';
import { shipmentStatusLabels } from '#lib/domain/receiving/rules.ts';
import { receiptInspectionStates, type ReceiptListQuery, type ShipmentListQuery } from '#lib/domain/receiving/schemas.ts';
import { requireSignedIn, requireStaff, withActor, type Actor } from '#lib/server/auth/actor.ts';
import { toCsv } from '#lib/server/csv.ts';
import { purchaseOrder, qcInspection, receipt, receiptLine, shipment, shipmentLine, vendor } from '#lib/server/db/schema/index.ts';
import type { Tx } from '#lib/server/db/scope.ts';
import { containsPattern } from '#lib/server/db/like.ts';
import { fixedLimit } from '#lib/server/db/fixed-limit.ts';

export const LIST_PAGE_SIZE = 25;
const EXPORT_LIMIT = 10_000;

const dayStart = (iso: string) => sql`${iso}::date`;

// ---------------------------------------------------------------- shipments

function shipmentConditions(actor: Actor, query: ShipmentListQuery): SQL | undefined {
	const conditions: (SQL | undefined)[] = [];
	if (actor.kind === 'vendor') conditions.push(eq(shipment.vendorId, actor.vendorId));
	else if (query.vendor) conditions.push(eq(shipment.vendorId, query.vendor));
	if (query.status) conditions.push(eq(shipment.status, query.status));
	if (query.from) conditions.push(gte(shipment.shippedOn, query.from));
	if (query.to) conditions.push(lte(shipment.shippedOn, query.to));
	if (query.q) {
		const like = containsPattern(query.q);
		conditions.push(
			or(
				ilike(shipment.number, like),
				ilike(shipment.trackingNumber, like),
				exists(
					sql`(select 1 from ${shipmentLine} sl join ${purchaseOrder} po on po.id = sl.purchase_order_id where sl.shipment_id = ${shipment.id} and po.number ilike ${like})`
				)
			)
		);
	}
	return and(...conditions);
}

function selectShipmentRows(tx: Tx, where: SQL | undefined) {
	return tx
		.select({
			id: shipment.id,
			number: shipment.number,
			status: shipment.status,
			vendorId: shipment.vendorId,
			vendorName: vendor.name,
			carrier: shipment.carrier,
			trackingNumber: shipment.trackingNumber,
			shippedOn: shipment.shippedOn,
			currency: shipment.currency,
			declaredValueMinor: shipment.declaredValueMinor,
			createdAt: shipment.createdAt,
			receivedAt: shipment.receivedAt,
			pieces: sql<number>`(select coalesce(sum(quantity), 0)::int from ${shipmentLine} where shipment_id = ${shipment.id})`,
			poNumbers: sql<string>`(select coalesce(string_agg(distinct po.number, ', '), '') from ${shipmentLine} sl join ${purchaseOrder} po on po.id = sl.purchase_order_id where sl.shipment_id = ${shipment.id})`,
			poId: sql<string | null>`(select sl.purchase_order_id from ${shipmentLine} sl where sl.shipment_id = ${shipment.id} limit 1)`
		})
		.from(shipment)
		.innerJoin(vendor, eq(vendor.id, shipment.vendorId))
		.where(where)
		.orderBy(desc(shipment.createdAt), desc(shipment.id));
}

export type ShipmentListRow = Awaited<ReturnType<typeof selectShipmentRows>>[number] & {
	carrierLabel: string;
	trackingUrl: string | null;
	declaredValueText: string;
};

export interface ShipmentListPage {
	rows: ShipmentListRow[];
	total: number;
	page: number;
	pageCount: number;
	counts: Record<'announced' | 'received' | 'cancelled', number>;
}

const decorate = (row: Awaited<ReturnType<typeof selectShipmentRows>>[number]): ShipmentListRow => ({
	...row,
	pieces: Number(row.pieces),
	carrierLabel: carrierLabel(row.carrier),
	trackingUrl: trackingUrl(row.carrier, row.trackingNumber),
	declaredValueText: row.declaredValueMinor ? formatMoney(row.declaredValueMinor, row.currency) : '—'
});

/** A page of shipments: the workshop's own, or every workshop's for the brand. */
export async function listShipments(actor: Actor, query: ShipmentListQuery): Promise<ShipmentListPage> {
	requireSignedIn(actor);
	return withActor(actor, async (tx) => {
		const where = shipmentConditions(actor, query);
		const [{ total }] = await tx.select({ total: count() }).from(shipment).where(where);
		const pageCount = Math.max(1, Math.ceil(total / LIST_PAGE_SIZE));
		const page = Math.min(query.page, pageCount);
		const rows = await selectShipmentRows(tx, where)
			.limit(fixedLimit(LIST_PAGE_SIZE))
			.offset((page - 1) * LIST_PAGE_SIZE);
		const byStatus = await tx
			.select({ status: shipment.status, n: count() })
			.from(shipment)
			.where(shipmentConditions(actor, { ...query, status: undefined }))
			.groupBy(shipment.status);
		const counts = { announced: 0, received: 0, cancelled: 0 };
		for (const s of byStatus) counts[s.status] = s.n;
		return { rows: rows.map(decorate), total, page, pageCount, counts };
	});
}

/** The filtered shipments as CSV (at most 10,000 rows). */
export async function exportShipmentsCsv(actor: Actor, query: ShipmentListQuery): Promise<string> {
	requireSignedIn(actor);
	const rows = await withActor(actor, (tx) => selectShipmentRows(tx, shipmentConditions(actor, query)).limit(fixedLimit(EXPORT_LIMIT)));
	const fields = [
		'Shipment',
		'Status',
		...(actor.kind === 'staff' ? ['Workshop'] : []),
		'POs',
		'Pieces',
		'Carrier',
		'Tracking number',
		'Tracking page',
		'Shipped on',
		'Currency',
		'Declared value'
	];
	return toCsv(
		fields,
		rows.map((r) => [
			r.number,
			shipmentStatusLabels[r.status],
			...(actor.kind === 'staff' ? [r.vendorName] : []),
			r.poNumbers,
			Number(r.pieces),
			carrierLabel(r.carrier),
			r.trackingNumber,
			trackingUrl(r.carrier, r.trackingNumber) ?? '',
			r.shippedOn,
			r.currency,
			minorToDecimalString(r.declaredValueMinor, r.currency)
		])
	);
}

// ---------------------------------------------------------------- receipts (the brand's list)

const pendingInspection = sql`exists (select 1 from ${qcInspection} qi where qi.receipt_id = ${receipt.id} and qi.status = 'pending')`;

function receiptConditions(query: ReceiptListQuery): SQL | undefined {
	const conditions: (SQL | undefined)[] = [];
	if (query.vendor) conditions.push(eq(receipt.vendorId, query.vendor));
	if (query.status === 'pending') conditions.push(pendingInspection);
	if (query.status === 'inspected') conditions.push(sql`not ${pendingInspection}`);
	if (query.from) conditions.push(gte(receipt.receivedOn, query.from));
	if (query.to) conditions.push(lte(receipt.receivedOn, sql`${dayStart(query.to)}`));
	if (query.q) {
		const like = containsPattern(query.q);
		conditions.push(or(ilike(receipt.number, like), ilike(purchaseOrder.number, like), ilike(shipment.number, like)));
	}
	return and(...conditions);
}

function selectReceiptRows(tx: Tx, where: SQL | undefined) {
	return tx
		.select({
			id: receipt.id,
			number: receipt.number,
			receivedOn: receipt.receivedOn,
			vendorId: receipt.vendorId,
			vendorName: vendor.name,
			purchaseOrderId: receipt.purchaseOrderId,
			poNumber: purchaseOrder.number,
			shipmentId: receipt.shipmentId,
			shipmentNumber: shipment.number,
			pieces: sql<number>`(select coalesce(sum(quantity), 0)::int from ${receiptLine} where receipt_id = ${receipt.id})`,
			pending: sql<boolean>`${pendingInspection}`
		})
		.from(receipt)
		.innerJoin(vendor, eq(vendor.id, receipt.vendorId))
		.innerJoin(purchaseOrder, eq(purchaseOrder.id, receipt.purchaseOrderId))
		.leftJoin(shipment, eq(shipment.id, receipt.shipmentId))
		.where(where)
		.orderBy(desc(receipt.createdAt), desc(receipt.id));
}

export type ReceiptListRow = Awaited<ReturnType<typeof selectReceiptRows>>[number];

export interface ReceiptListPage {
	rows: ReceiptListRow[];
	total: number;
	page: number;
	pageCount: number;
}

/** A page of receipts, newest first, for ops, finance and admins. */
export async function listReceipts(actor: Actor, query: ReceiptListQuery): Promise<ReceiptListPage> {
	requireStaff(actor);
	return withActor(actor, async (tx) => {
		const where = receiptConditions(query);
		const [{ total }] = await tx
			.select({ total: count() })
			.from(receipt)
			.innerJoin(purchaseOrder, eq(purchaseOrder.id, receipt.purchaseOrderId))
			.leftJoin(shipment, eq(shipment.id, receipt.shipmentId))
			.where(where);
		const pageCount = Math.max(1, Math.ceil(total / LIST_PAGE_SIZE));
		const page = Math.min(query.page, pageCount);
		const rows = await selectReceiptRows(tx, where)
			.limit(fixedLimit(LIST_PAGE_SIZE))
			.offset((page - 1) * LIST_PAGE_SIZE);
		return { rows: rows.map((r) => ({ ...r, pieces: Number(r.pieces) })), total, page, pageCount };
	});
}

export async function exportReceiptsCsv(actor: Actor, query: ReceiptListQuery): Promise<string> {
	requireStaff(actor);
	const rows = await withActor(actor, (tx) => selectReceiptRows(tx, receiptConditions(query)).limit(fixedLimit(EXPORT_LIMIT)));
	return toCsv(
		['Receipt', 'Received on', 'Workshop', 'PO', 'Shipment', 'Pieces', 'Quality control'],
		rows.map((r) => [
			r.number,
			r.receivedOn,
			r.vendorName,
			r.poNumber,
			r.shipmentNumber ?? '',
			Number(r.pieces),
			r.pending ? receiptInspectionStates.pending : receiptInspectionStates.inspected
		])
	);
}

/** Workshops for the vendor filter: those with a shipment or a receipt. */
export async function listReceivingVendors(actor: Actor): Promise<{ id: string; name: string }[]> {
	requireStaff(actor);
	return withActor(actor, (tx) =>
		tx
			.select({ id: vendor.id, name: vendor.name })
			.from(vendor)
			.where(
				or(
					exists(sql`(select 1 from ${shipment} s where s.vendor_id = ${vendor.id})`),
					exists(sql`(select 1 from ${receipt} r where r.vendor_id = ${vendor.id})`)
				)
			)
			.orderBy(vendor.name)
	);
}
