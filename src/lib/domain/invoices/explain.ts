/**
 * The words for matching findings. Both sides read the same sentence — the workshop on its invoice
 * list, finance in its queue — so each says what was invoiced, what the brand accepted or agreed, and
 * the fix ("credit note for 1 pc × $85.00"), with amounts in the invoice's currency. Facts only come
 * in through `FindingDetail`: the rules live in matching.ts, the words here.
 */
import { currencyDecimals, formatMoney } from '#lib/domain/money.ts';
import { formatPercent, type Tolerances } from './tolerance.ts';

export type ChargeKind = 'freight' | 'insurance' | 'certificates' | 'other';

export const chargeLabels: Record<ChargeKind, string> = {
	freight: 'Freight',
	insurance: 'Insurance',
	certificates: 'Certificates',
	other: 'Other charges'
};

/** Where the pieces of a PO line stand, cumulative over every document up to the one explained. */
export interface QuantityBreakdown {
	/** net of credit notes, all documents so far */
	invoiced: number;
	/** on the document explained (and the credit notes against it) */
	onThisDocument: number;
	accepted: number;
	waitingForQc: number;
	inRework: number;
	returned: number;
	/** invoiced beyond what was received */
	notDelivered: number;
}

export type FindingDetail =
	| { code: 'quantity_over_accepted'; quantity: QuantityBreakdown; creditPieces: number; creditAmountMinor: number }
	| { code: 'qc_pending'; quantity: QuantityBreakdown; waitingPieces: number }
	| { code: 'rework_pending'; quantity: QuantityBreakdown; reworkPieces: number; creditAmountMinor: number }
	| {
			code: 'price_over_po';
			invoicedQuantity: number;
			invoicedAmountMinor: number;
			piecesOnThisDocument: number;
			poUnitPriceMinor: number;
			/** the highest whole unit price the tolerance lets through */
			limitUnitPriceMinor: number;
			creditAmountMinor: number;
	  }
	| { code: 'price_under_po'; quantity: number; unitPriceMinor: number; poUnitPriceMinor: number }
	| {
			code: 'metal_over_agreed';
			invoicedFineMg: number;
			invoicedMetalMinor: number;
			acceptedFineMg: number;
			agreedPricePerGramMinor: number;
			acceptedMetalMinor: number;
			creditAmountMinor: number;
	  }
	| { code: 'metal_on_consigned'; invoicedFineMg: number; invoicedMetalMinor: number; creditAmountMinor: number }
	| { code: 'metal_weight_unknown'; invoicedFineMg: number }
	| { code: 'metal_price_unknown'; invoicedFineMg: number; basis: 'fixed' | 'market' }
	| { code: 'metal_price_under_agreed'; pricePerGramMinor: number; agreedPricePerGramMinor: number }
	| { code: 'charge_over_agreed'; charge: ChargeKind; invoicedMinor: number; agreedMinor: number; creditAmountMinor: number }
	| { code: 'charge_not_agreed'; charge: ChargeKind; invoicedMinor: number }
	| { code: 'currency_mismatch'; documentCurrency: string; poCurrency: string }
	| { code: 'unknown_po_line' }
	| { code: 'duplicate_number'; otherNumber: string; otherDate: string; normalizedNumber: string }
	| { code: 'possible_duplicate'; otherNumber: string; otherDate: string; totalMinor: number }
	| { code: 'credit_exceeds_invoiced'; invoicedQuantity: number; invoicedAmountMinor: number }
	| { code: 'credit_note_unlinked' };

export type FindingCode = FindingDetail['code'];

export interface ExplainContext {
	/** the currency amounts are in: the document's */
	currency: string;
	/** the number of the document the finding belongs to, named in the fix */
	documentNumber: string;
	documentKind: 'invoice' | 'credit_note';
	locale?: string;
}

export interface Explanation {
	/** the whole story in one sentence, fix included */
	text: string;
	/** what to do, on its own (a button label, a prefilled note); null when nothing is to be done */
	fix: string | null;
}

const count = new Intl.NumberFormat('en-US');

export function pieces(n: number): string {
	return `${count.format(n)} ${Math.abs(n) === 1 ? 'pc' : 'pcs'}`;
}

/** Milligrams as grams with three decimals, without floating point: 8400 → "8.400 g". */
export function grams(mg: number): string {
	const sign = mg < 0 ? '-' : '';
	const digits = String(Math.abs(mg)).padStart(4, '0');
	return `${sign}${count.format(Number(digits.slice(0, -3)))}.${digits.slice(-3)} g`;
}

/** A unit-price credit when the amount divides evenly ("1 pc × $85.00"), else the total ("3 pcs, $256.01 in all"). */
function piecesTimes(n: number, amountMinor: number, money: (minor: number) => string): string {
	if (n > 0 && amountMinor % n === 0) return `${pieces(n)} × ${money(amountMinor / n)}`;
	return `${pieces(n)}, ${money(amountMinor)} in all`;
}

function invoicedPhrase(q: QuantityBreakdown, kind: ExplainContext['documentKind']): string {
	if (q.onThisDocument === q.invoiced) return `Invoiced ${pieces(q.invoiced)}`;
	return `Invoiced ${pieces(q.invoiced)} on this PO line (${pieces(q.onThisDocument)} on this ${kind === 'invoice' ? 'invoice' : 'credit note'})`;
}

function acceptedPhrase(q: QuantityBreakdown): string {
	const parts = [
		q.returned > 0 ? `${count.format(q.returned)} returned in QC` : null,
		q.inRework > 0 ? `${count.format(q.inRework)} in rework` : null,
		q.waitingForQc > 0 ? `${count.format(q.waitingForQc)} waiting for QC` : null,
		q.notDelivered > 0 ? `${count.format(q.notDelivered)} not delivered` : null
	].filter((part) => part !== null);
	return `${count.format(q.accepted)} accepted${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

export function explainFinding(detail: FindingDetail, context: ExplainContext): Explanation {
	const money = (minor: number) => formatMoney(minor, context.currency, context.locale);
	const against = `against ${context.documentNumber}`;
	const documentWord = context.documentKind === 'invoice' ? 'invoice' : 'credit note';
	switch (detail.code) {
		case 'quantity_over_accepted': {
			const credit = `credit note for ${piecesTimes(detail.creditPieces, detail.creditAmountMinor, money)}`;
			return {
				text: `${invoicedPhrase(detail.quantity, context.documentKind)}, ${acceptedPhrase(detail.quantity)}: ${credit}.`,
				fix: `Credit note ${against} for ${piecesTimes(detail.creditPieces, detail.creditAmountMinor, money)}.`
			};
		}
		case 'qc_pending':
			return {
				text: `${invoicedPhrase(detail.quantity, context.documentKind)}, ${acceptedPhrase(detail.quantity)}: held until QC inspects ${pieces(detail.waitingPieces)}, then matched again by itself.`,
				fix: `Finish the QC inspection of ${pieces(detail.waitingPieces)}; nothing to do for the workshop.`
			};
		case 'rework_pending': {
			const credit = piecesTimes(detail.reworkPieces, detail.creditAmountMinor, money);
			return {
				text: `${invoicedPhrase(detail.quantity, context.documentKind)}, ${acceptedPhrase(detail.quantity)}: held until the ${pieces(detail.reworkPieces)} in rework are accepted, or credit note for ${credit}.`,
				fix: `Wait until the reworked ${pieces(detail.reworkPieces)} are accepted, or credit note ${against} for ${credit}.`
			};
		}
		case 'price_over_po': {
			const q = detail.invoicedQuantity;
			const uniform = q > 0 && detail.invoicedAmountMinor % q === 0;
			const what = uniform
				? `Invoiced ${pieces(q)} at ${money(detail.invoicedAmountMinor / q)}`
				: `Invoiced ${pieces(q)} for ${money(detail.invoicedAmountMinor)} in all`;
			const priced = `PO price ${money(detail.poUnitPriceMinor)} a piece (up to ${money(detail.limitUnitPriceMinor)} accepted)`;
			const credit =
				detail.piecesOnThisDocument > 0 && detail.creditAmountMinor % detail.piecesOnThisDocument === 0
					? `${money(detail.creditAmountMinor)} (${pieces(detail.piecesOnThisDocument)} × ${money(detail.creditAmountMinor / detail.piecesOnThisDocument)})`
					: money(detail.creditAmountMinor);
			return { text: `${what}, ${priced}: credit note for ${credit}.`, fix: `Credit note ${against} for ${credit}.` };
		}
		case 'price_under_po':
			return {
				text: `Invoiced ${pieces(detail.quantity)} at ${money(detail.unitPriceMinor)}, below the PO price of ${money(detail.poUnitPriceMinor)}: not held; check the price.`,
				fix: `If the price is a mistake, the difference of ${money((detail.poUnitPriceMinor - detail.unitPriceMinor) * detail.quantity)} can be invoiced.`
			};
		case 'metal_over_agreed':
			return {
				text: `Metal invoiced: ${grams(detail.invoicedFineMg)} fine for ${money(detail.invoicedMetalMinor)}; the accepted pieces hold ${grams(detail.acceptedFineMg)} fine, at the agreed ${money(detail.agreedPricePerGramMinor)}/g that is ${money(detail.acceptedMetalMinor)}: credit note for ${money(detail.creditAmountMinor)} of metal.`,
				fix: `Credit note ${against} for ${money(detail.creditAmountMinor)} of metal.`
			};
		case 'metal_on_consigned':
			return {
				text: `Metal invoiced: ${grams(detail.invoicedFineMg)} fine for ${money(detail.invoicedMetalMinor)}, but the brand supplied this metal on consignment: credit note for ${money(detail.creditAmountMinor)} of metal.`,
				fix: `Credit note ${against} for ${money(detail.creditAmountMinor)} of metal.`
			};
		case 'metal_weight_unknown':
			return {
				text: `Metal invoiced (${grams(detail.invoicedFineMg)} fine), but the accepted pieces have no recorded weight: held until receiving records it, then matched again by itself.`,
				fix: 'Record the weight of the accepted pieces at receiving.'
			};
		case 'metal_price_unknown':
			if (detail.basis === 'market') {
				return {
					text: `Metal invoiced at the market price (${grams(detail.invoicedFineMg)} fine), but the price for the delivery date is not recorded: held until it is, then matched again by itself.`,
					fix: 'Record the market metal price for the delivery date.'
				};
			}
			return {
				text: `Metal invoiced (${grams(detail.invoicedFineMg)} fine), but the purchase order has no agreed metal price: held until it is recorded, then matched again by itself.`,
				fix: 'Record the metal price agreed on the purchase order.'
			};
		case 'metal_price_under_agreed':
			return {
				text: `Metal invoiced at ${money(detail.pricePerGramMinor)}/g fine, below the agreed ${money(detail.agreedPricePerGramMinor)}/g: not held; check the price.`,
				fix: null
			};
		case 'charge_over_agreed':
			return {
				text: `${chargeLabels[detail.charge]} invoiced ${money(detail.invoicedMinor)}, agreed ${money(detail.agreedMinor)}: credit note for ${money(detail.creditAmountMinor)}.`,
				fix: `Credit note ${against} for ${money(detail.creditAmountMinor)} of ${chargeLabels[detail.charge].toLowerCase()}.`
			};
		case 'charge_not_agreed':
			return {
				text: `${chargeLabels[detail.charge]} of ${money(detail.invoicedMinor)} is not agreed on the purchase order: finance checks it before approving.`,
				fix: null
			};
		case 'currency_mismatch':
			return {
				text: `This ${documentWord} is in ${detail.documentCurrency} but the purchase order is in ${detail.poCurrency}: its lines for this PO line are not counted.`,
				fix: `Reissue the ${documentWord} in ${detail.poCurrency}.`
			};
		case 'unknown_po_line':
			return {
				text: `This line is linked to a purchase-order line that is not one of this workshop's: it is not counted.`,
				fix: 'Link the line to the right purchase-order line.'
			};
		case 'duplicate_number':
			return {
				text: `Same number as ${documentWord} ${detail.otherNumber} of ${detail.otherDate} (both read as ${detail.normalizedNumber}): the same ${documentWord} is never paid twice, so this one is not counted.`,
				fix: `Withdraw this ${documentWord}, or correct its number if it is a different one.`
			};
		case 'possible_duplicate':
			return {
				text: `Same amount (${money(detail.totalMinor)}) and date (${detail.otherDate}) as ${documentWord} ${detail.otherNumber}: check it is not the same ${documentWord} twice.`,
				fix: `Confirm this is a different ${documentWord}.`
			};
		case 'credit_exceeds_invoiced':
			return {
				text: `This credit note takes more off the PO line than was invoiced (now ${pieces(detail.invoicedQuantity)} and ${money(detail.invoicedAmountMinor)} invoiced): check its quantities and amounts.`,
				fix: 'Correct the credit note.'
			};
		case 'credit_note_unlinked':
			return {
				text: 'This credit note does not name the invoice it corrects: it counts from the day it arrived, so it may not release the invoice it was meant for.',
				fix: 'Name the invoice this credit note corrects.'
			};
	}
}

/** "1% or $25.00, whichever is smaller; 0 pcs over accepted" — for settings pages and finding footnotes. */
export function describeTolerances(tolerances: Tolerances, currency: string, locale?: string): string {
	// shown rounded down: the highest whole amount the setting allows in this currency
	const absoluteMinor = Number((BigInt(tolerances.price.absoluteThousandths) * 10n ** BigInt(currencyDecimals(currency))) / 1000n);
	const rule = tolerances.priceAllowanceRule === 'smaller' ? 'whichever is smaller' : 'whichever is larger';
	return `Price: ${formatPercent(tolerances.price.percentBasisPoints)} or ${formatMoney(absoluteMinor, currency, locale)}, ${rule}; quantity: ${pieces(tolerances.quantity.pieces)} over accepted.`;
}
