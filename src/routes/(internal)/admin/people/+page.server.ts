import { listPeople } from '#lib/server/people/service.ts';
import { inviteForm, peopleActions } from '#lib/server/people/actions.ts';
import { requireActor } from '#lib/server/http.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return { ...(await listPeople(actor, null)), currentUserId: actor.userId, inviteForm: await inviteForm() };
};

// internal staff belong to no workshop
export const actions: Actions = peopleActions(() => null);
