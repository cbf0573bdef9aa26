/**
 * Quality rules without I/O: the disposition of a lot, the weight comparison with the PO line, the
 * debit note's price per piece, and the verdict hint from the defects found.
 */
import { lineTotals, type PricedLine } from '#lib/domain/purchase-orders/totals.ts';
import { SEVERITIES, verdictHint, type SamplePlan, type Severity } from './aql.ts';

export interface Disposition {
	accepted: number;
	rework: number;
	returned: number;
}

/** Null when the pieces add up to the lot; otherwise the sentence to show. */
export function dispositionProblem(d: Disposition, lotSize: number): string | null {
	const sum = d.accepted + d.rework + d.returned;
	if (sum === lotSize) return null;
	const pieces = (n: number) => `${n} ${n === 1 ? 'piece' : 'pieces'}`;
	return sum < lotSize
		? `Accepted, rework and returned add up to ${pieces(sum)}, but the lot has ${pieces(lotSize)}: decide what happens to the other ${pieces(lotSize - sum)}.`
		: `Accepted, rework and returned add up to ${pieces(sum)}, more than the ${pieces(lotSize)} of the lot: take ${pieces(sum - lotSize)} off.`;
}

export type WeightCheck =
	| { kind: 'unknown' }
	| { kind: 'no_target'; measuredMg: number }
	| { kind: 'within' | 'over' | 'under'; measuredMg: number; targetMg: number; toleranceMg: number; differenceMg: number };

/** The measured average per piece against the PO line's target ± tolerance (0 tolerance when none is set). */
export function compareWeight(measuredMg: number | null, targetMg: number | null, toleranceMg: number | null): WeightCheck {
	if (measuredMg === null) return { kind: 'unknown' };
	if (targetMg === null) return { kind: 'no_target', measuredMg };
	const tolerance = toleranceMg ?? 0;
	const differenceMg = measuredMg - targetMg;
	const kind = differenceMg > tolerance ? 'over' : differenceMg < -tolerance ? 'under' : 'within';
	return { kind, measuredMg, targetMg, toleranceMg: tolerance, differenceMg };
}

/** Accepted gross weight proposed from the measured average: average × accepted pieces. */
export function defaultAcceptedWeightMg(measuredMg: number | null, accepted: number): number | null {
	if (measuredMg === null || accepted <= 0) return null;
	return measuredMg * accepted;
}

export type DebitLine = Omit<PricedLine, 'quantity' | 'cancelled'>;

/**
 * Price per returned piece on the debit note. The rule (documented for finance and the workshop):
 * - everything but metal that the brand agreed per piece: labor (per piece, or per stone × stones, or
 *   per gram × target weight, as the PO's own totals) plus the stones the workshop supplies;
 * - metal only when the PO fixed its price: target weight × fineness / 1000 × price per fine gram.
 *   Consigned metal is the brand's own (it comes back with the piece) and a market price was never
 *   agreed, so neither is charged back;
 * - each part rounded half up once, for one piece, as the PO's totals round; amount = unit × pieces.
 */
export function debitUnitPriceMinor(line: DebitLine): number {
	return lineTotals({
		...line,
		quantity: 1,
		metalBasis: line.metalBasis === 'fixed' ? 'fixed' : 'consigned'
	}).totalMinor;
}

/** Defective pieces found per severity (sum of the defects' quantities). */
export function defectsBySeverity(defects: readonly { severity: Severity; quantity: number }[]): Record<Severity, number> {
	const found: Record<Severity, number> = { critical: 0, major: 0, minor: 0 };
	for (const d of defects) found[d.severity] += d.quantity;
	return found;
}

export interface VerdictHint {
	verdict: 'accept' | 'reject';
	found: Record<Severity, number>;
	sentence: string;
}

export function lotVerdict(plan: SamplePlan, defects: readonly { severity: Severity; quantity: number }[]): VerdictHint {
	const found = defectsBySeverity(defects);
	const { verdict, rejectedBy } = verdictHint(plan, found);
	const sentence =
		verdict === 'accept'
			? `Within the plan: ${SEVERITIES.map((s) => `${found[s]} ${s} (accept ≤ ${plan.acceptance[s].accept})`).join(', ')}. The lot can be accepted.`
			: `Reject the lot: ${rejectedBy.map((s) => `${found[s]} ${s} reaches the reject number ${plan.acceptance[s].reject}`).join('; ')}. Inspect every piece, or send it back.`;
	return { verdict, found, sentence };
}

/** "2 × porosity (major), 1 × clasp (minor)" for the rework milestone and mails; max 200 characters. */
export function defectsSummary(defects: readonly { label: string; severity: Severity; quantity: number }[]): string {
	if (defects.length === 0) return 'see the inspection';
	const text = defects.map((d) => `${d.quantity} × ${d.label.toLowerCase()} (${d.severity})`).join(', ');
	return text.length > 200 ? `${text.slice(0, 197)}…` : text;
}
