/**
 * The arithmetic of shipments and receipts, without I/O: numbers, what may still be announced, the
 * over-receipt allowance and weights. Quantities are whole pieces, weights integer milligrams.
 */
export const shipmentStatusLabels = { announced: 'Announced', received: 'Received', cancelled: 'Cancelled' } as const;

/** POs a workshop may announce goods against. */
export const announceablePoStatuses = ['acknowledged', 'in_production', 'partially_received'] as const;
/** POs the brand may receive goods against (a received PO still takes rework returns and allowed extras). */
export const receivablePoStatuses = ['acknowledged', 'change_requested', 'in_production', 'partially_received', 'received'] as const;

export const isAnnounceable = (status: string) => (announceablePoStatuses as readonly string[]).includes(status);
export const isReceivable = (status: string) => (receivablePoStatuses as readonly string[]).includes(status);

const poStatusWords: Record<string, string> = {
	draft: 'still a draft',
	sent: 'not acknowledged by the workshop yet',
	change_requested: 'waiting for the brand’s answer to a change request',
	declined: 'declined',
	closed: 'closed',
	cancelled: 'cancelled',
	received: 'fully received'
};

/** Why goods cannot be announced against a PO in this status. */
export function whyNotAnnounce(poNumber: string, status: string): string {
	return `${poNumber} is ${poStatusWords[status] ?? status.replace('_', ' ')}: goods can be announced only against an acknowledged PO that is in production or partly received.`;
}

/** Why goods cannot be received against a PO in this status. */
export function whyNotReceive(poNumber: string, status: string): string {
	return `${poNumber} is ${poStatusWords[status] ?? status.replace('_', ' ')}: goods can be received only once the workshop has acknowledged it, and not after it is closed or cancelled.`;
}

export const formatShipmentNumber = (year: number, sequence: number) => `SH-${year}-${String(sequence).padStart(4, '0')}`;
export const formatReceiptNumber = (year: number, sequence: number) => `RC-${year}-${String(sequence).padStart(4, '0')}`;

/** Pieces of a PO line that may still be announced: ordered − received − announced and not yet received. */
export function announceableQuantity(line: { quantity: number; receivedQuantity: number }, announcedOpen: number): number {
	return Math.max(0, line.quantity - line.receivedQuantity - announcedOpen);
}

/** Extra pieces received freely over the ordered quantity: the allowance in basis points of ordered, rounded down. */
export function overReceiptAllowance(ordered: number, allowanceBp: number): number {
	return Math.floor((ordered * allowanceBp) / 10_000);
}

export type OverReceipt = { kind: 'within' } | { kind: 'over_allowance'; limit: number; excess: number };

/** Whether receiving `adding` more new pieces keeps the line within ordered + allowance. */
export function checkOverReceipt(line: { quantity: number; receivedQuantity: number }, adding: number, allowanceBp: number): OverReceipt {
	const limit = line.quantity + overReceiptAllowance(line.quantity, allowanceBp);
	const total = line.receivedQuantity + adding;
	return total <= limit ? { kind: 'within' } : { kind: 'over_allowance', limit, excess: total - limit };
}

/** The stored gross weight of a receipt line: a per-piece weight times the pieces, or the lot's weight. */
export function grossWeightMg(basis: 'per_piece' | 'lot', weightMg: number, quantity: number): number {
	return basis === 'per_piece' ? weightMg * quantity : weightMg;
}

export const plural = (n: number, word: string, many = `${word}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? word : many}`;
