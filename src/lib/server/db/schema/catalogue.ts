import { bigint, boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { storedFile } from './platform.ts';
import { vendor } from './vendors.ts';

/** The brand's styles: what a PO line is prefilled from. Internal only; vendors see PO lines. */
export const style = pgTable(
	'style',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		sku: text('sku').notNull(),
		name: text('name').notNull(),
		category: text('category', {
			enum: ['ring', 'earrings', 'pendant', 'necklace', 'bracelet', 'brooch', 'cufflinks', 'charm', 'other']
		}).notNull(),
		photoFileId: uuid('photo_file_id').references(() => storedFile.id, { onDelete: 'set null' }),
		/** alloy code from the domain reference, e.g. 18KY */
		defaultAlloy: text('default_alloy'),
		targetWeightMg: integer('target_weight_mg'),
		weightToleranceMg: integer('weight_tolerance_mg'),
		stoneSpec: text('stone_spec'),
		stoneCount: integer('stone_count').notNull().default(0),
		hasDiamonds: boolean('has_diamonds').notNull().default(false),
		defaultVendorId: uuid('default_vendor_id').references(() => vendor.id, { onDelete: 'set null' }),
		laborBasis: text('labor_basis', { enum: ['per_piece', 'per_stone', 'per_gram'] })
			.notNull()
			.default('per_piece'),
		/** in laborCurrency; per piece, per stone or per gram as laborBasis says */
		laborPriceMinor: bigint('labor_price_minor', { mode: 'number' }),
		laborCurrency: text('labor_currency'),
		active: boolean('active').notNull().default(true),
		version: integer('version').notNull().default(1),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [uniqueIndex('style_sku_key').on(t.sku), index('style_default_vendor_idx').on(t.defaultVendorId)]
);
