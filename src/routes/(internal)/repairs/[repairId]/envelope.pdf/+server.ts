import { repairEnvelopeResponse } from '#lib/server/repairs/actions.ts';
import type { RequestHandler } from './$types';

/** The repair envelope (A5) printed at intake: the intake facts, the QR code and the brand's counterfoil. */
export const GET: RequestHandler = (event) => repairEnvelopeResponse(event, event.params.repairId);
