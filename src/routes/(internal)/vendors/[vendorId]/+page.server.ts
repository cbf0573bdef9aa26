import { fail } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { contactRefSchema, vendorContactSchema } from '#lib/domain/vendors/schemas.ts';
import { addVendorContact, getVendorOverview, removeVendorContact } from '#lib/server/vendors/service.ts';
import { documentActions, logoForm, uploadDocumentForm } from '#lib/server/vendors/actions.ts';
import { listPeople } from '#lib/server/people/service.ts';
import { inviteForm, peopleActions } from '#lib/server/people/actions.ts';
import { failAction, failForm, requireActor } from '#lib/server/http.ts';
import { saveVendorTolerancesAction, vendorTolerancesData } from '#lib/server/settings/actions.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const vendorId = event.params.vendorId;
	const overview = await getVendorOverview(actor, vendorId, 100);
	const people = await listPeople(actor, vendorId);
	const canEdit = actor.role === 'admin' || actor.role === 'ops';
	return {
		...overview,
		people,
		canEdit,
		currentUserId: actor.userId,
		inviteForm: await inviteForm(),
		uploadForm: await uploadDocumentForm(),
		logoForm: await logoForm(),
		contactForm: await superValidate(zod4(vendorContactSchema), { id: 'contact' }),
		created: event.url.searchParams.has('created'),
		saved: event.url.searchParams.has('saved'),
		...(await vendorTolerancesData(actor, vendorId))
	};
};

const vendorOf = (event: { params: Record<string, string> }) => event.params.vendorId;

export const actions: Actions = {
	...peopleActions(vendorOf),
	...documentActions(vendorOf),
	setTolerances: (event) => saveVendorTolerancesAction(event, event.params.vendorId),
	addContact: async (event) => {
		const actor = requireActor(event);
		const form = await superValidate(event.request, zod4(vendorContactSchema), { id: 'contact' });
		if (!form.valid) return fail(400, { form });
		try {
			await addVendorContact(actor, event.params.vendorId, form.data);
		} catch (caught) {
			return failForm(form, caught);
		}
		return message(form, { tone: 'success', text: `${form.data.name} added.` });
	},
	removeContact: async (event) => {
		const actor = requireActor(event);
		const form = await superValidate(event.request, zod4(contactRefSchema));
		if (!form.valid) return fail(400, { error: 'That contact does not exist.' });
		try {
			await removeVendorContact(actor, event.params.vendorId, form.data.contactId);
		} catch (caught) {
			return failAction(caught);
		}
		return { notice: 'Contact removed.' };
	}
};
