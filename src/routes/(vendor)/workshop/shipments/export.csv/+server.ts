import { shipmentsCsvResponse } from '#lib/server/receiving/actions.ts';
import type { RequestHandler } from './$types';

/** The workshop's shipments as filtered on screen, every page. */
export const GET: RequestHandler = (event) => shipmentsCsvResponse(event);
