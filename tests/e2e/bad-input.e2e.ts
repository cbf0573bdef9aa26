/**
 * Bad input a person can actually make: each gets a clear sentence, keeps what they typed, and
 * changes nothing.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import sharp from 'sharp';
import { APP_ORIGIN, users } from './support/constants.ts';
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

test.describe('production updates that cannot be true', () => {
	// one fresh job bag for these cases: 6 pieces, 4 of them in print / wax
	test.describe.configure({ mode: 'serial' });

	const phone = { width: 375, height: 812 };
	const isoIn = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
	let jobNumber = '';
	let jobId = '';

	test('setup: operations sends a PO, the workshop acknowledges it and starts 4 of its 6 pieces', async ({ page }) => {
		const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
		await signIn(page, users.ops.email);
		await open(page, '/purchase-orders/new');
		await page.getByRole('combobox', { name: 'Workshop' }).selectOption({ label: users.siamAdmin.workshop });
		await page.getByRole('textbox', { name: 'Line 1 Description' }).fill(`Cuff bracelet ${run}`);
		await page.getByRole('spinbutton', { name: 'Line 1 Quantity' }).fill('6');
		await page.getByLabel('Line 1 Due date').fill(isoIn(40));
		await page.getByRole('combobox', { name: 'Line 1 Alloy' }).selectOption('18KY');
		await page.getByRole('textbox', { name: /^Line 1 Labor price/ }).fill('1200');
		await page.getByRole('button', { name: 'Create draft' }).click();
		await page.waitForURL(/\/purchase-orders\/[0-9a-f-]{36}\?created=1$/);
		const poPath = new URL(page.url()).pathname;
		const poNumber = (await page.getByRole('heading', { level: 1 }).textContent())?.match(/PO-\d{4}-\d{4,}/)?.[0] ?? '';
		await page.locator('summary', { hasText: 'Send to workshop' }).click();
		await page.getByRole('button', { name: 'Send', exact: true }).click();
		await expect(page.getByText('Sent. The workshop has the PDF by e-mail')).toBeVisible();

		await page.context().clearCookies();
		await page.setViewportSize(phone);
		await signIn(page, users.siamAdmin.email);
		await open(page, `/workshop${poPath}`);
		const line = page.getByRole('group', { name: 'Your answer for line 1' });
		await line.getByLabel('Acknowledge').check();
		await line.getByLabel('Promised delivery date').fill(isoIn(38));
		await page.getByRole('button', { name: 'Send my answer' }).click();
		await page.getByRole('link', { name: 'See the job bags and print their labels' }).click();
		const bag = page.getByRole('link', { name: `JB-${poNumber.slice(3)}-1`, exact: true });
		await expect(bag).toBeVisible();
		jobNumber = (await bag.textContent())!.trim();
		jobId = (await bag.getAttribute('href'))!.split('/').pop()!;

		await open(page, `/workshop/jobs/${jobId}`);
		await page.getByRole('textbox', { name: 'Pieces' }).fill('4');
		await page.getByRole('button', { name: 'Start print / wax', exact: true }).click();
		await expect(page.getByText('Started print / wax for 4 pieces.')).toBeVisible();
	});

	/** The job page on a phone, its quick update, and what "nothing stored" is compared against. */
	async function openJob(page: Page) {
		await page.setViewportSize(phone);
		await signIn(page, users.siamAdmin.email);
		await open(page, `/workshop/jobs/${jobId}`);
		const quick = page.locator('#quick-update');
		const history = page.getByRole('list', { name: 'Updates, newest first' }).locator(':scope > li');
		await expect(history).toHaveCount(1);
		await expect(page.getByText('4 / 0 of 6')).toHaveCount(1);
		return { quick, history };
	}

	/** Opens "Report another stage or a correction" and chooses the stage and what happened. */
	async function choose(quick: Locator, stage: string, action: 'Started' | 'Finished') {
		const correction = quick.locator('details');
		if (!(await correction.evaluate((d) => (d as HTMLDetailsElement).open))) await correction.locator('summary').click();
		await quick.getByRole('combobox', { name: 'Stage' }).selectOption({ label: stage });
		await quick.getByRole('radio', { name: action }).check();
	}

	/** Nothing was stored: still one update in the history and 4 pieces in print / wax, also after a fresh load. */
	async function expectNothingStored(page: Page, history: Locator) {
		await expect(history).toHaveCount(1);
		await open(page, `/workshop/jobs/${jobId}`);
		await expect(history).toHaveCount(1);
		await expect(history.first()).toContainText('Started print / wax');
		await expect(page.getByText('4 / 0 of 6')).toHaveCount(1);
	}

	test('finishing a stage that has not started is refused with a sentence', async ({ page }) => {
		const { quick, history } = await openJob(page);
		await choose(quick, '3. Clean-up and filing', 'Finished');
		const note = quick.getByRole('textbox', { name: 'Note (optional)' });
		await note.fill('Filed the sprues off');
		await quick.getByRole('button', { name: 'Finish clean-up and filing', exact: true }).click();

		await expect(quick.getByRole('alert')).toContainText('Start clean-up and filing before finishing it.');
		await expect(quick.getByRole('combobox', { name: 'Stage' })).toHaveValue('Clean-up and filing');
		await expect(quick.getByRole('radio', { name: 'Finished' })).toBeChecked();
		await expect(note).toHaveValue('Filed the sprues off');
		await expectNothingStored(page, history);
	});

	test('finishing more pieces than entered the stage is refused beside the pieces', async ({ page }) => {
		const { quick, history } = await openJob(page);
		await choose(quick, '1. Print / wax', 'Finished');
		const pieces = quick.getByRole('textbox', { name: 'Pieces' });
		await pieces.fill('5');
		await quick.getByRole('button', { name: 'Finish print / wax', exact: true }).click();

		await expect(quick.getByRole('alert')).toContainText('Only 4 pieces are in print / wax.');
		await expect(pieces).toHaveAttribute('aria-invalid', 'true');
		await expect(pieces).toHaveValue('5');
		await expectNothingStored(page, history);
	});

	test('a date in the future is refused beside the date', async ({ page }) => {
		const { quick, history } = await openJob(page);
		await choose(quick, '1. Print / wax', 'Finished');
		const date = quick.getByLabel('Date');
		const later = isoIn(2);
		await date.fill(later);
		await quick.getByRole('textbox', { name: 'Pieces' }).fill('2');
		await quick.getByRole('button', { name: 'Finish print / wax', exact: true }).click();

		await expect(quick.getByRole('alert')).toContainText('The date is in the future: use today or an earlier day.');
		await expect(date).toHaveAttribute('aria-invalid', 'true');
		await expect(date).toHaveValue(later);
		await expect(quick.getByRole('textbox', { name: 'Pieces' })).toHaveValue('2');
		await expectNothingStored(page, history);
	});

	test('a PDF renamed .jpg is refused as a photo, naming the file', async ({ page }) => {
		const { quick, history } = await openJob(page);
		await choose(quick, '1. Print / wax', 'Finished');
		await quick.getByRole('textbox', { name: 'Pieces' }).fill('2');
		const note = quick.getByRole('textbox', { name: 'Note (optional)' });
		await note.fill('Two pieces out of the wax');
		const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
		await quick.getByLabel('Choose photos').setInputFiles({ name: 'wax-trees.jpg', mimeType: 'image/jpeg', buffer: pdf });
		await expect(quick.getByText('1 photo ready to send')).toBeVisible();
		await quick.getByRole('button', { name: 'Finish print / wax', exact: true }).click();

		const sentence = '“wax-trees.jpg” is a PDF, not a photo. Take or choose a photo';
		await expect(quick.getByRole('alert')).toContainText(sentence);
		await expect(quick.getByRole('group', { name: /^Photos/ })).toContainText(sentence);
		await expect(quick.getByRole('textbox', { name: 'Pieces' })).toHaveValue('2');
		await expect(note).toHaveValue('Two pieces out of the wax');
		await expectNothingStored(page, history);
	});

	test('another workshop’s job label answers 404, like a job that does not exist', async ({ page }) => {
		await page.setViewportSize(phone);
		await signIn(page, users.brooklynMember.email);
		const response = await open(page, `/j/${jobNumber}`);
		expect(response?.status()).toBe(404);
		const sentence = 'That job does not exist, or you do not have access to it.';
		await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
		await expect(page.getByText(sentence)).toBeVisible();
		expect((await open(page, `/workshop/jobs/${jobId}`))?.status()).toBe(404);

		// the same answer as for a number nobody has: nothing tells the job exists
		expect((await open(page, '/j/JB-2099-9999-1'))?.status()).toBe(404);
		await expect(page.getByText(sentence)).toBeVisible();
	});
});

test.describe('repairs that cannot be true', () => {
	// one fresh repair for these cases, with the 47th Street Repair Bench, received and not yet estimated
	test.describe.configure({ mode: 'serial' });

	const phone = { width: 375, height: 812 };
	const repairer = { email: 'mei@47threpair.example', workshop: '47th Street Repair Bench' };
	const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
	const description = `White metal chain, no stones, ${run}`;
	let repairId = '';
	let repairNumber = '';

	async function fillIntake(page: Page, weight: string) {
		await page.getByRole('textbox', { name: 'Customer’s name' }).fill(`Walk-in customer ${run}`);
		await page.getByRole('textbox', { name: 'Description by appearance' }).fill(description);
		await page.getByRole('textbox', { name: 'Weight in g' }).fill(weight);
		await page.getByRole('textbox', { name: 'Stones', exact: true }).fill('0');
		await page.getByRole('textbox', { name: 'Declared value' }).fill('640');
		await page
			.getByRole('group', { name: /^Work requested/ })
			.getByLabel('Chain solder')
			.check();
	}

	test('an intake weight of 0 g or 5,000 g is refused beside the weight, keeping what was typed; nothing is taken in', async ({ page }) => {
		// leaving the refused (unsaved) intake asks first: say yes
		page.on('dialog', (dialog) => void dialog.accept());
		await signIn(page, users.ops.email);
		await open(page, '/repairs/new');
		const weight = page.getByRole('textbox', { name: 'Weight in g' });
		for (const [typed, sentence] of [
			['0', 'The weight must be more than 0 g: weigh the piece and enter grams.'],
			['5000', 'More than 2,000 g is not a piece of jewelry: weigh it again and enter grams, like 3.25.']
		]) {
			await fillIntake(page, typed);
			await page.getByRole('button', { name: 'Take in the repair' }).click();
			await expect(page.getByText(sentence)).toBeVisible();
			await expect(page.getByRole('alert').first()).toContainText('Some fields need attention');
			await expect(weight).toHaveAttribute('aria-invalid', 'true');
			await expect(weight).toHaveValue(typed);
			await expect(page.getByRole('textbox', { name: 'Description by appearance' })).toHaveValue(description);
			expect(new URL(page.url()).pathname).toBe('/repairs/new');
		}

		await open(page, `/repairs?status=all&q=${encodeURIComponent(run)}`);
		await expect(page.getByRole('heading', { level: 1, name: 'Repairs' })).toBeVisible();
		await expect(page.getByRole('link', { name: /^RJ-\d{4}-\d{4,}$/ })).toHaveCount(0);
	});

	test('setup: operations takes a piece in and gives it to the repair workshop, which receives it', async ({ page }) => {
		await signIn(page, users.ops.email);
		await open(page, '/repairs/new');
		await fillIntake(page, '12.5');
		await page.getByRole('button', { name: 'Take in the repair' }).click();
		await page.waitForURL(/\/repairs\/[0-9a-f-]{36}\?created=1$/);
		await page.waitForLoadState('networkidle');
		repairId = new URL(page.url()).pathname.split('/').pop()!;
		repairNumber = (await page.getByRole('heading', { level: 1 }).textContent())?.trim() ?? '';
		await page.getByRole('combobox', { name: 'Workshop' }).selectOption({ label: `${repairer.workshop} · New York` });
		await page.getByRole('button', { name: 'Give to the workshop' }).click();
		await expect(page.getByText(`Given to ${repairer.workshop}. They are told by e-mail`)).toBeVisible();

		await page.context().clearCookies();
		await page.setViewportSize(phone);
		await signIn(page, repairer.email);
		await open(page, `/workshop/repairs/${repairId}`);
		await page.getByRole('button', { name: 'Mark received' }).click();
		await expect(page.getByText('Marked received.')).toBeVisible();
	});

	/** The repair on the workshop's phone, with nothing estimated yet. */
	async function openRepair(page: Page) {
		await page.setViewportSize(phone);
		await signIn(page, repairer.email);
		await open(page, `/workshop/repairs/${repairId}`);
		await expect(page.getByRole('heading', { level: 1, name: repairNumber })).toBeVisible();
	}

	async function expectNoEstimate(page: Page) {
		await open(page, `/workshop/repairs/${repairId}`);
		await expect(page.getByText('You have not sent an estimate yet.')).toBeVisible();
		await expect(page.getByText('No estimate yet', { exact: true })).toBeVisible();
	}

	test('an estimate with a negative or an absurd price is refused beside the price, and nothing is sent', async ({ page }) => {
		await openRepair(page);
		for (const [typed, sentence] of [
			['-45', 'A price cannot be negative.'],
			['25000000', 'A price over 10,000,000 USD is a typing mistake: check the amount.']
		]) {
			const line = page.getByRole('group', { name: 'Line 1' });
			const price = line.getByRole('textbox', { name: 'Price, line 1 (USD)' });
			await line.getByRole('textbox', { name: 'Work, line 1' }).fill('Solder the broken link');
			await price.fill(typed);
			await page.getByRole('spinbutton', { name: 'Days the work takes' }).fill('3');
			await page.getByRole('button', { name: 'Send the estimate' }).click();

			await expect(page.getByRole('form', { name: 'Estimate' }).getByRole('alert')).toContainText(sentence);
			await expect(line).toContainText(sentence);
			await expect(price).toHaveAttribute('aria-invalid', 'true');
			await expect(price).toHaveValue(typed);
			await expect(line.getByRole('textbox', { name: 'Work, line 1' })).toHaveValue('Solder the broken link');
		}
		await expectNoEstimate(page);
	});

	test('shipping the piece back before the work is done is refused with the reason, and nothing changes', async ({ page }) => {
		await openRepair(page);
		// the page offers no shipment yet: its next step is the estimate
		await expect(page.getByRole('heading', { level: 2, name: 'Send your estimate' })).toBeVisible();
		await expect(page.getByRole('button', { name: 'Record the shipment' })).toHaveCount(0);

		// the ship-back form's fields, posted anyway as the browser would (the version is optional: no form here carries it)
		const refused = await page.request.post(`/workshop/repairs/${repairId}?/shipBack`, {
			form: { carrier: 'FedEx', otherCarrier: '', trackingNumber: `7712 ${run}`, shippedOn: new Date().toISOString().slice(0, 10) },
			headers: { origin: APP_ORIGIN, 'x-sveltekit-action': 'true' }
		});
		const answer = await refused.json();
		expect(answer).toMatchObject({ type: 'failure', status: 409 });
		expect(answer.data).toContain(
			`${repairNumber}: Ship the piece back once the work is done, or once the brand has declined the estimate.`
		);

		await open(page, `/workshop/repairs/${repairId}`);
		await expect(page.getByText('Received by the workshop', { exact: true }).first()).toBeVisible();
		await expect(page.getByRole('region', { name: 'The piece' })).not.toContainText(`7712 ${run}`);
		await expect(page.getByRole('region', { name: 'History' })).not.toContainText('Shipped back');
	});
});

test.describe('design files that are not what they claim', () => {
	// one fresh custom order for these cases, assigned to the Silver Lake CAD Studio
	test.describe.configure({ mode: 'serial' });

	const phone = { width: 375, height: 812 };
	const designerEmail = 'iris@silverlakecad.example';
	let orderId = '';

	test('setup: operations writes a brief and assigns the CAD designer', async ({ page }) => {
		await signIn(page, users.ops.email);
		await open(page, '/custom-orders/new');
		await page.getByRole('textbox', { name: 'Client', exact: true }).fill('Bad-input client');
		await page.getByRole('textbox', { name: 'Title', exact: true }).fill(`Signet ring ${Date.now().toString(36)}`);
		await page.getByRole('combobox', { name: 'Metal' }).selectOption('18KY');
		await page.getByRole('button', { name: 'Save the brief' }).click();
		await page.waitForURL(/\/custom-orders\/[0-9a-f-]{36}\?created=1$/);
		await page.waitForLoadState('networkidle');
		orderId = new URL(page.url()).pathname.split('/').pop()!;
		await page.getByRole('combobox', { name: 'CAD designer' }).selectOption({ label: 'Silver Lake CAD Studio' });
		await page.getByRole('button', { name: 'Assign designer' }).click();
		await expect(page.getByText('Silver Lake CAD Studio is the designer now.')).toBeVisible();
	});

	for (const file of [
		{
			what: 'a PDF renamed .png is refused as a render',
			name: 'render-front.png',
			mimeType: 'image/png',
			buffer: Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1'),
			sentence: '“render-front.png” is named like a PNG image but is a PDF. Check that you chose the right file.'
		},
		{
			what: 'a text file renamed .stl is refused as a model',
			name: 'ring-model.stl',
			mimeType: 'model/stl',
			buffer: Buffer.from('Shank 1.8 mm, halo 0.9 mm: notes for the next version.\n', 'utf8'),
			sentence: '“ring-model.stl” is not an STL model. Export the model from your CAD program again and upload that file.'
		}
	]) {
		test(`${file.what}, naming the file, and no version is made`, async ({ page }) => {
			await page.setViewportSize(phone);
			await signIn(page, designerEmail);
			await open(page, `/workshop/designs/${orderId}`);
			const upload = page.getByRole('form', { name: 'Send a new version' });
			const note = upload.getByRole('textbox', { name: 'Note for the brand (optional)' });
			await upload.getByLabel('Choose files').setInputFiles({ name: file.name, mimeType: file.mimeType, buffer: file.buffer });
			await expect(upload.getByText('1 file ready to send')).toBeVisible();
			await note.fill('First look at the signet.');
			await upload.getByRole('button', { name: 'Send version' }).click();

			await expect(upload.getByRole('alert')).toContainText(file.sentence);
			await expect(upload.getByRole('group', { name: /^Files/ })).toContainText(file.sentence);
			await expect(note).toHaveValue('First look at the signet.');

			// nothing was stored: still no version, also after a fresh load
			await open(page, `/workshop/designs/${orderId}`);
			await expect(page.getByText('No version yet.')).toBeVisible();
			await expect(page.getByRole('article')).toHaveCount(0);
		});
	}
});
