import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { storedFile } from './platform.ts';

export const vendor = pgTable(
	'vendor',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		name: text('name').notNull(),
		/** name folded for the duplicate check: lower case, single spaces, no punctuation */
		nameKey: text('name_key').notNull(),
		types: text('types')
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		status: text('status', { enum: ['onboarding', 'active', 'on_hold', 'inactive'] })
			.notNull()
			.default('onboarding'),
		/** ISO 3166-1 alpha-2 */
		country: text('country').notNull(),
		city: text('city').notNull(),
		/** ISO 4217: the currency of this workshop's documents */
		currency: text('currency').notNull(),
		addressLine1: text('address_line1'),
		addressLine2: text('address_line2'),
		region: text('region'),
		postalCode: text('postal_code'),
		taxId: text('tax_id'),
		email: text('email'),
		phone: text('phone'),
		website: text('website'),
		insuranceLimitMinor: bigint('insurance_limit_minor', { mode: 'number' }),
		notes: text('notes'),
		/** matching tolerance overrides; null = the company's (never "unlimited"); both price parts set together */
		priceTolerancePercentBp: integer('price_tolerance_percent_bp'),
		priceToleranceAbsoluteThousandths: integer('price_tolerance_absolute_thousandths'),
		quantityTolerancePieces: integer('quantity_tolerance_pieces'),
		logoFileId: uuid('logo_file_id').references(() => storedFile.id, { onDelete: 'set null' }),
		version: integer('version').notNull().default(1),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('vendor_name_key').on(t.nameKey),
		index('vendor_status_idx').on(t.status),
		index('vendor_country_idx').on(t.country),
		index('vendor_types_idx').using('gin', t.types)
	]
);

export const vendorContact = pgTable(
	'vendor_contact',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		vendorId: uuid('vendor_id')
			.notNull()
			.references(() => vendor.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		title: text('title'),
		email: text('email'),
		phone: text('phone'),
		isPrimary: boolean('is_primary').notNull().default(false),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('vendor_contact_vendor_idx').on(t.vendorId)]
);

export const vendorDocument = pgTable(
	'vendor_document',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		vendorId: uuid('vendor_id')
			.notNull()
			.references(() => vendor.id, { onDelete: 'cascade' }),
		kind: text('kind', {
			enum: ['insurance_certificate', 'business_license', 'tax_form', 'assay_registration', 'agreement', 'other']
		}).notNull(),
		title: text('title').notNull(),
		fileId: uuid('file_id')
			.notNull()
			.references(() => storedFile.id),
		expiresOn: date('expires_on'),
		uploadedBy: uuid('uploaded_by'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		removedAt: timestamp('removed_at', { withTimezone: true })
	},
	(t) => [index('vendor_document_vendor_idx').on(t.vendorId)]
);
