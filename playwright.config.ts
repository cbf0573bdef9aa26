/**
 * End-to-end tests: Debian's chromium against the BUILT app (`node scripts/start.ts`) on a fresh
 * embedded database, with a real SMTP server catching the mail it sends. `npm run test:e2e` builds
 * first; tests/e2e/support/global-setup.ts starts (and stops) the SMTP server and the app.
 */
import { defineConfig } from '@playwright/test';
import { APP_ORIGIN } from './tests/e2e/support/constants.ts';

const ci = Boolean(process.env.CI);

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.e2e.ts',
	// one embedded database, one app process: tests run one after another
	workers: 1,
	fullyParallel: false,
	retries: ci ? 1 : 0,
	forbidOnly: ci,
	reporter: 'list',
	timeout: 60_000,
	expect: { timeout: 10_000 },
	outputDir: 'test-results',
	globalSetup: './tests/e2e/support/global-setup.ts',
	use: {
		baseURL: APP_ORIGIN,
		viewport: { width: 1280, height: 800 },
		locale: 'en-US',
		// the first render of a page on a cold embedded database can take several seconds
		navigationTimeout: 30_000,
		actionTimeout: 15_000,
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure',
		launchOptions: {
			executablePath: '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync'
			]
		}
	},
	projects: [{ name: 'chromium' }]
});
