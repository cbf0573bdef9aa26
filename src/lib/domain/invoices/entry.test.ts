import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	creditNoteLinesFrom,
	flipPurchaseOrder,
	goodsLineAmountMinor,
	invoiceEntrySchema,
	parseAmount,
	parseInvoiceEntry,
	parseQuantity,
	toDocumentLine,
	MAX_AMOUNT_MINOR,
	type FlipPoLine,
	type InvoiceEntryForm
} from './entry.ts';
import { documentTotals } from './matching.ts';

const today = '2026-11-27';
const poLine = '11111111-1111-4111-8111-111111111111';

function entry(overrides: Partial<InvoiceEntryForm> = {}) {
	return invoiceEntrySchema.parse({
		number: 'INV-7',
		invoiceDate: today,
		currency: 'USD',
		lines: [{ kind: 'goods', poLineId: poLine, quantity: '10', unitPrice: '45.00' }],
		...overrides
	});
}

const errorsOf = (overrides: Partial<InvoiceEntryForm>) => {
	const parsed = parseInvoiceEntry(entry(overrides), today);
	return parsed.ok ? {} : parsed.errors;
};

describe('goodsLineAmountMinor', () => {
	it('is quantity × unit price plus metal rounded half up once', () => {
		expect(goodsLineAmountMinor(10, 4500, null)).toBe(45_000);
		// 9.751 g × 60.00 = 585.06
		expect(goodsLineAmountMinor(4, 5500, { fineWeightMg: 9_751, pricePerFineGramMinor: 6_000 })).toBe(22_000 + 58_506);
		// 0.005 g × 1.00 = 0.005 → 0.01 (half up); 0.004 → 0.00
		expect(goodsLineAmountMinor(1, 0, { fineWeightMg: 5, pricePerFineGramMinor: 100 })).toBe(1);
		expect(goodsLineAmountMinor(1, 0, { fineWeightMg: 4, pricePerFineGramMinor: 100 })).toBe(0);
	});

	it('always agrees with documentTotals, line by line', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 1_000_000 }),
				fc.integer({ min: 0, max: 100_000 }),
				fc.option(
					fc.record({ fineWeightMg: fc.integer({ min: 1, max: 10_000_000 }), pricePerFineGramMinor: fc.integer({ min: 1, max: 100_000 }) })
				),
				(quantity, unitPriceMinor, metal) => {
					const line = { kind: 'goods' as const, id: '1', poLineId: poLine, quantity, unitPriceMinor, metal };
					expect(goodsLineAmountMinor(quantity, unitPriceMinor, metal)).toBe(documentTotals({ lines: [line] }).totalMinor);
				}
			)
		);
	});
});

describe('parsing amounts and quantities', () => {
	it('takes the currency’s decimals, refuses negatives and absurd amounts', () => {
		expect(parseAmount('1,250.50', 'USD', 'The price')).toEqual({ ok: true, minor: 125_050 });
		expect(parseAmount('1250', 'JPY', 'The price')).toEqual({ ok: true, minor: 1250 });
		expect(parseAmount('12.5', 'JPY', 'The price')).toMatchObject({ ok: false, message: 'JPY amounts have no decimals.' });
		expect(parseAmount('1.2345', 'KWD', 'The price')).toMatchObject({ ok: false, message: 'KWD amounts have at most 3 decimals.' });
		expect(parseAmount('-5', 'USD', 'The price')).toMatchObject({ ok: false, message: expect.stringContaining('cannot be negative') });
		expect(parseAmount('10000000000.00', 'USD', 'The price')).toEqual({ ok: true, minor: MAX_AMOUNT_MINOR });
		expect(parseAmount('10000000000.01', 'USD', 'The price')).toMatchObject({
			ok: false,
			message: expect.stringContaining('typing mistake')
		});
		expect(parseAmount('0', 'USD', 'The amount', false)).toMatchObject({ ok: false });
		expect(parseAmount('abc', 'USD', 'The price')).toMatchObject({ ok: false });
	});

	it('takes whole pieces from 1 to 1,000,000', () => {
		expect(parseQuantity('12')).toEqual({ ok: true, quantity: 12 });
		expect(parseQuantity('1,000')).toEqual({ ok: true, quantity: 1000 });
		expect(parseQuantity('1000000')).toEqual({ ok: true, quantity: 1_000_000 });
		for (const bad of ['', '0', '1.5', '-2', '1000001', 'ten']) expect(parseQuantity(bad).ok).toBe(false);
	});
});

describe('parseInvoiceEntry', () => {
	it('turns a good invoice into integers', () => {
		const parsed = parseInvoiceEntry(
			entry({
				dueDate: '2026-12-27',
				lines: [
					{ kind: 'goods', poLineId: poLine, quantity: '4', unitPrice: '55.00', fineWeight: '9.751', metalPrice: '60' },
					{ kind: 'charge', charge: 'freight', amount: '25' }
				]
			}),
			today
		);
		expect(parsed).toEqual({
			ok: true,
			value: expect.objectContaining({
				kind: 'invoice',
				dueDate: '2026-12-27',
				creditsInvoiceId: null,
				lines: [
					{
						kind: 'goods',
						poLineId: poLine,
						description: '',
						quantity: 4,
						unitPriceMinor: 5500,
						metal: { fineWeightMg: 9751, pricePerFineGramMinor: 6000 },
						amountMinor: 80_506
					},
					{ kind: 'charge', charge: 'freight', description: '', amountMinor: 2500 }
				]
			})
		});
		if (parsed.ok) {
			const totals = documentTotals({ lines: parsed.value.lines.map((l, i) => toDocumentLine(l, String(i))) });
			expect(totals).toEqual({ goodsMinor: 22_000, metalMinor: 58_506, chargesMinor: 2500, totalMinor: 83_006 });
		}
	});

	it('allows tomorrow (a workshop ahead of UTC) and refuses later or absurdly old dates', () => {
		expect(errorsOf({ invoiceDate: '2026-11-28' })).toEqual({});
		expect(errorsOf({ invoiceDate: '2026-11-29' }).invoiceDate).toMatch(/future/);
		expect(errorsOf({ invoiceDate: '2022-01-01' }).invoiceDate).toMatch(/three years/);
		expect(errorsOf({ dueDate: '2026-11-01' }).dueDate).toMatch(/before the invoice date/);
		expect(errorsOf({ dueDate: '2028-11-01' }).dueDate).toMatch(/typing mistake/);
	});

	it('names each bad field of each line', () => {
		expect(
			errorsOf({
				lines: [
					{ kind: 'goods', poLineId: 'nope', quantity: '1.5', unitPrice: '-3' },
					{ kind: 'goods', poLineId: poLine, quantity: '1', unitPrice: '1', fineWeight: '2' },
					{ kind: 'charge', amount: '' },
					{ kind: 'adjustment', poLineId: poLine, part: 'goods', amount: '5' }
				]
			})
		).toEqual({
			'lines[0].poLineId': 'Choose the PO line.',
			'lines[0].quantity': 'Enter whole pieces, like 12.',
			'lines[0].unitPrice': expect.stringContaining('cannot be negative'),
			'lines[1].metalPrice': expect.stringContaining('price per fine gram'),
			'lines[2].charge': 'Choose the kind of charge.',
			'lines[2].amount': 'Enter the amount.',
			'lines[3].kind': 'A price adjustment belongs on a credit note.'
		});
	});

	it('refuses a document that adds up past 10^12 even when each line is fine', () => {
		const line = { kind: 'goods' as const, poLineId: poLine, quantity: '1000', unitPrice: '6000000.00' };
		expect(errorsOf({ lines: [line, line] }).lines).toMatch(/more than any real invoice/);
	});

	it('needs the invoice a credit note corrects, and only a credit note has one', () => {
		expect(errorsOf({ kind: 'credit_note' }).creditsInvoiceId).toBeTruthy();
		expect(errorsOf({ creditsInvoiceId: poLine }).creditsInvoiceId).toBeTruthy();
		expect(
			errorsOf({
				kind: 'credit_note',
				creditsInvoiceId: poLine,
				lines: [{ kind: 'adjustment', poLineId: poLine, part: 'metal', amount: '5' }]
			})
		).toEqual({});
	});

	it('refuses an unknown currency and an empty document in the schema', () => {
		expect(invoiceEntrySchema.safeParse({ number: 'X', invoiceDate: today, currency: 'XYZ', lines: [{ kind: 'charge' }] }).success).toBe(
			false
		);
		expect(invoiceEntrySchema.safeParse({ number: 'X', invoiceDate: today, currency: 'usd', lines: [] }).success).toBe(false);
	});
});

const flipLine = (overrides: Partial<FlipPoLine> = {}): FlipPoLine => ({
	id: poLine,
	description: 'Solitaire ring',
	laborBasis: 'per_piece',
	laborUnitPriceMinor: 4500,
	stoneCount: 0,
	targetWeightMg: 3250,
	stonesUnitPriceMinor: 1000,
	fineness: 750,
	metalBasis: 'consigned',
	metalPricePerGramMinor: null,
	marketMetalPricePerGramMinor: null,
	cancelled: false,
	receivedQuantity: 12,
	acceptedQuantity: 10,
	reworkQuantity: 0,
	returnedQuantity: 0,
	acceptedGrossWeightMg: 32_500,
	invoicedQuantity: 3,
	...overrides
});

describe('flipPurchaseOrder', () => {
	it('prefills accepted minus invoiced at labor + stones per piece, and names pieces waiting for QC', () => {
		const flip = flipPurchaseOrder([flipLine()], { freight: 2500, insurance: 0 }, 'USD');
		expect(flip.lines).toEqual([
			expect.objectContaining({ kind: 'goods', poLineId: poLine, quantity: '7', unitPrice: '55.00', fineWeight: '', metalPrice: '' }),
			expect.objectContaining({ kind: 'charge', charge: 'freight', amount: '25.00' })
		]);
		expect(flip.waitingForQc).toEqual([{ poLineId: poLine, description: 'Solitaire ring', pieces: 2 }]);
	});

	it('never invoices received pieces that are not accepted', () => {
		const flip = flipPurchaseOrder([flipLine({ acceptedQuantity: 0, invoicedQuantity: 0 })], {}, 'USD');
		expect(flip.lines).toEqual([]);
		expect(flip.waitingForQc[0].pieces).toBe(12);
	});

	it('prices labor per stone and per gram per piece', () => {
		const perStone = flipPurchaseOrder([flipLine({ laborBasis: 'per_stone', laborUnitPriceMinor: 150, stoneCount: 12 })], {}, 'USD');
		expect(perStone.lines[0].unitPrice).toBe('28.00');
		// 12.34 per g × 3.25 g = 40.105 → 40.11
		const perGram = flipPurchaseOrder(
			[flipLine({ laborBasis: 'per_gram', laborUnitPriceMinor: 1234, stonesUnitPriceMinor: 0 })],
			{},
			'USD'
		);
		expect(perGram.lines[0].unitPrice).toBe('40.11');
	});

	it('adds vendor metal at the accepted fine weight for the open share, at the fixed or market price', () => {
		// 32.5 g × 750 = 24.375 g fine for 10 accepted; 7 open → 17.0625 → 17.063 g
		const fixed = flipPurchaseOrder([flipLine({ metalBasis: 'fixed', metalPricePerGramMinor: 6000 })], {}, 'USD');
		expect(fixed.lines[0]).toMatchObject({ fineWeight: '17.063', metalPrice: '60.00' });
		const market = flipPurchaseOrder([flipLine({ metalBasis: 'market', marketMetalPricePerGramMinor: 6125 })], {}, 'USD');
		expect(market.lines[0]).toMatchObject({ fineWeight: '17.063', metalPrice: '61.25' });
		// market price not recorded yet, or no weight: no metal prefilled (matching would hold it)
		expect(flipPurchaseOrder([flipLine({ metalBasis: 'market' })], {}, 'USD').lines[0].fineWeight).toBe('');
		expect(
			flipPurchaseOrder([flipLine({ metalBasis: 'fixed', metalPricePerGramMinor: 6000, acceptedGrossWeightMg: null })], {}, 'USD').lines[0]
				.fineWeight
		).toBe('');
	});

	it('skips cancelled lines and caps at a shipment’s quantities', () => {
		expect(flipPurchaseOrder([flipLine({ cancelled: true })], {}, 'USD').lines).toEqual([]);
		const capped = flipPurchaseOrder([flipLine()], {}, 'USD', new Map([[poLine, 4]]));
		expect(capped.lines[0].quantity).toBe('4');
	});
});

describe('creditNoteLinesFrom', () => {
	it('turns matching’s suggestion into form lines', () => {
		const lines = creditNoteLinesFrom(
			{
				lines: [
					{
						kind: 'goods',
						poLineId: poLine,
						quantity: 2,
						unitPriceMinor: 8500,
						metal: { fineWeightMg: 1500, pricePerFineGramMinor: 6000 }
					},
					{ kind: 'adjustment', poLineId: poLine, part: 'metal', amountMinor: 123 },
					{ kind: 'charge', charge: 'freight', amountMinor: 500 }
				]
			},
			'USD'
		);
		expect(lines).toEqual([
			expect.objectContaining({
				kind: 'goods',
				poLineId: poLine,
				quantity: '2',
				unitPrice: '85.00',
				fineWeight: '1.5',
				metalPrice: '60.00'
			}),
			expect.objectContaining({ kind: 'adjustment', poLineId: poLine, part: 'metal', amount: '1.23' }),
			expect.objectContaining({ kind: 'charge', charge: 'freight', amount: '5.00' })
		]);
	});

	it('reads nothing from something that is not a suggestion', () => {
		for (const junk of [null, undefined, 3, 'x', {}, { lines: 'x' }, { lines: [null, 4, { kind: 'nope' }] }])
			expect(creditNoteLinesFrom(junk, 'USD')).toEqual([]);
	});
});
