/**
 * Repairs across workshops: a repair workshop reaches only the jobs assigned to it now — never
 * another workshop's, never one not yet assigned, never one taken away from it — through the services
 * (NotFound) and, behind them, through row-level security on every statement. And even on its own
 * jobs it cannot read the customer: the column grants refuse the statement.
 */
import { eq, inArray, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.ts';
import { error } from '../support/errors.ts';
import {
	createRepairJob,
	createRepairWorkshop,
	createStaff,
	createVendorUser,
	isoDateIn,
	makePng,
	repairIntakeForm
} from '../support/factories.ts';
import type { StaffActor, VendorActor } from '../../src/lib/server/auth/actor.ts';
import {
	auditEvent,
	documentCounter,
	repairEstimate,
	repairEvent,
	repairJob,
	repairPhoto,
	storedFile
} from '../../src/lib/server/db/schema/index.ts';
import { asSystem, inScope } from '../../src/lib/server/db/scope.ts';
import { readFileForActor } from '../../src/lib/server/files/service.ts';
import { processJobPhotos } from '../../src/lib/server/production/photos.ts';
import {
	addRepairPhotos,
	assignRepair,
	checkReturn,
	createRepair,
	decideEstimate,
	exportRepairsCsv,
	getRepair,
	listWorkshopRepairs,
	markDone,
	markReceived,
	recordFinalPrice,
	shipBack,
	startWork,
	submitEstimate
} from '../../src/lib/server/repairs/service.ts';

useTestDatabase();

interface Tenant {
	vendorId: string;
	name: string;
	admin: VendorActor;
	member: VendorActor;
	/** received, estimate approved, in work, with intake and workshop photos */
	job: { repairId: string; number: string; estimateId: string; fileIds: string[] };
}

let ops: StaffActor;
let a: Tenant;
let b: Tenant;
/** never assigned to anyone */
let unassigned: { repairId: string; number: string; fileIds: string[] };
/** assigned to A, then moved to B before it arrived */
let moved: { repairId: string; number: string };

const pngPhotos = async (label: string) =>
	processJobPhotos([new File([(await makePng(50, 40)) as BlobPart], `${label}.png`, { type: 'image/png' })]);
const estimate = { lines: [{ description: 'Re-tip', price: '80' }], days: 4 };
const fileIdsOf = async (repairId: string) =>
	(await asSystem((tx) => tx.select().from(repairPhoto).where(eq(repairPhoto.repairId, repairId)))).flatMap((p) => [
		p.fileId,
		p.thumbnailFileId
	]);

async function makeTenant(label: string): Promise<Tenant> {
	const workshop = await createRepairWorkshop(ops, { name: `Repairs ${label}` });
	const admin = await createVendorUser(workshop.vendorId, workshop.name, 'vendor_admin');
	const member = await createVendorUser(workshop.vendorId, workshop.name, 'vendor_member');
	const { repairId, number } = await createRepair(
		ops,
		repairIntakeForm({
			customerName: `Customer ${label}`,
			customerContact: `customer-${label}@example.test`,
			orderReference: `ORDER-${label}`
		}),
		await pngPhotos(`intake-${label}`)
	);
	await assignRepair(ops, repairId, { vendorId: workshop.vendorId, version: 1 });
	await markReceived(admin, repairId);
	const { estimateId } = await submitEstimate(member, repairId, estimate);
	await decideEstimate(ops, estimateId, { decision: 'approve', customerDecision: `Customer ${label} agreed by phone` });
	await startWork(admin, repairId);
	await addRepairPhotos(member, repairId, 'workshop', await pngPhotos(`bench-${label}`));
	return { ...workshop, admin, member, job: { repairId, number, estimateId, fileIds: await fileIdsOf(repairId) } };
}

beforeAll(async () => {
	ops = await createStaff('ops');
	a = await makeTenant('A');
	b = await makeTenant('B');
	const lonely = await createRepair(ops, repairIntakeForm({ customerName: 'Customer Nobody' }), await pngPhotos('unassigned'));
	unassigned = { ...lonely, fileIds: await fileIdsOf(lonely.repairId) };
	moved = await createRepairJob(ops, { customerName: 'Customer Moved' });
	await assignRepair(ops, moved.repairId, { vendorId: a.vendorId, version: 1 });
	await submitEstimate(a.admin, moved.repairId, estimate);
	await assignRepair(ops, moved.repairId, { vendorId: b.vendorId, version: 3 });
});

/** Every repair call a workshop user could aim at a job that is not theirs; each must answer NotFound. */
function attemptsOn(actor: () => VendorActor, repairId: () => string): [string, () => Promise<unknown>][] {
	return [
		['getRepair', () => getRepair(actor(), repairId())],
		['submitEstimate', () => submitEstimate(actor(), repairId(), estimate)],
		['markReceived', () => markReceived(actor(), repairId())],
		['startWork', () => startWork(actor(), repairId())],
		['markDone', () => markDone(actor(), repairId())],
		['shipBack', () => shipBack(actor(), repairId(), { carrier: 'Planted', trackingNumber: 'PLANTED', shippedOn: isoDateIn(0) })],
		['recordFinalPrice', () => recordFinalPrice(actor(), repairId(), { finalPrice: '1' })],
		['addRepairPhotos', async () => addRepairPhotos(actor(), repairId(), 'workshop', await pngPhotos('planted'))],
		// the brand's steps, tried by a workshop: not even found
		['checkReturn', () => checkReturn(actor(), repairId(), { returnWeight: '1', returnStoneCount: 0 })],
		['decideEstimate', () => decideEstimate(actor(), a.job.estimateId, { decision: 'approve', customerDecision: 'Planted' })]
	];
}

describe('another workshop’s repairs through the services', () => {
	it.each(
		attemptsOn(
			() => b.admin,
			() => a.job.repairId
		)
	)('%s answers NotFound', async (_name, attempt) => {
		expect((await error(attempt())).code).toBe('NotFound');
	});

	it('leaves no trace of the attempts', async () => {
		const view = await getRepair(ops, a.job.repairId);
		expect(view.repair).toMatchObject({ status: 'in_work', finalPriceMinor: null, carrier: null });
		expect(view.estimates).toHaveLength(1);
		expect(view.photos.every((p) => p.side === 'brand' || p.caption !== 'planted')).toBe(true);
		expect(view.photos).toHaveLength(2);
		expect(view.events.some((e) => e.createdByName === b.admin.name)).toBe(false);
	});

	it('never lists nor exports them, whatever the filter says', async () => {
		for (const query of [
			{ status: 'all' as const },
			{ status: 'all' as const, vendor: a.vendorId },
			{ status: 'all' as const, q: a.job.number }
		]) {
			const page = await listWorkshopRepairs(b.member, query);
			expect(page.rows.map((r) => r.id).every((id) => id === b.job.repairId || id === moved.repairId)).toBe(true);
			const csv = await exportRepairsCsv(b.member, query);
			expect(csv).not.toContain(a.job.number);
			expect(csv).not.toContain(unassigned.number);
		}
	});

	it('opens none of their photos, nor those of a job not yet assigned', async () => {
		expect(a.job.fileIds).toHaveLength(4); // intake and bench photo, each with its thumbnail
		for (const fileId of a.job.fileIds) {
			expect((await error(readFileForActor(b.member, fileId))).code, fileId).toBe('NotFound');
			await expect(readFileForActor(a.member, fileId)).resolves.toMatchObject({ bytes: expect.any(Uint8Array) });
		}
		for (const fileId of unassigned.fileIds) {
			expect((await error(readFileForActor(a.member, fileId))).code).toBe('NotFound');
			expect((await error(readFileForActor(b.member, fileId))).code).toBe('NotFound');
		}
	});
});

describe('jobs assigned to nobody, and jobs taken away', () => {
	it.each([
		...attemptsOn(
			() => a.admin,
			() => unassigned.repairId
		).map(([name, run]) => [`${name} on an unassigned job`, run] as const),
		...attemptsOn(
			() => a.member,
			() => moved.repairId
		).map(([name, run]) => [`${name} on a job moved to another workshop`, run] as const)
	])('%s answers NotFound', async (_name, attempt) => {
		expect((await error(attempt())).code).toBe('NotFound');
	});

	it('are in no workshop’s list', async () => {
		for (const tenant of [a, b]) {
			const ids = (await listWorkshopRepairs(tenant.admin, { status: 'all' })).rows.map((r) => r.id);
			expect(ids).not.toContain(unassigned.repairId);
		}
		expect((await listWorkshopRepairs(a.admin, { status: 'all' })).rows.map((r) => r.id)).toEqual([a.job.repairId]);
		expect((await getRepair(b.admin, moved.repairId)).repair.status).toBe('assigned');
	});
});

describe('row-level security and column grants underneath', () => {
	const asVendor = <T>(tenant: Tenant, work: Parameters<typeof inScope<T>>[1]) =>
		inScope({ kind: 'vendor', vendorId: tenant.vendorId, userId: tenant.admin.userId }, work);

	/** The database refused the statement; returns its message. */
	async function refusal(promise: Promise<unknown>): Promise<string> {
		const caught = await promise.then(
			() => undefined,
			(e: unknown) => e as Error & { cause?: Error }
		);
		expect(caught, 'expected the database to refuse the statement').toBeDefined();
		return `${caught!.message} ${caught!.cause?.message ?? ''}`;
	}

	it('shows a workshop none of another workshop’s repair rows, nor an unassigned or moved job', async () => {
		const hidden = [a.job.repairId, unassigned.repairId, moved.repairId];
		const seen = await asVendor(b, async (tx) => ({
			job: await tx.select({ id: repairJob.id }).from(repairJob),
			estimate: await tx.select({ repair: repairEstimate.repairId }).from(repairEstimate),
			photo: await tx.select({ repair: repairPhoto.repairId }).from(repairPhoto),
			byId: await tx.select({ id: repairJob.id, number: repairJob.number }).from(repairJob).where(inArray(repairJob.id, hidden))
		}));
		expect(seen.job.map((r) => r.id).sort()).toEqual([b.job.repairId, moved.repairId].sort());
		expect(new Set(seen.estimate.map((r) => r.repair))).toEqual(new Set([b.job.repairId]));
		expect(new Set(seen.photo.map((r) => r.repair))).toEqual(new Set([b.job.repairId]));
		expect(seen.byId.map((r) => r.id)).toEqual([moved.repairId]);

		const fromA = await asVendor(a, async (tx) => ({
			job: await tx.select({ id: repairJob.id }).from(repairJob),
			events: await tx.select({ repair: repairEvent.repairId, kind: repairEvent.kind }).from(repairEvent),
			photos: await tx.select({ repair: repairPhoto.repairId }).from(repairPhoto).where(eq(repairPhoto.repairId, moved.repairId)),
			files: await tx
				.select({ id: storedFile.id })
				.from(storedFile)
				.where(inArray(storedFile.id, [...b.job.fileIds, ...unassigned.fileIds]))
		}));
		// a job taken away is gone from the workshop; the events of its own steps on it stay its own
		expect(fromA.job.map((r) => r.id)).toEqual([a.job.repairId]);
		expect(fromA.events.filter((e) => e.repair === moved.repairId).map((e) => e.kind)).toEqual([
			'assigned',
			'estimate_submitted',
			'withdrawn'
		]);
		expect(fromA.events.filter((e) => e.repair !== moved.repairId).every((e) => e.repair === a.job.repairId)).toBe(true);
		expect(fromA.photos).toEqual([]);
		expect(fromA.files).toEqual([]);
	});

	it('keeps the brand’s own history from the workshop: intake, return check', async () => {
		const kinds = await asVendor(a, (tx) =>
			tx.select({ kind: repairEvent.kind }).from(repairEvent).where(eq(repairEvent.repairId, a.job.repairId))
		);
		expect(kinds.map((k) => k.kind)).not.toContain('created');
		const audits = await asVendor(a, (tx) =>
			tx.select({ summary: auditEvent.summary }).from(auditEvent).where(eq(auditEvent.entityId, a.job.repairId))
		);
		expect(audits.length).toBeGreaterThan(0);
		expect(audits.map((x) => x.summary).join(' ')).not.toContain('Customer A');
	});

	it('refuses a workshop the customer’s columns even on its own job', async () => {
		for (const statement of [
			sql`select customer_name from repair_job where id = ${a.job.repairId}`,
			sql`select customer_contact from repair_job`,
			sql`select order_reference from repair_job`,
			sql`select * from repair_job where id = ${a.job.repairId}`,
			sql`select id from repair_job where customer_name like 'Customer%'`,
			sql`select return_discrepancy, return_weight_mg from repair_job`,
			sql`select created_by, cancel_reason from repair_job`
		]) {
			expect(await refusal(asVendor(a, (tx) => tx.execute(statement)))).toMatch(/permission denied/);
		}
		// and drizzle's select() of the whole table, which names every column
		expect(await refusal(asVendor(a, (tx) => tx.select().from(repairJob)))).toMatch(/permission denied/);
	});

	it('refuses changing what the grants do not cover, and numbering repairs', async () => {
		for (const statement of [
			sql`update repair_job set customer_name = 'Forged' where id = ${a.job.repairId}`,
			sql`update repair_job set vendor_id = ${b.vendorId} where id = ${a.job.repairId}`,
			sql`update repair_job set approved_total_minor = 1, approved_estimate_id = null where id = ${a.job.repairId}`,
			sql`update repair_job set declared_value_minor = 1 where id = ${a.job.repairId}`,
			sql`update repair_estimate set total_minor = 1 where repair_id = ${a.job.repairId}`,
			sql`delete from repair_event where repair_id = ${a.job.repairId}`,
			sql`delete from repair_job where id = ${a.job.repairId}`,
			sql`insert into document_counter (kind, year, last_number) values ('repair', 2099, 1)`
		]) {
			expect(await refusal(asVendor(a, (tx) => tx.execute(statement)))).toMatch(/permission denied/);
		}
		expect(await refusal(asVendor(a, (tx) => tx.select().from(documentCounter)))).toMatch(/permission denied/);
		const [row] = await asSystem((tx) => tx.select().from(repairJob).where(eq(repairJob.id, a.job.repairId)));
		expect(row).toMatchObject({ customerName: 'Customer A', vendorId: a.vendorId, approvedTotalMinor: 8000 });
	});

	it('refuses writing onto another workshop’s or an unassigned job, whatever vendor id the row claims', async () => {
		// granted columns, but the rows are not theirs: nothing matches
		for (const target of [a.job.repairId, unassigned.repairId]) {
			const updated = await asVendor(b, (tx) =>
				tx.update(repairJob).set({ status: 'done', carrier: 'Planted' }).where(eq(repairJob.id, target)).returning({ id: repairJob.id })
			);
			expect(updated).toEqual([]);
		}
		const estimates = await asVendor(b, (tx) =>
			tx
				.update(repairEstimate)
				.set({ status: 'superseded' })
				.where(eq(repairEstimate.repairId, a.job.repairId))
				.returning({ id: repairEstimate.id })
		);
		expect(estimates).toEqual([]);

		for (const [target, vendorId] of [
			[a.job.repairId, b.vendorId],
			[a.job.repairId, a.vendorId],
			[unassigned.repairId, b.vendorId]
		] as const) {
			expect(
				await refusal(
					asVendor(b, (tx) =>
						tx.insert(repairEstimate).values({
							repairId: target,
							vendorId,
							lines: [{ description: 'planted', priceMinor: 1 }],
							totalMinor: 1,
							currency: 'USD',
							days: 1,
							createdByName: 'Planted'
						})
					)
				)
			).toMatch(/row-level security/);
			expect(
				await refusal(
					asVendor(b, (tx) =>
						tx.insert(repairEvent).values({ repairId: target, vendorId, kind: 'planted', side: 'vendor', createdByName: 'Planted' })
					)
				)
			).toMatch(/row-level security/);
			expect(
				await refusal(
					asVendor(b, (tx) =>
						tx
							.insert(repairPhoto)
							.values({ repairId: target, vendorId, stage: 'workshop', fileId: b.job.fileIds[0], thumbnailFileId: b.job.fileIds[1] })
					)
				)
			).toMatch(/row-level security/);
		}
		const [row] = await asSystem((tx) => tx.select().from(repairJob).where(eq(repairJob.id, a.job.repairId)));
		expect(row).toMatchObject({ status: 'in_work', carrier: null });
		const planted = await asSystem((tx) => tx.select().from(repairEvent).where(eq(repairEvent.kind, 'planted')));
		expect(planted).toEqual([]);
	});
});
