/**
 * A workshop's invoices and credit notes: submitting one (with its PDF), the prefilled forms ("Invoice
 * this PO", a shipment, "Issue this credit note"), its list with what it is owed, and one document's
 * page with the match findings and the payment.
 *
 * Submitting runs as the workshop (row-level security) and stores only what the workshop typed, checked
 * against its own PO lines. The match result is not the workshop's to write (no grant): right after the
 * commit a system transaction re-matches the workshop (`rematchVendors`), so the next page shows it. If
 * that re-match fails the invoice stays "submitted" and the daily re-match picks it up.
 *
 * Duplicates: the same normalised number in the same year (and kind) is refused here with a sentence,
 * and the unique index `vendor_invoice_number_key` refuses it again when two submissions race. The
 * "same amount, same date" look-alike is only a warning: matching reports it to finance.
 */
import { todayIso } from '#lib/format/dates.ts';
import { isUuid } from '#lib/domain/ids.ts';
import { and, asc, desc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { normalizeInvoiceNumber, invoiceYear } from '#lib/domain/invoices/duplicates.ts';
import {
	blankLine,
	creditNoteLinesFrom,
	flipPurchaseOrder,
	invoiceEntrySchema,
	invoiceListQuerySchema,
	parseInvoiceEntry,
	toDocumentLine,
	MAX_AMOUNT_MINOR,
	type FlipPoLine,
	type InvoiceEntryForm,
	type InvoiceLineForm,
	type InvoiceListQuery,
	type ParsedInvoiceEntry
} from '#lib/domain/invoices/entry.ts';
import { chargeLabels } from '#lib/domain/invoices/explain.ts';
import { documentTotals } from '#lib/domain/invoices/matching.ts';
import { agreedUnitPriceMinor } from '#lib/domain/invoices/po-terms.ts';
import { invoiceStatusHints, invoiceStatusLabels, type InvoiceStatus } from '#lib/domain/invoices/status.ts';
import { formatMoney, minorToDecimalString } from '#lib/domain/money.ts';
import { formatDate } from '#lib/format/dates.ts';
import { recordAudit } from '#lib/server/audit/audit.ts';
import { requireVendor, withActor, type Actor, type VendorActor } from '#lib/server/auth/actor.ts';
import { toCsv } from '#lib/server/csv.ts';
import { rowsOf } from '#lib/server/db/client.ts';
import {
	payment,
	purchaseOrder,
	purchaseOrderLine,
	shipment,
	shipmentLine,
	vendor,
	vendorInvoice,
	vendorInvoiceLine,
	type StoredFinding
} from '#lib/server/db/schema/index.ts';
import { asSystem, type Tx } from '#lib/server/db/scope.ts';
import { compiledSelect } from '#lib/server/db/compiled.ts';
import { AppError, conflict, invalid, notFound } from '#lib/server/errors.ts';
import { recordStagedFile, stageFile, withStagedFile } from '#lib/server/files/service.ts';
import { enqueueBrandTeamMail } from '#lib/server/mail/outbox.ts';
import { getPlatform } from '#lib/server/platform.ts';
import { checkInvoicePdf } from './invoice-pdf.ts';
import { rematchVendors } from './rematch.ts';
import {
	selectInvoiceLinesWithPo,
	selectInvoiceListPage,
	selectPurchaseOrderNumber,
	selectInvoicesForExport,
	selectOwedSummary,
	type InvoiceListRow
} from './queries.ts';
import { fixedLimit } from '#lib/server/db/fixed-limit.ts';

export type { InvoiceListPage, InvoiceListRow, OwedSummary } from './queries.ts';

const THE_INVOICE = 'That invoice';
/** a PO in these states was never agreed (or no longer is): nothing on it can be invoiced */
const notInvoiceable = ['draft', 'declined', 'cancelled'] as const;
const poStatusWords: Record<string, string> = { draft: 'a draft', declined: 'declined', cancelled: 'cancelled' };
const kindWord = (kind: 'invoice' | 'credit_note') => (kind === 'invoice' ? 'Invoice' : 'Credit note');

type UploadedFile = { name: string; size: number; arrayBuffer(): Promise<ArrayBuffer> };

function parseForm(input: unknown): { value?: z.output<typeof invoiceEntrySchema>; errors: Record<string, string> } {
	const result = invoiceEntrySchema.safeParse(input);
	if (result.success) return { value: result.data, errors: {} };
	const errors: Record<string, string> = {};
	for (const issue of result.error.issues) {
		const key = issue.path
			.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`))
			.join('');
		errors[key || 'form'] ??= issue.message;
	}
	return { errors };
}

function refuse(errors: Record<string, string>): never {
	const messages = [...new Set(Object.values(errors))];
	throw invalid(messages.length === 1 ? messages[0] : 'Some fields need attention: see the messages beside them.', errors);
}

const duplicateRefusal = (existing: { kind: 'invoice' | 'credit_note'; number: string; invoiceDate: string; submittedAt: Date }) => {
	const text = `${kindWord(existing.kind)} ${existing.number} dated ${formatDate(existing.invoiceDate)} is already in Bezel (submitted ${formatDate(existing.submittedAt)}). If this is a new ${existing.kind === 'invoice' ? 'invoice' : 'credit note'}, give it its own number.`;
	return conflict(text, { number: `${existing.number} of ${existing.invoiceDate.slice(0, 4)} is already in Bezel.` });
};

function isNumberClash(error: unknown): boolean {
	for (let cause = error as { cause?: unknown; code?: string; constraint?: string; constraint_name?: string } | undefined; cause;) {
		if (cause.code === '23505' && (cause.constraint ?? cause.constraint_name) === 'vendor_invoice_number_key') return true;
		cause = cause.cause as typeof cause;
	}
	return false;
}

async function selectSameNumber(tx: Tx, vendorId: string, entry: Pick<ParsedInvoiceEntry, 'kind' | 'number' | 'invoiceDate'>) {
	const [existing] = await tx
		.select({
			kind: vendorInvoice.kind,
			number: vendorInvoice.number,
			invoiceDate: vendorInvoice.invoiceDate,
			submittedAt: vendorInvoice.submittedAt
		})
		.from(vendorInvoice)
		.where(
			and(
				eq(vendorInvoice.vendorId, vendorId),
				eq(vendorInvoice.kind, entry.kind),
				eq(vendorInvoice.invoiceYear, Number(invoiceYear(entry.invoiceDate))),
				eq(vendorInvoice.numberKey, normalizeInvoiceNumber(entry.number))
			)
		)
		.limit(1);
	return existing;
}

/** Every reference the document makes must be the workshop's own, agreed, not cancelled, in its currency. */
/** Refuses references the workshop may not invoice; answers the PO numbers the document reaches, sorted. */
async function checkReferences(tx: Tx, actor: VendorActor, entry: ParsedInvoiceEntry): Promise<string[]> {
	const errors: Record<string, string> = {};
	const poLineIds = [...new Set(entry.lines.flatMap((l) => (l.kind === 'charge' ? [] : [l.poLineId])))];
	const found = poLineIds.length
		? await tx
				.select({
					id: purchaseOrderLine.id,
					lineNo: purchaseOrderLine.lineNo,
					cancelled: purchaseOrderLine.cancelled,
					vendorId: purchaseOrderLine.vendorId,
					poNumber: purchaseOrder.number,
					poStatus: purchaseOrder.status,
					poCurrency: purchaseOrder.currency
				})
				.from(purchaseOrderLine)
				.innerJoin(purchaseOrder, eq(purchaseOrder.id, purchaseOrderLine.purchaseOrderId))
				.where(and(inArray(purchaseOrderLine.id, poLineIds), eq(purchaseOrderLine.vendorId, actor.vendorId)))
		: [];
	const byId = new Map(found.map((row) => [row.id, row]));
	entry.lines.forEach((line, i) => {
		if (line.kind === 'charge') return;
		const field = `lines[${i}].poLineId`;
		const row = byId.get(line.poLineId);
		// RLS hides another workshop's lines; the explicit vendor check is the first lock
		if (!row || row.vendorId !== actor.vendorId)
			errors[field] = 'That is not one of your PO lines: choose a line from your own purchase orders.';
		else if ((notInvoiceable as readonly string[]).includes(row.poStatus))
			errors[field] = `${row.poNumber} is ${poStatusWords[row.poStatus]}: nothing on it can be invoiced.`;
		else if (row.cancelled) errors[field] = `Line ${row.lineNo} of ${row.poNumber} was cancelled: it cannot be invoiced.`;
		else if (row.poCurrency !== entry.currency) {
			errors[field] = `${row.poNumber} is in ${row.poCurrency}, this document in ${entry.currency}.`;
			errors.currency ??= `${row.poNumber} is in ${row.poCurrency}: invoice each PO in its own currency.`;
		}
	});
	let poNumber: string | null = null;
	if (entry.purchaseOrderId) {
		const [po] = await tx
			.select({
				number: purchaseOrder.number,
				status: purchaseOrder.status,
				currency: purchaseOrder.currency,
				vendorId: purchaseOrder.vendorId
			})
			.from(purchaseOrder)
			.where(and(eq(purchaseOrder.id, entry.purchaseOrderId), eq(purchaseOrder.vendorId, actor.vendorId)))
			.limit(1);
		poNumber = po?.number ?? null;
		if (!po) errors.purchaseOrderId = 'That is not one of your purchase orders.';
		else if ((notInvoiceable as readonly string[]).includes(po.status))
			errors.purchaseOrderId = `${po.number} is ${poStatusWords[po.status]}: it cannot be invoiced.`;
		else if (po.currency !== entry.currency) errors.currency ??= `${po.number} is in ${po.currency}: invoice each PO in its own currency.`;
	}
	if (entry.shipmentId) {
		const [own] = await tx
			.select({ id: shipment.id })
			.from(shipment)
			.where(and(eq(shipment.id, entry.shipmentId), eq(shipment.vendorId, actor.vendorId)))
			.limit(1);
		if (!own) errors.shipmentId = 'That is not one of your shipments.';
	}
	if (entry.kind === 'credit_note' && entry.creditsInvoiceId) {
		const [original] = await tx
			.select({ kind: vendorInvoice.kind, number: vendorInvoice.number, currency: vendorInvoice.currency })
			.from(vendorInvoice)
			.where(and(eq(vendorInvoice.id, entry.creditsInvoiceId), eq(vendorInvoice.vendorId, actor.vendorId)))
			.limit(1);
		if (!original || original.kind !== 'invoice')
			errors.creditsInvoiceId = 'That is not one of your invoices: a credit note corrects one of your own invoices.';
		else if (original.currency !== entry.currency)
			errors.currency ??= `Invoice ${original.number} is in ${original.currency}: its credit note must be in ${original.currency} too.`;
	}
	if (Object.keys(errors).length > 0) refuse(errors);
	return [...new Set([...found.map((row) => row.poNumber), ...(poNumber ? [poNumber] : [])])].sort();
}

export interface SubmitResult {
	invoiceId: string;
	kind: 'invoice' | 'credit_note';
	number: string;
}

/**
 * Submits an invoice or credit note with its PDF. Nothing is stored unless everything is right: the
 * typed fields and the PDF are checked first (every problem reported at once), the bytes are staged,
 * and one transaction checks the references and duplicates and writes the document, its lines, the
 * audit row and the brand's mail; a failure removes the staged bytes.
 */
export async function submitVendorInvoice(actor: Actor, input: unknown, file: UploadedFile | null | undefined): Promise<SubmitResult> {
	requireVendor(actor);
	const parsedForm = parseForm(input);
	let errors = parsedForm.errors;
	let entry: ParsedInvoiceEntry | undefined;
	if (parsedForm.value) {
		const parsed = parseInvoiceEntry(parsedForm.value, todayIso());
		if (parsed.ok) entry = parsed.value;
		else errors = { ...errors, ...parsed.errors };
	}
	let pdf: Awaited<ReturnType<typeof checkInvoicePdf>> | undefined;
	try {
		pdf = await checkInvoicePdf(file);
	} catch (caught) {
		if (!(caught instanceof AppError)) throw caught;
		if (Object.keys(errors).length === 0) throw caught;
		errors = { ...errors, ...caught.fields };
	}
	if (!entry || !pdf || Object.keys(errors).length > 0) refuse(errors);

	const lines = entry.lines.map((line, i) => toDocumentLine(line, String(i)));
	const totals = documentTotals({ lines });
	if (totals.totalMinor > MAX_AMOUNT_MINOR) refuse({ lines: 'The document adds up to more than any real invoice: check the amounts.' });
	const vendorId = actor.vendorId;
	const staged = await stageFile(vendorId, 'invoice', pdf);
	let result: SubmitResult;
	try {
		result = await withStagedFile(staged, () =>
			withActor(actor, async (tx) => {
				const poNumbers = await checkReferences(tx, actor, entry);
				const existing = await selectSameNumber(tx, vendorId, entry);
				if (existing) throw duplicateRefusal(existing);
				const pdfFileId = await recordStagedFile(tx, staged, actor.userId);
				// the workshop may insert only the columns granted to it, and drizzle names every column
				// (DEFAULT for the rest): so the statement names its columns itself
				const [row] = rowsOf<{ id: string }>(
					await tx.execute(sql`
						insert into vendor_invoice (vendor_id, kind, number, number_key, invoice_year, invoice_date, due_date, terms, currency,
							credits_invoice_id, purchase_order_id, shipment_id, purchase_order_numbers, pdf_file_id, notes, goods_minor, metal_minor,
							charges_minor, total_minor, submitted_by)
						values (${vendorId}, ${entry.kind}, ${entry.number}, ${normalizeInvoiceNumber(entry.number)},
							${Number(invoiceYear(entry.invoiceDate))}, ${entry.invoiceDate}, ${entry.dueDate}, ${entry.terms}, ${entry.currency},
							${entry.creditsInvoiceId}, ${entry.purchaseOrderId}, ${entry.shipmentId},
							array(select jsonb_array_elements_text(${JSON.stringify(poNumbers)}::jsonb)), ${pdfFileId}, ${entry.notes},
							${totals.goodsMinor}, ${totals.metalMinor}, ${totals.chargesMinor}, ${totals.totalMinor}, ${actor.userId})
						returning id`)
				);
				await tx.insert(vendorInvoiceLine).values(
					entry.lines.map((line, i) => ({
						invoiceId: row.id,
						vendorId,
						lineNo: i + 1,
						kind: line.kind,
						purchaseOrderLineId: line.kind === 'charge' ? null : line.poLineId,
						description: line.description,
						quantity: line.kind === 'goods' ? line.quantity : null,
						unitPriceMinor: line.kind === 'goods' ? line.unitPriceMinor : null,
						fineWeightMg: line.kind === 'goods' ? (line.metal?.fineWeightMg ?? null) : null,
						metalPricePerFineGramMinor: line.kind === 'goods' ? (line.metal?.pricePerFineGramMinor ?? null) : null,
						part: line.kind === 'adjustment' ? line.part : null,
						charge: line.kind === 'charge' ? line.charge : null,
						amountMinor: line.amountMinor
					}))
				);
				const what = `${kindWord(entry.kind).toLowerCase()} ${entry.number}`;
				const total = formatMoney(totals.totalMinor, entry.currency);
				await recordAudit(tx, actor, {
					vendorId,
					entityType: 'vendor_invoice',
					entityId: row.id,
					action: entry.kind === 'invoice' ? 'invoice.submitted' : 'credit_note.submitted',
					summary: `${actor.name} submitted ${what} dated ${entry.invoiceDate} for ${total}`,
					after: {
						number: entry.number,
						invoiceDate: entry.invoiceDate,
						currency: entry.currency,
						...totals,
						lines: entry.lines.length,
						pdf: staged.originalName
					}
				});
				// finance decides on invoices; admins see everything
				await enqueueBrandTeamMail(tx, ['finance', 'admin'], {
					topic: entry.kind === 'invoice' ? 'invoice-submitted' : 'credit-note-submitted',
					subject: `New ${what} from ${actor.vendorName}`,
					paragraphs: [
						`${actor.vendorName} submitted ${what} dated ${formatDate(entry.invoiceDate)} for ${total}.`,
						'Bezel is matching it against the PO, what was received and what passed QC; the result is on its page.'
					],
					action: { label: `Open ${entry.number}`, href: `${getPlatform().origin}/finance/invoices/${row.id}` }
				});
				return { invoiceId: row.id, kind: entry.kind, number: entry.number };
			})
		);
	} catch (caught) {
		if (!isNumberClash(caught)) throw caught;
		// another submission of the same number committed between our check and our insert
		const existing = await withActor(actor, (tx) => selectSameNumber(tx, vendorId, entry));
		throw existing ? duplicateRefusal(existing) : caught;
	}
	try {
		await asSystem((tx) => rematchVendors(tx, [vendorId]));
	} catch (caught) {
		// the document is in; it stays "submitted" until the daily re-match succeeds
		console.error('Re-matching after an invoice submission failed', caught);
	}
	return result;
}

// ─── Prefilled forms ──────────────────────────────────────────────────────────────────────────────

export interface PoLineOption {
	id: string;
	poId: string;
	poNumber: string;
	lineNo: number;
	label: string;
	currency: string;
	unitPrice: string;
	/** accepted and not yet invoiced */
	openPieces: number;
}

export interface InvoiceDraft {
	form: InvoiceEntryForm;
	poLines: PoLineOption[];
	waitingForQc: { poLineId: string; description: string; pieces: number }[];
	/** what the form was made from, in words ("PO-2026-0042"), or null for a blank form */
	source: { kind: 'po' | 'shipment' | 'credits'; id: string; label: string } | null;
	/** a sentence when the source cannot be invoiced (or nothing is left to invoice on it) */
	notice: string | null;
	/** the invoice a credit note corrects */
	credits: { id: string; number: string; currency: string } | null;
}

const flipColumns = {
	id: purchaseOrderLine.id,
	purchaseOrderId: purchaseOrderLine.purchaseOrderId,
	lineNo: purchaseOrderLine.lineNo,
	sku: purchaseOrderLine.sku,
	description: purchaseOrderLine.description,
	laborBasis: purchaseOrderLine.laborBasis,
	laborUnitPriceMinor: purchaseOrderLine.laborUnitPriceMinor,
	stoneCount: purchaseOrderLine.stoneCount,
	targetWeightMg: purchaseOrderLine.targetWeightMg,
	stonesUnitPriceMinor: purchaseOrderLine.stonesUnitPriceMinor,
	fineness: purchaseOrderLine.fineness,
	metalBasis: purchaseOrderLine.metalBasis,
	metalPricePerGramMinor: purchaseOrderLine.metalPricePerGramMinor,
	marketMetalPricePerGramMinor: purchaseOrderLine.marketMetalPricePerGramMinor,
	cancelled: purchaseOrderLine.cancelled,
	receivedQuantity: purchaseOrderLine.receivedQuantity,
	acceptedQuantity: purchaseOrderLine.acceptedQuantity,
	reworkQuantity: purchaseOrderLine.reworkQuantity,
	returnedQuantity: purchaseOrderLine.returnedQuantity,
	acceptedGrossWeightMg: purchaseOrderLine.acceptedGrossWeightMg,
	invoicedQuantity: purchaseOrderLine.invoicedQuantity,
	poNumber: purchaseOrder.number,
	poStatus: purchaseOrder.status,
	poCurrency: purchaseOrder.currency,
	agreedCharges: purchaseOrder.agreedChargesMinor
};

/** The workshop's PO lines that can be invoiced: on agreed POs, not cancelled. */
function selectInvoiceablePoLines(tx: Tx, vendorId: string, poIds?: string[]) {
	return tx
		.select(flipColumns)
		.from(purchaseOrderLine)
		.innerJoin(purchaseOrder, eq(purchaseOrder.id, purchaseOrderLine.purchaseOrderId))
		.where(
			and(
				eq(purchaseOrderLine.vendorId, vendorId),
				eq(purchaseOrderLine.cancelled, false),
				notInArray(purchaseOrder.status, [...notInvoiceable]),
				poIds ? inArray(purchaseOrder.id, poIds) : undefined
			)
		)
		.orderBy(desc(purchaseOrder.createdAt), asc(purchaseOrderLine.lineNo))
		.limit(fixedLimit(1000));
}

type FlipRow = Awaited<ReturnType<typeof selectInvoiceablePoLines>>[number];

const optionOf = (row: FlipRow): PoLineOption => ({
	id: row.id,
	poId: row.purchaseOrderId,
	poNumber: row.poNumber,
	lineNo: row.lineNo,
	label: `${row.poNumber} · line ${row.lineNo}${row.sku ? ` · ${row.sku}` : ''} · ${row.description}`,
	currency: row.poCurrency,
	unitPrice: minorToDecimalString(agreedUnitPriceMinor(row), row.poCurrency),
	openPieces: Math.max(0, row.acceptedQuantity - row.invoicedQuantity)
});

const flipLineOf = (row: FlipRow): FlipPoLine => ({ ...row });

function emptyForm(kind: 'invoice' | 'credit_note', currency: string): InvoiceEntryForm {
	return {
		kind,
		number: '',
		invoiceDate: todayIso(),
		dueDate: '',
		terms: '',
		currency,
		notes: '',
		creditsInvoiceId: '',
		purchaseOrderId: '',
		shipmentId: '',
		lines: [blankLine('goods')]
	};
}

/**
 * The form to start from: blank, flipped from a PO (`po`) or a shipment (`shipment`) — accepted pieces
 * not yet invoiced, at the PO's prices — or a credit note against one of the workshop's invoices
 * (`credits`), prefilled from the credit matching suggested. Another workshop's PO, shipment or
 * invoice answers NotFound.
 */
export async function getInvoiceDraft(
	actor: Actor,
	source: { po?: string | null; shipment?: string | null; credits?: string | null }
): Promise<InvoiceDraft> {
	requireVendor(actor);
	const vendorId = actor.vendorId;
	if (source.po && !isUuid(source.po)) throw notFound('That purchase order');
	if (source.shipment && !isUuid(source.shipment)) throw notFound('That shipment');
	if (source.credits && !isUuid(source.credits)) throw notFound(THE_INVOICE);
	return withActor(actor, async (tx) => {
		const [workshop] = await tx.select({ currency: vendor.currency }).from(vendor).where(eq(vendor.id, vendorId)).limit(1);
		const all = await selectInvoiceablePoLines(tx, vendorId);
		const poLines = all.map(optionOf);
		const draft: InvoiceDraft = {
			form: emptyForm('invoice', workshop?.currency ?? 'USD'),
			poLines,
			waitingForQc: [],
			source: null,
			notice: null,
			credits: null
		};

		if (source.credits) {
			const [original] = await tx
				.select({
					id: vendorInvoice.id,
					kind: vendorInvoice.kind,
					number: vendorInvoice.number,
					currency: vendorInvoice.currency,
					suggestedCredit: vendorInvoice.suggestedCredit,
					purchaseOrderId: vendorInvoice.purchaseOrderId
				})
				.from(vendorInvoice)
				.where(and(eq(vendorInvoice.id, source.credits), eq(vendorInvoice.vendorId, vendorId)))
				.limit(1);
			if (!original || original.kind !== 'invoice') throw notFound(THE_INVOICE);
			const lines = creditNoteLinesFrom(original.suggestedCredit, original.currency);
			draft.form = {
				...emptyForm('credit_note', original.currency),
				creditsInvoiceId: original.id,
				purchaseOrderId: original.purchaseOrderId ?? '',
				lines: lines.length > 0 ? lines : [blankLine('goods')]
			};
			draft.credits = { id: original.id, number: original.number, currency: original.currency };
			draft.source = { kind: 'credits', id: original.id, label: `invoice ${original.number}` };
			if (lines.length === 0)
				draft.notice = `Bezel has no credit to suggest for invoice ${original.number}: enter what your credit note takes off.`;
			return draft;
		}

		if (source.po) {
			const [po] = await tx
				.select({
					id: purchaseOrder.id,
					number: purchaseOrder.number,
					status: purchaseOrder.status,
					currency: purchaseOrder.currency,
					agreedCharges: purchaseOrder.agreedChargesMinor
				})
				.from(purchaseOrder)
				.where(and(eq(purchaseOrder.id, source.po), eq(purchaseOrder.vendorId, vendorId)))
				.limit(1);
			if (!po) throw notFound('That purchase order');
			draft.source = { kind: 'po', id: po.id, label: po.number };
			draft.form = { ...emptyForm('invoice', po.currency), purchaseOrderId: po.id };
			if ((notInvoiceable as readonly string[]).includes(po.status)) {
				draft.notice = `${po.number} is ${poStatusWords[po.status]}: nothing on it can be invoiced.`;
				return draft;
			}
			const flip = flipPurchaseOrder(all.filter((row) => row.purchaseOrderId === po.id).map(flipLineOf), po.agreedCharges, po.currency);
			applyFlip(draft, flip, po.number);
			return draft;
		}

		if (source.shipment) {
			const [own] = await tx
				.select({ id: shipment.id, number: shipment.number, currency: shipment.currency })
				.from(shipment)
				.where(and(eq(shipment.id, source.shipment), eq(shipment.vendorId, vendorId)))
				.limit(1);
			if (!own) throw notFound('That shipment');
			const shipped = await tx
				.select({ poLineId: shipmentLine.purchaseOrderLineId, poId: shipmentLine.purchaseOrderId, quantity: shipmentLine.quantity })
				.from(shipmentLine)
				.where(eq(shipmentLine.shipmentId, own.id));
			const quantities = new Map<string, number>();
			for (const line of shipped) quantities.set(line.poLineId, (quantities.get(line.poLineId) ?? 0) + line.quantity);
			const rows = all.filter((row) => quantities.has(row.id));
			const poIds = [...new Set(rows.map((row) => row.purchaseOrderId))];
			const currency = rows[0]?.poCurrency ?? own.currency;
			draft.source = { kind: 'shipment', id: own.id, label: own.number };
			draft.form = { ...emptyForm('invoice', currency), shipmentId: own.id, purchaseOrderId: poIds.length === 1 ? poIds[0] : '' };
			// charges are agreed per PO, not per shipment: the workshop adds them if the PO allows
			const flip = flipPurchaseOrder(rows.filter((row) => row.poCurrency === currency).map(flipLineOf), {}, currency, quantities);
			applyFlip(draft, flip, own.number);
			return draft;
		}
		return draft;
	});
}

function applyFlip(draft: InvoiceDraft, flip: ReturnType<typeof flipPurchaseOrder>, what: string) {
	draft.waitingForQc = flip.waitingForQc;
	const goods = flip.lines.filter((line) => line.kind === 'goods');
	if (goods.length > 0) {
		draft.form.lines = flip.lines;
		return;
	}
	draft.form.lines = [blankLine('goods')];
	const waiting = flip.waitingForQc.reduce((sum, w) => sum + w.pieces, 0);
	draft.notice =
		waiting > 0
			? `Nothing on ${what} is ready to invoice yet: ${waiting} ${waiting === 1 ? 'piece waits' : 'pieces wait'} for the brand’s QC. Pieces can be invoiced once they are accepted.`
			: `Nothing on ${what} is left to invoice: every accepted piece is on an invoice already.`;
}

// ─── The list ─────────────────────────────────────────────────────────────────────────────────────

/** The one-line explanation beside the status badge. */
export function statusExplanation(row: { status: InvoiceStatus; findings: StoredFinding[]; holdReason: string | null }): string {
	if (row.status === 'exception') {
		const holds = row.findings.filter((f) => f.severity === 'hold');
		const first = holds[0] ?? row.findings[0];
		if (!first) return invoiceStatusHints.exception;
		return holds.length > 1 ? `${first.text} (and ${holds.length - 1} more)` : first.text;
	}
	if (row.status === 'on_hold') return row.holdReason ? `Held by finance: ${row.holdReason}` : invoiceStatusHints.on_hold;
	return invoiceStatusHints[row.status];
}

export function parseInvoiceListQuery(params: URLSearchParams): InvoiceListQuery {
	return invoiceListQuerySchema.parse(Object.fromEntries(params));
}

export async function listWorkshopInvoices(actor: Actor, query: InvoiceListQuery) {
	requireVendor(actor);
	const vendorId = actor.vendorId;
	return withActor(actor, async (tx) => {
		// sent together: one round trip
		const [list, owed, poNumber] = await Promise.all([
			selectInvoiceListPage(tx, vendorId, query),
			selectOwedSummary(tx, vendorId, todayIso()),
			query.po ? selectPurchaseOrderNumber(tx, vendorId, query.po) : undefined
		]);
		return {
			// the findings become one sentence here; the page does not carry them
			list: { ...list, rows: list.rows.map(({ findings, ...row }) => ({ ...row, explanation: statusExplanation({ ...row, findings }) })) },
			owed,
			/** the PO the list is narrowed to (a link from the PO's page), by number */
			poNumber: poNumber ?? null
		};
	});
}

export async function exportWorkshopInvoicesCsv(actor: Actor, query: InvoiceListQuery): Promise<string> {
	requireVendor(actor);
	const vendorId = actor.vendorId;
	const rows: InvoiceListRow[] = await withActor(actor, (tx) => selectInvoicesForExport(tx, vendorId, query));
	return toCsv(
		[
			'Number',
			'Kind',
			'Invoice date',
			'Due date',
			'PO',
			'Currency',
			'Total',
			'Status',
			'Explanation',
			'Submitted',
			'Payment',
			'Scheduled for',
			'Paid on',
			'Payment reference'
		],
		rows.map((row) => [
			row.number,
			row.kind === 'invoice' ? 'Invoice' : 'Credit note',
			row.invoiceDate,
			row.dueDate ?? '',
			row.purchaseOrderNumbers.join(', '),
			row.currency,
			minorToDecimalString(row.kind === 'credit_note' ? -row.totalMinor : row.totalMinor, row.currency),
			invoiceStatusLabels[row.status],
			statusExplanation(row),
			row.submittedAt.toISOString().slice(0, 10),
			row.paymentNumber ?? '',
			row.paymentScheduledOn ?? '',
			row.paymentPaidOn ?? '',
			row.paymentReference ?? ''
		])
	);
}

// ─── One document ─────────────────────────────────────────────────────────────────────────────────

export interface FindingGroup {
	/** null: about the whole document */
	poLineId: string | null;
	label: string;
	findings: { severity: 'hold' | 'warning'; text: string; fix: string | null }[];
}

// The workshop's invoice page reads, compiled (db/compiled.ts): built once, not on every view.

const workshopDocument = compiledSelect(['invoiceId', 'vendorId'], (db, p) =>
	db
		.select()
		.from(vendorInvoice)
		.where(and(eq(vendorInvoice.id, p.invoiceId), eq(vendorInvoice.vendorId, p.vendorId)))
		.limit(1)
);

const workshopCreditNotesOf = compiledSelect(['invoiceId', 'vendorId'], (db, p) =>
	db
		.select({
			id: vendorInvoice.id,
			number: vendorInvoice.number,
			invoiceDate: vendorInvoice.invoiceDate,
			totalMinor: vendorInvoice.totalMinor,
			status: vendorInvoice.status
		})
		.from(vendorInvoice)
		.where(and(eq(vendorInvoice.creditsInvoiceId, p.invoiceId), eq(vendorInvoice.vendorId, p.vendorId)))
		.orderBy(asc(vendorInvoice.submittedAt))
);

const workshopCreditedInvoice = compiledSelect(['invoiceId'], (db, p) =>
	db.select({ id: vendorInvoice.id, number: vendorInvoice.number }).from(vendorInvoice).where(eq(vendorInvoice.id, p.invoiceId)).limit(1)
);

const workshopDocumentPo = compiledSelect(['poId'], (db, p) =>
	db.select({ id: purchaseOrder.id, number: purchaseOrder.number }).from(purchaseOrder).where(eq(purchaseOrder.id, p.poId)).limit(1)
);

const workshopDocumentPayment = compiledSelect(['paymentId', 'vendorId'], (db, p) =>
	db
		.select({
			number: payment.number,
			status: payment.status,
			method: payment.method,
			scheduledOn: payment.scheduledOn,
			paidOn: payment.paidOn,
			reference: payment.reference,
			amountMinor: payment.amountMinor,
			currency: payment.currency,
			remittanceFileId: payment.remittanceFileId
		})
		.from(payment)
		.where(and(eq(payment.id, p.paymentId), eq(payment.vendorId, p.vendorId)))
		.limit(1)
);

export async function getWorkshopInvoice(actor: Actor, invoiceId: string) {
	requireVendor(actor);
	if (!isUuid(invoiceId)) throw notFound(THE_INVOICE);
	const vendorId = actor.vendorId;
	return withActor(actor, async (tx) => {
		// two round trips: what hangs off the document's id, then what it names (credited invoice, PO, payment)
		const [[invoice], lines, creditNotes] = await Promise.all([
			workshopDocument(tx, { invoiceId, vendorId }),
			selectInvoiceLinesWithPo(tx, invoiceId),
			workshopCreditNotesOf(tx, { invoiceId, vendorId })
		]);
		if (!invoice) throw notFound(THE_INVOICE);
		const [[credited], [po], [paid]] = await Promise.all([
			invoice.creditsInvoiceId ? workshopCreditedInvoice(tx, { invoiceId: invoice.creditsInvoiceId }) : [],
			invoice.purchaseOrderId ? workshopDocumentPo(tx, { poId: invoice.purchaseOrderId }) : [],
			invoice.paymentId ? workshopDocumentPayment(tx, { paymentId: invoice.paymentId, vendorId }) : []
		]);

		const labelOf = new Map<string, string>();
		for (const line of lines)
			if (line.poLineId && line.poNumber)
				labelOf.set(
					line.poLineId,
					`${line.poNumber} line ${line.poLineNo}${line.poLineSku ? ` · ${line.poLineSku}` : ''} · ${line.poLineDescription}`
				);
		const groups = new Map<string, FindingGroup>();
		for (const finding of invoice.findings ?? []) {
			const key = finding.poLineId ?? '';
			let group = groups.get(key);
			if (!group) {
				group = {
					poLineId: finding.poLineId,
					label: finding.poLineId ? (labelOf.get(finding.poLineId) ?? 'A PO line') : 'The whole document',
					findings: []
				};
				groups.set(key, group);
			}
			group.findings.push({ severity: finding.severity, text: finding.text, fix: finding.fix });
		}
		// what holds the invoice first, then what is only worth a look
		for (const group of groups.values()) group.findings.sort((x, y) => (x.severity === y.severity ? 0 : x.severity === 'hold' ? -1 : 1));
		const findingGroups = [...groups.values()].sort((a, b) =>
			a.poLineId === null ? -1 : b.poLineId === null ? 1 : a.label.localeCompare(b.label)
		);
		const suggestedCreditLines = invoice.kind === 'invoice' ? creditNoteLinesFrom(invoice.suggestedCredit, invoice.currency) : [];
		const suggestedCreditTotal =
			invoice.suggestedCredit && typeof (invoice.suggestedCredit as { totalMinor?: unknown }).totalMinor === 'number'
				? (invoice.suggestedCredit as { totalMinor: number }).totalMinor
				: null;
		return {
			invoice: {
				id: invoice.id,
				kind: invoice.kind,
				number: invoice.number,
				invoiceDate: invoice.invoiceDate,
				dueDate: invoice.dueDate,
				terms: invoice.terms,
				currency: invoice.currency,
				notes: invoice.notes,
				pdfFileId: invoice.pdfFileId,
				goodsMinor: invoice.goodsMinor,
				metalMinor: invoice.metalMinor,
				chargesMinor: invoice.chargesMinor,
				totalMinor: invoice.totalMinor,
				status: invoice.status,
				matchStatus: invoice.matchStatus,
				holdReason: invoice.holdReason,
				holdUntil: invoice.holdUntil,
				submittedAt: invoice.submittedAt,
				matchedAt: invoice.matchedAt,
				approvedAt: invoice.approvedAt
			},
			explanation: statusExplanation(invoice),
			lines: lines.map((line) => ({
				...line,
				label:
					line.kind === 'charge'
						? `${chargeLabels[line.charge ?? 'other']}${line.description ? ` · ${line.description}` : ''}`
						: (line.poLineId && labelOf.get(line.poLineId)) || 'PO line'
			})),
			findingGroups,
			suggestedCredit:
				suggestedCreditLines.length > 0 && !creditNotes.some((c) => c.status === 'submitted')
					? { lines: suggestedCreditLines.length, totalMinor: suggestedCreditTotal }
					: null,
			creditNotes,
			credited: credited ?? null,
			purchaseOrder: po ?? null,
			payment: paid ?? null
		};
	});
}

export type WorkshopInvoiceView = Awaited<ReturnType<typeof getWorkshopInvoice>>;
export type { InvoiceLineForm };
