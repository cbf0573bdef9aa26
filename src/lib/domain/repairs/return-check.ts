/**
 * The check on return: the piece must come back as it went, in weight and in stones. Scales and
 * polishing move the weight a little, so a difference counts only when it is over 0.05 g and over
 * 1% of the intake weight; any difference in the stone count counts. Work that adds or removes metal
 * (sizing, re-tipping, solder) changes the weight legitimately: it is still flagged, and ops resolves
 * it with a note, so nobody has to decide in advance how much change a given job may make.
 */
import { repairWorkKindLabels, stoneDifferenceWords, weightChangingWork, weightDifferenceWords, type RepairWorkKind } from './reference.ts';

/** below this, a difference is the scale's (50 mg) */
export const WEIGHT_TOLERANCE_MG = 50;
/** and below this share of the intake weight, it is polish and wear (1%) */
export const WEIGHT_TOLERANCE_PERCENT = 1;

export interface ReturnFacts {
	intakeWeightMg: number;
	intakeStoneCount: number;
	returnWeightMg: number;
	returnStoneCount: number;
	requestedWork?: readonly RepairWorkKind[];
}

export interface ReturnComparison {
	weightDifferenceMg: number;
	stoneDifference: number;
	weightFlagged: boolean;
	stonesFlagged: boolean;
	/** the differences in words, one sentence each; empty when the piece came back as it went */
	findings: string[];
	/** all of it in one line for the job, or null when nothing is flagged */
	discrepancy: string | null;
}

/** Over max(0.05 g, 1% of intake)? Integer arithmetic: |d| > 50 and |d| × 100 > intake × 1. */
export function weightDifferenceFlagged(intakeMg: number, returnMg: number): boolean {
	const diff = Math.abs(returnMg - intakeMg);
	return diff > WEIGHT_TOLERANCE_MG && diff * 100 > intakeMg * WEIGHT_TOLERANCE_PERCENT;
}

export function compareReturn(facts: ReturnFacts): ReturnComparison {
	const weightDifferenceMg = facts.returnWeightMg - facts.intakeWeightMg;
	const stoneDifference = facts.returnStoneCount - facts.intakeStoneCount;
	const weightFlagged = weightDifferenceFlagged(facts.intakeWeightMg, facts.returnWeightMg);
	const stonesFlagged = stoneDifference !== 0;
	const findings: string[] = [];
	if (weightFlagged) {
		const expected = (facts.requestedWork ?? []).filter((kind) => weightChangingWork.includes(kind));
		const why = expected.length
			? ` (${expected.map((k) => repairWorkKindLabels[k].toLowerCase()).join(' and ')} was requested, which changes the weight: confirm the change is the work’s)`
			: '';
		findings.push(`${weightDifferenceWords(facts.intakeWeightMg, facts.returnWeightMg)}${why}`);
	}
	if (stonesFlagged) findings.push(stoneDifferenceWords(facts.intakeStoneCount, facts.returnStoneCount));
	return {
		weightDifferenceMg,
		stoneDifference,
		weightFlagged,
		stonesFlagged,
		findings,
		discrepancy: findings.length ? `${findings.join('. ')}.` : null
	};
}
