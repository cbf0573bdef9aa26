/** The admin's edit of one stage template: the form and the service parse it with the same schema. */
import { z } from 'zod';
import { vendorTypes } from '#lib/domain/vendors/reference.ts';
import { MAX_STAGES, MAX_STAGE_DAYS, type StageDefinition } from './stages.ts';

export const MAX_STAGE_NAME = 60;

/** Folds a stage name for the duplicate check: "Stone  Setting" ≡ "stone setting". */
export const stageNameKey = (name: string) => name.trim().replace(/\s+/g, ' ').toLocaleLowerCase('en');

const dayError = `Enter the expected days as a whole number from 0 to ${MAX_STAGE_DAYS}.`;

// a blank box is a missing answer, not zero days (z.coerce would read '' as 0)
const expectedDays = z.preprocess(
	(value) => (typeof value === 'string' ? (value.trim() === '' ? undefined : Number(value.trim())) : (value ?? undefined)),
	z
		.number({
			error: (issue) => (issue.input === undefined ? 'Enter the expected days (0 if the stage takes less than a day).' : dayError)
		})
		.min(0, dayError)
		.max(MAX_STAGE_DAYS, `A stage takes at most ${MAX_STAGE_DAYS} days; split a longer one in two.`)
		// a refinement, not .int(): zod's integer check aborts the parse and would hide the duplicate-name messages
		.refine((days) => Number.isInteger(days), dayError)
);

export const templateStageSchema = z.object({
	name: z
		.string({ error: 'Enter the stage’s name.' })
		.trim()
		.min(1, 'Enter the stage’s name.')
		.max(MAX_STAGE_NAME, `Keep the name to ${MAX_STAGE_NAME} characters or fewer.`),
	expectedDays,
	photoRequired: z.boolean().default(false)
});

export const stageTemplateSchema = z.object({
	vendorType: z.enum(vendorTypes, { error: 'Choose a workshop type from the list.' }),
	version: z.coerce.number().int().min(0),
	stages: z
		.array(templateStageSchema)
		.min(1, 'Keep at least one stage: a job bag needs somewhere to start.')
		.max(MAX_STAGES, `A template holds at most ${MAX_STAGES} stages; merge some of them.`)
		.superRefine(
			(stages, ctx) => {
				const seen = new Map<string, number>();
				stages.forEach((stage, index) => {
					// rows with other mistakes are still compared, so every message shows in one round
					if (typeof stage?.name !== 'string') return;
					const key = stageNameKey(stage.name);
					if (!key) return;
					const first = seen.get(key);
					// the later row gets the message: that is the one the person just typed
					if (first !== undefined) {
						ctx.addIssue({
							code: 'custom',
							path: [index, 'name'],
							message: `Stage ${first + 1} is already called “${stages[first].name.trim()}”; give each stage its own name.`
						});
					} else seen.set(key, index);
				});
			},
			{ when: (payload) => Array.isArray(payload.value) }
		)
});

export type StageTemplateInput = z.input<typeof stageTemplateSchema>;
export type StageTemplateForm = z.output<typeof stageTemplateSchema>;

/** The values a form starts from, or shows again. */
export type StageTemplateDraft = { vendorType: string; version: number | string; stages: StageDefinition[] };

/** Total planned days of a template: what a job bag of this type needs at least. */
export function templateTotalDays(stages: readonly { expectedDays: unknown }[]): number {
	return stages.reduce((sum, stage) => {
		const days = Number(stage.expectedDays);
		return sum + (Number.isInteger(days) && days > 0 ? days : 0);
	}, 0);
}

/** One line for history and summaries: "Casting 7 d (photo) · Polishing 3 d". */
export function describeStages(stages: readonly StageDefinition[]): string {
	return stages.map((s) => `${s.name} ${s.expectedDays} d${s.photoRequired ? ' (photo)' : ''}`).join(' · ');
}

const rowField = /^stages\[(\d{1,3})\]\.(name|expectedDays|photoRequired)$/;

/**
 * Reads the editor when it was posted without JavaScript: plain fields named `stages[2].name`,
 * `stages[2].expectedDays`, and `stages[2].photoRequired` only when ticked. Rows keep the order of
 * their indexes; values stay as typed so a refused form shows them again. With JavaScript the editor
 * posts JSON instead (superforms `dataType: 'json'`).
 */
export function stageTemplateFromFormData(formData: FormData): StageTemplateInput {
	const rows = new Map<number, { name: string; expectedDays: string | number; photoRequired: boolean }>();
	for (const [key, value] of formData.entries()) {
		const match = rowField.exec(key);
		if (!match || typeof value !== 'string') continue;
		const index = Number(match[1]);
		const row = rows.get(index) ?? { name: '', expectedDays: '', photoRequired: false };
		if (match[2] === 'name') row.name = value;
		else if (match[2] === 'expectedDays') {
			// a number box sends digits or nothing; a number kept as a number survives a refused save
			const days = Number(value.trim());
			row.expectedDays = value.trim() !== '' && Number.isFinite(days) ? days : value;
		} else row.photoRequired = value !== '' && value !== 'false';
		rows.set(index, row);
	}
	const text = (name: string) => {
		const value = formData.get(name);
		return typeof value === 'string' ? value : '';
	};
	return {
		vendorType: text('vendorType') as StageTemplateInput['vendorType'],
		version: text('version'),
		stages: [...rows.entries()].sort(([a], [b]) => a - b).map(([, row]) => row)
	};
}
