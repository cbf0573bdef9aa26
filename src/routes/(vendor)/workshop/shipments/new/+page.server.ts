import { todayIso } from '#lib/domain/receiving/schemas.ts';
import { requireActor } from '#lib/server/http.ts';
import { announceAction } from '#lib/server/receiving/actions.ts';
import { listAnnounceablePurchaseOrders } from '#lib/server/receiving/shipments.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const all = await listAnnounceablePurchaseOrders(actor);
	const poId = event.url.searchParams.get('po');
	// a PO named in the address (from its page) narrows the form to it; an unknown one shows them all
	const chosen = poId ? all.filter((po) => po.id === poId) : [];
	return { pos: chosen.length ? chosen : all, narrowed: chosen.length > 0, today: todayIso() };
};

export const actions: Actions = { default: announceAction };
