import { getVendorHome } from '#lib/server/vendors/service.ts';
import { requireActor } from '#lib/server/http.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return { home: await getVendorHome(actor), name: actor.name, isAdmin: actor.role === 'vendor_admin' };
};
