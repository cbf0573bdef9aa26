import { requireActor } from '#lib/server/http.ts';
import { getWorkshopInvoice } from '#lib/server/invoices/service.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return { view: await getWorkshopInvoice(actor, event.params.invoiceId), submitted: event.url.searchParams.has('submitted') };
};
