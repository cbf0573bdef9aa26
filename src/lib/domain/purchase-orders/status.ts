/**
 * The purchase order's life (DOMAIN.md) as pure data: which event moves which state where, and who
 * may trigger it. The service asks `nextStatus` before every change, so no screen can skip a step.
 */
/** Every status, in the order of a PO's life (the schema's column takes its values from here). */
export const poStatuses = [
	'draft',
	'sent',
	'acknowledged',
	'change_requested',
	'declined',
	'in_production',
	'partially_received',
	'received',
	'closed',
	'cancelled'
] as const;

export type PoStatus = (typeof poStatuses)[number];

export type PoEvent =
	| 'send' // ops sends the draft, or a new revision
	| 'acknowledge' // vendor confirms every open line
	| 'request_changes' // vendor proposes changes on one or more lines
	| 'decline' // vendor refuses the PO
	| 'revise' // ops edits a sent PO or accepts change requests: a new revision to acknowledge
	| 'answer_changes' // ops rejects every change request: back to the vendor, same revision
	| 'start_production'
	| 'receive_part'
	| 'receive_all'
	| 'close'
	| 'cancel';

export type PoSide = 'brand' | 'vendor';

/** Finished: every piece is in, or the order was closed or cancelled */
const finishedPoStatuses: readonly PoStatus[] = ['received', 'closed', 'cancelled'];

/** Not finished: what the lists call open, drafts included (in the order of a PO's life) */
export const openPoStatuses: readonly PoStatus[] = poStatuses.filter((status) => !finishedPoStatuses.includes(status));

interface Rule {
	from: readonly PoStatus[];
	to: PoStatus;
	/** 'either': production starts with the first stage reported, by the workshop or by ops for them */
	by: PoSide | 'either';
}

export const poRules: Record<PoEvent, Rule> = {
	send: { from: ['draft'], to: 'sent', by: 'brand' },
	acknowledge: { from: ['sent'], to: 'acknowledged', by: 'vendor' },
	request_changes: { from: ['sent'], to: 'change_requested', by: 'vendor' },
	decline: { from: ['sent', 'change_requested'], to: 'declined', by: 'vendor' },
	revise: { from: ['sent', 'acknowledged', 'change_requested', 'declined', 'in_production'], to: 'sent', by: 'brand' },
	answer_changes: { from: ['change_requested'], to: 'sent', by: 'brand' },
	start_production: { from: ['acknowledged'], to: 'in_production', by: 'either' },
	receive_part: { from: ['acknowledged', 'in_production', 'partially_received'], to: 'partially_received', by: 'brand' },
	receive_all: { from: ['acknowledged', 'in_production', 'partially_received'], to: 'received', by: 'brand' },
	close: { from: ['acknowledged', 'in_production', 'partially_received', 'received', 'declined'], to: 'closed', by: 'brand' },
	cancel: { from: openPoStatuses, to: 'cancelled', by: 'brand' }
};

export const poEvents = Object.keys(poRules) as PoEvent[];

/** The state after `event`, or null when the event is not allowed from `status` for `side`. */
export function nextStatus(status: PoStatus, event: PoEvent, side: PoSide): PoStatus | null {
	const rule = poRules[event];
	if ((rule.by !== side && rule.by !== 'either') || !rule.from.includes(status)) return null;
	return rule.to;
}

export function allowedEvents(status: PoStatus, side: PoSide): PoEvent[] {
	return poEvents.filter((event) => nextStatus(status, event, side) !== null);
}

export const isTerminal = (status: PoStatus) => status === 'closed' || status === 'cancelled';

/** Waiting on the vendor: they have something to answer. */
export const awaitsVendor = (status: PoStatus) => status === 'sent';

export const poStatusLabels: Record<PoStatus, string> = {
	draft: 'Draft',
	sent: 'Awaiting acknowledgement',
	acknowledged: 'Acknowledged',
	change_requested: 'Changes requested',
	declined: 'Declined',
	in_production: 'In production',
	partially_received: 'Partially received',
	received: 'Received',
	closed: 'Closed',
	cancelled: 'Cancelled'
};

export const poStatusTone: Record<PoStatus, 'neutral' | 'info' | 'success' | 'warning' | 'danger'> = {
	draft: 'neutral',
	sent: 'info',
	acknowledged: 'success',
	change_requested: 'warning',
	declined: 'danger',
	in_production: 'info',
	partially_received: 'info',
	received: 'success',
	closed: 'neutral',
	cancelled: 'neutral'
};
