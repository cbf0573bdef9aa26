import fs from 'node:fs/promises';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/support/database.ts';
import {
	createStaff,
	createVendorUser,
	createWorkshop,
	fakeFile,
	listFiles,
	makePdf,
	makePng
} from '../../../../tests/support/factories.ts';
import type { StaffActor, VendorActor } from '../auth/actor.ts';
import { storedFile, vendor, vendorDocument } from '../db/schema/index.ts';
import { asSystem } from '../db/scope.ts';
import { readFileForActor, sweepOrphanFiles } from '../files/service.ts';
import { getFileStore } from '../platform.ts';
import { getOpsHome, getVendorHome, getVendorOverview, removeVendorDocument, setVendorLogo, uploadVendorDocument } from './service.ts';
import { error } from '../../../../tests/support/errors.ts';

const context = useTestDatabase();
const MB = 1024 * 1024;
let ops: StaffActor;
let finance: StaffActor;
let workshop: { vendorId: string; name: string };
let boss: VendorActor;
let member: VendorActor;
let pdf: Uint8Array;

const daysFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
	ops = await createStaff('ops');
	finance = await createStaff('finance');
	workshop = await createWorkshop(ops);
	boss = await createVendorUser(workshop.vendorId, workshop.name, 'vendor_admin');
	member = await createVendorUser(workshop.vendorId, workshop.name, 'vendor_member');
	pdf = await makePdf();
});

/** Rows and bytes of a workshop, to prove a refused upload left nothing behind. */
async function footprint(vendorId = workshop.vendorId) {
	return {
		documents: (await asSystem((tx) => tx.select().from(vendorDocument).where(eq(vendorDocument.vendorId, vendorId)))).length,
		files: (await asSystem((tx) => tx.select().from(storedFile).where(eq(storedFile.vendorId, vendorId)))).length,
		bytes: await listFiles(context.filesDir)
	};
}

/** A JPEG that carries camera EXIF (make, copyright) like a phone photo. */
async function jpegWithExif(width: number, height: number, orientation?: number) {
	let image = sharp({ create: { width, height, channels: 3, background: '#d4af37' } }).jpeg();
	image = image.withExif({ IFD0: { Make: 'PhoneCo', Copyright: 'GPS 13.7563N 100.5018E' } });
	if (orientation) image = image.withMetadata({ orientation });
	const bytes = new Uint8Array(await image.toBuffer());
	expect((await sharp(bytes).metadata()).exif).toBeDefined();
	return bytes;
}

const meta = (title = 'Insurance 2027', expiresOn = daysFromNow(200)) => ({ kind: 'insurance_certificate' as const, title, expiresOn });

describe('workshop documents', () => {
	it('accepts a PDF, stores it under a server-made key and gives the same bytes back', async () => {
		const { documentId } = await uploadVendorDocument(
			member,
			workshop.vendorId,
			meta('Insurance 2027', daysFromNow(10)),
			fakeFile('Insurance "2027".pdf', pdf)
		);
		const [doc] = await asSystem((tx) => tx.select().from(vendorDocument).where(eq(vendorDocument.id, documentId)));
		const [file] = await asSystem((tx) => tx.select().from(storedFile).where(eq(storedFile.id, doc.fileId)));
		expect(file).toMatchObject({
			vendorId: workshop.vendorId,
			contentType: 'application/pdf',
			byteSize: pdf.byteLength,
			originalName: 'Insurance _2027_.pdf',
			createdBy: member.userId
		});
		expect(file.key).toMatch(new RegExp(`^vendors/${workshop.vendorId}/documents/[0-9a-f-]{36}$`));
		expect(new Uint8Array(await fs.readFile(path.join(context.filesDir, file.key)))).toEqual(pdf);

		for (const reader of [ops, finance, boss]) {
			const download = await readFileForActor(reader, file.id);
			expect(download.contentType).toBe('application/pdf');
			expect(download.bytes).toEqual(pdf);
		}

		const overview = await getVendorOverview(boss, workshop.vendorId);
		expect(overview.documents).toEqual([
			expect.objectContaining({ id: documentId, title: 'Insurance 2027', expiry: 'expiring', contentType: 'application/pdf' })
		]);
		expect(overview.history[0]).toMatchObject({ action: 'document.uploaded', actorName: member.name });

		const home = await getVendorHome(member);
		expect(home.hasInsuranceCertificate).toBe(true);
		expect(home.documentsNeedingAttention.map((d) => d.id)).toEqual([documentId]);
		expect((await getOpsHome(ops)).expiringDocuments).toEqual(
			expect.arrayContaining([expect.objectContaining({ vendorId: workshop.vendorId, title: 'Insurance 2027', expiry: 'expiring' })])
		);
	});

	it('refuses a PNG named .pdf with a sentence, leaving no row and no file', async () => {
		const before = await footprint();
		const refused = await error(uploadVendorDocument(boss, workshop.vendorId, meta('Licence'), fakeFile('licence.pdf', await makePng())));
		expect(refused.code).toBe('Invalid');
		expect(refused.message).toBe('“licence.pdf” is named like a PDF but is a PNG image. Check that you chose the right file.');
		expect(refused.fields.file).toMatch(/PNG/);
		expect(await footprint()).toEqual(before);
	});

	it('refuses a file that is not an allowed type, whatever its name', async () => {
		const before = await footprint();
		const text = await error(
			uploadVendorDocument(boss, workshop.vendorId, meta(), fakeFile('notes.pdf', new TextEncoder().encode('just some text, not a PDF')))
		);
		expect(text.message).toMatch(/not a file type we can read.*Upload a PDF, JPEG image, PNG image/);
		const gif = new Uint8Array(
			await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } })
				.gif()
				.toBuffer()
		);
		expect((await error(uploadVendorDocument(boss, workshop.vendorId, meta(), fakeFile('scan.gif', gif)))).message).toMatch(/GIF image/);
		expect(await footprint()).toEqual(before);
	});

	it('refuses an empty file, no file and a file over the limit, and takes one exactly at the limit', async () => {
		const before = await footprint();
		expect((await error(uploadVendorDocument(boss, workshop.vendorId, meta(), fakeFile('empty.pdf', new Uint8Array())))).message).toMatch(
			/empty/
		);
		expect((await error(uploadVendorDocument(boss, workshop.vendorId, meta(), null))).code).toBe('Invalid');

		const atLimit = new Uint8Array(2 * MB);
		atLimit.set(pdf);
		const tooBig = new Uint8Array(2 * MB + 1);
		tooBig.set(pdf);
		const big = await error(uploadVendorDocument(boss, workshop.vendorId, meta(), fakeFile('big.pdf', tooBig)));
		expect(big.message).toBe('The file is larger than 2 MB. Choose a smaller file.');
		expect(await footprint()).toEqual(before);

		await uploadVendorDocument(boss, workshop.vendorId, meta('Exactly 2 MB'), fakeFile('limit.pdf', atLimit));
		expect((await footprint()).documents).toBe(before.documents + 1);
	});

	it('re-encodes a photographed document as JPEG without its EXIF', async () => {
		const photo = await jpegWithExif(3000, 2000);
		const { documentId } = await uploadVendorDocument(
			boss,
			workshop.vendorId,
			{ kind: 'business_license', title: 'Licence photo', expiresOn: '' },
			fakeFile('licence.jpeg', photo)
		);
		const [doc] = await asSystem((tx) => tx.select().from(vendorDocument).where(eq(vendorDocument.id, documentId)));
		const download = await readFileForActor(boss, doc.fileId);
		expect(download).toMatchObject({ contentType: 'image/jpeg', name: 'licence.jpg' });
		const metadata = await sharp(download.bytes).metadata();
		expect(metadata).toMatchObject({ format: 'jpeg', width: 2560, height: 1707 });
		expect(metadata.exif).toBeUndefined();
	});

	it('leaves no bytes behind when the database part of an upload fails', async () => {
		const missing = '00000000-0000-4000-8000-00000000beef';
		const before = await footprint(missing);
		expect((await error(uploadVendorDocument(ops, missing, meta(), fakeFile('c.pdf', pdf)))).code).toBe('NotFound');
		expect(await footprint(missing)).toEqual(before);
		expect(before.bytes.filter((key) => key.includes(missing))).toEqual([]);
	});

	it('lets only the workshop admin remove a document, and keeps its history', async () => {
		const { documentId } = await uploadVendorDocument(ops, workshop.vendorId, meta('To be replaced'), fakeFile('old.pdf', pdf));
		expect((await error(removeVendorDocument(member, workshop.vendorId, documentId))).code).toBe('Forbidden');
		expect((await error(removeVendorDocument(finance, workshop.vendorId, documentId))).code).toBe('Forbidden');
		await removeVendorDocument(boss, workshop.vendorId, documentId);
		expect((await error(removeVendorDocument(boss, workshop.vendorId, documentId))).code).toBe('NotFound');
		const overview = await getVendorOverview(ops, workshop.vendorId);
		expect(overview.documents.map((d) => d.id)).not.toContain(documentId);
		expect(overview.history[0]).toMatchObject({ action: 'document.removed', actorName: boss.name, before: { title: 'To be replaced' } });
		// the row stays, marked removed
		const [row] = await asSystem((tx) => tx.select().from(vendorDocument).where(eq(vendorDocument.id, documentId)));
		expect(row.removedAt).not.toBeNull();
	});

	it('does not let finance upload documents', async () => {
		expect((await error(uploadVendorDocument(finance, workshop.vendorId, meta(), fakeFile('f.pdf', pdf)))).code).toBe('Forbidden');
	});
});

describe('workshop logo', () => {
	it('re-encodes the logo as a PNG of at most 512 px, upright and without EXIF', async () => {
		// 1000×600 stored sideways with EXIF orientation 6: upright it is 600×1000
		const photo = await jpegWithExif(1000, 600, 6);
		await setVendorLogo(boss, workshop.vendorId, fakeFile('IMG_2041.JPG', photo));
		const [row] = await asSystem((tx) => tx.select().from(vendor).where(eq(vendor.id, workshop.vendorId)));
		expect(row.logoFileId).not.toBeNull();
		const logo = await readFileForActor(member, row.logoFileId!);
		expect(logo).toMatchObject({ contentType: 'image/png', name: 'logo.png' });
		const metadata = await sharp(logo.bytes).metadata();
		expect(metadata).toMatchObject({ format: 'png', width: 307, height: 512 });
		expect(metadata.exif).toBeUndefined();
		expect(metadata.orientation).toBeUndefined();
		expect((await getVendorOverview(ops, workshop.vendorId)).history[0]).toMatchObject({ action: 'vendor.logo_changed' });
	});

	it('refuses a PDF as a logo, and a workshop member changing it', async () => {
		const before = await footprint();
		expect((await error(setVendorLogo(boss, workshop.vendorId, fakeFile('logo.pdf', pdf)))).message).toMatch(
			/is a PDF. Upload a JPEG image, PNG image, WebP image/
		);
		expect((await error(setVendorLogo(member, workshop.vendorId, fakeFile('logo.png', await makePng())))).code).toBe('Forbidden');
		expect((await error(setVendorLogo(finance, workshop.vendorId, fakeFile('logo.png', await makePng())))).code).toBe('Forbidden');
		expect(await footprint()).toEqual(before);
	});
});

describe('sweepOrphanFiles', () => {
	it('removes old bytes no row points at, and keeps recent ones and recorded ones (removed documents included)', async () => {
		const store = getFileStore();
		const orphan = `vendors/${workshop.vendorId}/documents/orphan-old`;
		const fresh = `vendors/${workshop.vendorId}/documents/orphan-new`;
		await store.put(orphan, pdf, 'application/pdf');
		await store.put(fresh, pdf, 'application/pdf');
		const recorded = await asSystem((tx) =>
			tx
				.select()
				.from(storedFile)
				.where(and(eq(storedFile.vendorId, workshop.vendorId), eq(storedFile.purpose, 'documents')))
		);
		const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
		for (const key of [orphan, ...recorded.map((f) => f.key)]) await fs.utimes(path.join(context.filesDir, key), twoHoursAgo, twoHoursAgo);

		expect(await asSystem((tx) => sweepOrphanFiles(tx))).toBe(1);
		const left = await listFiles(context.filesDir);
		expect(left).not.toContain(orphan);
		expect(left).toContain(fresh);
		for (const file of recorded) expect(left).toContain(file.key);
		await store.delete(fresh);
	});
});
