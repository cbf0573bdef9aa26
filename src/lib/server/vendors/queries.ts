import { and, asc, desc, eq, ilike, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { VendorDirectoryQuery } from '#lib/domain/vendors/schemas.ts';
import { appUser, auditEvent, membership, storedFile, vendor, vendorContact, vendorDocument } from '#lib/server/db/schema/index.ts';
import type { Tx } from '#lib/server/db/scope.ts';
import { containsPattern } from '#lib/server/db/like.ts';
import { compiledSelect } from '#lib/server/db/compiled.ts';
import { fixedLimit } from '#lib/server/db/fixed-limit.ts';

export const DIRECTORY_PAGE_SIZE = 25;

function directoryFilter(query: VendorDirectoryQuery): SQL | undefined {
	const conditions: (SQL | undefined)[] = [];
	if (query.q) {
		const pattern = containsPattern(query.q);
		conditions.push(or(ilike(vendor.name, pattern), ilike(vendor.city, pattern), ilike(vendor.taxId, pattern)));
	}
	if (query.type) conditions.push(sql`${vendor.types} @> array[${query.type}]::text[]`);
	if (query.country) conditions.push(eq(vendor.country, query.country));
	if (query.status) conditions.push(eq(vendor.status, query.status));
	return and(...conditions);
}

const peopleCount = sql<number>`(select count(*)::int from ${membership} m join ${appUser} u on u.id = m.user_id where m.vendor_id = "vendor"."id" and u.status = 'active')`;

const sortColumns = {
	name: vendor.nameKey,
	country: vendor.country,
	status: vendor.status,
	created: vendor.createdAt,
	people: peopleCount
} as const;

/**
 * One page of the directory. No window count over every row (the total is a separate count), so
 * the people count runs for the page's rows only: PostgreSQL computes an expensive output column
 * after ORDER BY … LIMIT has cut the page.
 */
export async function selectDirectoryPage(tx: Tx, query: VendorDirectoryQuery, pageSize = DIRECTORY_PAGE_SIZE) {
	const order = query.dir === 'desc' ? desc : asc;
	return tx
		.select({
			id: vendor.id,
			name: vendor.name,
			types: vendor.types,
			status: vendor.status,
			country: vendor.country,
			city: vendor.city,
			currency: vendor.currency,
			createdAt: vendor.createdAt,
			people: peopleCount
		})
		.from(vendor)
		.where(directoryFilter(query))
		.orderBy(...(query.sort === 'name' ? [order(vendor.nameKey)] : [order(sortColumns[query.sort]), asc(vendor.nameKey)]), asc(vendor.id))
		.limit(fixedLimit(pageSize))
		.offset((query.page - 1) * pageSize);
}

/** How many workshops match: a separate count is cheaper than a window over every matching row. */
export async function countDirectory(tx: Tx, query: VendorDirectoryQuery): Promise<number> {
	const [row] = await tx
		.select({ total: sql<number>`count(*)::int` })
		.from(vendor)
		.where(directoryFilter(query));
	return row?.total ?? 0;
}

/** The countries the brand has workshops in, with how many: the directory's country filter. */
export async function selectDirectoryCountries(tx: Tx) {
	return tx
		.select({ country: vendor.country, workshops: sql<number>`count(*)::int` })
		.from(vendor)
		.groupBy(vendor.country);
}

/** Every matching workshop, for the CSV export (no paging). */
export async function selectDirectoryExport(tx: Tx, query: VendorDirectoryQuery) {
	return tx
		.select({
			name: vendor.name,
			types: vendor.types,
			status: vendor.status,
			country: vendor.country,
			city: vendor.city,
			currency: vendor.currency,
			email: vendor.email,
			phone: vendor.phone,
			taxId: vendor.taxId,
			insuranceLimitMinor: vendor.insuranceLimitMinor,
			people: peopleCount,
			createdAt: vendor.createdAt
		})
		.from(vendor)
		.where(directoryFilter(query))
		.orderBy(asc(vendor.nameKey));
}

// compiled (db/compiled.ts): a PO page and every document read the workshop this way
const vendorById = compiledSelect(['vendorId'], (db, p) => db.select().from(vendor).where(eq(vendor.id, p.vendorId)).limit(1));

/** A workshop's whole row: its name, address and currency for documents, mails and checks. */
export async function selectVendor(tx: Tx, vendorId: string) {
	const [row] = await vendorById(tx, { vendorId });
	return row;
}

/** A workshop's name alone, for a heading or a filter's "Only …" line. */
export async function selectVendorName(tx: Tx, vendorId: string): Promise<string | undefined> {
	const [row] = await tx.select({ name: vendor.name }).from(vendor).where(eq(vendor.id, vendorId)).limit(1);
	return row?.name;
}

/** A workshop's name, status, types and currency: what other modules check before giving it work. */
export async function selectWorkshopSummary(tx: Tx, vendorId: string) {
	const [row] = await tx
		.select({ id: vendor.id, name: vendor.name, status: vendor.status, types: vendor.types, currency: vendor.currency })
		.from(vendor)
		.where(eq(vendor.id, vendorId))
		.limit(1);
	return row;
}

export async function selectContacts(tx: Tx, vendorId: string) {
	return tx
		.select()
		.from(vendorContact)
		.where(eq(vendorContact.vendorId, vendorId))
		.orderBy(desc(vendorContact.isPrimary), asc(vendorContact.name));
}

export async function selectDocuments(tx: Tx, vendorId: string) {
	return tx
		.select({
			id: vendorDocument.id,
			kind: vendorDocument.kind,
			title: vendorDocument.title,
			expiresOn: vendorDocument.expiresOn,
			createdAt: vendorDocument.createdAt,
			fileId: vendorDocument.fileId,
			fileName: storedFile.originalName,
			contentType: storedFile.contentType,
			byteSize: storedFile.byteSize
		})
		.from(vendorDocument)
		.innerJoin(storedFile, eq(storedFile.id, vendorDocument.fileId))
		.where(and(eq(vendorDocument.vendorId, vendorId), isNull(vendorDocument.removedAt)))
		.orderBy(asc(vendorDocument.expiresOn), asc(vendorDocument.title));
}

export async function selectHistory(tx: Tx, vendorId: string, limit: number) {
	return tx
		.select({
			id: auditEvent.id,
			occurredAt: auditEvent.occurredAt,
			actorName: auditEvent.actorName,
			action: auditEvent.action,
			summary: auditEvent.summary,
			before: auditEvent.before,
			after: auditEvent.after
		})
		.from(auditEvent)
		.where(eq(auditEvent.vendorId, vendorId))
		.orderBy(desc(auditEvent.occurredAt), desc(auditEvent.id))
		.limit(fixedLimit(limit));
}
