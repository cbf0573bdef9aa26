/**
 * Repairs, for both sides. Ops take the piece in, give it to a repair workshop, decide the workshop's
 * estimate once the customer has, check the piece on its return and close the job; the workshop
 * receives the piece, quotes, works and ships it back. Every step asks the state machine in
 * `#lib/domain/repairs/status.ts` first, inside a transaction that locks the repair row, so a double
 * click or a second tab has one effect (the second answers `alreadyDone`), and writes a repair event
 * (the job's history), an audit row and any mail in that same transaction.
 *
 * What the workshop never sees: the customer's name, contact and order number, and the brand's
 * return check. The column grants enforce it underneath; here a workshop's reads name their columns,
 * and its history, photos and audit rows carry its vendor id only for steps that are its business.
 */
import { isUuid } from '#lib/domain/ids.ts';
import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { formatMoney, minorToDecimalString } from '#lib/domain/money.ts';
import {
	assignRepairSchema,
	cancelRepairSchema,
	estimateDecisionSchema,
	finalPriceSchema,
	markReceivedSchema,
	parseBoundedMoney,
	parseEstimateLines,
	parseRepairIntake,
	repairEstimateSchema,
	repairIntakeSchema,
	repairIntakeUpdateSchema,
	repairListQuerySchema,
	repairPhotoStageSchema,
	repairStepSchema,
	resolveDiscrepancySchema,
	returnCheckSchema,
	shipBackSchema,
	todayIso,
	type AssignRepairInput,
	type CancelRepairInput,
	type EstimateDecision,
	type EstimateDecisionInput,
	type FinalPriceInput,
	type MarkReceivedInput,
	type RepairEstimateInput,
	type RepairIntakeInput,
	type RepairIntakeUpdateInput,
	type RepairListQuery,
	type RepairStepInput,
	type ResolveDiscrepancyInput,
	type ReturnCheckInput,
	type ShipBackInput
} from '#lib/domain/repairs/schemas.ts';
import {
	allowedRepairEvents,
	nextRepairState,
	repairStatusLabels,
	stepTarget,
	whyNot,
	type DiscrepancyState,
	type RepairEvent,
	type RepairSide,
	type RepairState
} from '#lib/domain/repairs/status.ts';
import {
	estimateOutcome,
	estimateOutcomeLabels,
	estimateStateOf,
	formatRepairNumber,
	gramsText,
	repairWorkKindLabels,
	type EstimateOutcome,
	type RepairPhotoStage,
	type RepairWorkKind
} from '#lib/domain/repairs/reference.ts';
import { compareReturn } from '#lib/domain/repairs/return-check.ts';
import { parseGrams } from '#lib/format/weight.ts';
import { formatDate } from '#lib/format/dates.ts';
import { changedFields, recordAudit } from '#lib/server/audit/audit.ts';
import { requireSignedIn, requireStaff, requireVendor, withActor, type Actor } from '#lib/server/auth/actor.ts';
import { toCsv } from '#lib/server/csv.ts';
import { repairEstimate, repairJob, repairPhoto } from '#lib/server/db/schema/index.ts';
import type { Tx } from '#lib/server/db/scope.ts';
import { conflict, invalid, notFound } from '#lib/server/errors.ts';
import { recordStagedPhotos, withStagedPhotos, type StagedPhoto } from '#lib/server/files/staged-photos.ts';
import { type WorkshopRecipient, enqueueBrandMail, enqueueWorkshopMail, selectWorkshopRecipients } from '#lib/server/mail/outbox.ts';
import { getPlatform } from '#lib/server/platform.ts';
import type { ProcessedPhoto } from '#lib/server/production/photos.ts';
import { selectBrandSettings } from '#lib/server/settings/queries.ts';
import { takeNextDocumentNumber } from '#lib/server/db/counters.ts';
import { selectWorkshopSummary } from '#lib/server/vendors/queries.ts';
import {
	handIntakePhotosTo,
	insertRepairEvent,
	selectAllEstimates,
	selectAssigner,
	selectCurrentEstimates,
	selectEstimate,
	selectEvents,
	selectPhotos,
	selectRepair,
	selectRepairListPage,
	selectRepairWorkshops,
	selectRepairsForExport,
	type RepairEstimateRow,
	type RepairListPage,
	type RepairRecord
} from './queries.ts';

export type { RepairListPage, RepairListRow } from './queries.ts';

const THE_REPAIR = 'That repair';
const editors = ['admin', 'ops'] as const;
/** a phone's burst of photos is fine; a folder dragged in by mistake is not */
export const MAX_REPAIR_PHOTOS = 12;

/** What a step did: `alreadyDone` when it had already happened (a double click, a second tab). */
export type StepResult = { alreadyDone: boolean };

const sideOf = (actor: Actor): RepairSide => (actor.kind === 'vendor' ? 'vendor' : 'brand');
const repairLink = (repairId: string, side: RepairSide) =>
	`${getPlatform().origin}${side === 'vendor' ? '/workshop' : ''}/repairs/${repairId}`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const workWords = (kinds: readonly RepairWorkKind[]) => kinds.map((k) => repairWorkKindLabels[k].toLowerCase()).join(', ');
const dayOf = (value: Date) => value.toISOString().slice(0, 10);

/** Parses a service input with its schema; a bad one is Invalid with a message per field. */
function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
	const result = schema.safeParse(input);
	if (result.success) return result.data;
	const fields: Record<string, string> = {};
	for (const issue of result.error.issues) {
		const key = issue.path
			.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`))
			.join('');
		fields[key] ??= issue.message;
	}
	const messages = Object.values(fields);
	throw invalid(messages.length === 1 ? messages[0] : 'Some fields need attention: see the messages beside them.', fields);
}

function refuseInvalid(errors: Record<string, string>): never {
	const messages = Object.values(errors);
	throw invalid(messages.length === 1 ? messages[0] : 'Some fields need attention: see the messages beside them.', errors);
}

// ---------------------------------------------------------------- loading and the state machine

/** The repair as this actor may see it, or NotFound: a workshop reaches only a job assigned to it now. */
async function loadRepair(tx: Tx, actor: Actor, repairId: string, options: { lock?: boolean } = {}): Promise<RepairRecord> {
	if (!isUuid(repairId)) throw notFound(THE_REPAIR);
	const repair = await selectRepair(tx, repairId, sideOf(actor), options);
	// RLS hides another workshop's job and an unassigned one already; this check is the first lock
	if (!repair || (actor.kind === 'vendor' && repair.vendorId !== actor.vendorId)) throw notFound(THE_REPAIR);
	return repair;
}

function discrepancyOf(repair: RepairRecord): DiscrepancyState {
	const internal = repair.internal;
	if (!internal || internal.returnDiscrepancy === null) return 'none';
	return internal.discrepancyResolution === null ? 'open' : 'resolved';
}

/** The repair's state for the machine, with the current workshop's estimates (newest first). */
async function stateOf(tx: Tx, repair: RepairRecord): Promise<{ state: RepairState; estimates: RepairEstimateRow[] }> {
	const estimates = await selectCurrentEstimates(tx, repair);
	return { state: { status: repair.status, estimate: estimateStateOf(estimates[0]), discrepancy: discrepancyOf(repair) }, estimates };
}

/** Refuses an event the state machine does not allow now, with the reason in words. */
function ensure(repair: RepairRecord, state: RepairState, event: RepairEvent, side: RepairSide): RepairState {
	const next = nextRepairState(state, event, side);
	if (!next) throw conflict(`${repair.number}: ${whyNot(state, event, side)}`);
	return next;
}

function checkVersion(repair: RepairRecord, version: number | undefined): void {
	if (version !== undefined && version !== repair.version) {
		throw conflict(
			`${repair.number} was changed by someone else since you opened it (now version ${repair.version}). Review the newer version and try again.`
		);
	}
}

/** The same status-changing step again (double click, second tab): the row is already where the step leads. */
const alreadyAt = (repair: RepairRecord, event: RepairEvent) => stepTarget(event) === repair.status;

/**
 * One step in the job's history and the audit trail. `shared` steps are the workshop's business and
 * carry its vendor id (it reads them); the brand's own (intake, return check) carry none.
 */
async function recordStep(
	tx: Tx,
	actor: Actor,
	repair: Pick<RepairRecord, 'id' | 'number' | 'vendorId'>,
	step: { kind: string; note?: string; shared: boolean; summary: string; before?: unknown; after?: unknown }
): Promise<void> {
	const vendorId = actor.kind === 'vendor' ? actor.vendorId : step.shared ? repair.vendorId : null;
	await insertRepairEvent(tx, {
		repairId: repair.id,
		vendorId,
		kind: step.kind,
		note: step.note,
		side: sideOf(actor),
		createdBy: actor.userId,
		createdByName: actor.name
	});
	await recordAudit(tx, actor, {
		vendorId,
		entityType: 'repair_job',
		entityId: repair.id,
		action: `repair.${step.kind}`,
		summary: step.summary,
		before: step.before,
		after: step.after
	});
}

async function tellWorkshop(
	tx: Tx,
	vendorId: string,
	repair: Pick<RepairRecord, 'id' | 'number'>,
	mail: { topic: string; subject: string; paragraphs: string[] },
	recipients?: WorkshopRecipient[]
): Promise<void> {
	const action = { label: `Open ${repair.number}`, href: repairLink(repair.id, 'vendor') };
	await enqueueWorkshopMail(tx, vendorId, { ...mail, action }, recipients);
}

/** Tells the brand person who gave the workshop this job (everyone in ops when they are gone). */
async function tellBrand(tx: Tx, repair: RepairRecord, mail: { topic: string; subject: string; paragraphs: string[] }): Promise<void> {
	const responsible = repair.internal?.createdBy ?? (repair.vendorId ? await selectAssigner(tx, repair.id, repair.vendorId) : null);
	await enqueueBrandMail(tx, responsible, { ...mail, action: { label: `Open ${repair.number}`, href: repairLink(repair.id, 'brand') } });
}

// ---------------------------------------------------------------- photos

/** At most MAX_REPAIR_PHOTOS per post; bytes staged before the transaction (removed again if it fails). */
function withRepairPhotos<T>(vendorId: string | null, photos: ProcessedPhoto[], work: (staged: StagedPhoto[]) => Promise<T>): Promise<T> {
	if (photos.length > MAX_REPAIR_PHOTOS) {
		const message = `You chose ${photos.length} photos; add at most ${MAX_REPAIR_PHOTOS} at a time.`;
		throw invalid(message, { photos: message });
	}
	return withStagedPhotos(vendorId, 'repair-photo', photos, work);
}

async function insertPhotos(
	tx: Tx,
	actor: Actor,
	repairId: string,
	photoVendorId: string | null,
	stage: RepairPhotoStage,
	staged: StagedPhoto[],
	caption = ''
): Promise<void> {
	for (const files of await recordStagedPhotos(tx, staged, actor.userId)) {
		await tx.insert(repairPhoto).values({ repairId, vendorId: photoVendorId, stage, ...files, caption });
	}
}

/** The photo stages this side may add to now. */
export function photoStagesFor(status: RepairState['status'], side: RepairSide): RepairPhotoStage[] {
	if (side === 'vendor') return ['received', 'in_work', 'done'].includes(status) ? ['workshop'] : [];
	const stages: RepairPhotoStage[] = [];
	if (['intake', 'assigned', 'received'].includes(status)) stages.push('intake');
	if (['shipped_back', 'returned'].includes(status)) stages.push('return');
	return stages;
}

// ---------------------------------------------------------------- intake (ops)

/**
 * Takes a customer's piece in: the facts it must come back with (weight, stones, appearance), the
 * declared value in the brand's currency unless another is chosen, and photos (recommended).
 */
export async function createRepair(
	actor: Actor,
	input: RepairIntakeInput,
	photos: ProcessedPhoto[] = []
): Promise<{ repairId: string; number: string }> {
	requireStaff(actor, editors);
	const form = parseInput(repairIntakeSchema, input);
	// nobody else sees these yet: the bytes are the brand's until a workshop is assigned
	return withRepairPhotos(null, photos, (staged) =>
		withActor(actor, async (tx) => {
			const settings = await selectBrandSettings(tx);
			const parsed = parseRepairIntake(form, { homeCurrency: settings.homeCurrency, today: todayIso() });
			if (!parsed.ok) refuseInvalid(parsed.errors);
			const year = new Date().getUTCFullYear();
			const number = formatRepairNumber(year, await takeNextDocumentNumber(tx, 'repair', year));
			const [row] = await tx
				.insert(repairJob)
				.values({ ...parsed.values, number, status: 'intake', createdBy: actor.userId })
				.returning({ id: repairJob.id });
			await insertPhotos(tx, actor, row.id, null, 'intake', staged);
			await recordStep(
				tx,
				actor,
				{ id: row.id, number, vendorId: null },
				{
					kind: 'created',
					shared: false,
					note: staged.length ? `Taken in with ${plural(staged.length, 'photo')}.` : 'Taken in without photos.',
					summary: `${actor.name} took in ${number}: ${parsed.values.description} (${workWords(parsed.values.requestedWork)})`
				}
			);
			return { repairId: row.id, number };
		})
	);
}

/** Corrects the intake before a workshop has the job (afterwards the facts are what the workshop agreed to). */
export async function updateRepairIntake(actor: Actor, repairId: string, input: RepairIntakeUpdateInput): Promise<void> {
	requireStaff(actor, editors);
	const form = parseInput(repairIntakeUpdateSchema, input);
	await withActor(actor, async (tx) => {
		const repair = await loadRepair(tx, actor, repairId, { lock: true });
		checkVersion(repair, form.version);
		const { state } = await stateOf(tx, repair);
		ensure(repair, state, 'edit_intake', 'brand');
		const settings = await selectBrandSettings(tx);
		const parsed = parseRepairIntake(form, {
			homeCurrency: settings.homeCurrency,
			today: todayIso(),
			previousPromised: repair.promisedToCustomer
		});
		if (!parsed.ok) refuseInvalid(parsed.errors);
		await tx
			.update(repairJob)
			.set({ ...parsed.values, version: repair.version + 1, updatedAt: sql`now()` })
			.where(eq(repairJob.id, repair.id));
		const before = { ...repair, ...repair.internal } as Record<string, unknown>;
		const diff = changedFields(before, parsed.values as unknown as Record<string, unknown>);
		await recordStep(tx, actor, repair, {
			kind: 'intake_edited',
			shared: false,
			summary: `${actor.name} corrected the intake of ${repair.number}`,
			before: diff?.before,
			after: diff?.after
		});
	});
}

/** Active workshops of the repair jeweler type, for the assign list. */
export async function listRepairWorkshops(actor: Actor): Promise<{ id: string; name: string; city: string; country: string }[]> {
	requireStaff(actor);
	return withActor(actor, (tx) => selectRepairWorkshops(tx));
}

/**
 * Gives the job to a repair workshop, or moves it to another one while the piece has not reached the
 * first. The workshop must be active, do repairs, and have someone in Bezel to receive the job.
 */
export async function assignRepair(actor: Actor, repairId: string, input: AssignRepairInput): Promise<StepResult> {
	requireStaff(actor, editors);
	const form = parseInput(assignRepairSchema, input);
	return withActor(actor, async (tx) => {
		const repair = await loadRepair(tx, actor, repairId, { lock: true });
		if (repair.status === 'assigned' && repair.vendorId === form.vendorId) return { alreadyDone: true };
		checkVersion(repair, form.version);
		const { state } = await stateOf(tx, repair);
		const event: RepairEvent = repair.status === 'intake' ? 'assign' : 'reassign';
		ensure(repair, state, event, 'brand');
		const workshop = await selectWorkshopSummary(tx, form.vendorId);
		if (!workshop) throw invalid('Choose a workshop from the list.', { vendorId: 'Choose a workshop from the list.' });
		if (workshop.status !== 'active') {
			const why = `${workshop.name} is not active: set it active before giving it repairs, or choose another workshop.`;
			throw invalid(why, { vendorId: why });
		}
		if (!workshop.types.includes('repair_jeweler')) {
			const why = `${workshop.name} is not a repair workshop: add “Repair jeweler” to its types, or choose another workshop.`;
			throw invalid(why, { vendorId: why });
		}
		const recipients = await selectWorkshopRecipients(tx, workshop.id);
		if (recipients.length === 0) {
			const why = `Nobody at ${workshop.name} has a Bezel account yet, so nobody could receive the job. Invite someone from the workshop page first.`;
			throw conflict(why, { vendorId: why });
		}
		const previous = repair.vendorId;
		await tx
			.update(repairJob)
			.set({
				vendorId: workshop.id,
				status: 'assigned',
				assignedAt: sql`now()`,
				// an estimate approved with the previous workshop is not this one's
				approvedEstimateId: null,
				approvedTotalMinor: null,
				version: repair.version + 1,
				updatedAt: sql`now()`
			})
			.where(eq(repairJob.id, repair.id));
		if (previous) {
			await tx
				.update(repairEstimate)
				.set({ status: 'superseded' })
				.where(and(eq(repairEstimate.repairId, repair.id), eq(repairEstimate.status, 'submitted')));
		}
		// the brand's intake photos go with the job: the new workshop can open them, the previous one no longer
		await handIntakePhotosTo(tx, repair.id, workshop.id);
		const assigned = { ...repair, vendorId: workshop.id };
		await recordStep(tx, actor, assigned, {
			kind: 'assigned',
			shared: true,
			note: `Given to ${workshop.name}.`,
			summary: `${actor.name} ${previous ? 're-assigned' : 'assigned'} ${repair.number} to ${workshop.name}`,
			before: { vendorId: previous, status: repair.status },
			after: { vendorId: workshop.id, status: 'assigned' }
		});
		const brand = await selectBrandSettings(tx);
		await tellWorkshop(
			tx,
			workshop.id,
			repair,
			{
				topic: 'repair-assigned',
				subject: `Repair ${repair.number} from ${brand.brandName}`,
				paragraphs: [
					`${brand.brandName} is giving you repair ${repair.number}: ${repair.description}.`,
					`Work requested: ${workWords(repair.requestedWork)}${repair.workNotes ? ` — ${repair.workNotes}` : ''}.`,
					`Intake: ${gramsText(repair.intakeWeightMg)}, ${plural(repair.intakeStoneCount, 'stone')}; declared value ${formatMoney(repair.declaredValueMinor, repair.currency)}.`,
					'Open the job in Bezel to see the photos, mark the piece received when it arrives, and send your estimate. Work starts once the brand approves it.'
				]
			},
			recipients
		);
		if (previous) {
			await recordStep(
				tx,
				actor,
				{ ...repair, vendorId: previous },
				{
					kind: 'withdrawn',
					shared: true,
					note: 'The brand gave the job to another workshop.',
					summary: `${actor.name} withdrew ${repair.number} from the previous workshop`
				}
			);
			await tellWorkshop(tx, previous, repair, {
				topic: 'repair-withdrawn',
				subject: `Repair ${repair.number} will not come to you`,
				paragraphs: [
					`${brand.brandName} has given repair ${repair.number} (${repair.description}) to another workshop. Nothing more is needed from you.`
				]
			});
		}
		return { alreadyDone: false };
	});
}

/** Cancels a repair that has not gone into work, with the reason (kept by the brand). */
export async function cancelRepair(actor: Actor, repairId: string, input: CancelRepairInput): Promise<StepResult> {
	requireStaff(actor, editors);
	const form = parseInput(cancelRepairSchema, input);
	return withActor(actor, async (tx) => {
		const repair = await loadRepair(tx, actor, repairId, { lock: true });
		if (alreadyAt(repair, 'cancel')) return { alreadyDone: true };
		checkVersion(repair, form.version);
		const { state } = await stateOf(tx, repair);
		ensure(repair, state, 'cancel', 'brand');
		await tx
			.update(repairJob)
			.set({ status: 'cancelled', cancelReason: form.reason, version: repair.version + 1, updatedAt: sql`now()` })
			.where(eq(repairJob.id, repair.id));
		await tx
			.update(repairEstimate)
			.set({ status: 'superseded' })
			.where(and(eq(repairEstimate.repairId, repair.id), eq(repairEstimate.status, 'submitted')));
		await recordStep(tx, actor, repair, {
			kind: 'cancelled',
			shared: true,
			// the reason may name the customer: it stays in the brand's own column
			note: 'Cancelled by the brand.',
			summary: `${actor.name} cancelled ${repair.number}`,
			before: { status: repair.status },
			after: { status: 'cancelled' }
		});
		if (repair.vendorId) {
			await tellWorkshop(tx, repair.vendorId, repair, {
				topic: 'repair-cancelled',
				subject: `Repair ${repair.number} was cancelled`,
				paragraphs: [
					`The brand cancelled repair ${repair.number} (${repair.description}). Please do no work on it.`,
					repair.status === 'received'
						? 'You have the piece: agree with the brand how it goes back to them.'
						: 'If the piece reaches you, do not work on it: agree with the brand how it goes back.'
				]
			});
		}
		return { alreadyDone: false };
	});
}

// ---------------------------------------------------------------- estimates

/** jsonb reorders an object's keys, so lines are compared field by field, not as JSON text */
const sameLines = (a: { description: string; priceMinor: number }[], b: { description: string; priceMinor: number }[]) =>
	a.length === b.length && a.every((line, i) => line.description === b[i].description && line.priceMinor === b[i].priceMinor);

/**
 * The workshop's estimate, in the repair's currency (one currency per repair: the customer was quoted
 * in it). A newer estimate replaces the workshop's waiting one; the same estimate sent twice is one.
 */
export async function submitEstimate(
	actor: Actor,
	repairId: string,
	input: RepairEstimateInput
): Promise<{ estimateId: string; alreadyDone: boolean }> {
	requireVendor(actor);
	const form = parseInput(repairEstimateSchema, input);
	return withActor(actor, async (tx) => {
		const repair = await loadRepair(tx, actor, repairId, { lock: true });
		const { state, estimates } = await stateOf(tx, repair);
		const parsed = parseEstimateLines(form.lines, repair.currency);
		const latest = estimates[0];
		if (
			parsed.ok &&
			latest?.status === 'submitted' &&
			sameLines(latest.lines, parsed.values.lines) &&
			latest.days === form.days &&
			latest.note === form.note
		) {
			return { estimateId: latest.id, alreadyDone: true };
		}
		ensure(repair, state, 'submit_estimate', 'vendor');
		if (!parsed.ok) refuseInvalid(parsed.errors);
		const replaced = state.estimate === 'submitted';
		await tx
			.update(repairEstimate)
			.set({ status: 'superseded' })
			.where(
				and(eq(repairEstimate.repairId, repair.id), eq(repairEstimate.vendorId, actor.vendorId), eq(repairEstimate.status, 'submitted'))
			);
		const [estimate] = await tx
			.insert(repairEstimate)
			.values({
				repairId: repair.id,
				vendorId: actor.vendorId,
				lines: parsed.values.lines,
				totalMinor: parsed.values.totalMinor,
				currency: repair.currency,
				days: form.days,
				note: form.note,
				createdByName: actor.name
			})
			.returning({ id: repairEstimate.id });
		await tx
			.update(repairJob)
			.set({ version: repair.version + 1, updatedAt: sql`now()` })
			.where(eq(repairJob.id, repair.id));
		const total = formatMoney(parsed.values.totalMinor, repair.currency);
		await recordStep(tx, actor, repair, {
			kind: 'estimate_submitted',
			shared: true,
			note: `${replaced ? 'New estimate' : 'Estimate'}: ${total}, ${plural(form.days, 'day')}.${form.note ? ` ${form.note}` : ''}`,
			summary: `${actor.name} sent ${replaced ? 'a new' : 'an'} estimate for ${repair.number}: ${total}, ${plural(form.days, 'day')}`,
			after: { estimateId: estimate.id, totalMinor: parsed.values.totalMinor, days: form.days }
		});
		await tellBrand(tx, repair, {
			topic: 'repair-estimate-submitted',
			subject: `${actor.vendorName} sent an estimate for ${repair.number}`,
			paragraphs: [
				`${actor.vendorName} estimates ${total} and ${plural(form.days, 'day')} for repair ${repair.number} (${repair.description}).`,
				...parsed.values.lines.map((l) => `${l.description}: ${formatMoney(l.priceMinor, repair.currency)}`),
				...(form.note ? [`Their note: ${form.note}`] : []),
				'Ask the customer, then approve or decline the estimate in Bezel.'
			]
		});
		return { estimateId: estimate.id, alreadyDone: false };
	});
}

const decisionOutcome: Record<EstimateDecision, EstimateOutcome> = {
	approve: 'approved',
	decline: 'declined',
	new_estimate: 'revision_requested'
};
const decisionEvent: Record<EstimateDecision, RepairEvent> = {
	approve: 'approve_estimate',
	decline: 'decline_estimate',
	new_estimate: 'request_new_estimate'
};

/**
 * Ops records the customer's answer to an estimate: approve (work may start once the piece is at the
 * workshop), decline (the piece goes back unrepaired) or ask the workshop for a new estimate.
 */
export async function decideEstimate(actor: Actor, estimateId: string, input: EstimateDecisionInput): Promise<StepResult> {
	requireStaff(actor, editors);
	const form = parseInput(estimateDecisionSchema, input);
	if (!isUuid(estimateId)) throw notFound('That estimate');
	return withActor(actor, async (tx) => {
		const found = await selectEstimate(tx, estimateId);
		if (!found) throw notFound('That estimate');
		const repair = await loadRepair(tx, actor, found.repairId, { lock: true });
		// read again under the repair's lock: another decision may have just committed
		const estimate = (await selectEstimate(tx, estimateId))!;
		const outcome = estimateOutcome(estimate);
		if (outcome === decisionOutcome[form.decision]) return { alreadyDone: true };
		if (outcome === 'superseded') throw conflict(`${repair.number}: the workshop has sent a newer estimate since. Decide that one.`);
		if (outcome !== 'submitted')
			throw conflict(`${repair.number}: that estimate was already decided (${estimateOutcomeLabels[outcome].toLowerCase()}).`);
		if (estimate.vendorId !== repair.vendorId || !repair.assignedAt || estimate.createdAt < repair.assignedAt)
			throw conflict(`${repair.number}: that estimate is from a workshop that no longer has the job.`);
		const { state } = await stateOf(tx, repair);
		ensure(repair, state, decisionEvent[form.decision], 'brand');
		await tx
			.update(repairEstimate)
			.set({
				// a new estimate asked for: this one is replaced, by decision rather than by a newer one
				status: form.decision === 'approve' ? 'approved' : form.decision === 'decline' ? 'declined' : 'superseded',
				customerDecision: form.customerDecision || null,
				decisionNote: form.note || null,
				decidedByName: actor.name,
				decidedAt: sql`now()`
			})
			.where(eq(repairEstimate.id, estimate.id));
		await tx
			.update(repairJob)
			.set({
				...(form.decision === 'approve' ? { approvedEstimateId: estimate.id, approvedTotalMinor: estimate.totalMinor } : {}),
				version: repair.version + 1,
				updatedAt: sql`now()`
			})
			.where(eq(repairJob.id, repair.id));
		const total = formatMoney(estimate.totalMinor, estimate.currency);
		const words = {
			approve: { kind: 'estimate_approved', what: `approved the estimate of ${total}` },
			decline: { kind: 'estimate_declined', what: `declined the estimate of ${total}: the customer does not want the repair` },
			new_estimate: { kind: 'estimate_redo_requested', what: `asked for a new estimate instead of ${total}` }
		}[form.decision];
		const note = [form.customerDecision && `Customer: ${form.customerDecision}.`, form.note].filter(Boolean).join(' ');
		await recordStep(tx, actor, repair, {
			kind: words.kind,
			shared: true,
			note,
			summary: `${actor.name} ${words.what} for ${repair.number}`,
			before: { estimate: 'submitted' },
			after: { estimate: decisionOutcome[form.decision], customerDecision: form.customerDecision, note: form.note }
		});
		const next = {
			approve:
				repair.status === 'received'
					? 'You may start the work now.'
					: 'You may start the work as soon as the piece has arrived and you have marked it received.',
			decline: 'Please do not repair the piece: ship it back to the brand as it is, and record the shipment in Bezel.',
			new_estimate: 'Please send a new estimate in Bezel.'
		}[form.decision];
		await tellWorkshop(tx, repair.vendorId!, repair, {
			topic: { approve: 'repair-estimate-approved', decline: 'repair-estimate-declined', new_estimate: 'repair-new-estimate-requested' }[
				form.decision
			],
			subject: {
				approve: `${repair.number}: estimate approved`,
				decline: `${repair.number}: estimate declined`,
				new_estimate: `${repair.number}: please send a new estimate`
			}[form.decision],
			paragraphs: [`${actor.name} ${words.what} for repair ${repair.number}.`, ...(form.note ? [`Note: ${form.note}`] : []), next]
		});
		return { alreadyDone: false };
	});
}

// ---------------------------------------------------------------- the workshop's steps

function refuseDate(field: string, message: string): never {
	throw invalid(message, { [field]: message });
}

/** The workshop has the piece. */
export async function markReceived(actor: Actor, repairId: string, input: MarkReceivedInput = {}): Promise<StepResult> {
	requireVendor(actor);
	const form = parseInput(markReceivedSchema, input);
	return withActor(actor, async (tx) => {
		const repair = await loadRepair(tx, actor, repairId, { lock: true });
		if (alreadyAt(repair, 'receive')) return { alreadyDone: true };
		checkVersion(repair, form.version);
		const { state } = await stateOf(tx, repair);
		ensure(repair, state, 'receive', 'vendor');
		const receivedOn = form.receivedOn || todayIso();
		if (receivedOn > todayIso()) refuseDate('receivedOn', 'The date is in the future: use today or an earlier day.');
		if (repair.assignedAt && receivedOn < dayOf(repair.assignedAt))
			refuseDate('receivedOn', `The piece cannot have arrived before the job was given to you (${formatDate(repair.assignedAt)}).`);
		await tx
			.update(repairJob)
			.set({ status: 'received', receivedOn, version: repair.version + 1, updatedAt: sql`now()` })
			.where(eq(repairJob.id, repair.id));
		await recordStep(tx, actor, repair, {
			kind: 'received',
			shared: true,
			note: `Received on ${formatDate(receivedOn)}.`,
			summary: `${actor.name} received the piece of ${repair.number}`,
			before: { status: repair.status },
			after: { status: 'received', receivedOn }
		});
		return { alreadyDone: false };
	});
}

async function simpleWorkshopStep(
	actor: Actor,
	repairId: string,
	input: RepairStepInput,
	event: 'start_work' | 'finish',
	words: { kind: string; summary: (number: string) => string }
): Promise<StepResult> {
	requireVendor(actor);
	const form = parseInput(repairStepSchema, input);
	return withActor(actor, async (tx) => {
		const repair = await loadRepair(tx, actor, repairId, { lock: true });
		if (alreadyAt(repair, event)) return { alreadyDone: true };
		checkVersion(repair, form.version);
		const { state } = await stateOf(tx, repair);
		const next = ensure(repair, state, event, 'vendor');
		await tx
			.update(repairJob)
			.set({ status: next.status, version: repair.version + 1, updatedAt: sql`now()` })
			.where(eq(repairJob.id, repair.id));
		await recordStep(tx, actor, repair, {
			kind: words.kind,
			shared: true,
			summary: `${actor.name} ${words.summary(repair.number)}`,
			before: { status: repair.status },
			after: { status: next.status }
		});
		return { alreadyDone: false };
	});
}

/** The workshop starts the work: the piece is there and the estimate approved. */
export function startWork(actor: Actor, repairId: string, input: RepairStepInput = {}): Promise<StepResult> {
	return simpleWorkshopStep(actor, repairId, input, 'start_work', { kind: 'work_started', summary: (n) => `started work on ${n}` });
}

/** The work is done; the piece waits to be shipped back. */
export function markDone(actor: Actor, repairId: string, input: RepairStepInput = {}): Promise<StepResult> {
	return simpleWorkshopStep(actor, repairId, input, 'finish', { kind: 'work_done', summary: (n) => `finished the work on ${n}` });
}

/**
 * The piece goes back to the brand: repaired once done, or unrepaired when the customer declined the
 * estimate. The brand is told, with the carrier and tracking number.
 */
export async function shipBack(actor: Actor, repairId: string, input: ShipBackInput): Promise<StepResult> {
	requireVendor(actor);
	const form = parseInput(shipBackSchema, input);
	return withActor(actor, async (tx) => {
		const repair = await loadRepair(tx, actor, repairId, { lock: true });
		if (alreadyAt(repair, 'ship_back') && repair.trackingNumber === form.trackingNumber) return { alreadyDone: true };
		checkVersion(repair, form.version);
		const { state } = await stateOf(tx, repair);
		ensure(repair, state, 'ship_back', 'vendor');
		if (form.shippedOn > todayIso()) refuseDate('shippedOn', 'The date is in the future: use today or an earlier day.');
		if (repair.receivedOn && form.shippedOn < repair.receivedOn)
			refuseDate('shippedOn', `The piece cannot have left before it arrived (received on ${formatDate(repair.receivedOn)}).`);
		const unrepaired = repair.status === 'received';
		await tx
			.update(repairJob)
			.set({
				status: 'shipped_back',
				shippedBackOn: form.shippedOn,
				carrier: form.carrier,
				trackingNumber: form.trackingNumber,
				version: repair.version + 1,
				updatedAt: sql`now()`
			})
			.where(eq(repairJob.id, repair.id));
		const shipment = `${form.carrier}, tracking ${form.trackingNumber}, on ${formatDate(form.shippedOn)}`;
		await recordStep(tx, actor, repair, {
			kind: 'shipped_back',
			shared: true,
			note: `${unrepaired ? 'Shipped back unrepaired' : 'Shipped back'} with ${shipment}.`,
			summary: `${actor.name} shipped ${repair.number} back${unrepaired ? ' unrepaired' : ''} with ${shipment}`,
			before: { status: repair.status },
			after: { status: 'shipped_back', carrier: form.carrier, trackingNumber: form.trackingNumber, shippedOn: form.shippedOn }
		});
		await tellBrand(tx, repair, {
			topic: 'repair-shipped-back',
			subject: `${actor.vendorName} shipped ${repair.number} back`,
			paragraphs: [
				`${actor.vendorName} shipped repair ${repair.number} (${repair.description}) back${unrepaired ? ' unrepaired, as the customer declined the estimate' : ''}: ${shipment}.`,
				'When it arrives, weigh it and count the stones in Bezel before closing the job.'
			]
		});
		return { alreadyDone: false };
	});
}

/**
 * What the workshop finally charges, when it differs from the approved estimate. It is recorded on
 * the job for invoice matching, not approved: the approved estimate stays what was agreed.
 */
export async function recordFinalPrice(actor: Actor, repairId: string, input: FinalPriceInput): Promise<StepResult> {
	requireVendor(actor);
	const form = parseInput(finalPriceSchema, input);
	return withActor(actor, async (tx) => {
		const repair = await loadRepair(tx, actor, repairId, { lock: true });
		const price = parseBoundedMoney(form.finalPrice, repair.currency, 'The final price', true);
		if (!price.ok) throw invalid(price.message, { finalPrice: price.message });
		if (repair.finalPriceMinor === price.minor) return { alreadyDone: true };
		checkVersion(repair, form.version);
		const { state } = await stateOf(tx, repair);
		ensure(repair, state, 'record_final_price', 'vendor');
		if (price.minor === repair.approvedTotalMinor) {
			const message = 'That is the approved estimate: record a final price only when the work costs something else.';
			throw invalid(message, { finalPrice: message });
		}
		await tx
			.update(repairJob)
			.set({ finalPriceMinor: price.minor, version: repair.version + 1, updatedAt: sql`now()` })
			.where(eq(repairJob.id, repair.id));
		const approved = formatMoney(repair.approvedTotalMinor ?? 0, repair.currency);
		const final = formatMoney(price.minor, repair.currency);
		await recordStep(tx, actor, repair, {
			kind: 'final_price',
			shared: true,
			note: `Final price ${final} (estimate ${approved}).${form.note ? ` ${form.note}` : ''}`,
			summary: `${actor.name} recorded a final price of ${final} for ${repair.number} (estimate ${approved})`,
			before: { finalPriceMinor: repair.finalPriceMinor },
			after: { finalPriceMinor: price.minor }
		});
		await tellBrand(tx, repair, {
			topic: 'repair-final-price',
			subject: `${repair.number}: final price ${final}, estimate was ${approved}`,
			paragraphs: [
				`${actor.vendorName} recorded a final price of ${final} for repair ${repair.number}; the approved estimate was ${approved}.`,
				...(form.note ? [`Their note: ${form.note}`] : []),
				'The approved estimate stays what was agreed; check the difference when their invoice comes.'
			]
		});
		return { alreadyDone: false };
	});
}

// ---------------------------------------------------------------- the return check (ops)

/**
 * Ops weigh the piece and count its stones on return. A difference over the tolerance (weight) or
 * any difference (stones) is written on the job in words, and must be resolved before closing.
 */
export async function checkReturn(
	actor: Actor,
	repairId: string,
	input: ReturnCheckInput & { photos?: ProcessedPhoto[] }
): Promise<{ alreadyDone: boolean; discrepancy: string | null }> {
	requireStaff(actor, editors);
	const { photos = [], ...fields } = input;
	const form = parseInput(returnCheckSchema, fields);
	const returnWeightMg = (parseGrams(form.returnWeight) as { mg: number }).mg;
	// the return check is the brand's: its photos stay brand files
	return withRepairPhotos(null, photos, (staged) =>
		withActor(actor, async (tx) => {
			const repair = await loadRepair(tx, actor, repairId, { lock: true });
			const internal = repair.internal!;
			if (alreadyAt(repair, 'check_return')) {
				if (internal.returnWeightMg === returnWeightMg && internal.returnStoneCount === form.returnStoneCount)
					return { alreadyDone: true, discrepancy: internal.returnDiscrepancy };
				throw conflict(`${repair.number}: the return has already been checked. If a figure was wrong, explain it when resolving.`);
			}
			checkVersion(repair, form.version);
			const comparison = compareReturn({
				intakeWeightMg: repair.intakeWeightMg,
				intakeStoneCount: repair.intakeStoneCount,
				returnWeightMg,
				returnStoneCount: form.returnStoneCount,
				requestedWork: repair.requestedWork
			});
			const { state } = await stateOf(tx, repair);
			ensure(repair, state, comparison.discrepancy ? 'check_return_flagged' : 'check_return', 'brand');
			await tx
				.update(repairJob)
				.set({
					status: 'returned',
					returnWeightMg,
					returnStoneCount: form.returnStoneCount,
					returnDiscrepancy: comparison.discrepancy,
					discrepancyResolution: null,
					returnedAt: sql`now()`,
					version: repair.version + 1,
					updatedAt: sql`now()`
				})
				.where(eq(repairJob.id, repair.id));
			await insertPhotos(tx, actor, repair.id, null, 'return', staged);
			const found =
				comparison.discrepancy ?? `Weight ${gramsText(returnWeightMg)} and ${plural(form.returnStoneCount, 'stone')}, as at intake.`;
			await recordStep(tx, actor, repair, {
				kind: comparison.discrepancy ? 'return_flagged' : 'return_checked',
				shared: false,
				note: [found, form.notes].filter(Boolean).join(' '),
				summary: `${actor.name} checked the return of ${repair.number}: ${comparison.discrepancy ?? 'as at intake'}`,
				after: { returnWeightMg, returnStoneCount: form.returnStoneCount, discrepancy: comparison.discrepancy }
			});
			// the workshop learns the piece arrived, not what the brand found
			await insertRepairEvent(tx, {
				repairId: repair.id,
				vendorId: repair.vendorId,
				kind: 'returned',
				note: 'The brand has the piece back.',
				side: 'brand',
				createdBy: actor.userId,
				createdByName: actor.name
			});
			return { alreadyDone: false, discrepancy: comparison.discrepancy };
		})
	);
}

/** Explains the difference found on return (sizing changes the weight, a stone was replaced…), so the job can close. */
export async function resolveDiscrepancy(actor: Actor, repairId: string, input: string | ResolveDiscrepancyInput): Promise<StepResult> {
	requireStaff(actor, editors);
	const form = parseInput(resolveDiscrepancySchema, typeof input === 'string' ? { note: input } : input);
	return withActor(actor, async (tx) => {
		const repair = await loadRepair(tx, actor, repairId, { lock: true });
		if (discrepancyOf(repair) === 'resolved') return { alreadyDone: true };
		checkVersion(repair, form.version);
		const { state } = await stateOf(tx, repair);
		ensure(repair, state, 'resolve_discrepancy', 'brand');
		await tx
			.update(repairJob)
			.set({ discrepancyResolution: form.note, version: repair.version + 1, updatedAt: sql`now()` })
			.where(eq(repairJob.id, repair.id));
		await recordStep(tx, actor, repair, {
			kind: 'discrepancy_resolved',
			shared: false,
			note: form.note,
			summary: `${actor.name} resolved the difference on return of ${repair.number}: ${form.note}`,
			before: { discrepancy: repair.internal!.returnDiscrepancy },
			after: { resolution: form.note }
		});
		return { alreadyDone: false };
	});
}

/** Closes a returned, checked repair; refused while a difference found on return is unresolved. */
export async function closeRepair(actor: Actor, repairId: string, input: RepairStepInput = {}): Promise<StepResult> {
	requireStaff(actor, editors);
	const form = parseInput(repairStepSchema, input);
	return withActor(actor, async (tx) => {
		const repair = await loadRepair(tx, actor, repairId, { lock: true });
		if (alreadyAt(repair, 'close')) return { alreadyDone: true };
		checkVersion(repair, form.version);
		const { state } = await stateOf(tx, repair);
		ensure(repair, state, 'close', 'brand');
		await tx
			.update(repairJob)
			.set({ status: 'closed', closedAt: sql`now()`, version: repair.version + 1, updatedAt: sql`now()` })
			.where(eq(repairJob.id, repair.id));
		await recordStep(tx, actor, repair, {
			kind: 'closed',
			shared: true,
			summary: `${actor.name} closed ${repair.number}`,
			before: { status: repair.status },
			after: { status: 'closed' }
		});
		return { alreadyDone: false };
	});
}

// ---------------------------------------------------------------- photos (either side)

const stageRefusals: Record<RepairSide, Record<RepairPhotoStage, string>> = {
	vendor: {
		workshop: 'Photos can be added while the piece is at your workshop (received, in work or done).',
		intake: 'Intake photos are the brand’s: add yours as workshop photos.',
		return: 'Return photos are the brand’s: add yours as workshop photos.'
	},
	brand: {
		intake: 'Intake photos can be added until the workshop has received the piece.',
		workshop: 'Workshop photos are added by the workshop.',
		return: 'Return photos can be added once the workshop has shipped the piece back.'
	}
};

/**
 * Adds photos to a repair: the brand at intake and on return, the workshop at the bench. Intake photos
 * made after assignment belong to the assigned workshop's files so it can open them.
 */
export async function addRepairPhotos(
	actor: Actor,
	repairId: string,
	stage: RepairPhotoStage,
	photos: ProcessedPhoto[],
	caption = ''
): Promise<{ added: number }> {
	requireSignedIn(actor);
	if (actor.kind === 'staff') requireStaff(actor, editors);
	const side = sideOf(actor);
	const chosenStage = parseInput(repairPhotoStageSchema, stage);
	if (caption.length > 300) throw invalid('Keep the caption under 300 characters.', { caption: 'Keep the caption under 300 characters.' });
	if (photos.length === 0) throw invalid('Choose at least one photo.', { photos: 'Choose at least one photo.' });
	// who owns the bytes decides who can open them: the workshop for its own and the brand's intake
	// photos of its job, nobody but the brand for the return check
	const owner = await withActor(actor, async (tx) => {
		const repair = await loadRepair(tx, actor, repairId);
		if (side === 'vendor') return actor.vendorId;
		return chosenStage === 'intake' ? repair.vendorId : null;
	});
	return withRepairPhotos(owner, photos, (staged) =>
		withActor(actor, async (tx) => {
			const repair = await loadRepair(tx, actor, repairId, { lock: true });
			if (!photoStagesFor(repair.status, side).includes(chosenStage)) {
				const message = stageRefusals[side][chosenStage];
				throw conflict(`${repair.number}: ${message}`, { photos: message });
			}
			if ((owner ?? null) !== (side === 'vendor' ? actor.vendorId : chosenStage === 'intake' ? repair.vendorId : null))
				throw conflict(`${repair.number} was given to another workshop meanwhile: add the photos again.`);
			await insertPhotos(tx, actor, repair.id, side === 'vendor' ? actor.vendorId : null, chosenStage, staged, caption);
			await tx
				.update(repairJob)
				.set({ updatedAt: sql`now()` })
				.where(eq(repairJob.id, repair.id));
			await recordStep(tx, actor, repair, {
				kind: 'photos_added',
				shared: chosenStage !== 'return',
				note: `${plural(staged.length, 'photo')} ${chosenStage === 'workshop' ? 'from the workshop' : chosenStage === 'intake' ? 'at intake' : 'on return'}.${caption ? ` ${caption}` : ''}`,
				summary: `${actor.name} added ${plural(staged.length, 'photo')} to ${repair.number}`
			});
			return { added: staged.length };
		})
	);
}

// ---------------------------------------------------------------- reading

export interface RepairEstimateView {
	id: string;
	vendorId: string;
	lines: { description: string; priceMinor: number }[];
	totalMinor: number;
	currency: string;
	days: number;
	note: string;
	status: RepairEstimateRow['status'];
	outcome: EstimateOutcome;
	customerDecision: string | null;
	decisionNote: string | null;
	decidedByName: string | null;
	decidedAt: Date | null;
	createdByName: string;
	createdAt: Date;
	/** of the current workshop's current assignment (older ones are history) */
	current: boolean;
}

export interface RepairView {
	side: RepairSide;
	repair: Omit<RepairRecord, 'internal'>;
	/** the brand's only: null for a workshop */
	customer: { name: string; contact: string; orderReference: string } | null;
	/** the brand's only: null for a workshop, and until checked */
	returnCheck: { weightMg: number; stoneCount: number; discrepancy: string | null; resolution: string | null } | null;
	cancelReason: string | null;
	workshop: { id: string; name: string } | null;
	state: RepairState;
	/** what this person may do now (the state machine's events for their side; none for finance) */
	allowed: RepairEvent[];
	/** the photo stages this person may add to now */
	photoStages: RepairPhotoStage[];
	estimates: RepairEstimateView[];
	/** the current workshop's latest estimate, if any */
	currentEstimate: RepairEstimateView | null;
	events: { id: string; kind: string; note: string; side: 'vendor' | 'brand'; createdByName: string; createdAt: Date }[];
	photos: {
		id: string;
		stage: RepairPhotoStage;
		fileId: string;
		thumbnailFileId: string;
		caption: string;
		side: 'brand' | 'vendor';
		createdAt: Date;
	}[];
	turnaroundDays: number;
	/** the day the piece should be back by the turnaround target (null until assigned) */
	dueBack: string | null;
	/** at the workshop past the turnaround target */
	overdue: boolean;
}

const atWorkshop = new Set(['assigned', 'received', 'in_work', 'done']);

/** One repair as this person may see it: a workshop never gets the customer or the return check. */
export async function getRepair(actor: Actor, repairId: string): Promise<RepairView> {
	requireSignedIn(actor);
	if (actor.kind === 'staff') requireStaff(actor);
	const side = sideOf(actor);
	const canAct = actor.kind === 'vendor' || (editors as readonly string[]).includes(actor.role);
	return withActor(actor, async (tx) => {
		const { internal, ...repair } = await loadRepair(tx, actor, repairId);
		const record = { ...repair, internal };
		const [{ state, estimates: current }, all, events, photos, settings, workshop] = [
			await stateOf(tx, record),
			await selectAllEstimates(tx, repair.id),
			await selectEvents(tx, repair.id),
			await selectPhotos(tx, repair.id, { side, vendorId: actor.kind === 'vendor' ? actor.vendorId : null }),
			await selectBrandSettings(tx),
			repair.vendorId ? await selectWorkshopSummary(tx, repair.vendorId) : undefined
		];
		const currentIds = new Set(current.map((e) => e.id));
		const estimates: RepairEstimateView[] = all.map((e) => ({
			id: e.id,
			vendorId: e.vendorId,
			lines: e.lines,
			totalMinor: e.totalMinor,
			currency: e.currency,
			days: e.days,
			note: e.note,
			status: e.status,
			outcome: estimateOutcome(e),
			customerDecision: e.customerDecision,
			decisionNote: e.decisionNote,
			decidedByName: e.decidedByName,
			decidedAt: e.decidedAt,
			createdByName: e.createdByName,
			createdAt: e.createdAt,
			current: currentIds.has(e.id)
		}));
		const dueBack = repair.assignedAt ? dayOf(new Date(repair.assignedAt.getTime() + settings.repairTurnaroundDays * 86_400_000)) : null;
		return {
			side,
			repair,
			customer: internal
				? { name: internal.customerName, contact: internal.customerContact, orderReference: internal.orderReference }
				: null,
			returnCheck:
				internal && internal.returnWeightMg !== null && internal.returnStoneCount !== null
					? {
							weightMg: internal.returnWeightMg,
							stoneCount: internal.returnStoneCount,
							discrepancy: internal.returnDiscrepancy,
							resolution: internal.discrepancyResolution
						}
					: null,
			cancelReason: internal?.cancelReason ?? null,
			workshop: workshop ? { id: workshop.id, name: workshop.name } : null,
			state,
			// finance reads repairs but takes no step on them
			allowed: canAct ? allowedRepairEvents(state, side) : [],
			photoStages: canAct ? photoStagesFor(repair.status, side) : [],
			estimates,
			currentEstimate: estimates.find((e) => e.id === current[0]?.id) ?? null,
			events,
			photos: photos as RepairView['photos'],
			turnaroundDays: settings.repairTurnaroundDays,
			dueBack,
			overdue: dueBack !== null && atWorkshop.has(repair.status) && dueBack < todayIso()
		};
	});
}

/** The brand's repair list: filters, sort, a page and a capped count, in one transaction. */
export async function listRepairs(actor: Actor, query: Partial<RepairListQuery> = {}): Promise<RepairListPage> {
	requireStaff(actor);
	const parsed = repairListQuerySchema.parse(query);
	return withActor(actor, (tx) => selectRepairListPage(tx, { side: 'brand', vendorId: null }, parsed));
}

/** A workshop's own repair jobs (never another's, never one not assigned to it). */
export async function listWorkshopRepairs(actor: Actor, query: Partial<RepairListQuery> = {}): Promise<RepairListPage> {
	requireVendor(actor);
	const parsed = repairListQuerySchema.parse(query);
	return withActor(actor, (tx) => selectRepairListPage(tx, { side: 'vendor', vendorId: actor.vendorId }, parsed));
}

/** The list as CSV for either side; a workshop's has no customer columns and no return check. */
export async function exportRepairsCsv(actor: Actor, query: Partial<RepairListQuery> = {}): Promise<string> {
	requireSignedIn(actor);
	if (actor.kind === 'staff') requireStaff(actor);
	const parsed = repairListQuerySchema.parse(query);
	const viewer =
		actor.kind === 'vendor' ? { side: 'vendor' as const, vendorId: actor.vendorId } : { side: 'brand' as const, vendorId: null };
	const rows = await withActor(actor, (tx) => selectRepairsForExport(tx, viewer, parsed));
	const money = (minor: number | null, currency: string) => (minor === null ? '' : minorToDecimalString(minor, currency));
	const grams = (mg: number | null) => (mg === null ? '' : (mg / 1000).toFixed(3));
	const day = (value: Date | string | null) => (value === null ? '' : typeof value === 'string' ? value : dayOf(value));
	const brand = viewer.side === 'brand';
	const columns: [string, (r: (typeof rows)[number]) => string | number][] = [
		['Repair number', (r) => r.number],
		['Status', (r) => repairStatusLabels[r.status]],
		...(brand
			? ([
					['Customer', (r) => r.customerName ?? ''],
					['Customer contact', (r) => r.customerContact ?? ''],
					['Order reference', (r) => r.orderReference ?? ''],
					['Workshop', (r) => r.vendorName ?? '']
				] as [string, (r: (typeof rows)[number]) => string | number][])
			: []),
		['Description', (r) => r.description],
		['Stamps', (r) => r.stamps],
		['Work requested', (r) => r.requestedWork.map((k) => repairWorkKindLabels[k as RepairWorkKind]).join('; ')],
		['Work notes', (r) => r.workNotes],
		['Currency', (r) => r.currency],
		['Declared value', (r) => money(r.declaredValueMinor, r.currency)],
		['Intake weight (g)', (r) => grams(r.intakeWeightMg)],
		['Stones at intake', (r) => r.intakeStoneCount],
		['Promised to customer', (r) => day(r.promisedToCustomer)],
		['Assigned', (r) => day(r.assignedAt)],
		['Due back', (r) => r.dueBack ?? ''],
		['Overdue', (r) => (r.overdue ? 'yes' : '')],
		['Received', (r) => day(r.receivedOn)],
		['Approved estimate', (r) => money(r.approvedTotalMinor, r.currency)],
		['Final price', (r) => money(r.finalPriceMinor, r.currency)],
		['Shipped back', (r) => day(r.shippedBackOn)],
		['Carrier', (r) => r.carrier ?? ''],
		['Tracking number', (r) => r.trackingNumber ?? ''],
		...(brand
			? ([
					['Return weight (g)', (r) => grams(r.returnWeightMg)],
					['Stones on return', (r) => r.returnStoneCount ?? ''],
					['Difference on return', (r) => r.returnDiscrepancy ?? ''],
					['Resolution', (r) => r.discrepancyResolution ?? '']
				] as [string, (r: (typeof rows)[number]) => string | number][])
			: []),
		['Closed', (r) => day(r.closedAt)],
		['Created', (r) => day(r.createdAt)]
	];
	return toCsv(
		columns.map(([title]) => title),
		rows.map((r) => columns.map(([, value]) => value(r)))
	);
}
