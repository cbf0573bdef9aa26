import { customOrderListQuerySchema } from '#lib/domain/custom-orders/schemas.ts';
import { requireStaff } from '#lib/server/auth/actor.ts';
import { CUSTOM_ORDER_PAGE_SIZE, listCustomOrders } from '#lib/server/custom-orders/lists.ts';
import { requireActor } from '#lib/server/http.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	requireStaff(actor);
	// a bad filter in the address bar falls back to its default, never to an error page
	const query = customOrderListQuerySchema.parse(Object.fromEntries(event.url.searchParams));
	const list = await listCustomOrders(actor, query);
	return { query, list, pageSize: CUSTOM_ORDER_PAGE_SIZE, canCreate: actor.role !== 'finance' };
};
