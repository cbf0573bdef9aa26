import { poListQuerySchema } from '#lib/domain/purchase-orders/schemas.ts';
import { exportPurchaseOrdersCsv } from '#lib/server/purchase-orders/lists.ts';
import { requireActor } from '#lib/server/http.ts';
import type { RequestHandler } from './$types';

/** The workshop's POs as filtered on screen, every page, as CSV (UTF-8 with BOM so Excel reads accents). */
export const GET: RequestHandler = async (event) => {
	const actor = requireActor(event);
	const query = poListQuerySchema.parse(Object.fromEntries(event.url.searchParams));
	const csv = await exportPurchaseOrdersCsv(actor, query);
	const day = new Date().toISOString().slice(0, 10);
	return new Response(`\uFEFF${csv}\r\n`, {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': `attachment; filename="bezel-purchase-orders-${day}.csv"`,
			'X-Content-Type-Options': 'nosniff',
			'Cache-Control': 'private, no-store'
		}
	});
};
