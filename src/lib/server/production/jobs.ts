/**
 * Job bags inside other services' transactions: made when a PO line is acknowledged, re-planned when
 * a revision moves its promised date or quantity, cancelled with the line, and re-forecast after
 * every change. These run under the caller's scope (a workshop user's acknowledgement makes its own
 * bags under RLS), so they take the transaction and never check access themselves.
 */
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { forecastJob, planBackwards, type MilestoneProgress } from '#lib/domain/production/forecast.ts';
import { MAX_PIECES_PER_BAG_LINE, jobNumber, problemReasonLabels } from '#lib/domain/production/reference.ts';
import { todayIso } from '#lib/domain/purchase-orders/schemas.ts';
import { jobMilestone, jobProblem, jobUpdate, productionJob, type TemplateStage } from '#lib/server/db/schema/index.ts';
import type { Tx } from '#lib/server/db/scope.ts';
import { selectStageTemplateFor } from './templates.ts';

export type JobBagLine = {
	id: string;
	lineNo: number;
	quantity: number;
	sku: string;
	description: string;
	promisedDate: string | null;
	jobBags: 'batch' | 'per_piece';
	cancelled: boolean;
};

export type JobBagPo = { id: string; vendorId: string; number: string; collection: string | null };

type Author = { userId: string | null; name: string; side: 'vendor' | 'brand' };

function newJobRows(po: JobBagPo, line: JobBagLine, pieces: (number | null)[], stages: TemplateStage[], today: string) {
	const promisedDate = line.promisedDate!;
	const plan = planBackwards(promisedDate, stages);
	return pieces.map((pieceNo) => ({
		job: {
			vendorId: po.vendorId,
			purchaseOrderId: po.id,
			lineId: line.id,
			number: jobNumber(po.number, line.lineNo, pieceNo),
			pieceNo,
			quantity: pieceNo === null ? line.quantity : 1,
			poNumber: po.number,
			collection: po.collection,
			sku: line.sku,
			description: line.description,
			promisedDate,
			plannedStart: plan[0]?.plannedStart ?? promisedDate,
			forecastFinish: promisedDate
		},
		milestones: stages.map((stage, position) => ({
			vendorId: po.vendorId,
			position,
			name: stage.name,
			expectedDays: stage.expectedDays,
			photoRequired: stage.photoRequired,
			plannedStart: plan[position].plannedStart,
			plannedFinish: plan[position].plannedFinish
		})),
		today
	}));
}

async function insertJobs(tx: Tx, rows: ReturnType<typeof newJobRows>): Promise<string[]> {
	if (rows.length === 0) return [];
	const inserted = await tx
		.insert(productionJob)
		.values(rows.map((r) => r.job))
		.returning({ id: productionJob.id, number: productionJob.number });
	const idByNumber = new Map(inserted.map((r) => [r.number, r.id]));
	const milestones = rows.flatMap((r) => r.milestones.map((m) => ({ ...m, jobId: idByNumber.get(r.job.number)! })));
	if (milestones.length > 0) await tx.insert(jobMilestone).values(milestones);
	return inserted.map((r) => r.id);
}

/**
 * Makes or re-plans the job bags of acknowledged lines: a line without bags gets them (one, or one
 * per piece) with milestones from the workshop's stage template planned back from the promised date;
 * a line whose promised date or quantity moved is re-planned. Returns the jobs touched.
 */
export async function syncJobBags(
	tx: Tx,
	po: JobBagPo,
	lines: JobBagLine[],
	vendorTypes: readonly string[],
	author: Author
): Promise<string[]> {
	const acknowledged = lines.filter((l) => !l.cancelled && l.promisedDate !== null);
	const cancelledLines = lines.filter((l) => l.cancelled).map((l) => l.id);
	const today = todayIso();
	const touched: string[] = [];
	if (cancelledLines.length > 0) {
		await tx
			.update(productionJob)
			.set({ status: 'cancelled', updatedAt: sql`now()` })
			.where(and(inArray(productionJob.lineId, cancelledLines), eq(productionJob.status, 'open')));
	}
	if (acknowledged.length === 0) return touched;
	const existing = await tx
		.select({
			id: productionJob.id,
			lineId: productionJob.lineId,
			pieceNo: productionJob.pieceNo,
			quantity: productionJob.quantity,
			promisedDate: productionJob.promisedDate,
			status: productionJob.status,
			startedOn: productionJob.startedOn
		})
		.from(productionJob)
		.where(
			inArray(
				productionJob.lineId,
				acknowledged.map((l) => l.id)
			)
		);
	const byLine = new Map<string, typeof existing>();
	for (const job of existing) byLine.set(job.lineId, [...(byLine.get(job.lineId) ?? []), job]);

	let stages: TemplateStage[] | null = null;
	const toCreate: ReturnType<typeof newJobRows> = [];
	for (const line of acknowledged) {
		let jobs = (byLine.get(line.id) ?? []).filter((j) => j.status !== 'cancelled');
		if (jobs.length === 0) {
			stages ??= await selectStageTemplateFor(tx, vendorTypes);
			// past the limit (a quantity raised by an accepted change request) one bag carries the line
			const perPiece = line.jobBags === 'per_piece' && line.quantity <= MAX_PIECES_PER_BAG_LINE;
			const pieces = perPiece ? Array.from({ length: line.quantity }, (_, i) => i + 1) : [null];
			toCreate.push(...newJobRows(po, line, pieces, stages, today));
			continue;
		}
		// the quantity moved in a revision
		if (jobs.some((j) => j.pieceNo !== null) && line.quantity <= MAX_PIECES_PER_BAG_LINE) {
			const pieces = jobs.map((j) => j.pieceNo ?? 0);
			const highest = Math.max(...pieces);
			if (line.quantity > jobs.length) {
				stages ??= await selectStageTemplateFor(tx, vendorTypes);
				const extra = Array.from({ length: line.quantity - jobs.length }, (_, i) => highest + i + 1);
				toCreate.push(...newJobRows(po, line, extra, stages, today));
			} else if (line.quantity < jobs.length) {
				// fewer pieces: the ones not started go first, highest numbers first
				const surplus = [...jobs]
					.sort((a, b) => Number(a.startedOn !== null) - Number(b.startedOn !== null) || (b.pieceNo ?? 0) - (a.pieceNo ?? 0))
					.slice(0, jobs.length - line.quantity);
				await tx
					.update(productionJob)
					.set({ status: 'cancelled', updatedAt: sql`now()` })
					.where(
						inArray(
							productionJob.id,
							surplus.map((j) => j.id)
						)
					);
				// a bag just cancelled is not re-planned below
				jobs = jobs.filter((j) => !surplus.includes(j));
			}
		} else if (jobs[0].quantity !== line.quantity) {
			await tx
				.update(productionJob)
				.set({ quantity: line.quantity, updatedAt: sql`now()` })
				.where(eq(productionJob.id, jobs[0].id));
			touched.push(jobs[0].id);
		}
		const moved = jobs.filter((j) => j.promisedDate !== line.promisedDate);
		if (moved.length > 0) {
			await replan(
				tx,
				moved.map((j) => j.id),
				line.promisedDate!,
				author,
				today
			);
			touched.push(...moved.map((j) => j.id));
		}
	}
	touched.push(...(await insertJobs(tx, toCreate)));
	await refreshJobForecasts(tx, touched, today);
	return touched;
}

/** A new promised date re-plans every milestone of the jobs (what happened stays as it happened). */
async function replan(tx: Tx, jobIds: string[], promisedDate: string, author: Author, today: string) {
	const milestones = await tx
		.select({ id: jobMilestone.id, jobId: jobMilestone.jobId, expectedDays: jobMilestone.expectedDays, vendorId: jobMilestone.vendorId })
		.from(jobMilestone)
		.where(inArray(jobMilestone.jobId, jobIds))
		.orderBy(asc(jobMilestone.jobId), asc(jobMilestone.position));
	const byJob = new Map<string, typeof milestones>();
	for (const m of milestones) byJob.set(m.jobId, [...(byJob.get(m.jobId) ?? []), m]);
	for (const jobId of jobIds) {
		const stages = byJob.get(jobId) ?? [];
		const plan = planBackwards(promisedDate, stages);
		for (const [i, m] of stages.entries()) {
			await tx.update(jobMilestone).set(plan[i]).where(eq(jobMilestone.id, m.id));
		}
		await tx
			.update(productionJob)
			.set({ promisedDate, plannedStart: plan[0]?.plannedStart ?? promisedDate, updatedAt: sql`now()` })
			.where(eq(productionJob.id, jobId));
		if (stages[0]) {
			await tx.insert(jobUpdate).values({
				jobId,
				vendorId: stages[0].vendorId,
				kind: 'replanned',
				occurredOn: today,
				note: `Promised date now ${promisedDate}; milestones re-planned.`,
				createdBy: author.userId,
				createdByName: author.name,
				side: author.side
			});
		}
	}
}

/**
 * Recomputes forecast, current stage and risk of the given jobs from their milestones and open
 * problems, writing only the rows that changed. Returns the jobs that became at risk.
 */
export async function refreshJobForecasts(tx: Tx, jobIds: string[], today = todayIso()): Promise<string[]> {
	if (jobIds.length === 0) return [];
	const ids = [...new Set(jobIds)];
	const jobs = await tx
		.select({
			id: productionJob.id,
			status: productionJob.status,
			promisedDate: productionJob.promisedDate,
			forecastFinish: productionJob.forecastFinish,
			currentStage: productionJob.currentStage,
			atRisk: productionJob.atRisk,
			atRiskSince: productionJob.atRiskSince,
			riskReason: productionJob.riskReason,
			blocked: productionJob.blocked,
			startedOn: productionJob.startedOn,
			finishedOn: productionJob.finishedOn
		})
		.from(productionJob)
		.where(inArray(productionJob.id, ids));
	const milestones = await tx
		.select({
			jobId: jobMilestone.jobId,
			name: jobMilestone.name,
			expectedDays: jobMilestone.expectedDays,
			status: jobMilestone.status,
			plannedStart: jobMilestone.plannedStart,
			plannedFinish: jobMilestone.plannedFinish,
			startedOn: jobMilestone.startedOn,
			finishedOn: jobMilestone.finishedOn
		})
		.from(jobMilestone)
		.where(inArray(jobMilestone.jobId, ids))
		.orderBy(asc(jobMilestone.jobId), asc(jobMilestone.position));
	const problems = await tx
		.select({ jobId: jobProblem.jobId, reason: jobProblem.reason, openedOn: jobProblem.openedOn })
		.from(jobProblem)
		.where(and(inArray(jobProblem.jobId, ids), isNull(jobProblem.resolvedAt)))
		.orderBy(asc(jobProblem.openedOn));
	const byJob = new Map<string, MilestoneProgress[]>();
	for (const m of milestones) byJob.set(m.jobId, [...(byJob.get(m.jobId) ?? []), m]);
	const problemOf = new Map<string, (typeof problems)[number]>();
	for (const p of problems) if (!problemOf.has(p.jobId)) problemOf.set(p.jobId, p);

	const becameAtRisk: string[] = [];
	for (const job of jobs) {
		// a finished, cancelled or closed-with-its-PO job keeps what it was
		if (job.status !== 'open') continue;
		const stages = byJob.get(job.id) ?? [];
		const problem = problemOf.get(job.id);
		const forecast = forecastJob({
			promisedDate: job.promisedDate,
			today,
			milestones: stages,
			blocked: problem ? { reason: problemReasonLabels[problem.reason].toLowerCase(), since: problem.openedOn } : null
		});
		const done = stages.length > 0 && forecast.currentStage === null;
		const startedOn = stages.find((s) => s.startedOn)?.startedOn ?? null;
		const next = {
			status: done ? ('done' as const) : ('open' as const),
			forecastFinish: forecast.forecastFinish,
			currentStage: forecast.currentStage,
			atRisk: forecast.atRisk,
			atRiskSince: forecast.atRisk ? (job.atRisk ? job.atRiskSince : today) : null,
			riskReason: forecast.reason,
			blocked: Boolean(problem),
			startedOn,
			finishedOn: done ? forecast.forecastFinish : null
		};
		const changed = (Object.keys(next) as (keyof typeof next)[]).some((key) => next[key] !== job[key]);
		if (!changed) continue;
		if (next.atRisk && !job.atRisk) becameAtRisk.push(job.id);
		await tx
			.update(productionJob)
			.set({ ...next, ...(next.atRisk ? {} : { riskReportedAt: null }), updatedAt: sql`now()` })
			.where(eq(productionJob.id, job.id));
	}
	return becameAtRisk;
}

/**
 * A cancelled PO cancels its open job bags; a closed one (its goods received, or nothing more to
 * come) marks them done as of today. Either way they leave every timeline and to-do list.
 */
export async function stopJobBags(tx: Tx, poId: string, how: 'cancelled' | 'closed'): Promise<void> {
	await tx
		.update(productionJob)
		.set({
			status: how === 'cancelled' ? 'cancelled' : 'done',
			...(how === 'closed' ? { finishedOn: todayIso(), currentStage: null } : {}),
			atRisk: false,
			atRiskSince: null,
			riskReason: '',
			updatedAt: sql`now()`
		})
		.where(and(eq(productionJob.purchaseOrderId, poId), eq(productionJob.status, 'open')));
}
