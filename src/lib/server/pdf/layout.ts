/**
 * A4 layout shared by Bezel's documents (purchase orders now; job-bag labels, remittance advice and
 * repair envelopes next). Layout is a pure step that turns content into pages of drawing operations,
 * so a test can read what lands on which page without parsing a PDF; `renderDocument` then turns the
 * pages into bytes. Coordinates are PDF points from the bottom-left corner of the page.
 */
import { deflateSync } from 'node:zlib';
import { PDFDocument, type PDFFont, type PDFPage } from 'pdf-lib';
import {
	ASCENT,
	CAP_HEIGHT,
	embedDocumentFonts,
	missingGlyphs,
	prepareText,
	textMeasure,
	type FontWeight,
	type TextMeasure
} from './fonts.ts';

export type Color = readonly [number, number, number];

export const colors = {
	text: [0.1, 0.1, 0.12],
	muted: [0.4, 0.4, 0.44],
	rule: [0.78, 0.78, 0.8],
	strong: [0.25, 0.25, 0.28],
	fill: [0.94, 0.94, 0.95],
	alert: [0.7, 0.1, 0.1],
	watermark: [0.8, 0.12, 0.12]
} as const satisfies Record<string, Color>;

/** A4 portrait in points. */
export const A4 = [595.28, 841.89] as const;

export interface TextOp {
	kind: 'text';
	x: number;
	/** baseline */
	y: number;
	text: string;
	weight: FontWeight;
	size: number;
	/** as measured, so a strike-through or a test needs no font */
	width: number;
	color: Color;
	strike?: boolean;
	/** degrees, counter-clockwise about (x, y) */
	rotate?: number;
	opacity?: number;
}

export interface LineOp {
	kind: 'line';
	x1: number;
	y1: number;
	x2: number;
	y2: number;
	thickness: number;
	color: Color;
}

export interface RectOp {
	kind: 'rect';
	x: number;
	y: number;
	width: number;
	height: number;
	fill?: Color;
	stroke?: Color;
	thickness?: number;
}

export type DrawOp = TextOp | LineOp | RectOp;

export interface PageModel {
	ops: DrawOp[];
}

export interface DocumentModel {
	size: readonly [number, number];
	pages: PageModel[];
}

export interface TextStyle {
	weight?: FontWeight;
	size?: number;
	color?: Color;
	strike?: boolean;
}

export interface Paragraph extends TextStyle {
	text: string;
	/** extra space above this paragraph inside its block */
	gapBefore?: number;
}

export type Align = 'left' | 'right';

export interface Margins {
	top: number;
	right: number;
	bottom: number;
	left: number;
}

export const defaultMargins: Margins = { top: 42, right: 40, bottom: 56, left: 40 };
export const bodySize = 9;
export const lineHeightFor = (size: number) => size * 1.3;

/** Splits on line breaks, then fills each line word by word; a word wider than the line breaks between characters. */
export function wrapText(text: string, maxWidth: number, weight: FontWeight, size: number, measure: TextMeasure = textMeasure): string[] {
	return wrapMeasured(text, maxWidth, weight, size, measure).map((line) => line.text);
}

/** `wrapText` with each line's width, which it knows anyway: placing right-aligned lines needs it. */
function wrapMeasured(text: string, maxWidth: number, weight: FontWeight, size: number, measure: TextMeasure) {
	const lines: { text: string; width: number }[] = [];
	const space = measure.width(' ', weight, size);
	for (const paragraph of text.split(/\r\n|[\n\r\v\f\u2028\u2029]/)) {
		let line = '';
		let lineWidth = 0;
		for (const word of prepareText(paragraph).split(' ')) {
			if (word === '') continue;
			const width = measure.width(word, weight, size);
			if (line !== '' && lineWidth + space + width <= maxWidth) {
				line += ` ${word}`;
				lineWidth += space + width;
				continue;
			}
			if (line !== '') lines.push({ text: line, width: lineWidth });
			line = word;
			lineWidth = width;
			if (width <= maxWidth) continue;
			// a long SKU or URL: cut it where it overflows
			line = '';
			lineWidth = 0;
			for (const char of word) {
				const charWidth = measure.width(char, weight, size);
				if (line !== '' && lineWidth + charWidth > maxWidth) {
					lines.push({ text: line, width: lineWidth });
					line = '';
					lineWidth = 0;
				}
				line += char;
				lineWidth += charWidth;
			}
		}
		lines.push({ text: line, width: lineWidth });
	}
	return lines;
}

/** One line that must not wrap (a footer, a running header): cut with an ellipsis where it would overflow. */
export function fitText(text: string, maxWidth: number, weight: FontWeight, size: number, measure: TextMeasure = textMeasure): string {
	const clean = prepareText(text);
	if (measure.width(clean, weight, size) <= maxWidth) return clean;
	const chars = [...clean];
	const ellipsis = measure.width('…', weight, size);
	let width = 0;
	let end = 0;
	while (end < chars.length && width + measure.width(chars[end], weight, size) + ellipsis <= maxWidth)
		width += measure.width(chars[end++], weight, size);
	return `${chars.slice(0, end).join('').trimEnd()}…`;
}

/**
 * Text the font can draw: characters DejaVu lacks (Thai, Devanagari, emoji) become '?', which reads as
 * "something was here" where the font's empty box could pass for a printing fault.
 */
export function printable(text: string, weight: FontWeight = 'regular'): string {
	const clean = prepareText(text);
	const missing = missingGlyphs(clean, weight);
	if (missing.length === 0) return clean;
	const lacking = new Set(missing);
	let out = '';
	for (const char of clean) out += lacking.has(char) ? '?' : char;
	return out;
}

/** At most `maxLines` wrapped lines of printable text, the last cut with an ellipsis when the text goes on. */
export function clampLines(text: string, width: number, weight: FontWeight, size: number, maxLines: number): string[] {
	const lines = wrapText(printable(text, weight), width, weight, size).filter((line) => line !== '');
	if (lines.length <= maxLines) return lines;
	const kept = lines.slice(0, maxLines - 1);
	kept.push(fitText(lines.slice(maxLines - 1).join(' '), width, weight, size));
	return kept;
}

/** The largest bold size up to `max`, in half points, at which `text` fits on one line; below `min` it is cut instead. */
export function fittingSize(text: string, width: number, max: number, min: number): number {
	const unit = textMeasure.width(text, 'bold', 1);
	return unit === 0 ? max : Math.max(min, Math.min(max, Math.floor((width / unit) * 2) / 2));
}

/** An empty field prints as a dash. */
export const orDash = (text: string) => (text.trim() === '' ? '—' : text);

/** Whom a document is addressed to: the name in bold, the address, the e-mail in muted grey. */
export function addresseeLines(party: { name: string; addressLines: string[]; email: string | null }): Paragraph[] {
	const lines: Paragraph[] = [{ text: party.name, weight: 'bold' }, ...party.addressLines.map((text) => ({ text }))];
	if (party.email) lines.push({ text: party.email, color: colors.muted });
	return lines;
}

interface BlockLine {
	text: string;
	weight: FontWeight;
	size: number;
	color: Color;
	strike: boolean;
	width: number;
	/** from the top of the block to the top of this line */
	offset: number;
	height: number;
}

/** Paragraphs wrapped to a width, ready to be placed anywhere. */
export interface TextBlock {
	lines: BlockLine[];
	height: number;
}

interface PreparedCell {
	x: number;
	width: number;
	align: Align;
	block: TextBlock;
}

interface PreparedRow {
	cells: PreparedCell[];
	height: number;
	fill?: Color;
}

export interface TableColumn {
	header: string;
	/** relative: the widths are scaled to the content width */
	width: number;
	align?: Align;
}

export interface TableCell {
	content: Paragraph[];
	/** columns this cell covers; 1 by default */
	span?: number;
}

export interface TableRow {
	cells: TableCell[];
	fill?: Color;
	/** stays on the page of the row before it (a line's notes under the line), when the pair fits on a page */
	keepWithPrevious?: boolean;
}

export interface TableOptions {
	size?: number;
	padding?: number;
}

export interface LayoutOptions {
	size?: readonly [number, number];
	margins?: Margins;
	measure?: TextMeasure;
	/** a small line at the top of every page after the first, so a loose page says what it belongs to */
	continuation?: { left: string; right: string };
}

export interface FinishOptions {
	/** left of the page number in the footer of every page, e.g. the document number */
	footer?: string;
	/** drawn diagonally across every page, above the content and translucent so both stay readable */
	watermark?: string;
}

const CONTINUATION_HEIGHT = 22;

/**
 * Flows content down A4 pages: `y` is the top of the free space on the current page, and every
 * helper moves it down, starting a new page when what it places does not fit.
 */
export class DocumentLayout {
	readonly size: readonly [number, number];
	readonly margins: Margins;
	readonly measure: TextMeasure;
	readonly pages: PageModel[] = [];
	y = 0;
	private readonly continuation?: { left: string; right: string };
	private contentTop = 0;

	constructor(options: LayoutOptions = {}) {
		this.size = options.size ?? A4;
		this.margins = options.margins ?? defaultMargins;
		this.measure = options.measure ?? textMeasure;
		this.continuation = options.continuation;
		this.addPage();
	}

	get left() {
		return this.margins.left;
	}
	get right() {
		return this.size[0] - this.margins.right;
	}
	get width() {
		return this.right - this.left;
	}
	get top() {
		return this.size[1] - this.margins.top;
	}
	get bottom() {
		return this.margins.bottom;
	}
	get page(): PageModel {
		return this.pages[this.pages.length - 1];
	}
	get remaining() {
		return this.y - this.bottom;
	}
	/** The height a new page offers; the first page offers more, as it has no continuation line. */
	get pageCapacity() {
		return this.top - (this.continuation ? CONTINUATION_HEIGHT : 0) - this.bottom;
	}
	/** Nothing placed on this page yet (a continuation line does not count). */
	get atPageStart() {
		return this.y === this.contentTop;
	}

	addPage() {
		this.pages.push({ ops: [] });
		this.y = this.top;
		if (this.continuation && this.pages.length > 1) {
			const size = 7.5;
			const baseline = this.y - size * ASCENT;
			const half = this.width / 2 - 6;
			const style = { size, color: colors.muted };
			this.text(fitText(this.continuation.left, half, 'regular', size, this.measure), this.left, baseline, style);
			this.text(fitText(this.continuation.right, half, 'regular', size, this.measure), this.right, baseline, style, 'right');
			this.y -= CONTINUATION_HEIGHT;
		}
		this.contentTop = this.y;
	}

	/** Starts a new page unless `height` fits below `y` (or nothing is on this page yet: it would not fit anywhere). */
	ensure(height: number): boolean {
		if (height <= this.remaining || this.atPageStart) return false;
		this.addPage();
		return true;
	}

	gap(height: number) {
		this.y = Math.max(this.y - height, this.bottom);
	}

	/** One line of text at a baseline; `align: 'right'` puts its end at `x`. Returns the op for further tweaks. */
	text(text: string, x: number, baseline: number, style: TextStyle = {}, align: Align = 'left'): TextOp {
		const weight = style.weight ?? 'regular';
		const size = style.size ?? bodySize;
		const clean = prepareText(text);
		const width = this.measure.width(clean, weight, size);
		const op: TextOp = {
			kind: 'text',
			x: align === 'right' ? x - width : x,
			y: baseline,
			text: clean,
			weight,
			size,
			width,
			color: style.color ?? colors.text
		};
		if (style.strike) op.strike = true;
		this.page.ops.push(op);
		return op;
	}

	line(x1: number, y1: number, x2: number, y2: number, thickness = 0.5, color: Color = colors.rule) {
		this.page.ops.push({ kind: 'line', x1, y1, x2, y2, thickness, color });
	}

	rect(x: number, y: number, width: number, height: number, style: { fill?: Color; stroke?: Color; thickness?: number }) {
		this.page.ops.push({ kind: 'rect', x, y, width, height, ...style });
	}

	/** A horizontal rule across the content width at `y`, with room around it. */
	rule(space = 6, color: Color = colors.rule, thickness = 0.5) {
		this.ensure(space * 2);
		this.y -= space;
		this.line(this.left, this.y, this.right, this.y, thickness, color);
		this.y -= space;
	}

	/** Wraps paragraphs to `width` without placing them, to size boxes and columns first. */
	block(paragraphs: Paragraph[], width: number): TextBlock {
		const lines: BlockLine[] = [];
		let offset = 0;
		for (const paragraph of paragraphs) {
			const weight = paragraph.weight ?? 'regular';
			const size = paragraph.size ?? bodySize;
			const height = lineHeightFor(size);
			offset += paragraph.gapBefore ?? 0;
			for (const line of wrapMeasured(paragraph.text, width, weight, size, this.measure)) {
				lines.push({
					text: line.text,
					weight,
					size,
					color: paragraph.color ?? colors.text,
					strike: paragraph.strike ?? false,
					width: line.width,
					offset,
					height
				});
				offset += height;
			}
		}
		return { lines, height: offset };
	}

	/** Places a block with its top at `top`; right-aligned lines end at `x + width`. */
	placeBlock(block: TextBlock, x: number, top: number, width: number, align: Align = 'left') {
		for (const line of block.lines) {
			if (line.text === '') continue;
			const op: TextOp = {
				kind: 'text',
				x: align === 'right' ? x + width - line.width : x,
				y: top - line.offset - line.size * ASCENT,
				text: line.text,
				weight: line.weight,
				size: line.size,
				width: line.width,
				color: line.color
			};
			if (line.strike) op.strike = true;
			this.page.ops.push(op);
		}
	}

	/** Paragraphs flowing down the page, breaking between lines where the page ends. */
	paragraphs(paragraphs: Paragraph[], options: { x?: number; width?: number; gapAfter?: number } = {}) {
		const x = options.x ?? this.left;
		const width = options.width ?? this.right - x;
		const block = this.block(paragraphs, width);
		let previousEnd = 0;
		for (const line of block.lines) {
			const gapBefore = line.offset - previousEnd;
			// a paragraph gap that falls on a page break is dropped, not carried to the top of the next page
			if (!this.ensure(gapBefore + line.height)) this.y -= gapBefore;
			this.placeBlock({ lines: [{ ...line, offset: 0 }], height: line.height }, x, this.y, width);
			this.y -= line.height;
			previousEnd = line.offset + line.height;
		}
		this.gap(options.gapAfter ?? 0);
	}

	/** A section heading that never sits alone at the foot of a page. */
	heading(text: string, options: { size?: number; gapBefore?: number; keepWithNext?: number } = {}) {
		const size = options.size ?? 10;
		const height = lineHeightFor(size);
		const gapBefore = options.gapBefore ?? 10;
		if (!this.ensure(gapBefore + height + (options.keepWithNext ?? lineHeightFor(bodySize) * 2)) && !this.atPageStart) this.gap(gapBefore);
		this.text(text, this.left, this.y - size * ASCENT, { weight: 'bold', size });
		this.y -= height + 2;
	}

	/** Brand name and address on the left; document title, number and details on the right; then a rule. */
	documentHeader(header: { brandName: string; brandAddress: string; title: string; number: string; details: string[] }) {
		const leftWidth = this.width * 0.55;
		const rightWidth = this.width * 0.4;
		const left = this.block(
			[
				{ text: header.brandName, weight: 'bold', size: 14 },
				{ text: header.brandAddress, size: 8.5, color: colors.muted, gapBefore: 2 }
			],
			leftWidth
		);
		const right = this.block(
			[
				{ text: header.title, weight: 'bold', size: 17 },
				{ text: header.number, weight: 'bold', size: 11 },
				...header.details.map((text) => ({ text, size: 8.5, color: colors.muted }))
			],
			rightWidth
		);
		const height = Math.max(left.height, right.height);
		this.ensure(height);
		this.placeBlock(left, this.left, this.y, leftWidth);
		this.placeBlock(right, this.right - rightWidth, this.y, rightWidth, 'right');
		this.y -= height;
		this.rule(8, colors.strong, 0.75);
	}

	/**
	 * Side-by-side blocks of equal width (vendor, ship-to, order facts), each under a small caps title,
	 * kept together on one page.
	 */
	columns(columns: { title: string; lines: Paragraph[] }[], options: { gap?: number; gapAfter?: number } = {}) {
		const gap = options.gap ?? 14;
		const width = (this.width - gap * (columns.length - 1)) / columns.length;
		const blocks = columns.map((column) =>
			this.block([{ text: column.title.toUpperCase(), weight: 'bold', size: 7, color: colors.muted }, ...column.lines], width)
		);
		const height = Math.max(...blocks.map((b) => b.height));
		this.ensure(height);
		blocks.forEach((block, index) => this.placeBlock(block, this.left + index * (width + gap), this.y, width));
		this.y -= height;
		this.gap(options.gapAfter ?? 10);
	}

	/** Label and amount pairs, right-aligned, kept together: a totals block or a remittance summary. */
	amounts(rows: { label: string; value: string; emphasis?: boolean }[], options: { width?: number; gapAfter?: number } = {}) {
		const width = options.width ?? 230;
		const x = this.right - width;
		const height = rows.reduce((sum, row) => sum + lineHeightFor(row.emphasis ? 10 : bodySize) + (row.emphasis ? 6 : 0), 0);
		this.ensure(height);
		for (const row of rows) {
			const style: TextStyle = row.emphasis ? { weight: 'bold', size: 10 } : {};
			const size = style.size ?? bodySize;
			if (row.emphasis) {
				this.y -= 3;
				this.line(x, this.y, this.right, this.y, 0.75, colors.strong);
				this.y -= 3;
			}
			const baseline = this.y - size * ASCENT;
			this.text(row.label, x, baseline, style);
			this.text(row.value, this.right, baseline, style, 'right');
			this.y -= lineHeightFor(size);
		}
		this.gap(options.gapAfter ?? 8);
	}

	/** Boxes side by side for signatures, each with name, signature and date lines. */
	signatures(titles: string[], options: { gap?: number } = {}) {
		const gap = options.gap ?? 18;
		const width = (this.width - gap * (titles.length - 1)) / titles.length;
		const padding = 8;
		const titleBlocks = titles.map((title) => this.block([{ text: title, weight: 'bold', size: bodySize }], width - padding * 2));
		const titleHeight = Math.max(...titleBlocks.map((b) => b.height));
		const fields = ['Name', 'Signature', 'Date'];
		const fieldSpacing = 20;
		const height = padding + titleHeight + fields.length * fieldSpacing + padding;
		this.ensure(height);
		titleBlocks.forEach((titleBlock, index) => {
			const x = this.left + index * (width + gap);
			this.rect(x, this.y - height, width, height, { stroke: colors.strong, thickness: 0.75 });
			this.placeBlock(titleBlock, x + padding, this.y - padding, width - padding * 2);
			fields.forEach((field, fieldIndex) => {
				const lineY = this.y - padding - titleHeight - (fieldIndex + 1) * fieldSpacing + 4;
				this.text(field, x + padding, lineY + 2, { size: 7.5, color: colors.muted });
				this.line(x + padding + 44, lineY, x + width - padding, lineY, 0.5, colors.strong);
			});
		});
		this.y -= height;
	}

	/**
	 * A table that breaks across pages and repeats its header row on each. A row taller than a whole page
	 * (a very long note) is split between its lines rather than overflowing the page.
	 */
	table(columns: TableColumn[], rows: TableRow[], options: TableOptions = {}) {
		const size = options.size ?? 8;
		const padding = options.padding ?? 3;
		const scale = this.width / columns.reduce((sum, c) => sum + c.width, 0);
		const widths = columns.map((c) => c.width * scale);
		const xs: number[] = [];
		for (let index = 0, x = this.left; index < widths.length; x += widths[index], index++) xs.push(x);

		const prepare = (row: TableRow): PreparedRow => {
			let column = 0;
			const cells = row.cells.map((cell) => {
				const span = cell.span ?? 1;
				const width = widths.slice(column, column + span).reduce((a, b) => a + b, 0);
				const prepared: PreparedCell = {
					x: xs[column],
					width,
					align: columns[column].align ?? 'left',
					block: this.block(
						cell.content.map((p) => ({ size, ...p })),
						width - padding * 2
					)
				};
				column += span;
				return prepared;
			});
			return { cells, height: Math.max(0, ...cells.map((c) => c.block.height)) + padding * 2, fill: row.fill };
		};

		const header = prepare({
			cells: columns.map((c) => ({ content: [{ text: c.header, weight: 'bold', color: colors.strong }] })),
			fill: colors.fill
		});
		const prepared = rows.map(prepare);
		const groups: PreparedRow[][] = [];
		rows.forEach((row, index) => {
			if (row.keepWithPrevious && groups.length > 0) groups[groups.length - 1].push(prepared[index]);
			else groups.push([prepared[index]]);
		});

		const draw = (row: PreparedRow, border: boolean) => {
			if (row.fill) this.rect(this.left, this.y - row.height, this.width, row.height, { fill: row.fill });
			for (const cell of row.cells) this.placeBlock(cell.block, cell.x + padding, this.y - padding, cell.width - padding * 2, cell.align);
			this.y -= row.height;
			if (border) this.line(this.left, this.y, this.right, this.y);
		};
		let belowHeader = 0;
		const drawHeader = () => {
			draw(header, false);
			this.line(this.left, this.y, this.right, this.y, 0.75, colors.strong);
			belowHeader = this.y;
		};
		const freshCapacity = this.pageCapacity - header.height;
		const newPage = () => {
			this.addPage();
			drawHeader();
		};

		const groupHeight = (group: PreparedRow[]) => group.reduce((sum, row) => sum + row.height, 0);
		// the header never ends a page alone
		this.ensure(header.height + Math.min(groups.length ? groupHeight(groups[0]) : 0, freshCapacity));
		drawHeader();
		for (const group of groups) {
			const height = groupHeight(group);
			if (height > this.remaining && height <= freshCapacity) newPage();
			group.forEach((row, index) => {
				let part = row;
				while (part.height > this.remaining) {
					if (part.height <= freshCapacity) {
						newPage();
						break;
					}
					const [first, rest] = splitRow(part, this.remaining, padding);
					// a single line taller than a page cannot be split: let it overflow rather than loop
					if (!first && this.y === belowHeader) break;
					if (first) draw(first, false);
					newPage();
					part = rest;
				}
				draw(part, index === group.length - 1);
			});
		}
	}

	/** Footers ("Page N of M") and the watermark go on last, when the page count is known. */
	finish(options: FinishOptions = {}): DocumentModel {
		const count = this.pages.length;
		this.pages.forEach((page, index) => {
			const ops = page.ops;
			const ruleY = this.bottom - 14;
			const baseline = ruleY - 12;
			const add = (op: DrawOp) => ops.push(op);
			add({ kind: 'line', x1: this.left, y1: ruleY, x2: this.right, y2: ruleY, thickness: 0.5, color: colors.rule });
			const size = 7.5;
			const pageText = `Page ${index + 1} of ${count}`;
			const pageWidth = this.measure.width(pageText, 'regular', size);
			if (options.footer) {
				const footer = fitText(options.footer, this.width - pageWidth - 12, 'regular', size, this.measure);
				add({
					kind: 'text',
					x: this.left,
					y: baseline,
					text: footer,
					weight: 'regular',
					size,
					width: this.measure.width(footer, 'regular', size),
					color: colors.muted
				});
			}
			add({
				kind: 'text',
				x: this.right - pageWidth,
				y: baseline,
				text: pageText,
				weight: 'regular',
				size,
				width: pageWidth,
				color: colors.muted
			});
			if (options.watermark) add(this.watermarkOp(options.watermark));
		});
		return { size: this.size, pages: this.pages };
	}

	private watermarkOp(text: string): TextOp {
		const [pageWidth, pageHeight] = this.size;
		const clean = prepareText(text);
		const angle = Math.atan2(pageHeight, pageWidth);
		// as large as fits along 70% of the diagonal, at most 72 pt
		const unit = this.measure.width(clean, 'bold', 1);
		const size = Math.min(72, (Math.hypot(pageWidth, pageHeight) * 0.7) / unit);
		const width = unit * size;
		const capHeight = size * CAP_HEIGHT;
		// centre the rotated text on the page: back off half its length along the baseline and half its cap height across it
		const x = pageWidth / 2 - (width / 2) * Math.cos(angle) + (capHeight / 2) * Math.sin(angle);
		const y = pageHeight / 2 - (width / 2) * Math.sin(angle) - (capHeight / 2) * Math.cos(angle);
		return {
			kind: 'text',
			x,
			y,
			text: clean,
			weight: 'bold',
			size,
			width,
			color: colors.watermark,
			rotate: (angle * 180) / Math.PI,
			opacity: 0.18
		};
	}
}

/** The part of a row that fits in `available` points, and the rest for the next page. */
function splitRow(row: PreparedRow, available: number, padding: number): [PreparedRow | null, PreparedRow] {
	const room = available - padding * 2;
	const first: PreparedCell[] = [];
	const rest: PreparedCell[] = [];
	for (const cell of row.cells) {
		const fits = cell.block.lines.filter((l) => l.offset + l.height <= room);
		const left = cell.block.lines.slice(fits.length);
		const shift = left.length ? left[0].offset : 0;
		first.push({ ...cell, block: { lines: fits, height: fits.length ? fits[fits.length - 1].offset + fits[fits.length - 1].height : 0 } });
		const moved = left.map((l) => ({ ...l, offset: l.offset - shift }));
		rest.push({
			...cell,
			block: { lines: moved, height: moved.length ? moved[moved.length - 1].offset + moved[moved.length - 1].height : 0 }
		});
	}
	const anyFits = first.some((c) => c.block.lines.length > 0);
	const restHeight = Math.max(0, ...rest.map((c) => c.block.height)) + padding * 2;
	return [
		anyFits ? { cells: first, height: Math.max(available, 0), fill: row.fill } : null,
		{ cells: rest, height: restHeight, fill: row.fill }
	];
}

/** The text drawn on each page, top to bottom, for tests and for checking a document by eye. */
export function pageTexts(model: DocumentModel): string[][] {
	return model.pages.map((page) =>
		page.ops
			.filter((op): op is TextOp => op.kind === 'text')
			.sort((a, b) => b.y - a.y || a.x - b.x)
			.map((op) => op.text)
	);
}

export interface DocumentMetadata {
	title: string;
	author: string;
	subject?: string;
	keywords?: string[];
	/** the document's own date (a PO's issue), so the same revision renders to the same metadata */
	created?: Date;
}

/** PDF numbers: two decimals are a hundredth of a point, finer than any printer. */
const num = (value: number) => String(Math.round(value * 100) / 100);
const fillColor = (c: Color) => `${num(c[0])} ${num(c[1])} ${num(c[2])} rg`;
const strokeColor = (c: Color) => `${num(c[0])} ${num(c[1])} ${num(c[2])} RG`;

/**
 * One page's content stream, written as PDF operators directly. pdf-lib's `drawText` validates its options
 * and builds a dozen operator objects per call, which for a 50-line PO was most of the render time.
 */
function pageContent(doc: PDFDocument, page: PDFPage, ops: DrawOp[], fonts: Record<FontWeight, PDFFont>, glyphs: GlyphEncoder): string {
	const out: string[] = [];
	const fontKeys = new Map<FontWeight, string>();
	const fontKey = (weight: FontWeight) => {
		let key = fontKeys.get(weight);
		if (key === undefined) {
			key = page.node.newFontDictionary(fonts[weight].name, fonts[weight].ref).toString();
			fontKeys.set(weight, key);
		}
		return key;
	};
	for (const op of ops) {
		switch (op.kind) {
			case 'text': {
				if (op.text === '') break;
				const encoded = glyphs(op.weight, op.text);
				const angle = ((op.rotate ?? 0) * Math.PI) / 180;
				const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
				const text = `BT ${fontKey(op.weight)} ${num(op.size)} Tf ${fillColor(op.color)} ${num(cos)} ${num(sin)} ${num(-sin)} ${num(cos)} ${num(op.x)} ${num(op.y)} Tm ${encoded} Tj ET`;
				if (op.opacity === undefined) out.push(text);
				else {
					const state = page.node.newExtGState('GS', doc.context.obj({ Type: 'ExtGState', ca: op.opacity, CA: op.opacity })).toString();
					out.push(`q ${state} gs ${text} Q`);
				}
				if (op.strike) {
					const y = num(op.y + op.size * 0.3);
					out.push(`${strokeColor(op.color)} ${num(Math.max(0.5, op.size * 0.06))} w ${num(op.x)} ${y} m ${num(op.x + op.width)} ${y} l S`);
				}
				break;
			}
			case 'line':
				out.push(`${strokeColor(op.color)} ${num(op.thickness)} w ${num(op.x1)} ${num(op.y1)} m ${num(op.x2)} ${num(op.y2)} l S`);
				break;
			case 'rect': {
				const box = `${num(op.x)} ${num(op.y)} ${num(op.width)} ${num(op.height)} re`;
				if (op.fill) out.push(`${fillColor(op.fill)} ${box} f`);
				if (op.stroke) out.push(`${strokeColor(op.stroke)} ${num(op.thickness ?? 0.5)} w ${box} S`);
				break;
			}
		}
	}
	return out.join('\n');
}

type GlyphEncoder = (weight: FontWeight, text: string) => string;

/** Glyph ids as a PDF hex string, once per distinct string of a document: "per piece" or a date recurs on every line. */
function glyphEncoder(fonts: Record<FontWeight, PDFFont>): GlyphEncoder {
	const seen: Record<FontWeight, Map<string, string>> = { regular: new Map(), bold: new Map() };
	return (weight, text) => {
		let hex = seen[weight].get(text);
		if (hex === undefined) seen[weight].set(text, (hex = fonts[weight].encodeText(text).toString()));
		return hex;
	};
}

// Level 3: content streams of glyph ids and coordinates compress within 10% of level 6 in under half the time.
const deflate = (contents: string | Uint8Array) =>
	deflateSync(typeof contents === 'string' ? Buffer.from(contents, 'latin1') : contents, { level: 3 });

/** Draws a laid-out document into a PDF with the embedded Unicode fonts. */
export async function renderDocument(model: DocumentModel, metadata: DocumentMetadata): Promise<Uint8Array> {
	const doc = await PDFDocument.create({ updateMetadata: false });
	const context = doc.context;
	// pdf-lib deflates the font file and its ToUnicode map with pako, in JavaScript; zlib does it natively, several times faster
	const flateStream: typeof context.flateStream = (contents, dict = {}) =>
		context.stream(deflate(contents), { ...dict, Filter: 'FlateDecode' });
	context.flateStream = flateStream;
	const fonts = await embedDocumentFonts(doc);
	const glyphs = glyphEncoder(fonts);
	for (const pageModel of model.pages) {
		const page = doc.addPage([model.size[0], model.size[1]]);
		page.node.addContentStream(context.register(context.flateStream(pageContent(doc, page, pageModel.ops, fonts, glyphs))));
	}
	const created = metadata.created ?? new Date();
	doc.setTitle(metadata.title, { showInWindowTitleBar: true });
	doc.setAuthor(metadata.author);
	if (metadata.subject) doc.setSubject(metadata.subject);
	if (metadata.keywords) doc.setKeywords(metadata.keywords);
	doc.setCreator('Bezel');
	doc.setProducer('Bezel (pdf-lib)');
	doc.setLanguage('en');
	doc.setCreationDate(created);
	doc.setModificationDate(created);
	// Object streams would be deflated with pako again, to save a few hundred bytes; and pdf-lib yields to the
	// event loop every 50 objects by default, a timer each time, longer than writing the whole file.
	return doc.save({ useObjectStreams: false, objectsPerTick: Number.POSITIVE_INFINITY });
}
