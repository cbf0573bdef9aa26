/**
 * The operations timeline on a real database: order (at risk first, then forecast), each filter,
 * the headline counts, grouping with launch dates, pagination, and who may look.
 */
import { asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/support/database.ts';
import { error } from '../../../../tests/support/errors.ts';
import { createPurchaseOrderDraft, createStaff, createVendorUser, createWorkshop } from '../../../../tests/support/factories.ts';
import { groupTimelineRows, TIMELINE_PAGE_SIZE, timelineQuerySchema } from '#lib/domain/production/timeline-query.ts';
import type { StaffActor, VendorActor } from '../auth/actor.ts';
import { collectionLaunch, productionJob, purchaseOrderLine } from '../db/schema/index.ts';
import { asSystem } from '../db/scope.ts';
import { getProductionTimeline } from './timeline.ts';

useTestDatabase();

// a Thursday: this week runs 30 Nov – 6 Dec
const TODAY = '2026-12-03';

let ops: StaffActor;
let finance: StaffActor;
let vendorUser: VendorActor;
let shopA: { vendorId: string; name: string };
let shopB: { vendorId: string; name: string };
const ids: Record<string, string> = {};

type JobSeed = Partial<typeof productionJob.$inferInsert> & { key: string };

async function poWithLine(vendorId: string, collection: string) {
	const { poId, number } = await createPurchaseOrderDraft(ops, vendorId, { collection });
	const [line] = await asSystem((tx) =>
		tx
			.select({ id: purchaseOrderLine.id })
			.from(purchaseOrderLine)
			.where(eq(purchaseOrderLine.purchaseOrderId, poId))
			.orderBy(asc(purchaseOrderLine.lineNo))
	);
	return { poId, number, lineId: line.id, vendorId, collection };
}

async function insertJobs(po: Awaited<ReturnType<typeof poWithLine>>, seeds: JobSeed[]) {
	const rows = await asSystem((tx) =>
		tx
			.insert(productionJob)
			.values(
				seeds.map(({ key, ...job }) => ({
					vendorId: po.vendorId,
					purchaseOrderId: po.poId,
					lineId: po.lineId,
					number: `JB-T-${key}`,
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
			.returning({ id: productionJob.id, number: productionJob.number })
	);
	for (const r of rows) ids[r.number.slice('JB-T-'.length)] = r.id;
}

const timeline = (params: Record<string, string> = {}, actor: StaffActor | VendorActor = ops) =>
	getProductionTimeline(actor, timelineQuerySchema.parse(params), TODAY);
const keysOf = (rows: { id: string }[]) => rows.map((r) => Object.keys(ids).find((k) => ids[k] === r.id));

beforeAll(async () => {
	[ops, finance] = [await createStaff('ops'), await createStaff('finance')];
	shopA = await createWorkshop(ops, { name: 'Atelier Aurum' });
	shopB = await createWorkshop(ops, { name: 'Bangkok Bench' });
	vendorUser = await createVendorUser(shopB.vendorId, shopB.name);
	const poA = await poWithLine(shopA.vendorId, 'Aurora');
	const poB = await poWithLine(shopB.vendorId, 'Borealis');
	await insertJobs(poA, [
		{ key: 'a1', atRisk: true, riskReason: 'Casting is 2 days overdue', forecastFinish: '2026-12-20', promisedDate: '2026-12-15' },
		{ key: 'a2', forecastFinish: '2026-12-05', promisedDate: '2026-12-06', currentStage: 'Polishing', startedOn: '2026-11-22' },
		{ key: 'a3', atRisk: true, blocked: true, forecastFinish: '2026-12-10', promisedDate: '2026-12-08', currentStage: 'Stone setting' },
		{ key: 'a4', status: 'done', forecastFinish: '2026-11-30', currentStage: null, finishedOn: '2026-11-30' }
	]);
	await insertJobs(poB, [
		{ key: 'b1', forecastFinish: '2026-12-12', promisedDate: '2026-12-14', sku: 'PD-777', description: 'Pendant with a baroque pearl' },
		{ key: 'b2', atRisk: true, forecastFinish: '2026-12-11', promisedDate: '2026-11-25', currentStage: 'Polishing' },
		{ key: 'b3', status: 'cancelled', atRisk: true, forecastFinish: '2026-12-01' }
	]);
	await asSystem((tx) => tx.insert(collectionLaunch).values({ name: 'Aurora', launchDate: '2027-02-14' }));
});

describe('the timeline', () => {
	it('shows open jobs only, at risk first, then by forecast', async () => {
		const screen = await timeline();
		expect(keysOf(screen.rows)).toEqual(['a3', 'b2', 'a1', 'a2', 'b1']);
		expect(screen.total).toBe(5);
		expect(screen.pageCount).toBe(1);
		expect(screen.rows[0]).toMatchObject({
			vendorName: 'Atelier Aurum',
			collection: 'Aurora',
			currentStage: 'Stone setting',
			blocked: true,
			atRisk: true
		});
		expect(screen.rows.find((r) => r.id === ids.a1)?.riskReason).toBe('Casting is 2 days overdue');
	});

	it('counts open jobs, at risk, blocked and due this week, whatever the filters', async () => {
		const expected = { open: 5, atRisk: 3, blocked: 1, dueThisWeek: 1 };
		expect((await timeline()).summary).toEqual(expected);
		const filtered = await timeline({ vendor: shopB.vendorId });
		expect(filtered.summary).toEqual(expected);
		expect(filtered.total).toBe(2);
	});

	it('filters by workshop, by list or by part of its name', async () => {
		expect(keysOf((await timeline({ vendor: shopA.vendorId })).rows)).toEqual(['a3', 'a1', 'a2']);
		expect(keysOf((await timeline({ workshop: 'bangkok' })).rows)).toEqual(['b2', 'b1']);
	});

	it('filters by collection, at risk, blocked and stage', async () => {
		expect(keysOf((await timeline({ collection: 'Borealis' })).rows)).toEqual(['b2', 'b1']);
		const atRisk = await timeline({ risk: '1' });
		expect(keysOf(atRisk.rows)).toEqual(['a3', 'b2', 'a1']);
		expect(atRisk.total).toBe(3);
		expect(keysOf((await timeline({ blocked: '1' })).rows)).toEqual(['a3']);
		expect(keysOf((await timeline({ stage: 'Polishing' })).rows)).toEqual(['b2', 'a2']);
		expect(keysOf((await timeline({ stage: 'Polishing', risk: '1' })).rows)).toEqual(['b2']);
	});

	it('filters by due week, and overdue', async () => {
		expect(keysOf((await timeline({ week: '2026-12-07' })).rows)).toEqual(['a3']);
		expect(keysOf((await timeline({ week: '2026-12-03' })).rows)).toEqual(['a2']);
		expect(keysOf((await timeline({ week: 'overdue' })).rows)).toEqual(['b2']);
	});

	it('searches job number, PO number, SKU and description', async () => {
		expect(keysOf((await timeline({ q: 'jb-t-a2' })).rows)).toEqual(['a2']);
		const poB = (await timeline({ collection: 'Borealis' })).rows[0].poNumber;
		expect(keysOf((await timeline({ q: poB })).rows)).toEqual(['b2', 'b1']);
		expect(keysOf((await timeline({ q: 'pd-777' })).rows)).toEqual(['b1']);
		expect(keysOf((await timeline({ q: 'baroque' })).rows)).toEqual(['b1']);
		// LIKE wildcards are text, not patterns
		expect((await timeline({ q: '%' })).rows).toEqual([]);
	});

	it('gives the filter choices and the launch dates of the page’s collections', async () => {
		const screen = await timeline();
		expect(screen.collections).toEqual(['Aurora', 'Borealis']);
		expect(screen.workshops?.map((w) => w.name)).toEqual(expect.arrayContaining(['Atelier Aurum', 'Bangkok Bench']));
		expect(screen.launchDates).toEqual({ Aurora: '2027-02-14' });
		expect(screen.today).toBe(TODAY);
		// the stage filter offers the default templates' stages before any admin saved one, in work order
		expect(screen.stages).toEqual(expect.arrayContaining(['Print / wax', 'Casting', 'Stone setting', 'QC and finishing']));
		expect(screen.stages.indexOf('Print / wax')).toBeLessThan(screen.stages.indexOf('Polishing'));
	});

	it('groups the page by workshop, collection/launch and due week', async () => {
		const screen = await timeline();
		const byVendor = groupTimelineRows(screen.rows, 'vendor');
		expect(byVendor.map((g) => [g.label, keysOf(g.rows), g.atRisk, g.blocked])).toEqual([
			['Atelier Aurum', ['a3', 'a1', 'a2'], 2, 1],
			['Bangkok Bench', ['b2', 'b1'], 1, 0]
		]);
		const byCollection = groupTimelineRows(screen.rows, 'collection', screen.launchDates);
		expect(byCollection.map((g) => g.label)).toEqual(['Aurora · launches 14 Feb', 'Borealis · no launch date set']);
		const byWeek = groupTimelineRows(screen.rows, 'week');
		expect(byWeek.map((g) => [g.key, keysOf(g.rows)])).toEqual([
			['2026-11-23', ['b2']],
			['2026-11-30', ['a2']],
			['2026-12-07', ['a3']],
			['2026-12-14', ['a1', 'b1']]
		]);
	});

	it('is for staff: finance may look, a workshop user is told it does not exist', async () => {
		expect((await timeline({}, finance)).total).toBe(5);
		expect((await error(timeline({}, vendorUser))).code).toBe('NotFound');
	});
});

describe('pagination', () => {
	it('pages through fifty at a time in the same order, without gaps or repeats', async () => {
		const po = await poWithLine(shopA.vendorId, 'Bulk');
		await insertJobs(
			po,
			Array.from({ length: 63 }, (_, i) => ({
				key: `bulk-${String(i).padStart(2, '0')}`,
				atRisk: i % 10 === 0,
				// a few share a forecast date: the id keeps the order stable
				forecastFinish: `2027-01-${String(1 + (i % 20)).padStart(2, '0')}`
			}))
		);
		const first = await timeline({ collection: 'Bulk' });
		expect(first.total).toBe(63);
		expect(first.pageCount).toBe(2);
		expect(first.rows).toHaveLength(TIMELINE_PAGE_SIZE);
		const second = await timeline({ collection: 'Bulk', page: '2' });
		expect(second.rows).toHaveLength(13);
		const all = [...first.rows, ...second.rows];
		expect(new Set(all.map((r) => r.id)).size).toBe(63);
		const sortKey = (r: (typeof all)[number]) => `${r.atRisk ? 0 : 1} ${r.forecastFinish} ${r.id}`;
		expect(all.map(sortKey)).toEqual(all.map(sortKey).sort());
		expect(all.slice(0, 7).every((r) => r.atRisk)).toBe(true);
		expect((await timeline({ collection: 'Bulk', page: '3' })).rows).toEqual([]);
		expect((await timeline()).summary.open).toBe(68);
	});
});
