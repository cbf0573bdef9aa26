import { customOrderListQuerySchema } from '#lib/domain/custom-orders/schemas.ts';
import { requireStaff } from '#lib/server/auth/actor.ts';
import { exportCustomOrdersCsv } from '#lib/server/custom-orders/lists.ts';
import { requireActor } from '#lib/server/http.ts';
import type { RequestHandler } from './$types';

/** The custom-order list as filtered on screen, every page, as CSV (UTF-8 with BOM so Excel reads accents). */
export const GET: RequestHandler = async (event) => {
	const actor = requireActor(event);
	requireStaff(actor);
	const query = customOrderListQuerySchema.parse(Object.fromEntries(event.url.searchParams));
	const csv = await exportCustomOrdersCsv(actor, query);
	const day = new Date().toISOString().slice(0, 10);
	return new Response(`\uFEFF${csv}\r\n`, {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': `attachment; filename="bezel-custom-orders-${day}.csv"`,
			'Cache-Control': 'private, no-store'
		}
	});
};
