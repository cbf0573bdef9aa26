import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/support/database.ts';
import { error } from '../../../../tests/support/errors.ts';
import { makePdf } from '../../../../tests/support/factories.ts';
import { checkPurchaseOrderFile } from './files.ts';

useTestDatabase();

const asFile = (bytes: Uint8Array, name: string) => new File([Buffer.from(bytes)], name);

describe('checkPurchaseOrderFile', () => {
	it('keeps a PDF as it is, a PNG render as PNG and turns a photo into a JPEG without its metadata', async () => {
		const pdf = await makePdf();
		expect(await checkPurchaseOrderFile(asFile(pdf, 'spec.pdf'))).toMatchObject({
			contentType: 'application/pdf',
			originalName: 'spec.pdf'
		});
		const png = await sharp({ create: { width: 40, height: 30, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
			.png()
			.toBuffer();
		expect(await checkPurchaseOrderFile(asFile(png, 'render'))).toMatchObject({ contentType: 'image/png', originalName: 'render.png' });
		const jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#b08d57' } })
			.withMetadata({ exif: { IFD0: { Copyright: 'bench photo' } } })
			.jpeg()
			.toBuffer();
		const photo = await checkPurchaseOrderFile(asFile(jpeg, 'IMG_0042.JPG'));
		expect(photo).toMatchObject({ contentType: 'image/jpeg', originalName: 'IMG_0042.jpg' });
		expect((await sharp(photo.bytes).metadata()).exif).toBeUndefined();
	});

	it('answers a sentence for a photo whose bytes are broken, rather than failing', async () => {
		const jpeg = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#b08d57' } })
			.jpeg()
			.toBuffer();
		const broken = await error(checkPurchaseOrderFile(asFile(jpeg.subarray(0, 200), 'torn.jpg')));
		expect(broken.code).toBe('Invalid');
		expect(broken.message).toBe('“torn.jpg” could not be read as a photo. Take the photo again or send it as a PDF.');
	});
});
