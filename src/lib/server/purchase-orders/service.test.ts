/**
 * The purchase-order lifecycle through its service, on a real database: drafting and numbering,
 * sending with the PDF, the vendor's answers, change requests, revisions, cancel/close and the thread.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
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
	makePdf,
	makePng,
	purchaseOrderDraftForm,
	purchaseOrderLineForm
} from '../../../../tests/support/factories.ts';
import { minorToDecimalString } from '#lib/domain/money.ts';
import type { PoDraftForm } from '#lib/domain/purchase-orders/schemas.ts';
import { lineTotals } from '#lib/domain/purchase-orders/totals.ts';
import { mgToGramsString } from '#lib/format/weight.ts';
import type { StaffActor, VendorActor } from '../auth/actor.ts';
import { queryCounter } from '../db/client.ts';
import {
	appUser,
	auditEvent,
	outboxMessage,
	purchaseOrder,
	purchaseOrderChangeRequest,
	purchaseOrderLine,
	purchaseOrderRevision,
	storedFile,
	vendor
} from '../db/schema/index.ts';
import { asSystem } from '../db/scope.ts';
import { readFileForActor } from '../files/service.ts';
import { toEditorValues } from './editor.ts';
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
} from './service.ts';

useTestDatabase();

interface Shop {
	vendorId: string;
	name: string;
	admin: VendorActor;
	member: VendorActor;
}

let ops: StaffActor;
let admin: StaffActor;
let finance: StaffActor;
let shop: Shop;
const year = new Date().getUTCFullYear();

async function workshopWithPeople(overrides: Record<string, unknown> = {}): Promise<Shop> {
	const workshop = await createWorkshop(ops, overrides);
	return {
		...workshop,
		admin: await createVendorUser(workshop.vendorId, workshop.name, 'vendor_admin'),
		member: await createVendorUser(workshop.vendorId, workshop.name, 'vendor_member')
	};
}

const poRow = async (poId: string) => (await asSystem((tx) => tx.select().from(purchaseOrder).where(eq(purchaseOrder.id, poId))))[0];
const linesOf = (poId: string) =>
	asSystem((tx) =>
		tx.select().from(purchaseOrderLine).where(eq(purchaseOrderLine.purchaseOrderId, poId)).orderBy(asc(purchaseOrderLine.lineNo))
	);
const auditsOf = (poId: string, action: string) =>
	asSystem((tx) =>
		tx
			.select()
			.from(auditEvent)
			.where(and(eq(auditEvent.entityId, poId), eq(auditEvent.action, action)))
	);
const outboxAbout = async (poId: string, topic: string) => {
	await mailsTo('nobody@example.test'); // expands vendor-written brand mail into per-person rows
	return asSystem((tx) =>
		tx
			.select()
			.from(outboxMessage)
			.where(and(eq(outboxMessage.topic, topic), sql`${outboxMessage.link} like ${`%/purchase-orders/${poId}`}`))
			.orderBy(asc(outboxMessage.createdAt))
	);
};

/** The PO as the editor would send it back: every line with its id, money as decimal text. */
async function formOf(poId: string, changes: Partial<PoDraftForm> = {}): Promise<PoDraftForm> {
	const po = await poRow(poId);
	const lines = await linesOf(poId);
	const money = (minor: number | null) => (minor === null ? '' : minorToDecimalString(minor, po.currency));
	return purchaseOrderDraftForm(po.vendorId, {
		shipTo: po.shipTo,
		requestedDate: po.requestedDate ?? '',
		collection: po.collection ?? '',
		terms: po.terms,
		notes: po.notes,
		version: po.version,
		lines: lines.map((l) =>
			purchaseOrderLineForm({
				id: l.id,
				sku: l.sku,
				description: l.description,
				quantity: l.quantity,
				size: l.size,
				jobBags: l.jobBags,
				alloy: l.alloy,
				targetWeight: mgToGramsString(l.targetWeightMg),
				weightTolerance: mgToGramsString(l.weightToleranceMg),
				stoneCount: l.stoneCount,
				hasDiamonds: l.hasDiamonds,
				laborBasis: l.laborBasis,
				laborUnitPrice: money(l.laborUnitPriceMinor),
				metalBasis: l.metalBasis,
				metalPricePerGram: money(l.metalPricePerGramMinor),
				metalFixDate: l.metalFixDate ?? '',
				stonesUnitPrice: money(l.stonesUnitPriceMinor),
				dueDate: l.dueDate,
				notes: l.notes,
				cancelled: l.cancelled
			})
		),
		...changes
	});
}

async function sentPo(overrides: Parameters<typeof createPurchaseOrderDraft>[2] = {}, to: Shop = shop) {
	const draft = await createPurchaseOrderDraft(ops, to.vendorId, overrides);
	await sendPurchaseOrder(ops, draft.poId, { version: 1 });
	return draft;
}

async function acknowledgeAll(vendorUser: VendorActor, poId: string, promisedDate = isoDateIn(40)) {
	const po = await poRow(poId);
	const lines = (await linesOf(poId)).filter((l) => !l.cancelled && l.ackStatus !== 'acknowledged');
	return acknowledgePurchaseOrder(vendorUser, poId, {
		revision: po.revision,
		lines: lines.map((l) => ({ lineId: l.id, answer: 'acknowledge' as const, promisedDate }))
	});
}

beforeAll(async () => {
	[ops, admin, finance] = [await createStaff('ops'), await createStaff('admin'), await createStaff('finance')];
	shop = await workshopWithPeople();
});

describe('drafting', () => {
	it('numbers the first PO of the year PO-YYYY-0001 and takes the currency from the workshop', async () => {
		const { poId, number } = await createPurchaseOrderDraft(ops, shop.vendorId);
		expect(number).toBe(`PO-${year}-0001`);
		const po = await poRow(poId);
		expect(po).toMatchObject({
			status: 'draft',
			currency: 'THB',
			revision: 0,
			version: 1,
			lineCount: 2,
			collection: 'Aurora',
			createdBy: ops.userId
		});
		// 12 × 45.00 + 20 × 30.00
		expect(po.totalMinor).toBe(114_000);
		expect(po.laborTotalMinor).toBe(114_000);
		expect(po.skus.sort()).toEqual(['ER-2002', 'RG-1001']);
		expect((await linesOf(poId)).map((l) => [l.lineNo, l.fineness, l.targetWeightMg])).toEqual([
			[1, 750, 3250],
			[2, 750, 3250]
		]);
		expect(await auditsOf(poId, 'purchase_order.created')).toHaveLength(1);

		const yen = await workshopWithPeople({ currency: 'JPY', country: 'JP', city: 'Kofu' });
		const jpy = await error(createPurchaseOrder(ops, purchaseOrderDraftForm(yen.vendorId)));
		expect(jpy.code).toBe('Invalid');
		expect(jpy.fields).toMatchObject({ 'lines[0].laborUnitPrice': 'JPY amounts have no decimals.' });
		const ok = await createPurchaseOrder(
			ops,
			purchaseOrderDraftForm(yen.vendorId, { lines: [purchaseOrderLineForm({ laborUnitPrice: '4500' })] })
		);
		expect(await poRow(ok.poId)).toMatchObject({ currency: 'JPY', totalMinor: 54_000 });
		expect(ok.number).toBe(`PO-${year}-0002`);
	});

	it('numbers concurrent drafts gap-free, and a failed draft gives its number back', async () => {
		const before = Number((await createPurchaseOrderDraft(ops, shop.vendorId)).number.slice(-4));
		const created = await Promise.all(Array.from({ length: 6 }, () => createPurchaseOrderDraft(ops, shop.vendorId)));
		const sequences = created.map((c) => Number(c.number.slice(-4))).sort((a, b) => a - b);
		expect(sequences).toEqual(Array.from({ length: 6 }, (_, i) => before + 1 + i));

		// fails after taking a number (the style does not exist): the whole transaction rolls back
		const broken = purchaseOrderDraftForm(shop.vendorId, {
			lines: [purchaseOrderLineForm({ styleId: '00000000-0000-4000-8000-000000000000' })]
		});
		await expect(createPurchaseOrder(ops, broken)).rejects.toThrow();
		const next = await createPurchaseOrderDraft(ops, shop.vendorId);
		expect(Number(next.number.slice(-4))).toBe(before + 7);
	});

	it('refuses a workshop that is inactive, on hold or unknown', async () => {
		const sleepy = await createWorkshop(ops);
		for (const status of ['inactive', 'on_hold'] as const) {
			await asSystem((tx) => tx.update(vendor).set({ status }).where(eq(vendor.id, sleepy.vendorId)));
			const refused = await error(createPurchaseOrder(ops, purchaseOrderDraftForm(sleepy.vendorId)));
			expect(refused.code).toBe('Invalid');
			expect(refused.fields).toHaveProperty('vendorId');
		}
		expect((await error(createPurchaseOrder(ops, purchaseOrderDraftForm('00000000-0000-4000-8000-000000000000')))).fields).toHaveProperty(
			'vendorId'
		);
	});

	it('lets only ops and admins draft', async () => {
		expect((await error(createPurchaseOrder(finance, purchaseOrderDraftForm(shop.vendorId)))).code).toBe('Forbidden');
		expect((await error(createPurchaseOrder(shop.admin, purchaseOrderDraftForm(shop.vendorId)))).code).toBe('NotFound');
		expect((await createPurchaseOrder(admin, purchaseOrderDraftForm(shop.vendorId))).number).toMatch(/^PO-\d{4}-\d{4}$/);
	});

	it('refuses an edit made on an older version, returning the newer PO', async () => {
		const { poId } = await createPurchaseOrderDraft(ops, shop.vendorId);
		const form = await formOf(poId);
		const first = {
			...form,
			lines: [...form.lines.slice(0, 1), purchaseOrderLineForm({ sku: 'PD-3003', description: 'Pendant', quantity: 5 })]
		};
		expect(await updatePurchaseOrderDraft(ops, poId, first)).toEqual({ ok: true });
		const po = await poRow(poId);
		expect(po.version).toBe(2);
		// the second line was removed (a draft may); a draft's lines are numbered as the editor shows them
		expect((await linesOf(poId)).map((l) => [l.lineNo, l.sku])).toEqual([
			[1, 'RG-1001'],
			[2, 'PD-3003']
		]);
		expect(po.totalMinor).toBe(12 * 4500 + 5 * 4500);
		expect(po.skus.sort()).toEqual(['PD-3003', 'RG-1001']);

		const stale = await updatePurchaseOrderDraft(admin, poId, { ...form, notes: 'my older edit' });
		expect(stale.ok).toBe(false);
		if (!stale.ok) expect(stale.current).toMatchObject({ id: poId, version: 2 });
		expect((await poRow(poId)).notes).toBe('');
	});

	it('keeps a past due date an old draft line already had, but not a new one', async () => {
		const { poId } = await createPurchaseOrderDraft(ops, shop.vendorId);
		const [first] = await linesOf(poId);
		await asSystem((tx) =>
			tx
				.update(purchaseOrderLine)
				.set({ dueDate: isoDateIn(-3) })
				.where(eq(purchaseOrderLine.id, first.id))
		);
		const form = await formOf(poId);
		expect(await updatePurchaseOrderDraft(ops, poId, { ...form, notes: 'still late' })).toEqual({ ok: true });
		const late = await error(
			updatePurchaseOrderDraft(ops, poId, {
				...(await formOf(poId)),
				lines: [...form.lines, purchaseOrderLineForm({ dueDate: isoDateIn(-1) })]
			})
		);
		expect(late.fields).toEqual({ 'lines[2].dueDate': 'The due date is in the past.' });
		// a new draft may not start with a requested date in the past
		const requested = await error(createPurchaseOrder(ops, purchaseOrderDraftForm(shop.vendorId, { requestedDate: isoDateIn(-1) })));
		expect(requested.fields).toHaveProperty('requestedDate');
		// an old draft keeps the requested date it has, but may not move it to another past day
		await asSystem((tx) =>
			tx
				.update(purchaseOrder)
				.set({ requestedDate: isoDateIn(-5) })
				.where(eq(purchaseOrder.id, poId))
		);
		expect(await updatePurchaseOrderDraft(ops, poId, await formOf(poId, { notes: 'kept' }))).toEqual({ ok: true });
		const moved = await error(updatePurchaseOrderDraft(ops, poId, await formOf(poId, { requestedDate: isoDateIn(-2) })));
		expect(moved.fields).toEqual({ requestedDate: 'The requested date is in the past.' });
		expect((await poRow(poId)).requestedDate).toBe(isoDateIn(-5));
	});

	it('duplicates a PO as a new draft without its cancelled lines nor the vendor’s answers', async () => {
		const { poId } = await sentPo();
		await acknowledgeAll(shop.admin, poId);
		const form = await formOf(poId);
		form.lines[0].cancelled = true;
		await revisePurchaseOrder(ops, poId, form);
		const copy = await duplicatePurchaseOrder(ops, poId);
		expect(copy.number).not.toBe((await poRow(poId)).number);
		const po = await poRow(copy.poId);
		expect(po).toMatchObject({
			status: 'draft',
			revision: 0,
			vendorId: shop.vendorId,
			collection: 'Aurora',
			lineCount: 1,
			totalMinor: 20 * 3000
		});
		const lines = await linesOf(copy.poId);
		expect(lines.map((l) => [l.lineNo, l.sku, l.ackStatus, l.promisedDate, l.baselinePromisedDate])).toEqual([
			[1, 'ER-2002', 'pending', null, null]
		]);
		expect((await error(duplicatePurchaseOrder(finance, poId))).code).toBe('Forbidden');
	});
});

describe('job bags', () => {
	it('cuts one bag per line by default; one per piece is saved, sent, reopened in the editor and duplicated', async () => {
		const { poId } = await sentPo({
			lines: [purchaseOrderLineForm({ jobBags: 'per_piece' }), purchaseOrderLineForm({ sku: 'ER-2002', description: 'Hoop earrings' })]
		});
		const lines = await linesOf(poId);
		expect(lines.map((l) => l.jobBags)).toEqual(['per_piece', 'batch']);
		const [rev] = await asSystem((tx) => tx.select().from(purchaseOrderRevision).where(eq(purchaseOrderRevision.purchaseOrderId, poId)));
		expect((rev.snapshot as { lines: { jobBags: string }[] }).lines.map((l) => l.jobBags)).toEqual(['per_piece', 'batch']);
		expect(toEditorValues(await poRow(poId), lines).lines.map((l) => l.jobBags)).toEqual(['per_piece', 'batch']);

		const copy = await duplicatePurchaseOrder(ops, poId);
		expect((await linesOf(copy.poId)).map((l) => l.jobBags)).toEqual(['per_piece', 'batch']);
	});

	it('refuses one bag per piece for more than 200 pieces, even from a caller that skipped the form', async () => {
		const form = {
			...purchaseOrderDraftForm(shop.vendorId),
			lines: [{ ...purchaseOrderLineForm({ jobBags: 'per_piece' }), quantity: 201 }]
		};
		const refused = await error(createPurchaseOrder(ops, form));
		expect(refused.code).toBe('Invalid');
		expect(refused.fields).toEqual({ 'lines[0].jobBags': 'One bag per piece is for up to 200 pieces; use one bag for the line.' });
	});

	it('shows a change from one bag to one per piece as a changed line of the revision; older snapshots read as one bag', async () => {
		const { poId } = await sentPo();
		// revision 1 as frozen before lines said how bags are cut
		await asSystem((tx) =>
			tx.execute(sql`
				update purchase_order_revision
				set snapshot = jsonb_set(snapshot, '{lines}', (select jsonb_agg(l - 'jobBags') from jsonb_array_elements(snapshot->'lines') l))
				where purchase_order_id = ${poId}`)
		);
		const form = await formOf(poId);
		form.lines[1].jobBags = 'per_piece';
		expect(await revisePurchaseOrder(ops, poId, form)).toEqual({ ok: true });

		const view = await getPurchaseOrder(ops, poId);
		expect(view.diff?.lines.map((l) => [l.lineNo, l.kind])).toEqual([[2, 'changed']]);
		expect(view.diff?.unchangedLines).toBe(1);
		expect(view.diff?.lines[0].changes).toEqual([
			{ field: 'jobBags', label: 'Job bags', before: 'One bag for the line', after: 'One bag per piece' }
		]);
		expect(view.revisions[0].summary).toBe('line 2: job bags One bag for the line → One bag per piece');
		expect(view.lines.map((l) => l.jobBags)).toEqual(['batch', 'per_piece']);
	});
});

describe('sending', () => {
	it('sends revision 1 with its PDF to every active person of the workshop', async () => {
		const people = await workshopWithPeople();
		const gone = await createVendorUser(people.vendorId, people.name, 'vendor_member');
		await asSystem((tx) => tx.update(appUser).set({ status: 'disabled' }).where(eq(appUser.id, gone.userId)));
		const invited = await createVendorUser(people.vendorId, people.name, 'vendor_member');
		await asSystem((tx) => tx.update(appUser).set({ passwordHash: null }).where(eq(appUser.id, invited.userId)));

		const { poId, number } = await createPurchaseOrderDraft(ops, people.vendorId);
		await sendPurchaseOrder(ops, poId, { version: 1 });
		const po = await poRow(poId);
		expect(po).toMatchObject({ status: 'sent', revision: 1, version: 2 });
		expect(po.sentAt).not.toBeNull();
		expect(po.firstSentAt).toEqual(po.sentAt);

		const mails = await outboxAbout(poId, 'purchase-order-sent');
		expect(mails.map((m) => m.toAddress).sort()).toEqual([people.admin.email, people.member.email].sort());
		for (const mail of mails) {
			expect(mail.subject).toContain(number);
			expect(mail.link).toBe(`http://bezel.test/workshop/purchase-orders/${poId}`);
			expect(mail.attachments).toEqual([{ fileId: expect.any(String), filename: `${number}.pdf` }]);
		}
		const [file] = await asSystem((tx) => tx.select().from(storedFile).where(eq(storedFile.id, mails[0].attachments[0].fileId)));
		expect(file).toMatchObject({ vendorId: people.vendorId, contentType: 'application/pdf' });
		const download = await readFileForActor(people.member, file.id);
		expect(Buffer.from(download.bytes.slice(0, 5)).toString()).toBe('%PDF-');

		const [revision] = await asSystem((tx) =>
			tx.select().from(purchaseOrderRevision).where(eq(purchaseOrderRevision.purchaseOrderId, poId))
		);
		expect(revision).toMatchObject({ revision: 1, summary: 'First issue', createdByName: ops.name });
		expect((revision.snapshot as { totals: { totalMinor: number } }).totals.totalMinor).toBe(po.totalMinor);

		const pdf = await getPurchaseOrderPdf(people.admin, poId, 1);
		expect(pdf.filename).toBe(`${number}.pdf`);
		expect(Buffer.from(pdf.bytes.slice(0, 5)).toString()).toBe('%PDF-');
		// the download is the very document that was e-mailed, byte for byte, and may be cached for good
		expect(revision.pdfFileId).toBe(file.id);
		expect(Buffer.compare(Buffer.from(pdf.bytes), Buffer.from(download.bytes))).toBe(0);
		expect(pdf.immutable).toBe(true);
		expect(await auditsOf(poId, 'purchase_order.sent')).toHaveLength(1);

		// once sent, it cannot be sent again
		expect((await error(sendPurchaseOrder(ops, poId, { version: 2 }))).code).toBe('Conflict');
	});

	it('refuses to send without lines, with a past due date, with nobody to receive it, or from an old version', async () => {
		const empty = await createPurchaseOrderDraft(ops, shop.vendorId, { lines: [] });
		expect((await error(sendPurchaseOrder(ops, empty.poId, { version: 1 }))).code).toBe('Invalid');

		const late = await createPurchaseOrderDraft(ops, shop.vendorId);
		const [first] = await linesOf(late.poId);
		await asSystem((tx) =>
			tx
				.update(purchaseOrderLine)
				.set({ dueDate: isoDateIn(-1) })
				.where(eq(purchaseOrderLine.id, first.id))
		);
		const pastDue = await error(sendPurchaseOrder(ops, late.poId, { version: 1 }));
		expect(pastDue.code).toBe('Invalid');
		expect(pastDue.message).toMatch(/Line 1 is due/);

		const lonely = await createWorkshop(ops);
		const nobody = await createPurchaseOrderDraft(ops, lonely.vendorId);
		expect((await error(sendPurchaseOrder(ops, nobody.poId, { version: 1 }))).code).toBe('Conflict');

		const stale = await createPurchaseOrderDraft(ops, shop.vendorId);
		await updatePurchaseOrderDraft(ops, stale.poId, await formOf(stale.poId, { notes: 'edited' }));
		expect((await error(sendPurchaseOrder(ops, stale.poId, { version: 1 }))).code).toBe('Conflict');

		expect((await error(sendPurchaseOrder(finance, stale.poId, { version: 2 }))).code).toBe('Forbidden');
		for (const id of [empty.poId, late.poId, nobody.poId, stale.poId]) expect((await poRow(id)).status).toBe('draft');
		expect(await outboxAbout(nobody.poId, 'purchase-order-sent')).toEqual([]);
	});
});

describe('the vendor’s answer', () => {
	it('acknowledges with promised dates that become the baseline, and tells the brand', async () => {
		const { poId, number } = await sentPo();
		const [one, two] = await linesOf(poId);
		const result = await acknowledgePurchaseOrder(shop.member, poId, {
			revision: 1,
			lines: [
				{ lineId: one.id, answer: 'acknowledge', promisedDate: isoDateIn(28) },
				{ lineId: two.id, answer: 'acknowledge', promisedDate: isoDateIn(50) }
			]
		});
		expect(result).toEqual({ outcome: 'acknowledged', alreadyDone: false });
		const po = await poRow(poId);
		expect(po.status).toBe('acknowledged');
		expect(po.firstAcknowledgedAt).not.toBeNull();
		expect((await linesOf(poId)).map((l) => [l.ackStatus, l.promisedDate, l.baselinePromisedDate, l.promisedDateChanges])).toEqual([
			['acknowledged', isoDateIn(28), isoDateIn(28), 0],
			['acknowledged', isoDateIn(50), isoDateIn(50), 0]
		]);
		const toBrand = await outboxAbout(poId, 'purchase-order-acknowledged');
		expect(toBrand.map((m) => [m.toAddress, m.link])).toEqual([[ops.email, `http://bezel.test/purchase-orders/${poId}`]]);
		expect(toBrand[0].subject).toBe(`${shop.name} acknowledged ${number}`);
	});

	it('refuses an incomplete or impossible answer', async () => {
		const { poId } = await sentPo();
		const [one, two] = await linesOf(poId);
		const missing = await error(
			acknowledgePurchaseOrder(shop.admin, poId, {
				revision: 1,
				lines: [{ lineId: one.id, answer: 'acknowledge', promisedDate: isoDateIn(20) }]
			})
		);
		expect(missing.code).toBe('Invalid');
		expect(missing.message).toMatch(/line 2/);
		const past = await error(
			acknowledgePurchaseOrder(shop.admin, poId, {
				revision: 1,
				lines: [
					{ lineId: one.id, answer: 'acknowledge', promisedDate: isoDateIn(-1) },
					{ lineId: two.id, answer: 'acknowledge', promisedDate: isoDateIn(20) }
				]
			})
		);
		expect(past.fields).toEqual({ 'lines[0].promisedDate': 'The promised date is in the past.' });
		const other = await sentPo();
		const [foreign] = await linesOf(other.poId);
		const wrongLine = await error(
			acknowledgePurchaseOrder(shop.admin, poId, {
				revision: 1,
				lines: [
					{ lineId: foreign.id, answer: 'acknowledge', promisedDate: isoDateIn(20) },
					{ lineId: one.id, answer: 'acknowledge', promisedDate: isoDateIn(20) },
					{ lineId: two.id, answer: 'acknowledge', promisedDate: isoDateIn(20) }
				]
			})
		);
		expect(wrongLine.fields).toHaveProperty(['lines[0]']);
		const price = await error(
			acknowledgePurchaseOrder(shop.admin, poId, {
				revision: 1,
				lines: [
					{ lineId: one.id, answer: 'change', quantity: '', unitPrice: '44.999', dueDate: '', reason: 'Gold price' },
					{ lineId: two.id, answer: 'change', quantity: '', unitPrice: '', dueDate: '', reason: 'Nothing proposed' }
				]
			})
		);
		expect(price.fields).toEqual({
			'lines[0].unitPrice': 'THB amounts have at most 2 decimals.',
			'lines[1].reason': 'Propose a new quantity, price or date.'
		});
		const same = await error(
			acknowledgePurchaseOrder(shop.admin, poId, {
				revision: 1,
				lines: [
					{ lineId: one.id, answer: 'change', quantity: one.quantity, unitPrice: '', dueDate: one.dueDate, reason: 'Same again' },
					{ lineId: two.id, answer: 'change', quantity: '', unitPrice: '99999999999', dueDate: '', reason: 'Typo' }
				]
			})
		);
		expect(same.fields).toEqual({
			'lines[0].reason': 'That is what the PO already says: propose a different quantity, price or date.',
			'lines[1].unitPrice': 'That price is too large.'
		});
		expect((await poRow(poId)).status).toBe('sent');
		expect((await error(acknowledgePurchaseOrder(ops as never, poId, { revision: 1, lines: [] }))).code).toBe('NotFound');
	});

	it('has one effect when the same acknowledgement arrives twice at once', async () => {
		const { poId } = await sentPo();
		const lines = await linesOf(poId);
		const input = { revision: 1, lines: lines.map((l) => ({ lineId: l.id, answer: 'acknowledge' as const, promisedDate: isoDateIn(33) })) };
		const results = await Promise.all([
			acknowledgePurchaseOrder(shop.admin, poId, input),
			acknowledgePurchaseOrder(shop.admin, poId, input)
		]);
		expect(results.map((r) => r.alreadyDone).sort()).toEqual([false, true]);
		expect(results.every((r) => r.outcome === 'acknowledged')).toBe(true);
		expect(await auditsOf(poId, 'purchase_order.acknowledged')).toHaveLength(1);
		expect(await outboxAbout(poId, 'purchase-order-acknowledged')).toHaveLength(1);
		expect((await poRow(poId)).version).toBe(3);
	});

	it('requests changes per line; accepting them issues revision 2 to acknowledge again, the baseline staying put', async () => {
		const { poId, number } = await sentPo();
		const [one, two] = await linesOf(poId);
		const answer = await acknowledgePurchaseOrder(shop.admin, poId, {
			revision: 1,
			lines: [
				{
					lineId: one.id,
					answer: 'change',
					quantity: 15,
					unitPrice: '47.50',
					dueDate: isoDateIn(35),
					reason: 'Casting capacity this month'
				},
				{ lineId: two.id, answer: 'acknowledge', promisedDate: isoDateIn(44) }
			]
		});
		expect(answer).toEqual({ outcome: 'change_requested', alreadyDone: false });
		expect((await poRow(poId)).status).toBe('change_requested');
		const view = await getPurchaseOrder(ops, poId);
		expect(view.changeRequests).toHaveLength(1);
		expect(view.changeRequests[0]).toMatchObject({
			lineId: one.id,
			proposedQuantity: 15,
			proposedUnitPriceMinor: 4750,
			proposedDueDate: isoDateIn(35),
			status: 'open',
			revision: 1
		});
		expect(view.allowed.sort()).toEqual(['answer_changes', 'cancel', 'revise']);
		const told = await outboxAbout(poId, 'purchase-order-change-requested');
		expect(told.map((m) => m.toAddress)).toEqual([ops.email]);
		expect(told[0].textBody).toContain('Casting capacity this month');
		// a different second answer to the same revision is refused, not silently dropped
		expect((await error(acknowledgeAll(shop.admin, poId))).code).toBe('Conflict');
		expect((await poRow(poId)).status).toBe('change_requested');

		const version = (await poRow(poId)).version;
		expect(
			(
				await error(
					decideChangeRequests(ops, poId, {
						decisions: [{ requestId: view.changeRequests[0].id, decision: 'accept', note: '' }],
						version: version - 1
					})
				)
			).code
		).toBe('Conflict');
		expect(
			(
				await error(
					decideChangeRequests(finance, poId, {
						decisions: [{ requestId: view.changeRequests[0].id, decision: 'accept', note: '' }],
						version
					})
				)
			).code
		).toBe('Forbidden');
		const decided = await decideChangeRequests(ops, poId, {
			decisions: [{ requestId: view.changeRequests[0].id, decision: 'accept', note: 'Fine' }],
			version
		});
		expect(decided).toEqual({ revised: true });

		const po = await poRow(poId);
		expect(po).toMatchObject({ status: 'sent', revision: 2 });
		const lines = await linesOf(poId);
		expect(lines.map((l) => l.ackStatus)).toEqual(['pending', 'pending']);
		expect(lines[0]).toMatchObject({ quantity: 15, laborUnitPriceMinor: 4750, dueDate: isoDateIn(35), totalMinor: 15 * 4750 });
		expect(po.totalMinor).toBe(15 * 4750 + 20 * 3000);
		const [request] = await asSystem((tx) =>
			tx.select().from(purchaseOrderChangeRequest).where(eq(purchaseOrderChangeRequest.purchaseOrderId, poId))
		);
		expect(request).toMatchObject({ status: 'accepted', decisionNote: 'Fine', decidedBy: ops.userId });

		const revised = await getPurchaseOrder(shop.admin, poId);
		expect(revised.revisions.map((r) => r.revision)).toEqual([2, 1]);
		expect(revised.revisions[0].summary).toMatch(/1 change request accepted/);
		expect(revised.revisions[0].summary).toMatch(/quantity 12 pcs → 15 pcs/);
		expect(revised.diff?.lines.map((l) => [l.lineNo, l.kind])).toEqual([[1, 'changed']]);
		expect(revised.diff?.unchangedLines).toBe(1);
		const mails = await outboxAbout(poId, 'purchase-order-revised');
		expect(mails).toHaveLength(2);
		expect(mails[0].attachments).toEqual([{ fileId: expect.any(String), filename: `${number}-rev2.pdf` }]);
		expect((await getPurchaseOrderPdf(shop.admin, poId)).filename).toBe(`${number}-rev2.pdf`);

		// answering the old revision is refused; the new one is acknowledged, baseline kept, moves counted
		expect(
			(
				await error(
					acknowledgePurchaseOrder(shop.admin, poId, {
						revision: 1,
						lines: lines.map((l) => ({ lineId: l.id, answer: 'acknowledge' as const, promisedDate: isoDateIn(60) }))
					})
				)
			).code
		).toBe('Conflict');
		await acknowledgeAll(shop.admin, poId, isoDateIn(60));
		expect((await poRow(poId)).status).toBe('acknowledged');
		expect((await linesOf(poId)).map((l) => [l.promisedDate, l.baselinePromisedDate, l.promisedDateChanges])).toEqual([
			[isoDateIn(60), isoDateIn(60), 0],
			[isoDateIn(60), isoDateIn(44), 1]
		]);
	});

	it('goes back to the vendor with the same revision when every request is rejected', async () => {
		const { poId } = await sentPo();
		const [one, two] = await linesOf(poId);
		await acknowledgePurchaseOrder(shop.admin, poId, {
			revision: 1,
			lines: [
				{ lineId: one.id, answer: 'acknowledge', promisedDate: isoDateIn(30) },
				{ lineId: two.id, answer: 'change', quantity: '', unitPrice: '', dueDate: isoDateIn(70), reason: 'Stones arrive late' }
			]
		});
		const [request] = (await getPurchaseOrder(ops, poId)).changeRequests;
		const { version } = await poRow(poId);
		expect(
			(
				await error(
					decideChangeRequests(ops, poId, {
						decisions: [{ requestId: '00000000-0000-4000-8000-000000000000', decision: 'reject', note: '' }],
						version
					})
				)
			).code
		).toBe('Invalid');
		expect(
			await decideChangeRequests(ops, poId, {
				decisions: [{ requestId: request.id, decision: 'reject', note: 'The launch date is fixed' }],
				version
			})
		).toEqual({ revised: false });
		expect(await poRow(poId)).toMatchObject({ status: 'sent', revision: 1 });
		expect((await linesOf(poId)).map((l) => l.ackStatus)).toEqual(['acknowledged', 'pending']);
		const told = await outboxAbout(poId, 'purchase-order-changes-rejected');
		expect(told).toHaveLength(2);
		expect(told[0].textBody).toContain('The launch date is fixed');
		// only the rejected line needs an answer now
		expect(
			await acknowledgePurchaseOrder(shop.admin, poId, {
				revision: 1,
				lines: [{ lineId: two.id, answer: 'acknowledge', promisedDate: isoDateIn(45) }]
			})
		).toEqual({
			outcome: 'acknowledged',
			alreadyDone: false
		});
		expect((await linesOf(poId)).map((l) => l.ackStatus)).toEqual(['acknowledged', 'acknowledged']);
	});

	it('declines with a reason, once; the brand can revise and send it again', async () => {
		const { poId } = await sentPo();
		expect(await declinePurchaseOrder(shop.admin, poId, { revision: 1, reason: 'No capacity before spring' })).toEqual({
			outcome: 'declined',
			alreadyDone: false
		});
		expect(await declinePurchaseOrder(shop.admin, poId, { revision: 1, reason: 'No capacity before spring' })).toEqual({
			outcome: 'declined',
			alreadyDone: true
		});
		expect(await poRow(poId)).toMatchObject({ status: 'declined', declineReason: 'No capacity before spring' });
		expect(await auditsOf(poId, 'purchase_order.declined')).toHaveLength(1);
		const told = await outboxAbout(poId, 'purchase-order-declined');
		expect(told.map((m) => m.toAddress)).toEqual([ops.email]);
		expect(told[0].textBody).toContain('No capacity before spring');
		expect((await error(acknowledgeAll(shop.admin, poId))).code).toBe('Conflict');

		const form = await formOf(poId);
		form.lines[0].dueDate = isoDateIn(120);
		expect(await revisePurchaseOrder(ops, poId, { ...form, revisionNote: 'Moved to spring' })).toEqual({ ok: true });
		expect(await poRow(poId)).toMatchObject({ status: 'sent', revision: 2, declineReason: null });
		expect((await error(declinePurchaseOrder(shop.admin, poId, { revision: 1, reason: 'Still no' }))).code).toBe('Conflict');
	});
});

describe('revising a sent PO', () => {
	it('records the diff as the revision’s summary; the vendor acknowledges again, baseline kept', async () => {
		const { poId } = await sentPo();
		await acknowledgeAll(shop.admin, poId, isoDateIn(31));
		const form = await formOf(poId);
		form.lines[1].dueDate = isoDateIn(50);
		form.lines.push(
			purchaseOrderLineForm({ sku: 'BR-4004', description: 'Tennis bracelet', quantity: 2, hasDiamonds: true, stoneCount: 40 })
		);
		expect(await revisePurchaseOrder(ops, poId, { ...form, revisionNote: 'Bracelet added for the launch' })).toEqual({ ok: true });

		const view = await getPurchaseOrder(ops, poId);
		expect(view.po).toMatchObject({ status: 'sent', revision: 2, lineCount: 3 });
		expect(view.revisions[0].summary).toMatch(/^Bracelet added for the launch — line 2: due date .* → .*; line 3 added$/);
		expect(view.diff?.lines.map((l) => [l.lineNo, l.kind])).toEqual([
			[2, 'changed'],
			[3, 'added']
		]);
		expect(view.diff?.unchangedLines).toBe(1);
		expect(view.lines.map((l) => l.ackStatus)).toEqual(['pending', 'pending', 'pending']);
		expect(await auditsOf(poId, 'purchase_order.revised')).toHaveLength(1);

		await acknowledgeAll(shop.admin, poId, isoDateIn(52));
		expect((await linesOf(poId)).map((l) => [l.baselinePromisedDate, l.promisedDateChanges])).toEqual([
			[isoDateIn(31), 1],
			[isoDateIn(31), 1],
			[isoDateIn(52), 0]
		]);
	});

	it('compares each new revision with the one before; a revision’s comparison is made once, not on every view', async () => {
		const { poId } = await sentPo();
		const form = await formOf(poId);
		form.lines[0].quantity += 1;
		expect(await revisePurchaseOrder(ops, poId, form)).toEqual({ ok: true });
		const first = await getPurchaseOrder(ops, poId);
		expect(first.diff?.lines.map((l) => [l.lineNo, l.kind])).toEqual([[1, 'changed']]);
		// revisions never change: a later view (here the workshop's) shows the comparison already made,
		// without reading the snapshots again (blanked meanwhile, then put back for the next revision)
		const revisionsOf = eq(purchaseOrderRevision.purchaseOrderId, poId);
		const kept = await asSystem((tx) =>
			tx
				.select({ revision: purchaseOrderRevision.revision, snapshot: purchaseOrderRevision.snapshot })
				.from(purchaseOrderRevision)
				.where(revisionsOf)
		);
		await asSystem((tx) => tx.update(purchaseOrderRevision).set({ snapshot: {} }).where(revisionsOf));
		expect((await getPurchaseOrder(shop.admin, poId)).diff).toEqual(first.diff);
		// the same PO by an address written in capitals finds it too
		expect((await getPurchaseOrder(ops, poId.toUpperCase())).diff).toEqual(first.diff);
		for (const { revision, snapshot } of kept) {
			await asSystem((tx) =>
				tx
					.update(purchaseOrderRevision)
					.set({ snapshot })
					.where(and(revisionsOf, eq(purchaseOrderRevision.revision, revision)))
			);
		}

		const next = await formOf(poId);
		next.lines[1].dueDate = isoDateIn(60);
		expect(await revisePurchaseOrder(ops, poId, next)).toEqual({ ok: true });
		const revised = await getPurchaseOrder(shop.admin, poId);
		expect(revised.po.revision).toBe(3);
		expect(revised.diff?.lines.map((l) => [l.lineNo, l.kind])).toEqual([[2, 'changed']]);
		expect(revised.diff?.lines[0].changes.map((c) => c.field)).toEqual(['dueDate']);
		expect(revised.diff?.unchangedLines).toBe(1);
		expect(revised.revisions.map((r) => r.revision)).toEqual([3, 2, 1]);
		expect(revised.revisions[0]).not.toHaveProperty('snapshot');
	});

	it('refuses removing a sent line, an unchanged revision, all lines cancelled, and a stale version', async () => {
		const { poId } = await sentPo();
		const form = await formOf(poId);
		expect((await error(revisePurchaseOrder(ops, poId, { ...form, lines: form.lines.slice(0, 1) }))).code).toBe('Invalid');
		const same = await error(revisePurchaseOrder(ops, poId, form));
		expect(same.code).toBe('Invalid');
		expect(same.message).toMatch(/Nothing changed/);
		const allCancelled = await error(
			revisePurchaseOrder(ops, poId, { ...form, lines: form.lines.map((l) => ({ ...l, cancelled: true })) })
		);
		expect(allCancelled.code).toBe('Invalid');
		expect(await revisePurchaseOrder(ops, poId, { ...form, version: form.version - 1, notes: 'late edit' })).toMatchObject({
			ok: false,
			current: { version: form.version }
		});
		// nothing of the refused attempts stuck
		expect(await poRow(poId)).toMatchObject({ revision: 1, version: form.version, notes: '' });
		expect(await linesOf(poId)).toHaveLength(2);
		expect(await outboxAbout(poId, 'purchase-order-revised')).toEqual([]);
		// a draft is saved, not revised; a closed PO is neither
		const draft = await createPurchaseOrderDraft(ops, shop.vendorId);
		expect((await error(revisePurchaseOrder(ops, draft.poId, await formOf(draft.poId, { notes: 'x' })))).code).toBe('Conflict');
		expect((await error(updatePurchaseOrderDraft(ops, poId, { ...form, notes: 'x' }))).code).toBe('Conflict');
	});

	it('cancels a line by revision: it drops out of the totals and the vendor need not answer it', async () => {
		const { poId } = await sentPo();
		const form = await formOf(poId);
		form.lines[0].cancelled = true;
		await revisePurchaseOrder(ops, poId, form);
		const po = await poRow(poId);
		expect(po).toMatchObject({ revision: 2, lineCount: 1, totalMinor: 20 * 3000, skus: ['ER-2002'] });
		const [, two] = await linesOf(poId);
		expect(
			await acknowledgePurchaseOrder(shop.admin, poId, {
				revision: 2,
				lines: [{ lineId: two.id, answer: 'acknowledge', promisedDate: isoDateIn(40) }]
			})
		).toMatchObject({
			outcome: 'acknowledged'
		});
	});
});

describe('cancel and close', () => {
	it('cancels a draft silently and a sent PO with a word to the workshop', async () => {
		const draft = await createPurchaseOrderDraft(ops, shop.vendorId);
		await cancelPurchaseOrder(ops, draft.poId, { reason: 'Collection dropped', version: 1 });
		expect(await poRow(draft.poId)).toMatchObject({ status: 'cancelled', cancelReason: 'Collection dropped' });
		expect(await outboxAbout(draft.poId, 'purchase-order-cancelled')).toEqual([]);

		const { poId } = await sentPo();
		const [one, two] = await linesOf(poId);
		await acknowledgePurchaseOrder(shop.admin, poId, {
			revision: 1,
			lines: [
				{ lineId: one.id, answer: 'change', quantity: 10, unitPrice: '', dueDate: '', reason: 'Fewer pieces' },
				{ lineId: two.id, answer: 'acknowledge', promisedDate: isoDateIn(30) }
			]
		});
		const { version } = await poRow(poId);
		expect((await error(cancelPurchaseOrder(ops, poId, { reason: 'Late', version: version - 1 }))).code).toBe('Conflict');
		await cancelPurchaseOrder(ops, poId, { reason: 'Collection dropped', version });
		expect((await poRow(poId)).status).toBe('cancelled');
		const mails = await outboxAbout(poId, 'purchase-order-cancelled');
		expect(mails.map((m) => m.toAddress).sort()).toEqual([shop.admin.email, shop.member.email].sort());
		expect(mails[0].textBody).toContain('Collection dropped');
		const requests = await asSystem((tx) =>
			tx.select().from(purchaseOrderChangeRequest).where(eq(purchaseOrderChangeRequest.purchaseOrderId, poId))
		);
		expect(requests.map((r) => r.status)).toEqual(['rejected']);
		expect((await error(cancelPurchaseOrder(ops, poId, { reason: 'Again', version: version + 1 }))).code).toBe('Conflict');
		expect((await error(declinePurchaseOrder(shop.admin, poId, { revision: 1, reason: 'Too late' }))).code).toBe('Conflict');
	});

	it('closes an acknowledged PO, not one still waiting for the vendor', async () => {
		const { poId } = await sentPo();
		expect((await error(closePurchaseOrder(ops, poId, { version: 2 }))).code).toBe('Conflict');
		await acknowledgeAll(shop.admin, poId);
		const { version } = await poRow(poId);
		expect((await error(closePurchaseOrder(finance, poId, { version }))).code).toBe('Forbidden');
		await closePurchaseOrder(admin, poId, { version });
		expect((await poRow(poId)).status).toBe('closed');
		expect((await poRow(poId)).closedAt).not.toBeNull();
		expect((await getPurchaseOrder(ops, poId)).allowed).toEqual([]);
		expect((await error(revisePurchaseOrder(ops, poId, await formOf(poId, { notes: 'after close' })))).code).toBe('Conflict');
	});
});

describe('attachments and the thread', () => {
	it('keeps header files on a draft removable and files once sent', async () => {
		const { poId } = await createPurchaseOrderDraft(ops, shop.vendorId);
		const png = await makePng();
		await addPurchaseOrderAttachment(ops, poId, { bytes: png, contentType: 'image/png', originalName: 'render.png' }, 'CAD render, view A');
		await addPurchaseOrderAttachment(
			ops,
			poId,
			{ bytes: await makePdf('Spec'), contentType: 'application/pdf', originalName: 'spec.pdf' },
			''
		);
		let attachments = (await getPurchaseOrder(ops, poId)).attachments;
		expect(attachments.map((a) => [a.title, a.contentType, a.messageId])).toEqual([
			['CAD render, view A', 'image/png', null],
			['spec.pdf', 'application/pdf', null]
		]);
		await removePurchaseOrderAttachment(ops, poId, attachments[1].id);
		attachments = (await getPurchaseOrder(ops, poId)).attachments;
		expect(attachments).toHaveLength(1);
		expect(
			await error(addPurchaseOrderAttachment(finance, poId, { bytes: png, contentType: 'image/png', originalName: 'x.png' }, ''))
		).toMatchObject({ code: 'Forbidden' });

		await sendPurchaseOrder(ops, poId, { version: 1 });
		expect((await error(removePurchaseOrderAttachment(ops, poId, attachments[0].id))).code).toBe('Conflict');
		// the workshop sees the render and can open it
		const seen = await getPurchaseOrder(shop.member, poId);
		expect(seen.attachments.map((a) => a.title)).toEqual(['CAD render, view A']);
		expect((await readFileForActor(shop.member, seen.attachments[0].fileId)).contentType).toBe('image/png');
	});

	it('carries messages both ways with files, marking what the other side has not read', async () => {
		const { poId } = await sentPo();
		expect(
			(await error(postPurchaseOrderMessage(ops, (await createPurchaseOrderDraft(ops, shop.vendorId)).poId, { body: 'Hi' }))).code
		).toBe('Conflict');

		await postPurchaseOrderMessage(shop.member, poId, { body: 'Bench photo of the casting attached.' }, [
			{ bytes: await makePng(), contentType: 'image/png', originalName: 'bench.png' }
		]);
		const toBrand = await outboxAbout(poId, 'purchase-order-message');
		expect(toBrand.map((m) => m.toAddress)).toEqual([ops.email]);
		expect(toBrand[0].textBody).toContain('Bench photo of the casting attached.');

		const first = await getPurchaseOrder(ops, poId);
		expect(first.messages.map((m) => [m.side, m.authorName, m.unread])).toEqual([['vendor', shop.member.name, true]]);
		const fileOfMessage = first.attachments.find((a) => a.messageId === first.messages[0].id);
		expect(fileOfMessage).toMatchObject({ title: 'bench.png', contentType: 'image/png' });
		expect((await getPurchaseOrder(ops, poId)).messages[0].unread).toBe(false);
		// someone else at the brand has not read it yet
		expect((await getPurchaseOrder(admin, poId)).messages[0].unread).toBe(true);

		await postPurchaseOrderMessage(finance, poId, { body: 'Thanks — please confirm the stamp.' });
		const vendorView = await getPurchaseOrder(shop.admin, poId);
		expect(vendorView.messages.map((m) => [m.side, m.unread])).toEqual([
			['vendor', false],
			['brand', true]
		]);
		expect(vendorView.history).toEqual([]);
		expect((await outboxAbout(poId, 'purchase-order-message')).length).toBe(3);
		// the author's own colleague sees their own side as read
		expect((await getPurchaseOrder(shop.member, poId)).messages.map((m) => m.unread)).toEqual([false, true]);
	});
});

describe('reading', () => {
	it('reads a PO in a fixed number of statements, whatever its number of lines', async () => {
		const count = async (poId: string) => {
			const store = { queries: 0 };
			await queryCounter.run(store, () => getPurchaseOrder(ops, poId));
			return store.queries;
		};
		const small = await sentPo({ lines: [purchaseOrderLineForm()] });
		const big = await sentPo({
			lines: Array.from({ length: 40 }, (_, i) => purchaseOrderLineForm({ sku: `SKU-${i}`, description: `Piece ${i}` }))
		});
		await postPurchaseOrderMessage(shop.admin, big.poId, { body: 'One' });
		await postPurchaseOrderMessage(shop.admin, big.poId, { body: 'Two' });
		// the first view of the new messages marks them read: one statement more, once
		const firstView = await count(big.poId);
		const [a, b] = [await count(small.poId), await count(big.poId)];
		expect(a).toBeGreaterThan(0);
		expect(b).toBe(a);
		expect(firstView).toBe(a + 1);
		expect(a).toBeLessThanOrEqual(12);
	});

	it('shows the brand the history and what it may do next, and the vendor only its own part', async () => {
		const { poId } = await sentPo();
		const brand = await getPurchaseOrder(ops, poId);
		expect(brand.side).toBe('brand');
		expect(brand.allowed.sort()).toEqual(['cancel', 'revise']);
		expect(brand.history.map((h) => h.action)).toEqual(['purchase_order.sent', 'purchase_order.created']);
		expect(brand.vendorName).toBe(shop.name);
		const workshop = await getPurchaseOrder(shop.member, poId);
		// read through the PO under the workshop's row-level security, like everything on its page
		expect(workshop.vendorName).toBe(shop.name);
		expect(workshop.allowed.sort()).toEqual(['acknowledge', 'decline', 'request_changes']);
		expect(workshop.history).toEqual([]);
		expect((await getPurchaseOrder(finance, poId)).po.id).toBe(poId);
		expect((await error(getPurchaseOrder(ops, 'not-a-uuid'))).code).toBe('NotFound');
		expect((await error(getPurchaseOrderPdf(shop.member, poId, 2))).code).toBe('NotFound');
		const draftPdf = await getPurchaseOrderPdf(ops, (await createPurchaseOrderDraft(ops, shop.vendorId)).poId);
		expect(draftPdf.filename).toMatch(/-draft\.pdf$/);
	});

	it('gives the page only the line fields it draws, and the pieces of the open lines summed', async () => {
		const { poId } = await sentPo({
			lines: [purchaseOrderLineForm({ quantity: 10 }), purchaseOrderLineForm({ quantity: 8 }), purchaseOrderLineForm()]
		});
		const [first, second, third] = await linesOf(poId);
		const set = (id: string, counts: Record<string, number | boolean>) =>
			asSystem((tx) => tx.update(purchaseOrderLine).set(counts).where(eq(purchaseOrderLine.id, id)));
		await set(first.id, { receivedQuantity: 10, acceptedQuantity: 6, reworkQuantity: 1, returnedQuantity: 1, invoicedQuantity: 2 });
		// invoiced beyond what QC accepted (a workshop's over-invoice) counts as nothing to invoice, not as less
		await set(second.id, { receivedQuantity: 3, acceptedQuantity: 1, invoicedQuantity: 4 });
		await set(third.id, { receivedQuantity: 5, acceptedQuantity: 5, cancelled: true });

		const view = await getPurchaseOrder(shop.member, poId);
		// line 1: 6 accepted − 2 invoiced; line 2: none; line 3 is cancelled
		expect(view.pieces).toEqual({ received: true, invoiceable: 4, waitingForQc: 2 + 2 });
		for (const hidden of [
			'purchaseOrderId',
			'vendorId',
			'receivedQuantity',
			'invoicedMinor',
			'createdAt',
			'marketMetalPricePerGramMinor'
		]) {
			expect(view.lines[0], hidden).not.toHaveProperty(hidden);
		}
		expect(view.lines.map((l) => l.quantity)).toEqual([10, 8, third.quantity]);

		const fresh = await getPurchaseOrder(ops, (await sentPo()).poId);
		expect(fresh.pieces).toEqual({ received: false, invoiceable: 0, waitingForQc: 0 });
	});

	it('heads the job bags and reconciliation pages with the PO, for the brand and its own workshop only once sent', async () => {
		const { poId, number } = await sentPo();
		expect(await getPurchaseOrderHeading(shop.member, poId)).toMatchObject({
			po: { id: poId, number, status: 'sent', revision: 1, firstAcknowledgedAt: null },
			vendorName: shop.name,
			brandName: expect.any(String)
		});
		expect((await getPurchaseOrderHeading(ops, poId)).brandName).toBe('');
		const draft = await createPurchaseOrderDraft(ops, shop.vendorId);
		expect((await getPurchaseOrderHeading(finance, draft.poId)).po.status).toBe('draft');
		expect((await error(getPurchaseOrderHeading(shop.member, draft.poId))).code).toBe('NotFound');
		const other = await workshopWithPeople();
		expect((await error(getPurchaseOrderHeading(other.admin, poId))).code).toBe('NotFound');
		expect((await error(getPurchaseOrderHeading(ops, 'not-a-uuid'))).code).toBe('NotFound');
	});

	it('keeps the totals on the PO equal to the sum of its lines through every change', async () => {
		const { poId } = await sentPo({
			lines: [
				purchaseOrderLineForm({ laborBasis: 'per_gram', laborUnitPrice: '12.50', targetWeight: '3.251', quantity: 1000 }),
				purchaseOrderLineForm({
					metalBasis: 'fixed',
					metalPricePerGram: '61.25',
					metalFixDate: isoDateIn(-2),
					targetWeight: '10',
					quantity: 3
				}),
				purchaseOrderLineForm({ laborBasis: 'per_stone', stoneCount: 12, laborUnitPrice: '1.50', stonesUnitPrice: '80', quantity: 4 })
			]
		});
		const lines = await linesOf(poId);
		const expected = lines.map((l) => lineTotals(l));
		expect(lines.map((l) => l.totalMinor)).toEqual(expected.map((t) => t.totalMinor));
		expect(expected.map((t) => t.totalMinor)).toEqual([4_063_750 + 0, 3 * 4500 + 137_813, 4 * 12 * 150 + 4 * 8000]);
		const po = await poRow(poId);
		expect(po.totalMinor).toBe(expected.reduce((s, t) => s + t.totalMinor, 0));
		expect(po.metalTotalMinor).toBe(137_813);
	});
});
