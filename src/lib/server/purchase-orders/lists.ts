/**
 * PO lists for both sides, the follow-up board and the CSV export. Each page is two statements
 * (rows, capped count) whatever the filter, and sorts on indexed columns where it can.
 */
import { and, asc, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { minorToDecimalString } from '#lib/domain/money.ts';
import type { PoListQuery } from '#lib/domain/purchase-orders/schemas.ts';
import { openPoStatuses, poStatusLabels, type PoStatus } from '#lib/domain/purchase-orders/status.ts';
import { purchaseOrder, purchaseOrderReadMarker, purchaseOrderStatusCount, vendor } from '#lib/server/db/schema/index.ts';
import type { Tx } from '#lib/server/db/scope.ts';
import { requireSignedIn, requireStaff, withActor, type Actor } from '#lib/server/auth/actor.ts';
import { toCsv } from '#lib/server/csv.ts';
import { selectBrandSettings } from '#lib/server/settings/queries.ts';
import { rowsOf } from '#lib/server/db/client.ts';
import { containsPattern } from '#lib/server/db/like.ts';
import { compiledSelect } from '#lib/server/db/compiled.ts';
import { fixedLimit, fixedList, fixedRows } from '#lib/server/db/fixed-limit.ts';

export const PO_PAGE_SIZE = 25;
/** Counting stops here: "10,000+" is as useful as an exact figure and costs a fraction. */
const COUNT_CAP = 10_000;
const EXPORT_CAP = 50_000;
const WORKSHOP_LIST_MAX = 150;

const openStatuses = fixedList(openPoStatuses);

function listFilter(actor: Actor, query: PoListQuery): SQL | undefined {
	const conditions: (SQL | undefined)[] = [];
	// the tenant comes from the session; RLS filters the same way underneath
	// never sent (a draft, or a draft cancelled before sending) is not the workshop's business
	if (actor.kind === 'vendor') conditions.push(eq(purchaseOrder.vendorId, actor.vendorId), sql`${purchaseOrder.firstSentAt} is not null`);
	else if (query.vendor) conditions.push(eq(purchaseOrder.vendorId, query.vendor));
	if (query.status === 'open') conditions.push(sql`${purchaseOrder.status} in ${openStatuses}`);
	else if (query.status !== 'all') conditions.push(eq(purchaseOrder.status, query.status as PoStatus));
	if (query.q) {
		const pattern = containsPattern(query.q);
		conditions.push(or(ilike(purchaseOrder.number, pattern), ilike(vendor.name, pattern), ilike(purchaseOrder.collection, pattern)));
	}
	if (query.workshop && actor.kind === 'staff') conditions.push(ilike(vendor.name, containsPattern(query.workshop)));
	if (query.collection) conditions.push(eq(purchaseOrder.collection, query.collection));
	if (query.style) conditions.push(sql`${purchaseOrder.skus} @> array[${query.style.toUpperCase()}]::text[]`);
	if (query.dueFrom) conditions.push(sql`${purchaseOrder.dueDate} >= ${query.dueFrom}::date`);
	if (query.dueTo) conditions.push(sql`${purchaseOrder.dueDate} <= ${query.dueTo}::date`);
	return and(...conditions);
}

const sortColumns = {
	number: purchaseOrder.number,
	vendor: vendor.name,
	status: purchaseOrder.status,
	due: purchaseOrder.dueDate,
	total: purchaseOrder.totalMinor,
	created: purchaseOrder.createdAt
} as const;

export interface PoListRow {
	id: string;
	number: string;
	status: PoStatus;
	vendorId: string;
	vendorName: string;
	currency: string;
	totalMinor: number;
	lineCount: number;
	dueDate: string | null;
	collection: string | null;
	revision: number;
	sentAt: Date | null;
	createdAt: Date;
	unread: boolean;
}

export interface PoListPage {
	rows: PoListRow[];
	total: number;
	totalIsCapped: boolean;
	page: number;
	pageCount: number;
}

export async function listPurchaseOrders(actor: Actor, query: PoListQuery): Promise<PoListPage> {
	requireSignedIn(actor);
	return withActor(actor, (tx) => selectListPage(tx, actor, query));
}

async function selectListPage(tx: Tx, actor: Actor, query: PoListQuery): Promise<PoListPage> {
	const theirSide = actor.kind === 'vendor' ? purchaseOrder.lastBrandMessageAt : purchaseOrder.lastVendorMessageAt;
	const where = listFilter(actor, query);
	const order = query.dir === 'asc' ? asc : desc;
	const rowsQuery = tx
		.select({
			id: purchaseOrder.id,
			number: purchaseOrder.number,
			status: purchaseOrder.status,
			vendorId: purchaseOrder.vendorId,
			vendorName: vendor.name,
			currency: purchaseOrder.currency,
			totalMinor: purchaseOrder.totalMinor,
			lineCount: purchaseOrder.lineCount,
			dueDate: purchaseOrder.dueDate,
			collection: purchaseOrder.collection,
			revision: purchaseOrder.revision,
			sentAt: purchaseOrder.sentAt,
			createdAt: purchaseOrder.createdAt,
			unread: sql<boolean>`coalesce(${theirSide} > coalesce(${purchaseOrderReadMarker.lastReadAt}, '-infinity'), false)`
		})
		.from(purchaseOrder)
		.innerJoin(vendor, eq(vendor.id, purchaseOrder.vendorId))
		.leftJoin(
			purchaseOrderReadMarker,
			and(eq(purchaseOrderReadMarker.purchaseOrderId, purchaseOrder.id), eq(purchaseOrderReadMarker.userId, actor.userId))
		)
		.where(where)
		.orderBy(order(sortColumns[query.sort]), desc(purchaseOrder.createdAt), asc(purchaseOrder.id))
		.limit(fixedLimit(PO_PAGE_SIZE))
		.offset((query.page - 1) * PO_PAGE_SIZE);
	// asked together: one round trip
	const [rows, total] = await Promise.all([rowsQuery, countListRows(tx, actor, query, where)]);
	const totalIsCapped = total > COUNT_CAP;
	const shown = Math.min(total, COUNT_CAP);
	return { rows, total: shown, totalIsCapped, page: query.page, pageCount: Math.max(1, Math.ceil(shown / PO_PAGE_SIZE)) };
}

const statusCounters = compiledSelect([], (db) =>
	db.select({ status: purchaseOrderStatusCount.status, total: purchaseOrderStatusCount.total }).from(purchaseOrderStatusCount)
);

/**
 * How many POs the list's filters match. Staff filtering by status alone read the counters the
 * database keeps per status (purchase_order_status_count), exact and a row each; anything else
 * counts, up to COUNT_CAP + 1.
 */
async function countListRows(tx: Tx, actor: Actor, query: PoListQuery, where: SQL | undefined): Promise<number> {
	const narrowed = query.vendor || query.q || query.workshop || query.collection || query.style || query.dueFrom || query.dueTo;
	if (actor.kind === 'staff' && !narrowed) {
		const kept = await statusCounters(tx, {});
		const counted = (status: PoStatus) =>
			query.status === 'all' ? true : query.status === 'open' ? openPoStatuses.includes(status) : status === query.status;
		return kept.filter((row) => counted(row.status)).reduce((sum, row) => sum + row.total, 0);
	}
	// the workshop's name is only needed to count a search by it: no join otherwise
	const from =
		query.q || query.workshop
			? sql`${purchaseOrder} inner join ${vendor} on ${vendor.id} = ${purchaseOrder.vendorId}`
			: sql`${purchaseOrder}`;
	const counted = rowsOf<{ total: number }>(
		await tx.execute(
			sql`select count(*)::int as total from (select 1 from ${from} where ${where ?? sql`true`} limit ${fixedRows(COUNT_CAP + 1)}) capped`
		)
	);
	return Number(counted[0]?.total ?? 0);
}

export interface PoListScreen {
	list: PoListPage;
	collections: string[];
	/** staff only: the workshop filter as a list, or null when there are too many to list (filter by name instead) */
	workshops: { id: string; name: string }[] | null;
	brandName: string;
	/** does the person have any PO at all (so an empty default view can say "none yet" or "none open") */
	hasAny: boolean;
}

/** Everything a PO list page shows, in one transaction. */
export async function getPurchaseOrderListScreen(actor: Actor, query: PoListQuery): Promise<PoListScreen> {
	requireSignedIn(actor);
	return withActor(actor, async (tx) => {
		// asked together: they travel in one round trip
		const [list, collections, listed, brand] = await Promise.all([
			selectListPage(tx, actor, query),
			selectCollections(tx, actor),
			// a list of a few hundred names is a good filter; a thousand is page weight nobody scrolls through
			actor.kind === 'staff'
				? tx
						.select({ id: vendor.id, name: vendor.name })
						.from(vendor)
						.orderBy(asc(vendor.nameKey))
						.limit(fixedLimit(WORKSHOP_LIST_MAX + 1))
				: [],
			selectBrandSettings(tx)
		]);
		const workshops = listed.length > WORKSHOP_LIST_MAX ? null : listed;
		const brandName = brand.brandName;
		let hasAny = list.total > 0;
		if (!hasAny) {
			const [any] = await tx
				.select({ id: purchaseOrder.id })
				.from(purchaseOrder)
				.where(listFilter(actor, { ...query, status: 'all', q: '', collection: '', style: '', dueFrom: '', dueTo: '', vendor: '' }))
				.limit(1);
			hasAny = any !== undefined;
		}
		return { list, collections, workshops, brandName, hasAny };
	});
}

export async function exportPurchaseOrdersCsv(actor: Actor, query: PoListQuery): Promise<string> {
	requireSignedIn(actor);
	const rows = await withActor(actor, (tx) =>
		tx
			.select({
				number: purchaseOrder.number,
				status: purchaseOrder.status,
				vendorName: vendor.name,
				currency: purchaseOrder.currency,
				laborTotalMinor: purchaseOrder.laborTotalMinor,
				metalTotalMinor: purchaseOrder.metalTotalMinor,
				stonesTotalMinor: purchaseOrder.stonesTotalMinor,
				totalMinor: purchaseOrder.totalMinor,
				lineCount: purchaseOrder.lineCount,
				dueDate: purchaseOrder.dueDate,
				collection: purchaseOrder.collection,
				revision: purchaseOrder.revision,
				sentAt: purchaseOrder.sentAt,
				createdAt: purchaseOrder.createdAt
			})
			.from(purchaseOrder)
			.innerJoin(vendor, eq(vendor.id, purchaseOrder.vendorId))
			.where(listFilter(actor, query))
			.orderBy(desc(purchaseOrder.createdAt))
			.limit(fixedLimit(EXPORT_CAP))
	);
	const money = (minor: number, currency: string) => minorToDecimalString(minor, currency);
	return toCsv(
		[
			'PO number',
			'Status',
			'Workshop',
			'Currency',
			'Labor',
			'Metal',
			'Stones',
			'Total',
			'Lines',
			'Due',
			'Collection',
			'Revision',
			'Sent',
			'Created'
		],
		rows.map((r) => [
			r.number,
			poStatusLabels[r.status],
			r.vendorName,
			r.currency,
			money(r.laborTotalMinor, r.currency),
			money(r.metalTotalMinor, r.currency),
			money(r.stonesTotalMinor, r.currency),
			money(r.totalMinor, r.currency),
			r.lineCount,
			r.dueDate ?? '',
			r.collection ?? '',
			r.revision,
			r.sentAt ? r.sentAt.toISOString().slice(0, 10) : '',
			r.createdAt.toISOString().slice(0, 10)
		])
	);
}

export interface FollowUpRow {
	id: string;
	number: string;
	status: PoStatus;
	vendorName: string;
	dueDate: string | null;
	sentAt: Date | null;
	/** whole days since it was sent (unacknowledged) or until/after its due date */
	days: number;
}

export interface FollowUp {
	unacknowledged: FollowUpRow[];
	changeRequested: FollowUpRow[];
	dueSoon: FollowUpRow[];
	overdue: FollowUpRow[];
	reminderDays: number;
	dueSoonDays: number;
}

/** What ops should chase: POs waiting on the vendor, waiting on ops, due soon and late. */
export async function getPurchaseOrderFollowUp(actor: Actor, limit = 50): Promise<FollowUp> {
	requireStaff(actor);
	return withActor(actor, async (tx) => {
		const settings = await selectBrandSettings(tx);
		const pick = (where: SQL, days: SQL, orderBy: SQL) =>
			tx
				.select({
					id: purchaseOrder.id,
					number: purchaseOrder.number,
					status: purchaseOrder.status,
					vendorName: vendor.name,
					dueDate: purchaseOrder.dueDate,
					sentAt: purchaseOrder.sentAt,
					days: sql<number>`${days}`.mapWith(Number)
				})
				.from(purchaseOrder)
				.innerJoin(vendor, eq(vendor.id, purchaseOrder.vendorId))
				.where(where)
				.orderBy(orderBy)
				.limit(fixedLimit(limit));
		const inWork = sql`${purchaseOrder.status} in ('acknowledged', 'in_production', 'partially_received')`;
		return {
			unacknowledged: await pick(
				eq(purchaseOrder.status, 'sent'),
				sql`(current_date - ${purchaseOrder.sentAt}::date)`,
				sql`${purchaseOrder.sentAt} asc`
			),
			changeRequested: await pick(
				eq(purchaseOrder.status, 'change_requested'),
				sql`(current_date - ${purchaseOrder.updatedAt}::date)`,
				sql`${purchaseOrder.updatedAt} asc`
			),
			dueSoon: await pick(
				and(inWork, sql`${purchaseOrder.dueDate} between current_date and current_date + ${settings.poDueSoonDays}::int`)!,
				sql`(${purchaseOrder.dueDate} - current_date)`,
				sql`${purchaseOrder.dueDate} asc`
			),
			overdue: await pick(
				and(inWork, sql`${purchaseOrder.dueDate} < current_date`)!,
				sql`(current_date - ${purchaseOrder.dueDate})`,
				sql`${purchaseOrder.dueDate} asc`
			),
			reminderDays: settings.poReminderDays,
			dueSoonDays: settings.poDueSoonDays
		};
	});
}

/** Counts for the vendor's home: what needs an answer. */
export async function getVendorPurchaseOrderCounts(
	actor: Actor
): Promise<{ toAnswer: number; changeRequested: number; inWork: number; unread: number }> {
	requireSignedIn(actor);
	if (actor.kind !== 'vendor') return { toAnswer: 0, changeRequested: 0, inWork: 0, unread: 0 };
	return withActor(actor, async (tx: Tx) => {
		const [row] = await workshopPoCounts(tx, { vendorId: actor.vendorId, userId: actor.userId });
		return row;
	});
}

/** The workshop home's PO figures: compiled, the home page is the most visited one. */
const workshopPoCounts = compiledSelect(['vendorId', 'userId'], (db, p) =>
	db
		.select({
			toAnswer: sql<number>`count(*) filter (where ${purchaseOrder.status} = 'sent')`.mapWith(Number),
			changeRequested: sql<number>`count(*) filter (where ${purchaseOrder.status} = 'change_requested')`.mapWith(Number),
			inWork:
				sql<number>`count(*) filter (where ${purchaseOrder.status} in ('acknowledged', 'in_production', 'partially_received'))`.mapWith(
					Number
				),
			unread:
				sql<number>`count(*) filter (where ${purchaseOrder.lastBrandMessageAt} > coalesce(${purchaseOrderReadMarker.lastReadAt}, '-infinity'))`.mapWith(
					Number
				)
		})
		.from(purchaseOrder)
		.leftJoin(
			purchaseOrderReadMarker,
			and(eq(purchaseOrderReadMarker.purchaseOrderId, purchaseOrder.id), eq(purchaseOrderReadMarker.userId, p.userId))
		)
		.where(and(eq(purchaseOrder.vendorId, p.vendorId), sql`${purchaseOrder.status} not in ('draft', 'closed', 'cancelled')`))
);

/** Distinct collections, for the list filter. */
export async function listCollections(actor: Actor): Promise<string[]> {
	requireSignedIn(actor);
	return withActor(actor, (tx) => selectCollections(tx, actor));
}

/**
 * The brand has a handful of collections over a hundred thousand POs: a loose index scan jumps from
 * one distinct value to the next through the index instead of reading every row.
 */
async function selectCollections(tx: Tx, actor: Actor): Promise<string[]> {
	if (actor.kind === 'vendor') {
		// a workshop's own few hundred POs: reading them is cheaper than hopping through the whole index
		const own = rowsOf<{ collection: string }>(
			await tx.execute(sql`
				select distinct collection from purchase_order
				where vendor_id = ${actor.vendorId} and first_sent_at is not null and collection is not null
				order by collection limit 200`)
		);
		return own.map((r) => r.collection);
	}
	const rows = rowsOf<{ collection: string }>(
		await tx.execute(sql`
			with recursive c(collection) as (
				(select collection from purchase_order where collection is not null order by collection limit 1)
				union all
				select (select p.collection from purchase_order p where p.collection > c.collection order by p.collection limit 1)
				from c where c.collection is not null
			)
			select collection from c where collection is not null limit 200`)
	);
	return rows.map((r) => r.collection);
}
