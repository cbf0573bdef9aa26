import { fail } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { approveInvoiceSchema, holdInvoiceSchema, releaseInvoiceSchema, todayIso } from '#lib/domain/finance/schemas.ts';
import { requireStaff } from '#lib/server/auth/actor.ts';
import { approveInvoice, getFinanceInvoice, holdInvoice, releaseInvoice } from '#lib/server/finance/service.ts';
import { failForm, requireActor } from '#lib/server/http.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	requireStaff(actor);
	const view = await getFinanceInvoice(actor, event.params.invoiceId);
	const { version } = view.invoice;
	return {
		view,
		today: todayIso(),
		approveForm: await superValidate({ version }, zod4(approveInvoiceSchema), { id: 'approve', errors: false }),
		holdForm: await superValidate({ version, reason: '', until: '' }, zod4(holdInvoiceSchema), { id: 'hold', errors: false }),
		releaseForm: await superValidate({ version, reason: '' }, zod4(releaseInvoiceSchema), { id: 'release', errors: false })
	};
};

// A refusal keeps what was typed and says which field is wrong (failForm); the page then shows the
// document as it is now, so a decision taken meanwhile by someone else is in front of the person.
export const actions: Actions = {
	approve: async (event) => {
		const actor = requireActor(event);
		const form = await superValidate(event.request, zod4(approveInvoiceSchema), { id: 'approve' });
		if (!form.valid) return fail(400, { form });
		try {
			await approveInvoice(actor, event.params.invoiceId, form.data);
		} catch (caught) {
			return failForm(form, caught);
		}
		form.message = { tone: 'success', text: 'Approved. It can now be scheduled for payment from the queue.' };
		return { form };
	},
	hold: async (event) => {
		const actor = requireActor(event);
		const form = await superValidate(event.request, zod4(holdInvoiceSchema), { id: 'hold' });
		if (!form.valid) return fail(400, { form });
		try {
			await holdInvoice(actor, event.params.invoiceId, form.data);
		} catch (caught) {
			return failForm(form, caught);
		}
		form.message = { tone: 'success', text: 'On hold. It cannot be approved or paid until it is released.' };
		return { form };
	},
	release: async (event) => {
		const actor = requireActor(event);
		const form = await superValidate(event.request, zod4(releaseInvoiceSchema), { id: 'release' });
		if (!form.valid) return fail(400, { form });
		try {
			await releaseInvoice(actor, event.params.invoiceId, form.data);
		} catch (caught) {
			return failForm(form, caught);
		}
		form.message = { tone: 'success', text: 'Released and matched again: its status below is the match’s verdict now.' };
		return { form };
	}
};
