import { styleDirectoryQuerySchema } from '#lib/domain/catalogue/schemas.ts';
import { exportStylesCsv } from '#lib/server/catalogue/service.ts';
import { requireActor } from '#lib/server/http.ts';
import type { RequestHandler } from './$types';

/** The list as filtered on screen, every page, as CSV (UTF-8 with BOM so Excel reads accents). */
export const GET: RequestHandler = async (event) => {
	const actor = requireActor(event);
	const query = styleDirectoryQuerySchema.parse(Object.fromEntries(event.url.searchParams));
	const csv = await exportStylesCsv(actor, query);
	const day = new Date().toISOString().slice(0, 10);
	return new Response(`\uFEFF${csv}\r\n`, {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': `attachment; filename="bezel-styles-${day}.csv"`,
			'Cache-Control': 'private, no-store'
		}
	});
};
