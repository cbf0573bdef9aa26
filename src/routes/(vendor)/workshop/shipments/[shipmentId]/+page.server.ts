import { todayIso } from '#lib/domain/receiving/schemas.ts';
import { requireActor } from '#lib/server/http.ts';
import { shipmentActions } from '#lib/server/receiving/actions.ts';
import { getShipment } from '#lib/server/receiving/shipments.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return { view: await getShipment(actor, event.params.shipmentId), today: todayIso(), announced: event.url.searchParams.has('announced') };
};

export const actions: Actions = shipmentActions((event) => event.params.shipmentId ?? '');
