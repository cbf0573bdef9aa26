import { requireActor } from '#lib/server/http.ts';
import { listPurchaseOrderJobs } from '#lib/server/production/queries.ts';
import { getPurchaseOrderHeading } from '#lib/server/purchase-orders/service.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const heading = await getPurchaseOrderHeading(actor, event.params.poId);
	// job bags exist from the first acknowledgement on
	return { heading, jobs: heading.po.firstAcknowledgedAt ? await listPurchaseOrderJobs(actor, heading.po.id) : [] };
};
