import { getVendorHome } from '#lib/server/vendors/service.ts';
import { requireActor } from '#lib/server/http.ts';
import { getVendorPurchaseOrderCounts } from '#lib/server/purchase-orders/lists.ts';
import { getWorkshopToday } from '#lib/server/production/queries.ts';
import { getWorkshopRepairsToday } from '#lib/server/repairs/actions.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return {
		home: await getVendorHome(actor),
		purchaseOrders: await getVendorPurchaseOrderCounts(actor),
		today: await getWorkshopToday(actor),
		repairs: await getWorkshopRepairsToday(actor),
		name: actor.name,
		isAdmin: actor.role === 'vendor_admin'
	};
};
