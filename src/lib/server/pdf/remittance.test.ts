import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { pageTexts } from './layout.ts';
import { layoutRemittance, renderRemittancePdf, type RemittanceAdvice } from './remittance.ts';

function advice(documents = 2): RemittanceAdvice {
	return {
		brandName: 'Maison Aurèle',
		brandAddress: '12 Rue de la Paix, Paris',
		paymentNumber: 'PAY-2026-0042',
		paidOn: '2026-11-27',
		method: 'Wire transfer',
		reference: 'FT26-331-0042',
		currency: 'USD',
		vendor: { name: 'Chanthaburi Casting Co.', addressLines: ['88 Sukhumvit Rd', 'Bangkok'], email: 'ap@casting.test' },
		documents: [
			...Array.from({ length: documents - 1 }, (_, i) => ({
				kind: 'invoice' as const,
				number: `INV-${100 + i}`,
				invoiceDate: '2026-11-20',
				creditsNumber: null,
				poNumbers: ['PO-2026-0007'],
				totalMinor: 90_500
			})),
			{
				kind: 'credit_note' as const,
				number: 'CN-7',
				invoiceDate: '2026-11-25',
				creditsNumber: 'INV-100',
				poNumbers: [],
				totalMinor: 8_500
			}
		],
		totalMinor: 90_500 * (documents - 1) - 8_500
	};
}

describe('remittance advice', () => {
	it('names the brand, the workshop, the payment and each document with its amount and the total', () => {
		const [page] = pageTexts(layoutRemittance(advice()));
		const text = page.join(' | ');
		for (const expected of [
			'Maison Aurèle',
			'Remittance advice',
			'PAY-2026-0042',
			'Chanthaburi Casting Co.',
			'Method: Wire transfer',
			'Reference: FT26-331-0042',
			'INV-100',
			'CN-7',
			'against INV-100',
			'$905.00',
			'-$85.00',
			'$820.00',
			'Page 1 of 1'
		]) {
			expect(text).toContain(expected);
		}
	});

	it('breaks a long payment across numbered pages', async () => {
		const model = layoutRemittance(advice(120));
		const pages = pageTexts(model);
		expect(pages.length).toBeGreaterThan(1);
		expect(pages.at(-1)!.join(' ')).toContain(`Page ${pages.length} of ${pages.length}`);
		const pdf = await PDFDocument.load(await renderRemittancePdf(advice(120)));
		expect(pdf.getPageCount()).toBe(pages.length);
		expect(pdf.getTitle()).toBe('Remittance advice PAY-2026-0042 for Chanthaburi Casting Co.');
	});
});
