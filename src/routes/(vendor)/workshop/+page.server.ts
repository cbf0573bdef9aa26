import { getVendorHome } from '#lib/server/vendors/service.ts';
import { requireActor } from '#lib/server/http.ts';
import { getVendorPurchaseOrderCounts } from '#lib/server/purchase-orders/lists.ts';
import { getWorkshopToday } from '#lib/server/production/queries.ts';
import { getWorkshopRepairsToday } from '#lib/server/repairs/actions.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	// asked together: on a server they share the page's transaction and leave in one network write
	const [home, purchaseOrders, today, repairs] = await Promise.all([
		getVendorHome(actor),
		getVendorPurchaseOrderCounts(actor),
		getWorkshopToday(actor),
		getWorkshopRepairsToday(actor)
	]);
	return {
		home,
		purchaseOrders,
		today,
		repairs,
		name: actor.name,
		isAdmin: actor.role === 'vendor_admin'
	};
};
