import { getVendorOverview } from '#lib/server/vendors/service.ts';
import { documentActions, logoForm } from '#lib/server/vendors/actions.ts';
import { requireActor } from '#lib/server/http.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const overview = await getVendorOverview(actor, actor.vendorId!, 30);
	return {
		vendor: overview.vendor,
		contacts: overview.contacts,
		history: overview.history,
		logoForm: await logoForm(),
		isAdmin: actor.role === 'vendor_admin'
	};
};

const { setLogo } = documentActions((event) => requireActor(event).vendorId!);
export const actions: Actions = { setLogo };
