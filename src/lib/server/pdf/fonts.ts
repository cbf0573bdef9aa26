/**
 * The one typeface of Bezel's documents: DejaVu Sans Condensed (regular and bold) from the
 * `dejavu-fonts-ttf` package. The 14 standard PDF fonts only cover WinAnsi, so a workshop called
 * "Žluťoučký Ατελιέ" or a price in ₹ or ฿ would throw; and a fresh machine has no system fonts,
 * so the TTF files come with npm. Condensed, because PO tables are dense.
 *
 * Font bytes are read once per process and the parsed font is shared by every document: parsing
 * and shaping tables on each render would cost more than drawing a whole purchase order.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import * as fontkitModule from '@pdf-lib/fontkit';
import type { Font, Glyph, Subset, SubsetStream } from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';

export type FontWeight = 'regular' | 'bold';

export interface TextMeasure {
	/** Width in points of one line of `text`, as drawn. */
	width(text: string, weight: FontWeight, size: number): number;
}

const files: Record<FontWeight, string> = {
	regular: 'dejavu-fonts-ttf/ttf/DejaVuSansCondensed.ttf',
	bold: 'dejavu-fonts-ttf/ttf/DejaVuSansCondensed-Bold.ttf'
};

/** DejaVu's ascender (where the baseline sits below the top of a line box) and capital height, in ems. */
export const ASCENT = 0.93;
export const CAP_HEIGHT = 0.73;

// The package ships CommonJS without a default export in its types, and the ES build only a default:
// take whichever object carries `create`.
const fontkit = ((fontkitModule as unknown as { default?: typeof fontkitModule }).default ?? fontkitModule) as typeof fontkitModule;

type Fontkit = Parameters<PDFDocument['registerFontkit']>[0];

interface LoadedFont {
	bytes: Uint8Array;
	/** What pdf-lib embeds from: the parsed font with a cmap-only layout (see `fastLayout`). */
	embeddable: Font;
	/**
	 * Advance widths in 1/1000 em by UTF-16 code unit below U+3000 (Latin to Thai, punctuation, currency
	 * signs), NaN until first met; layout measures every word, so this is the hottest lookup of a render.
	 */
	advances: Float64Array;
	/** the same for everything above, keyed by code point */
	otherAdvances: Map<number, number>;
	scale: number;
}

const DIRECT = 0x3000;

let loaded: Record<FontWeight, LoadedFont> | undefined;

/**
 * Glyphs straight from the cmap, without OpenType shaping. fontkit's `layout` runs the whole GSUB/GPOS
 * machinery for every string; pdf-lib only reads the glyph ids from it and ignores the kerning positions,
 * so for the scripts DejaVu covers left to right (Latin, Greek, Cyrillic, symbols) the only thing shaping
 * would change is a few ligatures. Text is NFC-normalised first so "é" typed as e + combining accent
 * still finds its precomposed glyph.
 */
function fastLayout(font: Font) {
	// fontkit walks the cmap on every lookup; a document draws the same hundred characters thousands of times
	const byChar = new Map<string, Glyph>();
	return (text: string) => {
		const glyphs: Glyph[] = [];
		for (const char of text.normalize('NFC')) {
			let glyph = byChar.get(char);
			if (glyph === undefined) byChar.set(char, (glyph = font.glyphForCodePoint(char.codePointAt(0)!)));
			glyphs.push(glyph);
		}
		return { glyphs };
	};
}

/**
 * Every subset starts with these characters, in this order: printable ASCII and the symbols Bezel's own
 * templates print. A few KB more per document, but most documents then need exactly the same subset, and
 * encoding a subset is the costliest step of a render after layout (fontkit re-encodes the tables in
 * JavaScript), so the encoded bytes are reused whenever the glyph list matches.
 */
const BASE_CHARACTERS = `${String.fromCharCode(...Array.from({ length: 95 }, (_, i) => 32 + i))}·—–±×’“”…€`;

const SUBSET_CACHE_SIZE = 64;
const encodedSubsets = new Map<string, Uint8Array>();

function rememberSubset(key: string, bytes: Uint8Array) {
	if (encodedSubsets.size >= SUBSET_CACHE_SIZE) encodedSubsets.delete(encodedSubsets.keys().next().value!);
	encodedSubsets.set(key, bytes);
}

/** fontkit's subset, answering `encodeStream` from `encodedSubsets` when the same glyphs were included in the same order. */
function cachingSubset(font: Font, name: string): Subset {
	const subset = font.createSubset();
	const order: number[] = [];
	const seen = new Set<number>();
	return {
		includeGlyph(glyph) {
			const id = typeof glyph === 'number' ? glyph : glyph.id;
			if (!seen.has(id)) {
				seen.add(id);
				order.push(id);
			}
			return subset.includeGlyph(glyph);
		},
		encodeStream() {
			const key = `${name}:${order.join(',')}`;
			const cached = encodedSubsets.get(key);
			if (cached) {
				// LRU: a hit moves to the back of the eviction queue
				encodedSubsets.delete(key);
				encodedSubsets.set(key, cached);
				return Readable.from([cached]) as unknown as SubsetStream;
			}
			const parts: Uint8Array[] = [];
			return subset
				.encodeStream()
				.on('data', (part) => parts.push(part))
				.on('end', () => rememberSubset(key, Buffer.concat(parts)));
		}
	};
}

function load(weight: FontWeight): LoadedFont {
	const bytes = new Uint8Array(readFileSync(createRequire(import.meta.url).resolve(files[weight])));
	const font = fontkit.create(bytes);
	const overrides: Record<string | symbol, unknown> = { layout: fastLayout(font), createSubset: () => cachingSubset(font, weight) };
	// Reflect.get with the real font as receiver: fontkit's lazy table getters cache on `this`.
	const embeddable = new Proxy(font, { get: (target, key) => (key in overrides ? overrides[key] : Reflect.get(target, key, target)) });
	return {
		bytes,
		embeddable,
		advances: new Float64Array(DIRECT).fill(Number.NaN),
		otherAdvances: new Map(),
		scale: 1000 / font.unitsPerEm
	};
}

function fonts(): Record<FontWeight, LoadedFont> {
	loaded ??= { regular: load('regular'), bold: load('bold') };
	return loaded;
}

/** Reads and parses the fonts now (a few hundred ms), e.g. at server start, rather than in the first download. */
export function preloadDocumentFonts(): void {
	fonts();
}

function glyphAdvance(font: LoadedFont, codePoint: number): number {
	return font.embeddable.glyphForCodePoint(codePoint).advanceWidth * font.scale;
}

/**
 * Sums cached advance widths: no shaping and no allocation per call, since layout measures every word.
 * Expects text already passed through `prepareText`.
 */
export const textMeasure: TextMeasure = {
	width(text, weight, size) {
		const font = fonts()[weight];
		const { advances } = font;
		let total = 0;
		for (let index = 0; index < text.length; index++) {
			const code = text.charCodeAt(index);
			if (code < DIRECT) {
				let width = advances[code];
				if (Number.isNaN(width)) advances[code] = width = glyphAdvance(font, code);
				total += width;
				continue;
			}
			const codePoint = text.codePointAt(index)!;
			if (codePoint > 0xffff) index++;
			let width = font.otherAdvances.get(codePoint);
			if (width === undefined) font.otherAdvances.set(codePoint, (width = glyphAdvance(font, codePoint)));
			total += width;
		}
		return (total * size) / 1000;
	}
};

/** Hands pdf-lib the already-parsed font for our cached bytes instead of parsing them again. */
const sharedFontkit: Fontkit = {
	create(bytes) {
		for (const font of Object.values(fonts())) if (font.bytes === bytes) return font.embeddable as ReturnType<Fontkit['create']>;
		return fontkit.create(bytes) as unknown as ReturnType<Fontkit['create']>;
	}
};

/** Embeds both weights into `doc`, subset to the base characters and the glyphs actually drawn. */
export async function embedDocumentFonts(doc: PDFDocument): Promise<Record<FontWeight, PDFFont>> {
	doc.registerFontkit(sharedFontkit);
	const { regular, bold } = fonts();
	const embedded = {
		regular: await doc.embedFont(regular.bytes, { subset: true }),
		bold: await doc.embedFont(bold.bytes, { subset: true })
	};
	// through pdf-lib, so the base glyphs also get their widths and Unicode mapping in the font dictionary
	for (const font of Object.values(embedded)) font.encodeText(BASE_CHARACTERS);
	return embedded;
}

/**
 * Text as measured and drawn: NFC, so widths match the glyphs `fastLayout` picks, and with tabs and
 * stray control characters as spaces (line breaks are the layout's business, not the font's).
 */
export function prepareText(text: string): string {
	return text.normalize('NFC').replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
}

/** Characters the document font cannot draw (they would print as empty boxes), e.g. to warn before sending. */
export function missingGlyphs(text: string, weight: FontWeight = 'regular'): string[] {
	const font = fonts()[weight].embeddable;
	const missing = new Set<string>();
	for (const char of prepareText(text)) if (char !== ' ' && !font.hasGlyphForCodePoint(char.codePointAt(0)!)) missing.add(char);
	return [...missing];
}
