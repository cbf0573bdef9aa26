/** Small wording helpers shared by the custom-order components. */

export function fileSize(bytes: number): string {
	if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
	return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** What kind of file a stored content type is, in a word a person knows. */
export function fileKind(contentType: string): string {
	return (
		{
			'application/pdf': 'PDF',
			'model/stl': 'STL',
			'model/x-3dm': '3DM',
			'image/jpeg': 'JPEG',
			'image/png': 'PNG',
			'image/webp': 'WebP'
		}[contentType] ?? 'File'
	);
}

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
