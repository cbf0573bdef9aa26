/**
 * Uploads are judged by their bytes, not by their name or the browser's claim: the magic bytes must
 * match an allowed type, and a file named `.pdf` that is really a PNG is refused with a sentence.
 */
import { fileTypeFromBuffer } from 'file-type';
import { invalid } from '#lib/server/errors.ts';

export type UploadKind = 'document' | 'image';

const allowed: Record<UploadKind, Record<string, string>> = {
	document: { 'application/pdf': 'PDF', 'image/jpeg': 'JPEG image', 'image/png': 'PNG image' },
	image: { 'image/jpeg': 'JPEG image', 'image/png': 'PNG image', 'image/webp': 'WebP image' }
};

const extensionTypes: Record<string, string> = {
	pdf: 'application/pdf',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	png: 'image/png',
	webp: 'image/webp',
	heic: 'image/heic'
};

const describe = (mime: string) =>
	({
		'application/pdf': 'a PDF',
		'image/jpeg': 'a JPEG image',
		'image/png': 'a PNG image',
		'image/webp': 'a WebP image',
		'image/gif': 'a GIF image',
		'image/heic': 'a HEIC photo',
		'application/zip': 'a ZIP archive'
	})[mime] ?? `a ${mime} file`;

export interface CheckedUpload {
	bytes: Uint8Array;
	contentType: string;
	originalName: string;
}

export async function checkUpload(
	file: { name: string; size: number; arrayBuffer(): Promise<ArrayBuffer> } | null | undefined,
	kind: UploadKind,
	maxBytes: number
): Promise<CheckedUpload> {
	if (!file || file.size === 0) {
		throw invalid('The file is empty. Choose the file again.', { file: 'The file is empty.' });
	}
	if (file.size > maxBytes) {
		const mb = Math.round(maxBytes / 1024 / 1024);
		throw invalid(`The file is larger than ${mb} MB. Choose a smaller file.`, { file: `Larger than ${mb} MB.` });
	}
	const bytes = new Uint8Array(await file.arrayBuffer());
	const detected = await fileTypeFromBuffer(bytes);
	const names = Object.values(allowed[kind]).join(', ');
	if (!detected || !(detected.mime in allowed[kind])) {
		const what = detected ? describe(detected.mime) : 'not a file type we can read';
		throw invalid(`This file is ${what}. Upload a ${names}.`, { file: `Upload a ${names}.` });
	}
	const extension = file.name.split('.').pop()?.toLowerCase() ?? '';
	const claimed = extensionTypes[extension];
	if (claimed && claimed !== detected.mime && !(claimed === 'image/jpeg' && detected.mime === 'image/jpeg')) {
		throw invalid(
			`“${file.name}” is named like ${describe(claimed)} but is ${describe(detected.mime)}. Check that you chose the right file.`,
			{
				file: `Named like ${describe(claimed)} but is ${describe(detected.mime)}.`
			}
		);
	}
	const safeName = file.name.replace(/[\\/\u0000-\u001f\u007f"]+/g, '_').slice(0, 200) || 'file';
	return { bytes, contentType: detected.mime, originalName: safeName };
}
