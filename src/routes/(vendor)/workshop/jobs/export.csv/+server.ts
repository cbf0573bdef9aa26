import { parseJobListQuery } from '#lib/server/production/actions.ts';
import { exportWorkshopJobsCsv } from '#lib/server/production/exports.ts';
import { requireActor } from '#lib/server/http.ts';
import type { RequestHandler } from './$types';

/** The workshop's jobs as filtered on screen, every page, as CSV (UTF-8 with BOM so Excel reads accents). */
export const GET: RequestHandler = async (event) => {
	const actor = requireActor(event);
	const query = parseJobListQuery(event.url.searchParams);
	const csv = await exportWorkshopJobsCsv(actor, { filter: query.filter, stage: query.stage, q: query.q });
	const day = new Date().toISOString().slice(0, 10);
	return new Response(`\uFEFF${csv}\r\n`, {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': `attachment; filename="bezel-jobs-${day}.csv"`,
			'X-Content-Type-Options': 'nosniff',
			'Cache-Control': 'private, no-store'
		}
	});
};
