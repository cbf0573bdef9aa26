import { PDFDocument } from 'pdf-lib';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { AppError } from '#lib/server/errors.ts';
import { ASCENT, missingGlyphs } from './fonts.ts';
import {
	QUIET_ZONE,
	labelSlots,
	layoutJobLabels,
	pageSizes,
	qrModules,
	renderJobLabelsPdf,
	type JobLabel,
	type LabelFormat,
	type LabelSlot
} from './job-labels.ts';
import { pageTexts, type DocumentModel, type PageModel, type RectOp, type TextOp } from './layout.ts';

const formats: LabelFormat[] = ['4x6', 'a4'];

function label(overrides: Partial<JobLabel> = {}): JobLabel {
	return {
		number: 'JB-2026-0042-1.3',
		url: 'https://bezel.example/j/JB-2026-0042-1.3',
		poNumber: 'PO-2026-0042',
		lineNo: 1,
		sku: 'RG-1042',
		description: 'Solitaire ring, cathedral setting, knife-edge shank',
		quantity: 12,
		pieceNo: 3,
		alloy: '18K yellow (750)',
		size: '52',
		targetWeight: '4.20 g ± 0.20 g',
		stoneSpec: '1 × 0.50 ct round brilliant, G VS1',
		vendorName: 'Siam Fine Casting Co., Ltd.',
		promisedDate: '2026-12-11',
		brandName: 'Maison Aurèle',
		...overrides
	};
}

/** One batch label per line of a PO, as a 50-line PO prints them. */
const batchLabels = (count: number) =>
	Array.from({ length: count }, (_, index) =>
		label({
			number: `JB-2026-0042-${index + 1}`,
			url: `https://bezel.example/j/JB-2026-0042-${index + 1}`,
			lineNo: index + 1,
			sku: `RG-${1000 + index}`,
			pieceNo: null
		})
	);

const inside = (slot: LabelSlot, x: number, y: number) =>
	x >= slot.x && x <= slot.x + slot.width && y >= slot.y && y <= slot.y + slot.height;
const qrRectsOf = (page: PageModel, slot: LabelSlot) =>
	page.ops.filter((op): op is RectOp => op.kind === 'rect' && op.fill !== undefined && inside(slot, op.x, op.y));
const textsOf = (page: PageModel, slot: LabelSlot) => page.ops.filter((op): op is TextOp => op.kind === 'text' && inside(slot, op.x, op.y));
/** A line of text from its descenders to its ascenders. */
const textBox = (op: TextOp) => ({ left: op.x, right: op.x + op.width, bottom: op.y - op.size * 0.25, top: op.y + op.size * ASCENT });

/**
 * Reads the drawn symbol back into a module matrix: the rectangles must sit on the module grid and cover
 * every dark module exactly once. The finder patterns put dark modules in the first and last row and
 * column, so the rectangles' extent is the symbol's.
 */
function readSymbol(rects: RectOp[], size: number) {
	const left = Math.min(...rects.map((r) => r.x));
	const right = Math.max(...rects.map((r) => r.x + r.width));
	const bottom = Math.min(...rects.map((r) => r.y));
	const top = Math.max(...rects.map((r) => r.y + r.height));
	const moduleSize = (right - left) / size;
	expect((top - bottom) / size).toBeCloseTo(moduleSize, 6);
	const cell = (value: number) => {
		const index = value / moduleSize;
		expect(Math.abs(index - Math.round(index))).toBeLessThan(1e-6);
		return Math.round(index);
	};
	const modules = new Uint8Array(size * size);
	for (const rect of rects) {
		for (let row = cell(top - rect.y - rect.height); row < cell(top - rect.y); row++) {
			for (let column = cell(rect.x - left); column < cell(rect.x + rect.width - left); column++) {
				expect(modules[row * size + column]).toBe(0);
				modules[row * size + column] = 1;
			}
		}
	}
	return { modules, moduleSize, left, right, bottom, top };
}

/** Each label of the model with its slot, page by page, in print order. */
function placed(model: DocumentModel, format: LabelFormat) {
	const slots = labelSlots(format);
	return model.pages.flatMap((page) => slots.map((slot) => ({ page, slot })).filter(({ page, slot }) => textsOf(page, slot).length > 0));
}

describe('qrModules', () => {
	it('is the level-M symbol of the text', () => {
		const url = 'https://bezel.example/j/JB-2026-0042-1';
		const expected = QRCode.create(url, { errorCorrectionLevel: 'M' }).modules;
		const symbol = qrModules(url);
		expect(symbol.size).toBe(expected.size);
		expect(Array.from(symbol.data)).toEqual(Array.from(expected.data));
		expect(Array.from(qrModules(`${url}.2`).data)).not.toEqual(Array.from(symbol.data));
	});
});

describe('layoutJobLabels', () => {
	for (const format of formats) {
		it(`${format}: draws each label's own URL as a QR code with a clear quiet zone`, () => {
			const labels = batchLabels(9);
			const model = layoutJobLabels(labels, format);
			const labelsOnPages = placed(model, format);
			expect(labelsOnPages).toHaveLength(9);
			labelsOnPages.forEach(({ page, slot }, index) => {
				const expected = QRCode.create(labels[index].url, { errorCorrectionLevel: 'M' }).modules;
				const symbol = readSymbol(qrRectsOf(page, slot), expected.size);
				expect(Array.from(symbol.modules)).toEqual(Array.from(expected.data));

				const width = symbol.right - symbol.left;
				// scannable from a phone at the bench: 1.6 in at least on the big label, an inch on the sheet
				expect(width).toBeGreaterThanOrEqual(format === '4x6' ? 1.6 * 72 : 72);
				const zone = QUIET_ZONE * symbol.moduleSize;
				const clear = { left: symbol.left - zone, right: symbol.right + zone, bottom: symbol.bottom - zone, top: symbol.top + zone };
				expect(clear.left).toBeGreaterThanOrEqual(slot.x);
				expect(clear.right).toBeLessThanOrEqual(slot.x + slot.width);
				expect(clear.bottom).toBeGreaterThanOrEqual(slot.y);
				expect(clear.top).toBeLessThanOrEqual(slot.y + slot.height);
				for (const op of textsOf(page, slot)) {
					const box = textBox(op);
					const overlaps = box.left < clear.right && box.right > clear.left && box.bottom < clear.top && box.top > clear.bottom;
					expect(overlaps, `"${op.text}" lies in the quiet zone`).toBe(false);
				}
			});
		});

		it(`${format}: prints the job number, PO, piece or quantity and promised date`, () => {
			const model = layoutJobLabels([label(), label({ number: 'JB-2026-0042-2', pieceNo: null, lineNo: 2, quantity: 12 })], format);
			const texts = pageTexts(model).flat();
			for (const expected of [
				'JB-2026-0042-1.3',
				'JB-2026-0042-2',
				'PO-2026-0042 · line 1',
				'PO-2026-0042 · line 2',
				'Piece 3 of 12',
				'12 pcs',
				'RG-1042',
				'11 Dec 2026'
			]) {
				expect(texts).toContain(expected);
			}
			const all = texts.join(' ');
			for (const expected of [
				'Maison Aurèle',
				'18K yellow (750)',
				'4.20 g ± 0.20 g',
				'Siam Fine Casting Co., Ltd.',
				'0.50 ct round brilliant'
			]) {
				expect(all).toContain(expected);
			}
			const number = model.pages[0].ops.find((op): op is TextOp => op.kind === 'text' && op.text === 'JB-2026-0042-1.3')!;
			const others = model.pages[0].ops.filter((op): op is TextOp => op.kind === 'text' && !op.text.startsWith('JB-'));
			expect(number.weight).toBe('bold');
			expect(number.size).toBeGreaterThan(Math.max(...others.map((op) => op.size)));
		});

		it(`${format}: cuts a long description, SKU and stone list instead of overflowing the label`, () => {
			const long = label({
				sku: 'X'.repeat(90),
				description: 'Hand-engraved scrollwork band with milgrain edges and a hidden halo. '.repeat(20),
				stoneSpec: '24 × 0.015 ct round brilliant, F VS, pavé set, '.repeat(10),
				vendorName: `Siam Fine Casting ${'Workshop '.repeat(20)}`,
				number: 'JB-2026-0042-123.456'
			});
			const model = layoutJobLabels([long, long, long], format);
			for (const { page, slot } of placed(model, format)) {
				const texts = textsOf(page, slot);
				for (const op of texts) {
					expect(op.x).toBeGreaterThanOrEqual(slot.x + 4);
					expect(op.x + op.width).toBeLessThanOrEqual(slot.x + slot.width - 4);
					expect(textBox(op).bottom).toBeGreaterThanOrEqual(slot.y + 4);
					expect(textBox(op).top).toBeLessThanOrEqual(slot.y + slot.height - 4);
				}
				const description = texts.filter((op) => long.description.includes(op.text.replace(/…$/, '')));
				expect(description.length).toBeGreaterThan(0);
				expect(description.length).toBeLessThanOrEqual(2);
				expect(description.at(-1)!.text.endsWith('…')).toBe(true);
				expect(texts.some((op) => op.text.startsWith('XXXX') && op.text.endsWith('…'))).toBe(true);
				expect(texts.map((op) => op.text)).toContain('JB-2026-0042-123.456');
			}
		});
	}

	it('puts the 9th label of an A4 sheet at the top left of a second page', () => {
		const model = layoutJobLabels(batchLabels(9), 'a4');
		expect(model.pages).toHaveLength(2);
		const [first] = labelSlots('a4');
		expect(textsOf(model.pages[1], first).map((op) => op.text)).toContain('JB-2026-0042-9');
	});

	it('refuses an empty list with a sentence', () => {
		expect(() => layoutJobLabels([], '4x6')).toThrow(AppError);
		expect(() => layoutJobLabels([], 'a4')).toThrow('There are no job bags to print labels for.');
	});
});

describe('renderJobLabelsPdf', () => {
	const pagesFor: Record<LabelFormat, (count: number) => number> = { '4x6': (count) => count, a4: (count) => Math.ceil(count / 8) };

	for (const format of formats) {
		it(`${format}: renders 1, 8, 9 and 50 labels onto the right number of pages of the right size`, async () => {
			for (const count of [1, 8, 9, 50]) {
				const bytes = await renderJobLabelsPdf(batchLabels(count), format);
				expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
				const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
				expect(pdf.getPageCount()).toBe(pagesFor[format](count));
				for (const page of pdf.getPages()) {
					const { width, height } = page.getSize();
					expect(width).toBeCloseTo(pageSizes[format][0], 2);
					expect(height).toBeCloseTo(pageSizes[format][1], 2);
				}
				expect(pdf.getTitle()).toBe('Job-bag labels for PO-2026-0042');
				expect(pdf.getAuthor()).toBe('Maison Aurèle');
			}
			expect(pageSizes['4x6']).toEqual([288, 432]);
		});

		it(`${format}: prints Thai and Devanagari it has no glyphs for as question marks, without throwing`, async () => {
			const thai = label({
				vendorName: 'ร้านทองสยาม จำกัด',
				description: 'แหวนทอง सोने की अंगूठी 💍',
				stoneSpec: 'เพชร 1 เม็ด',
				brandName: 'Maison Aurèle'
			});
			const bytes = await renderJobLabelsPdf([thai, label()], format);
			expect((await PDFDocument.load(bytes)).getPageCount()).toBe(format === '4x6' ? 2 : 1);
			const text = pageTexts(layoutJobLabels([thai], format))
				.flat()
				.join(' ');
			expect(missingGlyphs(text)).toEqual([]);
			expect(missingGlyphs(text, 'bold')).toEqual([]);
			expect(text).toContain('??????????? ?????');
		});
	}

	it('renders the labels of a 50-line PO quickly', async () => {
		const labels = batchLabels(50);
		for (const format of formats) {
			const coldStart = performance.now();
			await renderJobLabelsPdf(labels, format);
			const cold = performance.now() - coldStart;
			const runs: number[] = [];
			for (let run = 0; run < 5; run++) {
				const start = performance.now();
				await renderJobLabelsPdf(labels, format);
				runs.push(performance.now() - start);
			}
			runs.sort((a, b) => a - b);
			console.log(
				`job-bag labels, 50 labels, ${format}: first ${cold.toFixed(1)} ms, then median ${runs[2].toFixed(1)} ms, worst ${runs[4].toFixed(1)} ms`
			);
		}
	});
});
