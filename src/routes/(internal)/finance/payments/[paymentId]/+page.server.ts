import { fail, redirect } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { cancelPaymentSchema, recordPaidSchema, todayIso } from '#lib/domain/finance/schemas.ts';
import { requireStaff } from '#lib/server/auth/actor.ts';
import { cancelPayment, getPayment, recordPaymentPaid } from '#lib/server/finance/service.ts';
import { failForm, requireActor } from '#lib/server/http.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	requireStaff(actor);
	const today = todayIso();
	return {
		view: await getPayment(actor, event.params.paymentId),
		today,
		scheduled: event.url.searchParams.has('scheduled'),
		paidForm: await superValidate({ paidOn: today, reference: '' }, zod4(recordPaidSchema), { id: 'paid', errors: false }),
		cancelForm: await superValidate({ reason: '' }, zod4(cancelPaymentSchema), { id: 'cancel', errors: false })
	};
};

export const actions: Actions = {
	paid: async (event) => {
		const actor = requireActor(event);
		const form = await superValidate(event.request, zod4(recordPaidSchema), { id: 'paid' });
		if (!form.valid) return fail(400, { form });
		try {
			await recordPaymentPaid(actor, event.params.paymentId, form.data);
		} catch (caught) {
			return failForm(form, caught);
		}
		form.message = {
			tone: 'success',
			text: 'Recorded as paid. The workshop has the remittance advice by e-mail and sees the invoices as paid.'
		};
		return { form };
	},
	cancel: async (event) => {
		const actor = requireActor(event);
		const form = await superValidate(event.request, zod4(cancelPaymentSchema), { id: 'cancel' });
		if (!form.valid) return fail(400, { form });
		try {
			await cancelPayment(actor, event.params.paymentId, form.data);
		} catch (caught) {
			return failForm(form, caught);
		}
		redirect(303, '/finance?status=approved');
	}
};
