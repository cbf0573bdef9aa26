/**
 * Quality across workshops: a workshop reads only its own inspections, defects, defect photos and
 * debit notes (the services answer NotFound, RLS hides the rows), answers only its own defects, and
 * may change nothing of a defect but its answer (column grants).
 */
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.ts';
import { error } from '../support/errors.ts';
import { createPendingInspection, createStaff, createVendorUser, createWorkshop, makePng, passedChecklist } from '../support/factories.ts';
import type { StaffActor, VendorActor } from '../../src/lib/server/auth/actor.ts';
import { debitNote, qcDefect, qcDefectPhoto, qcInspection } from '../../src/lib/server/db/schema/index.ts';
import { asSystem, inScope } from '../../src/lib/server/db/scope.ts';
import { readFileForActor } from '../../src/lib/server/files/service.ts';
import { processJobPhotos } from '../../src/lib/server/production/photos.ts';
import {
	addDefect,
	answerDefect,
	completeInspection,
	getInspection,
	listWorkshopInspections
} from '../../src/lib/server/quality/service.ts';

useTestDatabase();

let ops: StaffActor;
let a: VendorActor;
let b: VendorActor;
let inspectionId: string;
let defectId: string;
let photoFileIds: string[];
let debitNoteId: string;

const asVendor = <T>(actor: VendorActor, work: Parameters<typeof inScope<T>>[1]) =>
	inScope({ kind: 'vendor', vendorId: actor.vendorId, userId: actor.userId }, work);

beforeAll(async () => {
	ops = await createStaff('ops');
	const wa = await createWorkshop(ops, { status: 'active' });
	const wb = await createWorkshop(ops, { status: 'active' });
	a = await createVendorUser(wa.vendorId, wa.name);
	b = await createVendorUser(wb.vendorId, wb.name);
	const fx = await createPendingInspection(ops, a, { quantity: 6 });
	inspectionId = fx.inspectionId;
	const photos = await processJobPhotos([new File([Buffer.from(await makePng(64, 48))], 'defect.png', { type: 'image/png' })]);
	({ defectId } = await addDefect(
		ops,
		inspectionId,
		{ version: 1, checkItem: 'finish', severity: 'major', description: 'Scratches', quantity: '2' },
		photos
	));
	await completeInspection(ops, inspectionId, {
		version: 1,
		checklist: passedChecklist(),
		measuredWeight: '3.25',
		measuredSize: '',
		accepted: '4',
		rework: '0',
		returned: '2',
		acceptedGrossWeight: '',
		notes: ''
	});
	const rows = await asSystem((tx) => tx.select().from(qcDefectPhoto).where(eq(qcDefectPhoto.defectId, defectId)));
	photoFileIds = rows.flatMap((r) => [r.fileId, r.thumbnailFileId]);
	[{ id: debitNoteId }] = await asSystem((tx) =>
		tx.select({ id: debitNote.id }).from(debitNote).where(eq(debitNote.inspectionId, inspectionId))
	);
});

describe('another workshop', () => {
	it('gets 404 on the inspection, its defect photos and its debit note', async () => {
		expect((await error(getInspection(b, inspectionId))).code).toBe('NotFound');
		for (const fileId of photoFileIds) expect((await error(readFileForActor(b, fileId))).code).toBe('NotFound');
		const notes = await asVendor(b, (tx) => tx.select().from(debitNote).where(eq(debitNote.id, debitNoteId)));
		expect(notes).toHaveLength(0);
		const list = await listWorkshopInspections(b, { status: 'all', unanswered: false, from: '', to: '', page: 1 });
		expect(list.rows).toHaveLength(0);
		// the owner sees all of it
		expect((await getInspection(a, inspectionId)).debitNotes).toHaveLength(1);
		for (const fileId of photoFileIds) expect((await readFileForActor(a, fileId)).bytes.byteLength).toBeGreaterThan(0);
	});

	it('cannot answer or update the defect, through the service or SQL', async () => {
		expect((await error(answerDefect(b, inspectionId, { defectId, response: 'Ours now' }))).code).toBe('NotFound');
		const updated = await asVendor(b, (tx) =>
			tx.update(qcDefect).set({ vendorResponse: 'Ours now' }).where(eq(qcDefect.id, defectId)).returning({ id: qcDefect.id })
		);
		expect(updated).toHaveLength(0);
		const [row] = await asSystem((tx) => tx.select().from(qcDefect).where(eq(qcDefect.id, defectId)));
		expect(row.vendorResponse).toBeNull();
	});
});

describe('the owning workshop', () => {
	it('may write its answer but no other column of a defect or an inspection', async () => {
		const ok = await asVendor(a, (tx) =>
			tx
				.update(qcDefect)
				.set({ vendorResponse: 'Repolished', vendorRespondedAt: new Date() })
				.where(eq(qcDefect.id, defectId))
				.returning({ id: qcDefect.id })
		);
		expect(ok).toHaveLength(1);
		for (const statement of [
			sql`update qc_defect set severity = 'minor' where id = ${defectId}`,
			sql`update qc_defect set quantity = 1 where id = ${defectId}`,
			sql`update qc_defect set description = 'fine' where id = ${defectId}`,
			sql`update qc_inspection set accepted_quantity = 6, returned_quantity = 0 where id = ${inspectionId}`,
			sql`update debit_note set amount_minor = 0 where id = ${debitNoteId}`,
			sql`delete from qc_defect where id = ${defectId}`
		]) {
			const failure = await asVendor(a, (tx) => tx.execute(statement)).then(
				() => null,
				(e: Error & { cause?: Error }) => e.cause?.message ?? e.message
			);
			expect(failure).toMatch(/permission denied/);
		}
		const [inspection] = await asSystem((tx) => tx.select().from(qcInspection).where(eq(qcInspection.id, inspectionId)));
		expect(inspection).toMatchObject({ acceptedQuantity: 4, returnedQuantity: 2 });
	});
});
