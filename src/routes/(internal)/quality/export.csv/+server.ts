import { inspectionsCsvResponse } from '#lib/server/quality/forms.ts';
import type { RequestHandler } from './$types';

/** The QC queue as filtered on screen, every page. */
export const GET: RequestHandler = (event) => inspectionsCsvResponse(event);
