import { fail, redirect } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { signInSchema } from '#lib/domain/identity/schemas.ts';
import { signIn } from '#lib/server/auth/service.ts';
import { setSessionCookie } from '#lib/server/auth/cookie.ts';
import { clientInfo, failForm } from '#lib/server/http.ts';
import { safeRedirect } from '#lib/safe-redirect.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const redirectTo = safeRedirect(url.searchParams.get('redirectTo'), '');
	if (locals.actor) redirect(303, redirectTo || '/');
	const form = await superValidate({ email: '', password: '', redirectTo }, zod4(signInSchema), { errors: false });
	return { form, notice: url.searchParams.get('notice') };
};

export const actions: Actions = {
	default: async (event) => {
		const form = await superValidate(event.request, zod4(signInSchema));
		const password = form.data.password;
		// the password never travels back to the browser
		form.data.password = '';
		if (!form.valid) return fail(400, { form });
		let session;
		try {
			session = await signIn({ email: form.data.email, password }, clientInfo(event));
		} catch (caught) {
			return failForm(form, caught);
		}
		setSessionCookie(event.cookies, event.url, session.token, session.expiresAt);
		redirect(303, safeRedirect(form.data.redirectTo));
	}
};
