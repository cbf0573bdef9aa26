/**
 * Production across workshops: a workshop's people reach only their own job bags, milestones,
 * updates, photos, problems and labels — never another workshop's — through the services (NotFound)
 * and, behind them, through row-level security and column grants on every statement. The brand's
 * planning (timeline, launches, stage templates) stays internal, and finance reads without writing.
 */
import { asc, eq, inArray, or, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.ts';
import { error } from '../support/errors.ts';
import {
	createPurchaseOrderDraft,
	createStaff,
	createVendorUser,
	createWorkshop,
	isoDateIn,
	listFiles,
	makePng,
	purchaseOrderLineForm
} from '../support/factories.ts';
import type { StageUpdateInput } from '../../src/lib/domain/production/schemas.ts';
import { defaultTimelineQuery } from '../../src/lib/domain/production/timeline-query.ts';
import { todayIso } from '../../src/lib/domain/purchase-orders/schemas.ts';
import type { StaffActor, VendorActor } from '../../src/lib/server/auth/actor.ts';
import {
	calendarFeed,
	collectionLaunch,
	jobMilestone,
	jobPhoto,
	jobProblem,
	jobUpdate,
	notificationPreference,
	productionJob,
	purchaseOrder,
	purchaseOrderLine,
	stageTemplate
} from '../../src/lib/server/db/schema/index.ts';
import { asSystem, inScope, type Tx } from '../../src/lib/server/db/scope.ts';
import { readFileForActor } from '../../src/lib/server/files/service.ts';
import { exportProductionTimelineCsv, exportWorkshopJobsCsv } from '../../src/lib/server/production/exports.ts';
import { createCalendarFeed, listCalendarEvents, renderCalendarFeed } from '../../src/lib/server/production/calendar.ts';
import { getJobLabels } from '../../src/lib/server/production/labels.ts';
import {
	createLaunch,
	getLaunch,
	getLaunchForEdit,
	listLaunches,
	listUnscheduledCollections,
	updateLaunch
} from '../../src/lib/server/production/launches.ts';
import { saveNotificationPreferences } from '../../src/lib/server/production/notifications.ts';
import { processJobPhotos } from '../../src/lib/server/production/photos.ts';
import { getJobPage, getWorkshopToday, listPurchaseOrderJobs, listWorkshopJobs } from '../../src/lib/server/production/queries.ts';
import { addJobNote, findJobByNumber, flagProblem, recordStageUpdate, resolveProblem } from '../../src/lib/server/production/service.ts';
import {
	listStageTemplateHistory,
	listStageTemplates,
	resetStageTemplate,
	saveStageTemplate
} from '../../src/lib/server/production/templates.ts';
import { getProductionSummary, getProductionTimeline } from '../../src/lib/server/production/timeline.ts';
import { acknowledgePurchaseOrder, cancelPurchaseOrder, sendPurchaseOrder } from '../../src/lib/server/purchase-orders/service.ts';

const context = useTestDatabase();

interface Job {
	id: string;
	number: string;
}

interface Tenant {
	vendorId: string;
	name: string;
	admin: VendorActor;
	member: VendorActor;
	po: { poId: string; number: string; lineIds: string[] };
	/** a batch of 3 (casting started, with a photo), then 2 pieces cut per piece (the first blocked) */
	jobs: Job[];
	problemId: string;
	/** the photo and its thumbnail */
	photoFileIds: string[];
	/** a second acknowledged PO, cancelled by ops at the very end */
	spare: { poId: string; jobIds: string[] };
	calendarToken: string;
}

let ops: StaffActor;
let finance: StaffActor;
let admin: StaffActor;
let a: Tenant;
let b: Tenant;
let launchId: string;
const today = todayIso();
// close enough that the first stages are overdue: both workshops have something due "today"
const promisedDate = isoDateIn(10);

const allJobIds = (t: Tenant) => [...t.jobs.map((j) => j.id), ...t.spare.jobIds];

/** A stage update as the form sends it: today, all pieces, no weight, no note. */
const move = (jobIds: string[], stage: string, action: 'start' | 'finish'): StageUpdateInput => ({
	jobIds,
	stage,
	action,
	occurredOn: today,
	quantity: '',
	weight: '',
	note: ''
});

const photos = async () => processJobPhotos([new File([Buffer.from(await makePng(64, 48))], 'bench.png', { type: 'image/png' })]);

/** A PO sent by ops and acknowledged by the workshop: its job bags are made by the acknowledgement. */
async function acknowledgedPo(tenant: Pick<Tenant, 'vendorId' | 'admin'>, collection: string) {
	const lines = [purchaseOrderLineForm({ quantity: 3 }), purchaseOrderLineForm({ sku: 'ER-2002', quantity: 2, jobBags: 'per_piece' })];
	const draft = await createPurchaseOrderDraft(ops, tenant.vendorId, { collection, lines });
	await sendPurchaseOrder(ops, draft.poId, { version: 1 });
	const poLines = await asSystem((tx) =>
		tx.select().from(purchaseOrderLine).where(eq(purchaseOrderLine.purchaseOrderId, draft.poId)).orderBy(asc(purchaseOrderLine.lineNo))
	);
	await acknowledgePurchaseOrder(tenant.admin, draft.poId, {
		revision: 1,
		lines: poLines.map((l) => ({ lineId: l.id, answer: 'acknowledge' as const, promisedDate }))
	});
	const jobs = await asSystem((tx) =>
		tx
			.select({ id: productionJob.id, number: productionJob.number })
			.from(productionJob)
			.where(eq(productionJob.purchaseOrderId, draft.poId))
			.orderBy(asc(productionJob.number))
	);
	return { poId: draft.poId, number: draft.number, lineIds: poLines.map((l) => l.id), jobs };
}

async function makeTenant(label: string): Promise<Tenant> {
	const workshop = await createWorkshop(ops, { name: `Workshop ${label}` });
	const vendorAdmin = await createVendorUser(workshop.vendorId, workshop.name, 'vendor_admin');
	const member = await createVendorUser(workshop.vendorId, workshop.name, 'vendor_member');
	const tenant = { ...workshop, admin: vendorAdmin, member };

	const { jobs, ...po } = await acknowledgedPo(tenant, `Collection ${label}`);
	expect(jobs).toHaveLength(3);
	await recordStageUpdate(member, move([jobs[0].id], 'Print / wax', 'start'), await photos());
	await flagProblem(member, { jobIds: [jobs[1].id], reason: 'waiting_for_stones', occurredOn: today, note: `Stones for ${label}` });
	const [problem] = await asSystem((tx) => tx.select().from(jobProblem).where(eq(jobProblem.jobId, jobs[1].id)));
	const [photo] = await asSystem((tx) => tx.select().from(jobPhoto).where(eq(jobPhoto.jobId, jobs[0].id)));
	const spare = await acknowledgedPo(tenant, `Spare ${label}`);

	await saveNotificationPreferences(vendorAdmin, { milestoneReminders: false });
	const { url } = await createCalendarFeed(vendorAdmin);
	return {
		...tenant,
		po,
		jobs,
		problemId: problem.id,
		photoFileIds: [photo.fileId, photo.thumbnailFileId],
		spare: { poId: spare.poId, jobIds: spare.jobs.map((j) => j.id) },
		calendarToken: new URL(url).pathname.split('/').pop()!
	};
}

/** Every production row of a workshop: its own, and anything pointing at its jobs. */
async function productionRows(t: Tenant) {
	const ids = allJobIds(t);
	return asSystem(async (tx) => ({
		jobs: await tx
			.select()
			.from(productionJob)
			.where(or(eq(productionJob.vendorId, t.vendorId), inArray(productionJob.id, ids)))
			.orderBy(asc(productionJob.id)),
		milestones: await tx
			.select()
			.from(jobMilestone)
			.where(or(eq(jobMilestone.vendorId, t.vendorId), inArray(jobMilestone.jobId, ids)))
			.orderBy(asc(jobMilestone.id)),
		updates: await tx
			.select()
			.from(jobUpdate)
			.where(or(eq(jobUpdate.vendorId, t.vendorId), inArray(jobUpdate.jobId, ids)))
			.orderBy(asc(jobUpdate.id)),
		photos: await tx
			.select()
			.from(jobPhoto)
			.where(or(eq(jobPhoto.vendorId, t.vendorId), inArray(jobPhoto.jobId, ids)))
			.orderBy(asc(jobPhoto.id)),
		problems: await tx
			.select()
			.from(jobProblem)
			.where(or(eq(jobProblem.vendorId, t.vendorId), inArray(jobProblem.jobId, ids)))
			.orderBy(asc(jobProblem.id))
	}));
}

let before: { a: Awaited<ReturnType<typeof productionRows>>; b: Awaited<ReturnType<typeof productionRows>> };

beforeAll(async () => {
	[ops, finance, admin] = [await createStaff('ops'), await createStaff('finance'), await createStaff('admin')];
	a = await makeTenant('A');
	b = await makeTenant('B');
	({ launchId } = await createLaunch(ops, { name: 'Collection A', launchDate: isoDateIn(60), notes: 'Spring window', version: '' }));
	// a stored template, so the database tests below aim at a real row
	await saveStageTemplate(admin, {
		vendorType: 'stone_setter',
		version: 0,
		stages: [
			{ name: 'Layout', expectedDays: 1, photoRequired: false },
			{ name: 'Setting', expectedDays: 4, photoRequired: true }
		]
	});
	before = { a: await productionRows(a), b: await productionRows(b) };
});

describe('another workshop’s jobs through the services', () => {
	it('the setup gave each workshop a started job with a photo, a blocked job and open work due', async () => {
		for (const t of [a, b]) {
			const rows = await productionRows(t);
			expect(rows.jobs).toHaveLength(6);
			expect(rows.photos).toHaveLength(1);
			expect(rows.problems.map((p) => p.resolvedAt)).toEqual([null]);
			expect(rows.jobs.find((j) => j.id === t.jobs[1].id)).toMatchObject({ blocked: true, status: 'open' });
			// their own people reach all of it
			expect((await getJobPage(t.member, t.jobs[0].id)).updates[0].photos).toHaveLength(1);
		}
	});

	it.each<[string, () => Promise<unknown>]>([
		['getJobPage (admin)', () => getJobPage(b.admin, a.jobs[0].id)],
		['getJobPage (member, blocked job)', () => getJobPage(b.member, a.jobs[1].id)],
		['getJobPage (spare PO)', () => getJobPage(b.member, a.spare.jobIds[0])],
		['recordStageUpdate (finish)', () => recordStageUpdate(b.member, move([a.jobs[0].id], 'Print / wax', 'finish'))],
		['recordStageUpdate (start)', () => recordStageUpdate(b.admin, move([a.jobs[2].id], 'Print / wax', 'start'))],
		[
			'recordStageUpdate (with a photo)',
			async () => recordStageUpdate(b.member, move([a.jobs[0].id], 'Print / wax', 'finish'), await photos())
		],
		[
			'recordStageUpdate (own job first, then theirs)',
			() => recordStageUpdate(b.member, move([b.jobs[2].id, a.jobs[2].id], 'Print / wax', 'start'))
		],
		[
			'recordStageUpdate (theirs first, then own)',
			() => recordStageUpdate(b.member, move([a.jobs[0].id, b.jobs[0].id], 'Print / wax', 'finish'))
		],
		[
			'recordStageUpdate (batch with a photo)',
			async () => recordStageUpdate(b.member, move([b.jobs[0].id, a.jobs[0].id], 'Print / wax', 'finish'), await photos())
		],
		['flagProblem', () => flagProblem(b.member, { jobIds: [a.jobs[0].id], reason: 'other', occurredOn: today, note: 'Planted' })],
		[
			'flagProblem (mixed with own job)',
			() => flagProblem(b.admin, { jobIds: [b.jobs[2].id, a.jobs[2].id], reason: 'equipment', occurredOn: today, note: 'Planted' })
		],
		['resolveProblem', () => resolveProblem(b.member, { problemId: a.problemId, resolution: 'Planted resolution' })],
		['addJobNote', () => addJobNote(b.member, { jobId: a.jobs[0].id, note: 'Planted note' })],
		['addJobNote (with a photo)', async () => addJobNote(b.member, { jobId: a.jobs[1].id, note: 'Planted photo' }, await photos())],
		['findJobByNumber (the QR code)', () => findJobByNumber(b.member, a.jobs[0].number)],
		['findJobByNumber (typed in lower case)', () => findJobByNumber(b.admin, ` ${a.jobs[2].number.toLowerCase()} `)],
		['getJobLabels (one job)', () => getJobLabels(b.member, { jobId: a.jobs[0].id })],
		['getJobLabels (their PO)', () => getJobLabels(b.admin, { poId: a.po.poId })],
		['getJobLabels (their spare PO)', () => getJobLabels(b.admin, { poId: a.spare.poId })]
	])('%s answers NotFound', async (_name, attempt) => {
		expect((await error(attempt())).code).toBe('NotFound');
	});

	it('leaves no trace of the attempts on either workshop’s jobs, and no stray photo files', async () => {
		const filesBefore = await listFiles(context.filesDir);
		expect(filesBefore.length).toBeGreaterThanOrEqual(4); // each workshop's photo and thumbnail
		// one more attempt with a photo, counted here: the bytes staged before the refusal are removed
		expect((await error(addJobNote(b.member, { jobId: a.jobs[0].id, note: 'Planted' }, await photos()))).code).toBe('NotFound');
		expect(await listFiles(context.filesDir)).toEqual(filesBefore);
		expect(await productionRows(a)).toEqual(before.a);
		// nothing of B's own jobs moved in the mixed batches either
		expect(await productionRows(b)).toEqual(before.b);
	});

	it('finds their own jobs by QR code and prints their own labels only', async () => {
		expect(await findJobByNumber(b.member, b.jobs[0].number)).toEqual({ id: b.jobs[0].id });
		const own = await getJobLabels(b.admin, { poId: b.po.poId });
		expect(own.labels.map((l) => l.number)).toEqual(b.jobs.map((j) => j.number));
		expect(own.labels.every((l) => l.vendorName === b.name)).toBe(true);
		expect((await getJobLabels(b.member, { jobId: b.jobs[1].id })).labels.map((l) => l.number)).toEqual([b.jobs[1].number]);
	});

	it('lists none of their jobs on a PO, in the job list (any filter) or in today’s work', async () => {
		expect(await listPurchaseOrderJobs(b.admin, a.po.poId)).toEqual([]);
		expect(await listPurchaseOrderJobs(b.member, a.spare.poId)).toEqual([]);
		expect((await listPurchaseOrderJobs(b.member, b.po.poId)).map((r) => r.id)).toEqual(b.jobs.map((j) => j.id));

		const own = new Set(allJobIds(b));
		const queries = [
			{},
			{ filter: 'open' as const },
			{ filter: 'due' as const },
			{ filter: 'at_risk' as const },
			{ filter: 'blocked' as const },
			{ filter: 'done' as const },
			{ stage: 'Print / wax' },
			{ q: a.jobs[0].number },
			{ q: a.po.number },
			{ q: 'JB-' }
		];
		let seen = 0;
		for (const query of queries) {
			const list = await listWorkshopJobs(b.member, { ...query, perPage: 200 });
			for (const row of list.rows) expect(own.has(row.id), `${JSON.stringify(query)} ${row.number}`).toBe(true);
			expect(list.total, JSON.stringify(query)).toBe(list.rows.length);
			seen += list.rows.length;
			// the export applies the same filter, within the same walls
			const csv = await exportWorkshopJobsCsv(b.member, query, { today });
			for (const job of a.jobs) expect(csv, JSON.stringify(query)).not.toContain(job.number);
			expect(csv).not.toContain(a.po.number);
			for (const row of list.rows) expect(csv).toContain(row.number);
		}
		expect(seen).toBeGreaterThan(0);
		// A's own list does show A's jobs for the same searches
		expect((await listWorkshopJobs(a.member, { q: a.jobs[0].number })).rows.map((r) => r.id)).toEqual([a.jobs[0].id]);

		const todayView = await getWorkshopToday(b.member);
		expect(todayView.due.length).toBeGreaterThan(0);
		for (const d of todayView.due) expect(own.has(d.jobId), d.number).toBe(true);
		expect(todayView.problems.map((p) => p.id)).toEqual([before.b.problems[0].id]);
		for (const p of todayView.toAcknowledge) expect([b.po.poId, b.spare.poId]).toContain(p.id);
		expect((await getWorkshopToday(a.member)).problems.map((p) => p.id)).toEqual([a.problemId]);
	});

	it('puts none of their work in the workshop’s calendar feed', async () => {
		const events = await listCalendarEvents(b.admin, today);
		expect(events.length).toBeGreaterThan(0);
		const text = JSON.stringify(events);
		for (const job of a.jobs) expect(text).not.toContain(job.number);
		expect(text).not.toContain(a.po.number);
		const feed = await renderCalendarFeed(b.calendarToken, today);
		expect(feed).toContain(b.po.number);
		expect(feed).not.toContain(a.po.number);
		expect(await renderCalendarFeed(a.calendarToken, today)).toContain(a.po.number);
	});

	it('opens none of their photos or thumbnails', async () => {
		for (const fileId of a.photoFileIds) {
			expect((await error(readFileForActor(b.member, fileId))).code, fileId).toBe('NotFound');
			expect((await error(readFileForActor(b.admin, fileId))).code, fileId).toBe('NotFound');
			// their own workshop and the brand open them
			await expect(readFileForActor(a.member, fileId)).resolves.toMatchObject({ bytes: expect.any(Uint8Array) });
			await expect(readFileForActor(finance, fileId)).resolves.toMatchObject({ bytes: expect.any(Uint8Array) });
		}
	});
});

describe('the brand’s planning', () => {
	const launchForm = { name: 'Collection B', launchDate: isoDateIn(30), notes: 'Planted', version: '' };

	it.each<[string, () => Promise<unknown>]>([
		['getProductionTimeline', () => getProductionTimeline(a.admin, defaultTimelineQuery)],
		['getProductionSummary', () => getProductionSummary(a.member)],
		['exportProductionTimelineCsv', () => exportProductionTimelineCsv(a.admin, defaultTimelineQuery)],
		['listLaunches', () => listLaunches(a.admin)],
		['getLaunch', () => getLaunch(a.admin, launchId)],
		['getLaunchForEdit', () => getLaunchForEdit(a.admin, launchId)],
		['listUnscheduledCollections', () => listUnscheduledCollections(a.admin)],
		['createLaunch', () => createLaunch(a.admin, launchForm)],
		['updateLaunch', () => updateLaunch(a.admin, launchId, { ...launchForm, name: 'Collection A' })],
		['listStageTemplates', () => listStageTemplates(a.admin)],
		['listStageTemplateHistory', () => listStageTemplateHistory(a.admin)],
		[
			'saveStageTemplate',
			() =>
				saveStageTemplate(a.admin, {
					vendorType: 'caster',
					version: 0,
					stages: [{ name: 'Skip it all', expectedDays: 0, photoRequired: false }]
				})
		],
		['resetStageTemplate', () => resetStageTemplate(a.admin, 'stone_setter', 1)]
	])('%s answers NotFound to a workshop user', async (_name, attempt) => {
		expect((await error(attempt())).code).toBe('NotFound');
	});

	it('is unchanged by those attempts', async () => {
		const launches = await asSystem((tx) => tx.select().from(collectionLaunch));
		expect(launches.map((l) => [l.name, l.notes])).toEqual([['Collection A', 'Spring window']]);
		const templates = await asSystem((tx) => tx.select().from(stageTemplate));
		expect(templates.map((t) => [t.vendorType, t.version])).toEqual([['stone_setter', 1]]);
	});
});

describe('finance', () => {
	it('reads jobs, their labels, photos and the timeline', async () => {
		expect((await getJobPage(finance, a.jobs[1].id)).problems.map((p) => p.id)).toEqual([a.problemId]);
		expect((await listPurchaseOrderJobs(finance, a.po.poId)).map((r) => r.id)).toEqual(a.jobs.map((j) => j.id));
		expect((await getJobLabels(finance, { poId: b.po.poId })).labels).toHaveLength(3);
		expect(await findJobByNumber(finance, a.jobs[0].number)).toEqual({ id: a.jobs[0].id });
		const timeline = await getProductionTimeline(finance, { ...defaultTimelineQuery, q: a.jobs[0].number });
		expect(JSON.stringify(timeline)).toContain(a.jobs[0].id);
	});

	it.each<[string, () => Promise<unknown>]>([
		['recordStageUpdate', () => recordStageUpdate(finance, move([a.jobs[0].id], 'Print / wax', 'finish'))],
		[
			'recordStageUpdate (with a photo)',
			async () => recordStageUpdate(finance, move([a.jobs[2].id], 'Print / wax', 'start'), await photos())
		],
		['flagProblem', () => flagProblem(finance, { jobIds: [a.jobs[0].id], reason: 'other', occurredOn: today, note: 'Finance' })],
		['resolveProblem', () => resolveProblem(finance, { problemId: a.problemId, resolution: 'Finance says so' })],
		['addJobNote', () => addJobNote(finance, { jobId: a.jobs[0].id, note: 'Finance note' })],
		['createLaunch', () => createLaunch(finance, { name: 'Finance launch', launchDate: isoDateIn(30), notes: '', version: '' })],
		['listStageTemplates', () => listStageTemplates(finance)],
		[
			'saveStageTemplate',
			() =>
				saveStageTemplate(finance, { vendorType: 'caster', version: 0, stages: [{ name: 'Cheap', expectedDays: 0, photoRequired: false }] })
		]
	])('cannot %s (Forbidden)', async (_name, attempt) => {
		expect((await error(attempt())).code).toBe('Forbidden');
	});

	it('changed nothing', async () => {
		expect(await productionRows(a)).toEqual(before.a);
	});
});

describe('row-level security and column grants underneath', () => {
	const asVendor = <T>(tenant: Tenant, work: (tx: Tx) => Promise<T>, userId = tenant.admin.userId) =>
		inScope({ kind: 'vendor', vendorId: tenant.vendorId, userId }, work);

	class RolledBack extends Error {
		constructor(readonly result: unknown) {
			super('rolled back');
		}
	}

	/**
	 * Runs one statement as workshop B and always rolls it back, so a statement that wrongly goes
	 * through leaves nothing behind for the other tests. Returns the refusal's message, or
	 * `accepted` with what the statement returned.
	 */
	async function attempt(work: (tx: Tx) => Promise<unknown>, userId = b.admin.userId): Promise<{ refused?: string; accepted?: unknown }> {
		const caught = await asVendor(
			b,
			async (tx) => {
				throw new RolledBack(await work(tx));
			},
			userId
		).catch((e: unknown) => e as Error & { cause?: Error });
		if (caught instanceof RolledBack) return { accepted: caught.result };
		return { refused: `${caught.message} ${caught.cause?.message ?? ''}` };
	}

	const refusal = async (work: (tx: Tx) => Promise<unknown>) => {
		const outcome = await attempt(work);
		expect(outcome.refused, `accepted: ${JSON.stringify(outcome.accepted)}`).toBeDefined();
		return outcome.refused!;
	};

	it('shows a workshop none of another workshop’s production rows', async () => {
		const aJobs = allJobIds(a);
		const seen = await asVendor(b, async (tx) => ({
			jobs: await tx.select({ id: productionJob.id, vendorId: productionJob.vendorId }).from(productionJob),
			milestones: await tx.select({ job: jobMilestone.jobId, vendorId: jobMilestone.vendorId }).from(jobMilestone),
			updates: await tx.select({ job: jobUpdate.jobId, vendorId: jobUpdate.vendorId }).from(jobUpdate),
			photos: await tx.select({ job: jobPhoto.jobId, vendorId: jobPhoto.vendorId }).from(jobPhoto),
			problems: await tx.select({ job: jobProblem.jobId, vendorId: jobProblem.vendorId }).from(jobProblem),
			byId: {
				jobs: await tx.select().from(productionJob).where(inArray(productionJob.id, aJobs)),
				milestones: await tx.select().from(jobMilestone).where(inArray(jobMilestone.jobId, aJobs)),
				updates: await tx.select().from(jobUpdate).where(inArray(jobUpdate.jobId, aJobs)),
				photos: await tx.select().from(jobPhoto).where(inArray(jobPhoto.jobId, aJobs)),
				problems: await tx.select().from(jobProblem).where(eq(jobProblem.id, a.problemId)),
				number: await tx.select().from(productionJob).where(eq(productionJob.number, a.jobs[0].number))
			}
		}));
		expect(seen.jobs.map((j) => j.id).sort()).toEqual(allJobIds(b).sort());
		const own = new Set(allJobIds(b));
		for (const table of ['milestones', 'updates', 'photos', 'problems'] as const) {
			expect(seen[table].length, table).toBeGreaterThan(0);
			for (const row of seen[table]) expect(row.vendorId === b.vendorId && own.has(row.job), table).toBe(true);
		}
		expect(seen.byId).toEqual({ jobs: [], milestones: [], updates: [], photos: [], problems: [], number: [] });
		// the stage templates are readable (a job copies its template when made)
		expect((await asVendor(b, (tx) => tx.select().from(stageTemplate))).map((t) => t.vendorType)).toEqual(['stone_setter']);
	});

	it('changes none of another workshop’s rows, even through granted columns', async () => {
		// a granted column on their own row goes through: the zero rows below are the policy's doing
		const own = await attempt((tx) =>
			tx.update(productionJob).set({ riskReason: 'own' }).where(eq(productionJob.id, b.jobs[0].id)).returning({ id: productionJob.id })
		);
		expect(own.accepted).toEqual([{ id: b.jobs[0].id }]);

		const aJobs = allJobIds(a);
		const updates: [string, (tx: Tx) => Promise<unknown[]>][] = [
			[
				'production_job',
				(tx) =>
					tx
						.update(productionJob)
						.set({ status: 'cancelled', blocked: false, promisedDate: isoDateIn(1) })
						.where(inArray(productionJob.id, aJobs))
						.returning({ id: productionJob.id })
			],
			[
				'job_milestone',
				(tx) =>
					tx
						.update(jobMilestone)
						.set({ status: 'done', quantityOut: 3 })
						.where(inArray(jobMilestone.jobId, aJobs))
						.returning({ id: jobMilestone.id })
			],
			[
				'job_problem',
				(tx) =>
					tx
						.update(jobProblem)
						.set({ resolvedAt: new Date(), resolution: 'Planted' })
						.where(eq(jobProblem.id, a.problemId))
						.returning({ id: jobProblem.id })
			]
		];
		for (const [table, update] of updates) expect((await attempt(update)).accepted, table).toEqual([]);
		expect(await productionRows(a)).toEqual(before.a);
	});

	it('refuses rows claiming another workshop’s vendor id', async () => {
		const aJob = a.jobs[0];
		const [aUpdate] = before.a.updates.filter((u) => u.jobId === aJob.id);
		const [aPhoto] = before.a.photos;
		const inserts: [string, (tx: Tx) => Promise<unknown>][] = [
			[
				'production_job',
				(tx) =>
					tx.insert(productionJob).values({
						...before.a.jobs[0],
						id: undefined,
						number: 'JB-PLANTED-1',
						createdAt: undefined,
						updatedAt: undefined
					})
			],
			[
				'job_milestone',
				(tx) => tx.insert(jobMilestone).values({ ...before.a.milestones[0], id: undefined, position: 99, name: 'Planted' })
			],
			[
				'job_update',
				(tx) =>
					tx.insert(jobUpdate).values({
						jobId: aJob.id,
						vendorId: a.vendorId,
						kind: 'note',
						occurredOn: today,
						note: 'Planted',
						createdByName: 'Planted',
						side: 'vendor'
					})
			],
			[
				'job_problem',
				(tx) =>
					tx.insert(jobProblem).values({
						jobId: aJob.id,
						vendorId: a.vendorId,
						reason: 'other',
						note: 'Planted',
						openedOn: today,
						openedByName: 'Planted'
					})
			],
			['job_photo', (tx) => tx.insert(jobPhoto).values({ ...aPhoto, id: undefined, updateId: aUpdate.id, createdAt: undefined })]
		];
		for (const [table, insert] of inserts) expect(await refusal(insert), table).toMatch(/row-level security/);
	});

	/**
	 * The policies test `vendor_id` only, and a foreign key check does not apply row-level security:
	 * a row with the workshop's own vendor id may still point at another workshop's job or PO. The
	 * PO tables had the same hole (see 20261127044622_purchase_orders_vendor_visibility.sql). It closes
	 * when the production policies' WITH CHECK also looks the parent up (the job, or the PO line) under
	 * the workshop's own policies, as the PO child tables do.
	 */
	it('refuses rows with the workshop’s own vendor id that point at another workshop’s job or PO', async () => {
		const aJob = a.jobs[0];
		const [aUpdate] = before.a.updates.filter((u) => u.jobId === aJob.id);
		const [bPhoto] = before.b.photos;
		const forged: [string, (tx: Tx) => Promise<unknown>][] = [
			[
				'production_job on their PO',
				(tx) =>
					tx.insert(productionJob).values({
						...before.a.jobs[0],
						id: undefined,
						vendorId: b.vendorId,
						number: 'JB-PLANTED-2',
						createdAt: undefined,
						updatedAt: undefined
					})
			],
			[
				'job_milestone on their job',
				(tx) =>
					tx.insert(jobMilestone).values({
						...before.a.milestones.find((m) => m.jobId === aJob.id)!,
						id: undefined,
						vendorId: b.vendorId,
						position: 99,
						name: 'Planted'
					})
			],
			[
				'job_update on their job',
				(tx) =>
					tx.insert(jobUpdate).values({
						jobId: aJob.id,
						vendorId: b.vendorId,
						kind: 'note',
						occurredOn: today,
						note: 'Planted in their history',
						createdByName: 'Operations',
						side: 'brand'
					})
			],
			[
				'job_problem on their job',
				(tx) =>
					tx.insert(jobProblem).values({
						jobId: aJob.id,
						vendorId: b.vendorId,
						reason: 'casting_defect',
						note: 'Planted block',
						openedOn: today,
						openedByName: 'Operations'
					})
			],
			[
				'job_photo on their job',
				(tx) => tx.insert(jobPhoto).values({ ...bPhoto, id: undefined, jobId: aJob.id, updateId: aUpdate.id, createdAt: undefined })
			]
		];
		const accepted: string[] = [];
		for (const [what, insert] of forged) {
			const outcome = await attempt(insert);
			if (!outcome.refused) accepted.push(what);
			else expect(outcome.refused, what).toMatch(/row-level security/);
		}
		expect(accepted, 'accepted by the database').toEqual([]);
	});

	it('refuses changing what the column grants do not cover', async () => {
		const job = b.jobs[0].id;
		const statements = [
			`update production_job set number = 'JB-FORGED' where id = '${job}'`,
			`update production_job set vendor_id = '${a.vendorId}' where id = '${job}'`,
			`update production_job set purchase_order_id = '${a.po.poId}' where id = '${job}'`,
			`update production_job set line_id = '${a.po.lineIds[0]}' where id = '${job}'`,
			`update production_job set po_number = 'PO-FORGED', description = 'forged' where id = '${job}'`,
			`update job_milestone set name = 'Forged' where job_id = '${job}'`,
			`update job_milestone set expected_days = 0 where job_id = '${job}'`,
			`update job_milestone set photo_required = false where job_id = '${job}'`,
			`update job_milestone set job_id = '${a.jobs[0].id}', vendor_id = '${a.vendorId}' where job_id = '${job}'`,
			`update job_update set note = 'forged' where job_id = '${job}'`,
			`update job_update set job_id = '${a.jobs[0].id}' where job_id = '${job}'`,
			`update job_photo set file_id = '${a.photoFileIds[0]}' where job_id = '${job}'`,
			`update job_problem set reason = 'other', note = 'forged' where job_id = '${b.jobs[1].id}'`,
			`update job_problem set job_id = '${a.jobs[1].id}' where job_id = '${b.jobs[1].id}'`,
			`delete from job_photo where job_id = '${job}'`,
			`delete from job_update where job_id = '${job}'`,
			`delete from job_problem where job_id = '${b.jobs[1].id}'`,
			`delete from job_milestone where job_id = '${job}'`,
			`delete from production_job where id = '${job}'`
		];
		for (const statement of statements) {
			expect(await refusal((tx) => tx.execute(sql.raw(statement))), statement).toMatch(/permission denied/);
		}
		expect(await productionRows(b)).toEqual(before.b);
	});

	it('refuses any change to stage templates and any look at launches', async () => {
		for (const statement of [
			`insert into stage_template (vendor_type, stages) values ('caster', '[{"name":"Forged","expectedDays":0,"photoRequired":false}]')`,
			`update stage_template set stages = '[]'::jsonb`,
			`update stage_template set version = 99 where vendor_type = 'stone_setter'`,
			`delete from stage_template`,
			`select * from collection_launch`,
			`select count(*) from collection_launch`,
			`insert into collection_launch (name, launch_date) values ('Forged', '2030-01-01')`,
			`update collection_launch set notes = 'forged'`
		]) {
			expect(await refusal((tx) => tx.execute(sql.raw(statement))), statement).toMatch(/permission denied/);
		}
		const templates = await asSystem((tx) => tx.select().from(stageTemplate));
		expect(templates.map((t) => [t.vendorType, t.version, t.stages.length])).toEqual([['stone_setter', 1, 2]]);
		expect((await asSystem((tx) => tx.select().from(collectionLaunch))).map((l) => l.notes)).toEqual(['Spring window']);
	});

	it('keeps each person’s calendar feed and e-mail choices to that person', async () => {
		const users = [a.admin.userId, a.member.userId, b.admin.userId, b.member.userId];
		const everyFeed = await asSystem((tx) => tx.select().from(calendarFeed).where(inArray(calendarFeed.userId, users)));
		expect(everyFeed.map((f) => f.userId).sort()).toEqual([a.admin.userId, b.admin.userId].sort());

		const asAdmin = await asVendor(b, async (tx) => ({
			feeds: await tx.select({ userId: calendarFeed.userId }).from(calendarFeed),
			choices: await tx.select({ userId: notificationPreference.userId }).from(notificationPreference)
		}));
		expect(asAdmin).toEqual({ feeds: [{ userId: b.admin.userId }], choices: [{ userId: b.admin.userId }] });
		// a colleague in the same workshop does not see them either
		const asMember = await asVendor(
			b,
			async (tx) => ({
				feeds: await tx.select().from(calendarFeed),
				choices: await tx.select().from(notificationPreference)
			}),
			b.member.userId
		);
		expect(asMember).toEqual({ feeds: [], choices: [] });

		for (const other of [a.admin.userId, b.member.userId]) {
			const revoked = await attempt((tx) =>
				tx.update(calendarFeed).set({ revokedAt: new Date() }).where(eq(calendarFeed.userId, other)).returning({ id: calendarFeed.id })
			);
			expect(revoked.accepted).toEqual([]);
			const changed = await attempt((tx) =>
				tx
					.update(notificationPreference)
					.set({ milestoneReminders: true })
					.where(eq(notificationPreference.userId, other))
					.returning({ userId: notificationPreference.userId })
			);
			expect(changed.accepted).toEqual([]);
			expect(await refusal((tx) => tx.insert(calendarFeed).values({ userId: other, tokenHash: `forged-${other}` }))).toMatch(
				/row-level security/
			);
			expect(
				await refusal((tx) =>
					tx
						.insert(notificationPreference)
						.values({ userId: other, milestoneReminders: true })
						.onConflictDoUpdate({ target: notificationPreference.userId, set: { milestoneReminders: true } })
				)
			).toMatch(/row-level security/);
		}
		// A's feed still answers, A's choice is still off
		expect(await renderCalendarFeed(a.calendarToken, today)).toContain(a.po.number);
		const [choice] = await asSystem((tx) =>
			tx.select().from(notificationPreference).where(eq(notificationPreference.userId, a.admin.userId))
		);
		expect(choice.milestoneReminders).toBe(false);
	});
});

describe('cancelling a PO', () => {
	it('cancels its open jobs, and no other workshop’s', async () => {
		const [{ version }] = await asSystem((tx) =>
			tx.select({ version: purchaseOrder.version }).from(purchaseOrder).where(eq(purchaseOrder.id, a.spare.poId))
		);
		await cancelPurchaseOrder(ops, a.spare.poId, { reason: 'Collection dropped', version });
		const statusOf = async (ids: string[]) =>
			(await asSystem((tx) => tx.select({ status: productionJob.status }).from(productionJob).where(inArray(productionJob.id, ids)))).map(
				(j) => j.status
			);
		expect(await statusOf(a.spare.jobIds)).toEqual(['cancelled', 'cancelled', 'cancelled']);
		expect(await statusOf(a.jobs.map((j) => j.id))).toEqual(['open', 'open', 'open']);
		expect(await productionRows(b)).toEqual(before.b);
		// the workshop's lists drop them at once
		const open = (await listWorkshopJobs(a.member, { perPage: 200 })).rows.map((r) => r.id);
		expect(open.sort()).toEqual(a.jobs.map((j) => j.id).sort());
	});
});
