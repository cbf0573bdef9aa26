import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { appUser } from './identity.ts';
import { storedFile } from './platform.ts';
import { purchaseOrder, purchaseOrderLine } from './purchasing.ts';
import { vendor } from './vendors.ts';

export const shipmentStatuses = ['announced', 'received', 'cancelled'] as const;
export type ShipmentStatus = (typeof shipmentStatuses)[number];

/**
 * Goods a workshop says it has sent: the brand expects them and can receive against them. Numbers
 * come from a sequence (SH-2026-0042) because the workshop creates them and may not take from the
 * brand's gap-free counters; a cancelled announcement leaves a gap, which is harmless here.
 */
export const shipment = pgTable(
	'shipment',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		number: text('number').notNull(),
		vendorId: uuid('vendor_id')
			.notNull()
			.references(() => vendor.id),
		status: text('status', { enum: shipmentStatuses }).notNull().default('announced'),
		carrier: text('carrier').notNull(),
		trackingNumber: text('tracking_number').notNull().default(''),
		shippedOn: date('shipped_on').notNull(),
		currency: text('currency').notNull(),
		declaredValueMinor: bigint('declared_value_minor', { mode: 'number' }).notNull().default(0),
		notes: text('notes').notNull().default(''),
		createdBy: uuid('created_by').references(() => appUser.id, { onDelete: 'set null' }),
		receivedAt: timestamp('received_at', { withTimezone: true }),
		cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
		version: integer('version').notNull().default(1),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('shipment_number_key').on(t.number),
		index('shipment_vendor_created_idx').on(t.vendorId, t.createdAt.desc(), t.id),
		index('shipment_status_created_idx').on(t.status, t.createdAt.desc(), t.id)
	]
);

/** Pieces of one PO line in a shipment, as the workshop declared them. */
export const shipmentLine = pgTable(
	'shipment_line',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		shipmentId: uuid('shipment_id')
			.notNull()
			.references(() => shipment.id, { onDelete: 'cascade' }),
		vendorId: uuid('vendor_id')
			.notNull()
			.references(() => vendor.id),
		purchaseOrderId: uuid('purchase_order_id')
			.notNull()
			.references(() => purchaseOrder.id),
		purchaseOrderLineId: uuid('purchase_order_line_id')
			.notNull()
			.references(() => purchaseOrderLine.id),
		quantity: integer('quantity').notNull()
	},
	(t) => [
		uniqueIndex('shipment_line_po_line_key').on(t.shipmentId, t.purchaseOrderLineId),
		index('shipment_line_po_line_idx').on(t.purchaseOrderLineId)
	]
);

/** Packing photos and the workshop's own QC photos. */
export const shipmentPhoto = pgTable(
	'shipment_photo',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		shipmentId: uuid('shipment_id')
			.notNull()
			.references(() => shipment.id, { onDelete: 'cascade' }),
		vendorId: uuid('vendor_id')
			.notNull()
			.references(() => vendor.id),
		kind: text('kind', { enum: ['packing', 'qc'] }).notNull(),
		fileId: uuid('file_id')
			.notNull()
			.references(() => storedFile.id),
		thumbnailFileId: uuid('thumbnail_file_id')
			.notNull()
			.references(() => storedFile.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('shipment_photo_shipment_idx').on(t.shipmentId)]
);

/** What arrived for one PO, on one day (RC-2026-0042); with or without an announced shipment. */
export const receipt = pgTable(
	'receipt',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		number: text('number').notNull(),
		vendorId: uuid('vendor_id')
			.notNull()
			.references(() => vendor.id),
		purchaseOrderId: uuid('purchase_order_id')
			.notNull()
			.references(() => purchaseOrder.id),
		shipmentId: uuid('shipment_id').references(() => shipment.id),
		receivedOn: date('received_on').notNull(),
		notes: text('notes').notNull().default(''),
		receivedBy: uuid('received_by').references(() => appUser.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('receipt_number_key').on(t.number),
		index('receipt_po_idx').on(t.purchaseOrderId),
		index('receipt_vendor_created_idx').on(t.vendorId, t.createdAt.desc(), t.id),
		index('receipt_created_idx').on(t.createdAt.desc(), t.id),
		index('receipt_shipment_idx').on(t.shipmentId)
	]
);

/**
 * Pieces of one PO line in a receipt. `reworkReturn` marks pieces coming back from rework: they are
 * inspected again but are not new pieces, so they do not count as received a second time.
 */
export const receiptLine = pgTable(
	'receipt_line',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		receiptId: uuid('receipt_id')
			.notNull()
			.references(() => receipt.id, { onDelete: 'cascade' }),
		vendorId: uuid('vendor_id')
			.notNull()
			.references(() => vendor.id),
		purchaseOrderLineId: uuid('purchase_order_line_id')
			.notNull()
			.references(() => purchaseOrderLine.id),
		quantity: integer('quantity').notNull(),
		reworkReturn: boolean('rework_return').notNull().default(false),
		/** over the ordered quantity beyond the allowance: who allowed it and why */
		overReceiptReason: text('over_receipt_reason'),
		/** weighed per piece (average of the pieces) or as one lot */
		weightBasis: text('weight_basis', { enum: ['per_piece', 'lot'] })
			.notNull()
			.default('lot'),
		/** gross weight of all the pieces of this line in the receipt; null = not weighed */
		grossWeightMg: integer('gross_weight_mg'),
		stoneCount: integer('stone_count'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('receipt_line_receipt_idx').on(t.receiptId), index('receipt_line_po_line_idx').on(t.purchaseOrderLineId)]
);

export const receiptPhoto = pgTable(
	'receipt_photo',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		receiptId: uuid('receipt_id')
			.notNull()
			.references(() => receipt.id, { onDelete: 'cascade' }),
		vendorId: uuid('vendor_id')
			.notNull()
			.references(() => vendor.id),
		fileId: uuid('file_id')
			.notNull()
			.references(() => storedFile.id),
		thumbnailFileId: uuid('thumbnail_file_id')
			.notNull()
			.references(() => storedFile.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('receipt_photo_receipt_idx').on(t.receiptId)]
);

export const inspectionStatuses = ['pending', 'completed'] as const;
export type InspectionStatus = (typeof inspectionStatuses)[number];

/** pass | fail | na per checklist item (domain/quality) */
export type ChecklistResults = Record<string, 'pass' | 'fail' | 'na'>;

/**
 * Quality control of one receipt line: opened with the receipt, completed with a disposition for
 * every piece (accepted + rework + returned = the line's quantity).
 */
export const qcInspection = pgTable(
	'qc_inspection',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		receiptLineId: uuid('receipt_line_id')
			.notNull()
			.references(() => receiptLine.id, { onDelete: 'cascade' }),
		receiptId: uuid('receipt_id')
			.notNull()
			.references(() => receipt.id, { onDelete: 'cascade' }),
		vendorId: uuid('vendor_id')
			.notNull()
			.references(() => vendor.id),
		purchaseOrderLineId: uuid('purchase_order_line_id')
			.notNull()
			.references(() => purchaseOrderLine.id),
		status: text('status', { enum: inspectionStatuses }).notNull().default('pending'),
		lotSize: integer('lot_size').notNull(),
		/** AQL sample size for the lot (the whole lot when it is small) */
		sampleSize: integer('sample_size').notNull(),
		checklist: jsonb('checklist').$type<ChecklistResults>().notNull().default({}),
		/** average weight per piece of the sample */
		measuredWeightMg: integer('measured_weight_mg'),
		measuredSize: text('measured_size').notNull().default(''),
		acceptedQuantity: integer('accepted_quantity').notNull().default(0),
		reworkQuantity: integer('rework_quantity').notNull().default(0),
		returnedQuantity: integer('returned_quantity').notNull().default(0),
		/** gross weight of the accepted pieces, what metal is paid on; null = not weighed */
		acceptedGrossWeightMg: integer('accepted_gross_weight_mg'),
		notes: text('notes').notNull().default(''),
		inspectedBy: uuid('inspected_by').references(() => appUser.id, { onDelete: 'set null' }),
		completedAt: timestamp('completed_at', { withTimezone: true }),
		version: integer('version').notNull().default(1),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('qc_inspection_receipt_line_key').on(t.receiptLineId),
		index('qc_inspection_po_line_idx').on(t.purchaseOrderLineId),
		index('qc_inspection_vendor_created_idx').on(t.vendorId, t.createdAt.desc()),
		index('qc_inspection_pending_idx')
			.on(t.createdAt)
			.where(sql`status = 'pending'`)
	]
);

export const defectSeverities = ['critical', 'major', 'minor'] as const;
export type DefectSeverity = (typeof defectSeverities)[number];

/** A defect found in QC; the workshop answers it. */
export const qcDefect = pgTable(
	'qc_defect',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		inspectionId: uuid('inspection_id')
			.notNull()
			.references(() => qcInspection.id, { onDelete: 'cascade' }),
		vendorId: uuid('vendor_id')
			.notNull()
			.references(() => vendor.id),
		/** the checklist item it fails (domain/quality) */
		checkItem: text('check_item').notNull(),
		severity: text('severity', { enum: defectSeverities }).notNull(),
		/** where on the piece: "prong at 2 o'clock", "clasp" */
		location: text('location').notNull().default(''),
		description: text('description').notNull(),
		quantity: integer('quantity').notNull().default(1),
		vendorResponse: text('vendor_response'),
		vendorRespondedBy: uuid('vendor_responded_by').references(() => appUser.id, { onDelete: 'set null' }),
		vendorRespondedAt: timestamp('vendor_responded_at', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('qc_defect_inspection_idx').on(t.inspectionId)]
);

export const qcDefectPhoto = pgTable(
	'qc_defect_photo',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		defectId: uuid('defect_id')
			.notNull()
			.references(() => qcDefect.id, { onDelete: 'cascade' }),
		vendorId: uuid('vendor_id')
			.notNull()
			.references(() => vendor.id),
		fileId: uuid('file_id')
			.notNull()
			.references(() => storedFile.id),
		thumbnailFileId: uuid('thumbnail_file_id')
			.notNull()
			.references(() => storedFile.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('qc_defect_photo_defect_idx').on(t.defectId)]
);

/** Pieces returned in QC (DN-2026-0042): the brand will not pay for them. */
export const debitNote = pgTable(
	'debit_note',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		number: text('number').notNull(),
		vendorId: uuid('vendor_id')
			.notNull()
			.references(() => vendor.id),
		inspectionId: uuid('inspection_id')
			.notNull()
			.references(() => qcInspection.id),
		purchaseOrderLineId: uuid('purchase_order_line_id')
			.notNull()
			.references(() => purchaseOrderLine.id),
		quantity: integer('quantity').notNull(),
		currency: text('currency').notNull(),
		unitPriceMinor: bigint('unit_price_minor', { mode: 'number' }).notNull(),
		amountMinor: bigint('amount_minor', { mode: 'number' }).notNull(),
		reason: text('reason').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [uniqueIndex('debit_note_number_key').on(t.number), index('debit_note_vendor_idx').on(t.vendorId, t.createdAt.desc())]
);
