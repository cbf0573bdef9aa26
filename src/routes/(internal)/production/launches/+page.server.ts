import { listLaunches } from '#lib/server/production/launches.ts';
import { requireStaff } from '#lib/server/auth/actor.ts';
import { requireActor } from '#lib/server/http.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	requireStaff(actor);
	return listLaunches(actor);
};
