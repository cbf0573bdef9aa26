import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/support/database.ts';
import {
	createInvoiceablePurchaseOrder,
	createPurchaseOrderDraft,
	createReconciliationDocument,
	createStaff,
	createVendorUser,
	createWorkshop
} from '../../../../tests/support/factories.ts';
import { error } from '../../../../tests/support/errors.ts';
import type { StaffActor, VendorActor } from '../auth/actor.ts';
import { auditEvent, purchaseOrder, purchaseOrderLine } from '../db/schema/index.ts';
import { asSystem } from '../db/scope.ts';
import { updateAgreedCharges } from './agreed-charges.ts';
import { getPoReconciliation, getVendorLiability, listVendorLiability, proRataMinor } from './service.ts';

useTestDatabase();
let admin: StaffActor;
let ops: StaffActor;
let finance: StaffActor;

beforeAll(async () => {
	[admin, ops, finance] = [await createStaff('admin'), await createStaff('ops'), await createStaff('finance')];
});

async function workshopWithUser(): Promise<{ vendorId: string; name: string; user: VendorActor }> {
	const { vendorId, name } = await createWorkshop(admin, { status: 'active' });
	return { vendorId, name, user: await createVendorUser(vendorId, name) };
}

const poVersion = async (poId: string) =>
	(await asSystem((tx) => tx.select({ version: purchaseOrder.version }).from(purchaseOrder).where(eq(purchaseOrder.id, poId))))[0].version;

describe('agreed charges', () => {
	it('lets ops agree an amount per kind (blank = not agreed, 0 = none), bumping the PO version, audited', async () => {
		const { vendorId } = await workshopWithUser();
		const { poId } = await createInvoiceablePurchaseOrder(ops, vendorId);
		const version = await poVersion(poId);
		const saved = await updateAgreedCharges(ops, poId, { freight: '1,250.50', insurance: '0', certificates: '', other: ' ', version });
		expect(saved).toEqual({ charges: { freight: 125_050, insurance: 0 }, version: version + 1 });
		expect(await poVersion(poId)).toBe(version + 1);
		const [po] = await asSystem((tx) => tx.select().from(purchaseOrder).where(eq(purchaseOrder.id, poId)));
		expect(po.agreedChargesMinor).toEqual({ freight: 125_050, insurance: 0 });
		const audit = await asSystem((tx) =>
			tx
				.select()
				.from(auditEvent)
				.where(and(eq(auditEvent.entityId, poId), eq(auditEvent.action, 'purchase_order.agreed_charges_updated')))
		);
		expect(audit).toHaveLength(1);
		expect(audit[0].summary).toMatch(/freight .*1,250\.50.*insurance/);
	});

	it('refuses a bad amount, a stale version, finance and workshops, changing nothing', async () => {
		const { vendorId, user } = await workshopWithUser();
		const { poId } = await createInvoiceablePurchaseOrder(ops, vendorId, { agreedChargesMinor: { freight: 500 } });
		const version = await poVersion(poId);
		const bad = await error(updateAgreedCharges(ops, poId, { freight: '12.345', insurance: 'ten', certificates: '', other: '', version }));
		expect(bad.code).toBe('Invalid');
		expect(Object.keys(bad.fields).sort()).toEqual(['freight', 'insurance']);
		expect((await error(updateAgreedCharges(ops, poId, { freight: '1', version: version - 1 }))).code).toBe('Conflict');
		expect((await error(updateAgreedCharges(finance, poId, { freight: '1', version }))).code).toBe('Forbidden');
		expect((await error(updateAgreedCharges(user, poId, { freight: '1', version }))).code).toBe('NotFound');
		const [po] = await asSystem((tx) => tx.select().from(purchaseOrder).where(eq(purchaseOrder.id, poId)));
		expect(po.agreedChargesMinor).toEqual({ freight: 500 });
		expect(po.version).toBe(version);
	});
});

describe('reconciliation of a PO', () => {
	let vendorId: string;
	let name: string;
	let user: VendorActor;
	let poId: string;
	let lineIds: string[];

	beforeAll(async () => {
		({ vendorId, name, user } = await workshopWithUser());
		// line 1: 12 pcs × 45.00 = 540.00; line 2: 20 pcs × 30.00 = 600.00 (THB)
		({ poId, lineIds } = await createInvoiceablePurchaseOrder(ops, vendorId, {
			agreedChargesMinor: { freight: 1_500 },
			facts: [
				{ received: 10, accepted: 6, rework: 2, returned: 1 },
				{ received: 20, accepted: 20 }
			]
		}));
		const paid = await createReconciliationDocument(vendorId, {
			status: 'paid',
			purchaseOrderId: poId,
			goods: [
				{ poLineId: lineIds[0], quantity: 5, unitPriceMinor: 4_500 },
				{ poLineId: lineIds[1], quantity: 10, unitPriceMinor: 3_000 }
			],
			charges: [{ charge: 'freight', amountMinor: 1_000 }]
		});
		await createReconciliationDocument(vendorId, {
			kind: 'credit_note',
			status: 'paid',
			creditsInvoiceId: paid.id,
			goods: [{ poLineId: lineIds[0], quantity: 1, unitPriceMinor: 4_500 }]
		});
		await createReconciliationDocument(vendorId, {
			status: 'approved',
			purchaseOrderId: poId,
			goods: [{ poLineId: lineIds[1], quantity: 10, unitPriceMinor: 3_000 }]
		});
		// another currency is never added to THB figures
		await createReconciliationDocument(vendorId, {
			status: 'paid',
			currency: 'USD',
			goods: [{ poLineId: lineIds[0], quantity: 1, unitPriceMinor: 100 }]
		});
		// what matching leaves on the lines: net invoiced
		await asSystem(async (tx) => {
			await tx.update(purchaseOrderLine).set({ invoicedQuantity: 4, invoicedMinor: 18_000 }).where(eq(purchaseOrderLine.id, lineIds[0]));
			await tx.update(purchaseOrderLine).set({ invoicedQuantity: 20, invoicedMinor: 60_000 }).where(eq(purchaseOrderLine.id, lineIds[1]));
		});
	});

	it('shows per line ordered, received, accepted, rework, returned, invoiced and paid net of paid credit notes, with totals', async () => {
		const r = await getPoReconciliation(ops, poId);
		expect(r.currency).toBe('THB');
		expect(r.lines.map(({ id: _id, sku: _s, description: _d, ...rest }) => rest)).toEqual([
			{
				lineNo: 1,
				cancelled: false,
				orderedQuantity: 12,
				orderedMinor: 54_000,
				receivedQuantity: 10,
				acceptedQuantity: 6,
				reworkQuantity: 2,
				returnedQuantity: 1,
				waitingForQcQuantity: 1,
				acceptedMinor: 27_000,
				invoicedQuantity: 4,
				invoicedMinor: 18_000,
				paidQuantity: 4,
				paidMinor: 18_000,
				acceptedNotInvoicedQuantity: 2,
				unpaidMinor: 0
			},
			{
				lineNo: 2,
				cancelled: false,
				orderedQuantity: 20,
				orderedMinor: 60_000,
				receivedQuantity: 20,
				acceptedQuantity: 20,
				reworkQuantity: 0,
				returnedQuantity: 0,
				waitingForQcQuantity: 0,
				acceptedMinor: 60_000,
				invoicedQuantity: 20,
				invoicedMinor: 60_000,
				paidQuantity: 10,
				paidMinor: 30_000,
				acceptedNotInvoicedQuantity: 0,
				unpaidMinor: 30_000
			}
		]);
		expect(r.totals).toMatchObject({
			orderedQuantity: 32,
			orderedMinor: 114_000,
			receivedQuantity: 30,
			acceptedQuantity: 26,
			acceptedMinor: 87_000,
			invoicedQuantity: 24,
			invoicedMinor: 78_000,
			paidQuantity: 14,
			paidMinor: 48_000,
			unpaidMinor: 30_000
		});
		expect(r.charges).toEqual([{ charge: 'freight', label: 'Freight', agreedMinor: 1_500, invoicedMinor: 1_000, paidMinor: 1_000 }]);
		expect(r.chargesForm).toMatchObject({ freight: '15.00', insurance: '', version: await poVersion(poId) });
		expect((await getPoReconciliation(finance, poId)).chargesForm).toBeNull();
	});

	it('shows the workshop the same figures on its own PO, and never another workshop’s (404)', async () => {
		const own = await getPoReconciliation(user, poId);
		expect(own.totals).toEqual((await getPoReconciliation(ops, poId)).totals);
		expect(own.chargesForm).toBeNull();

		const other = await workshopWithUser();
		expect((await error(getPoReconciliation(other.user, poId))).code).toBe('NotFound');
		// nor its own draft, never sent
		const { poId: draftId } = await createPurchaseOrderDraft(ops, vendorId);
		expect((await error(getPoReconciliation(user, draftId))).code).toBe('NotFound');
		expect((await error(getPoReconciliation(user, 'not-a-uuid'))).code).toBe('NotFound');
		expect(name).toBeTruthy();
	});

	it('adds up what is owed to the workshop by currency, what waits on each side, and the accrual', async () => {
		await createReconciliationDocument(vendorId, {
			status: 'exception',
			goods: [{ poLineId: lineIds[0], quantity: 1, unitPriceMinor: 5_000 }]
		});
		await createReconciliationDocument(vendorId, {
			status: 'exception',
			findingCode: 'qc_pending',
			goods: [{ poLineId: lineIds[0], quantity: 1, unitPriceMinor: 7_000 }]
		});
		await createReconciliationDocument(vendorId, { status: 'submitted', charges: [{ charge: 'other', amountMinor: 2_000 }] });
		await createReconciliationDocument(vendorId, { status: 'on_hold', charges: [{ charge: 'other', amountMinor: 1_000 }] });

		const liability = await getVendorLiability(finance, vendorId);
		const thb = liability.figures.find((f) => f.currency === 'THB')!;
		expect(thb).toMatchObject({
			openMinor: 30_000,
			openCount: 1,
			waitingOnWorkshopMinor: 5_000,
			waitingOnWorkshopCount: 1,
			waitingOnBrandMinor: 10_000,
			waitingOnBrandCount: 3,
			paidLast90Minor: 53_500
		});
		expect(liability.figures.find((f) => f.currency === 'USD')).toMatchObject({ openMinor: 0, paidLast90Minor: 100 });
		expect(liability.openInvoices).toHaveLength(5);
		expect(liability.openInvoices.filter((i) => i.waitingOnWorkshop)).toHaveLength(1);
		expect(liability.notInvoiced).toEqual([
			expect.objectContaining({ poId, receivedNotInvoiced: 6, acceptedNotInvoiced: 2, accruedMinor: 9_000, currency: 'THB' })
		]);

		const list = await listVendorLiability(ops, { q: name, sort: 'open', dir: 'desc' });
		expect(list.total).toBe(2);
		expect(list.rows[0]).toMatchObject({ vendorId, currency: 'THB', openMinor: 30_000 });
		const onlyOpen = await listVendorLiability(ops, { q: name, open: true });
		expect(onlyOpen.rows.map((r) => r.currency)).toEqual(['THB']);
		const user2 = await createVendorUser(vendorId, name);
		expect((await error(listVendorLiability(user2, {}))).code).toBe('NotFound');
	});

	it('values part of a line exactly, rounding half up', () => {
		expect(proRataMinor(100, 1, 3)).toBe(33);
		expect(proRataMinor(100, 2, 3)).toBe(67);
		expect(proRataMinor(5, 1, 2)).toBe(3);
		expect(proRataMinor(54_000, 0, 12)).toBe(0);
	});
});
