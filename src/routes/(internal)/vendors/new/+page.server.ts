import { fail, redirect } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { toVendorProfile, vendorProfileFormSchema } from '#lib/domain/vendors/schemas.ts';
import { createVendor } from '#lib/server/vendors/service.ts';
import { failForm, requireActor } from '#lib/server/http.ts';
import { requireStaff } from '#lib/server/auth/actor.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireStaff(requireActor(event), ['admin', 'ops']);
	return { form: await superValidate({ status: 'onboarding', types: [] }, zod4(vendorProfileFormSchema), { errors: false }) };
};

export const actions: Actions = {
	default: async (event) => {
		const actor = requireActor(event);
		const form = await superValidate(event.request, zod4(vendorProfileFormSchema));
		if (!form.valid) return fail(400, { form });
		let vendorId: string;
		try {
			({ vendorId } = await createVendor(actor, toVendorProfile(form.data)));
		} catch (caught) {
			return failForm(form, caught);
		}
		redirect(303, `/vendors/${vendorId}?created=1`);
	}
};
