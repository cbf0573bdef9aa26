/**
 * The purchase-order journey end to end: operations drafts and sends a PO; the workshop receives it
 * by real SMTP with the PDF attached; the workshop acknowledges one line and asks to change another;
 * operations accepts the change, which makes revision 2; the workshop sees what changed line by line
 * and acknowledges again. Another workshop cannot open the PO.
 */
import { expect, test, type Page } from '@playwright/test';
import { linkFrom, waitForMail } from './support/mail.ts';
import { users } from './support/constants.ts';
import { open, signIn } from './support/session.ts';

test.describe.configure({ mode: 'serial' });

const isoIn = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
let run = '';
let poPath = '';
let poNumber = '';
let vendorLink = '';

test.beforeAll(() => {
	run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
});

async function fillLine(page: Page, n: number, line: { description: string; quantity: string; due: string; alloy: string; price: string }) {
	await page.getByRole('textbox', { name: `Line ${n} Description` }).fill(line.description);
	await page.getByRole('spinbutton', { name: `Line ${n} Quantity` }).fill(line.quantity);
	await page.getByLabel(`Line ${n} Due date`).fill(line.due);
	await page.getByRole('combobox', { name: `Line ${n} Alloy` }).selectOption(line.alloy);
	await page.getByRole('textbox', { name: new RegExp(`^Line ${n} Labor price`) }).fill(line.price);
}

test('operations drafts a PO for Siam Fine Casting and sends it', async ({ page }) => {
	await signIn(page, users.ops.email);
	await open(page, '/purchase-orders/new');
	await page.getByRole('combobox', { name: 'Workshop' }).selectOption({ label: users.siamAdmin.workshop });
	await page.getByRole('combobox', { name: 'Collection' }).fill(`Journey ${run}`);
	// a new PO starts with one empty line
	await fillLine(page, 1, { description: `Signet ring ${run}`, quantity: '10', due: isoIn(40), alloy: '18KY', price: '850' });
	await page.getByRole('button', { name: 'Add blank line' }).click();
	await fillLine(page, 2, { description: `Huggie hoops ${run}`, quantity: '24', due: isoIn(45), alloy: '14KW', price: '420.50' });
	await page.getByRole('button', { name: 'Create draft' }).click();

	await page.waitForURL(/\/purchase-orders\/[0-9a-f-]{36}\?created=1$/);
	poPath = new URL(page.url()).pathname;
	poNumber = (await page.getByRole('heading', { level: 1 }).textContent())?.match(/PO-\d{4}-\d{4,}/)?.[0] ?? '';
	expect(poNumber).toMatch(/^PO-\d{4}-\d{4,}$/);
	// 10 × 850 + 24 × 420.50 THB
	await expect(page.getByText(/THB\s18,592\.00/).first()).toBeVisible();

	await page.locator('summary', { hasText: 'Send to workshop' }).click();
	await page.getByRole('button', { name: 'Send', exact: true }).click();
	await expect(page.getByText('Sent. The workshop has the PDF by e-mail')).toBeVisible();
	await expect(page.getByText('Awaiting acknowledgement').first()).toBeVisible();
});

test('the workshop gets the PO by e-mail with its PDF attached', async () => {
	const mail = await waitForMail(users.siamAdmin.email, { subject: new RegExp(poNumber), timeoutMs: 20_000 });
	expect(mail.subject).toContain(`New purchase order ${poNumber}`);
	expect(mail.attachments).toHaveLength(1);
	expect(mail.attachments[0]).toMatchObject({ filename: `${poNumber}.pdf`, contentType: 'application/pdf' });
	expect(Buffer.from(mail.attachments[0].head, 'base64').toString('latin1')).toMatch(/^%PDF-/);
	vendorLink = linkFrom(mail, '/workshop/purchase-orders/');
});

test('the workshop acknowledges line 1 and asks to change line 2', async ({ page }) => {
	await signIn(page, users.siamAdmin.email);
	await open(page, vendorLink);
	await expect(page.getByRole('heading', { level: 1 })).toContainText(poNumber);

	const line1 = page.getByRole('group', { name: 'Your answer for line 1' });
	await line1.getByLabel('Acknowledge').check();
	await line1.getByLabel('Promised delivery date').fill(isoIn(38));
	const line2 = page.getByRole('group', { name: 'Your answer for line 2' });
	await line2.getByLabel('Request a change').check();
	await line2.getByLabel('New quantity').fill('20');
	await line2.getByLabel('Reason').fill('Only 20 white-gold blanks in stock this month');
	await page.getByRole('button', { name: 'Send my answer' }).click();

	await expect(page.getByText('Your change requests were sent to')).toBeVisible();
	await expect(page.getByText(/Waiting for .* to answer your change requests/)).toBeVisible();
});

test('operations accepts the change, which becomes revision 2', async ({ page }) => {
	const told = await waitForMail(users.ops.email, { subject: new RegExp(`requests changes to ${poNumber}`), timeoutMs: 20_000 });
	expect(told.text).toContain('Only 20 white-gold blanks in stock this month');

	await signIn(page, users.ops.email);
	await open(page, poPath);
	await expect(page.getByText('Changes requested').first()).toBeVisible();
	await page.getByRole('group', { name: 'Decision on line 2' }).getByLabel('Accept').check();
	await page.getByRole('button', { name: 'Send decisions' }).click();
	await expect(page.getByText('Decisions sent. The accepted changes went to the workshop as a new revision')).toBeVisible();
	await expect(page.getByText('Awaiting acknowledgement').first()).toBeVisible();
});

test('the workshop sees what changed in revision 2 and acknowledges it', async ({ page }) => {
	const revised = await waitForMail(users.siamAdmin.email, {
		subject: new RegExp(`${poNumber} revised \\(revision 2\\)`),
		timeoutMs: 20_000
	});
	expect(revised.attachments[0]?.filename).toBe(`${poNumber}-rev2.pdf`);

	await signIn(page, users.siamAdmin.email);
	await open(page, vendorLink);
	const changes = page.getByRole('region', { name: 'What changed in revision 2' });
	await expect(changes).toBeVisible();
	await expect(changes.getByText('24 pcs')).toBeVisible();
	await expect(changes.getByText('20 pcs')).toBeVisible();
	// only line 2 changed: line 1 is counted, not listed
	await expect(changes.getByText(/^\s*1\s+other\s+line is unchanged\.\s*$/)).toBeVisible();
	await expect(changes.getByText('Line 2', { exact: true })).toBeVisible();
	await expect(changes.getByText('Line 1', { exact: true })).toHaveCount(0);

	for (const n of [1, 2]) {
		const line = page.getByRole('group', { name: `Your answer for line ${n}` });
		await line.getByLabel('Acknowledge').check();
		await line.getByLabel('Promised delivery date').fill(isoIn(40 + n));
	}
	await page.getByRole('button', { name: 'Send my answer' }).click();
	await expect(page.getByText('has your acknowledgement and promised dates')).toBeVisible();
	await expect(page.getByText('You acknowledged revision 2')).toBeVisible();

	// both revisions' PDFs stay downloadable
	const pdf = await page.request.get(`${new URL(vendorLink).pathname}/pdf?revision=1`);
	expect(pdf.status()).toBe(200);
	expect(pdf.headers()['content-type']).toBe('application/pdf');
});

test('another workshop gets 404 for the PO, its PDF and its list entry', async ({ page }) => {
	await signIn(page, users.brooklynMember.email);
	const path = new URL(vendorLink).pathname;
	expect((await open(page, path))?.status()).toBe(404);
	expect((await page.request.get(`${path}/pdf`)).status()).toBe(404);
	await open(page, `/workshop/purchase-orders?status=all&q=${poNumber}`);
	await expect(page.getByText(poNumber)).toHaveCount(0);
});
