/**
 * Production through its services, on a real database: job bags made by the vendor's
 * acknowledgement, stage updates with partial quantities, weights and photos, the refusals of
 * bad input, batch moves, problems, the workshop's "today" and the walls between workshops.
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
	listFiles,
	mailsTo,
	makePng,
	purchaseOrderLineForm
} from '../../../../tests/support/factories.ts';
import { shiftDate, shortDate } from '#lib/domain/production/forecast.ts';
import type { StageUpdateInput } from '#lib/domain/production/schemas.ts';
import { todayIso } from '#lib/domain/purchase-orders/schemas.ts';
import type { StaffActor, VendorActor } from '../auth/actor.ts';
import {
	auditEvent,
	jobMilestone,
	jobPhoto,
	jobProblem,
	jobUpdate,
	productionJob,
	purchaseOrder,
	purchaseOrderLine,
	storedFile
} from '../db/schema/index.ts';
import { asSystem } from '../db/scope.ts';
import { readFileForActor } from '../files/service.ts';
import { toEditorValues } from '../purchase-orders/editor.ts';
import { acknowledgePurchaseOrder, revisePurchaseOrder, sendPurchaseOrder } from '../purchase-orders/service.ts';
import { processJobPhotos } from './photos.ts';
import { getJobPage, getWorkshopToday, listWorkshopJobs } from './queries.ts';
import { addJobNote, findJobByNumber, flagProblem, recordStageUpdate, resolveProblem } from './service.ts';

const context = useTestDatabase();

interface Shop {
	vendorId: string;
	name: string;
	admin: VendorActor;
	member: VendorActor;
}

let ops: StaffActor;
let finance: StaffActor;
let shop: Shop;
let otherShop: Shop;
const today = todayIso();

async function workshopWithPeople(): Promise<Shop> {
	const workshop = await createWorkshop(ops);
	return {
		...workshop,
		admin: await createVendorUser(workshop.vendorId, workshop.name, 'vendor_admin'),
		member: await createVendorUser(workshop.vendorId, workshop.name, 'vendor_member')
	};
}

const jobsOf = (poId: string) =>
	asSystem((tx) => tx.select().from(productionJob).where(eq(productionJob.purchaseOrderId, poId)).orderBy(asc(productionJob.number)));
const jobRow = async (jobId: string) => (await asSystem((tx) => tx.select().from(productionJob).where(eq(productionJob.id, jobId))))[0];
const milestonesOf = (jobId: string) =>
	asSystem((tx) => tx.select().from(jobMilestone).where(eq(jobMilestone.jobId, jobId)).orderBy(asc(jobMilestone.position)));
const milestone = async (jobId: string, name: string) => (await milestonesOf(jobId)).find((m) => m.name === name)!;
const updatesOf = (jobId: string) =>
	asSystem((tx) => tx.select().from(jobUpdate).where(eq(jobUpdate.jobId, jobId)).orderBy(asc(jobUpdate.createdAt)));
const poStatus = async (poId: string) =>
	(await asSystem((tx) => tx.select({ status: purchaseOrder.status }).from(purchaseOrder).where(eq(purchaseOrder.id, poId))))[0].status;

/** A PO sent by ops and acknowledged by the workshop with one promised date; returns its job bags. */
async function acknowledgedPo(options: { lines?: Parameters<typeof purchaseOrderLineForm>[0][]; promisedDate?: string; to?: Shop } = {}) {
	const to = options.to ?? shop;
	const lines = (options.lines ?? [{}]).map((l) => purchaseOrderLineForm(l));
	const draft = await createPurchaseOrderDraft(ops, to.vendorId, { lines });
	await sendPurchaseOrder(ops, draft.poId, { version: 1 });
	const poLines = await asSystem((tx) =>
		tx.select().from(purchaseOrderLine).where(eq(purchaseOrderLine.purchaseOrderId, draft.poId)).orderBy(asc(purchaseOrderLine.lineNo))
	);
	const promisedDate = options.promisedDate ?? isoDateIn(40);
	await acknowledgePurchaseOrder(to.admin, draft.poId, {
		revision: 1,
		lines: poLines.map((l) => ({ lineId: l.id, answer: 'acknowledge' as const, promisedDate }))
	});
	return { poId: draft.poId, number: draft.number, promisedDate, jobs: await jobsOf(draft.poId) };
}

/** A stage update as the form sends it: today, all pieces, no weight, no note. */
function move(jobIds: string[], stage: string, action: 'start' | 'finish', changes: Partial<StageUpdateInput> = {}): StageUpdateInput {
	return { jobIds, stage, action, occurredOn: today, quantity: '', weight: '', note: '', ...changes };
}

async function photos(count = 1) {
	const files = await Promise.all(
		Array.from(
			{ length: count },
			async (_, i) => new File([Buffer.from(await makePng(64, 48))], `bench-${i + 1}.png`, { type: 'image/png' })
		)
	);
	return processJobPhotos(files);
}

beforeAll(async () => {
	[ops, finance] = [await createStaff('ops'), await createStaff('finance')];
	shop = await workshopWithPeople();
	otherShop = await workshopWithPeople();
});

describe('job bags', () => {
	it('are made when the workshop acknowledges: one per batch line, one per piece, planned back from the promised date', async () => {
		const {
			poId,
			number,
			promisedDate: p,
			jobs
		} = await acknowledgedPo({
			lines: [{ quantity: 12 }, { sku: 'ER-2002', description: 'Hoop earrings', quantity: 3, jobBags: 'per_piece' }]
		});
		const base = `JB-${number.replace(/^PO-/, '')}`;
		expect(jobs.map((j) => [j.number, j.pieceNo, j.quantity, j.sku])).toEqual([
			[`${base}-1`, null, 12, 'RG-1001'],
			[`${base}-2.1`, 1, 1, 'ER-2002'],
			[`${base}-2.2`, 2, 1, 'ER-2002'],
			[`${base}-2.3`, 3, 1, 'ER-2002']
		]);
		expect(await poStatus(poId)).toBe('acknowledged');
		for (const job of jobs) {
			// the caster's template (19 days) ends on the promised date
			expect((await milestonesOf(job.id)).map((m) => [m.name, m.plannedStart, m.plannedFinish, m.photoRequired, m.status])).toEqual([
				['Print / wax', shiftDate(p, -19), shiftDate(p, -15), false, 'pending'],
				['Casting', shiftDate(p, -15), shiftDate(p, -8), true, 'pending'],
				['Clean-up and filing', shiftDate(p, -8), shiftDate(p, -5), false, 'pending'],
				['Polishing', shiftDate(p, -5), shiftDate(p, -2), false, 'pending'],
				['QC and finishing', shiftDate(p, -2), p, true, 'pending']
			]);
			expect(job).toMatchObject({
				status: 'open',
				promisedDate: p,
				plannedStart: shiftDate(p, -19),
				// nothing started: the forecast runs the template from today
				forecastFinish: shiftDate(today, 19),
				currentStage: 'Print / wax',
				atRisk: false,
				blocked: false,
				vendorId: shop.vendorId,
				poNumber: number
			});
		}
		const page = await getJobPage(shop.member, jobs[0].id);
		expect(page.nextStep).toEqual({ stage: 'Print / wax', action: 'start', pieces: 12, photoRequired: false });
		expect(page.earliestDate).toBe(today);
		expect(page.line.alloyLabel).toMatch(/18K/);
		expect(page.milestones[1]).toMatchObject({
			name: 'Casting',
			forecastStart: shiftDate(today, 4),
			forecastFinish: shiftDate(today, 11),
			overdueDays: 0
		});
	});

	it('a revision with fewer pieces and a later date cancels the bags not started and re-plans only the others', async () => {
		const { poId, jobs } = await acknowledgedPo({ lines: [{ quantity: 4, jobBags: 'per_piece' }] });
		await recordStageUpdate(shop.member, move([jobs[0].id], 'Print / wax', 'start'));
		const [po] = await asSystem((tx) => tx.select().from(purchaseOrder).where(eq(purchaseOrder.id, poId)));
		const form = toEditorValues(
			po,
			await asSystem((tx) => tx.select().from(purchaseOrderLine).where(eq(purchaseOrderLine.purchaseOrderId, poId)))
		);
		form.lines[0].quantity = 2;
		expect(await revisePurchaseOrder(ops, poId, { ...form, revisionNote: 'Two pieces only' })).toEqual({ ok: true });
		const [line] = await asSystem((tx) => tx.select().from(purchaseOrderLine).where(eq(purchaseOrderLine.purchaseOrderId, poId)));
		const later = isoDateIn(50);
		await acknowledgePurchaseOrder(shop.admin, poId, {
			revision: 2,
			lines: [{ lineId: line.id, answer: 'acknowledge', promisedDate: later }]
		});

		const after = await jobsOf(poId);
		// the started piece stays, with the lowest number not started; the two highest are cancelled
		expect(after.map((j) => [j.pieceNo, j.status])).toEqual([
			[1, 'open'],
			[2, 'open'],
			[3, 'cancelled'],
			[4, 'cancelled']
		]);
		for (const job of after) {
			const replanned = (await updatesOf(job.id)).filter((u) => u.kind === 'replanned');
			expect(replanned, job.number).toHaveLength(job.status === 'open' ? 1 : 0);
			expect(job.promisedDate, job.number).toBe(job.status === 'open' ? later : jobs[0].promisedDate);
		}
	});
});

describe('stage updates', () => {
	it('start and finish stages with partial quantities and weights; the first start puts the PO in production', async () => {
		const { poId, jobs } = await acknowledgedPo({ lines: [{ quantity: 12 }] });
		const job = jobs[0];
		expect(await recordStageUpdate(shop.member, move([job.id], 'Print / wax', 'start', { quantity: 5, note: 'First five waxes' }))).toEqual(
			{
				jobs: 1,
				pieces: 5,
				becameAtRisk: 0
			}
		);
		expect(await poStatus(poId)).toBe('in_production');
		const started = await asSystem((tx) =>
			tx
				.select()
				.from(auditEvent)
				.where(and(eq(auditEvent.entityId, poId), eq(auditEvent.action, 'purchase_order.in_production')))
		);
		expect(started).toHaveLength(1);
		expect(await milestone(job.id, 'Print / wax')).toMatchObject({
			status: 'in_progress',
			startedOn: today,
			quantityIn: 5,
			quantityOut: 0
		});
		expect((await getJobPage(shop.member, job.id)).nextStep).toEqual({
			stage: 'Print / wax',
			action: 'finish',
			pieces: 5,
			photoRequired: false
		});

		await recordStageUpdate(shop.member, move([job.id], 'Print / wax', 'finish', { quantity: 3 }));
		// the three finished waxes go on to casting while the rest are still in wax (stage names match in any case)
		await recordStageUpdate(shop.admin, move([job.id], 'casting', 'start', { weight: '38,5' }));
		expect(await milestone(job.id, 'Casting')).toMatchObject({ status: 'in_progress', quantityIn: 3, weightInMg: 38_500 });
		// a blank quantity moves every piece that can move: the 7 not yet started, then the 9 in the stage
		await recordStageUpdate(shop.member, move([job.id], 'Print / wax', 'start'));
		expect(await milestone(job.id, 'Print / wax')).toMatchObject({ quantityIn: 12, quantityOut: 3, status: 'in_progress' });
		await recordStageUpdate(shop.member, move([job.id], 'Print / wax', 'finish', { weight: '40' }));
		expect(await milestone(job.id, 'Print / wax')).toMatchObject({
			status: 'done',
			finishedOn: today,
			quantityIn: 12,
			quantityOut: 12,
			weightOutMg: 40_000
		});
		// the start stays the first day, however many starts follow
		expect((await milestone(job.id, 'Print / wax')).startedOn).toBe(today);
		expect(await poStatus(poId)).toBe('in_production');

		const updates = await updatesOf(job.id);
		expect(updates.map((u) => [u.kind, u.quantity, u.weightMg, u.side])).toEqual([
			['start', 5, null, 'vendor'],
			['finish', 3, null, 'vendor'],
			['start', 3, 38_500, 'vendor'],
			['start', 7, null, 'vendor'],
			['finish', 9, 40_000, 'vendor']
		]);
		expect(updates[0]).toMatchObject({
			note: 'First five waxes',
			createdBy: shop.member.userId,
			createdByName: shop.member.name,
			occurredOn: today
		});
		const page = await getJobPage(shop.member, job.id);
		// newest first, each with its stage's name
		expect(page.updates.map((u) => [u.kind, u.stage])).toEqual([
			['finish', 'Print / wax'],
			['start', 'Print / wax'],
			['start', 'Casting'],
			['finish', 'Print / wax'],
			['start', 'Print / wax']
		]);
		expect(page.nextStep).toEqual({ stage: 'Casting', action: 'finish', pieces: 3, photoRequired: true });
		expect(await jobRow(job.id)).toMatchObject({ currentStage: 'Casting', startedOn: today, status: 'open' });

		// ops may report for the workshop (the brand's side); finance may only read
		await recordStageUpdate(ops, move([job.id], 'Casting', 'start'));
		expect((await updatesOf(job.id)).at(-1)).toMatchObject({ side: 'brand', quantity: 9, createdByName: ops.name });
		expect((await error(recordStageUpdate(finance, move([job.id], 'Casting', 'finish')))).code).toBe('Forbidden');
		expect((await getJobPage(finance, job.id)).job.id).toBe(job.id);
	});

	it('refuses finishing before starting, more pieces than entered, future dates and dates before the PO was sent', async () => {
		const { poId, jobs } = await acknowledgedPo({ lines: [{ quantity: 12 }] });
		const job = jobs[0];
		const notStarted = await error(recordStageUpdate(shop.member, move([job.id], 'Print / wax', 'finish')));
		expect(notStarted.code).toBe('Invalid');
		expect(notStarted.message).toBe('Start print / wax before finishing it.');
		const tooMany = await error(recordStageUpdate(shop.member, move([job.id], 'Print / wax', 'start', { quantity: 13 })));
		expect(tooMany.message).toBe('Only 12 pieces are ready for print / wax.');
		expect(tooMany.fields.quantity).toBe(tooMany.message);
		const notReady = await error(recordStageUpdate(shop.member, move([job.id], 'Casting', 'start')));
		expect(notReady.message).toBe('No pieces are ready for casting: finish print / wax first.');
		const future = await error(recordStageUpdate(shop.member, move([job.id], 'Print / wax', 'start', { occurredOn: isoDateIn(1) })));
		expect(future.fields.occurredOn).toBe('The date is in the future: use today or an earlier day.');
		const beforeSent = await error(recordStageUpdate(shop.member, move([job.id], 'Print / wax', 'start', { occurredOn: isoDateIn(-1) })));
		expect(beforeSent.fields.occurredOn).toMatch(/^The date is before the PO was sent/);
		const unknownStage = await error(recordStageUpdate(shop.member, move([job.id], 'Enamelling', 'start')));
		expect(unknownStage.message).toContain('has no stage “Enamelling”');
		const badWeight = await error(recordStageUpdate(shop.member, move([job.id], 'Print / wax', 'start', { weight: 'about 4' })));
		expect(badWeight.fields).toHaveProperty('weight');
		// nothing of it was kept
		expect(await updatesOf(job.id)).toEqual([]);
		expect((await milestonesOf(job.id)).every((m) => m.quantityIn === 0 && m.status === 'pending')).toBe(true);
		expect(await poStatus(poId)).toBe('acknowledged');

		await recordStageUpdate(shop.member, move([job.id], 'Print / wax', 'start', { quantity: 4 }));
		const overOut = await error(recordStageUpdate(shop.member, move([job.id], 'Print / wax', 'finish', { quantity: 5 })));
		expect(overOut.message).toBe('Only 4 pieces are in print / wax.');
		expect(overOut.fields.quantity).toBe(overOut.message);

		// a PO sent some days ago takes dates from that day on, never before the stage started
		await asSystem((tx) =>
			tx
				.update(purchaseOrder)
				.set({ firstSentAt: new Date(`${isoDateIn(-5)}T09:00:00Z`) })
				.where(eq(purchaseOrder.id, poId))
		);
		const beforeStart = await error(recordStageUpdate(shop.member, move([job.id], 'Print / wax', 'finish', { occurredOn: isoDateIn(-2) })));
		expect(beforeStart.message).toMatch(/^Print \/ wax cannot finish before it started/);
		expect(
			(await error(recordStageUpdate(shop.member, move([job.id], 'Print / wax', 'start', { occurredOn: isoDateIn(-6) })))).fields
		).toHaveProperty('occurredOn');
		await recordStageUpdate(shop.member, move([job.id], 'Print / wax', 'start', { occurredOn: isoDateIn(-5) }));
		expect((await milestone(job.id, 'Print / wax')).quantityIn).toBe(12);
	});

	it('refuses finishing a stage that needs a photo without one, and stores the photos re-encoded when given', async () => {
		const { jobs } = await acknowledgedPo({ lines: [{ quantity: 2 }] });
		const job = jobs[0];
		await recordStageUpdate(shop.member, move([job.id], 'Print / wax', 'start'));
		await recordStageUpdate(shop.member, move([job.id], 'Print / wax', 'finish'));
		await recordStageUpdate(shop.member, move([job.id], 'Casting', 'start'));
		const filesBefore = await listFiles(context.filesDir);
		const noPhoto = await error(recordStageUpdate(shop.member, move([job.id], 'Casting', 'finish')));
		expect(noPhoto.message).toBe('Casting needs a photo when it is finished: add one with the camera button.');
		// a refused update with photos leaves neither rows nor bytes behind
		const tooEarly = await error(recordStageUpdate(shop.member, move([job.id], 'Clean-up and filing', 'finish'), await photos(2)));
		expect(tooEarly.code).toBe('Invalid');
		expect(await listFiles(context.filesDir)).toEqual(filesBefore);
		expect(await asSystem((tx) => tx.select().from(jobPhoto).where(eq(jobPhoto.jobId, job.id)))).toEqual([]);

		await recordStageUpdate(shop.member, move([job.id], 'Casting', 'finish', { note: 'No porosity' }), await photos(2));
		expect(await milestone(job.id, 'Casting')).toMatchObject({ status: 'done', quantityOut: 2 });
		const stored = await asSystem((tx) => tx.select().from(jobPhoto).where(eq(jobPhoto.jobId, job.id)));
		expect(stored).toHaveLength(2);
		const page = await getJobPage(shop.member, job.id);
		expect(page.updates[0]).toMatchObject({ kind: 'finish', stage: 'Casting', note: 'No porosity' });
		expect(page.updates[0].photos).toHaveLength(2);
		for (const photo of page.updates[0].photos) {
			const full = await readFileForActor(shop.member, photo.fileId);
			expect(full.contentType).toBe('image/jpeg');
			expect((await readFileForActor(ops, photo.thumbnailFileId)).contentType).toBe('image/webp');
			// another workshop cannot open them
			expect((await error(readFileForActor(otherShop.admin, photo.fileId))).code).toBe('NotFound');
		}
		const [file] = await asSystem((tx) => tx.select().from(storedFile).where(eq(storedFile.id, stored[0].fileId)));
		expect(file).toMatchObject({ vendorId: shop.vendorId, purpose: 'job-photo', createdBy: shop.member.userId });

		// a note with a photo mid-stage, from ops on the workshop's job: the photo is the workshop's
		await addJobNote(ops, { jobId: job.id, note: 'QC photo from the office' }, await photos(1));
		const note = (await getJobPage(shop.member, job.id)).updates[0];
		expect(note).toMatchObject({ kind: 'note', side: 'brand', note: 'QC photo from the office' });
		expect(note.photos).toHaveLength(1);
		expect((await error(addJobNote(shop.member, { jobId: job.id, note: '' }))).fields).toHaveProperty('note');
	});

	it('moves several jobs through a stage at once, or none when one of them cannot move', async () => {
		const { jobs } = await acknowledgedPo({ lines: [{ quantity: 3, jobBags: 'per_piece' }] });
		const ids = jobs.map((j) => j.id);
		expect(await recordStageUpdate(shop.member, move(ids.slice(0, 2), 'Print / wax', 'start'))).toEqual({
			jobs: 2,
			pieces: 2,
			becameAtRisk: 0
		});
		// the third has not started: the whole move is refused, naming it
		const refused = await error(recordStageUpdate(shop.member, move(ids, 'Print / wax', 'finish')));
		expect(refused.message).toBe(`${jobs[2].number}: Start print / wax before finishing it.`);
		for (const id of ids) expect((await milestone(id, 'Print / wax')).quantityOut).toBe(0);
		const counted = await error(recordStageUpdate(shop.member, move(ids, 'Print / wax', 'start', { quantity: 1 })));
		expect(counted.fields).toEqual({ quantity: 'Leave blank when several jobs are chosen.' });

		await recordStageUpdate(shop.member, move([ids[2]], 'Print / wax', 'start'));
		expect(await recordStageUpdate(shop.member, move(ids, 'Print / wax', 'finish', { note: 'Waxes checked' }))).toEqual({
			jobs: 3,
			pieces: 3,
			becameAtRisk: 0
		});
		for (const id of ids) {
			expect(await milestone(id, 'Print / wax')).toMatchObject({ status: 'done', quantityIn: 1, quantityOut: 1 });
			expect(await jobRow(id)).toMatchObject({ currentStage: 'Casting' });
			expect((await updatesOf(id)).at(-1)).toMatchObject({ kind: 'finish', quantity: 1, note: 'Waxes checked' });
		}
		const list = await listWorkshopJobs(shop.member, { stage: 'Casting' });
		expect(list.rows.map((r) => r.id)).toEqual(expect.arrayContaining(ids));
		expect(list.rows.every((r) => r.currentStage === 'Casting')).toBe(true);
		expect(list.stages).toContain('Casting');
	});
});

describe('problems', () => {
	it('block the job and put it at risk with the reason in words; the brand is told; resolving clears it', async () => {
		const { jobs } = await acknowledgedPo({ lines: [{ quantity: 6 }] });
		const job = jobs[0];
		await flagProblem(shop.member, { jobIds: [job.id], reason: 'waiting_for_stones', occurredOn: today, note: 'Melee 1.5 mm not in yet' });
		const blocked = await jobRow(job.id);
		expect(blocked).toMatchObject({ blocked: true, atRisk: true, atRiskSince: today });
		expect(blocked.riskReason).toMatch(new RegExp(`^Blocked since ${shortDate(today)}: waiting for stones`));
		const [mail] = await mailsTo(ops.email, 'production-problem');
		expect(mail.subject).toContain('Waiting for stones');
		expect(mail.textBody).toContain('Melee 1.5 mm not in yet');
		expect(mail.link).toBe(`http://bezel.test/production/jobs/${job.id}`);

		const page = await getJobPage(shop.member, job.id);
		expect(page.openProblems).toBe(1);
		expect(page.problems[0]).toMatchObject({ reasonLabel: 'Waiting for stones', openedByName: shop.member.name, resolvedAt: null });
		expect(page.updates[0]).toMatchObject({ kind: 'problem', note: 'Waiting for stones: Melee 1.5 mm not in yet' });
		expect((await getWorkshopToday(shop.member)).problems.map((p) => p.id)).toContain(page.problems[0].id);
		expect((await listWorkshopJobs(shop.member, { filter: 'blocked' })).rows.map((r) => r.id)).toContain(job.id);

		expect((await error(resolveProblem(finance, { problemId: page.problems[0].id, resolution: 'Sent' }))).code).toBe('Forbidden');
		expect(await resolveProblem(ops, { problemId: page.problems[0].id, resolution: 'Stones sent by courier today' })).toEqual({
			alreadyResolved: false
		});
		expect(await jobRow(job.id)).toMatchObject({ blocked: false, atRisk: false, atRiskSince: null, riskReason: '' });
		const [told] = await mailsTo(shop.member.email, 'production-problem-resolved');
		expect(told.textBody).toContain('Stones sent by courier today');
		expect(told.link).toBe(`http://bezel.test/workshop/jobs/${job.id}`);
		// a second click changes nothing
		expect(await resolveProblem(shop.member, { problemId: page.problems[0].id, resolution: 'again' })).toEqual({ alreadyResolved: true });
		const problems = await asSystem((tx) => tx.select().from(jobProblem).where(eq(jobProblem.jobId, job.id)));
		expect(problems).toHaveLength(1);
		expect(problems[0]).toMatchObject({ resolution: 'Stones sent by courier today', resolvedByName: ops.name });
		expect((await updatesOf(job.id)).map((u) => u.kind)).toEqual(['problem', 'resolved']);

		// flagged from the office on several jobs: the workshop is told
		const more = await acknowledgedPo({ lines: [{ quantity: 2, jobBags: 'per_piece' }] });
		await flagProblem(ops, {
			jobIds: more.jobs.map((j) => j.id),
			reason: 'question_on_spec',
			occurredOn: today,
			note: 'Check the new size'
		});
		for (const j of more.jobs) expect(await jobRow(j.id)).toMatchObject({ blocked: true, atRisk: true });
		const toShop = await mailsTo(shop.admin.email, 'production-problem');
		expect(toShop.at(-1)?.subject).toBe('Question on the spec: 2 jobs blocked');
		const future = await error(flagProblem(shop.member, { jobIds: [job.id], reason: 'equipment', occurredOn: isoDateIn(1), note: '' }));
		expect(future.fields).toHaveProperty('occurredOn');
	});
});

describe('between workshops', () => {
	it('answers NotFound for another workshop’s job, its updates, problems and QR code', async () => {
		const { jobs } = await acknowledgedPo({ lines: [{ quantity: 4 }] });
		const job = jobs[0];
		await flagProblem(shop.member, { jobIds: [job.id], reason: 'broken_stone', occurredOn: today, note: '' });
		const [problem] = await asSystem((tx) => tx.select().from(jobProblem).where(eq(jobProblem.jobId, job.id)));
		const stranger = otherShop.admin;
		const photo = await photos(1);
		const refusals = [
			() => getJobPage(stranger, job.id),
			() => recordStageUpdate(stranger, move([job.id], 'Print / wax', 'start')),
			() => recordStageUpdate(stranger, move([job.id], 'Print / wax', 'start'), photo),
			() => flagProblem(stranger, { jobIds: [job.id], reason: 'other', occurredOn: today, note: 'mine now' }),
			() => resolveProblem(stranger, { problemId: problem.id, resolution: 'Not yours' }),
			() => findJobByNumber(stranger, job.number),
			() => addJobNote(stranger, { jobId: job.id, note: 'hello' })
		];
		for (const refusal of refusals) expect((await error(refusal())).code).toBe('NotFound');
		// their own job mixed with someone else's is refused whole
		const theirs = await acknowledgedPo({ lines: [{ quantity: 1 }], to: otherShop });
		expect((await error(recordStageUpdate(stranger, move([theirs.jobs[0].id, job.id], 'Print / wax', 'start')))).code).toBe('NotFound');
		expect(await updatesOf(theirs.jobs[0].id)).toEqual([]);
		// nothing changed on the job
		expect((await updatesOf(job.id)).map((u) => u.kind)).toEqual(['problem']);
		expect(await jobRow(job.id)).toMatchObject({ blocked: true });
		expect((await listWorkshopJobs(stranger, { filter: 'blocked' })).rows.map((r) => r.id)).not.toContain(job.id);

		// the QR code's number finds the job for its workshop and for staff, typed in any case
		expect(await findJobByNumber(shop.member, job.number.toLowerCase())).toEqual({ id: job.id });
		expect(await findJobByNumber(finance, ` ${job.number} `)).toEqual({ id: job.id });
		expect((await error(findJobByNumber(shop.member, 'JB-0000-0000-1'))).code).toBe('NotFound');
		expect((await error(findJobByNumber(shop.member, '../etc/passwd'))).code).toBe('NotFound');
		expect((await error(getJobPage(shop.member, 'not-a-uuid'))).code).toBe('NotFound');
	});
});

describe('the workshop’s today', () => {
	it('lists POs to acknowledge, stages due by tomorrow or overdue, and open problems — only its own', async () => {
		const waiting = await createPurchaseOrderDraft(ops, shop.vendorId);
		await sendPurchaseOrder(ops, waiting.poId, { version: 1 });
		// promised for today: QC is due today, every stage before it is overdue
		const late = await acknowledgedPo({ lines: [{ quantity: 2 }], promisedDate: today });
		const calm = await acknowledgedPo({ lines: [{ quantity: 2 }], promisedDate: isoDateIn(60) });
		const elsewhere = await acknowledgedPo({ lines: [{ quantity: 2 }], promisedDate: today, to: otherShop });
		const lateJob = late.jobs[0];

		const todayView = await getWorkshopToday(shop.member);
		expect(todayView.today).toBe(today);
		expect(todayView.toAcknowledge.map((p) => p.id)).toContain(waiting.poId);
		expect(todayView.toAcknowledge.map((p) => p.id)).not.toContain(late.poId);
		const due = todayView.due.filter((d) => d.jobId === lateJob.id);
		// each job once, at its first unfinished stage
		expect(due.map((d) => [d.stage, d.plannedFinish, d.overdue, d.dueToday])).toEqual([
			['Print / wax', shiftDate(today, -15), true, false]
		]);
		expect(todayView.due.some((d) => d.jobId === calm.jobs[0].id)).toBe(false);
		expect(todayView.due.some((d) => d.jobId === elsewhere.jobs[0].id)).toBe(false);

		// the late job is at risk, and says why
		const row = await jobRow(lateJob.id);
		expect(row.atRisk).toBe(true);
		expect(row.riskReason).toBe(
			`Print / wax is 15 days overdue; forecast ${shortDate(shiftDate(today, 19))}, promised ${shortDate(today)}`
		);
		const page = await getJobPage(shop.member, lateJob.id);
		expect(page.milestones.map((m) => m.overdueDays)).toEqual([15, 8, 5, 2, 0]);
		const atRisk = await listWorkshopJobs(shop.member, { filter: 'at_risk' });
		expect(atRisk.rows.map((r) => r.id)).toContain(lateJob.id);
		expect(atRisk.rows.map((r) => r.id)).not.toContain(calm.jobs[0].id);
		const dueSoon = await listWorkshopJobs(shop.member, { filter: 'due' });
		expect(dueSoon.rows.map((r) => r.id)).toContain(lateJob.id);
		expect(dueSoon.rows.map((r) => r.id)).not.toContain(calm.jobs[0].id);
		expect((await listWorkshopJobs(shop.member, { q: lateJob.number })).rows.map((r) => r.id)).toEqual([lateJob.id]);
		// staff have no workshop "today"
		expect((await error(getWorkshopToday(ops))).code).toBe('NotFound');
	});
});
