/**
 * Editing one job's remaining stages (ops and admins): change a stage's days, skip it or bring it
 * back, add a stage after another. The form sends the stages as the person wants them; that becomes
 * a list of edits by stage name, so the same edit can be applied to every open job bag of the line.
 *
 * Re-planning: every stage that is not skipped is planned again back from the (unchanged) promised
 * date with its days, as a new promised date already does; skipped stages take no days. Planned dates
 * are the plan, not what happened: started and finished stages keep their actual dates.
 */
import { z } from 'zod';
import { planBackwards, type MilestoneState, type PlannedDates } from './forecast.ts';
import { MAX_STAGES, MAX_STAGE_DAYS } from './stages.ts';
import { stageNameKey, templateStageSchema } from './template-schema.ts';

const stageRowSchema = templateStageSchema.extend({
	/** the milestone's id; blank for a stage this edit adds */
	id: z.union([z.uuid(), z.literal('')]).default(''),
	skipped: z.boolean().default(false)
});

export const milestoneEditSchema = z.object({
	jobId: z.uuid({ error: 'That job does not exist.' }),
	/** the job's version the person started from */
	version: z.coerce.number().int().min(1),
	/** the same edit on every open job bag of the PO line */
	applyToLine: z.boolean().default(false),
	stages: z
		.array(stageRowSchema)
		.min(1, 'Keep at least one stage.')
		.max(MAX_STAGES, `A job holds at most ${MAX_STAGES} stages.`)
		.superRefine(
			(stages, ctx) => {
				const seen = new Map<string, number>();
				stages.forEach((stage, index) => {
					if (typeof stage?.name !== 'string') return;
					const key = stageNameKey(stage.name);
					if (!key) return;
					const first = seen.get(key);
					if (first === undefined) seen.set(key, index);
					else
						ctx.addIssue({
							code: 'custom',
							path: [index, 'name'],
							message: `Stage ${first + 1} is already called “${stages[first].name.trim()}”; give each stage its own name.`
						});
				});
			},
			{ when: (payload) => Array.isArray(payload.value) }
		)
});

export type MilestoneEditInput = z.input<typeof milestoneEditSchema>;
export type MilestoneEditForm = z.output<typeof milestoneEditSchema>;
export type MilestoneEditRow = MilestoneEditForm['stages'][number];

/** A job's milestone as the edit sees it. */
export type EditableMilestone = {
	id: string;
	name: string;
	expectedDays: number;
	photoRequired: boolean;
	status: MilestoneState;
};

/** `row` is the form row the edit came from, so a refusal can stand beside it. */
export type StageEdit =
	| { kind: 'days'; stage: string; days: number; row?: number }
	| { kind: 'skip'; stage: string; row?: number }
	| { kind: 'restore'; stage: string; row?: number }
	| { kind: 'add'; after: string | null; name: string; expectedDays: number; photoRequired: boolean; row?: number };

export type EditProblem = { message: string; row?: number; field?: 'name' | 'expectedDays' | 'skipped' };

/** The job's stages after the edit, in order; `id` null for a stage the edit adds. */
export type EditedStage = Omit<EditableMilestone, 'id'> & { id: string | null };

export type EditOutcome = { ok: true; stages: EditedStage[]; changes: string[] } | { ok: false; problems: EditProblem[] };

/** "Stone setting" reads "stone setting" inside a sentence; "CAD" and "QC and finishing" keep their capitals. */
function inSentence(name: string): string {
	return /^\p{Lu}\p{Ll}/u.test(name) ? name[0].toLowerCase() + name.slice(1) : name;
}

const capitalised = (text: string) => (text ? text[0].toUpperCase() + text.slice(1) : text);
const days = (n: number) => `${n} ${n === 1 ? 'day' : 'days'}`;
const started = (status: MilestoneState) => status === 'in_progress' || status === 'done';
const hasStarted = (name: string, status: MilestoneState) =>
	status === 'done' ? `${capitalised(name)} is finished` : `${capitalised(name)} has started`;

/**
 * The edits the form asks for, against the job's stages now. Rows with an id change that stage;
 * a row without one is a new stage after the row above it. Stages missing from the form (added by
 * someone else meanwhile) are left as they are.
 */
export function editsFromRows(
	current: readonly EditableMilestone[],
	rows: readonly MilestoneEditRow[]
): { edits: StageEdit[]; problems: EditProblem[] } {
	const edits: StageEdit[] = [];
	const problems: EditProblem[] = [];
	let previous: string | null = null;
	for (const [row, r] of rows.entries()) {
		if (!r.id) {
			edits.push({ kind: 'add', after: previous, name: r.name.trim(), expectedDays: r.expectedDays, photoRequired: r.photoRequired, row });
			previous = r.name.trim();
			continue;
		}
		const m = current.find((c) => c.id === r.id);
		if (!m) {
			problems.push({
				row,
				field: 'name',
				message: `${r.name} is no longer on this job: reload the page to see its stages as they are now.`
			});
			continue;
		}
		if (r.skipped && m.status !== 'skipped') edits.push({ kind: 'skip', stage: m.name, row });
		if (!r.skipped && m.status === 'skipped') edits.push({ kind: 'restore', stage: m.name, row });
		if (r.expectedDays !== m.expectedDays) edits.push({ kind: 'days', stage: m.name, days: r.expectedDays, row });
		previous = m.name;
	}
	return { edits, problems };
}

/**
 * Applies the edits to one job's stages, or says why not. Edits that are already true of the job
 * (a stage already skipped, days already right) change nothing, so the same edits can be applied to
 * jobs of one line that differ a little. Started or finished stages keep their days and cannot be
 * skipped; a new stage or a stage brought back cannot come before a stage that has started.
 */
export function applyStageEdits(current: readonly EditableMilestone[], edits: readonly StageEdit[]): EditOutcome {
	const stages: EditedStage[] = current.map((m) => ({ ...m }));
	const problems: EditProblem[] = [];
	const changes: string[] = [];
	const indexOf = (name: string) => stages.findIndex((s) => stageNameKey(s.name) === stageNameKey(name));
	/** the last stage from `from` on that has started: nothing may be put before it */
	const lastStartedFrom = (from: number) => stages.slice(from).findLast((s) => started(s.status));

	for (const edit of edits) {
		if (edit.kind === 'add') {
			const field = 'name' as const;
			const at = edit.after === null ? 0 : indexOf(edit.after) + 1;
			if (edit.after !== null && at === 0) {
				problems.push({ row: edit.row, field, message: `There is no stage “${edit.after}” to add ${edit.name} after.` });
				continue;
			}
			const same = indexOf(edit.name);
			if (same >= 0) {
				problems.push({
					row: edit.row,
					field,
					message: `There is already a stage called “${stages[same].name}”: give the new stage its own name.`
				});
				continue;
			}
			if (!Number.isInteger(edit.expectedDays) || edit.expectedDays < 0 || edit.expectedDays > MAX_STAGE_DAYS) {
				problems.push({
					row: edit.row,
					field: 'expectedDays',
					message: `Enter the expected days as a whole number from 0 to ${MAX_STAGE_DAYS}.`
				});
				continue;
			}
			const blocker = lastStartedFrom(at);
			if (blocker) {
				problems.push({
					row: edit.row,
					field,
					message: `${hasStarted(blocker.name, blocker.status)}: add ${edit.name} after ${inSentence(blocker.name)}, not before it.`
				});
				continue;
			}
			if (stages.length >= MAX_STAGES) {
				problems.push({
					row: edit.row,
					field,
					message: `A job holds at most ${MAX_STAGES} stages: skip one you do not need instead of adding ${edit.name}.`
				});
				continue;
			}
			stages.splice(at, 0, {
				id: null,
				name: edit.name,
				expectedDays: edit.expectedDays,
				photoRequired: edit.photoRequired,
				status: 'pending'
			});
			const where = at === 0 ? 'at the start' : `after ${inSentence(stages[at - 1].name)}`;
			changes.push(`added ${inSentence(edit.name)} ${where} (${days(edit.expectedDays)}${edit.photoRequired ? ', photo required' : ''})`);
			continue;
		}

		const index = indexOf(edit.stage);
		const field = edit.kind === 'days' ? ('expectedDays' as const) : ('skipped' as const);
		if (index < 0) {
			problems.push({ row: edit.row, field, message: `There is no stage “${edit.stage}”.` });
			continue;
		}
		const stage = stages[index];
		if (edit.kind === 'days') {
			if (edit.days === stage.expectedDays) continue;
			if (started(stage.status)) {
				problems.push({ row: edit.row, field, message: `${hasStarted(stage.name, stage.status)}: its days can no longer change.` });
			} else if (!Number.isInteger(edit.days) || edit.days < 0 || edit.days > MAX_STAGE_DAYS) {
				problems.push({ row: edit.row, field, message: `Enter the expected days as a whole number from 0 to ${MAX_STAGE_DAYS}.` });
			} else {
				changes.push(`${inSentence(stage.name)} ${stage.expectedDays} → ${days(edit.days)}`);
				stage.expectedDays = edit.days;
			}
		} else if (edit.kind === 'skip') {
			if (stage.status === 'skipped') continue;
			if (started(stage.status)) {
				problems.push({
					row: edit.row,
					field,
					message: `${hasStarted(stage.name, stage.status)}: a stage that has started cannot be skipped.`
				});
			} else {
				stage.status = 'skipped';
				changes.push(`skipped ${inSentence(stage.name)}`);
			}
		} else {
			if (stage.status !== 'skipped') continue;
			const blocker = lastStartedFrom(index + 1);
			if (blocker) {
				problems.push({
					row: edit.row,
					field,
					message: `${capitalised(stage.name)} cannot come back: ${inSentence(blocker.name)} after it has already started. Add a new stage after ${inSentence(blocker.name)} instead.`
				});
			} else {
				stage.status = 'pending';
				changes.push(`brought back ${inSentence(stage.name)}`);
			}
		}
	}
	if (problems.length === 0 && changes.length > 0 && stages.every((s) => s.status === 'skipped')) {
		problems.push({ field: 'skipped', message: 'Keep at least one stage that is not skipped: a job bag needs a stage to go through.' });
	}
	return problems.length > 0 ? { ok: false, problems } : { ok: true, stages, changes };
}

/** The history's note in words: "Skipped engraving; polishing 3 → 5 days." */
export function describeChanges(changes: readonly string[]): string {
	return changes.length === 0 ? '' : `${capitalised(changes.join('; '))}.`;
}

/** Planned dates back from the promised date; a skipped stage takes no days and sits where it would have been. */
export function planEditedStages(
	promisedDate: string,
	stages: readonly { expectedDays: number; status: MilestoneState }[]
): PlannedDates[] {
	return planBackwards(
		promisedDate,
		stages.map((s) => ({ expectedDays: s.status === 'skipped' ? 0 : s.expectedDays }))
	);
}

/** Days the stages still to be worked are planned to take (not skipped, not finished). */
export function remainingDays(stages: readonly { expectedDays: unknown; status: MilestoneState | '' }[]): number {
	return stages.reduce((sum, s) => {
		const n = Number(s.expectedDays);
		return s.status === 'skipped' || s.status === 'done' || !Number.isInteger(n) || n < 0 ? sum : sum + n;
	}, 0);
}

const rowField = /^stages\[(\d{1,3})\]\.(id|name|expectedDays|photoRequired|skipped)$/;

/**
 * Reads the editor posted without JavaScript: plain fields named `stages[2].expectedDays`, and the
 * check boxes only when ticked. Values stay as typed so a refused form shows them again.
 */
export function milestoneEditFromFormData(formData: FormData): MilestoneEditInput {
	type Row = { id: string; name: string; expectedDays: string | number; photoRequired: boolean; skipped: boolean };
	const rows = new Map<number, Row>();
	for (const [key, value] of formData.entries()) {
		const match = rowField.exec(key);
		if (!match || typeof value !== 'string') continue;
		const index = Number(match[1]);
		const row = rows.get(index) ?? { id: '', name: '', expectedDays: '', photoRequired: false, skipped: false };
		const field = match[2] as keyof Row;
		if (field === 'photoRequired' || field === 'skipped') row[field] = value !== '' && value !== 'false';
		else if (field === 'expectedDays') {
			const n = Number(value.trim());
			row.expectedDays = value.trim() !== '' && Number.isFinite(n) ? n : value;
		} else row[field] = value;
		rows.set(index, row);
	}
	const text = (name: string) => {
		const value = formData.get(name);
		return typeof value === 'string' ? value : '';
	};
	const apply = text('applyToLine');
	return {
		jobId: text('jobId'),
		version: text('version'),
		applyToLine: apply !== '' && apply !== 'false',
		stages: [...rows.entries()].sort(([a], [b]) => a - b).map(([, row]) => row)
	};
}
