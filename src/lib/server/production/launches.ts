/**
 * Collections and their launches: the date the POs carrying a collection's name must be ready for,
 * and how ready they are. Pieces needed are the quantities of the live lines of the live POs naming
 * the collection; pieces done are those of their finished job bags; pieces at risk those of their
 * open jobs at risk. A declined PO feeds nothing (the pieces will come from another order), like a
 * cancelled one. Launches are the brand's planning: staff read them, ops and admins change them.
 */
import { isUuid } from '#lib/domain/ids.ts';
import { and, asc, desc, eq, inArray, notInArray, sql, type SQL } from 'drizzle-orm';
import type { LaunchForm } from '#lib/domain/production/timeline-query.ts';
import { todayIso } from '#lib/domain/purchase-orders/schemas.ts';
import type { PoStatus } from '#lib/domain/purchase-orders/status.ts';
import { collectionLaunch, productionJob, purchaseOrder, purchaseOrderLine, vendor } from '#lib/server/db/schema/index.ts';
import type { Tx } from '#lib/server/db/scope.ts';
import { requireStaff, withActor, type Actor } from '#lib/server/auth/actor.ts';
import { recordAudit } from '#lib/server/audit/audit.ts';
import { conflict, notFound } from '#lib/server/errors.ts';
import { rowsOf } from '#lib/server/db/client.ts';
import { fixedLimit, fixedRows } from '#lib/server/db/fixed-limit.ts';

const planners = ['admin', 'ops'] as const;
const notFeeding: PoStatus[] = ['cancelled', 'declined'];
const COLLECTION_LIST_MAX = 200;
const DETAIL_PO_MAX = 500;
const DETAIL_JOB_MAX = 200;
const THE_LAUNCH = 'That launch';

export interface Readiness {
	/** pieces on the live lines of the live POs naming the collection */
	needed: number;
	/** pieces in finished job bags of those POs */
	done: number;
	/** pieces in open job bags of those POs that are at risk */
	atRisk: number;
	/** how many POs feed it */
	poCount: number;
}

const noReadiness: Readiness = { needed: 0, done: 0, atRisk: 0, poCount: 0 };

export interface LaunchSummary extends Readiness {
	id: string;
	name: string;
	launchDate: string;
	notes: string;
}

export interface LaunchList {
	launches: LaunchSummary[];
	/** collections named on POs that have no launch yet */
	unscheduled: ({ name: string } & Readiness)[];
	today: string;
	canEdit: boolean;
}

const feedingPo = (names: string[]): SQL => and(inArray(purchaseOrder.collection, names), notInArray(purchaseOrder.status, notFeeding))!;

/** Readiness per collection name, in two grouped statements whatever the number of collections. */
async function selectReadiness(tx: Tx, names: string[]): Promise<Map<string, Readiness>> {
	const result = new Map<string, Readiness>();
	if (names.length === 0) return result;
	const needed = await tx
		.select({
			collection: purchaseOrder.collection,
			needed: sql<number>`coalesce(sum(${purchaseOrderLine.quantity}) filter (where not ${purchaseOrderLine.cancelled}), 0)`.mapWith(
				Number
			),
			poCount: sql<number>`count(distinct ${purchaseOrder.id})`.mapWith(Number)
		})
		.from(purchaseOrder)
		.leftJoin(purchaseOrderLine, eq(purchaseOrderLine.purchaseOrderId, purchaseOrder.id))
		.where(feedingPo(names))
		.groupBy(purchaseOrder.collection);
	const made = await tx
		.select({
			collection: purchaseOrder.collection,
			done: sql<number>`coalesce(sum(${productionJob.quantity}) filter (where ${productionJob.status} = 'done'), 0)`.mapWith(Number),
			atRisk:
				sql<number>`coalesce(sum(${productionJob.quantity}) filter (where ${productionJob.status} = 'open' and ${productionJob.atRisk}), 0)`.mapWith(
					Number
				)
		})
		.from(purchaseOrder)
		.innerJoin(productionJob, eq(productionJob.purchaseOrderId, purchaseOrder.id))
		.where(feedingPo(names))
		.groupBy(purchaseOrder.collection);
	for (const n of needed) result.set(n.collection!, { ...noReadiness, needed: n.needed, poCount: n.poCount });
	for (const m of made) {
		const r = result.get(m.collection!) ?? { ...noReadiness };
		result.set(m.collection!, { ...r, done: m.done, atRisk: m.atRisk });
	}
	return result;
}

/** Distinct collection names on POs: a loose index scan, one hop per name. */
async function selectPoCollections(tx: Tx): Promise<string[]> {
	const rows = rowsOf<{ collection: string }>(
		await tx.execute(sql`
			with recursive c(collection) as (
				(select collection from purchase_order where collection is not null order by collection limit 1)
				union all
				select (select p.collection from purchase_order p where p.collection > c.collection order by p.collection limit 1)
				from c where c.collection is not null
			)
			select collection from c where collection is not null limit ${fixedRows(COLLECTION_LIST_MAX)}`)
	);
	return rows.map((r) => r.collection);
}

/** Launches, soonest first (past ones after, latest first), and the collections still without a date. */
export async function listLaunches(actor: Actor, today: string = todayIso()): Promise<LaunchList> {
	requireStaff(actor);
	return withActor(actor, async (tx) => {
		const launches = await tx
			.select({
				id: collectionLaunch.id,
				name: collectionLaunch.name,
				launchDate: collectionLaunch.launchDate,
				notes: collectionLaunch.notes
			})
			.from(collectionLaunch)
			.orderBy(
				sql`${collectionLaunch.launchDate} < ${today}::date`,
				sql`case when ${collectionLaunch.launchDate} >= ${today}::date then ${collectionLaunch.launchDate} end`,
				desc(collectionLaunch.launchDate),
				asc(collectionLaunch.name)
			);
		const launched = new Set(launches.map((l) => l.name));
		const unscheduledNames = (await selectPoCollections(tx)).filter((name) => !launched.has(name));
		const readiness = await selectReadiness(tx, [...launched, ...unscheduledNames]);
		return {
			launches: launches.map((l) => ({ ...l, ...(readiness.get(l.name) ?? noReadiness) })),
			unscheduled: unscheduledNames.map((name) => ({ name, ...(readiness.get(name) ?? noReadiness) })),
			today,
			canEdit: (planners as readonly string[]).includes(actor.role)
		};
	});
}

/** Collection names on POs that have no launch yet: the new-launch form suggests them. Ops and admins only. */
export async function listUnscheduledCollections(actor: Actor): Promise<string[]> {
	requireStaff(actor, planners);
	return withActor(actor, async (tx) => {
		const launched = new Set((await tx.select({ name: collectionLaunch.name }).from(collectionLaunch)).map((l) => l.name));
		return (await selectPoCollections(tx)).filter((name) => !launched.has(name));
	});
}

export interface LaunchPo {
	id: string;
	number: string;
	vendorName: string;
	status: PoStatus;
	dueDate: string | null;
	needed: number;
	done: number;
	atRisk: number;
}

export interface LaunchJob {
	id: string;
	number: string;
	vendorName: string;
	purchaseOrderId: string;
	poNumber: string;
	sku: string;
	description: string;
	quantity: number;
	currentStage: string | null;
	promisedDate: string;
	forecastFinish: string;
	riskReason: string;
	blocked: boolean;
}

export interface LaunchDetail {
	launch: LaunchSummary & { version: string };
	pos: LaunchPo[];
	atRiskJobs: LaunchJob[];
	today: string;
	canEdit: boolean;
}

/** The launch's row with its optimistic-locking version: its last change, to the microsecond. */
async function selectLaunch(tx: Tx, launchId: string) {
	if (!isUuid(launchId)) throw notFound(THE_LAUNCH);
	const [row] = await tx
		.select({
			id: collectionLaunch.id,
			name: collectionLaunch.name,
			launchDate: collectionLaunch.launchDate,
			notes: collectionLaunch.notes,
			version: sql<string>`(extract(epoch from ${collectionLaunch.updatedAt}) * 1000000)::bigint::text`
		})
		.from(collectionLaunch)
		.where(eq(collectionLaunch.id, launchId));
	if (!row) throw notFound(THE_LAUNCH);
	return row;
}

/** A launch with its readiness, the POs that feed it and its jobs at risk. */
export async function getLaunch(actor: Actor, launchId: string, today: string = todayIso()): Promise<LaunchDetail> {
	requireStaff(actor);
	return withActor(actor, async (tx) => {
		const launch = await selectLaunch(tx, launchId);
		const readiness = (await selectReadiness(tx, [launch.name])).get(launch.name) ?? noReadiness;
		const pos = await tx
			.select({
				id: purchaseOrder.id,
				number: purchaseOrder.number,
				vendorName: vendor.name,
				status: purchaseOrder.status,
				dueDate: purchaseOrder.dueDate,
				needed:
					sql<number>`(select coalesce(sum(l.quantity), 0) from ${purchaseOrderLine} l where l.purchase_order_id = ${purchaseOrder.id} and not l.cancelled)`.mapWith(
						Number
					),
				done: sql<number>`(select coalesce(sum(j.quantity), 0) from ${productionJob} j where j.purchase_order_id = ${purchaseOrder.id} and j.status = 'done')`.mapWith(
					Number
				),
				atRisk:
					sql<number>`(select coalesce(sum(j.quantity), 0) from ${productionJob} j where j.purchase_order_id = ${purchaseOrder.id} and j.status = 'open' and j.at_risk)`.mapWith(
						Number
					)
			})
			.from(purchaseOrder)
			.innerJoin(vendor, eq(vendor.id, purchaseOrder.vendorId))
			.where(feedingPo([launch.name]))
			.orderBy(sql`${purchaseOrder.dueDate} asc nulls last`, asc(purchaseOrder.number))
			.limit(fixedLimit(DETAIL_PO_MAX));
		const atRiskJobs = await tx
			.select({
				id: productionJob.id,
				number: productionJob.number,
				vendorName: vendor.name,
				purchaseOrderId: productionJob.purchaseOrderId,
				poNumber: productionJob.poNumber,
				sku: productionJob.sku,
				description: productionJob.description,
				quantity: productionJob.quantity,
				currentStage: productionJob.currentStage,
				promisedDate: productionJob.promisedDate,
				forecastFinish: productionJob.forecastFinish,
				riskReason: productionJob.riskReason,
				blocked: productionJob.blocked
			})
			.from(productionJob)
			.innerJoin(vendor, eq(vendor.id, productionJob.vendorId))
			.where(
				and(
					sql`${productionJob.status} = 'open'`,
					eq(productionJob.atRisk, true),
					sql`${productionJob.purchaseOrderId} in (select ${purchaseOrder.id} from ${purchaseOrder} where ${feedingPo([launch.name])})`
				)
			)
			.orderBy(asc(productionJob.forecastFinish), asc(productionJob.number))
			.limit(fixedLimit(DETAIL_JOB_MAX));
		return {
			launch: { ...launch, ...readiness },
			pos,
			atRiskJobs,
			today,
			canEdit: (planners as readonly string[]).includes(actor.role)
		};
	});
}

/** The launch as its edit form starts. Ops and admins only. */
export async function getLaunchForEdit(actor: Actor, launchId: string): Promise<LaunchForm & { id: string }> {
	requireStaff(actor, planners);
	return withActor(actor, (tx) => selectLaunch(tx, launchId));
}

const duplicateName = (name: string) =>
	conflict(`A launch for “${name}” already exists. Open it from the launches list to change its date.`, {
		name: 'Another launch already has this name.'
	});

/** Two people naming the same launch at once both pass the check; the unique index refuses the second. */
function rethrowNameClash(name: string) {
	return (error: unknown): never => {
		const cause = ((error as { cause?: unknown })?.cause ?? error) as { code?: string; constraint?: string; constraint_name?: string };
		if (cause?.code === '23505' && (cause.constraint ?? cause.constraint_name) === 'collection_launch_name_key') throw duplicateName(name);
		throw error;
	};
}

async function assertNameFree(tx: Tx, name: string, exceptId?: string) {
	const [clash] = await tx
		.select({ id: collectionLaunch.id })
		.from(collectionLaunch)
		.where(and(eq(collectionLaunch.name, name), exceptId ? sql`${collectionLaunch.id} <> ${exceptId}` : undefined))
		.limit(1);
	if (clash) throw duplicateName(name);
}

export async function createLaunch(actor: Actor, input: LaunchForm): Promise<{ launchId: string }> {
	requireStaff(actor, planners);
	return withActor(actor, async (tx) => {
		await assertNameFree(tx, input.name);
		const [row] = await tx
			.insert(collectionLaunch)
			.values({ name: input.name, launchDate: input.launchDate, notes: input.notes })
			.returning({ id: collectionLaunch.id })
			.catch(rethrowNameClash(input.name));
		await recordAudit(tx, actor, {
			entityType: 'collection_launch',
			entityId: row.id,
			action: 'launch.created',
			summary: `Launch of ${input.name} set for ${input.launchDate}`,
			after: { name: input.name, launchDate: input.launchDate, notes: input.notes }
		});
		return { launchId: row.id };
	});
}

export type LaunchUpdateResult = { ok: true } | { ok: false; current: LaunchForm & { id: string } };

/**
 * Saves a launch if nobody changed it since the form was loaded (`input.version`); otherwise answers
 * with the newer launch so the person can make the change again on top of it.
 */
export async function updateLaunch(actor: Actor, launchId: string, input: LaunchForm): Promise<LaunchUpdateResult> {
	requireStaff(actor, planners);
	return withActor(actor, async (tx) => {
		const before = await selectLaunch(tx, launchId);
		if (input.version && input.version !== before.version) return { ok: false, current: before };
		if (input.name !== before.name) await assertNameFree(tx, input.name, launchId);
		const updated = await tx
			.update(collectionLaunch)
			.set({ name: input.name, launchDate: input.launchDate, notes: input.notes, updatedAt: sql`now()` })
			.where(
				and(
					eq(collectionLaunch.id, launchId),
					sql`(extract(epoch from ${collectionLaunch.updatedAt}) * 1000000)::bigint::text = ${before.version}`
				)
			)
			.returning({ id: collectionLaunch.id })
			.catch(rethrowNameClash(input.name));
		// changed between the read and the write: the same answer as a stale form
		if (updated.length === 0) return { ok: false, current: await selectLaunch(tx, launchId) };
		await recordAudit(tx, actor, {
			entityType: 'collection_launch',
			entityId: launchId,
			action: 'launch.updated',
			summary: `Launch of ${input.name} updated (${input.launchDate})`,
			before: { name: before.name, launchDate: before.launchDate, notes: before.notes },
			after: { name: input.name, launchDate: input.launchDate, notes: input.notes }
		});
		return { ok: true };
	});
}
