import { readFileForActor } from '#lib/server/files/service.ts';
import { requireActor } from '#lib/server/http.ts';
import type { RequestHandler } from './$types';

/**
 * Files leave only through here, after the service (and RLS) decided the person may see them.
 * Images and PDFs open in the browser; nosniff and a sandboxing CSP keep a crafted file inert.
 */
export const GET: RequestHandler = async (event) => {
	const file = await readFileForActor(requireActor(event), event.params.fileId);
	const inline = file.contentType.startsWith('image/') || file.contentType === 'application/pdf';
	const name = encodeURIComponent(file.name);
	return new Response(file.bytes as BodyInit, {
		headers: {
			'Content-Type': file.contentType,
			'Content-Length': String(file.bytes.byteLength),
			'Content-Disposition': `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${name}`,
			'X-Content-Type-Options': 'nosniff',
			'Content-Security-Policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
			'Cache-Control': 'private, max-age=300'
		}
	});
};
