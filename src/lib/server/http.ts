/**
 * Where service failures become HTTP answers: one place, so every page speaks the same way.
 * Loads need nothing: handleError in hooks.server.ts gives an AppError its status and sentence.
 * Actions return `fail` with the form kept as typed, the field errors and the message to show.
 */
import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { setError, withFiles, type SuperValidated } from 'sveltekit-superforms';
import { AppError, statusOf } from './errors.ts';
import type { Actor } from './auth/actor.ts';
import type { ClientInfo } from './auth/service.ts';

/** For form actions: AppError becomes a message (and field errors) on the form, kept as typed. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function failForm<F extends SuperValidated<any, any, any>>(form: F, caught: unknown) {
	if (!(caught instanceof AppError)) throw caught;
	if (caught.code === 'NotFound') error(404, caught.message);
	for (const [field, message] of Object.entries(caught.fields)) {
		// eslint-disable-next-line @typescript-eslint/no-explicit-any
		setError(form, field as any, message);
	}
	form.message = { tone: 'error', text: caught.message };
	form.valid = false;
	// files cannot travel back to the browser; the person chooses the file again
	return fail(statusOf[caught.code], withFiles({ form }));
}

/** For plain (non-superforms) actions such as one-button forms. */
export function failAction(caught: unknown) {
	if (!(caught instanceof AppError)) throw caught;
	if (caught.code === 'NotFound') error(404, caught.message);
	return fail(statusOf[caught.code], { error: caught.message });
}

/** The signed-in actor, or a redirect to the sign-in page that comes back here afterwards. */
export function requireActor(event: RequestEvent): Actor {
	const actor = event.locals.actor;
	if (!actor) {
		const back = event.url.pathname + event.url.search;
		redirect(303, `/login?redirectTo=${encodeURIComponent(back)}`);
	}
	return actor;
}

export function clientInfo(event: RequestEvent): ClientInfo {
	let ip: string | null;
	try {
		ip = event.getClientAddress();
	} catch {
		// no socket address (e.g. an in-process request): throttle per account only
		ip = null;
	}
	return { ip, userAgent: event.request.headers.get('user-agent'), origin: event.url.origin };
}

/**
 * A generated PDF shown in the browser's viewer. Private to the signed-in person: `immutable` only
 * for documents that can never change (a PO revision as sent).
 */
export function inlinePdf(bytes: Uint8Array, filename: string, options: { immutable?: boolean } = {}): Response {
	return new Response(bytes as BodyInit, {
		headers: {
			'Content-Type': 'application/pdf',
			'Content-Length': String(bytes.byteLength),
			// document numbers are ASCII, but a quote or control character must never reach the header
			'Content-Disposition': `inline; filename="${filename.replace(/[^\w.-]+/g, '_')}"`,
			'X-Content-Type-Options': 'nosniff',
			'Cache-Control': options.immutable ? 'private, max-age=31536000, immutable' : 'private, no-store'
		}
	});
}
