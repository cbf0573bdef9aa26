import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPoNumber, parsePoNumber } from './number.ts';

describe('PO numbers', () => {
	it('round-trip for every year and sequence', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1000, max: 9999 }), fc.integer({ min: 1, max: 9_999_999 }), (year, sequence) => {
				const number = formatPoNumber(year, sequence);
				expect(number).toMatch(/^PO-\d{4}-\d{4,}$/);
				expect(parsePoNumber(number)).toEqual({ year, sequence });
				expect(parsePoNumber(` ${number.toLowerCase()} `)).toEqual({ year, sequence });
			})
		);
	});

	it('pad to four digits and sort within a year', () => {
		expect(formatPoNumber(2026, 1)).toBe('PO-2026-0001');
		expect(formatPoNumber(2026, 42)).toBe('PO-2026-0042');
		expect(formatPoNumber(2026, 12345)).toBe('PO-2026-12345');
		const numbers = Array.from({ length: 9999 }, (_, i) => formatPoNumber(2026, i + 1));
		expect([...numbers].sort()).toEqual(numbers);
	});

	it('refuses what is not a PO number', () => {
		for (const text of ['', 'PO-26-0001', 'PO-2026-1', 'PO2026-0001', 'INV-2026-0001', 'PO-2026-0001x'])
			expect(parsePoNumber(text), text).toBeNull();
	});
});
