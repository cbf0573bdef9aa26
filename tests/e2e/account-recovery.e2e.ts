/**
 * A person who forgot their password gets it back by e-mail, and a person who lost a phone signs
 * out every other session from their account page.
 */
import { expect, test } from '@playwright/test';
import { linkFrom, waitForMail } from './support/mail.ts';
import { open, signIn } from './support/session.ts';

// a Siam workshop member no other test signs in as
const email = 'nok@siamcasting.example';
const newPassword = 'a fresh phrase for the bench';

test.describe.configure({ mode: 'serial' });

test('forgot password: the e-mailed link sets a new password, works once, and the old one stops working', async ({ page, browser }) => {
	await open(page, '/forgot-password');
	await page.getByLabel('E-mail').fill(email);
	await page.getByRole('button', { name: 'Send the link' }).click();
	await expect(page.getByText(`If ${email} has a Bezel account, a link to choose a new password is on its way.`)).toBeVisible();

	const mail = await waitForMail(email, { subject: /Reset your Bezel password/ });
	const link = linkFrom(mail, '/reset-password/');

	const context = await browser.newContext();
	const reset = await context.newPage();
	await open(reset, link);
	await reset.getByLabel('New password', { exact: true }).fill(newPassword);
	await reset.getByLabel('New password again').fill(newPassword);
	await reset.getByRole('button', { name: 'Save and sign in' }).click();
	await reset.waitForURL((url) => url.pathname === '/workshop');
	await expect(reset.getByText('Siam Fine Casting Co., Ltd.').first()).toBeVisible();

	// the link works once
	await open(reset, link);
	await expect(reset.getByText('This reset link has expired or was already used.')).toBeVisible();
	await context.close();

	// the old password no longer opens the account; the new one does
	const again = await browser.newContext();
	const login = await again.newPage();
	await open(login, '/login');
	await login.getByLabel('E-mail').fill(email);
	await login.getByLabel('Password', { exact: true }).fill('aurelle-demo-2026');
	await login.getByRole('button', { name: 'Sign in' }).click();
	await expect(login.getByText('That e-mail and password do not match an account.')).toBeVisible();
	expect(new URL((await signIn(login, email, newPassword)).toString()).pathname).toBe('/workshop');
	await again.close();
});

test('sign out everywhere else ends the other session and keeps this one', async ({ browser }) => {
	const phone = await browser.newContext({ viewport: { width: 375, height: 800 } });
	const laptop = await browser.newContext();
	const onPhone = await phone.newPage();
	const onLaptop = await laptop.newPage();
	await signIn(onPhone, email, newPassword);
	await signIn(onLaptop, email, newPassword);

	await open(onLaptop, '/account');
	await onLaptop.getByRole('button', { name: 'Sign out everywhere else' }).click();
	await expect(onLaptop.getByText(/Signed out \d+ other session/)).toBeVisible();

	// the phone's session is gone: its next page asks to sign in
	await onPhone.goto('/workshop');
	await onPhone.waitForURL((url) => url.pathname === '/login');
	// the laptop carries on
	const stillIn = await onLaptop.goto('/workshop');
	expect(stillIn?.status()).toBe(200);
	expect(new URL(onLaptop.url()).pathname).toBe('/workshop');
	await phone.close();
	await laptop.close();
});
