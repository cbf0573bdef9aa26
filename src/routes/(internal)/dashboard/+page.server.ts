import { getOpsHome } from '#lib/server/vendors/service.ts';
import { requireActor } from '#lib/server/http.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return { home: await getOpsHome(actor), name: actor.name, role: actor.role, canAddVendors: actor.role !== 'finance' };
};
