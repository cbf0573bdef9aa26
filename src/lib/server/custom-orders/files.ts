/**
 * The files of a design version and of a brief, judged by their bytes. Renders (JPEG, PNG, WebP) are
 * re-encoded without EXIF and get a thumbnail; PDFs are kept as they are; CAD files are kept and only
 * ever downloaded. file-type knows neither STL nor Rhino's 3DM, so those two are sniffed here: a file
 * named like a model must be one, whole — a truncated export or a photo renamed `.stl` is refused
 * with a sentence naming the file, before anything is stored.
 */
import { fileTypeFromBuffer } from 'file-type';
import { MAX_FILES_PER_VERSION, type DesignFileKind } from '#lib/domain/custom-orders/reference.ts';
import { AppError, invalid } from '#lib/server/errors.ts';
import type { CheckedUpload } from '#lib/server/files/validate.ts';
import { getPlatform } from '#lib/server/platform.ts';
import { processJobPhoto, processJobPhotos, type ProcessedPhoto } from '#lib/server/production/photos.ts';

export type ProcessedDesignFile =
	| { kind: 'render'; file: CheckedUpload; thumbnail: CheckedUpload }
	| { kind: Exclude<DesignFileKind, 'render'>; file: CheckedUpload; thumbnail: null };

export const STL_CONTENT_TYPE = 'model/stl';
export const RHINO_CONTENT_TYPE = 'model/x-3dm';

const ACCEPTED = 'renders (JPEG, PNG or WebP), PDFs, or CAD files (STL or 3DM)';

type Upload = { name: string; size: number; arrayBuffer(): Promise<ArrayBuffer> };

function refuse(message: string): never {
	throw invalid(message, { files: message });
}

function megabytes(bytes: number): string {
	const mb = bytes / 1024 / 1024;
	return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}

const ascii = (bytes: Uint8Array, start: number, end: number) =>
	Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1', start, end);

// ---------------------------------------------------------------- sniffers

export type StlSniff = { ok: true; format: 'binary' | 'ascii'; triangles: number | null } | { ok: false; problem: string };

/**
 * Binary STL: an 80-byte header, a little-endian uint32 triangle count, then 50 bytes per triangle —
 * so the size must be exactly 84 + 50 × count. ASCII STL: text that starts with `solid`, has facets
 * and ends with `endsolid`. Binary files may also start with "solid" (some exporters write it in the
 * header), so the size rule is asked first.
 */
export function sniffStl(bytes: Uint8Array): StlSniff {
	if (bytes.byteLength >= 84) {
		const triangles = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(80, true);
		if (bytes.byteLength === 84 + 50 * triangles) {
			return triangles > 0 ? { ok: true, format: 'binary', triangles } : { ok: false, problem: 'has no triangles in it' };
		}
	}
	const head = ascii(bytes, 0, Math.min(bytes.byteLength, 1024));
	const text = /^\s*solid\b/.test(head) && !head.includes('\u0000');
	if (text) {
		const body = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
		if (body.indexOf('facet') < 0) return { ok: false, problem: 'has no facets in it' };
		if (body.lastIndexOf('endsolid') < 0) return { ok: false, problem: 'stops before its end (no “endsolid”): it may have been cut short' };
		return { ok: true, format: 'ascii', triangles: null };
	}
	if (bytes.byteLength >= 84) {
		const triangles = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(80, true);
		const expected = 84 + 50 * triangles;
		if (triangles > 0 && expected > bytes.byteLength) {
			return {
				ok: false,
				problem: `is cut short: its ${triangles.toLocaleString('en-US')} triangles need ${expected.toLocaleString('en-US')} bytes and it has ${bytes.byteLength.toLocaleString('en-US')}`
			};
		}
	}
	return { ok: false, problem: 'is not an STL model' };
}

const RHINO_SIGNATURE = '3D Geometry File Format';

/** Rhino's 3DM files open with "3D Geometry File Format " and an 8-character version. */
export function isRhino3dm(bytes: Uint8Array): boolean {
	return bytes.byteLength > 32 && ascii(bytes, 0, RHINO_SIGNATURE.length) === RHINO_SIGNATURE;
}

const imageTypes = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif']);

const describe = (mime: string) =>
	({
		'application/pdf': 'a PDF',
		'image/jpeg': 'a JPEG image',
		'image/png': 'a PNG image',
		'image/webp': 'a WebP image',
		'image/gif': 'a GIF image',
		'image/heic': 'a HEIC photo',
		'image/heif': 'a HEIF photo',
		'application/zip': 'a ZIP archive',
		'video/mp4': 'a video',
		'video/quicktime': 'a video',
		[STL_CONTENT_TYPE]: 'an STL model',
		[RHINO_CONTENT_TYPE]: 'a Rhino 3DM model'
	})[mime] ?? `a ${mime} file`;

/** What the name says the file is. */
const claimedTypes: Record<string, string> = {
	stl: STL_CONTENT_TYPE,
	'3dm': RHINO_CONTENT_TYPE,
	pdf: 'application/pdf',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	png: 'image/png',
	webp: 'image/webp',
	heic: 'image/heic',
	heif: 'image/heif'
};

const safeName = (name: string) => name.replace(/[\\/\u0000-\u001f\u007f"]+/g, '_').slice(0, 200) || 'file';

/** What the bytes are (for a design version), or a refusal naming the file. */
async function identify(file: Upload, bytes: Uint8Array): Promise<{ kind: DesignFileKind; contentType: string }> {
	const label = `“${file.name}”`;
	const extension = file.name.includes('.') ? (file.name.split('.').pop()?.toLowerCase() ?? '') : '';
	const claimed = claimedTypes[extension];
	const sniffed = (await fileTypeFromBuffer(bytes))?.mime;
	// file-type calls anything that starts with "solid " an STL: the sniffer below decides that
	const detected = sniffed === STL_CONTENT_TYPE ? undefined : sniffed;
	const mismatch = (actual: string) =>
		refuse(`${label} is named like ${describe(claimed)} but is ${describe(actual)}. Check that you chose the right file.`);

	if (claimed === STL_CONTENT_TYPE) {
		const stl = sniffStl(bytes);
		if (stl.ok) return { kind: 'cad', contentType: STL_CONTENT_TYPE };
		if (detected) mismatch(detected);
		if (isRhino3dm(bytes)) mismatch(RHINO_CONTENT_TYPE);
		refuse(`${label} ${stl.problem}. Export the model from your CAD program again and upload that file.`);
	}
	if (claimed === RHINO_CONTENT_TYPE) {
		if (isRhino3dm(bytes)) return { kind: 'cad', contentType: RHINO_CONTENT_TYPE };
		if (detected) mismatch(detected);
		if (sniffStl(bytes).ok) mismatch(STL_CONTENT_TYPE);
		refuse(`${label} is not a Rhino 3DM model (it does not start like one). Save it from Rhino again and upload that file.`);
	}
	if (detected === 'application/pdf' || (detected && imageTypes.has(detected))) {
		if (claimed && claimed !== detected) mismatch(detected);
		return detected === 'application/pdf' ? { kind: 'document', contentType: detected } : { kind: 'render', contentType: detected };
	}
	// a model without the usual extension is still taken when its bytes say what it is
	if (!detected && isRhino3dm(bytes)) return { kind: 'cad', contentType: RHINO_CONTENT_TYPE };
	if (!detected) {
		const stl = sniffStl(bytes);
		// binary STL has no signature: only its name can say so, but text STL says so itself
		if (stl.ok && stl.format === 'ascii') return { kind: 'cad', contentType: STL_CONTENT_TYPE };
	}
	const what = detected ? `is ${describe(detected)}` : 'is not a file type Bezel takes';
	refuse(`${label} ${what}. Upload ${ACCEPTED}.`);
}

/** Re-keys a photo refusal (reported under `photos` by the photo module) to this form's `files`. */
async function asRender(file: File): Promise<ProcessedPhoto> {
	try {
		return await processJobPhoto(file);
	} catch (caught) {
		if (caught instanceof AppError) {
			refuse(
				caught.message
					.replace('Take or choose a smaller photo.', 'Export a smaller render.')
					.replace('Take or choose the photo again.', 'Export the render again.')
			);
		}
		throw caught;
	}
}

/**
 * Checks and prepares every file of a design version; any bad file refuses the whole version, naming
 * the file, before anything is stored. One file at a time: a decoded render holds tens of MB.
 */
export async function processDesignFiles(files: File[]): Promise<ProcessedDesignFile[]> {
	// a file input left empty still posts one nameless, empty file
	const chosen = files.filter((file) => file.size > 0 || file.name !== '');
	if (chosen.length === 0) refuse('Add at least one file: a render, a PDF or a CAD file.');
	if (chosen.length > MAX_FILES_PER_VERSION) {
		refuse(
			`You chose ${chosen.length} files; a version holds at most ${MAX_FILES_PER_VERSION}. Leave some out or zip the extra CAD files.`
		);
	}
	const maxBytes = getPlatform().uploadMaxBytes;
	const identified: { file: File; bytes: Uint8Array; kind: DesignFileKind; contentType: string }[] = [];
	for (const file of chosen) {
		const label = `“${file.name || 'The file'}”`;
		if (file.size === 0) refuse(`${label} is empty. Choose the file again.`);
		if (file.size > maxBytes) refuse(`${label} is larger than ${megabytes(maxBytes)}. Upload a smaller file.`);
		const bytes = new Uint8Array(await file.arrayBuffer());
		identified.push({ file, bytes, ...(await identify(file, bytes)) });
	}
	const processed: ProcessedDesignFile[] = [];
	for (const { file, bytes, kind, contentType } of identified) {
		if (kind === 'render') {
			const { photo, thumbnail } = await asRender(file);
			processed.push({ kind, file: photo, thumbnail });
		} else {
			processed.push({ kind, file: { bytes, contentType, originalName: safeName(file.name) }, thumbnail: null });
		}
	}
	return processed;
}

/** Inspiration images of a brief: photos only, re-encoded like every photo (at most 8 at a time). */
export async function processInspirationImages(files: File[]): Promise<ProcessedPhoto[]> {
	try {
		return await processJobPhotos(files);
	} catch (caught) {
		if (caught instanceof AppError) throw invalid(caught.message, { images: caught.message });
		throw caught;
	}
}
