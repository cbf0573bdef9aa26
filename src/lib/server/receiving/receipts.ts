/**
 * Receiving goods for one PO (RC-2026-0042), by ops or an admin: per PO line the pieces that arrived
 * (partial deliveries are normal), pieces back from rework, the weight and stone count, photos, and the
 * market metal price on the delivery date when the line's metal is paid at market. One transaction
 * records the receipt, opens a pending QC inspection per line with its AQL sample, closes the
 * announced shipment, recomputes the PO line totals and the PO's status, audits, tells the workshop
 * and re-runs invoice matching for the workshop. A bad line refuses the whole receipt: nothing half-way.
 */
import { isUuid } from '#lib/domain/ids.ts';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { formatMoney, parseMoney } from '#lib/domain/money.ts';
import { planSample } from '#lib/domain/quality/aql.ts';
import {
	checkOverReceipt,
	formatReceiptNumber,
	grossWeightMg,
	isReceivable,
	overReceiptAllowance,
	plural,
	receivablePoStatuses,
	whyNotReceive
} from '#lib/domain/receiving/rules.ts';
import {
	MAX_LINE_WEIGHT_MG,
	MAX_STONES_PER_LINE,
	parseLineWeight,
	parseWholeQuantity,
	receiveGoodsSchema,
	type ReceiveGoodsInput
} from '#lib/domain/receiving/schemas.ts';
import { formatGrams } from '#lib/format/weight.ts';
import { recordAudit } from '#lib/server/audit/audit.ts';
import { requireSignedIn, requireStaff, withActor, type Actor } from '#lib/server/auth/actor.ts';
import { takeNextDocumentNumber } from '#lib/server/db/counters.ts';
import {
	purchaseOrder,
	purchaseOrderLine,
	qcInspection,
	receipt,
	receiptLine,
	receiptPhoto,
	shipment,
	shipmentLine,
	vendor
} from '#lib/server/db/schema/index.ts';
import type { Tx } from '#lib/server/db/scope.ts';
import { conflict, invalid, notFound } from '#lib/server/errors.ts';
import { recordStagedPhotos, withStagedPhotos } from '#lib/server/files/staged-photos.ts';
import { rematchVendors } from '#lib/server/invoices/rematch.ts';
import { enqueueWorkshopMail } from '#lib/server/mail/outbox.ts';
import { getPlatform } from '#lib/server/platform.ts';
import type { ProcessedPhoto } from '#lib/server/production/photos.ts';
import { selectBrandSettings } from '#lib/server/settings/queries.ts';
import { refreshReceivingTotals } from './totals.ts';
import { parseInput, refuseInvalid } from './shipments.ts';
import { fixedLimit } from '#lib/server/db/fixed-limit.ts';

export const MAX_RECEIPT_PHOTOS = 12;
const receivers = ['admin', 'ops'] as const;
const THE_PO = 'That purchase order';
const THE_RECEIPT = 'That receipt';

// ---------------------------------------------------------------- the form's starting point

export interface ReceivableLine {
	id: string;
	lineNo: number;
	sku: string;
	description: string;
	size: string;
	alloy: string;
	quantity: number;
	receivedQuantity: number;
	reworkQuantity: number;
	cancelled: boolean;
	metalBasis: 'consigned' | 'fixed' | 'market';
	stoneCount: number;
	targetWeightMg: number | null;
	marketMetalPricePerGramMinor: number | null;
	marketPriceOn: string | null;
	/** extra pieces allowed freely over the ordered quantity */
	allowance: number;
	/** announced in the shipment being received, when there is one */
	announced: number | null;
}

export interface ReceiveStart {
	po: {
		id: string;
		number: string;
		status: string;
		currency: string;
		vendorId: string;
		vendorName: string;
		receivable: boolean;
		whyNot: string | null;
	};
	shipment: { id: string; number: string; status: string; otherPos: { id: string; number: string }[] } | null;
	lines: ReceivableLine[];
	overReceiptAllowanceBp: number;
	canOverride: boolean;
}

async function selectPoForReceiving(tx: Tx, poId: string, lock = false) {
	const query = tx
		.select({
			id: purchaseOrder.id,
			number: purchaseOrder.number,
			status: purchaseOrder.status,
			currency: purchaseOrder.currency,
			vendorId: purchaseOrder.vendorId,
			vendorName: vendor.name
		})
		.from(purchaseOrder)
		.innerJoin(vendor, eq(vendor.id, purchaseOrder.vendorId))
		.where(eq(purchaseOrder.id, poId))
		.limit(1);
	const [po] = lock ? await query.for('update', { of: purchaseOrder }) : await query;
	return po;
}

async function selectLines(tx: Tx, poId: string) {
	return tx
		.select({
			id: purchaseOrderLine.id,
			lineNo: purchaseOrderLine.lineNo,
			sku: purchaseOrderLine.sku,
			description: purchaseOrderLine.description,
			size: purchaseOrderLine.size,
			alloy: purchaseOrderLine.alloy,
			quantity: purchaseOrderLine.quantity,
			receivedQuantity: purchaseOrderLine.receivedQuantity,
			reworkQuantity: purchaseOrderLine.reworkQuantity,
			cancelled: purchaseOrderLine.cancelled,
			metalBasis: purchaseOrderLine.metalBasis,
			stoneCount: purchaseOrderLine.stoneCount,
			targetWeightMg: purchaseOrderLine.targetWeightMg,
			marketMetalPricePerGramMinor: purchaseOrderLine.marketMetalPricePerGramMinor,
			marketPriceOn: purchaseOrderLine.marketPriceOn
		})
		.from(purchaseOrderLine)
		.where(eq(purchaseOrderLine.purchaseOrderId, poId))
		.orderBy(asc(purchaseOrderLine.lineNo));
}

/**
 * What the receive form starts from: the PO (named, or the first of the shipment's POs) with each
 * line's ordered, received and in-rework pieces, and the shipment's announced quantities.
 */
export async function getReceiveStart(actor: Actor, from: { poId?: string | null; shipmentId?: string | null }): Promise<ReceiveStart> {
	requireStaff(actor);
	return withActor(actor, async (tx) => {
		let poId = from.poId ?? null;
		let shipmentInfo: ReceiveStart['shipment'] = null;
		const announced = new Map<string, number>();
		if (from.shipmentId) {
			if (!isUuid(from.shipmentId)) throw notFound('That shipment');
			const [row] = await tx.select().from(shipment).where(eq(shipment.id, from.shipmentId)).limit(1);
			if (!row) throw notFound('That shipment');
			const lines = await tx
				.select({
					poId: shipmentLine.purchaseOrderId,
					poNumber: purchaseOrder.number,
					lineId: shipmentLine.purchaseOrderLineId,
					quantity: shipmentLine.quantity
				})
				.from(shipmentLine)
				.innerJoin(purchaseOrder, eq(purchaseOrder.id, shipmentLine.purchaseOrderId))
				.where(eq(shipmentLine.shipmentId, row.id))
				.orderBy(asc(purchaseOrder.number));
			poId ??= lines[0]?.poId ?? null;
			for (const l of lines) announced.set(l.lineId, l.quantity);
			const others = new Map(lines.filter((l) => l.poId !== poId).map((l) => [l.poId, l.poNumber]));
			shipmentInfo = { id: row.id, number: row.number, status: row.status, otherPos: [...others].map(([id, number]) => ({ id, number })) };
		}
		if (!poId || !isUuid(poId)) throw notFound(THE_PO);
		const po = await selectPoForReceiving(tx, poId);
		if (!po) throw notFound(THE_PO);
		const settings = await selectBrandSettings(tx);
		const lines = await selectLines(tx, po.id);
		const receivable = isReceivable(po.status);
		return {
			po: { ...po, receivable, whyNot: receivable ? null : whyNotReceive(po.number, po.status) },
			shipment: shipmentInfo,
			lines: lines.map((l) => ({
				...l,
				allowance: overReceiptAllowance(l.quantity, settings.overReceiptAllowanceBp),
				announced: shipmentInfo ? (announced.get(l.id) ?? 0) : null
			})),
			overReceiptAllowanceBp: settings.overReceiptAllowanceBp,
			canOverride: actor.role === 'admin'
		};
	});
}

/** POs goods can be received against now, for the receive page's chooser (newest first). */
export async function listReceivablePurchaseOrders(
	actor: Actor
): Promise<{ id: string; number: string; vendorName: string; status: string }[]> {
	requireStaff(actor);
	return withActor(actor, (tx) =>
		tx
			.select({ id: purchaseOrder.id, number: purchaseOrder.number, vendorName: vendor.name, status: purchaseOrder.status })
			.from(purchaseOrder)
			.innerJoin(vendor, eq(vendor.id, purchaseOrder.vendorId))
			.where(inArray(purchaseOrder.status, [...receivablePoStatuses]))
			.orderBy(sql`${purchaseOrder.createdAt} desc`)
			.limit(fixedLimit(500))
	);
}

// ---------------------------------------------------------------- receiving

/**
 * Records goods arriving for one PO. Lines without a quantity are left out; at least one must remain.
 * New pieces may exceed the ordered quantity by the brand's allowance; beyond it only an admin may
 * receive them, with a reason. Pieces back from rework may not exceed what is in rework.
 */
export async function receiveGoods(
	actor: Actor,
	input: ReceiveGoodsInput,
	photos: ProcessedPhoto[] = []
): Promise<{ receiptId: string; number: string }> {
	requireStaff(actor, receivers);
	const form = parseInput(receiveGoodsSchema, input);
	if (photos.length > MAX_RECEIPT_PHOTOS) {
		const message = `You chose ${photos.length} photos; add at most ${MAX_RECEIPT_PHOTOS} at a time.`;
		throw invalid(message, { photos: message });
	}
	// the photos belong to the PO's workshop (it sees what arrived), so its id is needed before staging
	const vendorId = await withActor(actor, async (tx) => (await selectPoForReceiving(tx, form.purchaseOrderId))?.vendorId);
	if (!vendorId) throw notFound(THE_PO);
	return withStagedPhotos(vendorId, 'receipt-photo', photos, (staged) =>
		withActor(actor, async (tx) => {
			const po = await selectPoForReceiving(tx, form.purchaseOrderId, true);
			if (!po) throw notFound(THE_PO);
			if (!isReceivable(po.status)) throw conflict(whyNotReceive(po.number, po.status));
			const settings = await selectBrandSettings(tx);
			const poLines = await selectLines(tx, po.id);
			const lineById = new Map(poLines.map((l) => [l.id, l]));

			let shipmentRow: typeof shipment.$inferSelect | undefined;
			if (form.shipmentId) {
				[shipmentRow] = await tx.select().from(shipment).where(eq(shipment.id, form.shipmentId)).for('update').limit(1);
				if (!shipmentRow || shipmentRow.vendorId !== po.vendorId) {
					throw invalid('That shipment is not from this PO’s workshop: choose another or receive without it.', {
						shipmentId: 'That shipment is not from this PO’s workshop.'
					});
				}
				if (shipmentRow.status === 'cancelled') {
					throw conflict(
						`${shipmentRow.number} was cancelled by the workshop: receive the goods without it, or ask the workshop what was sent.`
					);
				}
			}

			const errors: Record<string, string> = {};
			type Parsed = {
				line: (typeof poLines)[number];
				reworkReturn: boolean;
				quantity: number;
				weightBasis: 'per_piece' | 'lot';
				grossWeightMg: number | null;
				stoneCount: number | null;
				reason: string;
				marketPrice: string;
				index: number;
			};
			const parsed: Parsed[] = [];
			form.lines.forEach((entry, index) => {
				const at = (field: string) => `lines[${index}].${field}`;
				const quantity = parseWholeQuantity(entry.quantity);
				if (!quantity.ok) {
					errors[at('quantity')] = quantity.message;
					return;
				}
				if (quantity.quantity === null) return;
				const line = lineById.get(entry.purchaseOrderLineId);
				if (!line) {
					errors[at('quantity')] = `That line is not on ${po.number}: reload the page.`;
					return;
				}
				const weight = parseLineWeight(entry.weight);
				let gross: number | null = null;
				if (!weight.ok) errors[at('weight')] = weight.message;
				else if (weight.mg !== null) {
					gross = grossWeightMg(entry.weightBasis, weight.mg, quantity.quantity);
					if (gross > MAX_LINE_WEIGHT_MG) errors[at('weight')] = `${formatGrams(gross)} for this line is a typing mistake: weigh again.`;
				}
				let stones: number | null = null;
				if (entry.stoneCount !== '') {
					const cleaned = entry.stoneCount.replace(/[\s,]/g, '');
					if (!/^\d+$/.test(cleaned)) errors[at('stoneCount')] = 'Count the stones in whole numbers (0 when there are none).';
					else if (Number(cleaned) > MAX_STONES_PER_LINE) errors[at('stoneCount')] = 'That many stones is a typing mistake: count again.';
					else stones = Number(cleaned);
				}
				parsed.push({
					line,
					reworkReturn: entry.reworkReturn,
					quantity: quantity.quantity,
					weightBasis: entry.weightBasis,
					grossWeightMg: gross,
					stoneCount: stones,
					reason: entry.overReceiptReason,
					marketPrice: entry.marketPrice,
					index
				});
			});
			if (parsed.length === 0 && Object.keys(errors).length === 0) {
				const message = 'Enter the pieces that arrived on at least one line.';
				throw invalid(message, { lines: message });
			}

			// per PO line: new pieces against ordered + allowance, rework returns against what is in rework
			const marketPrices = new Map<string, number>();
			/** reason given for receiving beyond the allowance, per PO line (admins only) */
			const overReasons = new Map<string, string>();
			const byLine = new Map<string, Parsed[]>();
			for (const p of parsed) byLine.set(p.line.id, [...(byLine.get(p.line.id) ?? []), p]);
			for (const [, entries] of byLine) {
				const line = entries[0].line;
				const name = `Line ${line.lineNo}${line.sku ? ` (${line.sku})` : ''}`;
				const fresh = entries.filter((e) => !e.reworkReturn);
				const back = entries.filter((e) => e.reworkReturn);
				const freshCount = fresh.reduce((s, e) => s + e.quantity, 0);
				const backCount = back.reduce((s, e) => s + e.quantity, 0);
				if (backCount > line.reworkQuantity) {
					const key = `lines[${back[0].index}].quantity`;
					errors[key] =
						line.reworkQuantity === 0
							? `${name}: no pieces are in rework with the workshop, so none can come back from rework. Enter them as new pieces if they are.`
							: `${name}: only ${plural(line.reworkQuantity, 'piece')} ${line.reworkQuantity === 1 ? 'is' : 'are'} in rework; you entered ${backCount} back from rework.`;
				}
				if (freshCount > 0) {
					const key = `lines[${fresh[0].index}].quantity`;
					if (line.cancelled) errors[key] = `${name} is cancelled: pieces for it cannot be received.`;
					const over = checkOverReceipt(line, freshCount, settings.overReceiptAllowanceBp);
					if (over.kind === 'over_allowance' && !line.cancelled) {
						const facts = `${line.quantity} ordered, ${line.receivedQuantity} already received, ${overReceiptAllowance(line.quantity, settings.overReceiptAllowanceBp)} extra allowed`;
						const reason = fresh.map((e) => e.reason).find((r) => r !== '') ?? '';
						if (actor.role !== 'admin') {
							errors[key] =
								`${name}: at most ${plural(Math.max(0, over.limit - line.receivedQuantity), 'piece')} can be received (${facts}). Only an admin can receive more, with a reason; ask an admin to record this receipt.`;
						} else if (reason === '') {
							errors[`lines[${fresh[0].index}].overReceiptReason`] =
								`${name}: this is ${plural(over.excess, 'piece')} over what is allowed (${facts}). Give the reason for receiving them.`;
						} else overReasons.set(line.id, reason);
					}
				}
				if (line.metalBasis === 'market' && line.marketMetalPricePerGramMinor === null && freshCount > 0) {
					const entry = fresh.find((e) => e.marketPrice !== '') ?? fresh[0];
					const key = `lines[${entry.index}].marketPrice`;
					if (entry.marketPrice === '') {
						errors[key] =
							`${name}: the metal is paid at the market price on the delivery date. Enter the price of one fine gram on ${form.receivedOn} (${po.currency}).`;
					} else {
						const money = parseMoney(entry.marketPrice, po.currency);
						if (!money.ok) errors[key] = money.message;
						else if (money.minor <= 0) errors[key] = 'The market price must be more than 0.';
						else marketPrices.set(line.id, money.minor);
					}
				}
			}
			if (Object.keys(errors).length > 0) refuseInvalid(errors);

			const year = new Date().getUTCFullYear();
			const number = formatReceiptNumber(year, await takeNextDocumentNumber(tx, 'receipt', year));
			const [row] = await tx
				.insert(receipt)
				.values({
					number,
					vendorId: po.vendorId,
					purchaseOrderId: po.id,
					shipmentId: shipmentRow?.id ?? null,
					receivedOn: form.receivedOn,
					notes: form.notes,
					receivedBy: actor.userId
				})
				.returning({ id: receipt.id });
			for (const p of parsed) {
				const [line] = await tx
					.insert(receiptLine)
					.values({
						receiptId: row.id,
						vendorId: po.vendorId,
						purchaseOrderLineId: p.line.id,
						quantity: p.quantity,
						reworkReturn: p.reworkReturn,
						overReceiptReason: p.reworkReturn ? null : (overReasons.get(p.line.id) ?? null),
						weightBasis: p.weightBasis,
						grossWeightMg: p.grossWeightMg,
						stoneCount: p.stoneCount
					})
					.returning({ id: receiptLine.id });
				await tx.insert(qcInspection).values({
					receiptLineId: line.id,
					receiptId: row.id,
					vendorId: po.vendorId,
					purchaseOrderLineId: p.line.id,
					status: 'pending',
					lotSize: p.quantity,
					sampleSize: planSample(p.quantity).sampleSize
				});
			}
			for (const [lineId, price] of marketPrices) {
				await tx
					.update(purchaseOrderLine)
					.set({ marketMetalPricePerGramMinor: price, marketPriceOn: form.receivedOn })
					.where(and(eq(purchaseOrderLine.id, lineId), sql`${purchaseOrderLine.marketMetalPricePerGramMinor} is null`));
			}
			for (const files of await recordStagedPhotos(tx, staged, actor.userId)) {
				await tx.insert(receiptPhoto).values({ receiptId: row.id, vendorId: po.vendorId, ...files });
			}
			if (shipmentRow && shipmentRow.status === 'announced') {
				await tx
					.update(shipment)
					.set({ status: 'received', receivedAt: sql`now()`, version: shipmentRow.version + 1 })
					.where(eq(shipment.id, shipmentRow.id));
			}
			const lineIds = [...byLine.keys()];
			await refreshReceivingTotals(tx, lineIds);
			const freshPieces = parsed.filter((p) => !p.reworkReturn).reduce((s, p) => s + p.quantity, 0);
			const backPieces = parsed.filter((p) => p.reworkReturn).reduce((s, p) => s + p.quantity, 0);
			const what = [
				freshPieces ? plural(freshPieces, 'piece') : null,
				backPieces ? `${plural(backPieces, 'piece')} back from rework` : null
			]
				.filter(Boolean)
				.join(' and ');
			await recordAudit(tx, actor, {
				vendorId: po.vendorId,
				entityType: 'receipt',
				entityId: row.id,
				action: 'receipt.created',
				summary: `${actor.name} received ${what} on ${po.number} (${number})${shipmentRow ? ` from ${shipmentRow.number}` : ''}`,
				after: {
					receivedOn: form.receivedOn,
					shipmentId: shipmentRow?.id ?? null,
					lines: parsed.map((p) => ({
						purchaseOrderLineId: p.line.id,
						quantity: p.quantity,
						reworkReturn: p.reworkReturn,
						grossWeightMg: p.grossWeightMg,
						stoneCount: p.stoneCount
					})),
					marketPrices: Object.fromEntries(marketPrices),
					photos: staged.length
				}
			});
			const brand = await selectBrandSettings(tx);
			await enqueueWorkshopMail(tx, po.vendorId, {
				topic: 'receipt-recorded',
				subject: `${brand.brandName} received ${what} on ${po.number}`,
				paragraphs: [
					`${brand.brandName} received ${what} on ${po.number} on ${form.receivedOn} (receipt ${number}${shipmentRow ? `, your shipment ${shipmentRow.number}` : ''}).`,
					...parsed.map(
						(p) =>
							`Line ${p.line.lineNo}${p.line.sku ? ` ${p.line.sku}` : ''}: ${plural(p.quantity, 'piece')}${p.reworkReturn ? ' back from rework' : ''}${p.grossWeightMg ? `, ${formatGrams(p.grossWeightMg, 3)}` : ''}.`
					),
					...(marketPrices.size
						? [...marketPrices].map(
								([id, price]) =>
									`Market metal price recorded for line ${lineById.get(id)?.lineNo}: ${formatMoney(price, po.currency)} per fine gram.`
							)
						: []),
					'The goods now go through quality control; you will see the results in Bezel. Invoices are paid on accepted pieces.'
				],
				action: shipmentRow
					? { label: `Open ${shipmentRow.number}`, href: `${getPlatform().origin}/workshop/shipments/${shipmentRow.id}` }
					: { label: `Open ${po.number}`, href: `${getPlatform().origin}/workshop/purchase-orders/${po.id}` }
			});
			await rematchVendors(tx, [po.vendorId]);
			return { receiptId: row.id, number };
		})
	);
}

// ---------------------------------------------------------------- reading one receipt

export interface ReceiptView {
	receipt: typeof receipt.$inferSelect & { poNumber: string; currency: string; vendorName: string; shipmentNumber: string | null };
	lines: {
		id: string;
		purchaseOrderLineId: string;
		lineNo: number;
		sku: string;
		description: string;
		size: string;
		ordered: number;
		quantity: number;
		reworkReturn: boolean;
		weightBasis: 'per_piece' | 'lot';
		grossWeightMg: number | null;
		stoneCount: number | null;
		overReceiptReason: string | null;
		inspection: {
			id: string;
			status: 'pending' | 'completed';
			sampleSize: number;
			acceptedQuantity: number;
			reworkQuantity: number;
			returnedQuantity: number;
		} | null;
	}[];
	photos: { id: string; fileId: string; thumbnailFileId: string }[];
}

/** One receipt with its lines, weights, photos and inspections; a workshop reaches only its own. */
export async function getReceipt(actor: Actor, receiptId: string): Promise<ReceiptView> {
	requireSignedIn(actor);
	if (!isUuid(receiptId)) throw notFound(THE_RECEIPT);
	return withActor(actor, async (tx) => {
		const [row] = await tx
			.select({
				receipt,
				poNumber: purchaseOrder.number,
				currency: purchaseOrder.currency,
				vendorName: vendor.name,
				shipmentNumber: shipment.number
			})
			.from(receipt)
			.innerJoin(purchaseOrder, eq(purchaseOrder.id, receipt.purchaseOrderId))
			.innerJoin(vendor, eq(vendor.id, receipt.vendorId))
			.leftJoin(shipment, eq(shipment.id, receipt.shipmentId))
			.where(eq(receipt.id, receiptId))
			.limit(1);
		if (!row || (actor.kind === 'vendor' && row.receipt.vendorId !== actor.vendorId)) throw notFound(THE_RECEIPT);
		const lines = await tx
			.select({
				id: receiptLine.id,
				purchaseOrderLineId: receiptLine.purchaseOrderLineId,
				lineNo: purchaseOrderLine.lineNo,
				sku: purchaseOrderLine.sku,
				description: purchaseOrderLine.description,
				size: purchaseOrderLine.size,
				ordered: purchaseOrderLine.quantity,
				quantity: receiptLine.quantity,
				reworkReturn: receiptLine.reworkReturn,
				weightBasis: receiptLine.weightBasis,
				grossWeightMg: receiptLine.grossWeightMg,
				stoneCount: receiptLine.stoneCount,
				overReceiptReason: receiptLine.overReceiptReason
			})
			.from(receiptLine)
			.innerJoin(purchaseOrderLine, eq(purchaseOrderLine.id, receiptLine.purchaseOrderLineId))
			.where(eq(receiptLine.receiptId, row.receipt.id))
			.orderBy(asc(purchaseOrderLine.lineNo), asc(receiptLine.reworkReturn));
		const inspections = lines.length
			? await tx
					.select({
						id: qcInspection.id,
						receiptLineId: qcInspection.receiptLineId,
						status: qcInspection.status,
						sampleSize: qcInspection.sampleSize,
						acceptedQuantity: qcInspection.acceptedQuantity,
						reworkQuantity: qcInspection.reworkQuantity,
						returnedQuantity: qcInspection.returnedQuantity
					})
					.from(qcInspection)
					.where(
						inArray(
							qcInspection.receiptLineId,
							lines.map((l) => l.id)
						)
					)
			: [];
		const photos = await tx
			.select({ id: receiptPhoto.id, fileId: receiptPhoto.fileId, thumbnailFileId: receiptPhoto.thumbnailFileId })
			.from(receiptPhoto)
			.where(eq(receiptPhoto.receiptId, row.receipt.id))
			.orderBy(asc(receiptPhoto.createdAt), asc(receiptPhoto.id));
		const inspectionOf = new Map(inspections.map(({ receiptLineId, ...i }) => [receiptLineId, i]));
		return {
			receipt: {
				...row.receipt,
				poNumber: row.poNumber,
				currency: row.currency,
				vendorName: row.vendorName,
				shipmentNumber: row.shipmentNumber
			},
			lines: lines.map((l) => ({ ...l, inspection: inspectionOf.get(l.id) ?? null })),
			photos
		};
	});
}
