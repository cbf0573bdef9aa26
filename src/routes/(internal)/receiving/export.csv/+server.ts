import { receiptsCsvResponse, shipmentsCsvResponse } from '#lib/server/receiving/actions.ts';
import type { RequestHandler } from './$types';

/** The receipts (tab=receipts) or shipments as filtered on screen, every page. */
export const GET: RequestHandler = (event) =>
	event.url.searchParams.get('tab') === 'receipts' ? receiptsCsvResponse(event) : shipmentsCsvResponse(event);
