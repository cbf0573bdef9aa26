import { describe, expect, it } from 'vitest';
import {
	estimateDecisionSchema,
	parseEstimateLines,
	parseRepairIntake,
	repairEstimateSchema,
	repairIntakeSchema,
	repairListQuerySchema,
	returnCheckSchema,
	shipBackSchema,
	type RepairIntakeForm
} from './schemas.ts';

const intake = (overrides: Record<string, unknown> = {}) => ({
	customerName: 'Ada Lovelace',
	customerContact: 'ada@example.com',
	orderReference: 'SHOP-1042',
	description: 'Yellow metal ring, 1 white stone',
	stamps: '750',
	intakeWeight: '3.60',
	intakeStoneCount: '1',
	conditionNotes: 'Worn prongs',
	declaredValue: '1,250.00',
	requestedWork: ['re_tipping'],
	promisedToCustomer: '',
	...overrides
});

/** The message zod gives for one field, or undefined when the field passed. */
function fieldError(
	schema: { safeParse: (v: unknown) => { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } } },
	value: unknown,
	field: string
) {
	const result = schema.safeParse(value);
	return result.success ? undefined : result.error!.issues.find((i) => i.path.join('.') === field)?.message;
}

const context = { homeCurrency: 'USD', today: '2026-06-01' };

describe('the intake form', () => {
	it('accepts a plain intake and turns it into milligrams, minor units and the home currency', () => {
		const form = repairIntakeSchema.parse(intake());
		const parsed = parseRepairIntake(form, context);
		expect(parsed).toEqual({
			ok: true,
			values: expect.objectContaining({
				intakeWeightMg: 3600,
				intakeStoneCount: 1,
				currency: 'USD',
				declaredValueMinor: 125_000,
				promisedToCustomer: null
			})
		});
		const yen = parseRepairIntake(repairIntakeSchema.parse(intake({ currency: 'jpy', declaredValue: '150000' })), context);
		expect(yen.ok && yen.values).toMatchObject({ currency: 'JPY', declaredValueMinor: 150_000 });
	});

	it('refuses absurd weights and stone counts with sentences', () => {
		expect(fieldError(repairIntakeSchema, intake({ intakeWeight: '2000.001' }), 'intakeWeight')).toMatch(
			/More than 2,000 g is not a piece of jewelry/
		);
		expect(fieldError(repairIntakeSchema, intake({ intakeWeight: '2000' }), 'intakeWeight')).toBeUndefined();
		expect(fieldError(repairIntakeSchema, intake({ intakeWeight: '0' }), 'intakeWeight')).toMatch(/more than 0 g/);
		expect(fieldError(repairIntakeSchema, intake({ intakeWeight: '-3' }), 'intakeWeight')).toMatch(/Enter the weight in grams/);
		expect(fieldError(repairIntakeSchema, intake({ intakeWeight: '' }), 'intakeWeight')).toMatch(/Enter the weight/);
		expect(fieldError(repairIntakeSchema, intake({ intakeStoneCount: '5001' }), 'intakeStoneCount')).toMatch(/More than 5,000 stones/);
		expect(fieldError(repairIntakeSchema, intake({ intakeStoneCount: '5000' }), 'intakeStoneCount')).toBeUndefined();
		expect(fieldError(repairIntakeSchema, intake({ intakeStoneCount: '-1' }), 'intakeStoneCount')).toMatch(/cannot be negative/);
		expect(fieldError(repairIntakeSchema, intake({ intakeStoneCount: '1.5' }), 'intakeStoneCount')).toMatch(/whole numbers/);
	});

	it('refuses a declared value of nothing or of more than ten million', () => {
		const value = (declaredValue: string, currency = '') =>
			parseRepairIntake(repairIntakeSchema.parse(intake({ declaredValue, currency })), context);
		expect(value('0')).toEqual({ ok: false, errors: { declaredValue: 'The declared value must be more than 0.' } });
		expect(value('10000000.01')).toEqual({
			ok: false,
			errors: { declaredValue: 'The declared value over 10,000,000 USD is a typing mistake: check the amount.' }
		});
		expect(value('10000000').ok).toBe(true);
		expect(value('10000001', 'JPY').ok).toBe(false);
		expect(value('-5')).toMatchObject({ ok: false, errors: { declaredValue: 'The declared value cannot be negative.' } });
		expect(value('12.345')).toMatchObject({ ok: false, errors: { declaredValue: 'USD amounts have at most 2 decimals.' } });
	});

	it('needs at least one kind of work, and words for “other”', () => {
		expect(fieldError(repairIntakeSchema, intake({ requestedWork: [] }), 'requestedWork')).toBe('Choose the work to be done.');
		expect(fieldError(repairIntakeSchema, intake({ requestedWork: ['polish'] }), 'requestedWork.0')).toBe('Choose the work from the list.');
		expect(fieldError(repairIntakeSchema, intake({ requestedWork: ['other'] }), 'workNotes')).toBe('Say what the other work is.');
		expect(repairIntakeSchema.safeParse(intake({ requestedWork: ['other'], workNotes: 'Engrave initials' })).success).toBe(true);
		const form: RepairIntakeForm = repairIntakeSchema.parse(intake({ requestedWork: ['sizing', 'sizing'] }));
		expect(
			parseRepairIntake(form, context).ok &&
				(parseRepairIntake(form, context) as { values: { requestedWork: string[] } }).values.requestedWork
		).toEqual(['sizing']);
	});

	it('refuses a promise to the customer in the past, but keeps one already given', () => {
		const form = repairIntakeSchema.parse(intake({ promisedToCustomer: '2026-05-31' }));
		expect(parseRepairIntake(form, context)).toEqual({ ok: false, errors: { promisedToCustomer: expect.stringMatching(/in the past/) } });
		expect(parseRepairIntake(form, { ...context, previousPromised: '2026-05-31' }).ok).toBe(true);
		expect(parseRepairIntake(repairIntakeSchema.parse(intake({ promisedToCustomer: '2026-06-01' })), context).ok).toBe(true);
		expect(fieldError(repairIntakeSchema, intake({ promisedToCustomer: '2026-02-30' }), 'promisedToCustomer')).toBeDefined();
	});

	it('needs the customer and the description', () => {
		expect(fieldError(repairIntakeSchema, intake({ customerName: '  ' }), 'customerName')).toBe('Enter the customer’s name.');
		expect(fieldError(repairIntakeSchema, intake({ description: '' }), 'description')).toMatch(/by its appearance/);
		expect(fieldError(repairIntakeSchema, intake({ currency: 'XXZ' }), 'currency')).toBe('Choose a currency from the list.');
	});
});

describe('the estimate form', () => {
	const estimate = (overrides: Record<string, unknown> = {}) => ({
		lines: [{ description: 'Re-tip 4 prongs', price: '80.00' }],
		days: '5',
		...overrides
	});

	it('prices lines in the repair’s currency and totals them', () => {
		const form = repairEstimateSchema.parse(
			estimate({
				lines: [
					{ description: 'Re-tip', price: '80' },
					{ description: 'Rhodium', price: '25.50' }
				]
			})
		);
		expect(parseEstimateLines(form.lines, 'USD')).toEqual({
			ok: true,
			values: {
				lines: [
					{ description: 'Re-tip', priceMinor: 8000 },
					{ description: 'Rhodium', priceMinor: 2550 }
				],
				totalMinor: 10_550
			}
		});
		expect(parseEstimateLines([{ description: 'Warranty', price: '0' }], 'USD').ok).toBe(true);
	});

	it('refuses a bad price per line, no lines, and absurd days', () => {
		expect(parseEstimateLines([{ description: 'x', price: '12.5.0' }], 'USD')).toMatchObject({
			ok: false,
			errors: { 'lines[0].price': expect.any(String) }
		});
		expect(parseEstimateLines([{ description: 'x', price: '10000001' }], 'EUR')).toMatchObject({
			ok: false,
			errors: { 'lines[0].price': expect.stringMatching(/typing mistake/) }
		});
		expect(parseEstimateLines([{ description: 'x', price: '1.5' }], 'JPY')).toMatchObject({
			ok: false,
			errors: { 'lines[0].price': 'JPY amounts have no decimals.' }
		});
		expect(fieldError(repairEstimateSchema, estimate({ lines: [] }), 'lines')).toMatch(/at least one line/);
		expect(fieldError(repairEstimateSchema, estimate({ days: '0' }), 'days')).toMatch(/at least 1 day/);
		expect(fieldError(repairEstimateSchema, estimate({ days: '400' }), 'days')).toMatch(/More than a year/);
	});

	it('records how the customer answered before approving or declining, and what to change for a new one', () => {
		expect(fieldError(estimateDecisionSchema, { decision: 'approve' }, 'customerDecision')).toMatch(/how and when the customer agreed/);
		expect(fieldError(estimateDecisionSchema, { decision: 'decline' }, 'customerDecision')).toMatch(/how and when the customer declined/);
		expect(fieldError(estimateDecisionSchema, { decision: 'new_estimate' }, 'note')).toMatch(/what the new estimate should change/);
		expect(estimateDecisionSchema.safeParse({ decision: 'approve', customerDecision: 'By phone, 12 May' }).success).toBe(true);
		expect(fieldError(estimateDecisionSchema, { decision: 'maybe', customerDecision: 'x' }, 'decision')).toBeDefined();
	});
});

describe('the workshop’s and the return’s forms', () => {
	it('needs carrier, tracking number and a real date to ship back', () => {
		expect(fieldError(shipBackSchema, { carrier: '', trackingNumber: 'X', shippedOn: '2026-06-01' }, 'carrier')).toMatch(
			/Enter the carrier/
		);
		expect(fieldError(shipBackSchema, { carrier: 'FedEx', trackingNumber: ' ', shippedOn: '2026-06-01' }, 'trackingNumber')).toMatch(
			/tracking number/
		);
		expect(fieldError(shipBackSchema, { carrier: 'FedEx', trackingNumber: '1Z', shippedOn: 'tomorrow' }, 'shippedOn')).toMatch(/date like/);
	});

	it('weighs the return like the intake', () => {
		expect(fieldError(returnCheckSchema, { returnWeight: '2500', returnStoneCount: 1 }, 'returnWeight')).toMatch(/More than 2,000 g/);
		expect(fieldError(returnCheckSchema, { returnWeight: '3.4', returnStoneCount: -2 }, 'returnStoneCount')).toMatch(/negative/);
		expect(returnCheckSchema.parse({ returnWeight: '3,42 g', returnStoneCount: '1' })).toMatchObject({
			returnWeight: '3,42 g',
			returnStoneCount: 1
		});
	});
});

describe('the list query', () => {
	it('falls back to sensible defaults on anything odd in the address', () => {
		expect(repairListQuerySchema.parse({})).toEqual({
			q: '',
			status: 'open',
			vendor: '',
			workshop: '',
			overdue: false,
			estimateWaiting: false,
			sort: 'created',
			dir: 'desc',
			page: 1
		});
		const odd = repairListQuerySchema.parse({ status: 'lost', vendor: 'x', overdue: 'maybe', sort: 'drop table', page: '-3' });
		expect(odd).toMatchObject({ status: 'open', vendor: '', overdue: false, sort: 'created', page: 1 });
		expect(repairListQuerySchema.parse({ status: 'in_work', overdue: 'true', estimateWaiting: '1' })).toMatchObject({
			status: 'in_work',
			overdue: true,
			estimateWaiting: true
		});
	});
});
