/**
 * What a workshop types to submit an invoice or a credit note, and the pure arithmetic behind it.
 *
 * The form carries text (amounts as typed, in the document's currency); `parseInvoiceEntry` turns it
 * into integers — minor units, pieces, fine milligrams — or into one sentence per field. The same
 * schema serves the form and the service. Numbers printed on a document are never negative: a credit
 * note's kind is what takes them off (matching.ts).
 *
 * A goods line's amount is quantity × unit price plus its metal, fine mg × price per fine gram ÷ 1000,
 * rounded half up once per line — the rounding `documentTotals` in matching.ts uses, so the stored
 * line amounts always add up to the stored totals.
 */
import { z } from 'zod';
import { currencyDecimals, isCurrency, minorToDecimalString, parseMoney } from '#lib/domain/money.ts';
import { parseGrams, mgToGramsString } from '#lib/format/weight.ts';
import type { ChargeKind, DocumentLine, SuggestedCreditLine } from './matching.ts';
import { agreedMetalPricePerFineGramMinor, agreedUnitPriceMinor, type AgreedLineTerms } from './po-terms.ts';

export const chargeKindValues = ['freight', 'insurance', 'certificates', 'other'] as const satisfies readonly ChargeKind[];

/** 10^12 minor units: beyond it an amount is a typing mistake, and it still fits a JS integer exactly. */
export const MAX_AMOUNT_MINOR = 1_000_000_000_000;
export const MAX_QUANTITY = 1_000_000;
export const MAX_INVOICE_LINES = 200;
/** 10 MB: a scanned multi-page invoice fits; a folder of photos does not */
export const MAX_INVOICE_PDF_BYTES = 10 * 1024 * 1024;
/** an invoice date older than this is a typing mistake (a year typed wrong) */
export const MAX_INVOICE_AGE_DAYS = 3 * 366;
/** a due date further than this after the invoice date is a typing mistake */
export const MAX_DUE_DAYS = 366;

const isoDate = z.iso.date({ error: 'Enter a date like 2026-12-31.' });
const optionalIsoDate = z
	.union([z.literal(''), isoDate])
	.optional()
	.default('');
const text = (max: number, label: string) =>
	z
		.string()
		.trim()
		.max(max, `Keep ${label} under ${max.toLocaleString('en-US')} characters.`)
		.optional()
		.default('');
const optionalUuid = z
	.union([z.literal(''), z.uuid({ error: 'That link is not valid.' })])
	.optional()
	.default('');

export const invoiceLineFormSchema = z.object({
	kind: z.enum(['goods', 'adjustment', 'charge'], { error: 'Choose what the line is.' }),
	poLineId: z.string().trim().optional().default(''),
	description: text(300, 'the description'),
	quantity: z.string().trim().optional().default(''),
	unitPrice: z.string().trim().optional().default(''),
	/** grams of fine metal, up to 3 decimals; blank = no metal on this line */
	fineWeight: z.string().trim().optional().default(''),
	metalPrice: z.string().trim().optional().default(''),
	part: z
		.union([z.literal(''), z.enum(['goods', 'metal'])])
		.optional()
		.default(''),
	charge: z
		.union([z.literal(''), z.enum(chargeKindValues)])
		.optional()
		.default(''),
	amount: z.string().trim().optional().default('')
});
export type InvoiceLineForm = z.input<typeof invoiceLineFormSchema>;

export const invoiceEntrySchema = z.object({
	kind: z.enum(['invoice', 'credit_note']).default('invoice'),
	number: z
		.string({ error: 'Enter the invoice number.' })
		.trim()
		.min(1, 'Enter the number printed on the document.')
		.max(60, 'Keep the number under 60 characters.'),
	invoiceDate: isoDate,
	dueDate: optionalIsoDate,
	terms: text(200, 'the terms'),
	currency: z
		.string()
		.trim()
		.toUpperCase()
		.refine((c) => /^[A-Z]{3}$/.test(c) && isCurrency(c), 'Choose a currency, like USD.'),
	notes: text(2000, 'the notes'),
	creditsInvoiceId: optionalUuid,
	purchaseOrderId: optionalUuid,
	shipmentId: optionalUuid,
	lines: z
		.array(invoiceLineFormSchema)
		.min(1, 'Add at least one line.')
		.max(MAX_INVOICE_LINES, `An invoice has at most ${MAX_INVOICE_LINES} lines here; split it into two invoices.`)
});
export type InvoiceEntryForm = z.input<typeof invoiceEntrySchema>;
export type InvoiceEntryInput = z.output<typeof invoiceEntrySchema>;

export const invoiceListSorts = ['submitted', 'date', 'number', 'total', 'status'] as const;
export const invoiceListStatusFilters = [
	'all',
	'open',
	'submitted',
	'matched',
	'exception',
	'on_hold',
	'approved',
	'scheduled',
	'paid'
] as const;

export const invoiceListQuerySchema = z.object({
	status: z.enum(invoiceListStatusFilters).catch('all'),
	kind: z.enum(['all', 'invoice', 'credit_note']).catch('all'),
	po: z.uuid().optional().catch(undefined),
	from: z.iso.date().optional().catch(undefined),
	to: z.iso.date().optional().catch(undefined),
	q: z.string().trim().max(60).optional().default('').catch(''),
	sort: z.enum(invoiceListSorts).catch('submitted'),
	dir: z.enum(['asc', 'desc']).catch('desc'),
	page: z.coerce.number().int().min(1).max(10_000).catch(1)
});
export type InvoiceListQuery = z.output<typeof invoiceListQuerySchema>;

// ─── Parsing what was typed ───────────────────────────────────────────────────────────────────────

export type ParsedInvoiceLine =
	| {
			kind: 'goods';
			poLineId: string;
			description: string;
			quantity: number;
			unitPriceMinor: number;
			metal: { fineWeightMg: number; pricePerFineGramMinor: number } | null;
			amountMinor: number;
	  }
	| { kind: 'adjustment'; poLineId: string; description: string; part: 'goods' | 'metal'; amountMinor: number }
	| { kind: 'charge'; charge: ChargeKind; description: string; amountMinor: number };

export interface ParsedInvoiceEntry {
	kind: 'invoice' | 'credit_note';
	number: string;
	invoiceDate: string;
	dueDate: string | null;
	terms: string;
	currency: string;
	notes: string;
	creditsInvoiceId: string | null;
	purchaseOrderId: string | null;
	shipmentId: string | null;
	lines: ParsedInvoiceLine[];
}

export type EntryParse = { ok: true; value: ParsedInvoiceEntry } | { ok: false; errors: Record<string, string> };

/** An amount in `currency`: not negative, with the currency's decimals, at most 10^12 minor units. */
export function parseAmount(
	typed: string,
	currency: string,
	what: string,
	allowZero = true
): { ok: true; minor: number } | { ok: false; message: string } {
	if (/^\s*[-−]/.test(typed)) return { ok: false, message: `${what} cannot be negative: a credit note takes amounts off.` };
	if (typed.trim() === '') return { ok: false, message: `Enter ${what.toLowerCase()}.` };
	const parsed = parseMoney(typed, currency);
	if (!parsed.ok) return parsed;
	if (parsed.minor > MAX_AMOUNT_MINOR)
		return {
			ok: false,
			message: `${what} over ${minorToDecimalString(MAX_AMOUNT_MINOR, currency)} ${currency} is a typing mistake: check it.`
		};
	if (parsed.minor === 0 && !allowZero) return { ok: false, message: `${what} must be more than 0.` };
	return parsed;
}

/** A whole number of pieces, 1 to 1,000,000. */
export function parseQuantity(typed: string): { ok: true; quantity: number } | { ok: false; message: string } {
	const cleaned = typed.trim().replace(/[\s,_']/g, '');
	if (cleaned === '') return { ok: false, message: 'Enter the number of pieces.' };
	if (!/^\d+$/.test(cleaned)) return { ok: false, message: 'Enter whole pieces, like 12.' };
	const quantity = Number(cleaned);
	if (quantity < 1) return { ok: false, message: 'Invoice at least 1 piece, or remove the line.' };
	if (quantity > MAX_QUANTITY)
		return { ok: false, message: `More than ${MAX_QUANTITY.toLocaleString('en-US')} pieces is a typing mistake.` };
	return { ok: true, quantity };
}

/** qty × unit price + fine mg × price per fine gram ÷ 1000, rounded half up once (as documentTotals does). */
export function goodsLineAmountMinor(
	quantity: number,
	unitPriceMinor: number,
	metal: { fineWeightMg: number; pricePerFineGramMinor: number } | null
): number {
	const goods = BigInt(quantity) * BigInt(unitPriceMinor);
	const metalValue = metal ? (BigInt(metal.fineWeightMg) * BigInt(metal.pricePerFineGramMinor) * 2n + 1000n) / 2000n : 0n;
	const total = goods + metalValue;
	if (total > BigInt(MAX_AMOUNT_MINOR)) return Number.POSITIVE_INFINITY;
	return Number(total);
}

/** The line as matching.ts reads it (ids given by the caller). */
export function toDocumentLine(line: ParsedInvoiceLine, id: string): DocumentLine {
	if (line.kind === 'goods')
		return { kind: 'goods', id, poLineId: line.poLineId, quantity: line.quantity, unitPriceMinor: line.unitPriceMinor, metal: line.metal };
	if (line.kind === 'adjustment')
		return { kind: 'adjustment', id, poLineId: line.poLineId, part: line.part, amountMinor: line.amountMinor };
	return { kind: 'charge', id, charge: line.charge, amountMinor: line.amountMinor };
}

function addDays(iso: string, days: number): string {
	return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Everything typed, checked and turned into integers. `today` is the server's UTC day: an invoice
 * dated tomorrow is allowed (a workshop ahead of UTC), later is not.
 */
export function parseInvoiceEntry(input: InvoiceEntryInput, today: string): EntryParse {
	const errors: Record<string, string> = {};
	const currency = input.currency;
	if (input.invoiceDate > addDays(today, 1)) errors.invoiceDate = 'The invoice date is in the future: use the date printed on the invoice.';
	else if (input.invoiceDate < addDays(today, -MAX_INVOICE_AGE_DAYS))
		errors.invoiceDate = 'That invoice date is more than three years ago: check the year.';
	if (input.dueDate) {
		if (input.dueDate < input.invoiceDate) errors.dueDate = 'The due date is before the invoice date.';
		else if (input.dueDate > addDays(input.invoiceDate, MAX_DUE_DAYS))
			errors.dueDate = 'A due date more than a year after the invoice is a typing mistake.';
	}
	if (input.kind === 'credit_note' && !input.creditsInvoiceId) errors.creditsInvoiceId = 'Choose the invoice this credit note corrects.';
	if (input.kind === 'invoice' && input.creditsInvoiceId) errors.creditsInvoiceId = 'Only a credit note refers to another invoice.';

	const lines: ParsedInvoiceLine[] = [];
	input.lines.forEach((line, i) => {
		const at = (field: string) => `lines[${i}].${field}`;
		const before = Object.keys(errors).length;
		if (line.kind === 'charge') {
			if (!line.charge) errors[at('charge')] = 'Choose the kind of charge.';
			const amount = parseAmount(line.amount, currency, 'The amount', false);
			if (!amount.ok) errors[at('amount')] = amount.message;
			if (Object.keys(errors).length === before && line.charge && amount.ok)
				lines.push({ kind: 'charge', charge: line.charge, description: line.description, amountMinor: amount.minor });
			return;
		}
		if (!z.uuid().safeParse(line.poLineId).success) errors[at('poLineId')] = 'Choose the PO line.';
		if (line.kind === 'adjustment') {
			if (input.kind !== 'credit_note') errors[at('kind')] = 'A price adjustment belongs on a credit note.';
			if (!line.part) errors[at('part')] = 'Choose whether it corrects the goods or the metal.';
			const amount = parseAmount(line.amount, currency, 'The amount', false);
			if (!amount.ok) errors[at('amount')] = amount.message;
			if (Object.keys(errors).length === before && line.part && amount.ok)
				lines.push({
					kind: 'adjustment',
					poLineId: line.poLineId,
					description: line.description,
					part: line.part,
					amountMinor: amount.minor
				});
			return;
		}
		const quantity = parseQuantity(line.quantity);
		if (!quantity.ok) errors[at('quantity')] = quantity.message;
		const unitPrice = parseAmount(line.unitPrice, currency, 'The unit price');
		if (!unitPrice.ok) errors[at('unitPrice')] = unitPrice.message;
		let metal: { fineWeightMg: number; pricePerFineGramMinor: number } | null = null;
		if (line.fineWeight !== '' || line.metalPrice !== '') {
			const weight =
				line.fineWeight === ''
					? ({ ok: false, message: 'Enter the fine weight in grams, or clear the metal price.' } as const)
					: parseGrams(line.fineWeight);
			if (!weight.ok) errors[at('fineWeight')] = weight.message;
			else if (weight.mg === 0) errors[at('fineWeight')] = 'The fine weight must be more than 0 g, or leave both metal fields blank.';
			const price =
				line.metalPrice === ''
					? ({ ok: false, message: 'Enter the price per fine gram, or clear the fine weight.' } as const)
					: parseAmount(line.metalPrice, currency, 'The price per fine gram', false);
			if (!price.ok) errors[at('metalPrice')] = price.message;
			if (weight.ok && weight.mg > 0 && price.ok) metal = { fineWeightMg: weight.mg, pricePerFineGramMinor: price.minor };
		}
		if (Object.keys(errors).length !== before || !quantity.ok || !unitPrice.ok) return;
		const amountMinor = goodsLineAmountMinor(quantity.quantity, unitPrice.minor, metal);
		if (amountMinor > MAX_AMOUNT_MINOR) {
			errors[at('quantity')] = 'This line comes to more than any real invoice: check the quantity and prices.';
			return;
		}
		lines.push({
			kind: 'goods',
			poLineId: line.poLineId,
			description: line.description,
			quantity: quantity.quantity,
			unitPriceMinor: unitPrice.minor,
			metal,
			amountMinor
		});
	});
	if (Object.keys(errors).length === 0) {
		const total = lines.reduce((sum, line) => sum + line.amountMinor, 0);
		if (total > MAX_AMOUNT_MINOR) errors.lines = 'The document adds up to more than any real invoice: check the amounts.';
	}
	if (Object.keys(errors).length > 0) return { ok: false, errors };
	return {
		ok: true,
		value: {
			kind: input.kind,
			number: input.number,
			invoiceDate: input.invoiceDate,
			dueDate: input.dueDate || null,
			terms: input.terms,
			currency,
			notes: input.notes,
			creditsInvoiceId: input.creditsInvoiceId || null,
			purchaseOrderId: input.purchaseOrderId || null,
			shipmentId: input.shipmentId || null,
			lines
		}
	};
}

// ─── Prefill: flipping a PO, issuing a suggested credit note ────────────────────────────────────────

/** A PO line as the flip reads it. */
export interface FlipPoLine extends AgreedLineTerms {
	id: string;
	description: string;
	cancelled: boolean;
	receivedQuantity: number;
	acceptedQuantity: number;
	reworkQuantity: number;
	returnedQuantity: number;
	acceptedGrossWeightMg: number | null;
	invoicedQuantity: number;
}

const halfUp = (numerator: bigint, denominator: bigint) => Number((numerator * 2n + denominator) / (denominator * 2n));

/** The agreed price per fine gram for metal the vendor supplies; null when consigned (nothing owed) or not known yet. */
function vendorMetalPrice(line: FlipPoLine): number | null {
	const price = agreedMetalPricePerFineGramMinor(line);
	return line.metalBasis === 'consigned' ? null : price;
}

export interface FlipResult {
	lines: InvoiceLineForm[];
	/** pieces received but not inspected yet, per PO line description: they can be invoiced once accepted */
	waitingForQc: { poLineId: string; description: string; pieces: number }[];
}

/**
 * A prefilled invoice from a PO: only ACCEPTED pieces not yet invoiced (pieces waiting for QC are
 * named, not invoiced: the brand pays only for accepted), at the PO price; vendor-supplied metal on
 * the accepted pieces' fine weight, pro rata when part of them were invoiced already; the charges
 * agreed on the PO.
 */
export function flipPurchaseOrder(
	poLines: readonly FlipPoLine[],
	agreedCharges: Partial<Record<ChargeKind, number>>,
	currency: string,
	onlyPoLineQuantities?: ReadonlyMap<string, number>
): FlipResult {
	const lines: InvoiceLineForm[] = [];
	const waitingForQc: FlipResult['waitingForQc'] = [];
	for (const line of poLines) {
		if (line.cancelled) continue;
		if (onlyPoLineQuantities && !onlyPoLineQuantities.has(line.id)) continue;
		const waiting = Math.max(0, line.receivedQuantity - line.acceptedQuantity - line.reworkQuantity - line.returnedQuantity);
		if (waiting > 0) waitingForQc.push({ poLineId: line.id, description: line.description, pieces: waiting });
		let open = Math.max(0, line.acceptedQuantity - line.invoicedQuantity);
		const cap = onlyPoLineQuantities?.get(line.id);
		if (cap !== undefined) open = Math.min(open, cap);
		if (open === 0) continue;
		const metalPrice = vendorMetalPrice(line);
		let fineWeight = '';
		let metalPriceText = '';
		if (metalPrice !== null && line.acceptedGrossWeightMg !== null && line.acceptedQuantity > 0) {
			// the accepted pieces' fine weight, for the share of them this invoice covers
			const fineMg = halfUp(
				BigInt(line.acceptedGrossWeightMg) * BigInt(line.fineness) * BigInt(open),
				1000n * BigInt(line.acceptedQuantity)
			);
			if (fineMg > 0) {
				fineWeight = mgToGramsString(fineMg);
				metalPriceText = minorToDecimalString(metalPrice, currency);
			}
		}
		lines.push({
			kind: 'goods',
			poLineId: line.id,
			description: line.description,
			quantity: String(open),
			unitPrice: minorToDecimalString(agreedUnitPriceMinor(line), currency),
			fineWeight,
			metalPrice: metalPriceText,
			part: '',
			charge: '',
			amount: ''
		});
	}
	for (const charge of chargeKindValues) {
		const amount = agreedCharges[charge];
		if (amount === undefined || amount <= 0) continue;
		lines.push(chargeLine(charge, amount, currency));
	}
	return { lines, waitingForQc };
}

const chargeLine = (charge: ChargeKind, amountMinor: number, currency: string): InvoiceLineForm => ({
	kind: 'charge',
	poLineId: '',
	description: '',
	quantity: '',
	unitPrice: '',
	fineWeight: '',
	metalPrice: '',
	part: '',
	charge,
	amount: minorToDecimalString(amountMinor, currency)
});

/** The form lines of a credit note from matching's suggestion (stored jsonb, so read defensively). */
export function creditNoteLinesFrom(suggestion: unknown, currency: string): InvoiceLineForm[] {
	if (!suggestion || typeof suggestion !== 'object') return [];
	const raw = (suggestion as { lines?: unknown }).lines;
	if (!Array.isArray(raw)) return [];
	const money = (n: unknown) => (typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? minorToDecimalString(n, currency) : '');
	const lines: InvoiceLineForm[] = [];
	for (const item of raw as Partial<SuggestedCreditLine & { metal: unknown }>[]) {
		if (!item || typeof item !== 'object') continue;
		if (item.kind === 'goods' && 'poLineId' in item) {
			const metal = (item as { metal?: { fineWeightMg?: unknown; pricePerFineGramMinor?: unknown } | null }).metal;
			lines.push({
				kind: 'goods',
				poLineId: String(item.poLineId ?? ''),
				description: '',
				quantity: String((item as { quantity?: unknown }).quantity ?? ''),
				unitPrice: money((item as { unitPriceMinor?: unknown }).unitPriceMinor),
				fineWeight: metal && typeof metal.fineWeightMg === 'number' ? mgToGramsString(metal.fineWeightMg) : '',
				metalPrice: metal ? money(metal.pricePerFineGramMinor) : '',
				part: '',
				charge: '',
				amount: ''
			});
		} else if (item.kind === 'adjustment' && 'poLineId' in item) {
			const adj = item as { poLineId?: unknown; part?: unknown; amountMinor?: unknown };
			lines.push({
				kind: 'adjustment',
				poLineId: String(adj.poLineId ?? ''),
				description: '',
				quantity: '',
				unitPrice: '',
				fineWeight: '',
				metalPrice: '',
				part: adj.part === 'metal' ? 'metal' : 'goods',
				charge: '',
				amount: money(adj.amountMinor)
			});
		} else if (item.kind === 'charge') {
			const ch = item as { charge?: unknown; amountMinor?: unknown };
			const kind = chargeKindValues.find((k) => k === ch.charge) ?? 'other';
			lines.push({ ...chargeLine(kind, 0, currency), amount: money(ch.amountMinor) });
		}
	}
	return lines;
}

/** Due date from the invoice date and a number of days ("net 30"). */
export const dueDateAfter = addDays;

/** Decimals of a currency, for the form's hints ("2 decimals"). */
export const amountDecimals = currencyDecimals;

/** A blank line of each kind for the form. */
export function blankLine(kind: 'goods' | 'adjustment' | 'charge' = 'goods'): InvoiceLineForm {
	return {
		kind,
		poLineId: '',
		description: '',
		quantity: '',
		unitPrice: '',
		fineWeight: '',
		metalPrice: '',
		part: kind === 'adjustment' ? 'goods' : '',
		charge: kind === 'charge' ? 'freight' : '',
		amount: ''
	};
}
