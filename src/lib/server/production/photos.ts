/**
 * Photos a workshop posts with a production update, taken at the bench with a phone camera. Each one is
 * judged by its bytes, then re-encoded: a bounded JPEG without EXIF/GPS (a bench photo must not tell
 * where the workshop is) with the camera's orientation applied, and a small WebP thumbnail for lists.
 * Nothing is stored here: the caller stages the results once every photo has passed.
 */
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import { invalid } from '#lib/server/errors.ts';
import type { CheckedUpload } from '#lib/server/files/validate.ts';
import { getPlatform } from '#lib/server/platform.ts';

export type ProcessedPhoto = { photo: CheckedUpload; thumbnail: CheckedUpload };

export const MAX_PHOTOS_PER_UPDATE = 8;

const PHOTO_EDGE = 2048;
const THUMBNAIL_EDGE = 480;
const MAX_PIXELS = 50_000_000;
// mozjpeg roughly doubles the encode time of a 12 MP photo (≈ 450 ms against ≈ 160 ms on two cores)
// for a file about a quarter smaller; the 500 ms budget decides
const JPEG_QUALITY = 82;
const WEBP_QUALITY = 80;
// each photo already runs two pipelines at once; two photos in flight keep two cores busy without
// holding eight decoded 12 MP images in memory
const PHOTOS_IN_FLIGHT = 2;

/**
 * The prebuilt sharp carries libheif for AVIF only (HEVC is patent-encumbered), so `sharp.format.heif`
 * exists even where an iPhone's HEIC cannot be decoded: only a libvips that lists `.heic` can.
 */
export const canDecodeHeic = Boolean(
	sharp.format.heif?.input.buffer && sharp.format.heif.input.fileSuffix?.some((suffix) => suffix === '.heic' || suffix === '.heif')
);

const photoTypes = new Set(['image/jpeg', 'image/png', 'image/webp', ...(canDecodeHeic ? ['image/heic', 'image/heif'] : [])]);
const acceptedNames = canDecodeHeic ? 'JPEG, PNG, WebP or HEIC' : 'JPEG, PNG or WebP';

const describe = (mime: string, extension: string) =>
	({
		'application/pdf': 'a PDF',
		'image/gif': 'a GIF image',
		'image/avif': 'an AVIF image',
		'image/tiff': 'a TIFF image',
		'image/bmp': 'a BMP image',
		'image/heic': 'a HEIC photo',
		'image/heif': 'a HEIF photo',
		'image/heic-sequence': 'a HEIC photo sequence',
		'image/heif-sequence': 'a HEIF photo sequence',
		'video/quicktime': 'a video',
		'video/mp4': 'a video',
		'application/zip': 'a ZIP archive'
	})[mime] ?? `a ${extension.toUpperCase()} file`;

function refuse(message: string): never {
	throw invalid(message, { photos: message });
}

function megabytes(bytes: number): string {
	const mb = bytes / 1024 / 1024;
	return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}

interface SniffedPhoto {
	bytes: Uint8Array;
	/** the name as the person will recognise it, quoted in messages */
	label: string;
	/** the file name without its extension, safe to store */
	stem: string;
}

/** The cheap checks (size, magic bytes), so a batch can fail on its fifth file before decoding the first. */
async function sniffPhoto(file: File | null | undefined): Promise<SniffedPhoto> {
	const label = file?.name ? `“${file.name}”` : 'The photo';
	if (!file || file.size === 0) refuse(`${label} is empty. Take or choose the photo again.`);
	const maxBytes = getPlatform().uploadMaxBytes;
	if (file.size > maxBytes) refuse(`${label} is larger than ${megabytes(maxBytes)}. Take or choose a smaller photo.`);
	const bytes = new Uint8Array(await file.arrayBuffer());
	const detected = await fileTypeFromBuffer(bytes);
	if (!detected) refuse(`${label} is not a photo. Take or choose a photo (${acceptedNames}).`);
	if (!photoTypes.has(detected.mime)) {
		const what = describe(detected.mime, detected.ext);
		const heic = detected.mime.startsWith('image/hei');
		const sentence = detected.mime.startsWith('image/')
			? `${label} is ${what}, which cannot be read here.`
			: `${label} is ${what}, not a photo.`;
		const advice = heic ? ' On an iPhone, set Settings › Camera › Formats to “Most Compatible”.' : '';
		refuse(`${sentence} Take or choose a photo (${acceptedNames}).${advice}`);
	}
	const safeName = file.name.replace(/[\\/\u0000-\u001f\u007f"]+/g, '_').slice(0, 200);
	return { bytes, label, stem: safeName.replace(/\.[^.]*$/, '') || 'photo' };
}

const inside = (edge: number) => ({ width: edge, height: edge, fit: 'inside' as const, withoutEnlargement: true });

async function encodePhoto({ bytes, label, stem }: SniffedPhoto): Promise<ProcessedPhoto> {
	// one input, two outputs: the thumbnail branch of a JPEG decodes at 1/8 scale (shrink-on-load),
	// so running both branches side by side beat deriving the thumbnail from the resized photo
	const source = sharp(bytes, { failOn: 'error', limitInputPixels: MAX_PIXELS, autoOrient: true });
	let photo: Buffer;
	let thumbnail: Buffer;
	try {
		[photo, thumbnail] = await Promise.all([
			// sharp writes no metadata unless asked, which is what removes EXIF and GPS;
			// a transparent PNG gets a white background rather than JPEG's black
			source.clone().resize(inside(PHOTO_EDGE)).flatten({ background: '#ffffff' }).jpeg({ quality: JPEG_QUALITY }).toBuffer(),
			source.clone().resize(inside(THUMBNAIL_EDGE)).webp({ quality: WEBP_QUALITY }).toBuffer()
		]);
	} catch (error) {
		if (error instanceof Error && /pixel limit/i.test(error.message)) {
			refuse(`${label} is larger than ${MAX_PIXELS / 1_000_000} megapixels. Take or choose a smaller photo.`);
		}
		refuse(`${label} could not be read as a photo; it may be damaged or incomplete. Take or choose the photo again.`);
	}
	return {
		photo: { bytes: new Uint8Array(photo), contentType: 'image/jpeg', originalName: `${stem}.jpg` },
		thumbnail: { bytes: new Uint8Array(thumbnail), contentType: 'image/webp', originalName: `${stem}.webp` }
	};
}

/** Validates one camera photo and produces a bounded JPEG (long edge 2048, EXIF/GPS removed, orientation applied) and a WebP thumbnail (long edge 480). */
export async function processJobPhoto(file: File | null | undefined): Promise<ProcessedPhoto> {
	return encodePhoto(await sniffPhoto(file));
}

/** Several photos; any bad one fails the whole batch with a sentence naming the file; max 8 photos. */
export async function processJobPhotos(files: File[]): Promise<ProcessedPhoto[]> {
	// a file input left empty still submits one nameless, empty file
	const chosen = files.filter((file) => file.size > 0 || file.name !== '');
	if (chosen.length > MAX_PHOTOS_PER_UPDATE) {
		refuse(`You chose ${chosen.length} photos; an update can have at most ${MAX_PHOTOS_PER_UPDATE}. Choose fewer photos.`);
	}
	const sniffed: SniffedPhoto[] = [];
	for (const file of chosen) sniffed.push(await sniffPhoto(file));
	const results: ProcessedPhoto[] = new Array(sniffed.length);
	let next = 0;
	let failed = false;
	const worker = async () => {
		while (next < sniffed.length && !failed) {
			const index = next++;
			try {
				results[index] = await encodePhoto(sniffed[index]);
			} catch (error) {
				failed = true;
				throw error;
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(PHOTOS_IN_FLIGHT, sniffed.length) }, worker));
	return results;
}
