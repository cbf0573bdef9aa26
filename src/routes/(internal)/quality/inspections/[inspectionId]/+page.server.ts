import { requireStaff } from '#lib/server/auth/actor.ts';
import { requireActor } from '#lib/server/http.ts';
import { inspectionActions } from '#lib/server/quality/forms.ts';
import { getInspection } from '#lib/server/quality/service.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	requireStaff(actor);
	return { view: await getInspection(actor, event.params.inspectionId) };
};

export const actions: Actions = inspectionActions();
