import { fail, redirect } from '@sveltejs/kit';
import { FINANCE_PAGE_SIZE, parseFinanceQueueQuery, parseSelection, todayIso } from '#lib/domain/finance/schemas.ts';
import { requireStaff } from '#lib/server/auth/actor.ts';
import { failAction, requireActor } from '#lib/server/http.ts';
import { AppError } from '#lib/server/errors.ts';
import { approveInvoices, canActOnFinance, listFinanceQueue, schedulePayment } from '#lib/server/finance/service.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	requireStaff(actor);
	// a bad filter in the address bar falls back to its default, never to an error page
	const query = parseFinanceQueueQuery(event.url.searchParams);
	return {
		query,
		queue: await listFinanceQueue(actor, query),
		pageSize: FINANCE_PAGE_SIZE,
		canAct: canActOnFinance(actor),
		today: todayIso()
	};
};

export const actions: Actions = {
	approve: async (event) => {
		const actor = requireActor(event);
		const data = await event.request.formData();
		const items = parseSelection(data.getAll('selected').map(String));
		if (items.length === 0) return fail(400, { error: 'Select the invoices to approve first.' });
		try {
			const outcome = await approveInvoices(actor, { items });
			const approved = `Approved ${outcome.approved.map((a) => a.number).join(', ')}.`;
			const refused = outcome.refused.map((r) => `${r.number}: ${r.reason.replace(/[.]$/, '')}.`).join(' ');
			return outcome.refused.length ? { notice: approved, warning: `Not approved — ${refused}` } : { notice: approved };
		} catch (caught) {
			return failAction(caught);
		}
	},
	schedule: async (event) => {
		const actor = requireActor(event);
		const data = await event.request.formData();
		const invoiceIds = parseSelection(data.getAll('selected').map(String)).map((i) => i.invoiceId);
		const values = { method: String(data.get('method') ?? ''), scheduledOn: String(data.get('scheduledOn') ?? '') };
		if (invoiceIds.length === 0) return fail(400, { error: 'Select the approved invoices to pay first.', values });
		let paymentId: string;
		try {
			({ paymentId } = await schedulePayment(actor, { invoiceIds, method: values.method as 'wire', scheduledOn: values.scheduledOn }));
		} catch (caught) {
			if (caught instanceof AppError && caught.code !== 'NotFound') {
				return fail(caught.code === 'Forbidden' ? 403 : 400, { error: caught.message, fields: caught.fields, values });
			}
			return failAction(caught);
		}
		redirect(303, `/finance/payments/${paymentId}?scheduled=1`);
	}
};
