import { describe, expect, it } from 'vitest';
import { vendorDirectoryQuerySchema, vendorDocumentSchema, vendorProfileSchema } from './schemas.ts';

const base = { name: 'Siam Casting', types: ['caster'], country: 'TH', city: 'Bangkok', currency: 'THB' };

/** The field errors of a failed parse, keyed by path. */
function fieldErrors(input: unknown): Record<string, string> {
	const result = vendorProfileSchema.safeParse(input);
	expect(result.success).toBe(false);
	return Object.fromEntries(result.error!.issues.map((i) => [i.path.join('.'), i.message]));
}

describe('vendorProfileSchema', () => {
	it('normalises a valid profile and turns the insurance limit into minor units', () => {
		const profile = vendorProfileSchema.parse({ ...base, country: ' th ', currency: 'thb', insuranceLimit: '250,000.50' });
		expect(profile).toMatchObject({ country: 'TH', currency: 'THB', status: 'onboarding', insuranceLimitMinor: 25_000_050, email: '' });
	});

	it('leaves the insurance limit empty when none is given', () => {
		expect(vendorProfileSchema.parse(base).insuranceLimitMinor).toBeNull();
	});

	it('refuses an unknown country', () => {
		expect(fieldErrors({ ...base, country: 'XX' })).toEqual({ country: 'Choose a country from the list.' });
	});

	it('refuses an unknown currency', () => {
		expect(fieldErrors({ ...base, currency: 'ABC' })).toEqual({ currency: 'Choose a currency such as USD, EUR or THB.' });
		expect(Object.keys(fieldErrors({ ...base, currency: 'US' }))).toEqual(['currency']);
	});

	it('refuses an insurance limit with more decimals than the currency has, on that field', () => {
		expect(fieldErrors({ ...base, currency: 'USD', insuranceLimit: '1000.005' })).toEqual({
			insuranceLimit: 'USD amounts have at most 2 decimals.'
		});
		expect(fieldErrors({ ...base, currency: 'JPY', insuranceLimit: '1000.5' })).toEqual({
			insuranceLimit: 'JPY amounts have no decimals.'
		});
		expect(fieldErrors({ ...base, insuranceLimit: 'a lot' })).toHaveProperty('insuranceLimit');
	});

	it('refuses a missing type, a bad e-mail and a website without a scheme', () => {
		expect(fieldErrors({ ...base, types: [] })).toHaveProperty('types');
		expect(fieldErrors({ ...base, types: ['goldsmith'] })).toHaveProperty('types.0');
		expect(fieldErrors({ ...base, email: 'not-an-address' })).toHaveProperty('email');
		expect(fieldErrors({ ...base, website: 'example.com' })).toHaveProperty('website');
	});
});

describe('vendorDocumentSchema', () => {
	it('accepts an empty or ISO expiry date and refuses anything else', () => {
		expect(vendorDocumentSchema.parse({ kind: 'tax_form', title: 'W-8BEN' }).expiresOn).toBe('');
		expect(vendorDocumentSchema.parse({ kind: 'tax_form', title: 'W-8BEN', expiresOn: '2027-01-31' }).expiresOn).toBe('2027-01-31');
		expect(vendorDocumentSchema.safeParse({ kind: 'tax_form', title: 'W-8BEN', expiresOn: '31/01/2027' }).success).toBe(false);
		expect(vendorDocumentSchema.safeParse({ kind: 'passport', title: 'x' }).success).toBe(false);
	});
});

describe('vendorDirectoryQuerySchema', () => {
	it('falls back to safe defaults for junk in the query string', () => {
		expect(vendorDirectoryQuerySchema.parse({ sort: 'drop table', dir: 'sideways', page: '-3', country: 'ZZ', type: 'x' })).toEqual({
			q: '',
			type: undefined,
			country: undefined,
			status: undefined,
			sort: 'name',
			dir: 'asc',
			page: 1
		});
		expect(vendorDirectoryQuerySchema.parse({ country: 'it', page: '4', sort: 'people', dir: 'desc' })).toMatchObject({
			country: 'IT',
			page: 4,
			sort: 'people',
			dir: 'desc'
		});
	});
});
