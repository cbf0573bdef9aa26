import { fail } from '@sveltejs/kit';
import { todayIso } from '#lib/domain/finance/schemas.ts';
import { requireStaff } from '#lib/server/auth/actor.ts';
import { AppError, statusOf } from '#lib/server/errors.ts';
import { approveInvoice, getFinanceInvoice, holdInvoice, releaseInvoice } from '#lib/server/finance/service.ts';
import { failAction, requireActor } from '#lib/server/http.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	requireStaff(actor);
	return { view: await getFinanceInvoice(actor, event.params.invoiceId), today: todayIso() };
};

/** A refusal keeps what was typed and says which field is wrong; the page reloads the newer state. */
function refuse(action: string, caught: unknown, values: Record<string, string>) {
	if (caught instanceof AppError && caught.code !== 'NotFound') {
		return fail(statusOf[caught.code], { action, error: caught.message, fields: caught.fields, values });
	}
	return failAction(caught);
}

const text = (data: FormData, key: string) => String(data.get(key) ?? '');

export const actions: Actions = {
	approve: async (event) => {
		const actor = requireActor(event);
		const data = await event.request.formData();
		try {
			await approveInvoice(actor, event.params.invoiceId, { version: Number(text(data, 'version')) });
		} catch (caught) {
			return refuse('approve', caught, {});
		}
		return { action: 'approve', notice: 'Approved. It can now be scheduled for payment from the queue.' };
	},
	hold: async (event) => {
		const actor = requireActor(event);
		const data = await event.request.formData();
		const values = { reason: text(data, 'reason'), until: text(data, 'until') };
		try {
			await holdInvoice(actor, event.params.invoiceId, { version: Number(text(data, 'version')), ...values });
		} catch (caught) {
			return refuse('hold', caught, values);
		}
		return { action: 'hold', notice: 'On hold. It cannot be approved or paid until it is released.' };
	},
	release: async (event) => {
		const actor = requireActor(event);
		const data = await event.request.formData();
		const values = { reason: text(data, 'reason') };
		try {
			await releaseInvoice(actor, event.params.invoiceId, { version: Number(text(data, 'version')), ...values });
		} catch (caught) {
			return refuse('release', caught, values);
		}
		return { action: 'release', notice: 'Released and matched again: its status below is the match’s verdict now.' };
	}
};
