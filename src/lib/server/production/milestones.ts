/**
 * Ops and admins edit a job's remaining stages: days of stages not started, skipping one, bringing
 * one back, adding one after another; on this job bag or on every open job bag of its PO line at
 * once. The promised date stays; every stage not skipped is planned again back from it with its days
 * (see milestone-edit.ts), the jobs are re-forecast, and each job's history and the audit say what
 * changed in words. One transaction; optimistic locking on the job the person was looking at.
 */
import { isUuid } from '#lib/domain/ids.ts';
import { and, asc, count, eq, inArray, or, sql } from 'drizzle-orm';
import {
	applyStageEdits,
	describeChanges,
	editsFromRows,
	milestoneEditSchema,
	planEditedStages,
	type EditProblem,
	type EditedStage,
	type MilestoneEditInput
} from '#lib/domain/production/milestone-edit.ts';
import { todayIso } from '#lib/domain/purchase-orders/schemas.ts';
import { jobMilestone, jobUpdate, productionJob, purchaseOrderLine, type JobStatus } from '#lib/server/db/schema/index.ts';
import type { Tx } from '#lib/server/db/scope.ts';
import { requireStaff, withActor, type Actor } from '#lib/server/auth/actor.ts';
import { recordAudit } from '#lib/server/audit/audit.ts';
import { invalid, notFound } from '#lib/server/errors.ts';
import { refreshJobForecasts } from './jobs.ts';

const editors = ['admin', 'ops'] as const;
const THE_JOB = 'That job';

type Milestone = typeof jobMilestone.$inferSelect;
type Job = typeof productionJob.$inferSelect;

export type MilestoneEditorView = {
	jobId: string;
	number: string;
	/** what a save must start from */
	version: number;
	status: JobStatus;
	promisedDate: string;
	lineNo: number;
	/** open job bags of the line, this one included: what "apply to the line" would change */
	lineJobs: number;
	stages: Pick<Milestone, 'id' | 'name' | 'expectedDays' | 'photoRequired' | 'status' | 'startedOn' | 'finishedOn'>[];
};

export type MilestoneEditResult =
	| {
			ok: true;
			/** false when the stages already were as asked */
			changed: boolean;
			/** the jobs changed, each with its history note */
			jobs: { id: string; number: string; note: string }[];
			becameAtRisk: number;
			editor: MilestoneEditorView;
	  }
	| { ok: false; message: string; current: MilestoneEditorView };

async function editorView(tx: Tx, jobId: string): Promise<MilestoneEditorView> {
	const [row] = await tx
		.select({ job: productionJob, lineNo: purchaseOrderLine.lineNo })
		.from(productionJob)
		.innerJoin(purchaseOrderLine, eq(purchaseOrderLine.id, productionJob.lineId))
		.where(eq(productionJob.id, jobId))
		.limit(1);
	if (!row) throw notFound(THE_JOB);
	const [stages, [{ lineJobs }]] = await Promise.all([
		tx
			.select({
				id: jobMilestone.id,
				name: jobMilestone.name,
				expectedDays: jobMilestone.expectedDays,
				photoRequired: jobMilestone.photoRequired,
				status: jobMilestone.status,
				startedOn: jobMilestone.startedOn,
				finishedOn: jobMilestone.finishedOn
			})
			.from(jobMilestone)
			.where(eq(jobMilestone.jobId, jobId))
			.orderBy(asc(jobMilestone.position)),
		tx
			.select({ lineJobs: count() })
			.from(productionJob)
			.where(and(eq(productionJob.lineId, row.job.lineId), eq(productionJob.status, 'open')))
	]);
	const { job } = row;
	return {
		jobId: job.id,
		number: job.number,
		version: job.version,
		status: job.status,
		promisedDate: job.promisedDate,
		lineNo: row.lineNo,
		lineJobs,
		stages
	};
}

/** The job's stages as the editor starts from them. Ops and admins only: a workshop never learns the editor exists. */
export async function getMilestoneEditor(actor: Actor, jobId: string): Promise<MilestoneEditorView> {
	requireStaff(actor, editors);
	if (!isUuid(jobId)) throw notFound(THE_JOB);
	return withActor(actor, (tx) => editorView(tx, jobId));
}

/** `stages[2].name` for a form's field, `stages._errors` for the list as a whole. */
function fieldName(path: readonly PropertyKey[]): string {
	if (path.length === 1 && path[0] === 'stages') return 'stages._errors';
	return path.reduce<string>(
		(name, part) => (typeof part === 'number' ? `${name}[${part}]` : name ? `${name}.${String(part)}` : String(part)),
		''
	);
}

const problemField = (p: EditProblem) => (p.row === undefined ? 'stages._errors' : `stages[${p.row}].${p.field ?? 'name'}`);

/** One sentence per problem; the same problem on several job bags of the line is said once, naming them. */
function refusal(own: EditProblem[], others: { number: string; problem: EditProblem }[]) {
	const fields: Record<string, string> = {};
	for (const p of own) fields[problemField(p)] ??= p.message;
	const byMessage = new Map<string, string[]>();
	for (const { number, problem } of others) byMessage.set(problem.message, [...(byMessage.get(problem.message) ?? []), number]);
	const sentences = [...new Set(own.map((p) => p.message))];
	for (const [message, numbers] of byMessage) sentences.push(`${numbers.join(', ')}: ${message}`);
	if (others.length > 0) {
		fields.applyToLine = 'These job bags cannot take the same edit: untick this to change only this one, or edit them one by one.';
	}
	return invalid(`Nothing was saved. ${sentences.join(' ')}`, fields);
}

const stageSnapshot = (stages: readonly Pick<EditedStage, 'name' | 'expectedDays' | 'photoRequired' | 'status'>[]) =>
	stages.map(({ name, expectedDays, photoRequired, status }) => ({ name, expectedDays, photoRequired, status }));

/** Writes one job's edited stages with their new plan. Positions are unique per job, so new ones pass through negatives first. */
async function writeStages(tx: Tx, job: Job, stages: EditedStage[]) {
	const plan = planEditedStages(job.promisedDate, stages);
	if (stages.some((s) => s.id === null)) {
		// 0,1,2 → -1,-2,-3: no row can collide with another while later stages move down one
		await tx
			.update(jobMilestone)
			.set({ position: sql`-1 - ${jobMilestone.position}` })
			.where(eq(jobMilestone.jobId, job.id));
	}
	for (const [position, stage] of stages.entries()) {
		const values = { position, expectedDays: stage.expectedDays, status: stage.status, ...plan[position] };
		if (stage.id) await tx.update(jobMilestone).set(values).where(eq(jobMilestone.id, stage.id));
		else
			await tx
				.insert(jobMilestone)
				.values({ ...values, jobId: job.id, vendorId: job.vendorId, name: stage.name, photoRequired: stage.photoRequired });
	}
	await tx
		.update(productionJob)
		.set({ plannedStart: plan[0]?.plannedStart ?? job.promisedDate, version: sql`${productionJob.version} + 1`, updatedAt: sql`now()` })
		.where(eq(productionJob.id, job.id));
}

/**
 * Saves the edited stages of one job bag (and, when asked, the same edit on every other open job bag
 * of its line). Every job is checked before any is changed; one that cannot take the edit refuses
 * the whole save with a sentence naming it. A stale `version` changes nothing and answers with the
 * job's stages as they are now.
 */
export async function editJobMilestones(actor: Actor, input: MilestoneEditInput): Promise<MilestoneEditResult> {
	requireStaff(actor, editors);
	if (typeof input?.jobId !== 'string' || !isUuid(input.jobId)) throw notFound(THE_JOB);
	const parsed = milestoneEditSchema.safeParse(input);
	if (!parsed.success) {
		const fields: Record<string, string> = {};
		for (const issue of parsed.error.issues) fields[fieldName(issue.path)] ??= issue.message;
		throw invalid('Some stages need attention: see the messages beside them.', fields);
	}
	const { jobId, version, applyToLine, stages: rows } = parsed.data;
	return withActor(actor, async (tx) => {
		const [target] = await tx.select({ lineId: productionJob.lineId }).from(productionJob).where(eq(productionJob.id, jobId)).limit(1);
		if (!target) throw notFound(THE_JOB);
		// the job and (when asked) its open siblings, locked in number order so two edits of one line queue up
		const jobs = await tx
			.select()
			.from(productionJob)
			.where(
				applyToLine
					? and(eq(productionJob.lineId, target.lineId), or(eq(productionJob.id, jobId), eq(productionJob.status, 'open')))
					: eq(productionJob.id, jobId)
			)
			.orderBy(asc(productionJob.number))
			.for('update');
		const job = jobs.find((j) => j.id === jobId);
		if (!job) throw notFound(THE_JOB);
		if (job.version !== version) {
			const current = await editorView(tx, jobId);
			return {
				ok: false,
				current,
				message: `Someone else changed the stages of ${job.number} while you were editing. Nothing of yours was saved and your changes are still below: check them against the stages as they are now, then save again.`
			};
		}
		if (job.status !== 'open') {
			throw invalid(`${job.number} is ${job.status === 'done' ? 'finished' : 'cancelled'}: its stages can no longer change.`);
		}

		const milestones = await tx
			.select()
			.from(jobMilestone)
			.where(
				inArray(
					jobMilestone.jobId,
					jobs.map((j) => j.id)
				)
			)
			.orderBy(asc(jobMilestone.jobId), asc(jobMilestone.position));
		const stagesOf = (id: string) => milestones.filter((m) => m.jobId === id);

		const { edits, problems: own } = editsFromRows(stagesOf(job.id), rows);
		const plans: { job: Job; before: Milestone[]; stages: EditedStage[]; note: string }[] = [];
		const others: { number: string; problem: EditProblem }[] = [];
		for (const j of jobs) {
			const before = stagesOf(j.id);
			const outcome = applyStageEdits(before, edits);
			if (!outcome.ok) {
				if (j.id === job.id) own.push(...outcome.problems);
				else others.push(...outcome.problems.map((problem) => ({ number: j.number, problem })));
			} else if (outcome.changes.length > 0) {
				plans.push({ job: j, before, stages: outcome.stages, note: describeChanges(outcome.changes) });
			}
		}
		if (own.length > 0 || others.length > 0) throw refusal(own, others);
		if (plans.length === 0) return { ok: true, changed: false, jobs: [], becameAtRisk: 0, editor: await editorView(tx, jobId) };

		const today = todayIso();
		for (const { job: j, before, stages, note } of plans) {
			await writeStages(tx, j, stages);
			await tx.insert(jobUpdate).values({
				jobId: j.id,
				vendorId: j.vendorId,
				kind: 'replanned',
				occurredOn: today,
				note,
				createdBy: actor.userId,
				createdByName: actor.name,
				side: 'brand'
			});
			await recordAudit(tx, actor, {
				vendorId: j.vendorId,
				entityType: 'production_job',
				entityId: j.id,
				action: 'production_job.stages_edited',
				summary: `${actor.name} edited the stages of ${j.number}: ${note}`,
				before: { version: j.version, stages: stageSnapshot(before) },
				after: { version: j.version + 1, stages: stageSnapshot(stages) }
			});
		}
		const becameAtRisk = await refreshJobForecasts(
			tx,
			plans.map((p) => p.job.id),
			today
		);
		return {
			ok: true,
			changed: true,
			jobs: plans.map((p) => ({ id: p.job.id, number: p.job.number, note: p.note })),
			becameAtRisk: becameAtRisk.length,
			editor: await editorView(tx, jobId)
		};
	});
}
