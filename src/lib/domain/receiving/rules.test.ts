import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	announceableQuantity,
	checkOverReceipt,
	formatReceiptNumber,
	formatShipmentNumber,
	grossWeightMg,
	isAnnounceable,
	isReceivable,
	overReceiptAllowance,
	whyNotReceive
} from './rules.ts';

describe('receiving rules', () => {
	it('formats numbers with the year and four digits', () => {
		expect(formatShipmentNumber(2026, 42)).toBe('SH-2026-0042');
		expect(formatReceiptNumber(2026, 12345)).toBe('RC-2026-12345');
	});

	it('announces only what is neither received nor already on its way', () => {
		expect(announceableQuantity({ quantity: 12, receivedQuantity: 5 }, 4)).toBe(3);
		expect(announceableQuantity({ quantity: 12, receivedQuantity: 12 }, 2)).toBe(0);
	});

	it('allows the allowance rounded down, and not one piece more', () => {
		expect(overReceiptAllowance(12, 500)).toBe(0);
		expect(overReceiptAllowance(20, 500)).toBe(1);
		expect(overReceiptAllowance(39, 500)).toBe(1);
		expect(checkOverReceipt({ quantity: 20, receivedQuantity: 10 }, 11, 500)).toEqual({ kind: 'within' });
		expect(checkOverReceipt({ quantity: 20, receivedQuantity: 10 }, 12, 500)).toEqual({ kind: 'over_allowance', limit: 21, excess: 1 });
		expect(checkOverReceipt({ quantity: 20, receivedQuantity: 0 }, 20, 0)).toEqual({ kind: 'within' });
	});

	it('never lets the allowance exceed its share of the order', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 0, max: 10_000 }), (ordered, bp) => {
				const allowed = overReceiptAllowance(ordered, bp);
				expect(Number.isInteger(allowed)).toBe(true);
				expect(allowed * 10_000).toBeLessThanOrEqual(ordered * bp);
				expect((allowed + 1) * 10_000).toBeGreaterThan(ordered * bp);
			})
		);
	});

	it('stores a per-piece weight as the total of the pieces', () => {
		expect(grossWeightMg('per_piece', 3_250, 4)).toBe(13_000);
		expect(grossWeightMg('lot', 13_001, 4)).toBe(13_001);
	});

	it('knows which POs take shipments and receipts', () => {
		expect(isAnnounceable('in_production')).toBe(true);
		expect(isAnnounceable('received')).toBe(false);
		expect(isReceivable('received')).toBe(true);
		for (const status of ['draft', 'sent', 'declined', 'cancelled', 'closed']) expect(isReceivable(status)).toBe(false);
		expect(whyNotReceive('PO-2026-0001', 'sent')).toContain('not acknowledged');
	});
});
