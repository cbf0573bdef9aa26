/**
 * Quality reads: the queue (ops) and the workshop's list, one inspection with its PO line, receipt,
 * defects, photos and debit note. Each runs in the caller's transaction, so RLS applies to a
 * workshop's reads underneath the service's own check.
 */
import { and, asc, desc, eq, exists, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { QcListQuery, WorkshopQcListQuery } from '#lib/domain/quality/schemas.ts';
import {
	debitNote,
	purchaseOrder,
	purchaseOrderLine,
	qcDefect,
	qcDefectPhoto,
	qcInspection,
	receipt,
	receiptLine,
	vendor
} from '#lib/server/db/schema/index.ts';
import type { Tx } from '#lib/server/db/scope.ts';
import { fixedLimit } from '#lib/server/db/fixed-limit.ts';

export const QC_PAGE_SIZE = 25;
export const QC_EXPORT_CAP = 50_000;

const defectCount = (severity?: 'critical' | 'major' | 'minor') =>
	sql<number>`(select coalesce(sum(d.quantity), 0)::int from ${qcDefect} d where d.inspection_id = ${qcInspection.id}${
		severity ? sql` and d.severity = ${severity}` : sql``
	})`;
const defectRows = sql<number>`(select count(*)::int from ${qcDefect} d where d.inspection_id = ${qcInspection.id})`;
const unanswered = sql<number>`(select count(*)::int from ${qcDefect} d where d.inspection_id = ${qcInspection.id} and d.vendor_response is null)`;

const listColumns = {
	id: qcInspection.id,
	status: qcInspection.status,
	vendorId: qcInspection.vendorId,
	vendorName: vendor.name,
	receiptId: qcInspection.receiptId,
	receiptNumber: receipt.number,
	receivedOn: receipt.receivedOn,
	purchaseOrderId: purchaseOrder.id,
	poNumber: purchaseOrder.number,
	lineNo: purchaseOrderLine.lineNo,
	sku: purchaseOrderLine.sku,
	description: purchaseOrderLine.description,
	reworkReturn: receiptLine.reworkReturn,
	lotSize: qcInspection.lotSize,
	sampleSize: qcInspection.sampleSize,
	accepted: qcInspection.acceptedQuantity,
	rework: qcInspection.reworkQuantity,
	returned: qcInspection.returnedQuantity,
	critical: defectCount('critical'),
	major: defectCount('major'),
	minor: defectCount('minor'),
	defects: defectRows,
	unanswered,
	createdAt: qcInspection.createdAt,
	completedAt: qcInspection.completedAt
};

function baseSelect(tx: Tx) {
	return tx
		.select(listColumns)
		.from(qcInspection)
		.innerJoin(receipt, eq(receipt.id, qcInspection.receiptId))
		.innerJoin(receiptLine, eq(receiptLine.id, qcInspection.receiptLineId))
		.innerJoin(purchaseOrderLine, eq(purchaseOrderLine.id, qcInspection.purchaseOrderLineId))
		.innerJoin(purchaseOrder, eq(purchaseOrder.id, purchaseOrderLine.purchaseOrderId))
		.innerJoin(vendor, eq(vendor.id, qcInspection.vendorId));
}

export type QcListRow = Awaited<ReturnType<ReturnType<typeof baseSelect>['execute']>>[number];
export interface QcListPage {
	rows: QcListRow[];
	total: number;
	page: number;
	pageCount: number;
}

function filters(
	query: Pick<QcListQuery, 'status' | 'from' | 'to'> & { vendor?: string; severity?: string; unanswered?: boolean }
): SQL | undefined {
	const where: SQL[] = [];
	if (query.status !== 'all') where.push(eq(qcInspection.status, query.status));
	if (query.vendor) where.push(eq(qcInspection.vendorId, query.vendor));
	if (query.from) where.push(gte(receipt.receivedOn, query.from));
	if (query.to) where.push(lte(receipt.receivedOn, query.to));
	if (query.severity) {
		const severity = query.severity as 'critical' | 'major' | 'minor';
		where.push(exists(sql`(select 1 from ${qcDefect} d where d.inspection_id = ${qcInspection.id} and d.severity = ${severity})`));
	}
	if (query.unanswered) {
		where.push(sql`${qcInspection.status} = 'completed' and ${unanswered} > 0`);
	}
	return where.length ? and(...where) : undefined;
}

async function page(tx: Tx, where: SQL | undefined, order: SQL[], pageNo: number): Promise<QcListPage> {
	const rows = await baseSelect(tx)
		.where(where)
		.orderBy(...order)
		.limit(fixedLimit(QC_PAGE_SIZE))
		.offset((pageNo - 1) * QC_PAGE_SIZE);
	const [{ total }] = await tx
		.select({ total: sql<number>`count(*)::int` })
		.from(qcInspection)
		.innerJoin(receipt, eq(receipt.id, qcInspection.receiptId))
		.where(where);
	return { rows, total, page: pageNo, pageCount: Math.max(1, Math.ceil(total / QC_PAGE_SIZE)) };
}

const orderOf = (sort: 'oldest' | 'newest') =>
	sort === 'oldest' ? [asc(qcInspection.createdAt), asc(qcInspection.id)] : [desc(qcInspection.createdAt), desc(qcInspection.id)];

export function selectQcQueue(tx: Tx, query: QcListQuery): Promise<QcListPage> {
	return page(tx, filters(query), orderOf(query.sort), query.page);
}

export function selectQcForExport(tx: Tx, query: QcListQuery) {
	return baseSelect(tx)
		.where(filters(query))
		.orderBy(...orderOf(query.sort))
		.limit(fixedLimit(QC_EXPORT_CAP + 1));
}

/** A workshop's own inspections (RLS and the vendor filter both apply), newest first. */
export function selectWorkshopQc(tx: Tx, vendorId: string, query: WorkshopQcListQuery): Promise<QcListPage> {
	return page(tx, filters({ ...query, vendor: vendorId }), orderOf('newest'), query.page);
}

/** Workshops that have inspections, for the queue's filter. */
export function selectQcVendors(tx: Tx) {
	return tx
		.selectDistinct({ id: vendor.id, name: vendor.name })
		.from(vendor)
		.innerJoin(qcInspection, eq(qcInspection.vendorId, vendor.id))
		.orderBy(asc(vendor.name));
}

export async function selectInspection(tx: Tx, inspectionId: string, options: { lock?: boolean } = {}) {
	const q = tx.select().from(qcInspection).where(eq(qcInspection.id, inspectionId)).limit(1);
	const [row] = options.lock ? await q.for('update') : await q;
	return row;
}
export type InspectionRow = typeof qcInspection.$inferSelect;

export async function selectInspectionContext(tx: Tx, inspection: InspectionRow) {
	const [row] = await tx
		.select({
			receiptNumber: receipt.number,
			receivedOn: receipt.receivedOn,
			receiptNotes: receipt.notes,
			receiptLineQuantity: receiptLine.quantity,
			reworkReturn: receiptLine.reworkReturn,
			receiptGrossWeightMg: receiptLine.grossWeightMg,
			receiptWeightBasis: receiptLine.weightBasis,
			receiptStoneCount: receiptLine.stoneCount,
			poId: purchaseOrder.id,
			poNumber: purchaseOrder.number,
			currency: purchaseOrder.currency,
			line: purchaseOrderLine,
			vendorName: vendor.name
		})
		.from(receiptLine)
		.innerJoin(receipt, eq(receipt.id, receiptLine.receiptId))
		.innerJoin(purchaseOrderLine, eq(purchaseOrderLine.id, receiptLine.purchaseOrderLineId))
		.innerJoin(purchaseOrder, eq(purchaseOrder.id, purchaseOrderLine.purchaseOrderId))
		.innerJoin(vendor, eq(vendor.id, receiptLine.vendorId))
		.where(eq(receiptLine.id, inspection.receiptLineId))
		.limit(1);
	return row;
}

export async function selectDefects(tx: Tx, inspectionId: string) {
	const defects = await tx
		.select()
		.from(qcDefect)
		.where(eq(qcDefect.inspectionId, inspectionId))
		.orderBy(asc(qcDefect.createdAt), asc(qcDefect.id));
	const photos = defects.length
		? await tx
				.select()
				.from(qcDefectPhoto)
				.where(
					inArray(
						qcDefectPhoto.defectId,
						defects.map((d) => d.id)
					)
				)
				.orderBy(asc(qcDefectPhoto.createdAt))
		: [];
	return defects.map((d) => ({
		...d,
		photos: photos.filter((p) => p.defectId === d.id).map((p) => ({ id: p.id, fileId: p.fileId, thumbnailFileId: p.thumbnailFileId }))
	}));
}
export type DefectWithPhotos = Awaited<ReturnType<typeof selectDefects>>[number];

/** One debit note with what its document prints: the PO line, the receipt and the workshop. */
export async function selectDebitNoteDocument(tx: Tx, debitNoteId: string) {
	const [row] = await tx
		.select({
			note: debitNote,
			issuedAt: qcInspection.completedAt,
			poNumber: purchaseOrder.number,
			lineNo: purchaseOrderLine.lineNo,
			sku: purchaseOrderLine.sku,
			description: purchaseOrderLine.description,
			receiptNumber: receipt.number,
			vendor: {
				name: vendor.name,
				addressLine1: vendor.addressLine1,
				addressLine2: vendor.addressLine2,
				postalCode: vendor.postalCode,
				city: vendor.city,
				region: vendor.region,
				country: vendor.country,
				email: vendor.email
			}
		})
		.from(debitNote)
		.innerJoin(qcInspection, eq(qcInspection.id, debitNote.inspectionId))
		.innerJoin(receiptLine, eq(receiptLine.id, qcInspection.receiptLineId))
		.innerJoin(receipt, eq(receipt.id, receiptLine.receiptId))
		.innerJoin(purchaseOrderLine, eq(purchaseOrderLine.id, debitNote.purchaseOrderLineId))
		.innerJoin(purchaseOrder, eq(purchaseOrder.id, purchaseOrderLine.purchaseOrderId))
		.innerJoin(vendor, eq(vendor.id, debitNote.vendorId))
		.where(eq(debitNote.id, debitNoteId))
		.limit(1);
	return row;
}

export function selectDebitNotes(tx: Tx, inspectionId: string) {
	return tx.select().from(debitNote).where(eq(debitNote.inspectionId, inspectionId)).orderBy(asc(debitNote.createdAt));
}
