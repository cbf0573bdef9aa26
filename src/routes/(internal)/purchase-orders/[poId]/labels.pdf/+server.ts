import { jobLabelsResponse } from '#lib/server/production/labels.ts';
import type { RequestHandler } from './$types';

/** Labels for every job bag of the PO: `?format=4x6` (one per page, default) or `?format=a4` (a sheet). */
export const GET: RequestHandler = (event) => jobLabelsResponse(event, { poId: event.params.poId });
