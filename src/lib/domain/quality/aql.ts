/**
 * ISO 2859-1 single sampling plans, normal inspection.
 *
 * - Table I gives the sample size code letter from the lot size and the inspection level
 *   (general levels I, II, III; default II as in DOMAIN.md).
 * - Table II-A gives, per code letter and AQL, either a plan (Ac/Re) or an arrow: ↓ means "use the
 *   first plan below" (a larger sample), ↑ means "use the first plan above" (a smaller sample).
 *   The plan used keeps its own sample size, so different severities may point to different sizes.
 * - AQL 0 (critical defects, DOMAIN default) means zero tolerance: accept 0 / reject 1 on the code
 *   letter's own sample size.
 * - One physical sample is drawn per lot: sampleSize is the largest sample any severity needs
 *   (inspecting more pieces than a plan asks is stricter, never looser). When that is ≥ the lot,
 *   the whole lot is inspected (100 %), per the standard's note on Table II-A.
 *
 * Pure and deterministic; lot sizes are whole pieces ≥ 1.
 */

export type InspectionLevel = 'I' | 'II' | 'III';
export type Severity = 'critical' | 'major' | 'minor';
export const SEVERITIES: readonly Severity[] = ['critical', 'major', 'minor'];

/** DOMAIN.md defaults: AQL 0 / 2.5 / 4.0 for critical / major / minor. */
export const DEFAULT_AQL: Readonly<Record<Severity, number>> = { critical: 0, major: 2.5, minor: 4.0 };

export const CODE_LETTERS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'K', 'L', 'M', 'N', 'P', 'Q', 'R'] as const;
export type CodeLetter = (typeof CODE_LETTERS)[number];

/** Sample size per code letter (Table II-A, first column). */
export const LETTER_SAMPLE_SIZE: Readonly<Record<CodeLetter, number>> = {
	A: 2,
	B: 3,
	C: 5,
	D: 8,
	E: 13,
	F: 20,
	G: 32,
	H: 50,
	J: 80,
	K: 125,
	L: 200,
	M: 315,
	N: 500,
	P: 800,
	Q: 1250,
	R: 2000
};

/** Table I: upper lot-size bound (inclusive) → code letter for general levels I, II, III. */
const TABLE_I: readonly { max: number; I: CodeLetter; II: CodeLetter; III: CodeLetter }[] = [
	{ max: 8, I: 'A', II: 'A', III: 'B' },
	{ max: 15, I: 'A', II: 'B', III: 'C' },
	{ max: 25, I: 'B', II: 'C', III: 'D' },
	{ max: 50, I: 'C', II: 'D', III: 'E' },
	{ max: 90, I: 'C', II: 'E', III: 'F' },
	{ max: 150, I: 'D', II: 'F', III: 'G' },
	{ max: 280, I: 'E', II: 'G', III: 'H' },
	{ max: 500, I: 'F', II: 'H', III: 'J' },
	{ max: 1200, I: 'G', II: 'J', III: 'K' },
	{ max: 3200, I: 'H', II: 'K', III: 'L' },
	{ max: 10000, I: 'J', II: 'L', III: 'M' },
	{ max: 35000, I: 'K', II: 'M', III: 'N' },
	{ max: 150000, I: 'L', II: 'N', III: 'P' },
	{ max: 500000, I: 'M', II: 'P', III: 'Q' },
	{ max: Number.POSITIVE_INFINITY, I: 'N', II: 'Q', III: 'R' }
];

/** Preferred AQL values of Table II-A (percent nonconforming / nonconformities per 100 units). */
export const AQL_VALUES = [0.01, 0.015, 0.025, 0.04, 0.065, 0.1, 0.15, 0.25, 0.4, 0.65, 1.0, 1.5, 2.5, 4.0, 6.5, 10] as const;

/**
 * Table II-A structure along a diagonal: for each AQL column the 0/1 plan sits at one code letter
 * (letter index + AQL index = constant). Relative to that row: rows above → ↓; +1 → ↑; +2 → ↓;
 * +3.. → 1/2, 2/3, 3/4, 5/6, 7/8, 10/11, 14/15, 21/22; beyond → ↑.
 * 0/1 positions: AQL 6.5 at A, 4.0 at B, 2.5 at C, 1.5 at D, 1.0 at E, … 0.010 at Q.
 */
const DIAGONAL_ACCEPT = [1, 2, 3, 5, 7, 10, 14, 21] as const;
const ZERO_ONE_ROW_FOR_AQL_INDEX = (aqlIndex: number) => 14 - aqlIndex; // 6.5 (index 14) → A (0)

type Cell = { accept: number; reject: number } | 'down' | 'up';

function tableCell(letterIndex: number, aqlIndex: number): Cell {
	const offset = letterIndex - ZERO_ONE_ROW_FOR_AQL_INDEX(aqlIndex);
	if (offset < 0) return 'down';
	if (offset === 0) return { accept: 0, reject: 1 };
	if (offset === 1) return 'up';
	if (offset === 2) return 'down';
	const ac = DIAGONAL_ACCEPT[offset - 3];
	if (ac === undefined) return 'up';
	return { accept: ac, reject: ac + 1 };
}

export interface SeverityPlan {
	accept: number;
	reject: number;
	/** Sample size of the plan this severity uses (after following arrows), capped at the lot. */
	sampleSize: number;
	/** AQL used (0 = zero tolerance). */
	aql: number;
}

export interface SamplePlan {
	sampleSize: number;
	codeLetter: string;
	/** Table II-A sample size of the code letter itself (before arrows and the one-sample rule). */
	letterSampleSize: number;
	/** True when the whole lot is inspected (sample ≥ lot). */
	fullInspection: boolean;
	lotSize: number;
	level: InspectionLevel;
	acceptance: Record<Severity, SeverityPlan>;
}

export function codeLetterFor(lotSize: number, level: InspectionLevel = 'II'): CodeLetter {
	if (!Number.isInteger(lotSize) || lotSize < 1) {
		throw new RangeError('Lot size must be a whole number of pieces, at least 1.');
	}
	const row = TABLE_I.find((r) => lotSize <= r.max) ?? TABLE_I[TABLE_I.length - 1];
	return row[level];
}

/** Single sampling plan (normal inspection) for one AQL and code letter, following arrows. */
export function planForAql(letter: CodeLetter, aql: number): { letter: CodeLetter; accept: number; reject: number } {
	const start = CODE_LETTERS.indexOf(letter);
	if (aql === 0) return { letter, accept: 0, reject: 1 };
	const aqlIndex = AQL_VALUES.findIndex((v) => Math.abs(v - aql) < 1e-9);
	if (aqlIndex < 0) throw new RangeError(`AQL ${aql} is not a preferred ISO 2859-1 value.`);
	let i = start;
	let cell = tableCell(i, aqlIndex);
	if (cell === 'down') {
		while (cell === 'down' || cell === 'up') {
			i += 1;
			cell = tableCell(i, aqlIndex);
		}
	} else if (cell === 'up') {
		while (cell === 'down' || cell === 'up') {
			i -= 1;
			cell = tableCell(i, aqlIndex);
		}
	}
	return { letter: CODE_LETTERS[i], accept: cell.accept, reject: cell.reject };
}

export function planSample(lotSize: number, options?: { level?: InspectionLevel; aql?: Partial<Record<Severity, number>> }): SamplePlan {
	const level = options?.level ?? 'II';
	const letter = codeLetterFor(lotSize, level);
	const aqls: Record<Severity, number> = { ...DEFAULT_AQL, ...(options?.aql ?? {}) };
	const acceptance = {} as Record<Severity, SeverityPlan>;
	let largest = 0;
	for (const severity of SEVERITIES) {
		const plan = planForAql(letter, aqls[severity]);
		const n = Math.min(LETTER_SAMPLE_SIZE[plan.letter], lotSize);
		largest = Math.max(largest, n);
		acceptance[severity] = { accept: plan.accept, reject: plan.reject, sampleSize: n, aql: aqls[severity] };
	}
	return {
		sampleSize: largest,
		codeLetter: letter,
		letterSampleSize: LETTER_SAMPLE_SIZE[letter],
		fullInspection: largest >= lotSize,
		lotSize,
		level,
		acceptance
	};
}

export type SampleVerdict = 'accept' | 'reject' | 'incomplete';

/**
 * Verdict hint from the number of defective pieces found per severity in the sample: reject when any
 * severity reaches its reject number, accept when all are at or below their accept number.
 */
export function verdictHint(
	plan: SamplePlan,
	found: Partial<Record<Severity, number>>
): { verdict: Exclude<SampleVerdict, 'incomplete'>; rejectedBy: Severity[] } {
	const rejectedBy = SEVERITIES.filter((s) => (found[s] ?? 0) >= plan.acceptance[s].reject);
	return { verdict: rejectedBy.length > 0 ? 'reject' : 'accept', rejectedBy };
}
