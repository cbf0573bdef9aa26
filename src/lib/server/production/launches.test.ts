/**
 * Launches on a real database: readiness from a PO acknowledged through the real services (its job
 * bags made by the acknowledgement), the POs feeding a launch, its jobs at risk, the form's rules
 * (unique name, stale edits) and who may read or change launches.
 */
import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/support/database.ts';
import { error } from '../../../../tests/support/errors.ts';
import {
	createPurchaseOrderDraft,
	createStaff,
	createVendorUser,
	createWorkshop,
	isoDateIn,
	purchaseOrderLineForm
} from '../../../../tests/support/factories.ts';
import { launchFormSchema } from '#lib/domain/production/timeline-query.ts';
import type { StaffActor, VendorActor } from '../auth/actor.ts';
import { auditEvent, productionJob, purchaseOrder, purchaseOrderLine } from '../db/schema/index.ts';
import { asSystem } from '../db/scope.ts';
import { acknowledgePurchaseOrder, cancelPurchaseOrder, sendPurchaseOrder } from '../purchase-orders/service.ts';
import { createLaunch, getLaunch, getLaunchForEdit, listLaunches, listUnscheduledCollections, updateLaunch } from './launches.ts';

useTestDatabase();

let ops: StaffActor;
let admin: StaffActor;
let finance: StaffActor;
let vendorUser: VendorActor;
let shop: { vendorId: string; name: string };
let livePo: { poId: string; number: string };

const today = isoDateIn(0);
const form = (values: Record<string, unknown>) => launchFormSchema.parse(values);

/** A PO sent and acknowledged by the workshop: the acknowledgement makes its job bags. */
async function acknowledgedPo(
	collection: string,
	lines = [purchaseOrderLineForm({ quantity: 12 }), purchaseOrderLineForm({ sku: 'ER-2002', quantity: 20 })]
) {
	const { poId, number } = await createPurchaseOrderDraft(ops, shop.vendorId, { collection, lines });
	await sendPurchaseOrder(ops, poId, { version: 1 });
	const [po] = await asSystem((tx) => tx.select().from(purchaseOrder).where(eq(purchaseOrder.id, poId)));
	const poLines = await asSystem((tx) =>
		tx.select().from(purchaseOrderLine).where(eq(purchaseOrderLine.purchaseOrderId, poId)).orderBy(asc(purchaseOrderLine.lineNo))
	);
	await acknowledgePurchaseOrder(vendorUser, poId, {
		revision: po.revision,
		lines: poLines.map((l) => ({ lineId: l.id, answer: 'acknowledge' as const, promisedDate: isoDateIn(40) }))
	});
	return { poId, number, lineIds: poLines.map((l) => l.id) };
}

const jobsOfLine = (lineId: string) => asSystem((tx) => tx.select().from(productionJob).where(eq(productionJob.lineId, lineId)));

beforeAll(async () => {
	[ops, admin, finance] = [await createStaff('ops'), await createStaff('admin'), await createStaff('finance')];
	shop = await createWorkshop(ops);
	vendorUser = await createVendorUser(shop.vendorId, shop.name);

	// Solstice: 12 + 20 pieces on a live PO; line 1's bag is finished, line 2's is at risk
	const po = await acknowledgedPo('Solstice');
	livePo = po;
	const [line1Jobs, line2Jobs] = [await jobsOfLine(po.lineIds[0]), await jobsOfLine(po.lineIds[1])];
	expect(line1Jobs.map((j) => j.quantity)).toEqual([12]);
	expect(line2Jobs.map((j) => j.quantity)).toEqual([20]);
	await asSystem(async (tx) => {
		await tx
			.update(productionJob)
			.set({ status: 'done', finishedOn: today, currentStage: null })
			.where(eq(productionJob.id, line1Jobs[0].id));
		await tx
			.update(productionJob)
			.set({ atRisk: true, riskReason: 'Casting is 3 days overdue; forecast 14 Dec, promised 11 Dec' })
			.where(eq(productionJob.id, line2Jobs[0].id));
	});

	// a cancelled PO of the same collection feeds nothing
	const cancelled = await createPurchaseOrderDraft(ops, shop.vendorId, { collection: 'Solstice' });
	await cancelPurchaseOrder(ops, cancelled.poId, { reason: 'Collection trimmed', version: 1 });
	// a draft of another collection, one of its lines cancelled: 5 of its 12 + 5 pieces are dropped
	const draft = await createPurchaseOrderDraft(ops, shop.vendorId, {
		collection: 'Equinox',
		lines: [purchaseOrderLineForm({ quantity: 12 }), purchaseOrderLineForm({ sku: 'BR-3003', quantity: 5 })]
	});
	await asSystem((tx) =>
		tx
			.update(purchaseOrderLine)
			.set({ cancelled: true })
			.where(and(eq(purchaseOrderLine.purchaseOrderId, draft.poId), eq(purchaseOrderLine.sku, 'BR-3003')))
	);
});

describe('readiness', () => {
	it('lists collections named on POs without a launch as having no date, with their readiness', async () => {
		const list = await listLaunches(ops, today);
		expect(list.launches).toEqual([]);
		expect(list.unscheduled).toEqual([
			{ name: 'Equinox', needed: 12, done: 0, atRisk: 0, poCount: 1 },
			{ name: 'Solstice', needed: 32, done: 12, atRisk: 20, poCount: 1 }
		]);
		expect(list.canEdit).toBe(true);
		expect(await listUnscheduledCollections(ops)).toEqual(['Equinox', 'Solstice']);
	});

	it('a launch shows pieces done of pieces needed, pieces at risk, the POs feeding it and its jobs at risk', async () => {
		const { launchId } = await createLaunch(
			ops,
			form({ name: 'Solstice', launchDate: isoDateIn(60), notes: 'Window displays from the 1st' })
		);
		const list = await listLaunches(ops, today);
		expect(list.launches).toEqual([
			{
				id: launchId,
				name: 'Solstice',
				launchDate: isoDateIn(60),
				notes: 'Window displays from the 1st',
				needed: 32,
				done: 12,
				atRisk: 20,
				poCount: 1
			}
		]);
		expect(list.unscheduled.map((c) => c.name)).toEqual(['Equinox']);
		expect(await listUnscheduledCollections(ops)).toEqual(['Equinox']);

		const detail = await getLaunch(ops, launchId, today);
		expect(detail.launch).toMatchObject({ name: 'Solstice', needed: 32, done: 12, atRisk: 20 });
		expect(detail.pos).toEqual([
			expect.objectContaining({
				id: livePo.poId,
				number: livePo.number,
				vendorName: shop.name,
				status: 'acknowledged',
				needed: 32,
				done: 12,
				atRisk: 20
			})
		]);
		expect(detail.atRiskJobs).toHaveLength(1);
		expect(detail.atRiskJobs[0]).toMatchObject({
			poNumber: livePo.number,
			quantity: 20,
			riskReason: 'Casting is 3 days overdue; forecast 14 Dec, promised 11 Dec'
		});
	});

	it('lists upcoming launches soonest first, then past ones', async () => {
		await createLaunch(admin, form({ name: 'Equinox', launchDate: isoDateIn(20) }));
		await createLaunch(admin, form({ name: 'Midwinter', launchDate: isoDateIn(-30) }));
		await createLaunch(admin, form({ name: 'Old spring', launchDate: isoDateIn(-90) }));
		const list = await listLaunches(finance, today);
		expect(list.launches.map((l) => l.name)).toEqual(['Equinox', 'Solstice', 'Midwinter', 'Old spring']);
		// a launch no PO names yet has nothing to make
		expect(list.launches.find((l) => l.name === 'Midwinter')).toMatchObject({ needed: 0, done: 0, atRisk: 0, poCount: 0 });
		expect(list.unscheduled).toEqual([]);
		expect(list.canEdit).toBe(false);
	});
});

describe('the launch form', () => {
	it('refuses a second launch with the same name, saying so on the name field', async () => {
		const clash = await error(createLaunch(ops, form({ name: 'Solstice', launchDate: isoDateIn(10) })));
		expect(clash.code).toBe('Conflict');
		expect(clash.message).toBe('A launch for “Solstice” already exists. Open it from the launches list to change its date.');
		expect(clash.fields.name).toBe('Another launch already has this name.');
		const { launchId } = await createLaunch(ops, form({ name: 'Renamed soon', launchDate: isoDateIn(10) }));
		const current = await getLaunchForEdit(ops, launchId);
		expect((await error(updateLaunch(ops, launchId, form({ ...current, name: 'Solstice' })))).code).toBe('Conflict');
	});

	it('saves an edit made on the latest version, and answers a stale one with the newer launch', async () => {
		const { launchId } = await createLaunch(ops, form({ name: 'Aurora', launchDate: isoDateIn(30) }));
		const loaded = await getLaunchForEdit(ops, launchId);
		expect(loaded.version).toMatch(/^\d+$/);
		expect(await updateLaunch(ops, launchId, form({ ...loaded, launchDate: isoDateIn(35), notes: 'Moved for the press day' }))).toEqual({
			ok: true
		});
		const stale = await updateLaunch(admin, launchId, form({ ...loaded, launchDate: isoDateIn(28) }));
		expect(stale.ok).toBe(false);
		if (!stale.ok) expect(stale.current).toMatchObject({ launchDate: isoDateIn(35), notes: 'Moved for the press day' });
		expect((await getLaunch(ops, launchId, today)).launch.launchDate).toBe(isoDateIn(35));
		const audits = await asSystem((tx) =>
			tx.select().from(auditEvent).where(eq(auditEvent.entityId, launchId)).orderBy(asc(auditEvent.occurredAt))
		);
		expect(audits.map((a) => a.action)).toEqual(['launch.created', 'launch.updated']);
	});

	it('lets ops and admins change launches; finance reads only; a workshop user is told none exist', async () => {
		const { launchId } = await createLaunch(ops, form({ name: 'Finance check', launchDate: isoDateIn(30) }));
		expect((await error(createLaunch(finance, form({ name: 'By finance', launchDate: isoDateIn(30) })))).code).toBe('Forbidden');
		expect((await error(getLaunchForEdit(finance, launchId))).code).toBe('Forbidden');
		expect((await error(listUnscheduledCollections(finance))).code).toBe('Forbidden');
		expect((await error(updateLaunch(finance, launchId, form({ name: 'By finance', launchDate: isoDateIn(30) })))).code).toBe('Forbidden');
		expect((await getLaunch(finance, launchId, today)).canEdit).toBe(false);
		expect((await error(listLaunches(vendorUser))).code).toBe('NotFound');
		expect((await error(getLaunch(vendorUser, launchId))).code).toBe('NotFound');
		expect((await error(createLaunch(vendorUser, form({ name: 'By vendor', launchDate: isoDateIn(30) })))).code).toBe('NotFound');
		expect((await error(getLaunch(ops, 'not-a-launch'))).code).toBe('NotFound');
		expect((await error(getLaunch(ops, crypto.randomUUID()))).code).toBe('NotFound');
	});
});
