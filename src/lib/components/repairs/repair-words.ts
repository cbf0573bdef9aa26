/** Words the repair screens share: carriers, what each step in the history means, and small phrases. */
import type { RepairView } from '#lib/server/repairs/service.ts';

export type Message = { tone: 'error' | 'success' | 'info' | 'warning'; text: string } | undefined;

/** Carriers offered when shipping a piece back; "Other" takes a name. Insured services for valuables first. */
export const repairCarriers = ['Malca-Amit', 'Brink’s', 'Ferrari Group', 'FedEx', 'UPS', 'DHL Express', 'USPS', 'Hand delivery'] as const;

export const carrierOptions = [
	...repairCarriers.map((carrier) => ({ value: carrier, label: carrier })),
	{ value: 'other', label: 'Other…' }
];

/** What each step of the job's history says, whichever side reads it. */
export const repairEventLabels: Record<string, string> = {
	created: 'Taken in',
	intake_edited: 'Intake corrected',
	assigned: 'Given to the workshop',
	withdrawn: 'Given to another workshop',
	cancelled: 'Cancelled',
	estimate_submitted: 'Estimate sent',
	estimate_approved: 'Estimate approved',
	estimate_declined: 'Estimate declined',
	estimate_redo_requested: 'New estimate asked for',
	received: 'Received by the workshop',
	work_started: 'Work started',
	work_done: 'Work done',
	shipped_back: 'Shipped back',
	final_price: 'Final price recorded',
	return_checked: 'Return checked: as at intake',
	return_flagged: 'Return checked: difference found',
	returned: 'Back at the brand',
	discrepancy_resolved: 'Difference resolved',
	closed: 'Closed',
	photos_added: 'Photos added'
};

export const eventTone = (kind: string): 'good' | 'bad' | 'plain' =>
	['estimate_approved', 'work_done', 'return_checked', 'discrepancy_resolved', 'closed'].includes(kind)
		? 'good'
		: ['cancelled', 'estimate_declined', 'return_flagged', 'withdrawn'].includes(kind)
			? 'bad'
			: 'plain';

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export type RepairPhotoView = RepairView['photos'][number];

/** What the brand is waiting for when it has nothing to do on the repair now. */
export function brandWaitingText(view: RepairView): string {
	const shop = view.workshop?.name ?? 'the workshop';
	const { status, estimate } = view.state;
	switch (status) {
		case 'intake':
			return 'Give the repair to a workshop.';
		case 'assigned':
		case 'received': {
			const where = status === 'assigned' ? `The piece is on its way to ${shop}.` : `${shop} has the piece.`;
			if (estimate === 'approved')
				return status === 'assigned'
					? `${where} The estimate is approved: work starts once they receive it.`
					: `${where} The estimate is approved: work can start.`;
			if (estimate === 'declined') return `${where} The customer declined the estimate: ${shop} ships it back unrepaired.`;
			if (estimate === 'revision_requested') return `${where} Waiting for their new estimate.`;
			return `${where} Waiting for their estimate.`;
		}
		case 'in_work':
			return `${shop} is working on the piece.`;
		case 'done':
			return `The work is done: waiting for ${shop} to ship the piece back.`;
		case 'shipped_back':
			return 'The piece is on its way back: check it when it arrives.';
		case 'returned':
			return 'The piece is back and checked.';
		case 'closed':
			return 'This repair is closed.';
		case 'cancelled':
			return 'This repair was cancelled.';
	}
}

/** What the workshop is waiting for when it has nothing to do on the repair now. */
export function workshopWaitingText(view: RepairView): string {
	const { status, estimate } = view.state;
	switch (status) {
		case 'assigned':
		case 'received':
			if (estimate === 'submitted') return 'Your estimate is waiting for the brand, who asks the customer. You are told by e-mail.';
			return status === 'assigned' ? 'Mark the piece received when it arrives.' : 'Send your estimate.';
		case 'in_work':
			return 'Mark the work done when the piece is ready to go back.';
		case 'done':
			return 'Ship the piece back and record the carrier and tracking number.';
		case 'shipped_back':
			return 'Shipped back: the brand checks the piece when it arrives.';
		case 'returned':
			return 'The brand has the piece back. Nothing more is needed from you.';
		case 'closed':
			return 'This repair is closed. Nothing more is needed from you.';
		case 'cancelled':
			return 'The brand cancelled this repair: do no work on it.';
		case 'intake':
			return 'The brand has not given this repair to you yet.';
	}
}
