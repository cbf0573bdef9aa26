import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatGrams, formatPennyweight, mgToGramsString, parseGrams } from './weight.ts';

describe('parseGrams', () => {
	it('reads grams as people type them, exactly, to the milligram', () => {
		const cases: [string, number][] = [
			['3.2', 3200],
			['3,20 g', 3200],
			['3.251', 3251],
			[' 0.005G ', 5],
			['12', 12_000],
			['7.', 7000],
			['0', 0],
			['999999.999', 999_999_999]
		];
		for (const [text, mg] of cases) expect(parseGrams(text), text).toEqual({ ok: true, mg });
	});

	it('refuses more than three decimals, signs, units other than grams and nonsense', () => {
		for (const text of ['3.2505', '-1', '+1', '', ' ', '.5', '1e3', '3 kg', '1,234.5', '1000000', 'three']) {
			expect(parseGrams(text).ok, text).toBe(false);
		}
	});

	it('reads back every weight it writes', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 999_999_999 }), (mg) => {
				expect(parseGrams(mgToGramsString(mg))).toEqual({ ok: true, mg });
				expect(parseGrams(`${mgToGramsString(mg).replace('.', ',')} g`)).toEqual({ ok: true, mg });
			}),
			{ numRuns: 2000 }
		);
	});
});

describe('weight formatting', () => {
	it('writes grams and pennyweights', () => {
		expect(mgToGramsString(3250)).toBe('3.25');
		expect(mgToGramsString(3000)).toBe('3');
		expect(mgToGramsString(5)).toBe('0.005');
		expect(mgToGramsString(null)).toBe('');
		expect(formatGrams(3251)).toBe('3.25 g');
		expect(formatGrams(3251, 3)).toBe('3.251 g');
		expect(formatGrams(null)).toBe('—');
		expect(formatPennyweight(1555.17 * 2)).toBe('2.00 dwt');
		expect(formatPennyweight(undefined)).toBe('—');
	});
});
