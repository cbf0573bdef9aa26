/**
 * A customer's repair end to end: operations takes the piece in with a photo and gives it to the
 * 47th Street Repair Bench; the repair jeweler, on a phone, opens it from the e-mail (never seeing the
 * customer), marks it received and sends a two-line estimate; operations approves it with the
 * customer's answer; the workshop starts, finishes and ships the piece back. On return the piece
 * weighs 0.3 g less: the page says so in words, closing is refused until operations resolves it with
 * a note, then the repair closes. The envelope PDF is the brand's: the workshop gets 404 for it.
 */
import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import { expectNoSeriousA11yViolations } from './support/axe.ts';
import { APP_ORIGIN, users } from './support/constants.ts';
import { linkFrom, waitForMail } from './support/mail.ts';
import { open, signIn } from './support/session.ts';

test.describe.configure({ mode: 'serial' });

/** The repair workshop's admin (src/lib/server/seed/demo-brand.ts). */
const repairer = { email: 'yosef@47threpair.example', workshop: '47th Street Repair Bench' };
const phone = { width: 375, height: 812 };
const today = () => new Date().toISOString().slice(0, 10);

let run = '';
let customer = { name: '', contact: '', order: '' };
let description = '';
let repairId = '';
let repairNumber = '';
let workshopLink = '';

test.beforeAll(() => {
	run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
	customer = { name: `Eleanor Vance ${run}`, contact: `eleanor.${run}@customer.example`, order: `WEB-${run}` };
	description = `Yellow metal ring, 1 white stone, ${run}`;
});

async function expectNoSidewaysScroll(page: Page) {
	const width = await page.evaluate(() => document.documentElement.scrollWidth);
	expect(width, `page width of ${new URL(page.url()).pathname} at 375 px (nothing should scroll sideways)`).toBeLessThanOrEqual(376);
}

/** Nothing of the customer reaches the workshop: not on screen, not in the data the page carries. */
async function expectNoCustomer(page: Page) {
	const html = await page.content();
	for (const secret of [customer.name, customer.contact, customer.order]) {
		expect(html, `the workshop's page ${new URL(page.url()).pathname} mentions “${secret}”`).not.toContain(secret);
	}
}

/** The piece on the intake card, as a phone photographs it: a real JPEG. */
function piecePhoto() {
	return sharp({ create: { width: 900, height: 700, channels: 3, background: { r: 236, g: 232, b: 222 } } })
		.composite([
			{ input: { create: { width: 260, height: 260, channels: 3, background: { r: 201, g: 162, b: 74 } } }, left: 320, top: 220 }
		])
		.jpeg({ quality: 85 })
		.toBuffer();
}

async function openAsWorkshop(page: Page, path: string) {
	await page.setViewportSize(phone);
	await signIn(page, repairer.email);
	await open(page, path);
	await expect(page.getByRole('heading', { level: 1, name: repairNumber })).toBeVisible();
}

test('operations takes the piece in with a photo and prints its envelope', async ({ page }) => {
	await signIn(page, users.ops.email);
	await open(page, '/repairs/new');
	await page.getByRole('textbox', { name: 'Customer’s name' }).fill(customer.name);
	await page.getByRole('textbox', { name: 'Phone or e-mail' }).fill(customer.contact);
	await page.getByRole('textbox', { name: 'Order reference' }).fill(customer.order);
	await page.getByRole('textbox', { name: 'Description by appearance' }).fill(description);
	await page.getByRole('textbox', { name: 'Stamps' }).fill('750, maker’s mark AUR');
	await page.getByRole('textbox', { name: 'Weight in g' }).fill('4.20');
	await page.getByRole('textbox', { name: 'Stones', exact: true }).fill('1');
	await page.getByRole('textbox', { name: 'Condition' }).fill('Dull plating, the centre stone moves a little.');
	await page.getByRole('textbox', { name: 'Declared value' }).fill('1850.00');
	await page
		.getByRole('group', { name: /^Work requested/ })
		.getByLabel('Rhodium re-plate')
		.check();
	await page.getByLabel('Choose photos').setInputFiles({ name: 'intake.jpg', mimeType: 'image/jpeg', buffer: await piecePhoto() });
	await expect(page.getByText('1 photo ready to send')).toBeVisible();
	await page.getByRole('button', { name: 'Take in the repair' }).click();

	await page.waitForURL(/\/repairs\/[0-9a-f-]{36}\?created=1$/);
	await page.waitForLoadState('networkidle');
	repairId = new URL(page.url()).pathname.split('/').pop()!;
	repairNumber = (await page.getByRole('heading', { level: 1 }).textContent())?.trim() ?? '';
	expect(repairNumber).toMatch(/^RJ-\d{4}-\d{4,}$/);
	await expect(page.getByText('Repair taken in. Print its envelope')).toBeVisible();
	await expect(page.getByRole('img', { name: `${repairNumber}, photo 1 at intake` })).toBeVisible();

	const envelope = await page.request.get(`/repairs/${repairId}/envelope.pdf`);
	expect(envelope.status()).toBe(200);
	expect(envelope.headers()['content-type']).toBe('application/pdf');
	expect((await envelope.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
});

test('operations gives it to the repair workshop', async ({ page }) => {
	await signIn(page, users.ops.email);
	await open(page, `/repairs/${repairId}`);
	await page.getByRole('combobox', { name: 'Workshop' }).selectOption({ label: `${repairer.workshop} · New York` });
	await page.getByRole('button', { name: 'Give to the workshop' }).click();
	await expect(page.getByText(`Given to ${repairer.workshop}. They are told by e-mail`)).toBeVisible();
	await expect(page.getByText('With the workshop').first()).toBeVisible();

	const mail = await waitForMail(repairer.email, { subject: new RegExp(`Repair ${repairNumber} from`) });
	for (const secret of [customer.name, customer.contact, customer.order]) expect(mail.text).not.toContain(secret);
	workshopLink = linkFrom(mail, `/workshop/repairs/${repairId}`);
});

test('the repair jeweler, on a phone, sees the job without the customer, receives it and sends a two-line estimate', async ({ page }) => {
	await openAsWorkshop(page, new URL(workshopLink).pathname);
	await expect(page.getByText(description).first()).toBeVisible();
	await expectNoCustomer(page);
	// the intake photo came with the job
	const photo = page.getByRole('img', { name: `${repairNumber}, photo 1 at intake` });
	await photo.scrollIntoViewIfNeeded();
	await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
	await expectNoSidewaysScroll(page);

	await page.getByRole('button', { name: 'Mark received' }).click();
	await expect(page.getByText('Marked received. Check the piece against the intake facts')).toBeVisible();

	await expect(page.getByRole('heading', { level: 2, name: 'Send your estimate' })).toBeVisible();
	const line1 = page.getByRole('group', { name: 'Line 1' });
	await line1.getByRole('textbox', { name: 'Work, line 1' }).fill('Rhodium re-plate, white finish');
	await line1.getByRole('textbox', { name: 'Price, line 1 (USD)' }).fill('85');
	await page.getByRole('button', { name: 'Add a line' }).click();
	const line2 = page.getByRole('group', { name: 'Line 2' });
	await expect(line2.getByRole('textbox', { name: 'Work, line 2' })).toBeFocused();
	await line2.getByRole('textbox', { name: 'Work, line 2' }).fill('Tighten the centre stone');
	await line2.getByRole('textbox', { name: 'Price, line 2 (USD)' }).fill('40.50');
	await expect(page.getByText('Total: $125.50')).toBeVisible();
	await page.getByRole('spinbutton', { name: 'Days the work takes' }).fill('5');
	await expectNoSeriousA11yViolations(page);
	await page.getByRole('button', { name: 'Send the estimate' }).click();
	await expect(page.getByText('Estimate sent: $125.50, 5 days.')).toBeVisible();
	await expect(page.getByText('Your estimate is waiting for the brand, who asks the customer.')).toBeVisible();
	await expectNoCustomer(page);
	await expectNoSidewaysScroll(page);
});

test('operations approves the estimate, recording the customer’s answer', async ({ page }) => {
	await waitForMail(users.ops.email, { subject: new RegExp(`sent an estimate for ${repairNumber}`) });
	await signIn(page, users.ops.email);
	await open(page, `/repairs/${repairId}`);
	const step = page.getByRole('region', { name: 'Decide the estimate' });
	await expect(step).toContainText(`${repairer.workshop} estimates $125.50 and 5 days`);
	await step.getByRole('radio', { name: 'Approve: the customer agreed' }).check();
	await step.getByRole('textbox', { name: 'How and when the customer agreed' }).fill(`By phone, ${today()}`);
	await step.getByRole('button', { name: 'Approve the estimate' }).click();
	await expect(page.getByText('Estimate approved. The workshop is told by e-mail')).toBeVisible();
	const estimates = page.getByRole('list', { name: 'Estimates, newest first' }).getByRole('listitem');
	await expect(estimates).toHaveCount(1);
	await expect(estimates.first()).toContainText('$125.50 · 5 days');
	await expect(estimates.first()).toContainText('Approved');
	await expect(estimates.first()).toContainText('Tighten the centre stone');
});

test('the workshop, from the envelope’s QR code, starts the work, finishes it and ships the piece back', async ({ page }) => {
	await page.setViewportSize(phone);
	await signIn(page, repairer.email);
	// the envelope's QR code holds /r/<number>
	await open(page, `/r/${repairNumber}`);
	expect(new URL(page.url()).pathname).toBe(`/workshop/repairs/${repairId}`);
	await expect(page.getByRole('heading', { level: 1, name: repairNumber })).toBeVisible();

	await page.getByRole('button', { name: 'Start the work' }).click();
	await expect(page.getByText('Work started. Mark it done when the piece is ready to go back.')).toBeVisible();
	await page.getByRole('button', { name: 'The work is done' }).click();
	await expect(page.getByText('Marked done. Ship the piece back')).toBeVisible();

	await page.getByRole('combobox', { name: 'Carrier' }).selectOption('FedEx');
	await page.getByRole('textbox', { name: 'Tracking number' }).fill(`7749 ${run}`);
	await expect(page.getByLabel('Shipped on')).toHaveValue(today());
	await page.getByRole('button', { name: 'Record the shipment' }).click();
	await expect(page.getByText('Shipment recorded. The brand is told by e-mail with the tracking number.')).toBeVisible();
	await expect(page.getByRole('region', { name: 'The piece' })).toContainText(`with FedEx, tracking 7749 ${run}`);
	await expectNoCustomer(page);
	await expectNoSidewaysScroll(page);
});

test('the piece comes back 0.3 g lighter: flagged in words, closing refused until resolved with a note', async ({ page }) => {
	await waitForMail(users.ops.email, { subject: new RegExp(`shipped ${repairNumber} back`) });
	await signIn(page, users.ops.email);
	await open(page, `/repairs/${repairId}`);
	const step = page.getByRole('region', { name: 'Check the piece on return' });
	await expect(step).toContainText('At intake: 4.20 g and 1 stone.');
	await step.getByRole('textbox', { name: 'Weight on return, in g' }).fill('3.90');
	await expect(step.getByRole('textbox', { name: 'Stones on return' })).toHaveValue('1');
	// said as it is typed, before saving
	await expect(step).toContainText('A difference will be flagged: Weight 3.90 g on return, 4.20 g at intake: 0.30 g less.');
	await step.getByRole('button', { name: 'Save the return check' }).click();

	await expect(page.getByText('Return check saved, and a difference was found: resolve it with a note before closing.')).toBeVisible();
	const flagged = page.getByRole('alert').filter({ hasText: 'A difference was found on return' });
	await expect(flagged).toContainText('Weight 3.90 g on return, 4.20 g at intake: 0.30 g less. Resolve it with a note before closing.');
	await expect(page.getByRole('button', { name: 'Close the repair' })).toHaveCount(0);
	await expectNoSeriousA11yViolations(page);

	// the page offers no Close; posting the close form anyway is refused with the reason
	const version = await page.getByRole('region', { name: 'Resolve the difference' }).locator('input[name="version"]').inputValue();
	const refused = await page.request.post(`/repairs/${repairId}?/close`, {
		form: { version },
		headers: { origin: APP_ORIGIN, 'x-sveltekit-action': 'true' }
	});
	const answer = await refused.json();
	expect(answer).toMatchObject({ type: 'failure', status: 409 });
	expect(answer.data).toContain('A difference was found on return: resolve it with a note before closing.');
	await open(page, `/repairs/${repairId}`);
	await expect(page.getByText('Returned', { exact: true }).first()).toBeVisible();
	await expect(page.getByRole('alert').filter({ hasText: 'A difference was found on return' })).toBeVisible();

	const resolve = page.getByRole('region', { name: 'Resolve the difference' });
	await resolve
		.getByRole('textbox', { name: 'Why the difference is acceptable, or what was done about it' })
		.fill('Re-plating took off old solder; the workshop confirmed by phone.');
	await resolve.getByRole('button', { name: 'Resolve the difference' }).click();
	await expect(page.getByText('Difference resolved. You can close the repair now.')).toBeVisible();
	await expect(page.getByRole('alert').filter({ hasText: 'A difference was found on return' })).toHaveCount(0);
	await expect(page.getByText('Difference resolved: Re-plating took off old solder')).toBeVisible();

	await page.getByRole('button', { name: 'Close the repair' }).click();
	await expect(page.getByText('Repair closed. Give the piece back to the customer.')).toBeVisible();
	await expect(page.getByText('This repair is closed.')).toBeVisible();
	await expect(page.getByText('Resolved: Re-plating took off old solder')).toBeVisible();
});

test('the envelope PDF is the brand’s: operations downloads it, the workshop gets 404', async ({ page }) => {
	await signIn(page, users.ops.email);
	const pdf = await page.request.get(`/repairs/${repairId}/envelope.pdf`);
	expect(pdf.status()).toBe(200);
	expect(pdf.headers()['content-type']).toBe('application/pdf');
	expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');

	await page.context().clearCookies();
	await openAsWorkshop(page, `/workshop/repairs/${repairId}`);
	await expect(page.getByText('This repair is closed. Nothing more is needed from you.')).toBeVisible();
	await expectNoCustomer(page);
	const refused = await page.request.get(`/repairs/${repairId}/envelope.pdf`);
	expect(refused.status()).toBe(404);
	expect(refused.headers()['content-type']).not.toBe('application/pdf');
});
