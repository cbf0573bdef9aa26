/**
 * The lists people work from: filters, sorting, paging and CSV for both sides, the follow-up board,
 * the vendor's counts, and the daily reminder for POs nobody at the workshop has answered.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import Papa from 'papaparse';
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
	purchaseOrderLineForm
} from '../../../../tests/support/factories.ts';
import { poListQuerySchema, type PoListQuery } from '#lib/domain/purchase-orders/schemas.ts';
import type { StaffActor, VendorActor } from '../auth/actor.ts';
import { brandSettings, outboxMessage, purchaseOrder, purchaseOrderLine } from '../db/schema/index.ts';
import { asSystem } from '../db/scope.ts';
import {
	exportPurchaseOrdersCsv,
	getPurchaseOrderFollowUp,
	getPurchaseOrderListScreen,
	getVendorPurchaseOrderCounts,
	listCollections,
	listPurchaseOrders,
	PO_PAGE_SIZE
} from './lists.ts';
import { remindUnacknowledgedPurchaseOrders } from './reminders.ts';
import { acknowledgePurchaseOrder, cancelPurchaseOrder, getPurchaseOrder, postPurchaseOrderMessage, sendPurchaseOrder } from './service.ts';

useTestDatabase();

interface Shop {
	vendorId: string;
	name: string;
	admin: VendorActor;
	member: VendorActor;
}

let ops: StaffActor;
let finance: StaffActor;
let north: Shop;
let south: Shop;
let bulk: { vendorId: string; name: string };
/** POs by role in the fixtures */
const po: Record<string, { poId: string; number: string }> = {};

const query = (q: Partial<Record<keyof PoListQuery, unknown>> = {}) => poListQuerySchema.parse(q);
const numbersOf = async (actor: StaffActor | VendorActor, q: Partial<Record<keyof PoListQuery, unknown>>) =>
	(await listPurchaseOrders(actor, query(q))).rows.map((r) => r.number);

async function shopWithPeople(name: string): Promise<Shop> {
	const workshop = await createWorkshop(ops, { name });
	return {
		...workshop,
		admin: await createVendorUser(workshop.vendorId, workshop.name, 'vendor_admin'),
		member: await createVendorUser(workshop.vendorId, workshop.name, 'vendor_member')
	};
}

async function send(poId: string) {
	await sendPurchaseOrder(ops, poId, { version: 1 });
}

async function acknowledge(shop: Shop, poId: string, change = false) {
	const lines = await asSystem((tx) =>
		tx.select().from(purchaseOrderLine).where(eq(purchaseOrderLine.purchaseOrderId, poId)).orderBy(asc(purchaseOrderLine.lineNo))
	);
	await acknowledgePurchaseOrder(shop.admin, poId, {
		revision: 1,
		lines: lines.map((l, i) =>
			change && i === 0
				? { lineId: l.id, answer: 'change' as const, quantity: 3, unitPrice: '', dueDate: '', reason: 'Fewer stones in stock' }
				: { lineId: l.id, answer: 'acknowledge' as const, promisedDate: isoDateIn(40) }
		)
	});
}

/** Moves a PO's dates as if time had passed: sent `sentDaysAgo`, earliest line due in `dueIn` days. */
async function age(poId: string, dates: { sentDaysAgo?: number; dueIn?: number }) {
	await asSystem(async (tx) => {
		if (dates.sentDaysAgo !== undefined) {
			await tx
				.update(purchaseOrder)
				.set({ sentAt: sql`now() - make_interval(days => ${dates.sentDaysAgo}::int)` })
				.where(eq(purchaseOrder.id, poId));
		}
		if (dates.dueIn !== undefined) {
			await tx
				.update(purchaseOrder)
				.set({ dueDate: isoDateIn(dates.dueIn) })
				.where(eq(purchaseOrder.id, poId));
		}
	});
}

beforeAll(async () => {
	[ops, finance] = [await createStaff('ops'), await createStaff('finance')];
	north = await shopWithPeople('Northern Lights Casting');
	south = await shopWithPeople('Southern 100% Gold_Works');

	po.draft = await createPurchaseOrderDraft(ops, north.vendorId, { collection: 'Aurora' });
	po.sent = await createPurchaseOrderDraft(ops, north.vendorId, {
		collection: 'Borealis',
		lines: [purchaseOrderLineForm({ sku: 'rg-lower', dueDate: isoDateIn(60), quantity: 100, laborUnitPrice: '10.00' })]
	});
	await send(po.sent.poId);
	po.acked = await createPurchaseOrderDraft(ops, north.vendorId, {
		collection: 'Aurora',
		lines: [
			purchaseOrderLineForm({ sku: 'BR-7', dueDate: isoDateIn(5) }),
			purchaseOrderLineForm({ sku: 'RG-1001', dueDate: isoDateIn(20) })
		]
	});
	await send(po.acked.poId);
	await acknowledge(north, po.acked.poId);
	po.changes = await createPurchaseOrderDraft(ops, north.vendorId, { collection: 'Aurora' });
	await send(po.changes.poId);
	await acknowledge(north, po.changes.poId, true);
	po.late = await createPurchaseOrderDraft(ops, north.vendorId, {
		collection: 'Aurora',
		lines: [purchaseOrderLineForm({ sku: 'LT-1', quantity: 1, laborUnitPrice: '1.00' })]
	});
	await send(po.late.poId);
	await acknowledge(north, po.late.poId);
	await age(po.late.poId, { dueIn: -3 });
	po.cancelled = await createPurchaseOrderDraft(ops, north.vendorId, { collection: 'Aurora' });
	await cancelPurchaseOrder(ops, po.cancelled.poId, { reason: 'Dropped', version: 1 });
	po.sentCancelled = await createPurchaseOrderDraft(ops, north.vendorId, { collection: 'Aurora' });
	await send(po.sentCancelled.poId);
	await cancelPurchaseOrder(ops, po.sentCancelled.poId, { reason: 'Dropped after sending', version: 2 });
	po.southSent = await createPurchaseOrderDraft(ops, south.vendorId, {
		collection: 'Aurora',
		lines: [purchaseOrderLineForm({ sku: 'SO-1', quantity: 1000 })]
	});
	await send(po.southSent.poId);
	po.southDraft = await createPurchaseOrderDraft(ops, south.vendorId, { collection: 'Secret capsule' });

	bulk = await createWorkshop(ops, { name: 'Bulk Findings' });
	for (let i = 0; i < PO_PAGE_SIZE + 2; i++) {
		await createPurchaseOrderDraft(ops, bulk.vendorId, {
			collection: 'Findings',
			lines: [purchaseOrderLineForm({ quantity: i + 1, sku: `FD-${i}` })]
		});
	}
});

describe('the PO list', () => {
	it('shows open POs by default, or one status, or all', async () => {
		const open = await numbersOf(ops, { vendor: north.vendorId });
		expect(open.sort()).toEqual([po.draft, po.sent, po.acked, po.changes, po.late].map((p) => p.number).sort());
		expect(await numbersOf(ops, { vendor: north.vendorId, status: 'sent' })).toEqual([po.sent.number]);
		expect((await numbersOf(ops, { vendor: north.vendorId, status: 'cancelled' })).sort()).toEqual(
			[po.cancelled.number, po.sentCancelled.number].sort()
		);
		expect(await numbersOf(ops, { vendor: north.vendorId, status: 'all' })).toHaveLength(7);
	});

	it('filters by workshop, due range, collection, style SKU and free text', async () => {
		expect((await numbersOf(ops, { vendor: south.vendorId })).sort()).toEqual([po.southSent.number, po.southDraft.number].sort());
		expect(await numbersOf(ops, { status: 'all', dueFrom: isoDateIn(4), dueTo: isoDateIn(6) })).toEqual([po.acked.number]);
		expect(await numbersOf(ops, { status: 'all', dueTo: isoDateIn(-1) })).toEqual([po.late.number]);
		expect(await numbersOf(ops, { status: 'all', collection: 'Borealis' })).toEqual([po.sent.number]);
		expect(await numbersOf(ops, { status: 'all', style: 'RG-1001', vendor: north.vendorId, sort: 'number', dir: 'asc' })).toEqual(
			[po.draft, po.acked, po.changes, po.cancelled, po.sentCancelled].map((p) => p.number).sort()
		);
		// a SKU is found however it was typed
		expect(await numbersOf(ops, { status: 'all', style: 'rg-lower' })).toEqual([po.sent.number]);
		expect(await numbersOf(ops, { status: 'all', style: 'RG-LOWER' })).toEqual([po.sent.number]);
		expect(await numbersOf(ops, { status: 'all', style: 'br-7' })).toEqual([po.acked.number]);
		// free text: number, workshop name, collection; LIKE wildcards are taken literally
		expect(await numbersOf(ops, { status: 'all', q: po.acked.number.toLowerCase() })).toEqual([po.acked.number]);
		expect((await numbersOf(ops, { status: 'all', q: 'northern' })).length).toBe(7);
		expect(await numbersOf(ops, { status: 'all', q: 'capsule' })).toEqual([po.southDraft.number]);
		expect((await numbersOf(ops, { status: 'all', q: '100%' })).sort()).toEqual([po.southSent.number, po.southDraft.number].sort());
		expect((await numbersOf(ops, { status: 'all', q: 'd_w' })).sort()).toEqual([po.southSent.number, po.southDraft.number].sort());
		expect(await numbersOf(ops, { status: 'all', q: 'n%s' })).toEqual([]);
	});

	it('sorts and pages, counting what matches', async () => {
		const first = await listPurchaseOrders(ops, query({ vendor: bulk.vendorId, sort: 'number', dir: 'asc' }));
		expect(first).toMatchObject({ total: PO_PAGE_SIZE + 2, totalIsCapped: false, page: 1, pageCount: 2 });
		expect(first.rows).toHaveLength(PO_PAGE_SIZE);
		const second = await listPurchaseOrders(ops, query({ vendor: bulk.vendorId, sort: 'number', dir: 'asc', page: 2 }));
		expect(second.rows).toHaveLength(2);
		const all = [...first.rows, ...second.rows].map((r) => r.number);
		expect(new Set(all).size).toBe(PO_PAGE_SIZE + 2);
		expect(all).toEqual([...all].sort());
		const byTotal = (await listPurchaseOrders(ops, query({ vendor: bulk.vendorId, sort: 'total', dir: 'desc' }))).rows.map(
			(r) => r.totalMinor
		);
		expect(byTotal).toEqual([...byTotal].sort((a, b) => b - a));
		expect(byTotal[0]).toBe((PO_PAGE_SIZE + 2) * 4500);
		const byDue = (await listPurchaseOrders(ops, query({ vendor: north.vendorId, status: 'all', sort: 'due', dir: 'asc' }))).rows;
		expect(byDue[0].number).toBe(po.late.number);
		const empty = await listPurchaseOrders(ops, query({ vendor: bulk.vendorId, page: 9 }));
		expect(empty).toMatchObject({ rows: [], total: PO_PAGE_SIZE + 2 });
	});

	it('shows a workshop only its own POs, never a draft, nor a draft cancelled before it was sent', async () => {
		const sentToNorth = [po.sent, po.acked, po.changes, po.late, po.sentCancelled].map((p) => p.number).sort();
		expect((await numbersOf(north.member, { status: 'all' })).sort()).toEqual(sentToNorth);
		expect(await numbersOf(north.member, { status: 'cancelled' })).toEqual([po.sentCancelled.number]);
		// the filter on another workshop is ignored: the tenant comes from the session
		expect((await numbersOf(north.member, { status: 'all', vendor: south.vendorId })).sort()).toEqual(sentToNorth);
		expect(await numbersOf(south.admin, { status: 'all' })).toEqual([po.southSent.number]);
		expect((await listPurchaseOrders(south.admin, query({ status: 'all' }))).total).toBe(1);
		expect(await listCollections(south.admin)).toEqual(['Aurora']);
		expect(await listCollections(ops)).toEqual(expect.arrayContaining(['Aurora', 'Borealis', 'Findings', 'Secret capsule']));
	});

	it('gives each list page its rows, filters and whether there is anything at all, in one go', async () => {
		const mine = await getPurchaseOrderListScreen(south.admin, query({ status: 'closed' }));
		expect(mine.list.rows).toEqual([]);
		expect(mine).toMatchObject({ collections: ['Aurora'], workshops: [], hasAny: true });
		expect(mine.brandName).toBeTruthy();
		const quiet = await shopWithPeople(`Quiet ${Date.now()}`);
		expect(await getPurchaseOrderListScreen(quiet.admin, query())).toMatchObject({ hasAny: false, collections: [] });
		const brand = await getPurchaseOrderListScreen(ops, query());
		expect(brand.workshops?.map((w) => w.id)).toEqual(expect.arrayContaining([north.vendorId, south.vendorId]));
		expect(brand.list.rows.map((r) => r.number)).toEqual((await listPurchaseOrders(ops, query())).rows.map((r) => r.number));
		// by part of a workshop's name, for brands with too many workshops to list
		expect((await numbersOf(ops, { status: 'all', workshop: south.name.slice(0, 8).toLowerCase() })).sort()).toEqual(
			(await numbersOf(ops, { status: 'all', vendor: south.vendorId })).sort()
		);
		expect(await numbersOf(north.member, { status: 'all', workshop: 'no such workshop' })).not.toEqual([]);
	});

	it('marks POs with a message the reader has not seen', async () => {
		await postPurchaseOrderMessage(south.member, po.southSent.poId, { body: 'When do the stones arrive?' });
		const unreadFor = async (actor: StaffActor | VendorActor) =>
			(await listPurchaseOrders(actor, query({ status: 'all', vendor: south.vendorId }))).rows.find((r) => r.id === po.southSent.poId)
				?.unread;
		expect(await unreadFor(ops)).toBe(true);
		expect(await unreadFor(south.admin)).toBe(false);
		await getPurchaseOrder(ops, po.southSent.poId);
		expect(await unreadFor(ops)).toBe(false);
		expect(await unreadFor(finance)).toBe(true);
		await postPurchaseOrderMessage(ops, po.southSent.poId, { body: 'Next Tuesday.' });
		expect(await unreadFor(south.admin)).toBe(true);
		expect(await getVendorPurchaseOrderCounts(south.admin)).toEqual({ toAnswer: 1, changeRequested: 0, inWork: 0, unread: 1 });
		await getPurchaseOrder(south.admin, po.southSent.poId);
		expect((await getVendorPurchaseOrderCounts(south.admin)).unread).toBe(0);
		expect(await getVendorPurchaseOrderCounts(ops)).toEqual({ toAnswer: 0, changeRequested: 0, inWork: 0, unread: 0 });
	});
});

describe('the CSV export', () => {
	it('exports what the filter shows, money in decimals, and a workshop only its own', async () => {
		const parse = (csv: string) => Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });
		const staff = parse(await exportPurchaseOrdersCsv(finance, query({ vendor: south.vendorId, status: 'all' })));
		expect(staff.meta.fields).toEqual([
			'PO number',
			'Status',
			'Workshop',
			'Currency',
			'Labor',
			'Metal',
			'Stones',
			'Total',
			'Lines',
			'Due',
			'Collection',
			'Revision',
			'Sent',
			'Created'
		]);
		expect(staff.data.map((r) => r['PO number']).sort()).toEqual([po.southSent.number, po.southDraft.number].sort());
		const sent = staff.data.find((r) => r['PO number'] === po.southSent.number)!;
		expect(sent).toMatchObject({
			Status: 'Awaiting acknowledgement',
			Workshop: south.name,
			Currency: 'THB',
			Labor: '45000.00',
			Total: '45000.00',
			Lines: '1',
			Revision: '1',
			Collection: 'Aurora'
		});

		const theirs = parse(await exportPurchaseOrdersCsv(north.admin, query({ status: 'all' })));
		expect(theirs.data.map((r) => r['PO number']).sort()).toEqual(
			[po.sent, po.acked, po.changes, po.late, po.sentCancelled].map((p) => p.number).sort()
		);
		expect(
			parse(await exportPurchaseOrdersCsv(south.member, query({ status: 'all', vendor: north.vendorId }))).data.map((r) => r['PO number'])
		).toEqual([po.southSent.number]);
	});
});

describe('the follow-up board', () => {
	it('sorts what ops should chase into unacknowledged, changes requested, due soon and overdue', async () => {
		await age(po.sent.poId, { sentDaysAgo: 6 });
		const board = await getPurchaseOrderFollowUp(ops);
		const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
		expect(ids(board.unacknowledged)).toEqual(expect.arrayContaining([po.sent.poId, po.southSent.poId]));
		expect(board.unacknowledged[0]).toMatchObject({ id: po.sent.poId, days: 6 });
		expect(ids(board.unacknowledged)).not.toContain(po.draft.poId);
		expect(ids(board.changeRequested)).toEqual([po.changes.poId]);
		expect(board.dueSoon.map((r) => [r.id, r.days])).toEqual([[po.acked.poId, 5]]);
		expect(board.overdue.map((r) => [r.id, r.days])).toEqual([[po.late.poId, 3]]);
		expect(board).toMatchObject({ reminderDays: 3, dueSoonDays: 14 });
		expect((await error(getPurchaseOrderFollowUp(north.admin))).code).toBe('NotFound');
	});
});

describe('reminders for unanswered POs', () => {
	const remind = () => asSystem((tx) => remindUnacknowledgedPurchaseOrders(tx));
	const reminders = async (poId: string) => {
		await mailsTo('nobody@example.test');
		return asSystem((tx) =>
			tx
				.select()
				.from(outboxMessage)
				.where(and(eq(outboxMessage.topic, 'purchase-order-reminder'), sql`${outboxMessage.link} like ${`%/${poId}`}`))
		);
	};

	it('reminds each person of the workshop once per period, and follows the setting', async () => {
		const fresh = await createPurchaseOrderDraft(ops, north.vendorId);
		await send(fresh.poId);
		await age(po.southSent.poId, { sentDaysAgo: 1 });
		await age(po.sent.poId, { sentDaysAgo: 4 });
		await age(po.acked.poId, { sentDaysAgo: 30 });
		await remind();
		const first = await reminders(po.sent.poId);
		expect(first.map((m) => m.toAddress).sort()).toEqual([north.admin.email, north.member.email].sort());
		expect(first[0].subject).toBe(`Reminder: ${po.sent.number} is waiting for your acknowledgement`);
		expect(first[0].textBody).toContain('4 days ago');
		for (const quiet of [fresh.poId, po.southSent.poId, po.acked.poId, po.draft.poId]) expect(await reminders(quiet)).toEqual([]);

		// the same day again: nothing new
		await remind();
		expect(await reminders(po.sent.poId)).toHaveLength(2);
		// a period later, once more
		await asSystem((tx) =>
			tx
				.update(purchaseOrder)
				.set({ lastReminderAt: sql`now() - interval '3 days 1 minute'` })
				.where(eq(purchaseOrder.id, po.sent.poId))
		);
		await remind();
		expect(await reminders(po.sent.poId)).toHaveLength(4);

		// a longer delay in the settings holds the reminder back
		await asSystem((tx) => tx.update(brandSettings).set({ poReminderDays: 10 }).where(eq(brandSettings.id, 1)));
		try {
			await asSystem((tx) => tx.update(purchaseOrder).set({ lastReminderAt: null }).where(eq(purchaseOrder.id, po.sent.poId)));
			expect(await remind()).toBe(0);
			expect(await reminders(po.sent.poId)).toHaveLength(4);
			await age(po.sent.poId, { sentDaysAgo: 11 });
			expect(await remind()).toBeGreaterThanOrEqual(1);
			expect(await reminders(po.sent.poId)).toHaveLength(6);
		} finally {
			await asSystem((tx) => tx.update(brandSettings).set({ poReminderDays: 3 }).where(eq(brandSettings.id, 1)));
		}
	});
});
