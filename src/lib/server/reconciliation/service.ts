/**
 * Reconciliation: per PO line, what was ordered, received, accepted, sent back for rework, returned,
 * invoiced (net) and paid — for both sides — and, for the brand, what is owed to each workshop.
 *
 * Access: a PO's reconciliation is the brand's (any staff member) or its own workshop's once the PO
 * was sent (anyone else: 404, and row-level security hides the rows as well). The liability pages are
 * the brand's only.
 */
import { isUuid } from '#lib/domain/ids.ts';
import { z } from 'zod';
import { chargeLabels, type ChargeKind } from '#lib/domain/invoices/explain.ts';
import { minorToDecimalString } from '#lib/domain/money.ts';
import { requireSignedIn, requireStaff, withActor, type Actor } from '#lib/server/auth/actor.ts';
import { toCsv } from '#lib/server/csv.ts';
import { notFound } from '#lib/server/errors.ts';
import { selectVendorName } from '#lib/server/vendors/queries.ts';
import { agreedChargesFormValues, chargeKinds, type AgreedCharges, type AgreedChargesForm } from './agreed-charges.ts';
import {
	liabilitySorts,
	selectLiabilityPage,
	selectNotInvoicedPos,
	selectOpenInvoices,
	selectReconciliationCharges,
	selectReconciliationLines,
	selectReconciliationPo,
	type LiabilityRow,
	type NotInvoicedPoRow,
	type OpenInvoiceRow,
	type ReconciliationLineRow
} from './queries.ts';

const THE_PO = 'That purchase order';

/** `total × part ÷ whole`, rounded half up, exactly (BigInt): a line's PO value for some of its pieces. */
export function proRataMinor(totalMinor: number, part: number, whole: number): number {
	if (whole <= 0 || part <= 0) return 0;
	const value = (2n * BigInt(totalMinor) * BigInt(part) + BigInt(whole)) / (2n * BigInt(whole));
	return Number(value);
}

export interface ReconciliationLine extends ReconciliationLineRow {
	/** received, not accepted, in rework or returned: with the brand's QC */
	waitingForQcQuantity: number;
	/** accepted pieces at the PO price (the line total pro rata) */
	acceptedMinor: number;
	/** accepted and not invoiced yet: what the workshop may still invoice */
	acceptedNotInvoicedQuantity: number;
	/** invoiced and not paid yet (net) */
	unpaidMinor: number;
}

export type ReconciliationTotals = Omit<ReconciliationLine, 'id' | 'lineNo' | 'sku' | 'description' | 'cancelled'>;

export interface ReconciliationCharge {
	charge: ChargeKind;
	label: string;
	/** null = not agreed */
	agreedMinor: number | null;
	invoicedMinor: number;
	paidMinor: number;
}

export interface PoReconciliation {
	poId: string;
	number: string;
	currency: string;
	lines: ReconciliationLine[];
	totals: ReconciliationTotals;
	charges: ReconciliationCharge[];
	agreedCharges: AgreedCharges;
	/** the agreed-charges form, for ops and admins (null for everyone else) */
	chargesForm: AgreedChargesForm | null;
	/** nothing received, invoiced or paid yet */
	empty: boolean;
}

function reconcileLine(row: ReconciliationLineRow): ReconciliationLine {
	const waiting = Math.max(0, row.receivedQuantity - row.acceptedQuantity - row.reworkQuantity - row.returnedQuantity);
	return {
		...row,
		waitingForQcQuantity: waiting,
		acceptedMinor: proRataMinor(row.orderedMinor, row.acceptedQuantity, row.orderedQuantity),
		acceptedNotInvoicedQuantity: Math.max(0, row.acceptedQuantity - row.invoicedQuantity),
		unpaidMinor: row.invoicedMinor - row.paidMinor
	};
}

function totalsOf(lines: ReconciliationLine[]): ReconciliationTotals {
	const totals: ReconciliationTotals = {
		orderedQuantity: 0,
		orderedMinor: 0,
		receivedQuantity: 0,
		acceptedQuantity: 0,
		reworkQuantity: 0,
		returnedQuantity: 0,
		waitingForQcQuantity: 0,
		invoicedQuantity: 0,
		invoicedMinor: 0,
		paidQuantity: 0,
		paidMinor: 0,
		acceptedMinor: 0,
		acceptedNotInvoicedQuantity: 0,
		unpaidMinor: 0
	};
	for (const line of lines) {
		// a cancelled line's order is gone, but what was received or invoiced on it still counts
		for (const key of Object.keys(totals) as (keyof ReconciliationTotals)[]) {
			if (line.cancelled && (key === 'orderedQuantity' || key === 'orderedMinor')) continue;
			totals[key] += line[key];
		}
	}
	return totals;
}

/** The PO's reconciliation: three statements whatever its size, after the PO itself. */
export async function getPoReconciliation(actor: Actor, poId: string): Promise<PoReconciliation> {
	requireSignedIn(actor);
	if (actor.kind === 'staff') requireStaff(actor);
	if (!isUuid(poId)) throw notFound(THE_PO);
	return withActor(actor, async (tx) => {
		const po = await selectReconciliationPo(tx, poId);
		if (!po) throw notFound(THE_PO);
		// a workshop sees its own POs once sent (RLS hides the others too: this is the first lock)
		if (actor.kind === 'vendor' && (po.vendorId !== actor.vendorId || po.firstSentAt === null)) throw notFound(THE_PO);
		const [lineRows, chargeRows] = await Promise.all([
			selectReconciliationLines(tx, po.id, po.currency),
			selectReconciliationCharges(tx, po.id, po.currency)
		]);
		const lines = lineRows.map(reconcileLine);
		const agreed = po.agreedChargesMinor as AgreedCharges;
		const byCharge = new Map(chargeRows.map((c) => [c.charge, c]));
		const charges = chargeKinds
			.map((charge) => ({
				charge,
				label: chargeLabels[charge],
				agreedMinor: agreed[charge] ?? null,
				invoicedMinor: byCharge.get(charge)?.invoicedMinor ?? 0,
				paidMinor: byCharge.get(charge)?.paidMinor ?? 0
			}))
			.filter((c) => c.agreedMinor !== null || c.invoicedMinor !== 0 || c.paidMinor !== 0);
		const totals = totalsOf(lines);
		const canEditCharges = actor.kind === 'staff' && (actor.role === 'admin' || actor.role === 'ops');
		return {
			poId: po.id,
			number: po.number,
			currency: po.currency,
			lines,
			totals,
			charges,
			agreedCharges: agreed,
			chargesForm:
				canEditCharges && po.status !== 'cancelled' && po.status !== 'closed'
					? agreedChargesFormValues(agreed, po.currency, po.version)
					: null,
			empty: totals.receivedQuantity === 0 && totals.invoicedQuantity === 0 && totals.invoicedMinor === 0 && totals.paidMinor === 0
		};
	});
}

// ---------------------------------------------------------------- liability per workshop

export const LIABILITY_PAGE_SIZE = 25;
const flag = z
	.union([z.boolean(), z.enum(['true', 'false', '1', '0', 'on', ''])])
	.transform((v) => v === true || v === 'true' || v === '1' || v === 'on');

export const liabilityQuerySchema = z.object({
	q: z.string().trim().max(100).catch(''),
	currency: z
		.string()
		.trim()
		.toUpperCase()
		.regex(/^([A-Z]{3})?$/)
		.catch(''),
	open: flag.catch(false),
	sort: z.enum(liabilitySorts).catch('open'),
	dir: z.enum(['asc', 'desc']).catch('desc'),
	page: z.coerce.number().int().min(1).max(100_000).catch(1)
});
export type LiabilityQuery = z.infer<typeof liabilityQuerySchema>;

export function parseLiabilityQuery(params: URLSearchParams): LiabilityQuery {
	return liabilityQuerySchema.parse(Object.fromEntries(params));
}

export interface LiabilityPage {
	rows: LiabilityRow[];
	total: number;
	page: number;
	pageCount: number;
}

const filterOf = (query: LiabilityQuery) => ({ q: query.q, currency: query.currency, openOnly: query.open });

/** The brand's list: one row per workshop and currency, sorted and paginated in the database. */
export async function listVendorLiability(actor: Actor, query: Partial<LiabilityQuery> = {}): Promise<LiabilityPage> {
	requireStaff(actor);
	const parsed = liabilityQuerySchema.parse(query);
	const { rows, total } = await withActor(actor, (tx) =>
		selectLiabilityPage(
			tx,
			filterOf(parsed),
			{ sort: parsed.sort, dir: parsed.dir },
			{ limit: LIABILITY_PAGE_SIZE, offset: (parsed.page - 1) * LIABILITY_PAGE_SIZE }
		)
	);
	// a page past the end answers no rows: count again so the page can say the list got shorter
	const totalRows =
		rows.length > 0 || parsed.page === 1
			? total
			: (await withActor(actor, (tx) => selectLiabilityPage(tx, filterOf(parsed), parsed, { limit: 1, offset: 0 }))).total;
	return { rows, total: totalRows, page: parsed.page, pageCount: Math.max(1, Math.ceil(totalRows / LIABILITY_PAGE_SIZE)) };
}

/** The list as filtered and sorted on screen, every row, amounts as plain decimals. */
export async function exportVendorLiabilityCsv(actor: Actor, query: Partial<LiabilityQuery> = {}): Promise<string> {
	requireStaff(actor);
	const parsed = liabilityQuerySchema.parse(query);
	const { rows } = await withActor(actor, (tx) =>
		selectLiabilityPage(tx, filterOf(parsed), { sort: parsed.sort, dir: parsed.dir }, { limit: null, offset: 0 })
	);
	const money = (minor: number, currency: string) => minorToDecimalString(minor, currency);
	return toCsv(
		[
			'Workshop',
			'Currency',
			'Open liability (approved and scheduled)',
			'Open documents',
			'Waiting on the workshop (credit note needed)',
			'Documents waiting on the workshop',
			'Waiting on the brand',
			'Documents waiting on the brand',
			'Paid in the last 90 days'
		],
		rows.map((r) => [
			r.vendorName,
			r.currency,
			money(r.openMinor, r.currency),
			r.openCount,
			money(r.waitingOnWorkshopMinor, r.currency),
			r.waitingOnWorkshopCount,
			money(r.waitingOnBrandMinor, r.currency),
			r.waitingOnBrandCount,
			money(r.paidLast90Minor, r.currency)
		])
	);
}

export const VENDOR_LIABILITY_LIST_LIMIT = 200;

export interface VendorLiability {
	vendorId: string;
	vendorName: string;
	/** one row per currency the workshop invoices or is paid in */
	figures: LiabilityRow[];
	openInvoices: OpenInvoiceRow[];
	notInvoiced: NotInvoicedPoRow[];
	/** the lists stop at VENDOR_LIABILITY_LIST_LIMIT rows */
	limit: number;
}

/** One workshop: the list's figures per currency, its documents not paid yet and its accrual. */
export async function getVendorLiability(actor: Actor, vendorId: string): Promise<VendorLiability> {
	requireStaff(actor);
	if (!isUuid(vendorId)) throw notFound('That workshop');
	return withActor(actor, async (tx) => {
		const [{ rows: figures }, openInvoices, notInvoiced] = [
			await selectLiabilityPage(
				tx,
				{ q: '', currency: '', openOnly: false, vendorId },
				{ sort: 'currency', dir: 'asc' },
				{ limit: null, offset: 0 }
			),
			await selectOpenInvoices(tx, vendorId, VENDOR_LIABILITY_LIST_LIMIT),
			await selectNotInvoicedPos(tx, vendorId, VENDOR_LIABILITY_LIST_LIMIT)
		];
		const vendorName = figures[0]?.vendorName ?? (await selectVendorName(tx, vendorId));
		if (vendorName === undefined) throw notFound('That workshop');
		return { vendorId, vendorName, figures, openInvoices, notInvoiced, limit: VENDOR_LIABILITY_LIST_LIMIT };
	});
}
