import { describe, expect, it } from 'vitest';
import { findingSeverity } from './matching.ts';
import { describeTolerances, explainFinding, grams, pieces, type FindingDetail } from './explain.ts';
import { defaultCompanyTolerances, priceTolerance, quantityTolerance, resolveTolerances } from './tolerance.ts';

const context = { currency: 'USD', documentNumber: 'INV-104', documentKind: 'invoice' as const };
const quantity = { invoiced: 10, onThisDocument: 10, accepted: 9, waitingForQc: 0, inRework: 0, returned: 1, notDelivered: 0 };

/** One of every finding, so a new code cannot ship without words. */
const everyFinding: FindingDetail[] = [
	{ code: 'quantity_over_accepted', quantity, creditPieces: 1, creditAmountMinor: 8500 },
	{ code: 'qc_pending', quantity: { ...quantity, accepted: 6, returned: 0, waitingForQc: 4 }, waitingPieces: 4 },
	{ code: 'rework_pending', quantity: { ...quantity, returned: 0, inRework: 1 }, reworkPieces: 1, creditAmountMinor: 8500 },
	{
		code: 'price_over_po',
		invoicedQuantity: 3,
		invoicedAmountMinor: 26_000,
		piecesOnThisDocument: 3,
		poUnitPriceMinor: 8500,
		limitUnitPriceMinor: 8585,
		creditAmountMinor: 500
	},
	{ code: 'price_under_po', quantity: 10, unitPriceMinor: 8000, poUnitPriceMinor: 8500 },
	{
		code: 'metal_over_agreed',
		invoicedFineMg: 31_000,
		invoicedMetalMinor: 170_500,
		acceptedFineMg: 30_000,
		agreedPricePerGramMinor: 5500,
		acceptedMetalMinor: 165_000,
		creditAmountMinor: 5500
	},
	{ code: 'metal_on_consigned', invoicedFineMg: 30_000, invoicedMetalMinor: 165_000, creditAmountMinor: 165_000 },
	{ code: 'metal_weight_unknown', invoicedFineMg: 30_000 },
	{ code: 'metal_price_unknown', invoicedFineMg: 30_000, basis: 'market' },
	{ code: 'metal_price_unknown', invoicedFineMg: 30_000, basis: 'fixed' },
	{ code: 'metal_price_under_agreed', pricePerGramMinor: 5400, agreedPricePerGramMinor: 5500 },
	{ code: 'charge_over_agreed', charge: 'freight', invoicedMinor: 6000, agreedMinor: 4500, creditAmountMinor: 1500 },
	{ code: 'charge_not_agreed', charge: 'certificates', invoicedMinor: 4500 },
	{ code: 'currency_mismatch', documentCurrency: 'EUR', poCurrency: 'USD' },
	{ code: 'unknown_po_line' },
	{ code: 'duplicate_number', otherNumber: 'INV-0012', otherDate: '2025-03-01', normalizedNumber: '12' },
	{ code: 'possible_duplicate', otherNumber: 'INV-11', otherDate: '2025-03-01', totalMinor: 100_000 },
	{ code: 'credit_exceeds_invoiced', invoicedQuantity: -1, invoicedAmountMinor: -8500 },
	{ code: 'credit_note_unlinked' }
];

describe('finding words', () => {
	it('say every finding in a full sentence, with no gaps', () => {
		const seen = new Set<string>();
		for (const detail of everyFinding) {
			const { text, fix } = explainFinding(detail, context);
			expect(text, detail.code).toMatch(/^[A-Z].*\.$/);
			expect(text).not.toMatch(/undefined|NaN|null|\[object/);
			if (fix !== null) expect(fix).toMatch(/^[A-Z].*\.$/);
			seen.add(detail.code);
		}
		expect([...seen].sort()).toEqual(Object.keys(findingSeverity).sort());
	});

	it('name the fix both sides act on', () => {
		const say = (detail: FindingDetail) => explainFinding(detail, context);
		expect(say(everyFinding[0])).toEqual({
			text: 'Invoiced 10 pcs, 9 accepted (1 returned in QC): credit note for 1 pc × $85.00.',
			fix: 'Credit note against INV-104 for 1 pc × $85.00.'
		});
		expect(say(everyFinding[3]).text).toBe(
			'Invoiced 3 pcs for $260.00 in all, PO price $85.00 a piece (up to $85.85 accepted): credit note for $5.00.'
		);
		expect(say(everyFinding[11]).fix).toBe('Credit note against INV-104 for $15.00 of freight.');
		expect(say({ code: 'quantity_over_accepted', quantity, creditPieces: 3, creditAmountMinor: 25_601 }).text).toBe(
			'Invoiced 10 pcs, 9 accepted (1 returned in QC): credit note for 3 pcs, $256.01 in all.'
		);
		expect(
			explainFinding({ code: 'currency_mismatch', documentCurrency: 'EUR', poCurrency: 'USD' }, { ...context, documentKind: 'credit_note' })
				.fix
		).toBe('Reissue the credit note in USD.');
	});

	it('write weights and counts without floating point', () => {
		expect([8400, 5, 0, 1_234_567, -1500].map(grams)).toEqual(['8.400 g', '0.005 g', '0.000 g', '1,234.567 g', '-1.500 g']);
		expect([1, 2, 0, 1000, -1].map(pieces)).toEqual(['1 pc', '2 pcs', '0 pcs', '1,000 pcs', '-1 pc']);
	});

	it('describe tolerances in the invoice currency', () => {
		const t = resolveTolerances(defaultCompanyTolerances);
		expect(describeTolerances(t, 'USD')).toBe('Price: 1% or $25.00, whichever is smaller; quantity: 0 pcs over accepted.');
		expect(describeTolerances(t, 'JPY')).toBe('Price: 1% or ¥25, whichever is smaller; quantity: 0 pcs over accepted.');
		const vendor = resolveTolerances(
			{ ...defaultCompanyTolerances, priceAllowanceRule: 'larger' },
			{ price: priceTolerance({ percentBasisPoints: 50, absoluteThousandths: 1_500 }), quantity: quantityTolerance(1) }
		);
		expect(describeTolerances(vendor, 'KWD')).toBe('Price: 0.5% or KWD\u00a01.500, whichever is larger; quantity: 1 pc over accepted.');
	});
});
