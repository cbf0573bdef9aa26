/** The PO PDF as an HTTP answer, for the brand's and the workshop's download routes alike. */
import { error, type RequestEvent } from '@sveltejs/kit';
import { requireActor } from '#lib/server/http.ts';
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
	// PO numbers are ASCII, but a quote or control character must never reach the header
	const filename = pdf.filename.replace(/[^\w.-]+/g, '_');
	return new Response(pdf.bytes as BodyInit, {
		headers: {
			'Content-Type': 'application/pdf',
			'Content-Length': String(pdf.bytes.byteLength),
			'Content-Disposition': `inline; filename="${filename}"`,
			'X-Content-Type-Options': 'nosniff',
			// a named revision never changes; "current" and drafts do. Private either way: it is one workshop's business
			'Cache-Control': revision !== undefined && pdf.immutable ? 'private, max-age=31536000, immutable' : 'private, no-store'
		}
	});
}
