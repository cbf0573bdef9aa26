import { timelineQuerySchema } from '#lib/domain/production/timeline-query.ts';
import { exportProductionTimelineCsv } from '#lib/server/production/exports.ts';
import { requireActor } from '#lib/server/http.ts';
import { requireStaff } from '#lib/server/auth/actor.ts';
import type { RequestHandler } from './$types';

/** The timeline as filtered on screen, every page, as CSV (UTF-8 with BOM so Excel reads accents). */
export const GET: RequestHandler = async (event) => {
	const actor = requireActor(event);
	requireStaff(actor);
	// a bad filter in the address bar falls back to its default, as on the timeline
	const query = timelineQuerySchema.parse(Object.fromEntries(event.url.searchParams));
	const csv = await exportProductionTimelineCsv(actor, query);
	const day = new Date().toISOString().slice(0, 10);
	return new Response(`\uFEFF${csv}\r\n`, {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': `attachment; filename="bezel-production-${day}.csv"`,
			'X-Content-Type-Options': 'nosniff',
			'Cache-Control': 'private, no-store'
		}
	});
};
