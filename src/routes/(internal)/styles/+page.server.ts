import { styleDirectoryQuerySchema } from '#lib/domain/catalogue/schemas.ts';
import { listStyles } from '#lib/server/catalogue/service.ts';
import { requireActor } from '#lib/server/http.ts';
import type { PageServerLoad } from './$types';

const count = (value: string | null) => (value && /^\d{1,6}$/.test(value) ? Number(value) : null);

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	// a bad filter in the address bar falls back to "any", never to an error page
	const query = styleDirectoryQuerySchema.parse(Object.fromEntries(event.url.searchParams));
	const params = event.url.searchParams;
	return {
		query,
		directory: await listStyles(actor, query),
		canEdit: actor.role === 'admin' || actor.role === 'ops',
		// after an import: what it did, from the redirect
		imported: params.has('imported')
			? { created: count(params.get('imported')), updated: count(params.get('updated')), skipped: count(params.get('skipped')) }
			: null
	};
};
