/**
 * Production for both sides: the workshop (or ops for them) starts and finishes stages with
 * quantities, weights, notes and photos, flags problems and resolves them; each change re-forecasts
 * the job. Jobs are locked for the update, so two people moving the same pieces cannot both succeed
 * with more pieces than there are.
 */
import { isUuid } from '#lib/domain/ids.ts';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { daysBetween } from '#lib/domain/production/forecast.ts';
import { problemReasonLabels } from '#lib/domain/production/reference.ts';
import type { JobNoteInput, ProblemInput, ResolveProblemInput, StageUpdateInput } from '#lib/domain/production/schemas.ts';
import { todayIso } from '#lib/domain/purchase-orders/schemas.ts';
import { nextStatus } from '#lib/domain/purchase-orders/status.ts';
import { parseGrams } from '#lib/format/weight.ts';
import { formatDate } from '#lib/format/dates.ts';
import { jobMilestone, jobPhoto, jobProblem, jobUpdate, productionJob, purchaseOrder } from '#lib/server/db/schema/index.ts';
import type { Tx } from '#lib/server/db/scope.ts';
import { requireSignedIn, requireStaff, withActor, type Actor } from '#lib/server/auth/actor.ts';
import { recordAudit } from '#lib/server/audit/audit.ts';
import { invalid, notFound } from '#lib/server/errors.ts';
import { recordStagedPhotos, withStagedPhotos } from '#lib/server/files/staged-photos.ts';
import { getPlatform } from '#lib/server/platform.ts';
import { enqueueBrandMail, enqueueWorkshopMail } from '#lib/server/mail/outbox.ts';
import { refreshJobForecasts } from './jobs.ts';
import type { ProcessedPhoto } from './photos.ts';

const THE_JOB = 'That job';
const workers = ['admin', 'ops'] as const;

/** Who may report production: the job's workshop, or ops and admins on its behalf. */
function requireProductionActor(actor: Actor | null | undefined): asserts actor is Actor {
	requireSignedIn(actor);
	if (actor.kind === 'staff') requireStaff(actor, workers);
}

const sideOf = (actor: Actor) => (actor.kind === 'vendor' ? ('vendor' as const) : ('brand' as const));

export const jobLink = (jobId: string, side: 'vendor' | 'brand') =>
	`${getPlatform().origin}${side === 'vendor' ? '/workshop/jobs' : '/production/jobs'}/${jobId}`;

type LockedJob = typeof productionJob.$inferSelect;

/** The jobs, locked, as this actor may see them; any one missing (or another workshop's) is NotFound. */
async function lockJobs(tx: Tx, actor: Actor, jobIds: string[]): Promise<LockedJob[]> {
	const ids = [...new Set(jobIds)];
	if (ids.some((id) => !isUuid(id))) throw notFound(THE_JOB);
	const jobs = await tx.select().from(productionJob).where(inArray(productionJob.id, ids)).orderBy(asc(productionJob.number)).for('update');
	if (jobs.length !== ids.length) throw notFound(ids.length === 1 ? THE_JOB : 'One of those jobs');
	if (actor.kind === 'vendor' && jobs.some((j) => j.vendorId !== actor.vendorId)) throw notFound(THE_JOB);
	return jobs;
}

/** The vendor a photo's bytes belong to: the jobs' workshop (so both sides can open them). */
async function vendorOfJobs(actor: Actor, jobIds: string[]): Promise<string> {
	if (actor.kind === 'vendor') return actor.vendorId;
	if (jobIds.some((id) => !isUuid(id))) throw notFound(THE_JOB);
	const vendors = await withActor(actor, (tx) =>
		tx.selectDistinct({ vendorId: productionJob.vendorId }).from(productionJob).where(inArray(productionJob.id, jobIds))
	);
	if (vendors.length === 0) throw notFound(THE_JOB);
	if (vendors.length > 1) throw invalid('Those jobs are at different workshops: update one workshop’s jobs at a time.');
	return vendors[0].vendorId;
}

function checkBenchDate(occurredOn: string, sentOn: string | null, today: string): string | null {
	if (occurredOn > today) return 'The date is in the future: use today or an earlier day.';
	if (sentOn && occurredOn < sentOn) return `The date is before the PO was sent (${formatDate(sentOn)}).`;
	return null;
}

async function sentDates(
	tx: Tx,
	poIds: string[]
): Promise<Map<string, { sentOn: string | null; status: string; createdBy: string | null }>> {
	const rows = await tx
		.select({
			id: purchaseOrder.id,
			firstSentAt: purchaseOrder.firstSentAt,
			status: purchaseOrder.status,
			createdBy: purchaseOrder.createdBy
		})
		.from(purchaseOrder)
		.where(inArray(purchaseOrder.id, [...new Set(poIds)]));
	return new Map(
		rows.map((r) => [
			r.id,
			{ sentOn: r.firstSentAt ? r.firstSentAt.toISOString().slice(0, 10) : null, status: r.status, createdBy: r.createdBy }
		])
	);
}

export type StageUpdateResult = { jobs: number; pieces: number; becameAtRisk: number };

/**
 * Starts or finishes one stage on one or several jobs. A blank quantity moves every piece that can
 * move; a number is for one job only. Every job is checked before any is changed: one bad job
 * refuses the whole update with a sentence naming it.
 */
export async function recordStageUpdate(actor: Actor, input: StageUpdateInput, photos: ProcessedPhoto[] = []): Promise<StageUpdateResult> {
	requireProductionActor(actor);
	if (input.quantity !== '' && input.jobIds.length > 1) {
		throw invalid('Leave the quantity blank to move several jobs: each moves all its pieces.', {
			quantity: 'Leave blank when several jobs are chosen.'
		});
	}
	let weightMg: number | null = null;
	if (input.weight !== '') {
		const parsed = parseGrams(input.weight);
		if (!parsed.ok) throw invalid(parsed.message, { weight: parsed.message });
		if (parsed.mg <= 0) throw invalid('Enter a weight above zero, or leave it blank.', { weight: 'Above zero, or blank.' });
		weightMg = parsed.mg;
	}
	const vendorId = await vendorOfJobs(actor, input.jobIds);
	return withStagedPhotos(vendorId, 'job-photo', photos, (staged) =>
		withActor(actor, async (tx) => {
			const jobs = await lockJobs(tx, actor, input.jobIds);
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
			const pos = await sentDates(
				tx,
				jobs.map((j) => j.purchaseOrderId)
			);
			const today = todayIso();
			const stageName = input.stage;
			const plans: { job: LockedJob; milestone: typeof jobMilestone.$inferSelect; quantity: number }[] = [];
			const problems: string[] = [];
			for (const job of jobs) {
				const own = milestones.filter((m) => m.jobId === job.id);
				const index = own.findIndex((m) => m.name.toLowerCase() === stageName.toLowerCase());
				const prefix = jobs.length > 1 ? `${job.number}: ` : '';
				if (job.status !== 'open') {
					problems.push(`${prefix}${job.number} is ${job.status === 'done' ? 'finished' : 'cancelled'}.`);
					continue;
				}
				if (index < 0) {
					problems.push(`${prefix}${job.number} has no stage “${stageName}”.`);
					continue;
				}
				const m = own[index];
				const dateProblem = checkBenchDate(input.occurredOn, pos.get(job.purchaseOrderId)?.sentOn ?? null, today);
				if (dateProblem) {
					problems.push(prefix + dateProblem);
					continue;
				}
				if (input.action === 'start') {
					const previous = own
						.slice(0, index)
						.reverse()
						.find((p) => p.status !== 'skipped');
					const ready = (previous ? previous.quantityOut : job.quantity) - m.quantityIn;
					if (m.status === 'done') problems.push(`${prefix}${m.name} is already finished.`);
					else if (ready <= 0)
						problems.push(
							previous && previous.quantityOut < job.quantity
								? `${prefix}No pieces are ready for ${m.name.toLowerCase()}: finish ${previous.name.toLowerCase()} first.`
								: `${prefix}Every piece has already started ${m.name.toLowerCase()}.`
						);
					else if (input.quantity !== '' && input.quantity > ready)
						problems.push(`${prefix}Only ${ready} piece${ready === 1 ? ' is' : 's are'} ready for ${m.name.toLowerCase()}.`);
					else if (previous?.startedOn && input.occurredOn < previous.startedOn)
						problems.push(
							`${prefix}${m.name} cannot start before ${previous.name.toLowerCase()} started (${formatDate(previous.startedOn)}).`
						);
					else plans.push({ job, milestone: m, quantity: input.quantity === '' ? ready : input.quantity });
				} else {
					const inStage = m.quantityIn - m.quantityOut;
					if (m.quantityIn === 0) problems.push(`${prefix}Start ${m.name.toLowerCase()} before finishing it.`);
					else if (inStage <= 0) problems.push(`${prefix}${m.name} is already finished for every piece that started it.`);
					else if (input.quantity !== '' && input.quantity > inStage)
						problems.push(`${prefix}Only ${inStage} piece${inStage === 1 ? ' is' : 's are'} in ${m.name.toLowerCase()}.`);
					else if (m.startedOn && input.occurredOn < m.startedOn)
						problems.push(`${prefix}${m.name} cannot finish before it started (${formatDate(m.startedOn)}).`);
					else if (m.photoRequired && staged.length === 0)
						problems.push(`${prefix}${m.name} needs a photo when it is finished: add one with the camera button.`);
					else plans.push({ job, milestone: m, quantity: input.quantity === '' ? inStage : input.quantity });
				}
			}
			if (problems.length > 0) {
				const fields: Record<string, string> = {};
				const aboutDate = (p: string) => p.includes('date') || p.includes(' before ');
				if (problems.some(aboutDate)) fields.occurredOn = problems.find(aboutDate)!;
				if (problems.some((p) => /piece/.test(p)) && jobs.length === 1) fields.quantity = problems.find((p) => /piece/.test(p))!;
				throw invalid(problems.join(' '), fields);
			}

			const files = await recordStagedPhotos(tx, staged, actor.userId);
			const side = sideOf(actor);
			for (const { job, milestone: m, quantity } of plans) {
				if (input.action === 'start') {
					await tx
						.update(jobMilestone)
						.set({
							status: 'in_progress',
							// a start reported late for an earlier day moves the stage's start back
							startedOn: m.startedOn && m.startedOn < input.occurredOn ? m.startedOn : input.occurredOn,
							quantityIn: m.quantityIn + quantity,
							weightInMg: weightMg === null ? m.weightInMg : (m.weightInMg ?? 0) + weightMg
						})
						.where(eq(jobMilestone.id, m.id));
				} else {
					const out = m.quantityOut + quantity;
					await tx
						.update(jobMilestone)
						.set({
							status: out >= job.quantity ? 'done' : 'in_progress',
							finishedOn: out >= job.quantity ? input.occurredOn : null,
							quantityOut: out,
							weightOutMg: weightMg === null ? m.weightOutMg : (m.weightOutMg ?? 0) + weightMg
						})
						.where(eq(jobMilestone.id, m.id));
				}
				const [update] = await tx
					.insert(jobUpdate)
					.values({
						jobId: job.id,
						vendorId: job.vendorId,
						milestoneId: m.id,
						kind: input.action,
						occurredOn: input.occurredOn,
						quantity,
						weightMg,
						note: input.note,
						createdBy: actor.userId,
						createdByName: actor.name,
						side
					})
					.returning({ id: jobUpdate.id });
				if (files.length > 0) {
					await tx.insert(jobPhoto).values(files.map((f) => ({ ...f, jobId: job.id, vendorId: job.vendorId, updateId: update.id })));
				}
			}
			if (input.action === 'start') await startProduction(tx, actor, jobs, pos);
			const becameAtRisk = await refreshJobForecasts(
				tx,
				jobs.map((j) => j.id),
				today
			);
			return { jobs: plans.length, pieces: plans.reduce((sum, p) => sum + p.quantity, 0), becameAtRisk: becameAtRisk.length };
		})
	);
}

/** The first stage started on an acknowledged PO puts it in production. */
async function startProduction(tx: Tx, actor: Actor, jobs: LockedJob[], pos: Awaited<ReturnType<typeof sentDates>>) {
	for (const poId of new Set(jobs.map((j) => j.purchaseOrderId))) {
		const po = pos.get(poId);
		if (!po || po.status !== 'acknowledged') continue;
		const next = nextStatus('acknowledged', 'start_production', sideOf(actor));
		if (!next) continue;
		await tx
			.update(purchaseOrder)
			.set({ status: next, updatedAt: sql`now()` })
			.where(eq(purchaseOrder.id, poId));
		const job = jobs.find((j) => j.purchaseOrderId === poId)!;
		await recordAudit(tx, actor, {
			vendorId: job.vendorId,
			entityType: 'purchase_order',
			entityId: poId,
			action: 'purchase_order.in_production',
			summary: `${actor.name} started production (${job.number})`,
			before: { status: 'acknowledged' },
			after: { status: next }
		});
	}
}

/** Flags a problem on one or several jobs: they are blocked (and at risk) until it is resolved; the other side is told. */
export async function flagProblem(actor: Actor, input: ProblemInput): Promise<void> {
	requireProductionActor(actor);
	await withActor(actor, async (tx) => {
		const jobs = await lockJobs(tx, actor, input.jobIds);
		const pos = await sentDates(
			tx,
			jobs.map((j) => j.purchaseOrderId)
		);
		const today = todayIso();
		for (const job of jobs) {
			if (job.status !== 'open')
				throw invalid(`${job.number} is ${job.status === 'done' ? 'finished' : 'cancelled'}: it cannot be blocked.`);
			const dateProblem = checkBenchDate(input.occurredOn, pos.get(job.purchaseOrderId)?.sentOn ?? null, today);
			if (dateProblem) throw invalid(dateProblem, { occurredOn: dateProblem });
		}
		const side = sideOf(actor);
		const label = problemReasonLabels[input.reason];
		for (const job of jobs) {
			await tx.insert(jobProblem).values({
				jobId: job.id,
				vendorId: job.vendorId,
				reason: input.reason,
				note: input.note,
				openedOn: input.occurredOn,
				openedBy: actor.userId,
				openedByName: actor.name
			});
			await tx.insert(jobUpdate).values({
				jobId: job.id,
				vendorId: job.vendorId,
				kind: 'problem',
				occurredOn: input.occurredOn,
				note: input.note ? `${label}: ${input.note}` : label,
				createdBy: actor.userId,
				createdByName: actor.name,
				side
			});
		}
		await refreshJobForecasts(
			tx,
			jobs.map((j) => j.id),
			today
		);
		const numbers = jobs.map((j) => j.number).join(', ');
		const paragraphs = [
			`${actor.name}${actor.kind === 'vendor' ? ` of ${actor.vendorName}` : ''} flagged a problem on ${numbers}: ${label.toLowerCase()}.`,
			...(input.note ? [`“${input.note}”`] : []),
			'The job stays blocked until the problem is resolved in Bezel.'
		];
		const subject = `${label}: ${jobs.length === 1 ? jobs[0].number : `${jobs.length} jobs`} blocked`;
		if (side === 'vendor') {
			await enqueueBrandMail(tx, pos.get(jobs[0].purchaseOrderId)?.createdBy ?? null, {
				topic: 'production-problem',
				subject: `${actor.kind === 'vendor' ? actor.vendorName : ''} — ${subject}`,
				paragraphs,
				action: { label: `Open ${jobs[0].number}`, href: jobLink(jobs[0].id, 'brand') }
			});
		} else {
			await tellWorkshop(tx, jobs[0], { topic: 'production-problem', subject, paragraphs });
		}
	});
}

async function tellWorkshop(tx: Tx, job: LockedJob, mail: { topic: string; subject: string; paragraphs: string[] }) {
	await enqueueWorkshopMail(tx, job.vendorId, { ...mail, action: { label: `Open ${job.number}`, href: jobLink(job.id, 'vendor') } });
}

const resolvedAfter = (days: number) => (days <= 0 ? 'the same day' : days === 1 ? 'after 1 day' : `after ${days} days`);

/** Resolves an open problem (either side); the job is re-forecast and the other side told. */
export async function resolveProblem(actor: Actor, input: ResolveProblemInput): Promise<{ alreadyResolved: boolean }> {
	requireProductionActor(actor);
	return withActor(actor, async (tx) => {
		const [problem] = await tx.select().from(jobProblem).where(eq(jobProblem.id, input.problemId)).limit(1);
		if (!problem || (actor.kind === 'vendor' && problem.vendorId !== actor.vendorId)) throw notFound('That problem');
		const [job] = await lockJobs(tx, actor, [problem.jobId]);
		// a second click, or the other side resolving it at the same moment: one effect
		const [current] = await tx.select({ resolvedAt: jobProblem.resolvedAt }).from(jobProblem).where(eq(jobProblem.id, problem.id));
		if (current.resolvedAt) return { alreadyResolved: true };
		await tx
			.update(jobProblem)
			.set({ resolvedAt: sql`now()`, resolvedByName: actor.name, resolution: input.resolution })
			.where(and(eq(jobProblem.id, problem.id), isNull(jobProblem.resolvedAt)));
		const today = todayIso();
		const label = problemReasonLabels[problem.reason];
		await tx.insert(jobUpdate).values({
			jobId: job.id,
			vendorId: job.vendorId,
			kind: 'resolved',
			occurredOn: today,
			note: `${label} resolved ${resolvedAfter(daysBetween(problem.openedOn, today))}: ${input.resolution}`,
			createdBy: actor.userId,
			createdByName: actor.name,
			side: sideOf(actor)
		});
		await refreshJobForecasts(tx, [job.id], today);
		const paragraphs = [`${actor.name} resolved “${label.toLowerCase()}” on ${job.number}.`, `“${input.resolution}”`];
		if (actor.kind === 'vendor') {
			const [po] = await tx
				.select({ createdBy: purchaseOrder.createdBy })
				.from(purchaseOrder)
				.where(eq(purchaseOrder.id, job.purchaseOrderId));
			await enqueueBrandMail(tx, po?.createdBy ?? null, {
				topic: 'production-problem-resolved',
				subject: `${job.number}: ${label.toLowerCase()} resolved`,
				paragraphs,
				action: { label: `Open ${job.number}`, href: jobLink(job.id, 'brand') }
			});
		} else {
			await tellWorkshop(tx, job, {
				topic: 'production-problem-resolved',
				subject: `${job.number}: ${label.toLowerCase()} resolved`,
				paragraphs
			});
		}
		return { alreadyResolved: false };
	});
}

/** A note with or without photos on one job (a QC photo mid-stage, a question). */
export async function addJobNote(actor: Actor, input: JobNoteInput, photos: ProcessedPhoto[] = []): Promise<void> {
	requireProductionActor(actor);
	if (input.note === '' && photos.length === 0) throw invalid('Write a note or add a photo.', { note: 'Write a note or add a photo.' });
	const vendorId = await vendorOfJobs(actor, [input.jobId]);
	await withStagedPhotos(vendorId, 'job-photo', photos, (staged) =>
		withActor(actor, async (tx) => {
			const [job] = await lockJobs(tx, actor, [input.jobId]);
			const files = await recordStagedPhotos(tx, staged, actor.userId);
			const [update] = await tx
				.insert(jobUpdate)
				.values({
					jobId: job.id,
					vendorId: job.vendorId,
					kind: 'note',
					occurredOn: todayIso(),
					note: input.note,
					createdBy: actor.userId,
					createdByName: actor.name,
					side: sideOf(actor)
				})
				.returning({ id: jobUpdate.id });
			if (files.length > 0) {
				await tx.insert(jobPhoto).values(files.map((f) => ({ ...f, jobId: job.id, vendorId: job.vendorId, updateId: update.id })));
			}
		})
	);
}

/** The job a label's QR code names, for the scanning route; another workshop's job is NotFound. */
export async function findJobByNumber(actor: Actor, number: string): Promise<{ id: string }> {
	requireSignedIn(actor);
	const normalised = number.trim().toUpperCase();
	if (!/^JB-[0-9A-Z.-]{3,40}$/.test(normalised)) throw notFound(THE_JOB);
	const [job] = await withActor(actor, (tx) =>
		tx
			.select({ id: productionJob.id, vendorId: productionJob.vendorId })
			.from(productionJob)
			.where(eq(productionJob.number, normalised))
			.limit(1)
	);
	if (!job || (actor.kind === 'vendor' && job.vendorId !== actor.vendorId)) throw notFound(THE_JOB);
	return { id: job.id };
}
