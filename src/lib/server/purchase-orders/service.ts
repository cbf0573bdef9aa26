/**
 * Purchase orders, for both sides: ops draft, send, revise, decide change requests, cancel and
 * close; vendors acknowledge, request changes or decline. Every transition is asked of the state
 * machine in `#lib/domain/purchase-orders/status.ts` first, inside a transaction that locks the PO
 * row, so a double click or a second tab has one effect and two people cannot race each other.
 */
import { isUuid } from '#lib/domain/ids.ts';
import { rematchVendors } from '#lib/server/invoices/rematch.ts';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { formatMoney } from '#lib/domain/money.ts';
import { formatPoNumber } from '#lib/domain/purchase-orders/number.ts';
import {
	lineTerms,
	parseDraftLines,
	todayIso,
	type AcknowledgeInput,
	type PoDraftForm,
	type PoLineInput
} from '#lib/domain/purchase-orders/schemas.ts';
import {
	diffSnapshots,
	isEmptyDiff,
	revisionChanges,
	type PoSnapshot,
	type RevisionChanges,
	type SnapshotDiff
} from '#lib/domain/purchase-orders/snapshot.ts';
import { allowedEvents, nextStatus, poStatusLabels, type PoEvent, type PoSide, type PoStatus } from '#lib/domain/purchase-orders/status.ts';
import { lineTotals } from '#lib/domain/purchase-orders/totals.ts';
import { parseMoney } from '#lib/domain/money.ts';
import { formatDate } from '#lib/format/dates.ts';
import {
	purchaseOrder,
	purchaseOrderAttachment,
	purchaseOrderChangeRequest,
	purchaseOrderLine,
	purchaseOrderMessage,
	purchaseOrderRevision
} from '#lib/server/db/schema/index.ts';
import type { Tx } from '#lib/server/db/scope.ts';
import { requireSignedIn, requireStaff, requireVendor, withActor, type Actor, type StaffActor } from '#lib/server/auth/actor.ts';
import { recordAudit } from '#lib/server/audit/audit.ts';
import { conflict, invalid, notFound } from '#lib/server/errors.ts';
import { enqueueBrandMail, enqueueMail, enqueueWorkshopMail, selectWorkshopRecipients } from '#lib/server/mail/outbox.ts';
import { getFileStore, getPlatform } from '#lib/server/platform.ts';
import { recordStagedFile, stageFile, withStagedFile, type StagedFile } from '#lib/server/files/service.ts';
import type { CheckedUpload } from '#lib/server/files/validate.ts';
import { selectBrandSettings } from '#lib/server/settings/queries.ts';
import { renderPurchaseOrderPdf } from '#lib/server/pdf/purchase-order.ts';
import {
	selectAttachments,
	selectChangeRequests,
	selectLines,
	selectPageLines,
	selectVendorNameOfPo,
	type PoPageLine,
	type PoPiecesProgress,
	selectMessages,
	selectPoHistory,
	selectPurchaseOrder,
	selectRevisions,
	selectRevisionDocument,
	selectRevisionSnapshot,
	takeNextNumber,
	markPoRead,
	selectReadMarker,
	type PurchaseOrderLineRow,
	type PurchaseOrderRow
} from './queries.ts';
import { selectVendor } from '#lib/server/vendors/queries.ts';
import { buildSnapshot } from './snapshots.ts';
import { stopJobBags, syncJobBags } from '#lib/server/production/jobs.ts';

const THE_PO = 'That purchase order';
const editors = ['admin', 'ops'] as const;
/** a labor price above this (10 million in major units) is a typing mistake, and would overflow totals */
const MAX_UNIT_PRICE_MINOR = 1_000_000_000;

export const sideOf = (actor: Actor): PoSide => (actor.kind === 'vendor' ? 'vendor' : 'brand');
const poLink = (po: { id: string }, side: PoSide) =>
	`${getPlatform().origin}${side === 'vendor' ? '/workshop' : ''}/purchase-orders/${po.id}`;

/**
 * The PO as this actor may see it, or NotFound: a vendor never sees another workshop's PO nor a
 * draft (RLS hides both as well; this check is the first lock).
 */
async function loadPo(tx: Tx, actor: Actor, poId: string, options: { lock?: boolean } = {}): Promise<PurchaseOrderRow> {
	if (!isUuid(poId)) throw notFound(THE_PO);
	const po = await selectPurchaseOrder(tx, poId, options);
	if (!po) throw notFound(THE_PO);
	// never sent = still the brand's business, also once cancelled as a draft (status alone would show it)
	if (actor.kind === 'vendor' && (po.vendorId !== actor.vendorId || po.firstSentAt === null)) throw notFound(THE_PO);
	return po;
}

/** Refuses an event the state machine does not allow, in words. */
function transition(po: PurchaseOrderRow, event: PoEvent, side: PoSide): PoStatus {
	const next = nextStatus(po.status, event, side);
	if (!next) throw conflict(`${po.number} is ${poStatusLabels[po.status].toLowerCase()}: that cannot be done now.`);
	return next;
}

function staleVersion(po: PurchaseOrderRow) {
	return conflict(
		`${po.number} was changed by someone else since you opened it (now version ${po.version}). Review the newer version and try again.`
	);
}

// ---------------------------------------------------------------- drafting

function lineColumns(line: PoLineInput) {
	const totals = lineTotals(line);
	return {
		styleId: line.styleId,
		...lineTerms(line),
		laborTotalMinor: totals.laborMinor,
		metalTotalMinor: totals.metalMinor,
		stonesTotalMinor: totals.stonesMinor,
		totalMinor: totals.totalMinor
	};
}

function headerColumns(draft: PoDraftForm) {
	return {
		shipTo: draft.shipTo,
		requestedDate: draft.requestedDate || null,
		collection: draft.collection || null,
		terms: draft.terms,
		notes: draft.notes
	};
}

/**
 * Recomputes the PO's stored totals, due date and SKUs from its lines (one statement, after line changes).
 * SKUs are stored upper-cased because the list's style filter compares upper-case: "rg-100" typed on a
 * line must be found by a search for "RG-100" and by one for "rg-100".
 */
async function refreshSummary(tx: Tx, poId: string): Promise<void> {
	await tx.execute(sql`
		update purchase_order set
			labor_total_minor = s.labor, metal_total_minor = s.metal, stones_total_minor = s.stones, total_minor = s.total,
			line_count = s.lines, due_date = s.due, skus = s.skus, updated_at = now()
		from (
			select coalesce(sum(labor_total_minor), 0) as labor, coalesce(sum(metal_total_minor), 0) as metal,
				coalesce(sum(stones_total_minor), 0) as stones, coalesce(sum(total_minor), 0) as total,
				count(*) filter (where not cancelled)::int as lines, min(due_date) filter (where not cancelled) as due,
				coalesce(array_agg(distinct upper(sku)) filter (where sku <> '' and not cancelled), '{}') as skus
			from purchase_order_line where purchase_order_id = ${poId}
		) s
		where purchase_order.id = ${poId}`);
}

function parseLinesOrThrow(
	draft: PoDraftForm,
	currency: string,
	existing: PurchaseOrderLineRow[] = [],
	previousRequestedDate: string | null = null
): PoLineInput[] {
	const parsed = parseDraftLines(draft.lines, currency, todayIso(), new Map(existing.map((l) => [l.id, l.dueDate])));
	if (!parsed.ok) throw invalid('Some lines need attention: see the messages beside them.', parsed.errors);
	if (draft.requestedDate && draft.requestedDate < todayIso()) {
		const unchanged = draft.requestedDate === previousRequestedDate; // an old PO may keep its date; none may move into the past
		if (!unchanged) throw invalid('The requested date is in the past.', { requestedDate: 'The requested date is in the past.' });
	}
	return parsed.lines;
}

/**
 * Writes the lines of a draft or a revision: existing lines are updated in place (their ids are
 * what acknowledgements and revisions refer to), new ones added. A draft may delete lines; a sent
 * PO only cancels them, so the vendor's view of every revision stays whole.
 */
async function writeLines(tx: Tx, po: PurchaseOrderRow, lines: PoLineInput[], existing: PurchaseOrderLineRow[], allowDelete: boolean) {
	const byId = new Map(existing.map((l) => [l.id, l]));
	const kept = new Set(lines.map((l) => l.id).filter((id): id is string => id !== null));
	for (const id of kept) if (!byId.has(id)) throw conflict('A line on this PO no longer exists; reload the PO and edit again.');
	const dropped = existing.filter((l) => !kept.has(l.id));
	if (dropped.length > 0) {
		if (!allowDelete) throw invalid('Lines already sent to the workshop cannot be removed; mark them cancelled instead.');
		await tx.delete(purchaseOrderLine).where(
			inArray(
				purchaseOrderLine.id,
				dropped.map((l) => l.id)
			)
		);
	}
	// A draft's lines are numbered as the editor shows them (the vendor has seen no numbers yet); move
	// them out of the way first, as (po, line_no) is unique. A sent PO keeps its numbers and appends.
	if (allowDelete && kept.size > 0) {
		await tx
			.update(purchaseOrderLine)
			.set({ lineNo: sql`-${purchaseOrderLine.lineNo}` })
			.where(eq(purchaseOrderLine.purchaseOrderId, po.id));
	}
	let nextNo = allowDelete ? 0 : existing.reduce((max, l) => Math.max(max, l.lineNo), 0);
	for (const [index, line] of lines.entries()) {
		const current = line.id ? byId.get(line.id) : undefined;
		const renumber = allowDelete ? { lineNo: index + 1 } : {};
		if (current) {
			await tx
				.update(purchaseOrderLine)
				.set({ ...lineColumns(line), ...renumber })
				.where(eq(purchaseOrderLine.id, current.id));
		} else {
			nextNo = allowDelete ? index + 1 : nextNo + 1;
			await tx.insert(purchaseOrderLine).values({ ...lineColumns(line), purchaseOrderId: po.id, vendorId: po.vendorId, lineNo: nextNo });
		}
	}
}

export async function createPurchaseOrder(actor: Actor, draft: PoDraftForm): Promise<{ poId: string; number: string }> {
	requireStaff(actor, editors);
	return withActor(actor, (tx) => createPurchaseOrderInTx(tx, actor, draft));
}

/**
 * A draft PO made inside the caller's transaction, for a change that spans modules (a custom order's
 * production PO is drafted and linked back in one transaction). Same checks as createPurchaseOrder.
 */
export async function createPurchaseOrderInTx(tx: Tx, actor: Actor, draft: PoDraftForm): Promise<{ poId: string; number: string }> {
	requireStaff(actor, editors);
	const workshop = await selectVendor(tx, draft.vendorId);
	if (!workshop) throw invalid('Choose a workshop from the list.', { vendorId: 'Choose a workshop from the list.' });
	if (workshop.status === 'inactive' || workshop.status === 'on_hold') {
		const why = `${workshop.name} is ${workshop.status === 'inactive' ? 'inactive' : 'on hold'}: set it active before ordering from it.`;
		throw invalid(why, { vendorId: why });
	}
	const lines = parseLinesOrThrow(draft, workshop.currency);
	const year = new Date().getUTCFullYear();
	const number = formatPoNumber(year, await takeNextNumber(tx, year));
	const [po] = await tx
		.insert(purchaseOrder)
		.values({ ...headerColumns(draft), vendorId: workshop.id, number, currency: workshop.currency, createdBy: actor.userId })
		.returning();
	await writeLines(tx, po, lines, [], true);
	await refreshSummary(tx, po.id);
	await recordAudit(tx, actor, {
		vendorId: po.vendorId,
		entityType: 'purchase_order',
		entityId: po.id,
		action: 'purchase_order.created',
		summary: `${actor.name} drafted ${number} for ${workshop.name} with ${lines.length} line${lines.length === 1 ? '' : 's'}`
	});
	return { poId: po.id, number };
}

export type SaveResult = { ok: true } | { ok: false; current: PurchaseOrderRow };

/** Saves a draft; an edit made on an older version is refused and the newer one returned. */
export async function updatePurchaseOrderDraft(actor: Actor, poId: string, draft: PoDraftForm): Promise<SaveResult> {
	requireStaff(actor, editors);
	return withActor<SaveResult>(actor, async (tx) => {
		const po = await loadPo(tx, actor, poId, { lock: true });
		if (po.version !== draft.version) return { ok: false, current: po };
		if (po.status !== 'draft') throw conflict(`${po.number} has been sent; save your edits as a new revision instead.`);
		const existing = await selectLines(tx, po.id);
		const lines = parseLinesOrThrow(draft, po.currency, existing, po.requestedDate);
		await tx
			.update(purchaseOrder)
			.set({ ...headerColumns(draft), version: po.version + 1 })
			.where(eq(purchaseOrder.id, po.id));
		await writeLines(tx, po, lines, existing, true);
		await refreshSummary(tx, po.id);
		await recordAudit(tx, actor, {
			vendorId: po.vendorId,
			entityType: 'purchase_order',
			entityId: po.id,
			action: 'purchase_order.draft_saved',
			summary: `${actor.name} saved the draft (${lines.length} line${lines.length === 1 ? '' : 's'})`
		});
		return { ok: true };
	});
}

export async function duplicatePurchaseOrder(actor: Actor, poId: string): Promise<{ poId: string; number: string }> {
	requireStaff(actor, editors);
	return withActor(actor, async (tx) => {
		const source = await loadPo(tx, actor, poId);
		const lines = await selectLines(tx, source.id);
		const year = new Date().getUTCFullYear();
		const number = formatPoNumber(year, await takeNextNumber(tx, year));
		const [copy] = await tx
			.insert(purchaseOrder)
			.values({
				vendorId: source.vendorId,
				number,
				currency: source.currency,
				shipTo: source.shipTo,
				requestedDate: source.requestedDate,
				collection: source.collection,
				terms: source.terms,
				notes: source.notes,
				createdBy: actor.userId
			})
			.returning();
		let lineNo = 0;
		for (const line of lines.filter((l) => !l.cancelled)) {
			lineNo += 1;
			const {
				id: _id,
				purchaseOrderId: _po,
				ackStatus: _a,
				promisedDate: _p,
				baselinePromisedDate: _b,
				promisedDateChanges: _c,
				createdAt: _t,
				...rest
			} = line;
			await tx.insert(purchaseOrderLine).values({ ...rest, purchaseOrderId: copy.id, lineNo });
		}
		await refreshSummary(tx, copy.id);
		await recordAudit(tx, actor, {
			vendorId: copy.vendorId,
			entityType: 'purchase_order',
			entityId: copy.id,
			action: 'purchase_order.created',
			summary: `${actor.name} drafted ${number} as a copy of ${source.number}`
		});
		return { poId: copy.id, number };
	});
}

// ---------------------------------------------------------------- sending and revising

/** The PO as it stands, frozen as its current revision: what the e-mail, the PDF and the next diff see. */
async function freezeRevision(tx: Tx, actor: StaffActor, po: PurchaseOrderRow, summary: string): Promise<PoSnapshot> {
	const [lines, workshop, brand] = [await selectLines(tx, po.id), await selectVendor(tx, po.vendorId), await selectBrandSettings(tx)];
	return buildSnapshot(po, lines, workshop, brand, {
		revision: po.revision,
		issuedAt: new Date().toISOString(),
		issuedBy: actor.name,
		summary
	});
}

/**
 * Records the frozen PO as a revision, renders its PDF, stores it and e-mails it to every person
 * of the workshop. Runs inside the caller's transaction: if anything fails, nothing was sent.
 */
async function issueRevision(tx: Tx, actor: StaffActor, po: PurchaseOrderRow, snapshot: PoSnapshot): Promise<void> {
	const { revision, summary } = snapshot;
	const pdf = await renderPurchaseOrderPdf(snapshot);
	const filename = `${po.number}${revision > 1 ? `-rev${revision}` : ''}.pdf`;
	const staged = await stageFile(po.vendorId, 'purchase-order-pdf', {
		bytes: pdf,
		contentType: 'application/pdf',
		originalName: filename
	} as CheckedUpload);
	const fileId = await withStagedFile(staged, () => recordStagedFile(tx, staged, actor.userId));
	await tx.insert(purchaseOrderRevision).values({
		purchaseOrderId: po.id,
		vendorId: po.vendorId,
		revision,
		summary,
		snapshot,
		createdBy: actor.userId,
		createdByName: actor.name,
		pdfFileId: fileId
	});

	const recipients = await selectWorkshopRecipients(tx, po.vendorId);
	const isFirst = revision === 1;
	for (const person of recipients) {
		await enqueueMail(tx, {
			to: person.email,
			toName: person.name,
			topic: isFirst ? 'purchase-order-sent' : 'purchase-order-revised',
			subject: isFirst
				? `New purchase order ${po.number} from ${snapshot.brand.name}`
				: `${po.number} revised (revision ${revision}): please acknowledge again`,
			greeting: `Hello ${person.name},`,
			paragraphs: isFirst
				? [
						`${snapshot.brand.name} sent you purchase order ${po.number}: ${snapshot.lines.filter((l) => !l.cancelled).length} line(s), ${formatMoney(snapshot.totals.totalMinor, po.currency)}.`,
						'The PDF is attached. Open the PO in Bezel to acknowledge it with your promised dates, or to request changes.'
					]
				: [
						`${actor.name} revised ${po.number}: ${summary}`,
						'The changes are shown line by line in Bezel. The new PDF is attached. Please acknowledge the revision.'
					],
			action: { label: `Open ${po.number}`, href: poLink(po, 'vendor') },
			attachments: [{ fileId, filename }]
		});
	}
}

export async function sendPurchaseOrder(actor: Actor, poId: string, input: { version: number }): Promise<void> {
	requireStaff(actor, editors);
	await withActor(actor, async (tx) => {
		const po = await loadPo(tx, actor, poId, { lock: true });
		if (po.version !== input.version) throw staleVersion(po);
		const next = transition(po, 'send', 'brand');
		if (po.lineCount === 0) throw invalid('Add at least one line before sending.');
		const lines = await selectLines(tx, po.id);
		const pastDue = lines.find((l) => !l.cancelled && l.dueDate < todayIso());
		if (pastDue)
			throw invalid(`Line ${pastDue.lineNo} is due on ${formatDate(pastDue.dueDate)}, which has passed. Change its due date, then send.`);
		const workshop = await selectVendor(tx, po.vendorId);
		if (workshop.status === 'inactive' || workshop.status === 'on_hold')
			throw conflict(`${workshop.name} is not active: set it active before sending.`);
		const recipients = await selectWorkshopRecipients(tx, po.vendorId);
		if (recipients.length === 0)
			throw conflict(`Nobody at ${workshop.name} has a Bezel account yet. Invite someone from the workshop page first.`);
		const sentAt = new Date();
		await tx
			.update(purchaseOrder)
			.set({ status: next, revision: 1, version: po.version + 1, sentAt, firstSentAt: sentAt, updatedAt: sentAt })
			.where(eq(purchaseOrder.id, po.id));
		const sent = { ...po, status: next, revision: 1 };
		await issueRevision(tx, actor, sent, await freezeRevision(tx, actor, sent, 'First issue'));
		await recordAudit(tx, actor, {
			vendorId: po.vendorId,
			entityType: 'purchase_order',
			entityId: po.id,
			action: 'purchase_order.sent',
			summary: `${actor.name} sent ${po.number} to ${workshop.name} (${recipients.length} recipient${recipients.length === 1 ? '' : 's'})`
		});
	});
}

/** Words for what changed, for the revision summary and the e-mail. */
function describeDiff(diff: SnapshotDiff): string {
	const parts: string[] = [];
	for (const change of diff.header) parts.push(`${change.label.toLowerCase()} ${change.before} → ${change.after}`);
	for (const line of diff.lines) {
		if (line.kind === 'added') parts.push(`line ${line.lineNo} added`);
		if (line.kind === 'removed') parts.push(`line ${line.lineNo} removed`);
		if (line.kind === 'changed') {
			parts.push(`line ${line.lineNo}: ${line.changes.map((c) => `${c.label.toLowerCase()} ${c.before} → ${c.after}`).join(', ')}`);
		}
	}
	return parts.join('; ');
}

/** After the brand changes a sent PO: a new revision, every line back to the vendor to acknowledge. */
async function reviseInTx(tx: Tx, actor: StaffActor, po: PurchaseOrderRow, note: string): Promise<SnapshotDiff> {
	const next = transition(po, 'revise', 'brand');
	const revision = po.revision + 1;
	const previous = (await selectRevisionSnapshot(tx, po.id, po.revision)) as PoSnapshot | undefined;
	// open requests are answered by the revision itself
	await tx
		.update(purchaseOrderChangeRequest)
		.set({ status: 'rejected', decisionNote: `Superseded by revision ${revision}`, decidedBy: actor.userId, decidedAt: sql`now()` })
		.where(and(eq(purchaseOrderChangeRequest.purchaseOrderId, po.id), eq(purchaseOrderChangeRequest.status, 'open')));
	await tx.update(purchaseOrderLine).set({ ackStatus: 'pending' }).where(eq(purchaseOrderLine.purchaseOrderId, po.id));
	const now = new Date();
	const [updated] = await tx
		.update(purchaseOrder)
		.set({ status: next, revision, version: po.version + 1, sentAt: now, updatedAt: now, lastReminderAt: null, declineReason: null })
		.where(eq(purchaseOrder.id, po.id))
		.returning();
	const snapshot = await freezeRevision(tx, actor, updated, '');
	const diff = previous ? diffSnapshots(previous, snapshot) : { header: [], lines: [], totalBefore: '', totalAfter: '' };
	if (previous && isEmptyDiff(diff)) throw invalid('Nothing changed since the last revision, so there is nothing to send.');
	const summary = [note, describeDiff(diff)].filter(Boolean).join(' — ') || 'Revised';
	await issueRevision(tx, actor, updated, { ...snapshot, summary });
	await recordAudit(tx, actor, {
		vendorId: po.vendorId,
		entityType: 'purchase_order',
		entityId: po.id,
		action: 'purchase_order.revised',
		summary: `${actor.name} issued revision ${revision}: ${summary}`,
		before: { revision: po.revision, status: po.status },
		after: { revision, status: next }
	});
	// prices and quantities may have moved under invoices already submitted: their holds follow
	await rematchVendors(tx, [po.vendorId]);
	return diff;
}

/** Edits a sent PO: the change goes to the vendor as a new revision to acknowledge. */
export async function revisePurchaseOrder(actor: Actor, poId: string, draft: PoDraftForm): Promise<SaveResult> {
	requireStaff(actor, editors);
	return withActor<SaveResult>(actor, async (tx) => {
		const po = await loadPo(tx, actor, poId, { lock: true });
		if (po.version !== draft.version) return { ok: false, current: po };
		transition(po, 'revise', 'brand');
		const existing = await selectLines(tx, po.id);
		const lines = parseLinesOrThrow(draft, po.currency, existing, po.requestedDate);
		if (lines.every((l) => l.cancelled)) throw invalid('Every line would be cancelled: cancel the whole PO instead.');
		await tx.update(purchaseOrder).set(headerColumns(draft)).where(eq(purchaseOrder.id, po.id));
		await writeLines(tx, po, lines, existing, false);
		await refreshSummary(tx, po.id);
		await reviseInTx(tx, actor, po, draft.revisionNote);
		return { ok: true };
	});
}

// ---------------------------------------------------------------- the vendor's answer

export type AnswerResult = { outcome: 'acknowledged' | 'change_requested' | 'declined'; alreadyDone: boolean };

/**
 * The vendor's answer to the current revision: each line acknowledged with a promised date, or a
 * change requested. The first promised date of a line becomes its baseline and is never reset.
 * Answering a revision that is no longer current is refused, and a second identical answer (double
 * click, second tab) finds the PO already answered and changes nothing.
 */
export async function acknowledgePurchaseOrder(actor: Actor, poId: string, input: AcknowledgeInput): Promise<AnswerResult> {
	requireVendor(actor);
	return withActor<AnswerResult>(actor, async (tx) => {
		const po = await loadPo(tx, actor, poId, { lock: true });
		if (input.revision !== po.revision) {
			throw conflict(`${po.number} was revised since you opened it (now revision ${po.revision}). Review the changes and answer again.`);
		}
		if ((po.status === 'acknowledged' || po.status === 'change_requested') && po.revision === input.revision) {
			// the same answer again (double click, second tab) is a no-op; a different one is a conflict
			const sameKind = (po.status === 'acknowledged') === input.lines.every((a) => a.answer === 'acknowledge');
			if (!sameKind)
				throw conflict(`You already answered revision ${po.revision} of ${po.number}. Write in the conversation if something changed.`);
			return { outcome: po.status, alreadyDone: true };
		}
		const lines = await selectLines(tx, po.id);
		const byId = new Map(lines.map((l) => [l.id, l]));
		const today = todayIso();
		const errors: Record<string, string> = {};
		input.lines.forEach((answer, index) => {
			const line = byId.get(answer.lineId);
			if (!line || line.cancelled) errors[`lines[${index}]`] = 'That line is not on this PO.';
			if (answer.answer === 'acknowledge' && answer.promisedDate < today)
				errors[`lines[${index}].promisedDate`] = 'The promised date is in the past.';
			if (answer.answer === 'change') {
				if (answer.quantity === '' && answer.unitPrice === '' && answer.dueDate === '') {
					errors[`lines[${index}].reason`] = 'Propose a new quantity, price or date.';
				}
				if (answer.dueDate !== '' && answer.dueDate < today) errors[`lines[${index}].dueDate`] = 'The proposed date is in the past.';
				let priceMinor: number | null = null;
				if (answer.unitPrice !== '') {
					const price = parseMoney(answer.unitPrice, po.currency);
					if (!price.ok) errors[`lines[${index}].unitPrice`] = price.message;
					else if (price.minor > MAX_UNIT_PRICE_MINOR) errors[`lines[${index}].unitPrice`] = 'That price is too large.';
					else priceMinor = price.minor;
				}
				// a proposal equal to the PO changes nothing and could never be accepted
				if (
					line &&
					(answer.quantity === '' || answer.quantity === line.quantity) &&
					(priceMinor === null || priceMinor === line.laborUnitPriceMinor) &&
					(answer.dueDate === '' || answer.dueDate === line.dueDate) &&
					!errors[`lines[${index}].reason`] &&
					!errors[`lines[${index}].unitPrice`]
				) {
					errors[`lines[${index}].reason`] = 'That is what the PO already says: propose a different quantity, price or date.';
				}
			}
		});
		if (Object.keys(errors).length > 0) throw invalid('Some answers need attention: see the messages beside them.', errors);
		const answered = new Set(input.lines.map((a) => a.lineId));
		const unanswered = lines.filter((l) => !l.cancelled && l.ackStatus === 'pending' && !answered.has(l.id));
		if (unanswered.length > 0) throw invalid(`Answer every line: line ${unanswered.map((l) => l.lineNo).join(', ')} has no answer yet.`);

		const changes = input.lines.filter((a) => a.answer === 'change');
		const event: PoEvent = changes.length > 0 ? 'request_changes' : 'acknowledge';
		const next = transition(po, event, 'vendor');
		for (const answer of input.lines) {
			const line = byId.get(answer.lineId)!;
			if (answer.answer === 'acknowledge') {
				const moved = line.baselinePromisedDate !== null && line.promisedDate !== null && line.promisedDate !== answer.promisedDate;
				await tx
					.update(purchaseOrderLine)
					.set({
						ackStatus: 'acknowledged',
						promisedDate: answer.promisedDate,
						// the first acknowledgement sets the on-time baseline, later ones never move it
						baselinePromisedDate: line.baselinePromisedDate ?? answer.promisedDate,
						promisedDateChanges: line.promisedDateChanges + (moved ? 1 : 0)
					})
					.where(eq(purchaseOrderLine.id, line.id));
			} else {
				const price = answer.unitPrice === '' ? null : parseMoney(answer.unitPrice, po.currency);
				await tx.update(purchaseOrderLine).set({ ackStatus: 'change_requested' }).where(eq(purchaseOrderLine.id, line.id));
				await tx.insert(purchaseOrderChangeRequest).values({
					purchaseOrderId: po.id,
					lineId: line.id,
					vendorId: po.vendorId,
					revision: po.revision,
					proposedQuantity: answer.quantity === '' ? null : answer.quantity,
					proposedUnitPriceMinor: price?.ok ? price.minor : null,
					proposedDueDate: answer.dueDate || null,
					reason: answer.reason,
					createdBy: actor.userId,
					createdByName: actor.name
				});
			}
		}
		const now = new Date();
		await tx
			.update(purchaseOrder)
			.set({
				status: next,
				version: po.version + 1,
				updatedAt: now,
				...(next === 'acknowledged' ? { acknowledgedAt: now, firstAcknowledgedAt: po.firstAcknowledgedAt ?? now } : {})
			})
			.where(eq(purchaseOrder.id, po.id));
		if (next === 'acknowledged') {
			// the work starts: every acknowledged line gets its job bags (or is re-planned after a revision)
			const workshop = await selectVendor(tx, po.vendorId);
			await syncJobBags(tx, po, await selectLines(tx, po.id), workshop?.types ?? [], {
				userId: actor.userId,
				name: actor.name,
				side: 'vendor'
			});
		}
		const summary =
			next === 'acknowledged'
				? `${actor.name} acknowledged revision ${po.revision}`
				: `${actor.name} requested changes on ${changes.length} line${changes.length === 1 ? '' : 's'} of revision ${po.revision}`;
		await recordAudit(tx, actor, {
			vendorId: po.vendorId,
			entityType: 'purchase_order',
			entityId: po.id,
			action: next === 'acknowledged' ? 'purchase_order.acknowledged' : 'purchase_order.changes_requested',
			summary,
			after: { answers: input.lines }
		});
		await tellBrand(tx, po, {
			topic: next === 'acknowledged' ? 'purchase-order-acknowledged' : 'purchase-order-change-requested',
			subject:
				next === 'acknowledged' ? `${actor.vendorName} acknowledged ${po.number}` : `${actor.vendorName} requests changes to ${po.number}`,
			paragraphs:
				next === 'acknowledged'
					? [`${summary}.`]
					: [
							`${summary}.`,
							...changes.map((c) => `Line ${byId.get(c.lineId)!.lineNo}: ${c.reason}`),
							'Accept or reject each request in Bezel.'
						]
		});
		return { outcome: next === 'acknowledged' ? 'acknowledged' : 'change_requested', alreadyDone: false };
	});
}

export async function declinePurchaseOrder(actor: Actor, poId: string, input: { revision: number; reason: string }): Promise<AnswerResult> {
	requireVendor(actor);
	return withActor<AnswerResult>(actor, async (tx) => {
		const po = await loadPo(tx, actor, poId, { lock: true });
		if (po.status === 'declined' && po.revision === input.revision) return { outcome: 'declined', alreadyDone: true };
		if (input.revision !== po.revision)
			throw conflict(`${po.number} was revised since you opened it (now revision ${po.revision}). Review it first.`);
		const next = transition(po, 'decline', 'vendor');
		await tx
			.update(purchaseOrder)
			.set({ status: next, declineReason: input.reason, version: po.version + 1, updatedAt: sql`now()` })
			.where(eq(purchaseOrder.id, po.id));
		await recordAudit(tx, actor, {
			vendorId: po.vendorId,
			entityType: 'purchase_order',
			entityId: po.id,
			action: 'purchase_order.declined',
			summary: `${actor.name} declined ${po.number}: ${input.reason}`
		});
		await tellBrand(tx, po, {
			topic: 'purchase-order-declined',
			subject: `${actor.vendorName} declined ${po.number}`,
			paragraphs: [
				`${actor.name} declined ${po.number}.`,
				`Their reason: ${input.reason}`,
				'You can revise the PO and send it again, or cancel it.'
			]
		});
		return { outcome: 'declined', alreadyDone: false };
	});
}

/** Tells the brand's person responsible for the PO (the sender resolves who that is now). */
async function tellBrand(tx: Tx, po: PurchaseOrderRow, mail: { topic: string; subject: string; paragraphs: string[] }) {
	await enqueueBrandMail(tx, po.createdBy, { ...mail, action: { label: `Open ${po.number}`, href: poLink(po, 'brand') } });
}

async function tellWorkshop(tx: Tx, po: PurchaseOrderRow, mail: { topic: string; subject: string; paragraphs: string[] }) {
	await enqueueWorkshopMail(tx, po.vendorId, { ...mail, action: { label: `Open ${po.number}`, href: poLink(po, 'vendor') } });
}

// ---------------------------------------------------------------- the brand's answer to change requests

/**
 * Ops decides the vendor's change requests. Accepted ones change the lines and make a new revision
 * the vendor acknowledges again; if every request is rejected the PO goes back to the vendor as it
 * was, with the rejected lines to answer again.
 */
export async function decideChangeRequests(
	actor: Actor,
	poId: string,
	input: { decisions: { requestId: string; decision: 'accept' | 'reject'; note: string }[]; version: number }
): Promise<{ revised: boolean }> {
	requireStaff(actor, editors);
	return withActor(actor, async (tx) => {
		const po = await loadPo(tx, actor, poId, { lock: true });
		if (po.version !== input.version) throw staleVersion(po);
		if (po.status !== 'change_requested') throw conflict(`${po.number} has no change requests waiting.`);
		const requests = (await selectChangeRequests(tx, po.id)).filter((r) => r.status === 'open');
		const decided = new Map(input.decisions.map((d) => [d.requestId, d]));
		const undecided = requests.filter((r) => !decided.has(r.id));
		if (undecided.length > 0) throw invalid('Accept or reject every open request.');
		if (input.decisions.some((d) => !requests.some((r) => r.id === d.requestId)))
			throw conflict('A request was already decided; reload the PO.');
		const lines = await selectLines(tx, po.id);
		let accepted = 0;
		for (const request of requests) {
			const decision = decided.get(request.id)!;
			await tx
				.update(purchaseOrderChangeRequest)
				.set({
					status: decision.decision === 'accept' ? 'accepted' : 'rejected',
					decisionNote: decision.note || null,
					decidedBy: actor.userId,
					decidedAt: sql`now()`
				})
				.where(eq(purchaseOrderChangeRequest.id, request.id));
			const line = lines.find((l) => l.id === request.lineId)!;
			if (decision.decision === 'accept') {
				accepted += 1;
				const changed = {
					...line,
					quantity: request.proposedQuantity ?? line.quantity,
					laborUnitPriceMinor: request.proposedUnitPriceMinor ?? line.laborUnitPriceMinor,
					dueDate: request.proposedDueDate ?? line.dueDate
				};
				const totals = lineTotals(changed);
				await tx
					.update(purchaseOrderLine)
					.set({
						quantity: changed.quantity,
						laborUnitPriceMinor: changed.laborUnitPriceMinor,
						dueDate: changed.dueDate,
						laborTotalMinor: totals.laborMinor,
						metalTotalMinor: totals.metalMinor,
						stonesTotalMinor: totals.stonesMinor,
						totalMinor: totals.totalMinor
					})
					.where(eq(purchaseOrderLine.id, line.id));
			} else {
				await tx.update(purchaseOrderLine).set({ ackStatus: 'pending' }).where(eq(purchaseOrderLine.id, line.id));
			}
		}
		const notes = input.decisions.filter((d) => d.note).map((d) => d.note);
		if (accepted > 0) {
			await refreshSummary(tx, po.id);
			await reviseInTx(tx, actor, po, `${accepted} change request${accepted === 1 ? '' : 's'} accepted`);
			return { revised: true };
		}
		const next = transition(po, 'answer_changes', 'brand');
		await tx
			.update(purchaseOrder)
			.set({ status: next, version: po.version + 1, updatedAt: sql`now()` })
			.where(eq(purchaseOrder.id, po.id));
		await recordAudit(tx, actor, {
			vendorId: po.vendorId,
			entityType: 'purchase_order',
			entityId: po.id,
			action: 'purchase_order.changes_rejected',
			summary: `${actor.name} rejected ${requests.length} change request${requests.length === 1 ? '' : 's'}`
		});
		await tellWorkshop(tx, po, {
			topic: 'purchase-order-changes-rejected',
			subject: `${po.number}: your change requests were not accepted`,
			paragraphs: [
				`${actor.name} did not accept your requested changes to ${po.number}.`,
				...notes.map((n) => `Note: ${n}`),
				'Please acknowledge the lines as they are, request another change, or write in the PO’s conversation.'
			]
		});
		return { revised: false };
	});
}

// ---------------------------------------------------------------- cancel and close

export async function cancelPurchaseOrder(actor: Actor, poId: string, input: { reason: string; version: number }): Promise<void> {
	requireStaff(actor, editors);
	await withActor(actor, async (tx) => {
		const po = await loadPo(tx, actor, poId, { lock: true });
		if (po.version !== input.version) throw staleVersion(po);
		const next = transition(po, 'cancel', 'brand');
		await tx
			.update(purchaseOrder)
			.set({ status: next, cancelReason: input.reason, cancelledAt: sql`now()`, version: po.version + 1, updatedAt: sql`now()` })
			.where(eq(purchaseOrder.id, po.id));
		await stopJobBags(tx, po.id, 'cancelled');
		await tx
			.update(purchaseOrderChangeRequest)
			.set({ status: 'rejected', decisionNote: 'The PO was cancelled', decidedBy: actor.userId, decidedAt: sql`now()` })
			.where(and(eq(purchaseOrderChangeRequest.purchaseOrderId, po.id), eq(purchaseOrderChangeRequest.status, 'open')));
		await recordAudit(tx, actor, {
			vendorId: po.vendorId,
			entityType: 'purchase_order',
			entityId: po.id,
			action: 'purchase_order.cancelled',
			summary: `${actor.name} cancelled ${po.number}: ${input.reason}`,
			before: { status: po.status },
			after: { status: next }
		});
		// a draft was never the workshop's business
		if (po.status !== 'draft') {
			await tellWorkshop(tx, po, {
				topic: 'purchase-order-cancelled',
				subject: `${po.number} was cancelled`,
				paragraphs: [
					`${actor.name} cancelled purchase order ${po.number}.`,
					`Reason: ${input.reason}`,
					'Please stop any work on it that has not started.'
				]
			});
		}
	});
}

export async function closePurchaseOrder(actor: Actor, poId: string, input: { version: number }): Promise<void> {
	requireStaff(actor, editors);
	await withActor(actor, async (tx) => {
		const po = await loadPo(tx, actor, poId, { lock: true });
		if (po.version !== input.version) throw staleVersion(po);
		const next = transition(po, 'close', 'brand');
		await tx
			.update(purchaseOrder)
			.set({ status: next, closedAt: sql`now()`, version: po.version + 1, updatedAt: sql`now()` })
			.where(eq(purchaseOrder.id, po.id));
		await stopJobBags(tx, po.id, 'closed');
		await recordAudit(tx, actor, {
			vendorId: po.vendorId,
			entityType: 'purchase_order',
			entityId: po.id,
			action: 'purchase_order.closed',
			summary: `${actor.name} closed ${po.number}`,
			before: { status: po.status },
			after: { status: next }
		});
	});
}

// ---------------------------------------------------------------- attachments and the thread

const attachmentPurpose = 'purchase-order-attachment';

export async function addPurchaseOrderAttachment(actor: Actor, poId: string, upload: CheckedUpload, title: string): Promise<void> {
	requireStaff(actor, editors);
	if (!isUuid(poId)) throw notFound(THE_PO);
	// the PO's workshop owns the bytes, so the vendor can open them once the PO is sent
	const vendorId = await withActor(actor, async (tx) => (await loadPo(tx, actor, poId)).vendorId);
	const staged = await stageFile(vendorId, attachmentPurpose, upload);
	await withStagedFile(staged, () =>
		withActor(actor, async (tx) => {
			const po = await loadPo(tx, actor, poId, { lock: true });
			if (po.status === 'closed' || po.status === 'cancelled') throw conflict(`${po.number} is ${po.status}; it takes no more files.`);
			const fileId = await recordStagedFile(tx, staged, actor.userId);
			await tx
				.insert(purchaseOrderAttachment)
				.values({ purchaseOrderId: po.id, vendorId: po.vendorId, fileId, title: title || upload.originalName, createdBy: actor.userId });
			await recordAudit(tx, actor, {
				vendorId: po.vendorId,
				entityType: 'purchase_order',
				entityId: po.id,
				action: 'purchase_order.attachment_added',
				summary: `${actor.name} attached ${title || upload.originalName}`
			});
		})
	);
}

export async function removePurchaseOrderAttachment(actor: Actor, poId: string, attachmentId: string): Promise<void> {
	requireStaff(actor, editors);
	if (!isUuid(attachmentId)) throw notFound('That attachment');
	await withActor(actor, async (tx) => {
		const po = await loadPo(tx, actor, poId, { lock: true });
		if (po.status !== 'draft') throw conflict('Files already sent to the workshop stay on the PO; add a newer file instead.');
		const removed = await tx
			.delete(purchaseOrderAttachment)
			.where(
				and(
					eq(purchaseOrderAttachment.id, attachmentId),
					eq(purchaseOrderAttachment.purchaseOrderId, po.id),
					sql`${purchaseOrderAttachment.messageId} is null`
				)
			)
			.returning({ title: purchaseOrderAttachment.title });
		if (removed.length === 0) throw notFound('That attachment');
		await recordAudit(tx, actor, {
			vendorId: po.vendorId,
			entityType: 'purchase_order',
			entityId: po.id,
			action: 'purchase_order.attachment_removed',
			summary: `${actor.name} removed ${removed[0].title}`
		});
	});
}

/** A message on the PO's thread, with files; the other side is told by e-mail with a link. */
export async function postPurchaseOrderMessage(
	actor: Actor,
	poId: string,
	input: { body: string },
	uploads: CheckedUpload[] = []
): Promise<void> {
	requireSignedIn(actor);
	if (actor.kind === 'staff') requireStaff(actor, ['admin', 'ops', 'finance']);
	if (!isUuid(poId)) throw notFound(THE_PO);
	const side = sideOf(actor);
	const vendorId = await withActor(actor, async (tx) => (await loadPo(tx, actor, poId)).vendorId);
	const staged: StagedFile[] = [];
	try {
		for (const upload of uploads) staged.push(await stageFile(vendorId, 'purchase-order-message', upload));
	} catch (error) {
		await Promise.all(staged.map((s) => withStagedFile(s, () => Promise.reject(error)).catch(() => {})));
		throw error;
	}
	const work = () =>
		withActor(actor, async (tx) => {
			const po = await loadPo(tx, actor, poId, { lock: true });
			if (po.firstSentAt === null) throw conflict('Send the PO before writing to the workshop: a draft has no conversation yet.');
			const [message] = await tx
				.insert(purchaseOrderMessage)
				.values({ purchaseOrderId: po.id, vendorId: po.vendorId, authorId: actor.userId, authorName: actor.name, side, body: input.body })
				.returning({ id: purchaseOrderMessage.id, createdAt: purchaseOrderMessage.createdAt });
			for (const file of staged) {
				const fileId = await recordStagedFile(tx, file, actor.userId);
				await tx.insert(purchaseOrderAttachment).values({
					purchaseOrderId: po.id,
					vendorId: po.vendorId,
					messageId: message.id,
					fileId,
					title: file.originalName,
					createdBy: actor.userId
				});
			}
			await tx
				.update(purchaseOrder)
				.set(side === 'vendor' ? { lastVendorMessageAt: message.createdAt } : { lastBrandMessageAt: message.createdAt })
				.where(eq(purchaseOrder.id, po.id));
			await markPoRead(tx, po.id, po.vendorId, actor.userId);
			const excerpt = input.body.length > 600 ? `${input.body.slice(0, 600)}…` : input.body;
			const mail = {
				topic: 'purchase-order-message',
				subject: `${po.number}: new message from ${side === 'vendor' ? (actor.kind === 'vendor' ? actor.vendorName : actor.name) : actor.name}`,
				paragraphs: [
					`${actor.name} wrote about ${po.number}:`,
					excerpt,
					...(staged.length ? [`${staged.length} file(s) attached in Bezel.`] : [])
				]
			};
			if (side === 'vendor') await tellBrand(tx, po, mail);
			else await tellWorkshop(tx, po, mail);
		});
	if (staged.length === 0) return work();
	// a failed post removes every staged file
	try {
		await work();
	} catch (error) {
		for (const file of staged) await withStagedFile(file, () => Promise.reject(error)).catch(() => {});
		throw error;
	}
}

// ---------------------------------------------------------------- reading

export interface PurchaseOrderView {
	po: PurchaseOrderRow;
	vendorName: string;
	lines: PoPageLine[];
	/** how far the open lines' pieces have come (received, waiting for QC, invoiceable) */
	pieces: PoPiecesProgress;
	revisions: { revision: number; summary: string; createdByName: string; createdAt: Date }[];
	/** what the current revision changed against the one before it (null before the second revision) */
	diff: RevisionChanges | null;
	changeRequests: Awaited<ReturnType<typeof selectChangeRequests>>;
	attachments: Awaited<ReturnType<typeof selectAttachments>>;
	messages: (Awaited<ReturnType<typeof selectMessages>>[number] & { unread: boolean })[];
	history: Awaited<ReturnType<typeof selectPoHistory>>;
	allowed: PoEvent[];
	side: PoSide;
	/** the brand's name, for the sentences a workshop reads */
	brandName: string;
}

/**
 * Each PO's newest revision and its differences from the one before. A revision never changes once
 * made, so neither do they: the two snapshots (tens of KB of JSON on a large PO) are read and
 * compared on a PO's first view after each revision, not on every view. Keyed by the PO alone, so
 * the page can ask before it has read the PO's row; bounded; only handed out after the PO's access
 * check, like everything else on its page.
 */
const newestRevisionDiffs = new Map<string, { revision: number; diff: RevisionChanges | null }>();
const NEWEST_REVISION_DIFFS_MAX = 5_000;

function rememberNewestRevisionDiff(poId: string, revision: number, diff: RevisionChanges | null): RevisionChanges | null {
	if (newestRevisionDiffs.size >= NEWEST_REVISION_DIFFS_MAX) newestRevisionDiffs.clear();
	newestRevisionDiffs.set(poId, { revision, diff });
	return diff;
}

/**
 * Everything the PO page shows, in a fixed number of queries whatever the PO's size, and the
 * thread marked read for this person (messages newer than their last visit come back `unread`).
 */
export async function getPurchaseOrder(actor: Actor, address: string): Promise<PurchaseOrderView> {
	requireSignedIn(actor);
	// checked before any query: the page's reads go out beside loadPo's, not after it
	if (!isUuid(address)) throw notFound(THE_PO);
	// the id as PostgreSQL writes it, so an address in capitals finds what the cache keeps by row id
	const poId = address.toLowerCase();
	const side = sideOf(actor);
	return withActor(actor, async (tx) => {
		const known = newestRevisionDiffs.get(poId);
		// The PO's row and everything its page shows leave together, in one round trip: the row's
		// access check (loadPo) decides whether any of the rest is used, and RLS keeps another
		// workshop's rows out of every one of these queries whatever that check says.
		const [po, vendorName, { lines, pieces }, revisions, changeRequests, attachments, messages, history, lastRead, brand] =
			await Promise.all([
				loadPo(tx, actor, poId),
				selectVendorNameOfPo(tx, poId),
				selectPageLines(tx, poId),
				selectRevisions(tx, poId, known === undefined),
				selectChangeRequests(tx, poId),
				selectAttachments(tx, poId),
				selectMessages(tx, poId),
				// the vendor reads revisions and the thread; the audit trail (drafting included) is the brand's
				side === 'brand' ? selectPoHistory(tx, poId) : [],
				selectReadMarker(tx, poId, actor.userId),
				side === 'vendor' ? selectBrandSettings(tx) : null
			]);
		const isUnread = (m: { side: string; createdAt: Date }) => m.side !== side && (lastRead === null || m.createdAt > lastRead);
		// a view that shows nothing new writes nothing
		if (messages.some(isUnread)) await markPoRead(tx, po.id, po.vendorId, actor.userId);
		const newest = revisions[0]?.revision ?? 0;
		const diff =
			known !== undefined && known.revision === po.revision && newest === po.revision
				? known.diff
				: await newestRevisionDiff(tx, po.id, revisions);
		return {
			po,
			vendorName: vendorName ?? '',
			lines,
			pieces,
			revisions: revisions.map(({ revision, summary, createdByName, createdAt }) => ({ revision, summary, createdByName, createdAt })),
			diff,
			changeRequests,
			attachments,
			messages: messages.map((m) => ({ ...m, unread: isUnread(m) })),
			history,
			allowed: allowedEvents(po.status, side),
			side,
			brandName: brand?.brandName ?? ''
		};
	});
}

/** Compares the newest revision with the one before (reading their snapshots if `revisions` lacks them) and remembers it. */
async function newestRevisionDiff(
	tx: Tx,
	poId: string,
	revisions: Awaited<ReturnType<typeof selectRevisions>>
): Promise<RevisionChanges | null> {
	// a revision made between the PO's row and this list was read: read the two newest again, with their snapshots
	const [current, previous] = revisions[0] && revisions[0].snapshot === undefined ? await selectRevisions(tx, poId, true) : revisions;
	if (!current) return null;
	const diff = previous ? revisionChanges(diffSnapshots(previous.snapshot as PoSnapshot, current.snapshot as PoSnapshot)) : null;
	return rememberNewestRevisionDiff(poId, current.revision, diff);
}

/** What the PO's other pages (job bags, reconciliation) show above their own content. */
export interface PurchaseOrderHeading {
	po: Pick<PurchaseOrderRow, 'id' | 'number' | 'status' | 'revision' | 'vendorId' | 'currency' | 'sentAt' | 'firstAcknowledgedAt'>;
	vendorName: string;
	/** the brand's name, for the sentences a workshop reads */
	brandName: string;
}

/** The PO's heading, with the same access rule as its page: a workshop sees only its own POs, once sent. */
export async function getPurchaseOrderHeading(actor: Actor, poId: string): Promise<PurchaseOrderHeading> {
	requireSignedIn(actor);
	return withActor(actor, async (tx) => {
		const po = await loadPo(tx, actor, poId);
		const [workshop, brand] = await Promise.all([selectVendor(tx, po.vendorId), actor.kind === 'vendor' ? selectBrandSettings(tx) : null]);
		const { id, number, status, revision, vendorId, currency, sentAt, firstAcknowledgedAt } = po;
		return {
			po: { id, number, status, revision, vendorId, currency, sentAt, firstAcknowledgedAt },
			vendorName: workshop.name,
			brandName: brand?.brandName ?? ''
		};
	});
}

/** The PO as a PDF: a given revision as sent, or (no revision) the current state — a draft is marked DRAFT. */
export async function getPurchaseOrderPdf(
	actor: Actor,
	poId: string,
	revision?: number
): Promise<{ bytes: Uint8Array; filename: string; immutable: boolean }> {
	requireSignedIn(actor);
	const found = await withActor(actor, async (tx) => {
		const po = await loadPo(tx, actor, poId);
		const wanted = revision ?? (po.status === 'draft' ? 0 : po.revision);
		if (wanted > 0) {
			const stored = await selectRevisionDocument(tx, po.id, wanted);
			if (!stored) throw notFound('That revision');
			return { snapshot: stored.snapshot as PoSnapshot, pdfKey: stored.pdfKey };
		}
		if (actor.kind === 'vendor') throw notFound('That revision');
		const [lines, workshop, brand] = [await selectLines(tx, po.id), await selectVendor(tx, po.vendorId), await selectBrandSettings(tx)];
		return {
			snapshot: buildSnapshot(po, lines, workshop, brand, { revision: 0, issuedAt: null, issuedBy: actor.name, summary: 'Draft' }),
			pdfKey: null
		};
	});
	const { snapshot } = found;
	// a sent revision is served exactly as it was e-mailed; a draft is drawn afresh
	const bytes = (found.pdfKey ? await getFileStore().get(found.pdfKey) : null) ?? (await renderPurchaseOrderPdf(snapshot));
	return {
		bytes,
		filename: `${snapshot.number}${snapshot.revision > 1 ? `-rev${snapshot.revision}` : snapshot.revision === 0 ? '-draft' : ''}.pdf`,
		immutable: snapshot.revision > 0
	};
}
