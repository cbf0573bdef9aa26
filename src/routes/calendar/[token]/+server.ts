import { renderCalendarFeed } from '#lib/server/production/calendar.ts';
import type { RequestHandler } from './$types';

/**
 * A person's calendar feed for calendar apps, which cannot sign in: the token in the URL is the
 * secret. An unknown, revoked or disabled link answers a bare 404 that says nothing about why.
 */
export const GET: RequestHandler = async ({ params }) => {
	const ics = await renderCalendarFeed(params.token);
	if (ics === null) {
		return new Response('Not found', {
			status: 404,
			headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }
		});
	}
	return new Response(ics, {
		headers: {
			'Content-Type': 'text/calendar; charset=utf-8',
			'Content-Disposition': 'inline; filename="bezel.ics"',
			'Cache-Control': 'private, max-age=900',
			// the URL is a secret: keep it out of search engines
			'X-Robots-Tag': 'noindex'
		}
	});
};
