import { designerListQuerySchema } from '#lib/domain/custom-orders/schemas.ts';
import { listDesignerOrders } from '#lib/server/custom-orders/lists.ts';
import { requireActor } from '#lib/server/http.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	// a bad filter in the address bar falls back to the default, never to an error page
	const query = designerListQuerySchema.parse(Object.fromEntries(event.url.searchParams));
	return { query, list: await listDesignerOrders(actor, query) };
};
