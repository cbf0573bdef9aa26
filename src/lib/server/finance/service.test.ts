import { and, eq } from 'drizzle-orm';
import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/support/database.ts';
import { error } from '../../../../tests/support/errors.ts';
import {
	createFinanceDocument,
	createStaff,
	createVendorUser,
	createWorkshop,
	isoDateIn,
	mailsTo
} from '../../../../tests/support/factories.ts';
import type { StaffActor, VendorActor } from '#lib/server/auth/actor.ts';
import { auditEvent, payment, storedFile, vendorInvoice } from '#lib/server/db/schema/index.ts';
import { asSystem } from '#lib/server/db/scope.ts';
import { readFileForActor } from '#lib/server/files/service.ts';
import {
	approveInvoice,
	approveInvoices,
	cancelPayment,
	exportAccountingCsv,
	exportFinanceQueueCsv,
	getFinanceInvoice,
	getPayment,
	holdInvoice,
	listFinanceQueue,
	recordPaymentPaid,
	releaseInvoice,
	schedulePayment
} from './service.ts';
import { FINANCE_PAGE_SIZE, financeQueueQuerySchema } from '#lib/domain/finance/schemas.ts';

useTestDatabase();

let finance: StaffActor;
let ops: StaffActor;
let admin: StaffActor;
let workshop: { vendorId: string; name: string };
let other: { vendorId: string; name: string };
let workshopUser: VendorActor;

const row = (id: string) => asSystem(async (tx) => (await tx.select().from(vendorInvoice).where(eq(vendorInvoice.id, id)))[0]);
const audits = (id: string, action?: string) =>
	asSystem((tx) =>
		tx
			.select()
			.from(auditEvent)
			.where(and(eq(auditEvent.entityId, id), action ? eq(auditEvent.action, action) : undefined))
	);
const query = (changes: Record<string, unknown> = {}) => financeQueueQuerySchema.parse(changes);

beforeAll(async () => {
	admin = await createStaff('admin');
	finance = await createStaff('finance');
	ops = await createStaff('ops');
	workshop = await createWorkshop(admin, { currency: 'USD' });
	other = await createWorkshop(admin, { currency: 'USD' });
	workshopUser = await createVendorUser(workshop.vendorId, workshop.name);
});

describe('approving', () => {
	it('approves a matched invoice: approved status, new version, audited', async () => {
		const doc = await createFinanceDocument(workshop.vendorId);
		await approveInvoice(finance, doc.id, { version: doc.version });
		const after = await row(doc.id);
		expect(after.status).toBe('approved');
		expect(after.approvedBy).toBe(finance.userId);
		expect(after.version).toBe(doc.version + 1);
		expect(await audits(doc.id, 'approve')).toHaveLength(1);
	});

	it('refuses an exception or a held invoice, and changes nothing', async () => {
		const exception = await createFinanceDocument(workshop.vendorId, {
			matchStatus: 'exception',
			findingText: '10 pcs invoiced, 8 accepted.'
		});
		const held = await createFinanceDocument(workshop.vendorId, { holdReason: 'Waiting for the customs papers' });
		const e1 = await error(approveInvoice(finance, exception.id, { version: exception.version }));
		expect(e1.code).toBe('Conflict');
		expect(e1.message).toContain('10 pcs invoiced, 8 accepted.');
		const e2 = await error(approveInvoice(finance, held.id, { version: held.version }));
		expect(e2.message).toContain('on hold: Waiting for the customs papers');
		expect((await row(exception.id)).status).toBe('exception');
		expect((await row(held.id)).status).toBe('on_hold');
		expect((await row(held.id)).version).toBe(held.version);
	});

	it('refuses a stale version with the new state and changes nothing', async () => {
		const doc = await createFinanceDocument(workshop.vendorId);
		// a re-match since the page was loaded
		await asSystem((tx) =>
			tx
				.update(vendorInvoice)
				.set({ version: doc.version + 1 })
				.where(eq(vendorInvoice.id, doc.id))
		);
		const e = await error(approveInvoice(finance, doc.id, { version: doc.version }));
		expect(e.code).toBe('Conflict');
		expect(e.message).toMatch(/^This invoice changed since you opened it: it is now “Matched”/);
		const after = await row(doc.id);
		expect(after.status).toBe('matched');
		expect(after.approvedAt).toBeNull();
	});

	it('approves many at once: only the current approvable ones; lists the rest with why', async () => {
		const current = await createFinanceDocument(workshop.vendorId);
		const stale = await createFinanceDocument(workshop.vendorId);
		const exception = await createFinanceDocument(other.vendorId, { matchStatus: 'exception' });
		await asSystem((tx) =>
			tx
				.update(vendorInvoice)
				.set({ version: stale.version + 1 })
				.where(eq(vendorInvoice.id, stale.id))
		);
		const outcome = await approveInvoices(finance, {
			items: [current, stale, exception].map((d) => ({ invoiceId: d.id, version: d.version }))
		});
		expect(outcome.approved.map((a) => a.number)).toEqual([current.number]);
		expect(outcome.refused).toEqual([
			{ id: stale.id, number: stale.number, reason: 'changed since you loaded the page — review it again' },
			expect.objectContaining({ id: exception.id, number: exception.number, reason: expect.stringMatching(/^it does not match/) })
		]);
		expect((await row(current.id)).status).toBe('approved');
		expect((await row(stale.id)).status).toBe('matched');
	});

	it('changes nothing when every selected one fails', async () => {
		const stale = await createFinanceDocument(workshop.vendorId);
		const e = await error(approveInvoices(finance, { items: [{ invoiceId: stale.id, version: stale.version + 5 }] }));
		expect(e.code).toBe('Conflict');
		expect(e.message).toContain(`${stale.number}: changed since you loaded the page — review it again.`);
		expect((await row(stale.id)).version).toBe(stale.version);
	});

	it('lets operations read the queue but not act', async () => {
		const doc = await createFinanceDocument(workshop.vendorId);
		const queue = await listFinanceQueue(ops, query({ vendor: workshop.vendorId }));
		expect(queue.rows.some((r) => r.id === doc.id)).toBe(true);
		expect(queue.counts.matched).toBeGreaterThan(0);
		expect((await error(approveInvoice(ops, doc.id, { version: doc.version }))).code).toBe('Forbidden');
		expect((await error(approveInvoices(ops, { items: [{ invoiceId: doc.id, version: doc.version }] }))).code).toBe('Forbidden');
		expect((await error(listFinanceQueue(workshopUser, query()))).code).toBe('NotFound');
	});

	it('filters, searches and exports the queue', async () => {
		const doc = await createFinanceDocument(other.vendorId, {
			number: 'INV-00777',
			currency: 'EUR',
			matchStatus: 'exception',
			findingText: 'Freight over.',
			poNumbers: ['PO-2026-987650']
		});
		// by the number of a PO it bills
		const byPo = await listFinanceQueue(finance, query({ q: '98765', status: 'all' }));
		expect(byPo.rows.map((r) => r.id)).toEqual([doc.id]);
		const found = await listFinanceQueue(finance, query({ q: '777', currency: 'EUR', status: 'exception' }));
		expect(found.rows.map((r) => r.id)).toEqual([doc.id]);
		expect(found.rows[0].firstFinding).toBe('Freight over.');
		// a workshop is found by its name; one chosen by id (a link) is named on the page
		const otherName = (await listFinanceQueue(finance, query({ vendor: other.vendorId }))).vendorName;
		expect(otherName).toBeTruthy();
		const byName = await listFinanceQueue(finance, query({ q: otherName!.toLowerCase(), status: 'all' }));
		expect(byName.rows.map((r) => r.id)).toContain(doc.id);
		expect(new Set(byName.rows.map((r) => r.vendorId))).toEqual(new Set([other.vendorId]));
		const csv = await exportFinanceQueueCsv(finance, query({ q: 'INV-00777' }));
		expect(csv.split('\r\n')[0]).toContain('Type,Number,Vendor');
		expect(csv).toContain('INV-00777');
		expect(csv).toContain('Freight over.');
	});

	it('counts the same rows whether the tiles or the list count them, and offers the currencies in use', async () => {
		await createFinanceDocument(other.vendorId, { currency: 'CHF', matchStatus: 'exception' });
		for (const status of ['open', 'all', 'exception', 'matched', 'paid'] as const) {
			const byTiles = await listFinanceQueue(finance, query({ status }));
			// any other filter makes the list count for itself; both must agree
			const byList = await listFinanceQueue(finance, query({ status, from: '2000-01-01' }));
			expect(byTiles.total, status).toBe(byList.total);
			// the queue as it opens is a compiled query; the filtered one is built: the same rows, in order
			expect(byTiles.rows, status).toEqual(byList.rows);
		}
		const queue = await listFinanceQueue(finance, query());
		expect(queue.currencies).toContain('CHF');
		expect(queue.currencies).toEqual([...queue.currencies].sort());
		expect(queue.vendorName).toBeNull();
	});

	it('pages the queue as it opens like the filtered one: page 2 goes on where page 1 stops', async () => {
		for (let i = 0; i <= FINANCE_PAGE_SIZE; i++) await createFinanceDocument(other.vendorId, { matchStatus: 'matched' });
		// the first page and the later ones are separate compiled statements (the first has no OFFSET)
		const [first, second] = [
			await listFinanceQueue(finance, query({ status: 'all' })),
			await listFinanceQueue(finance, query({ status: 'all', page: 2 }))
		];
		expect(first.rows).toHaveLength(FINANCE_PAGE_SIZE);
		expect(second.rows.length).toBeGreaterThan(0);
		expect(second.rows).toEqual((await listFinanceQueue(finance, query({ status: 'all', page: 2, from: '2000-01-01' }))).rows);
		const onFirst = new Set(first.rows.map((r) => r.id));
		expect(second.rows.filter((r) => onFirst.has(r.id))).toEqual([]);
	});
});

describe('holds', () => {
	it('holds with a reason and release date, releases with a reason; both audited; ops refused', async () => {
		const doc = await createFinanceDocument(workshop.vendorId, { approved: true });
		const until = isoDateIn(7);
		expect((await error(holdInvoice(ops, doc.id, { version: doc.version, reason: 'Check the freight' }))).code).toBe('Forbidden');
		const noReason = await error(holdInvoice(finance, doc.id, { version: doc.version, reason: '' }));
		expect(noReason.fields.reason).toBeTruthy();
		await holdInvoice(finance, doc.id, { version: doc.version, reason: 'Check the freight', until });
		let after = await row(doc.id);
		expect(after).toMatchObject({
			status: 'on_hold',
			holdReason: 'Check the freight',
			holdUntil: until,
			heldBy: finance.userId,
			approvedAt: null
		});
		expect(await audits(doc.id, 'hold')).toHaveLength(1);

		expect((await error(releaseInvoice(ops, doc.id, { version: after.version, reason: 'Freight checked' }))).code).toBe('Forbidden');
		expect((await error(releaseInvoice(finance, doc.id, { version: after.version, reason: '' }))).code).toBe('Invalid');
		await releaseInvoice(finance, doc.id, { version: after.version, reason: 'Freight checked' });
		after = await row(doc.id);
		expect(after.holdReason).toBeNull();
		expect(after.status).not.toBe('on_hold');
		const [release] = await audits(doc.id, 'release');
		expect(release.summary).toContain('Freight checked');
	});

	it('release re-matches the workshop', async () => {
		const doc = await createFinanceDocument(other.vendorId, { matchStatus: 'pending', holdReason: 'Not yet' });
		expect((await row(doc.id)).status).toBe('on_hold');
		await releaseInvoice(finance, doc.id, { version: doc.version, reason: 'Go ahead' });
		// the re-match judged it: no longer "not matched yet"
		expect((await row(doc.id)).matchStatus).not.toBe('pending');
	});

	it('refuses to release an automatic hold by hand', async () => {
		const doc = await createFinanceDocument(workshop.vendorId, { matchStatus: 'exception' });
		const e = await error(releaseInvoice(finance, doc.id, { version: doc.version, reason: 'Looks fine' }));
		expect(e.message).toContain('releases itself when the match passes');
	});

	it('shows the invoice page with findings, history and what may be done', async () => {
		const doc = await createFinanceDocument(workshop.vendorId, { matchStatus: 'exception', findingText: 'Too many pieces.' });
		const view = await getFinanceInvoice(ops, doc.id);
		expect(view.invoice.number).toBe(doc.number);
		expect(view.findingGroups[0]).toMatchObject({
			label: 'Whole document',
			findings: [expect.objectContaining({ text: 'Too many pieces.' })]
		});
		expect(view.canAct).toBe(false);
		expect(view.approvable).toBe(false);
		expect((await getFinanceInvoice(finance, doc.id)).canAct).toBe(true);
		expect((await error(getFinanceInvoice(workshopUser, doc.id))).code).toBe('NotFound');
	});
});

describe('payments', () => {
	it('refuses mixed vendors and mixed currencies, and anything not approved', async () => {
		const a = await createFinanceDocument(workshop.vendorId, { approved: true });
		const b = await createFinanceDocument(other.vendorId, { approved: true });
		const eur = await createFinanceDocument(workshop.vendorId, { approved: true, currency: 'EUR' });
		const matched = await createFinanceDocument(workshop.vendorId);
		const input = (ids: string[]) => ({ invoiceIds: ids, method: 'wire' as const, scheduledOn: isoDateIn(3) });
		expect((await error(schedulePayment(finance, input([a.id, b.id])))).message).toContain('one vendor');
		expect((await error(schedulePayment(finance, input([a.id, eur.id])))).message).toContain('EUR and USD');
		expect((await error(schedulePayment(finance, input([a.id, matched.id])))).message).toContain('Only approved invoices');
		const past = await error(schedulePayment(finance, { ...input([a.id]), scheduledOn: isoDateIn(-1) }));
		expect(past.fields.scheduledOn).toContain('past');
		expect((await row(a.id)).paymentId).toBeNull();
	});

	it('schedules net of approved credit notes, pays, stores the remittance for the workshop and mails it', async () => {
		const invoice = await createFinanceDocument(workshop.vendorId, { approved: true, totalMinor: 100_000 });
		const second = await createFinanceDocument(workshop.vendorId, { approved: true, totalMinor: 50_000 });
		const credit = await createFinanceDocument(workshop.vendorId, {
			kind: 'credit_note',
			approved: true,
			totalMinor: 8_500,
			creditsInvoiceId: invoice.id
		});
		const { paymentId, number } = await schedulePayment(finance, {
			invoiceIds: [invoice.id, second.id],
			method: 'wire',
			scheduledOn: isoDateIn(2)
		});
		expect(number).toMatch(/^PAY-\d{4}-\d{4}$/);
		const [scheduled] = await asSystem((tx) => tx.select().from(payment).where(eq(payment.id, paymentId)));
		expect(scheduled).toMatchObject({ amountMinor: 141_500, currency: 'USD', status: 'scheduled', vendorId: workshop.vendorId });
		for (const id of [invoice.id, second.id, credit.id]) expect(await row(id)).toMatchObject({ status: 'scheduled', paymentId });
		// the workshop hears the date at once
		const told = await mailsTo(workshopUser.email, 'payment-scheduled');
		expect(told).toHaveLength(1);
		expect(told[0].subject).toContain(`$1,415.00`);
		expect(told[0].subject).toContain(number);
		const [firstNumber, secondNumber] = [invoice.number, second.number].sort((x, y) => x.localeCompare(y, 'en', { numeric: true }));
		expect(told[0].textBody).toContain(`invoice ${firstNumber}, invoice ${secondNumber}, less credit note ${credit.number}`);
		expect(told[0].link).toBe('http://bezel.test/workshop/invoices?status=scheduled');

		expect((await error(recordPaymentPaid(finance, paymentId, { paidOn: isoDateIn(1), reference: 'X' }))).fields.paidOn).toContain(
			'future'
		);
		expect((await error(recordPaymentPaid(finance, paymentId, { paidOn: isoDateIn(0), reference: ' ' }))).fields.reference).toBeTruthy();
		expect((await error(recordPaymentPaid(ops, paymentId, { paidOn: isoDateIn(0), reference: 'FT-1' }))).code).toBe('Forbidden');

		const { remittanceFileId } = await recordPaymentPaid(finance, paymentId, { paidOn: isoDateIn(0), reference: 'FT26-331-0042' });
		const view = await getPayment(finance, paymentId);
		expect(view.payment).toMatchObject({ status: 'paid', reference: 'FT26-331-0042', remittanceFileId });
		for (const id of [invoice.id, second.id, credit.id]) expect((await row(id)).status).toBe('paid');
		const [file] = await asSystem((tx) => tx.select().from(storedFile).where(eq(storedFile.id, remittanceFileId)));
		expect(file.vendorId).toBe(workshop.vendorId);
		const download = await readFileForActor(workshopUser, remittanceFileId);
		expect(download.contentType).toBe('application/pdf');
		const pdf = await PDFDocument.load(download.bytes);
		expect(pdf.getTitle()).toContain(number);

		const mails = await mailsTo(workshopUser.email, 'payment-remittance');
		expect(mails).toHaveLength(1);
		expect(mails[0].attachments).toEqual([{ fileId: remittanceFileId, filename: `${number}-remittance.pdf` }]);
		expect(mails[0].link).toBe('http://bezel.test/workshop/invoices');
		expect(mails[0].textBody).toContain('FT26-331-0042');

		expect((await error(recordPaymentPaid(finance, paymentId, { paidOn: isoDateIn(0), reference: 'again' }))).code).toBe('Conflict');
		expect((await error(cancelPayment(finance, paymentId, { reason: 'Wrong account' }))).code).toBe('Conflict');
	});

	it('refuses a payment that credit notes bring to zero', async () => {
		const invoice = await createFinanceDocument(workshop.vendorId, { approved: true, totalMinor: 5_000 });
		await createFinanceDocument(workshop.vendorId, {
			kind: 'credit_note',
			approved: true,
			totalMinor: 5_000,
			creditsInvoiceId: invoice.id
		});
		const e = await error(schedulePayment(finance, { invoiceIds: [invoice.id], method: 'ach', scheduledOn: isoDateIn(0) }));
		expect(e.message).toContain('nothing is left to pay');
	});

	it('cancels a scheduled payment: the invoices are approved again', async () => {
		const invoice = await createFinanceDocument(workshop.vendorId, { approved: true });
		const { paymentId } = await schedulePayment(finance, { invoiceIds: [invoice.id], method: 'check', scheduledOn: isoDateIn(5) });
		await cancelPayment(finance, paymentId, { reason: 'Pay with next run' });
		expect(await row(invoice.id)).toMatchObject({ status: 'approved', paymentId: null });
		const [cancelled] = (await mailsTo(workshopUser.email, 'payment-cancelled')).filter((m) => m.textBody.includes(invoice.number));
		expect(cancelled.textBody).toContain('Pay with next run');
		// the gap-free number stays, marked cancelled
		expect(await asSystem((tx) => tx.select().from(payment).where(eq(payment.id, paymentId)))).toMatchObject([{ status: 'cancelled' }]);
		expect(await audits(paymentId, 'cancel')).toHaveLength(1);
	});
});

describe('accounting exports', () => {
	it('export approved documents with signed decimal amounts that stay numbers', async () => {
		const vendorOnly = await createWorkshop(admin, { currency: 'USD' });
		const invoice = await createFinanceDocument(vendorOnly.vendorId, { approved: true, totalMinor: 90_500, number: 'INV-104' });
		await createFinanceDocument(vendorOnly.vendorId, {
			kind: 'credit_note',
			approved: true,
			totalMinor: 8_500,
			number: 'CN-7',
			creditsInvoiceId: invoice.id
		});
		await createFinanceDocument(vendorOnly.vendorId, { totalMinor: 1_000, number: 'INV-NOT-APPROVED' });
		const qbo = await exportAccountingCsv(finance, { format: 'qbo', vendor: vendorOnly.vendorId });
		const lines = qbo.csv.split('\r\n');
		expect(lines[0]).toBe('Bill No.,Supplier,Bill Date,Due Date,Terms,Location,Memo,Account,Line Description,Line Amount,Currency');
		expect(lines).toHaveLength(3);
		expect(lines[1]).toContain(',905.00,USD');
		expect(lines[2]).toContain(',-85.00,USD');
		expect(qbo.csv).not.toContain('INV-NOT-APPROVED');
		const xero = await exportAccountingCsv(finance, { format: 'xero', vendor: vendorOnly.vendorId });
		expect(xero.csv.split('\r\n')[0].startsWith('*ContactName,EmailAddress,')).toBe(true);
		const generic = await exportAccountingCsv(ops, { format: 'generic', vendor: vendorOnly.vendorId });
		expect(generic.count).toBe(2);
	});
});
