import { requireVendor } from '#lib/server/auth/actor.ts';
import { requireActor } from '#lib/server/http.ts';
import { workshopInspectionActions } from '#lib/server/quality/forms.ts';
import { getInspection } from '#lib/server/quality/service.ts';
import type { Actions, PageServerLoad } from './$types';

/** One of the workshop's inspections; another workshop's is a 404. */
export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	requireVendor(actor);
	return { view: await getInspection(actor, event.params.inspectionId) };
};

export const actions: Actions = workshopInspectionActions();
