import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { budgetDifference, isOverduePayment, summarizePayments, type PaymentLike } from './payments.ts';

const today = '2026-06-15';
const day = fc
	.integer({ min: -60, max: 60 })
	.map((offset) => new Date(Date.parse(`${today}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10));
const payment = fc.record({
	amountMinor: fc.integer({ min: 1, max: 50_000_000_00 }),
	dueDate: fc.option(day, { nil: null }),
	paidOn: fc.option(day, { nil: null })
});

describe('the client’s payments', () => {
	it('owes exactly what was scheduled and not yet paid', () => {
		fc.assert(
			fc.property(fc.array(payment, { maxLength: 12 }), (payments) => {
				const s = summarizePayments(payments, today);
				const sum = (list: PaymentLike[]) => list.reduce((total, p) => total + p.amountMinor, 0);
				expect(s.scheduledMinor).toBe(sum(payments));
				expect(s.paidMinor).toBe(sum(payments.filter((p) => p.paidOn !== null)));
				expect(s.outstandingMinor).toBe(s.scheduledMinor - s.paidMinor);
				expect(s.outstandingMinor).toBe(sum(payments.filter((p) => p.paidOn === null)));
				expect(s.outstandingMinor).toBeGreaterThanOrEqual(0);
				expect(s.overdueMinor).toBeLessThanOrEqual(s.outstandingMinor);
				expect(Number.isInteger(s.outstandingMinor)).toBe(true);
			})
		);
	});

	it('calls overdue only unpaid payments whose due date has passed, and picks the earliest unpaid due date as next', () => {
		fc.assert(
			fc.property(fc.array(payment, { maxLength: 12 }), (payments) => {
				const s = summarizePayments(payments, today);
				const overdue = payments.filter((p) => p.paidOn === null && p.dueDate !== null && p.dueDate < today);
				expect(s.overdueCount).toBe(overdue.length);
				expect(s.overdueMinor).toBe(overdue.reduce((t, p) => t + p.amountMinor, 0));
				for (const p of payments) expect(isOverduePayment(p, today)).toBe(overdue.includes(p));
				const unpaidDates = payments.filter((p) => p.paidOn === null && p.dueDate !== null).map((p) => p.dueDate!);
				expect(s.nextDue?.dueDate ?? null).toBe(unpaidDates.length ? unpaidDates.sort()[0] : null);
			})
		);
	});

	it('does not care about order', () => {
		fc.assert(
			fc.property(fc.array(payment, { maxLength: 10 }), (payments) => {
				const a = summarizePayments(payments, today);
				const b = summarizePayments([...payments].reverse(), today);
				expect({ ...b, nextDue: b.nextDue?.dueDate }).toEqual({ ...a, nextDue: a.nextDue?.dueDate });
			})
		);
	});

	it('works a deposit, CAD deposit and balance through', () => {
		const schedule: PaymentLike[] = [
			{ amountMinor: 50_000, dueDate: '2026-06-01', paidOn: '2026-06-01' }, // CAD deposit, paid
			{ amountMinor: 250_000, dueDate: '2026-06-10', paidOn: null }, // 50% to start, late
			{ amountMinor: 200_000, dueDate: '2026-07-30', paidOn: null } // balance on completion
		];
		expect(summarizePayments(schedule, today)).toEqual({
			scheduledMinor: 500_000,
			paidMinor: 50_000,
			outstandingMinor: 450_000,
			overdueMinor: 250_000,
			overdueCount: 1,
			nextDue: { dueDate: '2026-06-10', amountMinor: 250_000 }
		});
		// due today is not late yet
		expect(isOverduePayment({ amountMinor: 1, dueDate: today, paidOn: null }, today)).toBe(false);
		expect(summarizePayments([], today)).toMatchObject({ scheduledMinor: 0, outstandingMinor: 0, nextDue: null });
	});

	it('refuses sums that a number cannot hold exactly', () => {
		const huge = { amountMinor: Number.MAX_SAFE_INTEGER, dueDate: null, paidOn: null };
		expect(() => summarizePayments([huge, huge], today)).toThrow(RangeError);
	});

	it('compares the agreed price with the budget only when both exist', () => {
		expect(budgetDifference(null, 100)).toBeNull();
		expect(budgetDifference(100, 0)).toBeNull();
		expect(budgetDifference(500_000, 520_000)).toBe(20_000);
		expect(budgetDifference(500_000, 450_000)).toBe(-50_000);
	});
});
