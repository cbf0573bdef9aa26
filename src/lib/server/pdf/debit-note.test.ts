import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { layoutDebitNote, renderDebitNotePdf, type DebitNoteDocument } from './debit-note.ts';
import { pageTexts } from './layout.ts';

const note: DebitNoteDocument = {
	brandName: 'Maison Aurèle',
	brandAddress: '12 Rue de la Paix, Paris',
	number: 'DN-2026-0007',
	issuedOn: '2026-11-27',
	vendor: { name: 'Chanthaburi Casting Co.', addressLines: ['88 Sukhumvit Rd', '10110 Bangkok', 'Thailand'], email: 'ap@casting.test' },
	poNumber: 'PO-2026-0042',
	lineNo: 3,
	sku: 'RG-0042',
	description: 'Solitaire ring, 4-prong',
	receiptNumber: 'RCV-2026-0011',
	quantity: 2,
	currency: 'USD',
	unitPriceMinor: 4_500,
	amountMinor: 9_000,
	reason: '2 pieces of PO-2026-0042 line 3 returned in QC of RCV-2026-0011: 2 × porosity (critical).'
};

describe('debit note', () => {
	it('names the brand, the workshop, the PO line, the pieces, the price, the amount and why', () => {
		const [page] = pageTexts(layoutDebitNote(note));
		const text = page.join(' | ');
		for (const expected of [
			'Maison Aurèle',
			'Debit note',
			'DN-2026-0007',
			'Chanthaburi Casting Co.',
			'Thailand',
			'Purchase order PO-2026-0042, line 3',
			'RCV-2026-0011',
			'Solitaire ring, 4-prong',
			'RG-0042',
			'$45.00',
			'$90.00',
			'porosity (critical)',
			'Page 1 of 1'
		]) {
			expect(text).toContain(expected);
		}
	});

	it('is a PDF whose title names the note and the workshop', async () => {
		const bytes = await renderDebitNotePdf(note);
		const pdf = await PDFDocument.load(bytes);
		expect(pdf.getPageCount()).toBe(1);
		expect(pdf.getTitle()).toBe('Debit note DN-2026-0007 for Chanthaburi Casting Co.');
	});
});
