import { describe, expect, it } from 'vitest';
import { resolveStyle, styleDirectoryQuerySchema, styleFormSchema, styleToFormValues, type StyleFormInput } from './schemas.ts';

const form = (overrides: Partial<StyleFormInput> = {}) =>
	styleFormSchema.safeParse({ sku: 'rg-1042', name: 'Ring', category: 'ring', ...overrides });
const fieldErrors = (overrides: Partial<StyleFormInput>) => {
	const parsed = form(overrides);
	return parsed.success ? {} : Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.'), i.message]));
};

describe('styleFormSchema', () => {
	it('stores the SKU in capitals and accepts only letters, digits, dashes and dots', () => {
		expect(form().data?.sku).toBe('RG-1042');
		expect(form({ sku: ' pt.950-a ' }).data?.sku).toBe('PT.950-A');
		for (const sku of ['RG 1042', 'RG_1042', '-RG', 'RGé', 'RG/1', '']) expect(fieldErrors({ sku }), sku).toHaveProperty('sku');
		expect(fieldErrors({ sku: 'A'.repeat(41) })).toEqual({ sku: 'Keep the SKU under 40 characters.' });
	});

	it('checks weights in grams, the tolerance against the target, and every bad field at once', () => {
		expect(fieldErrors({ targetWeight: '3,2', weightTolerance: '0.2' })).toEqual({});
		expect(fieldErrors({ targetWeight: '0', weightTolerance: 'x', stoneCount: '1.5' })).toEqual({
			targetWeight: 'Enter a weight above zero, or leave it blank.',
			weightTolerance: 'Enter the weight in grams, like 3.25 (at most three decimals).',
			stoneCount: 'Stones are counted in whole numbers.'
		});
		expect(fieldErrors({ targetWeight: '2', weightTolerance: '2' })).toEqual({
			weightTolerance: 'The tolerance must be less than the target weight.'
		});
		expect(fieldErrors({ weightTolerance: '0.1' })).toEqual({ weightTolerance: 'Enter the target weight this tolerance applies to.' });
	});

	it('checks an explicit labor currency and the price against it', () => {
		expect(fieldErrors({ laborPrice: '10.5', laborCurrency: 'JPY' })).toEqual({ laborPrice: 'JPY amounts have no decimals.' });
		expect(fieldErrors({ laborPrice: '10', laborCurrency: 'ABC' })).toEqual({
			laborCurrency: 'Choose a currency such as USD, EUR or THB.'
		});
		expect(fieldErrors({ defaultAlloy: '19K', defaultVendorId: 'nope', category: 'tiara' as never })).toEqual({
			defaultAlloy: 'Choose an alloy from the list.',
			defaultVendorId: 'Choose a workshop from the list.',
			category: 'Choose a category.'
		});
	});
});

describe('resolveStyle', () => {
	it('prices labor in the chosen currency, else the workshop’s, and refuses a price with neither', () => {
		const value = form({ laborPrice: '1,250.5', targetWeight: '3.25', weightTolerance: '0.1', defaultAlloy: '18ky' }).data!;
		expect(resolveStyle(value, 'THB')).toEqual({
			ok: true,
			style: expect.objectContaining({
				defaultAlloy: '18KY',
				targetWeightMg: 3250,
				weightToleranceMg: 100,
				laborPriceMinor: 125_050,
				laborCurrency: 'THB'
			})
		});
		expect(resolveStyle({ ...value, laborCurrency: 'JPY', laborPrice: '1250' }, 'THB')).toMatchObject({
			ok: true,
			style: { laborPriceMinor: 1250, laborCurrency: 'JPY' }
		});
		expect(resolveStyle({ ...value, laborPrice: '1.234' }, 'USD')).toEqual({
			ok: false,
			fields: { laborPrice: 'USD amounts have at most 2 decimals.' }
		});
		expect(resolveStyle(value, null)).toEqual({
			ok: false,
			fields: { laborCurrency: 'Choose the currency of the labor price, or a default workshop whose currency it is in.' }
		});
		expect(resolveStyle({ ...value, laborPrice: '' }, null)).toMatchObject({
			ok: true,
			style: { laborPriceMinor: null, laborCurrency: null }
		});
	});

	it('shows a stored style in the form as it was typed', () => {
		const value = form({ laborPrice: '1250.50', laborCurrency: 'usd', targetWeight: '3.250', stoneCount: 3, hasDiamonds: true }).data!;
		const resolved = resolveStyle(value, null);
		if (!resolved.ok) throw new Error('expected a style');
		const again = styleToFormValues({ ...resolved.style, version: 4 });
		expect(again).toMatchObject({ sku: 'RG-1042', laborPrice: '1250.50', laborCurrency: 'USD', targetWeight: '3.25', version: 4 });
		expect(resolveStyle(styleFormSchema.parse(again), null)).toEqual(resolved);
	});
});

describe('styleDirectoryQuerySchema', () => {
	it('falls back to the active styles by SKU for anything it does not understand', () => {
		expect(styleDirectoryQuerySchema.parse({})).toEqual({ q: '', status: 'active', sort: 'sku', dir: 'asc', page: 1 });
		expect(
			styleDirectoryQuerySchema.parse({ category: 'tiara', vendor: 'x', status: 'gone', sort: 'price', dir: 'up', page: '-2' })
		).toEqual({ q: '', category: undefined, vendor: undefined, status: 'active', sort: 'sku', dir: 'asc', page: 1 });
	});
});
