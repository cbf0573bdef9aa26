import { describe, expect, it } from 'vitest';
import { containsPattern } from '../../src/lib/server/db/like.ts';

describe('containsPattern', () => {
	it('finds the text anywhere', () => {
		expect(containsPattern('INV-104')).toBe('%INV-104%');
	});

	it('takes the wildcards and the escape character a person typed literally', () => {
		expect(containsPattern('50%_off\\')).toBe('%50\\%\\_off\\\\%');
	});
});
