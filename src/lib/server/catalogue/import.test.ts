import { eq, like, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/support/database.ts';
import { createStaff, createVendorUser, createWorkshop, fakeFile, makePng } from '../../../../tests/support/factories.ts';
import { error } from '../../../../tests/support/errors.ts';
import type { StaffActor } from '../auth/actor.ts';
import { auditEvent, style } from '../db/schema/index.ts';
import { asSystem } from '../db/scope.ts';
import { getDatabase } from '../db/runtime.ts';
import { createStyle, getStyle, importStyles, previewStyleImport, readStyleCsvUpload } from './service.ts';

useTestDatabase();
let ops: StaffActor;
let admin: StaffActor;
let finance: StaffActor;
let existingId: string;

const header = 'SKU,Name,Category,Alloy,Target weight (g),Workshop,Labor price';
const csv = (...rows: string[]) => [header, ...rows].join('\r\n');

beforeAll(async () => {
	[ops, admin, finance] = [await createStaff('ops'), await createStaff('admin'), await createStaff('finance')];
	await createWorkshop(ops, { name: 'Siam Casting', currency: 'THB' });
	({ styleId: existingId } = await createStyle(ops, {
		sku: 'IMP-OLD',
		name: 'Old name',
		category: 'ring',
		laborPrice: '10',
		laborCurrency: 'USD'
	}));
});

const stylesLike = (prefix: string) =>
	asSystem((tx) =>
		tx
			.select()
			.from(style)
			.where(like(style.sku, `${prefix}%`))
			.orderBy(style.sku)
	);
const imports = () => asSystem((tx) => tx.select().from(auditEvent).where(eq(auditEvent.action, 'style.imported')));
const expectedOf = (p: { creates: number; updates: number; rowsWithErrors: number }) => ({
	creates: p.creates,
	updates: p.updates,
	rowsWithErrors: p.rowsWithErrors
});

describe('previewStyleImport', () => {
	it('counts new, updated and bad rows, lists errors by row and column, and writes nothing', async () => {
		const text = csv(
			'imp-a1,Ring A,Ring,18KY,3.2,siam casting,"1,200"',
			'IMP-OLD,New name,Ring,,,,',
			'IMP-A2,Ring B,Tiara,19K,,Nobody,',
			'IMP-A3,Ring C,Ring,,,,12'
		);
		const preview = await previewStyleImport(ops, text);
		expect(preview).toMatchObject({
			rows: 4,
			creates: 1,
			updates: 1,
			rowsWithErrors: 2,
			fileErrorCount: 0,
			errorCount: 4,
			updatedSkus: ['IMP-OLD']
		});
		expect(preview.errors.map((e) => [e.row, e.column])).toEqual([
			[4, 'Category'],
			[4, 'Alloy'],
			[4, 'Workshop'],
			[5, 'Labor currency']
		]);
		expect(await stylesLike('IMP-A')).toEqual([]);
		expect(await imports()).toEqual([]);
	});
});

describe('importStyles', () => {
	it('imports only the good rows, in one go, with one audit row that each style’s history shows', async () => {
		const text = csv('IMP-B1,Ring B1,Ring,18KY,3.2,Siam Casting,"1,200"', 'IMP-B2,Ring B2,Ring,,abc,,', 'IMP-OLD,Renamed,Ring,PT950,,,');
		const preview = await previewStyleImport(ops, text);
		expect(preview).toMatchObject({ creates: 1, updates: 1, rowsWithErrors: 1 });

		const result = await importStyles(ops, { csv: text, fileName: 'spring.csv', mode: 'good', expected: expectedOf(preview) });
		expect(result).toEqual({ ok: true, created: 1, updated: 1, skipped: 1 });
		const [b1] = await stylesLike('IMP-B');
		expect(b1).toMatchObject({ sku: 'IMP-B1', defaultAlloy: '18KY', targetWeightMg: 3200, laborPriceMinor: 120_000, laborCurrency: 'THB' });
		// a column absent from the file keeps the existing value, an empty cell clears it; the version moves on
		expect((await getStyle(ops, existingId)).style).toMatchObject({
			name: 'Renamed',
			defaultAlloy: 'PT950',
			laborPriceMinor: null,
			laborCurrency: 'USD',
			version: 2
		});

		const audits = await imports();
		expect(audits).toHaveLength(1);
		expect(audits[0]).toMatchObject({
			entityType: 'style',
			actorUserId: ops.userId,
			summary: `${ops.name} imported spring.csv: 1 new style, 1 updated, 1 row with errors left out`,
			after: { fileName: 'spring.csv', created: 1, updated: 1, skippedRows: [3], styleIds: [b1.id, existingId] }
		});
		for (const id of [b1.id, existingId]) {
			expect((await getStyle(ops, id)).history[0]).toMatchObject({ action: 'style.imported', after: null });
		}
	});

	it('imports nothing when every row is asked for and some have errors', async () => {
		const text = csv('IMP-C1,Ring C1,Ring,,,,', 'IMP-C2,Ring C2,Ring,,,,10');
		const preview = await previewStyleImport(ops, text);
		expect(preview).toMatchObject({ creates: 1, rowsWithErrors: 1 });
		const refused = await error(importStyles(ops, { csv: text, mode: 'all', expected: expectedOf(preview) }));
		expect(refused.code).toBe('Invalid');
		expect(refused.message).toContain('Import the good rows only, or nothing');
		expect(await stylesLike('IMP-C')).toEqual([]);

		// with no errors, "all" imports everything
		const clean = csv('IMP-C1,Ring C1,Ring,,,,', 'IMP-C2,Ring C2,Ring,,,,');
		const cleanPreview = await previewStyleImport(ops, clean);
		expect(await importStyles(admin, { csv: clean, mode: 'all', expected: expectedOf(cleanPreview) })).toEqual({
			ok: true,
			created: 2,
			updated: 0,
			skipped: 0
		});
		expect((await stylesLike('IMP-C')).map((s) => s.sku)).toEqual(['IMP-C1', 'IMP-C2']);
	});

	it('checks the file again on confirm and returns a new preview when things changed since', async () => {
		const text = csv('IMP-D1,Ring D1,Ring,,,,', 'IMP-D2,Ring D2,Ring,,,,');
		const preview = await previewStyleImport(ops, text);
		expect(preview).toMatchObject({ creates: 2, updates: 0 });
		// meanwhile someone adds IMP-D2 by hand: the import would now update it
		await createStyle(admin, { sku: 'imp-d2', name: 'Made by hand', category: 'ring' });
		const result = await importStyles(ops, { csv: text, mode: 'all', expected: expectedOf(preview) });
		expect(result).toMatchObject({ ok: false, preview: { creates: 1, updates: 1, updatedSkus: ['IMP-D2'] } });
		expect((await stylesLike('IMP-D')).map((s) => [s.sku, s.name])).toEqual([['IMP-D2', 'Made by hand']]);

		// a tampered confirm cannot slip bad rows past the server
		const bad = csv('IMP-D3,Ring D3,Ring,,heavy,,');
		expect(await importStyles(ops, { csv: bad, mode: 'all', expected: { creates: 1, updates: 0, rowsWithErrors: 0 } })).toMatchObject({
			ok: false,
			preview: { creates: 0, rowsWithErrors: 1 }
		});
		expect(
			(await error(importStyles(ops, { csv: bad, mode: 'good', expected: { creates: 0, updates: 0, rowsWithErrors: 1 } }))).message
		).toContain('No row can be imported');
		expect(
			(await error(importStyles(ops, { csv: 'Nope\r\nx', mode: 'good', expected: { creates: 0, updates: 0, rowsWithErrors: 0 } }))).code
		).toBe('Invalid');
		expect(await stylesLike('IMP-D3')).toEqual([]);
	});

	it('rolls the whole import back when one row fails to save', async () => {
		const text = csv('IMP-E1,Ring E1,Ring,,,,', 'IMP-E2,Ring E2,Ring,,,,');
		const preview = await previewStyleImport(ops, text);
		// a SKU slipping in between the check and the insert (another import at the same moment)
		await getDatabase().execute(sql`create or replace function bezel_test_clash() returns trigger language plpgsql as $$
			begin
				if new.sku = 'IMP-E2' and new.name <> 'Clash' then insert into style (sku, name, category) values ('IMP-E2', 'Clash', 'ring'); end if;
				return new;
			end $$`);
		await getDatabase().execute(
			sql`create trigger bezel_test_clash before insert on style for each row execute function bezel_test_clash()`
		);
		try {
			const clash = await error(importStyles(ops, { csv: text, mode: 'all', expected: expectedOf(preview) }));
			expect(clash.code).toBe('Conflict');
		} finally {
			await getDatabase().execute(sql`drop trigger bezel_test_clash on style`);
		}
		expect(await stylesLike('IMP-E')).toEqual([]);
		expect((await imports()).filter((a) => String(a.summary).includes('IMP-E'))).toEqual([]);
	});

	it('is for admin and operations only', async () => {
		const text = csv('IMP-F1,Ring F1,Ring,,,,');
		expect((await error(previewStyleImport(finance, text))).code).toBe('Forbidden');
		expect(
			(await error(importStyles(finance, { csv: text, mode: 'all', expected: { creates: 1, updates: 0, rowsWithErrors: 0 } }))).code
		).toBe('Forbidden');
		const workshop = await createWorkshop(ops);
		const vendorUser = await createVendorUser(workshop.vendorId, workshop.name);
		expect((await error(previewStyleImport(vendorUser, text))).code).toBe('NotFound');
		expect(await stylesLike('IMP-F')).toEqual([]);
	});
});

describe('readStyleCsvUpload', () => {
	const encode = (text: string) => new TextEncoder().encode(text);

	it('accepts CSV text in UTF-8 up to 2 MB', async () => {
		// the decoder drops Excel's byte-order mark
		expect(await readStyleCsvUpload(ops, fakeFile('styles.csv', encode('\uFEFFSKU,Name\r\nRG-1,Bague à l’ancienne')))).toEqual({
			csv: 'SKU,Name\r\nRG-1,Bague à l’ancienne',
			fileName: 'styles.csv'
		});
		const twoMegabytes = await readStyleCsvUpload(ops, fakeFile('big.CSV', new Uint8Array(2 * 1024 * 1024).fill(0x41)));
		expect(twoMegabytes.csv).toHaveLength(2 * 1024 * 1024);
	});

	it('refuses other files with a sentence saying how to save a CSV', async () => {
		const refusals = [
			fakeFile('styles.xlsx', encode('SKU,Name')),
			fakeFile('styles.csv', await makePng()),
			fakeFile('styles.csv', new Uint8Array([0xff, 0xfe, 0x53, 0x00, 0x4b, 0x00])),
			fakeFile('styles.csv', new Uint8Array([0x53, 0x4b, 0x55, 0xe9, 0x0a])),
			fakeFile('styles.csv', new Uint8Array(2 * 1024 * 1024 + 1).fill(0x41)),
			fakeFile('styles.csv', new Uint8Array())
		];
		for (const file of refusals) {
			const refused = await error(readStyleCsvUpload(ops, file));
			expect(refused.code).toBe('Invalid');
			expect(refused.fields).toHaveProperty('file');
		}
		expect((await error(readStyleCsvUpload(ops, fakeFile('styles.csv', await makePng())))).message).toContain('CSV UTF-8');
		expect((await error(readStyleCsvUpload(finance, fakeFile('styles.csv', encode('SKU'))))).code).toBe('Forbidden');
	});
});
