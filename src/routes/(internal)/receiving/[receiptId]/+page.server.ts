import { requireActor } from '#lib/server/http.ts';
import { getReceipt } from '#lib/server/receiving/receipts.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return { view: await getReceipt(actor, event.params.receiptId), received: event.url.searchParams.has('received') };
};
