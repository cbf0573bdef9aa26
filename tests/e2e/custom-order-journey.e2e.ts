/**
 * A custom order end to end: operations writes the brief with an inspiration image and assigns the
 * Silver Lake CAD Studio; the designer, on a phone, opens it from the e-mail and uploads version 1 (a
 * render and an STL model); operations asks for changes with a comment; the designer uploads version 2;
 * both versions stand side by side; operations approves version 2 with the client's decision and
 * drafts the production PO for a caster. The PO is a draft whose line describes the piece, linked from
 * the order, which is now in production. The designer never sees the client's name or budget.
 */
import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import { expectNoSeriousA11yViolations } from './support/axe.ts';
import { users } from './support/constants.ts';
import { linkFrom, waitForMail } from './support/mail.ts';
import { open, signIn } from './support/session.ts';

test.describe.configure({ mode: 'serial' });

/** The CAD designer workshop's admin (src/lib/server/seed/demo-brand.ts). */
const designer = { email: 'noah@silverlakecad.example', workshop: 'Silver Lake CAD Studio' };
const caster = users.brooklynMember.workshop;
const phone = { width: 375, height: 812 };
const isoIn = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

let run = '';
let client = { name: '', contact: '' };
let title = '';
let orderId = '';
let orderNumber = '';
let designerLink = '';
let pieceText = '';

test.beforeAll(() => {
	run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
	client = { name: `Harriet Okafor ${run}`, contact: `harriet.${run}@client.example` };
	title = `Sapphire halo ring ${run}`;
});

async function expectNoSidewaysScroll(page: Page) {
	const width = await page.evaluate(() => document.documentElement.scrollWidth);
	expect(width, `page width of ${new URL(page.url()).pathname} at 375 px (nothing should scroll sideways)`).toBeLessThanOrEqual(376);
}

/** The client is the brand's: not on the designer's screen, nor in the data the page carries. */
async function expectNoClient(page: Page) {
	const html = await page.content();
	for (const secret of [client.name, client.contact, '12,750', '12750']) {
		expect(html, `the designer's page ${new URL(page.url()).pathname} mentions “${secret}”`).not.toContain(secret);
	}
}

function image(colour: { r: number; g: number; b: number }, format: 'jpeg' | 'png') {
	const base = sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 245, g: 244, b: 240 } } }).composite([
		{ input: { create: { width: 220, height: 220, channels: 3, background: colour } }, left: 210, top: 130 }
	]);
	return format === 'jpeg' ? base.jpeg({ quality: 85 }).toBuffer() : base.png().toBuffer();
}

/** A binary STL: 80-byte header, little-endian triangle count, 50 bytes per triangle (a tetrahedron). */
function tetrahedronStl(size: number): Buffer {
	const v = [
		[0, 0, 0],
		[size, 0, 0],
		[0, size, 0],
		[0, 0, size]
	];
	const faces = [
		[0, 2, 1],
		[0, 1, 3],
		[0, 3, 2],
		[1, 2, 3]
	];
	const buffer = Buffer.alloc(84 + 50 * faces.length);
	buffer.write(`bezel e2e ring ${size}`, 0, 'latin1');
	buffer.writeUInt32LE(faces.length, 80);
	faces.forEach((face, i) => {
		const at = 84 + 50 * i;
		// normal left 0: readers recompute it
		face.forEach((corner, c) => v[corner].forEach((coordinate, axis) => buffer.writeFloatLE(coordinate, at + 12 + c * 12 + axis * 4)));
	});
	return buffer;
}

async function openAsDesigner(page: Page, path: string) {
	await page.setViewportSize(phone);
	await signIn(page, designer.email);
	await open(page, path);
	await expect(page.getByRole('heading', { level: 1, name: orderNumber })).toBeVisible();
}

async function uploadVersion(page: Page, n: number, colour: { r: number; g: number; b: number }, note: string) {
	await page.getByLabel('Choose files').setInputFiles([
		{ name: `halo-v${n}.png`, mimeType: 'image/png', buffer: await image(colour, 'png') },
		{ name: `halo-v${n}.stl`, mimeType: 'model/stl', buffer: tetrahedronStl(10 + n) }
	]);
	await expect(page.getByText('2 files ready to send')).toBeVisible();
	await page.getByRole('textbox', { name: 'Note for the brand (optional)' }).fill(note);
	await page.getByRole('button', { name: 'Send version' }).click();
	await expect(page.getByText(`Version ${n} sent with 2 files. The brand is told by e-mail and answers here.`)).toBeVisible();
}

test('operations writes the brief with an inspiration image and assigns the CAD designer', async ({ page }) => {
	await signIn(page, users.ops.email);
	await open(page, '/custom-orders/new');
	await page.getByRole('textbox', { name: 'Client', exact: true }).fill(client.name);
	await page.getByRole('textbox', { name: 'Contact (optional)' }).fill(client.contact);
	await page.getByRole('textbox', { name: 'Budget (optional)' }).fill('12750');
	await expect(page.getByRole('textbox', { name: 'Currency' })).toHaveValue('USD');
	await page.getByRole('textbox', { name: 'Title', exact: true }).fill(title);
	await page.getByRole('combobox', { name: 'Metal' }).selectOption('18KW');
	await page.getByRole('textbox', { name: 'Size (optional)' }).fill('52');
	await page.getByRole('textbox', { name: 'Stones (optional)' }).fill('1 oval sapphire 8×6 mm, 18 round diamonds 1.2 mm');
	await page.getByRole('textbox', { name: 'Brief (optional)' }).fill('A low halo, fine split shank; the client loves Art Deco lines.');
	await page
		.getByLabel('Inspiration images (optional)')
		.setInputFiles({ name: 'deco-halo.jpg', mimeType: 'image/jpeg', buffer: await image({ r: 40, g: 70, b: 160 }, 'jpeg') });
	await page.getByRole('button', { name: 'Save the brief' }).click();

	await page.waitForURL(/\/custom-orders\/[0-9a-f-]{36}\?created=1$/);
	await page.waitForLoadState('networkidle');
	orderId = new URL(page.url()).pathname.split('/').pop()!;
	orderNumber = (await page.getByRole('heading', { level: 1 }).textContent())?.trim() ?? '';
	expect(orderNumber).toMatch(/^CO-\d{4}-\d{4,}$/);
	await expect(page.getByText('Brief saved. Assign a CAD designer to start the design.')).toBeVisible();
	await expect(page.getByRole('img', { name: 'Inspiration image 1: deco-halo.jpg' })).toBeVisible();

	const panel = page.getByRole('region', { name: 'Designer' });
	await panel.getByRole('combobox', { name: 'CAD designer' }).selectOption({ label: designer.workshop });
	await panel.getByRole('button', { name: 'Assign designer' }).click();
	await expect(page.getByText(`${designer.workshop} is the designer now. Its people have the brief by e-mail.`)).toBeVisible();

	const mail = await waitForMail(designer.email, { subject: new RegExp(`${orderNumber}: a design brief for you`) });
	for (const secret of [client.name, client.contact, '12,750']) expect(mail.text).not.toContain(secret);
	designerLink = linkFrom(mail, `/workshop/designs/${orderId}`);
});

test('the designer, on a phone, reads the brief without the client and uploads version 1', async ({ page }) => {
	await openAsDesigner(page, new URL(designerLink).pathname);
	await expect(page.getByRole('region', { name: 'Brief' })).toContainText('Art Deco lines');
	const inspiration = page.getByRole('img', { name: 'Inspiration image 1: deco-halo.jpg' });
	await inspiration.scrollIntoViewIfNeeded();
	await expect.poll(() => inspiration.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
	await expectNoClient(page);

	await uploadVersion(page, 1, { r: 30, g: 60, b: 150 }, 'Halo of 18, shank split at the shoulders.');
	const versions = page.getByRole('region', { name: 'Your versions, newest first' });
	const v1 = versions.getByRole('article', { name: 'Version 1' });
	await expect(v1).toBeVisible();
	await expect(v1.getByRole('img', { name: 'Render 1 of version 1' })).toBeVisible();
	await expect(v1.getByRole('link', { name: 'halo-v1.stl' })).toBeVisible();
	// the model downloads as the designer sent it
	const stl = await page.request.get((await v1.getByRole('link', { name: 'halo-v1.stl' }).getAttribute('href'))!);
	expect(stl.status()).toBe(200);
	expect((await stl.body()).equals(tetrahedronStl(11))).toBe(true);
	await expectNoClient(page);
	await expectNoSidewaysScroll(page);
});

test('operations asks for changes on version 1 with a comment', async ({ page }) => {
	await waitForMail(users.ops.email, { subject: new RegExp(`${orderNumber}: version 1 from`) });
	await signIn(page, users.ops.email);
	await open(page, `/custom-orders/${orderId}`);
	await expect(page.getByRole('alert').filter({ hasText: 'Version 1 waits for your answer' })).toBeVisible();
	const answer = page.getByRole('form', { name: 'Answer version 1' });
	await answer.getByRole('radio', { name: /^Ask for changes/ }).check();
	await answer.getByRole('textbox', { name: 'Comment for the designer' }).fill('Make the halo thinner and lower the setting by 1 mm.');
	await answer.getByRole('button', { name: 'Send the answer' }).click();
	await expect(page.getByText('Changes asked on version 1. The designer has your comment by e-mail.')).toBeVisible();
});

test('the designer reads the comment and uploads version 2', async ({ page }) => {
	await openAsDesigner(page, `/workshop/designs/${orderId}`);
	const asked = page.getByRole('alert').filter({ hasText: 'Changes asked on version 1' });
	await expect(asked).toContainText('Make the halo thinner and lower the setting by 1 mm.');
	await uploadVersion(page, 2, { r: 20, g: 40, b: 120 }, 'Thinner halo, setting 1 mm lower.');
	const versions = page.getByRole('region', { name: 'Your versions, newest first' }).getByRole('article');
	await expect(versions).toHaveCount(2);
	await expect(versions.first()).toHaveAccessibleName('Version 2');
	await expectNoClient(page);
	await expectNoSidewaysScroll(page);
	await expectNoSeriousA11yViolations(page);

	await open(page, '/workshop/designs');
	await expect(page.getByRole('link', { name: new RegExp(orderNumber) })).toContainText(title);
	await expectNoClient(page);
});

test('both versions stand side by side; operations approves version 2 with the client’s decision', async ({ page }) => {
	await waitForMail(users.ops.email, { subject: new RegExp(`${orderNumber}: version 2 from`) });
	await signIn(page, users.ops.email);
	await open(page, `/custom-orders/${orderId}`);
	const gallery = page.getByRole('region', { name: 'Design versions, newest first' });
	const v2 = gallery.getByRole('article', { name: 'Version 2' });
	const v1 = gallery.getByRole('article', { name: 'Version 1' });
	await expect(v1).toContainText('Changes asked by Marcus Lee');
	await expect(v1).toContainText('Make the halo thinner');
	const [box2, box1] = [await v2.boundingBox(), await v1.boundingBox()];
	expect(box2 && box1, 'both versions are shown').toBeTruthy();
	expect(Math.abs(box2!.y - box1!.y), 'the versions are on one row').toBeLessThan(2);
	expect(box1!.x, 'version 1 stands to the right of version 2').toBeGreaterThanOrEqual(box2!.x + box2!.width);
	await expectNoSeriousA11yViolations(page);

	const answer = page.getByRole('form', { name: 'Answer version 2' });
	await answer.getByRole('radio', { name: /^The client approves it/ }).check();
	await answer.getByRole('combobox', { name: 'How the client answered' }).selectOption({ label: 'By phone' });
	await expect(answer.getByLabel('On', { exact: true })).toHaveValue(isoIn(0));
	await answer.getByRole('button', { name: 'Send the answer' }).click();
	await expect(page.getByText('Version 2 approved: the design is locked. Draft the production PO below.')).toBeVisible();
	await expect(v2).toContainText('Approved by Marcus Lee');
	await expect(v2).toContainText('The client approved it by phone on');
	await expect(page.getByRole('form', { name: /^Answer version/ })).toHaveCount(0);
});

test('operations drafts the production PO for the caster; the order is in production and links to it', async ({ page }) => {
	await signIn(page, users.ops.email);
	await open(page, `/custom-orders/${orderId}`);
	const production = page.getByRole('form', { name: 'Order production' });
	pieceText = ((await production.textContent())?.match(/The PO line will read: “(.+?)”/)?.[1] ?? '').trim();
	expect(pieceText).toContain(title);
	expect(pieceText).toContain('1 oval sapphire 8×6 mm');
	expect(pieceText).toContain('size 52');
	const workshop = production.getByRole('combobox', { name: 'Workshop' });
	const casterValue = await workshop.locator('option', { hasText: caster }).getAttribute('value');
	await workshop.selectOption(casterValue!);
	await production.getByLabel('Due').fill(isoIn(35));
	await production.getByRole('textbox', { name: 'Pieces' }).fill('1');
	await production.getByRole('textbox', { name: 'Labor per piece (USD)' }).fill('650');
	await production.getByRole('button', { name: 'Draft the production PO' }).click();
	await page.waitForURL(/\/purchase-orders\/[0-9a-f-]{36}\?created=1$/);
	const poPath = new URL(page.url()).pathname;

	await open(page, `/custom-orders/${orderId}`);
	await expect(page.getByText('In production', { exact: true }).first()).toBeVisible();
	const panel = page.getByRole('region', { name: 'Production' });
	const link = panel.getByRole('link', { name: /^PO-\d{4}-\d{4,}$/ });
	await expect(link).toHaveCount(1);
	await expect(panel).toContainText(caster);
	const poNumber = (await link.textContent())!.trim();
	await link.click();
	await page.waitForURL(`**${poPath}`);
	await page.waitForLoadState('networkidle');
	await expect(page.getByRole('heading', { level: 1 })).toContainText(poNumber);
	await expect(page.getByText('Draft', { exact: true }).first()).toBeVisible();
	const lines = page.getByRole('table', { name: `Lines of ${poNumber}` });
	await expect(lines).toContainText(pieceText);
	await expect(lines).toContainText('$650.00');

	await open(page, `/custom-orders?status=all&q=${orderNumber}`);
	const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: orderNumber }) });
	await expect(row).toContainText('In production');
});

test('the designer sees the approved design, and still nothing of the client', async ({ page }) => {
	await openAsDesigner(page, `/workshop/designs/${orderId}`);
	await expect(page.getByText('Version 2 is approved: the design is locked. Thank you.')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Send version' })).toHaveCount(0);
	await expectNoClient(page);
	await open(page, '/workshop/designs?status=all');
	await expectNoClient(page);
});
