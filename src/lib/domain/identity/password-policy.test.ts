import { describe, expect, it } from 'vitest';
import { PASSWORD_MAX, PASSWORD_MIN, passwordProblem } from './password-policy.ts';

describe('passwordProblem', () => {
	it('refuses passwords shorter than 8 characters', () => {
		expect(passwordProblem('tq9vmk4')).toMatch(/at least 8 characters/);
		expect(passwordProblem('')).toMatch(/at least 8 characters/);
	});

	it('accepts an 8-character password and a long phrase', () => {
		expect(PASSWORD_MIN).toBe(8);
		expect(passwordProblem('tq9vmk4w')).toBeNull();
		expect(passwordProblem('correct horse battery staple')).toBeNull();
		expect(passwordProblem('gold bezel for the anniversary ring')).toBeNull();
	});

	it('counts characters, not UTF-16 code units', () => {
		// four emoji are eight code units but four characters
		expect(passwordProblem('😀😁😂🤣')).toMatch(/at least 8/);
		expect(passwordProblem('😀😁😂🤣😃😄😅😆')).toBeNull();
	});

	it('refuses more than 256 characters', () => {
		const phrase = 'gold silver platinum palladium '.repeat(20);
		expect(passwordProblem(phrase.slice(0, PASSWORD_MAX))).toBeNull();
		expect(passwordProblem(phrase.slice(0, PASSWORD_MAX + 1))).toMatch(/at most 256/);
	});

	it('refuses common passwords in any letter case', () => {
		for (const common of ['password1', 'PASSWORD1', 'iloveyou', 'qwertyuiop', '12345678']) {
			expect(passwordProblem(common), common).toMatch(/most common/);
		}
	});

	it('refuses one repeated character', () => {
		expect(passwordProblem('zzzzzzzzzzzz')).toMatch(/repeated character/);
		expect(passwordProblem('ZzZzZzZzZz')).toMatch(/repeated character/);
	});

	it('refuses the e-mail address’s local part', () => {
		expect(passwordProblem('Jane.Goldsmith', { email: 'jane.goldsmith@workshop.test' })).toMatch(/e-mail/);
		expect(passwordProblem('jane.goldsmith', {})).toBeNull();
	});
});
