/**
 * The 4-way match — PO price, received, accepted, invoiced — as pure code. No database: the service
 * loads the facts, calls `matchInvoices`, and stores statuses and findings.
 *
 * The model, for the next person:
 * - Input is one vendor's world: the PO lines its documents touch (agreed terms and the receiving/QC
 *   facts as totals) and ALL of the vendor's invoices and credit notes on those lines, plus its other
 *   documents of the same years for the duplicate check. Waiting for QC = received − accepted − in
 *   rework − returned.
 * - Everything is cumulative per PO line. Documents are put in arrival order (`submittedAt`, then id);
 *   a credit note counts at the place of the invoice it corrects. Walking that order, an invoice is
 *   judged by what it adds: it is held on a rule only when, with it, the line is further over that
 *   rule's tolerance than without it. So a correct earlier invoice is never held by a wrong later one,
 *   and a credit note against the held invoice (or an earlier one) for what it over-billed releases it.
 *   The order of the arrays passed in never matters; only `submittedAt` decides which invoice is held.
 * - Rules per PO line, on the cumulative Q pieces, goods amount B and metal value M:
 *   quantity  Q ≤ accepted + quantity tolerance. Pieces over accepted are explained in the order
 *             waiting for QC (hold: the brand inspects), in rework (hold: wait, or credit), the rest —
 *             returned in QC, not delivered (hold: credit note).
 *   price     B ≤ Q × (PO unit price + allowance): the average unit price, so a price credit lowers it.
 *             "PO unit price" is everything but metal, per piece (labor + vendor stones).
 *   metal     M ≤ accepted fine weight × (agreed price per fine gram + allowance): fine weight × agreed
 *             price, compared as money. Consigned metal has an agreed price of 0. No recorded weight,
 *             or no market price yet, holds an invoice that adds metal.
 *   charges   freight, insurance, certificates: per invoice against what was agreed for it; nothing
 *             agreed warns (finance looks), over the agreement holds.
 *   Under-billing — a line under the PO price or the agreed metal price — warns and never holds.
 *   A document with the same normalised number as an earlier one (duplicates.ts) is held and not counted.
 * - Arithmetic: pieces and goods amounts are integers and every product is a BigInt. The price limit
 *   is exact (ten-thousandths of a minor unit): B passes while B ≤ ⌊Q × limit⌋. Metal is valued exactly
 *   (millionths) and rounded once, half up, on the PO line's cumulative value — never per invoice. So
 *   splitting an invoice into partial invoices changes no total and no verdict. Suggested credits are
 *   whole minor units: pieces at the price this invoice charged for them (dearest first), and price or
 *   metal differences of those integers, back to the PO / agreed price — with no tolerance, the credits
 *   of partial invoices add up to the credit of the whole. Under a tolerance, what an earlier invoice was
 *   allowed stays allowed; the invoice that breaks the tolerance credits what it added.
 * - Fixing one invoice can uncover another: crediting an earlier invoice's extra cheap pieces raises the
 *   average a later invoice passed under. The re-match after the credit note explains it; issuing the
 *   suggested credits round after round always ends with no over-billing hold (tested).
 * - Result: per document a status (matched | exception | warning_only), findings grouped by PO line
 *   with a machine code, words both sides understand and the fix (explain.ts), and the credit note that
 *   would release it; per PO line the cumulative figures for reconciliation.
 */
import { isCurrency } from '#lib/domain/money.ts';
import type { MetalBasis } from '#lib/domain/purchase-orders/totals.ts';
import { duplicateKey, normalizeInvoiceNumber, type DocumentKind } from './duplicates.ts';
import { explainFinding, type ChargeKind, type FindingCode, type FindingDetail, type QuantityBreakdown } from './explain.ts';
import { priceLimitScaled, TOLERANCE_SCALE, type Tolerances } from './tolerance.ts';

export type { ChargeKind, DocumentKind, FindingCode, FindingDetail };

// ─── Input ────────────────────────────────────────────────────────────────────────────────────────

/** What receiving and QC established for a PO line, totalled over its receipts and inspections. */
export interface ReceivingFacts {
	receivedQuantity: number;
	/** disposition accept */
	acceptedQuantity: number;
	/** disposition rework: back with the workshop, may still be accepted */
	reworkQuantity: number;
	/** disposition return (debit note): will not be paid */
	returnedQuantity: number;
	/** gross weight of the accepted pieces as weighed at receiving; null = not weighed */
	acceptedGrossWeightMg: number | null;
}

export interface PoLineTerms {
	id: string;
	/** the PO's currency; documents in another currency are not counted */
	currency: string;
	orderedQuantity: number;
	/** agreed price per piece for everything but metal (labor, vendor-supplied stones), minor units */
	unitPriceMinor: number;
	metalBasis: MetalBasis;
	/** agreed price per fine gram: fixed on the PO, or the market price on the delivery date; null = not known yet */
	metalPricePerFineGramMinor: number | null;
	/** parts per thousand */
	fineness: number;
	facts: ReceivingFacts;
}

export interface MetalCharge {
	fineWeightMg: number;
	pricePerFineGramMinor: number;
}

/** Pieces against a PO line. On a credit note the same numbers, written positive, are taken off. */
export interface GoodsLine {
	kind: 'goods';
	id: string;
	poLineId: string;
	quantity: number;
	unitPriceMinor: number;
	metal: MetalCharge | null;
}

/** An amount without pieces against a PO line: a price difference ("10 pcs × 5.00" on a credit note). */
export interface AdjustmentLine {
	kind: 'adjustment';
	id: string;
	poLineId: string;
	part: 'goods' | 'metal';
	amountMinor: number;
}

/** Charges not linked to a PO line. */
export interface ChargeLine {
	kind: 'charge';
	id: string;
	charge: ChargeKind;
	amountMinor: number;
}

export type DocumentLine = GoodsLine | AdjustmentLine | ChargeLine;

export interface VendorDocument {
	id: string;
	vendorId: string;
	kind: DocumentKind;
	number: string;
	/** YYYY-MM-DD, as printed */
	invoiceDate: string;
	/** when it reached Bezel (ISO timestamp): the order documents are counted in */
	submittedAt: string;
	currency: string;
	/** credit notes: the invoice they correct; they count at its place */
	creditsInvoiceId: string | null;
	/** charges the brand agreed for this invoice (from the PO or shipment); a kind left out was not agreed */
	agreedChargesMinor?: Partial<Record<ChargeKind, number>>;
	/** numbers are never negative: a credit note's kind is what takes them off */
	lines: readonly DocumentLine[];
}

export interface MatchInput {
	poLines: readonly PoLineTerms[];
	documents: readonly VendorDocument[];
	tolerances: Tolerances;
}

// ─── Output ───────────────────────────────────────────────────────────────────────────────────────

export type Severity = 'hold' | 'warning';
export type MatchStatus = 'matched' | 'exception' | 'warning_only';

export const findingSeverity: Record<FindingCode, Severity> = {
	quantity_over_accepted: 'hold',
	qc_pending: 'hold',
	rework_pending: 'hold',
	price_over_po: 'hold',
	price_under_po: 'warning',
	metal_over_agreed: 'hold',
	metal_on_consigned: 'hold',
	metal_weight_unknown: 'hold',
	metal_price_unknown: 'hold',
	metal_price_under_agreed: 'warning',
	charge_over_agreed: 'hold',
	charge_not_agreed: 'warning',
	currency_mismatch: 'hold',
	unknown_po_line: 'hold',
	duplicate_number: 'hold',
	possible_duplicate: 'warning',
	credit_exceeds_invoiced: 'warning',
	credit_note_unlinked: 'warning'
};

export interface Finding {
	code: FindingCode;
	severity: Severity;
	documentId: string;
	/** null for findings about the whole document (duplicates, charges) */
	poLineId: string | null;
	/** this document's lines the finding is about */
	lineIds: string[];
	text: string;
	fix: string | null;
	detail: FindingDetail;
}

/** A line of the credit note that would release the hold, ready to prefill (no id yet). */
export type SuggestedCreditLine = Omit<GoodsLine, 'id'> | Omit<AdjustmentLine, 'id'> | Omit<ChargeLine, 'id'>;

export interface CreditSuggestion {
	creditsInvoiceId: string;
	currency: string;
	lines: SuggestedCreditLine[];
	totalMinor: number;
}

export interface LineMatch {
	poLineId: string;
	lineIds: string[];
	status: MatchStatus;
	findings: Finding[];
}

export interface DocumentTotals {
	goodsMinor: number;
	/** each metal line rounded half up once, as printed */
	metalMinor: number;
	chargesMinor: number;
	totalMinor: number;
}

export interface DocumentMatch {
	documentId: string;
	kind: DocumentKind;
	number: string;
	status: MatchStatus;
	/** every finding: document-level first, then per PO line */
	findings: Finding[];
	documentFindings: Finding[];
	lines: LineMatch[];
	/** null when nothing is to be credited */
	suggestedCredit: CreditSuggestion | null;
	/** as printed: positive on credit notes too */
	totals: DocumentTotals;
}

/** One PO line over every counted document: the reconciliation figures. */
export interface PoLineSummary {
	poLineId: string;
	currency: string;
	orderedQuantity: number;
	receivedQuantity: number;
	acceptedQuantity: number;
	reworkQuantity: number;
	returnedQuantity: number;
	waitingForQcQuantity: number;
	/** net of credit notes */
	invoicedQuantity: number;
	invoicedGoodsMinor: number;
	invoicedFineWeightMg: number;
	/** exact value rounded once, half up */
	invoicedMetalMinor: number;
	acceptedFineWeightMg: number | null;
	/** pieces invoiced beyond accepted (before any tolerance) */
	quantityOverAccepted: number;
	/** what would hold if all of it were one invoice; empty = the line matches */
	holds: FindingCode[];
}

export interface MatchResult {
	/** in arrival order */
	documents: DocumentMatch[];
	/** in the order given */
	poLines: PoLineSummary[];
}

// ─── Arithmetic ───────────────────────────────────────────────────────────────────────────────────

const S = TOLERANCE_SCALE;
const MICRO = 1_000_000n;

const max0 = (x: bigint) => (x > 0n ? x : 0n);
const maxOf = (a: bigint, b: bigint) => (a > b ? a : b);
const minOf = (a: bigint, b: bigint) => (a < b ? a : b);
/** ⌈a / b⌉ for b > 0; 0 when a ≤ 0 */
const ceilDiv = (a: bigint, b: bigint) => (a <= 0n ? 0n : (a + b - 1n) / b);

function roundHalfUp(numerator: bigint, denominator: bigint): bigint {
	const sign = numerator < 0n ? -1n : 1n;
	const magnitude = numerator < 0n ? -numerator : numerator;
	return sign * ((magnitude * 2n + denominator) / (denominator * 2n));
}

function toNumber(value: bigint): number {
	const n = Number(value);
	if (!Number.isSafeInteger(n)) throw new RangeError('An amount is too large to hold exactly.');
	return n;
}

function assertCount(value: unknown, what: string): asserts value is number {
	if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
		throw new RangeError(`${what} must be a whole number of 0 or more, got ${String(value)}.`);
	}
}

// ─── Per PO line ──────────────────────────────────────────────────────────────────────────────────

/** Cumulative totals of a PO line; metal in millionths of a minor unit (fine mg × price per g × 1000). */
interface State {
	quantity: bigint;
	goods: bigint;
	metal: bigint;
	fineMg: bigint;
}

const zeroState: State = { quantity: 0n, goods: 0n, metal: 0n, fineMg: 0n };

interface LineContext {
	terms: PoLineTerms;
	unitPrice: bigint;
	/** per piece, ten-thousandths of a minor unit */
	goodsLimit: bigint;
	accepted: bigint;
	received: bigint;
	rework: bigint;
	returned: bigint;
	waiting: bigint;
	quantityTolerance: bigint;
	consigned: boolean;
	agreedPerGram: bigint | null;
	/** accepted gross mg × fineness = accepted fine mg × 1000; 0 when consigned (nothing is owed for it) */
	grossFine: bigint | null;
	/** per fine gram, ten-thousandths of a minor unit */
	metalLimit: bigint | null;
}

function lineContext(terms: PoLineTerms, tolerances: Tolerances): LineContext {
	const f = terms.facts;
	const accepted = BigInt(f.acceptedQuantity);
	const rework = BigInt(f.reworkQuantity);
	const returned = BigInt(f.returnedQuantity);
	const received = BigInt(f.receivedQuantity);
	const unitPrice = BigInt(terms.unitPriceMinor);
	const consigned = terms.metalBasis === 'consigned';
	const agreedPerGram = consigned ? 0n : terms.metalPricePerFineGramMinor === null ? null : BigInt(terms.metalPricePerFineGramMinor);
	const grossFine = consigned ? 0n : f.acceptedGrossWeightMg === null ? null : BigInt(f.acceptedGrossWeightMg) * BigInt(terms.fineness);
	return {
		terms,
		unitPrice,
		goodsLimit: priceLimitScaled(tolerances, unitPrice, terms.currency),
		accepted,
		received,
		rework,
		returned,
		// inconsistent facts (more dispositions than receipts) must not invent pieces waiting for QC
		waiting: max0(received - accepted - rework - returned),
		quantityTolerance: BigInt(tolerances.quantity.pieces),
		consigned,
		agreedPerGram,
		grossFine,
		metalLimit: consigned ? 0n : agreedPerGram === null ? null : priceLimitScaled(tolerances, agreedPerGram, terms.currency)
	};
}

// How far over each rule's limit a state is; a document holds on a rule when it makes this grow.
const quantityHold = (c: LineContext, s: State) => max0(s.quantity - c.accepted - c.quantityTolerance);
// a line credited below zero pieces allows no money at all, rather than a negative allowance
const goodsHold = (c: LineContext, s: State) => max0(s.goods * S - max0(s.quantity) * c.goodsLimit);

/** Pieces at one unit price. */
interface Pieces {
	quantity: bigint;
	unitPrice: bigint;
}

/**
 * `count` pieces from a document's own lines, dearest first (the brand's side of the doubt), merged by
 * price. Should the lines hold fewer (a credit note moved the line), the rest go at the PO price.
 */
function pickDearest(own: readonly Pieces[], count: bigint, fallbackPrice: bigint): Pieces[] {
	const picked = new Map<bigint, bigint>();
	let left = count;
	for (const { quantity, unitPrice } of [...own].sort((a, b) => (a.unitPrice > b.unitPrice ? -1 : a.unitPrice < b.unitPrice ? 1 : 0))) {
		if (left <= 0n) break;
		const take = minOf(left, quantity);
		if (take <= 0n) continue;
		picked.set(unitPrice, (picked.get(unitPrice) ?? 0n) + take);
		left -= take;
	}
	if (left > 0n) picked.set(fallbackPrice, (picked.get(fallbackPrice) ?? 0n) + left);
	return [...picked].map(([unitPrice, quantity]) => ({ quantity, unitPrice })).sort((a, b) => (a.unitPrice > b.unitPrice ? -1 : 1));
}

/** The first `count` of already-picked pieces. */
function takePieces(picked: readonly Pieces[], count: bigint): Pieces[] {
	const taken: Pieces[] = [];
	let left = count;
	for (const p of picked) {
		if (left <= 0n) break;
		const take = minOf(left, p.quantity);
		taken.push({ quantity: take, unitPrice: p.unitPrice });
		left -= take;
	}
	return taken;
}

const valueOf = (pieces: readonly Pieces[]) => pieces.reduce((sum, p) => sum + p.quantity * p.unitPrice, 0n);

interface Judgement {
	findings: FindingDetail[];
	credit: SuggestedCreditLine[];
	/** a credit in this step took the line below zero */
	overCredited: boolean;
}

/** What moving the PO line from `before` to `after` (one invoice and its credit notes) breaks. */
function judge(c: LineContext, before: State, after: State, ownPieces: readonly Pieces[]): Judgement {
	const poLineId = c.terms.id;
	const findings: FindingDetail[] = [];
	const credit: SuggestedCreditLine[] = [];

	// quantity first: the pieces it credits are the document's own, dearest first, at the price invoiced
	let postQuantity = after;
	if (quantityHold(c, after) > quantityHold(c, before)) {
		// this document's slice of the pieces over accepted, placed after the slices of earlier ones
		const from = max0(before.quantity - c.accepted);
		const to = after.quantity - c.accepted;
		const slice = (lo: bigint, hi: bigint) => max0(minOf(to, hi) - maxOf(from, lo));
		const waiting = slice(0n, c.waiting);
		const rework = slice(c.waiting, c.waiting + c.rework);
		const rest = max0(to - maxOf(from, c.waiting + c.rework));
		const picked = pickDearest(ownPieces, rest + rework, c.unitPrice);
		const restAmount = valueOf(takePieces(picked, rest));
		const amount = valueOf(picked);
		for (const { quantity, unitPrice } of picked) {
			credit.push({ kind: 'goods', poLineId, quantity: toNumber(quantity), unitPriceMinor: toNumber(unitPrice), metal: null });
		}
		postQuantity = { ...after, quantity: after.quantity - rest - rework, goods: after.goods - amount };
		const quantity: QuantityBreakdown = {
			invoiced: toNumber(after.quantity),
			onThisDocument: toNumber(after.quantity - before.quantity),
			accepted: toNumber(c.accepted),
			waitingForQc: toNumber(c.waiting),
			inRework: toNumber(c.rework),
			returned: toNumber(c.returned),
			notDelivered: toNumber(max0(after.quantity - c.received))
		};
		if (waiting > 0n) findings.push({ code: 'qc_pending', quantity, waitingPieces: toNumber(waiting) });
		if (rework > 0n) {
			findings.push({ code: 'rework_pending', quantity, reworkPieces: toNumber(rework), creditAmountMinor: toNumber(amount - restAmount) });
		}
		if (rest > 0n) {
			findings.push({ code: 'quantity_over_accepted', quantity, creditPieces: toNumber(rest), creditAmountMinor: toNumber(restAmount) });
		}
	}

	// price on the pieces that stay, so a piece credited above is not also price-credited
	const goodsHoldBefore = goodsHold(c, before);
	if (goodsHold(c, postQuantity) > goodsHoldBefore) {
		const overPoPrice = (s: State) => max0(s.goods - max0(s.quantity) * c.unitPrice);
		// back to the PO price, not just to the edge of the tolerance — and at least what releases the hold
		const priceCredit = maxOf(overPoPrice(postQuantity) - overPoPrice(before), ceilDiv(goodsHold(c, postQuantity) - goodsHoldBefore, S));
		findings.push({
			code: 'price_over_po',
			invoicedQuantity: toNumber(after.quantity),
			invoicedAmountMinor: toNumber(after.goods),
			piecesOnThisDocument: toNumber(postQuantity.quantity - before.quantity),
			poUnitPriceMinor: toNumber(c.unitPrice),
			limitUnitPriceMinor: toNumber(c.goodsLimit / S),
			creditAmountMinor: toNumber(priceCredit)
		});
		credit.push({ kind: 'adjustment', poLineId, part: 'goods', amountMinor: toNumber(priceCredit) });
	}

	if (c.agreedPerGram === null || c.metalLimit === null || c.grossFine === null) {
		if (after.metal > before.metal && after.metal > 0n) {
			const invoicedFineMg = toNumber(after.fineMg);
			if (c.agreedPerGram === null)
				findings.push({ code: 'metal_price_unknown', invoicedFineMg, basis: c.terms.metalBasis === 'market' ? 'market' : 'fixed' });
			if (c.grossFine === null) findings.push({ code: 'metal_weight_unknown', invoicedFineMg });
		}
	} else {
		// metal is compared as money, rounded once on the line's cumulative value: integer amounts, so
		// credits telescope — the credits of partial invoices add up to the credit of the whole
		const acceptedMinor = roundHalfUp(c.grossFine * c.agreedPerGram, MICRO);
		const limitMinor = roundHalfUp(c.grossFine * c.metalLimit, S * MICRO);
		const metalMinor = (s: State) => roundHalfUp(s.metal, MICRO);
		const hold = (s: State) => max0(metalMinor(s) - limitMinor);
		const over = (s: State) => max0(metalMinor(s) - acceptedMinor);
		if (hold(after) > hold(before)) {
			const creditMinor = maxOf(over(after) - over(before), hold(after) - hold(before));
			const invoiced = { invoicedFineMg: toNumber(after.fineMg), invoicedMetalMinor: toNumber(metalMinor(after)) };
			if (c.consigned) {
				findings.push({ code: 'metal_on_consigned', ...invoiced, creditAmountMinor: toNumber(creditMinor) });
			} else {
				findings.push({
					code: 'metal_over_agreed',
					...invoiced,
					acceptedFineMg: toNumber(roundHalfUp(c.grossFine, 1000n)),
					agreedPricePerGramMinor: toNumber(c.agreedPerGram),
					acceptedMetalMinor: toNumber(acceptedMinor),
					creditAmountMinor: toNumber(creditMinor)
				});
			}
			credit.push({ kind: 'adjustment', poLineId, part: 'metal', amountMinor: toNumber(creditMinor) });
		}
	}

	const overCredited =
		(after.quantity < 0n && after.quantity < before.quantity) ||
		(after.goods < 0n && after.goods < before.goods) ||
		(after.metal < 0n && after.metal < before.metal);
	return { findings, credit, overCredited };
}

const piecesOf = (line: GoodsLine): Pieces => ({ quantity: BigInt(line.quantity), unitPrice: BigInt(line.unitPriceMinor) });

function addLine(state: State, line: GoodsLine | AdjustmentLine, sign: bigint): State {
	if (line.kind === 'adjustment') {
		return line.part === 'goods'
			? { ...state, goods: state.goods + sign * BigInt(line.amountMinor) }
			: { ...state, metal: state.metal + sign * BigInt(line.amountMinor) * MICRO };
	}
	const quantity = BigInt(line.quantity);
	const fine = line.metal ? BigInt(line.metal.fineWeightMg) : 0n;
	const metal = line.metal ? fine * BigInt(line.metal.pricePerFineGramMinor) * 1000n : 0n;
	return {
		quantity: state.quantity + sign * quantity,
		goods: state.goods + sign * quantity * BigInt(line.unitPriceMinor),
		metal: state.metal + sign * metal,
		fineMg: state.fineMg + sign * fine
	};
}

// ─── Documents ────────────────────────────────────────────────────────────────────────────────────

/** The document's own totals, as printed (metal rounded half up per line, once). */
export function documentTotals(document: Pick<VendorDocument, 'lines'>): DocumentTotals {
	let goods = 0n;
	let metal = 0n;
	let charges = 0n;
	for (const line of document.lines) {
		if (line.kind === 'charge') charges += BigInt(line.amountMinor);
		else if (line.kind === 'adjustment') {
			if (line.part === 'goods') goods += BigInt(line.amountMinor);
			else metal += BigInt(line.amountMinor);
		} else {
			goods += BigInt(line.quantity) * BigInt(line.unitPriceMinor);
			if (line.metal) metal += roundHalfUp(BigInt(line.metal.fineWeightMg) * BigInt(line.metal.pricePerFineGramMinor), 1000n);
		}
	}
	return {
		goodsMinor: toNumber(goods),
		metalMinor: toNumber(metal),
		chargesMinor: toNumber(charges),
		totalMinor: toNumber(goods + metal + charges)
	};
}

function validate(input: MatchInput): void {
	const ids = new Set<string>();
	for (const line of input.poLines) {
		const where = `PO line ${line.id}`;
		if (ids.has(line.id)) throw new RangeError(`${where} is listed twice.`);
		ids.add(line.id);
		if (!isCurrency(line.currency)) throw new RangeError(`${where}: unknown currency "${line.currency}".`);
		assertCount(line.orderedQuantity, `${where}: ordered quantity`);
		assertCount(line.unitPriceMinor, `${where}: unit price`);
		if (line.metalPricePerFineGramMinor !== null) assertCount(line.metalPricePerFineGramMinor, `${where}: metal price`);
		assertCount(line.fineness, `${where}: fineness`);
		if (line.fineness > 1000) throw new RangeError(`${where}: fineness is in parts per thousand, at most 1000.`);
		const f = line.facts;
		for (const key of ['receivedQuantity', 'acceptedQuantity', 'reworkQuantity', 'returnedQuantity'] as const)
			assertCount(f[key], `${where}: ${key}`);
		if (f.acceptedGrossWeightMg !== null) assertCount(f.acceptedGrossWeightMg, `${where}: accepted weight`);
	}
	for (const document of input.documents) {
		const where = `Document ${document.number} (${document.id})`;
		if (document.kind !== 'invoice' && document.kind !== 'credit_note') throw new RangeError(`${where}: unknown kind.`);
		if (!/^\d{4}-\d{2}-\d{2}$/.test(document.invoiceDate)) throw new RangeError(`${where}: the date must be YYYY-MM-DD.`);
		for (const line of document.lines) {
			if (line.kind === 'goods') {
				assertCount(line.quantity, `${where}, line ${line.id}: quantity`);
				assertCount(line.unitPriceMinor, `${where}, line ${line.id}: unit price`);
				if (line.metal) {
					assertCount(line.metal.fineWeightMg, `${where}, line ${line.id}: fine weight`);
					assertCount(line.metal.pricePerFineGramMinor, `${where}, line ${line.id}: metal price`);
				}
			} else {
				assertCount(line.amountMinor, `${where}, line ${line.id}: amount`);
			}
		}
	}
}

const byArrival = (a: VendorDocument, b: VendorDocument) =>
	a.submittedAt < b.submittedAt ? -1 : a.submittedAt > b.submittedAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

interface Pending {
	detail: FindingDetail;
	poLineId: string | null;
	lineIds: string[];
}

interface Entry {
	slot: number;
	document: VendorDocument;
	line: GoodsLine | AdjustmentLine;
	sign: bigint;
}

const statusOf = (findings: readonly { severity: Severity }[]): MatchStatus =>
	findings.some((f) => f.severity === 'hold') ? 'exception' : findings.length > 0 ? 'warning_only' : 'matched';

export function matchInvoices(input: MatchInput): MatchResult {
	validate(input);
	const { tolerances } = input;
	const terms = new Map(input.poLines.map((line) => [line.id, line]));
	const documents = [...input.documents].sort(byArrival);
	const invoiceIds = new Set(documents.filter((d) => d.kind === 'invoice').map((d) => d.id));
	const isLinked = (d: VendorDocument) => d.kind === 'credit_note' && d.creditsInvoiceId !== null && invoiceIds.has(d.creditsInvoiceId);

	// one slot per invoice, and per credit note that names no known invoice, in arrival order
	const slotOf = new Map<string, number>();
	const owners: VendorDocument[] = [];
	for (const d of documents) {
		if (isLinked(d)) continue;
		slotOf.set(d.id, owners.length);
		owners.push(d);
	}
	for (const d of documents) if (isLinked(d)) slotOf.set(d.id, slotOf.get(d.creditsInvoiceId!)!);

	const pending = new Map<string, Pending[]>(documents.map((d) => [d.id, []]));
	const note = (documentId: string, finding: Pending) => pending.get(documentId)!.push(finding);
	const credits = new Map<string, SuggestedCreditLine[]>();
	const addCredit = (documentId: string, lines: SuggestedCreditLine[]) => {
		if (!lines.length) return;
		const known = credits.get(documentId);
		if (known) known.push(...lines);
		else credits.set(documentId, [...lines]);
	};

	// duplicates: the later of two documents with the same number is held and not counted
	const excluded = new Set<string>();
	const firstByNumber = new Map<string, VendorDocument>();
	const firstByAmount = new Map<string, VendorDocument>();
	const totals = new Map(documents.map((d) => [d.id, documentTotals(d)]));
	for (const d of documents) {
		const key = duplicateKey(d);
		const original = firstByNumber.get(key);
		if (original) {
			excluded.add(d.id);
			note(d.id, {
				detail: {
					code: 'duplicate_number',
					otherNumber: original.number,
					otherDate: original.invoiceDate,
					normalizedNumber: normalizeInvoiceNumber(d.number)
				},
				poLineId: null,
				lineIds: []
			});
			continue;
		}
		firstByNumber.set(key, d);
		const totalMinor = totals.get(d.id)!.totalMinor;
		const amountKey = [d.vendorId, d.kind, d.invoiceDate, d.currency, totalMinor].join('|');
		const twin = firstByAmount.get(amountKey);
		if (twin) {
			note(d.id, {
				detail: { code: 'possible_duplicate', otherNumber: twin.number, otherDate: twin.invoiceDate, totalMinor },
				poLineId: null,
				lineIds: []
			});
		} else firstByAmount.set(amountKey, d);
		if (d.kind === 'credit_note' && !isLinked(d)) note(d.id, { detail: { code: 'credit_note_unlinked' }, poLineId: null, lineIds: [] });
	}

	// lines by PO line; lines that cannot count are explained once per document and PO line
	const entries = new Map<string, Entry[]>();
	const touched = new Map<string, Map<string, string[]>>(documents.map((d) => [d.id, new Map()]));
	const charges = new Map<number, { document: VendorDocument; sign: bigint; line: ChargeLine }[]>();
	for (const d of documents) {
		if (excluded.has(d.id)) continue;
		const slot = slotOf.get(d.id)!;
		const sign = d.kind === 'credit_note' ? -1n : 1n;
		const refused = new Map<string, Pending>();
		for (const line of d.lines) {
			if (line.kind === 'charge') {
				const slotCharges = charges.get(slot);
				if (slotCharges) slotCharges.push({ document: d, sign, line });
				else charges.set(slot, [{ document: d, sign, line }]);
				continue;
			}
			const poLine = terms.get(line.poLineId);
			const lineIds = touched.get(d.id)!;
			const ids = lineIds.get(line.poLineId);
			if (ids) ids.push(line.id);
			else lineIds.set(line.poLineId, [line.id]);
			if (!poLine || poLine.currency !== d.currency) {
				const known = refused.get(line.poLineId);
				if (known) known.lineIds.push(line.id);
				else {
					refused.set(line.poLineId, {
						detail: poLine
							? { code: 'currency_mismatch', documentCurrency: d.currency, poCurrency: poLine.currency }
							: { code: 'unknown_po_line' },
						poLineId: line.poLineId,
						lineIds: [line.id]
					});
				}
				continue;
			}
			const lineEntries = entries.get(line.poLineId);
			if (lineEntries) lineEntries.push({ slot, document: d, line, sign });
			else entries.set(line.poLineId, [{ slot, document: d, line, sign }]);
			// under-billing warns on the line itself
			if (d.kind === 'invoice' && line.kind === 'goods') {
				if (line.unitPriceMinor < poLine.unitPriceMinor && line.quantity > 0) {
					note(d.id, {
						detail: {
							code: 'price_under_po',
							quantity: line.quantity,
							unitPriceMinor: line.unitPriceMinor,
							poUnitPriceMinor: poLine.unitPriceMinor
						},
						poLineId: poLine.id,
						lineIds: [line.id]
					});
				}
				const agreed = poLine.metalPricePerFineGramMinor;
				if (
					line.metal &&
					poLine.metalBasis !== 'consigned' &&
					agreed !== null &&
					line.metal.pricePerFineGramMinor < agreed &&
					line.metal.fineWeightMg > 0
				) {
					note(d.id, {
						detail: {
							code: 'metal_price_under_agreed',
							pricePerGramMinor: line.metal.pricePerFineGramMinor,
							agreedPricePerGramMinor: agreed
						},
						poLineId: poLine.id,
						lineIds: [line.id]
					});
				}
			}
		}
		for (const finding of refused.values()) note(d.id, finding);
	}

	// walk each PO line in arrival order; each slot is judged by what it adds
	const summaries = new Map<string, PoLineSummary>();
	// a fixed order, so findings come out the same whatever order the PO lines were passed in
	for (const poLine of [...input.poLines].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
		const context = lineContext(poLine, tolerances);
		const lineEntries = (entries.get(poLine.id) ?? []).sort((a, b) => a.slot - b.slot);
		let state = zeroState;
		const allPieces: Pieces[] = [];
		for (let i = 0; i < lineEntries.length;) {
			const slot = lineEntries[i].slot;
			const before = state;
			const creditNotes = new Set<VendorDocument>();
			const ownPieces: Pieces[] = [];
			for (; i < lineEntries.length && lineEntries[i].slot === slot; i++) {
				const entry = lineEntries[i];
				state = addLine(state, entry.line, entry.sign);
				if (entry.sign < 0n) creditNotes.add(entry.document);
				else if (entry.line.kind === 'goods') {
					const pieces = piecesOf(entry.line);
					ownPieces.push(pieces);
					allPieces.push(pieces);
				}
			}
			const owner = owners[slot];
			const verdict = judge(context, before, state, ownPieces);
			const ownerLines = touched.get(owner.id)!.get(poLine.id) ?? [];
			for (const detail of verdict.findings) note(owner.id, { detail, poLineId: poLine.id, lineIds: ownerLines });
			addCredit(owner.id, verdict.credit);
			if (verdict.overCredited) {
				for (const creditNote of creditNotes) {
					note(creditNote.id, {
						detail: {
							code: 'credit_exceeds_invoiced',
							invoicedQuantity: toNumber(state.quantity),
							invoicedAmountMinor: toNumber(state.goods)
						},
						poLineId: poLine.id,
						lineIds: touched.get(creditNote.id)!.get(poLine.id) ?? []
					});
				}
			}
		}
		const whole = judge(context, zeroState, state, allPieces);
		summaries.set(poLine.id, {
			poLineId: poLine.id,
			currency: poLine.currency,
			orderedQuantity: poLine.orderedQuantity,
			receivedQuantity: poLine.facts.receivedQuantity,
			acceptedQuantity: poLine.facts.acceptedQuantity,
			reworkQuantity: poLine.facts.reworkQuantity,
			returnedQuantity: poLine.facts.returnedQuantity,
			waitingForQcQuantity: toNumber(context.waiting),
			invoicedQuantity: toNumber(state.quantity),
			invoicedGoodsMinor: toNumber(state.goods),
			invoicedFineWeightMg: toNumber(state.fineMg),
			invoicedMetalMinor: toNumber(roundHalfUp(state.metal, MICRO)),
			acceptedFineWeightMg: context.consigned || context.grossFine === null ? null : toNumber(roundHalfUp(context.grossFine, 1000n)),
			quantityOverAccepted: toNumber(max0(state.quantity - context.accepted)),
			holds: [...new Set(whole.findings.map((f) => f.code).filter((code) => findingSeverity[code] === 'hold'))]
		});
	}

	// charges: per invoice (with its credit notes) against what was agreed for it
	for (const [slot, lines] of charges) {
		const owner = owners[slot];
		if (owner.kind !== 'invoice') continue;
		const net = new Map<ChargeKind, { amount: bigint; lineIds: string[] }>();
		for (const { document, sign, line } of lines) {
			if (document.currency !== owner.currency) {
				note(document.id, {
					detail: { code: 'currency_mismatch', documentCurrency: document.currency, poCurrency: owner.currency },
					poLineId: null,
					lineIds: [line.id]
				});
				continue;
			}
			const sum = net.get(line.charge) ?? { amount: 0n, lineIds: [] };
			sum.amount += sign * BigInt(line.amountMinor);
			if (document.id === owner.id) sum.lineIds.push(line.id);
			net.set(line.charge, sum);
		}
		for (const [charge, { amount, lineIds }] of net) {
			if (amount <= 0n) continue;
			const agreed = owner.agreedChargesMinor?.[charge];
			if (agreed === undefined) {
				note(owner.id, { detail: { code: 'charge_not_agreed', charge, invoicedMinor: toNumber(amount) }, poLineId: null, lineIds });
			} else if (amount * S > priceLimitScaled(tolerances, BigInt(agreed), owner.currency)) {
				const creditAmountMinor = toNumber(amount - BigInt(agreed));
				note(owner.id, {
					detail: { code: 'charge_over_agreed', charge, invoicedMinor: toNumber(amount), agreedMinor: agreed, creditAmountMinor },
					poLineId: null,
					lineIds
				});
				addCredit(owner.id, [{ kind: 'charge', charge, amountMinor: creditAmountMinor }]);
			}
		}
	}

	const results = documents.map((d): DocumentMatch => {
		const context = { currency: d.currency, documentNumber: d.number, documentKind: d.kind };
		const findings = pending.get(d.id)!.map((p): Finding => ({
			code: p.detail.code,
			severity: findingSeverity[p.detail.code],
			documentId: d.id,
			poLineId: p.poLineId,
			lineIds: p.lineIds,
			...explainFinding(p.detail, context),
			detail: p.detail
		}));
		const documentFindings = findings.filter((f) => f.poLineId === null);
		// a credit note against this invoice can move a PO line the invoice itself does not name
		const poLineIds = new Set([...touched.get(d.id)!.keys(), ...findings.flatMap((f) => (f.poLineId === null ? [] : [f.poLineId]))]);
		const lines: LineMatch[] = [...poLineIds].map((poLineId) => {
			const lineFindings = findings.filter((f) => f.poLineId === poLineId);
			return { poLineId, lineIds: touched.get(d.id)!.get(poLineId) ?? [], status: statusOf(lineFindings), findings: lineFindings };
		});
		const creditLines = credits.get(d.id) ?? [];
		const creditTotal = creditLines.reduce(
			(sum, line) => sum + (line.kind === 'goods' ? BigInt(line.quantity) * BigInt(line.unitPriceMinor) : BigInt(line.amountMinor)),
			0n
		);
		return {
			documentId: d.id,
			kind: d.kind,
			number: d.number,
			status: statusOf(findings),
			findings: [...documentFindings, ...findings.filter((f) => f.poLineId !== null)],
			documentFindings,
			lines,
			suggestedCredit: creditLines.length
				? { creditsInvoiceId: d.id, currency: d.currency, lines: creditLines, totalMinor: toNumber(creditTotal) }
				: null,
			totals: totals.get(d.id)!
		};
	});

	return { documents: results, poLines: input.poLines.map((line) => summaries.get(line.id)!) };
}
