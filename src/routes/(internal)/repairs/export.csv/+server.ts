import { requireStaff } from '#lib/server/auth/actor.ts';
import { requireActor } from '#lib/server/http.ts';
import { repairsCsvResponse } from '#lib/server/repairs/actions.ts';
import type { RequestHandler } from './$types';

/** The repair list as filtered on screen, every page, with the customer and the return check. */
export const GET: RequestHandler = (event) => {
	requireStaff(requireActor(event));
	return repairsCsvResponse(event);
};
