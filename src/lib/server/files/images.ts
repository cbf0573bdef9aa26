import sharp from 'sharp';

/**
 * Re-encodes an image: applies the camera's orientation, drops EXIF/GPS and other metadata
 * (sharp keeps none unless asked), and bounds the long edge.
 */
export async function reencodeImage(
	bytes: Uint8Array,
	options: { maxEdge: number; format: 'jpeg' | 'png' | 'webp' }
): Promise<{ bytes: Uint8Array; contentType: string }> {
	const pipeline = sharp(bytes, { failOn: 'error', limitInputPixels: 50_000_000 })
		.rotate()
		.resize({ width: options.maxEdge, height: options.maxEdge, fit: 'inside', withoutEnlargement: true });
	const output =
		options.format === 'png'
			? await pipeline.png({ compressionLevel: 9 }).toBuffer()
			: options.format === 'webp'
				? await pipeline.webp({ quality: 85 }).toBuffer()
				: await pipeline.jpeg({ quality: 85, mozjpeg: true }).toBuffer();
	return { bytes: new Uint8Array(output), contentType: `image/${options.format}` };
}
