import { orderActions, orderPageForms } from '#lib/server/custom-orders/actions.ts';
import { getCustomOrder, getCustomOrderOptions } from '#lib/server/custom-orders/service.ts';
import { requireActor } from '#lib/server/http.ts';
import { getPlatform } from '#lib/server/platform.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const view = await getCustomOrder(actor, event.params.orderId);
	const options = await getCustomOrderOptions(actor);
	const canEdit = actor.role === 'admin' || actor.role === 'ops';
	return {
		...view,
		canEdit,
		designers: options.designers,
		workshops: options.workshops,
		// every staff role records the client's payments; only ops and admins run the design loop
		forms: await orderPageForms(view, { canEdit, canPay: true, defaultShipTo: options.defaultShipTo }),
		uploadMaxMb: Math.round(getPlatform().uploadMaxBytes / 1024 / 1024),
		notice: ['created', 'saved'].find((flag) => event.url.searchParams.has(flag)) ?? null
	};
};

export const actions: Actions = orderActions((event) => event.params.orderId ?? '');
