import { requireStaff } from '#lib/server/auth/actor.ts';
import { requireActor } from '#lib/server/http.ts';
import { LIABILITY_PAGE_SIZE, listVendorLiability, parseLiabilityQuery } from '#lib/server/reconciliation/service.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	requireStaff(actor);
	// a bad filter in the address bar falls back to its default, never to an error page
	const query = parseLiabilityQuery(event.url.searchParams);
	return { query, list: await listVendorLiability(actor, query), pageSize: LIABILITY_PAGE_SIZE };
};
