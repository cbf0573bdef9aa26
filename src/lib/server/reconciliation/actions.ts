/**
 * What the PO pages and the liability pages need from reconciliation, so each route adds one line:
 * the section's data for a load, the agreed-charges action, and the CSV answer.
 */
import { fail, type RequestEvent } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { todayIso } from '#lib/domain/purchase-orders/schemas.ts';
import type { Actor } from '#lib/server/auth/actor.ts';
import { failForm, requireActor } from '#lib/server/http.ts';
import { agreedChargesFormValues, agreedChargesSchema, describeAgreedCharges, updateAgreedCharges } from './agreed-charges.ts';
import { exportVendorLiabilityCsv, getPoReconciliation, parseLiabilityQuery } from './service.ts';

const chargesAdapter = zod4(agreedChargesSchema);

/** For a PO page's load (either side): the reconciliation and, for ops and admins, the agreed-charges form. */
export async function poReconciliationData(actor: Actor, poId: string) {
	const reconciliation = await getPoReconciliation(actor, poId);
	const agreedChargesForm = reconciliation.chargesForm
		? await superValidate(reconciliation.chargesForm, chargesAdapter, { id: 'agreed-charges', errors: false })
		: null;
	return { reconciliation, agreedChargesForm };
}

/** `?/setAgreedCharges` on the brand's PO page. */
export function agreedChargesActions(poIdOf: (event: RequestEvent) => string) {
	return {
		setAgreedCharges: async (event: RequestEvent) => {
			const actor = requireActor(event);
			const form = await superValidate(event.request, chargesAdapter, { id: 'agreed-charges' });
			if (!form.valid) return fail(400, { form });
			let saved;
			try {
				saved = await updateAgreedCharges(actor, poIdOf(event), form.data);
			} catch (caught) {
				return failForm(form, caught);
			}
			const reconciliation = await getPoReconciliation(actor, poIdOf(event));
			const fresh = await superValidate(agreedChargesFormValues(saved.charges, reconciliation.currency, saved.version), chargesAdapter, {
				id: 'agreed-charges',
				errors: false
			});
			return message(fresh, {
				tone: 'success',
				text: `Agreed charges saved: ${describeAgreedCharges(saved.charges, reconciliation.currency)}. The workshop’s invoices were matched again.`
			});
		}
	};
}

/** The liability list as filtered on screen, every row. */
export async function liabilityCsvResponse(event: RequestEvent): Promise<Response> {
	const actor = requireActor(event);
	const csv = await exportVendorLiabilityCsv(actor, parseLiabilityQuery(event.url.searchParams));
	return new Response(`\uFEFF${csv}\r\n`, {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': `attachment; filename="bezel-workshop-liability-${todayIso()}.csv"`,
			'X-Content-Type-Options': 'nosniff',
			'Cache-Control': 'private, no-store'
		}
	});
}
