import { fail, redirect } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { changePasswordSchema, profileSchema } from '#lib/domain/identity/schemas.ts';
import { changePassword, getMyProfile, listMySessions, signOutOtherSessions, updateMyProfile } from '#lib/server/auth/service.ts';
import { setSessionCookie } from '#lib/server/auth/cookie.ts';
import { clientInfo, failAction, failForm, requireActor } from '#lib/server/http.ts';
import { AppError, statusOf } from '#lib/server/errors.ts';
import { getNotificationPreferences, saveNotificationPreferences } from '#lib/server/production/notifications.ts';
import { createCalendarFeed, getCalendarFeedStatus, revokeCalendarFeed } from '#lib/server/production/calendar.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return {
		email: actor.email,
		profileForm: await superValidate(await getMyProfile(actor), zod4(profileSchema), { id: 'profile', errors: false }),
		passwordForm: await superValidate(zod4(changePasswordSchema), { id: 'password' }),
		sessions: await listMySessions(actor),
		notifications: await getNotificationPreferences(actor),
		calendarFeed: await getCalendarFeedStatus(actor)
	};
};

/** A refusal for one of this page's panels, kept under its own key so other panels do not show it. */
function failPanel(panel: 'notifications' | 'calendar', caught: unknown) {
	if (!(caught instanceof AppError)) throw caught;
	return fail(statusOf[caught.code], { [panel]: { error: caught.message } });
}

export const actions: Actions = {
	profile: async (event) => {
		const actor = requireActor(event);
		const form = await superValidate(event.request, zod4(profileSchema), { id: 'profile' });
		if (!form.valid) return fail(400, { form });
		try {
			await updateMyProfile(actor, { name: form.data.name, phone: form.data.phone ?? '' });
		} catch (caught) {
			return failForm(form, caught);
		}
		return message(form, { tone: 'success', text: 'Saved.' });
	},
	password: async (event) => {
		const actor = requireActor(event);
		const form = await superValidate(event.request, zod4(changePasswordSchema), { id: 'password' });
		const input = { currentPassword: form.data.currentPassword, password: form.data.password };
		form.data.currentPassword = form.data.password = form.data.confirmPassword = '';
		if (!form.valid) return fail(400, { form });
		let session;
		try {
			session = await changePassword(actor, input, clientInfo(event));
		} catch (caught) {
			return failForm(form, caught);
		}
		// every session ended with the change; this browser carries on with a fresh one
		setSessionCookie(event.cookies, event.url, session.token, session.expiresAt);
		redirect(303, '/account?password=changed');
	},
	signOutOthers: async (event) => {
		const actor = requireActor(event);
		try {
			const count = await signOutOtherSessions(actor);
			return { notice: count === 0 ? 'There were no other sessions.' : `Signed out ${count} other session${count === 1 ? '' : 's'}.` };
		} catch (caught) {
			return failAction(caught);
		}
	},
	notifications: async (event) => {
		const actor = requireActor(event);
		const data = await event.request.formData();
		try {
			// an unticked box is simply absent from the form; the service keeps only the choices this person has
			await saveNotificationPreferences(actor, {
				milestoneReminders: data.get('milestoneReminders') === 'on',
				atRiskDigest: data.get('atRiskDigest') === 'on'
			});
		} catch (caught) {
			return failPanel('notifications', caught);
		}
		return { notifications: { notice: 'E-mail choices saved.' } };
	},
	createCalendarFeed: async (event) => {
		const actor = requireActor(event);
		try {
			const { url } = await createCalendarFeed(actor);
			return { calendar: { url } };
		} catch (caught) {
			return failPanel('calendar', caught);
		}
	},
	revokeCalendarFeed: async (event) => {
		const actor = requireActor(event);
		try {
			const revoked = await revokeCalendarFeed(actor);
			return {
				calendar: { notice: revoked ? 'Calendar link revoked. Calendars using it no longer update.' : 'You had no calendar link.' }
			};
		} catch (caught) {
			return failPanel('calendar', caught);
		}
	}
};
