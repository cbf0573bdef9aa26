import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { customOrderFormSchema } from '#lib/domain/custom-orders/schemas.ts';
import { alloys } from '#lib/domain/purchase-orders/alloys.ts';
import { briefValues, editBrief } from '#lib/server/custom-orders/actions.ts';
import { getCustomOrderForEditing } from '#lib/server/custom-orders/service.ts';
import { requireActor } from '#lib/server/http.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const { order, locked } = await getCustomOrderForEditing(actor, event.params.orderId);
	return {
		order: { id: order.id, number: order.number, title: order.title },
		locked,
		form: await superValidate(briefValues(order), zod4(customOrderFormSchema), { errors: false }),
		alloys: alloys.map((a) => ({ value: a.code, label: a.label }))
	};
};

export const actions: Actions = { default: (event) => editBrief(event, event.params.orderId) };
