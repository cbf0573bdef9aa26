import { describe, expect, it } from 'vitest';
import { isUuid } from './ids.ts';

describe('isUuid', () => {
	it('accepts ids in either case and refuses anything else, so a bad URL is "not found"', () => {
		expect(isUuid('3f2b8c1e-9a4d-4e6f-8b2a-1c3d5e7f9a0b')).toBe(true);
		expect(isUuid('3F2B8C1E-9A4D-4E6F-8B2A-1C3D5E7F9A0B')).toBe(true);
		for (const bad of [
			'',
			'new',
			'3f2b8c1e-9a4d-4e6f-8b2a-1c3d5e7f9a0',
			"3f2b8c1e-9a4d-4e6f-8b2a-1c3d5e7f9a0b' or 1=1",
			null,
			undefined,
			42
		]) {
			expect(isUuid(bad)).toBe(false);
		}
	});
});
