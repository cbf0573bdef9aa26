/**
 * The finance tiles read vendor_invoice_status_count, which statement triggers keep. These tests
 * hold the counters against a real count after every kind of write, and keep them out of reach of
 * anyone but the trigger.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { eq, inArray, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/support/database.ts';
import { createFinanceDocument, createStaff, createVendorUser, createWorkshop } from '../../../../tests/support/factories.ts';
import { rowsOf } from '#lib/server/db/client.ts';
import { migrationsFolder } from '#lib/server/db/migrate.ts';
import { vendorInvoice, vendorInvoiceLine, vendorInvoiceStatusCount } from '#lib/server/db/schema/index.ts';
import { asSystem } from '#lib/server/db/scope.ts';
import { withActor } from '#lib/server/auth/actor.ts';
import type { StaffActor, VendorActor } from '#lib/server/auth/actor.ts';
import { financeQueueQuerySchema } from '#lib/domain/finance/schemas.ts';
import { approveInvoice, holdInvoice, listFinanceQueue } from './service.ts';

const context = useTestDatabase();

let finance: StaffActor;
let workshop: { vendorId: string; name: string };
let workshopUser: VendorActor;

beforeAll(async () => {
	const admin = await createStaff('admin');
	finance = await createStaff('finance');
	workshop = await createWorkshop(admin, { currency: 'USD' });
	workshopUser = await createVendorUser(workshop.vendorId, workshop.name);
});

/** What the counters say, and what counting the documents says, status by status (zeros left out). */
async function countersAndTruth() {
	return asSystem(async (tx) => {
		const kept = await tx.select().from(vendorInvoiceStatusCount);
		const counted = await tx
			.select({ status: vendorInvoice.status, documents: sql<number>`count(*)`.mapWith(Number) })
			.from(vendorInvoice)
			.groupBy(vendorInvoice.status);
		const asRecord = (rows: { status: string; documents: number }[]) =>
			Object.fromEntries(rows.filter((r) => r.documents !== 0).map((r) => [r.status, r.documents]));
		return { counters: asRecord(kept), truth: asRecord(counted) };
	});
}

describe('invoice status counters', () => {
	it('follow inserts, status changes, edits that keep the status, and deletes', async () => {
		const matched = await createFinanceDocument(workshop.vendorId, { matchStatus: 'matched' });
		const exception = await createFinanceDocument(workshop.vendorId, { matchStatus: 'exception' });
		await createFinanceDocument(workshop.vendorId, { matchStatus: 'matched', approved: true });
		let { counters, truth } = await countersAndTruth();
		expect(truth.matched).toBeGreaterThan(0);
		expect(counters).toEqual(truth);

		// the services' own writes: approve moves matched → approved, hold moves exception → on_hold
		await approveInvoice(finance, matched.id, { version: matched.version });
		await holdInvoice(finance, exception.id, { version: exception.version, reason: 'Check the freight' });
		({ counters, truth } = await countersAndTruth());
		expect(counters).toEqual(truth);

		// one statement moving many rows between several statuses, and one that changes no status
		await asSystem((tx) =>
			tx.execute(sql`update vendor_invoice set status = case when status = 'approved' then 'scheduled' else 'approved' end
				where vendor_id = ${workshop.vendorId} and status in ('approved', 'on_hold')`)
		);
		await asSystem((tx) => tx.update(vendorInvoice).set({ notes: 'seen' }).where(eq(vendorInvoice.vendorId, workshop.vendorId)));
		({ counters, truth } = await countersAndTruth());
		expect(counters).toEqual(truth);

		const doomed = await createFinanceDocument(workshop.vendorId, { matchStatus: 'exception' });
		await asSystem(async (tx) => {
			await tx.delete(vendorInvoiceLine).where(inArray(vendorInvoiceLine.invoiceId, [doomed.id]));
			await tx.delete(vendorInvoice).where(eq(vendorInvoice.id, doomed.id));
		});
		({ counters, truth } = await countersAndTruth());
		expect(counters).toEqual(truth);
	});

	it('are what the unfiltered queue shows, and agree with the queue counting for itself', async () => {
		await createFinanceDocument(workshop.vendorId, { matchStatus: 'exception' });
		const { truth } = await countersAndTruth();
		const queue = await listFinanceQueue(finance, financeQueueQuerySchema.parse({}));
		for (const [status, documents] of Object.entries(truth))
			expect(queue.counts[status as keyof typeof queue.counts], status).toBe(documents);
		expect(queue.paidCountCap).toBeNull();
	});

	it('survive their migration running a second time, recounted from the documents', async () => {
		const folder = migrationsFolder();
		const file = (await fs.readdir(folder)).find((name) => name.endsWith('_invoice_status_counts.sql'));
		const statements = (await fs.readFile(path.join(folder, file!), 'utf8'))
			.split('--> statement-breakpoint')
			.map((statement) => statement.trim())
			.filter(Boolean);
		// a counter gone wrong (as if written by hand) is put right by the recount
		// as the migrations run: the database owner (staff may not write the counters)
		await context.handle.db.execute(sql`update vendor_invoice_status_count set documents = documents + 5`);
		for (const statement of statements) await context.handle.db.execute(sql.raw(statement));
		await createFinanceDocument(workshop.vendorId, { matchStatus: 'matched' });
		const { counters, truth } = await countersAndTruth();
		expect(counters).toEqual(truth);
	});

	it('cannot be written by staff or workshops, only by the trigger; workshops cannot read them', async () => {
		for (const actor of [finance, workshopUser]) {
			const code = await refusalCode(withActor(actor, (tx) => tx.execute(sql`update vendor_invoice_status_count set documents = 0`)));
			expect(code, actor.kind).toBe('42501');
		}
		expect(await refusalCode(withActor(workshopUser, (tx) => tx.execute(sql`select * from vendor_invoice_status_count`)))).toBe('42501');
		// finance reads them
		expect(rowsOf(await withActor(finance, (tx) => tx.execute(sql`select * from vendor_invoice_status_count`))).length).toBeGreaterThan(0);
	});
});

/** The SQLSTATE a refused statement answered (42501: insufficient privilege). */
async function refusalCode(attempt: Promise<unknown>): Promise<string | undefined> {
	const caught = (await attempt.then(
		() => null,
		(error: unknown) => error
	)) as { code?: string; cause?: { code?: string } } | null;
	return caught?.cause?.code ?? caught?.code;
}
