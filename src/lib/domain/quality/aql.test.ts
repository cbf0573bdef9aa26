import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codeLetterFor, LETTER_SAMPLE_SIZE, planForAql, planSample, verdictHint } from './aql.ts';
import { checklistCodes, normaliseChecklist, uncheckedItems } from './checklist.ts';
import { compareWeight, debitUnitPriceMinor, dispositionProblem } from './rules.ts';

describe('ISO 2859-1 Table I, level II', () => {
	it.each([
		[2, 'A', 2],
		[8, 'A', 2],
		[9, 'B', 3],
		[15, 'B', 3],
		[16, 'C', 5],
		[25, 'C', 5],
		[26, 'D', 8],
		[50, 'D', 8],
		[51, 'E', 13],
		[90, 'E', 13],
		[91, 'F', 20],
		[150, 'F', 20],
		[151, 'G', 32],
		[280, 'G', 32],
		[281, 'H', 50],
		[500, 'H', 50],
		[501, 'J', 80],
		[1200, 'J', 80],
		[1201, 'K', 125],
		[3200, 'K', 125],
		[10000, 'L', 200],
		[35000, 'M', 315],
		[150000, 'N', 500],
		[500000, 'P', 800],
		[500001, 'Q', 1250]
	])('lot %i → %s / %i', (lot, letter, n) => {
		expect(codeLetterFor(lot)).toBe(letter);
		expect(LETTER_SAMPLE_SIZE[codeLetterFor(lot)]).toBe(n);
		expect(planSample(lot).codeLetter).toBe(letter);
		expect(planSample(lot).letterSampleSize).toBe(n);
	});

	it('levels I and III', () => {
		expect(codeLetterFor(1000, 'I')).toBe('G');
		expect(codeLetterFor(1000, 'III')).toBe('K');
	});

	it('refuses a lot that is not whole pieces', () => {
		expect(() => codeLetterFor(0)).toThrow(RangeError);
		expect(() => codeLetterFor(2.5)).toThrow(RangeError);
	});
});

describe('Table II-A, normal inspection', () => {
	it('lot 1000 (DOMAIN example): sample 80; 0/1, 5/6, 7/8', () => {
		const plan = planSample(1000);
		expect(plan.sampleSize).toBe(80);
		expect(plan.acceptance.critical).toMatchObject({ accept: 0, reject: 1 });
		expect(plan.acceptance.major).toMatchObject({ accept: 5, reject: 6 });
		expect(plan.acceptance.minor).toMatchObject({ accept: 7, reject: 8 });
	});

	it.each([
		['F', 2.5, 'F', 1, 2],
		['G', 2.5, 'G', 2, 3],
		['H', 2.5, 'H', 3, 4],
		['K', 2.5, 'K', 7, 8],
		['L', 2.5, 'L', 10, 11],
		['N', 2.5, 'N', 21, 22],
		['H', 4.0, 'H', 5, 6],
		['J', 1.0, 'J', 2, 3],
		['J', 0.65, 'J', 1, 2],
		['D', 6.5, 'D', 1, 2]
	] as const)('%s at AQL %f → %s %i/%i', (letter, aql, to, ac, re) => {
		expect(planForAql(letter, aql)).toEqual({ letter: to, accept: ac, reject: re });
	});

	it('follows the arrows', () => {
		// ↓ from A and B at 2.5 to C (0/1 on 5); ↑ from D to C; ↓ from E to F
		expect(planForAql('A', 2.5)).toEqual({ letter: 'C', accept: 0, reject: 1 });
		expect(planForAql('D', 2.5)).toEqual({ letter: 'C', accept: 0, reject: 1 });
		expect(planForAql('E', 2.5)).toEqual({ letter: 'F', accept: 1, reject: 2 });
		// ↑ beyond 21/22
		expect(planForAql('R', 2.5)).toEqual({ letter: 'N', accept: 21, reject: 22 });
		expect(planForAql('R', 4.0)).toEqual({ letter: 'M', accept: 21, reject: 22 });
	});

	it('inspects the whole lot when the sample would be larger', () => {
		const plan = planSample(4);
		expect(plan.sampleSize).toBe(4);
		expect(plan.fullInspection).toBe(true);
	});

	it('properties: 1 ≤ sample ≤ lot, monotone in the lot size, accept < reject', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 2_000_000 }), fc.integer({ min: 0, max: 100_000 }), (lot, more) => {
				const a = planSample(lot);
				const b = planSample(lot + more);
				expect(a.sampleSize).toBeGreaterThanOrEqual(1);
				expect(a.sampleSize).toBeLessThanOrEqual(lot);
				expect(b.sampleSize).toBeGreaterThanOrEqual(a.sampleSize);
				for (const s of ['critical', 'major', 'minor'] as const) {
					expect(a.acceptance[s].reject).toBe(a.acceptance[s].accept + 1);
					expect(a.acceptance[s].sampleSize).toBeLessThanOrEqual(a.sampleSize);
				}
			})
		);
	});

	it('verdict: any critical defect rejects; majors up to the accept number pass', () => {
		const plan = planSample(1000);
		expect(verdictHint(plan, { major: 5, minor: 7 }).verdict).toBe('accept');
		expect(verdictHint(plan, { critical: 1 })).toEqual({ verdict: 'reject', rejectedBy: ['critical'] });
		expect(verdictHint(plan, { major: 6 }).rejectedBy).toEqual(['major']);
	});
});

describe('checklist and rules', () => {
	it('has the DOMAIN items and keeps only known results', () => {
		expect(checklistCodes).toHaveLength(10);
		expect(normaliseChecklist({ porosity: 'pass', finish: 'maybe', nope: 'fail' })).toEqual({ porosity: 'pass' });
		expect(uncheckedItems({ porosity: 'na' })).not.toContain('porosity');
		expect(uncheckedItems({})).toHaveLength(10);
	});

	it('dispositions must add up to the lot', () => {
		expect(dispositionProblem({ accepted: 7, rework: 2, returned: 1 }, 10)).toBeNull();
		expect(dispositionProblem({ accepted: 7, rework: 2, returned: 0 }, 10)).toMatch(/other 1 piece/);
		expect(dispositionProblem({ accepted: 9, rework: 2, returned: 0 }, 10)).toMatch(/take 1 piece off/);
	});

	it('compares the measured weight with target ± tolerance', () => {
		expect(compareWeight(3300, 3250, 50).kind).toBe('within');
		expect(compareWeight(3301, 3250, 50).kind).toBe('over');
		expect(compareWeight(3100, 3250, null)).toMatchObject({ kind: 'under', differenceMg: -150 });
		expect(compareWeight(null, 3250, 50).kind).toBe('unknown');
	});

	it('debit price: labor + stones, metal only when fixed, half up', () => {
		const base = {
			laborBasis: 'per_piece' as const,
			laborUnitPriceMinor: 4500,
			stoneCount: 0,
			targetWeightMg: 3250,
			fineness: 750,
			metalPricePerGramMinor: 6001,
			stonesUnitPriceMinor: 500
		};
		expect(debitUnitPriceMinor({ ...base, metalBasis: 'consigned' })).toBe(5000);
		expect(debitUnitPriceMinor({ ...base, metalBasis: 'market' })).toBe(5000);
		expect(debitUnitPriceMinor({ ...base, metalBasis: 'fixed' })).toBe(5000 + 14627);
	});
});
