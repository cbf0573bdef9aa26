/**
 * The one word both sides see for an invoice, derived — never set by hand — from the match result,
 * a manual hold and the payment. Stored on the row (kept by every service that changes an input) so
 * lists filter and sort by it with an index.
 */

/** pending = not matched yet (just submitted, or the re-match has not run) */
export const matchStatuses = ['pending', 'matched', 'exception', 'warning_only'] as const;
export type StoredMatchStatus = (typeof matchStatuses)[number];

/** submitted (not matched yet) → matched | exception → on_hold → approved → scheduled → paid */
export const invoiceStatuses = ['submitted', 'matched', 'exception', 'on_hold', 'approved', 'scheduled', 'paid'] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];

export interface InvoiceStatusInputs {
	matchStatus: StoredMatchStatus;
	/** a manual hold by finance */
	manuallyHeld: boolean;
	approved: boolean;
	/** the payment it is on, if any */
	paymentStatus: 'scheduled' | 'paid' | null;
}

export function deriveInvoiceStatus(inputs: InvoiceStatusInputs): InvoiceStatus {
	if (inputs.paymentStatus === 'paid') return 'paid';
	if (inputs.paymentStatus === 'scheduled') return 'scheduled';
	if (inputs.approved) return 'approved';
	if (inputs.manuallyHeld) return 'on_hold';
	if (inputs.matchStatus === 'pending') return 'submitted';
	if (inputs.matchStatus === 'exception') return 'exception';
	return 'matched';
}

export const invoiceStatusLabels: Record<InvoiceStatus, string> = {
	submitted: 'Submitted',
	matched: 'Matched',
	exception: 'Exception',
	on_hold: 'On hold',
	approved: 'Approved',
	scheduled: 'Payment scheduled',
	paid: 'Paid'
};

/** What each status means, in the vendor's words (shown beside the badge). */
export const invoiceStatusHints: Record<InvoiceStatus, string> = {
	submitted: 'Received; being matched against the PO, receipts and QC.',
	matched: 'Matches the PO, what was received and what passed QC; waiting for approval.',
	exception: 'Does not match yet: see what to fix below.',
	on_hold: 'Held by finance; the reason is shown below.',
	approved: 'Approved for payment.',
	scheduled: 'Payment is scheduled.',
	paid: 'Paid.'
};

/** Finance may approve only what matched (warnings are finance's to read) and is not held. */
export function canApprove(inputs: InvoiceStatusInputs & { kind: 'invoice' | 'credit_note' }): boolean {
	return (
		!inputs.approved &&
		inputs.paymentStatus === null &&
		!inputs.manuallyHeld &&
		(inputs.matchStatus === 'matched' || inputs.matchStatus === 'warning_only')
	);
}

/** Still counted as owed to the workshop: approved or awaiting a decision, not yet paid. */
export const isOpen = (status: InvoiceStatus) => status !== 'paid';
