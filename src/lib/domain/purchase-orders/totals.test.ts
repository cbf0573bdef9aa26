import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alloys } from './alloys.ts';
import { fineWeightMg, lineTotals, poTotals, sumTotals, zeroTotals, type PricedLine } from './totals.ts';

const line = fc.record({
	quantity: fc.integer({ min: 1, max: 100_000 }),
	laborBasis: fc.constantFrom('per_piece', 'per_stone', 'per_gram' as const),
	laborUnitPriceMinor: fc.integer({ min: 0, max: 10_000_000 }),
	stoneCount: fc.integer({ min: 0, max: 200 }),
	targetWeightMg: fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: null }),
	fineness: fc.constantFrom(...alloys.map((a) => a.fineness)),
	metalBasis: fc.constantFrom('consigned', 'fixed', 'market' as const),
	metalPricePerGramMinor: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: null }),
	stonesUnitPriceMinor: fc.integer({ min: 0, max: 10_000_000 }),
	cancelled: fc.boolean()
}) satisfies fc.Arbitrary<PricedLine>;

/** The exact quotient rounded half up, written apart from the code under test: remainder against half the divisor. */
function halfUp(numerator: bigint, denominator: bigint): number {
	const quotient = numerator / denominator;
	const remainder = numerator % denominator;
	return Number(remainder * 2n >= denominator ? quotient + 1n : quotient);
}

const base: PricedLine = {
	quantity: 1,
	laborBasis: 'per_piece',
	laborUnitPriceMinor: 0,
	stoneCount: 0,
	targetWeightMg: null,
	fineness: 750,
	metalBasis: 'consigned',
	metalPricePerGramMinor: null,
	stonesUnitPriceMinor: 0
};

describe('PO totals', () => {
	it('add up line by line, component by component, and total = labor + metal + stones', () => {
		fc.assert(
			fc.property(fc.array(line, { maxLength: 25 }), (lines) => {
				const each = lines.map(lineTotals);
				const totals = poTotals(lines);
				for (const key of ['laborMinor', 'metalMinor', 'stonesMinor', 'totalMinor'] as const) {
					expect(totals[key]).toBe(each.reduce((sum, t) => sum + t[key], 0));
				}
				for (const t of [...each, totals]) {
					expect(t.totalMinor).toBe(t.laborMinor + t.metalMinor + t.stonesMinor);
					expect(Number.isSafeInteger(t.totalMinor)).toBe(true);
					expect(t.laborMinor).toBeGreaterThanOrEqual(0);
				}
			}),
			{ numRuns: 500 }
		);
	});

	it('count a cancelled line as nothing', () => {
		fc.assert(
			fc.property(fc.array(line, { maxLength: 15 }), (lines) => {
				expect(poTotals(lines)).toEqual(poTotals(lines.filter((l) => !l.cancelled)));
				for (const l of lines.filter((l) => l.cancelled)) expect(lineTotals(l)).toEqual(zeroTotals);
			})
		);
	});

	it('round once, half up, on the exact product — never per piece', () => {
		fc.assert(
			fc.property(line, (l) => {
				const t = lineTotals({ ...l, cancelled: false });
				const q = BigInt(l.quantity);
				const w = BigInt(l.targetWeightMg ?? 0);
				const price = BigInt(l.laborUnitPriceMinor);
				const labor = { per_piece: q * price, per_stone: q * price * BigInt(l.stoneCount), per_gram: 0n }[l.laborBasis];
				expect(t.laborMinor).toBe(l.laborBasis === 'per_gram' ? halfUp(q * price * w, 1000n) : Number(labor));
				const metal =
					l.metalBasis === 'consigned' || l.metalPricePerGramMinor === null
						? 0
						: halfUp(q * w * BigInt(l.fineness) * BigInt(l.metalPricePerGramMinor), 1_000_000n);
				expect(t.metalMinor).toBe(metal);
				expect(t.stonesMinor).toBe(l.quantity * l.stonesUnitPriceMinor);
			}),
			{ numRuns: 2000 }
		);
	});

	it('prices per-gram labor on three-decimal weights to the cent', () => {
		// 3 pcs × 2.345 g × 0.01/g = 0.07035 → 0.07; rounding each piece first would give 3 × 0.02 = 0.06
		expect(lineTotals({ ...base, quantity: 3, laborBasis: 'per_gram', laborUnitPriceMinor: 1, targetWeightMg: 2345 }).laborMinor).toBe(7);
		// exactly half a cent rounds up: 1 pc × 0.5 g × 0.01/g = 0.005 → 0.01
		expect(lineTotals({ ...base, laborBasis: 'per_gram', laborUnitPriceMinor: 1, targetWeightMg: 500 }).laborMinor).toBe(1);
		expect(lineTotals({ ...base, laborBasis: 'per_gram', laborUnitPriceMinor: 1, targetWeightMg: 499 }).laborMinor).toBe(0);
		// 1,000 pcs × 3.251 g × 12.50/g = 40,637.50 exactly
		expect(
			lineTotals({ ...base, quantity: 1000, laborBasis: 'per_gram', laborUnitPriceMinor: 1250, targetWeightMg: 3251 }).laborMinor
		).toBe(4_063_750);
	});

	it('prices per-stone labor by the stones of every piece', () => {
		expect(lineTotals({ ...base, quantity: 4, laborBasis: 'per_stone', laborUnitPriceMinor: 150, stoneCount: 12 }).laborMinor).toBe(7200);
	});

	it('pays metal on fine weight at the price per fine gram, never for consigned metal', () => {
		// 2 pcs × 10 g of 18K (750) = 15 g fine × 60.00 = 900.00
		const fixed = {
			...base,
			quantity: 2,
			targetWeightMg: 10_000,
			fineness: 750,
			metalBasis: 'fixed' as const,
			metalPricePerGramMinor: 6000
		};
		expect(lineTotals(fixed).metalMinor).toBe(90_000);
		expect(lineTotals({ ...fixed, metalBasis: 'market' }).metalMinor).toBe(90_000);
		expect(lineTotals({ ...fixed, metalBasis: 'consigned' }).metalMinor).toBe(0);
		// 14K US nominal 583 vs 585 differ: the fineness on the line decides
		expect(lineTotals({ ...fixed, fineness: 583 }).metalMinor).toBe(69_960);
		expect(lineTotals({ ...fixed, fineness: 585 }).metalMinor).toBe(70_200);
	});

	it('refuses amounts beyond what a number holds exactly', () => {
		expect(() => lineTotals({ ...base, quantity: 100_000, laborUnitPriceMinor: Number.MAX_SAFE_INTEGER })).toThrow(RangeError);
	});

	it('sums nothing to zero', () => {
		expect(poTotals([])).toEqual(zeroTotals);
		expect(sumTotals([])).toEqual(zeroTotals);
	});
});

describe('fine weight', () => {
	it('is gross × fineness / 1000, rounded half up to the milligram', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 1_000_000_000 }), fc.integer({ min: 0, max: 1000 }), (gross, fineness) => {
				const fine = fineWeightMg(gross, fineness);
				expect(fine).toBe(halfUp(BigInt(gross) * BigInt(fineness), 1000n));
				expect(fine).toBeLessThanOrEqual(gross);
				expect(Math.abs(fine * 1000 - gross * fineness)).toBeLessThanOrEqual(500);
			})
		);
		expect(fineWeightMg(10_000, 750)).toBe(7500);
		expect(fineWeightMg(1, 500)).toBe(1);
		expect(fineWeightMg(1, 499)).toBe(0);
		expect(fineWeightMg(3251, 1000)).toBe(3251);
		expect(fineWeightMg(3251, 585)).toBe(1902); // 1901.835
	});
});
