import { fail, type RequestEvent } from '@sveltejs/kit';
import { superValidate, type SuperValidated } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { acknowledgeSchema, declineSchema, todayIso } from '#lib/domain/purchase-orders/schemas.ts';
import { AppError } from '#lib/server/errors.ts';
import { failForm, requireActor } from '#lib/server/http.ts';
import { messageActions, messageForm } from '#lib/server/purchase-orders/actions.ts';
import { acknowledgePurchaseOrder, declinePurchaseOrder, getPurchaseOrder } from '#lib/server/purchase-orders/service.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const view = await getPurchaseOrder(actor, event.params.poId);
	// prefilled with the previous promised date, else the line's due date
	const open = view.lines.filter((l) => !l.cancelled && l.ackStatus === 'pending');
	const answerStart = {
		revision: view.po.revision,
		lines: open.map((l) => ({ lineId: l.id, answer: 'acknowledge' as const, promisedDate: l.promisedDate ?? l.dueDate }))
	};
	return {
		view,
		brandName: view.brandName,
		today: todayIso(),
		answerForm: await superValidate(answerStart, zod4(acknowledgeSchema), { id: 'answer', errors: false }),
		declineForm: await superValidate({ revision: view.po.revision, reason: '' }, zod4(declineSchema), { id: 'decline', errors: false }),
		messageForm: await messageForm()
	};
};

/** A PO revised or answered meanwhile: the message says so and the page offers a reload. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function failAnswer(form: SuperValidated<any, any, any>, caught: unknown) {
	const stale = caught instanceof AppError && caught.code === 'Conflict';
	const result = failForm(form, caught);
	if (stale) form.message = { ...form.message, reload: true };
	return result;
}

const poIdOf = (event: RequestEvent) => event.params.poId ?? '';

export const actions: Actions = {
	answer: async (event) => {
		const actor = requireActor(event);
		const form = await superValidate(event.request, zod4(acknowledgeSchema), { id: 'answer' });
		if (!form.valid) {
			form.message = { tone: 'error', text: 'Some answers need attention: see the messages beside them.' };
			return fail(400, { form });
		}
		try {
			const answered = await acknowledgePurchaseOrder(actor, event.params.poId, form.data);
			return { form, answered };
		} catch (caught) {
			return failAnswer(form, caught);
		}
	},
	decline: async (event) => {
		const actor = requireActor(event);
		const form = await superValidate(event.request, zod4(declineSchema), { id: 'decline' });
		if (!form.valid) return fail(400, { form });
		try {
			const answered = await declinePurchaseOrder(actor, event.params.poId, form.data);
			return { form, answered };
		} catch (caught) {
			return failAnswer(form, caught);
		}
	},
	...messageActions(poIdOf)
};
