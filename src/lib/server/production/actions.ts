/**
 * The production forms and actions, shared by the workshop's job pages and the ops job page (and
 * the workshop's job list for batch moves). Actions parse with the domain schemas, re-encode photos,
 * call the service and return the form with a sentence; business rules stay in the service.
 */
import { fail, type RequestEvent } from '@sveltejs/kit';
import { message, setError, superValidate, withFiles } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { z } from 'zod';
import { problemReasonLabels } from '#lib/domain/production/reference.ts';
import {
	problemSchema,
	resolveProblemSchema,
	stageUpdateSchema,
	type ProblemInput,
	type StageUpdateInput
} from '#lib/domain/production/schemas.ts';
import { todayIso } from '#lib/domain/purchase-orders/schemas.ts';
import type { Actor } from '#lib/server/auth/actor.ts';
import { failForm, requireActor } from '#lib/server/http.ts';
import { MAX_PHOTOS_PER_UPDATE, processJobPhotos } from './photos.ts';
import type { JobPage, WorkshopJobFilter } from './queries.ts';
import { flagProblem, recordStageUpdate, resolveProblem } from './service.ts';

// ---------------------------------------------------------------- schemas of the forms

const countPattern = /^\d{1,6}$/;

/**
 * The quick update as the browser posts it. The quantity travels as text (blank means every piece
 * that can move) because a form field cannot be "blank or a number" for superforms; it becomes the
 * domain's number below.
 */
export const stageFormSchema = stageUpdateSchema.extend({
	quantity: z
		.string()
		.trim()
		.refine(
			(v) => v === '' || (countPattern.test(v) && Number(v) >= 1),
			'Enter a whole number of pieces, or leave it blank for all of them.'
		)
		.optional()
		.default(''),
	photos: z
		.array(z.instanceof(File, { message: 'Choose the photo again.' }))
		.max(MAX_PHOTOS_PER_UPDATE, `Add at most ${MAX_PHOTOS_PER_UPDATE} photos to one update; send the rest with the next one.`)
		.optional()
		.default([])
});
export type StageForm = z.infer<typeof stageFormSchema>;

export const batchIntents = ['start', 'finish', 'problem'] as const;

/** The job list's sticky bar: the chosen jobs started, finished, or flagged with a problem. */
export const batchFormSchema = z.object({
	jobIds: stageUpdateSchema.shape.jobIds,
	stage: z.string().trim().max(60).optional().default(''),
	intent: z.enum(batchIntents, { error: 'Choose to start, finish or flag a problem.' }),
	occurredOn: stageUpdateSchema.shape.occurredOn,
	reason: z.string().trim().max(40).optional().default(''),
	note: stageUpdateSchema.shape.note
});
export type BatchForm = z.infer<typeof batchFormSchema>;

export const workshopJobFilters = ['open', 'due', 'at_risk', 'blocked', 'done'] as const satisfies readonly WorkshopJobFilter[];

/** The job list's address bar; anything odd falls back to the default rather than an error page. */
const jobListQuerySchema = z.object({
	filter: z.enum(workshopJobFilters).catch('open'),
	stage: z.string().trim().max(60).catch(''),
	q: z.string().trim().max(100).catch(''),
	page: z.coerce.number().int().min(1).max(10_000).catch(1)
});
export type JobListQuery = z.infer<typeof jobListQuerySchema>;

export function parseJobListQuery(params: URLSearchParams): JobListQuery {
	return jobListQuerySchema.parse({
		filter: params.get('filter') ?? undefined,
		stage: params.get('stage') ?? undefined,
		q: params.get('q') ?? undefined,
		page: params.get('page') ?? undefined
	});
}

// ---------------------------------------------------------------- from form to service input

/** "Stone setting" reads "stone setting" inside a sentence; "CAD" and "QC and finishing" keep their capitals. */
export function stageInSentence(name: string): string {
	return /^\p{Lu}\p{Ll}/u.test(name) ? name[0].toLowerCase() + name.slice(1) : name;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The domain input of a quick update; the job ids come from the route or the list, deduplicated. */
export function toStageUpdate(data: Omit<StageForm, 'photos' | 'jobIds'>, jobIds: string[]): StageUpdateInput {
	return {
		jobIds: [...new Set(jobIds)],
		stage: data.stage,
		action: data.action,
		occurredOn: data.occurredOn,
		quantity: data.quantity === '' ? '' : Number(data.quantity),
		weight: data.weight,
		note: data.note
	};
}

export type BatchPlan =
	| { kind: 'move'; input: StageUpdateInput }
	| { kind: 'problem'; input: ProblemInput }
	| { kind: 'invalid'; message: string; fields: Record<string, string> };

/**
 * What the sticky bar asked for. Table and cards both carry a checkbox per job, so a job may
 * arrive twice; moving needs the stage chosen in the filter, flagging needs a reason.
 */
export function planBatch(data: BatchForm): BatchPlan {
	const jobIds = [...new Set(data.jobIds)];
	if (data.intent === 'problem') {
		const parsed = problemSchema.safeParse({ jobIds, reason: data.reason, occurredOn: data.occurredOn, note: data.note });
		if (parsed.success) return { kind: 'problem', input: parsed.data };
		const fields: Record<string, string> = {};
		for (const issue of parsed.error.issues) {
			const field = String(issue.path[0] ?? 'reason');
			fields[field] ??= issue.message;
		}
		return { kind: 'invalid', message: 'The problem needs a little more: see the messages beside the fields.', fields };
	}
	if (data.stage === '') {
		const text = 'Choose a stage in the filter first, then the jobs to move through it.';
		return { kind: 'invalid', message: text, fields: { stage: text } };
	}
	return { kind: 'move', input: toStageUpdate({ ...data, quantity: '', weight: '', action: data.intent }, jobIds) };
}

/** "Finished casting for 3 pieces." / "Started polishing for 5 jobs. 2 of them are now at risk." */
export function movedText(
	action: 'start' | 'finish',
	stage: string,
	scope: { jobs: number } | { pieces: number | '' },
	becameAtRisk: number
) {
	const what = `${action === 'start' ? 'Started' : 'Finished'} ${stageInSentence(stage)}`;
	const many = 'jobs' in scope;
	const count = many ? ` for ${plural(scope.jobs, 'job')}` : scope.pieces === '' ? '' : ` for ${plural(scope.pieces, 'piece')}`;
	const risk =
		becameAtRisk === 0
			? ''
			: many
				? ` ${becameAtRisk} of them ${becameAtRisk === 1 ? 'is' : 'are'} now at risk.`
				: ' The job is now at risk: the reason is shown at the top.';
	return `${what}${count}.${risk}`;
}

const otherSide = (actor: Actor) => (actor.kind === 'vendor' ? 'The brand' : 'The workshop');

// ---------------------------------------------------------------- forms for the pages

/** The quick update starts on the job's next step (what a QR scan most likely means), today. */
export function stageFormStart(page: Pick<JobPage, 'job' | 'nextStep' | 'milestones' | 'today'>) {
	const open = page.milestones.find((m) => m.status !== 'done' && m.status !== 'skipped');
	return {
		jobIds: [page.job.id],
		stage: page.nextStep?.stage ?? open?.name ?? page.milestones[0]?.name ?? '',
		action: page.nextStep?.action ?? ('start' as const),
		occurredOn: page.today,
		quantity: '',
		weight: '',
		note: '',
		photos: []
	};
}

export async function jobPageForms(page: JobPage) {
	const openProblems = page.problems.filter((p) => p.resolvedAt === null);
	const resolveForms: Record<string, Awaited<ReturnType<typeof resolveForm>>> = {};
	for (const p of openProblems) resolveForms[p.id] = await resolveForm(p.id);
	return {
		stageForm: await superValidate(stageFormStart(page), zod4(stageFormSchema), { id: 'stage', errors: false }),
		problemForm: await superValidate(
			// no reason preselected: the person says what is wrong
			{ jobIds: [page.job.id], reason: '' as ProblemInput['reason'], occurredOn: page.today, note: '' },
			zod4(problemSchema),
			{ id: 'problem', errors: false }
		),
		resolveForms
	};
}

function resolveForm(problemId: string) {
	return superValidate({ problemId, resolution: '' }, zod4(resolveProblemSchema), { id: `resolve-${problemId}`, errors: false });
}

export async function batchForm(stage: string) {
	return superValidate(
		{ jobIds: [], stage, intent: undefined as unknown as BatchForm['intent'], occurredOn: todayIso(), reason: '', note: '' },
		zod4(batchFormSchema),
		{ id: 'batch', errors: false }
	);
}

/** The camera input and the library input share a name; the one not used posts an empty file. */
function withoutEmptyFiles(formData: FormData, name: string): FormData {
	const files = formData.getAll(name).filter((entry): entry is File => typeof entry !== 'string' && entry.size > 0);
	formData.delete(name);
	for (const file of files) formData.append(name, file);
	return formData;
}

// ---------------------------------------------------------------- actions

type JobIdOf = (event: RequestEvent) => string;

/** The job page's actions: the quick update, flagging a problem, resolving one. */
export function jobActions(jobIdOf: JobIdOf) {
	return {
		update: async (event: RequestEvent) => {
			const actor = requireActor(event);
			const formData = withoutEmptyFiles(await event.request.formData(), 'photos');
			const form = await superValidate(formData, zod4(stageFormSchema), { id: 'stage' });
			if (!form.valid) return fail(400, withFiles({ form }));
			const input = toStageUpdate(form.data, [jobIdOf(event)]);
			let result;
			try {
				// every photo is checked and re-encoded before anything is stored
				const photos = await processJobPhotos(form.data.photos);
				result = await recordStageUpdate(actor, input, photos);
			} catch (caught) {
				return failForm(form, caught);
			}
			const count = form.data.photos.length;
			const photoText = count === 0 ? '' : ` ${plural(count, 'photo')} added.`;
			const text = `${movedText(input.action, input.stage, { pieces: result.pieces }, result.becameAtRisk)}${photoText}`;
			return withFiles(message(form, { tone: 'success', text }));
		},
		flag: async (event: RequestEvent) => {
			const actor = requireActor(event);
			const form = await superValidate(event.request, zod4(problemSchema), { id: 'problem' });
			if (!form.valid) return fail(400, { form });
			try {
				await flagProblem(actor, { ...form.data, jobIds: [jobIdOf(event)] });
			} catch (caught) {
				return failForm(form, caught);
			}
			const text = `Problem flagged: ${problemReasonLabels[form.data.reason].toLowerCase()}. The job shows as blocked until it is resolved. ${otherSide(actor)} is told by e-mail.`;
			return message(form, { tone: 'success', text });
		},
		resolve: async (event: RequestEvent) => {
			const actor = requireActor(event);
			// one form per open problem: its id came with the post (a hidden field without JavaScript)
			const form = await superValidate(event.request, zod4(resolveProblemSchema));
			if (!form.valid) return fail(400, { form });
			let result;
			try {
				result = await resolveProblem(actor, form.data);
			} catch (caught) {
				return failForm(form, caught);
			}
			const text = result.alreadyResolved
				? 'This problem had already been resolved; nothing was changed.'
				: `Problem resolved. ${otherSide(actor)} is told by e-mail.`;
			return message(form, { tone: 'success', text });
		}
	};
}

/** The workshop's job list: several jobs through a stage at once, or a problem on all of them. */
export function batchActions() {
	return {
		batch: async (event: RequestEvent) => {
			const actor = requireActor(event);
			const form = await superValidate(event.request, zod4(batchFormSchema), { id: 'batch' });
			if (!form.valid) {
				const text = form.errors.jobIds
					? 'Choose at least one job from the list.'
					: form.errors.intent
						? 'Press Start, Finish or Flag a problem to say what happened to the chosen jobs.'
						: 'Check the fields below.';
				form.message = { tone: 'error', text };
				return fail(400, { form });
			}
			const plan = planBatch(form.data);
			if (plan.kind === 'invalid') {
				for (const [field, text] of Object.entries(plan.fields)) {
					// the problem's fields are the bar's own (reason, note, date, stage); the list's choice is jobIds
					setError(form, (field === 'jobIds' ? 'jobIds._errors' : field) as 'reason', text);
				}
				form.message = { tone: 'error', text: plan.message };
				return fail(400, { form });
			}
			try {
				if (plan.kind === 'problem') {
					await flagProblem(actor, plan.input);
					const n = plan.input.jobIds.length;
					const text = `Problem flagged on ${plural(n, 'job')}: ${problemReasonLabels[plan.input.reason].toLowerCase()}. ${otherSide(actor)} is told by e-mail.`;
					return message(form, { tone: 'success', text });
				}
				const result = await recordStageUpdate(actor, plan.input);
				return message(form, {
					tone: 'success',
					text: movedText(plan.input.action, plan.input.stage, { jobs: result.jobs }, result.becameAtRisk)
				});
			} catch (caught) {
				return failForm(form, caught);
			}
		}
	};
}
