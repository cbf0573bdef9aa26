/**
 * The tolerance forms between the browser and the tolerance service: the company's on the settings
 * page, a workshop's override on the staff workshop page. Fields come back as typed whatever fails.
 */
import { fail, type RequestEvent } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import {
	companyTolerancesFormValues,
	companyTolerancesSchema,
	vendorTolerancesFormValues,
	vendorTolerancesSchema
} from '#lib/domain/settings/tolerances.ts';
import type { Actor } from '#lib/server/auth/actor.ts';
import { failForm, requireActor } from '#lib/server/http.ts';
import {
	getCompanyTolerances,
	getVendorTolerances,
	updateCompanyTolerances,
	updateVendorTolerances,
	type CompanyTolerancesView,
	type VendorTolerancesView
} from './tolerances.ts';

const companyAdapter = zod4(companyTolerancesSchema);
const vendorAdapter = zod4(vendorTolerancesSchema);

const companyForm = (view: CompanyTolerancesView) =>
	superValidate({ ...companyTolerancesFormValues({ ...view.columns, version: view.version }) }, companyAdapter, {
		id: 'tolerances',
		errors: false
	});

/** For the settings page's load. */
export async function companyTolerancesData(actor: Actor) {
	const view = await getCompanyTolerances(actor);
	return { tolerancesForm: await companyForm(view), tolerancesDescription: view.description, homeCurrency: view.homeCurrency };
}

/** `?/tolerances` on the settings page. */
export async function saveCompanyTolerancesAction(event: RequestEvent) {
	const actor = requireActor(event);
	const form = await superValidate(event.request, companyAdapter, { id: 'tolerances' });
	if (!form.valid) {
		form.message = { tone: 'error', text: 'Some tolerances need attention: see the messages below each one.' };
		return fail(400, { form });
	}
	let result;
	try {
		result = await updateCompanyTolerances(actor, form.data);
	} catch (caught) {
		return failForm(form, caught);
	}
	if (!result.ok) {
		const newer = await companyForm(result.current);
		newer.message = {
			tone: 'warning',
			text: 'Another administrator changed the tolerances while you were editing. Theirs are shown below; make your change again and save.'
		};
		return fail(409, { form: newer });
	}
	const rematched =
		result.rematched === 0
			? ''
			: ` Open invoices of ${result.rematched} ${result.rematched === 1 ? 'workshop were' : 'workshops were'} matched again with them.`;
	return message(await companyForm(result.view), { tone: 'success', text: `Tolerances saved.${rematched}` });
}

const vendorForm = (view: VendorTolerancesView) =>
	superValidate(vendorTolerancesFormValues(view.override, view.company), vendorAdapter, { id: 'vendor-tolerances', errors: false });

/** For the staff workshop page's load. */
export async function vendorTolerancesData(actor: Actor, vendorId: string) {
	const view = await getVendorTolerances(actor, vendorId);
	return { tolerances: view, tolerancesForm: view.canEdit ? await vendorForm(view) : null };
}

/** `?/setTolerances` on the staff workshop page. */
export async function saveVendorTolerancesAction(event: RequestEvent, vendorId: string) {
	const actor = requireActor(event);
	const form = await superValidate(event.request, vendorAdapter, { id: 'vendor-tolerances' });
	if (!form.valid) {
		form.message = { tone: 'error', text: 'Some tolerances need attention: see the messages below each one.' };
		return fail(400, { form });
	}
	let view: VendorTolerancesView;
	try {
		view = await updateVendorTolerances(actor, vendorId, form.data);
	} catch (caught) {
		const failure = failForm(form, caught);
		// someone else changed them: show theirs, the person makes the change again on top
		if (failure.status === 409) {
			const newer = await vendorForm(await getVendorTolerances(actor, vendorId));
			newer.message = form.message;
			return fail(409, { form: newer });
		}
		return failure;
	}
	return message(await vendorForm(view), { tone: 'success', text: `Tolerances saved: ${view.description}` });
}
