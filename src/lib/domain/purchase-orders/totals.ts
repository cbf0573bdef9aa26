/**
 * PO money: every amount is an integer of minor units in the PO's currency. Products are taken in
 * BigInt and rounded once, half up, at the end — never per piece — so a line of 1,000 pieces at a
 * per-gram price costs exactly what the arithmetic says.
 */
export type LaborBasis = 'per_piece' | 'per_stone' | 'per_gram';
export type MetalBasis = 'consigned' | 'fixed' | 'market';

export interface PricedLine {
	quantity: number;
	laborBasis: LaborBasis;
	laborUnitPriceMinor: number;
	stoneCount: number;
	targetWeightMg: number | null;
	fineness: number;
	metalBasis: MetalBasis;
	metalPricePerGramMinor: number | null;
	stonesUnitPriceMinor: number;
	cancelled?: boolean;
}

export interface Totals {
	laborMinor: number;
	metalMinor: number;
	stonesMinor: number;
	totalMinor: number;
}

export const zeroTotals: Totals = { laborMinor: 0, metalMinor: 0, stonesMinor: 0, totalMinor: 0 };

/** numerator / denominator rounded half up (amounts are never negative here) */
function divideHalfUp(numerator: bigint, denominator: bigint): number {
	const quotient = (numerator * 2n + denominator) / (denominator * 2n);
	const result = Number(quotient);
	if (!Number.isSafeInteger(result)) throw new RangeError('amount too large');
	return result;
}

export function lineTotals(line: PricedLine): Totals {
	if (line.cancelled) return zeroTotals;
	const quantity = BigInt(line.quantity);
	const price = BigInt(line.laborUnitPriceMinor);
	const weightMg = BigInt(line.targetWeightMg ?? 0);
	let laborMinor: number;
	switch (line.laborBasis) {
		case 'per_piece':
			laborMinor = divideHalfUp(quantity * price, 1n);
			break;
		case 'per_stone':
			laborMinor = divideHalfUp(quantity * price * BigInt(line.stoneCount), 1n);
			break;
		case 'per_gram':
			laborMinor = divideHalfUp(quantity * price * weightMg, 1000n);
			break;
	}
	// metal is paid on fine weight: gross × fineness / 1000; consigned metal is the brand's own
	const metalMinor =
		line.metalBasis === 'consigned' || line.metalPricePerGramMinor === null
			? 0
			: divideHalfUp(quantity * weightMg * BigInt(line.fineness) * BigInt(line.metalPricePerGramMinor), 1_000_000n);
	const stonesMinor = divideHalfUp(quantity * BigInt(line.stonesUnitPriceMinor), 1n);
	return { laborMinor, metalMinor, stonesMinor, totalMinor: laborMinor + metalMinor + stonesMinor };
}

export function sumTotals(all: Totals[]): Totals {
	return all.reduce(
		(sum, t) => ({
			laborMinor: sum.laborMinor + t.laborMinor,
			metalMinor: sum.metalMinor + t.metalMinor,
			stonesMinor: sum.stonesMinor + t.stonesMinor,
			totalMinor: sum.totalMinor + t.totalMinor
		}),
		zeroTotals
	);
}

export function poTotals(lines: PricedLine[]): Totals {
	return sumTotals(lines.map(lineTotals));
}

/** Fine weight in mg of `grossMg` at `fineness` ‰, rounded half up to the milligram. */
export function fineWeightMg(grossMg: number, fineness: number): number {
	return divideHalfUp(BigInt(grossMg) * BigInt(fineness), 1000n);
}
