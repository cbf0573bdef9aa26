/**
 * Custom orders through their service, on a real database: the brief and its number, assigning a
 * CAD designer, versions and the brand's answers, the design lock, the production PO it makes (a
 * real draft, linked back), completing and cancelling, and the client's payments.
 */
import { asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/support/database.ts';
import { error } from '../../../../tests/support/errors.ts';
import {
	binaryStl,
	createCadDesigner,
	createStaff,
	createVendorUser,
	createWorkshop,
	customOrderForm,
	isoDateIn,
	mailsTo,
	makePdf,
	makePng,
	rhino3dm
} from '../../../../tests/support/factories.ts';
import { customOrderListQuerySchema, designerListQuerySchema, type VersionDecisionInput } from '#lib/domain/custom-orders/schemas.ts';
import { todayIso } from '#lib/domain/purchase-orders/schemas.ts';
import type { StaffActor, VendorActor } from '../auth/actor.ts';
import {
	auditEvent,
	customOrder,
	customOrderInspiration,
	customOrderPurchaseOrder,
	designVersion,
	purchaseOrder,
	purchaseOrderLine,
	storedFile
} from '../db/schema/index.ts';
import { asSystem } from '../db/scope.ts';
import { readFileForActor } from '../files/service.ts';
import { processDesignFiles, processInspirationImages } from './files.ts';
import { exportCustomOrdersCsv, listCustomOrders, listDesignerOrders } from './lists.ts';
import {
	addInspirationImages,
	assignDesigner,
	cancelCustomOrder,
	completeCustomOrder,
	createCustomOrder,
	createProductionOrder,
	decideDesignVersion,
	getCustomOrder,
	getCustomOrderForEditing,
	getDesignerOrder,
	getNewCustomOrderDefaults,
	recordPayment,
	removeInspirationImage,
	removePayment,
	schedulePayment,
	submitDesignVersion,
	updateCustomOrder
} from './service.ts';

const context = useTestDatabase();

interface Studio {
	vendorId: string;
	name: string;
	admin: VendorActor;
	member: VendorActor;
}

let ops: StaffActor;
let admin: StaffActor;
let finance: StaffActor;
let studio: Studio;
let otherStudio: Studio;
let caster: { vendorId: string; name: string };
const year = new Date().getUTCFullYear();
const today = todayIso();

async function studioWithPeople(): Promise<Studio> {
	const workshop = await createCadDesigner(ops);
	return {
		...workshop,
		admin: await createVendorUser(workshop.vendorId, workshop.name, 'vendor_admin'),
		member: await createVendorUser(workshop.vendorId, workshop.name, 'vendor_member')
	};
}

const file = (bytes: Uint8Array, name: string) => new File([Buffer.from(bytes)], name);
const images = async (n = 2) =>
	processInspirationImages(await Promise.all(Array.from({ length: n }, async (_, i) => file(await makePng(120 + i, 90), `mood-${i}.png`))));
const versionFiles = async () =>
	processDesignFiles([
		file(await makePng(640, 480), 'front.png'),
		file(await makePdf('Technical sheet'), 'sheet.pdf'),
		file(binaryStl(12), 'ring.stl'),
		file(rhino3dm(), 'ring.3dm')
	]);
const renderOnly = async () => processDesignFiles([file(await makePng(320, 240), 'side.png')]);
const orderRow = async (orderId: string) => (await asSystem((tx) => tx.select().from(customOrder).where(eq(customOrder.id, orderId))))[0];
const approve = (versionId: string, overrides: Partial<VersionDecisionInput> = {}): VersionDecisionInput => ({
	versionId,
	decision: 'approve',
	comment: '',
	channel: 'in_person',
	decidedOn: today,
	...overrides
});
const changes = (versionId: string, comment = 'Make the halo thinner and lower the setting by 1 mm.'): VersionDecisionInput => ({
	versionId,
	decision: 'changes',
	comment,
	channel: 'phone',
	decidedOn: today
});

/** A brief assigned to `designer`, with one version uploaded. */
async function orderInDesign(designer: Studio = studio) {
	const { orderId, number } = await createCustomOrder(ops, customOrderForm(), await images(1));
	await assignDesigner(ops, orderId, { vendorId: designer.vendorId, version: 0 });
	const first = await submitDesignVersion(designer.member, orderId, { note: 'First idea' }, await renderOnly());
	return { orderId, number, first };
}

async function approvedOrder() {
	const made = await orderInDesign();
	await decideDesignVersion(ops, made.orderId, approve(made.first.versionId));
	return made;
}

beforeAll(async () => {
	[ops, admin, finance] = [await createStaff('ops'), await createStaff('admin'), await createStaff('finance')];
	studio = await studioWithPeople();
	otherStudio = await studioWithPeople();
	caster = await createWorkshop(ops, { types: ['caster', 'stone_setter'], status: 'active' });
});

describe('the brief', () => {
	it('numbers orders gap-free per year and keeps the budget in minor units of its currency', async () => {
		const first = await createCustomOrder(ops, customOrderForm({ budget: '12,500.50' }));
		const second = await createCustomOrder(admin, customOrderForm({ currency: 'JPY', budget: '1800000' }));
		const [a, b] = [Number(first.number.split('-')[2]), Number(second.number.split('-')[2])];
		expect(first.number).toMatch(new RegExp(`^CO-${year}-\\d{4}$`));
		expect(b).toBe(a + 1);
		expect(await orderRow(first.orderId)).toMatchObject({
			status: 'brief',
			vendorId: null,
			currency: 'USD',
			budgetMinor: 1_250_050,
			alloy: '18KW'
		});
		expect((await orderRow(second.orderId)).budgetMinor).toBe(1_800_000);
	});

	it('defaults to the brand’s home currency', async () => {
		expect(await getNewCustomOrderDefaults(ops)).toEqual({ currency: 'USD' });
	});

	it('keeps inspiration images for the brand alone until a designer is assigned', async () => {
		const { orderId } = await createCustomOrder(ops, customOrderForm(), await images(2));
		const view = await getCustomOrder(ops, orderId);
		expect(view.inspiration).toHaveLength(2);
		const files = await asSystem((tx) =>
			tx
				.select({ vendorId: storedFile.vendorId, contentType: storedFile.contentType })
				.from(storedFile)
				.innerJoin(customOrderInspiration, eq(customOrderInspiration.fileId, storedFile.id))
				.where(eq(customOrderInspiration.customOrderId, orderId))
		);
		expect(files).toEqual([
			{ vendorId: null, contentType: 'image/jpeg' },
			{ vendorId: null, contentType: 'image/jpeg' }
		]);
		await expect(readFileForActor(ops, view.inspiration[0].fileId)).resolves.toMatchObject({ contentType: 'image/jpeg' });
		expect((await error(readFileForActor(studio.member, view.inspiration[0].fileId))).code).toBe('NotFound');
	});

	it('refuses a due date in the past, a budget that is not an amount, and too many images', async () => {
		const past = await error(createCustomOrder(ops, customOrderForm({ dueDate: isoDateIn(-1) })));
		expect(past.fields.dueDate).toBe('The due date is in the past.');
		const budget = await error(createCustomOrder(ops, customOrderForm({ budget: 'about 10k' })));
		expect(budget.fields.budget).toMatch(/Enter the amount as a number/);
		const decimals = await error(createCustomOrder(ops, customOrderForm({ currency: 'JPY', budget: '1000.50' })));
		expect(decimals.fields.budget).toBe('JPY amounts have no decimals.');
		const zero = await error(createCustomOrder(ops, customOrderForm({ budget: '0' })));
		expect(zero.fields.budget).toBe('Enter an amount above zero.');
		const { orderId } = await createCustomOrder(ops, customOrderForm(), await images(8));
		const tooMany = await error(addInspirationImages(ops, orderId, await images(5)));
		expect(tooMany.fields.images).toMatch(/at most 12 images; this one has 8/);
	});

	it('lets only ops and admins write a brief', async () => {
		expect((await error(createCustomOrder(finance, customOrderForm()))).code).toBe('Forbidden');
		expect((await error(createCustomOrder(studio.admin, customOrderForm()))).code).toBe('NotFound');
	});

	it('edits the brief, refusing an edit made on an older version', async () => {
		const { orderId } = await createCustomOrder(ops, customOrderForm());
		await updateCustomOrder(ops, orderId, customOrderForm({ title: 'Sapphire halo ring, low set', budget: '14000', version: 1 }));
		expect(await orderRow(orderId)).toMatchObject({ title: 'Sapphire halo ring, low set', budgetMinor: 1_400_000, version: 2 });
		const stale = await error(updateCustomOrder(ops, orderId, customOrderForm({ title: 'Someone else', version: 1 })));
		expect(stale.code).toBe('Conflict');
		expect(stale.message).toMatch(/changed by someone else/);
		const [audit] = await asSystem((tx) =>
			tx.select().from(auditEvent).where(eq(auditEvent.entityId, orderId)).orderBy(asc(auditEvent.occurredAt), asc(auditEvent.id))
		).then((rows) => rows.filter((r) => r.action === 'custom_order.updated'));
		expect(audit.after).toMatchObject({ title: 'Sapphire halo ring, low set', budgetMinor: 1_400_000 });
		expect(audit.vendorId).toBeNull();
	});
});

describe('assigning the designer', () => {
	it('refuses a workshop that is not a CAD designer, or not active, with a sentence', async () => {
		const { orderId } = await createCustomOrder(ops, customOrderForm());
		const notCad = await error(assignDesigner(ops, orderId, { vendorId: caster.vendorId, version: 0 }));
		expect(notCad.code).toBe('Invalid');
		expect(notCad.fields.vendorId).toBe(
			`${caster.name} is not a CAD designer. Choose a workshop whose work includes CAD design, or add CAD design to its profile.`
		);
		const onHold = await createCadDesigner(ops, { status: 'on_hold' });
		expect((await error(assignDesigner(ops, orderId, { vendorId: onHold.vendorId, version: 0 }))).fields.vendorId).toBe(
			`${onHold.name} is on hold. Set the workshop active before giving it a design.`
		);
		const onboarding = await createCadDesigner(ops, { status: 'onboarding' });
		expect((await error(assignDesigner(ops, orderId, { vendorId: onboarding.vendorId, version: 0 }))).fields.vendorId).toMatch(
			/still onboarding/
		);
		expect(
			(await error(assignDesigner(ops, orderId, { vendorId: '00000000-0000-4000-8000-000000000000', version: 0 }))).fields.vendorId
		).toBe('Choose a CAD designer from the list.');
		expect((await orderRow(orderId)).status).toBe('brief');
	});

	it('moves the order into design, shares the brief’s images with the designer and mails its people without the client', async () => {
		const { orderId, number } = await createCustomOrder(ops, customOrderForm(), await images(1));
		const { designerName } = await assignDesigner(ops, orderId, { vendorId: studio.vendorId, version: 1 });
		expect(designerName).toBe(studio.name);
		expect(await orderRow(orderId)).toMatchObject({ status: 'in_design', vendorId: studio.vendorId, version: 2 });
		const view = await getDesignerOrder(studio.member, orderId);
		expect(view.order).toMatchObject({ number, title: 'Sapphire halo engagement ring', alloy: '18KW' });
		expect(view.order).not.toHaveProperty('clientName');
		expect(view.order).not.toHaveProperty('budgetMinor');
		expect(view.canUpload).toBe(true);
		expect(view.waitingOn).toBe('designer');
		await expect(readFileForActor(studio.member, view.inspiration[0].fileId)).resolves.toMatchObject({ contentType: 'image/jpeg' });
		for (const person of [studio.admin, studio.member]) {
			const mail = (await mailsTo(person.email, 'custom-order-assigned')).find((m) => m.subject.startsWith(number))!;
			expect(mail.subject).toBe(`${number}: a design brief for you — Sapphire halo engagement ring`);
			expect(mail.link).toBe(`http://bezel.test/workshop/designs/${orderId}`);
			for (const secret of ['Eleanor', 'eleanor@example.test', '12,500', '12500']) expect(mail.textBody).not.toContain(secret);
		}
	});

	it('re-assigns: the old designer loses the order and its images, its waiting version stops waiting', async () => {
		const { orderId, first } = await orderInDesign(studio);
		const imageId = (await getCustomOrder(ops, orderId)).inspiration[0].fileId;
		expect((await error(assignDesigner(ops, orderId, { vendorId: studio.vendorId, version: 0 }))).message).toBe(
			`${studio.name} is already the designer of ${(await orderRow(orderId)).number}.`
		);
		await assignDesigner(ops, orderId, { vendorId: otherStudio.vendorId, version: 0 });
		expect((await error(getDesignerOrder(studio.member, orderId))).code).toBe('NotFound');
		expect((await error(readFileForActor(studio.member, imageId))).code).toBe('NotFound');
		await expect(readFileForActor(otherStudio.member, imageId)).resolves.toBeDefined();
		const view = await getCustomOrder(ops, orderId);
		expect(view.versions.map((v) => [v.versionNo, v.status])).toEqual([[1, 'superseded']]);
		expect(view.waitingOn).toBe('designer');
		expect((await error(decideDesignVersion(ops, orderId, approve(first.versionId)))).message).toMatch(
			/Version 1 was replaced: answer the newest version/
		);
		// the new designer's first version is number 2: numbers run on, though it cannot see version 1
		const next = await submitDesignVersion(otherStudio.admin, orderId, { note: 'Fresh take' }, await renderOnly());
		expect(next.versionNo).toBe(2);
		expect((await getDesignerOrder(otherStudio.admin, orderId)).versions.map((v) => v.versionNo)).toEqual([2]);
		expect((await getCustomOrder(ops, orderId)).versions.map((v) => [v.versionNo, v.status])).toEqual([
			[2, 'submitted'],
			[1, 'superseded']
		]);
	});

	it('stops removed images reaching the designer', async () => {
		const { orderId } = await orderInDesign();
		const [image] = (await getCustomOrder(ops, orderId)).inspiration;
		await removeInspirationImage(ops, orderId, image.id);
		expect((await error(readFileForActor(studio.member, image.fileId))).code).toBe('NotFound');
		expect((await getDesignerOrder(studio.member, orderId)).inspiration).toEqual([]);
		expect((await error(removeInspirationImage(ops, orderId, image.id))).code).toBe('NotFound');
	});
});

describe('the design loop', () => {
	it('stores a version’s renders, PDFs and CAD files and tells whoever assigned the designer', async () => {
		const { orderId, number } = await createCustomOrder(ops, customOrderForm());
		await assignDesigner(ops, orderId, { vendorId: studio.vendorId, version: 0 });
		const { versionNo } = await submitDesignVersion(studio.member, orderId, { note: 'Halo with milgrain' }, await versionFiles());
		expect(versionNo).toBe(1);
		const view = await getCustomOrder(ops, orderId);
		const [version] = view.versions;
		expect(version).toMatchObject({ versionNo: 1, status: 'submitted', note: 'Halo with milgrain', createdByName: studio.member.name });
		expect(version.files.map((f) => [f.kind, f.contentType, f.thumbnailFileId !== null])).toEqual([
			['render', 'image/jpeg', true],
			['document', 'application/pdf', false],
			['cad', 'model/x-3dm', false],
			['cad', 'model/stl', false]
		]);
		expect(view.waitingOn).toBe('brand');
		// the designer opens its own files; the brand opens them all
		for (const f of version.files) {
			await expect(readFileForActor(studio.admin, f.fileId)).resolves.toBeDefined();
			await expect(readFileForActor(ops, f.fileId)).resolves.toBeDefined();
			expect((await error(readFileForActor(otherStudio.admin, f.fileId))).code).toBe('NotFound');
		}
		const mail = (await mailsTo(ops.email, 'custom-order-version')).find((m) => m.subject.startsWith(number))!;
		expect(mail.subject).toBe(`${number}: version 1 from ${studio.name}`);
		expect(mail.textBody).toContain('1 render, 1 PDF, 2 CAD files');
		expect(mail.link).toBe(`http://bezel.test/custom-orders/${orderId}#versions`);
	});

	it('supersedes a waiting version with the next, and answers only the newest', async () => {
		const { orderId, first } = await orderInDesign();
		const second = await submitDesignVersion(studio.admin, orderId, { note: 'Thinner shank' }, await renderOnly());
		expect(second.versionNo).toBe(2);
		const view = await getCustomOrder(ops, orderId);
		expect(view.versions.map((v) => [v.versionNo, v.status])).toEqual([
			[2, 'submitted'],
			[1, 'superseded']
		]);
		const refused = await error(decideDesignVersion(ops, orderId, changes(first.versionId)));
		expect(refused.code).toBe('Conflict');
		expect(refused.message).toBe('Version 1 was replaced by version 2: answer the newest version.');
		await decideDesignVersion(ops, orderId, changes(second.versionId));
		const stored = await asSystem((tx) =>
			tx.select().from(designVersion).where(eq(designVersion.customOrderId, orderId)).orderBy(asc(designVersion.versionNo))
		);
		// ops' answer writes the superseded state the designer's transaction could not
		expect(stored.map((v) => v.status)).toEqual(['superseded', 'changes_requested']);
		expect((await error(decideDesignVersion(ops, orderId, approve(second.versionId)))).message).toBe(
			'Version 2 has already been answered.'
		);
	});

	it('asks for changes with a comment the designer reads, keeping the client’s words for the brand', async () => {
		const { orderId, number, first } = await orderInDesign();
		await decideDesignVersion(ops, orderId, changes(first.versionId));
		const brand = (await getCustomOrder(ops, orderId)).versions[0];
		expect(brand).toMatchObject({
			status: 'changes_requested',
			comment: 'Make the halo thinner and lower the setting by 1 mm.',
			decidedByName: ops.name
		});
		expect(brand.clientDecision).toMatch(/^The client asked for changes by phone on /);
		const designer = await getDesignerOrder(studio.member, orderId);
		expect(designer.versions[0]).toMatchObject({ status: 'changes_requested', comment: brand.comment, clientDecision: null });
		expect(designer.waitingOn).toBe('designer');
		const mail = (await mailsTo(studio.member.email, 'custom-order-changes')).find((m) => m.subject.startsWith(number))!;
		expect(mail.subject).toBe(`${number}: changes asked on version 1`);
		expect(mail.textBody).toContain('Make the halo thinner');
	});

	it('approves a version: the client’s decision recorded, the version marked, the design locked', async () => {
		const { orderId, number, first } = await orderInDesign();
		const future = await error(decideDesignVersion(ops, orderId, approve(first.versionId, { decidedOn: isoDateIn(2) })));
		expect(future.fields.decidedOn).toBe('The day the client decided cannot be in the future.');
		await decideDesignVersion(
			ops,
			orderId,
			approve(first.versionId, { channel: 'video_call', decidedOn: '2026-01-05', comment: 'Lovely.' })
		);
		const row = await orderRow(orderId);
		expect(row).toMatchObject({ status: 'approved', approvedVersionId: first.versionId });
		expect(row.approvedAt).toBeInstanceOf(Date);
		const [version] = (await getCustomOrder(ops, orderId)).versions;
		expect(version).toMatchObject({
			status: 'approved',
			isApproved: true,
			clientDecision: 'The client approved it on a video call on 5 Jan 2026.'
		});
		const mail = (await mailsTo(studio.admin.email, 'custom-order-approved')).find((m) => m.subject.startsWith(number))!;
		expect(mail.subject).toBe(`${number}: version 1 approved`);
		// locked: no more versions, no new designer, no changes to the design fields
		const upload = await error(submitDesignVersion(studio.member, orderId, { note: '' }, await renderOnly()));
		expect(upload.code).toBe('Conflict');
		expect(upload.message).toBe(`${number} cannot take that now: its design is approved and locked.`);
		expect((await error(assignDesigner(ops, orderId, { vendorId: otherStudio.vendorId, version: 0 }))).code).toBe('Conflict');
		const locked = await error(updateCustomOrder(ops, orderId, customOrderForm({ alloy: 'PT950', stones: 'none' })));
		expect(locked.fields).toMatchObject({
			alloy: expect.stringMatching(/stay as approved/),
			stones: expect.stringMatching(/stay as approved/)
		});
		// the client's side of the order stays editable
		await updateCustomOrder(ops, orderId, customOrderForm({ clientContact: 'new phone', dueDate: isoDateIn(90) }));
		expect((await orderRow(orderId)).clientContact).toBe('new phone');
		expect((await getCustomOrderForEditing(ops, orderId)).locked).toBe(true);
		expect((await error(addInspirationImages(ops, orderId, await images(1)))).code).toBe('Conflict');
	});

	it('refuses uploads from a workshop the order is not assigned to, and on an order still a brief', async () => {
		const { orderId } = await orderInDesign();
		expect((await error(submitDesignVersion(otherStudio.member, orderId, { note: '' }, await renderOnly()))).code).toBe('NotFound');
		const brief = await createCustomOrder(ops, customOrderForm());
		expect((await error(submitDesignVersion(studio.member, brief.orderId, { note: '' }, await renderOnly()))).code).toBe('NotFound');
		expect((await error(submitDesignVersion(studio.member, orderId, { note: '' }, []))).fields.files).toBe('Add at least one file.');
		expect((await error(submitDesignVersion(ops, orderId, { note: '' }, await renderOnly()))).code).toBe('NotFound');
		expect((await getCustomOrder(ops, orderId)).versions).toHaveLength(1);
	});

	it('numbers two uploads sent at once apart, and lets an answer and an upload that race leave one consistent state', async () => {
		const { orderId, first } = await orderInDesign();
		const [x, y] = await Promise.all([
			submitDesignVersion(studio.member, orderId, { note: 'from the phone' }, await renderOnly()),
			submitDesignVersion(studio.admin, orderId, { note: 'from the desk' }, await renderOnly())
		]);
		expect([x.versionNo, y.versionNo].sort()).toEqual([2, 3]);
		const newest = x.versionNo === 3 ? x : y;
		const [answer, upload] = await Promise.allSettled([
			decideDesignVersion(ops, orderId, approve(newest.versionId)),
			submitDesignVersion(studio.member, orderId, { note: 'one more' }, await renderOnly())
		]);
		const view = await getCustomOrder(ops, orderId);
		if (answer.status === 'fulfilled') {
			// approved first: the design is locked and the late upload was refused
			expect(upload.status).toBe('rejected');
			expect(view.order.status).toBe('approved');
			expect(view.versions.map((v) => v.versionNo)).toEqual([3, 2, 1]);
		} else {
			// the upload came first: the answer was refused as no longer the newest
			expect(upload.status).toBe('fulfilled');
			expect(view.order.status).toBe('in_design');
			expect(view.versions[0]).toMatchObject({ versionNo: 4, status: 'submitted' });
		}
		expect(view.versions.filter((v) => v.status === 'submitted').length).toBeLessThanOrEqual(1);
		expect(first.versionNo).toBe(1);
	});

	it('lets finance read and record payments, but not run the design loop', async () => {
		const { orderId, first } = await orderInDesign();
		expect((await getCustomOrder(finance, orderId)).order.id).toBe(orderId);
		for (const [name, attempt] of [
			['assignDesigner', () => assignDesigner(finance, orderId, { vendorId: otherStudio.vendorId, version: 0 })],
			['decideDesignVersion', () => decideDesignVersion(finance, orderId, approve(first.versionId))],
			['updateCustomOrder', () => updateCustomOrder(finance, orderId, customOrderForm())],
			['cancelCustomOrder', () => cancelCustomOrder(finance, orderId, { reason: 'Finance says no', version: 0 })],
			['completeCustomOrder', () => completeCustomOrder(finance, orderId, { version: 0 })]
		] as const) {
			expect((await error(attempt())).code, name).toBe('Forbidden');
		}
	});

	it('leaves no file behind when a version is refused', async () => {
		const brief = await createCustomOrder(ops, customOrderForm());
		await assignDesigner(ops, brief.orderId, { vendorId: studio.vendorId, version: 0 });
		await cancelCustomOrder(ops, brief.orderId, { reason: 'Client changed their mind', version: 0 });
		const before = await asSystem((tx) => tx.select({ id: storedFile.id }).from(storedFile));
		const { listFiles } = await import('../../../../tests/support/factories.ts');
		const filesBefore = await listFiles(context.filesDir);
		expect((await error(submitDesignVersion(studio.member, brief.orderId, { note: '' }, await versionFiles()))).code).toBe('Conflict');
		expect(await asSystem((tx) => tx.select({ id: storedFile.id }).from(storedFile))).toHaveLength(before.length);
		expect(await listFiles(context.filesDir)).toEqual(filesBefore);
	});

	it('leaves no file behind when inspiration images are refused', async () => {
		const brief = await createCustomOrder(ops, customOrderForm());
		await cancelCustomOrder(ops, brief.orderId, { reason: 'Client changed their mind', version: 0 });
		const before = await asSystem((tx) => tx.select({ id: storedFile.id }).from(storedFile));
		const { listFiles } = await import('../../../../tests/support/factories.ts');
		const filesBefore = await listFiles(context.filesDir);
		expect((await error(addInspirationImages(ops, brief.orderId, await images(2)))).code).toBe('Conflict');
		expect(await asSystem((tx) => tx.select({ id: storedFile.id }).from(storedFile))).toHaveLength(before.length);
		expect(await listFiles(context.filesDir)).toEqual(filesBefore);
	});
});

describe('to production', () => {
	const production = (overrides: Record<string, unknown> = {}) => ({
		vendorId: caster.vendorId,
		dueDate: isoDateIn(30),
		quantity: 1,
		laborPrice: '4200.00',
		shipTo: 'Maison HQ, 12 Rue de la Paix, Paris',
		notes: '',
		...overrides
	});

	it('is refused before the design is approved', async () => {
		const { orderId, number } = await orderInDesign();
		const refused = await error(createProductionOrder(ops, orderId, production()));
		expect(refused.message).toBe(`${number} cannot take that now: it is in design.`);
	});

	it('drafts a real PO from the approved design, linked back, and moves the order into production', async () => {
		const { orderId, number } = await approvedOrder();
		const po = await createProductionOrder(ops, orderId, production({ quantity: 2 }));
		expect(po.number).toMatch(new RegExp(`^PO-${year}-\\d{4}$`));
		const [row] = await asSystem((tx) => tx.select().from(purchaseOrder).where(eq(purchaseOrder.id, po.poId)));
		expect(row).toMatchObject({
			status: 'draft',
			vendorId: caster.vendorId,
			currency: 'THB',
			shipTo: 'Maison HQ, 12 Rue de la Paix, Paris',
			lineCount: 1
		});
		expect(row.notes).toContain(number);
		const lines = await asSystem((tx) => tx.select().from(purchaseOrderLine).where(eq(purchaseOrderLine.purchaseOrderId, po.poId)));
		expect(lines).toHaveLength(1);
		expect(lines[0]).toMatchObject({
			description: 'Sapphire halo engagement ring — 18K white gold (750), 1 oval sapphire 8×6 mm, 22 round diamonds 1.3 mm, size US 6',
			quantity: 2,
			alloy: '18KW',
			fineness: 750,
			size: 'US 6',
			laborBasis: 'per_piece',
			laborUnitPriceMinor: 420_000,
			metalBasis: 'consigned'
		});
		expect(lines[0].notes).toBe(`Custom order ${number}: made to the approved design (design version 1).`);
		const links = await asSystem((tx) =>
			tx.select().from(customOrderPurchaseOrder).where(eq(customOrderPurchaseOrder.customOrderId, orderId))
		);
		expect(links.map((l) => l.purchaseOrderId)).toEqual([po.poId]);
		expect((await orderRow(orderId)).status).toBe('in_production');
		// a second PO (the setting, say) is linked too
		const setting = await createProductionOrder(ops, orderId, production({ laborPrice: '1500' }));
		const view = await getCustomOrder(ops, orderId);
		expect(view.purchaseOrders.map((p) => [p.number, p.status, p.vendorName])).toEqual([
			[po.number, 'draft', caster.name],
			[setting.number, 'draft', caster.name]
		]);
	});

	it('reports the PO’s refusals on the production form’s own fields, and makes nothing', async () => {
		const { orderId } = await approvedOrder();
		const price = await error(createProductionOrder(ops, orderId, production({ laborPrice: 'four thousand' })));
		expect(price.code).toBe('Invalid');
		expect(price.fields.laborPrice).toMatch(/Enter the amount as a number/);
		const past = await error(createProductionOrder(ops, orderId, production({ dueDate: isoDateIn(-3) })));
		expect(past.fields.dueDate).toBe('The due date is in the past.');
		const paused = await createWorkshop(ops, { status: 'on_hold' });
		const held = await error(createProductionOrder(ops, orderId, production({ vendorId: paused.vendorId })));
		expect(held.fields.vendorId).toMatch(/is on hold/);
		expect((await getCustomOrder(ops, orderId)).purchaseOrders).toEqual([]);
		expect((await orderRow(orderId)).status).toBe('approved');
		expect((await error(createProductionOrder(finance, orderId, production()))).code).toBe('Forbidden');
	});

	it('completes an order in production, and nothing else', async () => {
		const { orderId, number } = await approvedOrder();
		expect((await error(completeCustomOrder(ops, orderId, { version: 0 }))).message).toBe(
			`${number} cannot take that now: its design is approved and locked.`
		);
		await createProductionOrder(ops, orderId, production());
		await completeCustomOrder(ops, orderId, { version: 0 });
		expect((await orderRow(orderId)).status).toBe('completed');
		expect((await error(cancelCustomOrder(ops, orderId, { reason: 'Too late', version: 0 }))).message).toBe(
			`${number} cannot take that now: it is completed.`
		);
		expect((await error(updateCustomOrder(ops, orderId, customOrderForm()))).code).toBe('Conflict');
	});
});

describe('cancelling', () => {
	it('needs a reason, tells the designer without the reason, and ends the design loop', async () => {
		const { orderId, number, first } = await orderInDesign();
		expect((await error(cancelCustomOrder(ops, orderId, { reason: ' ', version: 0 }))).fields.reason).toBe(
			'Say why the order is cancelled.'
		);
		await cancelCustomOrder(ops, orderId, { reason: 'The client’s divorce', version: 0 });
		expect(await orderRow(orderId)).toMatchObject({ status: 'cancelled', cancelReason: 'The client’s divorce' });
		const mail = (await mailsTo(studio.member.email, 'custom-order-cancelled')).find((m) => m.subject.startsWith(number))!;
		expect(mail.subject).toBe(`${number} is cancelled`);
		expect(mail.textBody).not.toContain('divorce');
		expect((await getCustomOrder(ops, orderId)).versions[0].status).toBe('superseded');
		expect((await error(decideDesignVersion(ops, orderId, approve(first.versionId)))).code).toBe('Conflict');
		expect((await getDesignerOrder(studio.member, orderId)).canUpload).toBe(false);
	});

	it('cancels from a brief, and from production', async () => {
		const brief = await createCustomOrder(ops, customOrderForm());
		await cancelCustomOrder(ops, brief.orderId, { reason: 'Duplicate brief', version: 1 });
		expect((await orderRow(brief.orderId)).status).toBe('cancelled');
		const stale = await createCustomOrder(ops, customOrderForm());
		await updateCustomOrder(ops, stale.orderId, customOrderForm({ version: 1, title: 'Renamed ring' }));
		expect((await error(cancelCustomOrder(ops, stale.orderId, { reason: 'Duplicate brief', version: 1 }))).code).toBe('Conflict');
	});
});

describe('the client’s payments', () => {
	it('schedules, records and works out what is outstanding and overdue', async () => {
		const { orderId } = await createCustomOrder(ops, customOrderForm({ budget: '5000' }));
		await schedulePayment(ops, orderId, {
			kind: 'cad_deposit',
			amount: '500',
			dueDate: isoDateIn(-10),
			paidOn: isoDateIn(-9),
			reference: 'Card 4242',
			note: ''
		});
		await schedulePayment(ops, orderId, {
			kind: 'deposit',
			amount: '2,000.00',
			dueDate: isoDateIn(-2),
			paidOn: '',
			reference: '',
			note: '50% to start'
		});
		await schedulePayment(finance, orderId, {
			kind: 'balance',
			amount: '2500',
			dueDate: isoDateIn(40),
			paidOn: '',
			reference: '',
			note: ''
		});
		let view = await getCustomOrder(ops, orderId);
		expect(view.paymentSummary).toEqual({
			scheduledMinor: 500_000,
			paidMinor: 50_000,
			outstandingMinor: 450_000,
			overdueMinor: 200_000,
			overdueCount: 1,
			nextDue: { dueDate: isoDateIn(-2), amountMinor: 200_000 }
		});
		expect(view.payments.map((p) => [p.kind, p.overdue])).toEqual([
			['cad_deposit', false],
			['deposit', true],
			['balance', false]
		]);
		const deposit = view.payments.find((p) => p.kind === 'deposit')!;
		await recordPayment(finance, orderId, { paymentId: deposit.id, paidOn: today, reference: 'Wire 8812' });
		view = await getCustomOrder(ops, orderId);
		expect(view.paymentSummary).toMatchObject({ paidMinor: 250_000, outstandingMinor: 250_000, overdueMinor: 0, overdueCount: 0 });
		expect((await error(recordPayment(ops, orderId, { paymentId: deposit.id, paidOn: today, reference: '' }))).message).toMatch(
			/already recorded as paid/
		);
		expect((await error(removePayment(ops, orderId, deposit.id))).message).toBe('A paid payment stays on record; it cannot be removed.');
		const balance = view.payments.find((p) => p.kind === 'balance')!;
		await removePayment(ops, orderId, balance.id);
		expect((await getCustomOrder(ops, orderId)).paymentSummary).toMatchObject({ scheduledMinor: 250_000, outstandingMinor: 0 });
		// the currency stays once money is recorded in it
		expect((await error(updateCustomOrder(ops, orderId, customOrderForm({ currency: 'EUR' })))).fields.currency).toMatch(/recorded in USD/);
	});

	it('refuses amounts and dates that make no sense, payments on another order, and on a cancelled one', async () => {
		const { orderId } = await createCustomOrder(ops, customOrderForm());
		const base = { kind: 'deposit' as const, dueDate: '', paidOn: '', reference: '', note: '' };
		expect((await error(schedulePayment(ops, orderId, { ...base, amount: '-50' }))).fields.amount).toMatch(/as a number/);
		expect((await error(schedulePayment(ops, orderId, { ...base, amount: '10.505' }))).fields.amount).toBe(
			'USD amounts have at most 2 decimals.'
		);
		expect((await error(schedulePayment(ops, orderId, { ...base, amount: '99999999999999' }))).fields.amount).toMatch(/too large/);
		expect((await error(schedulePayment(ops, orderId, { ...base, amount: '10', paidOn: isoDateIn(1) }))).fields.paidOn).toBe(
			'The day it was paid cannot be in the future.'
		);
		const other = await createCustomOrder(ops, customOrderForm());
		await schedulePayment(ops, other.orderId, { ...base, amount: '10' });
		const [foreign] = (await getCustomOrder(ops, other.orderId)).payments;
		expect((await error(recordPayment(ops, orderId, { paymentId: foreign.id, paidOn: today, reference: '' }))).code).toBe('NotFound');
		expect((await error(removePayment(ops, orderId, foreign.id))).code).toBe('NotFound');
		await cancelCustomOrder(ops, orderId, { reason: 'No longer wanted', version: 0 });
		expect((await error(schedulePayment(ops, orderId, { ...base, amount: '10' }))).message).toMatch(/was cancelled/);
		expect((await error(schedulePayment(studio.admin, other.orderId, { ...base, amount: '10' }))).code).toBe('NotFound');
	});
});

describe('lists', () => {
	it('filters the brand’s list by status, designer, search and whose move it is', async () => {
		const waitingOnBrand = await orderInDesign(otherStudio);
		const waitingOnDesigner = await orderInDesign(otherStudio);
		await decideDesignVersion(ops, waitingOnDesigner.orderId, changes(waitingOnDesigner.first.versionId));
		const q = (params: Record<string, string>) => listCustomOrders(ops, customOrderListQuerySchema.parse(params));
		const byDesigner = await q({ designer: otherStudio.vendorId, status: 'all' });
		expect(byDesigner.rows.map((r) => r.id).sort()).toEqual((await otherStudioOrders()).sort());
		expect(byDesigner.rows.map((r) => r.id)).toEqual(expect.arrayContaining([waitingOnBrand.orderId, waitingOnDesigner.orderId]));
		const brandMove = await q({ designer: otherStudio.vendorId, waiting: 'brand' });
		expect(brandMove.rows.map((r) => r.id)).toContain(waitingOnBrand.orderId);
		expect(brandMove.rows.map((r) => r.id)).not.toContain(waitingOnDesigner.orderId);
		expect(brandMove.rows.find((r) => r.id === waitingOnBrand.orderId)).toMatchObject({
			waitingOnBrand: true,
			latestVersionNo: 1,
			designerName: otherStudio.name
		});
		const designerMove = await q({ designer: otherStudio.vendorId, waiting: 'designer' });
		expect(designerMove.rows.map((r) => r.id)).toContain(waitingOnDesigner.orderId);
		expect(designerMove.rows.map((r) => r.id)).not.toContain(waitingOnBrand.orderId);
		const search = await q({ q: waitingOnBrand.number, status: 'all' });
		expect(search.rows.map((r) => r.number)).toEqual([waitingOnBrand.number]);
		expect((await q({ q: 'Eleanor', status: 'all' })).total).toBeGreaterThan(2);
		expect((await q({ status: 'cancelled' })).rows.every((r) => r.status === 'cancelled')).toBe(true);
		const csv = await exportCustomOrdersCsv(finance, customOrderListQuerySchema.parse({ q: waitingOnBrand.number }));
		expect(csv.split('\n')[0]).toContain('Outstanding');
		expect(csv).toContain(waitingOnBrand.number);
	});

	it('shows the designer its orders, what waits on it first', async () => {
		const fresh = await studioWithPeople();
		const mine = await createCustomOrder(ops, customOrderForm({ dueDate: isoDateIn(20) }));
		await assignDesigner(ops, mine.orderId, { vendorId: fresh.vendorId, version: 0 });
		const answered = await orderInDesign(fresh);
		const list = await listDesignerOrders(fresh.member, designerListQuerySchema.parse({}));
		expect(list.rows.map((r) => [r.id, r.waitingOnYou])).toEqual([
			[mine.orderId, true],
			[answered.orderId, false]
		]);
		expect(list.waitingOnYou).toBe(1);
		expect(list.rows[1]).toMatchObject({ latestVersionNo: 1, status: 'in_design' });
		expect(list.rows[0]).not.toHaveProperty('clientName');
		expect(
			(await listDesignerOrders(otherStudio.member, designerListQuerySchema.parse({ status: 'all' }))).rows.map((r) => r.id)
		).not.toContain(mine.orderId);
		expect((await error(listDesignerOrders(ops, designerListQuerySchema.parse({})))).code).toBe('NotFound');
		expect((await error(listCustomOrders(fresh.admin, customOrderListQuerySchema.parse({})))).code).toBe('NotFound');
	});
});

async function otherStudioOrders(): Promise<string[]> {
	return (
		await asSystem((tx) => tx.select({ id: customOrder.id }).from(customOrder).where(eq(customOrder.vendorId, otherStudio.vendorId)))
	).map((r) => r.id);
}
