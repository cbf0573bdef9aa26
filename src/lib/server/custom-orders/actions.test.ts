/**
 * The custom-order actions as a browser posts them, without JavaScript: a multipart brief with images,
 * the designer's version with an empty file input beside the chosen files, a refused file that leaves
 * nothing behind, and the brand's answer with its sentence.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/support/database.ts';
import {
	binaryStl,
	createCadDesigner,
	createStaff,
	createVendorUser,
	isoDateIn,
	makePdf,
	makePng
} from '../../../../tests/support/factories.ts';
import type { Actor, StaffActor, VendorActor } from '../auth/actor.ts';
import { customOrder, designVersion } from '../db/schema/index.ts';
import { asSystem } from '../db/scope.ts';
import { createBrief, designerActions, orderActions } from './actions.ts';
import { getCustomOrder } from './service.ts';

useTestDatabase();

let ops: StaffActor;
let designer: VendorActor;

function post(actor: Actor, path: string, body: FormData, params: Record<string, string> = {}): RequestEvent {
	const url = new URL(path, 'http://bezel.test');
	return { locals: { actor }, params, url, request: new Request(url, { method: 'POST', body }) } as unknown as RequestEvent;
}

function formData(fields: Record<string, string>, files: [string, File][] = []): FormData {
	const data = new FormData();
	for (const [key, value] of Object.entries(fields)) data.append(key, value);
	for (const [name, file] of files) data.append(name, file);
	return data;
}

type Outcome = { status?: number; data?: { form: FormShape }; form?: FormShape; notice?: string };
type FormShape = { valid: boolean; message?: { tone: string; text: string }; errors: Record<string, unknown> };
const formOf = (outcome: unknown) => ((outcome as Outcome).data?.form ?? (outcome as Outcome).form) as FormShape;

/** A redirect thrown by the action: its location. */
async function redirectOf(run: () => Promise<unknown>): Promise<string> {
	const thrown = await run().then(
		() => undefined,
		(e: unknown) => e as { status?: number; location?: string }
	);
	expect(thrown?.status).toBe(303);
	return thrown!.location!;
}

const emptyInput = () => new File([], '', { type: 'application/octet-stream' });

beforeAll(async () => {
	ops = await createStaff('ops');
	const studio = await createCadDesigner(ops);
	designer = await createVendorUser(studio.vendorId, studio.name, 'vendor_member');
});

describe('the custom-order actions', () => {
	it('takes a brief with its images and opens the new order', async () => {
		const body = formData({ title: 'Emerald pendant', clientName: 'A. Client', currency: 'eur', budget: '3,400.00', alloy: '18ky' }, [
			['images', new File([Buffer.from(await makePng(200, 150))], 'mood.png', { type: 'image/png' })],
			['images', emptyInput()]
		]);
		const location = await redirectOf(() => createBrief(post(ops, '/custom-orders/new', body)));
		const orderId = /\/custom-orders\/([0-9a-f-]{36})\?created=1$/.exec(location)?.[1];
		expect(orderId).toBeDefined();
		const view = await getCustomOrder(ops, orderId!);
		expect(view.order).toMatchObject({ currency: 'EUR', budgetMinor: 340_000, alloy: '18KY' });
		expect(view.inspiration).toHaveLength(1);
	});

	it('refuses a brief image that is not a photo, beside the images field', async () => {
		const body = formData({ title: 'Emerald pendant', clientName: 'A. Client', currency: 'EUR', alloy: '18KY' }, [
			['images', new File([Buffer.from(await makePdf())], 'mood.png', { type: 'image/png' })]
		]);
		const before = await asSystem((tx) => tx.select({ id: customOrder.id }).from(customOrder));
		const outcome = (await createBrief(post(ops, '/custom-orders/new', body))) as Outcome;
		expect(outcome.status).toBe(400);
		expect(formOf(outcome).errors.images).toEqual([expect.stringMatching(/“mood\.png” is a PDF, not a photo/)]);
		expect(await asSystem((tx) => tx.select({ id: customOrder.id }).from(customOrder))).toHaveLength(before.length);
	});

	it('takes the designer’s version with the unused input posting an empty file, and refuses a renamed photo', async () => {
		const location = await redirectOf(() =>
			createBrief(
				post(ops, '/custom-orders/new', formData({ title: 'Halo ring', clientName: 'B. Client', currency: 'USD', alloy: '18KW' }))
			)
		);
		const orderId = /custom-orders\/([0-9a-f-]{36})/.exec(location)![1];
		const assigned = await orderActions(() => orderId).assign(
			post(ops, `/custom-orders/${orderId}?/assign`, formData({ vendorId: designer.vendorId, version: '0' }), { orderId })
		);
		expect(formOf(assigned).message?.text).toMatch(/is the designer now/);

		const upload = designerActions(() => orderId).upload;
		const bad = (await upload(
			post(
				designer,
				`/workshop/designs/${orderId}?/upload`,
				formData({ note: '' }, [['files', new File([Buffer.from(await makePng())], 'ring.stl')]]),
				{
					orderId
				}
			)
		)) as Outcome;
		expect(bad.status).toBe(400);
		expect(formOf(bad).message?.text).toMatch(/“ring\.stl” is named like an STL model but is a PNG image/);
		expect(await asSystem((tx) => tx.select().from(designVersion).where(eq(designVersion.customOrderId, orderId)))).toEqual([]);

		const good = await upload(
			post(
				designer,
				`/workshop/designs/${orderId}?/upload`,
				formData({ note: 'Split shank' }, [
					['files', new File([Buffer.from(await makePng(300, 200))], 'front.png', { type: 'image/png' })],
					['files', new File([Buffer.from(binaryStl(4))], 'ring.stl')],
					['files', emptyInput()]
				]),
				{ orderId }
			)
		);
		expect(formOf(good).message).toEqual({
			tone: 'success',
			text: 'Version 1 sent with 2 files. The brand is told by e-mail and answers here.'
		});

		const [version] = (await getCustomOrder(ops, orderId)).versions;
		const missing = (await orderActions(() => orderId).decide(
			post(ops, `/custom-orders/${orderId}?/decide`, formData({ versionId: version.id, decision: 'approve', comment: '' }), { orderId })
		)) as Outcome;
		expect(missing.status).toBe(400);
		expect(formOf(missing).errors).toMatchObject({ channel: ['Say how the client approved it.'] });
		const answered = (await orderActions(() => orderId).decide(
			post(
				ops,
				`/custom-orders/${orderId}?/decide`,
				formData({ versionId: version.id, decision: 'approve', channel: 'email', decidedOn: isoDateIn(0) }),
				{
					orderId
				}
			)
		)) as Outcome;
		expect(answered.notice).toBe('Version 1 approved: the design is locked. Draft the production PO below.');
		expect((await getCustomOrder(ops, orderId)).order.status).toBe('approved');
	});
});
