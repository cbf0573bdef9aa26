import { requireActor } from '#lib/server/http.ts';
import { exportWorkshopInvoicesCsv, parseInvoiceListQuery } from '#lib/server/invoices/service.ts';
import type { RequestHandler } from './$types';

/** The workshop's invoices and credit notes as filtered on screen, every page (UTF-8 with BOM for Excel). */
export const GET: RequestHandler = async (event) => {
	const actor = requireActor(event);
	const csv = await exportWorkshopInvoicesCsv(actor, parseInvoiceListQuery(event.url.searchParams));
	const day = new Date().toISOString().slice(0, 10);
	return new Response(`\uFEFF${csv}\r\n`, {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': `attachment; filename="bezel-invoices-${day}.csv"`,
			'X-Content-Type-Options': 'nosniff',
			'Cache-Control': 'private, no-store'
		}
	});
};
