import { getPurchaseOrderFollowUp } from '#lib/server/purchase-orders/lists.ts';
import { requireActor } from '#lib/server/http.ts';
import type { PageServerLoad } from './$types';

const FOLLOW_UP_LIMIT = 50;

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return { followUp: await getPurchaseOrderFollowUp(actor, FOLLOW_UP_LIMIT), limit: FOLLOW_UP_LIMIT };
};
