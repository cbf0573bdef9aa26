/**
 * Inputs of shipments and receipts, one zod schema each, shared by forms and services. Quantities,
 * weights and money arrive as the text a person typed: the shape is checked here, the numbers by
 * `parseWholeQuantity`, `parseGrams` and `parseMoney` in the service, where the PO line and its
 * currency are known and a sentence can name the line.
 */
import { todayIso } from '#lib/format/dates.ts';
import { z } from 'zod';
import { parseGrams } from '../../format/weight.ts';
import { shipmentStatusLabels } from './rules.ts';

export const MAX_SHIPMENT_LINES = 200;
export const MAX_PIECES_PER_LINE = 100_000;
export const MAX_LINE_WEIGHT_MG = 200_000_000;
export const MAX_STONES_PER_LINE = 1_000_000;
export { todayIso };

const isoDate = z.iso.date({ error: 'Enter a date like 2026-12-31.' });
const uuid = (message: string) => z.uuid({ error: message });
const text = (max: number, label: string) =>
	z
		.string()
		.trim()
		.max(max, `Keep ${label} under ${max.toLocaleString('en-US')} characters.`)
		.optional()
		.default('');
const version = z.coerce.number().int().min(1).optional();

/** A quantity typed for a line: blank is "none", otherwise a whole number of pieces above zero. */
export function parseWholeQuantity(typed: string): { ok: true; quantity: number | null } | { ok: false; message: string } {
	const cleaned = typed.trim().replace(/[\s,]/g, '');
	if (cleaned === '') return { ok: true, quantity: null };
	if (!/^\d+$/.test(cleaned)) {
		return { ok: false, message: /^-/.test(cleaned) ? 'Enter a quantity above 0.' : 'Enter whole pieces, like 12.' };
	}
	const quantity = Number(cleaned);
	if (quantity === 0) return { ok: true, quantity: null };
	if (quantity > MAX_PIECES_PER_LINE)
		return { ok: false, message: 'More than 100,000 pieces on one line is a typing mistake: count again.' };
	return { ok: true, quantity };
}

/** A weight typed for a receipt line in grams (up to 3 decimals), or null when left blank. */
export function parseLineWeight(typed: string): { ok: true; mg: number | null } | { ok: false; message: string } {
	if (typed.trim() === '') return { ok: true, mg: null };
	const parsed = parseGrams(typed);
	if (!parsed.ok) return parsed;
	if (parsed.mg <= 0) return { ok: false, message: 'The weight must be more than 0 g, or leave it blank when not weighed.' };
	return { ok: true, mg: parsed.mg };
}

const carrierFields = {
	carrier: z.string().trim().min(1, 'Choose the carrier.').max(40, 'Choose the carrier from the list.'),
	otherCarrier: text(80, 'the carrier’s name'),
	trackingNumber: text(80, 'the tracking number'),
	shippedOn: isoDate,
	declaredValue: z.string().trim().max(30, 'Enter the declared value as a number, like 12500.00.').optional().default(''),
	notes: text(2000, 'the notes')
};

export const shipmentLineInputSchema = z.object({
	purchaseOrderLineId: uuid('Reload the page: that PO line is no longer there.'),
	quantity: z.string().trim().max(12, 'Enter whole pieces, like 12.').optional().default('')
});

/** A workshop announcing goods it sent, against lines of its own open POs. */
export const announceShipmentSchema = z.object({
	...carrierFields,
	lines: z.array(shipmentLineInputSchema).max(MAX_SHIPMENT_LINES, `A shipment can have at most ${MAX_SHIPMENT_LINES} lines.`)
});
export type AnnounceShipmentInput = z.input<typeof announceShipmentSchema>;

/** Corrections to an announcement (carrier, tracking, date, value, notes) while it is still announced. */
export const updateShipmentSchema = z.object({ ...carrierFields, version });
export type UpdateShipmentInput = z.input<typeof updateShipmentSchema>;

export const cancelShipmentSchema = z.object({ version });
export type CancelShipmentInput = z.input<typeof cancelShipmentSchema>;

export const photoKinds = ['packing', 'qc'] as const;
export type ShipmentPhotoKind = (typeof photoKinds)[number];
export const photoKindLabels: Record<ShipmentPhotoKind, string> = { packing: 'Packing photos', qc: 'Workshop QC photos' };
export const shipmentPhotoKindSchema = z.enum(photoKinds, { error: 'Choose packing or QC photos.' });

export const receiptLineInputSchema = z.object({
	purchaseOrderLineId: uuid('Reload the page: that PO line is no longer there.'),
	/** pieces coming back from rework: inspected again, not counted as received twice */
	reworkReturn: z.coerce.boolean().optional().default(false),
	quantity: z.string().trim().max(12, 'Enter whole pieces, like 12.').optional().default(''),
	weightBasis: z.enum(['per_piece', 'lot'], { error: 'Choose per piece or whole lot.' }).optional().default('lot'),
	weight: z.string().trim().max(20, 'Enter the weight in grams, like 3.25.').optional().default(''),
	stoneCount: z.string().trim().max(12, 'Enter the number of stones.').optional().default(''),
	overReceiptReason: text(500, 'the reason'),
	marketPrice: z.string().trim().max(30, 'Enter the price as a number, like 65.20.').optional().default('')
});
export type ReceiptLineInput = z.input<typeof receiptLineInputSchema>;

/** Goods arriving for one PO, with or without an announced shipment. */
export const receiveGoodsSchema = z.object({
	purchaseOrderId: uuid('Choose the PO the goods are for.'),
	shipmentId: z
		.union([z.literal(''), uuid('Reload the page: that shipment is no longer there.')])
		.optional()
		.default(''),
	receivedOn: isoDate.refine((value) => value <= todayIso(), 'The goods cannot arrive in the future: enter today or an earlier date.'),
	notes: text(2000, 'the notes'),
	lines: z.array(receiptLineInputSchema).max(MAX_SHIPMENT_LINES * 2, 'Too many lines: receive the PO in parts.')
});
export type ReceiveGoodsInput = z.input<typeof receiveGoodsSchema>;

const page = z.coerce.number().int().min(1).max(10_000).catch(1);
const optionalDate = z
	.union([z.literal(''), isoDate])
	.optional()
	.catch('');

export const shipmentListQuerySchema = z.object({
	status: z
		.enum(Object.keys(shipmentStatusLabels) as ['announced', 'received', 'cancelled'])
		.optional()
		.catch(undefined),
	q: z.string().trim().max(100).optional().catch(undefined),
	vendor: z.uuid().optional().catch(undefined),
	from: optionalDate,
	to: optionalDate,
	page
});
export type ShipmentListQuery = z.infer<typeof shipmentListQuerySchema>;

export const receiptInspectionStates = { pending: 'Inspection pending', inspected: 'Inspected' } as const;
export const receiptListQuerySchema = z.object({
	status: z.enum(['pending', 'inspected']).optional().catch(undefined),
	q: z.string().trim().max(100).optional().catch(undefined),
	vendor: z.uuid().optional().catch(undefined),
	from: optionalDate,
	to: optionalDate,
	page
});
export type ReceiptListQuery = z.infer<typeof receiptListQuerySchema>;
