/**
 * Planning and forecasting a job bag, as pure code over ISO dates (YYYY-MM-DD, calendar days).
 *
 * Plan: milestones are planned back from the promised date, the last stage finishing on it.
 * Forecast: done stages count as they happened; a stage in progress finishes its expected days after
 * it started, but never before today; stages not started start when the previous one finishes, but
 * never before today. A job is at risk when its forecast passes the promised date, when a stage is
 * past its planned finish (or should have started and has not), or while a problem blocks it.
 */
import { addDays, differenceInCalendarDays, format, parseISO } from 'date-fns';

export type PlanStage = { expectedDays: number };
export type PlannedDates = { plannedStart: string; plannedFinish: string };

export type MilestoneState = 'pending' | 'in_progress' | 'done' | 'skipped';

export type MilestoneProgress = PlannedDates & {
	name: string;
	expectedDays: number;
	status: MilestoneState;
	startedOn: string | null;
	finishedOn: string | null;
};

export type JobForecastInput = {
	promisedDate: string;
	today: string;
	milestones: MilestoneProgress[];
	/** an open problem, in words ("waiting for stones") with the day it was flagged */
	blocked?: { reason: string; since: string } | null;
};

export type JobForecast = {
	forecastFinish: string;
	/** the stage the job is in or waits for; null when every stage is done */
	currentStage: string | null;
	atRisk: boolean;
	/** why, in words both sides understand; empty when on track */
	reason: string;
	/** forecast start and finish per milestone, in order (for the timeline's bars) */
	stages: { start: string; finish: string }[];
};

export function isoDate(date: Date): string {
	return format(date, 'yyyy-MM-dd');
}

export function shiftDate(iso: string, days: number): string {
	return isoDate(addDays(parseISO(iso), days));
}

export function daysBetween(fromIso: string, toIso: string): number {
	return differenceInCalendarDays(parseISO(toIso), parseISO(fromIso));
}

/** "14 Dec" */
export function shortDate(iso: string): string {
	return format(parseISO(iso), 'd MMM');
}

function later(a: string, b: string): string {
	return a > b ? a : b;
}

/** Plans stages back from the promised date: the last finishes on it, each starts its days before it ends. */
export function planBackwards(promisedDate: string, stages: PlanStage[]): PlannedDates[] {
	const planned: PlannedDates[] = new Array(stages.length);
	let finish = promisedDate;
	for (let i = stages.length - 1; i >= 0; i--) {
		const start = shiftDate(finish, -Math.max(0, stages[i].expectedDays));
		planned[i] = { plannedStart: start, plannedFinish: finish };
		finish = start;
	}
	return planned;
}

function days(n: number): string {
	return n === 1 ? '1 day' : `${n} days`;
}

/** A stage's name inside a sentence: "Stone setting" reads "stone setting", but "CAD" and "QC and finishing" keep their capitals. */
function inSentence(name: string): string {
	return /^\p{Lu}\p{Ll}/u.test(name) ? name[0].toLowerCase() + name.slice(1) : name;
}

export function forecastJob(input: JobForecastInput): JobForecast {
	const { today, promisedDate, milestones } = input;
	const stages: { start: string; finish: string }[] = [];
	let cursor: string | null = null;
	let current: MilestoneProgress | null = null;
	for (const m of milestones) {
		if (m.status === 'done') {
			const finish = m.finishedOn ?? today;
			stages.push({ start: m.startedOn ?? finish, finish });
			cursor = cursor === null ? finish : later(cursor, finish);
		} else if (m.status === 'skipped') {
			const at = cursor ?? today;
			stages.push({ start: at, finish: at });
		} else if (m.status === 'in_progress') {
			const start = m.startedOn ?? today;
			const finish = later(shiftDate(start, m.expectedDays), today);
			stages.push({ start, finish });
			cursor = cursor === null ? finish : later(cursor, finish);
			current ??= m;
		} else {
			const start = cursor === null ? today : later(cursor, today);
			const finish = shiftDate(start, m.expectedDays);
			stages.push({ start, finish });
			cursor = finish;
			current ??= m;
		}
	}
	const forecastFinish = cursor ?? today;
	if (current === null) {
		return { forecastFinish, currentStage: null, atRisk: false, reason: '', stages };
	}

	const reasons: string[] = [];
	if (input.blocked) reasons.push(`blocked since ${shortDate(input.blocked.since)}: ${input.blocked.reason}`);
	let overdue = false;
	// every unfinished stage is checked, not only the current one: edited or rework milestones need not be planned in order
	for (const m of milestones) {
		if (m.status === 'done' || m.status === 'skipped') continue;
		const startedLate = m.status === 'in_progress' && m.startedOn && m.startedOn > m.plannedStart && m === current;
		const lateBy = startedLate ? `started ${days(daysBetween(m.plannedStart, m.startedOn!))} late` : '';
		if (m.plannedFinish < today) {
			overdue = true;
			// one sentence per stage: "casting started 2 days late and is 5 days overdue"
			const overdueBy = `is ${days(daysBetween(m.plannedFinish, today))} overdue`;
			reasons.push(`${inSentence(m.name)} ${lateBy ? `${lateBy} and ${overdueBy}` : overdueBy}`);
			break;
		}
		if (lateBy) reasons.push(`${inSentence(m.name)} ${lateBy}`);
		if (m.status === 'pending' && m.plannedStart < today) {
			overdue = true;
			reasons.push(`${inSentence(m.name)} should have started ${days(daysBetween(m.plannedStart, today))} ago`);
			break;
		}
	}
	const late = forecastFinish > promisedDate;
	const atRisk = late || overdue || Boolean(input.blocked);
	if (!atRisk) return { forecastFinish, currentStage: current.name, atRisk, reason: '', stages };
	reasons.push(`forecast ${shortDate(forecastFinish)}, promised ${shortDate(promisedDate)}`);
	const reason = reasons.join('; ');
	return { forecastFinish, currentStage: current.name, atRisk, reason: reason[0].toUpperCase() + reason.slice(1), stages };
}
