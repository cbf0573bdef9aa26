/**
 * The design files' checks by their bytes: renders, PDFs, STL (binary and text) and Rhino 3DM; and
 * what is refused — a `.stl` that is a PNG, random bytes named `.3dm`, a truncated binary STL.
 */
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { error } from '../../../../tests/support/errors.ts';
import { asciiStl, binaryStl, makePdf, makePng, rhino3dm } from '../../../../tests/support/factories.ts';
import type { FileStore } from '#lib/server/files/store.ts';
import { setPlatform } from '#lib/server/platform.ts';
import { isRhino3dm, processDesignFiles, processInspirationImages, RHINO_CONTENT_TYPE, sniffStl, STL_CONTENT_TYPE } from './files.ts';

const uploadMaxBytes = 1024 * 1024;
const stored: string[] = [];
const store: FileStore = {
	kind: 'local',
	put: async (key) => void stored.push(key),
	get: async () => null,
	delete: async () => {},
	list: async () => []
};

beforeAll(() => {
	setPlatform({
		fileStore: store,
		mailTransport: null,
		mailFrom: 'Bezel <no-reply@bezel.test>',
		uploadMaxBytes,
		origin: 'http://bezel.test',
		embedded: true
	});
});
afterAll(() => {
	// checking stores nothing: the service stages files once every one has passed
	expect(stored).toEqual([]);
	setPlatform(undefined);
});

const file = (bytes: Uint8Array, name: string, type = '') => new File([Buffer.from(bytes)], name, { type });

describe('sniffing STL and 3DM', () => {
	it('knows a binary STL by its size, also when its header starts with “solid”', () => {
		expect(sniffStl(binaryStl(3))).toEqual({ ok: true, format: 'binary', triangles: 3 });
		expect(sniffStl(binaryStl(5, 'solid exported by SolidWorks'))).toEqual({ ok: true, format: 'binary', triangles: 5 });
	});

	it('knows a text STL by solid, facet and endsolid', () => {
		expect(sniffStl(asciiStl())).toEqual({ ok: true, format: 'ascii', triangles: null });
		const cut = asciiStl().slice(0, 60);
		expect(sniffStl(cut)).toMatchObject({ ok: false, problem: expect.stringMatching(/facets|cut short/) });
		const noEnd = new TextEncoder().encode('solid ring\n facet normal 0 0 1\n outer loop\n');
		expect(sniffStl(noEnd)).toMatchObject({ ok: false, problem: expect.stringContaining('endsolid') });
	});

	it('says a truncated binary STL is cut short, and refuses an empty one', () => {
		const whole = binaryStl(10);
		const truncated = whole.slice(0, whole.byteLength - 30);
		const sniff = sniffStl(truncated);
		expect(sniff).toMatchObject({ ok: false });
		if (!sniff.ok) expect(sniff.problem).toMatch(/cut short: its 10 triangles need 584 bytes and it has 554/);
		expect(sniffStl(binaryStl(0))).toEqual({ ok: false, problem: 'has no triangles in it' });
		expect(sniffStl(new Uint8Array(20))).toEqual({ ok: false, problem: 'is not an STL model' });
	});

	it('knows Rhino’s 3DM header and nothing else', () => {
		expect(isRhino3dm(rhino3dm())).toBe(true);
		expect(isRhino3dm(randomBytes(300))).toBe(false);
		expect(isRhino3dm(new TextEncoder().encode('3D Geometry'))).toBe(false);
	});
});

describe('processDesignFiles', () => {
	it('takes renders (re-encoded, with a thumbnail), PDFs and CAD files, keeping CAD and PDF bytes as they are', async () => {
		const png = await makePng(400, 300);
		const pdf = await makePdf('Design sheet');
		const stl = binaryStl(4);
		const text = asciiStl();
		const model = rhino3dm();
		const result = await processDesignFiles([
			file(png, 'front.png', 'image/png'),
			file(pdf, 'sheet.pdf'),
			file(stl, 'ring.STL'),
			file(text, 'ring-ascii.stl'),
			file(model, 'ring.3dm'),
			// a phone's unused camera input posts an empty, nameless file
			file(new Uint8Array(), '')
		]);
		expect(result.map((r) => r.kind)).toEqual(['render', 'document', 'cad', 'cad', 'cad']);
		const [render, document, binary, ascii, rhino] = result;
		expect(render.file.contentType).toBe('image/jpeg');
		expect(render.file.originalName).toBe('front.jpg');
		expect(render.thumbnail?.contentType).toBe('image/webp');
		const meta = await sharp(Buffer.from(render.thumbnail!.bytes)).metadata();
		expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(480);
		expect(document.file).toMatchObject({ contentType: 'application/pdf', originalName: 'sheet.pdf' });
		expect(Buffer.from(document.file.bytes).equals(Buffer.from(pdf))).toBe(true);
		expect(binary.file).toMatchObject({ contentType: STL_CONTENT_TYPE, originalName: 'ring.STL' });
		expect(Buffer.from(binary.file.bytes).equals(Buffer.from(stl))).toBe(true);
		expect(ascii.file.contentType).toBe(STL_CONTENT_TYPE);
		expect(rhino.file.contentType).toBe(RHINO_CONTENT_TYPE);
		expect(binary.thumbnail).toBeNull();
	});

	it('takes a text STL or a 3DM without the usual extension, by its bytes', async () => {
		const [text, model] = await processDesignFiles([file(asciiStl(), 'ring.txt'), file(rhino3dm(), 'ring-model')]);
		expect(text.file.contentType).toBe(STL_CONTENT_TYPE);
		expect(model.file.contentType).toBe(RHINO_CONTENT_TYPE);
	});

	const refusals: [string, () => Promise<File[]>, RegExp][] = [
		[
			'a .stl that is really a PNG',
			async () => [file(await makePng(), 'ring.stl')],
			/“ring\.stl” is named like an STL model but is a PNG image/
		],
		['random bytes named .3dm', async () => [file(randomBytes(4096), 'ring.3dm')], /“ring\.3dm” is not a Rhino 3DM model/],
		['a PDF named .3dm', async () => [file(await makePdf(), 'ring.3dm')], /named like a Rhino 3DM model but is a PDF/],
		['a 3DM named .stl', async () => [file(rhino3dm(), 'ring.stl')], /named like an STL model but is a Rhino 3DM model/],
		[
			'a truncated binary STL',
			async () => [file(binaryStl(40).slice(0, 1500), 'ring.stl')],
			/“ring\.stl” is cut short: its 40 triangles need 2,084 bytes and it has 1,500/
		],
		['a text STL without its end', async () => [file(asciiStl().slice(0, 120), 'ring.stl')], /stops before its end/],
		['a PNG named .pdf', async () => [file(await makePng(), 'sheet.pdf')], /named like a PDF but is a PNG image/],
		['a PDF named .jpg', async () => [file(await makePdf(), 'render.jpg')], /named like a JPEG image but is a PDF/],
		[
			'a ZIP archive',
			async () => [file(new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...randomBytes(200)]), 'models.zip')],
			/is a ZIP archive\. Upload renders/
		],
		['random bytes with no known name', async () => [file(randomBytes(2048), 'model.obj')], /“model\.obj” is not a file type Bezel takes/],
		[
			'a damaged PNG',
			async () => [file((await makePng(200, 200)).slice(0, 120), 'render.png')],
			/could not be read as a photo.*Export the render again/
		],
		['an empty file', async () => [file(new Uint8Array(), 'ring.stl')], /“ring\.stl” is empty/],
		['a file over the upload limit', async () => [file(binaryStl(21_000), 'big.stl')], /“big\.stl” is larger than 1 MB/],
		['no file at all', async () => [], /Add at least one file/],
		['thirteen files', async () => Array.from({ length: 13 }, (_, i) => file(asciiStl(), `m${i}.stl`)), /at most 12/]
	];

	it.each(refusals)('refuses %s with a sentence naming it', async (_name, files, message) => {
		const refused = await error(processDesignFiles(await files()));
		expect(refused.code).toBe('Invalid');
		expect(refused.message).toMatch(message);
		expect(refused.fields.files).toBe(refused.message);
	});

	it('refuses the whole version when one file is bad, and names that file', async () => {
		const refused = await error(processDesignFiles([file(asciiStl(), 'good.stl'), file(await makePng(), 'bad.stl')]));
		expect(refused.message).toMatch(/“bad\.stl”/);
	});
});

describe('processInspirationImages', () => {
	it('takes photos only and reports a refusal under images', async () => {
		const [image] = await processInspirationImages([file(await makePng(300, 200), 'mood.png')]);
		expect(image.photo.contentType).toBe('image/jpeg');
		const refused = await error(processInspirationImages([file(await makePdf(), 'mood.pdf')]));
		expect(refused.fields.images).toMatch(/“mood\.pdf” is a PDF, not a photo/);
	});
});
