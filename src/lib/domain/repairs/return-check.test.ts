import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateOutcome, estimateStateOf, formatRepairNumber, gramsText, REPAIR_NUMBER_PATTERN } from './reference.ts';
import { compareReturn, weightDifferenceFlagged } from './return-check.ts';

const facts = (intakeWeightMg: number, returnWeightMg: number, intakeStoneCount = 1, returnStoneCount = 1) => ({
	intakeWeightMg,
	returnWeightMg,
	intakeStoneCount,
	returnStoneCount
});

describe('the check on return', () => {
	it('says what differs in words, as a person would', () => {
		const result = compareReturn(facts(3600, 3420));
		expect(result.weightFlagged).toBe(true);
		expect(result.weightDifferenceMg).toBe(-180);
		expect(result.discrepancy).toBe('Weight 3.42 g on return, 3.60 g at intake: 0.18 g less.');
		expect(compareReturn(facts(3600, 3420, 5, 4)).discrepancy).toBe(
			'Weight 3.42 g on return, 3.60 g at intake: 0.18 g less. Stones 4 on return, 5 at intake: 1 fewer.'
		);
		expect(compareReturn(facts(10_000, 10_250)).findings).toEqual(['Weight 10.25 g on return, 10.00 g at intake: 0.25 g more']);
		expect(compareReturn(facts(3415, 3600)).findings[0]).toBe('Weight 3.60 g on return, 3.415 g at intake: 0.185 g more');
	});

	it('lets a difference within max(0.05 g, 1%) pass, and flags one over it', () => {
		// light piece: 0.05 g is the larger tolerance
		expect(weightDifferenceFlagged(2000, 2050)).toBe(false);
		expect(weightDifferenceFlagged(2000, 2051)).toBe(true);
		expect(weightDifferenceFlagged(2000, 1949)).toBe(true);
		// heavy piece: 1% is the larger tolerance (30 g → 0.30 g)
		expect(weightDifferenceFlagged(30_000, 30_300)).toBe(false);
		expect(weightDifferenceFlagged(30_000, 30_301)).toBe(true);
		expect(weightDifferenceFlagged(30_000, 29_699)).toBe(true);
		expect(compareReturn(facts(30_000, 30_300)).discrepancy).toBeNull();
	});

	it('flags exactly the differences over the tolerance, whatever the weights', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 2_000_000 }), fc.integer({ min: 1, max: 2_000_000 }), (intake, back) => {
				const diff = Math.abs(back - intake);
				const tolerance = Math.max(50, intake / 100);
				expect(weightDifferenceFlagged(intake, back)).toBe(diff > tolerance);
				// symmetric in the direction of the difference for the same intake
				const mirrored = intake - (back - intake);
				if (mirrored > 0) expect(weightDifferenceFlagged(intake, mirrored)).toBe(weightDifferenceFlagged(intake, back));
			}),
			{ numRuns: 2000 }
		);
	});

	it('flags any difference in stones, and none when everything matches', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 5000 }), (intake, back) => {
				const result = compareReturn(facts(5000, 5000, intake, back));
				expect(result.stonesFlagged).toBe(intake !== back);
				expect(result.discrepancy === null).toBe(intake === back);
			})
		);
	});

	it('flags weight changed by sizing too, saying the work may explain it', () => {
		const result = compareReturn({ ...facts(4000, 4600), requestedWork: ['sizing', 'rhodium_replate'] });
		expect(result.weightFlagged).toBe(true);
		expect(result.discrepancy).toMatch(
			/^Weight 4.60 g on return, 4.00 g at intake: 0.60 g more \(sizing was requested, which changes the weight/
		);
		expect(compareReturn({ ...facts(4000, 4600), requestedWork: ['rhodium_replate'] }).discrepancy).not.toMatch(/requested/);
	});
});

describe('repair words', () => {
	it('numbers repairs RJ-year-sequence', () => {
		expect(formatRepairNumber(2026, 42)).toBe('RJ-2026-0042');
		expect(formatRepairNumber(2026, 12345)).toBe('RJ-2026-12345');
		expect(REPAIR_NUMBER_PATTERN.test(formatRepairNumber(2026, 7))).toBe(true);
	});

	it('writes grams with two decimals unless the milligrams need three', () => {
		expect(gramsText(3600)).toBe('3.60 g');
		expect(gramsText(3415)).toBe('3.415 g');
		expect(gramsText(180)).toBe('0.18 g');
	});

	it('tells an estimate the brand asked to redo from one replaced by a newer one', () => {
		expect(estimateOutcome({ status: 'superseded', decidedAt: null })).toBe('superseded');
		expect(estimateOutcome({ status: 'superseded', decidedAt: new Date() })).toBe('revision_requested');
		expect(estimateStateOf(undefined)).toBe('none');
		expect(estimateStateOf({ status: 'superseded', decidedAt: '2026-01-01' })).toBe('revision_requested');
		expect(estimateStateOf({ status: 'declined', decidedAt: '2026-01-01' })).toBe('declined');
		expect(estimateStateOf({ status: 'submitted', decidedAt: null })).toBe('submitted');
	});
});
