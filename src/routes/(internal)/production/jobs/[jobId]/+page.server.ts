import { fail } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { milestoneEditFromFormData, milestoneEditSchema, type MilestoneEditForm } from '#lib/domain/production/milestone-edit.ts';
import { formatDate } from '#lib/format/dates.ts';
import { failForm, requireActor } from '#lib/server/http.ts';
import { jobActions, jobPageForms } from '#lib/server/production/actions.ts';
import { editJobMilestones, getMilestoneEditor, type MilestoneEditorView } from '#lib/server/production/milestones.ts';
import { getJobPage } from '#lib/server/production/queries.ts';
import type { Actions, PageServerLoad } from './$types';

const STAGES_FORM = 'stages';
const stagesAdapter = zod4(milestoneEditSchema);

const stagesForm = (editor: MilestoneEditorView) =>
	superValidate(
		{
			jobId: editor.jobId,
			version: editor.version,
			applyToLine: false,
			stages: editor.stages.map((s) => ({
				id: s.id,
				name: s.name,
				expectedDays: s.expectedDays,
				photoRequired: s.photoRequired,
				skipped: s.status === 'skipped'
			}))
		},
		stagesAdapter,
		{ id: STAGES_FORM, errors: false }
	);

/** With JavaScript the editor posts JSON; without it, plain fields that superforms cannot nest. */
const readStagesForm = (formData: FormData) =>
	formData.has('__superform_json')
		? superValidate(formData, stagesAdapter, { id: STAGES_FORM })
		: superValidate(milestoneEditFromFormData(formData) as Partial<MilestoneEditForm>, stagesAdapter, { id: STAGES_FORM });

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const page = await getJobPage(actor, event.params.jobId);
	// ops and admins may report for the workshop, resolve problems and edit the stages; finance reads
	const canEdit = actor.kind === 'staff' && (actor.role === 'ops' || actor.role === 'admin');
	const editor = canEdit && page.job.status === 'open' ? await getMilestoneEditor(actor, page.job.id) : null;
	return {
		page,
		forms: canEdit ? await jobPageForms(page) : null,
		stages: editor ? { editor, form: await stagesForm(editor) } : null,
		focusUpdate: event.url.searchParams.get('update') === '1'
	};
};

export const actions: Actions = {
	...jobActions((event) => event.params.jobId ?? ''),
	stages: async (event) => {
		const actor = requireActor(event);
		const form = await readStagesForm(await event.request.formData());
		if (!form.valid) {
			form.message = { tone: 'error', text: 'Some stages need attention: see the messages beside them.' };
			return fail(400, { form });
		}
		let result;
		try {
			// the job is the page's, whatever the form says
			result = await editJobMilestones(actor, { ...form.data, jobId: event.params.jobId });
		} catch (caught) {
			return failForm(form, caught);
		}
		if (!result.ok) {
			// what this person typed stays, on the newer version: saving again is a choice made after seeing theirs
			form.data.version = result.current.version;
			form.message = { tone: 'warning', text: result.message };
			return fail(409, { form, currentStages: result.current });
		}
		const saved = await stagesForm(result.editor);
		if (!result.changed) return message(saved, { tone: 'info', text: 'Nothing to save: the stages are already like this.' });
		const many = result.jobs.length > 1;
		const what = many ? `${result.jobs.length} job bags` : result.jobs[0].number;
		const risk =
			result.becameAtRisk === 0
				? ''
				: many
					? ` ${result.becameAtRisk} of them ${result.becameAtRisk === 1 ? 'is' : 'are'} now at risk.`
					: ' The job is now at risk: the reason is shown at the top.';
		const text = `Stages of ${what} saved and planned again back from the promised date, ${formatDate(result.editor.promisedDate)}. ${result.jobs[0].note}${risk}`;
		return message(saved, { tone: 'success', text });
	}
};
