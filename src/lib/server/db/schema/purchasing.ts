import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { appUser } from './identity.ts';
import { storedFile } from './platform.ts';
import { style } from './catalogue.ts';
import { vendor } from './vendors.ts';
import { poStatuses } from '#lib/domain/purchase-orders/status.ts';

/** Gap-free PO numbers per year: the row is locked by the insert that takes the next number. */
export const purchaseOrderCounter = pgTable('purchase_order_counter', {
	year: integer('year').primaryKey(),
	lastNumber: integer('last_number').notNull()
});

/**
 * How many POs are in each status, brand-wide: the ops list's total without counting thousands of
 * open orders per view. Kept by statement triggers on purchase_order (supabase/migrations/*_status_counts.sql).
 */
export const purchaseOrderStatusCount = pgTable('purchase_order_status_count', {
	status: text('status', { enum: poStatuses }).primaryKey(),
	total: bigint('total', { mode: 'number' }).notNull().default(0)
});

export const purchaseOrder = pgTable(
	'purchase_order',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		vendorId: uuid('vendor_id')
			.notNull()
			.references(() => vendor.id),
		/** PO-2026-0042 */
		number: text('number').notNull(),
		status: text('status', { enum: poStatuses }).notNull().default('draft'),
		/** ISO 4217, taken from the vendor when the PO is created */
		currency: text('currency').notNull(),
		shipTo: text('ship_to').notNull().default(''),
		requestedDate: date('requested_date'),
		collection: text('collection'),
		terms: text('terms').notNull().default(''),
		notes: text('notes').notNull().default(''),
		/** the revision the vendor has (0 while a draft has never been sent) */
		revision: integer('revision').notNull().default(0),
		/** optimistic lock for edits */
		version: integer('version').notNull().default(1),
		laborTotalMinor: bigint('labor_total_minor', { mode: 'number' }).notNull().default(0),
		metalTotalMinor: bigint('metal_total_minor', { mode: 'number' }).notNull().default(0),
		stonesTotalMinor: bigint('stones_total_minor', { mode: 'number' }).notNull().default(0),
		totalMinor: bigint('total_minor', { mode: 'number' }).notNull().default(0),
		lineCount: integer('line_count').notNull().default(0),
		/** earliest due date of its open lines, for lists and follow-up */
		dueDate: date('due_date'),
		/** style SKUs on the PO, for the list filter */
		skus: text('skus')
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		createdBy: uuid('created_by').references(() => appUser.id, { onDelete: 'set null' }),
		sentAt: timestamp('sent_at', { withTimezone: true }),
		firstSentAt: timestamp('first_sent_at', { withTimezone: true }),
		acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
		firstAcknowledgedAt: timestamp('first_acknowledged_at', { withTimezone: true }),
		declineReason: text('decline_reason'),
		cancelReason: text('cancel_reason'),
		closedAt: timestamp('closed_at', { withTimezone: true }),
		cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
		lastReminderAt: timestamp('last_reminder_at', { withTimezone: true }),
		/** charges the brand agreed to pay on this PO's invoices (freight, insurance, certificates); a kind left out is not agreed */
		agreedChargesMinor: jsonb('agreed_charges_minor')
			.$type<Partial<Record<'freight' | 'insurance' | 'certificates' | 'other', number>>>()
			.notNull()
			.default({}),
		/** last message time per side, for unread markers in lists */
		lastVendorMessageAt: timestamp('last_vendor_message_at', { withTimezone: true }),
		lastBrandMessageAt: timestamp('last_brand_message_at', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('purchase_order_number_key').on(t.number),
		index('purchase_order_vendor_created_idx').on(t.vendorId, t.createdAt.desc()),
		index('purchase_order_status_created_idx').on(t.status, t.createdAt.desc()),
		index('purchase_order_created_idx').on(t.createdAt.desc()),
		index('purchase_order_due_idx').on(t.dueDate),
		index('purchase_order_collection_idx').on(t.collection),
		index('purchase_order_skus_idx').using('gin', t.skus)
	]
);

export const purchaseOrderLine = pgTable(
	'purchase_order_line',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		purchaseOrderId: uuid('purchase_order_id')
			.notNull()
			.references(() => purchaseOrder.id, { onDelete: 'cascade' }),
		vendorId: uuid('vendor_id')
			.notNull()
			.references(() => vendor.id),
		lineNo: integer('line_no').notNull(),
		styleId: uuid('style_id').references(() => style.id, { onDelete: 'set null' }),
		sku: text('sku').notNull().default(''),
		description: text('description').notNull(),
		quantity: integer('quantity').notNull(),
		size: text('size').notNull().default(''),
		alloy: text('alloy').notNull(),
		/** parts per thousand, copied from the alloy so a later reference change cannot alter the PO */
		fineness: integer('fineness').notNull(),
		targetWeightMg: integer('target_weight_mg'),
		weightToleranceMg: integer('weight_tolerance_mg'),
		stoneSpec: text('stone_spec').notNull().default(''),
		stoneCount: integer('stone_count').notNull().default(0),
		hasDiamonds: boolean('has_diamonds').notNull().default(false),
		laborBasis: text('labor_basis', { enum: ['per_piece', 'per_stone', 'per_gram'] }).notNull(),
		laborUnitPriceMinor: bigint('labor_unit_price_minor', { mode: 'number' }).notNull(),
		metalBasis: text('metal_basis', { enum: ['consigned', 'fixed', 'market'] }).notNull(),
		/** price of one gram of fine metal, when fixed on the PO (or an estimate for market) */
		metalPricePerGramMinor: bigint('metal_price_per_gram_minor', { mode: 'number' }),
		metalFixDate: date('metal_fix_date'),
		/** stones the vendor supplies, per piece */
		stonesUnitPriceMinor: bigint('stones_unit_price_minor', { mode: 'number' }).notNull().default(0),
		dueDate: date('due_date').notNull(),
		notes: text('notes').notNull().default(''),
		/** how the workshop's job bags are cut once acknowledged: one for the line, or one per piece */
		jobBags: text('job_bags', { enum: ['batch', 'per_piece'] })
			.notNull()
			.default('batch'),
		laborTotalMinor: bigint('labor_total_minor', { mode: 'number' }).notNull().default(0),
		metalTotalMinor: bigint('metal_total_minor', { mode: 'number' }).notNull().default(0),
		stonesTotalMinor: bigint('stones_total_minor', { mode: 'number' }).notNull().default(0),
		totalMinor: bigint('total_minor', { mode: 'number' }).notNull().default(0),
		/** the vendor's answer to the current revision */
		ackStatus: text('ack_status', { enum: ['pending', 'acknowledged', 'change_requested'] })
			.notNull()
			.default('pending'),
		promisedDate: date('promised_date'),
		/** the promised date of the first acknowledgement: the on-time baseline, never reset */
		baselinePromisedDate: date('baseline_promised_date'),
		/** how many times the promised date moved after the baseline was set */
		promisedDateChanges: integer('promised_date_changes').notNull().default(0),
		cancelled: boolean('cancelled').notNull().default(false),
		/** market-basis metal: the price per fine gram on the delivery date, recorded at the first receipt */
		marketMetalPricePerGramMinor: bigint('market_metal_price_per_gram_minor', { mode: 'number' }),
		marketPriceOn: date('market_price_on'),
		/**
		 * Receiving and QC totals, kept by the receiving and quality services in the same transaction as
		 * the receipt or inspection: what matching and reconciliation read. Rework returns are not new
		 * pieces (`reworkQuantity` is what is still with the workshop).
		 */
		receivedQuantity: integer('received_quantity').notNull().default(0),
		acceptedQuantity: integer('accepted_quantity').notNull().default(0),
		reworkQuantity: integer('rework_quantity').notNull().default(0),
		returnedQuantity: integer('returned_quantity').notNull().default(0),
		/** gross weight of the accepted pieces; null while none was weighed */
		acceptedGrossWeightMg: integer('accepted_gross_weight_mg'),
		/** net invoiced, kept by matching */
		invoicedQuantity: integer('invoiced_quantity').notNull().default(0),
		invoicedMinor: bigint('invoiced_minor', { mode: 'number' }).notNull().default(0),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('purchase_order_line_no_key').on(t.purchaseOrderId, t.lineNo),
		index('purchase_order_line_vendor_idx').on(t.vendorId),
		index('purchase_order_line_style_idx').on(t.styleId)
	]
);

/** Each send keeps what the vendor received: the snapshot drives the PDF and the line-by-line diff. */
export const purchaseOrderRevision = pgTable(
	'purchase_order_revision',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		purchaseOrderId: uuid('purchase_order_id')
			.notNull()
			.references(() => purchaseOrder.id, { onDelete: 'cascade' }),
		vendorId: uuid('vendor_id')
			.notNull()
			.references(() => vendor.id),
		revision: integer('revision').notNull(),
		/** why this revision exists, in words */
		summary: text('summary').notNull(),
		snapshot: jsonb('snapshot').notNull(),
		/** the PDF as e-mailed: a sent revision never changes, so it is drawn once and served as stored */
		pdfFileId: uuid('pdf_file_id').references(() => storedFile.id),
		createdBy: uuid('created_by').references(() => appUser.id, { onDelete: 'set null' }),
		createdByName: text('created_by_name').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('purchase_order_revision_key').on(t.purchaseOrderId, t.revision),
		index('purchase_order_revision_vendor_idx').on(t.vendorId)
	]
);

export const purchaseOrderChangeRequest = pgTable(
	'purchase_order_change_request',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		purchaseOrderId: uuid('purchase_order_id')
			.notNull()
			.references(() => purchaseOrder.id, { onDelete: 'cascade' }),
		lineId: uuid('line_id')
			.notNull()
			.references(() => purchaseOrderLine.id, { onDelete: 'cascade' }),
		vendorId: uuid('vendor_id')
			.notNull()
			.references(() => vendor.id),
		/** the revision the vendor was answering */
		revision: integer('revision').notNull(),
		proposedQuantity: integer('proposed_quantity'),
		proposedUnitPriceMinor: bigint('proposed_unit_price_minor', { mode: 'number' }),
		proposedDueDate: date('proposed_due_date'),
		reason: text('reason').notNull(),
		status: text('status', { enum: ['open', 'accepted', 'rejected'] })
			.notNull()
			.default('open'),
		decisionNote: text('decision_note'),
		decidedBy: uuid('decided_by').references(() => appUser.id, { onDelete: 'set null' }),
		decidedAt: timestamp('decided_at', { withTimezone: true }),
		createdBy: uuid('created_by').references(() => appUser.id, { onDelete: 'set null' }),
		createdByName: text('created_by_name').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('purchase_order_change_request_po_idx').on(t.purchaseOrderId),
		index('purchase_order_change_request_vendor_idx').on(t.vendorId)
	]
);

/** Header attachments (CAD renders, spec PDFs) and message attachments. */
export const purchaseOrderAttachment = pgTable(
	'purchase_order_attachment',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		purchaseOrderId: uuid('purchase_order_id')
			.notNull()
			.references(() => purchaseOrder.id, { onDelete: 'cascade' }),
		vendorId: uuid('vendor_id')
			.notNull()
			.references(() => vendor.id),
		/** set when the file came with a thread message */
		messageId: uuid('message_id'),
		fileId: uuid('file_id')
			.notNull()
			.references(() => storedFile.id),
		title: text('title').notNull(),
		createdBy: uuid('created_by').references(() => appUser.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('purchase_order_attachment_po_idx').on(t.purchaseOrderId), index('purchase_order_attachment_vendor_idx').on(t.vendorId)]
);

export const purchaseOrderMessage = pgTable(
	'purchase_order_message',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		purchaseOrderId: uuid('purchase_order_id')
			.notNull()
			.references(() => purchaseOrder.id, { onDelete: 'cascade' }),
		vendorId: uuid('vendor_id')
			.notNull()
			.references(() => vendor.id),
		authorId: uuid('author_id').references(() => appUser.id, { onDelete: 'set null' }),
		authorName: text('author_name').notNull(),
		side: text('side', { enum: ['brand', 'vendor'] }).notNull(),
		body: text('body').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('purchase_order_message_po_idx').on(t.purchaseOrderId, t.createdAt),
		index('purchase_order_message_vendor_idx').on(t.vendorId)
	]
);

/** How far each person has read a PO's thread: unread markers on both sides. */
export const purchaseOrderReadMarker = pgTable(
	'purchase_order_read_marker',
	{
		purchaseOrderId: uuid('purchase_order_id')
			.notNull()
			.references(() => purchaseOrder.id, { onDelete: 'cascade' }),
		userId: uuid('user_id')
			.notNull()
			.references(() => appUser.id, { onDelete: 'cascade' }),
		vendorId: uuid('vendor_id')
			.notNull()
			.references(() => vendor.id),
		lastReadAt: timestamp('last_read_at', { withTimezone: true }).notNull()
	},
	(t) => [primaryKey({ columns: [t.purchaseOrderId, t.userId] }), index('purchase_order_read_marker_user_idx').on(t.userId)]
);
