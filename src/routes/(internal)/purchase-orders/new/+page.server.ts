import { fail, redirect } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { poDraftSchema, type PoLineForm } from '#lib/domain/purchase-orders/schemas.ts';
import { createPurchaseOrder } from '#lib/server/purchase-orders/service.ts';
import { getEditorOptions, newDraftValues } from '#lib/server/purchase-orders/editor.ts';
import { listCollections } from '#lib/server/purchase-orders/lists.ts';
import { failForm, requireActor } from '#lib/server/http.ts';
import type { Actions, PageServerLoad } from './$types';

const firstLine = (dueDate: string): PoLineForm => ({
	id: '',
	styleId: '',
	sku: '',
	description: '',
	quantity: 1,
	size: '',
	alloy: '',
	targetWeight: '',
	weightTolerance: '',
	stoneSpec: '',
	stoneCount: 0,
	hasDiamonds: false,
	laborBasis: 'per_piece',
	laborUnitPrice: '',
	metalBasis: 'consigned',
	metalPricePerGram: '',
	metalFixDate: '',
	stonesUnitPrice: '',
	dueDate,
	notes: '',
	cancelled: false
});

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	// ?vendor= preselects the workshop (from a workshop's page)
	const values = await newDraftValues(actor, event.url.searchParams.get('vendor') ?? '');
	const [options, collections] = [await getEditorOptions(actor), await listCollections(actor)];
	return {
		...options,
		collections,
		form: await superValidate({ ...values, lines: [firstLine('')] }, zod4(poDraftSchema), { errors: false })
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
