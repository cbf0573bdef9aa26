import { requireVendor } from '#lib/server/auth/actor.ts';
import { requireActor } from '#lib/server/http.ts';
import { parseWorkshopQcListQuery } from '#lib/server/quality/forms.ts';
import { QC_PAGE_SIZE } from '#lib/server/quality/queries.ts';
import { listWorkshopInspections } from '#lib/server/quality/service.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	requireVendor(actor);
	const query = parseWorkshopQcListQuery(event.url.searchParams);
	return { query, list: await listWorkshopInspections(actor, query), pageSize: QC_PAGE_SIZE };
};
