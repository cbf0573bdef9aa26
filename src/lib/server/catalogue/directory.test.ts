import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/support/database.ts';
import { createStaff, createVendorUser, createWorkshop } from '../../../../tests/support/factories.ts';
import { error } from '../../../../tests/support/errors.ts';
import { styleDirectoryQuerySchema } from '#lib/domain/catalogue/schemas.ts';
import { parseStyleCsv } from '#lib/domain/catalogue/import.ts';
import type { StaffActor } from '../auth/actor.ts';
import { archiveStyle, createStyle, exportStylesCsv, listStyles } from './service.ts';
import { STYLE_PAGE_SIZE } from './queries.ts';

useTestDatabase();
let ops: StaffActor;
let finance: StaffActor;
let siam: { vendorId: string; name: string };
let rossi: { vendorId: string; name: string };
const query = (input: Record<string, unknown> = {}) => styleDirectoryQuerySchema.parse(input);
const ring = (n: number) => `KR-${String(n).padStart(3, '0')}`;
const RINGS = 52;

beforeAll(async () => {
	ops = await createStaff('ops');
	finance = await createStaff('finance');
	siam = await createWorkshop(ops, { name: 'Siam Casting', currency: 'THB' });
	rossi = await createWorkshop(ops, { name: 'Atelier Rossi', country: 'IT', city: 'Vicenza', currency: 'EUR' });
	for (let n = 1; n <= RINGS; n++) {
		await createStyle(ops, {
			sku: ring(n),
			name: `Kestrel ring ${n}`,
			category: 'ring',
			defaultVendorId: siam.vendorId,
			laborPrice: '900'
		});
	}
	await createStyle(ops, {
		sku: 'KE-1',
		name: 'Kestrel hoops',
		category: 'earrings',
		defaultAlloy: '14KW',
		targetWeight: '2.5',
		weightTolerance: '0.1',
		stoneCount: 12,
		hasDiamonds: true,
		defaultVendorId: rossi.vendorId,
		laborBasis: 'per_stone',
		laborPrice: '3.5'
	});
	const archived = await createStyle(ops, { sku: 'KP-1', name: 'Kestrel pendant', category: 'pendant' });
	await archiveStyle(ops, archived.styleId);
	await createStyle(ops, { sku: 'AB-1', name: '=HYPERLINK("http://evil") falcon', category: 'other' });
});

describe('listStyles', () => {
	it('searches SKU and name, pages 50 at a time, and shows only active styles unless asked', async () => {
		const first = await listStyles(finance, query({ q: 'kestrel' }));
		expect(first.total).toBe(RINGS + 1);
		expect(first.pageCount).toBe(2);
		expect(first.rows).toHaveLength(STYLE_PAGE_SIZE);
		expect(first.rows[0]).toMatchObject({ sku: 'KE-1', vendorName: 'Atelier Rossi', laborPriceMinor: 350, laborCurrency: 'EUR' });

		const second = await listStyles(ops, query({ q: 'KESTREL', page: '2' }));
		expect(second.rows.map((r) => r.sku)).toEqual([ring(50), ring(51), ring(52)]);
		expect((await listStyles(ops, query({ q: 'kr-01' }))).total).toBe(10);
		// like-patterns in the search are text, not wildcards
		expect((await listStyles(ops, query({ q: '%' }))).total).toBe(0);

		expect((await listStyles(ops, query({ q: 'kestrel', status: 'archived' }))).rows.map((r) => r.sku)).toEqual(['KP-1']);
		expect((await listStyles(ops, query({ q: 'kestrel', status: 'all' }))).total).toBe(RINGS + 2);
	});

	it('filters by category and workshop, and offers the workshops that have styles', async () => {
		expect((await listStyles(ops, query({ category: 'earrings' }))).rows.map((r) => r.sku)).toEqual(['KE-1']);
		expect((await listStyles(ops, query({ vendor: rossi.vendorId }))).rows.map((r) => r.sku)).toEqual(['KE-1']);
		expect((await listStyles(ops, query({ vendor: siam.vendorId, category: 'earrings' }))).total).toBe(0);
		expect((await listStyles(ops, query())).workshops).toEqual([
			{ value: rossi.vendorId, label: 'Atelier Rossi (1)' },
			{ value: siam.vendorId, label: `Siam Casting (${RINGS})` }
		]);
	});

	it('sorts by each column in both directions', async () => {
		expect((await listStyles(ops, query({ sort: 'sku', dir: 'desc' }))).rows[0].sku).toBe(ring(RINGS));
		expect((await listStyles(ops, query({ sort: 'name' }))).rows[0].sku).toBe('AB-1');
		expect((await listStyles(ops, query({ sort: 'category' }))).rows[0].sku).toBe('KE-1');
		expect((await listStyles(ops, query({ sort: 'category', dir: 'desc', page: 2 }))).rows.at(-1)?.sku).toBe('KE-1');
		const byVendor = (await listStyles(ops, query({ sort: 'vendor' }))).rows;
		expect(byVendor[0].sku).toBe('KE-1');
		// no workshop sorts last both ways
		expect((await listStyles(ops, query({ sort: 'vendor', dir: 'desc', page: 2 }))).rows.at(-1)?.sku).toBe('AB-1');
		expect((await listStyles(ops, query({ sort: 'updated', dir: 'desc' }))).rows[0].sku).toBe('AB-1');
	});

	it('is for staff only', async () => {
		const vendorUser = await createVendorUser(siam.vendorId, siam.name);
		expect((await error(listStyles(vendorUser, query()))).code).toBe('NotFound');
		expect((await error(exportStylesCsv(vendorUser, query()))).code).toBe('NotFound');
	});
});

describe('exportStylesCsv', () => {
	it('exports every matching row in the import’s columns, defusing formulas, and imports back unchanged', async () => {
		const csv = await exportStylesCsv(finance, query({ status: 'all' }));
		const { data } = Papa.parse<string[]>(csv);
		expect(data[0]).toEqual([
			'SKU',
			'Name',
			'Category',
			'Alloy',
			'Target weight (g)',
			'Tolerance (g)',
			'Stone spec',
			'Stones per piece',
			'Has diamonds',
			'Workshop',
			'Labor basis',
			'Labor price',
			'Labor currency',
			'Active',
			'Updated'
		]);
		expect(data).toHaveLength(1 + RINGS + 3);
		expect(data[1].slice(0, 3)).toEqual(['AB-1', `'=HYPERLINK("http://evil") falcon`, 'Other']);
		expect(data.find((r) => r[0] === 'KE-1')!.slice(0, 14)).toEqual([
			'KE-1',
			'Kestrel hoops',
			'Earrings',
			'14KW',
			'2.5',
			'0.1',
			'',
			'12',
			'yes',
			'Atelier Rossi',
			'per stone set',
			'3.50',
			'EUR',
			'yes'
		]);
		expect(data.find((r) => r[0] === 'KP-1')![13]).toBe('no');

		const filtered = Papa.parse<string[]>(await exportStylesCsv(ops, query({ category: 'earrings' }))).data;
		expect(filtered.map((r) => r[0])).toEqual(['SKU', 'KE-1']);

		// round trip: the export reads back as updates of the same styles, without errors
		const plan = parseStyleCsv(await exportStylesCsv(ops, query({ vendor: rossi.vendorId })), {
			workshops: [
				{ id: rossi.vendorId, name: 'Atelier Rossi', currency: 'EUR' },
				{ id: siam.vendorId, name: 'Siam Casting', currency: 'THB' }
			],
			existing: new Map()
		});
		expect(plan.errors).toEqual([]);
		expect(plan.rows[0]).toMatchObject({
			ok: true,
			style: { sku: 'KE-1', targetWeightMg: 2500, laborBasis: 'per_stone', laborPriceMinor: 350, laborCurrency: 'EUR', hasDiamonds: true }
		});
	});
});
