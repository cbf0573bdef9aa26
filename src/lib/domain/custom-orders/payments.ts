/**
 * The client's payments on a custom order: what was scheduled (the agreed price is the sum of the
 * schedule), what was paid, what is still outstanding and what is overdue. Integer minor units only.
 */

export interface PaymentLike {
	amountMinor: number;
	dueDate: string | null;
	paidOn: string | null;
}

export interface PaymentSummary {
	/** the sum of every scheduled payment: the price agreed with the client */
	scheduledMinor: number;
	paidMinor: number;
	/** scheduled − paid; never negative, as a payment is recorded paid in full */
	outstandingMinor: number;
	/** unpaid payments whose due date has passed */
	overdueMinor: number;
	overdueCount: number;
	/** the earliest unpaid payment with a due date */
	nextDue: { dueDate: string; amountMinor: number } | null;
}

/** Unpaid after its due date (a payment due today is not late yet). */
export const isOverduePayment = (payment: PaymentLike, today: string) =>
	payment.paidOn === null && payment.dueDate !== null && payment.dueDate < today;

export function summarizePayments(payments: readonly PaymentLike[], today: string): PaymentSummary {
	let scheduledMinor = 0;
	let paidMinor = 0;
	let overdueMinor = 0;
	let overdueCount = 0;
	let nextDue: PaymentSummary['nextDue'] = null;
	for (const payment of payments) {
		scheduledMinor += payment.amountMinor;
		if (payment.paidOn !== null) {
			paidMinor += payment.amountMinor;
			continue;
		}
		if (isOverduePayment(payment, today)) {
			overdueMinor += payment.amountMinor;
			overdueCount += 1;
		}
		if (payment.dueDate !== null && (nextDue === null || payment.dueDate < nextDue.dueDate)) {
			nextDue = { dueDate: payment.dueDate, amountMinor: payment.amountMinor };
		}
	}
	if (!Number.isSafeInteger(scheduledMinor)) throw new RangeError('The payments add up to more than Bezel can hold.');
	return { scheduledMinor, paidMinor, outstandingMinor: scheduledMinor - paidMinor, overdueMinor, overdueCount, nextDue };
}

/** How the budget compares with the agreed price (both in the order's currency); null without a budget or a schedule. */
export function budgetDifference(budgetMinor: number | null, scheduledMinor: number): number | null {
	if (budgetMinor === null || scheduledMinor === 0) return null;
	return scheduledMinor - budgetMinor;
}
