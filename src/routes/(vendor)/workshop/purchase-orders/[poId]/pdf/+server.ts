import { purchaseOrderPdfResponse } from '#lib/server/purchase-orders/pdf-response.ts';
import type { RequestHandler } from './$types';

/** A revision of the PO as sent (`?revision=N`), or the current one; opens in the browser's viewer. */
export const GET: RequestHandler = (event) => purchaseOrderPdfResponse(event);
