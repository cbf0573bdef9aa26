/**
 * A repair's life as pure data. Two dimensions move together: where the piece is (the status) and
 * where the money stands (the current workshop's latest estimate), plus, once back, whether a
 * difference found on return is still open. The services ask `nextRepairState` before every change,
 * so no screen can skip a step: work never starts without an approved estimate, and a repair never
 * closes with an unexplained difference in weight or stones.
 */

/** Mirrors `repair_job.status` (the schema's list; a server test checks they agree). */
export const repairStatuses = [
	'intake',
	'assigned',
	'received',
	'in_work',
	'done',
	'shipped_back',
	'returned',
	'closed',
	'cancelled'
] as const;
export type RepairStatus = (typeof repairStatuses)[number];

/**
 * The current workshop's latest estimate: none yet, waiting for the brand, approved, declined by the
 * customer (the piece goes back unrepaired), or a new one asked for.
 */
export const estimateStates = ['none', 'submitted', 'approved', 'declined', 'revision_requested'] as const;
export type EstimateState = (typeof estimateStates)[number];

/** A weight or stone difference found on return: none, open (blocks closing) or resolved with a note. */
export const discrepancyStates = ['none', 'open', 'resolved'] as const;
export type DiscrepancyState = (typeof discrepancyStates)[number];

export interface RepairState {
	status: RepairStatus;
	estimate: EstimateState;
	discrepancy: DiscrepancyState;
}

export type RepairSide = 'brand' | 'vendor';

export const repairEvents = [
	'edit_intake', // brand corrects the intake facts before a workshop has the job
	'assign', // brand gives the job to a workshop
	'reassign', // brand moves it to another workshop, only while the piece has not reached the first
	'cancel', // brand, with a reason, while the piece is not yet being worked on
	'receive', // workshop has the piece
	'submit_estimate', // workshop quotes (a newer quote replaces its waiting one)
	'approve_estimate', // brand, after the customer agreed
	'decline_estimate', // brand: the customer declined; the piece goes back unrepaired
	'request_new_estimate', // brand: asks the workshop for another quote
	'start_work', // workshop
	'record_final_price', // workshop, when the work cost something other than the estimate
	'finish', // workshop: the work is done
	'ship_back', // workshop: carrier, tracking number, date
	'check_return', // brand weighs and counts: everything matches intake
	'check_return_flagged', // brand weighs and counts: a difference is found
	'resolve_discrepancy', // brand explains the difference with a note
	'close' // brand
] as const;
export type RepairEvent = (typeof repairEvents)[number];

interface Rule {
	by: RepairSide;
	from: readonly RepairStatus[];
	/** the new status; omitted when the event leaves the status as it is */
	to?: RepairStatus;
	/** the estimate states the event needs (any when omitted) */
	estimate?: readonly EstimateState[];
	/** what the event does to the estimate dimension */
	estimateTo?: EstimateState;
	discrepancy?: readonly DiscrepancyState[];
	discrepancyTo?: DiscrepancyState;
}

const quoting = ['assigned', 'received'] as const satisfies readonly RepairStatus[];

export const repairRules: Record<RepairEvent, Rule> = {
	edit_intake: { by: 'brand', from: ['intake'] },
	assign: { by: 'brand', from: ['intake'], to: 'assigned', estimateTo: 'none' },
	reassign: { by: 'brand', from: ['assigned'], to: 'assigned', estimateTo: 'none' },
	cancel: { by: 'brand', from: ['intake', 'assigned', 'received'], to: 'cancelled' },
	receive: { by: 'vendor', from: ['assigned'], to: 'received' },
	submit_estimate: {
		by: 'vendor',
		from: quoting,
		estimate: ['none', 'submitted', 'declined', 'revision_requested'],
		estimateTo: 'submitted'
	},
	approve_estimate: { by: 'brand', from: quoting, estimate: ['submitted'], estimateTo: 'approved' },
	decline_estimate: { by: 'brand', from: quoting, estimate: ['submitted'], estimateTo: 'declined' },
	request_new_estimate: { by: 'brand', from: quoting, estimate: ['submitted'], estimateTo: 'revision_requested' },
	start_work: { by: 'vendor', from: ['received'], to: 'in_work', estimate: ['approved'] },
	record_final_price: { by: 'vendor', from: ['in_work', 'done', 'shipped_back'], estimate: ['approved'] },
	finish: { by: 'vendor', from: ['in_work'], to: 'done' },
	// from `received` only for a piece the customer chose not to repair (see shipBackAllowed)
	ship_back: { by: 'vendor', from: ['done', 'received'], to: 'shipped_back' },
	check_return: { by: 'brand', from: ['shipped_back'], to: 'returned', discrepancyTo: 'none' },
	check_return_flagged: { by: 'brand', from: ['shipped_back'], to: 'returned', discrepancyTo: 'open' },
	resolve_discrepancy: { by: 'brand', from: ['returned'], discrepancy: ['open'], discrepancyTo: 'resolved' },
	close: { by: 'brand', from: ['returned'], to: 'closed', discrepancy: ['none', 'resolved'] }
};

/** A repaired piece ships back once done; an unrepaired one only when the customer declined the estimate. */
function shipBackAllowed(state: RepairState): boolean {
	return state.status === 'done' || (state.status === 'received' && state.estimate === 'declined');
}

/** The state after `event`, or null when `side` may not do it now. */
export function nextRepairState(state: RepairState, event: RepairEvent, side: RepairSide): RepairState | null {
	const rule = repairRules[event];
	if (rule.by !== side || !rule.from.includes(state.status)) return null;
	if (rule.estimate && !rule.estimate.includes(state.estimate)) return null;
	if (rule.discrepancy && !rule.discrepancy.includes(state.discrepancy)) return null;
	if (event === 'ship_back' && !shipBackAllowed(state)) return null;
	return {
		status: rule.to ?? state.status,
		estimate: rule.estimateTo ?? state.estimate,
		discrepancy: rule.discrepancyTo ?? state.discrepancy
	};
}

export function allowedRepairEvents(state: RepairState, side: RepairSide): RepairEvent[] {
	return repairEvents.filter((event) => nextRepairState(state, event, side) !== null);
}

export const isTerminalRepair = (status: RepairStatus) => status === 'closed' || status === 'cancelled';

/**
 * The status a status-changing step leads to, so a second click on the same step (the row already
 * there) can answer "already done" instead of an error.
 */
export function stepTarget(event: RepairEvent): RepairStatus | null {
	const to = repairRules[event].to;
	return to && !repairRules[event].from.includes(to) ? to : null;
}

export const repairStatusLabels: Record<RepairStatus, string> = {
	intake: 'Intake',
	assigned: 'With the workshop',
	received: 'Received by the workshop',
	in_work: 'In work',
	done: 'Work done',
	shipped_back: 'Shipped back',
	returned: 'Returned',
	closed: 'Closed',
	cancelled: 'Cancelled'
};

/**
 * Why `event` cannot happen now, as a sentence a person can act on (null when it can). Screens show
 * it beside a disabled button; services put it in the refusal.
 */
export function whyNot(state: RepairState, event: RepairEvent, side: RepairSide): string | null {
	if (nextRepairState(state, event, side) !== null) return null;
	const rule = repairRules[event];
	if (rule.by !== side) return rule.by === 'vendor' ? 'Only the workshop can do that.' : 'Only the brand can do that.';
	const now = repairStatusLabels[state.status].toLowerCase();
	if (isTerminalRepair(state.status)) return `The repair is ${now}: nothing more can be done on it.`;
	switch (event) {
		case 'edit_intake':
			return 'The intake can be changed only before a workshop has the job.';
		case 'assign':
			return 'The repair already has a workshop; choose another one with “Re-assign”.';
		case 'reassign':
			return state.status === 'intake'
				? 'Assign a workshop first.'
				: 'The piece has reached the workshop: it can no longer be moved to another one.';
		case 'cancel':
			return 'Work on the piece has started: it can no longer be cancelled. Ask the workshop to finish and ship it back.';
		case 'receive':
			return 'Only a piece on its way to the workshop can be marked received.';
		case 'submit_estimate':
			if (state.estimate === 'approved' && rule.from.includes(state.status))
				return 'The estimate is already approved. If the work costs something else, record the final price when it is done.';
			return 'An estimate can be sent only before work starts.';
		case 'approve_estimate':
		case 'decline_estimate':
		case 'request_new_estimate':
			return rule.from.includes(state.status) ? 'There is no estimate waiting for a decision.' : 'The estimate can no longer be changed.';
		case 'start_work':
			if (state.status === 'assigned') return 'Mark the piece received first.';
			if (state.status === 'received')
				return state.estimate === 'declined'
					? 'The customer declined the estimate: ship the piece back unrepaired.'
					: 'Work can start only once the brand has approved an estimate.';
			return 'Work has already started.';
		case 'record_final_price':
			return state.estimate === 'approved' ? 'A final price can be recorded once work has started.' : 'There is no approved estimate.';
		case 'finish':
			return 'Only work in progress can be marked done.';
		case 'ship_back':
			if (state.status === 'received' || state.status === 'in_work' || state.status === 'assigned')
				return 'Ship the piece back once the work is done, or once the brand has declined the estimate.';
			return 'The piece has already been shipped back.';
		case 'check_return':
		case 'check_return_flagged':
			return state.status === 'returned'
				? 'The return has already been checked.'
				: 'The return can be checked once the workshop has shipped the piece back.';
		case 'resolve_discrepancy':
			return state.status === 'returned' ? 'There is no open difference to resolve.' : 'Check the return first.';
		case 'close':
			if (state.status === 'returned' && state.discrepancy === 'open')
				return 'A difference was found on return: resolve it with a note before closing.';
			return 'A repair can be closed once the piece is back and checked.';
	}
}
