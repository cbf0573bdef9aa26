import { error } from '@sveltejs/kit';
import { getPurchaseOrderPdf } from '#lib/server/purchase-orders/service.ts';
import { requireActor } from '#lib/server/http.ts';
import type { RequestHandler } from './$types';

/** A revision of the PO as sent (`?revision=N`), or the current one; opens in the browser's viewer. */
export const GET: RequestHandler = async (event) => {
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
			'Cache-Control': 'private, no-store'
		}
	});
};
