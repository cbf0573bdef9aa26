import { requireActor } from '#lib/server/http.ts';
import { parseRepairListQuery } from '#lib/server/repairs/actions.ts';
import { REPAIR_PAGE_SIZE } from '#lib/server/repairs/queries.ts';
import { listWorkshopRepairs } from '#lib/server/repairs/service.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	// a bad filter in the address bar falls back to its default, never to an error page
	const query = parseRepairListQuery(event.url.searchParams);
	return { query, list: await listWorkshopRepairs(actor, query), pageSize: REPAIR_PAGE_SIZE };
};
