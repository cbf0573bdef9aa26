import { requireActor } from '#lib/server/http.ts';
import { parseShipmentListQuery } from '#lib/server/receiving/actions.ts';
import { LIST_PAGE_SIZE, listShipments } from '#lib/server/receiving/lists.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	// a bad filter in the address bar falls back to its default, never to an error page
	const query = parseShipmentListQuery(event.url.searchParams);
	return { query, list: await listShipments(actor, query), pageSize: LIST_PAGE_SIZE };
};
