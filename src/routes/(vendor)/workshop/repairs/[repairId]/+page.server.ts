import { todayIso } from '#lib/domain/repairs/schemas.ts';
import { requireVendor } from '#lib/server/auth/actor.ts';
import { requireActor } from '#lib/server/http.ts';
import { BLANK_ESTIMATE_LINES, workshopRepairActions, workshopRepairForms } from '#lib/server/repairs/actions.ts';
import { getRepair } from '#lib/server/repairs/service.ts';
import type { Actions, PageServerLoad } from './$types';

/** A repair as the workshop sees it: never the customer, never the brand's return check; another workshop's is a 404. */
export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	requireVendor(actor);
	const view = await getRepair(actor, event.params.repairId);
	return { view, forms: await workshopRepairForms(view), today: todayIso(), blankLines: BLANK_ESTIMATE_LINES };
};

export const actions: Actions = workshopRepairActions((event) => event.params.repairId ?? '');
