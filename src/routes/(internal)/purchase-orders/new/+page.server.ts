import { fail, redirect } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { blankLineForm, poDraftSchema } from '#lib/domain/purchase-orders/schemas.ts';
import { createPurchaseOrder } from '#lib/server/purchase-orders/service.ts';
import { getEditorOptions, newDraftValues } from '#lib/server/purchase-orders/editor.ts';
import { listCollections } from '#lib/server/purchase-orders/lists.ts';
import { failForm, requireActor } from '#lib/server/http.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	// ?vendor= preselects the workshop (from a workshop's page)
	const values = await newDraftValues(actor, event.url.searchParams.get('vendor') ?? '');
	const [options, collections] = [await getEditorOptions(actor), await listCollections(actor)];
	return {
		...options,
		collections,
		form: await superValidate({ ...values, lines: [blankLineForm()] }, zod4(poDraftSchema), { errors: false })
	};
};

export const actions: Actions = {
	default: async (event) => {
		const actor = requireActor(event);
		const form = await superValidate(event.request, zod4(poDraftSchema));
		if (!form.valid) {
			form.message = { tone: 'error', text: 'Some fields need attention: see the messages beside them.' };
			return fail(400, { form });
		}
		let poId: string;
		try {
			({ poId } = await createPurchaseOrder(actor, form.data));
		} catch (caught) {
			return failForm(form, caught);
		}
		redirect(303, `/purchase-orders/${poId}?created=1`);
	}
};
