/**
 * Between the browser and the receiving services: the shipment and receipt forms are plain multipart
 * forms with one row per PO line (`lines[3].quantity`), read here into the services' inputs. A refusal
 * goes back with its sentence, the per-field messages and what the person typed; photos are chosen
 * again (files cannot travel back to the browser). Business rules stay in the services.
 */
import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import {
	receiptListQuerySchema,
	shipmentListQuerySchema,
	todayIso,
	type AnnounceShipmentInput,
	type ReceiveGoodsInput,
	type ReceiptListQuery,
	type ShipmentListQuery,
	type ShipmentPhotoKind
} from '#lib/domain/receiving/schemas.ts';
import { AppError, statusOf } from '#lib/server/errors.ts';
import { requireActor } from '#lib/server/http.ts';
import { processJobPhotos } from '#lib/server/production/photos.ts';
import { exportReceiptsCsv, exportShipmentsCsv } from './lists.ts';
import { receiveGoods } from './receipts.ts';
import { addShipmentPhotos, announceShipment, cancelShipment, updateShipment } from './shipments.ts';

/** What a refused form sends back: the sentence, messages by field name, and the values as typed. */
export interface FormFailure {
	message: string;
	fields: Record<string, string>;
	values: Record<string, string>;
}

export const parseShipmentListQuery = (params: URLSearchParams): ShipmentListQuery =>
	shipmentListQuerySchema.parse(Object.fromEntries(params));
export const parseReceiptListQuery = (params: URLSearchParams): ReceiptListQuery =>
	receiptListQuerySchema.parse(Object.fromEntries(params));

const text = (formData: FormData, name: string) => {
	const value = formData.get(name);
	return typeof value === 'string' ? value : '';
};

/** Every text field of the form, to give back as typed. */
function typedValues(formData: FormData): Record<string, string> {
	const values: Record<string, string> = {};
	for (const [key, value] of formData.entries()) if (typeof value === 'string' && !key.startsWith('__')) values[key] = value;
	return values;
}

/** The files of one input (camera and library inputs share a name; the unused one posts an empty file). */
function filesOf(formData: FormData, name: string): File[] {
	return formData.getAll(name).filter((entry): entry is File => typeof entry !== 'string' && entry.size > 0);
}

const lineField = /^lines\[(\d{1,3})\]\.([a-zA-Z]+)$/;

/** The `lines[i].field` rows of a form, in order. */
function linesOf(formData: FormData): Record<string, string>[] {
	const rows = new Map<number, Record<string, string>>();
	for (const [key, value] of formData.entries()) {
		const match = lineField.exec(key);
		if (!match || typeof value !== 'string') continue;
		const index = Number(match[1]);
		const row = rows.get(index) ?? {};
		row[match[2]] = value;
		rows.set(index, row);
	}
	return [...rows.entries()].sort(([x], [y]) => x - y).map(([, row]) => row);
}

export function readAnnounceForm(formData: FormData): AnnounceShipmentInput {
	return {
		carrier: text(formData, 'carrier'),
		otherCarrier: text(formData, 'otherCarrier'),
		trackingNumber: text(formData, 'trackingNumber'),
		shippedOn: text(formData, 'shippedOn'),
		declaredValue: text(formData, 'declaredValue'),
		notes: text(formData, 'notes'),
		lines: linesOf(formData).map((row) => ({ purchaseOrderLineId: row.purchaseOrderLineId ?? '', quantity: row.quantity ?? '' }))
	};
}

export function readReceiveForm(formData: FormData): ReceiveGoodsInput {
	return {
		purchaseOrderId: text(formData, 'purchaseOrderId'),
		shipmentId: text(formData, 'shipmentId'),
		receivedOn: text(formData, 'receivedOn'),
		notes: text(formData, 'notes'),
		lines: linesOf(formData).map((row) => ({
			purchaseOrderLineId: row.purchaseOrderLineId ?? '',
			reworkReturn: row.reworkReturn === 'true',
			quantity: row.quantity ?? '',
			weightBasis: row.weightBasis === 'per_piece' ? 'per_piece' : 'lot',
			weight: row.weight ?? '',
			stoneCount: row.stoneCount ?? '',
			overReceiptReason: row.overReceiptReason ?? '',
			marketPrice: row.marketPrice ?? ''
		}))
	};
}

/** An AppError as the form's answer; anything else is a real failure and goes on. */
function refused(caught: unknown, formData: FormData) {
	if (!(caught instanceof AppError)) throw caught;
	if (caught.code === 'NotFound') error(404, caught.message);
	const failure: FormFailure = { message: caught.message, fields: caught.fields, values: typedValues(formData) };
	return fail(statusOf[caught.code], failure);
}

// ---------------------------------------------------------------- the workshop's actions

export async function announceAction(event: RequestEvent) {
	const actor = requireActor(event);
	const formData = await event.request.formData();
	let shipmentId: string;
	try {
		const packing = await processJobPhotos(filesOf(formData, 'packingPhotos'));
		const qc = await processJobPhotos(filesOf(formData, 'qcPhotos'));
		({ shipmentId } = await announceShipment(actor, readAnnounceForm(formData), { packing, qc }));
	} catch (caught) {
		return refused(caught, formData);
	}
	redirect(303, `/workshop/shipments/${shipmentId}?announced=1`);
}

export function shipmentActions(shipmentIdOf: (event: RequestEvent) => string) {
	return {
		update: async (event: RequestEvent) => {
			const actor = requireActor(event);
			const formData = await event.request.formData();
			try {
				await updateShipment(actor, shipmentIdOf(event), {
					...readAnnounceForm(formData),
					version: Number(text(formData, 'version')) || undefined
				});
			} catch (caught) {
				return refused(caught, formData);
			}
			return { success: 'Shipment corrected. The brand sees the new details.' };
		},
		cancel: async (event: RequestEvent) => {
			const actor = requireActor(event);
			const formData = await event.request.formData();
			let result;
			try {
				result = await cancelShipment(actor, shipmentIdOf(event), { version: Number(text(formData, 'version')) || undefined });
			} catch (caught) {
				return refused(caught, formData);
			}
			return { success: result.alreadyDone ? 'The shipment was already cancelled.' : 'Shipment cancelled. The brand is told by e-mail.' };
		},
		photos: async (event: RequestEvent) => {
			const actor = requireActor(event);
			const formData = await event.request.formData();
			const kind: ShipmentPhotoKind = text(formData, 'kind') === 'qc' ? 'qc' : 'packing';
			let added: number;
			try {
				({ added } = await addShipmentPhotos(actor, shipmentIdOf(event), kind, await processJobPhotos(filesOf(formData, 'photos'))));
			} catch (caught) {
				return refused(caught, formData);
			}
			return { success: `${added} photo${added === 1 ? '' : 's'} added.` };
		}
	};
}

// ---------------------------------------------------------------- the brand's receiving

export async function receiveAction(event: RequestEvent) {
	const actor = requireActor(event);
	const formData = await event.request.formData();
	let receiptId: string;
	try {
		const photos = await processJobPhotos(filesOf(formData, 'photos'));
		({ receiptId } = await receiveGoods(actor, readReceiveForm(formData), photos));
	} catch (caught) {
		return refused(caught, formData);
	}
	redirect(303, `/receiving/${receiptId}?received=1`);
}

// ---------------------------------------------------------------- CSV

function csvResponse(csv: string, name: string): Response {
	return new Response(`\uFEFF${csv}\r\n`, {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': `attachment; filename="bezel-${name}-${todayIso()}.csv"`,
			'X-Content-Type-Options': 'nosniff',
			'Cache-Control': 'private, no-store'
		}
	});
}

export async function shipmentsCsvResponse(event: RequestEvent): Promise<Response> {
	const actor = requireActor(event);
	return csvResponse(await exportShipmentsCsv(actor, parseShipmentListQuery(event.url.searchParams)), 'shipments');
}

export async function receiptsCsvResponse(event: RequestEvent): Promise<Response> {
	const actor = requireActor(event);
	return csvResponse(await exportReceiptsCsv(actor, parseReceiptListQuery(event.url.searchParams)), 'receipts');
}
