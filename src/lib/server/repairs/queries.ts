/**
 * Drizzle queries of the repairs module; no rules here, only reads and writes. Every statement that
 * can run as a workshop user names its columns: the column grants leave the customer's name, contact
 * and order number (and the brand's return check) out, so `select()` of the whole table would fail
 * for them — and must, so nothing here may rely on it.
 */
import { and, asc, desc, eq, gte, or, sql, type SQL } from 'drizzle-orm';
import type { RepairStatus } from '#lib/domain/repairs/status.ts';
import type { RepairListQuery } from '#lib/domain/repairs/schemas.ts';
import type { RepairWorkKind } from '#lib/domain/repairs/reference.ts';
import { repairEstimate, repairEvent, repairJob, repairPhoto, repairStatuses, storedFile, vendor } from '#lib/server/db/schema/index.ts';
import type { Tx } from '#lib/server/db/scope.ts';
import { rowsOf } from '#lib/server/db/client.ts';
import { containsPattern } from '#lib/server/db/like.ts';
import { fixedLimit, fixedList, fixedRows } from '#lib/server/db/fixed-limit.ts';

const openRepairStatuses = repairStatuses.filter((status) => status !== 'closed' && status !== 'cancelled');
const openRepairStatusList = fixedList(openRepairStatuses);

export type RepairSideOfQuery = 'brand' | 'vendor';

/** What a workshop may read of a repair (the column grant of `bezel_vendor`, exactly). */
export const sharedRepairColumns = {
	id: repairJob.id,
	number: repairJob.number,
	vendorId: repairJob.vendorId,
	status: repairJob.status,
	description: repairJob.description,
	stamps: repairJob.stamps,
	intakeWeightMg: repairJob.intakeWeightMg,
	intakeStoneCount: repairJob.intakeStoneCount,
	conditionNotes: repairJob.conditionNotes,
	currency: repairJob.currency,
	declaredValueMinor: repairJob.declaredValueMinor,
	requestedWork: repairJob.requestedWork,
	workNotes: repairJob.workNotes,
	promisedToCustomer: repairJob.promisedToCustomer,
	assignedAt: repairJob.assignedAt,
	receivedOn: repairJob.receivedOn,
	approvedEstimateId: repairJob.approvedEstimateId,
	approvedTotalMinor: repairJob.approvedTotalMinor,
	finalPriceMinor: repairJob.finalPriceMinor,
	shippedBackOn: repairJob.shippedBackOn,
	carrier: repairJob.carrier,
	trackingNumber: repairJob.trackingNumber,
	returnedAt: repairJob.returnedAt,
	closedAt: repairJob.closedAt,
	version: repairJob.version,
	createdAt: repairJob.createdAt,
	updatedAt: repairJob.updatedAt
};

/** The brand's own columns: the customer, the return check, the reason for cancelling. */
export const internalRepairColumns = {
	customerName: repairJob.customerName,
	customerContact: repairJob.customerContact,
	orderReference: repairJob.orderReference,
	returnWeightMg: repairJob.returnWeightMg,
	returnStoneCount: repairJob.returnStoneCount,
	returnDiscrepancy: repairJob.returnDiscrepancy,
	discrepancyResolution: repairJob.discrepancyResolution,
	cancelReason: repairJob.cancelReason,
	lastReminderOn: repairJob.lastReminderOn,
	createdBy: repairJob.createdBy
};

type Shared = { [K in keyof typeof sharedRepairColumns]: (typeof repairJob.$inferSelect)[K] };
type Internal = { [K in keyof typeof internalRepairColumns]: (typeof repairJob.$inferSelect)[K] };

/** A repair as one side may read it: `internal` is null for a workshop user. */
export type RepairRecord = Shared & { requestedWork: RepairWorkKind[]; internal: Internal | null };

export async function selectRepair(
	tx: Tx,
	repairId: string,
	side: RepairSideOfQuery,
	options: { lock?: boolean } = {}
): Promise<RepairRecord | undefined> {
	const columns = side === 'brand' ? { ...sharedRepairColumns, ...internalRepairColumns } : sharedRepairColumns;
	const query = tx.select(columns).from(repairJob).where(eq(repairJob.id, repairId)).limit(1);
	const [row] = (options.lock ? await query.for('update') : await query) as (Shared & Partial<Internal>)[];
	if (!row) return undefined;
	const shared = Object.fromEntries(Object.keys(sharedRepairColumns).map((k) => [k, row[k as keyof Shared]])) as Shared;
	const internal =
		side === 'brand'
			? (Object.fromEntries(Object.keys(internalRepairColumns).map((k) => [k, row[k as keyof Internal]])) as Internal)
			: null;
	return { ...shared, requestedWork: shared.requestedWork as RepairWorkKind[], internal };
}

export type RepairEstimateRow = typeof repairEstimate.$inferSelect;

/**
 * The current workshop's estimates for this assignment, newest first. An estimate made before the
 * job was (re-)assigned belongs to an earlier assignment and does not count.
 */
export function selectCurrentEstimates(
	tx: Tx,
	repair: { id: string; vendorId: string | null; assignedAt: Date | null }
): Promise<RepairEstimateRow[]> {
	if (!repair.vendorId || !repair.assignedAt) return Promise.resolve([]);
	return tx
		.select()
		.from(repairEstimate)
		.where(
			and(
				eq(repairEstimate.repairId, repair.id),
				eq(repairEstimate.vendorId, repair.vendorId),
				gte(repairEstimate.createdAt, repair.assignedAt)
			)
		)
		.orderBy(desc(repairEstimate.createdAt), desc(repairEstimate.id));
}

export function selectAllEstimates(tx: Tx, repairId: string): Promise<RepairEstimateRow[]> {
	return tx
		.select()
		.from(repairEstimate)
		.where(eq(repairEstimate.repairId, repairId))
		.orderBy(desc(repairEstimate.createdAt), desc(repairEstimate.id));
}

export async function selectEstimate(tx: Tx, estimateId: string): Promise<RepairEstimateRow | undefined> {
	const [row] = await tx.select().from(repairEstimate).where(eq(repairEstimate.id, estimateId)).limit(1);
	return row;
}

/** Active workshops that do repairs, for the assign list. */
export function selectRepairWorkshops(tx: Tx) {
	return tx
		.select({ id: vendor.id, name: vendor.name, city: vendor.city, country: vendor.country })
		.from(vendor)
		.where(and(eq(vendor.status, 'active'), sql`${vendor.types} @> array['repair_jeweler']::text[]`))
		.orderBy(asc(vendor.nameKey))
		.limit(fixedLimit(500));
}

/**
 * The brand person who gave this workshop the job: a workshop user's transaction cannot read the
 * repair's creator (outside the column grant), but it can read its own assignment event.
 */
export async function selectAssigner(tx: Tx, repairId: string, vendorId: string): Promise<string | null> {
	const [row] = await tx
		.select({ createdBy: repairEvent.createdBy })
		.from(repairEvent)
		.where(and(eq(repairEvent.repairId, repairId), eq(repairEvent.vendorId, vendorId), eq(repairEvent.kind, 'assigned')))
		.orderBy(desc(repairEvent.createdAt))
		.limit(1);
	return row?.createdBy ?? null;
}

export async function insertRepairEvent(
	tx: Tx,
	event: {
		repairId: string;
		vendorId: string | null;
		kind: string;
		note?: string;
		side: 'vendor' | 'brand';
		createdBy: string;
		createdByName: string;
	}
): Promise<void> {
	await tx.insert(repairEvent).values({ ...event, note: event.note ?? '' });
}

export function selectEvents(tx: Tx, repairId: string) {
	return tx
		.select({
			id: repairEvent.id,
			kind: repairEvent.kind,
			note: repairEvent.note,
			side: repairEvent.side,
			createdByName: repairEvent.createdByName,
			createdAt: repairEvent.createdAt
		})
		.from(repairEvent)
		.where(eq(repairEvent.repairId, repairId))
		.orderBy(asc(repairEvent.createdAt), asc(repairEvent.id));
}

/**
 * A repair's photos. A workshop sees the brand's intake photos and its own; never another
 * workshop's (a job re-assigned) nor the brand's photos of the return check.
 */
export function selectPhotos(tx: Tx, repairId: string, viewer: { side: RepairSideOfQuery; vendorId: string | null }) {
	const visible =
		viewer.side === 'vendor'
			? and(
					sql`${repairPhoto.stage} <> 'return'`,
					or(sql`${repairPhoto.vendorId} is null`, eq(repairPhoto.vendorId, viewer.vendorId ?? '00000000-0000-0000-0000-000000000000'))
				)
			: undefined;
	return tx
		.select({
			id: repairPhoto.id,
			stage: repairPhoto.stage,
			fileId: repairPhoto.fileId,
			thumbnailFileId: repairPhoto.thumbnailFileId,
			caption: repairPhoto.caption,
			side: sql<'brand' | 'vendor'>`case when ${repairPhoto.vendorId} is null then 'brand' else 'vendor' end`,
			createdAt: repairPhoto.createdAt
		})
		.from(repairPhoto)
		.where(and(eq(repairPhoto.repairId, repairId), visible))
		.orderBy(asc(repairPhoto.createdAt), asc(repairPhoto.id));
}

/**
 * Gives the brand's intake photos of a repair to `vendorId` (or back to the brand with null), so the
 * assigned workshop can open them and a workshop the job was taken from no longer can.
 */
export async function handIntakePhotosTo(tx: Tx, repairId: string, vendorId: string | null): Promise<void> {
	await tx.execute(sql`
		update ${storedFile} set vendor_id = ${vendorId}
		where id in (
			select file_id from ${repairPhoto} where repair_id = ${repairId} and stage = 'intake' and vendor_id is null
			union all
			select thumbnail_file_id from ${repairPhoto} where repair_id = ${repairId} and stage = 'intake' and vendor_id is null
		)`);
}

// ---------------------------------------------------------------- lists

export const REPAIR_PAGE_SIZE = 25;
/** Counting stops here: "10,000+" is as useful as an exact figure and costs a fraction. */
const COUNT_CAP = 10_000;
export const REPAIR_EXPORT_CAP = 50_000;

const turnaroundDays = sql`(select bs.repair_turnaround_days from brand_settings bs where bs.id = 1)`;
/** the calendar day (UTC, like every date Bezel shows) the piece should be back by the turnaround target */
const dueBackDay = sql`((${repairJob.assignedAt} at time zone 'UTC')::date + ${turnaroundDays})`;
/**
 * At the workshop (not yet shipped back) and its due day has passed: the oversight page counts the
 * same. "assigned day + turnaround < today" is written as "assigned before the UTC midnight of
 * today − turnaround", which is the same test but lets the partial index on assigned_at
 * (repair_job_at_workshop_assigned_idx, same status list) find the overdue pieces instead of reading
 * every open one.
 */
export const overdueCondition = sql`(${repairJob.status} in ('assigned', 'received', 'in_work', 'done') and ${repairJob.assignedAt} < ((((now() at time zone 'UTC')::date - ${turnaroundDays})::timestamp) at time zone 'UTC'))`;
const estimateWaiting = sql`exists (select 1 from repair_estimate e where e.repair_id = ${repairJob.id} and e.status = 'submitted')`;

export interface RepairListRow {
	id: string;
	number: string;
	status: RepairStatus;
	vendorId: string | null;
	vendorName: string | null;
	description: string;
	requestedWork: RepairWorkKind[];
	currency: string;
	declaredValueMinor: number;
	intakeWeightMg: number;
	intakeStoneCount: number;
	promisedToCustomer: string | null;
	assignedAt: Date | null;
	receivedOn: string | null;
	shippedBackOn: string | null;
	approvedTotalMinor: number | null;
	/** the day the piece should be back by the turnaround target (null until assigned) */
	dueBack: string | null;
	overdue: boolean;
	estimateWaiting: boolean;
	version: number;
	createdAt: Date;
	/** the brand's only; null in a workshop's list */
	customerName: string | null;
	orderReference: string | null;
}

export interface RepairListPage {
	rows: RepairListRow[];
	total: number;
	totalIsCapped: boolean;
	page: number;
	pageCount: number;
}

/** Jobs at a workshop whose name matches: the few workshops are found once, not joined to every row. */
const workshopsNamed = (pattern: string) => sql`${repairJob.vendorId} in (select v.id from vendor v where v.name ilike ${pattern})`;

/** The filter of a list: a workshop's own jobs only (RLS filters the same way underneath). */
export function repairListFilter(viewer: { side: RepairSideOfQuery; vendorId: string | null }, query: RepairListQuery): SQL | undefined {
	const conditions: (SQL | undefined)[] = [];
	if (viewer.side === 'vendor') conditions.push(eq(repairJob.vendorId, viewer.vendorId ?? '00000000-0000-0000-0000-000000000000'));
	else if (query.vendor) conditions.push(eq(repairJob.vendorId, query.vendor));
	// named statuses, not "not closed": the status index then reads only the open repairs
	if (query.status === 'open') conditions.push(sql`${repairJob.status} in ${openRepairStatusList}`);
	else if (query.status !== 'all') conditions.push(eq(repairJob.status, query.status));
	if (query.q) {
		const pattern = containsPattern(query.q);
		// one match over the joined text is a third of the work of one per column on every row;
		// the unit separator keeps a match from spanning two columns.
		// A workshop user may not even name the customer's columns in a filter.
		const text =
			viewer.side === 'brand'
				? sql`concat_ws(chr(31), ${repairJob.number}, ${repairJob.description}, ${repairJob.stamps}, ${repairJob.customerName}, ${repairJob.orderReference})`
				: sql`concat_ws(chr(31), ${repairJob.number}, ${repairJob.description}, ${repairJob.stamps})`;
		const byWorkshop = viewer.side === 'brand' ? workshopsNamed(pattern) : undefined;
		conditions.push(or(sql`${text} ilike ${pattern}`, byWorkshop));
	}
	if (query.workshop && viewer.side === 'brand') conditions.push(workshopsNamed(containsPattern(query.workshop)));
	if (query.overdue) conditions.push(overdueCondition);
	if (query.estimateWaiting) conditions.push(estimateWaiting);
	return and(...conditions);
}

function sortOf(side: RepairSideOfQuery, query: RepairListQuery): SQL[] {
	const dir = query.dir === 'asc' ? sql`asc` : sql`desc`;
	// exactly the indexes' order (created_at desc nulls last, id), so the newest page is an index range
	// scan; "desc" alone means nulls first, which no index has, and costs a sort of every row
	const tail = [sql`${repairJob.createdAt} desc nulls last`, sql`${repairJob.id} asc`];
	switch (query.sort) {
		case 'created':
			return query.dir === 'asc' ? [sql`${repairJob.createdAt} asc nulls first`, sql`${repairJob.id} desc`] : tail;
		case 'number':
			return [sql`${repairJob.number} ${dir}`, ...tail];
		case 'status':
			return [sql`${repairJob.status} ${dir}`, ...tail];
		case 'promised':
			return [sql`${repairJob.promisedToCustomer} ${dir} nulls last`, ...tail];
		case 'value':
			return [sql`${repairJob.declaredValueMinor} ${dir}`, ...tail];
		case 'workshop':
			return side === 'brand' ? [sql`${vendor.name} ${dir} nulls last`, ...tail] : tail;
	}
}

function listColumns(side: RepairSideOfQuery) {
	return {
		id: repairJob.id,
		number: repairJob.number,
		status: repairJob.status,
		vendorId: repairJob.vendorId,
		vendorName: vendor.name,
		description: repairJob.description,
		requestedWork: repairJob.requestedWork,
		currency: repairJob.currency,
		declaredValueMinor: repairJob.declaredValueMinor,
		intakeWeightMg: repairJob.intakeWeightMg,
		intakeStoneCount: repairJob.intakeStoneCount,
		promisedToCustomer: repairJob.promisedToCustomer,
		assignedAt: repairJob.assignedAt,
		receivedOn: repairJob.receivedOn,
		shippedBackOn: repairJob.shippedBackOn,
		approvedTotalMinor: repairJob.approvedTotalMinor,
		dueBack: sql<string | null>`${dueBackDay}::text`,
		overdue: sql<boolean>`coalesce(${overdueCondition}, false)`,
		estimateWaiting: sql<boolean>`${estimateWaiting}`,
		version: repairJob.version,
		createdAt: repairJob.createdAt,
		customerName: side === 'brand' ? repairJob.customerName : sql<string | null>`null::text`,
		orderReference: side === 'brand' ? repairJob.orderReference : sql<string | null>`null::text`
	};
}

/** One page and a capped count: two statements whatever the filter, no query per row. */
export async function selectRepairListPage(
	tx: Tx,
	viewer: { side: RepairSideOfQuery; vendorId: string | null },
	query: RepairListQuery
): Promise<RepairListPage> {
	const where = repairListFilter(viewer, query);
	const rows = await tx
		.select(listColumns(viewer.side))
		.from(repairJob)
		.leftJoin(vendor, eq(vendor.id, repairJob.vendorId))
		.where(where)
		.orderBy(...sortOf(viewer.side, query))
		.limit(fixedLimit(REPAIR_PAGE_SIZE))
		.offset((query.page - 1) * REPAIR_PAGE_SIZE);
	const counted = rowsOf<{ total: number }>(
		await tx.execute(
			sql`select count(*)::int as total from (select 1 from ${repairJob} where ${where ?? sql`true`} limit ${fixedRows(COUNT_CAP + 1)}) capped`
		)
	);
	const total = Number(counted[0]?.total ?? 0);
	const shown = Math.min(total, COUNT_CAP);
	return {
		rows: rows as RepairListRow[],
		total: shown,
		totalIsCapped: total > COUNT_CAP,
		page: query.page,
		pageCount: Math.max(1, Math.ceil(shown / REPAIR_PAGE_SIZE))
	};
}

/** Every row of a filter for the CSV export (capped), newest first. */
export async function selectRepairsForExport(tx: Tx, viewer: { side: RepairSideOfQuery; vendorId: string | null }, query: RepairListQuery) {
	const brand = viewer.side === 'brand';
	return tx
		.select({
			...listColumns(viewer.side),
			stamps: repairJob.stamps,
			workNotes: repairJob.workNotes,
			finalPriceMinor: repairJob.finalPriceMinor,
			carrier: repairJob.carrier,
			trackingNumber: repairJob.trackingNumber,
			returnedAt: repairJob.returnedAt,
			closedAt: repairJob.closedAt,
			customerContact: brand ? repairJob.customerContact : sql<string | null>`null::text`,
			returnWeightMg: brand ? repairJob.returnWeightMg : sql<number | null>`null::int`,
			returnStoneCount: brand ? repairJob.returnStoneCount : sql<number | null>`null::int`,
			returnDiscrepancy: brand ? repairJob.returnDiscrepancy : sql<string | null>`null::text`,
			discrepancyResolution: brand ? repairJob.discrepancyResolution : sql<string | null>`null::text`
		})
		.from(repairJob)
		.leftJoin(vendor, eq(vendor.id, repairJob.vendorId))
		.where(repairListFilter(viewer, query))
		.orderBy(desc(repairJob.createdAt), asc(repairJob.id))
		.limit(fixedLimit(REPAIR_EXPORT_CAP));
}
