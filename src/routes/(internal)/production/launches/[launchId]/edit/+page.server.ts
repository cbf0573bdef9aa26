import { fail, redirect } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { launchFormSchema } from '#lib/domain/production/timeline-query.ts';
import { getLaunchForEdit, updateLaunch } from '#lib/server/production/launches.ts';
import { requireStaff } from '#lib/server/auth/actor.ts';
import { failForm, requireActor } from '#lib/server/http.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	requireStaff(actor, ['admin', 'ops']);
	const { id, ...values } = await getLaunchForEdit(actor, event.params.launchId);
	return {
		launch: { id, name: values.name },
		form: await superValidate(values, zod4(launchFormSchema), { errors: false })
	};
};

export const actions: Actions = {
	default: async (event) => {
		const actor = requireActor(event);
		const form = await superValidate(event.request, zod4(launchFormSchema));
		if (!form.valid) return fail(400, { form });
		let result;
		try {
			result = await updateLaunch(actor, event.params.launchId, form.data);
		} catch (caught) {
			return failForm(form, caught);
		}
		if (!result.ok) {
			// optimistic locking: show what the other person saved; the edit can be made again on top
			const { id: _id, ...current } = result.current;
			const newer = await superValidate(current, zod4(launchFormSchema), { errors: false });
			newer.message = {
				tone: 'warning',
				text: 'Someone else changed this launch while you were editing. Their version is shown below; make your change again and save.'
			};
			return fail(409, { form: newer });
		}
		redirect(303, `/production/launches/${event.params.launchId}?saved=1`);
	}
};
