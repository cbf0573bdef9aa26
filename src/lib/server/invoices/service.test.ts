/**
 * Submitting invoices and credit notes as a workshop: a good one is stored with its lines, totals,
 * PDF, audit row and mail, and matched right after; every bad input is refused with a sentence and
 * leaves nothing behind (no document, no line, no file row, no stored bytes).
 */
import { count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/support/database.ts';
import { error } from '../../../../tests/support/errors.ts';
import {
	createFinanceDocument,
	createInvoiceablePurchaseOrder,
	createStaff,
	createVendorUser,
	createWorkshop,
	encryptedPdf,
	fakeFile,
	isoDateIn,
	listFiles,
	mailsTo,
	makePdf,
	makePng,
	purchaseOrderLineForm
} from '../../../../tests/support/factories.ts';
import type { InvoiceEntryForm, InvoiceLineForm } from '#lib/domain/invoices/entry.ts';
import type { StaffActor, VendorActor } from '#lib/server/auth/actor.ts';
import {
	auditEvent,
	purchaseOrder,
	purchaseOrderLine,
	shipment,
	shipmentLine,
	storedFile,
	vendorInvoice,
	vendorInvoiceLine
} from '#lib/server/db/schema/index.ts';
import { asSystem } from '#lib/server/db/scope.ts';
import { INVOICE_PAGE_SIZE } from '#lib/server/invoices/queries.ts';
import { getFinanceInvoice } from '#lib/server/finance/service.ts';
import {
	exportWorkshopInvoicesCsv,
	getInvoiceDraft,
	getWorkshopInvoice,
	listWorkshopInvoices,
	parseInvoiceListQuery,
	submitVendorInvoice
} from './service.ts';

const context = useTestDatabase();

let ops: StaffActor;
let vendorA: VendorActor;
let vendorB: VendorActor;
/** A's PO: line 0 12 pcs at 45.00, 10 accepted (2 waiting for QC); line 1 20 pcs at 30.00, 20 accepted */
let po: { poId: string; number: string; lineIds: string[] };
/** A's PO with vendor-supplied metal at a fixed 60.00 per fine gram, 18K, 4 accepted weighing 13.000 g */
let metalPo: { poId: string; number: string; lineIds: string[] };
let poB: { poId: string; number: string; lineIds: string[] };
let pdf: Uint8Array;

const goods = (poLineId: string, quantity: string, unitPrice: string, extra: Partial<InvoiceLineForm> = {}): InvoiceLineForm => ({
	kind: 'goods',
	poLineId,
	quantity,
	unitPrice,
	...extra
});

let counter = 0;
function form(overrides: Partial<InvoiceEntryForm> = {}): InvoiceEntryForm {
	counter += 1;
	return {
		kind: 'invoice',
		number: `INV-T${counter}`,
		invoiceDate: isoDateIn(0),
		dueDate: isoDateIn(30),
		terms: 'Net 30',
		currency: 'USD',
		notes: '',
		lines: [goods(po.lineIds[0], '2', '45.00')],
		...overrides
	};
}

const pdfFile = () => fakeFile('invoice.pdf', pdf);

async function stored() {
	return asSystem(async (tx) => ({
		invoices: (await tx.select({ n: count() }).from(vendorInvoice))[0].n,
		lines: (await tx.select({ n: count() }).from(vendorInvoiceLine))[0].n,
		files: (await tx.select({ n: count() }).from(storedFile).where(eq(storedFile.purpose, 'invoice')))[0].n,
		bytes: (await listFiles(context.filesDir)).filter((f) => f.includes('/invoice/')).length
	}));
}

beforeAll(async () => {
	ops = await createStaff('ops');
	const a = await createWorkshop(ops, { name: 'Invoices A', currency: 'USD' });
	const b = await createWorkshop(ops, { name: 'Invoices B', currency: 'USD' });
	vendorA = await createVendorUser(a.vendorId, a.name);
	vendorB = await createVendorUser(b.vendorId, b.name);
	po = await createInvoiceablePurchaseOrder(ops, a.vendorId, {
		facts: [{ received: 12, accepted: 10 }, { accepted: 20 }],
		agreedChargesMinor: { freight: 2500 }
	});
	metalPo = await createInvoiceablePurchaseOrder(ops, a.vendorId, {
		draft: {
			lines: [
				purchaseOrderLineForm({
					quantity: 4,
					laborUnitPrice: '45.00',
					stonesUnitPrice: '10.00',
					metalBasis: 'fixed',
					metalPricePerGram: '60.00',
					metalFixDate: isoDateIn(-1)
				})
			]
		},
		facts: [{ accepted: 4, acceptedGrossWeightMg: 13_000 }]
	});
	poB = await createInvoiceablePurchaseOrder(ops, b.vendorId, { facts: [{ accepted: 5 }] });
	pdf = await makePdf('Invoice');
});

describe('submitting an invoice', () => {
	it('stores a good invoice with its lines, totals, PDF, audit and mail, and matches it at once', async () => {
		const input = form({
			number: 'INV-0007',
			lines: [
				goods(po.lineIds[0], '10', '45.00'),
				goods(po.lineIds[1], '20', '30.00'),
				{ kind: 'charge', charge: 'freight', amount: '25.00' }
			]
		});
		const { invoiceId, number } = await submitVendorInvoice(vendorA, input, pdfFile());
		expect(number).toBe('INV-0007');
		const [row] = await asSystem((tx) => tx.select().from(vendorInvoice).where(eq(vendorInvoice.id, invoiceId)));
		expect(row).toMatchObject({
			vendorId: vendorA.vendorId,
			kind: 'invoice',
			numberKey: '7',
			invoiceYear: Number(isoDateIn(0).slice(0, 4)),
			currency: 'USD',
			goodsMinor: 105_000,
			metalMinor: 0,
			chargesMinor: 2_500,
			totalMinor: 107_500,
			submittedBy: vendorA.userId,
			// stored with the document, for the lists
			purchaseOrderNumbers: [po.number]
		});
		// matched right after the commit: the workshop sees the result on the next page
		expect(row.matchStatus).not.toBe('pending');
		const lines = await asSystem((tx) => tx.select().from(vendorInvoiceLine).where(eq(vendorInvoiceLine.invoiceId, invoiceId)));
		expect(lines.map((l) => [l.lineNo, l.kind, l.amountMinor]).sort()).toEqual([
			[1, 'goods', 45_000],
			[2, 'goods', 60_000],
			[3, 'charge', 2_500]
		]);
		const [file] = await asSystem((tx) => tx.select().from(storedFile).where(eq(storedFile.id, row.pdfFileId)));
		expect(file).toMatchObject({ vendorId: vendorA.vendorId, contentType: 'application/pdf', purpose: 'invoice' });
		const audit = await asSystem((tx) => tx.select().from(auditEvent).where(eq(auditEvent.entityId, invoiceId)));
		expect(audit.map((a) => a.action)).toEqual(['invoice.submitted']);
		const view = await getWorkshopInvoice(vendorA, invoiceId);
		expect(view.invoice.pdfFileId).toBe(row.pdfFileId);
		expect(view.lines).toHaveLength(3);
		// finance's page reads where each billed PO line stands (one array parameter for the lines)
		const financeView = await getFinanceInvoice(ops, invoiceId);
		expect(financeView.lines.map((l) => l.poLineId)).toEqual([po.lineIds[0], po.lineIds[1], null]);
		expect(financeView.poLines.map((l) => [l.id, l.poNumber, l.ordered, l.accepted])).toEqual([
			[po.lineIds[0], po.number, expect.any(Number), 10],
			[po.lineIds[1], po.number, expect.any(Number), 20]
		]);
	});

	it('mails the brand about the new invoice', async () => {
		const admin = await createStaff('admin');
		await submitVendorInvoice(vendorA, form({ number: 'MAIL-1' }), pdfFile());
		const mail = await mailsTo(admin.email, 'invoice-submitted');
		expect(mail.some((m) => m.subject.includes('MAIL-1') && m.link?.includes('/finance/invoices/'))).toBe(true);
	});

	it('stores metal at fine weight × price, rounded half up once per line', async () => {
		// 4 pcs × 55.00 + 9.751 g × 60.00 = 220.00 + 585.06
		const { invoiceId } = await submitVendorInvoice(
			vendorA,
			form({ lines: [goods(metalPo.lineIds[0], '4', '55.00', { fineWeight: '9.751', metalPrice: '60.00' })] }),
			pdfFile()
		);
		const [row] = await asSystem((tx) => tx.select().from(vendorInvoice).where(eq(vendorInvoice.id, invoiceId)));
		expect(row).toMatchObject({ goodsMinor: 22_000, metalMinor: 58_506, totalMinor: 80_506 });
		const [line] = await asSystem((tx) => tx.select().from(vendorInvoiceLine).where(eq(vendorInvoiceLine.invoiceId, invoiceId)));
		expect(line).toMatchObject({
			quantity: 4,
			unitPriceMinor: 5_500,
			fineWeightMg: 9_751,
			metalPricePerFineGramMinor: 6_000,
			amountMinor: 80_506
		});
	});

	it('refuses the same number typed differently in the same year, and says which invoice it is', async () => {
		await submitVendorInvoice(vendorA, form({ number: 'DUP-0042' }), pdfFile());
		const before = await stored();
		const e = await error(submitVendorInvoice(vendorA, form({ number: 'dup 42' }), pdfFile()));
		expect(e.code).toBe('Conflict');
		expect(e.message).toMatch(
			/^Invoice DUP-0042 dated .+ is already in Bezel \(submitted .+\)\. If this is a new invoice, give it its own number\.$/
		);
		expect(e.fields.number).toBeTruthy();
		expect(await stored()).toEqual(before);
		// "INV-0007" and "inv 7" are the same number
		const again = await error(submitVendorInvoice(vendorA, form({ number: 'inv 7' }), pdfFile()));
		expect(again.message).toContain('Invoice INV-0007 dated');
	});

	it('lets another workshop use the same number', async () => {
		await submitVendorInvoice(vendorB, form({ number: 'DUP-0042', lines: [goods(poB.lineIds[0], '1', '45.00')] }), pdfFile());
	});

	it('answers two submissions of one number at once with one invoice and one sentence', async () => {
		// on a server both may pass the check; the unique index then refuses the second the same way
		const results = await Promise.allSettled([
			submitVendorInvoice(vendorA, form({ number: 'RACE-1' }), pdfFile()),
			submitVendorInvoice(vendorA, form({ number: 'race 1' }), pdfFile())
		]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const [refused] = results.filter((r) => r.status === 'rejected');
		expect((refused as PromiseRejectedResult).reason).toMatchObject({
			code: 'Conflict',
			message: expect.stringContaining('is already in Bezel')
		});
	});
});

describe('refusing bad input, with nothing stored', () => {
	const cases: [string, () => Promise<unknown>, RegExp, string?][] = [
		[
			'a PNG named .pdf',
			async () => submitVendorInvoice(vendorA, form(), fakeFile('invoice.pdf', await makePng())),
			/named like a PDF but is a PNG image/,
			'pdf'
		],
		['a PNG', async () => submitVendorInvoice(vendorA, form(), fakeFile('scan.png', await makePng())), /is an image, not a PDF/, 'pdf'],
		[
			'an encrypted PDF',
			async () => submitVendorInvoice(vendorA, form(), fakeFile('locked.pdf', encryptedPdf())),
			/password-protected/,
			'pdf'
		],
		['an empty file', async () => submitVendorInvoice(vendorA, form(), fakeFile('empty.pdf', new Uint8Array())), /empty/, 'pdf'],
		[
			'a file over 10 MB',
			async () =>
				submitVendorInvoice(vendorA, form(), { name: 'big.pdf', size: 10 * 1024 * 1024 + 1, arrayBuffer: async () => new ArrayBuffer(8) }),
			/larger than 10 MB/,
			'pdf'
		],
		[
			'a damaged PDF',
			async () =>
				submitVendorInvoice(vendorA, form(), fakeFile('broken.pdf', new TextEncoder().encode('%PDF-1.4\nthis is not a pdf body at all\n'))),
			/could not be read as a PDF|has no pages/,
			'pdf'
		],
		['no file', async () => submitVendorInvoice(vendorA, form(), null), /Attach the invoice/, 'pdf'],
		[
			'another workshop’s PO line',
			async () => submitVendorInvoice(vendorA, form({ lines: [goods(poB.lineIds[0], '1', '45.00')] }), pdfFile()),
			/not one of your PO lines/,
			'lines[0].poLineId'
		],
		[
			'a future date',
			async () => submitVendorInvoice(vendorA, form({ invoiceDate: isoDateIn(3) }), pdfFile()),
			/in the future/,
			'invoiceDate'
		],
		[
			'an absurdly old date',
			async () => submitVendorInvoice(vendorA, form({ invoiceDate: '2019-01-01' }), pdfFile()),
			/three years/,
			'invoiceDate'
		],
		[
			'a negative price',
			async () => submitVendorInvoice(vendorA, form({ lines: [goods(po.lineIds[0], '1', '-45.00')] }), pdfFile()),
			/negative/,
			'lines[0].unitPrice'
		],
		[
			'too many decimals',
			async () => submitVendorInvoice(vendorA, form({ lines: [goods(po.lineIds[0], '1', '45.001')] }), pdfFile()),
			/at most 2 decimals/,
			'lines[0].unitPrice'
		],
		[
			'an absurd amount',
			async () => submitVendorInvoice(vendorA, form({ lines: [goods(po.lineIds[0], '1', '10000000001')] }), pdfFile()),
			/typing mistake/,
			'lines[0].unitPrice'
		],
		[
			'a fractional quantity',
			async () => submitVendorInvoice(vendorA, form({ lines: [goods(po.lineIds[0], '1.5', '45.00')] }), pdfFile()),
			/whole pieces/,
			'lines[0].quantity'
		],
		[
			'a zero quantity',
			async () => submitVendorInvoice(vendorA, form({ lines: [goods(po.lineIds[0], '0', '45.00')] }), pdfFile()),
			/at least 1 piece/,
			'lines[0].quantity'
		],
		[
			'too many pieces',
			async () => submitVendorInvoice(vendorA, form({ lines: [goods(po.lineIds[0], '1000001', '45.00')] }), pdfFile()),
			/typing mistake/,
			'lines[0].quantity'
		],
		[
			'a fine weight with 4 decimals',
			async () =>
				submitVendorInvoice(
					vendorA,
					form({ lines: [goods(metalPo.lineIds[0], '1', '55.00', { fineWeight: '1.2345', metalPrice: '60.00' })] }),
					pdfFile()
				),
			/three decimals/,
			'lines[0].fineWeight'
		],
		['no lines', async () => submitVendorInvoice(vendorA, form({ lines: [] }), pdfFile()), /at least one line/, 'lines'],
		['a blank number', async () => submitVendorInvoice(vendorA, form({ number: '  ' }), pdfFile()), /number/, 'number']
	];
	for (const [what, attempt, message, field] of cases) {
		it(`refuses ${what}`, async () => {
			const before = await stored();
			const e = await error(attempt());
			expect(e.code).toBe('Invalid');
			expect(e.message + JSON.stringify(e.fields)).toMatch(message);
			if (field) expect(e.fields[field]).toBeTruthy();
			expect(await stored()).toEqual(before);
		});
	}

	it('refuses a currency other than the PO’s, naming it', async () => {
		const before = await stored();
		const e = await error(submitVendorInvoice(vendorA, form({ currency: 'EUR' }), pdfFile()));
		expect(e.fields.currency).toContain(`${po.number} is in USD`);
		expect(await stored()).toEqual(before);
	});

	it('refuses a cancelled PO line and a cancelled PO', async () => {
		const cancelledLine = await createInvoiceablePurchaseOrder(ops, vendorA.vendorId, { facts: [{ accepted: 2 }] });
		await asSystem((tx) => tx.update(purchaseOrderLine).set({ cancelled: true }).where(eq(purchaseOrderLine.id, cancelledLine.lineIds[0])));
		const before = await stored();
		const e = await error(submitVendorInvoice(vendorA, form({ lines: [goods(cancelledLine.lineIds[0], '1', '45.00')] }), pdfFile()));
		expect(e.fields['lines[0].poLineId']).toMatch(/was cancelled/);
		await asSystem((tx) => tx.update(purchaseOrder).set({ status: 'cancelled' }).where(eq(purchaseOrder.id, cancelledLine.poId)));
		const e2 = await error(submitVendorInvoice(vendorA, form({ lines: [goods(cancelledLine.lineIds[1], '1', '30.00')] }), pdfFile()));
		expect(e2.fields['lines[0].poLineId']).toMatch(/is cancelled: nothing on it can be invoiced/);
		expect(await stored()).toEqual(before);
	});

	it('keeps every problem for the form at once: fields and file together', async () => {
		const e = await error(submitVendorInvoice(vendorA, form({ invoiceDate: isoDateIn(9) }), fakeFile('scan.png', await makePng())));
		expect(Object.keys(e.fields).sort()).toEqual(['invoiceDate', 'pdf']);
	});

	it('refuses staff: the form is the workshop’s', async () => {
		const e = await error(submitVendorInvoice(ops, form(), pdfFile()));
		expect(e.code).toBe('NotFound');
	});
});

describe('prefilled forms', () => {
	it('flips a PO into its accepted, not yet invoiced pieces at the PO price, with the agreed charges', async () => {
		const fresh = await createInvoiceablePurchaseOrder(ops, vendorA.vendorId, {
			facts: [{ received: 12, accepted: 7, rework: 1 }, { received: 0 }],
			agreedChargesMinor: { freight: 2500, insurance: 0 }
		});
		const draft = await getInvoiceDraft(vendorA, { po: fresh.poId });
		expect(draft.form.currency).toBe('USD');
		expect(draft.form.purchaseOrderId).toBe(fresh.poId);
		expect(draft.form.lines).toEqual([
			expect.objectContaining({
				kind: 'goods',
				poLineId: fresh.lineIds[0],
				quantity: '7',
				unitPrice: '45.00',
				fineWeight: '',
				metalPrice: ''
			}),
			expect.objectContaining({ kind: 'charge', charge: 'freight', amount: '25.00' })
		]);
		// received, not accepted, not in rework: waiting for QC, named and not invoiced
		expect(draft.waitingForQc).toEqual([expect.objectContaining({ poLineId: fresh.lineIds[0], pieces: 4 })]);
	});

	it('flips vendor metal at the accepted fine weight, pro rata to the open pieces, and labor + stones per piece', async () => {
		const fresh = await createInvoiceablePurchaseOrder(ops, vendorA.vendorId, {
			draft: {
				lines: [
					purchaseOrderLineForm({
						quantity: 4,
						laborUnitPrice: '45.00',
						stonesUnitPrice: '10.00',
						metalBasis: 'fixed',
						metalPricePerGram: '60.00',
						metalFixDate: isoDateIn(-1)
					})
				]
			},
			facts: [{ accepted: 4, acceptedGrossWeightMg: 13_000 }]
		});
		// one of the four accepted pieces is invoiced already
		await asSystem((tx) => tx.update(purchaseOrderLine).set({ invoicedQuantity: 1 }).where(eq(purchaseOrderLine.id, fresh.lineIds[0])));
		const draft = await getInvoiceDraft(vendorA, { po: fresh.poId });
		// 13.000 g × 750 ‰ = 9.750 g fine for 4 pieces; 3 open: 7.3125 g → 7.313 g (half up)
		expect(draft.form.lines).toEqual([
			expect.objectContaining({ kind: 'goods', quantity: '3', unitPrice: '55.00', fineWeight: '7.313', metalPrice: '60.00' })
		]);
	});

	it('flips a shipment into its lines, capped at the pieces shipped', async () => {
		const fresh = await createInvoiceablePurchaseOrder(ops, vendorA.vendorId, { facts: [{ accepted: 10 }, { accepted: 20 }] });
		const shipmentId = await asSystem(async (tx) => {
			const [row] = await tx
				.insert(shipment)
				.values({ number: `SHP-T-${Date.now()}`, vendorId: vendorA.vendorId, carrier: 'FedEx', shippedOn: isoDateIn(-3), currency: 'USD' })
				.returning({ id: shipment.id });
			await tx.insert(shipmentLine).values({
				shipmentId: row.id,
				vendorId: vendorA.vendorId,
				purchaseOrderId: fresh.poId,
				purchaseOrderLineId: fresh.lineIds[0],
				quantity: 6
			});
			return row.id;
		});
		const draft = await getInvoiceDraft(vendorA, { shipment: shipmentId });
		expect(draft.form).toMatchObject({ shipmentId, purchaseOrderId: fresh.poId, currency: 'USD' });
		expect(draft.form.lines).toEqual([
			expect.objectContaining({ kind: 'goods', poLineId: fresh.lineIds[0], quantity: '6', unitPrice: '45.00' })
		]);
		expect((await error(getInvoiceDraft(vendorB, { shipment: shipmentId }))).code).toBe('NotFound');
	});

	it('says so when nothing is accepted yet', async () => {
		const waiting = await createInvoiceablePurchaseOrder(ops, vendorA.vendorId, { facts: [{ received: 5 }, { received: 0 }] });
		const draft = await getInvoiceDraft(vendorA, { po: waiting.poId });
		expect(draft.notice).toMatch(/5 pieces wait for the brand’s QC/);
		expect(draft.form.lines).toHaveLength(1);
		expect(draft.form.lines[0].quantity ?? '').toBe('');
	});

	it('answers NotFound for another workshop’s PO and invoice', async () => {
		expect((await error(getInvoiceDraft(vendorA, { po: poB.poId }))).code).toBe('NotFound');
		const theirs = await asSystem((tx) =>
			tx.select({ id: vendorInvoice.id }).from(vendorInvoice).where(eq(vendorInvoice.vendorId, vendorB.vendorId))
		);
		expect((await error(getInvoiceDraft(vendorA, { credits: theirs[0].id }))).code).toBe('NotFound');
	});

	it('prefills a credit note from the suggested credit and submits it against the invoice', async () => {
		const { invoiceId } = await submitVendorInvoice(
			vendorA,
			form({ number: 'OVER-1', lines: [goods(po.lineIds[1], '2', '31.00')] }),
			pdfFile()
		);
		const suggestion = {
			creditsInvoiceId: invoiceId,
			currency: 'USD',
			totalMinor: 200,
			lines: [{ kind: 'adjustment', poLineId: po.lineIds[1], part: 'goods', amountMinor: 200 }]
		};
		await asSystem((tx) => tx.update(vendorInvoice).set({ suggestedCredit: suggestion }).where(eq(vendorInvoice.id, invoiceId)));
		const draft = await getInvoiceDraft(vendorA, { credits: invoiceId });
		expect(draft.form).toMatchObject({ kind: 'credit_note', creditsInvoiceId: invoiceId, currency: 'USD' });
		expect(draft.form.lines).toEqual([
			expect.objectContaining({ kind: 'adjustment', poLineId: po.lineIds[1], part: 'goods', amount: '2.00' })
		]);
		const credit = await submitVendorInvoice(vendorA, { ...draft.form, number: 'CN-1' }, pdfFile());
		expect(credit.kind).toBe('credit_note');
		const view = await getWorkshopInvoice(vendorA, invoiceId);
		expect(view.creditNotes.map((c) => c.number)).toContain('CN-1');
		// a credit note in another currency than its invoice is refused
		const e = await error(submitVendorInvoice(vendorA, { ...draft.form, number: 'CN-2', currency: 'EUR' }, pdfFile()));
		expect(e.fields.currency).toMatch(/is in USD/);
	});
});

describe('the list', () => {
	it('lists, filters, searches by normalised number and exports the workshop’s own documents only', async () => {
		const all = await listWorkshopInvoices(vendorA, parseInvoiceListQuery(new URLSearchParams()));
		expect(all.list.rows.length).toBeGreaterThan(3);
		expect(all.list.rows.every((r) => r.explanation.length > 0)).toBe(true);
		expect(all.owed.find((o) => o.currency === 'USD')).toBeTruthy();
		// the list as it opens is a compiled query: it must answer what the general one answers
		// (status=open with nothing paid yet takes the general path and holds the same rows)
		const general = await listWorkshopInvoices(vendorA, parseInvoiceListQuery(new URLSearchParams({ status: 'open' })));
		expect(all.list.rows.map((r) => r.id)).toEqual(general.list.rows.map((r) => r.id));
		expect(all.list.total).toBe(general.list.total);
		expect(all.list.rows).toEqual(general.list.rows);
		const found = await listWorkshopInvoices(vendorA, parseInvoiceListQuery(new URLSearchParams({ q: 'inv 7' })));
		expect(found.list.rows.map((r) => r.number)).toEqual(['INV-0007']);
		const credits = await listWorkshopInvoices(vendorA, parseInvoiceListQuery(new URLSearchParams({ kind: 'credit_note' })));
		expect(credits.list.rows.every((r) => r.kind === 'credit_note')).toBe(true);
		const csv = await exportWorkshopInvoicesCsv(vendorA, parseInvoiceListQuery(new URLSearchParams()));
		expect(csv.split('\r\n')[0]).toContain('Number');
		expect(csv).toContain('INV-0007');
		const b = await exportWorkshopInvoicesCsv(vendorB, parseInvoiceListQuery(new URLSearchParams()));
		expect(b).not.toContain('INV-0007');
	});

	it('pages the list as it opens like the filtered one: page 2 goes on where page 1 stops', async () => {
		const shop = await createWorkshop(ops, { name: 'Invoices paged', currency: 'USD' });
		const member = await createVendorUser(shop.vendorId, shop.name);
		for (let i = 0; i <= INVOICE_PAGE_SIZE; i++) await createFinanceDocument(shop.vendorId, { currency: 'USD' });
		const page = (params: Record<string, string>) => listWorkshopInvoices(member, parseInvoiceListQuery(new URLSearchParams(params)));
		// the first page and the later ones are separate compiled statements (the first has no OFFSET)
		const [first, second] = [await page({}), await page({ page: '2' })];
		expect(first.list.rows).toHaveLength(INVOICE_PAGE_SIZE);
		expect(second.list.rows).toHaveLength(1);
		expect(second.list.rows).toEqual((await page({ page: '2', from: '2000-01-01' })).list.rows);
		expect(first.list.rows.map((r) => r.id)).not.toContain(second.list.rows[0].id);
	});

	it('finds documents by the number of a PO they bill, and narrows to one of the workshop’s own POs', async () => {
		const byPoNumber = await listWorkshopInvoices(vendorA, parseInvoiceListQuery(new URLSearchParams({ q: po.number.slice(-6) })));
		expect(byPoNumber.list.rows.map((r) => r.number)).toContain('INV-0007');
		expect(byPoNumber.list.rows.every((r) => r.purchaseOrderNumbers.includes(po.number))).toBe(true);

		const narrowed = await listWorkshopInvoices(vendorA, parseInvoiceListQuery(new URLSearchParams({ po: po.poId })));
		expect(narrowed.poNumber).toBe(po.number);
		expect(narrowed.list.rows.length).toBeGreaterThan(0);
		expect(narrowed.list.rows.map((r) => r.number)).toContain('INV-0007');
		expect(narrowed.list.rows.every((r) => r.purchaseOrderNumbers.includes(po.number))).toBe(true);

		// another workshop's PO: its number stays hidden and nothing is listed
		const foreign = await listWorkshopInvoices(vendorB, parseInvoiceListQuery(new URLSearchParams({ po: po.poId })));
		expect(foreign.poNumber).toBeNull();
		expect(foreign.list.rows).toEqual([]);
	});

	it('falls back to defaults on a bad address bar', () => {
		const q = parseInvoiceListQuery(
			new URLSearchParams({ status: 'nonsense', page: '-3', sort: 'x', po: 'not-a-uuid', from: '2026-13-40' })
		);
		expect(q).toMatchObject({ status: 'all', page: 1, sort: 'submitted', po: undefined, from: undefined });
	});
});
