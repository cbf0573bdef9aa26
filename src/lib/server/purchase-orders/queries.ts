/** Drizzle queries of the purchase-order module; no rules here, only reads and writes. */
import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import {
	purchaseOrder,
	purchaseOrderAttachment,
	purchaseOrderChangeRequest,
	purchaseOrderCounter,
	purchaseOrderLine,
	purchaseOrderMessage,
	purchaseOrderReadMarker,
	purchaseOrderRevision,
	storedFile,
	vendor
} from '#lib/server/db/schema/index.ts';
import { selectEntityHistory } from '#lib/server/audit/audit.ts';
import type { Tx } from '#lib/server/db/scope.ts';
import { compiledSelect } from '#lib/server/db/compiled.ts';

export type PurchaseOrderRow = typeof purchaseOrder.$inferSelect;
export type PurchaseOrderLineRow = typeof purchaseOrderLine.$inferSelect;

/** Takes the next number of `year`; the row lock makes concurrent drafts queue, and a rollback returns the number. */
export async function takeNextNumber(tx: Tx, year: number): Promise<number> {
	const [row] = await tx
		.insert(purchaseOrderCounter)
		.values({ year, lastNumber: 1 })
		.onConflictDoUpdate({ target: purchaseOrderCounter.year, set: { lastNumber: sql`${purchaseOrderCounter.lastNumber} + 1` } })
		.returning({ lastNumber: purchaseOrderCounter.lastNumber });
	return row.lastNumber;
}

// The PO page's reads are compiled (db/compiled.ts): their SQL is built once, not on every view.

const purchaseOrderById = compiledSelect(['poId'], (db, p) => db.select().from(purchaseOrder).where(eq(purchaseOrder.id, p.poId)).limit(1));

export async function selectPurchaseOrder(tx: Tx, poId: string, options: { lock?: boolean } = {}): Promise<PurchaseOrderRow | undefined> {
	const [row] = options.lock
		? await tx.select().from(purchaseOrder).where(eq(purchaseOrder.id, poId)).limit(1).for('update')
		: await purchaseOrderById(tx, { poId });
	return row;
}

const vendorNameOfPo = compiledSelect(['poId'], (db, p) =>
	db
		.select({ name: vendor.name })
		.from(purchaseOrder)
		.innerJoin(vendor, eq(vendor.id, purchaseOrder.vendorId))
		.where(eq(purchaseOrder.id, p.poId))
		.limit(1)
);

/** The name of the PO's workshop, found through the PO: the page asks it before it has the PO's row. */
export async function selectVendorNameOfPo(tx: Tx, poId: string): Promise<string | undefined> {
	const [row] = await vendorNameOfPo(tx, { poId });
	return row?.name;
}

const linesOfPo = compiledSelect(['poId'], (db, p) =>
	db.select().from(purchaseOrderLine).where(eq(purchaseOrderLine.purchaseOrderId, p.poId)).orderBy(asc(purchaseOrderLine.lineNo))
);

export function selectLines(tx: Tx, poId: string): Promise<PurchaseOrderLineRow[]> {
	return linesOfPo(tx, { poId });
}

/**
 * The columns the PO page draws (lines table, line cards, totals, answers). Each one travels to the
 * browser for hydration on every view, so the page reads these and no more (no ids of the PO or the
 * workshop, no market prices, no timestamps); the receiving and invoicing counts come summed instead.
 */
const pageLineColumns = {
	id: purchaseOrderLine.id,
	lineNo: purchaseOrderLine.lineNo,
	sku: purchaseOrderLine.sku,
	description: purchaseOrderLine.description,
	quantity: purchaseOrderLine.quantity,
	size: purchaseOrderLine.size,
	alloy: purchaseOrderLine.alloy,
	targetWeightMg: purchaseOrderLine.targetWeightMg,
	weightToleranceMg: purchaseOrderLine.weightToleranceMg,
	stoneSpec: purchaseOrderLine.stoneSpec,
	stoneCount: purchaseOrderLine.stoneCount,
	hasDiamonds: purchaseOrderLine.hasDiamonds,
	laborBasis: purchaseOrderLine.laborBasis,
	laborUnitPriceMinor: purchaseOrderLine.laborUnitPriceMinor,
	metalBasis: purchaseOrderLine.metalBasis,
	metalPricePerGramMinor: purchaseOrderLine.metalPricePerGramMinor,
	metalFixDate: purchaseOrderLine.metalFixDate,
	stonesUnitPriceMinor: purchaseOrderLine.stonesUnitPriceMinor,
	dueDate: purchaseOrderLine.dueDate,
	notes: purchaseOrderLine.notes,
	jobBags: purchaseOrderLine.jobBags,
	laborTotalMinor: purchaseOrderLine.laborTotalMinor,
	metalTotalMinor: purchaseOrderLine.metalTotalMinor,
	stonesTotalMinor: purchaseOrderLine.stonesTotalMinor,
	totalMinor: purchaseOrderLine.totalMinor,
	ackStatus: purchaseOrderLine.ackStatus,
	promisedDate: purchaseOrderLine.promisedDate,
	baselinePromisedDate: purchaseOrderLine.baselinePromisedDate,
	promisedDateChanges: purchaseOrderLine.promisedDateChanges,
	cancelled: purchaseOrderLine.cancelled
};

/** A PO line as its page shows it. */
export type PoPageLine = { [K in keyof typeof pageLineColumns]: PurchaseOrderLineRow[K] };

/** Pieces of the PO's open lines by where they are, for the workshop's next steps (invoice, wait for QC). */
export interface PoPiecesProgress {
	/** anything received on an open line */
	received: boolean;
	/** accepted in QC and not invoiced yet */
	invoiceable: number;
	/** received and not inspected yet */
	waitingForQc: number;
}

const pageLinesOfPo = compiledSelect(['poId'], (db, p) =>
	db
		.select(pageLineColumns)
		.from(purchaseOrderLine)
		.where(eq(purchaseOrderLine.purchaseOrderId, p.poId))
		.orderBy(asc(purchaseOrderLine.lineNo))
);

/** Summed in SQL over the open lines: the page gets three numbers, not five more per line. */
const piecesOfPo = compiledSelect(['poId'], (db, p) =>
	db
		.select({
			received: sql<boolean>`coalesce(bool_or(${purchaseOrderLine.receivedQuantity} > 0), false)`,
			invoiceable:
				sql<number>`coalesce(sum(greatest(${purchaseOrderLine.acceptedQuantity} - ${purchaseOrderLine.invoicedQuantity}, 0)), 0)`.mapWith(
					Number
				),
			waitingForQc:
				sql<number>`coalesce(sum(greatest(${purchaseOrderLine.receivedQuantity} - ${purchaseOrderLine.acceptedQuantity} - ${purchaseOrderLine.reworkQuantity} - ${purchaseOrderLine.returnedQuantity}, 0)), 0)`.mapWith(
					Number
				)
		})
		.from(purchaseOrderLine)
		.where(and(eq(purchaseOrderLine.purchaseOrderId, p.poId), eq(purchaseOrderLine.cancelled, false)))
);

/**
 * The PO page's lines, and how far their pieces have come. Two statements in one round trip: the
 * lines come from the database as the page ships them (no per-line fields to strip in JavaScript).
 */
export async function selectPageLines(tx: Tx, poId: string): Promise<{ lines: PoPageLine[]; pieces: PoPiecesProgress }> {
	const [lines, [pieces]] = await Promise.all([pageLinesOfPo(tx, { poId }), piecesOfPo(tx, { poId })]);
	return { lines, pieces };
}

const revisionColumns = {
	revision: purchaseOrderRevision.revision,
	summary: purchaseOrderRevision.summary,
	createdByName: purchaseOrderRevision.createdByName,
	createdAt: purchaseOrderRevision.createdAt
};

const revisionsOfPo = compiledSelect(['poId'], (db, p) =>
	db
		.select(revisionColumns)
		.from(purchaseOrderRevision)
		.where(eq(purchaseOrderRevision.purchaseOrderId, p.poId))
		.orderBy(desc(purchaseOrderRevision.revision))
);

const revisionsWithNewestSnapshotsOfPo = compiledSelect(['poId'], (db, p) =>
	db
		.select({
			...revisionColumns,
			// only the two newest are compared: older snapshots stay in the database, unread
			snapshot: sql<unknown>`case when ${purchaseOrderRevision.revision} >= (select max(r.revision) - 1 from purchase_order_revision r where r.purchase_order_id = ${p.poId}) then ${purchaseOrderRevision.snapshot} end`
		})
		.from(purchaseOrderRevision)
		.where(eq(purchaseOrderRevision.purchaseOrderId, p.poId))
		.orderBy(desc(purchaseOrderRevision.revision))
);

/** The PO's revisions, newest first; with `newestSnapshots`, the two newest carry their snapshots (to compare). */
export function selectRevisions(
	tx: Tx,
	poId: string,
	newestSnapshots: boolean
): Promise<{ revision: number; summary: string; createdByName: string; createdAt: Date; snapshot?: unknown }[]> {
	return newestSnapshots ? revisionsWithNewestSnapshotsOfPo(tx, { poId }) : revisionsOfPo(tx, { poId });
}

/** A revision's snapshot and the stored PDF that was e-mailed with it (older revisions may have none). */
export async function selectRevisionDocument(tx: Tx, poId: string, revision: number) {
	const [row] = await tx
		.select({ snapshot: purchaseOrderRevision.snapshot, pdfKey: storedFile.key })
		.from(purchaseOrderRevision)
		.leftJoin(storedFile, eq(storedFile.id, purchaseOrderRevision.pdfFileId))
		.where(and(eq(purchaseOrderRevision.purchaseOrderId, poId), eq(purchaseOrderRevision.revision, revision)))
		.limit(1);
	return row;
}

export async function selectRevisionSnapshot(tx: Tx, poId: string, revision: number) {
	const [row] = await tx
		.select({ snapshot: purchaseOrderRevision.snapshot })
		.from(purchaseOrderRevision)
		.where(and(eq(purchaseOrderRevision.purchaseOrderId, poId), eq(purchaseOrderRevision.revision, revision)))
		.limit(1);
	return row?.snapshot;
}

const changeRequestsOfPo = compiledSelect(['poId'], (db, p) =>
	db
		.select()
		.from(purchaseOrderChangeRequest)
		.where(eq(purchaseOrderChangeRequest.purchaseOrderId, p.poId))
		.orderBy(desc(purchaseOrderChangeRequest.createdAt))
);

export function selectChangeRequests(tx: Tx, poId: string) {
	return changeRequestsOfPo(tx, { poId });
}

const attachmentsOfPo = compiledSelect(['poId'], (db, p) =>
	db
		.select({
			id: purchaseOrderAttachment.id,
			messageId: purchaseOrderAttachment.messageId,
			fileId: purchaseOrderAttachment.fileId,
			title: purchaseOrderAttachment.title,
			contentType: storedFile.contentType,
			byteSize: storedFile.byteSize,
			createdAt: purchaseOrderAttachment.createdAt
		})
		.from(purchaseOrderAttachment)
		.innerJoin(storedFile, eq(storedFile.id, purchaseOrderAttachment.fileId))
		.where(eq(purchaseOrderAttachment.purchaseOrderId, p.poId))
		.orderBy(asc(purchaseOrderAttachment.createdAt))
);

export function selectAttachments(tx: Tx, poId: string) {
	return attachmentsOfPo(tx, { poId });
}

const messagesOfPo = compiledSelect(['poId'], (db, p) =>
	db
		.select({
			id: purchaseOrderMessage.id,
			authorName: purchaseOrderMessage.authorName,
			side: purchaseOrderMessage.side,
			body: purchaseOrderMessage.body,
			createdAt: purchaseOrderMessage.createdAt
		})
		.from(purchaseOrderMessage)
		.where(eq(purchaseOrderMessage.purchaseOrderId, p.poId))
		.orderBy(asc(purchaseOrderMessage.createdAt))
);

export function selectMessages(tx: Tx, poId: string) {
	return messagesOfPo(tx, { poId });
}

const readMarker = compiledSelect(['poId', 'userId'], (db, p) =>
	db
		.select({ lastReadAt: purchaseOrderReadMarker.lastReadAt })
		.from(purchaseOrderReadMarker)
		.where(and(eq(purchaseOrderReadMarker.purchaseOrderId, p.poId), eq(purchaseOrderReadMarker.userId, p.userId)))
);

/** When this person last read the PO's thread (null: never). */
export async function selectReadMarker(tx: Tx, poId: string, userId: string): Promise<Date | null> {
	const [previous] = await readMarker(tx, { poId, userId });
	return previous?.lastReadAt ?? null;
}

/** This person has now read the PO's thread. */
export async function markPoRead(tx: Tx, poId: string, vendorId: string, userId: string): Promise<void> {
	await tx
		.insert(purchaseOrderReadMarker)
		.values({ purchaseOrderId: poId, userId, vendorId, lastReadAt: sql`now()` })
		.onConflictDoUpdate({
			target: [purchaseOrderReadMarker.purchaseOrderId, purchaseOrderReadMarker.userId],
			set: { lastReadAt: sql`now()` }
		});
}

export function selectPoHistory(tx: Tx, poId: string) {
	return selectEntityHistory(tx, 'purchase_order', poId);
}

/** Active people of a workshop: who hears about its POs. */
export type Where = SQL | undefined;
