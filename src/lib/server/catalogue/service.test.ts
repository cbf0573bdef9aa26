import { eq } from 'drizzle-orm';
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
import { error } from '../../../../tests/support/errors.ts';
import type { StyleFormInput } from '#lib/domain/catalogue/schemas.ts';
import type { StaffActor, VendorActor } from '../auth/actor.ts';
import { auditEvent, storedFile, style } from '../db/schema/index.ts';
import { asSystem } from '../db/scope.ts';
import { readFileForActor } from '../files/service.ts';
import { AppError } from '../errors.ts';
import {
	archiveStyle,
	createStyle,
	getStyle,
	listActiveStylesForPicker,
	removeStylePhoto,
	restoreStyle,
	setStylePhoto,
	updateStyle
} from './service.ts';

const context = useTestDatabase();
let ops: StaffActor;
let admin: StaffActor;
let finance: StaffActor;
let vendorUser: VendorActor;
let siam: { vendorId: string; name: string };
let rossi: { vendorId: string; name: string };

beforeAll(async () => {
	[ops, admin, finance] = [await createStaff('ops'), await createStaff('admin'), await createStaff('finance')];
	siam = await createWorkshop(ops, { name: 'Siam Casting', currency: 'THB' });
	rossi = await createWorkshop(ops, { name: 'Atelier Rossi', country: 'IT', city: 'Vicenza', currency: 'EUR' });
	vendorUser = await createVendorUser(siam.vendorId, siam.name, 'vendor_admin');
});

let counter = 0;
const input = (overrides: Partial<StyleFormInput> = {}): StyleFormInput => ({
	sku: `RG-${++counter}`,
	name: 'Solitaire ring',
	category: 'ring',
	defaultAlloy: '18KY',
	targetWeight: '3.25',
	weightTolerance: '0.15',
	stoneSpec: '1 round 6.5 mm lab-grown',
	stoneCount: 1,
	hasDiamonds: true,
	laborBasis: 'per_piece',
	...overrides
});

const styleRow = async (id: string) => (await asSystem((tx) => tx.select().from(style).where(eq(style.id, id))))[0];
const auditOf = (id: string) => asSystem((tx) => tx.select().from(auditEvent).where(eq(auditEvent.entityId, id)));

describe('createStyle', () => {
	it('stores milligrams, minor units and an upper-case SKU, with the workshop’s currency by default', async () => {
		const { styleId } = await createStyle(ops, input({ sku: 'rg-1042', defaultVendorId: siam.vendorId, laborPrice: '1,250.50' }));
		expect(await styleRow(styleId)).toMatchObject({
			sku: 'RG-1042',
			defaultAlloy: '18KY',
			targetWeightMg: 3250,
			weightToleranceMg: 150,
			stoneCount: 1,
			hasDiamonds: true,
			defaultVendorId: siam.vendorId,
			laborPriceMinor: 125_050,
			laborCurrency: 'THB',
			active: true,
			version: 1
		});
		const [created] = await auditOf(styleId);
		expect(created).toMatchObject({
			entityType: 'style',
			action: 'style.created',
			actorUserId: ops.userId,
			vendorId: null,
			summary: `${ops.name} added the style RG-1042 Solitaire ring`
		});
		expect(created.after).toMatchObject({ sku: 'RG-1042', laborPriceMinor: 125_050 });
	});

	it('prices labor in a chosen currency and refuses money that does not fit it', async () => {
		const { styleId } = await createStyle(admin, input({ defaultVendorId: rossi.vendorId, laborPrice: '1500', laborCurrency: 'JPY' }));
		expect(await styleRow(styleId)).toMatchObject({ laborPriceMinor: 1500, laborCurrency: 'JPY' });

		const bad = await error(createStyle(ops, input({ defaultVendorId: siam.vendorId, laborPrice: '12.345' })));
		expect(bad.code).toBe('Invalid');
		expect(bad.fields).toEqual({ laborPrice: 'THB amounts have at most 2 decimals.' });
		expect((await error(createStyle(ops, input({ laborPrice: '12' })))).fields).toHaveProperty('laborCurrency');
		expect((await error(createStyle(ops, input({ defaultVendorId: '00000000-0000-4000-8000-000000000000' })))).fields).toEqual({
			defaultVendorId: 'Choose a workshop from the list.'
		});
		expect((await error(createStyle(ops, input({ sku: 'RG 1', targetWeight: 'heavy' })))).fields).toEqual({
			sku: 'Use only letters, digits, dashes and dots, like RG-1042.',
			targetWeight: 'Enter the weight in grams, like 3.25 (at most three decimals).'
		});
	});

	it('refuses a SKU that exists in any case, with a message on the SKU field', async () => {
		await createStyle(ops, input({ sku: 'PD-77' }));
		for (const sku of ['PD-77', 'pd-77', ' Pd-77 ']) {
			const duplicate = await error(createStyle(admin, input({ sku })));
			expect(duplicate.code, sku).toBe('Conflict');
			expect(duplicate.fields).toEqual({ sku: 'Another style already has this SKU.' });
		}
	});

	it('answers Conflict, not a database error, when two people add the same SKU at once', async () => {
		const results = await Promise.allSettled([createStyle(ops, input({ sku: 'TWIN-1' })), createStyle(admin, input({ sku: 'twin-1' }))]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const [rejected] = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
		expect(rejected.reason).toBeInstanceOf(AppError);
		expect((rejected.reason as AppError).code).toBe('Conflict');
	});
});

describe('updateStyle', () => {
	it('saves on the current version, refuses a stale one and returns the newer style', async () => {
		const { styleId } = await createStyle(ops, input({ sku: 'ER-1', name: 'Hoops', category: 'earrings' }));
		const seen = (await getStyle(finance, styleId)).style;
		expect(seen.version).toBe(1);

		const saved = await updateStyle(ops, styleId, input({ sku: 'ER-1', name: 'Small hoops', category: 'earrings', version: 1 }));
		expect(saved).toMatchObject({ ok: true, style: { version: 2, name: 'Small hoops' } });

		const stale = await updateStyle(admin, styleId, input({ sku: 'ER-1', name: 'Large hoops', category: 'earrings', version: 1 }));
		expect(stale.ok).toBe(false);
		if (stale.ok) return;
		expect(stale.current).toMatchObject({ id: styleId, version: 2, name: 'Small hoops' });
		expect(await styleRow(styleId)).toMatchObject({ version: 2, name: 'Small hoops' });

		// editing the version just returned works
		expect(await updateStyle(admin, styleId, input({ sku: 'ER-1', name: 'Large hoops', category: 'earrings', version: 2 }))).toMatchObject({
			ok: true,
			style: { version: 3 }
		});
	});

	it('lets exactly one of two simultaneous edits of the same version through', async () => {
		const { styleId } = await createStyle(ops, input({ sku: 'RACE-1' }));
		const results = await Promise.all([
			updateStyle(ops, styleId, input({ sku: 'RACE-1', name: 'By ops', version: 1 })),
			updateStyle(admin, styleId, input({ sku: 'RACE-1', name: 'By admin', version: 1 }))
		]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect((await styleRow(styleId)).version).toBe(2);
		expect((await auditOf(styleId)).filter((a) => a.action === 'style.updated')).toHaveLength(1);
	});

	it('refuses renaming onto another style’s SKU, and audits only what changed', async () => {
		const { styleId } = await createStyle(ops, input({ sku: 'BR-1', name: 'Bangle', category: 'bracelet' }));
		await createStyle(ops, input({ sku: 'BR-2', name: 'Cuff', category: 'bracelet' }));
		expect(
			(await error(updateStyle(ops, styleId, input({ sku: 'br-2', name: 'Bangle', category: 'bracelet', version: 1 })))).fields
		).toEqual({
			sku: 'Another style already has this SKU.'
		});
		await updateStyle(ops, styleId, input({ sku: 'BR-1', name: 'Bangle', category: 'bracelet', targetWeight: '12.5', version: 1 }));
		// a save that changes nothing is not history
		await updateStyle(ops, styleId, input({ sku: 'BR-1', name: 'Bangle', category: 'bracelet', targetWeight: '12.500', version: 2 }));
		const updates = (await auditOf(styleId)).filter((a) => a.action === 'style.updated');
		expect(updates).toHaveLength(1);
		expect(updates[0]).toMatchObject({
			summary: `${ops.name} changed target weight`,
			before: { targetWeightMg: 3250 },
			after: { targetWeightMg: 12_500 }
		});
	});
});

describe('who may do what', () => {
	it('lets finance read but not edit, and refuses every write with Forbidden', async () => {
		const { styleId } = await createStyle(ops, input({ sku: 'FIN-1' }));
		expect((await getStyle(finance, styleId)).style.sku).toBe('FIN-1');
		expect((await listActiveStylesForPicker(finance)).some((s) => s.id === styleId)).toBe(true);
		const png = await makePng();
		for (const attempt of [
			createStyle(finance, input({ sku: 'FIN-2' })),
			updateStyle(finance, styleId, input({ sku: 'FIN-1', name: 'Renamed by finance', version: 1 })),
			archiveStyle(finance, styleId),
			restoreStyle(finance, styleId),
			setStylePhoto(finance, styleId, fakeFile('ring.png', png)),
			removeStylePhoto(finance, styleId)
		]) {
			expect((await error(attempt)).code).toBe('Forbidden');
		}
		expect(await styleRow(styleId)).toMatchObject({ name: 'Solitaire ring', version: 1, active: true });
	});

	it('answers a workshop user NotFound, as if the catalogue did not exist', async () => {
		const { styleId } = await createStyle(ops, input({ sku: 'VEN-1' }));
		for (const attempt of [
			getStyle(vendorUser, styleId),
			listActiveStylesForPicker(vendorUser),
			createStyle(vendorUser, input({ sku: 'VEN-2' })),
			updateStyle(vendorUser, styleId, input({ sku: 'VEN-1', version: 1 })),
			archiveStyle(vendorUser, styleId)
		]) {
			expect((await error(attempt)).code).toBe('NotFound');
		}
	});

	it('answers NotFound for a style that does not exist', async () => {
		for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
			expect((await error(getStyle(ops, id))).code).toBe('NotFound');
			expect((await error(updateStyle(ops, id, input()))).code).toBe('NotFound');
			expect((await error(archiveStyle(ops, id))).code).toBe('NotFound');
		}
	});
});

describe('archive, restore and the PO picker', () => {
	it('hides an archived style from the picker and brings it back on restore, auditing each change once', async () => {
		const { styleId } = await createStyle(
			ops,
			input({ sku: 'ARC-1', defaultVendorId: rossi.vendorId, laborPrice: '45', laborBasis: 'per_stone' })
		);
		const picked = (await listActiveStylesForPicker(ops)).find((s) => s.id === styleId);
		expect(picked).toEqual({
			id: styleId,
			sku: 'ARC-1',
			name: 'Solitaire ring',
			defaultAlloy: '18KY',
			targetWeightMg: 3250,
			weightToleranceMg: 150,
			stoneSpec: '1 round 6.5 mm lab-grown',
			stoneCount: 1,
			hasDiamonds: true,
			defaultVendorId: rossi.vendorId,
			laborBasis: 'per_stone',
			laborPriceMinor: 4500,
			laborCurrency: 'EUR'
		});

		await archiveStyle(ops, styleId);
		await archiveStyle(ops, styleId);
		expect((await listActiveStylesForPicker(ops)).some((s) => s.id === styleId)).toBe(false);
		expect((await styleRow(styleId)).active).toBe(false);
		await restoreStyle(admin, styleId);
		expect((await listActiveStylesForPicker(ops)).some((s) => s.id === styleId)).toBe(true);

		const { history } = await getStyle(ops, styleId);
		expect(history.map((h) => h.action)).toEqual(['style.restored', 'style.archived', 'style.created']);
		const skus = (await listActiveStylesForPicker(ops)).map((s) => s.sku);
		expect(skus).toEqual([...skus].sort());
	});
});

describe('style photos', () => {
	it('re-encodes the photo as JPEG without metadata, stores it as a brand file, and replaces it', async () => {
		const { styleId } = await createStyle(ops, input({ sku: 'PH-1' }));
		const photo = new Uint8Array(
			await sharp({ create: { width: 3000, height: 1500, channels: 3, background: '#d4af37' } })
				.jpeg()
				.withExif({ IFD0: { Make: 'PhoneCo', Copyright: 'GPS 13.7563N 100.5018E' } })
				.toBuffer()
		);
		await setStylePhoto(ops, styleId, fakeFile('ring photo.jpeg', photo));
		const first = await styleRow(styleId);
		expect(first.photoFileId).not.toBeNull();
		const [file] = await asSystem((tx) => tx.select().from(storedFile).where(eq(storedFile.id, first.photoFileId!)));
		expect(file).toMatchObject({ vendorId: null, purpose: 'style-photo', contentType: 'image/jpeg', originalName: 'ring photo.jpg' });
		expect(file.key).toMatch(/^brand\/style-photo\//);
		const stored = await readFileForActor(ops, file.id);
		const meta = await sharp(stored.bytes).metadata();
		expect([meta.width, meta.height, meta.exif]).toEqual([2048, 1024, undefined]);
		// a workshop cannot fetch a brand file
		expect((await error(readFileForActor(vendorUser, file.id))).code).toBe('NotFound');

		await setStylePhoto(admin, styleId, fakeFile('second.png', await makePng()));
		const second = await styleRow(styleId);
		expect(second.photoFileId).not.toBe(first.photoFileId);
		await removeStylePhoto(admin, styleId);
		expect((await styleRow(styleId)).photoFileId).toBeNull();
		expect((await getStyle(ops, styleId)).history.map((h) => h.action)).toEqual([
			'style.photo_removed',
			'style.photo_replaced',
			'style.photo_added',
			'style.created'
		]);
	});

	it('refuses a file that is not an image and leaves neither a row nor a file', async () => {
		const { styleId } = await createStyle(ops, input({ sku: 'PH-2' }));
		const before = await listFiles(context.filesDir);
		const refused = await error(setStylePhoto(ops, styleId, fakeFile('ring.jpg', await makePdf())));
		expect(refused.code).toBe('Invalid');
		expect(refused.fields).toHaveProperty('photo');
		expect((await error(createStyle(ops, input({ sku: 'PH-3' }), fakeFile('ring.png', await makePdf())))).fields).toHaveProperty('photo');
		expect(await listFiles(context.filesDir)).toEqual(before);
		expect((await styleRow(styleId)).photoFileId).toBeNull();
	});

	it('adds the photo with a new style, or leaves no file when the style is refused', async () => {
		const { styleId } = await createStyle(ops, input({ sku: 'PH-4' }), fakeFile('ring.png', await makePng()));
		expect((await styleRow(styleId)).photoFileId).not.toBeNull();
		const before = await listFiles(context.filesDir);
		expect((await error(createStyle(ops, input({ sku: 'PH-4' }), fakeFile('ring.png', await makePng())))).code).toBe('Conflict');
		expect(await listFiles(context.filesDir)).toEqual(before);
	});
});
