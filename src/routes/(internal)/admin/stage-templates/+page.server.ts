import { fail } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import {
	stageTemplateFromFormData,
	stageTemplateSchema,
	type StageTemplateDraft,
	type StageTemplateForm
} from '#lib/domain/production/template-schema.ts';
import { vendorTypeLabels, type VendorType } from '#lib/domain/vendors/reference.ts';
import {
	listStageTemplateHistory,
	listStageTemplates,
	resetStageTemplate,
	saveStageTemplate,
	type StageTemplateResult
} from '#lib/server/production/templates.ts';
import { failForm, requireActor } from '#lib/server/http.ts';
import type { Actions, PageServerLoad } from './$types';

// one editor on the page at a time, whichever type it edits: a fixed id lets superforms match the answer to it
const FORM_ID = 'stage-template';
const adapter = zod4(stageTemplateSchema);

const editorForm = (template: StageTemplateDraft) =>
	superValidate({ vendorType: template.vendorType as VendorType, version: Number(template.version), stages: template.stages }, adapter, {
		id: FORM_ID,
		errors: false
	});

/** With JavaScript the editor posts JSON; without it, plain fields that superforms cannot nest. */
const readEditor = (formData: FormData) =>
	formData.has('__superform_json')
		? superValidate(formData, adapter, { id: FORM_ID })
		: // the values as typed (text where a number is due): the schema parses them, a refused form shows them again
			superValidate(stageTemplateFromFormData(formData) as Partial<StageTemplateForm>, adapter, { id: FORM_ID });

type EditorForm = Awaited<ReturnType<typeof readEditor>>;

/**
 * A clash keeps what this admin typed, on the newer version: saving again replaces the other one on
 * purpose. The newer stages travel with it (a refused action does not reload the page's data).
 */
function clash(form: EditorForm, result: Extract<StageTemplateResult, { ok: false }>) {
	form.data.version = result.current.version;
	form.message = { tone: 'warning', text: result.message };
	return fail(409, { form, current: result.current });
}

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const templates = await listStageTemplates(actor);
	const selected = templates.find((t) => t.vendorType === event.url.searchParams.get('type'));
	return {
		templates,
		selected: selected?.vendorType ?? null,
		form: selected ? await editorForm(selected) : null,
		history: await listStageTemplateHistory(actor)
	};
};

export const actions: Actions = {
	save: async (event) => {
		const actor = requireActor(event);
		const form = await readEditor(await event.request.formData());
		if (!form.valid) {
			form.message = { tone: 'error', text: 'Some stages need attention: see the messages beside them.' };
			return fail(400, { form });
		}
		let result;
		try {
			result = await saveStageTemplate(actor, form.data);
		} catch (caught) {
			return failForm(form, caught);
		}
		if (!result.ok) return clash(form, result);
		const text = result.changed
			? `${result.template.label} stages saved (version ${result.template.version}). Job bags made from now on use them; jobs already made keep theirs.`
			: 'Nothing to save: these are the stages already in use.';
		return message(await editorForm(result.template), { tone: result.changed ? 'success' : 'info', text });
	},

	reset: async (event) => {
		const actor = requireActor(event);
		const form = await readEditor(await event.request.formData());
		let result;
		try {
			result = await resetStageTemplate(actor, form.data.vendorType, form.data.version);
		} catch (caught) {
			return failForm(form, caught);
		}
		if (!result.ok) return clash(form, result);
		const label = vendorTypeLabels[result.template.vendorType];
		return message(await editorForm(result.template), {
			tone: 'success',
			text: `${label} stages are back to the defaults. Job bags made from now on use them; jobs already made keep theirs.`
		});
	}
};
