/** The PO PDF as an HTTP answer, for the brand's and the workshop's download routes alike. */
import { error, type RequestEvent } from '@sveltejs/kit';
import { inlinePdf, requireActor } from '#lib/server/http.ts';
import { getPurchaseOrderPdf } from './service.ts';

/** `?revision=N` is that revision as sent; without it, the current one (a draft is drawn as it stands). */
export async function purchaseOrderPdfResponse(event: RequestEvent & { params: { poId: string } }): Promise<Response> {
	const actor = requireActor(event);
	const asked = event.url.searchParams.get('revision');
	let revision: number | undefined;
	if (asked !== null && asked !== '') {
		revision = Number(asked);
		if (!/^\d{1,6}$/.test(asked) || revision < 1) error(404, 'That revision does not exist.');
	}
	const pdf = await getPurchaseOrderPdf(actor, event.params.poId, revision);
	// a named revision never changes; "current" and drafts do
	return inlinePdf(pdf.bytes, pdf.filename, { immutable: revision !== undefined && pdf.immutable });
}
