/**
 * Editing a job's stages on a real database: re-planning back from the promised date, the rules
 * (started stages, skipping, names, days, the stage limit), the same edit on every job bag of a
 * line, optimistic locking, who may edit, and what the workshop then sees.
 */
import type { RequestEvent } from '@sveltejs/kit';
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
import { shiftDate } from '#lib/domain/production/forecast.ts';
import type { MilestoneEditInput, MilestoneEditRow } from '#lib/domain/production/milestone-edit.ts';
import { todayIso } from '#lib/domain/purchase-orders/schemas.ts';
import type { Actor, StaffActor, VendorActor } from '../auth/actor.ts';
import { auditEvent, jobMilestone, jobUpdate, productionJob, purchaseOrderLine } from '../db/schema/index.ts';
import { asSystem } from '../db/scope.ts';
import { acknowledgePurchaseOrder, sendPurchaseOrder } from '../purchase-orders/service.ts';
import { editJobMilestones, getMilestoneEditor, type MilestoneEditorView } from './milestones.ts';
import { getJobPage } from './queries.ts';
import { recordStageUpdate } from './service.ts';
import { actions, load } from '../../../routes/(internal)/production/jobs/[jobId]/+page.server.ts';

useTestDatabase();

let ops: StaffActor;
let admin: StaffActor;
let finance: StaffActor;
let shop: { vendorId: string; name: string; admin: VendorActor };
let otherShop: { vendorId: string; name: string; admin: VendorActor };
const today = todayIso();

const jobsOf = (poId: string) =>
	asSystem((tx) => tx.select().from(productionJob).where(eq(productionJob.purchaseOrderId, poId)).orderBy(asc(productionJob.number)));
const jobRow = async (jobId: string) => (await asSystem((tx) => tx.select().from(productionJob).where(eq(productionJob.id, jobId))))[0];
const milestonesOf = (jobId: string) =>
	asSystem((tx) => tx.select().from(jobMilestone).where(eq(jobMilestone.jobId, jobId)).orderBy(asc(jobMilestone.position)));
const updatesOf = (jobId: string) =>
	asSystem((tx) => tx.select().from(jobUpdate).where(eq(jobUpdate.jobId, jobId)).orderBy(asc(jobUpdate.createdAt)));

/** A PO sent by ops and acknowledged by the workshop (caster template: 4 + 7 + 3 + 3 + 2 days); returns its job bags. */
async function acknowledgedPo(options: { lines?: Parameters<typeof purchaseOrderLineForm>[0][]; to?: typeof shop } = {}) {
	const to = options.to ?? shop;
	const draft = await createPurchaseOrderDraft(ops, to.vendorId, { lines: (options.lines ?? [{}]).map((l) => purchaseOrderLineForm(l)) });
	await sendPurchaseOrder(ops, draft.poId, { version: 1 });
	const lines = await asSystem((tx) =>
		tx.select().from(purchaseOrderLine).where(eq(purchaseOrderLine.purchaseOrderId, draft.poId)).orderBy(asc(purchaseOrderLine.lineNo))
	);
	const promisedDate = isoDateIn(40);
	await acknowledgePurchaseOrder(to.admin, draft.poId, {
		revision: 1,
		lines: lines.map((l) => ({ lineId: l.id, answer: 'acknowledge' as const, promisedDate }))
	});
	return { poId: draft.poId, promisedDate, jobs: await jobsOf(draft.poId) };
}

/** The editor's rows as loaded, for a test to change. */
const rowsOf = (view: MilestoneEditorView): MilestoneEditRow[] =>
	view.stages.map((s) => ({
		id: s.id,
		name: s.name,
		expectedDays: s.expectedDays,
		photoRequired: s.photoRequired,
		skipped: s.status === 'skipped'
	}));

const newRow = (name: string, expectedDays = 2, photoRequired = false): MilestoneEditRow => ({
	id: '',
	name,
	expectedDays,
	photoRequired,
	skipped: false
});

/** Loads the editor of a job, lets `change` edit its rows, and saves as `actor`. */
async function edit(
	jobId: string,
	change: (rows: MilestoneEditRow[]) => void,
	options: { applyToLine?: boolean; actor?: StaffActor } = {}
) {
	const view = await getMilestoneEditor(ops, jobId);
	const rows = rowsOf(view);
	change(rows);
	const input: MilestoneEditInput = { jobId, version: view.version, applyToLine: options.applyToLine ?? false, stages: rows };
	return editJobMilestones(options.actor ?? ops, input);
}

const rowNamed = (rows: MilestoneEditRow[], name: string) => rows.find((r) => r.name === name)!;
const start = (jobIds: string[], stage: string) =>
	recordStageUpdate(shop.admin, { jobIds, stage, action: 'start', occurredOn: today, quantity: '', weight: '', note: '' });

beforeAll(async () => {
	[ops, admin, finance] = [await createStaff('ops'), await createStaff('admin'), await createStaff('finance')];
	const a = await createWorkshop(ops);
	shop = { ...a, admin: await createVendorUser(a.vendorId, a.name, 'vendor_admin') };
	const b = await createWorkshop(ops);
	otherShop = { ...b, admin: await createVendorUser(b.vendorId, b.name, 'vendor_admin') };
});

describe('editing one job bag', () => {
	it('changes days, skips and adds stages, re-plans back from the promised date, and says so in the history and the audit', async () => {
		const { promisedDate: p, jobs } = await acknowledgedPo();
		const job = jobs[0];
		const result = await edit(job.id, (rows) => {
			rowNamed(rows, 'Clean-up and filing').skipped = true;
			rowNamed(rows, 'Polishing').expectedDays = 5;
			rows.splice(4, 0, newRow('Engraving', 2, true));
		});
		const note = 'Skipped clean-up and filing; polishing 3 → 5 days; added engraving after polishing (2 days, photo required).';
		expect(result).toMatchObject({ ok: true, changed: true, jobs: [{ id: job.id, number: job.number, note }], becameAtRisk: 0 });

		// positions stay one per stage: the new one went in without breaking the unique index
		expect(
			(await milestonesOf(job.id)).map((m) => [m.position, m.name, m.expectedDays, m.status, m.plannedStart, m.plannedFinish])
		).toEqual([
			[0, 'Print / wax', 4, 'pending', shiftDate(p, -20), shiftDate(p, -16)],
			[1, 'Casting', 7, 'pending', shiftDate(p, -16), shiftDate(p, -9)],
			[2, 'Clean-up and filing', 3, 'skipped', shiftDate(p, -9), shiftDate(p, -9)],
			[3, 'Polishing', 5, 'pending', shiftDate(p, -9), shiftDate(p, -4)],
			[4, 'Engraving', 2, 'pending', shiftDate(p, -4), shiftDate(p, -2)],
			[5, 'QC and finishing', 2, 'pending', shiftDate(p, -2), p]
		]);
		expect((await milestonesOf(job.id))[4]).toMatchObject({ photoRequired: true, vendorId: shop.vendorId, quantityIn: 0 });
		// the promised date stays; the forecast runs the 20 days left from today
		expect(await jobRow(job.id)).toMatchObject({
			promisedDate: p,
			plannedStart: shiftDate(p, -20),
			forecastFinish: shiftDate(today, 20),
			version: 2,
			atRisk: false
		});
		expect((await updatesOf(job.id)).map((u) => [u.kind, u.note, u.side, u.createdByName])).toEqual([
			['replanned', note, 'brand', ops.name]
		]);
		const [audit] = await asSystem((tx) =>
			tx
				.select()
				.from(auditEvent)
				.where(and(eq(auditEvent.entityId, job.id), eq(auditEvent.action, 'production_job.stages_edited')))
		);
		expect(audit).toMatchObject({
			vendorId: shop.vendorId,
			actorName: ops.name,
			summary: `${ops.name} edited the stages of ${job.number}: ${note}`
		});
		expect((audit.after as { stages: unknown[] }).stages).toHaveLength(6);
		expect((audit.before as { version: number }).version).toBe(1);
	});

	it('re-plans a job that has started: planned dates follow the new days, what happened keeps its dates', async () => {
		const { promisedDate: p, jobs } = await acknowledgedPo();
		const job = jobs[0];
		await start([job.id], 'Print / wax');
		await edit(job.id, (rows) => {
			rowNamed(rows, 'Casting').expectedDays = 10;
		});
		const stages = await milestonesOf(job.id);
		expect(stages.map((m) => [m.name, m.plannedStart, m.plannedFinish])).toEqual([
			['Print / wax', shiftDate(p, -22), shiftDate(p, -18)],
			['Casting', shiftDate(p, -18), shiftDate(p, -8)],
			['Clean-up and filing', shiftDate(p, -8), shiftDate(p, -5)],
			['Polishing', shiftDate(p, -5), shiftDate(p, -2)],
			['QC and finishing', shiftDate(p, -2), p]
		]);
		expect(stages[0]).toMatchObject({ status: 'in_progress', startedOn: today, quantityIn: job.quantity });
		// wax finishes 4 days after today, then 10 + 3 + 3 + 2
		expect(await jobRow(job.id)).toMatchObject({ forecastFinish: shiftDate(today, 22), currentStage: 'Print / wax' });
	});

	it('brings a skipped stage back, and changes nothing when nothing was changed', async () => {
		const { jobs } = await acknowledgedPo();
		const job = jobs[0];
		await edit(job.id, (rows) => (rowNamed(rows, 'Polishing').skipped = true));
		const same = await edit(job.id, () => {});
		expect(same).toMatchObject({ ok: true, changed: false, jobs: [] });
		expect((await jobRow(job.id)).version).toBe(2);
		const back = await edit(job.id, (rows) => (rowNamed(rows, 'Polishing').skipped = false));
		expect(back).toMatchObject({ ok: true, jobs: [{ note: 'Brought back polishing.' }] });
		expect((await milestonesOf(job.id)).map((m) => m.status)).toEqual(['pending', 'pending', 'pending', 'pending', 'pending']);
		expect((await jobRow(job.id)).version).toBe(3);
	});

	it('refuses to change the days of a started stage, to skip it, or to put a stage before it; nothing is saved', async () => {
		const { jobs } = await acknowledgedPo();
		const job = jobs[0];
		await start([job.id], 'Print / wax');
		const before = await milestonesOf(job.id);

		const days = await error(edit(job.id, (rows) => (rows[0].expectedDays = 6)));
		expect(days.code).toBe('Invalid');
		expect(days.fields).toEqual({ 'stages[0].expectedDays': 'Print / wax has started: its days can no longer change.' });
		expect(days.message).toBe('Nothing was saved. Print / wax has started: its days can no longer change.');

		const skip = await error(edit(job.id, (rows) => (rows[0].skipped = true)));
		expect(skip.fields).toEqual({ 'stages[0].skipped': 'Print / wax has started: a stage that has started cannot be skipped.' });

		const first = await error(edit(job.id, (rows) => rows.unshift(newRow('Sketch', 1))));
		expect(first.fields).toEqual({ 'stages[0].name': 'Print / wax has started: add Sketch after print / wax, not before it.' });

		// a valid change in the same save is not kept either
		await error(
			edit(job.id, (rows) => {
				rows[0].expectedDays = 6;
				rowNamed(rows, 'Polishing').expectedDays = 5;
			})
		);
		expect(await milestonesOf(job.id)).toEqual(before);
		expect(await updatesOf(job.id)).toHaveLength(1);
		expect((await jobRow(job.id)).version).toBe(1);
	});

	it('keeps at least one stage, unique names, days from 0 to 60 and at most 12 stages', async () => {
		const { jobs } = await acknowledgedPo();
		const job = jobs[0];
		const allSkipped = await error(edit(job.id, (rows) => rows.forEach((r) => (r.skipped = true))));
		expect(allSkipped.fields).toEqual({
			'stages._errors': 'Keep at least one stage that is not skipped: a job bag needs a stage to go through.'
		});

		const duplicate = await error(edit(job.id, (rows) => rows.push(newRow(' polishing '))));
		expect(duplicate.fields).toEqual({ 'stages[5].name': 'Stage 4 is already called “Polishing”; give each stage its own name.' });

		const tooLong = await error(edit(job.id, (rows) => (rows[1].expectedDays = 61)));
		expect(tooLong.fields).toEqual({ 'stages[1].expectedDays': 'A stage takes at most 60 days; split a longer one in two.' });

		const tooMany = await error(edit(job.id, (rows) => rows.push(...Array.from({ length: 8 }, (_, i) => newRow(`Extra ${i + 1}`, 1)))));
		expect(tooMany.fields).toEqual({ 'stages._errors': 'A job holds at most 12 stages.' });

		// exactly 12, and 0 and 60 days, are fine
		const ok = await edit(job.id, (rows) => {
			rows.push(...Array.from({ length: 7 }, (_, i) => newRow(`Extra ${i + 1}`, 0)));
			rows[1].expectedDays = 60;
		});
		expect(ok.ok).toBe(true);
		expect(await milestonesOf(job.id)).toHaveLength(12);
		expect((await milestonesOf(job.id)).map((m) => m.position)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
	});

	it('refuses a job that is finished or cancelled', async () => {
		const { jobs } = await acknowledgedPo();
		await asSystem((tx) => tx.update(productionJob).set({ status: 'cancelled' }).where(eq(productionJob.id, jobs[0].id)));
		const refused = await error(edit(jobs[0].id, (rows) => (rows[1].expectedDays = 8)));
		expect(refused.message).toBe(`${jobs[0].number} is cancelled: its stages can no longer change.`);
	});

	it('answers a stale version with the stages as they are now, and saves nothing of it', async () => {
		const { jobs } = await acknowledgedPo();
		const job = jobs[0];
		const seen = await getMilestoneEditor(ops, job.id);
		// someone else saves first
		await edit(job.id, (rows) => (rowNamed(rows, 'Polishing').expectedDays = 4), { actor: admin });
		const rows = rowsOf(seen);
		rowNamed(rows, 'Casting').expectedDays = 9;
		const stale = await editJobMilestones(ops, { jobId: job.id, version: seen.version, stages: rows });
		expect(stale).toMatchObject({ ok: false, current: { version: 2 } });
		expect(!stale.ok && stale.message).toBe(
			`Someone else changed the stages of ${job.number} while you were editing. Nothing of yours was saved and your changes are still below: check them against the stages as they are now, then save again.`
		);
		expect(!stale.ok && stale.current.stages.find((s) => s.name === 'Polishing')?.expectedDays).toBe(4);
		expect((await milestonesOf(job.id)).find((m) => m.name === 'Casting')?.expectedDays).toBe(7);
		// saved again on the newer version, the edit goes through and keeps the other person's change
		const again = await editJobMilestones(ops, {
			jobId: job.id,
			version: 2,
			stages: rows.map((r) => (r.name === 'Polishing' ? { ...r, expectedDays: 4 } : r))
		});
		expect(again).toMatchObject({ ok: true, jobs: [{ note: 'Casting 7 → 9 days.' }] });
	});
});

describe('the same edit on every job bag of the line', () => {
	it('changes every open job bag of the line, and no other line', async () => {
		const { poId, jobs } = await acknowledgedPo({ lines: [{ quantity: 2 }, { sku: 'ER-2002', quantity: 3, jobBags: 'per_piece' }] });
		const [batch, piece1, piece2, piece3] = jobs;
		expect((await getMilestoneEditor(ops, piece2.id)).lineJobs).toBe(3);
		expect((await getMilestoneEditor(ops, piece2.id)).lineNo).toBe(2);
		// one piece already skipped engraving's predecessor: the same edit still fits it
		await edit(piece3.id, (rows) => (rowNamed(rows, 'Clean-up and filing').skipped = true));

		const result = await edit(
			piece2.id,
			(rows) => {
				rowNamed(rows, 'Clean-up and filing').skipped = true;
				rows.splice(4, 0, newRow('Rework', 3));
			},
			{ applyToLine: true }
		);
		expect(result.ok && result.jobs.map((j) => [j.number, j.note])).toEqual([
			[piece1.number, 'Skipped clean-up and filing; added rework after polishing (3 days).'],
			[piece2.number, 'Skipped clean-up and filing; added rework after polishing (3 days).'],
			[piece3.number, 'Added rework after polishing (3 days).']
		]);
		for (const job of [piece1, piece2, piece3]) {
			expect((await milestonesOf(job.id)).map((m) => [m.name, m.status])).toEqual([
				['Print / wax', 'pending'],
				['Casting', 'pending'],
				['Clean-up and filing', 'skipped'],
				['Polishing', 'pending'],
				['Rework', 'pending'],
				['QC and finishing', 'pending']
			]);
			expect((await updatesOf(job.id)).at(-1)).toMatchObject({ kind: 'replanned' });
		}
		expect((await jobRow(piece3.id)).version).toBe(3);
		expect((await jobRow(piece1.id)).version).toBe(2);
		// the batch of line 1 is another line: untouched
		expect(await milestonesOf(batch.id)).toHaveLength(5);
		expect(await updatesOf(batch.id)).toEqual([]);
		expect((await jobsOf(poId)).find((j) => j.id === batch.id)?.version).toBe(1);
	});

	it('refuses the whole edit, naming the job bags that cannot take it, and changes none', async () => {
		const { jobs } = await acknowledgedPo({ lines: [{ quantity: 3, jobBags: 'per_piece' }] });
		const [piece1, piece2, piece3] = jobs;
		await start([piece2.id, piece3.id], 'Print / wax');
		const refused = await error(edit(piece1.id, (rows) => (rows[0].expectedDays = 6), { applyToLine: true }));
		expect(refused.code).toBe('Invalid');
		expect(refused.message).toBe(
			`Nothing was saved. ${piece2.number}, ${piece3.number}: Print / wax has started: its days can no longer change.`
		);
		expect(refused.fields.applyToLine).toMatch(/untick this to change only this one/);
		expect((await milestonesOf(piece1.id))[0].expectedDays).toBe(4);
		// only this one, it goes through
		expect(await edit(piece1.id, (rows) => (rows[0].expectedDays = 6))).toMatchObject({ ok: true, changed: true });
		expect((await milestonesOf(piece2.id))[0].expectedDays).toBe(4);
	});

	it('leaves cancelled job bags of the line alone', async () => {
		const { jobs } = await acknowledgedPo({ lines: [{ quantity: 2, jobBags: 'per_piece' }] });
		await asSystem((tx) => tx.update(productionJob).set({ status: 'cancelled' }).where(eq(productionJob.id, jobs[1].id)));
		expect((await getMilestoneEditor(ops, jobs[0].id)).lineJobs).toBe(1);
		const result = await edit(jobs[0].id, (rows) => (rows[1].expectedDays = 8), { applyToLine: true });
		expect(result.ok && result.jobs.map((j) => j.id)).toEqual([jobs[0].id]);
		expect((await milestonesOf(jobs[1].id))[1].expectedDays).toBe(7);
	});
});

describe('who may edit, and what the workshops see', () => {
	it('is for ops and admins: a workshop gets NotFound, finance Forbidden', async () => {
		const { jobs } = await acknowledgedPo();
		const job = jobs[0];
		const view = await getMilestoneEditor(ops, job.id);
		const input: MilestoneEditInput = {
			jobId: job.id,
			version: view.version,
			stages: rowsOf(view).map((r, i) => (i === 1 ? { ...r, expectedDays: 9 } : r))
		};
		for (const vendor of [shop.admin, otherShop.admin]) {
			expect((await error(editJobMilestones(vendor, input))).code).toBe('NotFound');
			expect((await error(getMilestoneEditor(vendor, job.id))).code).toBe('NotFound');
		}
		expect((await error(editJobMilestones(finance, input))).code).toBe('Forbidden');
		expect((await error(getMilestoneEditor(finance, job.id))).code).toBe('Forbidden');
		expect((await jobRow(job.id)).version).toBe(1);
		expect(await edit(job.id, (rows) => (rows[1].expectedDays = 9), { actor: admin })).toMatchObject({ ok: true, changed: true });
		expect((await error(getMilestoneEditor(ops, '00000000-0000-4000-8000-000000000000'))).code).toBe('NotFound');
		expect((await error(editJobMilestones(ops, { ...input, jobId: 'JB-2026-0001-1' }))).code).toBe('NotFound');
	});

	it('shows the workshop its new stages on its job page; another workshop still cannot open the job', async () => {
		const { promisedDate: p, jobs } = await acknowledgedPo();
		const job = jobs[0];
		await edit(job.id, (rows) => {
			rowNamed(rows, 'Polishing').skipped = true;
			rows.splice(3, 0, newRow('Engraving', 2, true));
		});
		const page = await getJobPage(shop.admin, job.id);
		expect(page.milestones.map((m) => [m.name, m.status, m.plannedFinish])).toEqual([
			['Print / wax', 'pending', shiftDate(p, -14)],
			['Casting', 'pending', shiftDate(p, -7)],
			['Clean-up and filing', 'pending', shiftDate(p, -4)],
			['Engraving', 'pending', shiftDate(p, -2)],
			['Polishing', 'skipped', shiftDate(p, -2)],
			['QC and finishing', 'pending', p]
		]);
		expect(page.updates[0]).toMatchObject({
			kind: 'replanned',
			note: 'Added engraving after clean-up and filing (2 days, photo required); skipped polishing.'
		});
		expect((await error(getJobPage(otherShop.admin, job.id))).code).toBe('NotFound');
		// the workshop's quick update still works on the edited job
		await start([job.id], 'Print / wax');
		expect((await getJobPage(shop.admin, job.id)).nextStep).toMatchObject({ stage: 'Print / wax', action: 'finish' });
	});

	it('never reaches another workshop’s job bags through the line', async () => {
		const mine = await acknowledgedPo({ lines: [{ quantity: 2, jobBags: 'per_piece' }] });
		const theirs = await acknowledgedPo({ lines: [{ quantity: 2, jobBags: 'per_piece' }], to: otherShop });
		await edit(mine.jobs[0].id, (rows) => (rows[1].expectedDays = 9), { applyToLine: true });
		for (const job of theirs.jobs) {
			expect((await milestonesOf(job.id))[1].expectedDays).toBe(7);
			expect((await jobRow(job.id)).version).toBe(1);
		}
		expect((await milestonesOf(mine.jobs[1].id))[1].expectedDays).toBe(9);
	});
});

describe('the ops job page', () => {
	function event(actor: Actor, jobId: string, body?: FormData): RequestEvent {
		const url = new URL(`/production/jobs/${jobId}${body ? '?/stages' : ''}`, 'http://bezel.test');
		return {
			locals: { actor },
			params: { jobId },
			url,
			request: new Request(url, body ? { method: 'POST', body } : {})
		} as unknown as RequestEvent;
	}
	type PostedForm = { valid: boolean; data: MilestoneEditInput; errors: Record<string, unknown>; message?: { tone: string; text: string } };
	/** a refusal is `fail(status, { form })`; a save answers `{ form }` */
	type Outcome = { status?: number; data?: { form: PostedForm }; form?: PostedForm };
	type Loaded = { stages: { editor: MilestoneEditorView } | null };
	const runLoad = (actor: Actor, jobId: string) => (load as unknown as (e: RequestEvent) => Promise<Loaded>)(event(actor, jobId));
	const stagesAction = (actions as unknown as Record<string, (e: RequestEvent) => Promise<Outcome>>).stages;

	/** The editor as posted without JavaScript: the days box of each stage, the skip box only when ticked. */
	function plainForm(view: MilestoneEditorView, change: Record<string, string> = {}) {
		const body = new FormData();
		body.set('jobId', view.jobId);
		body.set('version', String(view.version));
		view.stages.forEach((s, i) => {
			body.set(`stages[${i}].id`, s.id);
			body.set(`stages[${i}].name`, s.name);
			body.set(`stages[${i}].expectedDays`, String(s.expectedDays));
		});
		for (const [key, value] of Object.entries(change)) body.set(key, value);
		return body;
	}

	it('offers the editor to ops and admins on open jobs only, never to finance', async () => {
		const { jobs } = await acknowledgedPo();
		expect((await runLoad(ops, jobs[0].id)).stages?.editor.stages).toHaveLength(5);
		expect((await runLoad(admin, jobs[0].id)).stages).not.toBeNull();
		expect((await runLoad(finance, jobs[0].id)).stages).toBeNull();
		await asSystem((tx) => tx.update(productionJob).set({ status: 'done' }).where(eq(productionJob.id, jobs[0].id)));
		expect((await runLoad(ops, jobs[0].id)).stages).toBeNull();
	});

	it('saves days and skips posted without JavaScript, and keeps what was typed when refused or stale', async () => {
		const { jobs } = await acknowledgedPo();
		const job = jobs[0];
		const view = await getMilestoneEditor(ops, job.id);
		const saved = await stagesAction(event(ops, job.id, plainForm(view, { 'stages[3].expectedDays': '5', 'stages[2].skipped': 'on' })));
		expect(saved.form?.message).toEqual({
			tone: 'success',
			text: expect.stringMatching(
				new RegExp(
					`^Stages of ${job.number} saved and planned again back from the promised date, .+\\. Skipped clean-up and filing; polishing 3 → 5 days\\.$`
				)
			)
		});
		// the answer is the editor on the new version
		expect(saved.form?.data.version).toBe(2);
		expect((await milestonesOf(job.id)).map((m) => [m.expectedDays, m.status])).toEqual([
			[4, 'pending'],
			[7, 'pending'],
			[3, 'skipped'],
			[5, 'pending'],
			[2, 'pending']
		]);

		const typo = await stagesAction(event(ops, job.id, plainForm(view, { version: '2', 'stages[1].expectedDays': 'ten' })));
		expect(typo.status).toBe(400);
		expect(typo.data?.form.errors.stages).toMatchObject({
			1: { expectedDays: ['Enter the expected days as a whole number from 0 to 60.'] }
		});

		// the first view is now stale: refused, typed values kept, on the newer version
		const stale = await stagesAction(event(ops, job.id, plainForm(view, { 'stages[1].expectedDays': '9' })));
		expect(stale.status).toBe(409);
		expect(stale.data?.form.message?.text).toMatch(/^Someone else changed the stages/);
		expect(stale.data?.form.data.version).toBe(2);
		expect(stale.data?.form.data.stages[1].expectedDays).toBe(9);
		expect((await milestonesOf(job.id))[1].expectedDays).toBe(7);

		await start([job.id], 'Print / wax');
		const started = await stagesAction(
			event(ops, job.id, plainForm(await getMilestoneEditor(ops, job.id), { 'stages[0].expectedDays': '6' }))
		);
		expect(started.status).toBe(400);
		expect(started.data?.form.errors.stages).toMatchObject({
			0: { expectedDays: ['Print / wax has started: its days can no longer change.'] }
		});
		expect(started.data?.form.data.stages[0].expectedDays).toBe(6);
	});
});
