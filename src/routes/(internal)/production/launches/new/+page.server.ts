import { fail, redirect } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { launchFormSchema } from '#lib/domain/production/timeline-query.ts';
import { createLaunch, listUnscheduledCollections } from '#lib/server/production/launches.ts';
import { requireStaff } from '#lib/server/auth/actor.ts';
import { failForm, requireActor } from '#lib/server/http.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	requireStaff(actor, ['admin', 'ops']);
	// "Set launch date" on a collection without one arrives with its name filled in
	const name = (event.url.searchParams.get('name') ?? '').trim().slice(0, 80);
	return {
		form: await superValidate({ name, launchDate: '', notes: '', version: '' }, zod4(launchFormSchema), { errors: false }),
		collections: await listUnscheduledCollections(actor)
	};
};

export const actions: Actions = {
	default: async (event) => {
		const actor = requireActor(event);
		const form = await superValidate(event.request, zod4(launchFormSchema));
		if (!form.valid) return fail(400, { form });
		let launchId: string;
		try {
			({ launchId } = await createLaunch(actor, form.data));
		} catch (caught) {
			return failForm(form, caught);
		}
		redirect(303, `/production/launches/${launchId}`);
	}
};
