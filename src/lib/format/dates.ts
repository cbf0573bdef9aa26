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

/**
 * Formatting with Intl costs about a microsecond a date, and a list page shows a hundred; the same
 * days and minutes recur, so each text is made once. Bounded: the cache starts over past its size.
 */
function remembered(format: (epochMs: number) => string, unitMs: number) {
	const texts = new Map<number, string>();
	return (epochMs: number): string => {
		const unit = Math.floor(epochMs / unitMs);
		let text = texts.get(unit);
		if (text === undefined) {
			if (texts.size >= 5_000) texts.clear();
			text = format(unit * unitMs);
			texts.set(unit, text);
		}
		return text;
	};
}

const DAY_MS = 86_400_000;
const dayText = remembered((ms) => dateFormat.format(ms), DAY_MS);
const minuteText = remembered((ms) => dateTimeFormat.format(ms), 60_000);

function epochOf(value: Date | string, calendarDate: boolean): number {
	const ms = typeof value === 'string' ? Date.parse(calendarDate && value.length === 10 ? `${value}T00:00:00Z` : value) : value.getTime();
	// what Intl answers for an invalid date: a RangeError, never "NaN"
	if (Number.isNaN(ms)) throw new RangeError(`Invalid time value: ${String(value)}`);
	return ms;
}

/** "27 Nov 2026": unambiguous for people in New York, Bangkok and Vicenza alike. */
export function formatDate(value: Date | string | null | undefined): string {
	if (!value) return '—';
	return dayText(epochOf(value, true));
}

/** "27 Nov 2026, 14:05 UTC" */
export function formatDateTime(value: Date | string | null | undefined): string {
	if (!value) return '—';
	return minuteText(epochOf(value, false));
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
