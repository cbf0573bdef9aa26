/**
 * The finance tiles and the ops PO list read per-status counters that statement triggers keep
 * (supabase/migrations/*_status_counts.sql). These tests hold the counters against a real count
 * after every kind of write, through the services and through raw SQL, and keep them out of reach
 * of anyone but the trigger.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/support/database.ts';
import {
	createFinanceDocument,
	createPurchaseOrderDraft,
	createStaff,
	createVendorUser,
	createWorkshop
} from '../../../../tests/support/factories.ts';
import { rowsOf } from '#lib/server/db/client.ts';
import { migrationsFolder } from '#lib/server/db/migrate.ts';
import { purchaseOrder, vendorInvoice, vendorInvoiceLine } from '#lib/server/db/schema/index.ts';
import { asSystem } from '#lib/server/db/scope.ts';
import { withActor, type StaffActor, type VendorActor } from '#lib/server/auth/actor.ts';
import { financeQueueQuerySchema } from '#lib/domain/finance/schemas.ts';
import { poListQuerySchema } from '#lib/domain/purchase-orders/schemas.ts';
import { approveInvoice, holdInvoice, listFinanceQueue } from '#lib/server/finance/service.ts';
import { cancelPurchaseOrder, sendPurchaseOrder } from '#lib/server/purchase-orders/service.ts';
import { listPurchaseOrders } from '#lib/server/purchase-orders/lists.ts';

const context = useTestDatabase();

const countedTables = ['vendor_invoice', 'purchase_order'] as const;
type Counted = (typeof countedTables)[number];

let ops: StaffActor;
let finance: StaffActor;
let workshop: { vendorId: string; name: string };
let workshopUser: VendorActor;

beforeAll(async () => {
	const admin = await createStaff('admin');
	ops = await createStaff('ops');
	finance = await createStaff('finance');
	workshop = await createWorkshop(admin, { currency: 'USD' });
	workshopUser = await createVendorUser(workshop.vendorId, workshop.name);
});

/** What the counters say, and what counting the rows says, status by status (zeros left out). */
async function countersAndTruth(table: Counted) {
	const nonZero = (rows: { status: string; total: number | string }[]) =>
		Object.fromEntries(rows.filter((r) => Number(r.total) !== 0).map((r) => [r.status, Number(r.total)]));
	const kept = rowsOf<{ status: string; total: string }>(
		await context.handle.db.execute(sql.raw(`select status, total from ${table}_status_count`))
	);
	const counted = rowsOf<{ status: string; total: string }>(
		await context.handle.db.execute(sql.raw(`select status, count(*) as total from ${table} group by status`))
	);
	return { counters: nonZero(kept), truth: nonZero(counted) };
}

async function expectCountersTrue() {
	for (const table of countedTables) {
		const { counters, truth } = await countersAndTruth(table);
		expect(counters, table).toEqual(truth);
	}
}

/** The SQLSTATE a refused statement answered (42501: insufficient privilege). */
async function refusalCode(attempt: Promise<unknown>): Promise<string | undefined> {
	const caught = (await attempt.then(
		() => null,
		(error: unknown) => error
	)) as { code?: string; cause?: { code?: string } } | null;
	return caught?.cause?.code ?? caught?.code;
}

describe('status counters', () => {
	it('follow the services: invoices approved and held, POs drafted, sent and cancelled', async () => {
		const matched = await createFinanceDocument(workshop.vendorId, { matchStatus: 'matched' });
		const exception = await createFinanceDocument(workshop.vendorId, { matchStatus: 'exception' });
		const sent = await createPurchaseOrderDraft(ops, workshop.vendorId);
		const dropped = await createPurchaseOrderDraft(ops, workshop.vendorId);
		let { truth } = await countersAndTruth('purchase_order');
		expect(truth.draft).toBeGreaterThanOrEqual(2);
		await expectCountersTrue();

		await approveInvoice(finance, matched.id, { version: matched.version });
		await holdInvoice(finance, exception.id, { version: exception.version, reason: 'Check the freight' });
		const version = async (poId: string) =>
			(await asSystem((tx) => tx.select().from(purchaseOrder).where(eq(purchaseOrder.id, poId))))[0].version;
		await sendPurchaseOrder(ops, sent.poId, { version: await version(sent.poId) });
		await cancelPurchaseOrder(ops, dropped.poId, { reason: 'Ordered twice', version: await version(dropped.poId) });
		({ truth } = await countersAndTruth('purchase_order'));
		expect(truth.sent).toBeGreaterThanOrEqual(1);
		expect(truth.cancelled).toBeGreaterThanOrEqual(1);
		await expectCountersTrue();
	});

	it('follow one statement moving rows between several statuses, one that moves none, and deletes', async () => {
		await createFinanceDocument(workshop.vendorId, { matchStatus: 'matched', approved: true });
		await createFinanceDocument(workshop.vendorId, { matchStatus: 'exception', holdReason: 'Bank details' });
		await context.handle.db.execute(
			sql`update vendor_invoice set status = case when status = 'approved' then 'scheduled' else 'approved' end
				where vendor_id = ${workshop.vendorId} and status in ('approved', 'on_hold')`
		);
		await context.handle.db.execute(
			sql`update purchase_order set status = 'closed' where vendor_id = ${workshop.vendorId} and status = 'sent'`
		);
		await context.handle.db.execute(sql`update vendor_invoice set notes = 'seen' where vendor_id = ${workshop.vendorId}`);
		await expectCountersTrue();

		const doomed = await createFinanceDocument(workshop.vendorId, { matchStatus: 'exception' });
		await asSystem(async (tx) => {
			await tx.delete(vendorInvoiceLine).where(eq(vendorInvoiceLine.invoiceId, doomed.id));
			await tx.delete(vendorInvoice).where(eq(vendorInvoice.id, doomed.id));
		});
		await expectCountersTrue();
	});

	it('are what the unfiltered finance tiles and PO list show', async () => {
		await createFinanceDocument(workshop.vendorId, { matchStatus: 'exception' });
		await createPurchaseOrderDraft(ops, workshop.vendorId);
		const invoices = await countersAndTruth('vendor_invoice');
		const queue = await listFinanceQueue(finance, financeQueueQuerySchema.parse({}));
		for (const [status, total] of Object.entries(invoices.truth))
			expect(queue.counts[status as keyof typeof queue.counts], status).toBe(total);
		expect(queue.paidCountCap).toBeNull();

		const orders = await countersAndTruth('purchase_order');
		const drafts = await listPurchaseOrders(ops, poListQuerySchema.parse({ status: 'draft' }));
		expect(drafts.total).toBe(orders.truth.draft);
		const everything = await listPurchaseOrders(ops, poListQuerySchema.parse({ status: 'all' }));
		expect(everything.total).toBe(Object.values(orders.truth).reduce((sum, n) => sum + n, 0));
	});

	it('survive their migration running a second time, recounted from the rows', async () => {
		const folder = migrationsFolder();
		const file = (await fs.readdir(folder)).find((name) => name.endsWith('_status_counts.sql'));
		const statements = (await fs.readFile(path.join(folder, file!), 'utf8'))
			.split('--> statement-breakpoint')
			.map((statement) => statement.trim())
			.filter(Boolean);
		// counters gone wrong (as if written by hand, as the database owner) are put right by the recount
		for (const table of countedTables) await context.handle.db.execute(sql.raw(`update ${table}_status_count set total = total + 5`));
		for (const statement of statements) await context.handle.db.execute(sql.raw(statement));
		await createFinanceDocument(workshop.vendorId, { matchStatus: 'matched' });
		await createPurchaseOrderDraft(ops, workshop.vendorId);
		await expectCountersTrue();
	});

	it('are put right by bezel_status_recount after a load that ran with triggers off', async () => {
		const doc = await createFinanceDocument(workshop.vendorId, { matchStatus: 'matched' });
		// as a bulk loader does: triggers off for its own transaction
		await context.handle.db.transaction(async (tx) => {
			await tx.execute(sql`set local session_replication_role = replica`);
			await tx.execute(sql`update vendor_invoice set status = 'on_hold' where id = ${doc.id}`);
			await tx.execute(sql`update purchase_order set status = 'closed' where vendor_id = ${workshop.vendorId}`);
		});
		const stale = await countersAndTruth('vendor_invoice');
		expect(stale.counters).not.toEqual(stale.truth);
		await context.handle.db.execute(sql`select bezel_status_recount('vendor_invoice'), bezel_status_recount('purchase_order')`);
		await expectCountersTrue();
		await expect(context.handle.db.execute(sql`select bezel_status_recount('vendor')`)).rejects.toThrow();
	});

	it('cannot be written by staff or workshops, only by the trigger; workshops cannot read them', async () => {
		for (const table of countedTables) {
			for (const actor of [finance, workshopUser]) {
				const write = withActor(actor, (tx) => tx.execute(sql.raw(`update ${table}_status_count set total = 0`)));
				expect(await refusalCode(write), `${actor.kind} writing ${table}`).toBe('42501');
			}
			const read = withActor(workshopUser, (tx) => tx.execute(sql.raw(`select * from ${table}_status_count`)));
			expect(await refusalCode(read), table).toBe('42501');
			const rows = rowsOf(await withActor(finance, (tx) => tx.execute(sql.raw(`select * from ${table}_status_count`))));
			expect(rows.length, table).toBeGreaterThan(0);
		}
	});
});
