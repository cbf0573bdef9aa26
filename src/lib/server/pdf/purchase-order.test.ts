import * as fontkitModule from '@pdf-lib/fontkit';
import { PDFDict, PDFDocument, PDFName, PDFRawStream, decodePDFRawStream } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { wdcStatement } from '#lib/domain/purchase-orders/snapshot.ts';
import { missingGlyphs, textMeasure } from './fonts.ts';
import { DocumentLayout, colors, pageTexts, wrapText, type DocumentModel, type TextOp } from './layout.ts';
import { draftWatermark, layoutPurchaseOrder, purchaseOrderTitle, renderPurchaseOrderPdf } from './purchase-order.ts';
import { samplePoSnapshot } from './sample-purchase-order.ts';

const unicodeName = 'Žluťoučký Ατελιέ ₹';

/** All the text of a document as one string: wrapped lines join back with the spaces they were broken at. */
const allText = (model: DocumentModel) => pageTexts(model).flat().join(' ');
const textOps = (model: DocumentModel) => model.pages.map((page) => page.ops.filter((op): op is TextOp => op.kind === 'text'));

describe('purchase-order layout', () => {
	it('fits a 3-line PO on one page with the header, vendor, totals, signatures and page number', () => {
		const snapshot = samplePoSnapshot({ lines: 3 });
		const model = layoutPurchaseOrder(snapshot);
		expect(model.pages).toHaveLength(1);
		const text = allText(model);
		for (const expected of [
			'Maison Aurèle',
			'Purchase order',
			'PO-2026-0042',
			'Revision 1',
			'Issued 27 Nov 2026',
			'Siam Fine Casting Co., Ltd.',
			'Tax ID 0105551234567',
			'Requested by 31 Jan 2027',
			'Collection: Spring 2027 · Lumière',
			'RG-1042',
			'18K white gold (750)',
			'Target 2.00 g ± 0.15 g',
			'Total (USD)',
			'For Maison Aurèle',
			'Accepted by Siam Fine Casting Co., Ltd.',
			'Page 1 of 1'
		]) {
			expect(text).toContain(expected);
		}
	});

	it('breaks 120 lines over several pages, repeating the table header and numbering every page', () => {
		const model = layoutPurchaseOrder(samplePoSnapshot({ lines: 120 }));
		const pages = pageTexts(model);
		expect(pages.length).toBeGreaterThan(3);
		pages.forEach((texts, index) => {
			expect(texts).toContain(`Page ${index + 1} of ${pages.length}`);
			if (index > 0) expect(texts).toContain('Purchase order PO-2026-0042 · Revision 1 (continued)');
		});
		// every page holding line rows starts them under the header row
		for (const texts of pages.slice(0, -1)) expect(texts).toContain('Line total');
		// every line exactly once, in order, none lost or repeated at a page break
		const lineNumbers = textOps(model)
			.flat()
			.filter((op) => op.x < 60 && /^\d+$/.test(op.text) && op.size === 8)
			.map((op) => Number(op.text));
		expect(lineNumbers).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
	});

	it('keeps all text inside the margins and above the footer', () => {
		const snapshot = samplePoSnapshot({ lines: 40, vendorName: `${unicodeName} ${'Workshop '.repeat(12)}` });
		snapshot.lines[7].notes = 'Hand-finish every prong. '.repeat(400);
		snapshot.lines[8].sku = 'X'.repeat(90);
		const model = layoutPurchaseOrder(snapshot);
		const layout = new DocumentLayout();
		for (const op of textOps(model).flat()) {
			if (op.rotate) continue;
			expect(op.x).toBeGreaterThanOrEqual(layout.left - 0.01);
			expect(op.x + op.width).toBeLessThanOrEqual(layout.right + 0.01);
			expect(op.y).toBeGreaterThan(20);
			if (!op.text.startsWith('Page ') && !op.text.startsWith('Purchase order PO-')) expect(op.y).toBeGreaterThan(layout.bottom - 0.01);
		}
		// the note longer than a page was split across pages, not dropped
		const note = textOps(model)
			.flat()
			.filter((op) => op.color === colors.strong && op.size === 7.5)
			.map((op) => op.text)
			.join(' ');
		expect(textOps(model).filter((ops) => ops.some((op) => op.text.includes('Hand-finish'))).length).toBeGreaterThan(1);
		expect(note.split('Hand-finish every prong.').length - 1).toBe(400);
	});

	it('marks a draft with a watermark on every page, and a sent revision with none', () => {
		const draft = layoutPurchaseOrder(samplePoSnapshot({ lines: 60, revision: 0 }));
		expect(draft.pages.length).toBeGreaterThan(1);
		for (const texts of pageTexts(draft)) expect(texts).toContain(draftWatermark);
		expect(allText(draft)).toContain('Revision 0 (draft)');
		expect(allText(draft)).toContain('Not issued yet');

		const sent = layoutPurchaseOrder(samplePoSnapshot({ lines: 60, revision: 2 }));
		expect(allText(sent)).not.toContain(draftWatermark);
		expect(allText(sent)).toContain('About revision 2');
	});

	it('prints the WDC statement only when a line that is not cancelled has diamonds', () => {
		expect(allText(layoutPurchaseOrder(samplePoSnapshot({ lines: 3, diamonds: true })))).toContain(wdcStatement);
		expect(allText(layoutPurchaseOrder(samplePoSnapshot({ lines: 3, diamonds: false })))).not.toContain(wdcStatement);

		const onlyCancelled = samplePoSnapshot({ lines: 3, diamonds: true });
		for (const line of onlyCancelled.lines) if (line.hasDiamonds) line.cancelled = true;
		expect(allText(layoutPurchaseOrder(onlyCancelled))).not.toContain(wdcStatement);
	});

	it('strikes a cancelled line through and says so', () => {
		const snapshot = samplePoSnapshot({ lines: 3 });
		snapshot.lines[1].cancelled = true;
		const ops = textOps(layoutPurchaseOrder(snapshot)).flat();
		expect(ops.find((op) => op.text === 'CANCELLED')?.strike).toBeUndefined();
		expect(ops.find((op) => op.text === snapshot.lines[1].sku && op.strike)).toBeDefined();
		expect(ops.some((op) => op.text === 'cancelled')).toBe(true);
	});
});

describe('wrapText', () => {
	it('fills lines up to the width, keeps line breaks and cuts words longer than a line', () => {
		const lines = wrapText('one two three four five six\nseven   eight\n\nnine ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJ', 60, 'regular', 9);
		for (const line of lines) expect(textMeasure.width(line, 'regular', 9)).toBeLessThanOrEqual(60);
		expect(lines.join(' ').replace(/ +/g, ' ')).toContain('one two three four five six seven eight');
		expect(lines).toContain('');
		expect(lines.join('')).toContain('ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJ');
	});
});

describe('renderPurchaseOrderPdf', () => {
	it('covers the scripts vendors and brands write their names in', () => {
		expect(missingGlyphs('Žluťoučký kůň Ατελιέ Дмитрий Łódź Øresund ₹ € ฿ £ ¥ ± × — “ ” ‘ ’ …')).toEqual([]);
		expect(missingGlyphs('ร้านทอง')).not.toEqual([]);
	});

	it('renders a one-page PO with its metadata', async () => {
		const snapshot = samplePoSnapshot({ lines: 3 });
		const bytes = await renderPurchaseOrderPdf(snapshot);
		expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
		const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
		expect(pdf.getPageCount()).toBe(1);
		expect(pdf.getTitle()).toContain('PO-2026-0042');
		expect(pdf.getTitle()).toBe(purchaseOrderTitle(snapshot));
		expect(pdf.getAuthor()).toBe('Maison Aurèle');
		expect(pdf.getCreator()).toBe('Bezel');
		expect(pdf.getCreationDate()?.toISOString()).toBe('2026-11-27T09:30:00.000Z');
	});

	it('renders 120 lines onto as many pages as the layout laid out', async () => {
		const snapshot = samplePoSnapshot({ lines: 120, revision: 0 });
		const pdf = await PDFDocument.load(await renderPurchaseOrderPdf(snapshot), { updateMetadata: false });
		expect(pdf.getPageCount()).toBe(layoutPurchaseOrder(snapshot).pages.length);
		expect(pdf.getPageCount()).toBeGreaterThan(3);
	});

	it('renders names in Czech, Greek and with a rupee sign without throwing', async () => {
		const snapshot = samplePoSnapshot({ lines: 3, vendorName: unicodeName, brandName: `${unicodeName} € ฿ ± ×` });
		snapshot.lines[0].description = 'Ring — 18K, ± 0.1 mm, ₹ 12 500 × 2, Кольцо, Δαχτυλίδι, ร้านทอง, 💍';
		const bytes = await renderPurchaseOrderPdf(snapshot);
		const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
		expect(pdf.getAuthor()).toBe(`${unicodeName} € ฿ ± ×`);
		expect(allText(layoutPurchaseOrder(snapshot))).toContain(`Accepted by ${unicodeName}`);
	});

	it('reuses an encoded font subset only for the same glyphs', async () => {
		const fontkit = (fontkitModule as unknown as { default: typeof fontkitModule }).default;
		/** glyph count of each embedded font program, regular and bold */
		const glyphCounts = async (bytes: Uint8Array) => {
			const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
			const counts: number[] = [];
			for (const [, object] of pdf.context.enumerateIndirectObjects()) {
				if (!(object instanceof PDFDict) || object.get(PDFName.of('Type')) !== PDFName.of('FontDescriptor')) continue;
				const program = pdf.context.lookup(object.get(PDFName.of('FontFile2')));
				if (!(program instanceof PDFRawStream)) throw new Error('font program is not a stream');
				counts.push(fontkit.create(decodePDFRawStream(program).decode()).numGlyphs);
			}
			return counts.sort();
		};
		const latin = samplePoSnapshot({ lines: 3 });
		const greek = samplePoSnapshot({ lines: 3, vendorName: 'Ατελιέ Ωμέγα Ψ' });
		const first = await glyphCounts(await renderPurchaseOrderPdf(latin));
		const other = await glyphCounts(await renderPurchaseOrderPdf(greek));
		const again = await glyphCounts(await renderPurchaseOrderPdf(latin));
		expect(first).toHaveLength(2);
		expect(again).toEqual(first);
		expect(other[0] + other[1]).toBeGreaterThan(first[0] + first[1]);
	});
});
