/**
 * A list page's link: its current query (`search`, e.g. `page.url.search`) with some parameters set, or
 * removed when '' or undefined. Any other change of filter or sort starts again at the first page, so
 * `page` is dropped unless `changes` sets it. `empty` is the link when no parameter is left: '?' clears
 * the query of the page it is on.
 */
export function listHref(search: string, changes: Record<string, string | number | undefined>, empty = '?'): string {
	const params = listParams(search);
	if (!('page' in changes)) params.delete('page');
	for (const [key, value] of Object.entries(changes)) {
		if (value === undefined || value === '') params.delete(key);
		else params.set(key, String(value));
	}
	const text = params.toString();
	return text ? `?${text}` : empty;
}

/**
 * A form action of a list page (`?/approve`) on the list as it is filtered now, for a form's
 * `formaction`: a post without JavaScript answers with the page at that address, which then shows
 * the same rows rather than the list's defaults.
 */
export function listActionHref(search: string, action: string): string {
	const text = listParams(search).toString();
	return `?${text ? `${text}&` : ''}/${action}`;
}

/** The list's own parameters: the name of a form action posted to it (`/approve`) is not one of them. */
function listParams(search: string): URLSearchParams {
	const params = new URLSearchParams(search);
	for (const key of [...params.keys()]) if (key.startsWith('/')) params.delete(key);
	return params;
}
