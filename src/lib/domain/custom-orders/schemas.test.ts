import { describe, expect, it } from 'vitest';
import {
	customOrderFormSchema,
	customOrderListQuerySchema,
	parseAmount,
	productionOrderSchema,
	schedulePaymentSchema,
	versionDecisionSchema
} from './schemas.ts';

const versionId = '5b1f1c1e-2f4e-4c7a-9a51-0d9b2d1d6a11';
const errorsOf = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
	Object.fromEntries((result.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));

describe('custom-order inputs', () => {
	it('takes a brief with a known metal and currency, upper-casing both', () => {
		const brief = customOrderFormSchema.parse({ title: 'Halo ring', clientName: 'A client', currency: 'usd', alloy: '18kw' });
		expect(brief).toMatchObject({ currency: 'USD', alloy: '18KW', budget: '', dueDate: '', version: 0 });
		const bad = customOrderFormSchema.safeParse({ title: 'x', clientName: '', currency: 'XYZ', alloy: '9K', dueDate: '2026-02-30' });
		expect(errorsOf(bad)).toMatchObject({
			title: expect.stringMatching(/Name the piece/),
			clientName: 'Enter the client’s name.',
			currency: expect.stringMatching(/currency/),
			alloy: 'Choose a metal from the list.'
		});
	});

	it('needs a comment to ask for changes, and how and when the client approved', () => {
		expect(versionDecisionSchema.safeParse({ versionId, decision: 'changes', comment: '' }).success).toBe(false);
		expect(errorsOf(versionDecisionSchema.safeParse({ versionId, decision: 'changes', comment: 'ok' }))).toEqual({
			comment: 'Say what the designer should change.'
		});
		expect(errorsOf(versionDecisionSchema.safeParse({ versionId, decision: 'approve' }))).toEqual({
			channel: 'Say how the client approved it.',
			decidedOn: 'Enter the day the client approved it.'
		});
		expect(versionDecisionSchema.safeParse({ versionId, decision: 'approve', channel: 'phone', decidedOn: '2026-05-01' }).success).toBe(
			true
		);
		expect(versionDecisionSchema.safeParse({ versionId, decision: 'maybe' }).success).toBe(false);
	});

	it('bounds the production order and defaults it to one piece', () => {
		const parsed = productionOrderSchema.parse({ vendorId: versionId, dueDate: '2027-01-31', laborPrice: '420', shipTo: 'HQ' });
		expect(parsed.quantity).toBe(1);
		expect(
			errorsOf(productionOrderSchema.safeParse({ vendorId: 'x', dueDate: '', quantity: 0, laborPrice: '', shipTo: '' }))
		).toMatchObject({
			vendorId: 'Choose the workshop that makes the piece.',
			quantity: 'Order at least one piece.',
			laborPrice: 'Enter the labor price per piece.',
			shipTo: 'Enter where the piece goes.'
		});
	});

	it('refuses a payment reference without the day it was paid', () => {
		expect(errorsOf(schedulePaymentSchema.safeParse({ kind: 'deposit', amount: '10', reference: 'wire 1' }))).toEqual({
			paidOn: 'Enter the day it was paid, or leave the reference blank.'
		});
		expect(schedulePaymentSchema.safeParse({ kind: 'deposit', amount: '10', reference: 'wire 1', paidOn: '2026-01-02' }).success).toBe(
			true
		);
	});

	it('parses amounts in the order’s currency, never zero, negative or absurd', () => {
		expect(parseAmount('12,500.50', 'USD', { required: true, field: 'amount' })).toEqual({ ok: true, minor: 1_250_050 });
		expect(parseAmount('', 'USD', { required: false, field: 'budget' })).toEqual({ ok: true, minor: null });
		expect(parseAmount('', 'USD', { required: true, field: 'amount' })).toEqual({ ok: false, fields: { amount: 'Enter the amount.' } });
		expect(parseAmount('0', 'USD', { required: true, field: 'amount' })).toEqual({
			ok: false,
			fields: { amount: 'Enter an amount above zero.' }
		});
		expect(parseAmount('-5', 'USD', { required: true, field: 'amount' }).ok).toBe(false);
		expect(parseAmount('100.5', 'JPY', { required: true, field: 'amount' })).toEqual({
			ok: false,
			fields: { amount: 'JPY amounts have no decimals.' }
		});
		expect(parseAmount('20000000000', 'USD', { required: true, field: 'amount' })).toEqual({
			ok: false,
			fields: { amount: 'That amount is too large: check the digits.' }
		});
	});

	it('falls back to the list’s defaults on a bad address bar', () => {
		expect(customOrderListQuerySchema.parse({ status: 'nonsense', designer: 'x', waiting: 'me', sort: 'price', page: '-3' })).toEqual({
			q: '',
			status: 'open',
			designer: '',
			waiting: '',
			sort: 'created',
			dir: 'desc',
			page: 1
		});
	});
});
