import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minorToDecimalString } from '../money.ts';
import { alloyCodes, findAlloy } from './alloys.ts';
import {
	acknowledgeSchema,
	blankLineForm,
	parseDraftLines,
	poDraftSchema,
	poLineFormSchema,
	poListQuerySchema,
	type PoLineForm
} from './schemas.ts';

const today = '2026-11-27';

/** A valid line as the editor sends it, before zod defaults. */
const lineInput = (overrides: Record<string, unknown> = {}) => ({
	description: 'Solitaire ring, 4-prong',
	quantity: '12',
	alloy: '18KY',
	targetWeight: '3.25',
	laborBasis: 'per_piece',
	laborUnitPrice: '45.00',
	metalBasis: 'consigned',
	dueDate: '2027-01-15',
	...overrides
});
const line = (overrides: Record<string, unknown> = {}): PoLineForm => poLineFormSchema.parse(lineInput(overrides));

/** zod's issue paths in the form's keys: ['lines', 2, 'quantity'] → lines[2].quantity */
const keyOf = (path: PropertyKey[]) =>
	path.reduce<string>((key, part) => (typeof part === 'number' ? `${key}[${part}]` : key ? `${key}.${String(part)}` : String(part)), '');
const draftErrors = (lines: Record<string, unknown>[]) => {
	const result = poDraftSchema.safeParse({ vendorId: '6f1c8d3e-2b1a-4c5d-9e8f-0a1b2c3d4e5f', shipTo: 'Brand HQ', lines });
	return result.success ? {} : Object.fromEntries(result.error.issues.map((i) => [keyOf(i.path), i.message]));
};
const errorsOf = (lines: PoLineForm[], currency = 'USD', existing = new Map<string, string>()) => {
	const result = parseDraftLines(lines, currency, today, existing);
	return result.ok ? {} : result.errors;
};

describe('the line form schema', () => {
	it('refuses zero, negative and fractional quantities, keyed by line', () => {
		for (const quantity of ['0', '-3', '2.5', '', 'twelve']) {
			const errors = draftErrors([lineInput(), lineInput({ quantity })]);
			expect(Object.keys(errors), quantity).toEqual(['lines[1].quantity']);
		}
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 100_000 }), (quantity) => {
				expect(poLineFormSchema.parse(lineInput({ quantity: String(quantity) })).quantity).toBe(quantity);
			})
		);
		fc.assert(
			fc.property(
				fc.oneof(
					fc.integer({ max: 0 }),
					fc.double({ min: 0.001, max: 1e5, noNaN: true }).filter((n) => !Number.isInteger(n))
				),
				(quantity) => {
					expect(poLineFormSchema.safeParse(lineInput({ quantity: String(quantity) })).success).toBe(false);
				}
			)
		);
	});

	it('knows only the listed alloys, whatever their case', () => {
		expect(draftErrors([lineInput({ alloy: '19K' })])).toEqual({ 'lines[0].alloy': 'Choose an alloy from the list.' });
		expect(line({ alloy: ' 18ky ' }).alloy).toBe('18KY');
		for (const code of alloyCodes) expect(findAlloy(code.toLowerCase())?.code).toBe(code);
	});

	it('cuts one bag for the line unless told otherwise, and knows only the two ways', () => {
		expect(line().jobBags).toBe('batch');
		expect(blankLineForm().jobBags).toBe('batch');
		expect(line({ jobBags: 'per_piece' }).jobBags).toBe('per_piece');
		expect(draftErrors([lineInput({ jobBags: 'per_box' })])).toEqual({ 'lines[0].jobBags': 'Choose how the job bags are cut.' });
	});

	it('refuses one bag per piece beyond 200 pieces, on the job-bags field', () => {
		const tooMany = { 'lines[1].jobBags': 'One bag per piece is for up to 200 pieces; use one bag for the line.' };
		expect(draftErrors([lineInput(), lineInput({ jobBags: 'per_piece', quantity: '201' })])).toEqual(tooMany);
		expect(draftErrors([lineInput({ jobBags: 'per_piece', quantity: '200' })])).toEqual({});
		expect(draftErrors([lineInput({ jobBags: 'batch', quantity: '5000' })])).toEqual({});
		// a cancelled line gets no bags at all
		expect(draftErrors([lineInput({ jobBags: 'per_piece', quantity: '5000', cancelled: true })])).toEqual({});
		// parseDraftLines says the same to a caller that skipped zod
		expect(errorsOf([line(), { ...line({ jobBags: 'per_piece' }), quantity: 201 }])).toEqual(tooMany);
	});

	it('refuses dates that do not exist', () => {
		for (const dueDate of ['2027-02-30', '2027-13-01', '27-01-15', '2027-1-5']) {
			expect(Object.keys(draftErrors([lineInput({ dueDate })])), dueDate).toEqual(['lines[0].dueDate']);
		}
	});
});

describe('parseDraftLines', () => {
	it('turns typed money and weights into minor units and milligrams', () => {
		const result = parseDraftLines(
			[
				line({
					laborUnitPrice: '1,250.5',
					targetWeight: '3,251 g',
					weightTolerance: '0.1',
					metalBasis: 'fixed',
					metalPricePerGram: '61.25',
					metalFixDate: '2026-11-20',
					stonesUnitPrice: '10'
				})
			],
			'USD',
			today
		);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.lines[0]).toMatchObject({
			laborUnitPriceMinor: 125_050,
			targetWeightMg: 3251,
			weightToleranceMg: 100,
			metalPricePerGramMinor: 6125,
			stonesUnitPriceMinor: 1000,
			fineness: 750,
			alloy: '18KY',
			id: null,
			metalFixDate: '2026-11-20',
			jobBags: 'batch'
		});
		const perPiece = parseDraftLines([line({ jobBags: 'per_piece' })], 'USD', today);
		expect(perPiece.ok && perPiece.lines[0].jobBags).toBe('per_piece');
	});

	it('refuses a price with more decimals than the currency has (USD 2, JPY 0, KWD 3)', () => {
		expect(errorsOf([line(), line({ laborUnitPrice: '12.345' })], 'USD')).toEqual({
			'lines[1].laborUnitPrice': 'USD amounts have at most 2 decimals.'
		});
		expect(errorsOf([line({ laborUnitPrice: '1500.5' })], 'JPY')).toEqual({ 'lines[0].laborUnitPrice': 'JPY amounts have no decimals.' });
		expect(errorsOf([line({ laborUnitPrice: '1.2345' })], 'KWD')).toEqual({
			'lines[0].laborUnitPrice': 'KWD amounts have at most 3 decimals.'
		});
		expect(errorsOf([line({ stonesUnitPrice: '0.001' })], 'USD')).toHaveProperty(['lines[0].stonesUnitPrice']);
		const ok = (price: string, currency: string) => {
			const result = parseDraftLines([line({ laborUnitPrice: price })], currency, today);
			return result.ok ? result.lines[0].laborUnitPriceMinor : null;
		};
		expect([ok('1500', 'JPY'), ok('1.234', 'KWD'), ok('12.3', 'USD')]).toEqual([1500, 1234, 1230]);
	});

	it('reads back every amount it writes, in every currency', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 1e12 }), fc.constantFrom('USD', 'JPY', 'KWD', 'THB', 'EUR'), (minor, currency) => {
				const result = parseDraftLines([line({ laborUnitPrice: minorToDecimalString(minor, currency) })], currency, today);
				expect(result.ok && result.lines[0].laborUnitPriceMinor).toBe(minor);
			})
		);
	});

	it('refuses an alloy it does not know even when zod was skipped', () => {
		const unknown = { ...line(), alloy: '19K' };
		expect(errorsOf([line(), unknown])).toEqual({ 'lines[1].alloy': 'Choose an alloy from the list.' });
	});

	it('refuses a new due date in the past, but lets an old line keep its date', () => {
		expect(errorsOf([line({ dueDate: '2026-11-26' })])).toEqual({ 'lines[0].dueDate': 'The due date is in the past.' });
		expect(errorsOf([line({ dueDate: today })])).toEqual({});
		const kept = line({ id: 'line-1', dueDate: '2026-10-01' });
		expect(errorsOf([kept], 'USD', new Map([['line-1', '2026-10-01']]))).toEqual({});
		expect(errorsOf([{ ...kept, dueDate: '2026-10-02' }], 'USD', new Map([['line-1', '2026-10-01']]))).toHaveProperty(['lines[0].dueDate']);
		// a cancelled line is not chased for its date
		expect(errorsOf([line({ dueDate: '2026-01-01', cancelled: true })])).toEqual({});
	});

	it('needs a price and a fix date when the vendor supplies metal at a fixed price', () => {
		expect(errorsOf([line({ metalBasis: 'fixed' })])).toEqual({
			'lines[0].metalPricePerGram': 'Enter a price.',
			'lines[0].metalFixDate': 'Enter the date the metal price was fixed.'
		});
		expect(errorsOf([line({ metalBasis: 'fixed', metalPricePerGram: '60', metalFixDate: '2026-11-28' })])).toEqual({
			'lines[0].metalFixDate': 'The fix date cannot be in the future.'
		});
		// market metal may go without a price; consigned metal drops one
		expect(errorsOf([line({ metalBasis: 'market' })])).toEqual({});
		const consigned = parseDraftLines([line({ metalBasis: 'consigned', metalPricePerGram: '60' })], 'USD', today);
		expect(consigned.ok && consigned.lines[0].metalPricePerGramMinor).toBeNull();
	});

	it('needs a weight for per-gram labor and for metal the vendor supplies', () => {
		expect(errorsOf([line({ laborBasis: 'per_gram', targetWeight: '' })])).toEqual({
			'lines[0].targetWeight': 'Labor is priced per gram: enter the target weight.'
		});
		expect(errorsOf([line({ metalBasis: 'market', targetWeight: '' })])).toHaveProperty(['lines[0].targetWeight']);
		expect(errorsOf([line({ targetWeight: '' })])).toEqual({});
		expect(errorsOf([line({ targetWeight: '0' })])).toEqual({ 'lines[0].targetWeight': 'A piece weighs more than 0 g.' });
		expect(errorsOf([line({ targetWeight: '3.2505' })])).toHaveProperty(['lines[0].targetWeight']);
		expect(errorsOf([line({ targetWeight: '3', weightTolerance: '3' })])).toHaveProperty(['lines[0].weightTolerance']);
	});

	it('needs the stones per piece for per-stone labor and a labor price always', () => {
		expect(errorsOf([line({ laborBasis: 'per_stone' })])).toHaveProperty(['lines[0].stoneCount']);
		expect(errorsOf([line({ laborUnitPrice: '' })])).toEqual({ 'lines[0].laborUnitPrice': 'Enter a price.' });
	});

	it('refuses a line whose total a number cannot hold exactly, in words rather than a crash', () => {
		expect(errorsOf([line(), line({ quantity: '100000', laborUnitPrice: '900000000000.00' })])).toEqual({
			'lines[1].quantity': 'This line comes to more than Bezel can hold: check the quantity and the prices.'
		});
		expect(errorsOf([line({ quantity: '100000', laborUnitPrice: '9000000.00' })])).toEqual({});
	});

	it('keys every message by its own line', () => {
		const errors = errorsOf([line(), line({ laborUnitPrice: 'abc' }), line(), line({ dueDate: '2020-01-01' })]);
		expect(Object.keys(errors).sort()).toEqual(['lines[1].laborUnitPrice', 'lines[3].dueDate']);
	});
});

describe('other inputs', () => {
	it('needs a promised date to acknowledge and a reason to request a change', () => {
		const lineId = '6f1c8d3e-2b1a-4c5d-9e8f-0a1b2c3d4e5f';
		expect(acknowledgeSchema.safeParse({ revision: 1, lines: [{ lineId, answer: 'acknowledge' }] }).success).toBe(false);
		expect(acknowledgeSchema.safeParse({ revision: 1, lines: [{ lineId, answer: 'change', quantity: '10', reason: '' }] }).success).toBe(
			false
		);
		expect(
			acknowledgeSchema.parse({ revision: '2', lines: [{ lineId, answer: 'change', quantity: '10', reason: 'Casting capacity' }] })
		).toMatchObject({
			revision: 2,
			lines: [{ quantity: 10, unitPrice: '', dueDate: '' }]
		});
		expect(acknowledgeSchema.safeParse({ revision: 1, lines: [] }).success).toBe(false);
	});

	it('reads any list query into something safe', () => {
		expect(poListQuerySchema.parse({})).toMatchObject({ status: 'open', sort: 'created', dir: 'desc', page: 1, vendor: '' });
		expect(poListQuerySchema.parse({ status: 'bogus', sort: 'drop table', page: '-4', vendor: 'x' })).toMatchObject({
			status: 'open',
			sort: 'created',
			page: 1,
			vendor: ''
		});
		expect(poListQuerySchema.parse({ status: 'change_requested', page: '3' })).toMatchObject({ status: 'change_requested', page: 3 });
	});
});
