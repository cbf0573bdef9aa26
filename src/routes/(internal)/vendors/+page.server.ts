import { vendorDirectoryQuerySchema } from '#lib/domain/vendors/schemas.ts';
import { listVendorDirectory } from '#lib/server/vendors/service.ts';
import { requireActor } from '#lib/server/http.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	// a bad filter in the address bar falls back to "any", never to an error page
	const query = vendorDirectoryQuerySchema.parse(Object.fromEntries(event.url.searchParams));
	return {
		query,
		directory: await listVendorDirectory(actor, query),
		canAdd: actor.role !== 'finance'
	};
};
