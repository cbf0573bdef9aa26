import { fail, redirect } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { acceptInvitationSchema } from '#lib/domain/identity/schemas.ts';
import { roleLabels } from '#lib/domain/identity/roles.ts';
import { acceptInvitation, invitationStateMessages, viewInvitation } from '#lib/server/people/service.ts';
import { setSessionCookie } from '#lib/server/auth/cookie.ts';
import { clientInfo, failForm } from '#lib/server/http.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => {
	const invitation = await viewInvitation(params.token);
	if (invitation.state !== 'valid') return { invitation: { state: invitation.state, message: invitationStateMessages[invitation.state] } };
	return {
		invitation: {
			state: 'valid' as const,
			email: invitation.email,
			vendorName: invitation.vendorName,
			roleLabel: roleLabels[invitation.role],
			expiresAt: invitation.expiresAt
		},
		form: await superValidate({ name: invitation.name, password: '', confirmPassword: '' }, zod4(acceptInvitationSchema), { errors: false })
	};
};

export const actions: Actions = {
	default: async (event) => {
		const form = await superValidate(event.request, zod4(acceptInvitationSchema));
		const password = form.data.password;
		form.data.password = '';
		form.data.confirmPassword = '';
		if (!form.valid) return fail(400, { form });
		let session;
		try {
			session = await acceptInvitation(event.params.token, { name: form.data.name, password }, clientInfo(event));
		} catch (caught) {
			return failForm(form, caught);
		}
		setSessionCookie(event.cookies, event.url, session.token, session.expiresAt);
		redirect(303, '/');
	}
};
