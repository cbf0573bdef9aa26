/** Document and logo actions shared by the workshop's own pages and the vendor page for staff. */
import { fail, type RequestEvent } from '@sveltejs/kit';
import { message, superValidate, withFiles } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { documentRefSchema, logoFormSchema, uploadDocumentFormSchema } from '#lib/domain/vendors/schemas.ts';
import { failAction, failForm, requireActor } from '#lib/server/http.ts';
import { removeVendorDocument, setVendorLogo, uploadVendorDocument } from './service.ts';

type VendorOf = (event: RequestEvent) => string;

export async function uploadDocumentForm() {
	return superValidate(zod4(uploadDocumentFormSchema), { id: 'upload-document' });
}

export async function logoForm() {
	return superValidate(zod4(logoFormSchema), { id: 'logo' });
}

export function documentActions(vendorOf: VendorOf) {
	return {
		uploadDocument: async (event: RequestEvent) => {
			const actor = requireActor(event);
			const form = await superValidate(event.request, zod4(uploadDocumentFormSchema), { id: 'upload-document' });
			if (!form.valid) return fail(400, withFiles({ form }));
			try {
				const { file, ...meta } = form.data;
				await uploadVendorDocument(actor, vendorOf(event), meta, file);
			} catch (caught) {
				return failForm(form, caught);
			}
			return withFiles(message(form, { tone: 'success', text: `“${form.data.title}” uploaded.` }));
		},
		removeDocument: async (event: RequestEvent) => {
			const actor = requireActor(event);
			const form = await superValidate(event.request, zod4(documentRefSchema));
			if (!form.valid) return fail(400, { error: 'That document does not exist.' });
			try {
				await removeVendorDocument(actor, vendorOf(event), form.data.documentId);
			} catch (caught) {
				return failAction(caught);
			}
			return { notice: 'Document removed. It stays in the history.' };
		},
		setLogo: async (event: RequestEvent) => {
			const actor = requireActor(event);
			const form = await superValidate(event.request, zod4(logoFormSchema), { id: 'logo' });
			if (!form.valid) return fail(400, withFiles({ form }));
			try {
				await setVendorLogo(actor, vendorOf(event), form.data.logo);
			} catch (caught) {
				return failForm(form, caught);
			}
			return withFiles(message(form, { tone: 'success', text: 'Logo updated.' }));
		}
	};
}
