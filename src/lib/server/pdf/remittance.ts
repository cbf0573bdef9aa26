/**
 * The remittance advice a workshop receives when a payment is recorded as paid: which invoices and
 * credit notes the payment settles, so it can book the money against them. Drawn through the shared
 * A4 layout (brand header, table that breaks across pages, totals, "Page N of M").
 */
import { formatMoney } from '#lib/domain/money.ts';
import { formatDate } from '#lib/format/dates.ts';
import { DocumentLayout, addresseeLines, colors, renderDocument, type DocumentModel, type TableColumn, type TableRow } from './layout.ts';

export interface RemittanceAdvice {
	brandName: string;
	brandAddress: string;
	/** 'PAY-2026-0042' */
	paymentNumber: string;
	/** ISO date the money left */
	paidOn: string;
	/** e.g. 'Wire transfer' */
	method: string;
	/** the bank's reference */
	reference: string;
	currency: string;
	vendor: { name: string; addressLines: string[]; email: string | null };
	documents: {
		kind: 'invoice' | 'credit_note';
		number: string;
		/** ISO */
		invoiceDate: string;
		/** the invoice a credit note corrects */
		creditsNumber: string | null;
		poNumbers: string[];
		/** positive, as printed on the document */
		totalMinor: number;
	}[];
	totalMinor: number;
}

const columns: TableColumn[] = [
	{ header: 'Document', width: 90 },
	{ header: 'Number', width: 110 },
	{ header: 'Date', width: 70 },
	{ header: 'Purchase orders', width: 130 },
	{ header: 'Amount', width: 90, align: 'right' }
];

export const remittanceTitle = (advice: Pick<RemittanceAdvice, 'paymentNumber' | 'vendor'>) =>
	`Remittance advice ${advice.paymentNumber} for ${advice.vendor.name}`;

export function layoutRemittance(advice: RemittanceAdvice): DocumentModel {
	const title = 'Remittance advice';
	const money = (minor: number) => formatMoney(minor, advice.currency);
	const layout = new DocumentLayout({
		continuation: { left: advice.brandName, right: `${title} ${advice.paymentNumber} (continued)` }
	});
	layout.documentHeader({
		brandName: advice.brandName,
		brandAddress: advice.brandAddress,
		title,
		number: advice.paymentNumber,
		details: [`Paid ${formatDate(advice.paidOn)}`]
	});

	layout.columns([
		{ title: 'Paid to', lines: addresseeLines(advice.vendor) },
		{
			title: 'Payment',
			lines: [
				{ text: `Date: ${formatDate(advice.paidOn)}` },
				{ text: `Method: ${advice.method}` },
				{ text: `Reference: ${advice.reference}` },
				{ text: `Currency: ${advice.currency}` }
			]
		}
	]);

	const rows: TableRow[] = advice.documents.map((doc) => ({
		cells: [
			{ content: [{ text: doc.kind === 'credit_note' ? 'Credit note' : 'Invoice' }] },
			{
				content: [
					{ text: doc.number, weight: 'bold' },
					...(doc.creditsNumber ? [{ text: `against ${doc.creditsNumber}`, color: colors.muted }] : [])
				]
			},
			{ content: [{ text: formatDate(doc.invoiceDate) }] },
			{ content: [{ text: doc.poNumbers.join(', ') || '—' }] },
			{ content: [{ text: money(doc.kind === 'credit_note' ? -doc.totalMinor : doc.totalMinor) }] }
		]
	}));
	layout.heading('Settled by this payment', { gapBefore: 4 });
	layout.table(columns, rows);
	layout.gap(8);

	const invoices = advice.documents.filter((d) => d.kind === 'invoice').reduce((s, d) => s + d.totalMinor, 0);
	const credits = advice.documents.filter((d) => d.kind === 'credit_note').reduce((s, d) => s + d.totalMinor, 0);
	layout.amounts([
		{ label: 'Invoices', value: money(invoices) },
		{ label: 'Credit notes', value: money(-credits) },
		{ label: `Paid (${advice.currency})`, value: money(advice.totalMinor), emphasis: true }
	]);
	layout.paragraphs(
		[
			{
				text: 'Questions about this payment? Reply to the e-mail it came with, or open your invoices in Bezel.',
				size: 8,
				color: colors.muted
			}
		],
		{ gapAfter: 0 }
	);
	return layout.finish({ footer: `${title} ${advice.paymentNumber} · ${advice.vendor.name}` });
}

export async function renderRemittancePdf(advice: RemittanceAdvice): Promise<Uint8Array> {
	return renderDocument(layoutRemittance(advice), {
		title: remittanceTitle(advice),
		author: advice.brandName,
		subject: `Payment ${advice.paymentNumber}`,
		keywords: [advice.paymentNumber, advice.vendor.name, ...advice.documents.map((d) => d.number)],
		created: new Date(`${advice.paidOn}T12:00:00Z`)
	});
}
