import { requireActor } from '#lib/server/http.ts';
import { INVOICE_PAGE_SIZE } from '#lib/server/invoices/queries.ts';
import { listWorkshopInvoices, parseInvoiceListQuery } from '#lib/server/invoices/service.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	// a bad filter in the address bar falls back to its default, never to an error page
	const query = parseInvoiceListQuery(event.url.searchParams);
	return { query, ...(await listWorkshopInvoices(actor, query)), pageSize: INVOICE_PAGE_SIZE };
};
