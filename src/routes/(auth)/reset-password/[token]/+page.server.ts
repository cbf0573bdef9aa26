import { fail, redirect } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { resetPasswordSchema } from '#lib/domain/identity/schemas.ts';
import { checkPasswordResetToken, resetPassword } from '#lib/server/auth/service.ts';
import { setSessionCookie } from '#lib/server/auth/cookie.ts';
import { clientInfo, failForm } from '#lib/server/http.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => ({
	state: await checkPasswordResetToken(params.token),
	form: await superValidate(zod4(resetPasswordSchema))
});

export const actions: Actions = {
	default: async (event) => {
		const form = await superValidate(event.request, zod4(resetPasswordSchema));
		const password = form.data.password;
		form.data.password = '';
		form.data.confirmPassword = '';
		if (!form.valid) return fail(400, { form });
		let session;
		try {
			session = await resetPassword(event.params.token, password, clientInfo(event));
		} catch (caught) {
			return failForm(form, caught);
		}
		setSessionCookie(event.cookies, event.url, session.token, session.expiresAt);
		redirect(303, '/');
	}
};
