import { sql } from 'drizzle-orm';
import { bigint, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { appUser } from './identity.ts';
import { storedFile } from './platform.ts';
import { purchaseOrder } from './purchasing.ts';
import { vendor } from './vendors.ts';

/** Gap-free numbers per kind and year (RJ-2026-0042, CO-2026-0007): the row is locked by the insert that takes one. */
export const documentCounter = pgTable(
	'document_counter',
	{
		kind: text('kind').notNull(),
		year: integer('year').notNull(),
		lastNumber: integer('last_number').notNull()
	},
	(t) => [primaryKey({ columns: [t.kind, t.year] })]
);

export const repairStatuses = [
	'intake',
	'assigned',
	'received',
	'in_work',
	'done',
	'shipped_back',
	'returned',
	'closed',
	'cancelled'
] as const;
export type RepairStatus = (typeof repairStatuses)[number];

export const repairWorkKinds = ['sizing', 're_tipping', 'chain_solder', 'stone_replacement', 'rhodium_replate', 'other'] as const;
export type RepairWorkKind = (typeof repairWorkKinds)[number];

/**
 * A customer's piece sent to a repair workshop. `vendor_id` is null until ops assigns a workshop;
 * the workshop sees the job (RLS) from then on. The intake facts are what the piece must come back
 * with: weight and stone count are checked against them on return.
 */
export const repairJob = pgTable(
	'repair_job',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		/** RJ-2026-0042 */
		number: text('number').notNull(),
		vendorId: uuid('vendor_id').references(() => vendor.id),
		status: text('status', { enum: repairStatuses }).notNull().default('intake'),
		/** the customer: internal only, never shown to the workshop */
		customerName: text('customer_name').notNull(),
		customerContact: text('customer_contact').notNull().default(''),
		/** the store or e-commerce order number */
		orderReference: text('order_reference').notNull().default(''),
		/** the piece by appearance: "yellow metal ring, 1 white stone" — never "diamond ring" on paper that travels */
		description: text('description').notNull(),
		stamps: text('stamps').notNull().default(''),
		intakeWeightMg: integer('intake_weight_mg').notNull(),
		intakeStoneCount: integer('intake_stone_count').notNull().default(0),
		conditionNotes: text('condition_notes').notNull().default(''),
		currency: text('currency').notNull(),
		declaredValueMinor: bigint('declared_value_minor', { mode: 'number' }).notNull(),
		requestedWork: text('requested_work', { enum: repairWorkKinds })
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		workNotes: text('work_notes').notNull().default(''),
		promisedToCustomer: date('promised_to_customer'),
		assignedAt: timestamp('assigned_at', { withTimezone: true }),
		receivedOn: date('received_on'),
		/** the approved estimate: what the repair invoice is matched against */
		approvedEstimateId: uuid('approved_estimate_id'),
		approvedTotalMinor: bigint('approved_total_minor', { mode: 'number' }),
		/** what the workshop finally charges, when it differs from the estimate (recorded on the job) */
		finalPriceMinor: bigint('final_price_minor', { mode: 'number' }),
		shippedBackOn: date('shipped_back_on'),
		carrier: text('carrier'),
		trackingNumber: text('tracking_number'),
		returnWeightMg: integer('return_weight_mg'),
		returnStoneCount: integer('return_stone_count'),
		/** a weight or stone difference found on return; must be resolved with a note before closing */
		returnDiscrepancy: text('return_discrepancy'),
		discrepancyResolution: text('discrepancy_resolution'),
		returnedAt: timestamp('returned_at', { withTimezone: true }),
		closedAt: timestamp('closed_at', { withTimezone: true }),
		cancelReason: text('cancel_reason'),
		lastReminderOn: date('last_reminder_on'),
		createdBy: uuid('created_by').references(() => appUser.id, { onDelete: 'set null' }),
		version: integer('version').notNull().default(1),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('repair_job_number_key').on(t.number),
		index('repair_job_vendor_created_idx').on(t.vendorId, t.createdAt.desc(), t.id),
		index('repair_job_created_idx').on(t.createdAt.desc(), t.id),
		index('repair_job_status_created_idx').on(t.status, t.createdAt.desc(), t.id),
		// "overdue at the workshop" reads only the pieces there assigned before a cutoff (queries.ts)
		index('repair_job_at_workshop_assigned_idx')
			.on(t.assignedAt)
			.where(sql`status in ('assigned', 'received', 'in_work', 'done')`)
	]
);

export const estimateStatuses = ['submitted', 'approved', 'declined', 'superseded'] as const;

/** A workshop's estimate for a repair: work lines with prices and days; ops approves after the customer does. */
export const repairEstimate = pgTable(
	'repair_estimate',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		repairId: uuid('repair_id')
			.notNull()
			.references(() => repairJob.id, { onDelete: 'cascade' }),
		vendorId: uuid('vendor_id')
			.notNull()
			.references(() => vendor.id),
		lines: jsonb('lines').$type<{ description: string; priceMinor: number }[]>().notNull(),
		totalMinor: bigint('total_minor', { mode: 'number' }).notNull(),
		currency: text('currency').notNull(),
		days: integer('days').notNull(),
		note: text('note').notNull().default(''),
		status: text('status', { enum: estimateStatuses }).notNull().default('submitted'),
		/** when and how the customer agreed (phone, e-mail, in store), recorded by ops */
		customerDecision: text('customer_decision'),
		decisionNote: text('decision_note'),
		decidedByName: text('decided_by_name'),
		decidedAt: timestamp('decided_at', { withTimezone: true }),
		createdByName: text('created_by_name').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('repair_estimate_repair_idx').on(t.repairId, t.createdAt),
		// "an estimate is waiting" on every list row: one probe into the few waiting ones
		index('repair_estimate_waiting_idx')
			.on(t.repairId)
			.where(sql`status = 'submitted'`)
	]
);

/** What happened to a repair, in order: status moves, notes, with who and which side. */
export const repairEvent = pgTable(
	'repair_event',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		repairId: uuid('repair_id')
			.notNull()
			.references(() => repairJob.id, { onDelete: 'cascade' }),
		/** the workshop the event belongs to (null while the job is only the brand's) */
		vendorId: uuid('vendor_id').references(() => vendor.id),
		kind: text('kind').notNull(),
		note: text('note').notNull().default(''),
		side: text('side', { enum: ['vendor', 'brand'] }).notNull(),
		createdBy: uuid('created_by').references(() => appUser.id, { onDelete: 'set null' }),
		createdByName: text('created_by_name').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('repair_event_repair_idx').on(t.repairId, t.createdAt)]
);

/** Photos of the piece: at intake (brand), at the bench (workshop), on return (brand). */
export const repairPhoto = pgTable(
	'repair_photo',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		repairId: uuid('repair_id')
			.notNull()
			.references(() => repairJob.id, { onDelete: 'cascade' }),
		vendorId: uuid('vendor_id').references(() => vendor.id),
		stage: text('stage', { enum: ['intake', 'workshop', 'return'] }).notNull(),
		fileId: uuid('file_id')
			.notNull()
			.references(() => storedFile.id),
		thumbnailFileId: uuid('thumbnail_file_id')
			.notNull()
			.references(() => storedFile.id),
		caption: text('caption').notNull().default(''),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('repair_photo_repair_idx').on(t.repairId)]
);

export const customOrderStatuses = ['brief', 'in_design', 'approved', 'in_production', 'completed', 'cancelled'] as const;
export type CustomOrderStatus = (typeof customOrderStatuses)[number];

/**
 * A bespoke piece for one client: the brief, the design loop with a CAD designer workshop
 * (`vendor_id`, null until assigned), and the production PO(s) made from the approved design.
 * The client's name, contact, budget and payments are the brand's: workshops never read them
 * (column grants leave them out).
 */
export const customOrder = pgTable(
	'custom_order',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		/** CO-2026-0007 */
		number: text('number').notNull(),
		vendorId: uuid('vendor_id').references(() => vendor.id),
		status: text('status', { enum: customOrderStatuses }).notNull().default('brief'),
		title: text('title').notNull(),
		clientName: text('client_name').notNull(),
		clientContact: text('client_contact').notNull().default(''),
		currency: text('currency').notNull(),
		budgetMinor: bigint('budget_minor', { mode: 'number' }),
		/** alloy code, as on PO lines */
		alloy: text('alloy').notNull(),
		stones: text('stones').notNull().default(''),
		size: text('size').notNull().default(''),
		brief: text('brief').notNull().default(''),
		dueDate: date('due_date'),
		approvedVersionId: uuid('approved_version_id'),
		approvedAt: timestamp('approved_at', { withTimezone: true }),
		cancelReason: text('cancel_reason'),
		createdBy: uuid('created_by').references(() => appUser.id, { onDelete: 'set null' }),
		version: integer('version').notNull().default(1),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('custom_order_number_key').on(t.number),
		index('custom_order_vendor_idx').on(t.vendorId, t.createdAt.desc()),
		index('custom_order_created_idx').on(t.createdAt.desc())
	]
);

/** Inspiration images of the brief (the designer sees them once assigned). */
export const customOrderInspiration = pgTable(
	'custom_order_inspiration',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		customOrderId: uuid('custom_order_id')
			.notNull()
			.references(() => customOrder.id, { onDelete: 'cascade' }),
		fileId: uuid('file_id')
			.notNull()
			.references(() => storedFile.id),
		caption: text('caption').notNull().default(''),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('custom_order_inspiration_order_idx').on(t.customOrderId)]
);

export const designVersionStatuses = ['submitted', 'changes_requested', 'approved', 'superseded'] as const;

/** One design version from the designer: renders, PDFs and CAD files, and the brand's answer to it. */
export const designVersion = pgTable(
	'design_version',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		customOrderId: uuid('custom_order_id')
			.notNull()
			.references(() => customOrder.id, { onDelete: 'cascade' }),
		vendorId: uuid('vendor_id')
			.notNull()
			.references(() => vendor.id),
		versionNo: integer('version_no').notNull(),
		note: text('note').notNull().default(''),
		status: text('status', { enum: designVersionStatuses }).notNull().default('submitted'),
		/** the brand's comments and the client's decision, recorded by ops */
		comment: text('comment'),
		clientDecision: text('client_decision'),
		decidedByName: text('decided_by_name'),
		decidedAt: timestamp('decided_at', { withTimezone: true }),
		createdByName: text('created_by_name').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [uniqueIndex('design_version_no_key').on(t.customOrderId, t.versionNo)]
);

export const designFile = pgTable(
	'design_file',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		versionId: uuid('version_id')
			.notNull()
			.references(() => designVersion.id, { onDelete: 'cascade' }),
		vendorId: uuid('vendor_id')
			.notNull()
			.references(() => vendor.id),
		/** render (image), document (PDF) or CAD (STL, 3DM): CAD files download, they are not shown */
		kind: text('kind', { enum: ['render', 'document', 'cad'] }).notNull(),
		fileId: uuid('file_id')
			.notNull()
			.references(() => storedFile.id),
		thumbnailFileId: uuid('thumbnail_file_id').references(() => storedFile.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('design_file_version_idx').on(t.versionId)]
);

export const customerPaymentKinds = ['deposit', 'cad_deposit', 'progress', 'balance'] as const;

/** The client's payments to the brand: what is due, when, and what was paid. Internal only. */
export const customOrderPayment = pgTable(
	'custom_order_payment',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		customOrderId: uuid('custom_order_id')
			.notNull()
			.references(() => customOrder.id, { onDelete: 'cascade' }),
		kind: text('kind', { enum: customerPaymentKinds }).notNull(),
		amountMinor: bigint('amount_minor', { mode: 'number' }).notNull(),
		dueDate: date('due_date'),
		paidOn: date('paid_on'),
		reference: text('reference').notNull().default(''),
		note: text('note').notNull().default(''),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('custom_order_payment_order_idx').on(t.customOrderId)]
);

/** The production POs made from an approved design, linked back to it. */
export const customOrderPurchaseOrder = pgTable(
	'custom_order_purchase_order',
	{
		customOrderId: uuid('custom_order_id')
			.notNull()
			.references(() => customOrder.id, { onDelete: 'cascade' }),
		purchaseOrderId: uuid('purchase_order_id')
			.notNull()
			.references(() => purchaseOrder.id, { onDelete: 'cascade' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.customOrderId, t.purchaseOrderId] }), index('custom_order_po_po_idx').on(t.purchaseOrderId)]
);
