/**
 * Job-bag labels: a QR code that opens the job page on a phone, the job number in big type and the facts a
 * bench worker checks without scanning. Two formats: one 4 × 6 in label per page for thermal label printers,
 * and A4 sheets of 2 × 4 labels (Avery L7165 geometry) for an office printer.
 *
 * The QR code is drawn as filled rectangles, not a raster image: it stays sharp at any printer resolution
 * and costs no image encoding. Everything prints in pure black, since thermal printers dither grey into
 * speckles that blur small type and QR edges alike.
 */
import QRCode from 'qrcode';
import { formatDate } from '#lib/format/dates.ts';
import { invalid } from '#lib/server/errors.ts';
import { ASCENT, textMeasure, type FontWeight } from './fonts.ts';
import {
	A4,
	DocumentLayout,
	clampLines,
	colors,
	fitText,
	fittingSize,
	orDash,
	printable,
	renderDocument,
	type Color,
	type DocumentModel,
	type RectOp
} from './layout.ts';

export type JobLabel = {
	/** 'JB-2026-0042-1' for a batch, 'JB-2026-0042-1.3' for piece 3 */
	number: string;
	/** what the QR code encodes, e.g. 'https://bezel.example/j/JB-2026-0042-1' */
	url: string;
	poNumber: string;
	lineNo: number;
	sku: string;
	description: string;
	quantity: number;
	/** set for a single piece ("piece 3 of 12"); null for a batch ("12 pcs") */
	pieceNo: number | null;
	alloy: string;
	size: string;
	targetWeight: string;
	stoneSpec: string;
	vendorName: string;
	/** ISO date */
	promisedDate: string;
	brandName: string;
};

export type LabelFormat = '4x6' | 'a4';

export const ink: Color = [0, 0, 0];

/** Blank modules around the symbol that scanners need to find it: 4 is what the QR standard asks for. */
export const QUIET_ZONE = 4;

const MM = 72 / 25.4;
const INCH = 72;

export interface LabelSlot {
	x: number;
	/** bottom edge */
	y: number;
	width: number;
	height: number;
}

/** Where each label of a page sits, in the order they fill. */
export function labelSlots(format: LabelFormat): LabelSlot[] {
	if (format === '4x6') return [{ x: 0, y: 0, width: 4 * INCH, height: 6 * INCH }];
	// Avery L7165: 99.1 × 67.7 mm labels, 4.65 mm side and 13.1 mm top margins, 2.5 mm between the columns
	const width = 99.1 * MM;
	const height = 67.7 * MM;
	const slots: LabelSlot[] = [];
	for (let row = 0; row < 4; row++) {
		for (let column = 0; column < 2; column++) {
			slots.push({ x: 4.65 * MM + column * 101.6 * MM, y: A4[1] - 13.1 * MM - (row + 1) * height, width, height });
		}
	}
	return slots;
}

export const pageSizes: Record<LabelFormat, readonly [number, number]> = { '4x6': [4 * INCH, 6 * INCH], a4: A4 };

export interface QrModules {
	/** modules per side */
	size: number;
	/** row by row, 1 for a dark module */
	data: Uint8Array;
}

/** The QR symbol of `text` at error correction level M (a label may get scuffed, 15% of it can be lost). */
export function qrModules(text: string): QrModules {
	const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
	return { size: modules.size, data: modules.data };
}

/**
 * Dark modules as rectangles with the symbol's top-left corner at (x, top). Runs of a row become one
 * rectangle, and equal runs in consecutive rows merge downwards: a tenth of the operations, and no hairline
 * seams between neighbouring modules in viewers that anti-alias each rectangle on its own.
 */
export function qrRects(modules: QrModules, x: number, top: number, moduleSize: number): RectOp[] {
	const rects: RectOp[] = [];
	let above = new Map<number, RectOp>();
	for (let row = 0; row < modules.size; row++) {
		const current = new Map<number, RectOp>();
		const y = top - (row + 1) * moduleSize;
		let column = 0;
		while (column < modules.size) {
			if (!modules.data[row * modules.size + column]) {
				column++;
				continue;
			}
			const start = column;
			while (column < modules.size && modules.data[row * modules.size + column]) column++;
			const key = start * modules.size + column;
			let rect = above.get(key);
			if (rect) {
				rect.y = y;
				rect.height += moduleSize;
			} else {
				rect = { kind: 'rect', x: x + start * moduleSize, y, width: (column - start) * moduleSize, height: moduleSize, fill: ink };
				rects.push(rect);
			}
			current.set(key, rect);
		}
		above = current;
	}
	return rects;
}

const quantityText = (label: JobLabel) =>
	label.pieceNo === null ? `${label.quantity} ${label.quantity === 1 ? 'pc' : 'pcs'}` : `Piece ${label.pieceNo} of ${label.quantity}`;

/**
 * A QR symbol `symbolWidth` wide inside its quiet zone, the zone's top-left corner at (x, top); returns the
 * zone's width (`box`) and margin, which nothing else may be drawn into.
 */
function drawQr(layout: DocumentLayout, modules: QrModules, x: number, top: number, symbolWidth: number) {
	const moduleSize = symbolWidth / modules.size;
	const margin = QUIET_ZONE * moduleSize;
	layout.page.ops.push(...qrRects(modules, x + margin, top - margin, moduleSize));
	return { box: symbolWidth + 2 * margin, margin };
}

/** 4 × 6 in portrait: brand, a 1.8 in QR code, the number as large as fits, then the facts as a table. */
function drawLargeLabel(layout: DocumentLayout, label: JobLabel, modules: QrModules, slot: LabelSlot) {
	const pad = 0.2 * INCH;
	const left = slot.x + pad;
	const width = slot.width - 2 * pad;
	let y = slot.y + slot.height - pad;

	layout.text(fitText(printable(label.brandName), width, 'regular', 8), left, y - 8 * ASCENT, { size: 8, color: ink });
	y -= 12;

	// 1.8 in of symbol: a phone at arm's length over the bench reads it at once
	const symbolWidth = 1.8 * INCH;
	const box = symbolWidth * (1 + (2 * QUIET_ZONE) / modules.size);
	drawQr(layout, modules, slot.x + (slot.width - box) / 2, y, symbolWidth);
	y -= box;

	const number = printable(label.number, 'bold');
	const numberSize = fittingSize(number, width, 28, 12);
	const numberText = fitText(number, width, 'bold', numberSize);
	const numberWidth = textMeasure.width(numberText, 'bold', numberSize);
	layout.text(numberText, slot.x + (slot.width - numberWidth) / 2, y - numberSize * ASCENT, {
		weight: 'bold',
		size: numberSize,
		color: ink
	});
	y -= numberSize * 1.2 + 4;
	layout.line(left, y, left + width, y, 1, ink);
	y -= 6;

	const keyWidth = 62;
	const valueX = left + keyWidth;
	const valueWidth = width - keyWidth;
	const size = 9.5;
	const lineHeight = size * 1.28;
	const row = (key: string, lines: { text: string; weight?: FontWeight }[]) => {
		layout.text(key, left, y - size * ASCENT, { size: 7.5, color: ink });
		for (const line of lines) {
			layout.text(line.text, valueX, y - size * ASCENT, { size, weight: line.weight ?? 'regular', color: ink });
			y -= lineHeight;
		}
		y -= 1.5;
	};
	const one = (text: string, weight: FontWeight = 'regular') => [
		{ text: fitText(printable(text, weight), valueWidth, weight, size), weight }
	];
	const many = (text: string, maxLines: number) => clampLines(text, valueWidth, 'regular', size, maxLines).map((text) => ({ text }));

	row('PO', one(`${label.poNumber} · line ${label.lineNo}`));
	row('Item', [...one(orDash(label.sku), 'bold'), ...many(label.description, 2)]);
	row('Quantity', one(quantityText(label), 'bold'));
	row('Alloy', one(orDash(label.alloy)));
	row('Size', one(orDash(label.size)));
	row('Target weight', one(orDash(label.targetWeight)));
	row('Stones', label.stoneSpec.trim() ? many(label.stoneSpec, 2) : one('—'));
	row('Workshop', many(orDash(label.vendorName), 2));
	row('Promised', one(formatDate(label.promisedDate), 'bold'));
}

/** A4 sheet label (99 × 68 mm): a 1.35 in QR code on the left with the promised date under it, the facts on the right. */
function drawSheetLabel(layout: DocumentLayout, label: JobLabel, modules: QrModules, slot: LabelSlot) {
	layout.rect(slot.x, slot.y, slot.width, slot.height, { stroke: colors.rule, thickness: 0.25 });
	const pad = 9;
	const top = slot.y + slot.height - pad;
	const symbolWidth = 1.35 * INCH;
	// the quiet zone reaches into the padding, up to the label's edge: it is blank paper either way
	const qrX = slot.x + 1;
	const { box, margin } = drawQr(layout, modules, qrX, slot.y + slot.height - 1, symbolWidth);
	const qrRight = qrX + box;

	const underQr = slot.y + slot.height - 1 - box - 2;
	layout.text('Promised', qrX + margin, underQr - 7 * ASCENT, { size: 7, color: ink });
	const promised = fitText(formatDate(label.promisedDate), symbolWidth, 'bold', 10);
	layout.text(promised, qrX + margin, underQr - 9 - 10 * ASCENT, { weight: 'bold', size: 10, color: ink });

	const x = qrRight;
	const width = slot.x + slot.width - pad - x;
	let y = top;
	const size = 8.5;
	const lineHeight = size * 1.25;
	const put = (text: string, weight: FontWeight = 'regular', textSize = size) => {
		layout.text(text, x, y - textSize * ASCENT, { weight, size: textSize, color: ink });
		y -= textSize === size ? lineHeight : textSize * 1.2;
	};
	const one = (text: string, weight: FontWeight = 'regular') => put(fitText(printable(text, weight), width, weight, size), weight);
	const many = (text: string, maxLines: number) => clampLines(text, width, 'regular', size, maxLines).forEach((line) => put(line));

	put(fitText(printable(label.brandName), width, 'regular', 6.5), 'regular', 6.5);
	const number = printable(label.number, 'bold');
	const numberSize = fittingSize(number, width, 16, 9);
	put(fitText(number, width, 'bold', numberSize), 'bold', numberSize);
	y -= 2;
	one(`${label.poNumber} · line ${label.lineNo}`);
	one(orDash(label.sku), 'bold');
	many(label.description, 2);
	one(quantityText(label), 'bold');
	one(orDash(label.alloy));
	const sizeAndWeight = [label.size.trim() ? `Size ${label.size}` : '', label.targetWeight.trim() ? `Target ${label.targetWeight}` : '']
		.filter(Boolean)
		.join(' · ');
	if (sizeAndWeight) one(sizeAndWeight);
	if (label.stoneSpec.trim()) many(`Stones: ${label.stoneSpec}`, 2);
	one(label.vendorName);
}

/** The labels as pages of drawing operations: pure, so tests can read what lands where. */
export function layoutJobLabels(labels: JobLabel[], format: LabelFormat): DocumentModel {
	if (labels.length === 0) throw invalid('There are no job bags to print labels for.');
	const slots = labelSlots(format);
	const layout = new DocumentLayout({ size: pageSizes[format], margins: { top: 0, right: 0, bottom: 0, left: 0 } });
	// a reprint of the same job (or a duplicate in the list) reuses its symbol
	const symbols = new Map<string, QrModules>();
	labels.forEach((label, index) => {
		if (index > 0 && index % slots.length === 0) layout.addPage();
		let modules = symbols.get(label.url);
		if (!modules) symbols.set(label.url, (modules = qrModules(label.url)));
		const slot = slots[index % slots.length];
		if (format === '4x6') drawLargeLabel(layout, label, modules, slot);
		else drawSheetLabel(layout, label, modules, slot);
	});
	return { size: layout.size, pages: layout.pages };
}

export async function renderJobLabelsPdf(labels: JobLabel[], format: LabelFormat): Promise<Uint8Array> {
	const model = layoutJobLabels(labels, format);
	const poNumbers = [...new Set(labels.map((label) => label.poNumber))];
	return renderDocument(model, {
		title: poNumbers.length === 1 ? `Job-bag labels for ${poNumbers[0]}` : 'Job-bag labels',
		author: labels[0].brandName,
		subject: `${labels.length} job-bag ${labels.length === 1 ? 'label' : 'labels'}`,
		keywords: poNumbers
	});
}
