import { requireActor } from '#lib/server/http.ts';
import { parseReceiptListQuery, parseShipmentListQuery } from '#lib/server/receiving/actions.ts';
import { LIST_PAGE_SIZE, listReceipts, listReceivingVendors, listShipments } from '#lib/server/receiving/lists.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const tab = event.url.searchParams.get('tab') === 'receipts' ? 'receipts' : 'shipments';
	const vendors = await listReceivingVendors(actor);
	if (tab === 'receipts') {
		const query = parseReceiptListQuery(event.url.searchParams);
		return { tab, vendors, pageSize: LIST_PAGE_SIZE, receipts: { query, list: await listReceipts(actor, query) }, shipments: null };
	}
	const parsed = parseShipmentListQuery(event.url.searchParams);
	// the shipments tab opens on what is still on its way
	const query = { ...parsed, status: event.url.searchParams.has('status') ? parsed.status : ('announced' as const) };
	return { tab, vendors, pageSize: LIST_PAGE_SIZE, shipments: { query, list: await listShipments(actor, query) }, receipts: null };
};
