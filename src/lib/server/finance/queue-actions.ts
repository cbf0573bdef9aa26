/**
 * The finance queue's action bar: approve the ticked documents, or schedule one payment for them.
 * Between the form and the service, as the other areas' actions.ts: the posted form comes back with
 * what the person ticked and typed and a sentence (or the field at fault) when it fails.
 */
import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { parseSelection, queueActionSchema, todayIso } from '#lib/domain/finance/schemas.ts';
import { failForm, requireActor } from '#lib/server/http.ts';
import { approveInvoices, describeRefusals, schedulePayment } from './service.ts';

const adapter = zod4(queueActionSchema);
const FORM_ID = 'finance-queue';

/** The action bar as the page starts it: nothing ticked, a wire transfer today. */
export function queueActionForm() {
	return superValidate({ selected: [], method: 'wire' as const, scheduledOn: todayIso() }, adapter, { id: FORM_ID, errors: false });
}

async function postedForm(event: RequestEvent) {
	return superValidate(event.request, adapter, { id: FORM_ID });
}

export function financeQueueActions() {
	return {
		approve: async (event: RequestEvent) => {
			const actor = requireActor(event);
			const form = await postedForm(event);
			if (!form.valid) return fail(400, { form });
			const items = parseSelection(form.data.selected);
			if (items.length === 0) return message(form, { tone: 'error', text: 'Select the invoices to approve first.' }, { status: 400 });
			let outcome;
			try {
				outcome = await approveInvoices(actor, { items });
			} catch (caught) {
				return failForm(form, caught);
			}
			// (the service refuses the whole post, with a sentence, when it approves none of them)
			const approved = `Approved ${outcome.approved.map((a) => a.number).join(', ')}.`;
			if (outcome.refused.length === 0) return message(form, { tone: 'success', text: approved });
			return message(form, { tone: 'warning', text: `${approved} Not approved — ${describeRefusals(outcome.refused)}` });
		},
		schedule: async (event: RequestEvent) => {
			const actor = requireActor(event);
			const form = await postedForm(event);
			if (!form.valid) return fail(400, { form });
			const invoiceIds = parseSelection(form.data.selected).map((item) => item.invoiceId);
			if (invoiceIds.length === 0) {
				return message(form, { tone: 'error', text: 'Select the approved invoices to pay first.' }, { status: 400 });
			}
			let paymentId: string;
			try {
				({ paymentId } = await schedulePayment(actor, { invoiceIds, method: form.data.method, scheduledOn: form.data.scheduledOn }));
			} catch (caught) {
				return failForm(form, caught);
			}
			redirect(303, `/finance/payments/${paymentId}?scheduled=1`);
		}
	};
}
