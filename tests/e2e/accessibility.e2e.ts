/**
 * Accessibility: axe finds no serious or critical problem on the pages people use; workshop pages
 * fit a 375 px phone without sideways scrolling; signing in works with the keyboard alone.
 */
import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import { expectNoSeriousA11yViolations } from './support/axe.ts';
import { DEMO_PASSWORD, users } from './support/constants.ts';
import { open, signIn } from './support/session.ts';

test.describe('signed out', () => {
	test('/login', async ({ page }) => {
		await open(page, '/login');
		await expect(page.getByRole('heading', { level: 1, name: 'Sign in to Bezel' })).toBeVisible();
		await expectNoSeriousA11yViolations(page);
	});

	test('/forgot-password', async ({ page }) => {
		await open(page, '/forgot-password');
		await expect(page.getByRole('heading', { level: 1, name: 'Reset your password' })).toBeVisible();
		await expectNoSeriousA11yViolations(page);
	});

	test('an invalid invitation link', async ({ page }) => {
		await open(page, '/invitation/xyz');
		await expect(page.getByRole('heading', { level: 1, name: 'This invitation cannot be used' })).toBeVisible();
		await expect(page.getByRole('alert')).toContainText('This invitation link is not valid.');
		await expectNoSeriousA11yViolations(page);
	});

	test('signing in with the keyboard alone', async ({ page }) => {
		await open(page, '/login');
		const focused = () =>
			page.evaluate(() => {
				const el = document.activeElement;
				return el ? el.id || `${el.tagName.toLowerCase()}:${el.textContent?.trim()}` : null;
			});
		await page.keyboard.press('Tab');
		expect(await focused()).toBe('email');
		await page.keyboard.type(users.admin.email);
		await page.keyboard.press('Tab');
		expect(await focused()).toBe('password');
		await page.keyboard.type(DEMO_PASSWORD);
		await page.keyboard.press('Tab');
		await expect(page.getByRole('button', { name: 'Sign in' })).toBeFocused();
		// Enter in a field submits the form
		await page.keyboard.press('Shift+Tab');
		await expect(page.getByLabel('Password', { exact: true })).toBeFocused();
		await page.keyboard.press('Enter');
		await page.waitForURL((url) => url.pathname === '/dashboard');
	});
});

test.describe('workshop pages on a phone (375 px), as a workshop admin', () => {
	test.use({ viewport: { width: 375, height: 800 } });

	for (const path of [
		'/workshop',
		'/workshop/purchase-orders',
		'/workshop/people',
		'/workshop/documents',
		'/workshop/profile',
		'/account',
		'/workshop/jobs'
	]) {
		test(path, async ({ page }) => {
			await signIn(page, users.siamAdmin.email);
			await open(page, path);
			expect(new URL(page.url()).pathname).toBe(path);
			await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
			await expectNoSeriousA11yViolations(page);
			const widths = await page.evaluate(() => ({
				scroll: document.documentElement.scrollWidth,
				client: document.documentElement.clientWidth
			}));
			expect(widths.scroll, `page width at 375 px (nothing should scroll sideways)`).toBeLessThanOrEqual(375 + 1);
		});
	}
});

test.describe('internal pages at 1280 px, as an administrator', () => {
	test.use({ viewport: { width: 1280, height: 900 } });

	for (const path of [
		'/dashboard',
		'/vendors',
		'/vendors/new',
		'/purchase-orders',
		'/purchase-orders/new',
		'/purchase-orders/follow-up',
		'/styles',
		'/styles/new',
		'/styles/import',
		'/admin/settings',
		'/admin/mailbox',
		'/production',
		'/production/launches',
		'/admin/stage-templates',
		'/account'
	]) {
		test(path, async ({ page }) => {
			await signIn(page, users.admin.email);
			await open(page, path);
			expect(new URL(page.url()).pathname).toBe(path);
			await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
			await expectNoSeriousA11yViolations(page);
		});
	}

	test('a workshop’s page', async ({ page }) => {
		await signIn(page, users.admin.email);
		await open(page, '/vendors');
		await page.getByRole('link', { name: users.siamAdmin.workshop }).click();
		await page.waitForURL(/\/vendors\/[0-9a-f-]{36}$/);
		await expect(page.getByRole('heading', { level: 1, name: users.siamAdmin.workshop })).toBeVisible();
		await page.waitForLoadState('networkidle');
		await expectNoSeriousA11yViolations(page);
	});
});

test.describe('purchase orders of the demo brand', () => {
	test('a PO page as operations (1280 px)', async ({ page }) => {
		await page.setViewportSize({ width: 1280, height: 900 });
		await signIn(page, users.ops.email);
		await open(page, '/purchase-orders?status=all');
		await page
			.getByRole('link', { name: /^PO-\d{4}-\d{4}/ })
			.first()
			.click();
		await page.waitForURL(/\/purchase-orders\/[0-9a-f-]{36}$/);
		await page.waitForLoadState('networkidle');
		await expect(page.getByRole('heading', { level: 1 })).toContainText('PO-');
		await expectNoSeriousA11yViolations(page);
	});

	test('a PO in production: its job bags and reconciliation as operations (1280 px)', async ({ page }) => {
		await page.setViewportSize({ width: 1280, height: 900 });
		await signIn(page, users.ops.email);
		await open(page, '/purchase-orders?status=in_production');
		await page
			.getByRole('link', { name: /^PO-\d{4}-\d{4}/ })
			.first()
			.click();
		await page.waitForURL(/\/purchase-orders\/[0-9a-f-]{36}$/);
		const pages = page.getByRole('navigation', { name: 'Purchase order pages' });
		await pages.getByRole('link', { name: 'Job bags' }).click();
		await page.waitForURL(/\/purchase-orders\/[0-9a-f-]{36}\/job-bags$/);
		await expect(page.getByRole('link', { name: /^JB-\d{4}-\d{4,}-\d+/ }).first()).toBeVisible();
		await expectNoSeriousA11yViolations(page);
		await pages.getByRole('link', { name: 'Reconciliation' }).click();
		await page.waitForURL(/\/purchase-orders\/[0-9a-f-]{36}\/reconciliation$/);
		await expect(page.getByRole('heading', { level: 2, name: 'Reconciliation' })).toBeVisible();
		await page.waitForLoadState('networkidle');
		await expectNoSeriousA11yViolations(page);

		// the agreed charges moved here with the reconciliation: a wrong amount is refused beside it, kept, and nothing is stored
		await page.getByText('Set the agreed charges…').click();
		const freight = page.getByRole('textbox', { name: /^Freight/ });
		const before = await freight.inputValue();
		await freight.fill('12.345');
		await page.getByRole('button', { name: 'Save agreed charges' }).click();
		await expect(page.getByText('Some charges need attention: see the messages below each one.')).toBeVisible();
		await expect(freight).toHaveAttribute('aria-invalid', 'true');
		await expect(page.locator('#agreed-freight-error')).not.toBeEmpty();
		await expect(freight).toHaveValue('12.345');
		await page.reload();
		await page.getByText('Set the agreed charges…').click();
		await expect(page.getByRole('textbox', { name: /^Freight/ })).toHaveValue(before);
	});

	test('a PO to answer, as the workshop on a phone (375 px)', async ({ page }) => {
		await page.setViewportSize({ width: 375, height: 800 });
		await signIn(page, users.siamAdmin.email);
		await open(page, '/workshop/purchase-orders?status=all');
		await page
			.getByRole('link', { name: /PO-\d{4}-\d{4}/ })
			.first()
			.click();
		await page.waitForURL(/\/workshop\/purchase-orders\/[0-9a-f-]{36}$/);
		await page.waitForLoadState('networkidle');
		await expect(page.getByRole('heading', { level: 1 })).toContainText('PO-');
		await expectNoSeriousA11yViolations(page);
		const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth }));
		expect(widths.scroll, 'page width at 375 px').toBeLessThanOrEqual(376);
	});

	test('an acknowledged PO: its job bags and reconciliation, as the workshop on a phone (375 px)', async ({ page }) => {
		await page.setViewportSize({ width: 375, height: 800 });
		await signIn(page, users.siamAdmin.email);
		await open(page, '/workshop/purchase-orders?status=acknowledged');
		await page
			.getByRole('link', { name: /PO-\d{4}-\d{4}/ })
			.first()
			.click();
		await page.waitForURL(/\/workshop\/purchase-orders\/[0-9a-f-]{36}$/);
		const pages = page.getByRole('navigation', { name: 'Purchase order pages' });
		for (const [tab, path] of [
			['Job bags', 'job-bags'],
			['Reconciliation', 'reconciliation']
		]) {
			await pages.getByRole('link', { name: tab }).click();
			await page.waitForURL(new RegExp(`/workshop/purchase-orders/[0-9a-f-]{36}/${path}$`));
			await expect(pages.getByRole('link', { name: tab })).toHaveAttribute('aria-current', 'page');
			await page.waitForLoadState('networkidle');
			await expectNoSeriousA11yViolations(page);
			const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth }));
			expect(widths.scroll, `${tab} width at 375 px`).toBeLessThanOrEqual(376);
		}
	});
});

test.describe('production', () => {
	test('a job, as the workshop on a phone (375 px)', async ({ page }) => {
		await page.setViewportSize({ width: 375, height: 800 });
		await signIn(page, users.siamAdmin.email);
		await open(page, '/workshop/jobs');
		await page
			.getByRole('link', { name: /^JB-\d{4}-\d{4,}-\d+/ })
			.first()
			.click();
		await page.waitForURL(/\/workshop\/jobs\/[0-9a-f-]{36}$/);
		await page.waitForLoadState('networkidle');
		await expect(page.getByRole('heading', { level: 1 })).toContainText('JB-');
		// the problem form is folded away: check it open too
		await page.locator('summary', { hasText: 'Flag a problem' }).click();
		await expectNoSeriousA11yViolations(page);
		const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth }));
		expect(widths.scroll, 'page width at 375 px').toBeLessThanOrEqual(376);
	});

	test('the timeline as cards, as operations on a phone (375 px)', async ({ page }) => {
		await page.setViewportSize({ width: 375, height: 800 });
		await signIn(page, users.ops.email);
		await open(page, '/production');
		await expect(page.getByRole('heading', { level: 1, name: 'Production' })).toBeVisible();
		await expectNoSeriousA11yViolations(page);
		const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth }));
		expect(widths.scroll, 'page width at 375 px').toBeLessThanOrEqual(376);
	});

	test('a job, as operations (1280 px)', async ({ page }) => {
		await page.setViewportSize({ width: 1280, height: 900 });
		await signIn(page, users.ops.email);
		await open(page, '/production?blocked=1');
		await page
			.getByRole('link', { name: /^JB-\d{4}-\d{4,}-\d+/ })
			.first()
			.click();
		await page.waitForURL(/\/production\/jobs\/[0-9a-f-]{36}$/);
		await page.waitForLoadState('networkidle');
		await expect(page.getByRole('heading', { level: 1 })).toContainText('JB-');
		await expectNoSeriousA11yViolations(page);
	});
});

/** Nothing scrolls sideways on a 375 px phone. */
async function expectFitsPhone(page: Page) {
	const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
	expect(scroll, `page width of ${new URL(page.url()).pathname} at 375 px (nothing should scroll sideways)`).toBeLessThanOrEqual(376);
}

test.describe('repair and custom-order lists and forms', () => {
	test.describe('as operations at 1280 px', () => {
		test.use({ viewport: { width: 1280, height: 900 } });

		for (const path of ['/repairs', '/repairs/new', '/repairs/oversight', '/custom-orders', '/custom-orders/new']) {
			test(path, async ({ page }) => {
				await signIn(page, users.ops.email);
				await open(page, path);
				expect(new URL(page.url()).pathname).toBe(path);
				await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
				await expectNoSeriousA11yViolations(page);
			});
		}
	});

	test.describe('as the workshops on a phone (375 px)', () => {
		test.use({ viewport: { width: 375, height: 800 } });

		for (const { path, who } of [
			{ path: '/workshop/repairs', who: 'yosef@47threpair.example' },
			{ path: '/workshop/designs', who: 'noah@silverlakecad.example' }
		]) {
			test(path, async ({ page }) => {
				await signIn(page, who);
				await open(page, path);
				expect(new URL(page.url()).pathname).toBe(path);
				await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
				await expectNoSeriousA11yViolations(page);
				await expectFitsPhone(page);
			});
		}
	});
});

test.describe('a repair and a custom order', () => {
	// a fresh repair (given to the repair workshop) and a fresh custom order (given to the CAD designer)
	test.describe.configure({ mode: 'serial' });

	const repairer = { email: 'yosef@47threpair.example', workshop: '47th Street Repair Bench' };
	const designer = { email: 'noah@silverlakecad.example', workshop: 'Silver Lake CAD Studio' };
	let repairId = '';
	let orderId = '';

	const photo = () =>
		sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 214, g: 190, b: 140 } } })
			.jpeg({ quality: 80 })
			.toBuffer();

	test('setup: operations takes in a repair and writes a custom order brief, and gives each to its workshop', async ({ page }) => {
		const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
		await signIn(page, users.ops.email);
		await open(page, '/repairs/new');
		await page.getByRole('textbox', { name: 'Customer’s name' }).fill(`Accessibility customer ${run}`);
		await page.getByRole('textbox', { name: 'Description by appearance' }).fill(`Rose metal bangle, 3 red stones, ${run}`);
		await page.getByRole('textbox', { name: 'Weight in g' }).fill('18.4');
		await page.getByRole('textbox', { name: 'Stones', exact: true }).fill('3');
		await page.getByRole('textbox', { name: 'Declared value' }).fill('2400');
		await page
			.getByRole('group', { name: /^Work requested/ })
			.getByLabel('Stone replacement')
			.check();
		await page.getByLabel('Choose photos').setInputFiles({ name: 'bangle.jpg', mimeType: 'image/jpeg', buffer: await photo() });
		await page.getByRole('button', { name: 'Take in the repair' }).click();
		await page.waitForURL(/\/repairs\/[0-9a-f-]{36}\?created=1$/);
		await page.waitForLoadState('networkidle');
		repairId = new URL(page.url()).pathname.split('/').pop()!;
		await page.getByRole('combobox', { name: 'Workshop' }).selectOption({ label: `${repairer.workshop} · New York` });
		await page.getByRole('button', { name: 'Give to the workshop' }).click();
		await expect(page.getByText(`Given to ${repairer.workshop}. They are told by e-mail`)).toBeVisible();

		await open(page, '/custom-orders/new');
		await page.getByRole('textbox', { name: 'Client', exact: true }).fill(`Accessibility client ${run}`);
		await page.getByRole('textbox', { name: 'Budget (optional)' }).fill('9000');
		await page.getByRole('textbox', { name: 'Title', exact: true }).fill(`Emerald drop earrings ${run}`);
		await page.getByRole('combobox', { name: 'Metal' }).selectOption('18KY');
		await page.getByRole('textbox', { name: 'Stones (optional)' }).fill('2 pear emeralds 7×5 mm');
		await page
			.getByLabel('Inspiration images (optional)')
			.setInputFiles({ name: 'drops.jpg', mimeType: 'image/jpeg', buffer: await photo() });
		await page.getByRole('button', { name: 'Save the brief' }).click();
		await page.waitForURL(/\/custom-orders\/[0-9a-f-]{36}\?created=1$/);
		await page.waitForLoadState('networkidle');
		orderId = new URL(page.url()).pathname.split('/').pop()!;
		await page.getByRole('combobox', { name: 'CAD designer' }).selectOption({ label: designer.workshop });
		await page.getByRole('button', { name: 'Assign designer' }).click();
		await expect(page.getByText(`${designer.workshop} is the designer now.`)).toBeVisible();
	});

	test.describe('as operations at 1280 px', () => {
		test.use({ viewport: { width: 1280, height: 900 } });

		test('a repair page', async ({ page }) => {
			await signIn(page, users.ops.email);
			await open(page, `/repairs/${repairId}`);
			await expect(page.getByRole('heading', { level: 1 })).toContainText('RJ-');
			await expectNoSeriousA11yViolations(page);
		});

		test('a custom order page', async ({ page }) => {
			await signIn(page, users.ops.email);
			await open(page, `/custom-orders/${orderId}`);
			await expect(page.getByRole('heading', { level: 1 })).toContainText('CO-');
			await expectNoSeriousA11yViolations(page);
		});
	});

	test.describe('as the workshops on a phone (375 px)', () => {
		test.use({ viewport: { width: 375, height: 800 } });

		test('a repair to receive and estimate', async ({ page }) => {
			await signIn(page, repairer.email);
			await open(page, `/workshop/repairs/${repairId}`);
			await expect(page.getByRole('heading', { level: 1 })).toContainText('RJ-');
			await expectNoSeriousA11yViolations(page);
			await expectFitsPhone(page);
		});

		test('a design to upload versions to', async ({ page }) => {
			await signIn(page, designer.email);
			await open(page, `/workshop/designs/${orderId}`);
			await expect(page.getByRole('heading', { level: 1 })).toContainText('CO-');
			await expectNoSeriousA11yViolations(page);
			await expectFitsPhone(page);
		});
	});
});

test.describe('receiving, quality, invoices and payments', () => {
	test.describe('as the brand at 1280 px', () => {
		test.use({ viewport: { width: 1280, height: 900 } });

		for (const { path, who } of [
			{ path: '/receiving', who: users.ops.email },
			{ path: '/receiving?tab=receipts', who: users.ops.email },
			{ path: '/receiving/new', who: users.ops.email },
			{ path: '/quality', who: users.ops.email },
			{ path: '/finance', who: users.finance.email },
			{ path: '/finance/payments', who: users.finance.email },
			{ path: '/finance/vendors', who: users.finance.email }
		]) {
			test(path, async ({ page }) => {
				await signIn(page, who);
				await open(page, path);
				expect(new URL(page.url()).pathname).toBe(path.split('?')[0]);
				await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
				await expectNoSeriousA11yViolations(page);
			});
		}
	});

	test.describe('as a workshop admin on a phone (375 px)', () => {
		test.use({ viewport: { width: 375, height: 800 } });

		for (const path of [
			'/workshop/shipments',
			'/workshop/shipments/new',
			'/workshop/quality',
			'/workshop/invoices',
			'/workshop/invoices/new'
		]) {
			test(path, async ({ page }) => {
				await signIn(page, users.siamAdmin.email);
				await open(page, path);
				expect(new URL(page.url()).pathname).toBe(path);
				await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
				await expectNoSeriousA11yViolations(page);
				await expectFitsPhone(page);
			});
		}
	});
});
