import { listPeople } from '#lib/server/people/service.ts';
import { inviteForm, peopleActions } from '#lib/server/people/actions.ts';
import { requireActor } from '#lib/server/http.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return { ...(await listPeople(actor, actor.vendorId)), currentUserId: actor.userId, inviteForm: await inviteForm() };
};

// the workshop is always the signed-in person's own, taken from the session
export const actions: Actions = peopleActions((event) => requireActor(event).vendorId);
