import { inlinePdf, requireActor } from '#lib/server/http.ts';
import { getDebitNotePdf } from '#lib/server/quality/service.ts';
import type { RequestHandler } from './$types';

/** A debit note for pieces returned in QC, as the workshop receives it. */
export const GET: RequestHandler = async (event) => {
	const pdf = await getDebitNotePdf(requireActor(event), event.params.debitNoteId);
	return inlinePdf(pdf.bytes, pdf.filename);
};
