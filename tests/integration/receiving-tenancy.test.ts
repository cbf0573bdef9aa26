/**
 * Shipments and receipts across workshops: workshop B never sees, announces against, corrects, cancels
 * or adds photos to workshop A's shipments, nor reads A's receipts — through the services (NotFound)
 * and, behind them, through row-level security: even a hand-written INSERT of a shipment line pointing
 * at A's PO line, under B's vendor role, is refused.
 */
import { asc, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.ts';
import { error } from '../support/errors.ts';
import {
	createPurchaseOrderDraft,
	createStaff,
	createVendorUser,
	createWorkshop,
	isoDateIn,
	makePng,
	purchaseOrderLineForm
} from '../support/factories.ts';
import type { StaffActor, VendorActor } from '../../src/lib/server/auth/actor.ts';
import {
	purchaseOrderLine,
	receipt,
	receiptLine,
	shipment,
	shipmentLine,
	shipmentPhoto,
	storedFile
} from '../../src/lib/server/db/schema/index.ts';
import { asSystem, inScope, type Tx } from '../../src/lib/server/db/scope.ts';
import { readFileForActor } from '../../src/lib/server/files/service.ts';
import { processJobPhotos } from '../../src/lib/server/production/photos.ts';
import { acknowledgePurchaseOrder, sendPurchaseOrder } from '../../src/lib/server/purchase-orders/service.ts';
import { exportShipmentsCsv, listShipments } from '../../src/lib/server/receiving/lists.ts';
import { getReceipt, receiveGoods } from '../../src/lib/server/receiving/receipts.ts';
import {
	addShipmentPhotos,
	announceShipment,
	cancelShipment,
	getShipment,
	listAnnounceablePurchaseOrders,
	updateShipment
} from '../../src/lib/server/receiving/shipments.ts';

useTestDatabase();

interface Tenant {
	vendorId: string;
	name: string;
	admin: VendorActor;
	poId: string;
	poNumber: string;
	lineId: string;
	shipmentId: string;
	shipmentNumber: string;
	receiptId: string;
	photoFileId: string;
}

let ops: StaffActor;
let a: Tenant;
let b: Tenant;
const today = new Date().toISOString().slice(0, 10);

const announceInput = (lineId: string, quantity = '2') => ({
	carrier: 'ups',
	otherCarrier: '',
	trackingNumber: '1Z999',
	shippedOn: today,
	declaredValue: '100.00',
	notes: '',
	lines: [{ purchaseOrderLineId: lineId, quantity }]
});

async function photos() {
	return processJobPhotos([new File([Buffer.from(await makePng(40, 30))], 'box.png', { type: 'image/png' })]);
}

async function tenant(): Promise<Tenant> {
	const workshop = await createWorkshop(ops);
	const admin = await createVendorUser(workshop.vendorId, workshop.name);
	const draft = await createPurchaseOrderDraft(ops, workshop.vendorId, { lines: [purchaseOrderLineForm({ quantity: 10 })] });
	await sendPurchaseOrder(ops, draft.poId, { version: 1 });
	const [line] = await asSystem((tx) =>
		tx.select().from(purchaseOrderLine).where(eq(purchaseOrderLine.purchaseOrderId, draft.poId)).orderBy(asc(purchaseOrderLine.lineNo))
	);
	await acknowledgePurchaseOrder(admin, draft.poId, {
		revision: 1,
		lines: [{ lineId: line.id, answer: 'acknowledge', promisedDate: isoDateIn(30) }]
	});
	const { shipmentId, number } = await announceShipment(admin, announceInput(line.id, '3'), { packing: await photos() });
	const { receiptId } = await receiveGoods(ops, {
		purchaseOrderId: draft.poId,
		receivedOn: today,
		lines: [{ purchaseOrderLineId: line.id, quantity: '1' }]
	});
	const [photo] = await asSystem((tx) => tx.select().from(shipmentPhoto).where(eq(shipmentPhoto.shipmentId, shipmentId)));
	return {
		...workshop,
		admin,
		poId: draft.poId,
		poNumber: draft.number,
		lineId: line.id,
		shipmentId,
		shipmentNumber: number,
		receiptId,
		photoFileId: photo.fileId
	};
}

const asVendor = <T>(t: Tenant, work: (tx: Tx) => Promise<T>) =>
	inScope({ kind: 'vendor', vendorId: t.vendorId, userId: t.admin.userId }, work);

/** The database's refusal, with drizzle's wrapper unwrapped; '' when the statement went through. */
async function refusal(attempt: Promise<unknown>): Promise<string> {
	return attempt.then(
		() => '',
		(e: Error & { cause?: Error }) => `${e.message} ${e.cause?.message ?? ''}`
	);
}

beforeAll(async () => {
	ops = await createStaff('ops');
	a = await tenant();
	b = await tenant();
});

describe('through the services', () => {
	it('B cannot read, change, cancel or add photos to A’s shipment', async () => {
		expect((await error(getShipment(b.admin, a.shipmentId))).code).toBe('NotFound');
		expect((await error(updateShipment(b.admin, a.shipmentId, { ...announceInput(a.lineId), version: 1 }))).code).toBe('NotFound');
		expect((await error(cancelShipment(b.admin, a.shipmentId, {}))).code).toBe('NotFound');
		expect((await error(addShipmentPhotos(b.admin, a.shipmentId, 'qc', await photos()))).code).toBe('NotFound');
		expect((await error(readFileForActor(b.admin, a.photoFileId))).code).toBe('NotFound');
		const [still] = await asSystem((tx) => tx.select().from(shipment).where(eq(shipment.id, a.shipmentId)));
		expect(still).toMatchObject({ status: 'announced', version: 1 });
		expect((await asSystem((tx) => tx.select().from(shipmentPhoto).where(eq(shipmentPhoto.shipmentId, a.shipmentId)))).length).toBe(1);
	});

	it('B cannot announce against A’s PO line, and never sees A’s POs or shipments in its lists', async () => {
		const refused = await error(announceShipment(b.admin, announceInput(a.lineId)));
		expect(refused.fields['lines[0].quantity']).toContain('not one of your open POs');
		expect((await asSystem((tx) => tx.select().from(shipmentLine).where(eq(shipmentLine.purchaseOrderLineId, a.lineId)))).length).toBe(1);
		expect((await listAnnounceablePurchaseOrders(b.admin)).map((po) => po.id)).toEqual([b.poId]);
		const list = await listShipments(b.admin, { page: 1, vendor: a.vendorId, from: '', to: '' });
		expect(list.rows.map((r) => r.id)).toEqual([b.shipmentId]);
		const search = await listShipments(b.admin, { page: 1, q: a.shipmentNumber, from: '', to: '' });
		expect(search.total).toBe(0);
		expect(await exportShipmentsCsv(b.admin, { page: 1, from: '', to: '' })).not.toContain(a.shipmentNumber);
	});

	it('B cannot read A’s receipts; A can read its own', async () => {
		expect((await error(getReceipt(b.admin, a.receiptId))).code).toBe('NotFound');
		expect((await getReceipt(a.admin, a.receiptId)).lines).toHaveLength(1);
		expect((await error(receiveGoods(b.admin, { purchaseOrderId: a.poId, receivedOn: today, lines: [] }))).code).toBe('NotFound');
	});
});

describe('underneath, through row-level security', () => {
	it('B’s role reads none of A’s shipments, lines, photos or receipts', async () => {
		const seen = await asVendor(b, async (tx) => ({
			shipments: await tx.select().from(shipment).where(eq(shipment.id, a.shipmentId)),
			lines: await tx.select().from(shipmentLine).where(eq(shipmentLine.shipmentId, a.shipmentId)),
			photos: await tx.select().from(shipmentPhoto).where(eq(shipmentPhoto.shipmentId, a.shipmentId)),
			receipts: await tx.select().from(receipt).where(eq(receipt.id, a.receiptId)),
			receiptLines: await tx.select().from(receiptLine).where(eq(receiptLine.receiptId, a.receiptId))
		}));
		expect(seen).toEqual({ shipments: [], lines: [], photos: [], receipts: [], receiptLines: [] });
	});

	it('B’s role cannot insert a shipment line on A’s PO line, even inside its own shipment', async () => {
		const attempt = asVendor(b, (tx) =>
			tx
				.insert(shipmentLine)
				.values({ shipmentId: b.shipmentId, vendorId: b.vendorId, purchaseOrderId: a.poId, purchaseOrderLineId: a.lineId, quantity: 1 })
		);
		expect(await refusal(attempt)).toMatch(/row-level security/);
		const posing = asVendor(b, (tx) =>
			tx
				.insert(shipmentLine)
				.values({ shipmentId: a.shipmentId, vendorId: a.vendorId, purchaseOrderId: a.poId, purchaseOrderLineId: a.lineId, quantity: 1 })
		);
		expect(await refusal(posing)).toMatch(/row-level security/);
		expect((await asSystem((tx) => tx.select().from(shipmentLine).where(eq(shipmentLine.purchaseOrderLineId, a.lineId)))).length).toBe(1);
	});

	it('B’s role cannot attach a photo to A’s shipment, cancel it or write a receipt', async () => {
		const [file] = await asSystem((tx) => tx.select().from(storedFile).where(eq(storedFile.vendorId, b.vendorId)).limit(1));
		const photo = asVendor(b, (tx) =>
			tx
				.insert(shipmentPhoto)
				.values({ shipmentId: a.shipmentId, vendorId: b.vendorId, kind: 'qc', fileId: file.id, thumbnailFileId: file.id })
		);
		expect(await refusal(photo)).toMatch(/row-level security/);
		const cancelled = await asVendor(b, (tx) =>
			tx.update(shipment).set({ status: 'cancelled' }).where(eq(shipment.id, a.shipmentId)).returning({ id: shipment.id })
		);
		expect(cancelled).toEqual([]);
		const forged = asVendor(b, (tx) =>
			tx.execute(
				sql`insert into receipt (number, vendor_id, purchase_order_id, received_on) values ('RC-FAKE', ${b.vendorId}, ${b.poId}, current_date)`
			)
		);
		expect(await refusal(forged)).toMatch(/permission denied/);
	});
});
