/**
 * Shipments, as the workshop announces them and the brand reads them. A workshop announces goods it
 * sent against lines of its own open POs (never more than is still to come), with the carrier, tracking
 * number, declared value in the PO's currency and packing and QC photos; it may correct or cancel the
 * announcement until the brand receives the goods. Access is checked here first; RLS (vendor_own on
 * shipment, shipment_line, shipment_photo) is the second lock, and its insert checks refuse a line on
 * another workshop's PO line even if this code were wrong.
 */
import { isUuid } from '#lib/domain/ids.ts';
import { and, asc, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { formatMoney, minorToDecimalString, parseMoney } from '#lib/domain/money.ts';
import { carrierLabel, isCarrierCode, needsTrackingNumber, trackingUrl } from '#lib/domain/receiving/carriers.ts';
import {
	announceShipmentSchema,
	cancelShipmentSchema,
	parseWholeQuantity,
	updateShipmentSchema,
	type AnnounceShipmentInput,
	type CancelShipmentInput,
	type ShipmentPhotoKind,
	type UpdateShipmentInput
} from '#lib/domain/receiving/schemas.ts';
import { announceableQuantity, formatShipmentNumber, isAnnounceable, plural, whyNotAnnounce } from '#lib/domain/receiving/rules.ts';
import { changedFields, recordAudit } from '#lib/server/audit/audit.ts';
import { requireSignedIn, requireVendor, withActor, type Actor, type VendorActor } from '#lib/server/auth/actor.ts';
import { rowsOf } from '#lib/server/db/client.ts';
import {
	purchaseOrder,
	purchaseOrderLine,
	receipt,
	receiptLine,
	shipment,
	shipmentLine,
	shipmentPhoto,
	vendor
} from '#lib/server/db/schema/index.ts';
import type { Tx } from '#lib/server/db/scope.ts';
import { conflict, invalid, notFound } from '#lib/server/errors.ts';
import { recordStagedPhotos, withStagedPhotos, type StagedPhoto } from '#lib/server/files/staged-photos.ts';
import { enqueueBrandMail } from '#lib/server/mail/outbox.ts';
import { getPlatform } from '#lib/server/platform.ts';
import type { ProcessedPhoto } from '#lib/server/production/photos.ts';

export const MAX_SHIPMENT_PHOTOS = 12;
const THE_SHIPMENT = 'That shipment';

/** Parses a service input with its schema; a bad one is Invalid with a message per field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
	const result = schema.safeParse(input);
	if (result.success) return result.data;
	const fields: Record<string, string> = {};
	for (const issue of result.error.issues) {
		const key = issue.path
			.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`))
			.join('');
		fields[key] ??= issue.message;
	}
	refuseInvalid(fields);
}

export function refuseInvalid(fields: Record<string, string>): never {
	const messages = Object.values(fields);
	throw invalid(messages.length === 1 ? messages[0] : 'Some fields need attention: see the messages beside them.', fields);
}

// ---------------------------------------------------------------- the lines a workshop may announce

export interface AnnounceableLine {
	id: string;
	purchaseOrderId: string;
	lineNo: number;
	sku: string;
	description: string;
	size: string;
	quantity: number;
	receivedQuantity: number;
	/** announced in other shipments not yet received */
	announcedOpen: number;
	/** what may still be announced */
	remaining: number;
	cancelled: boolean;
}

export interface AnnounceablePo {
	id: string;
	number: string;
	status: string;
	currency: string;
	createdBy: string | null;
	lines: AnnounceableLine[];
}

/** The workshop's POs (all, or those named) with their lines and what is still to announce on each. */
async function selectAnnounceablePos(
	tx: Tx,
	vendorId: string,
	poIds: readonly string[] | null,
	excludeShipmentId?: string
): Promise<AnnounceablePo[]> {
	const orders = await tx
		.select({
			id: purchaseOrder.id,
			number: purchaseOrder.number,
			status: purchaseOrder.status,
			currency: purchaseOrder.currency,
			createdBy: purchaseOrder.createdBy
		})
		.from(purchaseOrder)
		.where(
			and(
				eq(purchaseOrder.vendorId, vendorId),
				poIds
					? inArray(purchaseOrder.id, [...poIds])
					: inArray(purchaseOrder.status, ['acknowledged', 'in_production', 'partially_received'])
			)
		)
		.orderBy(asc(purchaseOrder.number));
	if (orders.length === 0) return [];
	const lines = await tx
		.select({
			id: purchaseOrderLine.id,
			purchaseOrderId: purchaseOrderLine.purchaseOrderId,
			lineNo: purchaseOrderLine.lineNo,
			sku: purchaseOrderLine.sku,
			description: purchaseOrderLine.description,
			size: purchaseOrderLine.size,
			quantity: purchaseOrderLine.quantity,
			receivedQuantity: purchaseOrderLine.receivedQuantity,
			cancelled: purchaseOrderLine.cancelled
		})
		.from(purchaseOrderLine)
		.where(
			inArray(
				purchaseOrderLine.purchaseOrderId,
				orders.map((o) => o.id)
			)
		)
		.orderBy(asc(purchaseOrderLine.lineNo));
	const open = await tx
		.select({ lineId: shipmentLine.purchaseOrderLineId, quantity: sql<number>`sum(${shipmentLine.quantity})::int` })
		.from(shipmentLine)
		.innerJoin(shipment, eq(shipment.id, shipmentLine.shipmentId))
		.where(
			and(
				inArray(
					shipmentLine.purchaseOrderLineId,
					lines.map((l) => l.id)
				),
				eq(shipment.status, 'announced'),
				excludeShipmentId ? ne(shipment.id, excludeShipmentId) : undefined
			)
		)
		.groupBy(shipmentLine.purchaseOrderLineId);
	const openBy = new Map(open.map((o) => [o.lineId, Number(o.quantity)]));
	return orders.map((order) => ({
		...order,
		lines: lines
			.filter((l) => l.purchaseOrderId === order.id)
			.map((l) => {
				const announcedOpen = openBy.get(l.id) ?? 0;
				return { ...l, announcedOpen, remaining: l.cancelled ? 0 : announceableQuantity(l, announcedOpen) };
			})
	}));
}

/** The workshop's open POs and what may still be announced on each line (for the announce form). */
export async function listAnnounceablePurchaseOrders(actor: Actor): Promise<AnnounceablePo[]> {
	requireVendor(actor);
	return withActor(actor, (tx) => selectAnnounceablePos(tx, actor.vendorId, null));
}

// ---------------------------------------------------------------- the announcement's header

interface ParsedHeader {
	carrier: string;
	trackingNumber: string;
	shippedOn: string;
	declaredValueMinor: number;
	notes: string;
}

/** Carrier, tracking, date and value; the value in `currency`. Problems are collected into `errors`. */
function parseHeader(
	form: { carrier: string; otherCarrier: string; trackingNumber: string; shippedOn: string; declaredValue: string; notes: string },
	currency: string,
	errors: Record<string, string>
): ParsedHeader {
	let carrier = form.carrier;
	if (!isCarrierCode(carrier)) errors.carrier = 'Choose the carrier from the list.';
	else if (carrier === 'other') {
		if (form.otherCarrier === '') errors.otherCarrier = 'Enter the carrier’s name, like the courier company.';
		else carrier = form.otherCarrier;
	}
	if (needsTrackingNumber(form.carrier) && form.trackingNumber === '') {
		errors.trackingNumber = 'Enter the tracking number the carrier gave you, so the brand can follow the parcel.';
	}
	const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
	if (form.shippedOn > tomorrow) errors.shippedOn = 'The shipping date cannot be in the future: enter the day the goods left.';
	let declaredValueMinor = 0;
	if (form.declaredValue !== '') {
		const money = parseMoney(form.declaredValue, currency);
		if (!money.ok) errors.declaredValue = money.message;
		else declaredValueMinor = money.minor;
	}
	return { carrier, trackingNumber: form.trackingNumber, shippedOn: form.shippedOn, declaredValueMinor, notes: form.notes };
}

/** Packing and QC photos, staged before the transaction and removed again if it fails. */
function withShipmentPhotos<T>(
	vendorId: string,
	photos: Partial<Record<ShipmentPhotoKind, ProcessedPhoto[]>>,
	work: (staged: { kind: ShipmentPhotoKind; staged: StagedPhoto[] }[]) => Promise<T>
): Promise<T> {
	const packing = photos.packing ?? [];
	const qc = photos.qc ?? [];
	if (packing.length + qc.length > MAX_SHIPMENT_PHOTOS) {
		const message = `You chose ${packing.length + qc.length} photos; add at most ${MAX_SHIPMENT_PHOTOS} at a time.`;
		throw invalid(message, { photos: message });
	}
	return withStagedPhotos(vendorId, 'shipment-photo', packing, (packingStaged) =>
		withStagedPhotos(vendorId, 'shipment-photo', qc, (qcStaged) =>
			work([
				{ kind: 'packing', staged: packingStaged },
				{ kind: 'qc', staged: qcStaged }
			])
		)
	);
}

async function insertShipmentPhotos(
	tx: Tx,
	actor: VendorActor,
	shipmentId: string,
	groups: { kind: ShipmentPhotoKind; staged: StagedPhoto[] }[]
): Promise<number> {
	let added = 0;
	for (const group of groups) {
		for (const files of await recordStagedPhotos(tx, group.staged, actor.userId)) {
			await tx.insert(shipmentPhoto).values({ shipmentId, vendorId: actor.vendorId, kind: group.kind, ...files });
			added++;
		}
	}
	return added;
}

const shipmentLink = (shipmentId: string, side: 'vendor' | 'brand') =>
	side === 'vendor'
		? `${getPlatform().origin}/workshop/shipments/${shipmentId}`
		: `${getPlatform().origin}/receiving/new?shipment=${shipmentId}`;

// ---------------------------------------------------------------- announce, correct, cancel

/**
 * Announces goods the workshop sent. Lines with no quantity are left out; at least one must remain.
 * Each line is on one of the workshop's own POs that is acknowledged, in production or partly
 * received, and asks no more than is ordered minus received minus already announced.
 */
export async function announceShipment(
	actor: Actor,
	input: AnnounceShipmentInput,
	photos: Partial<Record<ShipmentPhotoKind, ProcessedPhoto[]>> = {}
): Promise<{ shipmentId: string; number: string }> {
	requireVendor(actor);
	const form = parseInput(announceShipmentSchema, input);
	return withShipmentPhotos(actor.vendorId, photos, (staged) =>
		withActor(actor, async (tx) => {
			// one announcement at a time per workshop, so two tabs cannot both announce the last pieces
			await tx.execute(sql`select pg_advisory_xact_lock(hashtext('shipment-announce'), hashtext(${actor.vendorId}))`);
			const errors: Record<string, string> = {};
			const wanted: { index: number; lineId: string; quantity: number }[] = [];
			form.lines.forEach((line, index) => {
				const parsed = parseWholeQuantity(line.quantity);
				if (!parsed.ok) errors[`lines[${index}].quantity`] = parsed.message;
				else if (parsed.quantity !== null) wanted.push({ index, lineId: line.purchaseOrderLineId, quantity: parsed.quantity });
			});
			if (wanted.length === 0 && Object.keys(errors).length === 0) {
				throw invalid('Enter how many pieces you sent on at least one line.', {
					lines: 'Enter how many pieces you sent on at least one line.'
				});
			}
			if (new Set(wanted.map((w) => w.lineId)).size !== wanted.length) {
				throw invalid('A PO line appears twice: enter its pieces once.', { lines: 'A PO line appears twice: enter its pieces once.' });
			}
			// another workshop's line is simply not there (RLS): the same sentence as a stale page
			// every line of the form, typed or not: the currency of the value comes from their POs
			const formLineIds = [...new Set(form.lines.map((l) => l.purchaseOrderLineId))];
			const lineRows = formLineIds.length
				? await tx
						.select({ id: purchaseOrderLine.id, purchaseOrderId: purchaseOrderLine.purchaseOrderId })
						.from(purchaseOrderLine)
						.where(and(inArray(purchaseOrderLine.id, formLineIds), eq(purchaseOrderLine.vendorId, actor.vendorId)))
				: [];
			const poOf = new Map(lineRows.map((l) => [l.id, l.purchaseOrderId]));
			const wantedPoIds = new Set(wanted.map((w) => poOf.get(w.lineId)).filter((id) => id !== undefined));
			const formPos = await selectAnnounceablePos(tx, actor.vendorId, [...new Set(lineRows.map((l) => l.purchaseOrderId))]);
			// the POs shipped on, or (when no quantity could be read) those of the form, for the currency
			const pos = wantedPoIds.size ? formPos.filter((po) => wantedPoIds.has(po.id)) : formPos;
			const lineById = new Map(formPos.flatMap((po) => po.lines.map((l) => [l.id, { line: l, po }] as const)));
			for (const w of wanted) {
				const key = `lines[${w.index}].quantity`;
				const found = poOf.has(w.lineId) ? lineById.get(w.lineId) : undefined;
				if (!found) {
					errors[key] = 'That PO line is not one of your open POs: reload the page.';
					continue;
				}
				const { line, po } = found;
				const name = `${po.number} line ${line.lineNo}${line.sku ? ` (${line.sku})` : ''}`;
				if (!isAnnounceable(po.status)) errors[key] = whyNotAnnounce(po.number, po.status);
				else if (line.cancelled) errors[key] = `${name} is cancelled: nothing can be shipped against it.`;
				else if (w.quantity > line.remaining) {
					const parts = [`${line.quantity} ordered`, `${line.receivedQuantity} received`];
					if (line.announcedOpen) parts.push(`${line.announcedOpen} already announced`);
					errors[key] =
						line.remaining === 0
							? `${name}: nothing is left to announce (${parts.join(', ')}).`
							: `${name}: at most ${plural(line.remaining, 'piece')} can be announced (${parts.join(', ')}); you entered ${w.quantity}.`;
				}
			}
			const currencies = [...new Set(pos.map((po) => po.currency))];
			if (currencies.length > 1) {
				errors.lines = `These POs are in different currencies (${currencies.join(', ')}): announce one shipment per currency.`;
			}
			const currency = currencies[0] ?? 'USD';
			const header = parseHeader(form, currency, errors);
			if (Object.keys(errors).length > 0) refuseInvalid(errors);

			const [{ seq }] = rowsOf<{ seq: string | number }>(await tx.execute(sql`select nextval('shipment_number_seq') as seq`));
			const number = formatShipmentNumber(new Date().getUTCFullYear(), Number(seq));
			const [row] = await tx
				.insert(shipment)
				.values({ number, vendorId: actor.vendorId, status: 'announced', currency, createdBy: actor.userId, ...header })
				.returning({ id: shipment.id });
			for (const w of wanted) {
				await tx.insert(shipmentLine).values({
					shipmentId: row.id,
					vendorId: actor.vendorId,
					purchaseOrderId: poOf.get(w.lineId)!,
					purchaseOrderLineId: w.lineId,
					quantity: w.quantity
				});
			}
			const photoCount = await insertShipmentPhotos(tx, actor, row.id, staged);
			const pieces = wanted.reduce((sum, w) => sum + w.quantity, 0);
			const poNumbers = pos.map((po) => po.number).join(', ');
			await recordAudit(tx, actor, {
				vendorId: actor.vendorId,
				entityType: 'shipment',
				entityId: row.id,
				action: 'shipment.announced',
				summary: `${actor.name} announced ${number}: ${plural(pieces, 'piece')} on ${poNumbers}`,
				after: { ...header, lines: wanted.map((w) => ({ purchaseOrderLineId: w.lineId, quantity: w.quantity })), photos: photoCount }
			});
			const tracking = trackingUrl(header.carrier, header.trackingNumber);
			await enqueueBrandMail(tx, pos[0]?.createdBy ?? null, {
				topic: 'shipment-announced',
				subject: `${actor.vendorName} sent ${plural(pieces, 'piece')} (${number})`,
				paragraphs: [
					`${actor.vendorName} announced shipment ${number}: ${plural(pieces, 'piece')} on ${poNumbers}, shipped ${header.shippedOn} with ${carrierLabel(header.carrier)}${header.trackingNumber ? `, tracking ${header.trackingNumber}` : ''}.`,
					...(tracking ? [`Follow the parcel: ${tracking}`] : []),
					header.declaredValueMinor > 0
						? `Declared value: ${formatMoney(header.declaredValueMinor, currency)}.`
						: 'No declared value was given.',
					'Receive the goods in Bezel when they arrive; the quantities are prefilled from the announcement.'
				],
				action: { label: `Receive ${number}`, href: shipmentLink(row.id, 'brand') }
			});
			return { shipmentId: row.id, number };
		})
	);
}

type ShipmentRow = typeof shipment.$inferSelect;

async function loadShipment(tx: Tx, actor: Actor, shipmentId: string, options: { lock?: boolean } = {}): Promise<ShipmentRow> {
	if (!isUuid(shipmentId)) throw notFound(THE_SHIPMENT);
	const query = tx.select().from(shipment).where(eq(shipment.id, shipmentId)).limit(1);
	const [row] = options.lock ? await query.for('update') : await query;
	if (!row || (actor.kind === 'vendor' && row.vendorId !== actor.vendorId)) throw notFound(THE_SHIPMENT);
	return row;
}

function ensureAnnounced(row: ShipmentRow, what: string): void {
	if (row.status === 'received') throw conflict(`${row.number} has been received by the brand: it can no longer be ${what}.`);
	if (row.status === 'cancelled') throw conflict(`${row.number} is cancelled: it can no longer be ${what}.`);
}

function checkVersion(row: ShipmentRow, version: number | undefined): void {
	if (version !== undefined && version !== row.version) {
		throw conflict(`${row.number} was changed by someone else since you opened it (now version ${row.version}). Review it and try again.`);
	}
}

/**
 * Corrects the carrier, tracking number, date, declared value or notes while the goods are announced.
 * The pieces are not edited here: the workshop cancels and announces again (the column grants give a
 * workshop no way to change or delete a line it has sent).
 */
export async function updateShipment(actor: Actor, shipmentId: string, input: UpdateShipmentInput): Promise<void> {
	requireVendor(actor);
	const form = parseInput(updateShipmentSchema, input);
	await withActor(actor, async (tx) => {
		const row = await loadShipment(tx, actor, shipmentId, { lock: true });
		ensureAnnounced(row, 'changed');
		checkVersion(row, form.version);
		const errors: Record<string, string> = {};
		const header = parseHeader(form, row.currency, errors);
		if (Object.keys(errors).length > 0) refuseInvalid(errors);
		const diff = changedFields(row as unknown as Record<string, unknown>, header as unknown as Record<string, unknown>);
		if (!diff) return;
		const updated = await tx
			.update(shipment)
			.set({ ...header, version: row.version + 1 })
			.where(and(eq(shipment.id, row.id), eq(shipment.status, 'announced')))
			.returning({ id: shipment.id });
		if (updated.length !== 1) throw conflict(`${row.number} changed meanwhile: reload the page and try again.`);
		await recordAudit(tx, actor, {
			vendorId: actor.vendorId,
			entityType: 'shipment',
			entityId: row.id,
			action: 'shipment.updated',
			summary: `${actor.name} corrected ${row.number}`,
			before: diff.before,
			after: diff.after
		});
	});
}

/** Withdraws an announcement (goods not sent after all, or announced wrongly), before the brand receives it. */
export async function cancelShipment(actor: Actor, shipmentId: string, input: CancelShipmentInput = {}): Promise<{ alreadyDone: boolean }> {
	requireVendor(actor);
	const form = parseInput(cancelShipmentSchema, input);
	return withActor(actor, async (tx) => {
		const row = await loadShipment(tx, actor, shipmentId, { lock: true });
		if (row.status === 'cancelled') return { alreadyDone: true };
		ensureAnnounced(row, 'cancelled');
		checkVersion(row, form.version);
		const updated = await tx
			.update(shipment)
			.set({ status: 'cancelled', cancelledAt: sql`now()`, version: row.version + 1 })
			.where(and(eq(shipment.id, row.id), eq(shipment.status, 'announced')))
			.returning({ id: shipment.id });
		if (updated.length !== 1) throw conflict(`${row.number} changed meanwhile: reload the page and try again.`);
		await recordAudit(tx, actor, {
			vendorId: actor.vendorId,
			entityType: 'shipment',
			entityId: row.id,
			action: 'shipment.cancelled',
			summary: `${actor.name} cancelled ${row.number}`,
			before: { status: row.status },
			after: { status: 'cancelled' }
		});
		const [po] = await tx
			.select({ createdBy: purchaseOrder.createdBy })
			.from(shipmentLine)
			.innerJoin(purchaseOrder, eq(purchaseOrder.id, shipmentLine.purchaseOrderId))
			.where(eq(shipmentLine.shipmentId, row.id))
			.limit(1);
		await enqueueBrandMail(tx, po?.createdBy ?? null, {
			topic: 'shipment-cancelled',
			subject: `${actor.vendorName} cancelled shipment ${row.number}`,
			paragraphs: [
				`${actor.vendorName} cancelled the announcement of shipment ${row.number}. Do not expect these goods under this number.`
			],
			action: { label: 'Open receiving', href: `${getPlatform().origin}/receiving` }
		});
		return { alreadyDone: false };
	});
}

/** More packing or QC photos while the shipment is announced. */
export async function addShipmentPhotos(
	actor: Actor,
	shipmentId: string,
	kind: ShipmentPhotoKind,
	photos: ProcessedPhoto[]
): Promise<{ added: number }> {
	requireVendor(actor);
	if (photos.length === 0) throw invalid('Take or choose at least one photo.', { photos: 'Take or choose at least one photo.' });
	return withShipmentPhotos(actor.vendorId, { [kind]: photos }, (staged) =>
		withActor(actor, async (tx) => {
			const row = await loadShipment(tx, actor, shipmentId, { lock: true });
			ensureAnnounced(row, 'given more photos');
			const added = await insertShipmentPhotos(tx, actor, row.id, staged);
			await recordAudit(tx, actor, {
				vendorId: actor.vendorId,
				entityType: 'shipment',
				entityId: row.id,
				action: 'shipment.photos_added',
				summary: `${actor.name} added ${plural(added, kind === 'qc' ? 'QC photo' : 'packing photo')} to ${row.number}`
			});
			return { added };
		})
	);
}

// ---------------------------------------------------------------- reading one shipment

export interface ShipmentView {
	shipment: ShipmentRow & { carrierLabel: string; trackingUrl: string | null; declaredValueText: string; declaredValueInput: string };
	vendorName: string;
	lines: {
		id: string;
		purchaseOrderId: string;
		poNumber: string;
		purchaseOrderLineId: string;
		lineNo: number;
		sku: string;
		description: string;
		size: string;
		quantity: number;
		/** pieces of this line received against this shipment */
		receivedHere: number;
	}[];
	photos: { id: string; kind: ShipmentPhotoKind; fileId: string; thumbnailFileId: string; createdAt: Date }[];
	receipts: { id: string; number: string; purchaseOrderId: string; receivedOn: string; pieces: number }[];
	canChange: boolean;
}

/** One shipment with its lines, photos and what was received against it; a workshop reaches only its own. */
export async function getShipment(actor: Actor, shipmentId: string): Promise<ShipmentView> {
	requireSignedIn(actor);
	return withActor(actor, async (tx) => {
		const row = await loadShipment(tx, actor, shipmentId);
		const [owner] = await tx.select({ name: vendor.name }).from(vendor).where(eq(vendor.id, row.vendorId)).limit(1);
		const lines = await tx
			.select({
				id: shipmentLine.id,
				purchaseOrderId: shipmentLine.purchaseOrderId,
				poNumber: purchaseOrder.number,
				purchaseOrderLineId: shipmentLine.purchaseOrderLineId,
				lineNo: purchaseOrderLine.lineNo,
				sku: purchaseOrderLine.sku,
				description: purchaseOrderLine.description,
				size: purchaseOrderLine.size,
				quantity: shipmentLine.quantity
			})
			.from(shipmentLine)
			.innerJoin(purchaseOrder, eq(purchaseOrder.id, shipmentLine.purchaseOrderId))
			.innerJoin(purchaseOrderLine, eq(purchaseOrderLine.id, shipmentLine.purchaseOrderLineId))
			.where(eq(shipmentLine.shipmentId, row.id))
			.orderBy(asc(purchaseOrder.number), asc(purchaseOrderLine.lineNo));
		const photos = await tx
			.select({
				id: shipmentPhoto.id,
				kind: shipmentPhoto.kind,
				fileId: shipmentPhoto.fileId,
				thumbnailFileId: shipmentPhoto.thumbnailFileId,
				createdAt: shipmentPhoto.createdAt
			})
			.from(shipmentPhoto)
			.where(eq(shipmentPhoto.shipmentId, row.id))
			.orderBy(asc(shipmentPhoto.createdAt), asc(shipmentPhoto.id));
		const receipts = await tx
			.select({
				id: receipt.id,
				number: receipt.number,
				purchaseOrderId: receipt.purchaseOrderId,
				receivedOn: receipt.receivedOn,
				pieces: sql<number>`coalesce(sum(${receiptLine.quantity}), 0)::int`
			})
			.from(receipt)
			.leftJoin(receiptLine, eq(receiptLine.receiptId, receipt.id))
			.where(eq(receipt.shipmentId, row.id))
			.groupBy(receipt.id)
			.orderBy(desc(receipt.createdAt));
		const receivedByLine = new Map<string, number>();
		if (receipts.length) {
			const received = await tx
				.select({ lineId: receiptLine.purchaseOrderLineId, quantity: sql<number>`sum(${receiptLine.quantity})::int` })
				.from(receiptLine)
				.innerJoin(receipt, eq(receipt.id, receiptLine.receiptId))
				.where(eq(receipt.shipmentId, row.id))
				.groupBy(receiptLine.purchaseOrderLineId);
			for (const r of received) receivedByLine.set(r.lineId, Number(r.quantity));
		}
		return {
			shipment: {
				...row,
				carrierLabel: carrierLabel(row.carrier),
				trackingUrl: trackingUrl(row.carrier, row.trackingNumber),
				declaredValueText: formatMoney(row.declaredValueMinor, row.currency),
				declaredValueInput: row.declaredValueMinor ? minorToDecimalString(row.declaredValueMinor, row.currency) : ''
			},
			vendorName: owner?.name ?? '',
			lines: lines.map((l) => ({ ...l, receivedHere: receivedByLine.get(l.purchaseOrderLineId) ?? 0 })),
			photos,
			receipts: receipts.map((r) => ({ ...r, pieces: Number(r.pieces) })),
			canChange: actor.kind === 'vendor' && row.status === 'announced'
		};
	});
}
