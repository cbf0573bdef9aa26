/**
 * The operations timeline: every open job across workshops, at risk first, then by forecast. The
 * job row carries what the timeline shows (PO number, collection, dates, stage, risk), so a page is
 * one index walk over the open-jobs partial index plus one pass over the open jobs for the counts,
 * all in one transaction; only the page's fifty rows look up their workshop's name.
 */
import { and, asc, eq, ilike, inArray, sql, type SQL } from 'drizzle-orm';
import {
	dayNumber,
	dueWeekRange,
	fromDayNumber,
	isFiltered,
	TIMELINE_PAGE_SIZE,
	weekStart,
	type TimelineQuery,
	type TimelineRow
} from '#lib/domain/production/timeline-query.ts';
import { todayIso } from '#lib/domain/purchase-orders/schemas.ts';
import { collectionLaunch, productionJob, stageTemplate, vendor } from '#lib/server/db/schema/index.ts';
import { defaultStageTemplates } from '#lib/domain/production/stages.ts';
import type { Tx } from '#lib/server/db/scope.ts';
import { requireStaff, withActor, type Actor } from '#lib/server/auth/actor.ts';
import { rowsOf } from '#lib/server/db/client.ts';
import { containsPattern } from '#lib/server/db/like.ts';
import { fixedLimit, fixedRows } from '#lib/server/db/fixed-limit.ts';
import { inIds } from '#lib/server/db/id-list.ts';

const WORKSHOP_LIST_MAX = 150;
const COLLECTION_LIST_MAX = 200;

export type { TimelineRow };

export interface TimelineSummary {
	open: number;
	atRisk: number;
	blocked: number;
	dueThisWeek: number;
}

export interface TimelineScreen {
	rows: TimelineRow[];
	/** open jobs matching the filters */
	total: number;
	page: number;
	pageCount: number;
	/** all open jobs, whatever the filters */
	summary: TimelineSummary;
	today: string;
	/** the workshop filter as a list, or null when there are too many to list (filter by name instead) */
	workshops: { id: string; name: string }[] | null;
	/** collections of open jobs */
	collections: string[];
	/** stage names from the stage templates, in template order */
	stages: string[];
	/** launch date by collection, for the collections on this page */
	launchDates: Record<string, string>;
}

/**
 * Open jobs only: the partial indexes hold exactly those. The status is written into the statement,
 * not bound: a prepared statement's generic plan cannot use a partial index for `status = $1`.
 */
const isOpen = sql`${productionJob.status} = 'open'`;

/** The timeline's filters as SQL; the CSV export applies the same. */
export function timelineFilter(query: TimelineQuery, today: string): SQL {
	const conditions: (SQL | undefined)[] = [isOpen];
	if (query.vendor) conditions.push(eq(productionJob.vendorId, query.vendor));
	if (query.workshop) {
		conditions.push(
			sql`${productionJob.vendorId} in (select ${vendor.id} from ${vendor} where ${ilike(vendor.name, containsPattern(query.workshop))})`
		);
	}
	if (query.collection) conditions.push(eq(productionJob.collection, query.collection));
	if (query.risk) conditions.push(eq(productionJob.atRisk, true));
	if (query.blocked) conditions.push(eq(productionJob.blocked, true));
	if (query.stage) conditions.push(eq(productionJob.currentStage, query.stage));
	const week = dueWeekRange(query.week, today);
	if (week) {
		if (week.from) conditions.push(sql`${productionJob.promisedDate} >= ${week.from}::date`);
		conditions.push(sql`${productionJob.promisedDate} <= ${week.to}::date`);
	}
	if (query.q) {
		const pattern = containsPattern(query.q);
		// one match over the four texts joined costs half of four matches; a unit separator keeps a
		// search from matching across two of them
		conditions.push(
			sql`(${productionJob.number} || chr(31) || ${productionJob.poNumber} || chr(31) || ${productionJob.sku} || chr(31) || ${productionJob.description}) ilike ${pattern}`
		);
	}
	return and(...conditions)!;
}

/** The timeline page: rows, counts and filter choices, in one transaction. Staff only; a workshop user gets NotFound. */
export async function getProductionTimeline(actor: Actor, query: TimelineQuery, today: string = todayIso()): Promise<TimelineScreen> {
	requireStaff(actor);
	return withActor(actor, async (tx) => {
		const where = timelineFilter(query, today);
		const jobs = await tx
			.select({
				id: productionJob.id,
				number: productionJob.number,
				vendorId: productionJob.vendorId,
				purchaseOrderId: productionJob.purchaseOrderId,
				poNumber: productionJob.poNumber,
				collection: productionJob.collection,
				sku: productionJob.sku,
				description: productionJob.description,
				quantity: productionJob.quantity,
				promisedDate: productionJob.promisedDate,
				plannedStart: productionJob.plannedStart,
				forecastFinish: productionJob.forecastFinish,
				startedOn: productionJob.startedOn,
				currentStage: productionJob.currentStage,
				atRisk: productionJob.atRisk,
				riskReason: productionJob.riskReason,
				blocked: productionJob.blocked
			})
			.from(productionJob)
			.where(where)
			// exactly the order of production_job_open_idx (and of the per-workshop one), NULLS LAST included:
			// with plain DESC the planner sorts every open job instead of reading fifty index entries
			.orderBy(sql`${productionJob.atRisk} desc nulls last`, asc(productionJob.forecastFinish), asc(productionJob.id))
			.limit(fixedLimit(TIMELINE_PAGE_SIZE))
			.offset((query.page - 1) * TIMELINE_PAGE_SIZE);
		// the workshop names of this page only: joined in the query above, the planner hashes every open job
		const vendorIds = [...new Set(jobs.map((j) => j.vendorId))];
		const names =
			vendorIds.length === 0 ? [] : await tx.select({ id: vendor.id, name: vendor.name }).from(vendor).where(inIds(vendor.id, vendorIds));
		const nameOf = new Map(names.map((v) => [v.id, v.name]));
		const rows: TimelineRow[] = jobs.map((j) => ({ ...j, vendorName: nameOf.get(j.vendorId) ?? '' }));

		const summary = await selectSummary(tx, today);
		const total = isFiltered(query) ? await countMatching(tx, where) : summary.open;
		const workshops = await selectWorkshops(tx);
		const collections = await selectOpenCollections(tx);
		const stages = await selectStageNames(tx);
		const onPage = [...new Set(rows.map((r) => r.collection).filter((c): c is string => c !== null))];
		const launches =
			onPage.length === 0
				? []
				: await tx
						.select({ name: collectionLaunch.name, launchDate: collectionLaunch.launchDate })
						.from(collectionLaunch)
						.where(inArray(collectionLaunch.name, onPage));
		return {
			rows,
			total,
			page: query.page,
			pageCount: Math.max(1, Math.ceil(total / TIMELINE_PAGE_SIZE)),
			summary,
			today,
			workshops,
			collections,
			stages,
			launchDates: Object.fromEntries(launches.map((l) => [l.name, l.launchDate]))
		};
	});
}

/**
 * The headline counts in one pass over the open jobs rather than one count per figure. It reads
 * only status, at_risk, blocked and promised_date, so a covering partial index on those would make
 * it an index-only scan.
 */
async function selectSummary(tx: Tx, today: string): Promise<TimelineSummary> {
	const monday = weekStart(today);
	const sunday = fromDayNumber(dayNumber(monday) + 6);
	const [row] = await tx
		.select({
			open: sql<number>`count(*)`.mapWith(Number),
			atRisk: sql<number>`count(*) filter (where ${productionJob.atRisk})`.mapWith(Number),
			blocked: sql<number>`count(*) filter (where ${productionJob.blocked})`.mapWith(Number),
			dueThisWeek: sql<number>`count(*) filter (where ${productionJob.promisedDate} between ${monday}::date and ${sunday}::date)`.mapWith(
				Number
			)
		})
		.from(productionJob)
		.where(isOpen);
	return row ?? { open: 0, atRisk: 0, blocked: 0, dueThisWeek: 0 };
}

/** Only asked when a filter narrows the list: the filter's own index (workshop, at risk, collection) serves it. */
async function countMatching(tx: Tx, where: SQL): Promise<number> {
	const [row] = await tx
		.select({ total: sql<number>`count(*)`.mapWith(Number) })
		.from(productionJob)
		.where(where);
	return row?.total ?? 0;
}

async function selectWorkshops(tx: Tx): Promise<{ id: string; name: string }[] | null> {
	// a list of a few hundred names is a good filter; a thousand is page weight nobody scrolls through
	const listed = await tx
		.select({ id: vendor.id, name: vendor.name })
		.from(vendor)
		.orderBy(asc(vendor.nameKey))
		.limit(fixedLimit(WORKSHOP_LIST_MAX + 1));
	return listed.length > WORKSHOP_LIST_MAX ? null : listed;
}

/** A loose index scan over the open-jobs collection index: one hop per distinct name, not one row per job. */
async function selectOpenCollections(tx: Tx): Promise<string[]> {
	const rows = rowsOf<{ collection: string }>(
		await tx.execute(sql`
			with recursive c(collection) as (
				(select collection from production_job where status = 'open' and collection is not null order by collection limit 1)
				union all
				select (select j.collection from production_job j where j.status = 'open' and j.collection > c.collection order by j.collection limit 1)
				from c where c.collection is not null
			)
			select collection from c where collection is not null limit ${fixedRows(COLLECTION_LIST_MAX)}`)
	);
	return rows.map((r) => r.collection);
}

/**
 * Stage names across the templates in use — an admin's saved ones, the defaults for the rest — in the
 * order work goes through them (by their position in their template, then by name).
 */
async function selectStageNames(tx: Tx): Promise<string[]> {
	const saved = await tx.select({ vendorType: stageTemplate.vendorType, stages: stageTemplate.stages }).from(stageTemplate);
	const templates = new Map<string, { name: string }[]>(Object.entries(defaultStageTemplates));
	for (const row of saved) templates.set(row.vendorType, row.stages);
	const position = new Map<string, number>();
	for (const stages of templates.values()) {
		stages.forEach((stage, index) => position.set(stage.name, Math.min(position.get(stage.name) ?? index, index)));
	}
	return [...position.entries()].sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0])).map(([name]) => name);
}

/** The headline counts alone, for the operations dashboard. */
export async function getProductionSummary(actor: Actor, today: string = todayIso()): Promise<TimelineSummary> {
	requireStaff(actor);
	return withActor(actor, (tx) => selectSummary(tx, today));
}
