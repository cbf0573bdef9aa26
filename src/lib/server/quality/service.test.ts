import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/support/database.ts';
import { error } from '../../../../tests/support/errors.ts';
import {
	createPendingInspection,
	createStaff,
	createVendorUser,
	createWorkshop,
	isoDateIn,
	mailsTo,
	makePng,
	passedChecklist
} from '../../../../tests/support/factories.ts';
import type { StaffActor, VendorActor } from '#lib/server/auth/actor.ts';
import {
	auditEvent,
	debitNote,
	jobMilestone,
	outboxMessage,
	purchaseOrderLine,
	qcDefect,
	qcInspection
} from '#lib/server/db/schema/index.ts';
import { asSystem } from '#lib/server/db/scope.ts';
import { processJobPhotos } from '#lib/server/production/photos.ts';
import {
	addDefect,
	answerDefect,
	completeInspection,
	getDebitNotePdf,
	getInspection,
	listInspections,
	listWorkshopInspections,
	removeDefect,
	saveInspection
} from './service.ts';

useTestDatabase();

let ops: StaffActor;
let finance: StaffActor;
let a: VendorActor;
let b: VendorActor;

const form = (overrides: Record<string, unknown> = {}) => ({
	version: 1,
	checklist: passedChecklist(),
	measuredWeight: '3.262',
	measuredSize: '52',
	accepted: '10',
	rework: '0',
	returned: '0',
	acceptedGrossWeight: '',
	notes: '',
	...overrides
});

const inspectionRow = (id: string) => asSystem(async (tx) => (await tx.select().from(qcInspection).where(eq(qcInspection.id, id)))[0]);
const lineRow = (id: string) => asSystem(async (tx) => (await tx.select().from(purchaseOrderLine).where(eq(purchaseOrderLine.id, id)))[0]);
const debitNotesOf = (id: string) => asSystem((tx) => tx.select().from(debitNote).where(eq(debitNote.inspectionId, id)));

beforeAll(async () => {
	ops = await createStaff('ops');
	finance = await createStaff('finance');
	const wa = await createWorkshop(ops, { status: 'active' });
	const wb = await createWorkshop(ops, { status: 'active' });
	a = await createVendorUser(wa.vendorId, wa.name);
	b = await createVendorUser(wb.vendorId, wb.name);
});

describe('completing an inspection', () => {
	it('saves, writes the debit note, adds the rework stage, refreshes the totals and tells the workshop', async () => {
		const fx = await createPendingInspection(ops, a, { quantity: 10 });
		await addDefect(ops, fx.inspectionId, {
			version: 1,
			checkItem: 'stone_security',
			severity: 'major',
			location: 'prong at 2',
			description: 'Lifted prong',
			quantity: '2'
		});
		await addDefect(ops, fx.inspectionId, { version: 1, checkItem: 'porosity', severity: 'critical', description: 'Pits', quantity: '1' });
		const result = await completeInspection(ops, fx.inspectionId, form({ accepted: '7', rework: '2', returned: '1' }));

		const year = new Date().getUTCFullYear();
		expect(result.debitNoteNumber).toMatch(new RegExp(`^DN-${year}-\\d{4}$`));
		// consigned metal, 45.00 labor per piece, no vendor stones
		expect(result.debitAmountMinor).toBe(4500);
		const [note] = await debitNotesOf(fx.inspectionId);
		expect(note).toMatchObject({ quantity: 1, unitPriceMinor: 4500, amountMinor: 4500, currency: 'THB', vendorId: a.vendorId });

		const row = await inspectionRow(fx.inspectionId);
		expect(row).toMatchObject({
			status: 'completed',
			acceptedQuantity: 7,
			reworkQuantity: 2,
			returnedQuantity: 1,
			version: 2,
			inspectedBy: ops.userId
		});
		// measured 3.262 g × 7 accepted
		expect(row.acceptedGrossWeightMg).toBe(22_834);

		const line = await lineRow(fx.poLineId);
		expect(line).toMatchObject({
			receivedQuantity: 10,
			acceptedQuantity: 7,
			reworkQuantity: 2,
			returnedQuantity: 1,
			acceptedGrossWeightMg: 22_834
		});

		expect(result.reworkJobs).toBeGreaterThan(0);
		const stages = await asSystem((tx) => tx.select().from(jobMilestone).where(eq(jobMilestone.jobId, fx.jobIds[0])));
		const last = stages.sort((x, y) => y.position - x.position)[0];
		expect(last.name).toMatch(/^Rework: 2 × prong, bezel and channel security \(major\), 1 × porosity \(critical\)/);
		expect(last.status).toBe('pending');

		const mails = await mailsTo(a.email, 'qc-completed');
		expect(mails).toHaveLength(1);
		expect(mails[0].link).toBe(`http://bezel.test/workshop/quality/${fx.inspectionId}`);
		const audits = await asSystem((tx) =>
			tx
				.select()
				.from(auditEvent)
				.where(and(eq(auditEvent.entityId, fx.inspectionId), eq(auditEvent.action, 'qc_inspection.completed')))
		);
		expect(audits).toHaveLength(1);

		// the debit note as a PDF: for the brand and for this workshop, never for another
		const pdf = await getDebitNotePdf(a, note.id);
		expect(pdf.filename).toBe(`${note.number}.pdf`);
		expect(Buffer.from(pdf.bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
		const brandCopy = await getDebitNotePdf(finance, note.id);
		expect(brandCopy.bytes.byteLength).toBeGreaterThan(1000);
		expect((await error(getDebitNotePdf(b, note.id))).code).toBe('NotFound');
		expect((await error(getDebitNotePdf(a, 'not-a-uuid'))).code).toBe('NotFound');
	});

	it('refuses pieces that do not add up to the lot and changes nothing', async () => {
		const fx = await createPendingInspection(ops, a, { quantity: 10 });
		const e = await error(completeInspection(ops, fx.inspectionId, form({ accepted: '6', rework: '1', returned: '1' })));
		expect(e.code).toBe('Invalid');
		expect(e.message).toMatch(/add up to 8 pieces, but the lot has 10 pieces/);
		expect(e.fields.accepted).toBeDefined();
		const row = await inspectionRow(fx.inspectionId);
		expect(row).toMatchObject({ status: 'pending', version: 1, acceptedQuantity: 0, measuredWeightMg: null });
		expect(await debitNotesOf(fx.inspectionId)).toHaveLength(0);
		expect((await lineRow(fx.poLineId)).acceptedQuantity).toBe(0);
	});

	it('refuses an unanswered checklist item by name', async () => {
		const fx = await createPendingInspection(ops, a, { quantity: 5 });
		const checklist = passedChecklist();
		delete checklist.plating;
		const e = await error(completeInspection(ops, fx.inspectionId, form({ accepted: '5', checklist })));
		expect(e.fields.checklist).toMatch(/Plating thickness/);
	});

	it('prices a returned piece with fixed metal and vendor stones, rounded half up', async () => {
		const fx = await createPendingInspection(ops, a, {
			quantity: 4,
			line: { stonesUnitPrice: '5.00', metalBasis: 'fixed', metalPricePerGram: '60.01', metalFixDate: isoDateIn(0), targetWeight: '3.25' }
		});
		const result = await completeInspection(ops, fx.inspectionId, form({ accepted: '2', returned: '2' }));
		// 3.25 g × 750/1000 × 60.01 = 146.274375 → 146.27; + 45.00 labor + 5.00 stones = 196.27 per piece
		const [note] = await debitNotesOf(fx.inspectionId);
		expect(note.unitPriceMinor).toBe(19_627);
		expect(note.amountMinor).toBe(39_254);
		expect(result.debitAmountMinor).toBe(39_254);
	});

	it('skips the rework stage when the line has no job bag, and says so in the audit', async () => {
		const fx = await createPendingInspection(ops, a, { quantity: 3, acknowledge: false });
		const result = await completeInspection(ops, fx.inspectionId, form({ accepted: '1', rework: '2' }));
		expect(result).toMatchObject({ reworkJobs: 0, reworkSkipped: true });
		const [audit] = await asSystem((tx) =>
			tx
				.select()
				.from(auditEvent)
				.where(and(eq(auditEvent.entityId, fx.inspectionId), eq(auditEvent.action, 'qc_inspection.completed')))
		);
		expect(audit.summary).toMatch(/no job bag exists/);
	});

	it('answers a stale version with a conflict and keeps a completed inspection read-only', async () => {
		const fx = await createPendingInspection(ops, a, { quantity: 2 });
		await saveInspection(ops, fx.inspectionId, form({ accepted: '1' }));
		expect((await error(saveInspection(ops, fx.inspectionId, form({ accepted: '2' })))).code).toBe('Conflict');
		await completeInspection(ops, fx.inspectionId, form({ version: 2, accepted: '2' }));
		expect((await error(completeInspection(ops, fx.inspectionId, form({ version: 3, accepted: '2' })))).code).toBe('Conflict');
		expect(
			(
				await error(
					addDefect(ops, fx.inspectionId, { version: 3, checkItem: 'finish', severity: 'minor', description: 'x', quantity: '1' })
				)
			).code
		).toBe('Conflict');
		expect((await error(saveInspection(finance, fx.inspectionId, form({ version: 3 })))).code).toBe('Forbidden');
	});
});

describe('defects', () => {
	it('adds a defect with a photo and removes it while pending', async () => {
		const fx = await createPendingInspection(ops, a, { quantity: 2 });
		const photos = await processJobPhotos([new File([Buffer.from(await makePng(64, 48))], 'defect.png', { type: 'image/png' })]);
		const { defectId } = await addDefect(
			ops,
			fx.inspectionId,
			{ version: 1, checkItem: 'finish', severity: 'minor', description: 'Scratch', quantity: '1' },
			photos
		);
		const view = await getInspection(ops, fx.inspectionId);
		expect(view.defects).toHaveLength(1);
		expect(view.defects[0].photos).toHaveLength(1);
		expect(view.verdict.found.minor).toBe(1);
		await removeDefect(ops, fx.inspectionId, { version: 1, defectId });
		expect((await getInspection(ops, fx.inspectionId)).defects).toHaveLength(0);
	});
});

describe('the workshop', () => {
	it('sees results once complete, answers a defect, updates the answer; another workshop cannot', async () => {
		const fx = await createPendingInspection(ops, a, { quantity: 5 });
		const { defectId } = await addDefect(ops, fx.inspectionId, {
			version: 1,
			checkItem: 'clasps_posts',
			severity: 'major',
			description: 'Loose clasp',
			quantity: '1'
		});
		const pending = await getInspection(a, fx.inspectionId);
		expect(pending.resultsVisible).toBe(false);
		expect(pending.defects).toHaveLength(0);
		expect((await error(answerDefect(a, fx.inspectionId, { defectId, response: 'We will fix it' }))).code).toBe('Conflict');

		await completeInspection(ops, fx.inspectionId, form({ accepted: '4', rework: '1', notes: 'Check the clasps before shipping.' }));
		const list = await listWorkshopInspections(a, { status: 'all', unanswered: true, from: '', to: '', page: 1 });
		expect(list.rows.map((r) => r.id)).toContain(fx.inspectionId);

		expect(await answerDefect(a, fx.inspectionId, { defectId, response: 'Clasp replaced on the next batch.' })).toEqual({ updated: false });
		expect(await answerDefect(a, fx.inspectionId, { defectId, response: 'Clasp replaced; spring checked.' })).toEqual({ updated: true });
		const [defect] = await asSystem((tx) => tx.select().from(qcDefect).where(eq(qcDefect.id, defectId)));
		expect(defect).toMatchObject({ vendorResponse: 'Clasp replaced; spring checked.', vendorRespondedBy: a.userId });
		const brandMails = await asSystem((tx) => tx.select().from(outboxMessage).where(eq(outboxMessage.topic, 'qc-defect-answered')));
		expect(brandMails.length).toBeGreaterThanOrEqual(2);

		expect((await error(answerDefect(b, fx.inspectionId, { defectId, response: 'Not ours' }))).code).toBe('NotFound');
		expect((await error(getInspection(b, fx.inspectionId))).code).toBe('NotFound');
		const theirs = await listWorkshopInspections(b, { status: 'all', unanswered: false, from: '', to: '', page: 1 });
		expect(theirs.rows.map((r) => r.id)).not.toContain(fx.inspectionId);
	});

	it('lists the pending queue oldest first and filters by the severity found', async () => {
		const list = await listInspections(ops, {
			status: 'all',
			vendor: a.vendorId,
			severity: 'critical',
			from: '',
			to: '',
			sort: 'oldest',
			page: 1
		});
		expect(list.rows.length).toBeGreaterThan(0);
		expect(list.rows.every((r) => r.critical > 0)).toBe(true);
		const queue = await listInspections(ops, { status: 'pending', vendor: '', severity: '', from: '', to: '', sort: 'oldest', page: 1 });
		const times = queue.rows.map((r) => r.createdAt.getTime());
		expect([...times].sort((x, y) => x - y)).toEqual(times);
	});
});
