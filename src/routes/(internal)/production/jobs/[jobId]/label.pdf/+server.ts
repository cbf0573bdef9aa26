import { jobLabelsResponse } from '#lib/server/production/labels.ts';
import type { RequestHandler } from './$types';

/** The job bag's label with its QR code: `?format=4x6` (default) or `?format=a4`. */
export const GET: RequestHandler = (event) => jobLabelsResponse(event, { jobId: event.params.jobId });
