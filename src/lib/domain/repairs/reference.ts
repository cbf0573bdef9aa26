/** Names and words for repairs: numbers, statuses, kinds of work, estimates, and what differs on return. */
import { formatGrams } from '../../format/weight.ts';
import type { EstimateState, RepairStatus } from './status.ts';

export { repairStatusLabels } from './status.ts';

/** Mirrors `repair_job.requested_work` (the schema's list; a server test checks they agree). */
export const repairWorkKinds = ['sizing', 're_tipping', 'chain_solder', 'stone_replacement', 'rhodium_replate', 'other'] as const;
export type RepairWorkKind = (typeof repairWorkKinds)[number];

export const repairWorkKindLabels: Record<RepairWorkKind, string> = {
	sizing: 'Sizing',
	re_tipping: 'Re-tipping prongs',
	chain_solder: 'Chain solder',
	stone_replacement: 'Stone replacement',
	rhodium_replate: 'Rhodium re-plate',
	other: 'Other'
};

/** Work that adds or removes metal: a weight change on return is expected, though still checked. */
export const weightChangingWork: readonly RepairWorkKind[] = ['sizing', 're_tipping', 'chain_solder'];

export const repairStatusTone: Record<RepairStatus, 'neutral' | 'info' | 'success' | 'warning' | 'danger'> = {
	intake: 'neutral',
	assigned: 'info',
	received: 'info',
	in_work: 'info',
	done: 'success',
	shipped_back: 'info',
	returned: 'success',
	closed: 'neutral',
	cancelled: 'neutral'
};

/** RJ-2026-0042: the year the repair was taken in and its place in that year, gap-free. */
export function formatRepairNumber(year: number, sequence: number): string {
	return `RJ-${year}-${String(sequence).padStart(4, '0')}`;
}

export const REPAIR_NUMBER_PATTERN = /^RJ-\d{4}-\d{4,}$/;

export const estimateStateLabels: Record<EstimateState, string> = {
	none: 'No estimate yet',
	submitted: 'Estimate waiting for approval',
	approved: 'Estimate approved',
	declined: 'Customer declined the estimate',
	revision_requested: 'New estimate requested'
};

/** What one estimate row says, for lists of estimates; `superseded` rows with a decision are ones the brand asked to redo. */
export type EstimateOutcome = 'submitted' | 'approved' | 'declined' | 'revision_requested' | 'superseded';

export function estimateOutcome(row: {
	status: 'submitted' | 'approved' | 'declined' | 'superseded';
	decidedAt: Date | string | null;
}): EstimateOutcome {
	if (row.status === 'superseded' && row.decidedAt !== null) return 'revision_requested';
	return row.status;
}

export const estimateOutcomeLabels: Record<EstimateOutcome, string> = {
	submitted: 'Waiting for approval',
	approved: 'Approved',
	declined: 'Declined by the customer',
	revision_requested: 'New estimate requested',
	superseded: 'Replaced by a newer estimate'
};

export const repairPhotoStages = ['intake', 'workshop', 'return'] as const;
export type RepairPhotoStage = (typeof repairPhotoStages)[number];

export const repairPhotoStageLabels: Record<RepairPhotoStage, string> = {
	intake: 'At intake',
	workshop: 'At the workshop',
	return: 'On return'
};

/** Grams with two decimals, or three when the milligrams need them: 3.42 g, 3.415 g. */
export function gramsText(mg: number): string {
	return mg % 10 === 0 ? formatGrams(mg, 2) : formatGrams(mg, 3);
}

/** "Weight 3.42 g on return, 3.60 g at intake: 0.18 g less" */
export function weightDifferenceWords(intakeMg: number, returnMg: number): string {
	const diff = returnMg - intakeMg;
	const direction = diff < 0 ? 'less' : 'more';
	return `Weight ${gramsText(returnMg)} on return, ${gramsText(intakeMg)} at intake: ${gramsText(Math.abs(diff))} ${direction}`;
}

/** "Stones 4 on return, 5 at intake: 1 fewer" */
export function stoneDifferenceWords(intakeCount: number, returnCount: number): string {
	const diff = returnCount - intakeCount;
	return `Stones ${returnCount} on return, ${intakeCount} at intake: ${Math.abs(diff)} ${diff < 0 ? 'fewer' : 'more'}`;
}

/** The estimate dimension of the state machine from the current workshop's latest estimate (none when there is none). */
export function estimateStateOf(
	latest: { status: 'submitted' | 'approved' | 'declined' | 'superseded'; decidedAt: Date | string | null } | null | undefined
): EstimateState {
	if (!latest) return 'none';
	const outcome = estimateOutcome(latest);
	return outcome === 'superseded' ? 'none' : outcome;
}
