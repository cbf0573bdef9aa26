import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/support/database.ts';
import { createStaff, createVendorUser, createWorkshop } from '../../../../tests/support/factories.ts';
import { vendorDirectoryQuerySchema } from '#lib/domain/vendors/schemas.ts';
import type { StaffActor } from '../auth/actor.ts';
import { exportVendorDirectoryCsv, listVendorDirectory } from './service.ts';
import { DIRECTORY_PAGE_SIZE } from './queries.ts';

useTestDatabase();
let ops: StaffActor;
let finance: StaffActor;
const query = (input: Record<string, unknown> = {}) => vendorDirectoryQuerySchema.parse(input);
const casting = (n: number) => `Kestrel Casting ${String(n).padStart(2, '0')}`;
const CASTINGS = 26;

beforeAll(async () => {
	ops = await createStaff('ops');
	finance = await createStaff('finance');
	for (let n = 1; n <= CASTINGS; n++) await createWorkshop(ops, { name: casting(n) });
	await createWorkshop(ops, {
		name: 'Kestrel Setting',
		types: ['stone_setter', 'engraver'],
		country: 'IT',
		city: 'Roma',
		currency: 'EUR',
		status: 'active',
		insuranceLimit: '50000'
	});
	const jaipur = await createWorkshop(ops, {
		name: 'Kestrel Polish',
		types: ['polisher'],
		country: 'IN',
		city: 'Jaipur',
		currency: 'INR',
		status: 'on_hold'
	});
	await createVendorUser(jaipur.vendorId, jaipur.name, 'vendor_admin');
	await createVendorUser(jaipur.vendorId, jaipur.name, 'vendor_member');
	await createWorkshop(ops, {
		name: "=cmd|' /C calc'!A0 Kestrel",
		country: 'US',
		city: 'New York',
		currency: 'USD',
		taxId: '+1-555-TAX',
		email: 'books@kestrel.test',
		insuranceLimit: '2500.5'
	});
	await createWorkshop(ops, { name: '100% Kestrel Gold', city: '@Lyon', country: 'FR', currency: 'EUR' });
	// not a Kestrel: must never show up in the searches below
	await createWorkshop(ops, { name: 'Falcon Works', taxId: 'KES-1' });
});

describe('listVendorDirectory', () => {
	it('searches, sorts by name and pages 25 at a time with the total on every page', async () => {
		const first = await listVendorDirectory(ops, query({ q: 'kestrel' }));
		expect(first.total).toBe(CASTINGS + 4);
		expect(first.pageCount).toBe(2);
		expect(first.rows).toHaveLength(DIRECTORY_PAGE_SIZE);
		expect(first.rows.slice(0, 3).map((r) => r.name)).toEqual(['100% Kestrel Gold', "=cmd|' /C calc'!A0 Kestrel", casting(1)]);

		const second = await listVendorDirectory(ops, query({ q: 'KESTREL', page: '2' }));
		expect(second.total).toBe(CASTINGS + 4);
		expect(second.rows.map((r) => r.name)).toEqual([casting(24), casting(25), casting(26), 'Kestrel Polish', 'Kestrel Setting']);
		const names = [...first.rows, ...second.rows].map((r) => r.id);
		expect(new Set(names).size).toBe(CASTINGS + 4);
	});

	it('filters by type, country and status, together with the search', async () => {
		expect((await listVendorDirectory(ops, query({ q: 'kestrel', type: 'engraver' }))).rows.map((r) => r.name)).toEqual([
			'Kestrel Setting'
		]);
		expect((await listVendorDirectory(ops, query({ q: 'kestrel', country: 'in' }))).rows.map((r) => r.name)).toEqual(['Kestrel Polish']);
		expect((await listVendorDirectory(ops, query({ q: 'kestrel', status: 'on_hold' }))).rows.map((r) => r.name)).toEqual([
			'Kestrel Polish'
		]);
		const setting = (await listVendorDirectory(ops, query({ type: 'stone_setter', status: 'active', country: 'IT' }))).rows;
		expect(setting).toMatchObject([{ name: 'Kestrel Setting', types: ['stone_setter', 'engraver'], currency: 'EUR', city: 'Roma' }]);
		expect((await listVendorDirectory(ops, query({ q: 'kestrel', type: 'plater' }))).total).toBe(0);
	});

	it('searches the city and tax id too, and treats % and _ as plain characters', async () => {
		expect((await listVendorDirectory(ops, query({ q: 'jaip' }))).rows.map((r) => r.name)).toEqual(['Kestrel Polish']);
		expect((await listVendorDirectory(ops, query({ q: '555-tax' }))).rows.map((r) => r.name)).toEqual(["=cmd|' /C calc'!A0 Kestrel"]);
		expect((await listVendorDirectory(ops, query({ q: '%' }))).rows.map((r) => r.name)).toEqual(['100% Kestrel Gold']);
		expect((await listVendorDirectory(ops, query({ q: 'Kestrel_Casting' }))).total).toBe(0);
	});

	it('sorts by country, status and people, in both directions', async () => {
		const byCountryDesc = await listVendorDirectory(ops, query({ q: 'kestrel', sort: 'country', dir: 'desc' }));
		expect(byCountryDesc.rows[0]).toMatchObject({ country: 'US' });
		expect(byCountryDesc.rows[1]).toMatchObject({ country: 'TH', name: casting(1) });
		const byCountry = await listVendorDirectory(ops, query({ q: 'kestrel', sort: 'country' }));
		expect(byCountry.rows.slice(0, 3).map((r) => r.country)).toEqual(['FR', 'IN', 'IT']);

		const byPeople = await listVendorDirectory(ops, query({ q: 'kestrel', sort: 'people', dir: 'desc' }));
		expect(byPeople.rows[0]).toMatchObject({ name: 'Kestrel Polish', people: 2 });
		expect(byPeople.rows[1].people).toBe(0);

		const byStatus = await listVendorDirectory(ops, query({ q: 'kestrel', sort: 'status' }));
		expect(byStatus.rows[0]).toMatchObject({ name: 'Kestrel Setting', status: 'active' });
		const byNameDesc = await listVendorDirectory(ops, query({ q: 'kestrel', dir: 'desc' }));
		expect(byNameDesc.rows[0].name).toBe('Kestrel Setting');
	});

	it('is open to every internal role', async () => {
		expect((await listVendorDirectory(finance, query({ q: 'kestrel' }))).total).toBe(CASTINGS + 4);
	});
});

describe('exportVendorDirectoryCsv', () => {
	it('exports every matching workshop, unpaged, with a header row', async () => {
		const csv = await exportVendorDirectoryCsv(finance, query({ q: 'kestrel', page: '2' }));
		const parsed = Papa.parse<string[]>(csv.trim());
		expect(parsed.errors).toEqual([]);
		const [header, ...rows] = parsed.data;
		expect(header).toEqual([
			'Name',
			'Types',
			'Status',
			'Country',
			'City',
			'Currency',
			'E-mail',
			'Phone',
			'Tax id',
			'Insurance limit',
			'Active people',
			'Added'
		]);
		expect(rows).toHaveLength(CASTINGS + 4);
		const today = new Date().toISOString().slice(0, 10);
		expect(rows.find((r) => r[0] === 'Kestrel Setting')).toEqual([
			'Kestrel Setting',
			'Stone setter; Engraver',
			'Active',
			'IT',
			'Roma',
			'EUR',
			'',
			'',
			'',
			'50000.00',
			'0',
			today
		]);
		const polish = rows.find((r) => r[0] === 'Kestrel Polish')!;
		expect([polish[2], polish[10]]).toEqual(['On hold', '2']);
		expect(rows.find((r) => r[0] === casting(7))?.[9]).toBe('1000000.00');
	});

	it('defuses cells a spreadsheet would run as a formula', async () => {
		const csv = await exportVendorDirectoryCsv(ops, query({ q: 'kestrel' }));
		const rows = Papa.parse<string[]>(csv.trim()).data;
		const formula = rows.find((r) => r[0].includes('cmd|'))!;
		expect(formula[0]).toBe("'=cmd|' /C calc'!A0 Kestrel");
		expect(formula[8]).toBe("'+1-555-TAX");
		expect(formula[9]).toBe('2500.50');
		expect(rows.find((r) => r[0] === '100% Kestrel Gold')?.[4]).toBe("'@Lyon");
		// no cell of the file starts a formula
		for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
	});

	it('applies the same filters as the list', async () => {
		const rows = Papa.parse<string[]>((await exportVendorDirectoryCsv(ops, query({ country: 'IN' }))).trim()).data;
		expect(rows.slice(1).map((r) => r[0])).toEqual(['Kestrel Polish']);
	});
});
