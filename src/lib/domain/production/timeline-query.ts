/**
 * The operations timeline and launches as pure code: the page's query (filters from the address
 * bar), the launch form, due weeks, grouping of a page's rows and the geometry and words of the
 * planned / forecast / actual bars. Dates are ISO calendar days (YYYY-MM-DD), weeks start on Monday.
 */
import { z } from 'zod';

export const TIMELINE_PAGE_SIZE = 50;

export const timelineGroupings = ['none', 'vendor', 'collection', 'week'] as const;
export type TimelineGrouping = (typeof timelineGroupings)[number];

export const timelineGroupingLabels: Record<TimelineGrouping, string> = {
	none: 'No grouping',
	vendor: 'Workshop',
	collection: 'Collection / launch',
	week: 'Due week'
};

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** a checkbox in a GET form: present ("1", or "on" without a value) means yes */
const flag = z
	.string()
	.optional()
	.catch(undefined)
	.transform((v) => v === '1' || v === 'on' || v === 'true');

/** The timeline's filters as they come from the address bar: anything malformed falls back to its default. */
export const timelineQuerySchema = z.object({
	/** job number, PO number, SKU or description */
	q: z.string().trim().max(100).catch(''),
	vendor: z.uuid().or(z.literal('')).catch(''),
	/** part of a workshop's name: the filter when there are too many workshops for a list */
	workshop: z.string().trim().max(120).catch(''),
	collection: z.string().trim().max(80).catch(''),
	risk: flag,
	blocked: flag,
	/** the current stage's name */
	stage: z.string().trim().max(60).catch(''),
	/** 'overdue' (promised before this week) or the Monday of a week */
	week: z
		.string()
		.regex(ISO_DATE)
		.transform((iso) => weekStart(iso))
		.or(z.literal('overdue'))
		.or(z.literal(''))
		.catch(''),
	group: z.enum(timelineGroupings).catch('none'),
	page: z.coerce.number().int().min(1).max(100_000).catch(1)
});
export type TimelineQuery = z.infer<typeof timelineQuerySchema>;

export const defaultTimelineQuery: TimelineQuery = timelineQuerySchema.parse({});

/** Whether any filter narrows the list (grouping and page do not). */
export function isFiltered(q: TimelineQuery): boolean {
	return Boolean(q.q || q.vendor || q.workshop || q.collection || q.risk || q.blocked || q.stage || q.week);
}

/** The timeline's address for a query with some values changed; the page resets unless it is one of them. */
export function timelineHref(query: TimelineQuery, changes: Partial<TimelineQuery> = {}): string {
	const next: TimelineQuery = { ...query, ...('page' in changes ? {} : { page: 1 }), ...changes };
	const params = new URLSearchParams();
	for (const key of ['q', 'vendor', 'workshop', 'collection', 'stage', 'week'] as const) if (next[key]) params.set(key, next[key]);
	if (next.risk) params.set('risk', '1');
	if (next.blocked) params.set('blocked', '1');
	if (next.group !== 'none') params.set('group', next.group);
	if (next.page > 1) params.set('page', String(next.page));
	const text = params.toString();
	return text ? `/production?${text}` : '/production';
}

/** The launch form: its name is the collection name POs carry. */
export const launchFormSchema = z.object({
	name: z.string().trim().min(1, 'Enter the collection’s name, as it is written on its POs.').max(80, 'Keep the name under 80 characters.'),
	launchDate: z.iso.date({ error: 'Enter the launch date, like 2027-03-01.' }),
	notes: z.string().trim().max(2000, 'Keep the notes under 2,000 characters.').optional().default(''),
	/** the launch as it was loaded into the form (optimistic locking); empty when creating */
	version: z.string().max(40).optional().default('')
});
export type LaunchForm = z.infer<typeof launchFormSchema>;

// ——— dates ———

const DAY_MS = 86_400_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "14 Dec", like forecast.ts's shortDate, without a date library: the timeline writes hundreds per page. */
export function dayMonth(iso: string): string {
	return `${Number(iso.slice(8, 10))} ${MONTHS[Number(iso.slice(5, 7)) - 1]}`;
}

/** dates seen recently; a timeline page asks for the same few hundred dates over and over */
const dayNumbers = new Map<string, number>();

/** Whole days since 1970-01-01 for a calendar date: exact, whatever the time zone. */
export function dayNumber(iso: string): number {
	let day = dayNumbers.get(iso);
	if (day === undefined) {
		day = Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
		if (dayNumbers.size > 5000) dayNumbers.clear();
		dayNumbers.set(iso, day);
	}
	return day;
}

export function fromDayNumber(day: number): string {
	return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The Monday of the week the date falls in. */
export function weekStart(iso: string): string {
	const day = dayNumber(iso);
	// 1970-01-01 was a Thursday: day 0 is weekday 3 counting from Monday
	return fromDayNumber(day - ((day + 3) % 7));
}

/** The promised dates a due-week filter covers: a week, or everything before this week. */
export function dueWeekRange(week: TimelineQuery['week'], today: string): { from: string | null; to: string } | null {
	if (week === '') return null;
	if (week === 'overdue') return { from: null, to: fromDayNumber(dayNumber(weekStart(today)) - 1) };
	return { from: week, to: fromDayNumber(dayNumber(week) + 6) };
}

/** "1 Dec – 7 Dec" */
export function weekLabel(monday: string): string {
	return `${dayMonth(monday)} – ${dayMonth(fromDayNumber(dayNumber(monday) + 6))}`;
}

/** The due-week filter's choices: overdue, this week and the weeks ahead (plus the chosen week if it is elsewhere). */
export function dueWeekOptions(today: string, chosen: TimelineQuery['week'] = '', weeksAhead = 12): { value: string; label: string }[] {
	const thisWeek = dayNumber(weekStart(today));
	const options = [{ value: 'overdue', label: 'Overdue (due before this week)' }];
	for (let i = 0; i <= weeksAhead; i++) {
		const monday = fromDayNumber(thisWeek + i * 7);
		const name = i === 0 ? 'This week' : i === 1 ? 'Next week' : 'Week of';
		options.push({ value: monday, label: `${name} (${weekLabel(monday)})` });
	}
	if (chosen && !options.some((o) => o.value === chosen)) options.push({ value: chosen, label: `Week of ${weekLabel(chosen)}` });
	return options;
}

// ——— rows ———

/** What the pure helpers need of a timeline row. */
export type TimelineJob = {
	id: string;
	vendorId: string;
	vendorName: string;
	collection: string | null;
	promisedDate: string;
	plannedStart: string;
	forecastFinish: string;
	startedOn: string | null;
	atRisk: boolean;
	blocked: boolean;
};

/** One row of the timeline: everything it shows comes from the job row, plus its workshop's name. */
export type TimelineRow = TimelineJob & {
	number: string;
	purchaseOrderId: string;
	poNumber: string;
	sku: string;
	description: string;
	quantity: number;
	currentStage: string | null;
	riskReason: string;
};

export type JobHealth = 'blocked' | 'at_risk' | 'on_track';

export const jobHealthLabels: Record<JobHealth, string> = { blocked: 'Blocked', at_risk: 'At risk', on_track: 'On track' };

/** A blocked job is also at risk; "Blocked" says more about what to do. */
export function jobHealth(job: { atRisk: boolean; blocked: boolean }): JobHealth {
	return job.blocked ? 'blocked' : job.atRisk ? 'at_risk' : 'on_track';
}

export type TimelineGroup<T> = { key: string; label: string; rows: T[]; atRisk: number; blocked: number };

/**
 * Groups one page's rows under headers. Rows keep the page's order (at risk first, then forecast)
 * inside each group; workshops and collections come in the order of their most urgent job, weeks by date.
 */
export function groupTimelineRows<T extends TimelineJob>(
	rows: T[],
	by: TimelineGrouping,
	launchDates: Record<string, string> = {}
): TimelineGroup<T>[] {
	if (by === 'none') {
		return rows.length === 0 ? [] : [{ key: 'all', label: '', rows, ...tally(rows) }];
	}
	const groups = new Map<string, { label: string; rows: T[] }>();
	for (const row of rows) {
		const { key, label } = groupOf(row, by, launchDates);
		const group = groups.get(key);
		if (group) group.rows.push(row);
		else groups.set(key, { label, rows: [row] });
	}
	const list = [...groups.entries()].map(([key, g]) => ({ key, label: g.label, rows: g.rows, ...tally(g.rows) }));
	if (by === 'week') list.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
	return list;
}

function tally(rows: TimelineJob[]): { atRisk: number; blocked: number } {
	let atRisk = 0;
	let blocked = 0;
	for (const r of rows) {
		if (r.atRisk) atRisk++;
		if (r.blocked) blocked++;
	}
	return { atRisk, blocked };
}

function groupOf(row: TimelineJob, by: Exclude<TimelineGrouping, 'none'>, launchDates: Record<string, string>) {
	if (by === 'vendor') return { key: row.vendorId, label: row.vendorName };
	if (by === 'week') {
		const monday = weekStart(row.promisedDate);
		return { key: monday, label: `Due ${weekLabel(monday)}` };
	}
	if (!row.collection) return { key: '', label: 'No collection' };
	const launch = launchDates[row.collection];
	return {
		key: row.collection,
		label: launch ? `${row.collection} · launches ${dayMonth(launch)}` : `${row.collection} · no launch date set`
	};
}

// ——— bars ———

export type TimelineAxis = { start: string; end: string; days: number };

/** One date axis for all the page's rows: from the earliest start to the latest finish, today included. */
export function timelineAxis(rows: TimelineJob[], today: string): TimelineAxis {
	let min = dayNumber(today);
	let max = min;
	for (const r of rows) {
		for (const iso of [r.plannedStart, r.startedOn, r.promisedDate, r.forecastFinish]) {
			if (!iso) continue;
			const d = dayNumber(iso);
			if (d < min) min = d;
			if (d > max) max = d;
		}
	}
	// a day of air either side so a bar ending on the edge stays visible
	min -= 1;
	max += 1;
	return { start: fromDayNumber(min), end: fromDayNumber(max), days: max - min };
}

/** Where a date sits on the axis, in percent of its width. */
export function axisPercent(iso: string, axis: TimelineAxis): number {
	const p = ((dayNumber(iso) - dayNumber(axis.start)) / axis.days) * 100;
	return Math.min(100, Math.max(0, p));
}

/** A bar from one day to another (both included), in percent; at least a sliver wide so a one-day bar shows. */
export function barSpan(from: string, to: string, axis: TimelineAxis): { left: number; width: number } {
	const [a, b] = from <= to ? [from, to] : [to, from];
	const left = axisPercent(a, axis);
	const right = axisPercent(fromDayNumber(dayNumber(b) + 1), axis);
	const width = Math.max(right - left, 0.5);
	// the sliver of a one-day bar at the right edge moves left rather than overflow the axis
	return { left: round(Math.min(left, 100 - width)), width: round(width) };
}

const round = (n: number) => Math.round(n * 100) / 100;

/** Mondays to label along the axis: every week, or every few weeks on a long axis. */
export function axisTicks(axis: TimelineAxis, maxTicks = 8): { date: string; label: string; percent: number }[] {
	const first = dayNumber(weekStart(axis.start)) + 7;
	const last = dayNumber(axis.end);
	const weeks = Math.max(1, Math.floor((last - first) / 7) + 1);
	const every = Math.max(1, Math.ceil(weeks / maxTicks));
	const ticks = [];
	for (let d = first; d <= last; d += 7 * every) {
		const date = fromDayNumber(d);
		ticks.push({ date, label: dayMonth(date), percent: round(axisPercent(date, axis)) });
	}
	return ticks;
}

/** The bars in words, for people who cannot see them. */
export function barDescription(job: TimelineJob, today: string): string {
	const parts = [`Planned ${dayMonth(job.plannedStart)} – ${dayMonth(job.promisedDate)}`];
	parts.push(`forecast ${dayMonth(job.startedOn ?? job.plannedStart)} – ${dayMonth(job.forecastFinish)}`);
	if (job.startedOn) {
		const days = dayNumber(today) - dayNumber(job.startedOn);
		parts.push(`started ${dayMonth(job.startedOn)}, ${days === 1 ? '1 day' : `${days} days`} in work`);
	} else {
		parts.push('not started');
	}
	const late = dayNumber(job.forecastFinish) - dayNumber(job.promisedDate);
	parts.push(
		late > 0
			? `promised ${dayMonth(job.promisedDate)}, ${late === 1 ? '1 day' : `${late} days`} late`
			: `promised ${dayMonth(job.promisedDate)}`
	);
	return `${parts.join('; ')}.`;
}

/** Days until a launch (negative once it has passed). */
export function daysToGo(launchDate: string, today: string): number {
	return dayNumber(launchDate) - dayNumber(today);
}

/** Pieces done out of pieces needed, as a whole percent (0 when nothing is ordered yet). */
export function readinessPercent(done: number, needed: number): number {
	if (needed <= 0) return 0;
	return Math.min(100, Math.floor((done / needed) * 100));
}
