/**
 * The PO conversation's form and action, shared by the workshop's PO page and the ops PO page:
 * a message with up to five files (spec PDFs, bench photos). Every file is judged by its bytes and
 * every photo re-encoded before the service stores it, so no camera EXIF/GPS leaves the bench.
 */
import { fail, type RequestEvent } from '@sveltejs/kit';
import { message, superValidate, withFiles } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { z } from 'zod';
import { messageSchema } from '#lib/domain/purchase-orders/schemas.ts';
import { AppError, invalid } from '#lib/server/errors.ts';
import type { CheckedUpload } from '#lib/server/files/validate.ts';
import { failForm, requireActor } from '#lib/server/http.ts';
import { checkPurchaseOrderFile } from './files.ts';
import { postPurchaseOrderMessage } from './service.ts';

export const MAX_MESSAGE_FILES = 5;

export const messageFormSchema = messageSchema.extend({
	files: z
		.array(z.instanceof(File, { message: 'Choose the file again.' }))
		.max(MAX_MESSAGE_FILES, `Attach at most ${MAX_MESSAGE_FILES} files to one message; send the rest in a second one.`)
		.optional()
		.default([])
});

type PoIdOf = (event: RequestEvent) => string;

export async function messageForm() {
	return superValidate(zod4(messageFormSchema), { id: 'message' });
}

/**
 * The composer has two file inputs (choose files, take a photo); the one not used posts an empty
 * file, which would otherwise fail the array's type check.
 */
function withoutEmptyFiles(formData: FormData): FormData {
	const files = formData.getAll('files').filter((entry): entry is File => typeof entry !== 'string' && entry.size > 0);
	formData.delete('files');
	for (const file of files) formData.append('files', file);
	return formData;
}

/** A thread file checked like every PO file; its problem is reported under Files, naming the file. */
async function prepareUpload(file: File): Promise<CheckedUpload> {
	try {
		return await checkPurchaseOrderFile(file);
	} catch (caught) {
		if (!(caught instanceof AppError)) throw caught;
		const text = caught.message.includes(file.name) ? caught.message : `“${file.name}”: ${caught.message}`;
		throw invalid('A file cannot be sent: see Files below. Nothing was sent.', { files: text });
	}
}

export function messageActions(poIdOf: PoIdOf) {
	return {
		postMessage: async (event: RequestEvent) => {
			const actor = requireActor(event);
			const formData = withoutEmptyFiles(await event.request.formData());
			const form = await superValidate(formData, zod4(messageFormSchema), { id: 'message' });
			if (!form.valid) return fail(400, withFiles({ form }));
			try {
				const uploads: CheckedUpload[] = [];
				// one at a time: sharp holds a decoded 12 MP photo in memory while it works
				for (const file of form.data.files) uploads.push(await prepareUpload(file));
				await postPurchaseOrderMessage(actor, poIdOf(event), { body: form.data.body }, uploads);
			} catch (caught) {
				return failForm(form, caught);
			}
			const count = form.data.files.length;
			const text =
				count === 0
					? 'Message sent. The other side is told by e-mail.'
					: `Message sent with ${count} file${count === 1 ? '' : 's'}. The other side is told by e-mail.`;
			return withFiles(message(form, { tone: 'success', text }));
		}
	};
}
