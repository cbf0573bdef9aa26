/**
 * The goods coming in over the last two weeks, and the money going out for them, through the same
 * services people use: workshops announce what they shipped (carrier, tracking, packing photos), ops
 * receive it at the dock and inspect it (checklist, defects with photos, accept / rework / return),
 * workshops answer the defects and invoice (demo-invoices.ts), finance approves, holds and pays.
 *
 * The stories, on purchase orders of demo-purchase-orders.ts that were acknowledged or in production:
 * - Vicenza's box chains, done first on the holiday chain run: two Malca-Amit deliveries, all accepted,
 *   invoiced with the metal at the fixed price, matched, approved, scheduled and paid (remittance mail);
 * - Siam's pavé huggies: one pair returned in QC for porosity (debit note), the invoice charges all 30
 *   pairs (exception), Siam answers the defect and issues the suggested credit note, the hold releases
 *   and finance approves both;
 * - Canal Street's halo rings: two sent back for a loose prong (rework stage on the job bag), the invoice
 *   charges them anyway (held for rework), they come back, pass, and the invoice matches; scheduled;
 * - Jaipur's kundan pendants invoiced above the PO's labour price (exception); Brooklyn's cufflinks and
 *   huggies with freight nobody agreed (warning, still matched); Antwerp's pearl studs with the freight
 *   agreed on the PO (matched), then held by finance while the workshop's new bank details are checked;
 *   Brooklyn's signets invoiced the day they arrived, before QC (held: waiting for QC, in the QC queue);
 * - Jaipur's polki pairs on their way with Malca-Amit (an announced shipment on /receiving).
 *
 * Where a workshop had not recorded its bench work for a PO, its job bags go through their stages first
 * (demo-production.ts), so goods never arrive from a bench that has not started. Like the other strands,
 * a story is steps in days before today, replayed oldest first with the clock set to each moment
 * (seed-clock.ts); on a PostgreSQL server it all happens today.
 */
import { todayIso } from '#lib/format/dates.ts';
import { and, asc, eq, inArray, isNull, like, or, sql } from 'drizzle-orm';
import { minorToDecimalString } from '#lib/domain/money.ts';
import { checklistCodes, type ChecklistCode } from '#lib/domain/quality/checklist.ts';
import type { InvoiceLineForm } from '#lib/domain/invoices/entry.ts';
import { mgToGramsString, parseGrams } from '#lib/format/weight.ts';
import type { StaffActor, VendorActor } from '#lib/server/auth/actor.ts';
import {
	outboxMessage,
	purchaseOrder,
	purchaseOrderLine,
	qcDefect,
	qcInspection,
	vendor,
	vendorInvoice
} from '#lib/server/db/schema/index.ts';
import { asSystem } from '#lib/server/db/scope.ts';
import { getInvoiceDraft } from '#lib/server/invoices/service.ts';
import { expandAudiences } from '#lib/server/mail/sender.ts';
import type { ProcessedPhoto } from '#lib/server/production/photos.ts';
import { addDefect, answerDefect, completeInspection } from '#lib/server/quality/service.ts';
import { updateAgreedCharges } from '#lib/server/reconciliation/agreed-charges.ts';
import { receiveGoods } from '#lib/server/receiving/receipts.ts';
import { announceShipment } from '#lib/server/receiving/shipments.ts';
import { workshopNames as W } from './demo-catalogue.ts';
import { loadCast, staffMember, workshopPerson, type Cast, type Who } from './demo-cast.ts';
import {
	approveDocuments,
	flippedLines,
	holdDocument,
	recordDemoPaid,
	scheduleDemoPayment,
	submitDemoDocument,
	suggestedCreditLines
} from './demo-invoices.ts';
import { CASTER, SETTER, benchPhoto, flow, runProductionStep, type ProductionStep } from './demo-production.ts';
import { atMoment, realNow, resetSeedClock } from './seed-clock.ts';

const DAY = 86_400_000;

// ---------------------------------------------------------------- the POs the stories are about

interface PoLine {
	id: string;
	lineNo: number;
	sku: string;
	description: string;
	quantity: number;
	alloy: string;
	/** null when the line has no target weight */
	targetWeightMg: number | null;
	stoneCount: number;
	totalMinor: number;
}

interface DemoPo {
	id: string;
	number: string;
	vendorId: string;
	currency: string;
	lines: PoLine[];
	line(lineNo: number): PoLine;
}

/**
 * The one PO of `workshop` whose lines match, among those still open: the seed's POs are found by what
 * they are (the plan's SKUs), not by number, so a new PO in the purchase-order strand moves nothing here.
 */
async function findPo(workshop: string, matches: (lines: PoLine[]) => boolean): Promise<DemoPo> {
	const found = await asSystem(async (tx) => {
		const orders = await tx
			.select({ id: purchaseOrder.id, number: purchaseOrder.number, vendorId: purchaseOrder.vendorId, currency: purchaseOrder.currency })
			.from(purchaseOrder)
			.innerJoin(vendor, eq(vendor.id, purchaseOrder.vendorId))
			.where(and(eq(vendor.name, workshop), inArray(purchaseOrder.status, ['acknowledged', 'in_production'])));
		if (orders.length === 0) return [];
		const lines = await tx
			.select({
				id: purchaseOrderLine.id,
				purchaseOrderId: purchaseOrderLine.purchaseOrderId,
				lineNo: purchaseOrderLine.lineNo,
				sku: purchaseOrderLine.sku,
				description: purchaseOrderLine.description,
				quantity: purchaseOrderLine.quantity,
				alloy: purchaseOrderLine.alloy,
				targetWeightMg: purchaseOrderLine.targetWeightMg,
				stoneCount: purchaseOrderLine.stoneCount,
				totalMinor: purchaseOrderLine.totalMinor
			})
			.from(purchaseOrderLine)
			.where(
				inArray(
					purchaseOrderLine.purchaseOrderId,
					orders.map((o) => o.id)
				)
			)
			.orderBy(asc(purchaseOrderLine.lineNo));
		return orders.map((o) => ({ ...o, lines: lines.filter((l) => l.purchaseOrderId === o.id) })).filter((o) => matches(o.lines));
	});
	if (found.length !== 1) throw new Error(`demo seed: expected one open PO of ${workshop} for this story, found ${found.length}`);
	const po = found[0];
	return {
		...po,
		line(lineNo: number) {
			const line = po.lines.find((l) => l.lineNo === lineNo);
			if (!line) throw new Error(`demo seed: ${po.number} has no line ${lineNo}`);
			return line;
		}
	};
}

const range = (first: number, last: number) => Array.from({ length: last - first + 1 }, (_, i) => first + i);

// ---------------------------------------------------------------- shipping, receiving, inspecting

/** [line number, pieces] */
type Pieces = [number, number][];

/** The declared value of the pieces at the PO's prices, as the workshop types it on the waybill. */
function declaredValue(po: DemoPo, pieces: Pieces): string {
	const minor = pieces.reduce((sum, [lineNo, n]) => {
		const line = po.line(lineNo);
		return sum + Math.round((line.totalMinor * n) / line.quantity);
	}, 0);
	return minorToDecimalString(minor, po.currency);
}

async function announce(
	by: VendorActor,
	po: DemoPo,
	pieces: Pieces,
	how: { carrier: string; tracking: string; notes?: string },
	packing: ProcessedPhoto[] = []
): Promise<string> {
	const { shipmentId } = await announceShipment(
		by,
		{
			carrier: how.carrier,
			trackingNumber: how.tracking,
			shippedOn: todayIso(),
			declaredValue: declaredValue(po, pieces),
			notes: how.notes ?? '',
			lines: pieces.map(([lineNo, n]) => ({ purchaseOrderLineId: po.line(lineNo).id, quantity: String(n) }))
		},
		{ packing }
	);
	await expandAudiences(100);
	return shipmentId;
}

/** Weighed per piece at the dock: a little over the line's target, as polished pieces are. */
const pieceWeight = (line: PoLine, factor = 1.006) =>
	line.targetWeightMg === null ? '' : mgToGramsString(Math.round(line.targetWeightMg * factor));

async function receive(
	by: StaffActor,
	po: DemoPo,
	pieces: Pieces,
	options: { shipmentId?: string; reworkReturn?: boolean; marketPrice?: string; notes?: string } = {}
): Promise<string> {
	const { receiptId } = await receiveGoods(by, {
		purchaseOrderId: po.id,
		shipmentId: options.shipmentId ?? '',
		receivedOn: todayIso(),
		notes: options.notes ?? '',
		lines: pieces.map(([lineNo, n]) => {
			const line = po.line(lineNo);
			return {
				purchaseOrderLineId: line.id,
				reworkReturn: options.reworkReturn ?? false,
				quantity: String(n),
				weightBasis: 'per_piece' as const,
				weight: pieceWeight(line),
				stoneCount: line.stoneCount > 0 ? String(line.stoneCount * n) : '',
				overReceiptReason: '',
				marketPrice: options.marketPrice ?? ''
			};
		})
	});
	return receiptId;
}

interface Finding {
	check: ChecklistCode;
	severity: 'critical' | 'major' | 'minor';
	location: string;
	description: string;
	quantity: number;
	photos?: () => Promise<ProcessedPhoto[]>;
}

interface Verdict {
	rework?: number;
	returned?: number;
	findings?: Finding[];
	notes?: string;
	/** measured size, for rings */
	size?: string;
}

/** Inspects every line of a receipt: each check passes unless a finding fails it; plating is not applicable unless plated. */
async function inspect(by: StaffActor, receiptId: string, verdicts: Record<number, Verdict> = {}): Promise<void> {
	const inspections = await asSystem((tx) =>
		tx
			.select({
				id: qcInspection.id,
				lotSize: qcInspection.lotSize,
				lineNo: purchaseOrderLine.lineNo,
				targetWeightMg: purchaseOrderLine.targetWeightMg,
				description: purchaseOrderLine.description
			})
			.from(qcInspection)
			.innerJoin(purchaseOrderLine, eq(purchaseOrderLine.id, qcInspection.purchaseOrderLineId))
			.where(eq(qcInspection.receiptId, receiptId))
			.orderBy(asc(purchaseOrderLine.lineNo))
	);
	for (const row of inspections) {
		const verdict = verdicts[row.lineNo] ?? {};
		for (const finding of verdict.findings ?? []) {
			await addDefect(
				by,
				row.id,
				{
					version: String(await inspectionVersion(row.id)),
					checkItem: finding.check,
					severity: finding.severity,
					location: finding.location,
					description: finding.description,
					quantity: String(finding.quantity)
				},
				finding.photos ? await finding.photos() : []
			);
		}
		const failed = new Set((verdict.findings ?? []).map((f) => f.check));
		const checklist = Object.fromEntries(
			checklistCodes.map((code) => [
				code,
				failed.has(code) ? 'fail' : code === 'plating' && !/rhodium|plat/i.test(row.description) ? 'na' : 'pass'
			])
		);
		const rework = verdict.rework ?? 0;
		const returned = verdict.returned ?? 0;
		await completeInspection(by, row.id, {
			version: await inspectionVersion(row.id),
			checklist,
			measuredWeight: row.targetWeightMg === null ? '' : mgToGramsString(Math.round(row.targetWeightMg * 1.004)),
			measuredSize: verdict.size ?? '',
			accepted: String(row.lotSize - rework - returned),
			rework: String(rework),
			returned: String(returned),
			notes: verdict.notes ?? ''
		});
	}
}

async function inspectionVersion(id: string): Promise<number> {
	const [row] = await asSystem((tx) => tx.select({ version: qcInspection.version }).from(qcInspection).where(eq(qcInspection.id, id)));
	return row.version;
}

/** The workshop answers every defect found in the inspections of a receipt. */
async function answerDefects(by: VendorActor, receiptId: string, response: string): Promise<void> {
	const defects = await asSystem((tx) =>
		tx
			.select({ id: qcDefect.id, inspectionId: qcDefect.inspectionId })
			.from(qcDefect)
			.innerJoin(qcInspection, eq(qcInspection.id, qcDefect.inspectionId))
			.where(eq(qcInspection.receiptId, receiptId))
	);
	if (defects.length === 0) throw new Error('demo seed: no defect to answer');
	for (const defect of defects) await answerDefect(by, defect.inspectionId, { defectId: defect.id, response });
	await expandAudiences(100);
}

/** The flipped invoice with some lines charged for more pieces than were accepted; the metal grows with them. */
function chargeMore(lines: InvoiceLineForm[], poLineId: string, pieces: number): InvoiceLineForm[] {
	return lines.map((line) => {
		if (line.poLineId !== poLineId) return line;
		const was = Number(line.quantity);
		const fine = line.fineWeight ? parseGrams(line.fineWeight) : null;
		const fineWeight = fine?.ok ? mgToGramsString(Math.round((fine.mg * pieces) / was)) : line.fineWeight;
		return { ...line, quantity: String(pieces), fineWeight };
	});
}

/** The flipped invoice with every goods line's unit price raised by `factor` (a workshop's new rate). */
function atHigherPrice(lines: InvoiceLineForm[], factor: number): InvoiceLineForm[] {
	return lines.map((line) => {
		if (line.kind !== 'goods' || !line.unitPrice) return line;
		const decimals = line.unitPrice.includes('.') ? line.unitPrice.split('.')[1].length : 0;
		return { ...line, unitPrice: (Number(line.unitPrice) * factor).toFixed(decimals) };
	});
}

// ---------------------------------------------------------------- the stories

interface Step {
	/** days before today */
	ago: number;
	label: string;
	run: () => Promise<void>;
}

interface Story {
	title: string;
	steps: (scene: Scene) => Step[];
}

interface Scene {
	cast: Cast;
	ops: (who: Who) => StaffActor;
	at: (who: Who) => VendorActor;
	/** the PO's job bags go through stages, as demo-production.ts replays them; `drafted` = days before today the PO was drafted */
	bench: (po: () => DemoPo, drafted: number, steps: ProductionStep[]) => Step[];
	/** a photo as the inspector's or the workshop's phone takes it */
	photo: (sku: string, alloy: string, stones: boolean, caption: string) => Promise<ProcessedPhoto>;
}

const BANK_CHANGE_HOLD = 'Bank details changed — confirming with the workshop by phone';

const stories: Story[] = [
	{
		title: 'Vicenza box chains: two deliveries, all accepted, paid',
		steps: ({ ops, at, photo }) => {
			let po: DemoPo;
			const first: Pieces = range(31, 36).map((n) => [n, 12]);
			const second: Pieces = range(37, 42).map((n) => [n, 12]);
			const s = { shipment: '', receipt: '', invoice: '', payment: '' };
			return [
				{
					ago: 15.6,
					label: 'announce the first box chains',
					run: async () => {
						// the 50-line holiday chain run; its box chains (lines 31–42) were finished first
						po = await findPo(W.VICENZA, (lines) => lines.length === 50 && lines[30].sku === 'AUR-NK-0512');
						const line = po.line(31);
						const packing = [
							await photo(line.sku, line.alloy, false, `${po.number} · box chains, lines 31–36 · weight list inside`),
							await photo(line.sku, line.alloy, false, `${po.number} · sealed Malca-Amit pouch · seal 0418832`)
						];
						s.shipment = await announce(
							at('marco'),
							po,
							first,
							{
								carrier: 'malca_amit',
								tracking: 'MA-VCE-26-118204',
								notes: 'First half of the box chains: 72 chains, weight list per chain in the pouch. Seal 0418832.'
							},
							packing
						);
					}
				},
				{
					ago: 14.6,
					label: 'receive the first box chains',
					run: async () => {
						s.receipt = await receive(ops('marcus'), po, first, { shipmentId: s.shipment, notes: 'Seal 0418832 intact.' });
					}
				},
				{ ago: 14.2, label: 'inspect the first box chains', run: () => inspect(ops('sofia'), s.receipt) },
				{
					ago: 12.5,
					label: 'announce the other box chains',
					run: async () => {
						s.shipment = await announce(at('marco'), po, second, {
							carrier: 'malca_amit',
							tracking: 'MA-VCE-26-118377',
							notes: 'The other 72 box chains, with their weight list. Seal 0418907.'
						});
					}
				},
				{
					ago: 11.6,
					label: 'receive the other box chains',
					run: async () => {
						s.receipt = await receive(ops('marcus'), po, second, { shipmentId: s.shipment, notes: 'Seal 0418907 intact.' });
					}
				},
				{ ago: 11.3, label: 'inspect the other box chains', run: () => inspect(ops('sofia'), s.receipt) },
				{
					ago: 10.8,
					label: 'invoice the box chains',
					run: async () => {
						const by = at('giulia');
						s.invoice = (
							await submitDemoDocument(by, {
								kind: 'invoice',
								number: 'FT 2026/0412',
								poId: po.id,
								poNumber: po.number,
								lines: await flippedLines(by, po.id),
								dueDays: 30,
								notes: 'Box chains 18K, 42 cm, as delivered on our two Malca-Amit shipments. Gold at the fixed price of the PO.'
							})
						).invoiceId;
					}
				},
				{ ago: 9.7, label: 'approve the box chains invoice', run: () => approveDocuments(ops('priya'), [s.invoice]) },
				{
					ago: 8.8,
					label: 'schedule the Vicenza payment',
					run: async () => {
						s.payment = (await scheduleDemoPayment(ops('priya'), [s.invoice], 'wire', 2)).paymentId;
					}
				},
				{
					ago: 6.8,
					label: 'pay Vicenza',
					run: () => recordDemoPaid(ops('priya'), s.payment, 'JPM-WIRE-20261121-004471')
				}
			];
		}
	},
	{
		title: 'Siam huggies: a pair returned for porosity, credited, approved',
		steps: ({ ops, at, bench, photo }) => {
			let po: DemoPo;
			const find = () => findPo(W.SIAM, (lines) => lines.length === 2 && lines[0].sku === 'AUR-BR-0415' && lines[1].sku === 'AUR-ER-0322');
			const s = { shipment: '', receipt: '', invoice: '' };
			return [
				{
					ago: 8.3,
					label: 'find the Siam PO',
					run: async () => {
						po = await find();
					}
				},
				// the hinged clicks came in: the huggies leave polishing and pass the workshop's QC
				...bench(() => po, 58, [
					{
						at: 49.75,
						do: 'resolve',
						by: 'somchai',
						lines: [2],
						resolution: 'The hinged clicks came in from our findings supplier; fitting them on all 30 pairs.'
					},
					{ at: 50.0, do: 'stage', by: 'anan', action: 'finish', stage: 'Polishing', lines: [2] },
					{ at: 50.1, do: 'stage', by: 'anan', action: 'start', stage: 'QC and finishing', lines: [2] },
					{ at: 51.5, do: 'stage', by: 'anan', action: 'finish', stage: 'QC and finishing', lines: [2] }
				]),
				{
					ago: 6.2,
					label: 'announce the bracelets and huggies',
					run: async () => {
						s.shipment = await announce(
							at('somchai'),
							po,
							[
								[1, 40],
								[2, 30]
							],
							{
								carrier: 'brinks',
								tracking: 'BGS-BKK-2611-0731',
								notes: 'Bracelets and huggies together, as promised. Export permit and packing list in the parcel.'
							}
						);
					}
				},
				{
					ago: 4.8,
					label: 'receive the bracelets and huggies',
					run: async () => {
						// the metal is paid at the market price on the delivery date: THB per fine gram of gold
						s.receipt = await receive(
							ops('marcus'),
							po,
							[
								[1, 40],
								[2, 30]
							],
							{ shipmentId: s.shipment, marketPrice: '4312.40', notes: 'Customs cleared at JFK; parcel intact.' }
						);
					}
				},
				{
					ago: 4.4,
					label: 'inspect the bracelets and huggies',
					run: async () => {
						const line = po.line(2);
						await inspect(ops('sofia'), s.receipt, {
							2: {
								returned: 1,
								notes: 'One pair returned: porosity at the hinge, not repairable by polishing.',
								findings: [
									{
										check: 'porosity',
										severity: 'major',
										location: 'Hinge of the left huggie, inside',
										description: 'Pin holes along the hinge barrel, visible at 10× under the loupe; the click does not close flush.',
										quantity: 1,
										photos: async () => [await photo(line.sku, line.alloy, true, `${po.number} line 2 · porosity at the hinge · 10×`)]
									}
								]
							}
						});
					}
				},
				{
					ago: 4.0,
					label: 'invoice every pair shipped',
					run: async () => {
						const by = at('somchai');
						// the workshop invoices the 30 pairs it shipped; the brand accepted 29
						const lines = chargeMore(await flippedLines(by, po.id), po.line(2).id, 30);
						s.invoice = (
							await submitDemoDocument(by, {
								kind: 'invoice',
								number: 'SFC-INV-26-0918',
								poId: po.id,
								poNumber: po.number,
								lines,
								dueDays: 30,
								notes: 'Gold at the market price of the delivery date, on the fine weight delivered.'
							})
						).invoiceId;
					}
				},
				{
					ago: 3.3,
					label: 'answer the porosity',
					run: () =>
						answerDefects(
							at('somchai'),
							s.receipt,
							'Agreed: a cold mould on that casting. We credit the pair on our credit note and recast it with the next order.'
						)
				},
				{
					ago: 3.1,
					label: 'credit the returned pair',
					run: async () => {
						const by = at('nok');
						await submitDemoDocument(by, {
							kind: 'credit_note',
							number: 'SFC-CN-26-0031',
							poId: po.id,
							poNumber: po.number,
							creditsInvoiceId: s.invoice,
							lines: await suggestedCreditLines(by, s.invoice),
							notes: 'One pair of pavé huggies returned in QC for porosity (debit note of Maison Aurelle).'
						});
					}
				},
				{
					ago: 2.5,
					label: 'approve the Siam invoice and its credit note',
					run: async () => {
						const credits = await asSystem((tx) =>
							tx.select({ id: vendorInvoice.id }).from(vendorInvoice).where(eq(vendorInvoice.creditsInvoiceId, s.invoice))
						);
						await approveDocuments(ops('priya'), [s.invoice, ...credits.map((c) => c.id)]);
					}
				}
			];
		}
	},
	{
		title: 'Canal Street halo rings: two back for a loose prong, invoice held, rework passes, scheduled',
		steps: ({ ops, at, bench, photo }) => {
			let po: DemoPo;
			const s = { shipment: '', receipt: '', back: '', invoice: '' };
			return [
				{
					ago: 18.1,
					label: 'find the Canal Street PO',
					run: async () => {
						po = await findPo(W.CANAL, (lines) => lines.length === 3 && lines[0].sku === 'AUR-RG-0101' && lines[2].sku === 'AUR-RG-0125');
					}
				},
				// the solitaires in size 6 and the halo rings first; size 6.5 waits for its stones
				...bench(() => po, 21, [
					...flow(SETTER, { by: 'grace', from: 3, lines: [1, 3] }),
					// size 6.5 waits: one of its stones came chipped
					{ at: 12.4, do: 'stage', by: 'grace', action: 'start', stage: 'Stones checked in', lines: [2] },
					{
						at: 12.5,
						do: 'problem',
						by: 'arman',
						lines: [2],
						reason: 'broken_stone',
						note: 'One of the ten IGI stones for size 6.5 has a chip at the girdle; the other nine wait for a replacement on memo.'
					}
				]),
				{
					ago: 7.3,
					label: 'announce the solitaires and halo rings',
					run: async () => {
						s.shipment = await announce(
							at('arman'),
							po,
							[
								[1, 10],
								[3, 8]
							],
							{ carrier: 'hand_delivery', tracking: '', notes: 'Brought over by Grace; the IGI memo copies are in the box.' }
						);
					}
				},
				{
					ago: 7.2,
					label: 'receive the solitaires and halo rings',
					run: async () => {
						s.receipt = await receive(
							ops('marcus'),
							po,
							[
								[1, 10],
								[3, 8]
							],
							{ shipmentId: s.shipment }
						);
					}
				},
				{
					ago: 6.3,
					label: 'inspect the solitaires and halo rings',
					run: async () => {
						const line = po.line(3);
						const shot = (what: string) => photo(line.sku, line.alloy, true, `${po.number} line 3 · ${what}`);
						await inspect(ops('sofia'), s.receipt, {
							1: { size: '6 (16.5 mm)' },
							3: {
								rework: 2,
								size: '6 (16.5 mm)',
								notes: 'Two rings back to the setter: loose prong on the halo. The other six are fine.',
								findings: [
									{
										check: 'stone_security',
										severity: 'major',
										location: 'Halo, prong at 2 o’clock',
										description: 'Prong lifted: the melee turns under the tweezers. Re-tip and tighten.',
										quantity: 2,
										photos: async () => [await shot('loose prong at 2 o’clock'), await shot('melee turns under the tweezers')]
									}
								]
							}
						});
					}
				},
				{
					ago: 5.7,
					label: 'invoice all the rings shipped',
					run: async () => {
						const by = at('arman');
						const lines = chargeMore(await flippedLines(by, po.id), po.line(3).id, 8);
						s.invoice = (
							await submitDemoDocument(by, {
								kind: 'invoice',
								number: 'CSS-4471',
								poId: po.id,
								poNumber: po.number,
								lines,
								dueDays: 30,
								notes: 'Setting labour for the rings delivered by hand. Stones and platinum on memo from Maison Aurelle.'
							})
						).invoiceId;
					}
				},
				{
					ago: 5.5,
					label: 'answer the loose prong',
					run: () =>
						answerDefects(
							at('arman'),
							s.receipt,
							'Sorry about these two: Grace re-tips both prongs this week and brings them back on Monday.'
						)
				},
				// the rework stage QC added to the halo rings' job bag
				...bench(() => po, 21, [
					{ at: 16.0, do: 'stage', by: 'grace', action: 'start', stage: 4, lines: [3] },
					{
						at: 18.0,
						do: 'stage',
						by: 'grace',
						action: 'finish',
						stage: 4,
						lines: [3],
						photo: true,
						note: 'Both prongs re-tipped and tightened; checked under the loupe.'
					}
				]),
				{
					ago: 2.9,
					label: 'receive the reworked rings',
					run: async () => {
						s.back = await receive(ops('marcus'), po, [[3, 2]], { reworkReturn: true, notes: 'Back from rework, brought by Grace.' });
					}
				},
				{ ago: 2.6, label: 'inspect the reworked rings', run: () => inspect(ops('sofia'), s.back, { 3: { size: '6 (16.5 mm)' } }) },
				{ ago: 1.8, label: 'approve the Canal Street invoice', run: () => approveDocuments(ops('priya'), [s.invoice]) },
				{
					ago: 1.2,
					label: 'schedule the Canal Street payment',
					run: async () => {
						await scheduleDemoPayment(ops('priya'), [s.invoice], 'ach', 4);
					}
				}
			];
		}
	},
	{
		title: 'Jaipur kundan pendants: invoiced above the PO price',
		steps: ({ ops, at, bench }) => {
			let po: DemoPo;
			const s = { shipment: '', receipt: '' };
			return [
				{
					ago: 21.5,
					label: 'find the Jaipur pendants PO',
					run: async () => {
						po = await findPo(W.JAIPUR, (lines) => lines.length === 1 && lines[0].sku === 'AUR-PD-0620' && lines[0].quantity === 30);
					}
				},
				...bench(() => po, 26, flow(SETTER, { by: 'kavya', from: 4.6 })),
				{
					ago: 10.2,
					label: 'announce the pendants',
					run: async () => {
						s.shipment = await announce(at('rohan'), po, [[1, 30]], {
							carrier: 'malca_amit',
							tracking: 'MA-JAI-26-54871',
							notes: '30 kundan pendants on cords, each in its pouch.'
						});
					}
				},
				{
					ago: 7.0,
					label: 'receive the pendants',
					run: async () => {
						s.receipt = await receive(ops('marcus'), po, [[1, 30]], { shipmentId: s.shipment });
					}
				},
				{ ago: 6.5, label: 'inspect the pendants', run: () => inspect(ops('sofia'), s.receipt) },
				{
					ago: 5.9,
					label: 'invoice the pendants at the new rate',
					run: async () => {
						const by = at('kavya');
						await submitDemoDocument(by, {
							kind: 'invoice',
							number: 'JKA/2026-27/0118',
							poId: po.id,
							poNumber: po.number,
							lines: atHigherPrice(await flippedLines(by, po.id), 1.08),
							dueDays: 45,
							notes: 'Making charges at our rate from 1 November (karigar wages revised for the wedding season).'
						});
					}
				}
			];
		}
	},
	{
		title: 'Brooklyn cufflinks and huggies: freight nobody agreed',
		steps: ({ ops, at, bench }) => {
			let po: DemoPo;
			const s = { shipment: '', receipt: '' };
			return [
				{
					ago: 29.5,
					label: 'find the Brooklyn cufflinks PO',
					run: async () => {
						po = await findPo(W.BROOKLYN, (lines) => lines.length === 2 && lines[0].sku === 'AUR-CF-0701');
					}
				},
				...bench(() => po, 33, flow(CASTER, { by: 'luis', from: 4, slip: { Casting: -1 } })),
				{
					ago: 8.7,
					label: 'announce the cufflinks and huggies',
					run: async () => {
						s.shipment = await announce(
							at('dana'),
							po,
							[
								[1, 20],
								[2, 50]
							],
							{
								carrier: 'hand_delivery',
								tracking: '',
								notes: 'Armoured messenger this afternoon; the cufflink ovals are left blank for engraving.'
							}
						);
					}
				},
				{
					ago: 8.5,
					label: 'receive the cufflinks and huggies',
					run: async () => {
						s.receipt = await receive(
							ops('marcus'),
							po,
							[
								[1, 20],
								[2, 50]
							],
							{ shipmentId: s.shipment }
						);
					}
				},
				{ ago: 8.1, label: 'inspect the cufflinks and huggies', run: () => inspect(ops('sofia'), s.receipt) },
				{
					ago: 7.5,
					label: 'invoice with a messenger charge',
					run: async () => {
						const by = at('dana');
						const lines: InvoiceLineForm[] = [
							...(await flippedLines(by, po.id)),
							{
								kind: 'charge',
								poLineId: '',
								description: 'Armoured messenger, Bogart St to 48th St, insured',
								quantity: '',
								unitPrice: '',
								fineWeight: '',
								metalPrice: '',
								part: '',
								charge: 'freight',
								amount: '85.00'
							}
						];
						await submitDemoDocument(by, { kind: 'invoice', number: 'BCF-10562', poId: po.id, poNumber: po.number, lines, dueDays: 30 });
					}
				}
			];
		}
	},
	{
		title: 'Antwerp pearl studs: freight agreed on the PO, matched, held while the bank details are checked',
		steps: ({ ops, at, bench }) => {
			let po: DemoPo;
			const s = { shipment: '', receipt: '', invoice: '' };
			return [
				{
					ago: 13.6,
					label: 'agree the Antwerp freight',
					run: async () => {
						po = await findPo(W.ANTWERP, (lines) => lines.length === 1 && lines[0].sku === 'AUR-ER-0350');
						const [{ version }] = await asSystem((tx) =>
							tx.select({ version: purchaseOrder.version }).from(purchaseOrder).where(eq(purchaseOrder.id, po.id))
						);
						await updateAgreedCharges(ops('marcus'), po.id, { freight: '95.00', insurance: '', certificates: '', other: '', version });
					}
				},
				...bench(() => po, 16, flow(SETTER, { by: 'noor', from: 2.4, slip: { 'Stone setting': -1 } })),
				{
					ago: 4.1,
					label: 'announce the pearl studs',
					run: async () => {
						s.shipment = await announce(at('pieter'), po, [[1, 24]], {
							carrier: 'malca_amit',
							tracking: 'MA-ANR-26-20931',
							notes: 'The 24 pairs of Akoya studs; the pearl memo is returned with them.'
						});
					}
				},
				{
					ago: 2.1,
					label: 'receive the pearl studs',
					run: async () => {
						s.receipt = await receive(ops('marcus'), po, [[1, 24]], { shipmentId: s.shipment });
					}
				},
				{ ago: 1.7, label: 'inspect the pearl studs', run: () => inspect(ops('sofia'), s.receipt) },
				{
					ago: 1.3,
					label: 'invoice the pearl studs with the agreed freight',
					run: async () => {
						const by = at('pieter');
						s.invoice = (
							await submitDemoDocument(by, {
								kind: 'invoice',
								number: 'DAA-2026-0187',
								poId: po.id,
								poNumber: po.number,
								lines: await flippedLines(by, po.id),
								dueDays: 30,
								notes: 'Please note our new bank account below, valid from this invoice.'
							})
						).invoiceId;
					}
				},
				{ ago: 0.5, label: 'hold the Antwerp invoice', run: () => holdDocument(ops('priya'), s.invoice, BANK_CHANGE_HOLD) }
			];
		}
	},
	{
		title: 'Brooklyn signets: invoiced the day they arrived, waiting for QC',
		steps: ({ ops, at, bench }) => {
			let po: DemoPo;
			const s = { shipment: '' };
			return [
				{
					ago: 1.6,
					label: 'find the Brooklyn signets PO',
					run: async () => {
						po = await findPo(
							W.BROOKLYN,
							(lines) => lines.length === 2 && lines[0].sku === 'AUR-RG-0142' && lines[0].quantity === 10 && lines[1].quantity === 10
						);
					}
				},
				...bench(() => po, 38, [{ at: 36.6, do: 'stage', by: 'luis', action: 'finish', stage: 'QC and finishing', lines: [1] }]),
				{
					ago: 1.3,
					label: 'announce the size 8 signets',
					run: async () => {
						s.shipment = await announce(at('luis'), po, [[1, 10]], {
							carrier: 'hand_delivery',
							tracking: '',
							notes: 'Size 8 only; size 9 follows.'
						});
					}
				},
				{
					ago: 1.1,
					label: 'receive the size 8 signets',
					run: async () => {
						// left in the QC queue: the inspector gets to them tomorrow
						await receive(ops('marcus'), po, [[1, 10]], { shipmentId: s.shipment });
					}
				},
				{
					ago: 0.7,
					label: 'invoice the signets before QC',
					run: async () => {
						const by = at('dana');
						const line = po.line(1);
						const price = await unitPriceOf(by, line.id);
						await submitDemoDocument(by, {
							kind: 'invoice',
							number: 'BCF-10571',
							poId: po.id,
							poNumber: po.number,
							dueDays: 30,
							lines: [
								{
									kind: 'goods',
									poLineId: line.id,
									description: line.description,
									quantity: '10',
									unitPrice: price,
									fineWeight: '',
									metalPrice: '',
									part: '',
									charge: '',
									amount: ''
								}
							]
						});
					}
				}
			];
		}
	},
	{
		title: 'Jaipur polki pairs: on their way',
		steps: ({ at, bench }) => {
			let po: DemoPo;
			return [
				{
					ago: 1.3,
					label: 'find the Jaipur polki PO',
					run: async () => {
						po = await findPo(W.JAIPUR, (lines) => lines.length === 1 && lines[0].sku === 'AUR-ER-0340' && lines[0].quantity === 10);
					}
				},
				...bench(() => po, 62, [{ at: 61.0, do: 'stage', by: 'kavya', action: 'finish', stage: 'QC and finishing' }]),
				{
					ago: 0.6,
					label: 'announce the polki pairs',
					run: async () => {
						await announce(at('rohan'), po, [[1, 10]], {
							carrier: 'malca_amit',
							tracking: 'MA-JAI-26-55310',
							notes: 'Ten polki pairs, posts re-soldered and checked. Arrival in New York expected on Monday.'
						});
					}
				}
			];
		}
	}
];

/** The PO line's agreed unit price, as the workshop's invoice form offers it. */
async function unitPriceOf(by: VendorActor, poLineId: string): Promise<string> {
	const option = (await getInvoiceDraft(by, {})).poLines.find((l) => l.id === poLineId);
	if (!option) throw new Error('demo seed: that PO line cannot be invoiced');
	return option.unitPrice;
}

// ---------------------------------------------------------------- the replay

export interface DemoReceivingReport {
	stories: number;
	steps: number;
}

/**
 * Replays every story. A strand of its own like the repairs: its first moment is earlier than the
 * last of the custom orders', so the seed clock is let go back once, here, and only moves forward
 * within the strand.
 */
export async function seedDemoReceiving(options: { travel: boolean }): Promise<DemoReceivingReport> {
	const today = realNow();
	const timeline: (Step & { at: number; order: number })[] = [];
	const bench: Scene['bench'] = (po, drafted, steps) =>
		steps.map((step) => ({
			ago: drafted - step.at,
			label: `bench: ${step.do}${step.do === 'stage' ? ` ${step.action} ${step.stage}` : ''}`,
			run: () => runProductionStep({ poId: po().id, actor: (who) => scene.cast.people.get(who)! }, step)
		}));
	const scene: Scene = {
		cast: undefined as unknown as Cast,
		ops: (who) => staffMember(scene.cast, who),
		at: (who) => workshopPerson(scene.cast, who),
		bench,
		photo: (sku, alloy, stones, caption) =>
			benchPhoto({ stage: 'QC and finishing', sku, alloy, stones, caption: `${caption} · ${todayIso()}` })
	};
	for (const story of stories) {
		for (const step of story.steps(scene)) {
			const at = today - step.ago * DAY;
			if (at >= today) throw new Error(`demo seed: ${story.title}: ${step.label} would happen in the future`);
			timeline.push({ ...step, label: `${story.title}: ${step.label}`, at, order: timeline.length });
		}
	}
	timeline.sort((a, b) => a.at - b.at || a.order - b.order);

	if (options.travel) resetSeedClock();
	const start = timeline[0].at - 60_000;
	scene.cast = options.travel ? await atMoment(start, loadCast) : await loadCast();
	for (const step of timeline) {
		try {
			if (options.travel) await atMoment(step.at, step.run);
			else await step.run();
		} catch (error) {
			throw new Error(`demo seed: ${step.label} failed: ${(error as Error).message}`, { cause: error });
		}
	}

	// the mail of that history went out when it happened
	await asSystem((tx) =>
		tx
			.update(outboxMessage)
			.set({ status: 'sent', attempts: 1, sentAt: sql`${outboxMessage.createdAt}` })
			.where(
				and(
					or(
						like(outboxMessage.topic, 'shipment-%'),
						like(outboxMessage.topic, 'receipt-%'),
						like(outboxMessage.topic, 'qc-%'),
						like(outboxMessage.topic, 'invoice-%'),
						like(outboxMessage.topic, 'credit-note-%'),
						like(outboxMessage.topic, 'payment-%'),
						like(outboxMessage.topic, 'production-%')
					),
					eq(outboxMessage.status, 'pending'),
					isNull(outboxMessage.audience)
				)
			)
	);
	return { stories: stories.length, steps: timeline.length };
}
