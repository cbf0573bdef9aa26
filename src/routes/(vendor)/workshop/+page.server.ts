import { getVendorHome } from '#lib/server/vendors/service.ts';
import { requireActor } from '#lib/server/http.ts';
import { getVendorPurchaseOrderCounts } from '#lib/server/purchase-orders/lists.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return {
		home: await getVendorHome(actor),
		purchaseOrders: await getVendorPurchaseOrderCounts(actor),
		name: actor.name,
		isAdmin: actor.role === 'vendor_admin'
	};
};
