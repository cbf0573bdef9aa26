/**
 * Bad input a person can actually make: each gets a clear sentence, keeps what they typed, and
 * changes nothing.
 */
import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { users } from './support/constants.ts';
import { open, signIn } from './support/session.ts';

test('a wrong password is refused with a sentence and the e-mail stays typed', async ({ page }) => {
	// finance's account is used by no other test, so this failed attempt throttles nobody else
	await open(page, '/login');
	await page.getByLabel('E-mail').fill(users.finance.email);
	await page.getByLabel('Password', { exact: true }).fill('not-the-password-2026');
	await page.getByRole('button', { name: 'Sign in' }).click();

	await expect(page.getByRole('alert')).toContainText('That e-mail and password do not match an account.');
	expect(new URL(page.url()).pathname).toBe('/login');
	await expect(page.getByLabel('E-mail')).toHaveValue(users.finance.email);

	// nothing changed: the right password still works straight away
	await page.getByLabel('Password', { exact: true }).fill('aurelle-demo-2026');
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL((url) => url.pathname === '/dashboard');
});

test('adding a workshop whose name is taken is refused and keeps what was typed', async ({ page }) => {
	const existing = users.brooklynMember.workshop;
	await signIn(page, users.ops.email);
	await open(page, '/vendors/new');
	const name = page.getByRole('textbox', { name: 'Name', exact: true });
	const city = page.getByRole('textbox', { name: 'City' });
	const country = page.getByRole('combobox', { name: 'Country' });
	const currency = page.getByRole('combobox', { name: 'Currency of documents' });
	const caster = page.getByRole('group', { name: 'Type of work' }).getByLabel('Caster');
	await name.fill(existing);
	await caster.check();
	await country.selectOption('US');
	await city.fill('Brooklyn');
	await currency.selectOption('USD');
	await page.getByRole('button', { name: 'Add the workshop' }).click();

	await expect(page.getByRole('alert').first()).toContainText(`A workshop called “${existing}”`);
	await expect(page.getByRole('alert').first()).toContainText('already exists');
	await expect(page.getByText('Another workshop already has this name.')).toBeVisible();
	await expect(name).toHaveAttribute('aria-invalid', 'true');
	expect(new URL(page.url()).pathname).toBe('/vendors/new');
	await expect(name).toHaveValue(existing);
	await expect(city).toHaveValue('Brooklyn');
	await expect(country).toHaveValue('US');
	await expect(currency).toHaveValue('USD');
	await expect(caster).toBeChecked();

	// nothing changed: the directory still has exactly one workshop of that name
	await open(page, `/vendors?q=${encodeURIComponent('Brooklyn')}`);
	await expect(page.getByRole('link', { name: existing, exact: true })).toHaveCount(1);
});

test('a PNG named .pdf is refused with a sentence naming PNG, and no document is added', async ({ page }) => {
	const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 180, g: 140, b: 60 } } })
		.png()
		.toBuffer();
	const title = `Insurance renewal ${Date.now().toString(36)}`;

	await signIn(page, users.siamAdmin.email);
	await open(page, '/workshop/documents');
	const list = page.getByRole('region', { name: 'Documents', exact: true }).getByRole('listitem');
	const before = await list.count();

	const upload = page.getByRole('region', { name: 'Upload a document' });
	await upload.getByRole('combobox', { name: 'Kind of document' }).selectOption({ label: 'Insurance certificate' });
	await upload.getByRole('textbox', { name: 'Title' }).fill(title);
	await upload.getByLabel('File').setInputFiles({ name: 'insurance-2027.pdf', mimeType: 'application/pdf', buffer: png });
	await upload.getByRole('button', { name: 'Upload' }).click();

	const message = upload.getByRole('alert');
	await expect(message).toContainText('PNG');
	await expect(message).toContainText('insurance-2027.pdf');
	await expect(page.getByRole('link', { name: title })).toHaveCount(0);
	await expect(list).toHaveCount(before);

	// nothing was stored: a fresh load shows the same list
	await open(page, '/workshop/documents');
	await expect(list).toHaveCount(before);
	await expect(page.getByRole('link', { name: title })).toHaveCount(0);
});

test('a PO line with a price of too many decimals and a past due date is refused beside its fields, keeping what was typed', async ({
	page
}) => {
	await signIn(page, users.ops.email);
	const newest = async () => {
		await open(page, '/purchase-orders?status=all&sort=created&dir=desc');
		return page.getByRole('link', { name: /^PO-/ }).first().textContent();
	};
	const before = await newest();
	await open(page, '/purchase-orders/new');
	await page.getByRole('combobox', { name: 'Workshop' }).selectOption({ label: users.brooklynMember.workshop });
	const description = page.getByRole('textbox', { name: 'Line 1 Description' });
	const price = page.getByRole('textbox', { name: /^Line 1 Labor price/ });
	const due = page.getByLabel('Line 1 Due date');
	await description.fill('Cuban link chain 5 mm');
	await page.getByRole('spinbutton', { name: 'Line 1 Quantity' }).fill('3');
	await page.getByRole('combobox', { name: 'Line 1 Alloy' }).selectOption('14KY');
	await price.fill('120.555');
	await due.fill('2020-01-15');
	await page.getByRole('button', { name: 'Create draft' }).click();

	await expect(page.getByText('USD amounts have at most 2 decimals.')).toBeVisible();
	await expect(page.getByText('The due date is in the past.')).toBeVisible();
	expect(new URL(page.url()).pathname).toBe('/purchase-orders/new');
	await expect(description).toHaveValue('Cuban link chain 5 mm');
	await expect(price).toHaveValue('120.555');
	await expect(due).toHaveValue('2020-01-15');

	// nothing was created: the newest PO is still the one from before
	expect(await newest()).toBe(before);
});
