import type { Cookies } from '@sveltejs/kit';

/**
 * Over https the cookie is `__Host-` prefixed and Secure (no subdomain or path can shadow it);
 * plain http is only for local use, where browsers would drop a Secure cookie.
 */
export function sessionCookieName(url: URL): string {
	return url.protocol === 'https:' ? '__Host-bezel_session' : 'bezel_session';
}

export function setSessionCookie(cookies: Cookies, url: URL, token: string, expiresAt: Date): void {
	cookies.set(sessionCookieName(url), token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		expires: expiresAt
	});
}

export function clearSessionCookie(cookies: Cookies, url: URL): void {
	cookies.delete(sessionCookieName(url), { path: '/', httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:' });
}
