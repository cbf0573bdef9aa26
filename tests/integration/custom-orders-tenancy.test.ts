/**
 * Custom orders across workshops: a CAD designer reaches only the orders assigned to its own
 * workshop — never another's, never an unassigned brief — through the services and the route loads
 * and actions (NotFound), and behind them through row-level security and column grants: the client's
 * name, contact and budget and the client's payments stay unreadable even by raw SQL.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { eq, inArray, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { actionEvent } from '../support/actions.ts';
import { useTestDatabase } from '../support/database.ts';
import { error } from '../support/errors.ts';
import {
	binaryStl,
	createCadDesigner,
	createStaff,
	createVendorUser,
	customOrderForm,
	isoDateIn,
	makePdf,
	makePng,
	rhino3dm
} from '../support/factories.ts';
import { customOrderListQuerySchema, designerListQuerySchema } from '../../src/lib/domain/custom-orders/schemas.ts';
import type { Actor, StaffActor, VendorActor } from '../../src/lib/server/auth/actor.ts';
import {
	auditEvent,
	customOrder,
	customOrderInspiration,
	customOrderPayment,
	designFile,
	designVersion,
	outboxMessage,
	storedFile
} from '../../src/lib/server/db/schema/index.ts';
import { asSystem, inScope } from '../../src/lib/server/db/scope.ts';
import { AppError } from '../../src/lib/server/errors.ts';
import { readFileForActor } from '../../src/lib/server/files/service.ts';
import { processDesignFiles, processInspirationImages } from '../../src/lib/server/custom-orders/files.ts';
import { exportCustomOrdersCsv, listCustomOrders, listDesignerOrders } from '../../src/lib/server/custom-orders/lists.ts';
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
	getCustomOrderOptions,
	getDesignerOrder,
	getNewCustomOrderDefaults,
	recordPayment,
	removeInspirationImage,
	removePayment,
	schedulePayment,
	submitDesignVersion,
	updateCustomOrder
} from '../../src/lib/server/custom-orders/service.ts';
import * as designList from '../../src/routes/(vendor)/workshop/designs/+page.server.ts';
import * as designPage from '../../src/routes/(vendor)/workshop/designs/[orderId]/+page.server.ts';
import * as opsList from '../../src/routes/(internal)/custom-orders/+page.server.ts';
import * as opsNew from '../../src/routes/(internal)/custom-orders/new/+page.server.ts';
import * as opsOrder from '../../src/routes/(internal)/custom-orders/[orderId]/+page.server.ts';
import * as opsEdit from '../../src/routes/(internal)/custom-orders/[orderId]/edit/+page.server.ts';
import * as opsExport from '../../src/routes/(internal)/custom-orders/export.csv/+server.ts';

useTestDatabase();

interface Tenant {
	vendorId: string;
	name: string;
	admin: VendorActor;
	member: VendorActor;
	/** assigned to this workshop, with a version (render, PDF, STL, 3DM) answered with changes, and a waiting one */
	order: { orderId: string; number: string; versionIds: string[]; fileIds: string[]; imageFileIds: string[]; paymentId: string };
}

let ops: StaffActor;
let a: Tenant;
let b: Tenant;
/** a brief nobody designs yet */
let brief: { orderId: string; number: string; imageFileIds: string[] };
const CLIENT = 'Eleanor Whitcombe';
const CONTACT = 'eleanor@example.test';

const file = (bytes: Uint8Array, name: string) => new File([Buffer.from(bytes)], name);
const images = async () => processInspirationImages([file(await makePng(160, 120), 'mood.png')]);
const allFiles = async () =>
	processDesignFiles([
		file(await makePng(320, 240), 'front.png'),
		file(await makePdf('Sheet'), 'sheet.pdf'),
		file(binaryStl(6), 'ring.stl'),
		file(rhino3dm(), 'ring.3dm')
	]);

async function imageFileIds(orderId: string) {
	return (
		await asSystem((tx) =>
			tx.select({ id: customOrderInspiration.fileId }).from(customOrderInspiration).where(eq(customOrderInspiration.customOrderId, orderId))
		)
	).map((r) => r.id);
}

async function makeTenant(label: string): Promise<Tenant> {
	const workshop = await createCadDesigner(ops, { name: `Studio ${label}` });
	const admin = await createVendorUser(workshop.vendorId, workshop.name, 'vendor_admin');
	const member = await createVendorUser(workshop.vendorId, workshop.name, 'vendor_member');
	const { orderId, number } = await createCustomOrder(ops, customOrderForm({ title: `Ring ${label}` }), await images());
	await assignDesigner(ops, orderId, { vendorId: workshop.vendorId, version: 0 });
	const first = await submitDesignVersion(member, orderId, { note: `First from ${label}` }, await allFiles());
	await decideDesignVersion(ops, orderId, {
		versionId: first.versionId,
		decision: 'changes',
		comment: 'Thinner',
		channel: 'phone',
		decidedOn: isoDateIn(0)
	});
	const second = await submitDesignVersion(admin, orderId, { note: `Second from ${label}` }, await allFiles());
	await schedulePayment(ops, orderId, { kind: 'cad_deposit', amount: '7777', dueDate: isoDateIn(5), paidOn: '', reference: '', note: '' });
	const view = await getCustomOrder(ops, orderId);
	const fileIds = view.versions.flatMap((v) => v.files.flatMap((f) => [f.fileId, ...(f.thumbnailFileId ? [f.thumbnailFileId] : [])]));
	return {
		...workshop,
		admin,
		member,
		order: {
			orderId,
			number,
			versionIds: [first.versionId, second.versionId],
			fileIds,
			imageFileIds: await imageFileIds(orderId),
			paymentId: view.payments[0].id
		}
	};
}

beforeAll(async () => {
	ops = await createStaff('ops');
	a = await makeTenant('A');
	b = await makeTenant('B');
	const made = await createCustomOrder(ops, customOrderForm({ title: 'Unassigned brief' }), await images());
	brief = { ...made, imageFileIds: await imageFileIds(made.orderId) };
});

/** Every designer-side call aimed at an order the actor must not reach. */
function designerAttempts(actor: () => VendorActor, orderId: () => string): [string, () => Promise<unknown>][] {
	return [
		['getDesignerOrder', () => getDesignerOrder(actor(), orderId())],
		['submitDesignVersion', async () => submitDesignVersion(actor(), orderId(), { note: 'Planted' }, await allFiles())]
	];
}

describe('another workshop’s custom orders through the services', () => {
	it.each([
		...designerAttempts(
			() => b.member,
			() => a.order.orderId
		).map(([name, run]) => [`${name} on another workshop’s order`, run] as const),
		...designerAttempts(
			() => a.admin,
			() => brief.orderId
		).map(([name, run]) => [`${name} on a brief not assigned to anyone`, run] as const)
	])('%s answers NotFound', async (_name, attempt) => {
		expect((await error(attempt())).code).toBe('NotFound');
	});

	it('leaves no trace of the attempts', async () => {
		const view = await getCustomOrder(ops, a.order.orderId);
		expect(view.versions.map((v) => v.createdByName).sort()).toEqual([a.admin.name, a.member.name].sort());
		expect((await getCustomOrder(ops, brief.orderId)).versions).toEqual([]);
	});

	it('lists only the workshop’s own orders', async () => {
		for (const status of ['open', 'all']) {
			const rows = (await listDesignerOrders(b.member, designerListQuerySchema.parse({ status }))).rows;
			expect(rows.map((r) => r.id)).toEqual([b.order.orderId]);
		}
	});

	it('answers NotFound when a workshop user calls the brand’s functions, even on its own order', async () => {
		const own = a.order.orderId;
		const form = customOrderForm();
		const staffOnly: [string, () => Promise<unknown>][] = [
			['getCustomOrder', () => getCustomOrder(a.admin, own)],
			['getCustomOrderForEditing', () => getCustomOrderForEditing(a.admin, own)],
			['getCustomOrderOptions', () => getCustomOrderOptions(a.admin)],
			['getNewCustomOrderDefaults', () => getNewCustomOrderDefaults(a.admin)],
			['createCustomOrder', () => createCustomOrder(a.admin, form)],
			['updateCustomOrder', () => updateCustomOrder(a.admin, own, form)],
			['addInspirationImages', async () => addInspirationImages(a.admin, own, await images())],
			['removeInspirationImage', () => removeInspirationImage(a.admin, own, a.order.imageFileIds[0])],
			['assignDesigner', () => assignDesigner(a.admin, own, { vendorId: a.vendorId, version: 0 })],
			[
				'decideDesignVersion',
				() =>
					decideDesignVersion(a.admin, own, {
						versionId: a.order.versionIds[1],
						decision: 'approve',
						comment: '',
						channel: 'phone',
						decidedOn: isoDateIn(0)
					})
			],
			[
				'createProductionOrder',
				() =>
					createProductionOrder(a.admin, own, {
						vendorId: a.vendorId,
						dueDate: isoDateIn(20),
						quantity: 1,
						laborPrice: '10',
						shipTo: 'x',
						notes: ''
					})
			],
			['completeCustomOrder', () => completeCustomOrder(a.admin, own, { version: 0 })],
			['cancelCustomOrder', () => cancelCustomOrder(a.admin, own, { reason: 'Designer cancels', version: 0 })],
			[
				'schedulePayment',
				() => schedulePayment(a.admin, own, { kind: 'balance', amount: '1', dueDate: '', paidOn: '', reference: '', note: '' })
			],
			['recordPayment', () => recordPayment(a.admin, own, { paymentId: a.order.paymentId, paidOn: isoDateIn(0), reference: '' })],
			['removePayment', () => removePayment(a.admin, own, a.order.paymentId)],
			['listCustomOrders', () => listCustomOrders(a.admin, customOrderListQuerySchema.parse({}))],
			['exportCustomOrdersCsv', () => exportCustomOrdersCsv(a.admin, customOrderListQuerySchema.parse({}))]
		];
		for (const [name, attempt] of staffOnly) expect((await error(attempt())).code, name).toBe('NotFound');
		expect((await getCustomOrder(ops, own)).order.status).toBe('in_design');
	});

	it('opens none of another workshop’s files, and a brief’s images only for its designer', async () => {
		expect(a.order.fileIds).toHaveLength(10); // two versions: render + thumbnail, PDF, STL, 3DM
		for (const fileId of [...a.order.fileIds, ...a.order.imageFileIds]) {
			expect((await error(readFileForActor(b.member, fileId))).code, fileId).toBe('NotFound');
			await expect(readFileForActor(a.member, fileId)).resolves.toMatchObject({ bytes: expect.any(Uint8Array) });
			await expect(readFileForActor(ops, fileId)).resolves.toBeDefined();
		}
		for (const fileId of brief.imageFileIds) {
			expect((await error(readFileForActor(a.admin, fileId))).code).toBe('NotFound');
			expect((await error(readFileForActor(b.admin, fileId))).code).toBe('NotFound');
		}
	});

	it('never mails a designer the client’s name, contact or budget', async () => {
		const mails = await asSystem((tx) =>
			tx
				.select()
				.from(outboxMessage)
				.where(inArray(outboxMessage.toAddress, [a.admin.email, a.member.email, b.admin.email, b.member.email]))
		);
		expect(mails.length).toBeGreaterThanOrEqual(6);
		for (const mail of mails) {
			for (const secret of [CLIENT, CONTACT, '12,500', '12500', '7,777', '7777'])
				expect(`${mail.subject} ${mail.textBody}`).not.toContain(secret);
		}
	});
});

// ——— the route loads and actions, called as SvelteKit calls them ———

const event = (actor: Actor, path: string, params: Record<string, string> = {}, body?: FormData): RequestEvent =>
	actionEvent(actor, path, body, params);

/** A load or action that must refuse: an AppError NotFound, or SvelteKit's 404 from an action's failForm. */
async function refusedAs404(run: () => unknown): Promise<void> {
	const caught = await Promise.resolve()
		.then(run)
		.then(
			() => undefined,
			(e: unknown) => e
		);
	expect(caught, 'expected a refusal').toBeDefined();
	if (caught instanceof AppError) expect(caught.code).toBe('NotFound');
	else expect((caught as { status?: number }).status).toBe(404);
}

const post = (fields: Record<string, string>, files: File[] = [], name = 'files') => {
	const data = new FormData();
	for (const [key, value] of Object.entries(fields)) data.append(key, value);
	for (const f of files) data.append(name, f);
	return data;
};

describe('route loads and actions', () => {
	it('loads the designer’s own list and page, and refuses another workshop’s page', async () => {
		const list = (await designList.load(event(b.member, '/workshop/designs') as never)) as { list: { rows: { id: string }[] } };
		expect(list.list.rows.map((r) => r.id)).toEqual([b.order.orderId]);
		const own = (await designPage.load(event(b.member, `/workshop/designs/${b.order.orderId}`, { orderId: b.order.orderId }) as never)) as {
			order: Record<string, unknown>;
		};
		expect(own.order.number).toBe(b.order.number);
		for (const secret of ['clientName', 'clientContact', 'budgetMinor', 'currency']) expect(own.order).not.toHaveProperty(secret);
		expect(JSON.stringify(own)).not.toContain(CLIENT);
		for (const orderId of [a.order.orderId, brief.orderId, 'not-a-uuid']) {
			await refusedAs404(() => designPage.load(event(b.member, `/workshop/designs/${orderId}`, { orderId }) as never));
		}
	});

	it('refuses another workshop’s upload action, storing nothing', async () => {
		const before = (await getCustomOrder(ops, a.order.orderId)).versions.length;
		const body = post({ note: 'Planted' }, [file(binaryStl(3), 'planted.stl')]);
		await refusedAs404(() =>
			designPage.actions.upload(event(b.admin, `/workshop/designs/${a.order.orderId}?/upload`, { orderId: a.order.orderId }, body) as never)
		);
		expect((await getCustomOrder(ops, a.order.orderId)).versions).toHaveLength(before);
	});

	it('refuses every ops load and action to a workshop user', async () => {
		const id = a.order.orderId;
		const at = (path: string, params: Record<string, string> = {}, body?: FormData) => event(a.admin, path, params, body);
		await refusedAs404(() => opsList.load(at('/custom-orders') as never));
		await refusedAs404(() => opsNew.load(at('/custom-orders/new') as never));
		await refusedAs404(() => opsOrder.load(at(`/custom-orders/${id}`, { orderId: id }) as never));
		await refusedAs404(() => opsEdit.load(at(`/custom-orders/${id}/edit`, { orderId: id }) as never));
		await refusedAs404(() => opsExport.GET(at('/custom-orders/export.csv') as never));
		const actions: [string, FormData][] = [
			['assign', post({ vendorId: a.vendorId, version: '0' })],
			['decide', post({ versionId: a.order.versionIds[1], decision: 'approve', channel: 'phone', decidedOn: isoDateIn(0) })],
			['production', post({ vendorId: a.vendorId, dueDate: isoDateIn(20), quantity: '1', laborPrice: '10', shipTo: 'x' })],
			['complete', post({ version: '0' })],
			['cancel', post({ reason: 'Designer cancels', version: '0' })],
			['schedulePayment', post({ kind: 'balance', amount: '10' })],
			['recordPayment', post({ paymentId: a.order.paymentId, paidOn: isoDateIn(0) })],
			['removePayment', post({ paymentId: a.order.paymentId })],
			['removeImage', post({ imageId: a.order.imageFileIds[0] })],
			['addImages', post({}, [file(await makePng(), 'x.png')], 'images')]
		];
		for (const [name, body] of actions) {
			const action = opsOrder.actions[name as keyof typeof opsOrder.actions];
			await refusedAs404(() => action(at(`/custom-orders/${id}?/${name}`, { orderId: id }, body) as never));
		}
		await refusedAs404(() =>
			opsNew.actions.default(
				at('/custom-orders/new', {}, post({ title: 'Planted brief', clientName: 'x', currency: 'USD', alloy: '18KY' })) as never
			)
		);
		await refusedAs404(() =>
			opsEdit.actions.default(
				at(
					`/custom-orders/${id}/edit`,
					{ orderId: id },
					post({ title: 'Planted', clientName: 'x', currency: 'USD', alloy: '18KY' })
				) as never
			)
		);
		const view = await getCustomOrder(ops, id);
		expect(view.order).toMatchObject({ status: 'in_design', title: 'Ring A', vendorId: a.vendorId });
		expect(view.payments).toHaveLength(1);
		expect(view.payments[0].paidOn).toBeNull();
		expect(view.purchaseOrders).toEqual([]);
	});

	it('loads the ops pages for the brand', async () => {
		const page = (await opsOrder.load(event(ops, `/custom-orders/${a.order.orderId}`, { orderId: a.order.orderId }) as never)) as {
			order: { clientName: string };
		};
		expect(page.order.clientName).toBe(CLIENT);
	});
});

// ——— row-level security and column grants underneath ———

describe('row-level security and column grants underneath', () => {
	const asVendor = <T>(tenant: Tenant, work: Parameters<typeof inScope<T>>[1]) =>
		inScope({ kind: 'vendor', vendorId: tenant.vendorId, userId: tenant.admin.userId }, work);

	async function refusal(promise: Promise<unknown>): Promise<string> {
		const caught = await promise.then(
			() => undefined,
			(e: unknown) => e as Error & { cause?: Error }
		);
		expect(caught, 'expected the database to refuse the statement').toBeDefined();
		return `${caught!.message} ${caught!.cause?.message ?? ''}`;
	}

	it('shows a workshop only its own orders, versions, files and images', async () => {
		const seen = await asVendor(b, async (tx) => ({
			orders: await tx.select({ id: customOrder.id }).from(customOrder),
			versions: await tx.select({ order: designVersion.customOrderId }).from(designVersion),
			files: await tx.select({ version: designFile.versionId }).from(designFile),
			images: await tx.select({ order: customOrderInspiration.customOrderId }).from(customOrderInspiration),
			stored: await tx
				.select({ id: storedFile.id })
				.from(storedFile)
				.where(inArray(storedFile.id, [...a.order.fileIds, ...a.order.imageFileIds, ...brief.imageFileIds])),
			audit: await tx.select({ entityId: auditEvent.entityId }).from(auditEvent).where(eq(auditEvent.entityType, 'custom_order'))
		}));
		expect(seen.orders.map((r) => r.id)).toEqual([b.order.orderId]);
		expect([...new Set(seen.versions.map((r) => r.order))]).toEqual([b.order.orderId]);
		expect(seen.files.every((r) => !a.order.versionIds.includes(r.version))).toBe(true);
		expect([...new Set(seen.images.map((r) => r.order))]).toEqual([b.order.orderId]);
		expect(seen.stored).toEqual([]);
		expect([...new Set(seen.audit.map((r) => r.entityId))]).toEqual([b.order.orderId]);
	});

	it('refuses the client’s name, contact and budget and the payments, even on the workshop’s own order', async () => {
		for (const statement of [
			sql`select client_name from custom_order where id = ${b.order.orderId}`,
			sql`select client_contact from custom_order`,
			sql`select budget_minor from custom_order`,
			sql`select created_by from custom_order`,
			sql`select cancel_reason from custom_order`,
			sql`select * from custom_order`,
			sql`select * from custom_order_payment`,
			sql`select * from custom_order_purchase_order`,
			sql`select * from document_counter`,
			// how the client decided is the brand's record
			sql`select client_decision from design_version`,
			sql`select * from design_version`
		]) {
			expect(await refusal(asVendor(b, (tx) => tx.execute(statement))), String(statement.queryChunks[0])).toMatch(/permission denied/);
		}
		// the whole-row select the services never make fails the same way
		expect(await refusal(asVendor(b, (tx) => tx.select().from(customOrder)))).toMatch(/permission denied/);
		expect(await refusal(asVendor(b, (tx) => tx.select().from(customOrderPayment)))).toMatch(/permission denied/);
	});

	it('keeps the client out of the audit rows a workshop can read', async () => {
		const rows = await asVendor(a, (tx) =>
			tx.select({ summary: auditEvent.summary, before: auditEvent.before, after: auditEvent.after }).from(auditEvent)
		);
		expect(rows.length).toBeGreaterThan(0);
		for (const row of rows) expect(JSON.stringify(row)).not.toMatch(/Eleanor|example\.test|12,?500|7,?777/);
	});

	it('refuses changing orders, versions and payments, and numbering orders', async () => {
		for (const statement of [
			sql`update custom_order set status = 'approved' where id = ${b.order.orderId}`,
			sql`update custom_order set vendor_id = ${b.vendorId} where id = ${a.order.orderId}`,
			sql`update design_version set status = 'approved' where custom_order_id = ${b.order.orderId}`,
			sql`update design_version set comment = 'forged' where custom_order_id = ${b.order.orderId}`,
			sql`delete from design_version where custom_order_id = ${b.order.orderId}`,
			sql`delete from custom_order_inspiration where custom_order_id = ${b.order.orderId}`,
			sql`insert into custom_order_payment (custom_order_id, kind, amount_minor) values (${b.order.orderId}, 'deposit', 1)`,
			sql`insert into custom_order (number, title, client_name, currency, alloy) values ('CO-2099-0001', 'x', 'x', 'USD', '18KY')`,
			sql`insert into document_counter (kind, year, last_number) values ('custom_order', 2099, 1)`
		]) {
			expect(await refusal(asVendor(b, (tx) => tx.execute(statement))), String(statement.queryChunks[0])).toMatch(/permission denied/);
		}
	});

	it('refuses a version or a file claiming another workshop', async () => {
		expect(
			await refusal(
				asVendor(b, (tx) =>
					tx.insert(designVersion).values({ customOrderId: b.order.orderId, vendorId: a.vendorId, versionNo: 90, createdByName: 'Planted' })
				)
			)
		).toMatch(/row-level security/);
		expect(
			await refusal(
				asVendor(b, (tx) =>
					tx.insert(designFile).values({ versionId: b.order.versionIds[0], vendorId: a.vendorId, kind: 'cad', fileId: a.order.fileIds[0] })
				)
			)
		).toMatch(/row-level security/);
	});

	it('refuses a version or a file planted on another workshop’s order, whatever vendor id it claims', async () => {
		// foreign keys ignore row-level security: the policies find the parent through the workshop's own rows
		for (const vendorId of [b.vendorId, a.vendorId]) {
			expect(
				await refusal(
					asVendor(b, (tx) =>
						tx.insert(designVersion).values({ customOrderId: a.order.orderId, vendorId, versionNo: 91, createdByName: 'Planted' })
					)
				)
			).toMatch(/row-level security/);
			expect(
				await refusal(
					asVendor(b, (tx) =>
						tx.insert(designVersion).values({ customOrderId: brief.orderId, vendorId, versionNo: 1, createdByName: 'Planted' })
					)
				)
			).toMatch(/row-level security/);
		}
		expect(
			await refusal(
				asVendor(b, (tx) =>
					tx.insert(designFile).values({ versionId: a.order.versionIds[0], vendorId: b.vendorId, kind: 'cad', fileId: b.order.fileIds[0] })
				)
			)
		).toMatch(/row-level security/);
		expect(
			await refusal(
				asVendor(b, (tx) =>
					tx.insert(designFile).values({ versionId: b.order.versionIds[0], vendorId: b.vendorId, kind: 'cad', fileId: a.order.fileIds[0] })
				)
			)
		).toMatch(/row-level security/);
		expect((await getCustomOrder(ops, a.order.orderId)).versions).toHaveLength(2);
	});
});
