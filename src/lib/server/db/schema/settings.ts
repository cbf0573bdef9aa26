import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The brand's own settings, one row (id = 1). Admins edit them in the app; later features add
 * their columns here (tolerances, allowances).
 */
export const brandSettings = pgTable('brand_settings', {
	id: integer('id').primaryKey().default(1),
	brandName: text('brand_name').notNull().default('Your brand'),
	/** shown on PO documents, several lines */
	brandAddress: text('brand_address').notNull().default(''),
	defaultShipTo: text('default_ship_to').notNull().default(''),
	defaultTerms: text('default_terms').notNull().default(''),
	/** a PO still unacknowledged this many days after it was sent gets a reminder */
	poReminderDays: integer('po_reminder_days').notNull().default(3),
	/** POs due within this many days show as “due soon” */
	poDueSoonDays: integer('po_due_soon_days').notNull().default(14),
	/** the brand's own currency: customers' declared values, repair estimates asked in it by default, client budgets */
	homeCurrency: text('home_currency').notNull().default('USD'),
	/** a repair should be back within this many days of going to the workshop */
	repairTurnaroundDays: integer('repair_turnaround_days').notNull().default(10),
	/** invoice matching (domain/invoices/tolerance.ts): price "1% or 25.00" and 0 pieces by default */
	priceTolerancePercentBp: integer('price_tolerance_percent_bp').notNull().default(100),
	/** thousandths of a major unit of the invoice's currency: 25.00 → 25000 */
	priceToleranceAbsoluteThousandths: integer('price_tolerance_absolute_thousandths').notNull().default(25_000),
	priceAllowanceRule: text('price_allowance_rule', { enum: ['smaller', 'larger'] })
		.notNull()
		.default('smaller'),
	quantityTolerancePieces: integer('quantity_tolerance_pieces').notNull().default(0),
	/** receiving may exceed the ordered quantity by this much (basis points) without a reason */
	overReceiptAllowanceBp: integer('over_receipt_allowance_bp').notNull().default(500),
	version: integer('version').notNull().default(1),
	updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
});
