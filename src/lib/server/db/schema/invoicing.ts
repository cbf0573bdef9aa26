import { sql } from 'drizzle-orm';
import { bigint, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { appUser } from './identity.ts';
import { storedFile } from './platform.ts';
import { purchaseOrder, purchaseOrderLine } from './purchasing.ts';
import { shipment } from './receiving.ts';
import { vendor } from './vendors.ts';

import { invoiceStatuses, matchStatuses } from '#lib/domain/invoices/status.ts';

/** Stored match findings: domain/invoices/matching.ts `Finding` without the document id. */
export type StoredFinding = {
	code: string;
	severity: 'hold' | 'warning';
	poLineId: string | null;
	lineIds: string[];
	text: string;
	fix: string | null;
};

/**
 * A vendor's invoice or credit note. The vendor's own number, normalised (`number_key`), is unique
 * per vendor, kind and year: the database is the last word on duplicates. `version` moves whenever
 * anything finance decides on changes (a re-match with a new result, a hold), so approving what was
 * loaded is checked against what is there now.
 */
export const vendorInvoice = pgTable(
	'vendor_invoice',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		vendorId: uuid('vendor_id')
			.notNull()
			.references(() => vendor.id),
		kind: text('kind', { enum: ['invoice', 'credit_note'] }).notNull(),
		number: text('number').notNull(),
		numberKey: text('number_key').notNull(),
		invoiceYear: integer('invoice_year').notNull(),
		invoiceDate: date('invoice_date').notNull(),
		dueDate: date('due_date'),
		terms: text('terms').notNull().default(''),
		currency: text('currency').notNull(),
		/** credit notes: the invoice they correct */
		creditsInvoiceId: uuid('credits_invoice_id').references((): AnyPgColumn => vendorInvoice.id),
		/** the PO (and shipment) it was made from, when flipped; lines may still reach other POs */
		purchaseOrderId: uuid('purchase_order_id').references(() => purchaseOrder.id),
		shipmentId: uuid('shipment_id').references(() => shipment.id),
		/**
		 * The numbers of the POs its lines reach and of the PO it was made from, sorted: written once at
		 * submission (lines and PO numbers never change after), so lists need not join three tables per row.
		 */
		purchaseOrderNumbers: text('purchase_order_numbers')
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		pdfFileId: uuid('pdf_file_id')
			.notNull()
			.references(() => storedFile.id),
		notes: text('notes').notNull().default(''),
		goodsMinor: bigint('goods_minor', { mode: 'number' }).notNull().default(0),
		metalMinor: bigint('metal_minor', { mode: 'number' }).notNull().default(0),
		chargesMinor: bigint('charges_minor', { mode: 'number' }).notNull().default(0),
		totalMinor: bigint('total_minor', { mode: 'number' }).notNull().default(0),
		status: text('status', { enum: invoiceStatuses }).notNull().default('submitted'),
		matchStatus: text('match_status', { enum: matchStatuses }).notNull().default('pending'),
		findings: jsonb('findings').$type<StoredFinding[]>().notNull().default([]),
		/** the credit note that would release the hold (domain CreditSuggestion) */
		suggestedCredit: jsonb('suggested_credit').$type<Record<string, unknown> | null>(),
		matchedAt: timestamp('matched_at', { withTimezone: true }),
		/** a manual hold by finance, with its reason and the day it may be released */
		holdReason: text('hold_reason'),
		holdUntil: date('hold_until'),
		heldBy: uuid('held_by').references(() => appUser.id, { onDelete: 'set null' }),
		heldAt: timestamp('held_at', { withTimezone: true }),
		approvedBy: uuid('approved_by').references(() => appUser.id, { onDelete: 'set null' }),
		approvedAt: timestamp('approved_at', { withTimezone: true }),
		paymentId: uuid('payment_id').references((): AnyPgColumn => payment.id),
		submittedBy: uuid('submitted_by').references(() => appUser.id, { onDelete: 'set null' }),
		submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
		version: integer('version').notNull().default(1),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('vendor_invoice_number_key').on(t.vendorId, t.kind, t.invoiceYear, t.numberKey),
		index('vendor_invoice_vendor_submitted_idx').on(t.vendorId, t.submittedAt.desc(), t.id),
		index('vendor_invoice_status_submitted_idx').on(t.status, t.submittedAt.desc(), t.id),
		index('vendor_invoice_submitted_idx').on(t.submittedAt.desc(), t.id),
		// the finance queue opens on everything not paid yet, newest first
		index('vendor_invoice_open_submitted_idx')
			.on(t.submittedAt.desc(), t.id.desc())
			.where(sql`status <> 'paid'`),
		index('vendor_invoice_credits_idx').on(t.creditsInvoiceId),
		// a PO's reconciliation finds the invoices made from it
		index('vendor_invoice_po_idx').on(t.purchaseOrderId),
		// the queue's currency filter lists the few currencies in use by skipping through this index
		index('vendor_invoice_currency_idx').on(t.currency),
		index('vendor_invoice_payment_idx').on(t.paymentId),
		// the "same amount, same date" duplicate warning
		index('vendor_invoice_vendor_date_idx').on(t.vendorId, t.invoiceDate),
		index('vendor_invoice_pending_idx')
			.on(t.vendorId)
			.where(sql`match_status = 'pending'`)
	]
);

/**
 * How many documents are in each status, brand-wide: the finance queue's tiles. Kept by statement
 * triggers on vendor_invoice (supabase/migrations/*_status_counts.sql), never by the app, so a tile
 * costs one row read instead of counting the open documents on every view.
 */
export const vendorInvoiceStatusCount = pgTable('vendor_invoice_status_count', {
	status: text('status', { enum: invoiceStatuses }).primaryKey(),
	total: bigint('total', { mode: 'number' }).notNull().default(0)
});

export const invoiceLineKinds = ['goods', 'adjustment', 'charge'] as const;
export const chargeKinds = ['freight', 'insurance', 'certificates', 'other'] as const;

/**
 * One printed line. goods: pieces of a PO line (quantity × unit price, plus metal fine weight × price);
 * adjustment: an amount on a PO line without pieces (a price difference on a credit note);
 * charge: freight, insurance, certificates, other. Numbers are never negative: the document's kind
 * says whether they are added or taken off.
 */
export const vendorInvoiceLine = pgTable(
	'vendor_invoice_line',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		invoiceId: uuid('invoice_id')
			.notNull()
			.references(() => vendorInvoice.id, { onDelete: 'cascade' }),
		vendorId: uuid('vendor_id')
			.notNull()
			.references(() => vendor.id),
		lineNo: integer('line_no').notNull(),
		kind: text('kind', { enum: invoiceLineKinds }).notNull(),
		purchaseOrderLineId: uuid('purchase_order_line_id').references(() => purchaseOrderLine.id),
		description: text('description').notNull().default(''),
		quantity: integer('quantity'),
		unitPriceMinor: bigint('unit_price_minor', { mode: 'number' }),
		fineWeightMg: integer('fine_weight_mg'),
		metalPricePerFineGramMinor: bigint('metal_price_per_fine_gram_minor', { mode: 'number' }),
		/** adjustment lines: which part of the price they correct */
		part: text('part', { enum: ['goods', 'metal'] }),
		charge: text('charge', { enum: chargeKinds }),
		/** the line's amount as printed (goods: quantity × unit price + metal value rounded half up) */
		amountMinor: bigint('amount_minor', { mode: 'number' }).notNull()
	},
	(t) => [
		uniqueIndex('vendor_invoice_line_no_key').on(t.invoiceId, t.lineNo),
		index('vendor_invoice_line_po_line_idx').on(t.purchaseOrderLineId),
		index('vendor_invoice_line_vendor_idx').on(t.vendorId, t.invoiceId, t.lineNo)
	]
);

export const paymentMethods = ['wire', 'ach', 'check', 'card', 'other'] as const;
export type PaymentMethod = (typeof paymentMethods)[number];

/**
 * One payment to a workshop (PAY-2026-0042), settling approved invoices net of their credit notes.
 * Scheduled first (a date), then paid (date and bank reference): the remittance advice is made then.
 */
export const payment = pgTable(
	'payment',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		number: text('number').notNull(),
		vendorId: uuid('vendor_id')
			.notNull()
			.references(() => vendor.id),
		/** a cancelled payment keeps its number and row: what it covered stays visible */
		status: text('status', { enum: ['scheduled', 'paid', 'cancelled'] })
			.notNull()
			.default('scheduled'),
		currency: text('currency').notNull(),
		amountMinor: bigint('amount_minor', { mode: 'number' }).notNull(),
		method: text('method', { enum: paymentMethods }).notNull(),
		scheduledOn: date('scheduled_on').notNull(),
		paidOn: date('paid_on'),
		reference: text('reference').notNull().default(''),
		remittanceFileId: uuid('remittance_file_id').references(() => storedFile.id),
		createdBy: uuid('created_by').references(() => appUser.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		paidAt: timestamp('paid_at', { withTimezone: true })
	},
	(t) => [uniqueIndex('payment_number_key').on(t.number), index('payment_vendor_created_idx').on(t.vendorId, t.createdAt.desc())]
);
