/**
 * Invoices across workshops: a workshop reaches only its own invoices, credit notes, their PDFs and
 * its own PO lines — through the services (NotFound) and, behind them, through row-level security and
 * column grants on every statement: it cannot hang a line on another workshop's PO line, nor set a
 * match result or a status on its own invoice.
 */
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.ts';
import { error } from '../support/errors.ts';
import {
	createInvoiceablePurchaseOrder,
	createStaff,
	createVendorUser,
	createWorkshop,
	fakeFile,
	isoDateIn,
	makePdf
} from '../support/factories.ts';
import type { StaffActor, VendorActor } from '../../src/lib/server/auth/actor.ts';
import { vendorInvoice, vendorInvoiceLine } from '../../src/lib/server/db/schema/index.ts';
import { asSystem, inScope } from '../../src/lib/server/db/scope.ts';
import { readFileForActor } from '../../src/lib/server/files/service.ts';
import {
	exportWorkshopInvoicesCsv,
	getInvoiceDraft,
	getWorkshopInvoice,
	listWorkshopInvoices,
	parseInvoiceListQuery,
	submitVendorInvoice
} from '../../src/lib/server/invoices/service.ts';

useTestDatabase();

interface Tenant {
	vendorId: string;
	admin: VendorActor;
	po: { poId: string; number: string; lineIds: string[] };
	invoice: { invoiceId: string; number: string; pdfFileId: string };
}

let ops: StaffActor;
let a: Tenant;
let b: Tenant;

async function makeTenant(label: string): Promise<Tenant> {
	const workshop = await createWorkshop(ops, { name: `Invoicing ${label}`, currency: 'USD' });
	const admin = await createVendorUser(workshop.vendorId, workshop.name);
	const po = await createInvoiceablePurchaseOrder(ops, workshop.vendorId, { facts: [{ accepted: 5 }, { accepted: 5 }] });
	const number = `${label}-INV-1`;
	const { invoiceId } = await submitVendorInvoice(
		admin,
		{
			number,
			invoiceDate: isoDateIn(0),
			currency: 'USD',
			purchaseOrderId: po.poId,
			lines: [{ kind: 'goods', poLineId: po.lineIds[0], quantity: '2', unitPrice: '45.00' }]
		},
		fakeFile('invoice.pdf', await makePdf(`Invoice ${label}`))
	);
	const [row] = await asSystem((tx) =>
		tx.select({ pdfFileId: vendorInvoice.pdfFileId }).from(vendorInvoice).where(eq(vendorInvoice.id, invoiceId))
	);
	return { vendorId: workshop.vendorId, admin, po, invoice: { invoiceId, number, pdfFileId: row.pdfFileId } };
}

/** The statement must be refused for want of a privilege (42501), not for anything else. */
async function expectDenied(attempt: Promise<unknown>) {
	const caught = await attempt.then(
		() => null,
		(e: unknown) => e as { code?: string; cause?: { code?: string } }
	);
	expect(caught, 'the statement was allowed').not.toBeNull();
	expect(caught?.cause?.code ?? caught?.code).toBe('42501');
}

const asWorkshop = <T>(t: Tenant, work: Parameters<typeof inScope<T>>[1]) =>
	inScope({ kind: 'vendor', vendorId: t.vendorId, userId: t.admin.userId }, work);

beforeAll(async () => {
	ops = await createStaff('ops');
	a = await makeTenant('A');
	b = await makeTenant('B');
});

describe('through the services', () => {
	it('answers NotFound for the other workshop’s invoice page, PDF, PO flip and credit note', async () => {
		expect((await error(getWorkshopInvoice(b.admin, a.invoice.invoiceId))).code).toBe('NotFound');
		expect((await error(readFileForActor(b.admin, a.invoice.pdfFileId))).code).toBe('NotFound');
		expect((await error(getInvoiceDraft(b.admin, { po: a.po.poId }))).code).toBe('NotFound');
		expect((await error(getInvoiceDraft(b.admin, { credits: a.invoice.invoiceId }))).code).toBe('NotFound');
		// its own are there
		expect((await getWorkshopInvoice(a.admin, a.invoice.invoiceId)).invoice.number).toBe('A-INV-1');
		expect((await readFileForActor(a.admin, a.invoice.pdfFileId)).contentType).toBe('application/pdf');
	});

	it('lists and exports only the workshop’s own documents, whatever the filter names', async () => {
		const list = await listWorkshopInvoices(b.admin, parseInvoiceListQuery(new URLSearchParams()));
		expect(list.list.rows.map((r) => r.number)).toEqual(['B-INV-1']);
		const aimed = await listWorkshopInvoices(b.admin, parseInvoiceListQuery(new URLSearchParams({ po: a.po.poId, q: 'A-INV-1' })));
		expect(aimed.list.rows).toEqual([]);
		expect(list.owed.every((o) => o.currency === 'USD')).toBe(true);
		const csv = await exportWorkshopInvoicesCsv(b.admin, parseInvoiceListQuery(new URLSearchParams()));
		expect(csv).not.toContain('A-INV-1');
	});

	it('refuses a line on the other workshop’s PO line, and a credit note against its invoice', async () => {
		const pdf = fakeFile('invoice.pdf', await makePdf());
		const line = await error(
			submitVendorInvoice(
				b.admin,
				{
					number: 'B-X-1',
					invoiceDate: isoDateIn(0),
					currency: 'USD',
					lines: [{ kind: 'goods', poLineId: a.po.lineIds[0], quantity: '1', unitPrice: '45' }]
				},
				pdf
			)
		);
		expect(line.fields['lines[0].poLineId']).toMatch(/not one of your PO lines/);
		const credit = await error(
			submitVendorInvoice(
				b.admin,
				{
					kind: 'credit_note',
					number: 'B-CN-1',
					invoiceDate: isoDateIn(0),
					currency: 'USD',
					creditsInvoiceId: a.invoice.invoiceId,
					lines: [{ kind: 'goods', poLineId: b.po.lineIds[0], quantity: '1', unitPrice: '45' }]
				},
				pdf
			)
		);
		expect(credit.fields.creditsInvoiceId).toMatch(/not one of your invoices/);
	});
});

describe('underneath, in SQL as the workshop', () => {
	it('sees none of the other workshop’s invoices or lines', async () => {
		const seen = await asWorkshop(b, async (tx) => ({
			invoices: await tx.select().from(vendorInvoice).where(eq(vendorInvoice.vendorId, a.vendorId)),
			lines: await tx.select().from(vendorInvoiceLine).where(eq(vendorInvoiceLine.vendorId, a.vendorId))
		}));
		expect(seen).toEqual({ invoices: [], lines: [] });
	});

	it('cannot insert a line on its own invoice that points at the other workshop’s PO line', async () => {
		const attempt = asWorkshop(b, (tx) =>
			tx.execute(sql`
				insert into vendor_invoice_line (invoice_id, vendor_id, line_no, kind, purchase_order_line_id, quantity, unit_price_minor, amount_minor)
				values (${b.invoice.invoiceId}, ${b.vendorId}, 99, 'goods', ${a.po.lineIds[0]}, 1, 4500, 4500)`)
		);
		// row-level security: the PO line is not one the workshop can see
		await expectDenied(attempt);
		const lines = await asSystem((tx) =>
			tx.select().from(vendorInvoiceLine).where(eq(vendorInvoiceLine.purchaseOrderLineId, a.po.lineIds[0]))
		);
		expect(lines.every((l) => l.vendorId === a.vendorId)).toBe(true);
	});

	it('cannot insert a line on the other workshop’s invoice, nor an invoice in its name', async () => {
		await expectDenied(
			asWorkshop(b, (tx) =>
				tx.execute(sql`
					insert into vendor_invoice_line (invoice_id, vendor_id, line_no, kind, charge, amount_minor)
					values (${a.invoice.invoiceId}, ${a.vendorId}, 99, 'charge', 'other', 100)`)
			)
		);
		await expectDenied(
			asWorkshop(b, (tx) =>
				tx.execute(sql`
					insert into vendor_invoice (vendor_id, kind, number, number_key, invoice_year, invoice_date, currency, pdf_file_id)
					values (${a.vendorId}, 'invoice', 'PLANTED', 'PLANTED', 2026, ${isoDateIn(0)}, 'USD', ${b.invoice.pdfFileId})`)
			)
		);
	});

	it('cannot set a match result, a status or an approval on its own invoice (no grant)', async () => {
		for (const assignment of [sql`match_status = 'matched'`, sql`status = 'approved'`, sql`approved_at = now()`, sql`total_minor = 1`]) {
			await expectDenied(asWorkshop(b, (tx) => tx.execute(sql`update vendor_invoice set ${assignment} where id = ${b.invoice.invoiceId}`)));
		}
		await expectDenied(asWorkshop(b, (tx) => tx.execute(sql`delete from vendor_invoice where id = ${b.invoice.invoiceId}`)));
		const [row] = await asSystem((tx) => tx.select().from(vendorInvoice).where(eq(vendorInvoice.id, b.invoice.invoiceId)));
		expect(row.approvedAt).toBeNull();
		expect(row.status).not.toBe('approved');
	});
});
