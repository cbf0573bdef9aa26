import { describe, expect, it } from 'vitest';
import { carrierCodes, carrierLabel, needsTrackingNumber, trackingUrl } from './carriers.ts';

describe('carriers', () => {
	it('links every listed courier to its tracking page with the number encoded', () => {
		expect(trackingUrl('ups', '1Z 999 AA1 0123456784')).toBe('https://www.ups.com/track?tracknum=1Z999AA10123456784');
		expect(trackingUrl('fedex', '123456789012')).toBe('https://www.fedex.com/fedextrack/?trknbr=123456789012');
		expect(trackingUrl('dhl_express', '1234567890')).toContain('tracking-id=1234567890');
		expect(trackingUrl('usps', '9400100000000000000000')).toContain('tLabels=9400100000000000000000');
		expect(trackingUrl('brinks', 'BR-1')).toContain('BR-1');
		expect(trackingUrl('malca_amit', 'MA/77')).toContain('MA%2F77');
		expect(trackingUrl('ferrari_group', 'FG&x=1')).toContain('FG%26x%3D1');
		for (const code of carrierCodes.filter((c) => !['hand_delivery', 'other'].includes(c))) {
			expect(trackingUrl(code, 'X1')).toMatch(/^https:\/\//);
		}
	});

	it('gives no link for hand delivery, another carrier or a missing number', () => {
		expect(trackingUrl('hand_delivery', '123')).toBeNull();
		expect(trackingUrl('other', '123')).toBeNull();
		expect(trackingUrl('Bangkok Courier Co', '123')).toBeNull();
		expect(trackingUrl('ups', '  ')).toBeNull();
	});

	it('names listed carriers and keeps a typed name as it is', () => {
		expect(carrierLabel('malca_amit')).toBe('Malca-Amit');
		expect(carrierLabel('Bangkok Courier Co')).toBe('Bangkok Courier Co');
		expect(needsTrackingNumber('fedex')).toBe(true);
		expect(needsTrackingNumber('hand_delivery')).toBe(false);
		expect(needsTrackingNumber('Bangkok Courier Co')).toBe(false);
	});
});
