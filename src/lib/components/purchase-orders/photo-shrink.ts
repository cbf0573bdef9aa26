/**
 * Phone photos are 3–8 MB; a bench abroad often sends them over mobile data. Before a message is
 * posted (with JavaScript only), large JPEGs are scaled to the size the server keeps anyway, and
 * formats the server does not take (HEIC, WebP) become JPEG when the browser can decode them.
 * Anything that cannot be decoded is sent as chosen: the server judges every file by its bytes.
 */
const KEEP_EDGE = 2560;
const SMALL_ENOUGH = 1_500_000;
const convertible = new Set(['image/heic', 'image/heif', 'image/webp']);

async function shrinkPhoto(file: File): Promise<File> {
	const mustConvert = convertible.has(file.type);
	if (!mustConvert && (file.type !== 'image/jpeg' || file.size < SMALL_ENOUGH)) return file;
	if (typeof createImageBitmap !== 'function') return file;
	try {
		// the camera's orientation is applied by the decoder (imageOrientation defaults to from-image)
		const bitmap = await createImageBitmap(file);
		const scale = Math.min(1, KEEP_EDGE / Math.max(bitmap.width, bitmap.height));
		const canvas = document.createElement('canvas');
		canvas.width = Math.round(bitmap.width * scale);
		canvas.height = Math.round(bitmap.height * scale);
		canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
		bitmap.close();
		const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
		if (!blob || (!mustConvert && blob.size >= file.size)) return file;
		return new File([blob], `${file.name.replace(/\.[^.]+$/, '') || 'photo'}.jpg`, { type: 'image/jpeg', lastModified: file.lastModified });
	} catch {
		return file;
	}
}

/** Replaces the `name` files of a form submission with their shrunk versions, dropping empty ones. */
export async function shrinkPhotosIn(formData: FormData, name: string): Promise<void> {
	const entries = formData.getAll(name);
	formData.delete(name);
	for (const entry of entries) {
		if (typeof entry === 'string' || entry.size === 0) continue;
		formData.append(name, await shrinkPhoto(entry));
	}
}
