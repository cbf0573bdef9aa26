/**
 * Payments across workshops: a workshop reads its own payment and remittance advice, never another
 * workshop's — not through the finance services (staff only: NotFound), not through the file route's
 * service, and not through row-level security on the payment and invoice tables.
 */
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.ts';
import { error } from '../support/errors.ts';
import { createFinanceDocument, createStaff, createVendorUser, createWorkshop, isoDateIn } from '../support/factories.ts';
import type { VendorActor } from '../../src/lib/server/auth/actor.ts';
import { payment, storedFile, vendorInvoice } from '../../src/lib/server/db/schema/index.ts';
import { inScope } from '../../src/lib/server/db/scope.ts';
import { readFileForActor } from '../../src/lib/server/files/service.ts';
import {
	approveInvoice,
	cancelPayment,
	getFinanceInvoice,
	getPayment,
	holdInvoice,
	listPayments,
	recordPaymentPaid,
	schedulePayment
} from '../../src/lib/server/finance/service.ts';
import { paymentListQuerySchema } from '../../src/lib/domain/finance/schemas.ts';

useTestDatabase();

interface Tenant {
	vendorId: string;
	user: VendorActor;
	invoiceId: string;
	paymentId: string;
	remittanceFileId: string;
}

let a: Tenant;
let b: Tenant;

async function makeTenant(label: string): Promise<Tenant> {
	const admin = await createStaff('admin');
	const workshop = await createWorkshop(admin, { name: `Finance ${label} ${Math.random().toString(36).slice(2, 6)}`, currency: 'USD' });
	const user = await createVendorUser(workshop.vendorId, workshop.name);
	const invoice = await createFinanceDocument(workshop.vendorId, { approved: true, totalMinor: 42_000 });
	const { paymentId } = await schedulePayment(admin, { invoiceIds: [invoice.id], method: 'wire', scheduledOn: isoDateIn(0) });
	const { remittanceFileId } = await recordPaymentPaid(admin, paymentId, { paidOn: isoDateIn(0), reference: `REF-${label}` });
	return { vendorId: workshop.vendorId, user, invoiceId: invoice.id, paymentId, remittanceFileId };
}

beforeAll(async () => {
	a = await makeTenant('A');
	b = await makeTenant('B');
});

describe('another workshop’s payment', () => {
	it('cannot be read through the finance services (staff only: NotFound)', async () => {
		for (const attempt of [
			() => getPayment(b.user, a.paymentId),
			() => getFinanceInvoice(b.user, a.invoiceId),
			() => listPayments(b.user, paymentListQuerySchema.parse({})),
			() => approveInvoice(b.user, a.invoiceId, { version: 1 }),
			() => holdInvoice(b.user, a.invoiceId, { version: 1, reason: 'Planted' }),
			() => cancelPayment(b.user, a.paymentId, { reason: 'Planted' }),
			() => recordPaymentPaid(b.user, a.paymentId, { paidOn: isoDateIn(0), reference: 'Planted' })
		]) {
			expect((await error(attempt())).code).toBe('NotFound');
		}
	});

	it('cannot download its remittance advice; its own it can', async () => {
		expect((await error(readFileForActor(b.user, a.remittanceFileId))).code).toBe('NotFound');
		expect((await readFileForActor(a.user, a.remittanceFileId)).contentType).toBe('application/pdf');
		expect((await readFileForActor(b.user, b.remittanceFileId)).contentType).toBe('application/pdf');
	});

	it('is invisible under row-level security; its own payment is visible', async () => {
		const scope = { kind: 'vendor' as const, vendorId: b.vendorId, userId: b.user.userId };
		const seen = await inScope(scope, async (tx) => ({
			foreignPayment: await tx.select().from(payment).where(eq(payment.id, a.paymentId)),
			foreignInvoice: await tx.select({ id: vendorInvoice.id }).from(vendorInvoice).where(eq(vendorInvoice.id, a.invoiceId)),
			foreignFile: await tx.select({ id: storedFile.id }).from(storedFile).where(eq(storedFile.id, a.remittanceFileId)),
			ownPayment: await tx.select().from(payment).where(eq(payment.id, b.paymentId))
		}));
		expect(seen.foreignPayment).toHaveLength(0);
		expect(seen.foreignInvoice).toHaveLength(0);
		expect(seen.foreignFile).toHaveLength(0);
		expect(seen.ownPayment).toHaveLength(1);
		expect(seen.ownPayment[0]).toMatchObject({ status: 'paid', reference: 'REF-B', remittanceFileId: b.remittanceFileId });
	});

	it('cannot be changed under row-level security', async () => {
		const scope = { kind: 'vendor' as const, vendorId: b.vendorId, userId: b.user.userId };
		await expect(
			inScope(scope, (tx) => tx.update(payment).set({ reference: 'Planted' }).where(eq(payment.id, b.paymentId)))
		).rejects.toThrow(); // no UPDATE grant on payment for workshops
	});
});
