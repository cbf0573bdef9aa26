/**
 * Accounting exports as pure tables (header + rows of strings); the server turns them into CSV.
 *
 * - QuickBooks Online, "Import data → Bills": one row per bill line, the bill's fields repeated on
 *   each line, grouped by Bill No. A QBO bill cannot be negative, so a credit note is exported as
 *   negative lines on the bill of the invoice it corrects (same Bill No.), which is what QBO's import
 *   accepts; a credit note without an invoice keeps its own number.
 * - Xero, "Bills → Import": Xero's purchase-bill template columns, one row per line. A document whose
 *   total is negative is imported by Xero as a credit note, so credit notes have negative amounts.
 *   Each line goes as Quantity 1 × its exact amount: a goods line's amount is pieces × price plus
 *   metal, which no unit price with the currency's decimals can always reproduce.
 * - Generic: every column Bezel has, one row per line, ISO dates.
 *
 * Amounts are decimal strings made from integer minor units with the currency's decimals
 * (`minorToDecimalString`): never a float, never rounded.
 */
import { minorToDecimalString } from '#lib/domain/money.ts';

export interface ExportLine {
	lineNo: number;
	kind: 'goods' | 'adjustment' | 'charge';
	description: string;
	quantity: number | null;
	unitPriceMinor: number | null;
	/** positive, as printed; the document's kind says whether it is added or taken off */
	amountMinor: number;
	/** 'PO-2026-0007 line 2', or '' */
	poLine: string;
}

export interface ExportDocument {
	kind: 'invoice' | 'credit_note';
	number: string;
	/** credit notes: the invoice they correct */
	creditsNumber: string | null;
	vendorName: string;
	vendorEmail: string;
	/** ISO dates */
	invoiceDate: string;
	dueDate: string | null;
	terms: string;
	currency: string;
	status: string;
	poNumbers: string[];
	notes: string;
	totalMinor: number;
	approvedOn: string | null;
	paymentNumber: string | null;
	paidOn: string | null;
	paymentReference: string | null;
	lines: ExportLine[];
}

export interface ExportOptions {
	/** QBO expense account name */
	account: string;
	/** Xero account code */
	accountCode: string;
	/** Xero tax rate name */
	taxType: string;
}

/** QuickBooks Online bill import columns, in the order of its sample file. */
export const qboBillHeader = [
	'Bill No.',
	'Supplier',
	'Bill Date',
	'Due Date',
	'Terms',
	'Location',
	'Memo',
	'Account',
	'Line Description',
	'Line Amount',
	'Currency'
] as const;

/** Xero's bill import template; the asterisks are part of the names and mark required columns. */
export const xeroBillHeader = [
	'*ContactName',
	'EmailAddress',
	'POAddressLine1',
	'POAddressLine2',
	'POAddressLine3',
	'POAddressLine4',
	'POCity',
	'PORegion',
	'POPostalCode',
	'POCountry',
	'*InvoiceNumber',
	'*InvoiceDate',
	'*DueDate',
	'Total',
	'InventoryItemCode',
	'Description',
	'*Quantity',
	'*UnitAmount',
	'*AccountCode',
	'*TaxType',
	'TaxAmount',
	'TrackingName1',
	'TrackingOption1',
	'TrackingName2',
	'TrackingOption2',
	'Currency'
] as const;

export const genericHeader = [
	'Document type',
	'Number',
	'Credits invoice',
	'Vendor',
	'Vendor email',
	'Invoice date',
	'Due date',
	'Terms',
	'Currency',
	'Status',
	'PO numbers',
	'Document total',
	'Approved on',
	'Payment',
	'Paid on',
	'Payment reference',
	'Line',
	'Line kind',
	'PO line',
	'Description',
	'Quantity',
	'Unit price',
	'Line amount',
	'Notes'
] as const;

const [isoYear, isoMonth, isoDay] = [0, 1, 2];
const parts = (iso: string) => iso.slice(0, 10).split('-');
/** 2026-11-27 → 11/27/2026 (QBO reads the US company format) */
export const usDate = (iso: string) => {
	const p = parts(iso);
	return `${p[isoMonth]}/${p[isoDay]}/${p[isoYear]}`;
};
/** 2026-11-27 → 27/11/2026 (Xero's template format) */
export const dayFirstDate = (iso: string) => {
	const p = parts(iso);
	return `${p[isoDay]}/${p[isoMonth]}/${p[isoYear]}`;
};

/** Signed amount: credit notes take off. */
const signed = (doc: Pick<ExportDocument, 'kind'>, minor: number) => (doc.kind === 'credit_note' ? -minor : minor);
const amount = (doc: ExportDocument, minor: number) => minorToDecimalString(signed(doc, minor), doc.currency);

function lineText(doc: ExportDocument, line: ExportLine): string {
	const words = [line.description.trim() || (line.kind === 'charge' ? 'Charge' : 'Line')];
	if (line.quantity !== null && line.unitPriceMinor !== null) {
		words.push(`${line.quantity} × ${minorToDecimalString(line.unitPriceMinor, doc.currency)}`);
	}
	if (line.poLine) words.push(line.poLine);
	const text = words.join(' · ');
	return doc.kind === 'credit_note' ? `Credit note ${doc.number}: ${text}` : text;
}

/** A document with no lines still exports one line for its total, so the tool sees the amount. */
function linesOf(doc: ExportDocument): ExportLine[] {
	if (doc.lines.length > 0) return doc.lines;
	return [
		{ lineNo: 1, kind: 'charge', description: 'Total', quantity: null, unitPriceMinor: null, amountMinor: doc.totalMinor, poLine: '' }
	];
}

export function qboBillRows(docs: readonly ExportDocument[], options: ExportOptions): string[][] {
	const rows: string[][] = [];
	for (const doc of docs) {
		const billNo = doc.kind === 'credit_note' && doc.creditsNumber ? doc.creditsNumber : doc.number;
		const memo =
			doc.kind === 'credit_note'
				? `Credit note ${doc.number}${doc.creditsNumber ? ` against ${doc.creditsNumber}` : ''}`
				: doc.poNumbers.length
					? `PO ${doc.poNumbers.join(', ')}`
					: '';
		for (const line of linesOf(doc)) {
			rows.push([
				billNo,
				doc.vendorName,
				usDate(doc.invoiceDate),
				usDate(doc.dueDate ?? doc.invoiceDate),
				doc.terms,
				'',
				memo,
				options.account,
				lineText(doc, line),
				amount(doc, line.amountMinor),
				doc.currency
			]);
		}
	}
	return rows;
}

export function xeroBillRows(docs: readonly ExportDocument[], options: ExportOptions): string[][] {
	const rows: string[][] = [];
	for (const doc of docs) {
		for (const line of linesOf(doc)) {
			rows.push([
				doc.vendorName,
				doc.vendorEmail,
				'',
				'',
				'',
				'',
				'',
				'',
				'',
				'',
				doc.number,
				dayFirstDate(doc.invoiceDate),
				dayFirstDate(doc.dueDate ?? doc.invoiceDate),
				amount(doc, doc.totalMinor),
				'',
				lineText(doc, line),
				'1',
				amount(doc, line.amountMinor),
				options.accountCode,
				options.taxType,
				'',
				'',
				'',
				'',
				'',
				doc.currency
			]);
		}
	}
	return rows;
}

export const documentKindLabels = { invoice: 'Invoice', credit_note: 'Credit note' } as const;

export function genericRows(docs: readonly ExportDocument[]): string[][] {
	const rows: string[][] = [];
	for (const doc of docs) {
		for (const line of linesOf(doc)) {
			rows.push([
				documentKindLabels[doc.kind],
				doc.number,
				doc.creditsNumber ?? '',
				doc.vendorName,
				doc.vendorEmail,
				doc.invoiceDate,
				doc.dueDate ?? '',
				doc.terms,
				doc.currency,
				doc.status,
				doc.poNumbers.join(' '),
				amount(doc, doc.totalMinor),
				doc.approvedOn ?? '',
				doc.paymentNumber ?? '',
				doc.paidOn ?? '',
				doc.paymentReference ?? '',
				String(line.lineNo),
				line.kind,
				line.poLine,
				line.description,
				line.quantity === null ? '' : String(line.quantity),
				line.unitPriceMinor === null ? '' : minorToDecimalString(line.unitPriceMinor, doc.currency),
				amount(doc, line.amountMinor),
				doc.notes
			]);
		}
	}
	return rows;
}

export function accountingTable(
	format: 'generic' | 'qbo' | 'xero',
	docs: readonly ExportDocument[],
	options: ExportOptions
): { header: string[]; rows: string[][] } {
	if (format === 'qbo') return { header: [...qboBillHeader], rows: qboBillRows(docs, options) };
	if (format === 'xero') return { header: [...xeroBillHeader], rows: xeroBillRows(docs, options) };
	return { header: [...genericHeader], rows: genericRows(docs) };
}

/** What a payment settles: invoices minus their approved credit notes, in minor units. */
export function netPaymentMinor(documents: readonly { kind: 'invoice' | 'credit_note'; totalMinor: number }[]): number {
	return documents.reduce((sum, doc) => sum + signed(doc, doc.totalMinor), 0);
}
