import { poListQuerySchema } from '#lib/domain/purchase-orders/schemas.ts';
import { getPurchaseOrderListScreen, PO_PAGE_SIZE } from '#lib/server/purchase-orders/lists.ts';
import { requireActor } from '#lib/server/http.ts';
import { requireStaff } from '#lib/server/auth/actor.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	requireStaff(actor);
	// a bad filter in the address bar falls back to its default, never to an error page
	const query = poListQuerySchema.parse(Object.fromEntries(event.url.searchParams));
	const { list, workshops, collections } = await getPurchaseOrderListScreen(actor, query);
	return {
		query,
		list,
		pageSize: PO_PAGE_SIZE,
		workshops: workshops?.map((w) => ({ value: w.id, label: w.name })) ?? null,
		collections: collections.map((c) => ({ value: c, label: c })),
		canCreate: actor.role !== 'finance'
	};
};
