import { error, redirect } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { decideAccess } from '#lib/route-access.ts';
import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit/hooks';
import { AppError, statusOf } from '#lib/server/errors.ts';
import { readSettings } from './env.ts';
import { startBezel } from '#lib/server/app.ts';
import { validateSessionToken } from '#lib/server/auth/sessions.ts';
import { clearSessionCookie, sessionCookieName, setSessionCookie } from '#lib/server/auth/cookie.ts';
import { queryCounter } from '#lib/server/db/client.ts';
import { shareRequestTransaction } from '#lib/server/db/scope.ts';
import { scopeOf } from '#lib/server/auth/actor.ts';
import { stopBezel } from '#lib/server/app.ts';

export const init: ServerInit = async () => {
	await startBezel(readSettings());
	process.once('sveltekit:shutdown', () => {
		void stopBezel();
	});
};

/** Counts SQL statements per request; reported in Server-Timing for the benchmark and DevTools. */
const countQueries: Handle = async ({ event, resolve }) => {
	const counter = { queries: 0 };
	const started = performance.now();
	const response = await queryCounter.run(counter, () => resolve(event));
	try {
		response.headers.append('Server-Timing', `db;desc="${counter.queries} queries", app;dur=${(performance.now() - started).toFixed(1)}`);
	} catch {
		// immutable headers (redirect responses from fetch) — nothing to report
	}
	return response;
};

const session: Handle = async ({ event, resolve }) => {
	event.locals.actor = null;
	event.locals.sessionId = null;
	const token = event.cookies.get(sessionCookieName(event.url));
	if (token) {
		const valid = await validateSessionToken(token);
		if (valid) {
			event.locals.actor = valid.actor;
			event.locals.sessionId = valid.sessionId;
			if (valid.renewed) setSessionCookie(event.cookies, event.url, token, valid.expiresAt);
		} else {
			clearSessionCookie(event.cookies, event.url);
		}
	}
	return resolve(event);
};

/** JSON endpoints are outside SvelteKit's form CSRF check: refuse cross-site writes to them. */
const crossSiteWrites: Handle = async ({ event, resolve }) => {
	const method = event.request.method;
	if (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS') {
		const site = event.request.headers.get('sec-fetch-site');
		const origin = event.request.headers.get('origin');
		if ((site && site !== 'same-origin' && site !== 'none') || (origin && origin !== event.url.origin)) {
			return new Response('Cross-site requests are refused.', { status: 403 });
		}
	}
	return resolve(event);
};

/** Applies src/lib/route-access.ts before any load, action or endpoint runs. */
const routeAccess: Handle = async ({ event, resolve }) => {
	const decision = decideAccess(event.route.id, event.locals.actor);
	if (decision === 'sign-in') {
		if (event.request.method !== 'GET') error(401, 'Your session has ended. Sign in again to continue.');
		redirect(303, `/login?redirectTo=${encodeURIComponent(event.url.pathname + event.url.search)}`);
	}
	// someone without access must not learn that the page exists
	if (decision === 'not-found') error(404, 'This page does not exist, or you do not have access to it.');
	return resolve(event);
};

/** Routes with a +server.ts: their answers may stream after the handler returns, so they share nothing. */
const endpointRoutes = new Set(
	Object.keys(import.meta.glob('/src/routes/**/+server.ts')).map((file) => file.slice('/src/routes'.length, -'/+server.ts'.length) || '/')
);

/** A signed-in page view reads through one scoped transaction (see shareRequestTransaction). */
const pageTransaction: Handle = async ({ event, resolve }) => {
	const reading = event.request.method === 'GET' || event.request.method === 'HEAD';
	if (!reading || !event.locals.actor || !event.route.id || endpointRoutes.has(event.route.id)) return resolve(event);
	return shareRequestTransaction(scopeOf(event.locals.actor), () => resolve(event));
};

const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const headers = response.headers;
	try {
		headers.set('X-Content-Type-Options', 'nosniff');
		headers.set('Referrer-Policy', 'same-origin');
		headers.set('X-Frame-Options', 'DENY');
		headers.set('Permissions-Policy', 'camera=(self), microphone=(), geolocation=()');
		if (event.url.protocol === 'https:') headers.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
		// signed-in pages hold private data: never cache them in shared caches
		if (event.locals.actor && !headers.has('Cache-Control')) headers.set('Cache-Control', 'private, no-store');
	} catch {
		// immutable headers
	}
	return response;
};

export const handle = sequence(countQueries, crossSiteWrites, session, routeAccess, securityHeaders, pageTransaction);

export const handleError: HandleServerError = (caught) => {
	if (caught.kind === 'app' || caught.kind === 'validation') return;
	if (caught.kind === 'framework') {
		if (caught.error.status === 404) return { message: 'This page does not exist, or you do not have access to it.' };
		return;
	}
	const error = caught.error;
	// a service refusal that reached a load unconverted still answers with its own status and sentence
	if (error instanceof AppError) return { status: statusOf[error.code], message: error.message };
	const reference = crypto.randomUUID().slice(0, 8);
	// the stack goes to the server log with a reference; the person sees only the reference
	console.error(`[bezel] error ${reference}:`, error);
	return {
		message: 'Something went wrong on our side. Try again; if it keeps happening, tell your Bezel contact this reference.',
		reference
	};
};
