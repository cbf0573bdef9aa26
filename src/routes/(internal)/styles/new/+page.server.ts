import { fail, redirect } from '@sveltejs/kit';
import { superValidate, withFiles } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { newStyleFormSchema } from '#lib/domain/catalogue/schemas.ts';
import { createStyle, listStyleWorkshopChoices } from '#lib/server/catalogue/service.ts';
import { failForm, requireActor } from '#lib/server/http.ts';
import { requireStaff } from '#lib/server/auth/actor.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	requireStaff(actor, ['admin', 'ops']);
	return {
		workshops: await listStyleWorkshopChoices(actor),
		form: await superValidate({ category: '' as never, laborBasis: 'per_piece' }, zod4(newStyleFormSchema), { errors: false })
	};
};

export const actions: Actions = {
	default: async (event) => {
		const actor = requireActor(event);
		const form = await superValidate(event.request, zod4(newStyleFormSchema));
		if (!form.valid) return fail(400, withFiles({ form }));
		let styleId: string;
		try {
			const { photo, ...style } = form.data;
			({ styleId } = await createStyle(actor, style, photo ?? null));
		} catch (caught) {
			return failForm(form, caught);
		}
		redirect(303, `/styles/${styleId}?created=1`);
	}
};
