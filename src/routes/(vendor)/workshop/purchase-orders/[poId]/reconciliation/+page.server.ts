import { requireActor } from '#lib/server/http.ts';
import { getPurchaseOrderHeading } from '#lib/server/purchase-orders/service.ts';
import { getPoReconciliation } from '#lib/server/reconciliation/service.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const heading = await getPurchaseOrderHeading(actor, event.params.poId);
	return { heading, reconciliation: await getPoReconciliation(actor, heading.po.id) };
};
