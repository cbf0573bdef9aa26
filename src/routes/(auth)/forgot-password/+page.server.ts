import { fail } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { requestPasswordResetSchema } from '#lib/domain/identity/schemas.ts';
import { requestPasswordReset } from '#lib/server/auth/service.ts';
import { clientInfo } from '#lib/server/http.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async () => ({ form: await superValidate(zod4(requestPasswordResetSchema)) });

export const actions: Actions = {
	default: async (event) => {
		const form = await superValidate(event.request, zod4(requestPasswordResetSchema));
		if (!form.valid) return fail(400, { form });
		await requestPasswordReset(form.data.email, clientInfo(event));
		// the same answer whether or not the address has an account
		return message(form, {
			tone: 'success',
			text: `If ${form.data.email} has a Bezel account, a link to choose a new password is on its way. It works for one hour.`
		});
	}
};
