/**
 * Quality control of received goods. Ops (and admins) fill in an inspection — checklist, measured
 * weight and size, defects with photos — and complete it with a disposition for every piece of the
 * lot: accepted, rework (back to the workshop) or returned (a debit note). Completion is one
 * transaction: the inspection, the debit note, the rework stage on the line's job bags, the PO line's
 * receiving totals, the invoice match, the audit row and the workshop's mail commit together or not at
 * all. A completed inspection is read-only. The workshop reads its own inspections once complete and
 * answers each defect (only the `vendor_response*` columns are granted to it).
 */
import { todayIso } from '#lib/format/dates.ts';
import { isUuid } from '#lib/domain/ids.ts';
import { and, asc, eq, inArray, isNull, max, ne, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { formatMoney } from '#lib/domain/money.ts';
import { planSample, type SamplePlan, type Severity } from '#lib/domain/quality/aql.ts';
import { checkItemLabel, normaliseChecklist, uncheckedItems, type ChecklistResults } from '#lib/domain/quality/checklist.ts';
import {
	compareWeight,
	debitUnitPriceMinor,
	defaultAcceptedWeightMg,
	defectsSummary,
	dispositionProblem,
	lotVerdict,
	type VerdictHint,
	type WeightCheck
} from '#lib/domain/quality/rules.ts';
import {
	defectAnswerSchema,
	defectFormSchema,
	inspectionFormSchema,
	qcListQuerySchema,
	removeDefectSchema,
	workshopQcListQuerySchema,
	MAX_DEFECT_PHOTOS,
	type DefectAnswerInput,
	type DefectFormInput,
	type InspectionForm,
	type InspectionFormInput,
	type QcListQuery,
	type WorkshopQcListQuery
} from '#lib/domain/quality/schemas.ts';
import { formatGrams } from '#lib/format/weight.ts';
import { recordAudit } from '#lib/server/audit/audit.ts';
import { requireSignedIn, requireStaff, requireVendor, withActor, type Actor, type StaffActor } from '#lib/server/auth/actor.ts';
import { toCsv } from '#lib/server/csv.ts';
import { takeNextDocumentNumber } from '#lib/server/db/counters.ts';
import { debitNote, jobMilestone, jobUpdate, productionJob, qcDefect, qcDefectPhoto, qcInspection } from '#lib/server/db/schema/index.ts';
import type { Tx } from '#lib/server/db/scope.ts';
import { conflict, invalid, notFound } from '#lib/server/errors.ts';
import { recordStagedPhotos, withStagedPhotos } from '#lib/server/files/staged-photos.ts';
import { rematchVendors } from '#lib/server/invoices/rematch.ts';
import { enqueueBrandMail, enqueueWorkshopMail } from '#lib/server/mail/outbox.ts';
import { getPlatform } from '#lib/server/platform.ts';
import { refreshJobForecasts } from '#lib/server/production/jobs.ts';
import type { ProcessedPhoto } from '#lib/server/production/photos.ts';
import { refreshReceivingTotals } from '#lib/server/receiving/totals.ts';
import { renderDebitNotePdf } from '#lib/server/pdf/debit-note.ts';
import { selectBrandSettings } from '#lib/server/settings/queries.ts';
import { postalAddressLines } from '#lib/domain/vendors/reference.ts';
import {
	selectDebitNoteDocument,
	selectDebitNotes,
	selectDefects,
	selectInspection,
	selectInspectionContext,
	selectQcForExport,
	selectQcQueue,
	selectQcVendors,
	selectWorkshopQc,
	QC_EXPORT_CAP,
	type DefectWithPhotos,
	type InspectionRow,
	type QcListPage
} from './queries.ts';

export type { QcListPage, QcListRow } from './queries.ts';

const THE_INSPECTION = 'That inspection';
/** who inspects; finance reads */
const inspectors = ['admin', 'ops'] as const;
/** days planned for a rework stage added from QC */
export const REWORK_DAYS = 7;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

export const formatDebitNoteNumber = (year: number, n: number) => `DN-${year}-${String(n).padStart(4, '0')}`;
export const inspectionLink = (inspectionId: string, side: 'brand' | 'vendor') =>
	`${getPlatform().origin}${side === 'vendor' ? `/workshop/quality/${inspectionId}` : `/quality/inspections/${inspectionId}`}`;

function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
	const result = schema.safeParse(input);
	if (result.success) return result.data;
	const fields: Record<string, string> = {};
	for (const issue of result.error.issues) {
		const key = issue.path.map(String).join('.');
		fields[key] ??= issue.message;
	}
	const messages = Object.values(fields);
	throw invalid(messages.length === 1 ? messages[0] : 'Some fields need attention: see the messages beside them.', fields);
}

async function loadInspection(tx: Tx, actor: Actor, inspectionId: string, options: { lock?: boolean } = {}): Promise<InspectionRow> {
	if (typeof inspectionId !== 'string' || !isUuid(inspectionId)) throw notFound(THE_INSPECTION);
	const row = await selectInspection(tx, inspectionId, options);
	// RLS hides another workshop's rows already; this is the first lock
	if (!row || (actor.kind === 'vendor' && row.vendorId !== actor.vendorId)) throw notFound(THE_INSPECTION);
	return row;
}

function ensurePending(row: InspectionRow, what: string): void {
	if (row.status !== 'pending')
		throw conflict(
			`This inspection was completed ${row.completedAt ? `on ${row.completedAt.toISOString().slice(0, 10)} ` : ''}and is read-only: ${what} is no longer possible.`
		);
}

function checkVersion(row: InspectionRow, version: number): void {
	if (version !== row.version) {
		throw conflict(
			`Someone else saved this inspection since you opened it (now version ${row.version}). Nothing of yours was saved: reload the page, check their changes and enter yours again.`
		);
	}
}

// ---------------------------------------------------------------- lists

export async function listInspections(actor: Actor, query: QcListQuery): Promise<QcListPage> {
	requireStaff(actor);
	const q = qcListQuerySchema.parse(query);
	return withActor(actor, (tx) => selectQcQueue(tx, q));
}

export async function listInspectionVendors(actor: Actor): Promise<{ id: string; name: string }[]> {
	requireStaff(actor);
	return withActor(actor, (tx) => selectQcVendors(tx));
}

export async function listWorkshopInspections(actor: Actor, query: WorkshopQcListQuery): Promise<QcListPage> {
	requireVendor(actor);
	const q = workshopQcListQuerySchema.parse(query);
	return withActor(actor, (tx) => selectWorkshopQc(tx, actor.vendorId, q));
}

export const QC_CSV_HEADER = [
	'Status',
	'Workshop',
	'Receipt',
	'Received on',
	'PO',
	'Line',
	'SKU',
	'Description',
	'Lot',
	'Sample',
	'Critical',
	'Major',
	'Minor',
	'Accepted',
	'Rework',
	'Returned',
	'Unanswered defects',
	'Completed at'
];

/** The queue as filtered on screen, every page, up to the cap (a note row says when it was cut). */
export async function exportInspectionsCsv(actor: Actor, query: QcListQuery): Promise<string> {
	requireStaff(actor);
	const q = qcListQuerySchema.parse(query);
	const rows = await withActor(actor, (tx) => selectQcForExport(tx, q));
	const body: (string | number)[][] = rows
		.slice(0, QC_EXPORT_CAP)
		.map((r) => [
			r.status === 'pending' ? 'Pending' : 'Completed',
			r.vendorName,
			r.receiptNumber,
			r.receivedOn ?? '',
			r.poNumber,
			r.lineNo,
			r.sku,
			r.description,
			r.lotSize,
			r.sampleSize,
			r.critical,
			r.major,
			r.minor,
			r.status === 'completed' ? r.accepted : '',
			r.status === 'completed' ? r.rework : '',
			r.status === 'completed' ? r.returned : '',
			r.unanswered,
			r.completedAt ? r.completedAt.toISOString() : ''
		]);
	if (rows.length > QC_EXPORT_CAP)
		body.push([`Cut at ${QC_EXPORT_CAP.toLocaleString('en-US')} inspections: narrow the filters to export the rest.`]);
	return toCsv(QC_CSV_HEADER, body);
}

// ---------------------------------------------------------------- one inspection

export interface InspectionView {
	inspection: InspectionRow & { checklist: ChecklistResults };
	context: NonNullable<Awaited<ReturnType<typeof selectInspectionContext>>>;
	plan: SamplePlan;
	verdict: VerdictHint;
	weight: WeightCheck;
	defects: DefectWithPhotos[];
	debitNotes: (typeof debitNote.$inferSelect)[];
	canEdit: boolean;
	/** a workshop sees results only once the inspection is complete */
	resultsVisible: boolean;
}

export async function getInspection(actor: Actor, inspectionId: string): Promise<InspectionView> {
	requireSignedIn(actor);
	return withActor(actor, async (tx) => {
		const row = await loadInspection(tx, actor, inspectionId);
		const context = await selectInspectionContext(tx, row);
		if (!context) throw notFound(THE_INSPECTION);
		const resultsVisible = actor.kind === 'staff' || row.status === 'completed';
		const defects = resultsVisible ? await selectDefects(tx, row.id) : [];
		const debitNotes = resultsVisible ? await selectDebitNotes(tx, row.id) : [];
		const plan = planSample(row.lotSize);
		return {
			inspection: { ...row, checklist: normaliseChecklist(row.checklist), ...(resultsVisible ? {} : { notes: '' }) },
			context,
			plan,
			verdict: lotVerdict(plan, defects),
			weight: compareWeight(row.measuredWeightMg, context.line.targetWeightMg, context.line.weightToleranceMg),
			defects,
			debitNotes,
			canEdit: actor.kind === 'staff' && (inspectors as readonly string[]).includes(actor.role) && row.status === 'pending',
			resultsVisible
		};
	});
}

/**
 * A debit note as a PDF, for the brand and for the workshop it was issued to (another workshop's
 * answers 404: RLS hides the row, and the check below says so again).
 */
export async function getDebitNotePdf(actor: Actor, debitNoteId: string): Promise<{ filename: string; bytes: Uint8Array }> {
	requireSignedIn(actor);
	if (typeof debitNoteId !== 'string' || !isUuid(debitNoteId)) throw notFound('That debit note');
	const [row, brand] = await withActor(actor, (tx) => Promise.all([selectDebitNoteDocument(tx, debitNoteId), selectBrandSettings(tx)]));
	if (!row || (actor.kind === 'vendor' && row.note.vendorId !== actor.vendorId)) throw notFound('That debit note');
	const bytes = await renderDebitNotePdf({
		brandName: brand.brandName,
		brandAddress: brand.brandAddress,
		number: row.note.number,
		issuedOn: (row.issuedAt ?? row.note.createdAt).toISOString().slice(0, 10),
		vendor: { name: row.vendor.name, addressLines: postalAddressLines(row.vendor), email: row.vendor.email },
		poNumber: row.poNumber,
		lineNo: row.lineNo,
		sku: row.sku,
		description: row.description,
		receiptNumber: row.receiptNumber,
		quantity: row.note.quantity,
		currency: row.note.currency,
		unitPriceMinor: row.note.unitPriceMinor,
		amountMinor: row.note.amountMinor,
		reason: row.note.reason
	});
	return { filename: `${row.note.number}.pdf`, bytes };
}

function fieldsOf(form: InspectionForm) {
	return {
		checklist: form.checklist,
		measuredWeightMg: form.measuredWeight,
		measuredSize: form.measuredSize,
		acceptedQuantity: form.accepted,
		reworkQuantity: form.rework,
		returnedQuantity: form.returned,
		notes: form.notes
	};
}

/** Saves a pending inspection as typed (any partial state); the dispositions may not exceed the lot. */
export async function saveInspection(actor: Actor, inspectionId: string, input: InspectionFormInput): Promise<{ version: number }> {
	requireStaff(actor, inspectors);
	const form = parseInput(inspectionFormSchema, input);
	return withActor(actor, async (tx) => {
		const row = await loadInspection(tx, actor, inspectionId, { lock: true });
		ensurePending(row, 'saving');
		checkVersion(row, form.version);
		const sum = form.accepted + form.rework + form.returned;
		if (sum > row.lotSize) {
			const message = dispositionProblem({ accepted: form.accepted, rework: form.rework, returned: form.returned }, row.lotSize)!;
			throw invalid(message, { accepted: message });
		}
		const fields = fieldsOf(form);
		const acceptedGrossWeightMg = form.acceptedGrossWeight ?? null;
		await tx
			.update(qcInspection)
			.set({ ...fields, acceptedGrossWeightMg, version: row.version + 1 })
			.where(eq(qcInspection.id, row.id));
		await recordAudit(tx, actor, {
			vendorId: row.vendorId,
			entityType: 'qc_inspection',
			entityId: row.id,
			action: 'qc_inspection.saved',
			summary: `${actor.name} saved the inspection in progress`,
			after: { ...fields, acceptedGrossWeightMg, version: row.version + 1 }
		});
		return { version: row.version + 1 };
	});
}

export interface CompletionResult {
	debitNoteNumber: string | null;
	debitAmountMinor: number;
	reworkJobs: number;
	/** set when rework was decided but the line has no job bag to add the stage to */
	reworkSkipped: boolean;
}

/**
 * Completes a pending inspection (see the module header). Everything is checked before anything is
 * written: the checklist answered, the pieces adding up to the lot, the weight parsable.
 */
export async function completeInspection(actor: Actor, inspectionId: string, input: InspectionFormInput): Promise<CompletionResult> {
	requireStaff(actor, inspectors);
	const form = parseInput(inspectionFormSchema, input);
	return withActor(actor, async (tx) => {
		const row = await loadInspection(tx, actor, inspectionId, { lock: true });
		if (row.status === 'completed')
			throw conflict('This inspection is already completed: nothing was changed. Reload the page to see its results.');
		checkVersion(row, form.version);
		const errors: Record<string, string> = {};
		const open = uncheckedItems(form.checklist);
		if (open.length > 0) {
			errors.checklist = `Give every check a result before completing (pass, fail or not applicable): ${open.map(checkItemLabel).join(', ')}.`;
		}
		const disposition = { accepted: form.accepted, rework: form.rework, returned: form.returned };
		const problem = dispositionProblem(disposition, row.lotSize);
		if (problem) errors.accepted = problem;
		if (Object.keys(errors).length > 0) {
			const messages = Object.values(errors);
			throw invalid(messages.length === 1 ? messages[0] : 'Some fields need attention: see the messages beside them.', errors);
		}
		const context = await selectInspectionContext(tx, row);
		if (!context) throw notFound(THE_INSPECTION);
		const defects = await selectDefects(tx, row.id);
		const summary = defectsSummary(
			defects.map((d) => ({ label: checkItemLabel(d.checkItem), severity: d.severity, quantity: d.quantity }))
		);
		const acceptedGrossWeightMg = form.acceptedGrossWeight ?? defaultAcceptedWeightMg(form.measuredWeight, form.accepted);
		const now = new Date();
		const fields = { ...fieldsOf(form), acceptedGrossWeightMg: form.accepted > 0 ? acceptedGrossWeightMg : null };

		await tx
			.update(qcInspection)
			.set({ ...fields, status: 'completed', inspectedBy: actor.userId, completedAt: now, version: row.version + 1 })
			.where(eq(qcInspection.id, row.id));

		// returned pieces: a debit note at the agreed price per piece (rule in domain/quality/rules.ts)
		let debitNoteNumber: string | null = null;
		let debitAmountMinor = 0;
		if (form.returned > 0) {
			const year = now.getUTCFullYear();
			debitNoteNumber = formatDebitNoteNumber(year, await takeNextDocumentNumber(tx, 'debit_note', year));
			const unitPriceMinor = debitUnitPriceMinor(context.line);
			debitAmountMinor = unitPriceMinor * form.returned;
			await tx.insert(debitNote).values({
				number: debitNoteNumber,
				vendorId: row.vendorId,
				inspectionId: row.id,
				purchaseOrderLineId: row.purchaseOrderLineId,
				quantity: form.returned,
				currency: context.currency,
				unitPriceMinor,
				amountMinor: debitAmountMinor,
				reason: `${plural(form.returned, 'piece')} of ${context.poNumber} line ${context.line.lineNo} returned in QC of ${context.receiptNumber}: ${summary}.`
			});
		}

		// rework: a stage at the end of the line's job bags, so the workshop's plan shows it
		let reworkJobs = 0;
		let reworkSkipped = false;
		if (form.rework > 0) {
			reworkJobs = await addReworkStage(tx, actor, row, form.rework, `Rework: ${summary}`, context.receiptNumber);
			reworkSkipped = reworkJobs === 0;
		}

		await refreshReceivingTotals(tx, [row.purchaseOrderLineId]);
		await rematchVendors(tx, [row.vendorId]);

		const outcome = `${plural(form.accepted, 'piece')} accepted, ${form.rework} for rework, ${form.returned} returned`;
		await recordAudit(tx, actor, {
			vendorId: row.vendorId,
			entityType: 'qc_inspection',
			entityId: row.id,
			action: 'qc_inspection.completed',
			summary:
				`${actor.name} completed QC of ${context.receiptNumber} (${context.poNumber} line ${context.line.lineNo}): ${outcome}` +
				(debitNoteNumber ? `; debit note ${debitNoteNumber} for ${formatMoney(debitAmountMinor, context.currency)}` : '') +
				(form.rework > 0
					? reworkSkipped
						? '; no job bag exists for this line, so no rework stage was added'
						: `; rework stage added to ${plural(reworkJobs, 'job bag')}`
					: ''),
			before: { status: row.status, version: row.version },
			after: { ...fields, status: 'completed', version: row.version + 1, debitNoteNumber }
		});

		await enqueueWorkshopMail(tx, row.vendorId, {
			topic: 'qc-completed',
			subject: `Quality control of ${context.poNumber} line ${context.line.lineNo}: ${outcome}`,
			paragraphs: [
				`The brand completed quality control of ${plural(row.lotSize, 'piece')} of ${context.line.description} (${context.poNumber} line ${context.line.lineNo}) received with ${context.receiptNumber}.`,
				`Result: ${outcome}.`,
				...(defects.length > 0 ? [`Defects found: ${summary}. Please answer each defect in Bezel.`] : []),
				...(debitNoteNumber
					? [`Debit note ${debitNoteNumber}: ${plural(form.returned, 'piece')}, ${formatMoney(debitAmountMinor, context.currency)}.`]
					: []),
				...(form.rework > 0 ? [`${plural(form.rework, 'piece')} come back to you for rework.`] : [])
			],
			action: { label: 'Open the inspection', href: inspectionLink(row.id, 'vendor') }
		});
		return { debitNoteNumber, debitAmountMinor, reworkJobs, reworkSkipped };
	});
}

/**
 * Adds the rework stage. A batch bag carries all the line's pieces, so each batch bag of the line gets
 * it; with one bag per piece the brand cannot tell which pieces failed, so the first `pieces` bags (in
 * number order, finished ones first) get it. A finished bag opens again. Returns the bags changed.
 */
async function addReworkStage(
	tx: Tx,
	actor: StaffActor,
	row: InspectionRow,
	pieces: number,
	name: string,
	receiptNumber: string
): Promise<number> {
	const jobs = await tx
		.select()
		.from(productionJob)
		.where(and(eq(productionJob.lineId, row.purchaseOrderLineId), ne(productionJob.status, 'cancelled')))
		.orderBy(asc(productionJob.number))
		.for('update');
	if (jobs.length === 0) return 0;
	const batches = jobs.filter((j) => j.pieceNo === null);
	const targets =
		batches.length > 0
			? batches
			: [...jobs]
					.sort((a, b) => Number(b.status === 'done') - Number(a.status === 'done') || a.number.localeCompare(b.number))
					.slice(0, pieces);
	const today = todayIso();
	const ids = targets.map((j) => j.id);
	const last = await tx
		.select({ jobId: jobMilestone.jobId, position: max(jobMilestone.position) })
		.from(jobMilestone)
		.where(inArray(jobMilestone.jobId, ids))
		.groupBy(jobMilestone.jobId);
	const note = `${plural(pieces, 'piece')} sent back for rework from QC of ${receiptNumber}.`;
	for (const job of targets) {
		const position = (last.find((l) => l.jobId === job.id)?.position ?? 0) + 1;
		const quantity = batches.length > 0 ? Math.min(pieces, job.quantity) : job.quantity;
		await tx.insert(jobMilestone).values({
			jobId: job.id,
			vendorId: job.vendorId,
			position,
			name,
			expectedDays: REWORK_DAYS,
			plannedStart: today,
			plannedFinish: addDays(today, REWORK_DAYS),
			status: 'pending',
			quantityIn: quantity,
			note
		});
		await tx
			.update(productionJob)
			.set({ status: 'open', finishedOn: null, version: sql`${productionJob.version} + 1`, updatedAt: sql`now()` })
			.where(eq(productionJob.id, job.id));
		await tx.insert(jobUpdate).values({
			jobId: job.id,
			vendorId: job.vendorId,
			kind: 'note',
			occurredOn: today,
			note,
			createdBy: actor.userId,
			createdByName: actor.name,
			side: 'brand'
		});
	}
	await refreshJobForecasts(tx, ids, today);
	return targets.length;
}

// ---------------------------------------------------------------- defects

export async function addDefect(
	actor: Actor,
	inspectionId: string,
	input: DefectFormInput | Record<string, string>,
	photos: ProcessedPhoto[] = []
): Promise<{ defectId: string }> {
	requireStaff(actor, inspectors);
	const form = parseInput(defectFormSchema, input);
	if (photos.length > MAX_DEFECT_PHOTOS)
		throw invalid(`Add at most ${MAX_DEFECT_PHOTOS} photos to one defect.`, { photos: `At most ${MAX_DEFECT_PHOTOS} photos.` });
	// the owner's id is needed for the file keys before the transaction: read it first
	const vendorId = await withActor(actor, async (tx) => (await loadInspection(tx, actor, inspectionId)).vendorId);
	return withStagedPhotos(vendorId, 'qc-defect-photo', photos, (staged) =>
		withActor(actor, async (tx) => {
			const row = await loadInspection(tx, actor, inspectionId, { lock: true });
			ensurePending(row, 'adding a defect');
			checkVersion(row, form.version);
			const [defect] = await tx
				.insert(qcDefect)
				.values({
					inspectionId: row.id,
					vendorId: row.vendorId,
					checkItem: form.checkItem,
					severity: form.severity,
					location: form.location,
					description: form.description,
					quantity: form.quantity
				})
				.returning({ id: qcDefect.id });
			const files = await recordStagedPhotos(tx, staged, actor.userId);
			if (files.length > 0)
				await tx.insert(qcDefectPhoto).values(files.map((f) => ({ ...f, defectId: defect.id, vendorId: row.vendorId })));
			await recordAudit(tx, actor, {
				vendorId: row.vendorId,
				entityType: 'qc_inspection',
				entityId: row.id,
				action: 'qc_defect.added',
				summary: `${actor.name} recorded a ${form.severity} defect (${checkItemLabel(form.checkItem)}, ${plural(form.quantity, 'piece')})${files.length ? ` with ${plural(files.length, 'photo')}` : ''}`,
				after: { defectId: defect.id, ...form, photos: files.length }
			});
			return { defectId: defect.id };
		})
	);
}

export async function removeDefect(
	actor: Actor,
	inspectionId: string,
	input: { version: number | string; defectId: string }
): Promise<void> {
	requireStaff(actor, inspectors);
	const form = parseInput(removeDefectSchema, input);
	await withActor(actor, async (tx) => {
		const row = await loadInspection(tx, actor, inspectionId, { lock: true });
		ensurePending(row, 'removing a defect');
		checkVersion(row, form.version);
		const [removed] = await tx
			.delete(qcDefect)
			.where(and(eq(qcDefect.id, form.defectId), eq(qcDefect.inspectionId, row.id)))
			.returning();
		if (!removed) throw notFound('That defect');
		await recordAudit(tx, actor, {
			vendorId: row.vendorId,
			entityType: 'qc_inspection',
			entityId: row.id,
			action: 'qc_defect.removed',
			summary: `${actor.name} removed a ${removed.severity} defect (${checkItemLabel(removed.checkItem)})`,
			before: removed
		});
	});
}

/** The workshop's answer to one defect of a completed inspection; it may update it later. */
export async function answerDefect(actor: Actor, inspectionId: string, input: DefectAnswerInput): Promise<{ updated: boolean }> {
	requireVendor(actor);
	const form = parseInput(defectAnswerSchema, input);
	return withActor(actor, async (tx) => {
		const row = await loadInspection(tx, actor, inspectionId);
		if (row.status !== 'completed')
			throw conflict('The brand is still inspecting this lot: you can answer its defects once the results are sent.');
		const [defect] = await tx
			.select()
			.from(qcDefect)
			.where(and(eq(qcDefect.id, form.defectId), eq(qcDefect.inspectionId, row.id), eq(qcDefect.vendorId, actor.vendorId)))
			.limit(1);
		if (!defect) throw notFound('That defect');
		const updated = defect.vendorResponse !== null;
		const result = await tx
			.update(qcDefect)
			.set({ vendorResponse: form.response, vendorRespondedBy: actor.userId, vendorRespondedAt: new Date() })
			.where(and(eq(qcDefect.id, defect.id), eq(qcDefect.vendorId, actor.vendorId)))
			.returning({ id: qcDefect.id });
		if (result.length !== 1) throw notFound('That defect');
		const context = await selectInspectionContext(tx, row);
		const where = context ? `${context.poNumber} line ${context.line.lineNo} (${context.receiptNumber})` : 'an inspection';
		await recordAudit(tx, actor, {
			vendorId: actor.vendorId,
			entityType: 'qc_inspection',
			entityId: row.id,
			action: updated ? 'qc_defect.answer_updated' : 'qc_defect.answered',
			summary: `${actor.name} (${actor.vendorName}) ${updated ? 'updated the answer to' : 'answered'} a ${defect.severity} defect (${checkItemLabel(defect.checkItem)})`,
			before: { vendorResponse: defect.vendorResponse },
			after: { vendorResponse: form.response }
		});
		await enqueueBrandMail(tx, row.inspectedBy, {
			topic: 'qc-defect-answered',
			subject: `${actor.vendorName} ${updated ? 'updated its answer to' : 'answered'} a defect on ${where}`,
			paragraphs: [
				`Defect: ${checkItemLabel(defect.checkItem)} (${defect.severity}), ${plural(defect.quantity, 'piece')} — ${defect.description}`,
				`Answer from ${actor.name}: ${form.response}`
			],
			action: { label: 'Open the inspection', href: inspectionLink(row.id, 'brand') }
		});
		return { updated };
	});
}

/** The workshop's unanswered defects of completed inspections, for its home page. */
export async function countUnansweredDefects(actor: Actor): Promise<number> {
	requireVendor(actor);
	return withActor(actor, async (tx) => {
		const [row] = await tx
			.select({ n: sql<number>`count(*)::int` })
			.from(qcDefect)
			.innerJoin(qcInspection, eq(qcInspection.id, qcDefect.inspectionId))
			.where(and(eq(qcDefect.vendorId, actor.vendorId), eq(qcInspection.status, 'completed'), isNull(qcDefect.vendorResponse)));
		return row.n;
	});
}

export type { Severity };
export const weightText = (mg: number | null) => formatGrams(mg, 3);
