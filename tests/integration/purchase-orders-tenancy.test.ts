/**
 * Purchase orders across workshops: a workshop's people reach only the POs sent to their own
 * workshop — never another workshop's, never a draft — through the services (NotFound) and, behind
 * them, through row-level security and column grants on every statement.
 */
import { eq, inArray, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.ts';
import { error } from '../support/errors.ts';
import {
	createPurchaseOrderDraft,
	createStaff,
	createVendorUser,
	createWorkshop,
	isoDateIn,
	makePdf,
	makePng,
	purchaseOrderDraftForm
} from '../support/factories.ts';
import { poListQuerySchema } from '../../src/lib/domain/purchase-orders/schemas.ts';
import type { StaffActor, VendorActor } from '../../src/lib/server/auth/actor.ts';
import {
	outboxMessage,
	purchaseOrder,
	purchaseOrderAttachment,
	purchaseOrderChangeRequest,
	purchaseOrderLine,
	purchaseOrderMessage,
	purchaseOrderReadMarker,
	purchaseOrderRevision
} from '../../src/lib/server/db/schema/index.ts';
import { asSystem, inScope } from '../../src/lib/server/db/scope.ts';
import { readFileForActor } from '../../src/lib/server/files/service.ts';
import {
	exportPurchaseOrdersCsv,
	getPurchaseOrderFollowUp,
	listCollections,
	listPurchaseOrders
} from '../../src/lib/server/purchase-orders/lists.ts';
import {
	acknowledgePurchaseOrder,
	addPurchaseOrderAttachment,
	cancelPurchaseOrder,
	closePurchaseOrder,
	createPurchaseOrder,
	decideChangeRequests,
	declinePurchaseOrder,
	duplicatePurchaseOrder,
	getPurchaseOrder,
	getPurchaseOrderHeading,
	getPurchaseOrderPdf,
	postPurchaseOrderMessage,
	removePurchaseOrderAttachment,
	revisePurchaseOrder,
	sendPurchaseOrder,
	updatePurchaseOrderDraft
} from '../../src/lib/server/purchase-orders/service.ts';

useTestDatabase();

interface Tenant {
	vendorId: string;
	name: string;
	admin: VendorActor;
	member: VendorActor;
	/** sent, revised once (two revisions), with a change request, a message with a photo and a header file */
	sent: { poId: string; number: string; lineIds: string[]; fileIds: string[] };
	/** never sent */
	draft: { poId: string; number: string; lineIds: string[]; attachmentFileId: string };
	/** cancelled while still a draft: never the workshop's business either */
	cancelledDraft: { poId: string; number: string };
}

let ops: StaffActor;
let finance: StaffActor;
let a: Tenant;
let b: Tenant;

const png = () => makePng().then((bytes) => ({ bytes, contentType: 'image/png', originalName: 'bench.png' }));
const lineIdsOf = async (poId: string) =>
	(
		await asSystem((tx) =>
			tx.select({ id: purchaseOrderLine.id }).from(purchaseOrderLine).where(eq(purchaseOrderLine.purchaseOrderId, poId))
		)
	).map((l) => l.id);
const versionOf = async (poId: string) =>
	(await asSystem((tx) => tx.select({ version: purchaseOrder.version }).from(purchaseOrder).where(eq(purchaseOrder.id, poId))))[0].version;

async function makeTenant(label: string): Promise<Tenant> {
	const workshop = await createWorkshop(ops, { name: `Workshop ${label}` });
	const admin = await createVendorUser(workshop.vendorId, workshop.name, 'vendor_admin');
	const member = await createVendorUser(workshop.vendorId, workshop.name, 'vendor_member');

	const sent = await createPurchaseOrderDraft(ops, workshop.vendorId, { collection: `Collection ${label}` });
	await addPurchaseOrderAttachment(
		ops,
		sent.poId,
		{ bytes: await makePdf(`Spec ${label}`), contentType: 'application/pdf', originalName: 'spec.pdf' },
		'Spec'
	);
	await sendPurchaseOrder(ops, sent.poId, { version: 1 });
	const sentLines = await lineIdsOf(sent.poId);
	await acknowledgePurchaseOrder(admin, sent.poId, {
		revision: 1,
		lines: [
			{ lineId: sentLines[0], answer: 'change', quantity: 10, unitPrice: '', dueDate: '', reason: 'Short of stones' },
			{ lineId: sentLines[1], answer: 'acknowledge', promisedDate: isoDateIn(40) }
		]
	});
	const [request] = (await getPurchaseOrder(ops, sent.poId)).changeRequests;
	await decideChangeRequests(ops, sent.poId, {
		decisions: [{ requestId: request.id, decision: 'accept', note: '' }],
		version: await versionOf(sent.poId)
	});
	await acknowledgePurchaseOrder(admin, sent.poId, {
		revision: 2,
		lines: sentLines.map((lineId) => ({
			lineId,
			answer: 'change' as const,
			quantity: '' as const,
			unitPrice: '',
			dueDate: isoDateIn(90),
			reason: 'Holidays'
		}))
	});
	await postPurchaseOrderMessage(member, sent.poId, { body: `Photo from ${label}` }, [await png()]);
	const fileIds = [
		...(await getPurchaseOrder(ops, sent.poId)).attachments.map((x) => x.fileId),
		...(
			await asSystem((tx) =>
				tx
					.select()
					.from(outboxMessage)
					.where(sql`${outboxMessage.link} like ${`%${sent.poId}`}`)
			)
		).flatMap((m) => m.attachments.map((x) => x.fileId))
	];

	const draft = await createPurchaseOrderDraft(ops, workshop.vendorId, { collection: `Secret ${label}` });
	await addPurchaseOrderAttachment(ops, draft.poId, await png(), 'Unreleased design');
	const [draftAttachment] = (await getPurchaseOrder(ops, draft.poId)).attachments;
	const cancelledDraft = await createPurchaseOrderDraft(ops, workshop.vendorId, { collection: `Dropped ${label}` });
	await cancelPurchaseOrder(ops, cancelledDraft.poId, { reason: 'Design dropped', version: 1 });

	return {
		...workshop,
		admin,
		member,
		sent: { poId: sent.poId, number: sent.number, lineIds: sentLines, fileIds },
		draft: { poId: draft.poId, number: draft.number, lineIds: await lineIdsOf(draft.poId), attachmentFileId: draftAttachment.fileId },
		cancelledDraft: { poId: cancelledDraft.poId, number: cancelledDraft.number }
	};
}

beforeAll(async () => {
	[ops, finance] = [await createStaff('ops'), await createStaff('finance')];
	a = await makeTenant('A');
	b = await makeTenant('B');
});

const everything = poListQuerySchema.parse({ status: 'all' });

/** Every PO call a workshop user could aim at a PO they must not reach; each must answer NotFound. */
function attemptsOn(actor: () => VendorActor, poId: () => string, lineId: () => string): [string, () => Promise<unknown>][] {
	return [
		['getPurchaseOrder', () => getPurchaseOrder(actor(), poId())],
		['getPurchaseOrderHeading (job bags and reconciliation pages)', () => getPurchaseOrderHeading(actor(), poId())],
		['getPurchaseOrderPdf (current)', () => getPurchaseOrderPdf(actor(), poId())],
		['getPurchaseOrderPdf (revision 0)', () => getPurchaseOrderPdf(actor(), poId(), 0)],
		['getPurchaseOrderPdf (revision 1)', () => getPurchaseOrderPdf(actor(), poId(), 1)],
		['getPurchaseOrderPdf (revision 2)', () => getPurchaseOrderPdf(actor(), poId(), 2)],
		[
			'acknowledgePurchaseOrder',
			() =>
				acknowledgePurchaseOrder(actor(), poId(), {
					revision: 2,
					lines: [{ lineId: lineId(), answer: 'acknowledge', promisedDate: isoDateIn(30) }]
				})
		],
		[
			'acknowledgePurchaseOrder (change)',
			() =>
				acknowledgePurchaseOrder(actor(), poId(), {
					revision: 1,
					lines: [{ lineId: lineId(), answer: 'change', quantity: 1, unitPrice: '', dueDate: '', reason: 'Planted' }]
				})
		],
		['declinePurchaseOrder', () => declinePurchaseOrder(actor(), poId(), { revision: 2, reason: 'Planted decline' })],
		['declinePurchaseOrder (revision 1)', () => declinePurchaseOrder(actor(), poId(), { revision: 1, reason: 'Planted decline' })],
		['postPurchaseOrderMessage', () => postPurchaseOrderMessage(actor(), poId(), { body: 'Planted message' })],
		[
			'postPurchaseOrderMessage (with a file)',
			async () => postPurchaseOrderMessage(actor(), poId(), { body: 'Planted message' }, [await png()])
		]
	];
}

describe('another workshop’s purchase orders through the services', () => {
	it.each(
		attemptsOn(
			() => b.admin,
			() => a.sent.poId,
			() => a.sent.lineIds[0]
		)
	)('%s answers NotFound', async (_name, attempt) => {
		expect((await error(attempt())).code).toBe('NotFound');
	});

	it('leaves no trace of the attempts on the other workshop’s PO', async () => {
		const view = await getPurchaseOrder(ops, a.sent.poId);
		expect(view.po).toMatchObject({ status: 'change_requested', revision: 2 });
		expect(view.messages.map((m) => m.body)).toEqual(['Photo from A']);
		expect(view.changeRequests.every((r) => r.createdBy === a.admin.userId)).toBe(true);
		expect(view.po.declineReason).toBeNull();
	});

	it('never lists nor exports them, whatever the filter says', async () => {
		for (const q of [
			everything,
			poListQuerySchema.parse({ status: 'all', vendor: a.vendorId }),
			poListQuerySchema.parse({ status: 'all', q: a.sent.number })
		]) {
			const ids = (await listPurchaseOrders(b.member, q)).rows.map((r) => r.id);
			expect(ids).not.toContain(a.sent.poId);
			expect(ids.every((id) => id === b.sent.poId)).toBe(true);
			const csv = await exportPurchaseOrdersCsv(b.member, q);
			expect(csv).not.toContain(a.sent.number);
			expect(csv).not.toContain(a.name);
		}
		expect((await listCollections(b.member)).sort()).toEqual(['Collection B']);
	});

	it('opens none of their files', async () => {
		expect(a.sent.fileIds.length).toBeGreaterThanOrEqual(4); // spec, photo, two revision PDFs
		for (const fileId of a.sent.fileIds) {
			expect((await error(readFileForActor(b.member, fileId))).code, fileId).toBe('NotFound');
			// their own workshop opens them
			await expect(readFileForActor(a.member, fileId)).resolves.toMatchObject({ bytes: expect.any(Uint8Array) });
		}
		expect((await error(readFileForActor(b.member, a.draft.attachmentFileId))).code).toBe('NotFound');
	});
});

describe('drafts, even of one’s own workshop', () => {
	it.each([
		...attemptsOn(
			() => b.admin,
			() => b.draft.poId,
			() => b.draft.lineIds[0]
		).map(([name, run]) => [`${name} on a draft`, run] as const),
		...attemptsOn(
			() => b.member,
			() => b.cancelledDraft.poId,
			() => b.draft.lineIds[0]
		).map(([name, run]) => [`${name} on a draft cancelled unsent`, run] as const)
	])('%s answers NotFound', async (_name, attempt) => {
		expect((await error(attempt())).code).toBe('NotFound');
	});

	it('keep their files from the workshop until sent', async () => {
		expect((await error(readFileForActor(b.admin, b.draft.attachmentFileId))).code).toBe('NotFound');
		expect((await error(readFileForActor(a.admin, a.draft.attachmentFileId))).code).toBe('NotFound');
	});

	it('are in no list of the workshop', async () => {
		const ids = (await listPurchaseOrders(b.admin, everything)).rows.map((r) => r.id);
		expect(ids).toEqual([b.sent.poId]);
		const csv = await exportPurchaseOrdersCsv(b.admin, everything);
		expect(csv).not.toContain(b.draft.number);
		expect(csv).not.toContain(b.cancelledDraft.number);
	});
});

describe('roles inside the brand and the workshop', () => {
	it('lets finance read and write in the thread, but not draft, send, revise, decide, cancel or close', async () => {
		expect((await getPurchaseOrder(finance, a.sent.poId)).po.id).toBe(a.sent.poId);
		expect((await listPurchaseOrders(finance, everything)).total).toBeGreaterThanOrEqual(6);
		expect(await exportPurchaseOrdersCsv(finance, everything)).toContain(a.sent.number);
		expect((await getPurchaseOrderPdf(finance, a.sent.poId, 1)).filename).toBe(`${a.sent.number}.pdf`);
		const form = purchaseOrderDraftForm(a.vendorId);
		const forbidden: [string, () => Promise<unknown>][] = [
			['createPurchaseOrder', () => createPurchaseOrder(finance, form)],
			['updatePurchaseOrderDraft', () => updatePurchaseOrderDraft(finance, a.draft.poId, form)],
			['duplicatePurchaseOrder', () => duplicatePurchaseOrder(finance, a.sent.poId)],
			['sendPurchaseOrder', () => sendPurchaseOrder(finance, a.draft.poId, { version: 2 })],
			['revisePurchaseOrder', () => revisePurchaseOrder(finance, a.sent.poId, form)],
			['decideChangeRequests', () => decideChangeRequests(finance, a.sent.poId, { decisions: [], version: 1 })],
			['cancelPurchaseOrder', () => cancelPurchaseOrder(finance, a.sent.poId, { reason: 'Finance says no', version: 1 })],
			['closePurchaseOrder', () => closePurchaseOrder(finance, a.sent.poId, { version: 1 })],
			['addPurchaseOrderAttachment', async () => addPurchaseOrderAttachment(finance, a.draft.poId, await png(), 'x')],
			['removePurchaseOrderAttachment', () => removePurchaseOrderAttachment(finance, a.draft.poId, '00000000-0000-4000-8000-000000000000')]
		];
		for (const [name, attempt] of forbidden) expect((await error(attempt())).code, name).toBe('Forbidden');
	});

	it('answers NotFound when a workshop user calls the brand’s functions, even on their own PO', async () => {
		const form = purchaseOrderDraftForm(a.vendorId);
		const staffOnly: [string, () => Promise<unknown>][] = [
			['createPurchaseOrder', () => createPurchaseOrder(a.admin, form)],
			['updatePurchaseOrderDraft', () => updatePurchaseOrderDraft(a.admin, a.draft.poId, form)],
			['duplicatePurchaseOrder', () => duplicatePurchaseOrder(a.admin, a.sent.poId)],
			['sendPurchaseOrder', () => sendPurchaseOrder(a.admin, a.draft.poId, { version: 2 })],
			['revisePurchaseOrder', () => revisePurchaseOrder(a.admin, a.sent.poId, form)],
			['decideChangeRequests', () => decideChangeRequests(a.admin, a.sent.poId, { decisions: [], version: 1 })],
			['cancelPurchaseOrder', () => cancelPurchaseOrder(a.admin, a.sent.poId, { reason: 'Vendor cancels', version: 1 })],
			['closePurchaseOrder', () => closePurchaseOrder(a.admin, a.sent.poId, { version: 1 })],
			['addPurchaseOrderAttachment', async () => addPurchaseOrderAttachment(a.admin, a.sent.poId, await png(), 'x')],
			['removePurchaseOrderAttachment', () => removePurchaseOrderAttachment(a.admin, a.sent.poId, '00000000-0000-4000-8000-000000000000')],
			['getPurchaseOrderFollowUp', () => getPurchaseOrderFollowUp(a.admin)]
		];
		for (const [name, attempt] of staffOnly) expect((await error(attempt())).code, name).toBe('NotFound');
		expect((await getPurchaseOrder(ops, a.sent.poId)).po.status).toBe('change_requested');
	});
});

describe('row-level security and column grants underneath', () => {
	const asVendor = <T>(tenant: Tenant, work: Parameters<typeof inScope<T>>[1]) =>
		inScope({ kind: 'vendor', vendorId: tenant.vendorId, userId: tenant.admin.userId }, work);

	/** The database refused the statement; returns its message. */
	async function refusal(promise: Promise<unknown>): Promise<string> {
		const caught = await promise.then(
			() => undefined,
			(e: unknown) => e as Error & { cause?: Error }
		);
		expect(caught, 'expected the database to refuse the statement').toBeDefined();
		return `${caught!.message} ${caught!.cause?.message ?? ''}`;
	}

	it('shows a workshop none of another workshop’s PO rows, and none of its own drafts', async () => {
		const hidden = [a.sent.poId, a.draft.poId, a.cancelledDraft.poId, b.draft.poId, b.cancelledDraft.poId];
		const seen = await asVendor(b, async (tx) => ({
			purchaseOrder: await tx.select({ id: purchaseOrder.id }).from(purchaseOrder),
			line: await tx.select({ po: purchaseOrderLine.purchaseOrderId }).from(purchaseOrderLine),
			revision: await tx.select({ po: purchaseOrderRevision.purchaseOrderId }).from(purchaseOrderRevision),
			message: await tx.select({ po: purchaseOrderMessage.purchaseOrderId }).from(purchaseOrderMessage),
			changeRequest: await tx.select({ po: purchaseOrderChangeRequest.purchaseOrderId }).from(purchaseOrderChangeRequest),
			attachment: await tx.select({ po: purchaseOrderAttachment.purchaseOrderId }).from(purchaseOrderAttachment),
			readMarker: await tx.select({ po: purchaseOrderReadMarker.purchaseOrderId }).from(purchaseOrderReadMarker),
			aLinesById: await tx
				.select()
				.from(purchaseOrderLine)
				.where(inArray(purchaseOrderLine.id, [...a.sent.lineIds, ...b.draft.lineIds]))
		}));
		expect(seen.purchaseOrder.map((r) => r.id)).toEqual([b.sent.poId]);
		for (const table of ['line', 'revision', 'message', 'changeRequest', 'attachment', 'readMarker'] as const) {
			const pos = new Set(seen[table].map((r) => r.po));
			expect([...pos], table).toEqual([b.sent.poId]);
		}
		expect(seen.aLinesById).toEqual([]);
		// the same holds the other way round, and for direct lookups by id
		const fromA = await asVendor(a, (tx) =>
			tx.select({ id: purchaseOrder.id }).from(purchaseOrder).where(inArray(purchaseOrder.id, hidden))
		);
		expect(fromA.map((r) => r.id)).toEqual([a.sent.poId]);
	});

	it('refuses changing what the column grants do not cover', async () => {
		for (const statement of [
			sql`update purchase_order set total_minor = 0 where id = ${b.sent.poId}`,
			sql`update purchase_order set vendor_id = ${a.vendorId} where id = ${b.sent.poId}`,
			sql`update purchase_order set revision = 9 where id = ${b.sent.poId}`,
			sql`update purchase_order_line set total_minor = 0, quantity = 1 where purchase_order_id = ${b.sent.poId}`,
			sql`update purchase_order_revision set summary = 'forged' where purchase_order_id = ${b.sent.poId}`,
			sql`update purchase_order_change_request set status = 'accepted' where purchase_order_id = ${b.sent.poId}`,
			sql`delete from purchase_order_message where purchase_order_id = ${b.sent.poId}`,
			sql`delete from purchase_order where id = ${b.sent.poId}`,
			sql`insert into purchase_order_counter (year, last_number) values (2099, 1)`
		]) {
			expect(await refusal(asVendor(b, (tx) => tx.execute(statement)))).toMatch(/permission denied/);
		}
		const [row] = await asSystem((tx) => tx.select().from(purchaseOrder).where(eq(purchaseOrder.id, b.sent.poId)));
		expect(row.totalMinor).toBeGreaterThan(0);
	});

	it('refuses writing onto another workshop’s PO or onto a draft, whatever vendor id the row claims', async () => {
		// a granted column, but the row is not theirs: nothing matches
		const updated = await asVendor(b, (tx) =>
			tx.update(purchaseOrder).set({ status: 'acknowledged' }).where(eq(purchaseOrder.id, a.sent.poId)).returning({ id: purchaseOrder.id })
		);
		expect(updated).toEqual([]);
		const lineUpdate = await asVendor(b, (tx) =>
			tx
				.update(purchaseOrderLine)
				.set({ promisedDate: isoDateIn(1) })
				.where(inArray(purchaseOrderLine.id, [...a.sent.lineIds, ...b.draft.lineIds]))
				.returning({ id: purchaseOrderLine.id })
		);
		expect(lineUpdate).toEqual([]);

		for (const [target, vendorId] of [
			[a.sent.poId, b.vendorId],
			[a.sent.poId, a.vendorId],
			[b.draft.poId, b.vendorId]
		] as const) {
			const message = await refusal(
				asVendor(b, (tx) =>
					tx
						.insert(purchaseOrderMessage)
						.values({ purchaseOrderId: target, vendorId, authorName: 'Planted', side: 'vendor', body: 'planted' })
				)
			);
			expect(message).toMatch(/row-level security/);
			expect(
				await refusal(
					asVendor(b, (tx) =>
						tx.insert(purchaseOrderChangeRequest).values({
							purchaseOrderId: target,
							lineId: b.draft.lineIds[0],
							vendorId,
							revision: 1,
							reason: 'planted',
							createdByName: 'Planted'
						})
					)
				)
			).toMatch(/row-level security/);
			expect(
				await refusal(
					asVendor(b, (tx) =>
						tx.insert(purchaseOrderReadMarker).values({ purchaseOrderId: target, userId: b.admin.userId, vendorId, lastReadAt: new Date() })
					)
				)
			).toMatch(/row-level security/);
		}
		const planted = await asSystem((tx) => tx.select().from(purchaseOrderMessage).where(eq(purchaseOrderMessage.body, 'planted')));
		expect(planted).toEqual([]);
	});
});
