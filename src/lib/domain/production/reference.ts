/** Names and words for production: job numbers, problem reasons, milestone states. */
import type { MilestoneState } from './forecast.ts';

export const problemReasons = [
	'waiting_for_stones',
	'waiting_for_metal',
	'waiting_for_findings',
	'casting_defect',
	'broken_stone',
	'question_on_spec',
	'equipment',
	'other'
] as const;
export type ProblemReason = (typeof problemReasons)[number];

export const problemReasonLabels: Record<ProblemReason, string> = {
	waiting_for_stones: 'Waiting for stones',
	waiting_for_metal: 'Waiting for metal',
	waiting_for_findings: 'Waiting for findings',
	casting_defect: 'Casting defect',
	broken_stone: 'Broken stone',
	question_on_spec: 'Question on the spec',
	equipment: 'Equipment down',
	other: 'Other'
};

export const milestoneStatusLabels: Record<MilestoneState, string> = {
	pending: 'Not started',
	in_progress: 'In progress',
	done: 'Done',
	skipped: 'Skipped'
};

/** JB-2026-0042-1 for line 1's batch, JB-2026-0042-1.3 for its third piece. */
export function jobNumber(poNumber: string, lineNo: number, pieceNo: number | null): string {
	const base = `JB-${poNumber.replace(/^PO-/, '')}-${lineNo}`;
	return pieceNo === null ? base : `${base}.${pieceNo}`;
}

export const JOB_NUMBER_PATTERN = /^JB-\d{4}-\d{1,6}-\d{1,4}(\.\d{1,4})?$/;

/** a batch above this many pieces is a typing mistake; one bag per piece stops at 200 */
export const MAX_PIECES_PER_BAG_LINE = 200;
