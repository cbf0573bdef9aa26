import { fail } from '@sveltejs/kit';
import { message, superValidate, withFiles } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { styleFormSchema, stylePhotoFormSchema, styleToFormValues } from '#lib/domain/catalogue/schemas.ts';
import {
	archiveStyle,
	getStyle,
	listStyleWorkshopChoices,
	removeStylePhoto,
	restoreStyle,
	setStylePhoto,
	updateStyle
} from '#lib/server/catalogue/service.ts';
import { failAction, failForm, requireActor } from '#lib/server/http.ts';
import type { Actions, PageServerLoad } from './$types';

const editForm = (style: Parameters<typeof styleToFormValues>[0]) =>
	superValidate(styleToFormValues(style), zod4(styleFormSchema), { id: 'style', errors: false });

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const overview = await getStyle(actor, event.params.styleId, 100);
	const canEdit = actor.role === 'admin' || actor.role === 'ops';
	return {
		...overview,
		canEdit,
		workshops: canEdit ? await listStyleWorkshopChoices(actor) : [],
		form: await editForm(overview.style),
		photoForm: await superValidate(zod4(stylePhotoFormSchema), { id: 'style-photo' }),
		created: event.url.searchParams.has('created')
	};
};

export const actions: Actions = {
	save: async (event) => {
		const actor = requireActor(event);
		const form = await superValidate(event.request, zod4(styleFormSchema), { id: 'style' });
		if (!form.valid) return fail(400, { form });
		let result;
		try {
			result = await updateStyle(actor, event.params.styleId, form.data);
		} catch (caught) {
			return failForm(form, caught);
		}
		if (!result.ok) {
			// optimistic locking: show what the other person saved; the edit can be made again on top
			const newer = await editForm(result.current);
			newer.message = {
				tone: 'warning',
				text: 'Someone else saved changes to this style while you were editing. Their version is shown below; make your change again and save.'
			};
			return fail(409, { form: newer });
		}
		return message(await editForm(result.style), { tone: 'success', text: 'Changes saved.' });
	},
	setPhoto: async (event) => {
		const actor = requireActor(event);
		const form = await superValidate(event.request, zod4(stylePhotoFormSchema), { id: 'style-photo' });
		if (!form.valid) return fail(400, withFiles({ form }));
		try {
			await setStylePhoto(actor, event.params.styleId, form.data.photo);
		} catch (caught) {
			return failForm(form, caught);
		}
		return withFiles(message(form, { tone: 'success', text: 'Photo saved.' }));
	},
	removePhoto: async (event) => {
		const actor = requireActor(event);
		try {
			await removeStylePhoto(actor, event.params.styleId);
		} catch (caught) {
			return failAction(caught);
		}
		return { notice: 'Photo removed. It stays in the history.' };
	},
	archive: async (event) => {
		const actor = requireActor(event);
		try {
			await archiveStyle(actor, event.params.styleId);
		} catch (caught) {
			return failAction(caught);
		}
		return { notice: 'Style archived. New purchase orders no longer offer it; existing ones keep it.' };
	},
	restore: async (event) => {
		const actor = requireActor(event);
		try {
			await restoreStyle(actor, event.params.styleId);
		} catch (caught) {
			return failAction(caught);
		}
		return { notice: 'Style restored. New purchase orders offer it again.' };
	}
};
