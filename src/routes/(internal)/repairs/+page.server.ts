import { requireStaff } from '#lib/server/auth/actor.ts';
import { requireActor } from '#lib/server/http.ts';
import { parseRepairListQuery } from '#lib/server/repairs/actions.ts';
import { REPAIR_PAGE_SIZE } from '#lib/server/repairs/queries.ts';
import { listRepairs, listRepairWorkshops } from '#lib/server/repairs/service.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	requireStaff(actor);
	// a bad filter in the address bar falls back to its default, never to an error page
	const query = parseRepairListQuery(event.url.searchParams);
	const [list, workshops] = [await listRepairs(actor, query), await listRepairWorkshops(actor)];
	return {
		query,
		list,
		pageSize: REPAIR_PAGE_SIZE,
		workshops: workshops.map((w) => ({ value: w.id, label: w.name })),
		canCreate: actor.role !== 'finance'
	};
};
