import { error } from '@sveltejs/kit';
import { getPurchaseOrderPdf } from '#lib/server/purchase-orders/service.ts';
import { requireActor } from '#lib/server/http.ts';
import { requireStaff } from '#lib/server/auth/actor.ts';
import type { RequestHandler } from './$types';

/** The PO as a PDF: `?revision=N` as that revision was sent, without it the current state (a draft marked DRAFT). */
export const GET: RequestHandler = async (event) => {
	const actor = requireActor(event);
	requireStaff(actor);
	const asked = event.url.searchParams.get('revision');
	let revision: number | undefined;
	if (asked !== null && asked !== '') {
		if (!/^\d{1,6}$/.test(asked) || Number(asked) < 1) error(404, 'That revision does not exist.');
		revision = Number(asked);
	}
	const { bytes, filename } = await getPurchaseOrderPdf(actor, event.params.poId, revision);
	return new Response(bytes as BodyInit, {
		headers: {
			'Content-Type': 'application/pdf',
			'Content-Length': String(bytes.byteLength),
			'Content-Disposition': `inline; filename="${filename.replace(/[^\w.-]/g, '_')}"`,
			'X-Content-Type-Options': 'nosniff',
			'Cache-Control': 'private, no-store'
		}
	});
};
