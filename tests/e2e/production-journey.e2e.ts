/**
 * The production journey end to end: operations sends a PO and the workshop acknowledges it, which
 * makes a job bag. On a 375 px phone the workshop scans the bag's QR code signed out, signs in and
 * lands on the quick update; starts the first stage, finishes part of it with a photo from the camera
 * input, and flags a problem. Operations sees the job blocked on the timeline, the at-risk count one
 * higher and the job in the at-risk list, gets the e-mail, and resolves the problem; the workshop's
 * page is no longer blocked.
 */
import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import { waitForMail } from './support/mail.ts';
import { DEMO_PASSWORD, users } from './support/constants.ts';
import { open, signIn } from './support/session.ts';

test.describe.configure({ mode: 'serial' });

const phone = { width: 375, height: 812 };
const isoIn = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
let run = '';
let poPath = '';
let poNumber = '';
let jobNumber = '';
let jobId = '';
let atRiskBefore = -1;

test.beforeAll(() => {
	run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
});

async function expectNoSidewaysScroll(page: Page) {
	const width = await page.evaluate(() => document.documentElement.scrollWidth);
	expect(width, `page width of ${new URL(page.url()).pathname} at 375 px (nothing should scroll sideways)`).toBeLessThanOrEqual(375);
}

/** The timeline's headline "At risk" count. */
async function atRiskCount(page: Page): Promise<number> {
	await open(page, '/production');
	const text = await page.getByRole('link', { name: /at risk: show them$/ }).textContent();
	const count = Number(text?.replace(/[^\d]/g, ''));
	expect(Number.isInteger(count), `the at-risk count reads “${text}”`).toBe(true);
	return count;
}

/** A bench photo as a phone would send it: a real JPEG. */
function benchPhoto() {
	return sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 196, g: 160, b: 82 } } })
		.composite([
			{
				input: { create: { width: 300, height: 200, channels: 3, background: { r: 90, g: 90, b: 96 } } },
				left: 250,
				top: 200
			}
		])
		.jpeg({ quality: 85 })
		.toBuffer();
}

test('operations sends Siam Fine Casting a one-line PO', async ({ page }) => {
	await signIn(page, users.ops.email);
	await open(page, '/purchase-orders/new');
	await page.getByRole('combobox', { name: 'Workshop' }).selectOption({ label: users.siamAdmin.workshop });
	await page.getByRole('combobox', { name: 'Collection' }).fill(`Production journey ${run}`);
	await page.getByRole('textbox', { name: 'Line 1 Description' }).fill(`Signet ring ${run}`);
	await page.getByRole('spinbutton', { name: 'Line 1 Quantity' }).fill('10');
	await page.getByLabel('Line 1 Due date').fill(isoIn(40));
	await page.getByRole('combobox', { name: 'Line 1 Alloy' }).selectOption('18KY');
	await page.getByRole('textbox', { name: /^Line 1 Labor price/ }).fill('850');
	await page.getByRole('button', { name: 'Create draft' }).click();

	await page.waitForURL(/\/purchase-orders\/[0-9a-f-]{36}\?created=1$/);
	poPath = new URL(page.url()).pathname;
	poNumber = (await page.getByRole('heading', { level: 1 }).textContent())?.match(/PO-\d{4}-\d{4,}/)?.[0] ?? '';
	expect(poNumber).toMatch(/^PO-\d{4}-\d{4,}$/);
	await page.locator('summary', { hasText: 'Send to workshop' }).click();
	await page.getByRole('button', { name: 'Send', exact: true }).click();
	await expect(page.getByText('Sent. The workshop has the PDF by e-mail')).toBeVisible();
});

test('the workshop acknowledges it on a phone, which makes the job bag', async ({ page }) => {
	await page.setViewportSize(phone);
	await signIn(page, users.siamAdmin.email);
	await open(page, `/workshop${poPath}`);
	await expect(page.getByRole('heading', { level: 1 })).toContainText(poNumber);
	const line = page.getByRole('group', { name: 'Your answer for line 1' });
	await line.getByLabel('Acknowledge').check();
	await line.getByLabel('Promised delivery date').fill(isoIn(38));
	await page.getByRole('button', { name: 'Send my answer' }).click();
	await expect(page.getByText('has your acknowledgement and promised dates')).toBeVisible();

	// one bag for the batch of line 1, numbered after the PO, on the PO's job bags page
	await page.getByRole('link', { name: 'See the job bags and print their labels' }).click();
	await page.waitForURL((url) => url.pathname === `/workshop${poPath}/job-bags`);
	await expect(page.getByRole('navigation', { name: 'Purchase order pages' }).getByRole('link', { name: 'Job bags' })).toHaveAttribute(
		'aria-current',
		'page'
	);
	const bag = page.getByRole('link', { name: `JB-${poNumber.slice(3)}-1`, exact: true });
	await expect(bag).toBeVisible();
	jobNumber = (await bag.textContent())!.trim();
	jobId = (await bag.getAttribute('href'))!.split('/').pop()!;
	expect(jobId).toMatch(/^[0-9a-f-]{36}$/);
	await expectNoSidewaysScroll(page);
});

test('operations sees the new job on track on the timeline', async ({ page }) => {
	await signIn(page, users.ops.email);
	atRiskBefore = await atRiskCount(page);
	await open(page, `/production?q=${jobNumber}`);
	const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: jobNumber, exact: true }) });
	await expect(row).toContainText('On track');
	await open(page, `/production?risk=1&q=${jobNumber}`);
	await expect(page.getByText('No open job matches these filters')).toBeVisible();
});

test('the workshop scans the label signed out, signs in, reports two updates with a photo and flags a problem', async ({ page }) => {
	await page.setViewportSize(phone);
	// the QR code on the label holds /j/<job number>
	await open(page, `/j/${jobNumber}`);
	expect(new URL(page.url()).pathname).toBe('/login');
	await page.getByLabel('E-mail').fill(users.siamAdmin.email);
	await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL(`**/workshop/jobs/${jobId}?update=1`);
	await page.waitForLoadState('networkidle');
	await expect(page.getByRole('heading', { level: 1, name: jobNumber })).toBeVisible();
	// the quick update is in front, on the job's next step
	await expect(page.getByRole('heading', { level: 2, name: 'Start print / wax — 10 pieces ready' })).toBeFocused();
	await expectNoSidewaysScroll(page);

	await page.getByRole('button', { name: 'Start print / wax', exact: true }).click();
	await expect(page.getByText('Started print / wax for 10 pieces.')).toBeVisible();
	await expect(page.getByRole('heading', { level: 2, name: 'Finish print / wax — 10 pieces in it' })).toBeVisible();

	// 6 of the 10 finish, photographed with the camera input
	await page.getByRole('textbox', { name: 'Pieces' }).fill('6');
	await page.getByLabel('Take photo').setInputFiles({ name: 'bench.jpg', mimeType: 'image/jpeg', buffer: await benchPhoto() });
	await expect(page.getByText('1 photo ready to send')).toBeVisible();
	await expect(page.getByRole('img', { name: 'Photo 1 to send: bench.jpg' })).toBeVisible();
	await page.getByRole('button', { name: 'Finish print / wax', exact: true }).click();
	await expect(page.getByText('Finished print / wax for 6 pieces. 1 photo added.')).toBeVisible();

	const history = page.getByRole('list', { name: 'Updates, newest first' });
	const newest = history.getByRole('listitem').first();
	await expect(newest).toContainText('Finished print / wax');
	await expect(newest).toContainText('6 pieces');
	const thumbnail = newest.getByRole('img', { name: /^Photo 1 of print \/ wax/ });
	await thumbnail.scrollIntoViewIfNeeded();
	await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
	// the thumbnail opens the re-encoded photo
	const full = await page.request.get(
		(await newest
			.getByRole('link')
			.filter({ has: page.getByRole('img') })
			.getAttribute('href'))!
	);
	expect(full.status()).toBe(200);
	expect(full.headers()['content-type']).toBe('image/jpeg');
	await expectNoSidewaysScroll(page);

	const flag = page.locator('details').filter({ has: page.locator('summary', { hasText: 'Flag a problem' }) });
	await flag.locator('summary').click();
	await flag.getByRole('combobox', { name: 'What is wrong?' }).selectOption({ label: 'Waiting for stones' });
	await flag.getByRole('textbox', { name: 'Note (optional)' }).fill(`The 2 mm sapphires for ${run} are still at customs.`);
	await flag.getByRole('button', { name: 'Flag the problem' }).click();
	await expect(page.getByText('Problem flagged: waiting for stones.')).toBeVisible();

	const blocked = page.getByRole('alert').filter({ hasText: 'Blocked' });
	await expect(blocked).toContainText(/waiting for stones/i);
	await expect(page.getByRole('list', { name: 'Open problems' })).toContainText(`sapphires for ${run}`);
	await expectNoSidewaysScroll(page);
});

test('operations is told, and sees the job blocked on the timeline and in the at-risk list', async ({ page }) => {
	const mail = await waitForMail(users.ops.email, { subject: new RegExp(`Waiting for stones: ${jobNumber} blocked`) });
	expect(mail.subject).toContain(users.siamAdmin.workshop);
	expect(mail.text).toContain(`sapphires for ${run}`);

	await signIn(page, users.ops.email);
	expect(await atRiskCount(page)).toBe(atRiskBefore + 1);

	await page.getByRole('link', { name: /^At risk \(\d+\)$/ }).click();
	await page.waitForURL((url) => url.searchParams.get('risk') === '1');
	await page.waitForLoadState('networkidle');
	await page.getByRole('searchbox', { name: 'Search' }).fill(jobNumber);
	await page.getByRole('button', { name: 'Apply' }).click();
	await page.waitForURL((url) => url.searchParams.get('q') === jobNumber && url.searchParams.get('risk') === '1');
	const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: jobNumber, exact: true }) });
	await expect(row).toContainText('Blocked');
	await expect(row).toContainText(/waiting for stones/i);
});

test('operations resolves the problem, and the workshop’s job is no longer blocked', async ({ page }) => {
	await signIn(page, users.ops.email);
	await open(page, `/production/jobs/${jobId}`);
	const problems = page.getByRole('list', { name: 'Open problems' });
	await expect(problems).toContainText('Waiting for stones');
	await problems.getByRole('textbox', { name: 'How was it resolved?' }).fill('Sapphires released by customs this morning.');
	await problems.getByRole('button', { name: /^Resolve/ }).click();
	await expect(page.getByText('Problem resolved. The workshop is told by e-mail.')).toBeVisible();
	await expect(page.getByRole('list', { name: 'Open problems' })).toHaveCount(0);
	expect(await atRiskCount(page)).toBe(atRiskBefore);

	await page.context().clearCookies();
	await page.setViewportSize(phone);
	await signIn(page, users.siamAdmin.email);
	await open(page, `/workshop/jobs/${jobId}`);
	await expect(page.getByRole('heading', { level: 1, name: jobNumber })).toBeVisible();
	await expect(page.getByRole('alert').filter({ hasText: 'Blocked' })).toHaveCount(0);
	await expect(page.getByText('On track', { exact: true })).toBeVisible();
	await expect(page.getByText('Resolved problems (1)')).toBeVisible();
	await expectNoSidewaysScroll(page);
});
