/**
 * The debit note a workshop receives for pieces returned in QC: which pieces, of which PO line, at
 * what price, and why. The brand does not pay for them, so the workshop invoices the accepted pieces
 * only, or credits them if it invoiced them already. Drawn through the shared A4 layout.
 */
import { formatMoney } from '#lib/domain/money.ts';
import { formatDate } from '#lib/format/dates.ts';
import { DocumentLayout, addresseeLines, colors, renderDocument, type DocumentModel, type TableColumn } from './layout.ts';

export interface DebitNoteDocument {
	brandName: string;
	brandAddress: string;
	/** 'DN-2026-0042' */
	number: string;
	/** ISO date it was issued: the day the inspection was completed */
	issuedOn: string;
	vendor: { name: string; addressLines: string[]; email: string | null };
	poNumber: string;
	lineNo: number;
	sku: string | null;
	description: string;
	receiptNumber: string;
	quantity: number;
	currency: string;
	unitPriceMinor: number;
	amountMinor: number;
	reason: string;
}

const columns: TableColumn[] = [
	{ header: 'Item', width: 275 },
	{ header: 'Returned', width: 60, align: 'right' },
	{ header: 'Unit price', width: 90, align: 'right' },
	{ header: 'Amount', width: 90, align: 'right' }
];

export const debitNoteTitle = (note: Pick<DebitNoteDocument, 'number' | 'vendor'>) => `Debit note ${note.number} for ${note.vendor.name}`;

export function layoutDebitNote(note: DebitNoteDocument): DocumentModel {
	const title = 'Debit note';
	const money = (minor: number) => formatMoney(minor, note.currency);
	const layout = new DocumentLayout({ continuation: { left: note.brandName, right: `${title} ${note.number} (continued)` } });
	layout.documentHeader({
		brandName: note.brandName,
		brandAddress: note.brandAddress,
		title,
		number: note.number,
		details: [`Issued ${formatDate(note.issuedOn)}`]
	});

	layout.columns([
		{ title: 'Issued to', lines: addresseeLines(note.vendor) },
		{
			title: 'For',
			lines: [
				{ text: `Purchase order ${note.poNumber}, line ${note.lineNo}` },
				{ text: `Received on ${note.receiptNumber}, returned in quality control` },
				{ text: `Currency: ${note.currency}` }
			]
		}
	]);

	layout.heading('Returned pieces', { gapBefore: 4 });
	layout.table(columns, [
		{
			cells: [
				{
					content: [{ text: note.description, weight: 'bold' }, ...(note.sku ? [{ text: note.sku, color: colors.muted }] : [])]
				},
				{ content: [{ text: String(note.quantity) }] },
				{ content: [{ text: money(note.unitPriceMinor) }] },
				{ content: [{ text: money(note.amountMinor) }] }
			]
		}
	]);
	layout.gap(8);
	layout.amounts([{ label: `Debited (${note.currency})`, value: money(note.amountMinor), emphasis: true }]);
	layout.heading('Why', { gapBefore: 4 });
	layout.paragraphs([{ text: note.reason }]);
	layout.paragraphs(
		[
			{
				text: `The brand does not pay for these pieces. Invoice only the accepted pieces of line ${note.lineNo}; if you have invoiced the returned ones already, issue a credit note for ${money(note.amountMinor)} against that invoice.`,
				size: 8,
				color: colors.muted
			}
		],
		{ gapAfter: 0 }
	);
	return layout.finish({ footer: `${title} ${note.number} · ${note.vendor.name}` });
}

export async function renderDebitNotePdf(note: DebitNoteDocument): Promise<Uint8Array> {
	return renderDocument(layoutDebitNote(note), {
		title: debitNoteTitle(note),
		author: note.brandName,
		subject: `Debit note ${note.number} on ${note.poNumber}`,
		keywords: [note.number, note.poNumber, note.vendor.name],
		created: new Date(`${note.issuedOn}T12:00:00Z`)
	});
}
