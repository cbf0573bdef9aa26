/**
 * What the production screens read: one job with its milestones, history, photos and problems; a
 * workshop's jobs; and the workshop's "today" (what needs doing now). One transaction per screen.
 */
import { isUuid } from '#lib/domain/ids.ts';
import { and, asc, count, desc, eq, ilike, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { forecastJob, shiftDate } from '#lib/domain/production/forecast.ts';
import { problemReasonLabels } from '#lib/domain/production/reference.ts';
import { findAlloy } from '#lib/domain/purchase-orders/alloys.ts';
import { todayIso } from '#lib/domain/purchase-orders/schemas.ts';
import {
	jobMilestone,
	jobPhoto,
	jobProblem,
	jobUpdate,
	productionJob,
	purchaseOrder,
	purchaseOrderLine,
	vendor
} from '#lib/server/db/schema/index.ts';
import { requireSignedIn, requireStaff, requireVendor, withActor, type Actor } from '#lib/server/auth/actor.ts';
import { notFound } from '#lib/server/errors.ts';
import { compiledSelect } from '#lib/server/db/compiled.ts';
import { containsPattern } from '#lib/server/db/like.ts';
import { fixedLimit, fixedName } from '#lib/server/db/fixed-limit.ts';

export type JobMilestoneView = typeof jobMilestone.$inferSelect & { forecastStart: string; forecastFinish: string; overdueDays: number };

/** What the person can do next on this job, for the quick-update form the QR code opens. */
export type NextStep = { stage: string; action: 'start' | 'finish'; pieces: number; photoRequired: boolean } | null;

function nextStepOf(job: { quantity: number; status: string }, milestones: (typeof jobMilestone.$inferSelect)[]): NextStep {
	if (job.status !== 'open') return null;
	// pieces waiting in a stage come out first; then pieces ready for the next stage go in
	for (const [index, m] of milestones.entries()) {
		if (m.status === 'skipped' || m.status === 'done') continue;
		if (m.quantityIn > m.quantityOut)
			return { stage: m.name, action: 'finish', pieces: m.quantityIn - m.quantityOut, photoRequired: m.photoRequired };
		const previous = milestones
			.slice(0, index)
			.reverse()
			.find((p) => p.status !== 'skipped');
		const ready = (previous ? previous.quantityOut : job.quantity) - m.quantityIn;
		if (ready > 0) return { stage: m.name, action: 'start', pieces: ready, photoRequired: false };
	}
	return null;
}

export async function getJobPage(actor: Actor, jobId: string) {
	requireSignedIn(actor);
	if (actor.kind === 'staff') requireStaff(actor);
	if (!isUuid(jobId)) throw notFound('That job');
	return withActor(actor, async (tx) => {
		const [row] = await tx
			.select({
				job: productionJob,
				vendorName: vendor.name,
				poStatus: purchaseOrder.status,
				poFirstSentAt: purchaseOrder.firstSentAt,
				line: {
					lineNo: purchaseOrderLine.lineNo,
					alloy: purchaseOrderLine.alloy,
					size: purchaseOrderLine.size,
					targetWeightMg: purchaseOrderLine.targetWeightMg,
					weightToleranceMg: purchaseOrderLine.weightToleranceMg,
					stoneSpec: purchaseOrderLine.stoneSpec,
					notes: purchaseOrderLine.notes,
					quantity: purchaseOrderLine.quantity,
					styleId: purchaseOrderLine.styleId
				}
			})
			.from(productionJob)
			.innerJoin(vendor, eq(vendor.id, productionJob.vendorId))
			.innerJoin(purchaseOrder, eq(purchaseOrder.id, productionJob.purchaseOrderId))
			.innerJoin(purchaseOrderLine, eq(purchaseOrderLine.id, productionJob.lineId))
			.where(eq(productionJob.id, jobId))
			.limit(1);
		if (!row || (actor.kind === 'vendor' && row.job.vendorId !== actor.vendorId)) throw notFound('That job');
		const job = row.job;
		const [milestones, updates, photos, problems] = await Promise.all([
			tx.select().from(jobMilestone).where(eq(jobMilestone.jobId, job.id)).orderBy(asc(jobMilestone.position)),
			tx.select().from(jobUpdate).where(eq(jobUpdate.jobId, job.id)).orderBy(desc(jobUpdate.createdAt)),
			tx
				.select({ updateId: jobPhoto.updateId, fileId: jobPhoto.fileId, thumbnailFileId: jobPhoto.thumbnailFileId })
				.from(jobPhoto)
				.where(eq(jobPhoto.jobId, job.id))
				.orderBy(asc(jobPhoto.createdAt)),
			tx.select().from(jobProblem).where(eq(jobProblem.jobId, job.id)).orderBy(desc(jobProblem.createdAt))
		]);
		const today = todayIso();
		const forecast = forecastJob({ promisedDate: job.promisedDate, today, milestones });
		const photosByUpdate = new Map<string, { fileId: string; thumbnailFileId: string }[]>();
		for (const p of photos) photosByUpdate.set(p.updateId, [...(photosByUpdate.get(p.updateId) ?? []), p]);
		const stageName = new Map(milestones.map((m) => [m.id, m.name]));
		return {
			job,
			vendorName: row.vendorName,
			poStatus: row.poStatus,
			line: { ...row.line, alloyLabel: findAlloy(row.line.alloy)?.label ?? row.line.alloy },
			milestones: milestones.map((m, i): JobMilestoneView => ({
				...m,
				forecastStart: forecast.stages[i]?.start ?? m.plannedStart,
				forecastFinish: forecast.stages[i]?.finish ?? m.plannedFinish,
				overdueDays:
					m.status === 'done' || m.status === 'skipped' || m.plannedFinish >= today
						? 0
						: Math.round((Date.parse(today) - Date.parse(m.plannedFinish)) / 86_400_000)
			})),
			updates: updates.map((u) => ({
				...u,
				stage: u.milestoneId ? (stageName.get(u.milestoneId) ?? null) : null,
				photos: photosByUpdate.get(u.id) ?? []
			})),
			problems: problems.map((p) => ({ ...p, reasonLabel: problemReasonLabels[p.reason] })),
			openProblems: problems.filter((p) => p.resolvedAt === null).length,
			nextStep: nextStepOf(job, milestones),
			/** the earliest day a person may report: the day the PO was first sent */
			earliestDate: row.poFirstSentAt ? row.poFirstSentAt.toISOString().slice(0, 10) : null,
			today
		};
	});
}

export type JobPage = Awaited<ReturnType<typeof getJobPage>>;

export type WorkshopJobFilter = 'open' | 'at_risk' | 'blocked' | 'due' | 'done';
export type WorkshopJobQuery = { filter?: WorkshopJobFilter; stage?: string; q?: string };

/** The workshop job list's filters as SQL, always within the one workshop; the CSV export applies the same. */
export function workshopJobsFilter(vendorId: string, query: WorkshopJobQuery, today: string): SQL {
	const where: (SQL | undefined)[] = [eq(productionJob.vendorId, vendorId)];
	const filter = query.filter ?? 'open';
	if (filter === 'done') where.push(eq(productionJob.status, fixedName('done')));
	else where.push(eq(productionJob.status, fixedName('open')));
	if (filter === 'at_risk') where.push(eq(productionJob.atRisk, true));
	if (filter === 'blocked') where.push(eq(productionJob.blocked, true));
	if (filter === 'due') {
		where.push(
			sql`exists (select 1 from ${jobMilestone} m where m.job_id = ${productionJob.id} and m.status in ('pending', 'in_progress') and m.planned_finish <= ${shiftDate(today, 1)})`
		);
	}
	if (query.stage) where.push(eq(productionJob.currentStage, query.stage));
	if (query.q) {
		const like = containsPattern(query.q);
		where.push(
			or(
				ilike(productionJob.number, like),
				ilike(productionJob.poNumber, like),
				ilike(productionJob.sku, like),
				ilike(productionJob.description, like)
			)
		);
	}
	return and(...where)!;
}

/** The workshop's jobs: open ones at risk first, then by forecast; a stage filter lets the bench move a batch at once. */
export async function listWorkshopJobs(actor: Actor, query: WorkshopJobQuery & { page?: number; perPage?: number }) {
	requireVendor(actor);
	const perPage = Math.min(Math.max(query.perPage ?? 50, 1), 200);
	const page = Math.max(query.page ?? 1, 1);
	const condition = workshopJobsFilter(actor.vendorId, query, todayIso());
	return withActor(actor, async (tx) => {
		const [rows, [{ total }], stages] = await Promise.all([
			tx
				.select({
					id: productionJob.id,
					number: productionJob.number,
					poNumber: productionJob.poNumber,
					purchaseOrderId: productionJob.purchaseOrderId,
					sku: productionJob.sku,
					description: productionJob.description,
					quantity: productionJob.quantity,
					pieceNo: productionJob.pieceNo,
					status: productionJob.status,
					currentStage: productionJob.currentStage,
					promisedDate: productionJob.promisedDate,
					forecastFinish: productionJob.forecastFinish,
					atRisk: productionJob.atRisk,
					riskReason: productionJob.riskReason,
					blocked: productionJob.blocked
				})
				.from(productionJob)
				.where(condition)
				.orderBy(sql`${productionJob.atRisk} desc nulls last`, asc(productionJob.forecastFinish), asc(productionJob.id))
				// 50 but in tests, and clamped: a few statement texts at most (see fixedRows)
				.limit(fixedLimit(perPage))
				.offset((page - 1) * perPage),
			tx.select({ total: count() }).from(productionJob).where(condition),
			tx
				.selectDistinct({ stage: productionJob.currentStage })
				.from(productionJob)
				.where(and(eq(productionJob.vendorId, actor.vendorId), eq(productionJob.status, fixedName('open'))))
		]);
		return {
			rows,
			total,
			page,
			perPage,
			stages: stages
				.map((s) => s.stage)
				.filter((s): s is string => s !== null)
				.sort()
		};
	});
}

// The workshop home's reads, compiled: the home page is the most visited one.

/** The workshop's POs waiting for an answer, oldest first. */
const workshopPosToAcknowledge = compiledSelect(['vendorId'], (db, p) =>
	db
		.select({ id: purchaseOrder.id, number: purchaseOrder.number, sentAt: purchaseOrder.sentAt, dueDate: purchaseOrder.dueDate })
		.from(purchaseOrder)
		.where(and(eq(purchaseOrder.vendorId, p.vendorId), eq(purchaseOrder.status, fixedName('sent'))))
		.orderBy(asc(purchaseOrder.sentAt))
		.limit(fixedLimit(20))
);

/** Each open job once, at its earliest unfinished stage due by tomorrow. */
const workshopStagesDue = compiledSelect(['vendorId', 'tomorrow'], (db, p) =>
	db
		.selectDistinctOn([jobMilestone.jobId], {
			jobId: productionJob.id,
			number: productionJob.number,
			description: productionJob.description,
			stage: jobMilestone.name,
			status: jobMilestone.status,
			plannedFinish: jobMilestone.plannedFinish
		})
		.from(jobMilestone)
		.innerJoin(productionJob, eq(productionJob.id, jobMilestone.jobId))
		.where(
			and(
				eq(jobMilestone.vendorId, p.vendorId),
				inArray(jobMilestone.status, ['pending', 'in_progress']),
				lte(jobMilestone.plannedFinish, p.tomorrow),
				eq(productionJob.status, fixedName('open'))
			)
		)
		.orderBy(asc(jobMilestone.jobId), asc(jobMilestone.position))
		.limit(fixedLimit(500))
);

/** Problems the workshop reported that are not resolved yet. */
const workshopOpenProblems = compiledSelect(['vendorId'], (db, p) =>
	db
		.select({
			id: jobProblem.id,
			jobId: jobProblem.jobId,
			number: productionJob.number,
			reason: jobProblem.reason,
			note: jobProblem.note,
			openedOn: jobProblem.openedOn
		})
		.from(jobProblem)
		.innerJoin(productionJob, eq(productionJob.id, jobProblem.jobId))
		.where(and(eq(jobProblem.vendorId, p.vendorId), isNull(jobProblem.resolvedAt)))
		.orderBy(asc(jobProblem.openedOn))
		.limit(fixedLimit(20))
);

/** The vendor home's "today": POs to acknowledge, stages due by tomorrow or overdue, open problems. */
export async function getWorkshopToday(actor: Actor) {
	requireVendor(actor);
	const today = todayIso();
	const tomorrow = shiftDate(today, 1);
	return withActor(actor, async (tx) => {
		const [toAcknowledge, due, problems] = await Promise.all([
			workshopPosToAcknowledge(tx, { vendorId: actor.vendorId }),
			workshopStagesDue(tx, { vendorId: actor.vendorId, tomorrow }),
			workshopOpenProblems(tx, { vendorId: actor.vendorId })
		]);
		return {
			today,
			toAcknowledge,
			due: due
				.sort((a, b) => a.plannedFinish.localeCompare(b.plannedFinish) || a.number.localeCompare(b.number))
				.slice(0, 50)
				.map((d) => ({ ...d, overdue: d.plannedFinish < today, dueToday: d.plannedFinish === today })),
			problems: problems.map((p) => ({ ...p, reasonLabel: problemReasonLabels[p.reason] }))
		};
	});
}

/** The job bags of one PO, for its page on either side (empty before the first acknowledgement). */
export async function listPurchaseOrderJobs(actor: Actor, poId: string) {
	requireSignedIn(actor);
	if (!isUuid(poId)) throw notFound('That purchase order');
	return withActor(actor, (tx) =>
		tx
			.select({
				id: productionJob.id,
				number: productionJob.number,
				vendorId: productionJob.vendorId,
				quantity: productionJob.quantity,
				pieceNo: productionJob.pieceNo,
				status: productionJob.status,
				currentStage: productionJob.currentStage,
				promisedDate: productionJob.promisedDate,
				forecastFinish: productionJob.forecastFinish,
				atRisk: productionJob.atRisk,
				riskReason: productionJob.riskReason,
				blocked: productionJob.blocked
			})
			.from(productionJob)
			.where(and(eq(productionJob.purchaseOrderId, poId), actor.kind === 'vendor' ? eq(productionJob.vendorId, actor.vendorId) : undefined))
			.orderBy(asc(productionJob.number))
			.limit(fixedLimit(500))
	);
}

export type PoJobRow = Awaited<ReturnType<typeof listPurchaseOrderJobs>>[number];
