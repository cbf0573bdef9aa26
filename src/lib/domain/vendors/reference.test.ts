import { describe, expect, it } from 'vitest';
import { documentExpiryState, isCountryCode, postalAddressLines, vendorNameKey } from './reference.ts';

describe('vendorNameKey', () => {
	it('ignores case, spacing and punctuation between words', () => {
		const key = vendorNameKey('Atelier Rossi S.r.l.');
		expect(key).toBe('atelier rossi srl');
		for (const variant of ['ATELIER ROSSI S.R.L.', '  atelier   rossi, s.r.l', 'Atelier-Rossi (S.r.l.)', 'atelier rossi srl']) {
			expect(vendorNameKey(variant), variant).toBe(key);
		}
	});

	it('ignores accents and compatibility forms', () => {
		expect(vendorNameKey('Orfèvrerie Lefèvre')).toBe(vendorNameKey('ORFEVRERIE LEFEVRE'));
		expect(vendorNameKey('Ｇｏｌｄ Ｗｏｒｋｓ')).toBe('gold works');
	});

	it('keeps letters of every script and digits', () => {
		expect(vendorNameKey('金工房 No. 7')).toBe('金工房 no 7');
	});

	it('still tells different names apart', () => {
		expect(vendorNameKey('Siam Casting')).not.toBe(vendorNameKey('Siam Castings'));
		expect(vendorNameKey('Gold Works 1')).not.toBe(vendorNameKey('Gold Works 2'));
	});

	it('keeps the combining marks of non-Latin scripts: “ช่างทอง” (goldsmith) and “ช้างทอง” (golden elephant) are two workshops', () => {
		expect(vendorNameKey('ช่างทอง')).not.toBe(vendorNameKey('ช้างทอง'));
		expect(vendorNameKey(' ช่างทอง ')).toBe(vendorNameKey('ช่างทอง'));
	});
	it('folds “Atelier  Rossi, S.r.l.” and “atelier rossi srl” to one key', () => {
		expect(vendorNameKey('Atelier  Rossi, S.r.l.')).toBe(vendorNameKey('atelier rossi srl'));
		expect(vendorNameKey('Atelier Rossi S.r.l.')).toBe('atelier rossi srl');
	});
});

describe('documentExpiryState', () => {
	const today = '2027-03-15';

	it('has no state without an expiry date', () => {
		expect(documentExpiryState(null, today)).toBe('none');
	});

	it('is expired from the day after the expiry date', () => {
		expect(documentExpiryState('2027-03-14', today)).toBe('expired');
		expect(documentExpiryState('2020-01-01', today)).toBe('expired');
	});

	it('is expiring from the expiry day itself back to 30 days before', () => {
		expect(documentExpiryState('2027-03-15', today)).toBe('expiring');
		expect(documentExpiryState('2027-04-14', today)).toBe('expiring');
		expect(documentExpiryState('2027-04-15', today)).toBe('valid');
	});

	it('counts 30 days across month ends and leap days', () => {
		expect(documentExpiryState('2028-03-16', '2028-02-15')).toBe('expiring');
		expect(documentExpiryState('2028-03-17', '2028-02-15')).toBe('valid');
		expect(documentExpiryState('2027-01-30', '2026-12-31')).toBe('expiring');
		expect(documentExpiryState('2027-01-31', '2026-12-31')).toBe('valid');
	});
});

describe('isCountryCode', () => {
	it('accepts ISO 3166-1 alpha-2 codes only', () => {
		expect(isCountryCode('TH')).toBe(true);
		expect(isCountryCode('IT')).toBe(true);
		expect(isCountryCode('XX')).toBe(false);
		expect(isCountryCode('THA')).toBe(false);
	});
});

describe('postalAddressLines', () => {
	it('prints street, postcode and city, region and country by name, leaving out what is empty', () => {
		expect(
			postalAddressLines({
				addressLine1: '88 Sukhumvit Rd',
				addressLine2: null,
				postalCode: '10110',
				city: 'Bangkok',
				region: null,
				country: 'TH'
			})
		).toEqual(['88 Sukhumvit Rd', '10110 Bangkok', 'Thailand']);
		expect(
			postalAddressLines({ addressLine1: ' ', addressLine2: 'Unit 4', postalCode: null, city: 'Vicenza', region: 'VI', country: 'IT' })
		).toEqual(['Unit 4', 'Vicenza', 'VI, Italy']);
	});
});
