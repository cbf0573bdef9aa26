import { requireActor } from '#lib/server/http.ts';
import { getPurchaseOrderHeading } from '#lib/server/purchase-orders/service.ts';
import { agreedChargesActions, poReconciliationData } from '#lib/server/reconciliation/actions.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const heading = await getPurchaseOrderHeading(actor, event.params.poId);
	return { heading, ...(await poReconciliationData(actor, heading.po.id)) };
};

export const actions: Actions = agreedChargesActions((event) => event.params.poId ?? '');
