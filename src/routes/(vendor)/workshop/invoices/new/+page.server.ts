import { requireActor } from '#lib/server/http.ts';
import { submitInvoiceActions } from '#lib/server/invoices/form.ts';
import { getInvoiceDraft } from '#lib/server/invoices/service.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const params = event.url.searchParams;
	return {
		draft: await getInvoiceDraft(actor, { po: params.get('po'), shipment: params.get('shipment'), credits: params.get('credits') })
	};
};

export const actions = submitInvoiceActions();
