import { requireStaff } from '#lib/server/auth/actor.ts';
import { requireActor } from '#lib/server/http.ts';
import { getVendorLiability } from '#lib/server/reconciliation/service.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	requireStaff(actor);
	return { liability: await getVendorLiability(actor, event.params.vendorId) };
};
