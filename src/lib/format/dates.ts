import { remembered } from '#lib/remembered.ts';

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
	day: 'numeric',
	month: 'short',
	year: 'numeric',
	hour: '2-digit',
	minute: '2-digit',
	timeZone: 'UTC',
	timeZoneName: 'short'
});

/** Dates and minutes recur from page to page: each text is made once (bounded). */
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const dayText = remembered((day: number) => dateFormat.format(day * DAY_MS), 5_000);
const minuteText = remembered((minute: number) => dateTimeFormat.format(minute * MINUTE_MS), 5_000);

function epochOf(value: Date | string, calendarDate: boolean): number {
	const ms = typeof value === 'string' ? Date.parse(calendarDate && value.length === 10 ? `${value}T00:00:00Z` : value) : value.getTime();
	// what Intl answers for an invalid date: a RangeError, never "NaN"
	if (Number.isNaN(ms)) throw new RangeError(`Invalid time value: ${String(value)}`);
	return ms;
}

/** "27 Nov 2026": unambiguous for people in New York, Bangkok and Vicenza alike. */
export function formatDate(value: Date | string | null | undefined): string {
	if (!value) return '—';
	return dayText(Math.floor(epochOf(value, true) / DAY_MS));
}

/** "27 Nov 2026, 14:05 UTC" */
export function formatDateTime(value: Date | string | null | undefined): string {
	if (!value) return '—';
	return minuteText(Math.floor(epochOf(value, false) / MINUTE_MS));
}

/** "in 12 days", "3 days ago", "today" for a calendar date against today (UTC). */
export function relativeDays(isoDate: string, today = new Date().toISOString().slice(0, 10)): string {
	const days = Math.round((Date.parse(`${isoDate}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
	if (days === 0) return 'today';
	if (days === 1) return 'tomorrow';
	if (days === -1) return 'yesterday';
	return days > 0 ? `in ${days} days` : `${-days} days ago`;
}

/** Today's calendar date in UTC, as date fields and forms write it (YYYY-MM-DD). */
export const todayIso = () => new Date().toISOString().slice(0, 10);
