import { getVendorOverview } from '#lib/server/vendors/service.ts';
import { documentActions, uploadDocumentForm } from '#lib/server/vendors/actions.ts';
import { requireActor } from '#lib/server/http.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const overview = await getVendorOverview(actor, actor.vendorId!, 0);
	return { documents: overview.documents, uploadForm: await uploadDocumentForm(), canRemove: actor.role === 'vendor_admin' };
};

export const actions: Actions = documentActions((event) => requireActor(event).vendorId!);
