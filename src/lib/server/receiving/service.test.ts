/**
 * Shipments and receipts against a real database: announcing within what is left to ship, corrections
 * and cancellation, receiving partially then the rest (PO statuses follow), the over-receipt allowance
 * at its boundary, an admin's override with a reason, the market metal price, rework returns, and bad
 * input that changes nothing.
 */
import { asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/support/database.ts';
import { error } from '../../../../tests/support/errors.ts';
import {
	createPurchaseOrderDraft,
	createStaff,
	createVendorUser,
	createWorkshop,
	isoDateIn,
	mailsTo,
	makePng,
	purchaseOrderLineForm
} from '../../../../tests/support/factories.ts';
import { todayIso } from '#lib/domain/receiving/schemas.ts';
import type { StaffActor, VendorActor } from '../auth/actor.ts';
import {
	auditEvent,
	brandSettings,
	outboxMessage,
	purchaseOrder,
	purchaseOrderLine,
	qcInspection,
	receipt,
	receiptLine,
	shipment,
	shipmentLine
} from '../db/schema/index.ts';
import { asSystem } from '../db/scope.ts';
import { processJobPhotos } from '../production/photos.ts';
import { acknowledgePurchaseOrder, sendPurchaseOrder } from '../purchase-orders/service.ts';
import { exportReceiptsCsv, exportShipmentsCsv, listReceipts, listShipments } from './lists.ts';
import { getReceipt, getReceiveStart, receiveGoods } from './receipts.ts';
import {
	addShipmentPhotos,
	announceShipment,
	cancelShipment,
	getShipment,
	listAnnounceablePurchaseOrders,
	updateShipment
} from './shipments.ts';

useTestDatabase();

let ops: StaffActor;
let admin: StaffActor;
let shop: { vendorId: string; name: string; admin: VendorActor };
const today = todayIso();

async function acknowledgedPo(lines: Parameters<typeof purchaseOrderLineForm>[0][] = [{}]) {
	const draft = await createPurchaseOrderDraft(ops, shop.vendorId, { lines: lines.map((l) => purchaseOrderLineForm(l)) });
	await sendPurchaseOrder(ops, draft.poId, { version: 1 });
	const poLines = await linesOf(draft.poId);
	await acknowledgePurchaseOrder(shop.admin, draft.poId, {
		revision: 1,
		lines: poLines.map((l) => ({ lineId: l.id, answer: 'acknowledge' as const, promisedDate: isoDateIn(40) }))
	});
	return { poId: draft.poId, number: draft.number, lines: await linesOf(draft.poId) };
}

const linesOf = (poId: string) =>
	asSystem((tx) =>
		tx.select().from(purchaseOrderLine).where(eq(purchaseOrderLine.purchaseOrderId, poId)).orderBy(asc(purchaseOrderLine.lineNo))
	);
const poStatus = async (poId: string) =>
	(await asSystem((tx) => tx.select({ status: purchaseOrder.status }).from(purchaseOrder).where(eq(purchaseOrder.id, poId))))[0].status;
const countRows = async () =>
	asSystem(async (tx) => ({
		shipments: (await tx.select().from(shipment)).length,
		shipmentLines: (await tx.select().from(shipmentLine)).length,
		receipts: (await tx.select().from(receipt)).length,
		receiptLines: (await tx.select().from(receiptLine)).length,
		inspections: (await tx.select().from(qcInspection)).length,
		outbox: (await tx.select().from(outboxMessage)).length,
		audit: (await tx.select().from(auditEvent)).length
	}));

const announceInput = (lines: { purchaseOrderLineId: string; quantity: string }[], changes: Record<string, string> = {}) => ({
	carrier: 'fedex',
	otherCarrier: '',
	trackingNumber: '7712 3456 7890',
	shippedOn: today,
	declaredValue: '12,500.50',
	notes: '',
	lines,
	...changes
});

type LineIn = {
	purchaseOrderLineId: string;
	quantity: string;
	reworkReturn?: boolean;
	weightBasis?: 'per_piece' | 'lot';
	weight?: string;
	stoneCount?: string;
	overReceiptReason?: string;
	marketPrice?: string;
};
const receiveInput = (poId: string, lines: LineIn[], changes: { shipmentId?: string; receivedOn?: string } = {}) => ({
	purchaseOrderId: poId,
	shipmentId: changes.shipmentId ?? '',
	receivedOn: changes.receivedOn ?? today,
	notes: '',
	lines
});

async function photos(count = 1) {
	const files = await Promise.all(
		Array.from(
			{ length: count },
			async (_, i) => new File([Buffer.from(await makePng(64, 48))], `parcel-${i + 1}.png`, { type: 'image/png' })
		)
	);
	return processJobPhotos(files);
}

beforeAll(async () => {
	ops = await createStaff('ops');
	admin = await createStaff('admin');
	const workshop = await createWorkshop(ops);
	shop = { ...workshop, admin: await createVendorUser(workshop.vendorId, workshop.name) };
});

describe('announcing a shipment', () => {
	it('announces pieces with photos, numbers it, mails the brand and shows what is left', async () => {
		const po = await acknowledgedPo([{ quantity: 12 }, { sku: 'ER-2', quantity: 20 }]);
		const options = await listAnnounceablePurchaseOrders(shop.admin);
		expect(options.find((o) => o.id === po.poId)?.lines.map((l) => l.remaining)).toEqual([12, 20]);

		const { shipmentId, number } = await announceShipment(
			shop.admin,
			announceInput([
				{ purchaseOrderLineId: po.lines[0].id, quantity: '5' },
				{ purchaseOrderLineId: po.lines[1].id, quantity: '' }
			]),
			{ packing: await photos(1), qc: await photos(2) }
		);
		expect(number).toMatch(/^SH-\d{4}-\d{4}$/);
		const view = await getShipment(shop.admin, shipmentId);
		expect(view.shipment).toMatchObject({ status: 'announced', carrier: 'fedex', declaredValueMinor: 1_250_050, currency: 'THB' });
		expect(view.shipment.trackingUrl).toBe('https://www.fedex.com/fedextrack/?trknbr=771234567890');
		expect(view.lines).toHaveLength(1);
		expect(view.photos.map((p) => p.kind).sort()).toEqual(['packing', 'qc', 'qc']);
		const brandMail = await asSystem((tx) => tx.select().from(outboxMessage).where(eq(outboxMessage.topic, 'shipment-announced')));
		expect(brandMail.some((m) => m.subject.includes(number))).toBe(true);

		// the announced pieces are no longer free to announce
		const again = await error(announceShipment(shop.admin, announceInput([{ purchaseOrderLineId: po.lines[0].id, quantity: '8' }])));
		expect(again.code).toBe('Invalid');
		expect(again.fields['lines[0].quantity']).toBe(
			`${po.number} line 1 (RG-1001): at most 7 pieces can be announced (12 ordered, 0 received, 5 already announced); you entered 8.`
		);
	});

	it('refuses bad input line by line and changes nothing', async () => {
		const po = await acknowledgedPo([{ quantity: 4 }]);
		const before = await countRows();
		const refused = await error(
			announceShipment(
				shop.admin,
				announceInput([{ purchaseOrderLineId: po.lines[0].id, quantity: '2.5' }], {
					carrier: 'ups',
					trackingNumber: '',
					declaredValue: '10.123'
				})
			)
		);
		expect(refused.fields).toMatchObject({
			'lines[0].quantity': 'Enter whole pieces, like 12.',
			trackingNumber: expect.stringContaining('tracking number'),
			declaredValue: 'THB amounts have at most 2 decimals.'
		});
		expect(
			(await error(announceShipment(shop.admin, announceInput([{ purchaseOrderLineId: po.lines[0].id, quantity: '' }])))).message
		).toBe('Enter how many pieces you sent on at least one line.');
		expect(await countRows()).toEqual(before);
	});

	it('refuses POs that are not open and cancelled lines', async () => {
		const draft = await createPurchaseOrderDraft(ops, shop.vendorId, { lines: [purchaseOrderLineForm()] });
		await sendPurchaseOrder(ops, draft.poId, { version: 1 });
		const [line] = await linesOf(draft.poId);
		const refused = await error(announceShipment(shop.admin, announceInput([{ purchaseOrderLineId: line.id, quantity: '1' }])));
		expect(refused.fields['lines[0].quantity']).toContain('not acknowledged by the workshop yet');

		const po = await acknowledgedPo([{}, { sku: 'X-2' }]);
		await asSystem((tx) => tx.update(purchaseOrderLine).set({ cancelled: true }).where(eq(purchaseOrderLine.id, po.lines[1].id)));
		const cancelled = await error(announceShipment(shop.admin, announceInput([{ purchaseOrderLineId: po.lines[1].id, quantity: '1' }])));
		expect(cancelled.fields['lines[0].quantity']).toContain('is cancelled');
	});

	it('corrects and cancels while announced, not afterwards', async () => {
		const po = await acknowledgedPo([{ quantity: 6 }]);
		const { shipmentId } = await announceShipment(shop.admin, announceInput([{ purchaseOrderLineId: po.lines[0].id, quantity: '6' }]));
		await updateShipment(shop.admin, shipmentId, {
			...announceInput([]),
			carrier: 'other',
			otherCarrier: 'Bangkok Express Co',
			trackingNumber: 'BX-1',
			version: 1
		});
		let view = await getShipment(shop.admin, shipmentId);
		expect(view.shipment).toMatchObject({
			carrier: 'Bangkok Express Co',
			carrierLabel: 'Bangkok Express Co',
			trackingUrl: null,
			version: 2
		});
		const stale = await error(updateShipment(shop.admin, shipmentId, { ...announceInput([]), version: 1 }));
		expect(stale.code).toBe('Conflict');
		await addShipmentPhotos(shop.admin, shipmentId, 'packing', await photos(1));
		expect(await cancelShipment(shop.admin, shipmentId, { version: 2 })).toEqual({ alreadyDone: false });
		expect(await cancelShipment(shop.admin, shipmentId, {})).toEqual({ alreadyDone: true });
		view = await getShipment(shop.admin, shipmentId);
		expect(view.shipment.status).toBe('cancelled');
		expect((await error(addShipmentPhotos(shop.admin, shipmentId, 'qc', await photos(1)))).code).toBe('Conflict');
		// cancelled pieces are free to announce again
		expect((await listAnnounceablePurchaseOrders(shop.admin)).find((o) => o.id === po.poId)?.lines[0].remaining).toBe(6);
	});

	it('lists and exports the workshop’s shipments with filters', async () => {
		const po = await acknowledgedPo([{ quantity: 3 }]);
		const { number } = await announceShipment(
			shop.admin,
			announceInput([{ purchaseOrderLineId: po.lines[0].id, quantity: '3' }], { trackingNumber: 'FINDME-42' })
		);
		const found = await listShipments(shop.admin, { q: 'findme', page: 1, from: '', to: '' });
		expect(found.rows.map((r) => r.number)).toEqual([number]);
		const byPo = await listShipments(shop.admin, { q: po.number, page: 1, from: '', to: '' });
		expect(byPo.rows.map((r) => r.number)).toEqual([number]);
		const cancelled = await listShipments(shop.admin, { status: 'cancelled', page: 1, from: '', to: '' });
		expect(cancelled.rows.every((r) => r.status === 'cancelled')).toBe(true);
		const csv = await exportShipmentsCsv(shop.admin, { q: 'FINDME', page: 1, from: '', to: '' });
		expect(csv.split('\n')[0]).toContain('Tracking page');
		expect(csv).toContain(number);
	});
});

describe('receiving goods', () => {
	it('receives part, then the rest against the shipment; PO statuses, inspections and mail follow', async () => {
		const po = await acknowledgedPo([{ quantity: 12 }, { sku: 'ER-2', quantity: 20 }]);
		const first = await receiveGoods(
			ops,
			receiveInput(po.poId, [
				{ purchaseOrderLineId: po.lines[0].id, quantity: '5', weightBasis: 'per_piece', weight: '3.125', stoneCount: '5' },
				{ purchaseOrderLineId: po.lines[1].id, quantity: '' }
			]),
			await photos(1)
		);
		expect(first.number).toMatch(/^RC-\d{4}-\d{4}$/);
		expect(await poStatus(po.poId)).toBe('partially_received');
		const view = await getReceipt(ops, first.receiptId);
		expect(view.lines).toHaveLength(1);
		expect(view.lines[0]).toMatchObject({ quantity: 5, grossWeightMg: 15_625, stoneCount: 5, weightBasis: 'per_piece' });
		expect(view.lines[0].inspection).toMatchObject({ status: 'pending', sampleSize: 5 });
		expect(view.photos).toHaveLength(1);
		expect((await mailsTo(shop.admin.email, 'receipt-recorded')).length).toBe(1);
		expect((await linesOf(po.poId))[0].receivedQuantity).toBe(5);

		const { shipmentId } = await announceShipment(
			shop.admin,
			announceInput([
				{ purchaseOrderLineId: po.lines[0].id, quantity: '7' },
				{ purchaseOrderLineId: po.lines[1].id, quantity: '20' }
			])
		);
		const start = await getReceiveStart(ops, { shipmentId });
		expect(start.po.id).toBe(po.poId);
		expect(start.lines.map((l) => l.announced)).toEqual([7, 20]);
		await receiveGoods(
			ops,
			receiveInput(
				po.poId,
				[
					{ purchaseOrderLineId: po.lines[0].id, quantity: '7', weight: '21.9' },
					{ purchaseOrderLineId: po.lines[1].id, quantity: '20' }
				],
				{ shipmentId }
			)
		);
		expect(await poStatus(po.poId)).toBe('received');
		const shipped = await getShipment(shop.admin, shipmentId);
		expect(shipped.shipment.status).toBe('received');
		expect(shipped.lines.map((l) => l.receivedHere)).toEqual([7, 20]);
		expect(shipped.receipts).toHaveLength(1);

		const list = await listReceipts(ops, { q: po.number, page: 1, from: '', to: '' });
		expect(list.total).toBe(2);
		expect(list.rows.every((r) => r.pending)).toBe(true);
		expect(await exportReceiptsCsv(ops, { q: po.number, page: 1, from: '', to: '' })).toContain('Inspection pending');
	});

	it('allows the over-receipt allowance and not one piece more for ops; an admin with a reason', async () => {
		await asSystem((tx) => tx.update(brandSettings).set({ overReceiptAllowanceBp: 500 }));
		const po = await acknowledgedPo([{ quantity: 20 }]);
		const line = po.lines[0];
		const before = await countRows();
		const over = await error(receiveGoods(ops, receiveInput(po.poId, [{ purchaseOrderLineId: line.id, quantity: '22' }])));
		expect(over.fields['lines[0].quantity']).toBe(
			'Line 1 (RG-1001): at most 21 pieces can be received (20 ordered, 0 already received, 1 extra allowed). Only an admin can receive more, with a reason; ask an admin to record this receipt.'
		);
		expect(await countRows()).toEqual(before);
		await receiveGoods(ops, receiveInput(po.poId, [{ purchaseOrderLineId: line.id, quantity: '21' }]));
		expect((await linesOf(po.poId))[0].receivedQuantity).toBe(21);

		const noReason = await error(receiveGoods(admin, receiveInput(po.poId, [{ purchaseOrderLineId: line.id, quantity: '2' }])));
		expect(noReason.fields['lines[0].overReceiptReason']).toContain('Give the reason');
		const { receiptId } = await receiveGoods(
			admin,
			receiveInput(po.poId, [{ purchaseOrderLineId: line.id, quantity: '2', overReceiptReason: 'Two spares agreed by phone' }])
		);
		expect((await getReceipt(admin, receiptId)).lines[0].overReceiptReason).toBe('Two spares agreed by phone');
		expect((await linesOf(po.poId))[0].receivedQuantity).toBe(23);
	});

	it('requires the market metal price once, on the delivery date', async () => {
		const po = await acknowledgedPo([{ quantity: 4, metalBasis: 'market', metalPricePerGram: '60.00' }]);
		const line = po.lines[0];
		const missing = await error(receiveGoods(ops, receiveInput(po.poId, [{ purchaseOrderLineId: line.id, quantity: '2' }])));
		expect(missing.fields['lines[0].marketPrice']).toContain('market price on the delivery date');
		await receiveGoods(ops, receiveInput(po.poId, [{ purchaseOrderLineId: line.id, quantity: '2', marketPrice: '65.20' }]));
		const [after] = await linesOf(po.poId);
		expect(after).toMatchObject({ marketMetalPricePerGramMinor: 6520, marketPriceOn: today });
		// set once: the next delivery needs no price
		await receiveGoods(ops, receiveInput(po.poId, [{ purchaseOrderLineId: line.id, quantity: '2' }]));
		expect(await poStatus(po.poId)).toBe('received');
	});

	it('takes back from rework only what is in rework', async () => {
		const po = await acknowledgedPo([{ quantity: 6 }]);
		const line = po.lines[0];
		const none = await error(
			receiveGoods(ops, receiveInput(po.poId, [{ purchaseOrderLineId: line.id, quantity: '1', reworkReturn: true }]))
		);
		expect(none.fields['lines[0].quantity']).toContain('no pieces are in rework');
		await receiveGoods(ops, receiveInput(po.poId, [{ purchaseOrderLineId: line.id, quantity: '6' }]));
		// QC sent two pieces back to the workshop
		await asSystem(async (tx) => {
			await tx
				.update(qcInspection)
				.set({ status: 'completed', acceptedQuantity: 4, reworkQuantity: 2, completedAt: new Date() })
				.where(eq(qcInspection.purchaseOrderLineId, line.id));
			const { refreshReceivingTotals } = await import('./totals.ts');
			await refreshReceivingTotals(tx, [line.id]);
		});
		const tooMany = await error(
			receiveGoods(ops, receiveInput(po.poId, [{ purchaseOrderLineId: line.id, quantity: '3', reworkReturn: true }]))
		);
		expect(tooMany.fields['lines[0].quantity']).toBe('Line 1 (RG-1001): only 2 pieces are in rework; you entered 3 back from rework.');
		const { receiptId } = await receiveGoods(
			ops,
			receiveInput(po.poId, [{ purchaseOrderLineId: line.id, quantity: '2', reworkReturn: true }])
		);
		expect((await getReceipt(ops, receiptId)).lines[0]).toMatchObject({
			reworkReturn: true,
			quantity: 2,
			inspection: { status: 'pending', sampleSize: 2 }
		});
		const [after] = await linesOf(po.poId);
		expect(after).toMatchObject({ receivedQuantity: 6, reworkQuantity: 0 });
	});

	it('refuses POs that cannot be received and bad lines, changing nothing', async () => {
		const draft = await createPurchaseOrderDraft(ops, shop.vendorId, { lines: [purchaseOrderLineForm()] });
		const [line] = await linesOf(draft.poId);
		const before = await countRows();
		const refused = await error(receiveGoods(ops, receiveInput(draft.poId, [{ purchaseOrderLineId: line.id, quantity: '1' }])));
		expect(refused.code).toBe('Conflict');
		expect(refused.message).toContain('still a draft');

		const po = await acknowledgedPo([{ quantity: 3 }, { sku: 'B-2', quantity: 3 }]);
		const mid = await countRows();
		const bad = await error(
			receiveGoods(
				ops,
				receiveInput(po.poId, [
					{ purchaseOrderLineId: po.lines[0].id, quantity: '2', weight: '3.1234' },
					{ purchaseOrderLineId: po.lines[1].id, quantity: 'two' }
				]),
				await photos(1)
			)
		);
		expect(Object.keys(bad.fields).sort()).toEqual(['lines[0].weight', 'lines[1].quantity']);
		expect(await countRows()).toEqual(mid);
		expect(before.receipts).toBe(mid.receipts);
		expect((await error(receiveGoods(shop.admin, receiveInput(po.poId, [])))).code).toBe('NotFound');
		const finance = await createStaff('finance');
		expect((await error(receiveGoods(finance, receiveInput(po.poId, [])))).code).toBe('Forbidden');
	});
});
