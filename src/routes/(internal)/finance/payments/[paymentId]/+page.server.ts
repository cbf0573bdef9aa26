import { fail, redirect } from '@sveltejs/kit';
import { todayIso } from '#lib/domain/finance/schemas.ts';
import { requireStaff } from '#lib/server/auth/actor.ts';
import { AppError, statusOf } from '#lib/server/errors.ts';
import { cancelPayment, getPayment, recordPaymentPaid } from '#lib/server/finance/service.ts';
import { failAction, requireActor } from '#lib/server/http.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	requireStaff(actor);
	return {
		view: await getPayment(actor, event.params.paymentId),
		today: todayIso(),
		scheduled: event.url.searchParams.has('scheduled')
	};
};

function refuse(action: string, caught: unknown, values: Record<string, string>) {
	if (caught instanceof AppError && caught.code !== 'NotFound') {
		return fail(statusOf[caught.code], { action, error: caught.message, fields: caught.fields, values });
	}
	return failAction(caught);
}

const text = (data: FormData, key: string) => String(data.get(key) ?? '');

export const actions: Actions = {
	paid: async (event) => {
		const actor = requireActor(event);
		const data = await event.request.formData();
		const values = { paidOn: text(data, 'paidOn'), reference: text(data, 'reference') };
		try {
			await recordPaymentPaid(actor, event.params.paymentId, values);
		} catch (caught) {
			return refuse('paid', caught, values);
		}
		return { action: 'paid', notice: 'Recorded as paid. The workshop has the remittance advice by e-mail and sees the invoices as paid.' };
	},
	cancel: async (event) => {
		const actor = requireActor(event);
		const data = await event.request.formData();
		const values = { reason: text(data, 'reason') };
		try {
			await cancelPayment(actor, event.params.paymentId, values);
		} catch (caught) {
			return refuse('cancel', caught, values);
		}
		redirect(303, '/finance?status=approved');
	}
};
