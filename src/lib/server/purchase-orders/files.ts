/** Files that come with a PO: header attachments (CAD renders, specs) and thread files alike. */
import { invalid } from '#lib/server/errors.ts';
import { reencodeImage } from '#lib/server/files/images.ts';
import { checkUpload, type CheckedUpload } from '#lib/server/files/validate.ts';
import { getPlatform } from '#lib/server/platform.ts';

/**
 * Checks a file's bytes (PDF, JPEG or PNG, within the upload limit). Photos lose their EXIF/GPS like
 * every photo the app stores, with a long edge of at most 2560 px; a PNG stays PNG, because a CAD
 * render's transparent background would turn black in JPEG.
 */
export async function checkPurchaseOrderFile(file: File | null | undefined): Promise<CheckedUpload> {
	const upload = await checkUpload(file, 'document', getPlatform().uploadMaxBytes);
	if (upload.contentType === 'application/pdf') return upload;
	const format = upload.contentType === 'image/png' ? 'png' : 'jpeg';
	let image: Awaited<ReturnType<typeof reencodeImage>>;
	try {
		image = await reencodeImage(upload.bytes, { maxEdge: 2560, format });
	} catch {
		const text = `“${upload.originalName}” could not be read as a photo. Take the photo again or send it as a PDF.`;
		throw invalid(text, { file: text });
	}
	return { ...upload, ...image, originalName: `${upload.originalName.replace(/\.[^.]+$/, '')}.${format === 'png' ? 'png' : 'jpg'}` };
}
