/**
 * What a PO line agreed, as matching reads it: one price per piece for everything but metal, and the
 * price per fine gram of metal. Flipping a PO into an invoice prefills the same numbers, so an invoice
 * made by Bezel always matches the PO it came from.
 */
import { lineTotals, type LaborBasis, type MetalBasis } from '#lib/domain/purchase-orders/totals.ts';

export interface AgreedLineTerms {
	laborBasis: LaborBasis;
	laborUnitPriceMinor: number;
	stoneCount: number;
	targetWeightMg: number | null;
	fineness: number;
	stonesUnitPriceMinor: number;
	metalBasis: MetalBasis;
	/** fixed on the PO */
	metalPricePerGramMinor: number | null;
	/** market basis: recorded at the first receipt */
	marketMetalPricePerGramMinor: number | null;
}

/**
 * Labor and vendor stones for one piece, rounded half up once per piece. A per-gram labor price is
 * taken on the target weight (the PO's own figure), like the PO's totals.
 */
export function agreedUnitPriceMinor(line: AgreedLineTerms): number {
	return lineTotals({ ...line, quantity: 1, metalBasis: 'consigned', metalPricePerGramMinor: null }).totalMinor;
}

/** 0 for consigned metal (the brand's own: nothing is owed for it); null while a market price is not known. */
export function agreedMetalPricePerFineGramMinor(line: AgreedLineTerms): number | null {
	if (line.metalBasis === 'consigned') return 0;
	if (line.metalBasis === 'fixed') return line.metalPricePerGramMinor;
	return line.marketMetalPricePerGramMinor;
}
