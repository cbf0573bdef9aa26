/**
 * Inputs of production: what a person at the bench sends (start or finish a stage, flag a problem)
 * and what ops sends (resolve it, launches, the timeline's filters). Quantities and weights arrive as
 * typed; blank quantity means "all the pieces that can move".
 */
import { z } from 'zod';
import { problemReasons } from './reference.ts';

const isoDate = z.iso.date({ error: 'Enter a date like 2026-12-31.' });
const jobIds = z
	.array(z.uuid({ error: 'Choose the jobs from the list.' }))
	.min(1, 'Choose at least one job.')
	.max(200, 'Move at most 200 jobs at once.');
const note = z.string().trim().max(2000, 'Keep the note under 2,000 characters.').optional().default('');
const blankOrCount = z.union([
	z.literal(''),
	z.coerce.number({ error: 'Enter a whole number of pieces.' }).int('Enter a whole number of pieces.').min(1, 'Enter at least 1 piece.')
]);

export const stageActions = ['start', 'finish'] as const;
export type StageAction = (typeof stageActions)[number];

export const stageUpdateSchema = z.object({
	jobIds,
	stage: z.string().trim().min(1, 'Choose the stage.').max(60),
	action: z.enum(stageActions, { error: 'Choose start or finish.' }),
	occurredOn: isoDate,
	quantity: blankOrCount.optional().default(''),
	/** grams as typed: weight going in (start) or coming out (finish) */
	weight: z.string().trim().max(20).optional().default(''),
	note
});
export type StageUpdateInput = z.infer<typeof stageUpdateSchema>;

export const problemSchema = z
	.object({
		jobIds,
		reason: z.enum(problemReasons, { error: 'Choose what is wrong.' }),
		occurredOn: isoDate,
		note
	})
	.refine((v) => v.reason !== 'other' || v.note.length > 0, { path: ['note'], message: 'Say what the problem is.' });
export type ProblemInput = z.infer<typeof problemSchema>;

export const resolveProblemSchema = z.object({
	problemId: z.uuid({ error: 'That problem does not exist.' }),
	resolution: z.string().trim().min(1, 'Say how it was resolved.').max(2000, 'Keep it under 2,000 characters.')
});
export type ResolveProblemInput = z.infer<typeof resolveProblemSchema>;

export const jobNoteSchema = z.object({
	jobId: z.uuid(),
	note: z.string().trim().max(2000, 'Keep the note under 2,000 characters.').optional().default('')
});
export type JobNoteInput = z.infer<typeof jobNoteSchema>;
