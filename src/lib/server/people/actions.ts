/**
 * The people actions shared by the workshop's People page, the vendor page and the admin's Team
 * page: invite, re-send, revoke, switch on/off, change role. Each page says whose people it shows.
 */
import { fail, type RequestEvent } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { changeRoleSchema, invitationRefSchema, invitePersonSchema, personStatusSchema } from '#lib/domain/identity/schemas.ts';
import { clientInfo, failAction, failForm, requireActor } from '#lib/server/http.ts';
import { changePersonRole, invitePerson, resendInvitation, revokeInvitation, setPersonStatus } from './service.ts';

type VendorOf = (event: RequestEvent) => string | null;

export async function inviteForm() {
	return superValidate(zod4(invitePersonSchema), { id: 'invite' });
}

export function peopleActions(vendorOf: VendorOf) {
	return {
		invite: async (event: RequestEvent) => {
			const actor = requireActor(event);
			const form = await superValidate(event.request, zod4(invitePersonSchema), { id: 'invite' });
			if (!form.valid) return fail(400, { form });
			try {
				await invitePerson(actor, { vendorId: vendorOf(event), ...form.data }, clientInfo(event));
			} catch (caught) {
				return failForm(form, caught);
			}
			return message(form, { tone: 'success', text: `Invitation sent to ${form.data.email}. The link works for 7 days.` }, {
				resetForm: true
			} as never);
		},
		resend: async (event: RequestEvent) => {
			const actor = requireActor(event);
			const form = await superValidate(event.request, zod4(invitationRefSchema));
			if (!form.valid) return fail(400, { error: 'That invitation does not exist.' });
			try {
				await resendInvitation(actor, form.data.invitationId, clientInfo(event));
			} catch (caught) {
				return failAction(caught);
			}
			return { notice: 'Invitation sent again with a new link; the old link no longer works.' };
		},
		revoke: async (event: RequestEvent) => {
			const actor = requireActor(event);
			const form = await superValidate(event.request, zod4(invitationRefSchema));
			if (!form.valid) return fail(400, { error: 'That invitation does not exist.' });
			try {
				await revokeInvitation(actor, form.data.invitationId);
			} catch (caught) {
				return failAction(caught);
			}
			return { notice: 'Invitation revoked; its link no longer works.' };
		},
		setStatus: async (event: RequestEvent) => {
			const actor = requireActor(event);
			const form = await superValidate(event.request, zod4(personStatusSchema));
			if (!form.valid) return fail(400, { error: 'Choose a person and a status.' });
			try {
				await setPersonStatus(actor, form.data.userId, form.data.status);
			} catch (caught) {
				return failAction(caught);
			}
			return {
				notice: form.data.status === 'disabled' ? 'Switched off and signed out everywhere.' : 'Switched on; they can sign in again.'
			};
		},
		changeRole: async (event: RequestEvent) => {
			const actor = requireActor(event);
			const form = await superValidate(event.request, zod4(changeRoleSchema));
			if (!form.valid) return fail(400, { error: 'Choose a role from the list.' });
			try {
				await changePersonRole(actor, form.data.userId, form.data.role);
			} catch (caught) {
				return failAction(caught);
			}
			return { notice: 'Role changed. They were signed out and sign in again with their new rights.' };
		}
	};
}
