import { fail, redirect } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { poDraftSchema } from '#lib/domain/purchase-orders/schemas.ts';
import {
	getEditorOptions,
	getPurchaseOrderForEditing,
	saveEditedPurchaseOrder,
	toEditorValues
} from '#lib/server/purchase-orders/editor.ts';
import { listCollections } from '#lib/server/purchase-orders/lists.ts';
import { failForm, requireActor } from '#lib/server/http.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const { po, lines, vendorName, sentLineIds } = await getPurchaseOrderForEditing(actor, event.params.poId);
	const [options, collections] = [await getEditorOptions(actor), await listCollections(actor)];
	return {
		...options,
		collections,
		po: { id: po.id, number: po.number, status: po.status, revision: po.revision, currency: po.currency, vendorId: po.vendorId },
		vendorName,
		sentLineIds,
		form: await superValidate(toEditorValues(po, lines), zod4(poDraftSchema), { errors: false })
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
		let result;
		try {
			result = await saveEditedPurchaseOrder(actor, event.params.poId, form.data);
		} catch (caught) {
			return failForm(form, caught);
		}
		if (!result.ok) {
			// optimistic locking: keep what this person typed; they reload to see the other version
			form.message = {
				tone: 'warning',
				text: `Someone else saved this PO (version ${result.current.version}) while you were editing.`,
				conflictVersion: result.current.version
			};
			return fail(409, { form });
		}
		redirect(303, `/purchase-orders/${event.params.poId}?${result.revised ? 'revised' : 'saved'}=1`);
	}
};
