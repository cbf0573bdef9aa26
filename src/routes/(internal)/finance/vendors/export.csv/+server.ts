import { requireStaff } from '#lib/server/auth/actor.ts';
import { requireActor } from '#lib/server/http.ts';
import { liabilityCsvResponse } from '#lib/server/reconciliation/actions.ts';
import type { RequestHandler } from './$types';

/** What the brand owes each workshop, as filtered and sorted on screen, every row. */
export const GET: RequestHandler = (event) => {
	requireStaff(requireActor(event));
	return liabilityCsvResponse(event);
};
