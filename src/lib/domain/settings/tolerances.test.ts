import { describe, expect, it } from 'vitest';
import {
	absoluteFieldText,
	companyTolerancesFormValues,
	companyTolerancesSchema,
	overrideBasis,
	parseCompanyTolerances,
	parseVendorTolerances,
	percentFieldText,
	vendorOverrideFrom,
	vendorTolerancesSchema
} from './tolerances.ts';

const company = {
	pricePercent: '1',
	priceAbsolute: '25.00',
	priceAllowanceRule: 'smaller' as const,
	quantityPieces: '0',
	overReceiptPercent: '5'
};

describe('company tolerance form', () => {
	it('reads "1" as 100 bp, "25.00" as 25 000 thousandths, and keeps zero as zero', () => {
		expect(parseCompanyTolerances(company)).toEqual({
			ok: true,
			columns: {
				priceTolerancePercentBp: 100,
				priceToleranceAbsoluteThousandths: 25_000,
				priceAllowanceRule: 'smaller',
				quantityTolerancePieces: 0,
				overReceiptAllowanceBp: 500
			}
		});
		const zero = parseCompanyTolerances({ ...company, pricePercent: '0', priceAbsolute: '0', overReceiptPercent: '0' });
		expect(zero.ok && zero.columns).toMatchObject({
			priceTolerancePercentBp: 0,
			priceToleranceAbsoluteThousandths: 0,
			overReceiptAllowanceBp: 0
		});
	});

	it('refuses every blank field with "enter 0 to allow none", never reading it as unlimited', () => {
		const result = parseCompanyTolerances({ ...company, pricePercent: ' ', priceAbsolute: '', quantityPieces: '', overReceiptPercent: '' });
		expect(result.ok).toBe(false);
		if (result.ok) return;
		for (const field of ['pricePercent', 'priceAbsolute', 'quantityPieces', 'overReceiptPercent']) {
			expect(result.errors[field]).toMatch(/enter 0 to allow none/i);
		}
		const zod = companyTolerancesSchema.safeParse({ ...company, pricePercent: '', version: 1 });
		expect(zod.success).toBe(false);
	});

	it('refuses more than two decimals of percent, over 100% and fractions of pieces', () => {
		const result = parseCompanyTolerances({ ...company, pricePercent: '1.234', quantityPieces: '1.5', overReceiptPercent: '101' });
		expect(result.ok).toBe(false);
		if (!result.ok) expect(Object.keys(result.errors).sort()).toEqual(['overReceiptPercent', 'pricePercent', 'quantityPieces']);
	});

	it('fills the form with what was saved, and reads it back the same', () => {
		const columns = {
			priceTolerancePercentBp: 25,
			priceToleranceAbsoluteThousandths: 125,
			priceAllowanceRule: 'larger' as const,
			quantityTolerancePieces: 2,
			overReceiptAllowanceBp: 1050
		};
		const form = companyTolerancesFormValues({ ...columns, version: 3 });
		expect(form).toMatchObject({
			pricePercent: '0.25',
			priceAbsolute: '0.125',
			quantityPieces: '2',
			overReceiptPercent: '10.5',
			version: 3
		});
		expect(parseCompanyTolerances(form)).toEqual({ ok: true, columns });
		expect(percentFieldText(100)).toBe('1');
		expect(absoluteFieldText(25_000)).toBe('25.00');
		expect(absoluteFieldText(25_500)).toBe('25.50');
	});
});

describe('vendor override form', () => {
	it('writes NULL for "use the company’s", so an empty column never means no limit', () => {
		const result = parseVendorTolerances({
			priceMode: 'company',
			pricePercent: '',
			priceAbsolute: '',
			quantityMode: 'company',
			quantityPieces: ''
		});
		expect(result).toEqual({
			ok: true,
			columns: { priceTolerancePercentBp: null, priceToleranceAbsoluteThousandths: null, quantityTolerancePieces: null }
		});
		expect(vendorOverrideFrom(result.ok ? result.columns : ({} as never))).toEqual({ price: 'company', quantity: 'company' });
	});

	it('needs both price parts for an own price, and refuses a blank own quantity', () => {
		const result = parseVendorTolerances({
			priceMode: 'own',
			pricePercent: '2',
			priceAbsolute: '',
			quantityMode: 'own',
			quantityPieces: ''
		});
		expect(result.ok).toBe(false);
		if (!result.ok) {
			expect(result.errors.priceAbsolute).toMatch(/enter 0 to allow none/i);
			expect(result.errors.quantityPieces).toMatch(/enter 0 to allow none/i);
		}
		expect(
			vendorTolerancesSchema.safeParse({ priceMode: 'own', pricePercent: '', priceAbsolute: '1', quantityMode: 'company' }).success
		).toBe(false);
	});

	it('allows zero as its own tolerance, and names the stored override in one basis string', () => {
		const result = parseVendorTolerances({
			priceMode: 'own',
			pricePercent: '0',
			priceAbsolute: '0',
			quantityMode: 'own',
			quantityPieces: '0'
		});
		expect(result).toEqual({
			ok: true,
			columns: { priceTolerancePercentBp: 0, priceToleranceAbsoluteThousandths: 0, quantityTolerancePieces: 0 }
		});
		expect(overrideBasis({ priceTolerancePercentBp: 0, priceToleranceAbsoluteThousandths: 0, quantityTolerancePieces: null })).toBe(
			'0|0|-'
		);
	});
});
