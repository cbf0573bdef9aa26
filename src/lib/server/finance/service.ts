/**
 * Finance: the queue of vendor invoices and credit notes, approving what matched, manual holds and
 * their release, payments (scheduled → paid, with the remittance advice) and the accounting exports.
 *
 * Every change recomputes the stored `status` with `deriveInvoiceStatus` and moves `version`, the
 * number finance approves against: a document approved from a page loaded before a re-match, a hold or
 * a payment changed it is refused with the reason, never approved on stale facts. Operations may read
 * the queue; only finance and admins act (checked here, first line of each use-case).
 */
import { isUuid } from '#lib/domain/ids.ts';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import {
	FINANCE_PAGE_SIZE,
	accountingExportQuerySchema,
	approveInvoiceSchema,
	approveSelectionSchema,
	cancelPaymentSchema,
	holdInvoiceSchema,
	paymentMethodLabels,
	recordPaidSchema,
	releaseInvoiceSchema,
	schedulePaymentSchema,
	type AccountingExportQuery,
	type ApproveInvoiceInput,
	type ApproveSelectionInput,
	type CancelPaymentInput,
	type FinanceQueueQuery,
	type HoldInvoiceInput,
	type PaymentListQuery,
	type RecordPaidInput,
	type ReleaseInvoiceInput,
	type SchedulePaymentInput
} from '#lib/domain/finance/schemas.ts';
import { accountingTable, documentKindLabels, netPaymentMinor, type ExportDocument } from '#lib/domain/finance/exports.ts';
import {
	canApprove,
	deriveInvoiceStatus,
	invoiceStatusLabels,
	invoiceStatuses,
	type InvoiceStatus,
	type StoredMatchStatus
} from '#lib/domain/invoices/status.ts';
import { formatMoney, minorToDecimalString } from '#lib/domain/money.ts';
import { formatDate } from '#lib/format/dates.ts';
import { recordAudit, selectEntityHistory } from '#lib/server/audit/audit.ts';
import { requireStaff, withActor, type Actor, type StaffActor } from '#lib/server/auth/actor.ts';
import { toCsv } from '#lib/server/csv.ts';
import { takeNextDocumentNumber } from '#lib/server/db/counters.ts';
import { payment, vendorInvoice, type StoredFinding } from '#lib/server/db/schema/index.ts';
import type { Tx } from '#lib/server/db/scope.ts';
import { conflict, invalid, notFound } from '#lib/server/errors.ts';
import { recordStagedFile, stageFile, withStagedFile } from '#lib/server/files/service.ts';
import type { CheckedUpload } from '#lib/server/files/validate.ts';
import { rematchVendors } from '#lib/server/invoices/rematch.ts';
import { enqueueWorkshopMail, selectWorkshopRecipients } from '#lib/server/mail/outbox.ts';
import { getPlatform } from '#lib/server/platform.ts';
import { renderRemittancePdf, type RemittanceAdvice } from '#lib/server/pdf/remittance.ts';
import { selectBrandSettings } from '#lib/server/settings/queries.ts';
import {
	selectCreditNotesOf,
	queueConditions,
	selectDocument,
	selectDocumentsForUpdate,
	selectExportDocuments,
	selectNettableCredits,
	selectPayment,
	selectPaymentDocuments,
	selectPaymentFilterOptions,
	selectPaymentPage,
	selectPaymentStatuses,
	selectPoLineContext,
	selectQueueCurrencies,
	selectQueuePage,
	selectStatusCounts,
	PAID_COUNT_CAP,
	type LockedDocument
} from './queries.ts';
import { selectVendor, selectVendorName } from '#lib/server/vendors/queries.ts';
import { selectInvoiceLinesWithPo } from '#lib/server/invoices/queries.ts';
import { postalAddressLines } from '#lib/domain/vendors/reference.ts';

export type { QueueRow, PaymentRow } from './queries.ts';

/** Who may act on invoices and payments; operations read. */
export const financeRoles = ['finance', 'admin'] as const;
export const canActOnFinance = (actor: Actor | null | undefined) =>
	actor?.kind === 'staff' && (financeRoles as readonly string[]).includes(actor.role);

const THE_INVOICE = 'That invoice';
const THE_PAYMENT = 'That payment';
/** Ends a clause taken from stored text with one full stop, never two. */
const endSentence = (text: string) => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);
/** "INV-7: it is on hold. INV-9: it is already approved.": each refused document and why, for a person */
export const describeRefusals = (refused: readonly { number: string; reason: string }[]) =>
	refused.map((r) => endSentence(`${r.number}: ${r.reason}`)).join(' ');
const docWord = (kind: 'invoice' | 'credit_note') => (kind === 'credit_note' ? 'credit note' : 'invoice');
/** "invoice INV-7, invoice INV-12": in number order, as a person lists them */
const numbered = (docs: readonly { number: string }[], word: string) =>
	docs
		.map((d) => d.number)
		.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
		.map((n) => `${word} ${n}`)
		.join(', ');

function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
	const result = schema.safeParse(input);
	if (result.success) return result.data;
	const fields: Record<string, string> = {};
	for (const issue of result.error.issues) fields[issue.path.map(String).join('.') || 'form'] ??= issue.message;
	const messages = Object.values(fields);
	throw invalid(messages.length === 1 ? messages[0] : 'Some fields need attention: see the messages beside them.', fields);
}

/** The status both sides see, from the facts on the row (and its payment). */
function statusOf(
	row: { matchStatus: StoredMatchStatus; holdReason: string | null; approvedAt: Date | null },
	paymentStatus: 'scheduled' | 'paid' | null
): InvoiceStatus {
	return deriveInvoiceStatus({
		matchStatus: row.matchStatus,
		manuallyHeld: row.holdReason !== null,
		approved: row.approvedAt !== null,
		paymentStatus
	});
}

/** Why a document cannot be approved now, in words; null when it can. */
function whyNotApprovable(doc: LockedDocument, payment: { number: string; status: 'scheduled' | 'paid' } | undefined): string | null {
	const paymentStatus = payment?.status ?? null;
	if (
		canApprove({
			kind: doc.kind,
			matchStatus: doc.matchStatus,
			manuallyHeld: doc.holdReason !== null,
			approved: doc.approvedAt !== null,
			paymentStatus
		})
	)
		return null;
	if (paymentStatus === 'paid') return `it is already paid (${payment!.number})`;
	if (paymentStatus === 'scheduled') return `it is already on payment ${payment!.number}`;
	if (doc.approvedAt) return 'it is already approved';
	if (doc.holdReason !== null) return `it is on hold: ${doc.holdReason}`;
	if (doc.matchStatus === 'pending') return 'it has not been matched yet';
	const first = (doc.findings as StoredFinding[]).find((f) => f.severity === 'hold') ?? (doc.findings as StoredFinding[])[0];
	return `it does not match${first ? `: ${first.text}` : ''}`;
}

async function setDocument(tx: Tx, doc: LockedDocument, changes: Partial<typeof vendorInvoice.$inferInsert> & { status: InvoiceStatus }) {
	await tx
		.update(vendorInvoice)
		.set({ ...changes, version: sql`${vendorInvoice.version} + 1`, updatedAt: new Date() })
		.where(eq(vendorInvoice.id, doc.id));
}

// ---------------------------------------------------------------- the queue

export async function listFinanceQueue(actor: Actor, query: FinanceQueueQuery) {
	requireStaff(actor);
	// filtered by status alone, the tiles are the database's exact counters: they count the list's rows too
	const countedByTiles = queueConditions(query).length === 0;
	return withActor(actor, async (tx) => {
		// asked together: they travel in one round trip
		const [{ counts, paidCapped }, page, currencies, vendorName] = await Promise.all([
			selectStatusCounts(tx, query),
			selectQueuePage(tx, query, { countedByTiles }),
			selectQueueCurrencies(tx),
			query.vendor ? selectVendorName(tx, query.vendor) : undefined
		]);
		const total =
			page.total ??
			invoiceStatuses
				.filter((s) => (query.status === 'all' ? true : query.status === 'open' ? s !== 'paid' : s === query.status))
				.reduce((sum, s) => sum + counts[s], 0);
		return {
			...page,
			total,
			page: query.page,
			pageCount: Math.max(1, Math.ceil(total / FINANCE_PAGE_SIZE)),
			counts,
			/** the paid tile stopped counting here (filtered lists only) */
			paidCountCap: paidCapped ? PAID_COUNT_CAP : null,
			currencies,
			/** the workshop the list is narrowed to (a link from its liability page), by name */
			vendorName: vendorName ?? null
		};
	});
}

export type FinanceQueue = Awaited<ReturnType<typeof listFinanceQueue>>;

const queueCsvFields = [
	'Type',
	'Number',
	'Vendor',
	'Purchase orders',
	'Invoice date',
	'Due date',
	'Submitted',
	'Currency',
	'Total',
	'Status',
	'Match',
	'First finding',
	'Hold reason'
];

/** The queue as filtered on screen, every page. */
export async function exportFinanceQueueCsv(actor: Actor, query: FinanceQueueQuery): Promise<string> {
	requireStaff(actor);
	const { rows } = await withActor(actor, (tx) => selectQueuePage(tx, query, { all: true }));
	return toCsv(
		queueCsvFields,
		rows.map((r) => [
			documentKindLabels[r.kind],
			r.number,
			r.vendorName,
			r.poNumbers.join(' '),
			r.invoiceDate,
			r.dueDate ?? '',
			r.submittedAt.toISOString(),
			r.currency,
			minorToDecimalString(r.kind === 'credit_note' ? -r.totalMinor : r.totalMinor, r.currency),
			invoiceStatusLabels[r.status],
			r.matchStatus,
			r.firstFinding ?? '',
			r.holdReason ?? ''
		])
	);
}

// ---------------------------------------------------------------- approving

export type ApproveOutcome = {
	approved: { id: string; number: string }[];
	refused: { id: string; number: string; reason: string }[];
};

/**
 * Approves the selected documents that are still as they were loaded and approvable, in one
 * transaction; the rest are refused with the reason. When none can be approved, nothing changes and
 * the answer is a Conflict listing each.
 */
export async function approveInvoices(actor: Actor, input: ApproveSelectionInput): Promise<ApproveOutcome> {
	requireStaff(actor, financeRoles);
	const { items } = parseInput(approveSelectionSchema, input);
	return withActor(actor, async (tx) => {
		const locked = await selectDocumentsForUpdate(tx, [...new Set(items.map((i) => i.invoiceId))]);
		const byId = new Map(locked.map((d) => [d.id, d]));
		const payments = await selectPaymentStatuses(
			tx,
			locked.map((d) => d.paymentId).filter((id): id is string => id !== null)
		);
		const outcome: ApproveOutcome = { approved: [], refused: [] };
		const approvable: LockedDocument[] = [];
		const seen = new Set<string>();
		for (const item of items) {
			if (seen.has(item.invoiceId)) continue;
			seen.add(item.invoiceId);
			const doc = byId.get(item.invoiceId);
			if (!doc) {
				outcome.refused.push({ id: item.invoiceId, number: '—', reason: 'it no longer exists' });
				continue;
			}
			if (doc.version !== item.version) {
				outcome.refused.push({ id: doc.id, number: doc.number, reason: 'changed since you loaded the page — review it again' });
				continue;
			}
			const why = whyNotApprovable(doc, doc.paymentId ? payments.get(doc.paymentId) : undefined);
			if (why) outcome.refused.push({ id: doc.id, number: doc.number, reason: why });
			else approvable.push(doc);
		}
		if (approvable.length === 0) {
			throw conflict(`Nothing was approved. ${describeRefusals(outcome.refused)}`);
		}
		const now = new Date();
		for (const doc of approvable) {
			const status = statusOf({ ...doc, approvedAt: now }, null);
			await setDocument(tx, doc, { approvedBy: actor.userId, approvedAt: now, status });
			await recordAudit(tx, actor, {
				vendorId: doc.vendorId,
				entityType: 'vendor_invoice',
				entityId: doc.id,
				action: 'approve',
				summary: `Approved ${docWord(doc.kind)} ${doc.number} (${formatMoney(doc.totalMinor, doc.currency)})`,
				before: { status: doc.status },
				after: { status }
			});
			outcome.approved.push({ id: doc.id, number: doc.number });
		}
		return outcome;
	});
}

/** Approves one document from its page, against the version the page showed. */
export async function approveInvoice(actor: Actor, invoiceId: string, input: ApproveInvoiceInput): Promise<void> {
	requireStaff(actor, financeRoles);
	const { version } = parseInput(approveInvoiceSchema, input);
	if (!isUuid(invoiceId)) throw notFound(THE_INVOICE);
	await withActor(actor, async (tx) => {
		const doc = await lockOne(tx, invoiceId);
		if (doc.version !== version) throw changedSinceOpened(doc);
		const payments = await selectPaymentStatuses(tx, doc.paymentId ? [doc.paymentId] : []);
		const why = whyNotApprovable(doc, doc.paymentId ? payments.get(doc.paymentId) : undefined);
		if (why) throw conflict(endSentence(`${doc.number} cannot be approved: ${why}`));
		const now = new Date();
		const status = statusOf({ ...doc, approvedAt: now }, null);
		await setDocument(tx, doc, { approvedBy: actor.userId, approvedAt: now, status });
		await recordAudit(tx, actor, {
			vendorId: doc.vendorId,
			entityType: 'vendor_invoice',
			entityId: doc.id,
			action: 'approve',
			summary: `Approved ${docWord(doc.kind)} ${doc.number} (${formatMoney(doc.totalMinor, doc.currency)})`,
			before: { status: doc.status },
			after: { status }
		});
	});
}

async function lockOne(tx: Tx, invoiceId: string): Promise<LockedDocument> {
	const [doc] = await selectDocumentsForUpdate(tx, [invoiceId]);
	if (!doc) throw notFound(THE_INVOICE);
	return doc;
}

function changedSinceOpened(doc: LockedDocument) {
	const first = (doc.findings as StoredFinding[])[0];
	const now = `it is now “${invoiceStatusLabels[doc.status]}”${doc.status === 'exception' && first ? ` — ${first.text.replace(/[.]$/, '')}` : ''}`;
	return conflict(`This invoice changed since you opened it: ${now}. The page shows it as it is now; review it and try again.`);
}

// ---------------------------------------------------------------- holds

/** A manual hold with its reason and an optional day it may be released; withdraws an approval. */
export async function holdInvoice(actor: Actor, invoiceId: string, input: HoldInvoiceInput): Promise<void> {
	requireStaff(actor, financeRoles);
	const parsed = parseInput(holdInvoiceSchema, input);
	if (!isUuid(invoiceId)) throw notFound(THE_INVOICE);
	await withActor(actor, async (tx) => {
		const doc = await lockOne(tx, invoiceId);
		if (doc.version !== parsed.version) throw changedSinceOpened(doc);
		if (doc.paymentId) throw conflict(`${doc.number} is on a payment already: cancel that payment first, then hold it.`);
		if (doc.holdReason !== null) throw conflict(`${doc.number} is already on hold: ${doc.holdReason}`);
		const now = new Date();
		const changes = {
			holdReason: parsed.reason,
			holdUntil: parsed.until || null,
			heldBy: actor.userId,
			heldAt: now,
			approvedBy: null,
			approvedAt: null
		};
		const status = statusOf({ ...doc, ...changes }, null);
		await setDocument(tx, doc, { ...changes, status });
		await recordAudit(tx, actor, {
			vendorId: doc.vendorId,
			entityType: 'vendor_invoice',
			entityId: doc.id,
			action: 'hold',
			summary: `Held ${doc.number}: ${parsed.reason}${parsed.until ? ` (until ${formatDate(parsed.until)})` : ''}${doc.approvedAt ? '; approval withdrawn' : ''}`,
			before: { status: doc.status, holdReason: null },
			after: { status, holdReason: parsed.reason, holdUntil: parsed.until || null }
		});
	});
}

/**
 * Releases a manual hold (a reason is required and audited), then re-matches the workshop: what the
 * hold kept back is judged again on today's receipts and QC. Automatic holds are the match's own
 * and release themselves when it passes.
 */
export async function releaseInvoice(actor: Actor, invoiceId: string, input: ReleaseInvoiceInput): Promise<void> {
	requireStaff(actor, financeRoles);
	const parsed = parseInput(releaseInvoiceSchema, input);
	if (!isUuid(invoiceId)) throw notFound(THE_INVOICE);
	await withActor(actor, async (tx) => {
		const doc = await lockOne(tx, invoiceId);
		if (doc.version !== parsed.version) throw changedSinceOpened(doc);
		if (doc.holdReason === null) {
			throw conflict(
				doc.matchStatus === 'exception'
					? `${doc.number} is held by the match, not by hand: it releases itself when the match passes. See what to fix below.`
					: `${doc.number} is not on hold.`
			);
		}
		const changes = { holdReason: null, holdUntil: null, heldBy: null, heldAt: null };
		const status = statusOf({ ...doc, ...changes }, null);
		await setDocument(tx, doc, { ...changes, status });
		await recordAudit(tx, actor, {
			vendorId: doc.vendorId,
			entityType: 'vendor_invoice',
			entityId: doc.id,
			action: 'release',
			summary: `Released the hold on ${doc.number}: ${parsed.reason}`,
			before: { status: doc.status, holdReason: doc.holdReason },
			after: { status, holdReason: null, releaseReason: parsed.reason }
		});
		await rematchVendors(tx, [doc.vendorId]);
	});
}

// ---------------------------------------------------------------- one document

export async function getFinanceInvoice(actor: Actor, invoiceId: string) {
	requireStaff(actor);
	if (!isUuid(invoiceId)) throw notFound(THE_INVOICE);
	return withActor(actor, async (tx) => {
		// two round trips: what hangs off the document's id, then what its lines and credit link name
		const [found, lines, creditNotes, history] = await Promise.all([
			selectDocument(tx, invoiceId),
			selectInvoiceLinesWithPo(tx, invoiceId),
			selectCreditNotesOf(tx, invoiceId),
			selectEntityHistory(tx, 'vendor_invoice', invoiceId)
		]);
		if (!found) throw notFound(THE_INVOICE);
		const invoice = found.invoice;
		const findings = invoice.findings as StoredFinding[];
		const poLineIds = [
			...new Set([...lines.map((l) => l.poLineId), ...findings.map((f) => f.poLineId)].filter((id): id is string => id !== null))
		];
		const [poLines, credited] = await Promise.all([
			selectPoLineContext(tx, poLineIds),
			invoice.creditsInvoiceId ? selectDocument(tx, invoice.creditsInvoiceId) : undefined
		]);
		const paymentStatus = found.paymentStatus === 'cancelled' ? null : (found.paymentStatus ?? null);
		const approvable = canApprove({
			kind: invoice.kind,
			matchStatus: invoice.matchStatus,
			manuallyHeld: invoice.holdReason !== null,
			approved: invoice.approvedAt !== null,
			paymentStatus
		});
		const lineLabel = new Map(poLines.map((l) => [l.id, `${l.poNumber} line ${l.lineNo}${l.sku ? ` · ${l.sku}` : ''}`]));
		const groups = new Map<string, { poLineId: string | null; label: string; findings: StoredFinding[] }>();
		for (const finding of findings) {
			const key = finding.poLineId ?? '';
			if (!groups.has(key)) {
				groups.set(key, {
					poLineId: finding.poLineId,
					label: finding.poLineId ? (lineLabel.get(finding.poLineId) ?? 'PO line') : 'Whole document',
					findings: []
				});
			}
			groups.get(key)!.findings.push(finding);
		}
		return {
			invoice: {
				...invoice,
				vendorName: found.vendorName,
				poNumbers: found.poNumbers,
				paymentNumber: found.paymentNumber,
				paymentStatus
			},
			lines,
			findingGroups: [...groups.values()],
			poLines,
			creditNotes,
			credited: credited ? { id: credited.invoice.id, number: credited.invoice.number } : null,
			history,
			canAct: canActOnFinance(actor),
			approvable,
			/** a manual hold finance may release; an automatic one releases itself */
			releasable: invoice.holdReason !== null
		};
	});
}

export type FinanceInvoiceView = Awaited<ReturnType<typeof getFinanceInvoice>>;

// ---------------------------------------------------------------- payments

const paymentNumber = (year: number, n: number) => `PAY-${year}-${String(n).padStart(4, '0')}`;

/**
 * Schedules one payment for approved invoices of one workshop in one currency, net of their approved
 * credit notes. The invoices and those credit notes move to `scheduled`.
 */
export async function schedulePayment(actor: Actor, input: SchedulePaymentInput): Promise<{ paymentId: string; number: string }> {
	requireStaff(actor, financeRoles);
	const parsed = parseInput(schedulePaymentSchema, input);
	return withActor(actor, async (tx) => {
		const ids = [...new Set(parsed.invoiceIds)];
		const docs = await selectDocumentsForUpdate(tx, ids);
		if (docs.length !== ids.length) throw conflict('Some of the selected invoices no longer exist. Reload the page and select again.');
		const creditSelected = docs.filter((d) => d.kind === 'credit_note');
		if (creditSelected.length) {
			throw invalid(
				`Select invoices only: ${creditSelected.map((d) => d.number).join(', ')} ${creditSelected.length === 1 ? 'is a credit note' : 'are credit notes'}, netted automatically with the invoice ${creditSelected.length === 1 ? 'it corrects' : 'they correct'}.`
			);
		}
		const notApproved = docs.filter((d) => d.status !== 'approved');
		if (notApproved.length) {
			throw conflict(
				`Only approved invoices can be paid: ${notApproved.map((d) => `${d.number} is ${invoiceStatusLabels[d.status].toLowerCase()}`).join('; ')}.`
			);
		}
		const vendors = new Set(docs.map((d) => d.vendorId));
		if (vendors.size > 1) throw invalid('A payment goes to one workshop: select invoices of one vendor only.');
		const currencies = new Set(docs.map((d) => d.currency));
		if (currencies.size > 1) {
			throw invalid(
				`A payment is in one currency: these invoices are in ${[...currencies].sort().join(' and ')}. Select one currency at a time.`
			);
		}
		const [vendorId] = vendors;
		const [currency] = currencies;
		const credits = (await selectNettableCredits(tx, ids)).filter((c) => c.vendorId === vendorId && c.currency === currency);
		const amountMinor = netPaymentMinor([
			...docs.map((d) => ({ kind: 'invoice' as const, totalMinor: d.totalMinor })),
			...credits.map((c) => ({ kind: 'credit_note' as const, totalMinor: c.totalMinor }))
		]);
		if (amountMinor <= 0) {
			throw invalid(
				`After the credit notes (${credits.map((c) => c.number).join(', ')}) nothing is left to pay (${formatMoney(amountMinor, currency)}). Add invoices or settle the credit another way.`
			);
		}
		const year = Number(parsed.scheduledOn.slice(0, 4));
		const number = paymentNumber(year, await takeNextDocumentNumber(tx, 'payment', year));
		const [row] = await tx
			.insert(payment)
			.values({
				number,
				vendorId,
				currency,
				amountMinor,
				method: parsed.method,
				scheduledOn: parsed.scheduledOn,
				createdBy: actor.userId
			})
			.returning({ id: payment.id });
		const everything = [...docs, ...credits];
		await tx
			.update(vendorInvoice)
			.set({ paymentId: row.id, status: 'scheduled', version: sql`${vendorInvoice.version} + 1`, updatedAt: new Date() })
			.where(
				inArray(
					vendorInvoice.id,
					everything.map((d) => d.id)
				)
			);
		for (const doc of everything) {
			await recordAudit(tx, actor, {
				vendorId,
				entityType: 'vendor_invoice',
				entityId: doc.id,
				action: 'schedule-payment',
				summary: `Payment ${number} scheduled for ${formatDate(parsed.scheduledOn)}`,
				before: { status: 'approved' },
				after: { status: 'scheduled', payment: number }
			});
		}
		await recordAudit(tx, actor, {
			vendorId,
			entityType: 'payment',
			entityId: row.id,
			action: 'schedule',
			summary: `Scheduled ${number}: ${formatMoney(amountMinor, currency)} by ${paymentMethodLabels[parsed.method].toLowerCase()} on ${formatDate(parsed.scheduledOn)} for ${docs.map((d) => d.number).join(', ')}${credits.length ? `, less ${credits.map((c) => c.number).join(', ')}` : ''}`,
			after: { status: 'scheduled', amountMinor, scheduledOn: parsed.scheduledOn }
		});
		// the workshop plans on the money: it hears the date now, and the remittance when it is paid
		const { brandName } = await selectBrandSettings(tx);
		const amount = formatMoney(amountMinor, currency);
		await enqueueWorkshopMail(tx, vendorId, {
			topic: 'payment-scheduled',
			subject: `${brandName} will pay ${amount} on ${formatDate(parsed.scheduledOn)} (${number})`,
			paragraphs: [
				`${brandName} scheduled payment ${number} of ${amount} by ${paymentMethodLabels[parsed.method].toLowerCase()} for ${formatDate(parsed.scheduledOn)}.`,
				`It settles ${numbered(docs, 'invoice')}${credits.length ? `, less ${numbered(credits, 'credit note')}` : ''}. The remittance advice follows when the money has left.`
			],
			action: { label: 'Open your invoices', href: `${getPlatform().origin}/workshop/invoices?status=scheduled` }
		});
		return { paymentId: row.id, number };
	});
}

/** Cancels a scheduled payment: its documents go back to approved; the number stays used, in the audit. */
export async function cancelPayment(actor: Actor, paymentId: string, input: CancelPaymentInput): Promise<void> {
	requireStaff(actor, financeRoles);
	const parsed = parseInput(cancelPaymentSchema, input);
	if (!isUuid(paymentId)) throw notFound(THE_PAYMENT);
	await withActor(actor, async (tx) => {
		const row = await selectPayment(tx, paymentId, { lock: true });
		if (!row) throw notFound(THE_PAYMENT);
		if (row.status === 'paid') throw conflict(`${row.number} is already paid and cannot be cancelled.`);
		if (row.status === 'cancelled') return;
		const docs = await selectPaymentDocuments(tx, paymentId);
		for (const doc of docs) {
			const status = statusOf(doc, null);
			await tx
				.update(vendorInvoice)
				.set({ paymentId: null, status, version: sql`${vendorInvoice.version} + 1`, updatedAt: new Date() })
				.where(eq(vendorInvoice.id, doc.id));
			await recordAudit(tx, actor, {
				vendorId: row.vendorId,
				entityType: 'vendor_invoice',
				entityId: doc.id,
				action: 'cancel-payment',
				summary: `Payment ${row.number} cancelled: ${parsed.reason}`,
				before: { status: 'scheduled', payment: row.number },
				after: { status }
			});
		}
		await recordAudit(tx, actor, {
			vendorId: row.vendorId,
			entityType: 'payment',
			entityId: row.id,
			action: 'cancel',
			summary: `Cancelled ${row.number} (${formatMoney(row.amountMinor, row.currency)}): ${parsed.reason}`,
			before: { status: 'scheduled', number: row.number, amountMinor: row.amountMinor, documents: docs.map((d) => d.number) },
			after: { status: 'cancelled' }
		});
		// the row stays, so the gap-free number shows what happened to it
		await tx
			.update(payment)
			.set({ status: 'cancelled' })
			.where(and(eq(payment.id, row.id), eq(payment.status, 'scheduled')));
		// it was told the date: it is told the date no longer holds
		const { brandName } = await selectBrandSettings(tx);
		await enqueueWorkshopMail(tx, row.vendorId, {
			topic: 'payment-cancelled',
			subject: `${brandName} will not pay ${row.number} on ${formatDate(row.scheduledOn)}`,
			paragraphs: [
				`${brandName} cancelled payment ${row.number} of ${formatMoney(row.amountMinor, row.currency)}, which was scheduled for ${formatDate(row.scheduledOn)}: ${parsed.reason}`,
				`${docs.map((d) => `${docWord(d.kind)} ${d.number}`).join(', ')} ${docs.length === 1 ? 'waits' : 'wait'} for a new payment; nothing needs doing on your side.`
			],
			action: { label: 'Open your invoices', href: `${getPlatform().origin}/workshop/invoices` }
		});
	});
}

/**
 * Records a scheduled payment as paid: date and bank reference, its documents `paid`, the remittance
 * advice rendered, stored as the workshop's file and e-mailed to every person of the workshop.
 */
export async function recordPaymentPaid(actor: Actor, paymentId: string, input: RecordPaidInput): Promise<{ remittanceFileId: string }> {
	requireStaff(actor, financeRoles);
	const parsed = parseInput(recordPaidSchema, input);
	if (!isUuid(paymentId)) throw notFound(THE_PAYMENT);
	return withActor(actor, async (tx) => {
		const row = await selectPayment(tx, paymentId, { lock: true });
		if (!row) throw notFound(THE_PAYMENT);
		if (row.status === 'paid') throw conflict(`${row.number} was already recorded as paid on ${formatDate(row.paidOn)}.`);
		if (parsed.paidOn < row.createdAt.toISOString().slice(0, 10)) {
			throw invalid('The paid date cannot be before the payment was scheduled.', {
				paidOn: 'The paid date cannot be before the payment was scheduled.'
			});
		}
		const docs = await selectPaymentDocuments(tx, paymentId);
		const [brand, workshop] = [await selectBrandSettings(tx), await selectVendor(tx, row.vendorId)];
		if (!workshop) throw notFound('That workshop');
		const advice: RemittanceAdvice = {
			brandName: brand.brandName,
			brandAddress: brand.brandAddress,
			paymentNumber: row.number,
			paidOn: parsed.paidOn,
			method: paymentMethodLabels[row.method],
			reference: parsed.reference,
			currency: row.currency,
			vendor: {
				name: workshop.name,
				addressLines: postalAddressLines(workshop),
				email: workshop.email
			},
			documents: docs.map((d) => ({
				kind: d.kind,
				number: d.number,
				invoiceDate: d.invoiceDate,
				creditsNumber: d.creditsNumber,
				poNumbers: d.poNumbers,
				totalMinor: d.totalMinor
			})),
			totalMinor: row.amountMinor
		};
		const pdf = await renderRemittancePdf(advice);
		const filename = `${row.number}-remittance.pdf`;
		const staged = await stageFile(row.vendorId, 'remittance-advice', {
			bytes: pdf,
			contentType: 'application/pdf',
			originalName: filename
		} as CheckedUpload);
		return withStagedFile(staged, async () => {
			const fileId = await recordStagedFile(tx, staged, actor.userId);
			await tx
				.update(payment)
				.set({ status: 'paid', paidOn: parsed.paidOn, reference: parsed.reference, remittanceFileId: fileId, paidAt: new Date() })
				.where(eq(payment.id, row.id));
			await tx
				.update(vendorInvoice)
				.set({ status: 'paid', version: sql`${vendorInvoice.version} + 1`, updatedAt: new Date() })
				.where(eq(vendorInvoice.paymentId, row.id));
			for (const doc of docs) {
				await recordAudit(tx, actor, {
					vendorId: row.vendorId,
					entityType: 'vendor_invoice',
					entityId: doc.id,
					action: 'paid',
					summary: `Paid by ${row.number} on ${formatDate(parsed.paidOn)} (reference ${parsed.reference})`,
					before: { status: 'scheduled' },
					after: { status: 'paid' }
				});
			}
			await recordAudit(tx, actor, {
				vendorId: row.vendorId,
				entityType: 'payment',
				entityId: row.id,
				action: 'paid',
				summary: `Recorded ${row.number} as paid on ${formatDate(parsed.paidOn)}, reference ${parsed.reference}`,
				before: { status: 'scheduled' },
				after: { status: 'paid', paidOn: parsed.paidOn, reference: parsed.reference }
			});
			const recipients = await selectWorkshopRecipients(tx, row.vendorId);
			await enqueueWorkshopMail(
				tx,
				row.vendorId,
				{
					topic: 'payment-remittance',
					subject: `${brand.brandName} paid ${formatMoney(row.amountMinor, row.currency)} (${row.number})`,
					paragraphs: [
						`${brand.brandName} paid ${formatMoney(row.amountMinor, row.currency)} on ${formatDate(parsed.paidOn)} by ${paymentMethodLabels[row.method].toLowerCase()}, reference ${parsed.reference}.`,
						`It settles ${docs.map((d) => `${docWord(d.kind)} ${d.number}`).join(', ')}. The remittance advice is attached.`
					],
					action: { label: 'Open your invoices', href: `${getPlatform().origin}/workshop/invoices` },
					attachments: [{ fileId, filename }]
				},
				recipients
			);
			return { remittanceFileId: fileId };
		});
	});
}

export async function listPayments(actor: Actor, query: PaymentListQuery) {
	requireStaff(actor);
	return withActor(actor, async (tx) => {
		const page = await selectPaymentPage(tx, query);
		const options = await selectPaymentFilterOptions(tx);
		return { ...page, page: query.page, pageCount: Math.max(1, Math.ceil(page.total / FINANCE_PAGE_SIZE)), ...options };
	});
}

export type PaymentList = Awaited<ReturnType<typeof listPayments>>;

export async function exportPaymentsCsv(actor: Actor, query: PaymentListQuery): Promise<string> {
	requireStaff(actor);
	const { rows } = await withActor(actor, (tx) => selectPaymentPage(tx, query, { all: true }));
	return toCsv(
		['Number', 'Vendor', 'Status', 'Method', 'Scheduled on', 'Paid on', 'Reference', 'Currency', 'Amount', 'Documents'],
		rows.map((r) => [
			r.number,
			r.vendorName,
			r.status,
			paymentMethodLabels[r.method],
			r.scheduledOn,
			r.paidOn ?? '',
			r.reference,
			r.currency,
			minorToDecimalString(r.amountMinor, r.currency),
			r.documentCount
		])
	);
}

/** One payment for staff; a workshop reads its payments on its own pages (and never another's). */
export async function getPayment(actor: Actor, paymentId: string) {
	requireStaff(actor);
	if (!isUuid(paymentId)) throw notFound(THE_PAYMENT);
	return withActor(actor, async (tx) => {
		const row = await selectPayment(tx, paymentId);
		if (!row) throw notFound(THE_PAYMENT);
		// asked together: one round trip
		const [vendorName, documents, history] = await Promise.all([
			selectVendorName(tx, row.vendorId),
			selectPaymentDocuments(tx, paymentId),
			selectEntityHistory(tx, 'payment', paymentId)
		]);
		return { payment: { ...row, vendorName: vendorName ?? '' }, documents, history, canAct: canActOnFinance(actor) };
	});
}

export type PaymentView = Awaited<ReturnType<typeof getPayment>>;

/** The approved invoices of the selection, for the scheduling form (what it will pay, net). */
export async function previewPayment(actor: Actor, invoiceIds: readonly string[]) {
	requireStaff(actor);
	const ids = [...new Set(invoiceIds.filter(isUuid))];
	if (ids.length === 0) return null;
	return withActor(actor, async (tx) => {
		const docs = await tx
			.select({
				id: vendorInvoice.id,
				number: vendorInvoice.number,
				kind: vendorInvoice.kind,
				vendorId: vendorInvoice.vendorId,
				currency: vendorInvoice.currency,
				totalMinor: vendorInvoice.totalMinor,
				status: vendorInvoice.status
			})
			.from(vendorInvoice)
			.where(inArray(vendorInvoice.id, ids));
		const credits = await tx
			.select({ number: vendorInvoice.number, totalMinor: vendorInvoice.totalMinor, currency: vendorInvoice.currency })
			.from(vendorInvoice)
			.where(
				and(
					eq(vendorInvoice.kind, 'credit_note'),
					inArray(vendorInvoice.creditsInvoiceId, ids),
					sql`${vendorInvoice.approvedAt} is not null and ${vendorInvoice.paymentId} is null`
				)
			);
		return { docs, credits };
	});
}

// ---------------------------------------------------------------- accounting exports

export async function exportAccountingCsv(actor: Actor, input: Partial<Record<keyof AccountingExportQuery, string>>) {
	requireStaff(actor);
	const query = accountingExportQuerySchema.parse(input);
	if (query.format === 'queue') throw invalid('Choose QuickBooks Online, Xero or the full CSV.');
	const { docs, lines } = await withActor(actor, (tx) => selectExportDocuments(tx, query));
	const linesByDoc = new Map<string, typeof lines>();
	for (const line of lines) {
		const list = linesByDoc.get(line.invoiceId) ?? [];
		list.push(line);
		linesByDoc.set(line.invoiceId, list);
	}
	const documents: ExportDocument[] = docs.map((d) => ({
		kind: d.kind,
		number: d.number,
		creditsNumber: d.creditsNumber,
		vendorName: d.vendorName,
		vendorEmail: d.vendorEmail ?? '',
		invoiceDate: d.invoiceDate,
		dueDate: d.dueDate,
		terms: d.terms,
		currency: d.currency,
		status: invoiceStatusLabels[d.status],
		poNumbers: d.poNumbers,
		notes: d.notes,
		totalMinor: d.totalMinor,
		approvedOn: d.approvedAt ? d.approvedAt.toISOString().slice(0, 10) : null,
		paymentNumber: d.paymentNumber,
		paidOn: d.paidOn,
		paymentReference: d.paymentReference || null,
		lines: (linesByDoc.get(d.id) ?? []).map((l) => ({
			lineNo: l.lineNo,
			kind: l.kind,
			description: l.description || (l.charge ? l.charge[0].toUpperCase() + l.charge.slice(1) : ''),
			quantity: l.quantity,
			unitPriceMinor: l.unitPriceMinor,
			amountMinor: l.amountMinor,
			poLine: l.poNumber ? `${l.poNumber} line ${l.poLineNo}` : ''
		}))
	}));
	const table = accountingTable(query.format, documents, query);
	return { csv: toCsv(table.header, table.rows), filename: `bezel-${query.format}-bills.csv`, count: documents.length };
}

export type { StaffActor };
