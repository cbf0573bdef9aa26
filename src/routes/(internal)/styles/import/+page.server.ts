import { error, fail, redirect } from '@sveltejs/kit';
import { superValidate, withFiles } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { styleImportConfirmSchema, styleImportUploadSchema } from '#lib/domain/catalogue/schemas.ts';
import { importStyles, previewStyleImport, readStyleCsvUpload, type StyleImportPreview } from '#lib/server/catalogue/service.ts';
import { AppError, statusOf } from '#lib/server/errors.ts';
import { failForm, requireActor } from '#lib/server/http.ts';
import { requireStaff } from '#lib/server/auth/actor.ts';
import type { Actions, PageServerLoad } from './$types';

const UPLOAD = 'style-import-upload';
const CONFIRM = 'style-import-confirm';

/** The confirmation form carries the file's text and the counts the person is about to accept. */
const confirmForm = (csv: string, fileName: string, preview: StyleImportPreview) =>
	superValidate(
		{
			csv,
			fileName,
			mode: preview.rowsWithErrors > 0 ? ('good' as const) : ('all' as const),
			expectedCreates: preview.creates,
			expectedUpdates: preview.updates,
			expectedErrors: preview.rowsWithErrors
		},
		zod4(styleImportConfirmSchema),
		{ id: CONFIRM, errors: false }
	);

export const load: PageServerLoad = async (event) => {
	requireStaff(requireActor(event), ['admin', 'ops']);
	return {
		upload: await superValidate(zod4(styleImportUploadSchema), { id: UPLOAD }),
		confirm: await superValidate(zod4(styleImportConfirmSchema), { id: CONFIRM })
	};
};

export const actions: Actions = {
	preview: async (event) => {
		const actor = requireActor(event);
		const upload = await superValidate(event.request, zod4(styleImportUploadSchema), { id: UPLOAD });
		if (!upload.valid) return fail(400, withFiles({ upload }));
		let read, preview;
		try {
			read = await readStyleCsvUpload(actor, upload.data.file);
			preview = await previewStyleImport(actor, read.csv);
		} catch (caught) {
			return failForm(upload, caught);
		}
		return withFiles({ upload, confirm: await confirmForm(read.csv, read.fileName, preview), preview, fileName: read.fileName });
	},
	confirm: async (event) => {
		const actor = requireActor(event);
		const confirm = await superValidate(event.request, zod4(styleImportConfirmSchema), { id: CONFIRM });
		if (!confirm.valid) {
			confirm.message = { tone: 'error', text: 'The preview was lost. Choose the file again.' };
			return fail(400, { confirm });
		}
		const { csv, fileName, mode } = confirm.data;
		let result;
		try {
			result = await importStyles(actor, {
				csv,
				fileName,
				mode,
				expected: {
					creates: confirm.data.expectedCreates,
					updates: confirm.data.expectedUpdates,
					rowsWithErrors: confirm.data.expectedErrors
				}
			});
		} catch (caught) {
			if (!(caught instanceof AppError)) throw caught;
			if (caught.code === 'NotFound') error(404, caught.message);
			// nothing was imported: show the preview as it is now, with the reason on top
			const preview = await previewStyleImport(actor, csv).catch(() => null);
			const again = preview ? await confirmForm(csv, fileName, preview) : confirm;
			again.message = { tone: 'error', text: caught.message };
			return fail(statusOf[caught.code], { confirm: again, preview, fileName });
		}
		if (!result.ok) {
			const again = await confirmForm(csv, fileName, result.preview);
			again.message = {
				tone: 'warning',
				text: 'The catalogue or the workshops changed since your preview, so nothing was imported yet. Check the new counts below and confirm again.'
			};
			return fail(409, { confirm: again, preview: result.preview, fileName });
		}
		redirect(
			303,
			`/styles?imported=${result.created}&updated=${result.updated}&skipped=${result.skipped}&status=all&sort=updated&dir=desc`
		);
	}
};
