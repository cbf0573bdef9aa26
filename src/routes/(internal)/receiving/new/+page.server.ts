import { todayIso } from '#lib/domain/receiving/schemas.ts';
import { requireActor } from '#lib/server/http.ts';
import { receiveAction } from '#lib/server/receiving/actions.ts';
import { getReceiveStart, listReceivablePurchaseOrders } from '#lib/server/receiving/receipts.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const poId = event.url.searchParams.get('po');
	const shipmentId = event.url.searchParams.get('shipment');
	const canReceive = actor.kind === 'staff' && (actor.role === 'admin' || actor.role === 'ops');
	if (!poId && !shipmentId) {
		return { start: null, choices: await listReceivablePurchaseOrders(actor), today: todayIso(), canReceive };
	}
	return { start: await getReceiveStart(actor, { poId, shipmentId }), choices: null, today: todayIso(), canReceive };
};

export const actions: Actions = { default: receiveAction };
