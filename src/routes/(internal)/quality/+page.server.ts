import { requireStaff } from '#lib/server/auth/actor.ts';
import { requireActor } from '#lib/server/http.ts';
import { parseQcListQuery } from '#lib/server/quality/forms.ts';
import { QC_PAGE_SIZE } from '#lib/server/quality/queries.ts';
import { listInspections, listInspectionVendors } from '#lib/server/quality/service.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	requireStaff(actor);
	// a bad filter in the address bar falls back to its default, never to an error page
	const query = parseQcListQuery(event.url.searchParams);
	const list = await listInspections(actor, query);
	const vendors = await listInspectionVendors(actor);
	return { query, list, pageSize: QC_PAGE_SIZE, vendors: vendors.map((v) => ({ value: v.id, label: v.name })) };
};
