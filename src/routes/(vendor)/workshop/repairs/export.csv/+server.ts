import { repairsCsvResponse } from '#lib/server/repairs/actions.ts';
import type { RequestHandler } from './$types';

/** The workshop's repairs as filtered on screen, every page: no customer, no return check. */
export const GET: RequestHandler = (event) => repairsCsvResponse(event);
