import { poListQuerySchema, todayIso } from '#lib/domain/purchase-orders/schemas.ts';
import { getPurchaseOrderListScreen } from '#lib/server/purchase-orders/lists.ts';
import { requireActor } from '#lib/server/http.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	// a bad filter in the address bar falls back to the default, never to an error page
	const query = poListQuerySchema.parse(Object.fromEntries(event.url.searchParams));
	const filtered = Boolean(query.q || query.collection || query.dueFrom || query.dueTo || query.status !== 'open');
	// an empty default view: "none yet" and "none open" call for different words (hasAny)
	const { list, collections, brandName, hasAny } = await getPurchaseOrderListScreen(actor, query);
	return { query, list, collections, brandName, filtered, hasAny, today: todayIso() };
};
