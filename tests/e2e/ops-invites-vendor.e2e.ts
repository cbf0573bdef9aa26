/**
 * The onboarding journey end to end: operations adds a workshop and invites its admin; the invitation
 * goes out through real SMTP; the invitee follows the link from the e-mail, chooses a password and
 * lands in their own workshop — and nobody from another workshop can see it.
 */
import { expect, test } from '@playwright/test';
import { linkFrom, waitForMail } from './support/mail.ts';
import { users } from './support/constants.ts';
import { open, signIn, signOut } from './support/session.ts';

const otherWorkshops = [users.siamAdmin.workshop, users.brooklynMember.workshop];

// each step builds on the one before; a retry reruns them all
test.describe.configure({ mode: 'serial' });

// unique per run of the journey (also with --repeat-each), so names and e-mails never clash
let workshopName = '';
let invitee = { name: '', email: '', password: '' };
let vendorId = '';
let invitationLink = '';

test.beforeAll(() => {
	const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
	workshopName = `Atelier Lumen ${run}`;
	invitee = { name: 'Inès Laurent', email: `ines.${run}@lumen-atelier.example`, password: `copper lantern harbour ${run}` };
	vendorId = '';
	invitationLink = '';
});

test('operations adds a workshop and invites its admin', async ({ page }) => {
	const landing = await signIn(page, users.ops.email);
	expect(landing.pathname).toBe('/dashboard');

	await open(page, '/vendors/new');
	await expect(page.getByRole('heading', { level: 1, name: 'Add a workshop' })).toBeVisible();
	// required fields show a "*" in the label (hidden from assistive tech): find them by accessible name
	await page.getByRole('textbox', { name: 'Name', exact: true }).fill(workshopName);
	const types = page.getByRole('group', { name: 'Type of work' });
	await types.getByLabel('Caster').check();
	await types.getByLabel('Polisher').check();
	await page.getByRole('combobox', { name: 'Country' }).selectOption('FR');
	await page.getByRole('textbox', { name: 'City' }).fill('Paris');
	await page.getByRole('combobox', { name: 'Currency of documents' }).selectOption('EUR');
	await page.getByRole('button', { name: 'Add the workshop' }).click();

	await page.waitForURL(/\/vendors\/[^/?]+\?created=1$/);
	vendorId = new URL(page.url()).pathname.split('/')[2];
	expect(vendorId).toMatch(/^[0-9a-f-]{36}$/i);
	await expect(page.getByRole('heading', { level: 1, name: workshopName })).toBeVisible();
	await expect(page.getByText('Workshop added.')).toBeVisible();

	const invite = page.getByRole('region', { name: 'Invite someone' });
	await invite.getByLabel('Name').fill(invitee.name);
	await invite.getByLabel('E-mail').fill(invitee.email);
	await invite.getByLabel('Role').selectOption('vendor_admin');
	await invite.getByRole('button', { name: 'Send invitation' }).click();
	await expect(invite.getByText(`Invitation sent to ${invitee.email}`)).toBeVisible();
	await expect(page.getByRole('region', { name: 'Invitations waiting' }).getByText(invitee.email, { exact: true })).toBeVisible();
});

test('the invitation e-mail arrives over SMTP with a link to the app', async () => {
	const mail = await waitForMail(invitee.email, { timeoutMs: 20_000 });
	expect(mail.envelopeTo).toEqual([invitee.email]);
	expect(mail.subject).toContain(workshopName);
	expect(mail.text).toContain(`Hello ${invitee.name},`);
	invitationLink = linkFrom(mail, '/invitation/');
});

test('the invitee accepts in a new browser, lands in their own workshop and can sign in again', async ({ page }) => {
	expect(invitationLink, 'the previous step found the link').not.toBe('');
	await open(page, invitationLink);
	await expect(page.getByRole('heading', { level: 1, name: `Join ${workshopName} on Bezel` })).toBeVisible();
	await expect(page.getByLabel('E-mail')).toHaveValue(invitee.email);
	await page.getByLabel('Your name').fill(invitee.name);
	await page.getByLabel('Password', { exact: true }).fill(invitee.password);
	await page.getByLabel('Password again').fill(invitee.password);
	await page.getByRole('button', { name: 'Create my account' }).click();

	await page.waitForURL((url) => url.pathname === '/workshop');
	await expect(page.getByRole('heading', { level: 1, name: 'Good to see you, Inès' })).toBeVisible();
	await expect(page.getByRole('main')).toContainText(workshopName);
	for (const other of otherWorkshops) await expect(page.locator('body')).not.toContainText(other);

	await signOut(page);
	const landing = await signIn(page, invitee.email, invitee.password);
	expect(landing.pathname).toBe('/workshop');
	await expect(page.getByRole('main')).toContainText(workshopName);
});

test('the invitation link works only once', async ({ page }) => {
	expect(invitationLink, 'the previous step found the link').not.toBe('');
	await open(page, invitationLink);
	await expect(page.getByRole('heading', { level: 1, name: 'This invitation cannot be used' })).toBeVisible();
	await expect(page.getByRole('alert')).toContainText('This invitation was already used.');
	await expect(page.getByRole('button', { name: 'Create my account' })).toHaveCount(0);
});

test('a person of another workshop cannot see the new workshop, nor another workshop’s files', async ({ page, browser, baseURL }) => {
	expect(vendorId, 'the first step created the workshop').not.toBe('');

	// a file of Siam Fine Casting, as its own admin sees it
	const siam = await browser.newContext({ baseURL });
	const siamPage = await siam.newPage();
	await signIn(siamPage, users.siamAdmin.email);
	await open(siamPage, '/workshop/documents');
	const siamFile = await siamPage.getByRole('region', { name: 'Documents', exact: true }).getByRole('link').first().getAttribute('href');
	expect(siamFile).toMatch(/^\/files\/[^/]+$/);
	await siam.close();

	const landing = await signIn(page, users.brooklynMember.email);
	expect(landing.pathname).toBe('/workshop');

	for (const path of [`/vendors/${vendorId}`, `/vendors/${vendorId}/edit`, '/vendors', '/dashboard']) {
		const response = await page.goto(path);
		expect(response?.status(), `GET ${path} as a workshop member`).toBe(404);
		// the route-access hook answers before any page loads, so SvelteKit shows src/error.html
		await expect(page.getByRole('heading', { level: 1 })).toContainText('does not exist');
		await expect(page.locator('body')).not.toContainText(workshopName);
	}

	const foreignFile = await page.request.get(siamFile!);
	expect(foreignFile.status(), `GET ${siamFile} (a Siam file) as a Brooklyn member`).toBe(404);
	// …while the workshop's own files open
	await open(page, '/workshop/documents');
	const ownFile = await page.getByRole('region', { name: 'Documents', exact: true }).getByRole('link').first().getAttribute('href');
	expect((await page.request.get(ownFile!)).status()).toBe(200);

	await open(page, '/workshop');
	await expect(page.getByRole('main')).toContainText(users.brooklynMember.workshop);
	await expect(page.locator('body')).not.toContainText(workshopName);
	await expect(page.locator('body')).not.toContainText(users.siamAdmin.workshop);
});
