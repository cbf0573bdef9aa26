/** Signing in and out through the real pages, as a person would. */
import { expect, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from './constants.ts';

/**
 * Opens a page and waits until the app has started in the browser (hydrated), so typing and
 * clicking go through the page's scripts rather than racing them.
 */
export async function open(page: Page, path: string) {
	const response = await page.goto(path);
	await page.waitForLoadState('networkidle');
	return response;
}

/** Signs in on /login and waits to leave it; returns the page the person lands on. */
export async function signIn(page: Page, email: string, password: string = DEMO_PASSWORD): Promise<URL> {
	await open(page, '/login');
	await page.getByLabel('E-mail').fill(email);
	await page.getByLabel('Password', { exact: true }).fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL((url) => url.pathname !== '/login');
	return new URL(page.url());
}

/** Uses the header's "Sign out" button and checks the sign-in page says so. */
export async function signOut(page: Page) {
	await page.getByRole('button', { name: 'Sign out' }).click();
	await page.waitForURL((url) => url.pathname === '/login');
	await expect(page.getByText('You are signed out.')).toBeVisible();
}
