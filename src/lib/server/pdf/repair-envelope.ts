/**
 * The repair envelope: one A5 portrait sheet printed at intake. Its top part goes into the envelope with
 * the customer's piece and travels to the workshop and back: the intake facts the piece must come back
 * with, a QR code that opens the repair, and boxes for the workshop to sign on receipt and the brand on
 * return. A dashed strip at the bottom is cut off: the left part is the brand's counterfoil, the only place
 * the customer's name and order reference are printed (workshops never see them, as in Bezel itself); the
 * right part carries the QR code and the number only, so it may go on the outside of the bag or parcel,
 * which must never say what is inside (DOMAIN.md: no jewelry words on outer labels).
 *
 * Everything except the photo is drawn through the shared layout, in black for the QR code and the facts.
 * The layout model has no images, so the photo is placed on the rendered page afterwards.
 */
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { formatDate } from '#lib/format/dates.ts';
import { ASCENT, textMeasure, type FontWeight } from './fonts.ts';
import { QUIET_ZONE, ink, qrModules, qrRects, type QrModules } from './job-labels.ts';
import {
	DocumentLayout,
	clampLines,
	colors,
	fitText,
	fittingSize,
	orDash,
	printable,
	renderDocument,
	type Color,
	type DocumentModel
} from './layout.ts';

export type RepairEnvelope = {
	/** 'RJ-2026-0042' */
	number: string;
	/** what the QR codes encode: origin + '/r/' + number */
	url: string;
	brandName: string;
	/** ISO date of intake */
	createdOn: string;
	/** printed on the brand's counterfoil only */
	customerName: string;
	/** printed on the brand's counterfoil only */
	orderReference: string;
	/** by appearance: "yellow metal ring, 1 white stone" */
	description: string;
	stamps: string;
	/** formatted, e.g. '3.60 g' */
	intakeWeight: string;
	intakeStoneCount: number;
	conditionNotes: string;
	/** formatted with its currency, e.g. '$1,250.00' */
	declaredValue: string;
	/** labels of the requested work, e.g. ['Sizing', 'Rhodium re-plate'] */
	requestedWork: string[];
	workNotes: string;
	/** ISO date, or null when none was promised */
	promisedToCustomer: string | null;
	/** '' while no workshop is assigned */
	workshopName: string;
	/** an intake photo: JPEG or PNG are embedded as they are, other images (a WebP thumbnail) are converted */
	photo?: Uint8Array;
};

const MM = 72 / 25.4;
/** A5 portrait in points */
export const A5 = [148 * MM, 210 * MM] as const;

const MARGIN = 24;
/** the strip cut off at the bottom: the brand's counterfoil and the outer QR stub */
export const STUB_HEIGHT = 136;
export const QR_STUB_WIDTH = 150;
const PHOTO_SIZE = 96;
const SIGNATURE_HEIGHT = 66;

export interface Box {
	x: number;
	/** bottom edge */
	y: number;
	width: number;
	height: number;
}

export interface RepairEnvelopeLayout {
	model: DocumentModel;
	/** where the photo goes (inside its frame); null when the sheet has no photo */
	photoBox: Box | null;
	/** the part that travels with the piece, the brand's counterfoil and the outer stub */
	regions: { sheet: Box; counterfoil: Box; stub: Box };
}

function dashedLine(layout: DocumentLayout, x1: number, y1: number, x2: number, y2: number) {
	const length = Math.hypot(x2 - x1, y2 - y1);
	const [dx, dy] = [(x2 - x1) / length, (y2 - y1) / length];
	for (let at = 0; at < length; at += 7) {
		const end = Math.min(at + 4, length);
		layout.line(x1 + dx * at, y1 + dy * at, x1 + dx * end, y1 + dy * end, 0.6, colors.strong);
	}
}

/** A QR symbol `symbolWidth` wide with its top-left corner at (x, top); the quiet zone around it is left blank. */
function drawQr(layout: DocumentLayout, modules: QrModules, x: number, top: number, symbolWidth: number) {
	layout.page.ops.push(...qrRects(modules, x, top, symbolWidth / modules.size));
	return (QUIET_ZONE * symbolWidth) / modules.size;
}

type FactRow = { key: string; text: string; weight?: FontWeight; maxLines: number };

/** The facts as key/value rows with rules between them, shortened row by row until they fit `room`. */
function drawFacts(layout: DocumentLayout, rows: FactRow[], x: number, top: number, width: number, room: number) {
	const keyWidth = 82;
	const valueWidth = width - keyWidth;
	const size = 8.5;
	const lineHeight = size * 1.25;
	const padding = 2.5;
	const limits = rows.map((row) => row.maxLines);
	const wrap = () => rows.map((row, index) => clampLines(orDash(row.text), valueWidth, row.weight ?? 'regular', size, limits[index]));
	let wrapped = wrap();
	const height = () => wrapped.reduce((sum, lines) => sum + Math.max(1, lines.length) * lineHeight + padding * 2, 0);
	// the longest texts give up lines first; one line each always fits
	while (height() > room) {
		let longest = -1;
		wrapped.forEach((lines, index) => {
			if (lines.length > 1 && (longest < 0 || lines.length > wrapped[longest].length)) longest = index;
		});
		if (longest < 0) break;
		limits[longest] = wrapped[longest].length - 1;
		wrapped = wrap();
	}
	let y = top;
	layout.line(x, y, x + width, y, 0.75, ink);
	rows.forEach((row, index) => {
		y -= padding;
		layout.text(row.key, x, y - size * ASCENT, { size: 7.5, color: colors.strong });
		for (const line of wrapped[index]) {
			layout.text(line, x + keyWidth, y - size * ASCENT, { size, weight: row.weight ?? 'regular', color: ink });
			y -= lineHeight;
		}
		if (wrapped[index].length === 0) y -= lineHeight;
		y -= padding;
		layout.line(x, y, x + width, y, 0.5, index === rows.length - 1 ? ink : colors.rule);
	});
	return top - y;
}

function signatureBox(layout: DocumentLayout, title: string, x: number, y: number, width: number) {
	const pad = 7;
	layout.rect(x, y, width, SIGNATURE_HEIGHT, { stroke: ink, thickness: 0.75 });
	const top = y + SIGNATURE_HEIGHT - pad;
	layout.text(fitText(title, width - 2 * pad, 'bold', 8.5), x + pad, top - 8.5 * ASCENT, { weight: 'bold', size: 8.5, color: ink });
	const fields = ['Weight / stones', 'Name, signature', 'Date'];
	fields.forEach((field, index) => {
		const lineY = top - 13 - (index + 1) * 14 + 2;
		layout.text(field, x + pad, lineY + 2, { size: 7, color: colors.strong });
		layout.line(x + pad + 58, lineY, x + width - pad, lineY, 0.5, ink);
	});
}

/** The sheet as drawing operations: pure, so tests can read what lands where. */
export function layoutRepairEnvelope(envelope: RepairEnvelope, options: { photo?: boolean } = {}): RepairEnvelopeLayout {
	const [pageWidth, pageHeight] = A5;
	const layout = new DocumentLayout({ size: A5, margins: { top: MARGIN, right: MARGIN, bottom: MARGIN, left: MARGIN } });
	const modules = qrModules(envelope.url);
	const left = MARGIN;
	const right = pageWidth - MARGIN;
	const width = right - left;
	const number = printable(envelope.number, 'bold');

	// ——— header: brand, title, number and intake date beside the QR code ———
	const top = pageHeight - MARGIN;
	const symbolWidth = 0.95 * 72;
	const quiet = drawQr(layout, modules, right - symbolWidth, top, symbolWidth);
	const headerWidth = width - symbolWidth - quiet - 6;
	let y = top;
	const put = (text: string, size: number, weight: FontWeight = 'regular', color: Color = ink) => {
		layout.text(fitText(text, headerWidth, weight, size), left, y - size * ASCENT, { size, weight, color });
		y -= size * 1.25;
	};
	put(printable(envelope.brandName), 9, 'regular', colors.strong);
	put('Repair envelope', 15, 'bold');
	put(number, fittingSize(number, headerWidth, 22, 11), 'bold');
	put(`Taken in ${formatDate(envelope.createdOn)}`, 8.5);
	for (const line of clampLines(
		'Keep this sheet with the piece, to the workshop and back. Check the weight and stones against it on receipt and on return.',
		headerWidth,
		'regular',
		7.5,
		2
	)) {
		put(line, 7.5, 'regular', colors.strong);
	}
	y = Math.min(y, top - symbolWidth - quiet) - 8;

	// ——— the intake facts, with the photo beside them ———
	const signaturesY = STUB_HEIGHT + 26;
	const photoBox: Box | null = options.photo ? { x: right - PHOTO_SIZE, y: y - PHOTO_SIZE, width: PHOTO_SIZE, height: PHOTO_SIZE } : null;
	if (photoBox) {
		layout.rect(photoBox.x - 1, photoBox.y - 1, photoBox.width + 2, photoBox.height + 2, { stroke: colors.rule, thickness: 0.5 });
		layout.text('Photo at intake', photoBox.x, photoBox.y - 4 - 7 * ASCENT, { size: 7, color: colors.strong });
	}
	const factsWidth = photoBox ? width - PHOTO_SIZE - 12 : width;
	const rows: FactRow[] = [
		{ key: 'Piece', text: envelope.description, weight: 'bold', maxLines: 3 },
		{ key: 'Stamps', text: envelope.stamps, maxLines: 2 },
		{ key: 'Weight at intake', text: envelope.intakeWeight, weight: 'bold', maxLines: 1 },
		{ key: 'Stones at intake', text: String(envelope.intakeStoneCount), weight: 'bold', maxLines: 1 },
		{ key: 'Condition', text: envelope.conditionNotes, maxLines: 4 },
		{ key: 'Declared value', text: envelope.declaredValue, maxLines: 1 },
		{ key: 'Work requested', text: envelope.requestedWork.join(', '), weight: 'bold', maxLines: 2 },
		{ key: 'Work notes', text: envelope.workNotes, maxLines: 5 },
		{ key: 'Back to customer', text: envelope.promisedToCustomer ? formatDate(envelope.promisedToCustomer) : '', maxLines: 1 },
		{ key: 'Workshop', text: envelope.workshopName.trim() === '' ? 'Not assigned yet' : envelope.workshopName, maxLines: 2 }
	];
	drawFacts(layout, rows, left, y, factsWidth, y - signaturesY - SIGNATURE_HEIGHT - 10);

	// ——— signatures: the workshop on receipt, the brand on return ———
	const boxWidth = (width - 12) / 2;
	signatureBox(layout, 'Received by (workshop)', left, signaturesY, boxWidth);
	signatureBox(layout, 'Checked on return (brand)', left + boxWidth + 12, signaturesY, boxWidth);
	for (const [index, line] of clampLines(
		'Cut along the dashed lines. The brand keeps the left part. The right part shows only the number and may go on the outside of the bag.',
		width,
		'regular',
		6.5,
		2
	).entries()) {
		layout.text(line, left, signaturesY - 5 - 6.5 * ASCENT - index * 7.5, { size: 6.5, color: colors.strong });
	}

	// ——— the strip that is cut off ———
	dashedLine(layout, 0, STUB_HEIGHT, pageWidth, STUB_HEIGHT);
	const stubX = pageWidth - QR_STUB_WIDTH;
	dashedLine(layout, stubX, 0, stubX, STUB_HEIGHT);

	// the brand's counterfoil: who the piece belongs to, never sent to the workshop
	const foilWidth = stubX - 12 - left;
	let fy = STUB_HEIGHT - 12;
	const foil = (text: string, size: number, weight: FontWeight = 'regular', color: Color = ink) => {
		layout.text(fitText(text, foilWidth, weight, size), left, fy - size * ASCENT, { size, weight, color });
		fy -= size * 1.3;
	};
	foil('BRAND COPY — KEEP, DO NOT SEND', 7, 'bold', colors.strong);
	foil(number, fittingSize(number, foilWidth, 13, 9), 'bold');
	foil(printable(`Customer: ${orDash(envelope.customerName)}`, 'bold'), 8.5, 'bold');
	foil(printable(`Order: ${orDash(envelope.orderReference)}`), 8);
	foil(printable(envelope.description), 8);
	const promised = envelope.promisedToCustomer ? ` · back by ${formatDate(envelope.promisedToCustomer)}` : '';
	foil(`Taken in ${formatDate(envelope.createdOn)}${promised}`, 8);
	foil(printable(`Declared value ${envelope.declaredValue}`), 8);
	foil(printable(`Work: ${orDash(envelope.requestedWork.join(', '))}`), 8);

	// the outer stub: the QR code and the number, nothing else
	const stubSymbol = 72;
	const stubQuiet = (QUIET_ZONE * stubSymbol) / modules.size;
	const stubTop = STUB_HEIGHT - Math.max(8, stubQuiet);
	drawQr(layout, modules, stubX + (QR_STUB_WIDTH - stubSymbol) / 2, stubTop, stubSymbol);
	const stubTextWidth = QR_STUB_WIDTH - 2 * MARGIN;
	const stubNumberSize = fittingSize(number, stubTextWidth, 14, 8);
	const stubNumber = fitText(number, stubTextWidth, 'bold', stubNumberSize);
	const stubNumberWidth = textMeasure.width(stubNumber, 'bold', stubNumberSize);
	layout.text(stubNumber, stubX + (QR_STUB_WIDTH - stubNumberWidth) / 2, stubTop - stubSymbol - stubQuiet - stubNumberSize * ASCENT, {
		weight: 'bold',
		size: stubNumberSize,
		color: ink
	});

	return {
		model: { size: layout.size, pages: layout.pages },
		photoBox,
		regions: {
			sheet: { x: 0, y: STUB_HEIGHT, width: pageWidth, height: pageHeight - STUB_HEIGHT },
			counterfoil: { x: 0, y: 0, width: stubX, height: STUB_HEIGHT },
			stub: { x: stubX, y: 0, width: QR_STUB_WIDTH, height: STUB_HEIGHT }
		}
	};
}

type PrintablePhoto = { kind: 'jpg' | 'png'; bytes: Uint8Array };

/** Above this a photo is shrunk first: the sheet prints it 3 cm wide, a full-size photo would only bloat the file. */
const MAX_EMBEDDED_BYTES = 300 * 1024;

const isJpeg = (bytes: Uint8Array) => bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
const isPng = (bytes: Uint8Array) => bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;

/** The photo as pdf-lib can embed it, or null when it is no image we can read (the sheet then prints without it). */
async function printablePhoto(bytes: Uint8Array): Promise<PrintablePhoto | null> {
	if (bytes.byteLength <= MAX_EMBEDDED_BYTES && isJpeg(bytes)) return { kind: 'jpg', bytes };
	if (bytes.byteLength <= MAX_EMBEDDED_BYTES && isPng(bytes)) return { kind: 'png', bytes };
	try {
		const jpeg = await sharp(bytes, { limitInputPixels: 50_000_000 })
			.rotate()
			.resize(480, 480, { fit: 'inside', withoutEnlargement: true })
			.flatten({ background: '#ffffff' })
			.jpeg({ quality: 82 })
			.toBuffer();
		return { kind: 'jpg', bytes: new Uint8Array(jpeg) };
	} catch {
		return null;
	}
}

function renderLaidOut(envelope: RepairEnvelope, model: DocumentModel): Promise<Uint8Array> {
	return renderDocument(model, {
		title: `Repair envelope ${envelope.number}`,
		author: envelope.brandName,
		subject: `Repair ${envelope.number}`,
		keywords: [envelope.number],
		created: new Date(`${envelope.createdOn}T00:00:00Z`)
	});
}

export async function renderRepairEnvelopePdf(envelope: RepairEnvelope): Promise<Uint8Array> {
	const photo = envelope.photo ? await printablePhoto(envelope.photo) : null;
	const { model, photoBox } = layoutRepairEnvelope(envelope, { photo: photo !== null });
	const bytes = await renderLaidOut(envelope, model);
	if (!photo || !photoBox) return bytes;

	const doc = await PDFDocument.load(bytes, { updateMetadata: false });
	let image;
	try {
		image = photo.kind === 'png' ? await doc.embedPng(photo.bytes) : await doc.embedJpg(photo.bytes);
	} catch {
		// a file that claimed to be a JPEG and is not: the sheet matters more than its photo
		return renderLaidOut(envelope, layoutRepairEnvelope(envelope).model);
	}
	const scale = Math.min(photoBox.width / image.width, photoBox.height / image.height);
	const [width, height] = [image.width * scale, image.height * scale];
	doc.getPage(0).drawImage(image, {
		x: photoBox.x + (photoBox.width - width) / 2,
		y: photoBox.y + (photoBox.height - height) / 2,
		width,
		height
	});
	return doc.save({ useObjectStreams: false, objectsPerTick: Number.POSITIVE_INFINITY });
}
