/**
 * Drizzle queries of the custom-order module; no rules here, only reads and writes. A designer's
 * transaction may read only the columns the grants give it: every query it runs names its columns
 * (`designerOrderColumns`), never the whole `custom_order` row.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import {
	auditEvent,
	customOrder,
	customOrderInspiration,
	customOrderPayment,
	customOrderPurchaseOrder,
	designFile,
	designVersion,
	purchaseOrder,
	storedFile,
	vendor
} from '#lib/server/db/schema/index.ts';
import { selectEntityHistory } from '#lib/server/audit/audit.ts';
import type { Tx } from '#lib/server/db/scope.ts';
import { fixedLimit } from '#lib/server/db/fixed-limit.ts';

export type CustomOrderRow = typeof customOrder.$inferSelect;

/**
 * Serialises the changes to one order's design loop — the designer's upload and the brand's answer —
 * across both sides. The designer may not lock the order row (no UPDATE grant), so both take this
 * transaction-scoped advisory lock first.
 */
export async function lockDesignLoop(tx: Tx, orderId: string): Promise<void> {
	await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`custom_order:${orderId}`}))`);
}

export async function selectCustomOrder(tx: Tx, orderId: string, options: { lock?: boolean } = {}): Promise<CustomOrderRow | undefined> {
	const query = tx.select().from(customOrder).where(eq(customOrder.id, orderId)).limit(1);
	const [row] = options.lock ? await query.for('update') : await query;
	return row;
}

/** What a designer may read of an order (the column grants): never the client's name, contact or budget. */
export const designerOrderColumns = {
	id: customOrder.id,
	number: customOrder.number,
	vendorId: customOrder.vendorId,
	status: customOrder.status,
	title: customOrder.title,
	alloy: customOrder.alloy,
	stones: customOrder.stones,
	size: customOrder.size,
	brief: customOrder.brief,
	dueDate: customOrder.dueDate,
	approvedVersionId: customOrder.approvedVersionId,
	approvedAt: customOrder.approvedAt,
	createdAt: customOrder.createdAt,
	updatedAt: customOrder.updatedAt
};

export async function selectDesignerOrder(tx: Tx, orderId: string, vendorId: string) {
	const [row] = await tx
		.select(designerOrderColumns)
		.from(customOrder)
		.where(and(eq(customOrder.id, orderId), eq(customOrder.vendorId, vendorId)))
		.limit(1);
	return row;
}
export type DesignerOrderRow = NonNullable<Awaited<ReturnType<typeof selectDesignerOrder>>>;

/** The order's versions, oldest first; the client's decision only for the brand. */
export function selectVersions(tx: Tx, orderId: string, options: { forBrand: boolean }) {
	return tx
		.select({
			id: designVersion.id,
			versionNo: designVersion.versionNo,
			vendorId: designVersion.vendorId,
			note: designVersion.note,
			status: designVersion.status,
			comment: designVersion.comment,
			clientDecision: options.forBrand ? designVersion.clientDecision : sql<string | null>`null`,
			decidedByName: designVersion.decidedByName,
			decidedAt: designVersion.decidedAt,
			createdByName: designVersion.createdByName,
			createdAt: designVersion.createdAt
		})
		.from(designVersion)
		.where(eq(designVersion.customOrderId, orderId))
		.orderBy(asc(designVersion.versionNo));
}
export type VersionRow = Awaited<ReturnType<typeof selectVersions>>[number];

/** The visible version numbers of an order (a designer sees its own versions only). */
export async function selectHighestVersionNo(tx: Tx, orderId: string): Promise<number> {
	const [row] = await tx
		.select({ highest: sql<number>`coalesce(max(${designVersion.versionNo}), 0)`.mapWith(Number) })
		.from(designVersion)
		.where(eq(designVersion.customOrderId, orderId));
	return row?.highest ?? 0;
}

/**
 * Inserts a version with the number asked for, or nothing when that number is taken (by a version
 * the caller cannot see: an earlier designer's). The caller tries the next number.
 */
export async function insertVersionIfFree(
	tx: Tx,
	values: { customOrderId: string; vendorId: string; versionNo: number; note: string; createdByName: string }
): Promise<string | undefined> {
	const [row] = await tx.insert(designVersion).values(values).onConflictDoNothing().returning({ id: designVersion.id });
	return row?.id;
}

export function selectDesignFiles(tx: Tx, versionIds: string[]) {
	if (versionIds.length === 0) return Promise.resolve([]);
	return (
		tx
			.select({
				id: designFile.id,
				versionId: designFile.versionId,
				kind: designFile.kind,
				fileId: designFile.fileId,
				thumbnailFileId: designFile.thumbnailFileId,
				name: storedFile.originalName,
				contentType: storedFile.contentType,
				byteSize: storedFile.byteSize
			})
			.from(designFile)
			.innerJoin(storedFile, eq(storedFile.id, designFile.fileId))
			.where(inArray(designFile.versionId, versionIds))
			// one version's files share a timestamp (one transaction): renders first, then PDFs, then CAD, by name
			.orderBy(
				sql`case ${designFile.kind} when 'render' then 0 when 'document' then 1 else 2 end`,
				asc(storedFile.originalName),
				asc(designFile.id)
			)
	);
}
export type DesignFileRow = Awaited<ReturnType<typeof selectDesignFiles>>[number];

export function selectInspiration(tx: Tx, orderId: string) {
	return tx
		.select({
			id: customOrderInspiration.id,
			fileId: customOrderInspiration.fileId,
			caption: customOrderInspiration.caption,
			name: storedFile.originalName
		})
		.from(customOrderInspiration)
		.innerJoin(storedFile, eq(storedFile.id, customOrderInspiration.fileId))
		.where(eq(customOrderInspiration.customOrderId, orderId))
		.orderBy(asc(customOrderInspiration.createdAt), asc(storedFile.originalName), asc(customOrderInspiration.id));
}

export async function countInspiration(tx: Tx, orderId: string): Promise<number> {
	const [row] = await tx
		.select({ count: sql<number>`count(*)::int` })
		.from(customOrderInspiration)
		.where(eq(customOrderInspiration.customOrderId, orderId));
	return row?.count ?? 0;
}

/** Gives the brief's images to the designer (or back to the brand alone with null): /files serves a workshop only its own. */
export async function shareInspiration(tx: Tx, orderId: string, vendorId: string | null): Promise<void> {
	await tx
		.update(storedFile)
		.set({ vendorId })
		.where(
			inArray(
				storedFile.id,
				tx
					.select({ id: customOrderInspiration.fileId })
					.from(customOrderInspiration)
					.where(eq(customOrderInspiration.customOrderId, orderId))
			)
		);
}

export function selectPayments(tx: Tx, orderId: string) {
	return tx
		.select()
		.from(customOrderPayment)
		.where(eq(customOrderPayment.customOrderId, orderId))
		.orderBy(sql`${customOrderPayment.dueDate} asc nulls last`, asc(customOrderPayment.createdAt));
}
export type PaymentRow = Awaited<ReturnType<typeof selectPayments>>[number];

export function selectLinkedPurchaseOrders(tx: Tx, orderId: string) {
	return tx
		.select({
			id: purchaseOrder.id,
			number: purchaseOrder.number,
			status: purchaseOrder.status,
			vendorName: vendor.name,
			currency: purchaseOrder.currency,
			totalMinor: purchaseOrder.totalMinor,
			dueDate: purchaseOrder.dueDate,
			createdAt: customOrderPurchaseOrder.createdAt
		})
		.from(customOrderPurchaseOrder)
		.innerJoin(purchaseOrder, eq(purchaseOrder.id, customOrderPurchaseOrder.purchaseOrderId))
		.innerJoin(vendor, eq(vendor.id, purchaseOrder.vendorId))
		.where(eq(customOrderPurchaseOrder.customOrderId, orderId))
		.orderBy(asc(customOrderPurchaseOrder.createdAt));
}

/** Workshops whose work includes CAD design, for the designer picker and the list filter. */
export function selectDesigners(tx: Tx) {
	return tx
		.select({ id: vendor.id, name: vendor.name, status: vendor.status })
		.from(vendor)
		.where(sql`${vendor.types} @> array['cad_designer']::text[]`)
		.orderBy(asc(vendor.nameKey))
		.limit(fixedLimit(500));
}

/** Workshops a production PO can go to (not on hold, not inactive), with the currency they price in. */
export function selectProductionWorkshops(tx: Tx) {
	return tx
		.select({ id: vendor.id, name: vendor.name, currency: vendor.currency, types: vendor.types })
		.from(vendor)
		.where(sql`${vendor.status} in ('active', 'onboarding')`)
		.orderBy(asc(vendor.nameKey))
		.limit(fixedLimit(2000));
}

/**
 * The brand person who assigned the current designer: who hears about the designer's uploads. Read
 * from the audit trail, which the designer's transaction may read for its own workshop (the order's
 * `created_by` is not among its columns).
 */
export async function selectAssigner(tx: Tx, orderId: string, vendorId: string): Promise<string | null> {
	const [row] = await tx
		.select({ userId: auditEvent.actorUserId })
		.from(auditEvent)
		.where(
			and(
				eq(auditEvent.entityType, 'custom_order'),
				eq(auditEvent.entityId, orderId),
				eq(auditEvent.action, 'custom_order.designer_assigned'),
				eq(auditEvent.vendorId, vendorId)
			)
		)
		.orderBy(desc(auditEvent.occurredAt), desc(auditEvent.id))
		.limit(1);
	return row?.userId ?? null;
}

export function selectOrderHistory(tx: Tx, orderId: string) {
	return selectEntityHistory(tx, 'custom_order', orderId);
}
