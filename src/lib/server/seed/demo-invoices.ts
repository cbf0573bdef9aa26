/**
 * The workshops' invoices and credit notes in the demo, and what finance does with them, through the
 * same services people use: a workshop "flips" its PO into a prefilled invoice (accepted pieces at the
 * PO's prices, the metal on the accepted fine weight), changes what its own books say, and uploads the
 * PDF it printed; a credit note starts from the credit the match suggested. Finance approves, holds,
 * schedules and records payments (the remittance advice goes out by e-mail).
 *
 * The PDFs are drawn here with pdf-lib, like a workshop's accounting program prints them: its
 * letterhead, the number and dates, the brand as the customer, the lines with their fine metal, the
 * totals and the bank details. The story behind each document is in demo-receiving.ts.
 */
import { todayIso } from '#lib/format/dates.ts';
import { eq } from 'drizzle-orm';
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { invoiceEntrySchema, parseInvoiceEntry, toDocumentLine, type InvoiceLineForm } from '#lib/domain/invoices/entry.ts';
import { documentTotals } from '#lib/domain/invoices/matching.ts';
import { currencyDecimals, minorToDecimalString } from '#lib/domain/money.ts';
import type { StaffActor, VendorActor } from '#lib/server/auth/actor.ts';
import { vendor, vendorInvoice } from '#lib/server/db/schema/index.ts';
import { asSystem } from '#lib/server/db/scope.ts';
import { approveInvoices, holdInvoice, recordPaymentPaid, schedulePayment } from '#lib/server/finance/service.ts';
import { getInvoiceDraft, submitVendorInvoice } from '#lib/server/invoices/service.ts';
import { expandAudiences } from '#lib/server/mail/sender.ts';
import { BRAND_ADDRESS } from './demo-catalogue.ts';

const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

// ---------------------------------------------------------------- the PDF a workshop prints

interface Letterhead {
	name: string;
	lines: string[];
	taxId: string;
	contact: string;
	bank: string;
}

/** What each workshop prints at the foot of its invoices. */
const bankDetails: Record<string, string> = {
	EUR: 'Bank transfer to IBAN IT60 X054 2811 1010 0000 0123 456, BIC BPMOIT22 (demo details)',
	THB: 'Bank transfer to Kasikornbank, Silom branch, account 012-3-45678-9, SWIFT KASITHBK (demo details)',
	INR: 'Bank transfer to HDFC Bank, Jaipur, account 50200012345678, IFSC HDFC0000123, SWIFT HDFCINBB (demo details)',
	USD: 'ACH or wire to Chase, routing 021000021, account 000123456789 (demo details)'
};

async function letterheadOf(vendorId: string): Promise<Letterhead & { currency: string }> {
	const [row] = await asSystem((tx) => tx.select().from(vendor).where(eq(vendor.id, vendorId)).limit(1));
	return {
		name: row.name,
		lines: [row.addressLine1 ?? '', [row.postalCode, row.city].filter(Boolean).join(' '), row.country].filter(Boolean),
		taxId: row.taxId ?? '',
		contact: [row.phone, row.email].filter(Boolean).join('  ·  '),
		bank: bankDetails[row.currency] ?? bankDetails.USD,
		currency: row.currency
	};
}

/** pdf-lib's standard fonts speak WinAnsi only: typographic quotes, dashes and symbols become plain ones. */
const plain = (text: string) =>
	text
		.replace(/[’‘]/g, "'")
		.replace(/[“”]/g, '"')
		.replace(/[–—]/g, '-')
		.replace(/×/g, 'x')
		.replace(/·/g, '-')
		.replace(/[^\x20-\x7e\xa0-\xff]/g, '?');

interface PrintedLine {
	description: string;
	quantity: string;
	unitPrice: string;
	metal: string;
	amount: string;
}

interface PrintedDocument {
	kind: 'invoice' | 'credit_note';
	number: string;
	invoiceDate: string;
	dueDate: string;
	reference: string;
	/** a credit note: the invoice it corrects */
	credits: string | null;
	lines: PrintedLine[];
	totals: { label: string; amount: string; bold?: boolean }[];
	notes: string[];
}

/** One A4 page, as the workshop's accounting program prints it. */
async function drawDocument(head: Letterhead, doc: PrintedDocument): Promise<Uint8Array> {
	const pdf = await PDFDocument.create();
	pdf.setTitle(`${doc.kind === 'invoice' ? 'Invoice' : 'Credit note'} ${doc.number}`);
	pdf.setAuthor(head.name);
	const page = pdf.addPage([595, 842]);
	const font = await pdf.embedFont(StandardFonts.Helvetica);
	const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
	const ink = rgb(0.12, 0.12, 0.12);
	const grey = rgb(0.42, 0.42, 0.42);
	const text = (p: PDFPage, value: string, x: number, y: number, size = 9, f: PDFFont = font, colour = ink) =>
		p.drawText(plain(value), { x, y, size, font: f, color: colour });
	const right = (value: string, x: number, y: number, size = 9, f: PDFFont = font) =>
		text(page, value, x - f.widthOfTextAtSize(plain(value), size), y, size, f);

	// letterhead
	text(page, head.name, 48, 790, 16, bold);
	head.lines.forEach((line, i) => text(page, line, 48, 772 - i * 12, 9, font, grey));
	text(page, `Tax ID ${head.taxId}`, 48, 772 - head.lines.length * 12, 9, font, grey);
	text(page, head.contact, 48, 760 - head.lines.length * 12, 9, font, grey);
	page.drawLine({ start: { x: 48, y: 718 }, end: { x: 547, y: 718 }, thickness: 1, color: rgb(0.75, 0.65, 0.4) });

	// document header
	right(doc.kind === 'invoice' ? 'INVOICE' : 'CREDIT NOTE', 547, 690, 16, bold);
	const facts: [string, string][] = [
		['Number', doc.number],
		['Date', doc.invoiceDate],
		...(doc.dueDate ? ([['Due', doc.dueDate]] as [string, string][]) : []),
		['Your PO', doc.reference],
		...(doc.credits ? ([['Credits invoice', doc.credits]] as [string, string][]) : [])
	];
	facts.forEach(([label, value], i) => {
		text(page, label, 380, 668 - i * 13, 9, font, grey);
		right(value, 547, 668 - i * 13, 9, bold);
	});
	text(page, 'Bill to', 48, 690, 9, bold);
	BRAND_ADDRESS.split('\n').forEach((line, i) => text(page, line, 48, 676 - i * 12, 9));

	// lines
	let y = 590;
	page.drawRectangle({ x: 48, y: y - 4, width: 499, height: 16, color: rgb(0.94, 0.92, 0.87) });
	text(page, 'Description', 54, y, 8, bold);
	right('Qty', 330, y, 8, bold);
	right('Unit price', 400, y, 8, bold);
	right('Fine metal', 470, y, 8, bold);
	right('Amount', 541, y, 8, bold);
	y -= 18;
	for (const line of doc.lines) {
		const description = line.description.length > 58 ? `${line.description.slice(0, 55)}...` : line.description;
		text(page, description, 54, y, 8);
		right(line.quantity, 330, y, 8);
		right(line.unitPrice, 400, y, 8);
		right(line.metal, 470, y, 8);
		right(line.amount, 541, y, 8);
		y -= 13;
		if (y < 190) break;
	}
	page.drawLine({ start: { x: 48, y: y + 4 }, end: { x: 547, y: y + 4 }, thickness: 0.5, color: grey });
	y -= 10;
	for (const total of doc.totals) {
		text(page, total.label, 380, y, total.bold ? 10 : 9, total.bold ? bold : font);
		right(total.amount, 541, y, total.bold ? 10 : 9, total.bold ? bold : font);
		y -= total.bold ? 16 : 13;
	}

	// notes and the bank
	let noteY = 150;
	for (const note of doc.notes) {
		text(page, note, 48, noteY, 8, font, grey);
		noteY -= 11;
	}
	page.drawLine({ start: { x: 48, y: 70 }, end: { x: 547, y: 70 }, thickness: 0.5, color: grey });
	text(page, head.bank, 48, 56, 8, font, grey);
	text(page, 'Demo document generated by Bezel: not a real invoice.', 48, 44, 7, font, grey);
	return pdf.save();
}

const fileLike = (name: string, bytes: Uint8Array) => ({
	name,
	size: bytes.byteLength,
	arrayBuffer: async () => bytes.slice().buffer as ArrayBuffer
});

// ---------------------------------------------------------------- submitting

export interface DemoDocument {
	kind: 'invoice' | 'credit_note';
	number: string;
	/** the PO the document names as its reference */
	poId: string;
	poNumber: string;
	lines: InvoiceLineForm[];
	creditsInvoiceId?: string;
	/** what the workshop writes on the document (and in Bezel's notes) */
	notes?: string;
	/** net days after the invoice date */
	dueDays?: number;
	terms?: string;
}

/** Prints the document, uploads it and submits it as the workshop person; the brand's copies of its mail are dated now. */
export async function submitDemoDocument(by: VendorActor, doc: DemoDocument): Promise<{ invoiceId: string }> {
	const head = await letterheadOf(by.vendorId);
	const invoiceDate = todayIso();
	const form = {
		kind: doc.kind,
		number: doc.number,
		invoiceDate,
		dueDate: doc.dueDays ? addDays(invoiceDate, doc.dueDays) : '',
		terms: doc.terms ?? (doc.kind === 'invoice' ? 'Net 30 after acceptance at QC' : ''),
		currency: head.currency,
		notes: doc.notes ?? '',
		creditsInvoiceId: doc.creditsInvoiceId ?? '',
		purchaseOrderId: doc.poId,
		shipmentId: '',
		lines: doc.lines
	};
	// the same arithmetic the service stores, so the printed totals are the stored ones
	const parsed = parseInvoiceEntry(invoiceEntrySchema.parse(form), invoiceDate);
	if (!parsed.ok) throw new Error(`demo seed: ${doc.number} does not parse: ${JSON.stringify(parsed.errors)}`);
	const currency = head.currency;
	// amounts without a currency sign (the standard fonts have no ฿ or ₹): the currency is on the total
	const decimals = currencyDecimals(currency);
	const money = (minor: number) =>
		Number(minorToDecimalString(minor, currency)).toLocaleString('en-US', {
			minimumFractionDigits: decimals,
			maximumFractionDigits: decimals
		});
	const credits = doc.creditsInvoiceId ? (await documentState(doc.creditsInvoiceId)).number : null;
	const totals = documentTotals({ lines: parsed.value.lines.map((line, i) => toDocumentLine(line, String(i))) });
	const printed: PrintedLine[] = parsed.value.lines.map((line, i) => {
		const typed = doc.lines[i];
		if (line.kind === 'goods') {
			return {
				description: typed.description || 'Goods',
				quantity: String(line.quantity),
				unitPrice: money(line.unitPriceMinor),
				metal: line.metal ? `${typed.fineWeight} g at ${money(line.metal.pricePerFineGramMinor)}` : '',
				amount: money(line.amountMinor)
			};
		}
		if (line.kind === 'adjustment')
			return {
				description: typed.description || `Price adjustment (${line.part})`,
				quantity: '',
				unitPrice: '',
				metal: '',
				amount: money(line.amountMinor)
			};
		return {
			description: typed.description || line.charge.charAt(0).toUpperCase() + line.charge.slice(1),
			quantity: '',
			unitPrice: '',
			metal: '',
			amount: money(line.amountMinor)
		};
	});
	const bytes = await drawDocument(head, {
		kind: doc.kind,
		number: doc.number,
		invoiceDate,
		dueDate: form.dueDate,
		reference: doc.poNumber,
		credits,
		lines: printed,
		totals: [
			{ label: 'Goods and labour', amount: money(totals.goodsMinor) },
			{ label: 'Metal', amount: money(totals.metalMinor) },
			...(totals.chargesMinor ? [{ label: 'Charges', amount: money(totals.chargesMinor) }] : []),
			{ label: doc.kind === 'invoice' ? `Total ${currency}` : `Credit ${currency}`, amount: money(totals.totalMinor), bold: true }
		],
		notes: [
			...(doc.notes ? [doc.notes] : []),
			doc.kind === 'invoice'
				? `Goods as delivered against purchase order ${doc.poNumber}. Payment terms: ${form.terms}.`
				: `Credit note against our invoice ${credits} (purchase order ${doc.poNumber}).`
		]
	});
	const result = await submitVendorInvoice(by, form, fileLike(`${doc.number.replace(/[^A-Za-z0-9-]+/g, '-')}.pdf`, bytes));
	await expandAudiences(100);
	return { invoiceId: result.invoiceId };
}

/** The invoice the workshop's "Invoice this PO" button prefills: accepted pieces not yet invoiced, at the PO's prices. */
export async function flippedLines(by: VendorActor, poId: string): Promise<InvoiceLineForm[]> {
	const draft = await getInvoiceDraft(by, { po: poId });
	const goods = draft.form.lines.filter((l) => l.kind === 'goods');
	if (goods.length === 0) throw new Error(`demo seed: nothing to invoice on that PO: ${draft.notice ?? ''}`);
	return draft.form.lines;
}

/** The credit note the invoice's page prefills from the credit the match suggested. */
export async function suggestedCreditLines(by: VendorActor, invoiceId: string): Promise<InvoiceLineForm[]> {
	const draft = await getInvoiceDraft(by, { credits: invoiceId });
	if (draft.notice) throw new Error(`demo seed: no credit suggested: ${draft.notice}`);
	return draft.form.lines;
}

// ---------------------------------------------------------------- finance

export async function documentState(invoiceId: string) {
	const [row] = await asSystem((tx) =>
		tx
			.select({
				version: vendorInvoice.version,
				status: vendorInvoice.status,
				matchStatus: vendorInvoice.matchStatus,
				number: vendorInvoice.number
			})
			.from(vendorInvoice)
			.where(eq(vendorInvoice.id, invoiceId))
	);
	return row;
}

/** Finance approves the documents as they stand (each must be approvable: the seed's story says so). */
export async function approveDocuments(by: StaffActor, invoiceIds: string[]): Promise<void> {
	const items = [];
	for (const id of invoiceIds) items.push({ invoiceId: id, version: (await documentState(id)).version });
	const outcome = await approveInvoices(by, { items });
	if (outcome.refused.length)
		throw new Error(`demo seed: not approved: ${outcome.refused.map((r) => `${r.number} ${r.reason}`).join('; ')}`);
}

export async function holdDocument(by: StaffActor, invoiceId: string, reason: string): Promise<void> {
	await holdInvoice(by, invoiceId, { version: (await documentState(invoiceId)).version, reason });
}

export async function scheduleDemoPayment(
	by: StaffActor,
	invoiceIds: string[],
	method: 'wire' | 'ach',
	inDays: number
): Promise<{ paymentId: string }> {
	return schedulePayment(by, { invoiceIds, method, scheduledOn: addDays(todayIso(), inDays) });
}

export async function recordDemoPaid(by: StaffActor, paymentId: string, reference: string): Promise<void> {
	await recordPaymentPaid(by, paymentId, { paidOn: todayIso(), reference });
}
