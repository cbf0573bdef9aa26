import { fail, redirect } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { minorToDecimalString } from '#lib/domain/money.ts';
import { toVendorProfile, vendorProfileFormSchema } from '#lib/domain/vendors/schemas.ts';
import { getVendorOverview, updateVendor } from '#lib/server/vendors/service.ts';
import { failForm, requireActor } from '#lib/server/http.ts';
import { requireStaff } from '#lib/server/auth/actor.ts';
import type { Actions, PageServerLoad } from './$types';

type VendorRow = Awaited<ReturnType<typeof getVendorOverview>>['vendor'];

function formValues(v: VendorRow) {
	return {
		name: v.name,
		types: v.types as never,
		status: v.status,
		country: v.country,
		city: v.city,
		currency: v.currency,
		addressLine1: v.addressLine1 ?? '',
		addressLine2: v.addressLine2 ?? '',
		region: v.region ?? '',
		postalCode: v.postalCode ?? '',
		taxId: v.taxId ?? '',
		email: v.email ?? '',
		phone: v.phone ?? '',
		website: v.website ?? '',
		insuranceLimit: v.insuranceLimitMinor === null ? '' : minorToDecimalString(v.insuranceLimitMinor, v.currency),
		notes: v.notes ?? '',
		version: v.version
	};
}

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	requireStaff(actor, ['admin', 'ops']);
	const { vendor } = await getVendorOverview(actor, event.params.vendorId, 0);
	return {
		vendor: { id: vendor.id, name: vendor.name },
		form: await superValidate(formValues(vendor), zod4(vendorProfileFormSchema), { errors: false })
	};
};

export const actions: Actions = {
	default: async (event) => {
		const actor = requireActor(event);
		const form = await superValidate(event.request, zod4(vendorProfileFormSchema));
		if (!form.valid) return fail(400, { form });
		let result;
		try {
			result = await updateVendor(actor, event.params.vendorId, toVendorProfile(form.data));
		} catch (caught) {
			return failForm(form, caught);
		}
		if (!result.ok) {
			// optimistic locking: show what the other person saved; the edit can be made again on top
			const newer = await superValidate(formValues(result.current), zod4(vendorProfileFormSchema), { errors: false });
			newer.message = {
				tone: 'warning',
				text: 'Someone else saved changes to this workshop while you were editing. Their version is shown below; make your change again and save.'
			};
			return fail(409, { form: newer });
		}
		redirect(303, `/vendors/${event.params.vendorId}?saved=1`);
	}
};
