/**
 * Finance decides on one document: a hold needs a reason (what was typed stays when it is refused), a
 * second person deciding meanwhile is told and sees the document as it is now, a release matches it
 * again, approving it makes it ready to pay, and a payment scheduled for it can be cancelled with a
 * reason. On a demo brand invoice that matches.
 */
import { expect, test } from '@playwright/test';
import { users } from './support/constants.ts';
import { expectNoSeriousA11yViolations } from './support/axe.ts';
import { open, signIn } from './support/session.ts';

test('finance holds, is told when someone else decided first, releases and approves a matched invoice', async ({ page, browser }) => {
	await signIn(page, users.finance.email);
	await open(page, '/finance?status=matched&kind=invoice&sort=submitted&dir=asc');
	const first = page.getByRole('table', { name: 'Invoices and credit notes' }).getByRole('row').nth(1).getByRole('link').first();
	const number = (await first.textContent())!.trim();
	await first.click();
	await page.waitForURL(/\/finance\/invoices\/[0-9a-f-]{36}$/);
	await page.waitForLoadState('networkidle');
	const path = new URL(page.url()).pathname;
	await expect(page.getByRole('heading', { level: 1 })).toContainText(number);
	const reason = page.getByRole('textbox', { name: 'Why hold it' });

	// no reason: refused at the field, nothing held
	await page.getByRole('button', { name: 'Put on hold' }).click();
	await expect(page.getByText('Say why you hold it (a few words).')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Approve invoice' })).toBeVisible();
	// a release date in the past: refused, and the reason typed stays
	await reason.fill('Price looks high for this style');
	await page.getByLabel('May be released from (optional)').fill('2020-01-01');
	await page.getByRole('button', { name: 'Put on hold' }).click();
	await expect(page.getByText('The release date cannot be in the past.')).toBeVisible();
	await expect(reason).toHaveValue('Price looks high for this style');
	await page.getByLabel('May be released from (optional)').fill('');

	// someone else holds it in another tab meanwhile
	const other = await browser.newPage();
	await signIn(other, users.finance.email);
	await open(other, path);
	await other.getByRole('textbox', { name: 'Why hold it' }).fill('Waiting for the workshop’s bank details');
	await other.getByRole('button', { name: 'Put on hold' }).click();
	await expect(other.getByText('On hold. It cannot be approved or paid until it is released.')).toBeVisible();
	await other.close();

	// this tab's hold is refused with a sentence, and the page shows the hold that now stands
	await page.getByRole('button', { name: 'Put on hold' }).click();
	await expect(page.getByText('This invoice changed since you opened it: it is now “On hold”.', { exact: false })).toBeVisible();
	await expect(page.getByRole('textbox', { name: 'Why release it' })).toBeVisible();
	await expect(page.getByText('Waiting for the workshop’s bank details').first()).toBeVisible();
	await expectNoSeriousA11yViolations(page);

	await page.getByRole('textbox', { name: 'Why release it' }).fill('Bank details received');
	await page.getByRole('button', { name: 'Release the hold' }).click();
	await expect(page.getByText('Released and matched again: its status below is the match’s verdict now.')).toBeVisible();

	await page.getByRole('button', { name: 'Approve invoice' }).click();
	await expect(page.getByText('Approved. It can now be scheduled for payment from the queue.')).toBeVisible();
	await expect(page.getByText('Approved: schedule its payment from the queue.')).toBeVisible();

	// scheduled, then cancelled: a cancellation needs a reason, and the invoice waits approved again
	await open(page, `/finance?status=approved&q=${encodeURIComponent(number)}`);
	await page.getByRole('checkbox', { name: `Select ${number}` }).check();
	await page.getByRole('button', { name: 'Schedule payment' }).click();
	await page.waitForURL(/\/finance\/payments\/[0-9a-f-]{36}\?scheduled=1$/);
	await page.waitForLoadState('networkidle');
	await page.getByRole('button', { name: 'Cancel the payment' }).click();
	await expect(page.getByText('Say why you cancel it (a few words).')).toBeVisible();
	await page.getByRole('textbox', { name: 'Why cancel it' }).fill('Pay with the next run');
	await page.getByRole('button', { name: 'Cancel the payment' }).click();
	await page.waitForURL((url) => url.pathname === '/finance' && url.searchParams.get('status') === 'approved');
	await open(page, `/finance?status=approved&q=${encodeURIComponent(number)}`);
	await expect(page.getByRole('checkbox', { name: `Select ${number}` })).toBeVisible();
});
