import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currencyDecimals } from '#lib/domain/money.ts';
import {
	documentTotals,
	findingSeverity,
	matchInvoices,
	type DocumentLine,
	type DocumentMatch,
	type FindingCode,
	type MatchInput,
	type MatchResult,
	type PoLineTerms,
	type ReceivingFacts,
	type SuggestedCreditLine,
	type VendorDocument
} from './matching.ts';
import {
	defaultCompanyTolerances,
	priceAllowanceScaled,
	priceLimitMinor,
	priceTolerance,
	quantityTolerance,
	resolveTolerances,
	TOLERANCE_SCALE,
	type Tolerances
} from './tolerance.ts';

// ─── builders ─────────────────────────────────────────────────────────────────────────────────────

const defaults = resolveTolerances(defaultCompanyTolerances);

function tolerances(
	percentBasisPoints: number,
	absoluteThousandths: number,
	pieces = 0,
	rule: 'smaller' | 'larger' = 'smaller'
): Tolerances {
	return resolveTolerances({
		price: priceTolerance({ percentBasisPoints, absoluteThousandths }),
		quantity: quantityTolerance(pieces),
		priceAllowanceRule: rule
	});
}

const exact = tolerances(0, 0, 0);

function poLine(overrides: Partial<Omit<PoLineTerms, 'facts'>> & { facts?: Partial<ReceivingFacts> } = {}): PoLineTerms {
	const { facts, ...rest } = overrides;
	return {
		id: 'L1',
		currency: 'USD',
		orderedQuantity: 10,
		unitPriceMinor: 8500,
		metalBasis: 'consigned',
		metalPricePerFineGramMinor: null,
		fineness: 750,
		...rest,
		facts: { receivedQuantity: 10, acceptedQuantity: 10, reworkQuantity: 0, returnedQuantity: 0, acceptedGrossWeightMg: null, ...facts }
	};
}

let lineSeq = 0;
const goods = (
	poLineId: string,
	quantity: number,
	unitPriceMinor: number,
	metal: { fineWeightMg: number; pricePerFineGramMinor: number } | null = null
): DocumentLine => ({
	kind: 'goods',
	id: `g${++lineSeq}`,
	poLineId,
	quantity,
	unitPriceMinor,
	metal
});
const adjustment = (poLineId: string, part: 'goods' | 'metal', amountMinor: number): DocumentLine => ({
	kind: 'adjustment',
	id: `a${++lineSeq}`,
	poLineId,
	part,
	amountMinor
});
const charge = (kind: 'freight' | 'insurance' | 'certificates' | 'other', amountMinor: number): DocumentLine => ({
	kind: 'charge',
	id: `c${++lineSeq}`,
	charge: kind,
	amountMinor
});

function invoice(id: string, lines: DocumentLine[], overrides: Partial<VendorDocument> = {}): VendorDocument {
	return {
		id,
		vendorId: 'V1',
		kind: 'invoice',
		number: `INV-${id}`,
		invoiceDate: '2025-03-01',
		submittedAt: `2025-03-01T10:00:00.000Z`,
		currency: 'USD',
		creditsInvoiceId: null,
		lines,
		...overrides
	};
}

function creditNote(
	id: string,
	creditsInvoiceId: string | null,
	lines: DocumentLine[],
	overrides: Partial<VendorDocument> = {}
): VendorDocument {
	return invoice(id, lines, {
		kind: 'credit_note',
		number: `CN-${id}`,
		creditsInvoiceId,
		submittedAt: '2025-04-01T10:00:00.000Z',
		...overrides
	});
}

/** A credit note carrying exactly the suggested lines. */
function issue(result: MatchResult, documentId: string, id: string, currency = 'USD'): VendorDocument {
	const suggestion = result.documents.find((d) => d.documentId === documentId)!.suggestedCredit!;
	return creditNote(
		id,
		documentId,
		suggestion.lines.map((line, i) => ({ ...line, id: `${id}-${i}` }) as DocumentLine),
		{ currency, submittedAt: '2099-01-01T00:00:00.000Z', invoiceDate: '2099-01-01' }
	);
}

const doc = (result: MatchResult, id: string): DocumentMatch => result.documents.find((d) => d.documentId === id)!;
const codes = (match: DocumentMatch) => match.findings.map((f) => f.code);
const holdCodes = (match: DocumentMatch) => match.findings.filter((f) => f.severity === 'hold').map((f) => f.code);

const creditTotal = (lines: readonly SuggestedCreditLine[]) =>
	lines.reduce((sum, line) => sum + (line.kind === 'goods' ? line.quantity * line.unitPriceMinor : line.amountMinor), 0);

// ─── examples ─────────────────────────────────────────────────────────────────────────────────────

describe('4-way match, worked examples', () => {
	it('explains a piece returned in QC with the credit note that fixes it, and the credit note releases the hold', () => {
		const line = poLine({ facts: { acceptedQuantity: 9, returnedQuantity: 1 } });
		const inv = invoice('1', [goods('L1', 10, 8500)], { number: 'INV-104' });
		const first = matchInvoices({ poLines: [line], documents: [inv], tolerances: defaults });
		const held = doc(first, '1');
		expect(held.status).toBe('exception');
		expect(held.findings).toHaveLength(1);
		expect(held.findings[0]).toMatchObject({
			code: 'quantity_over_accepted',
			severity: 'hold',
			poLineId: 'L1',
			text: 'Invoiced 10 pcs, 9 accepted (1 returned in QC): credit note for 1 pc × $85.00.',
			fix: 'Credit note against INV-104 for 1 pc × $85.00.'
		});
		expect(held.suggestedCredit).toEqual({
			creditsInvoiceId: '1',
			currency: 'USD',
			lines: [{ kind: 'goods', poLineId: 'L1', quantity: 1, unitPriceMinor: 8500, metal: null }],
			totalMinor: 8500
		});

		const second = matchInvoices({ poLines: [line], documents: [inv, issue(first, '1', 'cn')], tolerances: defaults });
		expect(doc(second, '1').status).toBe('matched');
		expect(doc(second, 'cn').status).toBe('matched');
		expect(second.poLines[0]).toMatchObject({ invoicedQuantity: 9, invoicedGoodsMinor: 76_500, quantityOverAccepted: 0, holds: [] });
	});

	it('holds for QC while received pieces wait for inspection, and matches once QC accepts them', () => {
		const documents = [invoice('1', [goods('L1', 10, 8500)])];
		const waiting = matchInvoices({ poLines: [poLine({ facts: { acceptedQuantity: 0 } })], documents, tolerances: defaults });
		expect(codes(doc(waiting, '1'))).toEqual(['qc_pending']);
		expect(doc(waiting, '1').findings[0].text).toBe(
			'Invoiced 10 pcs, 0 accepted (10 waiting for QC): held until QC inspects 10 pcs, then matched again by itself.'
		);
		expect(doc(waiting, '1').suggestedCredit).toBeNull();
		const inspected = matchInvoices({ poLines: [poLine()], documents, tolerances: defaults });
		expect(doc(inspected, '1').status).toBe('matched');
	});

	it('does not hold an invoice that stays within accepted pieces while others wait for QC', () => {
		const line = poLine({ facts: { acceptedQuantity: 6 } });
		const result = matchInvoices({ poLines: [line], documents: [invoice('1', [goods('L1', 6, 8500)])], tolerances: defaults });
		expect(doc(result, '1').status).toBe('matched');
	});

	it('splits pieces over accepted into waiting for QC, rework and returned', () => {
		const line = poLine({ facts: { receivedQuantity: 10, acceptedQuantity: 5, reworkQuantity: 2, returnedQuantity: 1 } });
		const result = matchInvoices({ poLines: [line], documents: [invoice('1', [goods('L1', 11, 8500)])], tolerances: defaults });
		const match = doc(result, '1');
		expect(codes(match)).toEqual(['qc_pending', 'rework_pending', 'quantity_over_accepted']);
		const [waiting, rework, over] = match.findings;
		expect(waiting.detail).toMatchObject({ waitingPieces: 2 });
		expect(rework.detail).toMatchObject({ reworkPieces: 2, creditAmountMinor: 17_000 });
		expect(over.detail).toMatchObject({ creditPieces: 2, creditAmountMinor: 17_000 });
		expect(over.text).toBe(
			'Invoiced 11 pcs, 5 accepted (1 returned in QC, 2 in rework, 2 waiting for QC, 1 not delivered): credit note for 2 pcs × $85.00.'
		);
		expect(rework.text).toBe(
			'Invoiced 11 pcs, 5 accepted (1 returned in QC, 2 in rework, 2 waiting for QC, 1 not delivered): held until the 2 pcs in rework are accepted, or credit note for 2 pcs × $85.00.'
		);
		// the credit covers rework and the rest, never the pieces the brand still has to inspect
		expect(match.suggestedCredit!.lines).toEqual([{ kind: 'goods', poLineId: 'L1', quantity: 4, unitPriceMinor: 8500, metal: null }]);
	});

	it('holds only the later invoice that over-bills, not the correct earlier one', () => {
		const line = poLine({ facts: { acceptedQuantity: 9, returnedQuantity: 1 } });
		const documents = [
			invoice('1', [goods('L1', 6, 8500)], { submittedAt: '2025-03-01T00:00:00Z' }),
			invoice('2', [goods('L1', 4, 8500)], { submittedAt: '2025-03-02T00:00:00Z' })
		];
		const result = matchInvoices({ poLines: [line], documents, tolerances: defaults });
		expect(doc(result, '1').status).toBe('matched');
		expect(doc(result, '2').findings.map((f) => f.text)).toEqual([
			'Invoiced 10 pcs on this PO line (4 pcs on this invoice), 9 accepted (1 returned in QC): credit note for 1 pc × $85.00.'
		]);
	});

	it('holds a unit price over the PO price plus 1% and explains the price credit', () => {
		const line = poLine();
		const at = matchInvoices({ poLines: [line], documents: [invoice('1', [goods('L1', 10, 8585)])], tolerances: defaults });
		expect(doc(at, '1').status).toBe('matched');
		const over = matchInvoices({ poLines: [line], documents: [invoice('1', [goods('L1', 10, 9000)])], tolerances: defaults });
		expect(doc(over, '1').findings.map((f) => [f.code, f.text])).toEqual([
			[
				'price_over_po',
				'Invoiced 10 pcs at $90.00, PO price $85.00 a piece (up to $85.85 accepted): credit note for $50.00 (10 pcs × $5.00).'
			]
		]);
		const credited = matchInvoices({
			poLines: [line],
			documents: [invoice('1', [goods('L1', 10, 9000)]), issue(over, '1', 'cn')],
			tolerances: defaults
		});
		expect(doc(credited, '1').status).toBe('matched');
	});

	it('caps the price allowance at 25.00 under the smaller rule, and lifts it under the larger one', () => {
		const line = poLine({ unitPriceMinor: 1_000_000 }); // 10,000.00: 1% is 100.00
		const run = (price: number, t: Tolerances) =>
			doc(matchInvoices({ poLines: [line], documents: [invoice('1', [goods('L1', 1, price)])], tolerances: t }), '1').status;
		expect(run(1_002_500, defaults)).toBe('matched');
		expect(run(1_002_501, defaults)).toBe('exception');
		const larger = tolerances(100, 25_000, 0, 'larger');
		expect(run(1_010_000, larger)).toBe('matched');
		expect(run(1_010_001, larger)).toBe('exception');
	});

	it('warns, never holds, when an invoice is under the PO price', () => {
		const result = matchInvoices({ poLines: [poLine()], documents: [invoice('1', [goods('L1', 10, 8000)])], tolerances: defaults });
		expect(doc(result, '1').status).toBe('warning_only');
		expect(doc(result, '1').findings[0].text).toBe('Invoiced 10 pcs at $80.00, below the PO price of $85.00: not held; check the price.');
	});

	it('matches metal on fine weight × the agreed price per fine gram', () => {
		// 10 pcs × 4 g of 18K = 30 g fine × 55.00/g = 1,650.00
		const line = poLine({ metalBasis: 'fixed', metalPricePerFineGramMinor: 5500, facts: { acceptedGrossWeightMg: 40_000 } });
		const run = (fineWeightMg: number, pricePerFineGramMinor: number) =>
			doc(
				matchInvoices({
					poLines: [line],
					documents: [invoice('1', [goods('L1', 10, 8500, { fineWeightMg, pricePerFineGramMinor })])],
					tolerances: exact
				}),
				'1'
			);
		expect(run(30_000, 5500).status).toBe('matched');
		expect(run(30_001, 5500).status).toBe('exception');
		expect(run(30_000, 5501).status).toBe('exception');
		// less weight at a higher price is the same money: fine weight × price is what matches
		expect(run(29_700, 5555).status).toBe('matched');
		const over = run(31_000, 5500);
		expect(over.findings[0]).toMatchObject({
			code: 'metal_over_agreed',
			text: 'Metal invoiced: 31.000 g fine for $1,705.00; the accepted pieces hold 30.000 g fine, at the agreed $55.00/g that is $1,650.00: credit note for $55.00 of metal.'
		});
		expect(run(30_000, 5400).findings.map((f) => f.code)).toEqual(['metal_price_under_agreed']);
	});

	it('holds metal billed on consigned metal, and metal that cannot be checked yet', () => {
		const consigned = matchInvoices({
			poLines: [poLine()],
			documents: [invoice('1', [goods('L1', 10, 8500, { fineWeightMg: 30_000, pricePerFineGramMinor: 5500 })])],
			tolerances: defaults
		});
		expect(codes(doc(consigned, '1'))).toEqual(['metal_on_consigned']);
		expect(doc(consigned, '1').suggestedCredit!.lines).toEqual([
			{ kind: 'adjustment', poLineId: 'L1', part: 'metal', amountMinor: 165_000 }
		]);

		const unknown = matchInvoices({
			poLines: [poLine({ metalBasis: 'market', metalPricePerFineGramMinor: null, facts: { acceptedGrossWeightMg: null } })],
			documents: [invoice('1', [goods('L1', 10, 8500, { fineWeightMg: 30_000, pricePerFineGramMinor: 5500 })])],
			tolerances: defaults
		});
		expect(codes(doc(unknown, '1'))).toEqual(['metal_price_unknown', 'metal_weight_unknown']);
		expect(doc(unknown, '1').suggestedCredit).toBeNull();
	});

	it('checks charges against what was agreed for the invoice', () => {
		const run = (agreedChargesMinor: VendorDocument['agreedChargesMinor'], t = exact) =>
			doc(
				matchInvoices({
					poLines: [poLine()],
					documents: [invoice('1', [goods('L1', 10, 8500), charge('freight', 6000), charge('freight', 0)], { agreedChargesMinor })],
					tolerances: t
				}),
				'1'
			);
		expect(run(undefined).findings.map((f) => [f.code, f.text])).toEqual([
			['charge_not_agreed', 'Freight of $60.00 is not agreed on the purchase order: finance checks it before approving.']
		]);
		expect(run({ freight: 6000 }).status).toBe('matched');
		const over = run({ freight: 4500 });
		expect(over.findings.map((f) => f.text)).toEqual(['Freight invoiced $60.00, agreed $45.00: credit note for $15.00.']);
		expect(over.suggestedCredit!.lines).toEqual([{ kind: 'charge', charge: 'freight', amountMinor: 1500 }]);
	});

	it('does not count lines in another currency or against an unknown PO line', () => {
		const result = matchInvoices({
			poLines: [poLine()],
			documents: [invoice('1', [goods('L1', 10, 8500), goods('L9', 1, 100)], { currency: 'EUR' })],
			tolerances: defaults
		});
		expect(codes(doc(result, '1'))).toEqual(['currency_mismatch', 'unknown_po_line']);
		expect(doc(result, '1').findings[0].text).toBe(
			'This invoice is in EUR but the purchase order is in USD: its lines for this PO line are not counted.'
		);
		expect(result.poLines[0].invoicedQuantity).toBe(0);
	});

	it('holds the same invoice number twice in a year and does not count it; warns on same amount and date', () => {
		const documents = [
			invoice('1', [goods('L1', 5, 8500)], { number: 'INV-0012', submittedAt: '2025-03-01T00:00:00Z' }),
			invoice('2', [goods('L1', 5, 8500)], { number: 'inv 12', submittedAt: '2025-03-02T00:00:00Z', invoiceDate: '2025-11-30' }),
			invoice('3', [goods('L1', 5, 8500)], { number: '13', submittedAt: '2025-03-03T00:00:00Z' }),
			invoice('4', [goods('L1', 5, 8500)], { number: '12', submittedAt: '2025-03-04T00:00:00Z', invoiceDate: '2026-01-02' })
		];
		const result = matchInvoices({
			poLines: [poLine({ facts: { receivedQuantity: 20, acceptedQuantity: 20 } })],
			documents,
			tolerances: defaults
		});
		expect(doc(result, '1').status).toBe('matched');
		expect(codes(doc(result, '2'))).toEqual(['duplicate_number']);
		expect(doc(result, '2').findings[0].text).toBe(
			'Same number as invoice INV-0012 of 2025-03-01 (both read as 12): the same invoice is never paid twice, so this one is not counted.'
		);
		expect(codes(doc(result, '3'))).toEqual(['possible_duplicate']);
		expect(doc(result, '4').status).toBe('matched'); // another year
		expect(result.poLines[0].invoicedQuantity).toBe(15);
	});

	it('warns on a credit note that names no invoice, and on one that takes off more than was invoiced', () => {
		const result = matchInvoices({
			poLines: [poLine()],
			documents: [
				invoice('1', [goods('L1', 2, 8500)]),
				creditNote('c1', null, [goods('L1', 1, 8500)]),
				creditNote('c2', '1', [goods('L1', 3, 8500)])
			],
			tolerances: defaults
		});
		expect(codes(doc(result, 'c1'))).toEqual(['credit_note_unlinked', 'credit_exceeds_invoiced']);
		expect(codes(doc(result, 'c2'))).toEqual(['credit_exceeds_invoiced']);
		expect(doc(result, '1').status).toBe('matched');
	});

	it('refuses negative, fractional or absurd input instead of guessing', () => {
		const run = (lines: DocumentLine[]) => () =>
			matchInvoices({ poLines: [poLine()], documents: [invoice('1', lines)], tolerances: defaults });
		expect(run([goods('L1', -1, 8500)])).toThrow(RangeError);
		expect(run([goods('L1', 1.5, 8500)])).toThrow(RangeError);
		expect(run([adjustment('L1', 'goods', -100)])).toThrow(RangeError);
		expect(run([goods('L1', Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)])).toThrow(RangeError);
		expect(() => matchInvoices({ poLines: [poLine({ currency: 'XYZ' })], documents: [], tolerances: defaults })).toThrow(RangeError);
	});
});

// ─── properties ───────────────────────────────────────────────────────────────────────────────────

const currency = fc.constantFrom('USD', 'JPY', 'KWD');

const toleranceArb = fc
	.record({
		bp: fc.integer({ min: 0, max: 500 }),
		abs: fc.integer({ min: 0, max: 100_000 }),
		pieces: fc.integer({ min: 0, max: 2 }),
		rule: fc.constantFrom('smaller' as const, 'larger' as const)
	})
	.map(({ bp, abs, pieces, rule }) => tolerances(bp, abs, pieces, rule));

const factsArb = fc
	.record({
		received: fc.integer({ min: 0, max: 30 }),
		accepted: fc.nat(),
		rework: fc.nat(),
		returned: fc.nat(),
		weighed: fc.boolean(),
		mgPerPiece: fc.integer({ min: 500, max: 12_000 })
	})
	.map(({ received, accepted, rework, returned, weighed, mgPerPiece }) => {
		const a = received === 0 ? 0 : accepted % (received + 1);
		const r = received - a === 0 ? 0 : rework % (received - a + 1);
		const ret = received - a - r === 0 ? 0 : returned % (received - a - r + 1);
		return {
			receivedQuantity: received,
			acceptedQuantity: a,
			reworkQuantity: r,
			returnedQuantity: ret,
			acceptedGrossWeightMg: weighed ? a * mgPerPiece : null
		} satisfies ReceivingFacts;
	});

const poLinesArb = (code: string) =>
	fc
		.array(
			fc.record({
				unitPriceMinor: fc.integer({ min: 0, max: 500_000 }),
				metalBasis: fc.constantFrom('consigned' as const, 'fixed' as const, 'market' as const),
				metalPrice: fc.option(fc.integer({ min: 1, max: 20_000 }), { nil: null, freq: 5 }),
				fineness: fc.constantFrom(585, 750, 925, 999),
				facts: factsArb
			}),
			{ minLength: 1, maxLength: 3 }
		)
		.map((lines) =>
			lines.map((l, i): PoLineTerms => ({
				id: `L${i}`,
				currency: code,
				orderedQuantity: 30,
				unitPriceMinor: l.unitPriceMinor,
				metalBasis: l.metalBasis,
				metalPricePerFineGramMinor: l.metalBasis === 'consigned' ? null : l.metalPrice,
				fineness: l.fineness,
				facts: l.facts
			}))
		);

type RawLine =
	| { kind: 'goods'; line: number; quantity: number; priceDelta: number; metal: { fineWeightMg: number; priceDelta: number } | null }
	| { kind: 'adjustment'; line: number; part: 'goods' | 'metal'; amountMinor: number };

/** Lines priced around the PO: under, at, within and over any tolerance. */
const linesArb = (poLines: PoLineTerms[], maxQuantity: number): fc.Arbitrary<RawLine[]> =>
	fc.array<RawLine>(
		fc.oneof(
			{
				weight: 6,
				arbitrary: fc.record({
					kind: fc.constant('goods' as const),
					line: fc.integer({ min: 0, max: poLines.length - 1 }),
					quantity: fc.integer({ min: 0, max: maxQuantity }),
					priceDelta: fc.integer({ min: -200, max: 300 }),
					metal: fc.option(
						fc.record({ fineWeightMg: fc.integer({ min: 0, max: 40_000 }), priceDelta: fc.integer({ min: -50, max: 80 }) }),
						{ nil: null }
					)
				})
			},
			{
				weight: 1,
				arbitrary: fc.record({
					kind: fc.constant('adjustment' as const),
					line: fc.integer({ min: 0, max: poLines.length - 1 }),
					part: fc.constantFrom('goods' as const, 'metal' as const),
					amountMinor: fc.integer({ min: 0, max: 5000 })
				})
			}
		),
		{ minLength: 1, maxLength: 3 }
	);

interface Scenario extends MatchInput {
	currency: string;
}

const scenarioArb = (options: { creditNotes: boolean } = { creditNotes: true }) =>
	currency.chain((code) =>
		fc.tuple(poLinesArb(code), toleranceArb).chain(([poLines, t]) =>
			fc
				.tuple(
					fc.array(fc.tuple(linesArb(poLines, 15), fc.option(fc.integer({ min: 0, max: 8000 }), { nil: null })), {
						minLength: 1,
						maxLength: 5
					}),
					options.creditNotes ? fc.array(fc.tuple(fc.nat(), linesArb(poLines, 4)), { maxLength: 2 }) : fc.constant([]),
					fc.uniqueArray(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 7, maxLength: 7 })
				)
				.map(([invoices, credits, times]): Scenario => {
					let n = 0;
					const toLine = (r: RawLine, prefix: string): DocumentLine => {
						const po = poLines[r.line];
						if (r.kind === 'adjustment')
							return { kind: 'adjustment', id: `${prefix}-${n++}`, poLineId: po.id, part: r.part, amountMinor: r.amountMinor };
						const agreed = po.metalPricePerFineGramMinor ?? 5000;
						return {
							kind: 'goods',
							id: `${prefix}-${n++}`,
							poLineId: po.id,
							quantity: r.quantity,
							unitPriceMinor: Math.max(0, po.unitPriceMinor + r.priceDelta),
							metal: r.metal
								? { fineWeightMg: r.metal.fineWeightMg, pricePerFineGramMinor: Math.max(0, agreed + r.metal.priceDelta) }
								: null
						};
					};
					const at = (i: number) => new Date(Date.UTC(2025, 0, 1) + times[i] * 1000).toISOString();
					const documents: VendorDocument[] = invoices.map(([lines, freight], i) => ({
						id: `I${i}`,
						vendorId: 'V1',
						kind: 'invoice',
						number: `INV-${i + 1}`,
						invoiceDate: `2025-02-${String(i + 1).padStart(2, '0')}`,
						submittedAt: at(i),
						currency: code,
						creditsInvoiceId: null,
						agreedChargesMinor: { freight: 5000 },
						lines: [
							...lines.map((l) => toLine(l, `I${i}`)),
							...(freight === null ? [] : [{ kind: 'charge' as const, id: `I${i}-f`, charge: 'freight' as const, amountMinor: freight }])
						]
					}));
					credits.forEach(([target, lines], i) => {
						documents.push({
							id: `C${i}`,
							vendorId: 'V1',
							kind: 'credit_note',
							number: `CN-${i + 1}`,
							invoiceDate: `2025-03-${String(i + 1).padStart(2, '0')}`,
							submittedAt: at(5 + i),
							currency: code,
							creditsInvoiceId: `I${target % invoices.length}`,
							lines: lines.map((l) => toLine(l, `C${i}`))
						});
					});
					return { currency: code, poLines, documents, tolerances: t };
				})
		)
	);

/** fast-check's shuffle of an array, for "in any order" */
const shuffled = <T>(items: readonly T[]) => fc.shuffledSubarray([...items], { minLength: items.length, maxLength: items.length });

const byId = (result: MatchResult) => ({
	documents: Object.fromEntries(result.documents.map((d) => [d.documentId, d])),
	poLines: Object.fromEntries(result.poLines.map((l) => [l.poLineId, l]))
});

const creditable: FindingCode[] = [
	'quantity_over_accepted',
	'rework_pending',
	'price_over_po',
	'metal_over_agreed',
	'metal_on_consigned',
	'charge_over_agreed'
];

describe('4-way match, properties', () => {
	it('passes exactly at every tolerance limit and holds one minor unit (or one piece) over — in 0, 2 and 3 decimal currencies', () => {
		fc.assert(
			fc.property(
				currency,
				toleranceArb,
				fc.integer({ min: 0, max: 2_000_000 }),
				fc.integer({ min: 1, max: 50 }),
				fc.integer({ min: 0, max: 20 }),
				(code, t, price, quantity, accepted) => {
					const line = poLine({ currency: code, unitPriceMinor: price, facts: { receivedQuantity: 100, acceptedQuantity: accepted } });
					const run = (lines: DocumentLine[], po = line) =>
						doc(
							matchInvoices({
								poLines: [po],
								documents: [invoice('1', lines, { currency: code, agreedChargesMinor: { freight: price } })],
								tolerances: t
							}),
							'1'
						);

					// unit price: the highest whole price per piece passes, one minor unit more holds
					const limit = priceLimitMinor(t, price, code);
					const roomy = { ...line, facts: { ...line.facts, acceptedQuantity: 100 } };
					expect(run([goods('L1', quantity, limit)], roomy).status).not.toBe('exception');
					expect(holdCodes(run([goods('L1', quantity, limit + 1)], roomy))).toEqual(['price_over_po']);

					// total: quantity × (price + exact allowance), rounded down, passes; one minor unit more holds
					const room = Number((BigInt(quantity) * priceAllowanceScaled(t, BigInt(price), code)) / TOLERANCE_SCALE);
					expect(run([goods('L1', quantity, price), adjustment('L1', 'goods', room)], roomy).status).toBe('matched');
					expect(holdCodes(run([goods('L1', quantity, price), adjustment('L1', 'goods', room + 1)], roomy))).toEqual(['price_over_po']);

					// quantity: accepted + tolerance passes, one piece more holds
					const allowed = accepted + t.quantity.pieces;
					const delivered = { ...line, facts: { ...line.facts, receivedQuantity: accepted } };
					expect(run([goods('L1', allowed, price)], delivered).status).toBe('matched');
					expect(holdCodes(run([goods('L1', allowed + 1, price)], delivered))).toEqual(['quantity_over_accepted']);

					// metal, as money: the accepted fine weight at the agreed price plus the allowance passes, one minor unit more holds
					const metalLine = poLine({
						currency: code,
						metalBasis: 'fixed',
						metalPricePerFineGramMinor: price,
						fineness: 1000,
						facts: { acceptedGrossWeightMg: 40_000, acceptedQuantity: 100, receivedQuantity: 100 }
					});
					const metalRoom = Number((40n * priceAllowanceScaled(t, BigInt(price), code) * 2n + TOLERANCE_SCALE) / (2n * TOLERANCE_SCALE));
					const agreedMetal = { fineWeightMg: 40_000, pricePerFineGramMinor: price };
					expect(run([goods('L1', 0, 0, agreedMetal), adjustment('L1', 'metal', metalRoom)], metalLine).status).toBe('matched');
					expect(holdCodes(run([goods('L1', 0, 0, agreedMetal), adjustment('L1', 'metal', metalRoom + 1)], metalLine))).toEqual([
						'metal_over_agreed'
					]);
					// and per fine gram: the highest whole price passes, one minor unit more holds
					const perGram = priceLimitMinor(t, price, code);
					expect(run([goods('L1', 0, 0, { fineWeightMg: 40_000, pricePerFineGramMinor: perGram })], metalLine).status).not.toBe(
						'exception'
					);

					// a charge against its agreed amount
					const chargeLimit = priceLimitMinor(t, price, code);
					expect(run([charge('freight', chargeLimit)], roomy).status).toBe('matched');
					expect(holdCodes(run([charge('freight', chargeLimit + 1)], roomy))).toEqual(['charge_over_agreed']);
				}
			),
			{ numRuns: 300 }
		);
	});

	it('with zero tolerance, holds anything over and passes exactly the PO', () => {
		fc.assert(
			fc.property(currency, fc.integer({ min: 0, max: 2_000_000 }), fc.integer({ min: 1, max: 30 }), (code, price, quantity) => {
				const line = poLine({ currency: code, unitPriceMinor: price, facts: { receivedQuantity: quantity, acceptedQuantity: quantity } });
				const run = (lines: DocumentLine[]) =>
					doc(matchInvoices({ poLines: [line], documents: [invoice('1', lines, { currency: code })], tolerances: exact }), '1');
				expect(run([goods('L1', quantity, price)]).status).toBe('matched');
				expect(holdCodes(run([goods('L1', quantity, price + 1)]))).toEqual(['price_over_po']);
				expect(holdCodes(run([goods('L1', quantity, price), adjustment('L1', 'goods', 1)]))).toEqual(['price_over_po']);
				expect(holdCodes(run([goods('L1', quantity + 1, price)]))).toEqual(['quantity_over_accepted']);
			}),
			{ numRuns: 300 }
		);
	});

	it('gives the same result whatever order documents, lines and PO lines are passed in', () => {
		fc.assert(
			fc.property(
				scenarioArb().chain((s) => fc.tuple(fc.constant(s), shuffled(s.documents), shuffled(s.poLines))),
				([scenario, documents, poLines]) => {
					const reordered = documents.map((d) => ({ ...d }));
					expect(byId(matchInvoices({ ...scenario, documents: reordered, poLines }))).toEqual(byId(matchInvoices(scenario)));
				}
			),
			{ numRuns: 300 }
		);
	});

	it('gives every PO line the same totals and verdict whatever order the invoices arrive in; with no tolerance, the pieces to credit add up to the pieces over accepted', () => {
		fc.assert(
			fc.property(
				scenarioArb({ creditNotes: false }).chain((s) => fc.tuple(fc.constant(s), shuffled(s.documents.map((d) => d.submittedAt)))),
				([scenario, times]) => {
					const rearrived = scenario.documents.map((d, i) => ({ ...d, submittedAt: times[i] }));
					expect(byId(matchInvoices({ ...scenario, documents: rearrived })).poLines).toEqual(byId(matchInvoices(scenario)).poLines);

					const noPieces = tolerances(scenario.tolerances.price.percentBasisPoints, scenario.tolerances.price.absoluteThousandths, 0);
					for (const documents of [scenario.documents, rearrived]) {
						const result = matchInvoices({ ...scenario, documents, tolerances: noPieces });
						for (const summary of result.poLines) {
							const line = scenario.poLines.find((l) => l.id === summary.poLineId)!;
							const waiting = summary.waitingForQcQuantity;
							const credited = result.documents
								.flatMap((d) => d.findings)
								.filter((f) => f.poLineId === line.id)
								.reduce(
									(sum, f) =>
										sum +
										(f.detail.code === 'quantity_over_accepted'
											? f.detail.creditPieces
											: f.detail.code === 'rework_pending'
												? f.detail.reworkPieces
												: 0),
									0
								);
							expect(credited).toBe(Math.max(0, summary.quantityOverAccepted - waiting));
						}
					}
				}
			),
			{ numRuns: 300 }
		);
	});

	it('never creates or loses a minor unit: an invoice split into partial invoices counts exactly the same', () => {
		fc.assert(
			fc.property(
				currency,
				fc.integer({ min: 0, max: 1_000_000 }),
				fc.integer({ min: 1, max: 40 }),
				fc.integer({ min: 0, max: 100_000 }),
				fc.integer({ min: 0, max: 99_999 }),
				fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 6 }),
				toleranceArb,
				(code, price, quantity, fineMg, metalPrice, weights, t) => {
					const line = poLine({
						currency: code,
						unitPriceMinor: price,
						metalBasis: 'fixed',
						metalPricePerFineGramMinor: metalPrice,
						facts: { receivedQuantity: 40, acceptedQuantity: 25, acceptedGrossWeightMg: 60_000 }
					});
					// split pieces and fine weight in proportion to `weights`, the remainder on the last part
					const split = (total: number) => {
						const sum = weights.reduce((a, b) => a + b, 0);
						const parts = weights.map((w) => Math.floor((total * w) / sum));
						parts[parts.length - 1] += total - parts.reduce((a, b) => a + b, 0);
						return parts;
					};
					const pieces = split(quantity);
					const fines = split(fineMg);
					const whole = [
						invoice('w', [goods('L1', quantity, price, { fineWeightMg: fineMg, pricePerFineGramMinor: metalPrice })], { currency: code })
					];
					const parts = weights.map((_, i) =>
						invoice(`p${i}`, [goods('L1', pieces[i], price, { fineWeightMg: fines[i], pricePerFineGramMinor: metalPrice })], {
							currency: code,
							number: `P-${i + 1}`,
							submittedAt: `2025-03-0${i + 1}T00:00:00Z`
						})
					);
					const a = matchInvoices({ poLines: [line], documents: whole, tolerances: t });
					const b = matchInvoices({ poLines: [line], documents: parts, tolerances: t });
					expect(b.poLines).toEqual(a.poLines);
					// goods amounts add up exactly; each printed metal amount is rounded once per line, half up
					const goodsSum = parts.reduce((sum, d) => sum + documentTotals(d).goodsMinor, 0);
					expect(goodsSum).toBe(documentTotals(whole[0]).goodsMinor);
					// every suggested credit is exactly the sum of its lines, and of the findings that ask for it
					for (const match of [...a.documents, ...b.documents]) {
						if (!match.suggestedCredit) continue;
						expect(match.suggestedCredit.totalMinor).toBe(creditTotal(match.suggestedCredit.lines));
						const asked = match.findings.reduce((sum, f) => sum + ('creditAmountMinor' in f.detail ? f.detail.creditAmountMinor : 0), 0);
						expect(asked).toBe(match.suggestedCredit.totalMinor);
					}
					// and, with no tolerance to share out between the parts, the credits the parts ask for add up
					// to what the whole invoice asks for (with one, what an earlier part was allowed stays allowed)
					const credit = (r: MatchResult) => r.documents.reduce((sum, d) => sum + (d.suggestedCredit?.totalMinor ?? 0), 0);
					const strictWhole = matchInvoices({ poLines: [line], documents: whole, tolerances: exact });
					const strictParts = matchInvoices({ poLines: [line], documents: parts, tolerances: exact });
					expect(credit(strictParts)).toBe(credit(strictWhole));
				}
			),
			{ numRuns: 500 }
		);
	});

	it('releases every over-billing hold once the suggested credit notes are issued, round after round', () => {
		// one round usually does it; a second is needed when crediting an earlier invoice's extra pieces
		// raises the average price a later invoice was hiding behind
		fc.assert(
			fc.property(scenarioArb(), (scenario) => {
				let documents = scenario.documents;
				let rounds = 0;
				for (;;) {
					const result = matchInvoices({ ...scenario, documents });
					const held = result.documents.filter((d) => d.findings.some((f) => creditable.includes(f.code)));
					if (held.length === 0) break;
					expect(held.every((d) => d.suggestedCredit !== null)).toBe(true);
					expect(++rounds).toBeLessThanOrEqual(3);
					documents = [...documents, ...held.map((d) => issue(result, d.documentId, `fix${rounds}-${d.documentId}`, scenario.currency))];
				}
			}),
			{ numRuns: 1000 }
		);
	});

	it('releases a single invoice’s hold with a credit note equal to the overage, and not with one minor unit less', () => {
		fc.assert(
			fc.property(scenarioArb({ creditNotes: false }), (scenario) => {
				const single = { ...scenario, documents: scenario.documents.slice(0, 1) };
				const before = matchInvoices(single);
				const held = before.documents[0];
				fc.pre(held.suggestedCredit !== null);
				const fix = issue(before, held.documentId, 'fix', scenario.currency);
				const after = doc(matchInvoices({ ...single, documents: [...single.documents, fix] }), held.documentId);
				expect(after.findings.filter((f) => creditable.includes(f.code))).toEqual([]);
				// with no tolerance, one minor unit less than a money credit does not release it
				const zeroAllowance = priceAllowanceScaled(single.tolerances, 1_000_000_000n, scenario.currency) === 0n;
				const money = fix.lines.findIndex((l) => l.kind !== 'goods' && l.amountMinor > 0);
				if (zeroAllowance && money >= 0) {
					const lines = fix.lines.map((l, i) => (i === money && l.kind !== 'goods' ? { ...l, amountMinor: l.amountMinor - 1 } : l));
					const partly = doc(matchInvoices({ ...single, documents: [...single.documents, { ...fix, lines }] }), held.documentId);
					expect(partly.findings.some((f) => creditable.includes(f.code))).toBe(true);
				}
			}),
			{ numRuns: 500 }
		);
	});

	it('never holds for under-billing: lowering any price never adds a hold, and billing under the PO never holds', () => {
		fc.assert(
			fc.property(
				scenarioArb().chain((s) => fc.tuple(fc.constant(s), fc.nat(), fc.integer({ min: 1, max: 1000 }))),
				([scenario, pick, cut]) => {
					const base = matchInvoices(scenario);
					const invoices = scenario.documents.filter((d) => d.kind === 'invoice');
					const target = invoices[pick % invoices.length];
					const lowered = scenario.documents.map((d) =>
						d !== target
							? d
							: {
									...d,
									lines: d.lines.map((l) =>
										l.kind === 'goods'
											? {
													...l,
													unitPriceMinor: Math.max(0, l.unitPriceMinor - cut),
													metal: l.metal ? { ...l.metal, pricePerFineGramMinor: Math.max(0, l.metal.pricePerFineGramMinor - cut) } : null
												}
											: l
									)
								}
					);
					const after = matchInvoices({ ...scenario, documents: lowered });
					for (const match of after.documents) {
						const was = new Set(holdCodes(doc(base, match.documentId)));
						for (const code of holdCodes(match)) expect(was.has(code) || !['price_over_po', 'metal_over_agreed'].includes(code)).toBe(true);
					}

					// all of it under: every goods line at or under the PO price, within accepted, no metal, no charges
					const under = scenario.poLines.map((l) => ({
						...l,
						facts: { ...l.facts, receivedQuantity: 1000, acceptedQuantity: 1000, reworkQuantity: 0, returnedQuantity: 0 }
					}));
					const documents = invoices.map((d) => ({
						...d,
						lines: d.lines.flatMap((l): DocumentLine[] => {
							if (l.kind !== 'goods') return [];
							const po = under.find((p) => p.id === l.poLineId)!;
							return [{ ...l, unitPriceMinor: Math.min(l.unitPriceMinor, po.unitPriceMinor), metal: null }];
						})
					}));
					const result = matchInvoices({ ...scenario, poLines: under, documents });
					for (const match of result.documents) expect(holdCodes(match)).toEqual([]);
				}
			),
			{ numRuns: 300 }
		);
	});

	it('only ever reports codes with a known severity, and a status that follows from them', () => {
		fc.assert(
			fc.property(scenarioArb(), (scenario) => {
				for (const match of matchInvoices(scenario).documents) {
					for (const finding of match.findings) {
						expect(finding.severity).toBe(findingSeverity[finding.code]);
						expect(finding.text.length).toBeGreaterThan(10);
					}
					const expected = match.findings.some((f) => f.severity === 'hold')
						? 'exception'
						: match.findings.length
							? 'warning_only'
							: 'matched';
					expect(match.status).toBe(expected);
				}
			}),
			{ numRuns: 200 }
		);
	});

	it('formats amounts in the invoice currency, 0 and 3 decimals included', () => {
		for (const [code, price, expected] of [
			['JPY', 8500, 'credit note for 1 pc × ¥8,500.'],
			['KWD', 85_250, 'credit note for 1 pc × KWD\u00a085.250.'],
			['USD', 8500, 'credit note for 1 pc × $85.00.']
		] as const) {
			const line = poLine({ currency: code, unitPriceMinor: price, facts: { acceptedQuantity: 9, returnedQuantity: 1 } });
			const result = matchInvoices({
				poLines: [line],
				documents: [invoice('1', [goods('L1', 10, price)], { currency: code })],
				tolerances: defaults
			});
			expect(doc(result, '1').findings[0].text.endsWith(expected)).toBe(true);
			expect(currencyDecimals(code)).toBe({ JPY: 0, KWD: 3, USD: 2 }[code]);
		}
	});
});
