/**
 * From the workshop's parcel to the brand's payment, end to end: operations sends a fresh PO of 10
 * pieces (labor per piece, consigned metal) to Laboratorio Orafo Vicentino; the workshop acknowledges
 * it and, on a phone, announces a shipment of 10 with its carrier, tracking number and a packing photo;
 * operations receives the shipment; QC accepts 9 and returns 1 with a major porosity defect and a
 * photo; the workshop sees the result and answers the defect; the workshop flips the PO into an
 * invoice for 10 pieces, which stops as an Exception explaining the 1 returned piece and suggesting a
 * credit note; the workshop issues it as prefilled and the invoice matches; finance approves both from
 * the queue, schedules the payment and records it paid; the workshop sees Paid, gets the remittance
 * advice by e-mail with its PDF attached, and downloads it. Another workshop gets 404 for all of it.
 */
import { expect, test, type Page } from '@playwright/test';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';
import { expectNoSeriousA11yViolations } from './support/axe.ts';
import { users } from './support/constants.ts';
import { linkFrom, waitForMail } from './support/mail.ts';
import { open, signIn } from './support/session.ts';

test.describe.configure({ mode: 'serial' });

/** The workshop of this journey (src/lib/server/seed/demo-brand.ts): EUR, and no other browser test uses it. */
const workshop = { email: 'giulia@orafovicentino.example', name: 'Laboratorio Orafo Vicentino' };
const phone = { width: 375, height: 812 };
const isoIn = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

let run = '';
let tracking = '';
let poId = '';
let poNumber = '';
let shipmentId = '';
let shipmentNumber = '';
let receiptId = '';
let inspectionId = '';
let invoiceId = '';
let invoiceNumber = '';
let creditNoteId = '';
let creditNoteNumber = '';
let paymentId = '';
let paymentNumber = '';
let remittanceHref = '';
let invoicePdfHref = '';
let debitNotePdfHref = '';

test.beforeAll(() => {
	run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`.toUpperCase();
	tracking = `7749 ${String(Date.now()).slice(-8)}`;
});

/** A real JPEG, as a phone takes it. */
function photo(rgb: { r: number; g: number; b: number }) {
	return sharp({ create: { width: 800, height: 600, channels: 3, background: rgb } })
		.composite([
			{ input: { create: { width: 200, height: 200, channels: 3, background: { r: 201, g: 162, b: 74 } } }, left: 300, top: 200 }
		])
		.jpeg({ quality: 82 })
		.toBuffer();
}

/** A real one-page PDF, like the invoice a workshop's accounting software prints. */
async function documentPdf(title: string, lines: string[]): Promise<Buffer> {
	const doc = await PDFDocument.create();
	const page = doc.addPage([595, 842]);
	const font = await doc.embedFont(StandardFonts.Helvetica);
	page.drawText(workshop.name, { x: 50, y: 790, size: 12, font });
	page.drawText(title, { x: 50, y: 760, size: 18, font });
	lines.forEach((line, i) => page.drawText(line, { x: 50, y: 720 - i * 18, size: 11, font }));
	return Buffer.from(await doc.save());
}

async function expectNoSidewaysScroll(page: Page) {
	const width = await page.evaluate(() => document.documentElement.scrollWidth);
	expect(width, `page width of ${new URL(page.url()).pathname} at 375 px (nothing should scroll sideways)`).toBeLessThanOrEqual(376);
}

async function asWorkshop(page: Page, path: string) {
	await page.setViewportSize(phone);
	await signIn(page, workshop.email);
	await open(page, path);
}

test('operations sends a PO of 10 pieces, labor per piece, consigned metal', async ({ page }) => {
	await signIn(page, users.ops.email);
	await open(page, '/purchase-orders/new');
	await page.getByRole('combobox', { name: 'Workshop' }).selectOption({ label: workshop.name });
	await page.getByRole('combobox', { name: 'Collection' }).fill(`Receiving ${run}`);
	await page.getByRole('textbox', { name: 'Line 1 Description' }).fill(`Signet ring ${run}`);
	await page.getByRole('spinbutton', { name: 'Line 1 Quantity' }).fill('10');
	await page.getByLabel('Line 1 Due date').fill(isoIn(30));
	await page.getByRole('combobox', { name: 'Line 1 Alloy' }).selectOption('18KY');
	await page.getByRole('textbox', { name: /^Line 1 Labor price/ }).fill('85');
	// a new line is labor per piece with metal the brand consigns
	await expect(page.getByRole('combobox', { name: 'Line 1 Metal' })).toHaveValue('consigned');
	await page.getByRole('button', { name: 'Create draft' }).click();

	await page.waitForURL(/\/purchase-orders\/[0-9a-f-]{36}\?created=1$/);
	poId = new URL(page.url()).pathname.split('/').pop()!;
	poNumber = (await page.getByRole('heading', { level: 1 }).textContent())?.match(/PO-\d{4}-\d{4,}/)?.[0] ?? '';
	expect(poNumber).toMatch(/^PO-\d{4}-\d{4,}$/);
	await expect(page.getByText('€850.00').first()).toBeVisible();

	await page.locator('summary', { hasText: 'Send to workshop' }).click();
	await page.getByRole('button', { name: 'Send', exact: true }).click();
	await expect(page.getByText('Sent. The workshop has the PDF by e-mail')).toBeVisible();
});

test('the workshop acknowledges the PO', async ({ page }) => {
	await waitForMail(workshop.email, { subject: new RegExp(`New purchase order ${poNumber}`) });
	await asWorkshop(page, `/workshop/purchase-orders/${poId}`);
	await expect(page.getByRole('heading', { level: 1 })).toContainText(poNumber);
	const line = page.getByRole('group', { name: 'Your answer for line 1' });
	await line.getByLabel('Acknowledge').check();
	await line.getByLabel('Promised delivery date').fill(isoIn(28));
	await page.getByRole('button', { name: 'Send my answer' }).click();
	await expect(page.getByText('has your acknowledgement and promised dates')).toBeVisible();
});

test('on a phone, the workshop announces a shipment of 10 with carrier, tracking number and a packing photo', async ({ page }) => {
	// from the PO page, where the workshop is when the goods are ready
	await asWorkshop(page, `/workshop/purchase-orders/${poId}`);
	await page.getByRole('link', { name: 'Announce a shipment' }).click();
	await page.waitForURL((url) => url.pathname === '/workshop/shipments/new' && url.searchParams.get('po') === poId);
	await expect(page.getByRole('heading', { level: 1, name: 'Announce a shipment' })).toBeVisible();
	const pieces = page.getByRole('group', { name: new RegExp(poNumber) });
	await expect(pieces).toContainText('10 left to send');
	await pieces.getByRole('textbox', { name: new RegExp(`^Line 1: Signet ring ${run}`) }).fill('10');
	await page.getByRole('combobox', { name: 'Carrier' }).selectOption({ label: 'FedEx' });
	await page.getByRole('textbox', { name: 'Tracking number' }).fill(tracking);
	await expect(page.getByLabel('Shipped on')).toHaveValue(isoIn(0));
	await page.getByRole('textbox', { name: 'Declared value (EUR)' }).fill('12500.00');
	await page
		.locator('#packing-library')
		.setInputFiles({ name: 'parcel.jpg', mimeType: 'image/jpeg', buffer: await photo({ r: 120, g: 96, b: 60 }) });
	await expect(
		page
			.getByRole('listitem')
			.filter({ has: page.getByRole('img') })
			.first()
	).toBeVisible();
	await expectNoSidewaysScroll(page);
	await expectNoSeriousA11yViolations(page);
	await page.getByRole('button', { name: 'Announce the shipment' }).click();

	await page.waitForURL(/\/workshop\/shipments\/[0-9a-f-]{36}\?announced=1$/);
	await page.waitForLoadState('networkidle');
	shipmentId = new URL(page.url()).pathname.split('/').pop()!;
	shipmentNumber = (await page.getByRole('heading', { level: 1 }).textContent())?.match(/SH-\d{4}-\d{4,}/)?.[0] ?? '';
	expect(shipmentNumber).toMatch(/^SH-\d{4}-\d{4,}$/);
	await expect(page.getByText('Shipment announced.')).toBeVisible();
	await expect(page.getByText('10 pieces, shipped')).toBeVisible();
	const trackingLink = page.getByRole('link', { name: /Track the parcel on FedEx/ });
	await expect(trackingLink).toHaveAttribute('href', `https://www.fedex.com/fedextrack/?trknbr=${tracking.replace(/\s+/g, '')}`);
	await expect(trackingLink).toHaveAttribute('target', '_blank');
	const packing = page.getByRole('list', { name: 'Packing photos' }).getByRole('img');
	await expect(packing).toHaveCount(1);
	await expect.poll(() => packing.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
	await expectNoSidewaysScroll(page);
});

test('operations receives the goods against the shipment', async ({ page }) => {
	await signIn(page, users.ops.email);
	await open(page, `/receiving?q=${shipmentNumber}`);
	const row = page.getByRole('row').filter({ hasText: shipmentNumber });
	await expect(row).toContainText(workshop.name);
	await expect(row.getByRole('link', { name: tracking })).toHaveAttribute(
		'href',
		`https://www.fedex.com/fedextrack/?trknbr=${tracking.replace(/\s+/g, '')}`
	);
	await row.getByRole('link', { name: `Receive ${shipmentNumber}` }).click();
	await page.waitForURL((url) => url.pathname === '/receiving/new' && url.searchParams.get('shipment') === shipmentId);
	await page.waitForLoadState('networkidle');
	await expect(page.getByRole('heading', { level: 1 })).toContainText(`Receive goods on ${poNumber}`);
	// the announced quantity is filled in
	await expect(page.getByRole('textbox', { name: 'Pieces' }).first()).toHaveValue('10');
	await page.getByRole('textbox', { name: 'Weight (g)' }).first().fill('3.250');
	await page.getByRole('button', { name: 'Record the receipt' }).click();

	await page.waitForURL(/\/receiving\/[0-9a-f-]{36}\?received=1$/);
	await page.waitForLoadState('networkidle');
	receiptId = new URL(page.url()).pathname.split('/').pop()!;
	await expect(page.getByText('Receipt recorded.')).toBeVisible();
	await expect(page.getByRole('heading', { level: 1 })).toContainText(/Receipt RC-\d{4}-\d{4,}/);
	const inspect = page.getByRole('link', { name: /^Inspect \(sample \d+\)$/ });
	inspectionId = (await inspect.getAttribute('href'))!.split('/').pop()!;
	expect(inspectionId).toMatch(/^[0-9a-f-]{36}$/);
});

test('QC accepts 9 and returns 1 with a major porosity defect and a photo', async ({ page }) => {
	await signIn(page, users.ops.email);
	await open(page, `/quality/inspections/${inspectionId}`);
	await expect(page.getByRole('heading', { level: 1 })).toContainText(`Inspection of ${poNumber} line 1`);

	await page.getByRole('combobox', { name: 'Check it fails' }).selectOption({ label: 'Porosity' });
	await page.getByRole('combobox', { name: 'Severity' }).selectOption('major');
	await page.getByRole('textbox', { name: 'Where on the piece' }).fill('Inside of the shank');
	await page.getByRole('textbox', { name: 'Pieces with this defect' }).fill('1');
	await page.getByRole('textbox', { name: 'Description' }).fill(`Pin holes across the shank, visible at 10× (${run})`);
	await page
		.getByLabel('Photos', { exact: true })
		.setInputFiles({ name: 'porosity.jpg', mimeType: 'image/jpeg', buffer: await photo({ r: 90, g: 90, b: 90 }) });
	await page.getByRole('button', { name: 'Add defect' }).click();
	await expect(page.getByText('Defect recorded.')).toBeVisible();
	await expect(page.getByRole('img', { name: 'Photo 1 of the porosity defect' })).toBeVisible();

	const checklist = [
		'Porosity',
		'Casting flash',
		'Finish',
		'Prong, bezel and channel security',
		'Solder joints',
		'Clasps and posts',
		'Dimensions and ring size',
		'Weight vs target and minimum',
		'Quality, trademark and origin stamps',
		'Plating thickness'
	];
	for (const item of checklist) {
		const group = page.getByRole('group', { name: new RegExp(`^${item.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) });
		await group.getByLabel(item === 'Porosity' ? 'Fail' : item === 'Plating thickness' ? 'Not applicable' : 'Pass').check();
	}
	await page.getByRole('textbox', { name: 'Average weight per piece (g)' }).fill('3.250');
	await page.getByRole('textbox', { name: 'Accepted', exact: true }).fill('9');
	await page.getByRole('textbox', { name: 'Rework', exact: true }).fill('0');
	await page.getByRole('textbox', { name: 'Returned', exact: true }).fill('1');
	await page.getByRole('textbox', { name: 'Notes for the workshop' }).fill('One ring is porous and comes back to you.');
	await page.getByRole('button', { name: 'Complete inspection' }).click();

	await expect(page.getByText('Inspection completed; the workshop is told by e-mail.')).toBeVisible();
	await expect(page.getByText(/Debit note DN-\d{4}-\d{4,} was created\./)).toBeVisible();
	await expect(page.getByRole('region', { name: 'Results' })).toContainText('9 accepted');
});

test('the workshop sees the QC result from the e-mail and answers the defect', async ({ page }) => {
	const mail = await waitForMail(workshop.email, { subject: new RegExp(`Quality control of ${poNumber} line 1`) });
	expect(mail.subject).toContain('9 pieces accepted, 0 for rework, 1 returned');
	const link = linkFrom(mail, '/workshop/quality/');
	expect(new URL(link).pathname).toBe(`/workshop/quality/${inspectionId}`);

	await asWorkshop(page, new URL(link).pathname);
	await expect(page.getByRole('heading', { level: 1 })).toContainText(`Inspection of ${poNumber} line 1`);
	await expect(page.getByRole('region', { name: 'Results' })).toContainText(
		/9 accepted \(29\.250 g\),\s+0 back\s+to you for rework,\s+1 returned\./
	);
	await expect(page.getByText(/Debit note DN-\d{4}-\d{4,}: 1 × €85\.00 = €85\.00/)).toBeVisible();
	const debitNoteLink = page.getByRole('link', { name: /^PDF of debit note DN-/ });
	debitNotePdfHref = (await debitNoteLink.getAttribute('href'))!;
	expect(debitNotePdfHref).toMatch(/^\/workshop\/quality\/debit-notes\/[0-9a-f-]{36}\/pdf$/);
	const debitNotePdf = await page.request.get(debitNotePdfHref);
	expect(debitNotePdf.headers()['content-type']).toBe('application/pdf');
	expect((await debitNotePdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
	const defect = page.getByRole('listitem').filter({ hasText: `Pin holes across the shank, visible at 10× (${run})` });
	await expect(defect).toContainText('major');
	await expect(defect).toContainText('Porosity');
	await expect(defect.getByRole('img', { name: 'Photo 1 of the porosity defect' })).toBeVisible();
	await expectNoSidewaysScroll(page);
	await expectNoSeriousA11yViolations(page);

	await defect.getByRole('textbox', { name: 'Your answer' }).fill('Agreed: the mould vent was blocked; we recast it on the next lot.');
	await defect.getByRole('button', { name: 'Send answer' }).click();
	await expect(page.getByText('Answer sent to the brand.')).toBeVisible();
	await expect(page.getByText('Workshop’s answer: Agreed: the mould vent was blocked')).toBeVisible();
});

test('the workshop flips the PO into an invoice for 10 pieces: an Exception that explains the 1 returned piece', async ({ page }) => {
	await asWorkshop(page, `/workshop/purchase-orders/${poId}`);
	await page.getByRole('link', { name: /^Invoice this PO/ }).click();
	await page.waitForURL((url) => url.pathname === '/workshop/invoices/new' && url.searchParams.get('po') === poId);
	await expect(page.getByRole('heading', { level: 1 })).toContainText(`Invoice PO ${poNumber}`);
	invoiceNumber = `INV-${run}`;
	const form = page.getByRole('form', { name: 'Invoice' });
	await form.getByLabel('Invoice PDF').setInputFiles({
		name: `${invoiceNumber}.pdf`,
		mimeType: 'application/pdf',
		buffer: await documentPdf(`Invoice ${invoiceNumber}`, [`${poNumber}: 10 × EUR 85.00`])
	});
	await form.getByRole('textbox', { name: 'Number' }).fill(invoiceNumber);
	await expect(form.getByRole('textbox', { name: 'Currency' })).toHaveValue('EUR');
	const line = form.getByRole('group', { name: 'Line 1' });
	// the PO flips to the pieces QC accepted, at the PO's price
	await expect(line.getByRole('textbox', { name: 'Pieces' })).toHaveValue('9');
	await expect(line.getByRole('textbox', { name: 'Price per piece' })).toHaveValue('85.00');
	// the workshop bills what it shipped
	await line.getByRole('textbox', { name: 'Pieces' }).fill('10');
	await expect(form.getByText('Total: €850.00')).toBeVisible();
	await expectNoSidewaysScroll(page);
	await form.getByRole('button', { name: 'Submit the invoice' }).click();

	await page.waitForURL(/\/workshop\/invoices\/[0-9a-f-]{36}\?submitted=1$/);
	await page.waitForLoadState('networkidle');
	invoiceId = new URL(page.url()).pathname.split('/').pop()!;
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Invoice ${invoiceNumber}`);
	const status = page.getByRole('region', { name: 'Status' });
	await expect(status).toContainText('Exception');
	await expect(status).toContainText('A credit note for €85.00 would release this invoice.');
	const fix = page.getByRole('region', { name: 'What to fix' });
	await expect(fix).toContainText('Invoiced 10 pcs, 9 accepted (1 returned in QC): credit note for 1 pc × €85.00.');
	await expect(fix).toContainText(`Fix: Credit note against ${invoiceNumber} for 1 pc × €85.00.`);
	// the PDF the workshop uploaded is kept as it was sent
	invoicePdfHref = (await page.getByRole('link', { name: 'Open the PDF' }).getAttribute('href'))!;
	const pdf = await page.request.get(invoicePdfHref);
	expect(pdf.status()).toBe(200);
	expect(pdf.headers()['content-type']).toBe('application/pdf');
	await expectNoSidewaysScroll(page);
	await expectNoSeriousA11yViolations(page);
});

test('the workshop issues the suggested credit note as prefilled, and the invoice matches', async ({ page }) => {
	await asWorkshop(page, `/workshop/invoices/${invoiceId}`);
	await page.getByRole('link', { name: 'Issue this credit note' }).click();
	await page.waitForURL((url) => url.pathname === '/workshop/invoices/new' && url.searchParams.get('credits') === invoiceId);
	await page.waitForLoadState('networkidle');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Credit note for invoice ${invoiceNumber}`);
	creditNoteNumber = `CN-${run}`;
	const form = page.getByRole('form', { name: 'Credit note' });
	const line = form.getByRole('group', { name: 'Line 1' });
	await expect(line.getByRole('textbox', { name: 'Pieces' })).toHaveValue('1');
	await expect(line.getByRole('textbox', { name: 'Price per piece' })).toHaveValue('85.00');
	await expect(form.getByText('Total: €85.00')).toBeVisible();
	await form.getByLabel('Credit note PDF').setInputFiles({
		name: `${creditNoteNumber}.pdf`,
		mimeType: 'application/pdf',
		buffer: await documentPdf(`Credit note ${creditNoteNumber}`, [`Against ${invoiceNumber}: 1 × EUR 85.00`])
	});
	await form.getByRole('textbox', { name: 'Number' }).fill(creditNoteNumber);
	await form.getByRole('button', { name: 'Submit the credit note' }).click();

	await page.waitForURL(/\/workshop\/invoices\/[0-9a-f-]{36}\?submitted=1$/);
	await page.waitForLoadState('networkidle');
	creditNoteId = new URL(page.url()).pathname.split('/').pop()!;
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Credit note ${creditNoteNumber}`);

	await open(page, `/workshop/invoices/${invoiceId}`);
	const status = page.getByRole('region', { name: 'Status' });
	await expect(status).toContainText('Matched');
	await expect(status.getByRole('link', { name: 'Issue this credit note' })).toHaveCount(0);
	await expect(page.getByRole('link', { name: creditNoteNumber })).toBeVisible();
	await expectNoSidewaysScroll(page);
});

test('finance approves both from the queue, schedules the payment and records it paid', async ({ page }) => {
	await signIn(page, users.finance.email);
	await open(page, `/finance?q=${run}`);
	const invoiceRow = page.getByRole('row').filter({ hasText: invoiceNumber });
	const creditRow = page.getByRole('row').filter({ hasText: creditNoteNumber });
	await expect(invoiceRow).toContainText('Matched');
	await expect(creditRow).toContainText('Credit note');
	await page.getByRole('checkbox', { name: `Select ${invoiceNumber}` }).check();
	await page.getByRole('checkbox', { name: `Select ${creditNoteNumber}` }).check();
	await expect(page.getByText('2 selected')).toBeVisible();
	await page.getByRole('button', { name: 'Approve selected' }).click();
	await expect(
		page.getByText(`Approved ${invoiceNumber}, ${creditNoteNumber}.`).or(page.getByText(`Approved ${creditNoteNumber}, ${invoiceNumber}.`))
	).toBeVisible();
	await expect(invoiceRow).toContainText('Approved');

	await page.getByRole('checkbox', { name: `Select ${invoiceNumber}` }).check();
	await page.getByRole('combobox', { name: 'Method' }).selectOption('check');
	// a day already past is refused beside the field; the tick and the method stay as they were
	const payOn = page.getByLabel('Pay on');
	const today = await payOn.inputValue();
	const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
	await payOn.fill(yesterday);
	await page.getByRole('button', { name: 'Schedule payment' }).click();
	await expect(payOn).toHaveAttribute('aria-invalid', 'true');
	await expect(page.getByText('The payment date cannot be in the past.').first()).toBeVisible();
	await expect(page.getByRole('checkbox', { name: `Select ${invoiceNumber}` })).toBeChecked();
	await expect(page.getByRole('combobox', { name: 'Method' })).toHaveValue('check');
	await expect(payOn).toHaveValue(yesterday);
	await payOn.fill(today);
	await page.getByRole('combobox', { name: 'Method' }).selectOption('wire');
	await page.getByRole('button', { name: 'Schedule payment' }).click();
	await page.waitForURL(/\/finance\/payments\/[0-9a-f-]{36}\?scheduled=1$/);
	await page.waitForLoadState('networkidle');
	paymentId = new URL(page.url()).pathname.split('/').pop()!;
	paymentNumber = (await page.getByRole('heading', { level: 1 }).textContent())?.match(/PAY-\d{4}-\d{4,}/)?.[0] ?? '';
	expect(paymentNumber).toMatch(/^PAY-\d{4}-\d{4,}$/);
	await expect(page.getByText('Payment scheduled.')).toBeVisible();
	// 10 × €85.00 less the credit note for 1 × €85.00
	await expect(page.getByText(`${workshop.name} · €765.00`)).toBeVisible();
	const settles = page.getByRole('table', { name: 'Invoices and credit notes on this payment' });
	await expect(settles).toContainText(invoiceNumber);
	await expect(settles).toContainText(creditNoteNumber);
	// the workshop hears the date before the money leaves
	const scheduled = await waitForMail(workshop.email, { subject: new RegExp(`will pay €765\\.00 on .*\\(${paymentNumber}\\)`) });
	expect(scheduled.text).toContain(`less credit note ${creditNoteNumber}`);

	await page.getByRole('textbox', { name: 'Bank reference' }).fill(`SEPA-${run}`);
	await page.getByRole('button', { name: 'Record as paid and send the remittance' }).click();
	await expect(page.getByText('Recorded as paid. The workshop has the remittance advice by e-mail')).toBeVisible();
	const remittance = page.getByRole('link', { name: 'Remittance advice (PDF)' });
	await expect(remittance).toBeVisible();
	const pdf = await page.request.get((await remittance.getAttribute('href'))!);
	expect(pdf.status()).toBe(200);
	expect(pdf.headers()['content-type']).toBe('application/pdf');
});

test('the workshop sees Paid and gets the remittance advice by e-mail, PDF attached', async ({ page }) => {
	const mail = await waitForMail(workshop.email, { subject: new RegExp(`paid €765\\.00 \\(${paymentNumber}\\)`) });
	expect(mail.subject).toContain('€765.00');
	expect(mail.text).toContain(invoiceNumber);
	expect(mail.text).toContain(creditNoteNumber);
	expect(mail.attachments).toHaveLength(1);
	expect(mail.attachments[0]).toMatchObject({ filename: `${paymentNumber}-remittance.pdf`, contentType: 'application/pdf' });
	expect(Buffer.from(mail.attachments[0].head, 'base64').toString('latin1')).toMatch(/^%PDF-/);

	await asWorkshop(page, `/workshop/invoices?q=${run}`);
	// on a phone each row is a card, and still a row of the table to a screen reader
	const card = page.getByRole('table', { name: 'Invoices' }).getByRole('row').filter({ hasText: invoiceNumber });
	await expect(card).toContainText('Paid');
	await expectNoSidewaysScroll(page);

	await open(page, `/workshop/invoices/${invoiceId}`);
	await expect(page.getByRole('region', { name: 'Status' })).toContainText('Paid');
	await expect(page.getByText(`SEPA-${run}`)).toBeVisible();
	const link = page.getByRole('link', { name: 'Remittance advice (PDF)' });
	remittanceHref = (await link.getAttribute('href'))!;
	expect(remittanceHref).toMatch(/^\/files\/[0-9a-f-]{36}$/);
	const pdf = await page.request.get(remittanceHref);
	expect(pdf.status()).toBe(200);
	expect(pdf.headers()['content-type']).toBe('application/pdf');
	expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
	await expectNoSidewaysScroll(page);
});

test('another workshop gets 404 for the shipment, the inspection, the debit note, the invoices and the remittance advice', async ({
	page
}) => {
	await signIn(page, users.brooklynMember.email);
	for (const path of [
		`/workshop/shipments/${shipmentId}`,
		`/workshop/quality/${inspectionId}`,
		`/workshop/invoices/${invoiceId}`,
		`/workshop/invoices/${creditNoteId}`,
		`/workshop/invoices/new?credits=${invoiceId}`,
		`/workshop/invoices/new?po=${poId}`,
		invoicePdfHref,
		debitNotePdfHref,
		`/workshop/shipments/new?po=${poId}`
	]) {
		const response = await page.request.get(path);
		// an unknown PO in the announce form only widens it to the workshop's own POs
		if (path.startsWith('/workshop/shipments/new')) {
			expect(response.status(), path).toBe(200);
			expect(await response.text(), path).not.toContain(poNumber);
		} else {
			expect(response.status(), path).toBe(404);
		}
	}
	expect((await page.request.get(remittanceHref)).status(), 'the remittance advice').toBe(404);
	await open(page, `/workshop/invoices?q=${run}&status=all`);
	await expect(page.getByText(invoiceNumber)).toHaveCount(0);
	// the brand's own pages of the same goods and money are not the workshop's either
	for (const path of [`/receiving/${receiptId}`, `/quality/inspections/${inspectionId}`, `/finance/payments/${paymentId}`]) {
		expect((await page.request.get(path)).status(), path).toBe(404);
	}
});
