/**
 * Production e-mail. Each morning the daily job re-forecasts every open job (time passing makes jobs
 * late), then sends each workshop person one message with the stages due tomorrow and the ones
 * overdue, and each ops and admin person one digest of the jobs that became at risk. Both honour the
 * person's choice in notification_preference, where a missing row means "on". The account page
 * reads and saves those choices through this module too.
 */
import { and, asc, eq, gt, inArray, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import { daysBetween, shiftDate } from '#lib/domain/production/forecast.ts';
import { formatDate } from '#lib/format/dates.ts';
import { requireSignedIn, withActor, type Actor } from '#lib/server/auth/actor.ts';
import { recordAudit } from '#lib/server/audit/audit.ts';
import { appUser, jobMilestone, membership, notificationPreference, productionJob, vendor } from '#lib/server/db/schema/index.ts';
import { asSystem, type Tx } from '#lib/server/db/scope.ts';
import { enqueueMail } from '#lib/server/mail/outbox.ts';
import { getPlatform } from '#lib/server/platform.ts';
import { refreshJobForecasts } from './jobs.ts';
import { fixedLimit } from '#lib/server/db/fixed-limit.ts';

export const PRODUCTION_DAILY_JOB = 'production.daily';

/** jobs re-forecast per transaction: small enough that one batch never holds the database for long */
const FORECAST_BATCH = 1000;
/** lines listed in one message; the rest are counted and the link opens the full list */
const MAX_LISTED = 50;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Everything the daily job does for `day` (YYYY-MM-DD). The mail goes in one transaction, so a retry never sends twice. */
export async function runProductionDaily(day: string): Promise<{ jobs: number; reminders: number; digests: number }> {
	const jobs = await reforecastOpenJobs(day);
	return asSystem(async (tx) => ({ jobs, reminders: await remindMilestonesDue(tx, day), digests: await sendAtRiskDigest(tx, day) }));
}

/**
 * Re-forecasts every open job as of `day`, a batch per transaction, walking ids in order so a job
 * that closes on the way is neither skipped nor seen twice. Returns how many jobs were looked at.
 */
export async function reforecastOpenJobs(day: string): Promise<number> {
	let after: string | null = null;
	let seen = 0;
	for (;;) {
		const ids: string[] = await asSystem(async (tx) => {
			const batch = await tx
				.select({ id: productionJob.id })
				.from(productionJob)
				.where(and(eq(productionJob.status, 'open'), after ? gt(productionJob.id, after) : undefined))
				.orderBy(asc(productionJob.id))
				.limit(fixedLimit(FORECAST_BATCH));
			const batchIds = batch.map((j) => j.id);
			await refreshJobForecasts(tx, batchIds, day);
			return batchIds;
		});
		seen += ids.length;
		if (ids.length < FORECAST_BATCH) return seen;
		after = ids[ids.length - 1];
	}
}

type DueStage = { vendorId: string; vendorName: string; stage: string; plannedFinish: string; jobNumber: string; poNumber: string };

function stageLine(s: DueStage, day: string): string {
	const late = daysBetween(s.plannedFinish, day);
	const lateness = late > 0 ? `, ${plural(late, 'day')} overdue` : '';
	return `${s.jobNumber} (${s.poNumber}) — ${s.stage}, planned to finish ${formatDate(s.plannedFinish)}${lateness}`;
}

function listed(lines: string[], rest: (n: number) => string): string[] {
	return lines.length > MAX_LISTED ? [...lines.slice(0, MAX_LISTED), rest(lines.length - MAX_LISTED)] : lines;
}

/**
 * One message per workshop person who wants it: the workshop's unfinished stages of open jobs due
 * tomorrow and those past their planned finish. Nothing is sent to a workshop with neither.
 * Returns the number of messages queued.
 */
export async function remindMilestonesDue(tx: Tx, day: string): Promise<number> {
	const tomorrow = shiftDate(day, 1);
	const stages: DueStage[] = await tx
		.select({
			vendorId: jobMilestone.vendorId,
			vendorName: vendor.name,
			stage: jobMilestone.name,
			plannedFinish: jobMilestone.plannedFinish,
			jobNumber: productionJob.number,
			poNumber: productionJob.poNumber
		})
		.from(jobMilestone)
		.innerJoin(productionJob, eq(productionJob.id, jobMilestone.jobId))
		.innerJoin(vendor, eq(vendor.id, jobMilestone.vendorId))
		.where(
			and(
				inArray(jobMilestone.status, ['pending', 'in_progress']),
				eq(productionJob.status, 'open'),
				or(eq(jobMilestone.plannedFinish, tomorrow), lt(jobMilestone.plannedFinish, day))
			)
		)
		.orderBy(asc(jobMilestone.vendorId), asc(jobMilestone.plannedFinish), asc(productionJob.number), asc(jobMilestone.position));
	if (stages.length === 0) return 0;

	const byVendor = new Map<string, DueStage[]>();
	for (const s of stages) byVendor.set(s.vendorId, [...(byVendor.get(s.vendorId) ?? []), s]);
	const people = await tx
		.select({ vendorId: membership.vendorId, email: appUser.email, name: appUser.name })
		.from(membership)
		.innerJoin(appUser, eq(appUser.id, membership.userId))
		.leftJoin(notificationPreference, eq(notificationPreference.userId, appUser.id))
		.where(
			and(
				inArray(membership.vendorId, [...byVendor.keys()]),
				eq(appUser.status, 'active'),
				// an invitation not yet accepted is no one to remind
				isNotNull(appUser.passwordHash),
				sql`coalesce(${notificationPreference.milestoneReminders}, true)`
			)
		)
		.orderBy(asc(appUser.email));

	const href = `${getPlatform().origin}/workshop/jobs`;
	let sent = 0;
	for (const person of people) {
		const due = byVendor.get(person.vendorId!) ?? [];
		const tomorrowStages = due.filter((s) => s.plannedFinish === tomorrow);
		const overdue = due.filter((s) => s.plannedFinish < day);
		const counts = [
			tomorrowStages.length ? `${plural(tomorrowStages.length, 'stage')} due tomorrow` : '',
			overdue.length ? `${overdue.length} overdue` : ''
		].filter(Boolean);
		const paragraphs = [
			`These stages at ${due[0].vendorName} need you. Post your progress in Bezel as you go, so the brand sees where each piece stands.`
		];
		if (tomorrowStages.length) {
			paragraphs.push(
				`Due tomorrow, ${formatDate(tomorrow)}:`,
				...listed(
					tomorrowStages.map((s) => stageLine(s, day)),
					(n) => `…and ${plural(n, 'more stage')} due tomorrow.`
				)
			);
		}
		if (overdue.length) {
			paragraphs.push(
				'Overdue:',
				...listed(
					overdue.map((s) => stageLine(s, day)),
					(n) => `…and ${plural(n, 'more overdue stage')}.`
				)
			);
		}
		await enqueueMail(tx, {
			to: person.email,
			toName: person.name,
			topic: 'production-reminder',
			subject: `Production: ${counts.join(' and ')}`,
			greeting: `Hello ${person.name},`,
			paragraphs,
			action: { label: 'Open your jobs', href },
			footer: 'You get this because milestone reminders are on. Switch them off on your account page in Bezel.'
		});
		sent++;
	}
	return sent;
}

/**
 * One digest per ops and admin person who wants it: the open jobs that became at risk since the
 * previous digest, grouped by workshop, each with its reason and link. Nothing is sent when there
 * are none. Returns the number of messages queued.
 */
export async function sendAtRiskDigest(tx: Tx, day: string): Promise<number> {
	const jobs = await tx
		.select({
			id: productionJob.id,
			number: productionJob.number,
			poNumber: productionJob.poNumber,
			description: productionJob.description,
			riskReason: productionJob.riskReason,
			vendorName: vendor.name
		})
		.from(productionJob)
		.innerJoin(vendor, eq(vendor.id, productionJob.vendorId))
		.where(
			and(
				eq(productionJob.status, 'open'),
				eq(productionJob.atRisk, true),
				// not reported yet: a job that turns at risk after today's digest is in tomorrow's
				isNull(productionJob.riskReportedAt),
				sql`${productionJob.atRiskSince} <= ${day}::date`
			)
		)
		.orderBy(asc(vendor.name), asc(productionJob.number));
	if (jobs.length === 0) return 0;
	await tx
		.update(productionJob)
		.set({ riskReportedAt: sql`now()` })
		.where(
			inArray(
				productionJob.id,
				jobs.map((j) => j.id)
			)
		);

	const origin = getPlatform().origin;
	const byVendor = new Map<string, typeof jobs>();
	for (const j of jobs) byVendor.set(j.vendorName, [...(byVendor.get(j.vendorName) ?? []), j]);
	const lines: string[] = [];
	for (const [vendorName, vendorJobs] of byVendor) {
		lines.push(`${vendorName} — ${plural(vendorJobs.length, 'job')}:`);
		for (const j of vendorJobs) {
			lines.push(`${j.number} (${j.poNumber}, ${j.description}): ${j.riskReason || 'at risk'}. ${origin}/production/jobs/${j.id}`);
		}
	}
	const paragraphs = [
		`${plural(jobs.length, 'job')} at ${plural(byVendor.size, 'workshop')} became at risk since the last digest. Each one says why; open it to see its stages.`,
		...listed(lines, (n) => `…and ${plural(n, 'more line')}: open the at-risk jobs in Bezel to see them all.`)
	];

	const people = await tx
		.select({ email: appUser.email, name: appUser.name })
		.from(membership)
		.innerJoin(appUser, eq(appUser.id, membership.userId))
		.leftJoin(notificationPreference, eq(notificationPreference.userId, appUser.id))
		.where(
			and(
				isNull(membership.vendorId),
				inArray(membership.role, ['ops', 'admin']),
				eq(appUser.status, 'active'),
				isNotNull(appUser.passwordHash),
				sql`coalesce(${notificationPreference.atRiskDigest}, true)`
			)
		)
		.orderBy(asc(appUser.email));
	for (const person of people) {
		await enqueueMail(tx, {
			to: person.email,
			toName: person.name,
			topic: 'production-at-risk-digest',
			subject: `${plural(jobs.length, 'job')} became at risk`,
			greeting: `Hello ${person.name},`,
			paragraphs,
			action: { label: 'Open the at-risk jobs', href: `${origin}/production?risk=1` },
			footer: 'You get this because the at-risk digest is on. Switch it off on your account page in Bezel.'
		});
	}
	return people.length;
}

// ——— the person's choices ———

export type NotificationChoice = 'milestoneReminders' | 'atRiskDigest';

export const notificationChoiceLabels: Record<NotificationChoice, string> = {
	milestoneReminders: 'E-mail me milestones due tomorrow and overdue',
	atRiskDigest: 'Daily digest of jobs that became at risk'
};

export interface NotificationPreferences {
	/** the choices that apply to this person, in display order; empty when none do */
	choices: NotificationChoice[];
	milestoneReminders: boolean;
	atRiskDigest: boolean;
}

/** Workshop people get reminders; ops and admins the digest; finance neither (they are sent none). */
function choicesFor(actor: Actor): NotificationChoice[] {
	if (actor.kind === 'vendor') return ['milestoneReminders'];
	return actor.role === 'ops' || actor.role === 'admin' ? ['atRiskDigest'] : [];
}

async function readPreferences(tx: Tx, actor: Actor): Promise<NotificationPreferences> {
	const [row] = await tx
		.select({ milestoneReminders: notificationPreference.milestoneReminders, atRiskDigest: notificationPreference.atRiskDigest })
		.from(notificationPreference)
		.where(eq(notificationPreference.userId, actor.userId));
	return { choices: choicesFor(actor), milestoneReminders: row?.milestoneReminders ?? true, atRiskDigest: row?.atRiskDigest ?? true };
}

export async function getNotificationPreferences(actor: Actor): Promise<NotificationPreferences> {
	requireSignedIn(actor);
	return withActor(actor, (tx) => readPreferences(tx, actor));
}

/** Saves the choices that apply to this person; others in `input` are ignored, missing ones kept. */
export async function saveNotificationPreferences(
	actor: Actor,
	input: Partial<Record<NotificationChoice, boolean>>
): Promise<NotificationPreferences> {
	requireSignedIn(actor);
	const changes: Partial<Record<NotificationChoice, boolean>> = {};
	for (const choice of choicesFor(actor)) if (typeof input[choice] === 'boolean') changes[choice] = input[choice];
	return withActor(actor, async (tx) => {
		const before = await readPreferences(tx, actor);
		if (Object.keys(changes).length === 0) return before;
		await tx
			.insert(notificationPreference)
			.values({ userId: actor.userId, ...changes })
			.onConflictDoUpdate({ target: notificationPreference.userId, set: { ...changes, updatedAt: sql`now()` } });
		const after = { ...before, ...changes };
		const said = (Object.keys(changes) as NotificationChoice[]).map((c) => `${notificationChoiceLabels[c]}: ${changes[c] ? 'on' : 'off'}`);
		await recordAudit(tx, actor, {
			vendorId: actor.vendorId,
			entityType: 'user',
			entityId: actor.userId,
			action: 'notifications.saved',
			summary: `E-mail choices saved (${said.join('; ')})`,
			before: Object.fromEntries(Object.keys(changes).map((c) => [c, before[c as NotificationChoice]])),
			after: changes
		});
		return after;
	});
}
