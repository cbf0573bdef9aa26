/**
 * A list page's link: its current query (`search`, e.g. `page.url.search`) with some parameters set, or
 * removed when '' or undefined. Any other change of filter or sort starts again at the first page, so
 * `page` is dropped unless `changes` sets it. `empty` is the link when no parameter is left: '?' clears
 * the query of the page it is on.
 */
export function listHref(search: string, changes: Record<string, string | number | undefined>, empty = '?'): string {
	const params = new URLSearchParams(search);
	if (!('page' in changes)) params.delete('page');
	for (const [key, value] of Object.entries(changes)) {
		if (value === undefined || value === '') params.delete(key);
		else params.set(key, String(value));
	}
	const text = params.toString();
	return text ? `?${text}` : empty;
}
