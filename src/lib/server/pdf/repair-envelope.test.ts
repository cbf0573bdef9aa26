import { randomBytes } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import QRCode from 'qrcode';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ASCENT, missingGlyphs } from './fonts.ts';
import { pageTexts, type PageModel, type RectOp, type TextOp } from './layout.ts';
import {
	A5,
	QR_STUB_WIDTH,
	STUB_HEIGHT,
	layoutRepairEnvelope,
	renderRepairEnvelopePdf,
	type Box,
	type RepairEnvelope
} from './repair-envelope.ts';

function envelope(overrides: Partial<RepairEnvelope> = {}): RepairEnvelope {
	return {
		number: 'RJ-2026-0042',
		url: 'https://bezel.example/r/RJ-2026-0042',
		brandName: 'Maison Aurèle',
		createdOn: '2026-11-27',
		customerName: 'Hélène Marchetti',
		orderReference: 'SHOP-100234',
		description: 'Yellow metal ring, 1 white stone in a four-prong head',
		stamps: '750 · maker’s mark MA',
		intakeWeight: '3.60 g',
		intakeStoneCount: 1,
		conditionNotes: 'One prong worn thin; light scratches on the shank.',
		declaredValue: '$1,250.00',
		requestedWork: ['Re-tipping', 'Rhodium re-plate'],
		workNotes: 'Re-tip all four prongs, polish, re-plate.',
		promisedToCustomer: '2026-12-11',
		workshopName: 'Bangkok Repair Bench Co.',
		...overrides
	};
}

const inside = (box: Box, x: number, y: number) => x >= box.x && x <= box.x + box.width && y >= box.y && y <= box.y + box.height;
const qrRectsIn = (page: PageModel, box: Box) =>
	page.ops.filter((op): op is RectOp => op.kind === 'rect' && op.fill !== undefined && inside(box, op.x, op.y));
const textsIn = (page: PageModel, box: Box) => page.ops.filter((op): op is TextOp => op.kind === 'text' && inside(box, op.x, op.y));
const texts = (page: PageModel) => page.ops.filter((op): op is TextOp => op.kind === 'text');
/** A line of text from its descenders to its ascenders. */
const textBox = (op: TextOp) => ({ left: op.x, right: op.x + op.width, bottom: op.y - op.size * 0.25, top: op.y + op.size * ASCENT });

/** Reads drawn rectangles back into a module matrix: each dark module covered exactly once, on the grid. */
function readSymbol(rects: RectOp[], size: number) {
	const left = Math.min(...rects.map((r) => r.x));
	const right = Math.max(...rects.map((r) => r.x + r.width));
	const bottom = Math.min(...rects.map((r) => r.y));
	const top = Math.max(...rects.map((r) => r.y + r.height));
	const moduleSize = (right - left) / size;
	expect((top - bottom) / size).toBeCloseTo(moduleSize, 6);
	const cell = (value: number) => Math.round(value / moduleSize);
	const modules = new Uint8Array(size * size);
	for (const rect of rects) {
		for (let row = cell(top - rect.y - rect.height); row < cell(top - rect.y); row++) {
			for (let column = cell(rect.x - left); column < cell(rect.x + rect.width - left); column++) {
				expect(modules[row * size + column]).toBe(0);
				modules[row * size + column] = 1;
			}
		}
	}
	return { modules, width: right - left, left, right, bottom, top, moduleSize };
}

async function jpeg(width: number, height: number) {
	return new Uint8Array(
		await sharp({ create: { width, height, channels: 3, background: { r: 200, g: 170, b: 60 } } })
			.jpeg()
			.toBuffer()
	);
}

const hasImage = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1').includes('/Subtype /Image');

describe('layoutRepairEnvelope', () => {
	it('draws the repair’s URL as a QR code on the sheet and on the outer stub, each with a clear quiet zone', () => {
		const data = envelope();
		const { model, regions } = layoutRepairEnvelope(data);
		expect(model.pages).toHaveLength(1);
		const page = model.pages[0];
		const expected = QRCode.create(data.url, { errorCorrectionLevel: 'M' }).modules;
		for (const [region, minWidth] of [
			[regions.sheet, 0.9 * 72],
			[regions.stub, 72]
		] as const) {
			const symbol = readSymbol(qrRectsIn(page, region), expected.size);
			expect(Array.from(symbol.modules)).toEqual(Array.from(expected.data));
			expect(symbol.width).toBeGreaterThanOrEqual(minWidth - 0.01);
			const zone = 4 * symbol.moduleSize;
			const clear = { left: symbol.left - zone, right: symbol.right + zone, bottom: symbol.bottom - zone, top: symbol.top + zone };
			expect(clear.left).toBeGreaterThanOrEqual(region.x);
			expect(clear.right).toBeLessThanOrEqual(region.x + region.width);
			expect(clear.bottom).toBeGreaterThanOrEqual(region.y);
			expect(clear.top).toBeLessThanOrEqual(region.y + region.height);
			for (const op of texts(page)) {
				const box = textBox(op);
				const overlaps = box.left < clear.right && box.right > clear.left && box.bottom < clear.top && box.top > clear.bottom;
				expect(overlaps, `"${op.text}" lies in the quiet zone`).toBe(false);
			}
		}
		// nothing else is filled black: a stray rectangle would be read as part of a symbol
		expect(qrRectsIn(page, regions.counterfoil)).toHaveLength(0);
	});

	it('prints the intake facts on the sheet, and the customer only on the brand’s counterfoil', () => {
		const data = envelope();
		const { model, regions } = layoutRepairEnvelope(data);
		const page = model.pages[0];
		const sheet = textsIn(page, regions.sheet).map((op) => op.text);
		for (const expected of [
			'Maison Aurèle',
			'Repair envelope',
			'RJ-2026-0042',
			'Taken in 27 Nov 2026',
			'Yellow metal ring, 1 white stone in a four-prong head',
			'750 · maker’s mark MA',
			'3.60 g',
			'1',
			'One prong worn thin; light scratches on the shank.',
			'$1,250.00',
			'Re-tipping, Rhodium re-plate',
			'Re-tip all four prongs, polish, re-plate.',
			'11 Dec 2026',
			'Bangkok Repair Bench Co.',
			'Received by (workshop)',
			'Checked on return (brand)'
		]) {
			expect(sheet).toContain(expected);
		}
		for (const label of ['Weight at intake', 'Stones at intake', 'Declared value', 'Work requested']) expect(sheet).toContain(label);
		expect(sheet.filter((text) => text === 'Date')).toHaveLength(2);
		// the sheet travels to the workshop, which never learns whose piece it is
		expect(sheet.join(' ')).not.toContain('Hélène');
		expect(sheet.join(' ')).not.toContain('SHOP-100234');

		const foil = textsIn(page, regions.counterfoil).map((op) => op.text);
		expect(foil).toContain('BRAND COPY — KEEP, DO NOT SEND');
		expect(foil).toContain('Customer: Hélène Marchetti');
		expect(foil).toContain('Order: SHOP-100234');
		expect(foil).toContain('RJ-2026-0042');

		// the stub may be seen from outside the parcel: the number and nothing else
		expect(textsIn(page, regions.stub).map((op) => op.text)).toEqual(['RJ-2026-0042']);
	});

	it('says so when no workshop is assigned and no date was promised', () => {
		const sheet = pageTexts(layoutRepairEnvelope(envelope({ workshopName: '', promisedToCustomer: null, stamps: '  ' })).model)[0];
		expect(sheet).toContain('Not assigned yet');
		expect(sheet).not.toContain('11 Dec 2026');
		expect(sheet.filter((text) => text === '—').length).toBeGreaterThanOrEqual(2);
	});

	for (const photo of [false, true]) {
		it(`${photo ? 'with' : 'without'} a photo: wraps and cuts long texts so that everything stays on its part of the page`, () => {
			const long = envelope({
				brandName: `Maison Aurèle ${'Haute Joaillerie '.repeat(12)}`,
				number: 'RJ-2026-123456789',
				customerName: 'Hélène '.repeat(30),
				orderReference: 'X'.repeat(120),
				description: 'Yellow metal ring with an engraved shank and a milgrain edge, 1 white stone. '.repeat(12),
				stamps: '750 MA '.repeat(40),
				conditionNotes: 'Prongs worn, shank thin at the back, small dent near the head. '.repeat(20),
				declaredValue: '$1,250,000,000.00',
				requestedWork: ['Sizing', 'Re-tipping', 'Chain solder', 'Stone replacement', 'Rhodium re-plate', 'Other'],
				workNotes: 'Size up two, keep the engraving, re-tip all prongs, then polish and re-plate. '.repeat(30),
				workshopName: `Bangkok ${'Repair '.repeat(40)}`
			});
			const { model, regions, photoBox } = layoutRepairEnvelope(long, { photo });
			expect(model.pages).toHaveLength(1);
			const page = model.pages[0];
			const [width, height] = A5;
			for (const op of texts(page)) {
				const box = textBox(op);
				expect(box.left, op.text).toBeGreaterThanOrEqual(20);
				expect(box.right, op.text).toBeLessThanOrEqual(width - 20);
				expect(box.bottom, op.text).toBeGreaterThanOrEqual(20);
				expect(box.top, op.text).toBeLessThanOrEqual(height - 20);
				// nothing straddles the cut lines
				expect(box.bottom >= STUB_HEIGHT || box.top <= STUB_HEIGHT, op.text).toBe(true);
				if (box.top <= STUB_HEIGHT) expect(box.right <= width - QR_STUB_WIDTH || box.left >= width - QR_STUB_WIDTH, op.text).toBe(true);
				if (photoBox) {
					const overlaps =
						box.left < photoBox.x + photoBox.width &&
						box.right > photoBox.x &&
						box.bottom < photoBox.y + photoBox.height &&
						box.top > photoBox.y;
					expect(overlaps, `"${op.text}" lies on the photo`).toBe(false);
				}
			}
			// text above the cut stays clear of the signature boxes' tops and the facts never run into them
			const sheetTexts = textsIn(page, regions.sheet);
			const description = sheetTexts.filter((op) => op.text.length > 20 && long.description.includes(op.text.replace(/…$/, '')));
			expect(description.length).toBeGreaterThan(0);
			expect(description.length).toBeLessThanOrEqual(3);
			expect(description.at(-1)!.text.endsWith('…')).toBe(true);
			const notes = sheetTexts.filter((op) => op.text.length > 20 && long.workNotes.includes(op.text.replace(/…$/, '')));
			expect(notes.length).toBeGreaterThan(0);
			expect(notes.at(-1)!.text.endsWith('…')).toBe(true);
			const numberOps = page.ops.filter((op): op is TextOp => op.kind === 'text' && op.text === 'RJ-2026-123456789');
			expect(numberOps).toHaveLength(3);
			expect(textsIn(page, regions.stub).map((op) => op.text)).toEqual(['RJ-2026-123456789']);

			// the facts are shortened rather than run into the signature boxes
			const boxes = page.ops.filter((op): op is RectOp => op.kind === 'rect' && op.fill === undefined && op.height > 50 && op.width > 150);
			expect(boxes).toHaveLength(2);
			const [boxBottom, boxTop] = [Math.min(...boxes.map((b) => b.y)), Math.max(...boxes.map((b) => b.y + b.height))];
			const inBoxes = sheetTexts.filter((op) => textBox(op).top > boxBottom && textBox(op).bottom < boxTop).map((op) => op.text);
			expect(new Set(inBoxes)).toEqual(
				new Set(['Received by (workshop)', 'Checked on return (brand)', 'Weight / stones', 'Name, signature', 'Date'])
			);
		});
	}
});

describe('renderRepairEnvelopePdf', () => {
	it('renders one A5 page that parses, titled with the repair number', async () => {
		const bytes = await renderRepairEnvelopePdf(envelope());
		expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
		const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
		expect(pdf.getPageCount()).toBe(1);
		const { width, height } = pdf.getPage(0).getSize();
		expect(width).toBeCloseTo(419.53, 1);
		expect(height).toBeCloseTo(595.28, 1);
		expect(pdf.getTitle()).toBe('Repair envelope RJ-2026-0042');
		expect(pdf.getAuthor()).toBe('Maison Aurèle');
		expect(hasImage(bytes)).toBe(false);
	});

	it('embeds a JPEG photo, converts a WebP thumbnail, and prints without a photo it cannot read', async () => {
		const withJpeg = await renderRepairEnvelopePdf(envelope({ photo: await jpeg(480, 360) }));
		expect(hasImage(withJpeg)).toBe(true);
		expect((await PDFDocument.load(withJpeg)).getPageCount()).toBe(1);

		const webp = new Uint8Array(
			await sharp({ create: { width: 300, height: 400, channels: 3, background: '#ccc' } })
				.webp()
				.toBuffer()
		);
		const withWebp = await renderRepairEnvelopePdf(envelope({ photo: webp }));
		expect(hasImage(withWebp)).toBe(true);

		// a large photo is shrunk before it goes in: the sheet prints it 3 cm wide
		const big = await jpeg(3000, 3000);
		const noisy = new Uint8Array(
			await sharp(randomBytes(1200 * 1200 * 3), {
				raw: { width: 1200, height: 1200, channels: 3 }
			})
				.jpeg({ quality: 95 })
				.toBuffer()
		);
		expect(noisy.byteLength).toBeGreaterThan(300 * 1024);
		const withNoisy = await renderRepairEnvelopePdf(envelope({ photo: noisy }));
		expect(hasImage(withNoisy)).toBe(true);
		expect(withNoisy.byteLength).toBeLessThan(noisy.byteLength);
		expect(hasImage(await renderRepairEnvelopePdf(envelope({ photo: big })))).toBe(true);

		const garbage = await renderRepairEnvelopePdf(envelope({ photo: new TextEncoder().encode('not a photo at all') }));
		expect(hasImage(garbage)).toBe(false);
		const fakeJpeg = await renderRepairEnvelopePdf(envelope({ photo: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]) }));
		expect(hasImage(fakeJpeg)).toBe(false);
		expect((await PDFDocument.load(fakeJpeg)).getPageCount()).toBe(1);
		expect(pageTexts(layoutRepairEnvelope(envelope()).model)[0]).not.toContain('Photo at intake');
	});

	it('prints Thai, Devanagari and emoji it has no glyphs for as question marks, without throwing', async () => {
		const thai = envelope({
			brandName: 'ร้านทอง Aurèle',
			customerName: 'สมชาย ใจดี',
			orderReference: 'ऑर्डर-42',
			description: 'แหวนทอง सोने की अंगूठी 💍',
			conditionNotes: 'Ελαφριές γρατζουνιές, царапины',
			workshopName: 'ร้านซ่อมทอง จำกัด',
			workNotes: '修理してください'
		});
		const bytes = await renderRepairEnvelopePdf(thai);
		expect((await PDFDocument.load(bytes)).getPageCount()).toBe(1);
		const all = pageTexts(layoutRepairEnvelope(thai).model)[0].join(' ');
		expect(missingGlyphs(all)).toEqual([]);
		expect(missingGlyphs(all, 'bold')).toEqual([]);
		// Greek and Cyrillic are in the font and print as they are
		expect(all).toContain('Ελαφριές γρατζουνιές, царапины');
		expect(all).toContain('Customer: ????? ????');
	});

	it('renders quickly', async () => {
		const photo = await jpeg(480, 360);
		await renderRepairEnvelopePdf(envelope({ photo }));
		const start = performance.now();
		for (let run = 0; run < 5; run++) await renderRepairEnvelopePdf(envelope({ photo }));
		const each = (performance.now() - start) / 5;
		console.log(`repair envelope with photo: ${each.toFixed(1)} ms each`);
		expect(each).toBeLessThan(500);
	});
});
