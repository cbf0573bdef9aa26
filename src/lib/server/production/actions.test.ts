/**
 * The production forms between the browser and the service: the address bar of the job list, the
 * quick update's text fields, the batch bar's plan, and the actions themselves posted as the
 * browser posts them (multipart with photos, checkboxes from both layouts, several resolve forms).
 */
import type { RequestEvent } from '@sveltejs/kit';
import { asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/support/database.ts';
import {
	createPurchaseOrderDraft,
	createStaff,
	createVendorUser,
	createWorkshop,
	isoDateIn,
	listFiles,
	makePdf,
	makePng,
	purchaseOrderLineForm
} from '../../../../tests/support/factories.ts';
import { todayIso } from '#lib/domain/purchase-orders/schemas.ts';
import type { Actor, StaffActor, VendorActor } from '../auth/actor.ts';
import { jobMilestone, jobPhoto, jobProblem, productionJob, purchaseOrderLine } from '../db/schema/index.ts';
import { asSystem } from '../db/scope.ts';
import { acknowledgePurchaseOrder, sendPurchaseOrder } from '../purchase-orders/service.ts';
import {
	batchActions,
	batchFormSchema,
	jobActions,
	jobPageForms,
	movedText,
	parseJobListQuery,
	planBatch,
	stageFormSchema,
	stageInSentence,
	toStageUpdate,
	type BatchForm
} from './actions.ts';
import { getJobPage } from './queries.ts';

const context = useTestDatabase();
const today = todayIso();
const jobA = '11111111-1111-4111-8111-111111111111';
const jobB = '22222222-2222-4222-8222-222222222222';

describe('the job list’s address bar', () => {
	it('keeps what is valid and falls back to the defaults for the rest', () => {
		expect(parseJobListQuery(new URLSearchParams())).toEqual({ filter: 'open', stage: '', q: '', page: 1 });
		expect(parseJobListQuery(new URLSearchParams('filter=at_risk&stage=Casting&q=%20JB-2026%20&page=3'))).toEqual({
			filter: 'at_risk',
			stage: 'Casting',
			q: 'JB-2026',
			page: 3
		});
		expect(parseJobListQuery(new URLSearchParams('filter=everything&page=-2&stage=' + 'x'.repeat(80)))).toEqual({
			filter: 'open',
			stage: '',
			q: '',
			page: 1
		});
		expect(parseJobListQuery(new URLSearchParams('page=abc')).page).toBe(1);
	});
});

describe('the quick update’s fields', () => {
	const typed = { jobIds: [jobA], stage: 'Casting', action: 'finish', occurredOn: today, weight: '', note: '' };

	it('takes a blank quantity as “every piece” and a number as that many pieces', () => {
		const blank = stageFormSchema.parse({ ...typed, quantity: '' });
		expect(toStageUpdate(blank, [jobA, jobA]).quantity).toBe('');
		expect(toStageUpdate(blank, [jobA, jobA]).jobIds).toEqual([jobA]);
		expect(toStageUpdate(stageFormSchema.parse({ ...typed, quantity: ' 12 ' }), [jobA])).toEqual({
			jobIds: [jobA],
			stage: 'Casting',
			action: 'finish',
			occurredOn: today,
			quantity: 12,
			weight: '',
			note: ''
		});
		for (const bad of ['0', '2.5', '-1', 'twelve', '1234567']) {
			const result = stageFormSchema.safeParse({ ...typed, quantity: bad });
			expect(result.success, bad).toBe(false);
			expect(result.error?.issues[0].path).toEqual(['quantity']);
		}
	});

	it('words what was saved', () => {
		expect(stageInSentence('Stone setting')).toBe('stone setting');
		expect(stageInSentence('CAD')).toBe('CAD');
		expect(stageInSentence('QC and finishing')).toBe('QC and finishing');
		expect(movedText('finish', 'Casting', { pieces: 3 }, 0)).toBe('Finished casting for 3 pieces.');
		expect(movedText('start', 'Casting', { pieces: '' }, 1)).toBe(
			'Started casting. The job is now at risk: the reason is shown at the top.'
		);
		expect(movedText('start', 'Polishing', { jobs: 5 }, 2)).toBe('Started polishing for 5 jobs. 2 of them are now at risk.');
		expect(movedText('finish', 'Polishing', { jobs: 1 }, 1)).toBe('Finished polishing for 1 job. 1 of them is now at risk.');
	});
});

describe('the batch bar’s plan', () => {
	const bar = (changes: Partial<BatchForm>): BatchForm =>
		batchFormSchema.parse({
			jobIds: [jobA, jobB, jobA],
			stage: 'Casting',
			intent: 'start',
			occurredOn: today,
			reason: '',
			note: '',
			...changes
		});

	it('moves each chosen job once through the stage of the filter, all pieces', () => {
		expect(planBatch(bar({ intent: 'finish', note: 'Batch 4' }))).toEqual({
			kind: 'move',
			input: { jobIds: [jobA, jobB], stage: 'Casting', action: 'finish', occurredOn: today, quantity: '', weight: '', note: 'Batch 4' }
		});
		const noStage = planBatch(bar({ stage: '' }));
		expect(noStage.kind).toBe('invalid');
		if (noStage.kind === 'invalid') expect(Object.keys(noStage.fields)).toEqual(['stage']);
	});

	it('flags a problem only with a reason, and with a note when the reason is “other”', () => {
		const noReason = planBatch(bar({ intent: 'problem' }));
		expect(noReason).toMatchObject({ kind: 'invalid', fields: { reason: 'Choose what is wrong.' } });
		expect(planBatch(bar({ intent: 'problem', reason: 'other' }))).toMatchObject({
			kind: 'invalid',
			fields: { note: 'Say what the problem is.' }
		});
		expect(planBatch(bar({ intent: 'problem', reason: 'waiting_for_metal', note: '' }))).toEqual({
			kind: 'problem',
			input: { jobIds: [jobA, jobB], reason: 'waiting_for_metal', occurredOn: today, note: '' }
		});
		// the stage does not matter for a problem
		expect(planBatch(bar({ intent: 'problem', reason: 'equipment', stage: '' })).kind).toBe('problem');
	});
});

// ——— the actions, posted as a browser posts them ———

let ops: StaffActor;
let finance: StaffActor;
let vendorUser: VendorActor;
let stranger: VendorActor;

function post(actor: Actor, path: string, body: FormData, params: Record<string, string> = {}): RequestEvent {
	const url = new URL(path, 'http://bezel.test');
	return {
		locals: { actor },
		params,
		url,
		request: new Request(url, { method: 'POST', body })
	} as unknown as RequestEvent;
}

function formData(fields: Record<string, string | string[]>, files: File[] = []): FormData {
	const data = new FormData();
	for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) data.append(key, v);
	for (const file of files) data.append('photos', file);
	return data;
}

const png = async (name = 'bench.png') => new File([Buffer.from(await makePng(64, 48))], name, { type: 'image/png' });
const stageFields = (changes: Record<string, string> = {}) => ({
	stage: 'Print / wax',
	action: 'start',
	occurredOn: today,
	quantity: '',
	weight: '',
	note: '',
	...changes
});

/** The result of an action: a plain object on success, an ActionFailure (status + data) on refusal. */
type Outcome = { status?: number; data?: { form: Record<string, unknown> }; form?: Record<string, unknown> };
const formOf = (outcome: unknown) => {
	const o = outcome as Outcome;
	return (o.data?.form ?? o.form) as { valid: boolean; message?: { tone: string; text: string }; errors: Record<string, unknown> };
};

async function acknowledgedJobs(quantity: number, jobBags: 'batch' | 'per_piece' = 'batch') {
	const draft = await createPurchaseOrderDraft(ops, vendorUser.vendorId, {
		lines: [purchaseOrderLineForm({ quantity, jobBags })]
	});
	await sendPurchaseOrder(ops, draft.poId, { version: 1 });
	const lines = await asSystem((tx) => tx.select().from(purchaseOrderLine).where(eq(purchaseOrderLine.purchaseOrderId, draft.poId)));
	await acknowledgePurchaseOrder(vendorUser, draft.poId, {
		revision: 1,
		lines: lines.map((l) => ({ lineId: l.id, answer: 'acknowledge' as const, promisedDate: isoDateIn(40) }))
	});
	return asSystem((tx) =>
		tx.select().from(productionJob).where(eq(productionJob.purchaseOrderId, draft.poId)).orderBy(asc(productionJob.number))
	);
}

const milestone = async (jobId: string, name: string) =>
	(await asSystem((tx) => tx.select().from(jobMilestone).where(eq(jobMilestone.jobId, jobId)))).find((m) => m.name === name)!;

beforeAll(async () => {
	[ops, finance] = [await createStaff('ops'), await createStaff('finance')];
	const workshop = await createWorkshop(ops);
	vendorUser = await createVendorUser(workshop.vendorId, workshop.name, 'vendor_member');
	const other = await createWorkshop(ops);
	stranger = await createVendorUser(other.vendorId, other.name);
});

describe('the job page’s actions', () => {
	it('posts the quick update with photos, ignores empty file inputs, and takes the job from the route', async () => {
		const [job] = await acknowledgedJobs(6);
		const actions = jobActions((event) => event.params.jobId ?? '');
		const page = await getJobPage(vendorUser, job.id);
		const forms = await jobPageForms(page);
		expect(forms.stageForm.data).toMatchObject({
			jobIds: [job.id],
			stage: 'Print / wax',
			action: 'start',
			occurredOn: today,
			quantity: ''
		});
		expect(forms.stageForm.id).toBe('stage');

		// the camera input was not used: it posts an empty, nameless file
		const empty = new File([], '', { type: 'application/octet-stream' });
		const body = formData(
			{ jobIds: '00000000-0000-4000-8000-000000000000', ...stageFields({ quantity: '4', weight: '12.5', note: 'Waxes' }) },
			[empty, await png()]
		);
		const started = formOf(await actions.update(post(vendorUser, `/workshop/jobs/${job.id}?/update`, body, { jobId: job.id })));
		expect(started.valid).toBe(true);
		expect(started.message).toEqual({ tone: 'success', text: 'Started print / wax for 4 pieces. 1 photo added.' });
		expect(await milestone(job.id, 'Print / wax')).toMatchObject({ quantityIn: 4, weightInMg: 12_500 });
		expect(await asSystem((tx) => tx.select().from(jobPhoto).where(eq(jobPhoto.jobId, job.id)))).toHaveLength(1);
	});

	it('sends back the service’s sentence and field messages, keeps what was typed, and stores nothing on a bad photo', async () => {
		const [job] = await acknowledgedJobs(2);
		const actions = jobActions((event) => event.params.jobId ?? '');
		const event = (fields: Record<string, string>, files: File[] = []) =>
			post(vendorUser, `/workshop/jobs/${job.id}?/update`, formData({ jobIds: job.id, ...stageFields(fields) }, files), { jobId: job.id });

		const tooMany = (await actions.update(event({ quantity: '3', note: 'kept as typed' }))) as Outcome;
		expect(tooMany.status).toBe(400);
		expect(formOf(tooMany).errors.quantity).toEqual(['Only 2 pieces are ready for print / wax.']);
		expect(formOf(tooMany).message).toEqual({ tone: 'error', text: 'Only 2 pieces are ready for print / wax.' });
		expect((tooMany.data?.form.data as { note: string }).note).toBe('kept as typed');

		const notCounted = (await actions.update(event({ quantity: 'two' }))) as Outcome;
		expect(notCounted.status).toBe(400);
		expect(formOf(notCounted).errors.quantity).toEqual(['Enter a whole number of pieces, or leave it blank for all of them.']);

		const filesBefore = await listFiles(context.filesDir);
		const pdf = new File([Buffer.from(await makePdf())], 'invoice.pdf', { type: 'application/pdf' });
		const notAPhoto = (await actions.update(event({}, [await png(), pdf]))) as Outcome;
		expect(notAPhoto.status).toBe(400);
		expect(formOf(notAPhoto).errors.photos).toEqual(['“invoice.pdf” is a PDF, not a photo. Take or choose a photo (JPEG, PNG or WebP).']);
		expect(await listFiles(context.filesDir)).toEqual(filesBefore);
		expect((await milestone(job.id, 'Print / wax')).quantityIn).toBe(0);

		// another workshop's job is a 404, not a form message
		await expect(
			actions.update(post(stranger, `/workshop/jobs/${job.id}?/update`, formData({ jobIds: job.id, ...stageFields() }), { jobId: job.id }))
		).rejects.toMatchObject({ status: 404 });
	});

	it('flags a problem on the route’s job and resolves it from one of several resolve forms', async () => {
		const [job] = await acknowledgedJobs(3);
		const actions = jobActions((event) => event.params.jobId ?? '');
		const flag = (fields: Record<string, string>, actor: Actor = vendorUser) =>
			actions.flag(
				post(actor, `/workshop/jobs/${job.id}?/flag`, formData({ jobIds: job.id, occurredOn: today, note: '', ...fields }), {
					jobId: job.id
				})
			);
		const noReason = (await flag({ reason: '' })) as Outcome;
		expect(noReason.status).toBe(400);
		expect(formOf(noReason).errors.reason).toBeDefined();
		const flagged = formOf(await flag({ reason: 'waiting_for_stones', note: 'Melee late' }));
		expect(flagged.message?.text).toBe(
			'Problem flagged: waiting for stones. The job shows as blocked until it is resolved. The brand is told by e-mail.'
		);
		expect((await flag({ reason: 'equipment' }, finance)) as Outcome).toMatchObject({ status: 403 });

		const [problem] = await asSystem((tx) => tx.select().from(jobProblem).where(eq(jobProblem.jobId, job.id)));
		const forms = await jobPageForms(await getJobPage(ops, job.id));
		expect(forms.resolveForms[problem.id].id).toBe(`resolve-${problem.id}`);
		const resolve = (resolution: string) =>
			actions.resolve(
				post(
					ops,
					`/production/jobs/${job.id}?/resolve`,
					formData({ __superform_id: `resolve-${problem.id}`, problemId: problem.id, resolution }),
					{
						jobId: job.id
					}
				)
			);
		const blank = (await resolve('  ')) as Outcome;
		expect(blank.status).toBe(400);
		expect(formOf(blank).errors.resolution).toEqual(['Say how it was resolved.']);
		const resolved = formOf(await resolve('Stones arrived'));
		// the answer goes back to the form it came from
		expect((resolved as unknown as { id: string }).id).toBe(`resolve-${problem.id}`);
		expect(resolved.message?.text).toBe('Problem resolved. The workshop is told by e-mail.');
		expect(formOf(await resolve('again')).message?.text).toBe('This problem had already been resolved; nothing was changed.');
	});
});

describe('the job list’s batch action', () => {
	it('moves the chosen jobs once each, even when both layouts posted them, and flags a problem on them', async () => {
		const jobs = await acknowledgedJobs(3, 'per_piece');
		const ids = jobs.map((j) => j.id);
		const { batch } = batchActions();
		const send = (fields: Record<string, string | string[]>) =>
			batch(
				post(
					vendorUser,
					'/workshop/jobs?stage=Print+%2F+wax&/batch',
					formData({ stage: 'Print / wax', occurredOn: today, note: '', reason: '', ...fields })
				)
			);

		const none = (await send({ intent: 'start' })) as Outcome;
		expect(none.status).toBe(400);
		expect(formOf(none).message?.text).toBe('Choose at least one job from the list.');

		// cards and table both carry a checkbox per job
		const started = formOf(await send({ intent: 'start', jobIds: [...ids, ...ids.slice(0, 2)] }));
		expect(started.message).toEqual({ tone: 'success', text: 'Started print / wax for 3 jobs.' });
		for (const id of ids) expect((await milestone(id, 'Print / wax')).quantityIn).toBe(1);

		const finishedTwo = formOf(await send({ intent: 'finish', jobIds: ids.slice(0, 2), note: 'Two done' }));
		expect(finishedTwo.message?.text).toBe('Finished print / wax for 2 jobs.');
		const again = (await send({ intent: 'finish', jobIds: ids })) as Outcome;
		expect(again.status).toBe(400);
		expect(formOf(again).message?.text).toContain('already finished for every piece');

		const problemWithoutReason = (await send({ intent: 'problem', jobIds: ids })) as Outcome;
		expect(problemWithoutReason.status).toBe(400);
		expect(formOf(problemWithoutReason).errors.reason).toEqual(['Choose what is wrong.']);
		const flagged = formOf(await send({ intent: 'problem', reason: 'waiting_for_metal', jobIds: ids }));
		expect(flagged.message?.text).toBe('Problem flagged on 3 jobs: waiting for metal. The brand is told by e-mail.');
		for (const id of ids) {
			const [row] = await asSystem((tx) => tx.select().from(productionJob).where(eq(productionJob.id, id)));
			expect(row.blocked).toBe(true);
		}
	});
});
