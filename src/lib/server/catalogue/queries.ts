import { and, asc, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { StyleDirectoryQuery } from '#lib/domain/catalogue/schemas.ts';
import { auditEvent, storedFile, style, vendor } from '#lib/server/db/schema/index.ts';
import type { Tx } from '#lib/server/db/scope.ts';
import { containsPattern } from '#lib/server/db/like.ts';
import { fixedLimit } from '#lib/server/db/fixed-limit.ts';

export const STYLE_PAGE_SIZE = 50;

export type StyleRow = typeof style.$inferSelect;

function directoryFilter(query: StyleDirectoryQuery): SQL | undefined {
	const conditions: (SQL | undefined)[] = [];
	if (query.q) {
		const pattern = containsPattern(query.q);
		conditions.push(or(ilike(style.sku, pattern), ilike(style.name, pattern)));
	}
	if (query.category) conditions.push(eq(style.category, query.category));
	if (query.vendor) conditions.push(eq(style.defaultVendorId, query.vendor));
	if (query.status === 'active') conditions.push(eq(style.active, true));
	if (query.status === 'archived') conditions.push(eq(style.active, false));
	return and(...conditions);
}

const sortColumns = {
	sku: style.sku,
	name: style.name,
	category: style.category,
	vendor: vendor.nameKey,
	updated: style.updatedAt
} as const;

function directoryOrder(query: StyleDirectoryQuery) {
	const order = query.dir === 'desc' ? desc : asc;
	if (query.sort === 'sku') return [order(style.sku)];
	// styles without a default workshop sort after those with one, either way
	if (query.sort === 'vendor') return [sql`${vendor.nameKey} ${sql.raw(query.dir)} nulls last`, asc(style.sku)];
	return [order(sortColumns[query.sort]), asc(style.sku)];
}

const listColumns = {
	id: style.id,
	sku: style.sku,
	name: style.name,
	category: style.category,
	defaultAlloy: style.defaultAlloy,
	targetWeightMg: style.targetWeightMg,
	weightToleranceMg: style.weightToleranceMg,
	stoneSpec: style.stoneSpec,
	stoneCount: style.stoneCount,
	hasDiamonds: style.hasDiamonds,
	defaultVendorId: style.defaultVendorId,
	vendorName: vendor.name,
	laborBasis: style.laborBasis,
	laborPriceMinor: style.laborPriceMinor,
	laborCurrency: style.laborCurrency,
	active: style.active,
	updatedAt: style.updatedAt
};

export async function selectStylePage(tx: Tx, query: StyleDirectoryQuery, pageSize = STYLE_PAGE_SIZE) {
	return tx
		.select(listColumns)
		.from(style)
		.leftJoin(vendor, eq(vendor.id, style.defaultVendorId))
		.where(directoryFilter(query))
		.orderBy(...directoryOrder(query), asc(style.id))
		.limit(fixedLimit(pageSize))
		.offset((query.page - 1) * pageSize);
}

export async function countStyles(tx: Tx, query: StyleDirectoryQuery): Promise<number> {
	const [row] = await tx
		.select({ total: sql<number>`count(*)::int` })
		.from(style)
		.where(directoryFilter(query));
	return row?.total ?? 0;
}

/** Every matching style, for the CSV export (no paging). */
export async function selectStyleExport(tx: Tx, query: StyleDirectoryQuery) {
	return tx
		.select(listColumns)
		.from(style)
		.leftJoin(vendor, eq(vendor.id, style.defaultVendorId))
		.where(directoryFilter(query))
		.orderBy(...directoryOrder(query), asc(style.id));
}

export async function selectStyle(tx: Tx, styleId: string): Promise<StyleRow | undefined> {
	const [row] = await tx.select().from(style).where(eq(style.id, styleId)).limit(1);
	return row;
}

export async function selectStyleDetail(tx: Tx, styleId: string) {
	const [row] = await tx
		.select({
			style,
			vendorName: vendor.name,
			vendorCurrency: vendor.currency,
			photoName: storedFile.originalName
		})
		.from(style)
		.leftJoin(vendor, eq(vendor.id, style.defaultVendorId))
		.leftJoin(storedFile, eq(storedFile.id, style.photoFileId))
		.where(eq(style.id, styleId))
		.limit(1);
	return row;
}

/** Another style with this SKU (SKUs are stored upper-case, so equality is case-insensitive). */
export async function selectStyleIdBySku(tx: Tx, sku: string, exceptId?: string): Promise<string | undefined> {
	const [row] = await tx
		.select({ id: style.id })
		.from(style)
		.where(and(eq(style.sku, sku), exceptId ? sql`${style.id} <> ${exceptId}` : undefined))
		.limit(1);
	return row?.id;
}

export async function selectStylesBySku(tx: Tx, skus: string[]): Promise<StyleRow[]> {
	if (skus.length === 0) return [];
	const found: StyleRow[] = [];
	// bounded IN lists: a 5,000-row file must not become one statement with 5,000 parameters
	for (let i = 0; i < skus.length; i += 1000) {
		found.push(
			...(await tx
				.select()
				.from(style)
				.where(inArray(style.sku, skus.slice(i, i + 1000))))
		);
	}
	return found;
}

/** The workshops a style may name as its default, with the currency its labor price then uses. */
export async function selectWorkshopChoices(tx: Tx) {
	return tx
		.select({ id: vendor.id, name: vendor.name, currency: vendor.currency, status: vendor.status })
		.from(vendor)
		.orderBy(asc(vendor.nameKey));
}

/** Workshops that are the default of at least one style, with how many: the list's workshop filter. */
export async function selectStyleWorkshops(tx: Tx) {
	return tx
		.select({ id: vendor.id, name: vendor.name, styles: sql<number>`count(*)::int` })
		.from(style)
		.innerJoin(vendor, eq(vendor.id, style.defaultVendorId))
		.groupBy(vendor.id, vendor.name, vendor.nameKey)
		.orderBy(asc(vendor.nameKey));
}

export async function selectWorkshopCurrency(tx: Tx, vendorId: string): Promise<string | undefined> {
	const [row] = await tx.select({ currency: vendor.currency }).from(vendor).where(eq(vendor.id, vendorId)).limit(1);
	return row?.currency;
}

export async function selectActiveStylesForPicker(tx: Tx) {
	return tx
		.select({
			id: style.id,
			sku: style.sku,
			name: style.name,
			defaultAlloy: style.defaultAlloy,
			targetWeightMg: style.targetWeightMg,
			weightToleranceMg: style.weightToleranceMg,
			stoneSpec: style.stoneSpec,
			stoneCount: style.stoneCount,
			hasDiamonds: style.hasDiamonds,
			defaultVendorId: style.defaultVendorId,
			laborBasis: style.laborBasis,
			laborPriceMinor: style.laborPriceMinor,
			laborCurrency: style.laborCurrency
		})
		.from(style)
		.where(eq(style.active, true))
		.orderBy(asc(style.sku));
}

/**
 * A style's history: its own events, and the imports that created or changed it (an import writes
 * one summary row that lists the styles it touched).
 */
export async function selectStyleHistory(tx: Tx, styleId: string, limit: number) {
	return tx
		.select({
			id: auditEvent.id,
			occurredAt: auditEvent.occurredAt,
			actorName: auditEvent.actorName,
			action: auditEvent.action,
			summary: auditEvent.summary,
			before: auditEvent.before,
			// an import's list of every style it touched is not this style's history, and can be long
			after: sql<unknown>`case when ${auditEvent.action} = 'style.imported' then null else ${auditEvent.after} end`
		})
		.from(auditEvent)
		.where(
			and(
				eq(auditEvent.entityType, 'style'),
				or(
					eq(auditEvent.entityId, styleId),
					and(eq(auditEvent.action, 'style.imported'), sql`${auditEvent.after} -> 'styleIds' @> jsonb_build_array(${styleId}::text)`)
				)
			)
		)
		.orderBy(desc(auditEvent.occurredAt), desc(auditEvent.id))
		.limit(limit);
}
