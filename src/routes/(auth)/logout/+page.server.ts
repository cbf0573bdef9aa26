import { redirect } from '@sveltejs/kit';
import { signOut } from '#lib/server/auth/service.ts';
import { clearSessionCookie } from '#lib/server/auth/cookie.ts';
import type { Actions, PageServerLoad } from './$types';

// signing out is a POST (a link could be triggered by another site); GET just goes home
export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: async ({ locals, cookies, url }) => {
		if (locals.sessionId) await signOut(locals.sessionId);
		clearSessionCookie(cookies, url);
		redirect(303, '/login?notice=signed-out');
	}
};
