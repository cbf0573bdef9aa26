/**
 * Runs the 4-way match (domain/invoices/matching.ts) for whole workshops and stores the result: each
 * document's match status, findings in plain words and the credit note that would release it, the
 * status both sides see, and the invoiced totals on each PO line.
 *
 * Called in the transaction of whatever changed an input — a receipt, a QC result, a PO revision, a
 * tolerance, a hold release — and right after a workshop submits an invoice or credit note (that
 * transaction runs as the workshop, which may not write match results). A daily job re-matches every
 * workshop, which also catches one whose re-match was interrupted.
 *
 * A workshop's documents are matched together because the rules are cumulative per PO line: one
 * invoice's verdict depends on every other document on the same lines. Paid documents are settled:
 * they are read as context for the open ones and keep the result they were paid on. Everything is loaded in a fixed
 * number of queries for any number of workshops and written back in one statement per table; rows
 * whose result did not change are not touched, so their `version` (what finance approves against)
 * stays put.
 */
import { sql, type SQL } from 'drizzle-orm';
import {
	matchInvoices,
	type DocumentLine,
	type Finding,
	type MatchResult,
	type PoLineTerms,
	type VendorDocument
} from '#lib/domain/invoices/matching.ts';
import { agreedMetalPricePerFineGramMinor, agreedUnitPriceMinor } from '#lib/domain/invoices/po-terms.ts';
import { deriveInvoiceStatus, type InvoiceStatus, type StoredMatchStatus } from '#lib/domain/invoices/status.ts';
import {
	defaultCompanyTolerances,
	priceTolerance,
	quantityTolerance,
	resolveTolerances,
	type CompanyTolerances,
	type PriceAllowanceRule,
	type Tolerances
} from '#lib/domain/invoices/tolerance.ts';
import type { LaborBasis, MetalBasis } from '#lib/domain/purchase-orders/totals.ts';
import { rowsOf } from '#lib/server/db/client.ts';
import type { StoredFinding } from '#lib/server/db/schema/invoicing.ts';
import type { Tx } from '#lib/server/db/scope.ts';
import { uuidArray } from '#lib/server/db/id-list.ts';

type ChargeKind = 'freight' | 'insurance' | 'certificates' | 'other';

interface DocumentRow {
	id: string;
	vendor_id: string;
	kind: 'invoice' | 'credit_note';
	number: string;
	invoice_date: string;
	submitted_at: string;
	currency: string;
	credits_invoice_id: string | null;
	purchase_order_id: string | null;
	match_status: StoredMatchStatus;
	status: InvoiceStatus;
	findings: StoredFinding[];
	suggested_credit: unknown;
	approved: boolean;
	held: boolean;
	payment_status: 'scheduled' | 'paid' | null;
}

interface LineRow {
	id: string;
	invoice_id: string;
	kind: 'goods' | 'adjustment' | 'charge';
	purchase_order_line_id: string | null;
	quantity: number | null;
	unit_price_minor: string | number | null;
	fine_weight_mg: number | null;
	metal_price_per_fine_gram_minor: string | number | null;
	part: 'goods' | 'metal' | null;
	charge: ChargeKind | null;
	amount_minor: string | number;
}

interface PoLineRow {
	id: string;
	vendor_id: string;
	purchase_order_id: string;
	currency: string;
	quantity: number;
	labor_basis: LaborBasis;
	labor_unit_price_minor: string | number;
	stone_count: number;
	target_weight_mg: number | null;
	fineness: number;
	stones_unit_price_minor: string | number;
	metal_basis: MetalBasis;
	metal_price_per_gram_minor: string | number | null;
	market_metal_price_per_gram_minor: string | number | null;
	received_quantity: number;
	accepted_quantity: number;
	rework_quantity: number;
	returned_quantity: number;
	accepted_gross_weight_mg: number | null;
	invoiced_quantity: number;
	invoiced_minor: string | number;
}

const num = (value: string | number | null): number | null => (value === null ? null : Number(value));

/**
 * Some workshops, or all of them. "All" reads whole tables with hash joins instead of probing an index
 * per workshop: the nightly run over 50,000 invoices is a handful of sequential scans.
 */
type Scope = { kind: 'vendors'; vendorIds: string[] } | { kind: 'all' };

const whereVendor = (scope: Scope, column: SQL) => (scope.kind === 'all' ? sql`true` : sql`${column} = any(${uuidArray(scope.vendorIds)})`);

/** Rows per UPDATE statement: one statement per table would send tens of megabytes of JSON at once. */
const WRITE_CHUNK = 5_000;

/** The company's tolerances and each workshop's override, resolved (blank columns mean "the company's"). */
async function loadTolerances(tx: Tx, scope: Scope): Promise<{ company: Tolerances; byVendor: Map<string, Tolerances> }> {
	const [settings] = rowsOf<{
		price_tolerance_percent_bp: number;
		price_tolerance_absolute_thousandths: number;
		price_allowance_rule: PriceAllowanceRule;
		quantity_tolerance_pieces: number;
	}>(
		await tx.execute(
			sql`select price_tolerance_percent_bp, price_tolerance_absolute_thousandths, price_allowance_rule, quantity_tolerance_pieces from brand_settings where id = 1`
		)
	);
	const company: CompanyTolerances = settings
		? {
				price: priceTolerance({
					percentBasisPoints: settings.price_tolerance_percent_bp,
					absoluteThousandths: settings.price_tolerance_absolute_thousandths
				}),
				quantity: quantityTolerance(settings.quantity_tolerance_pieces),
				priceAllowanceRule: settings.price_allowance_rule
			}
		: defaultCompanyTolerances;
	const overrides = rowsOf<{
		id: string;
		price_tolerance_percent_bp: number | null;
		price_tolerance_absolute_thousandths: number | null;
		quantity_tolerance_pieces: number | null;
	}>(
		await tx.execute(
			sql`select id, price_tolerance_percent_bp, price_tolerance_absolute_thousandths, quantity_tolerance_pieces from vendor
				where ${whereVendor(scope, sql`id`)} and (price_tolerance_percent_bp is not null or quantity_tolerance_pieces is not null)`
		)
	);
	const byVendor = new Map<string, Tolerances>();
	for (const row of overrides) {
		byVendor.set(
			row.id,
			resolveTolerances(company, {
				price:
					row.price_tolerance_percent_bp === null || row.price_tolerance_absolute_thousandths === null
						? 'company'
						: priceTolerance({
								percentBasisPoints: row.price_tolerance_percent_bp,
								absoluteThousandths: row.price_tolerance_absolute_thousandths
							}),
				quantity: row.quantity_tolerance_pieces === null ? 'company' : quantityTolerance(row.quantity_tolerance_pieces)
			})
		);
	}
	return { company: resolveTolerances(company), byVendor };
}

function toDocumentLine(row: LineRow): DocumentLine {
	if (row.kind === 'charge') return { kind: 'charge', id: row.id, charge: row.charge ?? 'other', amountMinor: Number(row.amount_minor) };
	if (row.kind === 'adjustment')
		return {
			kind: 'adjustment',
			id: row.id,
			poLineId: row.purchase_order_line_id ?? '',
			part: row.part ?? 'goods',
			amountMinor: Number(row.amount_minor)
		};
	const metalPrice = num(row.metal_price_per_fine_gram_minor);
	return {
		kind: 'goods',
		id: row.id,
		poLineId: row.purchase_order_line_id ?? '',
		quantity: row.quantity ?? 0,
		unitPriceMinor: num(row.unit_price_minor) ?? 0,
		metal:
			row.fine_weight_mg !== null && metalPrice !== null ? { fineWeightMg: row.fine_weight_mg, pricePerFineGramMinor: metalPrice } : null
	};
}

function toPoLineTerms(row: PoLineRow): PoLineTerms {
	const agreed = {
		laborBasis: row.labor_basis,
		laborUnitPriceMinor: Number(row.labor_unit_price_minor),
		stoneCount: row.stone_count,
		targetWeightMg: row.target_weight_mg,
		fineness: row.fineness,
		stonesUnitPriceMinor: Number(row.stones_unit_price_minor),
		metalBasis: row.metal_basis,
		metalPricePerGramMinor: num(row.metal_price_per_gram_minor),
		marketMetalPricePerGramMinor: num(row.market_metal_price_per_gram_minor)
	};
	return {
		id: row.id,
		currency: row.currency,
		orderedQuantity: row.quantity,
		unitPriceMinor: agreedUnitPriceMinor(agreed),
		metalBasis: row.metal_basis,
		metalPricePerFineGramMinor: agreedMetalPricePerFineGramMinor(agreed),
		fineness: row.fineness,
		facts: {
			receivedQuantity: row.received_quantity,
			acceptedQuantity: row.accepted_quantity,
			reworkQuantity: row.rework_quantity,
			returnedQuantity: row.returned_quantity,
			acceptedGrossWeightMg: row.accepted_gross_weight_mg
		}
	};
}

/** JSON with sorted keys: jsonb does not keep key order, so a stored value is compared in this form. */
function canonical(value: unknown): string {
	return JSON.stringify(value, (_key, v: unknown) =>
		v && typeof v === 'object' && !Array.isArray(v)
			? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
			: v
	);
}

const storedFinding = (f: Finding): StoredFinding => ({
	code: f.code,
	severity: f.severity,
	poLineId: f.poLineId,
	lineIds: f.lineIds,
	text: f.text,
	fix: f.fix
});

export interface RematchSummary {
	vendors: number;
	/** unpaid documents matched (paid ones are read for context, never rewritten) */
	documents: number;
	/** documents whose result changed and were written */
	changed: number;
}

/** Re-matches every document of these workshops. Needs a staff transaction. */
export async function rematchVendors(tx: Tx, vendorIds: readonly string[]): Promise<RematchSummary> {
	const vendors = [...new Set(vendorIds)].sort();
	if (vendors.length === 0) return { vendors: 0, documents: 0, changed: 0 };
	// two re-matches of one workshop at once would each write what it read: a workshop's re-match holds
	// its own lock (in id order, so no deadlock) and shares the lock a whole run takes alone
	await tx.execute(sql`select pg_advisory_xact_lock_shared(hashtext('bezel.rematch'))`);
	await tx.execute(sql`select pg_advisory_xact_lock(hashtext('bezel.rematch:' || v)) from unnest(${uuidArray(vendors)}) as v order by v`);
	return rematchScope(tx, { kind: 'vendors', vendorIds: vendors });
}

/** Every workshop's documents in one run (the nightly job, the benchmark). Needs a staff transaction. */
export async function rematchAllVendors(tx: Tx): Promise<RematchSummary> {
	await tx.execute(sql`select pg_advisory_xact_lock(hashtext('bezel.rematch'))`);
	return rematchScope(tx, { kind: 'all' });
}

async function rematchScope(tx: Tx, scope: Scope): Promise<RematchSummary> {
	// What is matched: every unpaid document, with every document on the PO lines they touch (the
	// rules are cumulative per line), the invoices and credit notes linked to them, and the same
	// workshop's documents of the same dates (the "same amount, same date" duplicate warning, which
	// must see paid invoices above all). Paid documents keep the result they were paid on: settled
	// history is not re-judged, so a whole run grows with the open work, not with the years.
	const selection = rowsOf<{ id: string; open: boolean }>(
		await tx.execute(sql`
			with open_documents as (
				select id, vendor_id, invoice_date, credits_invoice_id from vendor_invoice
				where status <> 'paid' and ${whereVendor(scope, sql`vendor_id`)}
			), open_lines as (
				select distinct il.purchase_order_line_id as id
				from vendor_invoice_line il join open_documents d on d.id = il.invoice_id
				where il.purchase_order_line_id is not null
			), context as (
				select il.invoice_id as id from vendor_invoice_line il join open_lines l on l.id = il.purchase_order_line_id
				union select credits_invoice_id from open_documents where credits_invoice_id is not null
				union select i.id from vendor_invoice i join open_documents d on i.credits_invoice_id = d.id
				union select i.id from vendor_invoice i
					join (select distinct vendor_id, invoice_date from open_documents) d on d.vendor_id = i.vendor_id and d.invoice_date = i.invoice_date
			)
			select id, true as open from open_documents
			union all
			select id, false from context where id not in (select id from open_documents)`)
	);
	const vendorCount = scope.kind === 'vendors' ? scope.vendorIds.length : 0;
	if (!selection.some((d) => d.open)) return { vendors: vendorCount, documents: 0, changed: 0 };
	const selected = sql`unnest(${uuidArray(selection.map((d) => d.id))})`;
	const documents = rowsOf<DocumentRow>(
		await tx.execute(sql`
			select i.id, i.vendor_id, i.kind, i.number, i.invoice_date::text as invoice_date,
				to_char(i.submitted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as submitted_at,
				i.currency, i.credits_invoice_id, i.purchase_order_id, i.match_status, i.status, i.findings, i.suggested_credit,
				i.approved_at is not null as approved, i.hold_reason is not null as held, p.status as payment_status
			from ${selected} as s(id) join vendor_invoice i on i.id = s.id left join payment p on p.id = i.payment_id`)
	);
	const lines = rowsOf<LineRow>(
		await tx.execute(sql`
			select il.id, il.invoice_id, il.kind, il.purchase_order_line_id, il.quantity, il.unit_price_minor, il.fine_weight_mg,
				il.metal_price_per_fine_gram_minor, il.part, il.charge, il.amount_minor
			from ${selected} as s(id) join vendor_invoice_line il on il.invoice_id = s.id order by il.invoice_id, il.line_no`)
	);
	const openIds = new Set(selection.filter((d) => d.open).map((d) => d.id));
	const openLineIds = new Set(
		lines.flatMap((l) => (openIds.has(l.invoice_id) && l.purchase_order_line_id ? [l.purchase_order_line_id] : []))
	);
	// the PO lines the documents name, of the document's own workshop (another's line is not found: unknown_po_line)
	const poLines = rowsOf<PoLineRow>(
		await tx.execute(sql`
			select l.id, l.vendor_id, l.purchase_order_id, o.currency, l.quantity, l.labor_basis, l.labor_unit_price_minor, l.stone_count,
				l.target_weight_mg, l.fineness, l.stones_unit_price_minor, l.metal_basis, l.metal_price_per_gram_minor,
				l.market_metal_price_per_gram_minor, l.received_quantity, l.accepted_quantity, l.rework_quantity,
				l.returned_quantity, l.accepted_gross_weight_mg, l.invoiced_quantity, l.invoiced_minor
			from unnest(${uuidArray(lines.flatMap((l) => (l.purchase_order_line_id ? [l.purchase_order_line_id] : [])))}) as s(id)
				join purchase_order_line l on l.id = s.id join purchase_order o on o.id = l.purchase_order_id`)
	);
	const poLineById = new Map(poLines.map((l) => [l.id, l]));
	// the charges agreed for an invoice are those of its PO: the one it was made from, else its first line's
	const linesByDocument = Map.groupBy(lines, (l) => l.invoice_id);
	const poOf = (d: DocumentRow) =>
		d.purchase_order_id ??
		(linesByDocument.get(d.id) ?? [])
			.map((l) => (l.purchase_order_line_id ? poLineById.get(l.purchase_order_line_id)?.purchase_order_id : undefined))
			.find(Boolean) ??
		null;
	const poIds = new Set(documents.flatMap((d) => poOf(d) ?? []));
	// most POs agree no charges: only those that do come back
	const agreedCharges = new Map(
		rowsOf<{ id: string; agreed_charges_minor: Partial<Record<ChargeKind, number>> }>(
			await tx.execute(
				sql`select id, agreed_charges_minor from purchase_order where id = any(${uuidArray(poIds)}) and agreed_charges_minor <> '{}'::jsonb`
			)
		).map((row) => [row.id, row.agreed_charges_minor])
	);
	const tolerances = await loadTolerances(
		tx,
		scope.kind === 'vendors' ? scope : { kind: 'vendors', vendorIds: [...new Set(documents.map((d) => d.vendor_id))] }
	);

	const documentUpdates: {
		id: string;
		match_status: StoredMatchStatus;
		status: InvoiceStatus;
		findings: StoredFinding[];
		suggested_credit: unknown;
	}[] = [];
	const poLineUpdates: { id: string; invoiced_quantity: number; invoiced_minor: number }[] = [];
	for (const [vendorId, vendorDocuments] of Map.groupBy(documents, (d) => d.vendor_id)) {
		const used = new Set<string>();
		const input: VendorDocument[] = vendorDocuments.map((d) => {
			const documentLines = (linesByDocument.get(d.id) ?? []).map(toDocumentLine);
			for (const line of documentLines)
				if (line.kind !== 'charge' && poLineById.get(line.poLineId)?.vendor_id === vendorId) used.add(line.poLineId);
			const po = poOf(d);
			return {
				id: d.id,
				vendorId,
				kind: d.kind,
				number: d.number,
				invoiceDate: d.invoice_date,
				submittedAt: d.submitted_at,
				currency: d.currency,
				creditsInvoiceId: d.credits_invoice_id,
				agreedChargesMinor: d.kind === 'invoice' && po ? (agreedCharges.get(po) ?? {}) : undefined,
				lines: documentLines
			};
		});
		const result: MatchResult = matchInvoices({
			poLines: [...used].map((id) => toPoLineTerms(poLineById.get(id)!)),
			documents: input,
			tolerances: tolerances.byVendor.get(vendorId) ?? tolerances.company
		});
		const rowById = new Map(vendorDocuments.map((d) => [d.id, d]));
		for (const match of result.documents) {
			if (!openIds.has(match.documentId)) continue;
			const row = rowById.get(match.documentId)!;
			const findings = match.findings.map(storedFinding);
			const suggested = match.suggestedCredit ?? null;
			const status = deriveInvoiceStatus({
				matchStatus: match.status,
				manuallyHeld: row.held,
				approved: row.approved,
				paymentStatus: row.payment_status
			});
			if (
				row.match_status !== match.status ||
				row.status !== status ||
				canonical(row.findings) !== canonical(findings) ||
				canonical(row.suggested_credit) !== canonical(suggested)
			) {
				documentUpdates.push({ id: row.id, match_status: match.status, status, findings, suggested_credit: suggested });
			}
		}
		for (const summary of result.poLines) {
			if (!openLineIds.has(summary.poLineId)) continue;
			const row = poLineById.get(summary.poLineId)!;
			const invoicedMinor = summary.invoicedGoodsMinor + summary.invoicedMetalMinor;
			if (row.invoiced_quantity !== summary.invoicedQuantity || Number(row.invoiced_minor) !== invoicedMinor) {
				poLineUpdates.push({ id: row.id, invoiced_quantity: summary.invoicedQuantity, invoiced_minor: invoicedMinor });
			}
		}
	}

	for (let start = 0; start < documentUpdates.length; start += WRITE_CHUNK) {
		const chunk = documentUpdates.slice(start, start + WRITE_CHUNK);
		await tx.execute(sql`
			update vendor_invoice i set
				match_status = u.match_status, status = u.status, findings = u.findings, suggested_credit = u.suggested_credit,
				matched_at = now(), version = i.version + 1, updated_at = now()
			from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb)
				as u(id uuid, match_status text, status text, findings jsonb, suggested_credit jsonb)
			where i.id = u.id`);
	}
	for (let start = 0; start < poLineUpdates.length; start += WRITE_CHUNK) {
		const chunk = poLineUpdates.slice(start, start + WRITE_CHUNK);
		await tx.execute(sql`
			update purchase_order_line l set invoiced_quantity = u.invoiced_quantity, invoiced_minor = u.invoiced_minor
			from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as u(id uuid, invoiced_quantity int, invoiced_minor bigint)
			where l.id = u.id`);
	}
	return {
		vendors: vendorCount || new Set(documents.map((d) => d.vendor_id)).size,
		documents: openIds.size,
		changed: documentUpdates.length
	};
}
