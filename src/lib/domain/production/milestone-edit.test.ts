import { describe, expect, it } from 'vitest';
import { shiftDate } from './forecast.ts';
import {
	applyStageEdits,
	describeChanges,
	editsFromRows,
	milestoneEditFromFormData,
	milestoneEditSchema,
	planEditedStages,
	remainingDays,
	type EditableMilestone,
	type MilestoneEditRow
} from './milestone-edit.ts';
import { MAX_STAGES } from './stages.ts';

const JOB = '6f1c0a57-8d43-4c8e-9d0f-3b1f0f0c2a11';
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** A caster's job with casting finished and clean-up in progress. */
const job = (): EditableMilestone[] => [
	{ id: id(1), name: 'Casting', expectedDays: 7, photoRequired: true, status: 'done' },
	{ id: id(2), name: 'Clean-up and filing', expectedDays: 3, photoRequired: false, status: 'in_progress' },
	{ id: id(3), name: 'Engraving', expectedDays: 2, photoRequired: false, status: 'pending' },
	{ id: id(4), name: 'Polishing', expectedDays: 3, photoRequired: false, status: 'pending' },
	{ id: id(5), name: 'QC and finishing', expectedDays: 2, photoRequired: true, status: 'pending' }
];

/** The form's rows for a job as loaded: nothing changed yet. */
const rowsOf = (stages: EditableMilestone[]): MilestoneEditRow[] =>
	stages.map((s) => ({
		id: s.id,
		name: s.name,
		expectedDays: s.expectedDays,
		photoRequired: s.photoRequired,
		skipped: s.status === 'skipped'
	}));

const newRow = (name: string, expectedDays = 2, photoRequired = false): MilestoneEditRow => ({
	id: '',
	name,
	expectedDays,
	photoRequired,
	skipped: false
});

function errorsOf(input: unknown): Record<string, string> {
	const result = milestoneEditSchema.safeParse(input);
	expect(result.success).toBe(false);
	const errors: Record<string, string> = {};
	for (const issue of result.error!.issues) errors[issue.path.join('.')] ??= issue.message;
	return errors;
}

describe('milestoneEditSchema', () => {
	it('reads days typed as text, a blank id as a new stage, and defaults the check boxes', () => {
		const parsed = milestoneEditSchema.parse({
			jobId: JOB,
			version: '3',
			stages: [
				{ id: id(1), name: ' Casting ', expectedDays: '7' },
				{ name: 'Rework', expectedDays: 0 }
			]
		});
		expect(parsed).toEqual({
			jobId: JOB,
			version: 3,
			applyToLine: false,
			stages: [
				{ id: id(1), name: 'Casting', expectedDays: 7, photoRequired: false, skipped: false },
				{ id: '', name: 'Rework', expectedDays: 0, photoRequired: false, skipped: false }
			]
		});
	});

	it('refuses days outside 0–60, blank days, duplicate names and more than the stage limit', () => {
		expect(
			errorsOf({
				jobId: JOB,
				version: 1,
				stages: [newRow('Engraving', 61), { ...newRow('Rework'), expectedDays: '' }, newRow(' engraving '), newRow('Polish', -1)]
			})
		).toEqual({
			'stages.0.expectedDays': 'A stage takes at most 60 days; split a longer one in two.',
			'stages.1.expectedDays': 'Enter the expected days (0 if the stage takes less than a day).',
			'stages.2.name': 'Stage 1 is already called “Engraving”; give each stage its own name.',
			'stages.3.expectedDays': 'Enter the expected days as a whole number from 0 to 60.'
		});
		const many = Array.from({ length: MAX_STAGES + 1 }, (_, i) => newRow(`Stage ${i}`));
		expect(errorsOf({ jobId: JOB, version: 1, stages: many })).toEqual({ stages: `A job holds at most ${MAX_STAGES} stages.` });
		expect(errorsOf({ jobId: 'JB-1', version: 1, stages: [newRow('A')] })).toEqual({ jobId: 'That job does not exist.' });
	});
});

describe('editsFromRows', () => {
	it('turns the rows into edits by stage name; a new row goes after the row above it', () => {
		const rows = rowsOf(job());
		rows[2].skipped = true;
		rows[3].expectedDays = 5;
		rows.splice(4, 0, newRow('Rework', 2, true), newRow('Stone check', 1));
		rows.unshift(newRow('Wax', 1));
		expect(editsFromRows(job(), rows)).toEqual({
			edits: [
				{ kind: 'add', after: null, name: 'Wax', expectedDays: 1, photoRequired: false, row: 0 },
				{ kind: 'skip', stage: 'Engraving', row: 3 },
				{ kind: 'days', stage: 'Polishing', days: 5, row: 4 },
				{ kind: 'add', after: 'Polishing', name: 'Rework', expectedDays: 2, photoRequired: true, row: 5 },
				{ kind: 'add', after: 'Rework', name: 'Stone check', expectedDays: 1, photoRequired: false, row: 6 }
			],
			problems: []
		});
	});

	it('brings back a skipped stage that is unticked, and leaves unchanged rows alone', () => {
		const stages = job();
		stages[2].status = 'skipped';
		expect(editsFromRows(stages, rowsOf(job())).edits).toEqual([{ kind: 'restore', stage: 'Engraving', row: 2 }]);
		expect(editsFromRows(job(), rowsOf(job())).edits).toEqual([]);
	});

	it('says so when a row names a stage the job no longer has', () => {
		const rows = [...rowsOf(job()), { ...newRow('Gone'), id: id(99) }];
		expect(editsFromRows(job(), rows).problems).toEqual([
			{ row: 5, field: 'name', message: 'Gone is no longer on this job: reload the page to see its stages as they are now.' }
		]);
	});
});

describe('applyStageEdits', () => {
	it('changes days, skips and adds, and says so in words', () => {
		const outcome = applyStageEdits(job(), [
			{ kind: 'skip', stage: 'Engraving' },
			{ kind: 'days', stage: 'polishing', days: 5 },
			{ kind: 'add', after: 'Polishing', name: 'Rework', expectedDays: 2, photoRequired: true }
		]);
		expect(outcome.ok).toBe(true);
		if (!outcome.ok) return;
		expect(outcome.stages.map((s) => [s.id, s.name, s.expectedDays, s.status])).toEqual([
			[id(1), 'Casting', 7, 'done'],
			[id(2), 'Clean-up and filing', 3, 'in_progress'],
			[id(3), 'Engraving', 2, 'skipped'],
			[id(4), 'Polishing', 5, 'pending'],
			[null, 'Rework', 2, 'pending'],
			[id(5), 'QC and finishing', 2, 'pending']
		]);
		expect(describeChanges(outcome.changes)).toBe(
			'Skipped engraving; polishing 3 → 5 days; added rework after polishing (2 days, photo required).'
		);
	});

	it('refuses to change the days of a started or finished stage, or to skip it', () => {
		const outcome = applyStageEdits(job(), [
			{ kind: 'days', stage: 'Casting', days: 9, row: 0 },
			{ kind: 'days', stage: 'Clean-up and filing', days: 5, row: 1 },
			{ kind: 'skip', stage: 'Clean-up and filing', row: 1 },
			{ kind: 'skip', stage: 'Casting', row: 0 }
		]);
		expect(outcome).toEqual({
			ok: false,
			problems: [
				{ row: 0, field: 'expectedDays', message: 'Casting is finished: its days can no longer change.' },
				{ row: 1, field: 'expectedDays', message: 'Clean-up and filing has started: its days can no longer change.' },
				{ row: 1, field: 'skipped', message: 'Clean-up and filing has started: a stage that has started cannot be skipped.' },
				{ row: 0, field: 'skipped', message: 'Casting is finished: a stage that has started cannot be skipped.' }
			]
		});
	});

	it('lets a started stage keep its days: the same number is no change', () => {
		expect(applyStageEdits(job(), [{ kind: 'days', stage: 'Casting', days: 7 }])).toEqual({ ok: true, stages: job(), changes: [] });
	});

	it('adds a stage only after the last stage that has started', () => {
		expect(
			applyStageEdits(job(), [{ kind: 'add', after: 'Casting', name: 'Rework', expectedDays: 1, photoRequired: false, row: 1 }])
		).toEqual({
			ok: false,
			problems: [
				{ row: 1, field: 'name', message: 'Clean-up and filing has started: add Rework after clean-up and filing, not before it.' }
			]
		});
		expect(applyStageEdits(job(), [{ kind: 'add', after: null, name: 'Wax', expectedDays: 1, photoRequired: false }]).ok).toBe(false);
		const ok = applyStageEdits(job(), [
			{ kind: 'add', after: 'Clean-up and filing', name: 'Rework', expectedDays: 1, photoRequired: false }
		]);
		expect(ok.ok && ok.changes).toEqual(['added rework after clean-up and filing (1 day)']);
	});

	it('refuses a name the job already has, in any case, and a stage to add after that does not exist', () => {
		expect(applyStageEdits(job(), [{ kind: 'add', after: 'Polishing', name: 'ENGRAVING', expectedDays: 1, photoRequired: false }])).toEqual(
			{
				ok: false,
				problems: [
					{ row: undefined, field: 'name', message: 'There is already a stage called “Engraving”: give the new stage its own name.' }
				]
			}
		);
		expect(applyStageEdits(job(), [{ kind: 'add', after: 'Setting', name: 'Rework', expectedDays: 1, photoRequired: false }])).toEqual({
			ok: false,
			problems: [{ row: undefined, field: 'name', message: 'There is no stage “Setting” to add Rework after.' }]
		});
		expect(applyStageEdits(job(), [{ kind: 'skip', stage: 'Setting' }])).toEqual({
			ok: false,
			problems: [{ row: undefined, field: 'skipped', message: 'There is no stage “Setting”.' }]
		});
	});

	it('refuses days outside 0–60 even when the form was skipped', () => {
		for (const days of [-1, 61, 2.5]) {
			expect(applyStageEdits(job(), [{ kind: 'days', stage: 'Polishing', days }]).ok).toBe(false);
			expect(
				applyStageEdits(job(), [{ kind: 'add', after: 'Polishing', name: 'Rework', expectedDays: days, photoRequired: false }]).ok
			).toBe(false);
		}
		expect(applyStageEdits(job(), [{ kind: 'days', stage: 'Polishing', days: 0 }]).ok).toBe(true);
		expect(applyStageEdits(job(), [{ kind: 'days', stage: 'Polishing', days: 60 }]).ok).toBe(true);
	});

	it(`holds at most ${MAX_STAGES} stages, skipped ones included`, () => {
		const full: EditableMilestone[] = Array.from({ length: MAX_STAGES }, (_, i) => ({
			id: id(i + 1),
			name: `Stage ${i + 1}`,
			expectedDays: 1,
			photoRequired: false,
			status: i === 0 ? 'skipped' : 'pending'
		}));
		expect(applyStageEdits(full, [{ kind: 'add', after: 'Stage 3', name: 'Rework', expectedDays: 1, photoRequired: false }])).toEqual({
			ok: false,
			problems: [
				{
					row: undefined,
					field: 'name',
					message: `A job holds at most ${MAX_STAGES} stages: skip one you do not need instead of adding Rework.`
				}
			]
		});
		expect(
			applyStageEdits(full.slice(1), [{ kind: 'add', after: 'Stage 3', name: 'Rework', expectedDays: 1, photoRequired: false }]).ok
		).toBe(true);
	});

	it('keeps at least one stage that is not skipped', () => {
		const pending = job().map((s) => ({ ...s, status: 'pending' as const }));
		const all = pending.map((s) => ({ kind: 'skip' as const, stage: s.name }));
		expect(applyStageEdits(pending, all)).toEqual({
			ok: false,
			problems: [{ field: 'skipped', message: 'Keep at least one stage that is not skipped: a job bag needs a stage to go through.' }]
		});
		expect(applyStageEdits(pending, all.slice(1)).ok).toBe(true);
	});

	it('brings a skipped stage back only before stages not yet started', () => {
		const stages = job();
		stages[2].status = 'skipped';
		expect(applyStageEdits(stages, [{ kind: 'restore', stage: 'Engraving' }])).toMatchObject({
			ok: true,
			changes: ['brought back engraving']
		});
		const early = job();
		early[0].status = 'skipped';
		expect(applyStageEdits(early, [{ kind: 'restore', stage: 'Casting', row: 0 }])).toEqual({
			ok: false,
			problems: [
				{
					row: 0,
					field: 'skipped',
					message:
						'Casting cannot come back: clean-up and filing after it has already started. Add a new stage after clean-up and filing instead.'
				}
			]
		});
	});

	it('changes nothing where the edit is already true, so one edit fits jobs of a line that differ a little', () => {
		const skipped = job();
		skipped[2].status = 'skipped';
		expect(applyStageEdits(skipped, [{ kind: 'skip', stage: 'Engraving' }])).toEqual({ ok: true, stages: skipped, changes: [] });
		expect(applyStageEdits(job(), [{ kind: 'restore', stage: 'Engraving' }])).toEqual({ ok: true, stages: job(), changes: [] });
	});
});

describe('planEditedStages', () => {
	it('plans back from the promised date; a skipped stage takes no days and sits where it would have been', () => {
		const p = '2026-12-11';
		const stages = [
			{ expectedDays: 4, status: 'done' as const },
			{ expectedDays: 2, status: 'skipped' as const },
			{ expectedDays: 5, status: 'pending' as const },
			{ expectedDays: 3, status: 'skipped' as const }
		];
		expect(planEditedStages(p, stages)).toEqual([
			{ plannedStart: shiftDate(p, -9), plannedFinish: shiftDate(p, -5) },
			{ plannedStart: shiftDate(p, -5), plannedFinish: shiftDate(p, -5) },
			{ plannedStart: shiftDate(p, -5), plannedFinish: p },
			{ plannedStart: p, plannedFinish: p }
		]);
		expect(remainingDays(stages)).toBe(5);
	});
});

describe('milestoneEditFromFormData', () => {
	it('reads the rows posted without JavaScript, keeping what was typed', () => {
		const form = new FormData();
		form.set('jobId', JOB);
		form.set('version', '4');
		form.set('stages[1].id', id(2));
		form.set('stages[1].name', 'Polishing');
		form.set('stages[1].expectedDays', 'five');
		form.set('stages[0].id', id(1));
		form.set('stages[0].name', 'Engraving');
		form.set('stages[0].expectedDays', '2');
		form.set('stages[0].skipped', 'on');
		form.set('applyToLine', 'on');
		expect(milestoneEditFromFormData(form)).toEqual({
			jobId: JOB,
			version: '4',
			applyToLine: true,
			stages: [
				{ id: id(1), name: 'Engraving', expectedDays: 2, photoRequired: false, skipped: true },
				{ id: id(2), name: 'Polishing', expectedDays: 'five', photoRequired: false, skipped: false }
			]
		});
	});
});
