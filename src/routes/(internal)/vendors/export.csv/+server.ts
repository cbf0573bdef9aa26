import { vendorDirectoryQuerySchema } from '#lib/domain/vendors/schemas.ts';
import { exportVendorDirectoryCsv } from '#lib/server/vendors/service.ts';
import { requireActor } from '#lib/server/http.ts';
import type { RequestHandler } from './$types';

/** The directory as filtered on screen, every page, as CSV (UTF-8 with BOM so Excel reads accents). */
export const GET: RequestHandler = async (event) => {
	const actor = requireActor(event);
	const query = vendorDirectoryQuerySchema.parse(Object.fromEntries(event.url.searchParams));
	const csv = await exportVendorDirectoryCsv(actor, query);
	const day = new Date().toISOString().slice(0, 10);
	return new Response(`\uFEFF${csv}\r\n`, {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': `attachment; filename="bezel-workshops-${day}.csv"`,
			'Cache-Control': 'private, no-store'
		}
	});
};
