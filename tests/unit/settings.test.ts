import { describe, expect, it } from 'vitest';
import { parseSettings, SettingsError } from '../../src/env.ts';

describe('settings', () => {
	it('runs embedded with no settings at all', () => {
		const settings = parseSettings({});
		expect(settings.embedded).toBe(true);
		expect(settings.DATA_DIR).toBe('.data');
		expect(settings.PORT).toBe(3000);
	});

	it('names every bad setting in one sentence each', () => {
		const error = (() => {
			try {
				parseSettings({ DATABASE_URL: 'mysql://db/bezel', PORT: 'eighty', SMTP_URL: 'not a url', ORIGIN: 'https://bezel.example.com/app' });
			} catch (caught) {
				return caught as SettingsError;
			}
		})();
		expect(error).toBeInstanceOf(SettingsError);
		expect(error!.problems).toHaveLength(4);
		expect(error!.message).toMatch(/^Bezel cannot start: /);
		expect(error!.message).toContain('DATABASE_URL must start with postgres:// or postgresql://');
		expect(error!.message).toContain('PORT must be a whole number');
		expect(error!.message).toContain('SMTP_URL must be a URL');
		expect(error!.message).toContain('ORIGIN must be an origin only');
	});

	it('wants the Supabase URL and key together', () => {
		expect(() => parseSettings({ SUPABASE_URL: 'https://abcd.supabase.co' })).toThrow(/must be set together/);
	});

	it('uses a server database when DATABASE_URL is set', () => {
		const settings = parseSettings({ DATABASE_URL: 'postgresql://u:p@db:5432/bezel', BACKGROUND_JOBS: 'no' });
		expect(settings.embedded).toBe(false);
		expect(settings.BACKGROUND_JOBS).toBe(false);
	});
});
