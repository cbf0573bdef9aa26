/**
 * The stored 4-way match on a real database: receiving and QC totals recounted on the PO line, an
 * invoice over the accepted quantity held with the words and the credit note that would release it,
 * the credit note releasing it, manual holds and approvals surviving a re-match, a re-match that
 * changes nothing touching nothing, and the tolerance a workshop override sets.
 */
import { randomUUID } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/support/database.ts';
import {
	createPurchaseOrderDraft,
	createStaff,
	createVendorUser,
	createWorkshop,
	isoDateIn,
	purchaseOrderLineForm
} from '../../../../tests/support/factories.ts';
import type { StaffActor, VendorActor } from '../auth/actor.ts';
import {
	payment,
	purchaseOrder,
	purchaseOrderLine,
	qcInspection,
	receipt,
	receiptLine,
	storedFile,
	vendor,
	vendorInvoice,
	vendorInvoiceLine
} from '../db/schema/index.ts';
import { asSystem, inScope } from '../db/scope.ts';
import { acknowledgePurchaseOrder, sendPurchaseOrder } from '../purchase-orders/service.ts';
import { refreshReceivingTotals } from '../receiving/totals.ts';
import { rematchAllVendors, rematchVendors } from './rematch.ts';

useTestDatabase();

let ops: StaffActor;
let shop: { vendorId: string; name: string; admin: VendorActor };

beforeAll(async () => {
	ops = await createStaff('ops');
	const w = await createWorkshop(ops);
	shop = { ...w, admin: await createVendorUser(w.vendorId, w.name) };
});

async function acknowledgedPo() {
	const { poId } = await createPurchaseOrderDraft(ops, shop.vendorId, {
		lines: [
			purchaseOrderLineForm({ quantity: 10, laborUnitPrice: '45.00' }),
			purchaseOrderLineForm({ sku: 'ER-2', quantity: 5, laborUnitPrice: '30.00' })
		]
	});
	await sendPurchaseOrder(ops, poId, { version: 1 });
	const lines = await asSystem((tx) =>
		tx.select().from(purchaseOrderLine).where(eq(purchaseOrderLine.purchaseOrderId, poId)).orderBy(asc(purchaseOrderLine.lineNo))
	);
	await acknowledgePurchaseOrder(shop.admin, poId, {
		revision: 1,
		lines: lines.map((l) => ({ lineId: l.id, answer: 'acknowledge' as const, promisedDate: isoDateIn(30) }))
	});
	return { poId, lines };
}

/** What receiving and QC would record: one receipt line and its completed inspection. */
async function receiveAndInspect(
	poId: string,
	poLineId: string,
	counts: { received: number; accepted: number; rework?: number; returned?: number; weightMg?: number | null }
) {
	await asSystem(async (tx) => {
		const [r] = await tx
			.insert(receipt)
			.values({ number: `RC-T-${randomUUID().slice(0, 8)}`, vendorId: shop.vendorId, purchaseOrderId: poId, receivedOn: isoDateIn(0) })
			.returning();
		const [line] = await tx
			.insert(receiptLine)
			.values({ receiptId: r.id, vendorId: shop.vendorId, purchaseOrderLineId: poLineId, quantity: counts.received })
			.returning();
		await tx.insert(qcInspection).values({
			receiptLineId: line.id,
			receiptId: r.id,
			vendorId: shop.vendorId,
			purchaseOrderLineId: poLineId,
			status: 'completed',
			lotSize: counts.received,
			sampleSize: counts.received,
			acceptedQuantity: counts.accepted,
			reworkQuantity: counts.rework ?? 0,
			returnedQuantity: counts.returned ?? 0,
			acceptedGrossWeightMg: counts.weightMg === undefined ? counts.accepted * 3250 : counts.weightMg,
			completedAt: new Date()
		});
		await refreshReceivingTotals(tx, [poLineId]);
	});
}

let documentCounter = 0;

/** An invoice or credit note as the invoice service stores it (one goods line, no metal). */
async function submitDocument(input: {
	kind?: 'invoice' | 'credit_note';
	poLineId: string;
	quantity: number;
	unitPriceMinor: number;
	credits?: string;
}) {
	return asSystem(async (tx) => {
		const [file] = await tx
			.insert(storedFile)
			.values({
				vendorId: shop.vendorId,
				key: `test/${randomUUID()}.pdf`,
				purpose: 'invoice',
				contentType: 'application/pdf',
				byteSize: 10,
				originalName: 'invoice.pdf',
				sha256: 'x'
			})
			.returning();
		const amount = input.quantity * input.unitPriceMinor;
		const number = `T-${++documentCounter}`;
		const [document] = await tx
			.insert(vendorInvoice)
			.values({
				vendorId: shop.vendorId,
				kind: input.kind ?? 'invoice',
				number,
				numberKey: `T${documentCounter}`,
				invoiceYear: 2026,
				invoiceDate: isoDateIn(0),
				currency: 'THB',
				creditsInvoiceId: input.credits ?? null,
				pdfFileId: file.id,
				goodsMinor: amount,
				totalMinor: amount,
				submittedAt: new Date(Date.now() + documentCounter)
			})
			.returning();
		await tx.insert(vendorInvoiceLine).values({
			invoiceId: document.id,
			vendorId: shop.vendorId,
			lineNo: 1,
			kind: 'goods',
			purchaseOrderLineId: input.poLineId,
			quantity: input.quantity,
			unitPriceMinor: input.unitPriceMinor,
			amountMinor: amount
		});
		return document.id;
	});
}

const invoiceRow = async (id: string) => (await asSystem((tx) => tx.select().from(vendorInvoice).where(eq(vendorInvoice.id, id))))[0];
const lineRow = async (id: string) => (await asSystem((tx) => tx.select().from(purchaseOrderLine).where(eq(purchaseOrderLine.id, id))))[0];
const rematch = () => asSystem((tx) => rematchVendors(tx, [shop.vendorId]));

describe('receiving totals', () => {
	it('counts received, accepted, rework and returned pieces on the PO line and moves the PO to partially received', async () => {
		const { poId, lines } = await acknowledgedPo();
		await receiveAndInspect(poId, lines[0].id, { received: 6, accepted: 4, rework: 1, returned: 1 });
		await receiveAndInspect(poId, lines[0].id, { received: 4, accepted: 4 });
		const line = await lineRow(lines[0].id);
		expect([line.receivedQuantity, line.acceptedQuantity, line.reworkQuantity, line.returnedQuantity]).toEqual([10, 8, 1, 1]);
		expect(line.acceptedGrossWeightMg).toBe(8 * 3250);
		const [po] = await asSystem((tx) => tx.select().from(purchaseOrder).where(eq(purchaseOrder.id, poId)));
		expect(po.status).toBe('partially_received');

		// the rework piece comes back and passes: not received twice, no longer in rework
		await asSystem(async (tx) => {
			const [r] = await tx
				.insert(receipt)
				.values({ number: `RC-T-${randomUUID().slice(0, 8)}`, vendorId: shop.vendorId, purchaseOrderId: poId, receivedOn: isoDateIn(0) })
				.returning();
			const [back] = await tx
				.insert(receiptLine)
				.values({ receiptId: r.id, vendorId: shop.vendorId, purchaseOrderLineId: lines[0].id, quantity: 1, reworkReturn: true })
				.returning();
			await tx.insert(qcInspection).values({
				receiptLineId: back.id,
				receiptId: r.id,
				vendorId: shop.vendorId,
				purchaseOrderLineId: lines[0].id,
				status: 'completed',
				lotSize: 1,
				sampleSize: 1,
				acceptedQuantity: 1,
				acceptedGrossWeightMg: null,
				completedAt: new Date()
			});
			await refreshReceivingTotals(tx, [lines[0].id]);
		});
		const after = await lineRow(lines[0].id);
		expect([after.receivedQuantity, after.acceptedQuantity, after.reworkQuantity]).toEqual([10, 9, 0]);
		// one accepted lot was not weighed: metal is never paid on a guess
		expect(after.acceptedGrossWeightMg).toBeNull();

		await receiveAndInspect(poId, lines[1].id, { received: 5, accepted: 5 });
		const [done] = await asSystem((tx) => tx.select().from(purchaseOrder).where(eq(purchaseOrder.id, poId)));
		expect(done.status).toBe('received');
	});
});

describe('re-matching stored invoices', () => {
	it('holds an invoice for a piece returned in QC, explains it, and releases it when the credit note arrives', async () => {
		const { poId, lines } = await acknowledgedPo();
		await receiveAndInspect(poId, lines[0].id, { received: 10, accepted: 9, returned: 1 });
		const invoiceId = await submitDocument({ poLineId: lines[0].id, quantity: 10, unitPriceMinor: 4500 });
		await rematch();

		const held = await invoiceRow(invoiceId);
		expect(held.matchStatus).toBe('exception');
		expect(held.status).toBe('exception');
		const finding = held.findings.find((f) => f.code === 'quantity_over_accepted');
		expect(finding?.text).toMatch(/1 (pc|piece)/);
		expect(finding?.fix).toMatch(/credit note/i);
		const suggested = held.suggestedCredit as { lines: { quantity: number; unitPriceMinor: number }[]; totalMinor: number };
		expect(suggested.totalMinor).toBe(4500);
		expect(suggested.lines[0]).toMatchObject({ quantity: 1, unitPriceMinor: 4500 });
		expect((await lineRow(lines[0].id)).invoicedQuantity).toBe(10);

		await submitDocument({ kind: 'credit_note', poLineId: lines[0].id, quantity: 1, unitPriceMinor: 4500, credits: invoiceId });
		await rematch();
		const released = await invoiceRow(invoiceId);
		expect(released.matchStatus).toBe('matched');
		expect(released.status).toBe('matched');
		expect(released.findings).toEqual([]);
		expect(released.suggestedCredit).toBeNull();
		expect(released.version).toBeGreaterThan(held.version);
		const line = await lineRow(lines[0].id);
		expect(line.invoicedQuantity).toBe(9);
		expect(line.invoicedMinor).toBe(9 * 4500);
	});

	it('changes nothing when nothing changed: versions stay where finance loaded them', async () => {
		const { poId, lines } = await acknowledgedPo();
		await receiveAndInspect(poId, lines[1].id, { received: 5, accepted: 5 });
		const invoiceId = await submitDocument({ poLineId: lines[1].id, quantity: 5, unitPriceMinor: 3000 });
		await rematch();
		const first = await invoiceRow(invoiceId);
		expect(first.status).toBe('matched');
		const summary = await rematch();
		expect(summary.changed).toBe(0);
		expect((await invoiceRow(invoiceId)).version).toBe(first.version);
	});

	it('keeps a manual hold and an approval whatever the match says', async () => {
		const { poId, lines } = await acknowledgedPo();
		await receiveAndInspect(poId, lines[1].id, { received: 5, accepted: 5 });
		const heldId = await submitDocument({ poLineId: lines[1].id, quantity: 2, unitPriceMinor: 3000 });
		const approvedId = await submitDocument({ poLineId: lines[1].id, quantity: 3, unitPriceMinor: 3000 });
		await asSystem(async (tx) => {
			await tx.update(vendorInvoice).set({ holdReason: 'Bank details being verified' }).where(eq(vendorInvoice.id, heldId));
			await tx.update(vendorInvoice).set({ approvedAt: new Date() }).where(eq(vendorInvoice.id, approvedId));
		});
		await rematch();
		expect((await invoiceRow(heldId)).status).toBe('on_hold');
		expect((await invoiceRow(heldId)).matchStatus).toBe('matched');
		expect((await invoiceRow(approvedId)).status).toBe('approved');
	});

	it('holds a price over the PO beyond the tolerance, and a workshop override moves the line', async () => {
		const { poId, lines } = await acknowledgedPo();
		await receiveAndInspect(poId, lines[1].id, { received: 5, accepted: 5 });
		// 30.00 per piece agreed; 30.40 is 1.33 % over: above the company's 1 %
		const invoiceId = await submitDocument({ poLineId: lines[1].id, quantity: 5, unitPriceMinor: 3040 });
		await rematch();
		const held = await invoiceRow(invoiceId);
		expect(held.findings.map((f) => f.code)).toContain('price_over_po');

		await asSystem((tx) =>
			tx.update(vendor).set({ priceTolerancePercentBp: 200, priceToleranceAbsoluteThousandths: 5_000 }).where(eq(vendor.id, shop.vendorId))
		);
		await rematch();
		expect((await invoiceRow(invoiceId)).findings.map((f) => f.code)).not.toContain('price_over_po');
		await asSystem((tx) =>
			tx.update(vendor).set({ priceTolerancePercentBp: null, priceToleranceAbsoluteThousandths: null }).where(eq(vendor.id, shop.vendorId))
		);
		await asSystem((tx) => rematchAllVendors(tx));
		expect((await invoiceRow(invoiceId)).findings.map((f) => f.code)).toContain('price_over_po');
	});

	it('leaves paid invoices as they were paid, and still warns of a new invoice that repeats a paid one', async () => {
		const { poId, lines } = await acknowledgedPo();
		await receiveAndInspect(poId, lines[1].id, { received: 5, accepted: 5 });
		const paidId = await submitDocument({ poLineId: lines[1].id, quantity: 2, unitPriceMinor: 3000 });
		await rematch();
		await asSystem(async (tx) => {
			const [p] = await tx
				.insert(payment)
				.values({
					number: `PAY-T-${randomUUID().slice(0, 6)}`,
					vendorId: shop.vendorId,
					status: 'paid',
					currency: 'THB',
					amountMinor: 6000,
					method: 'wire',
					scheduledOn: isoDateIn(0),
					paidOn: isoDateIn(0)
				})
				.returning();
			await tx.update(vendorInvoice).set({ paymentId: p.id, status: 'paid', approvedAt: new Date() }).where(eq(vendorInvoice.id, paidId));
		});
		const paid = await invoiceRow(paidId);

		// the same two pieces, the same day, under another number: paid twice unless someone looks
		const againId = await submitDocument({ poLineId: lines[1].id, quantity: 2, unitPriceMinor: 3000 });
		const summary = await rematch();
		const again = await invoiceRow(againId);
		expect(again.findings.map((f) => f.code)).toContain('possible_duplicate');
		expect(again.status).toBe('matched');
		const after = await invoiceRow(paidId);
		expect(after.version).toBe(paid.version);
		expect(after.status).toBe('paid');
		expect(summary.documents).toBeGreaterThan(0);
	});

	it('cannot be run by a workshop: match results are not theirs to write', async () => {
		const caught = await inScope({ kind: 'vendor', vendorId: shop.vendorId, userId: shop.admin.userId }, (tx) =>
			tx.execute(sql`update vendor_invoice set match_status = 'matched' where vendor_id = ${shop.vendorId}`)
		).then(
			() => undefined,
			(e: Error & { cause?: Error }) => `${e.message} ${e.cause?.message ?? ''}`
		);
		expect(caught).toMatch(/permission denied/);
	});
});
