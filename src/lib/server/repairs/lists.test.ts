/**
 * The repair lists of both sides and their CSV: filters, sorting, pages and counts, on a real
 * database — and a fixed number of statements per page, whatever is on it.
 */
import { eq, inArray, sql } from 'drizzle-orm';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/support/database.ts';
import { error } from '../../../../tests/support/errors.ts';
import { createRepairJob, createRepairWorkshop, createStaff, createVendorUser, isoDateIn } from '../../../../tests/support/factories.ts';
import type { StaffActor, VendorActor } from '../auth/actor.ts';
import { queryCounter } from '../db/client.ts';
import { repairJob } from '../db/schema/index.ts';
import { asSystem } from '../db/scope.ts';
import { REPAIR_PAGE_SIZE } from './queries.ts';
import {
	assignRepair,
	cancelRepair,
	checkReturn,
	decideEstimate,
	exportRepairsCsv,
	listRepairs,
	listWorkshopRepairs,
	markDone,
	markReceived,
	shipBack,
	startWork,
	submitEstimate
} from './service.ts';

useTestDatabase();

interface Shop {
	vendorId: string;
	name: string;
	admin: VendorActor;
}

let ops: StaffActor;
let finance: StaffActor;
let north: Shop;
let south: Shop;
/** named repairs of the fixture, by role */
const r: Record<string, { repairId: string; number: string }> = {};

const estimate = { lines: [{ description: 'Sizing', price: '60' }], days: 3 };

async function shopNamed(name: string): Promise<Shop> {
	const workshop = await createRepairWorkshop(ops, { name });
	return { ...workshop, admin: await createVendorUser(workshop.vendorId, workshop.name) };
}

async function assignTo(repair: { repairId: string }, shop: Shop) {
	await assignRepair(ops, repair.repairId, { vendorId: shop.vendorId, version: 1 });
}

beforeAll(async () => {
	[ops, finance] = [await createStaff('ops'), await createStaff('finance')];
	north = await shopNamed('Northside Repairs');
	south = await shopNamed('Southbank Goldsmiths');

	r.intake = await createRepairJob(ops, {
		customerName: 'Olive Intake',
		orderReference: 'WEB-1001',
		declaredValue: '300',
		promisedToCustomer: isoDateIn(30)
	});
	r.waiting = await createRepairJob(ops, {
		customerName: 'Walter Waiting',
		declaredValue: '4500',
		description: 'White metal bracelet, clasp broken'
	});
	await assignTo(r.waiting, north);
	await submitEstimate(north.admin, r.waiting.repairId, estimate);
	r.overdue = await createRepairJob(ops, { customerName: 'Otto Overdue', declaredValue: '800', promisedToCustomer: isoDateIn(3) });
	await assignTo(r.overdue, north);
	await asSystem((tx) =>
		tx
			.update(repairJob)
			.set({ assignedAt: sql`now() - interval '15 days'` })
			.where(eq(repairJob.id, r.overdue.repairId))
	);
	r.southWork = await createRepairJob(ops, {
		customerName: 'Sara South',
		orderReference: 'STORE-77',
		declaredValue: '2000',
		stamps: 'PT950'
	});
	await assignTo(r.southWork, south);
	await markReceived(south.admin, r.southWork.repairId);
	const { estimateId } = await submitEstimate(south.admin, r.southWork.repairId, estimate);
	await decideEstimate(ops, estimateId, { decision: 'approve', customerDecision: 'Phone' });
	await startWork(south.admin, r.southWork.repairId);
	r.closed = await createRepairJob(ops, { customerName: 'Clara Closed', declaredValue: '150' });
	await assignTo(r.closed, north);
	await markReceived(north.admin, r.closed.repairId);
	const closedEstimate = await submitEstimate(north.admin, r.closed.repairId, estimate);
	await decideEstimate(ops, closedEstimate.estimateId, { decision: 'approve', customerDecision: 'Phone' });
	await startWork(north.admin, r.closed.repairId);
	await markDone(north.admin, r.closed.repairId);
	await shipBack(north.admin, r.closed.repairId, { carrier: 'DHL', trackingNumber: 'JD0001', shippedOn: isoDateIn(0) });
	await checkReturn(ops, r.closed.repairId, { returnWeight: '3.20', returnStoneCount: 1 });
	r.cancelled = await createRepairJob(ops, { customerName: 'Carl Cancelled', declaredValue: '50', promisedToCustomer: '' });
	await cancelRepair(ops, r.cancelled.repairId, { reason: 'Collected by customer', version: 1 });
});

const ids = (page: { rows: { id: string }[] }) => page.rows.map((row) => row.id);
const named = (...keys: string[]) => keys.map((k) => r[k].repairId);

describe('the brand’s list', () => {
	it('shows open repairs newest first by default, with the workshop, the customer and what waits', async () => {
		const page = await listRepairs(ops);
		expect(ids(page)).toEqual(named('closed', 'southWork', 'overdue', 'waiting', 'intake'));
		expect(page).toMatchObject({ total: 5, totalIsCapped: false, page: 1, pageCount: 1 });
		const waiting = page.rows.find((row) => row.id === r.waiting.repairId)!;
		expect(waiting).toMatchObject({
			number: r.waiting.number,
			status: 'assigned',
			vendorName: 'Northside Repairs',
			customerName: 'Walter Waiting',
			estimateWaiting: true,
			overdue: false,
			declaredValueMinor: 450_000,
			dueBack: isoDateIn(10)
		});
		expect(page.rows.find((row) => row.id === r.overdue.repairId)).toMatchObject({
			overdue: true,
			dueBack: isoDateIn(-5),
			estimateWaiting: false
		});
		expect(page.rows.find((row) => row.id === r.intake.repairId)).toMatchObject({
			vendorId: null,
			vendorName: null,
			dueBack: null,
			overdue: false
		});
	});

	it('filters by status, workshop, overdue, waiting estimate and search', async () => {
		expect(ids(await listRepairs(ops, { status: 'all' }))).toHaveLength(6);
		expect(ids(await listRepairs(ops, { status: 'cancelled' }))).toEqual(named('cancelled'));
		expect(ids(await listRepairs(ops, { status: 'returned' }))).toEqual(named('closed'));
		expect(ids(await listRepairs(ops, { vendor: south.vendorId }))).toEqual(named('southWork'));
		expect(ids(await listRepairs(ops, { workshop: 'northside' }))).toEqual(named('closed', 'overdue', 'waiting'));
		expect(ids(await listRepairs(ops, { overdue: true }))).toEqual(named('overdue'));
		expect(ids(await listRepairs(ops, { estimateWaiting: true }))).toEqual(named('waiting'));
		expect(ids(await listRepairs(ops, { q: 'walter' }))).toEqual(named('waiting'));
		expect(ids(await listRepairs(ops, { q: 'STORE-77' }))).toEqual(named('southWork'));
		expect(ids(await listRepairs(ops, { q: 'pt950' }))).toEqual(named('southWork'));
		expect(ids(await listRepairs(ops, { q: r.intake.number }))).toEqual(named('intake'));
		expect(ids(await listRepairs(ops, { q: 'bracelet' }))).toEqual(named('waiting'));
		expect(ids(await listRepairs(ops, { q: 'southbank' }))).toEqual(named('southWork'));
		// a search with LIKE's own characters finds them literally
		expect(ids(await listRepairs(ops, { q: '%' }))).toEqual([]);
		expect((await listRepairs(ops, { q: 'nobody at all' })).total).toBe(0);
	});

	it('sorts by value, number, promised date and workshop', async () => {
		expect(ids(await listRepairs(ops, { status: 'all', sort: 'value', dir: 'desc' }))).toEqual(
			named('waiting', 'southWork', 'overdue', 'intake', 'closed', 'cancelled')
		);
		const byNumber = (await listRepairs(ops, { status: 'all', sort: 'number', dir: 'asc' })).rows.map((row) => row.number);
		expect(byNumber).toEqual([...byNumber].sort());
		// no promise last either way; equal promises newest first
		expect(ids(await listRepairs(ops, { status: 'all', sort: 'promised', dir: 'asc' }))).toEqual(
			named('overdue', 'closed', 'southWork', 'waiting', 'intake', 'cancelled')
		);
		expect(ids(await listRepairs(ops, { status: 'all', sort: 'promised', dir: 'desc' }))).toEqual(
			named('intake', 'closed', 'southWork', 'waiting', 'overdue', 'cancelled')
		);
		expect(ids(await listRepairs(ops, { sort: 'workshop', dir: 'asc' }))).toEqual(
			named('closed', 'overdue', 'waiting', 'southWork', 'intake')
		);
		expect(ids(await listRepairs(ops, { status: 'all', sort: 'created', dir: 'asc' }))[0]).toBe(r.intake.repairId);
	});

	it('is for the brand: finance reads it, a workshop user does not find it', async () => {
		expect((await listRepairs(finance, { status: 'all' })).total).toBe(6);
		expect((await error(listRepairs(north.admin))).code).toBe('NotFound');
		expect((await error(listWorkshopRepairs(ops))).code).toBe('NotFound');
	});
});

describe('the workshop’s list', () => {
	it('shows only the workshop’s own jobs, never a customer, and cannot be searched by one', async () => {
		const page = await listWorkshopRepairs(north.admin, { status: 'all' });
		expect(ids(page)).toEqual(named('closed', 'overdue', 'waiting'));
		expect(page.rows.every((row) => row.customerName === null && row.orderReference === null)).toBe(true);
		expect(ids(await listWorkshopRepairs(north.admin, { status: 'all', q: 'Walter' }))).toEqual([]);
		expect(ids(await listWorkshopRepairs(north.admin, { status: 'all', q: 'WEB-1001' }))).toEqual([]);
		expect(ids(await listWorkshopRepairs(north.admin, { status: 'all', vendor: south.vendorId }))).toEqual(
			named('closed', 'overdue', 'waiting')
		);
		expect(ids(await listWorkshopRepairs(north.admin, { overdue: true }))).toEqual(named('overdue'));
		expect(ids(await listWorkshopRepairs(south.admin, { status: 'all', q: r.waiting.number }))).toEqual([]);
		expect(ids(await listWorkshopRepairs(south.admin))).toEqual(named('southWork'));
	});
});

describe('pages and statements', () => {
	it('pages 25 at a time with a count, in the same few statements whatever the page holds', async () => {
		const extra: string[] = [];
		for (let i = 0; i < REPAIR_PAGE_SIZE + 3; i++) {
			const repair = await createRepairJob(ops, { customerName: `Bulk ${i}`, description: `Bulk piece ${i}` });
			await assignTo(repair, south);
			extra.push(repair.repairId);
		}
		const first = await listWorkshopRepairs(south.admin, { q: 'Bulk piece' });
		const second = await listWorkshopRepairs(south.admin, { q: 'Bulk piece', page: 2 });
		expect(first.rows).toHaveLength(REPAIR_PAGE_SIZE);
		expect(second.rows).toHaveLength(3);
		expect(first).toMatchObject({ total: REPAIR_PAGE_SIZE + 3, pageCount: 2 });
		expect(new Set([...ids(first), ...ids(second)])).toEqual(new Set(extra));

		const statements = async (run: () => Promise<unknown>) => {
			const store = { queries: 0 };
			await queryCounter.run(store, run);
			return store.queries;
		};
		const full = await statements(() => listRepairs(ops, { status: 'all' }));
		const small = await statements(() => listRepairs(ops, { status: 'cancelled' }));
		expect(full).toBe(small);
		expect(full).toBeLessThanOrEqual(3); // the scope switch, the page, the count
		expect(await statements(() => listWorkshopRepairs(south.admin))).toBe(full);
		await asSystem((tx) => tx.delete(repairJob).where(inArray(repairJob.id, extra)));
	});
});

describe('the CSV export', () => {
	it('gives the brand every column, customer and return check included', async () => {
		const csv = await exportRepairsCsv(ops, { status: 'all' });
		const { data } = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });
		expect(data).toHaveLength(6);
		const closed = data.find((row) => row['Repair number'] === r.closed.number)!;
		expect(closed).toMatchObject({
			Status: 'Returned',
			Customer: 'Clara Closed',
			Workshop: 'Northside Repairs',
			'Declared value': '150.00',
			'Intake weight (g)': '3.600',
			'Return weight (g)': '3.200',
			'Approved estimate': '60.00',
			Carrier: 'DHL',
			'Tracking number': 'JD0001',
			'Difference on return': expect.stringMatching(
				/^Weight 3.20 g on return, 3.60 g at intake: 0.40 g less \(re-tipping prongs was requested/
			),
			'Work requested': 'Re-tipping prongs'
		});
		expect(data.find((row) => row['Repair number'] === r.overdue.number)!.Overdue).toBe('yes');
	});

	it('gives a workshop its own jobs without customer or return columns', async () => {
		const csv = await exportRepairsCsv(north.admin, { status: 'all' });
		const { data, meta } = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });
		expect(data.map((row) => row['Repair number']).sort()).toEqual([r.closed.number, r.overdue.number, r.waiting.number].sort());
		expect(meta.fields).not.toContain('Customer');
		expect(meta.fields).not.toContain('Return weight (g)');
		expect(meta.fields).not.toContain('Workshop');
		for (const secret of ['Clara', 'Walter', 'Otto', 'Sara', 'WEB-1001', 'STORE-77', '0.40 g less']) expect(csv).not.toContain(secret);
	});
});
