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

/** "27 Nov 2026": unambiguous for people in New York, Bangkok and Vicenza alike. */
export function formatDate(value: Date | string | null | undefined): string {
	if (!value) return '—';
	const date = typeof value === 'string' ? new Date(value.length === 10 ? `${value}T00:00:00Z` : value) : value;
	return dateFormat.format(date);
}

export function formatDateTime(value: Date | string | null | undefined): string {
	if (!value) return '—';
	return dateTimeFormat.format(typeof value === 'string' ? new Date(value) : value);
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
