/**
 * The PO thread's action as both PO pages call it: a multipart post with up to five files, an empty
 * camera input, photos stripped of EXIF, and refusals that leave no message behind.
 */
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import type { RequestEvent } from '@sveltejs/kit';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/support/database.ts';
import { createPurchaseOrderDraft, createStaff, createVendorUser, createWorkshop, makePdf } from '../../../../tests/support/factories.ts';
import type { Actor, StaffActor, VendorActor } from '../auth/actor.ts';
import { purchaseOrderAttachment, purchaseOrderMessage } from '../db/schema/index.ts';
import { asSystem } from '../db/scope.ts';
import { readFileForActor } from '../files/service.ts';
import { messageActions } from './actions.ts';
import { sendPurchaseOrder } from './service.ts';

useTestDatabase();

let ops: StaffActor;
let vendorUser: VendorActor;
let stranger: VendorActor;
let poId: string;

beforeAll(async () => {
	ops = await createStaff('ops');
	const workshop = await createWorkshop(ops);
	vendorUser = await createVendorUser(workshop.vendorId, workshop.name, 'vendor_member');
	const other = await createWorkshop(ops);
	stranger = await createVendorUser(other.vendorId, other.name, 'vendor_admin');
	({ poId } = await createPurchaseOrderDraft(ops, workshop.vendorId));
	await sendPurchaseOrder(ops, poId, { version: 1 });
});

function post(actor: Actor, fields: Record<string, string>, files: { name: string; bytes: Uint8Array; type: string }[]) {
	const body = new FormData();
	for (const [key, value] of Object.entries(fields)) body.append(key, value);
	for (const file of files) body.append('files', new File([file.bytes as BlobPart], file.name, { type: file.type }));
	const url = new URL(`http://bezel.test/workshop/purchase-orders/${poId}?/postMessage`);
	const event = { request: new Request(url, { method: 'POST', body }), url, locals: { actor, sessionId: null }, params: { poId } };
	return messageActions(() => poId).postMessage(event as unknown as RequestEvent);
}

const messages = () => asSystem((tx) => tx.select().from(purchaseOrderMessage).where(eq(purchaseOrderMessage.purchaseOrderId, poId)));

async function phonePhoto() {
	const image = sharp({ create: { width: 64, height: 48, channels: 3, background: '#d4af37' } })
		.jpeg()
		.withExif({ IFD0: { Make: 'PhoneCo', Copyright: 'GPS 13.7563N 100.5018E' } });
	return new Uint8Array(await image.toBuffer());
}

describe('postMessage', () => {
	it('stores the message with its files, ignores the unused camera input and strips EXIF from photos', async () => {
		const photo = await phonePhoto();
		const result = await post(vendorUser, { body: 'Wax tree for line 1, casting Monday.' }, [
			{ name: 'tree.jpg', bytes: photo, type: 'image/jpeg' },
			{ name: 'spec.pdf', bytes: await makePdf('spec'), type: 'application/pdf' },
			// the "Take photo" input posts an empty file when it was not used
			{ name: '', bytes: new Uint8Array(), type: 'application/octet-stream' }
		]);
		expect(result).not.toHaveProperty('status');
		expect((result as { form: { message: { tone: string } } }).form.message.tone).toBe('success');
		const [message] = (await messages()).filter((m) => m.body.startsWith('Wax tree'));
		expect(message.side).toBe('vendor');
		const files = await asSystem((tx) =>
			tx.select().from(purchaseOrderAttachment).where(eq(purchaseOrderAttachment.messageId, message.id))
		);
		expect(files.map((f) => f.title).sort()).toEqual(['spec.pdf', 'tree.jpg']);
		const stored = await readFileForActor(vendorUser, files.find((f) => f.title === 'tree.jpg')!.fileId);
		expect(stored.contentType).toBe('image/jpeg');
		expect((await sharp(stored.bytes).metadata()).exif).toBeUndefined();
	});

	it('refuses more than five files, and a file that is not a PDF, JPEG or PNG, with the error on the files', async () => {
		const before = (await messages()).length;
		const photo = await phonePhoto();
		const six = Array.from({ length: 6 }, (_, i) => ({ name: `p${i}.jpg`, bytes: photo, type: 'image/jpeg' }));
		const tooMany = (await post(vendorUser, { body: 'Six photos' }, six)) as {
			status: number;
			data: { form: { errors: { files?: { _errors?: string[] } } } };
		};
		expect(tooMany.status).toBe(400);
		expect(tooMany.data.form.errors.files?._errors?.[0]).toMatch(/at most 5/);

		const text = new TextEncoder().encode('just some words');
		const wrong = (await post(vendorUser, { body: 'A note' }, [{ name: 'note.txt', bytes: text, type: 'text/plain' }])) as {
			status: number;
			data: { form: { errors: { files?: { _errors?: string[] } | string[] }; message: { text: string } } };
		};
		expect(wrong.status).toBe(400);
		expect(JSON.stringify(wrong.data.form.errors.files)).toContain('note.txt');
		expect(wrong.data.form.message.text).toMatch(/Nothing was sent/);
		expect((await messages()).length).toBe(before);
	});

	it('asks for a message body', async () => {
		const result = (await post(vendorUser, { body: '   ' }, [])) as { status: number; data: { form: { errors: { body?: string[] } } } };
		expect(result.status).toBe(400);
		expect(result.data.form.errors.body?.[0]).toBe('Write a message.');
	});

	it('answers 404 to another workshop', async () => {
		await expect(post(stranger, { body: 'Hello?' }, [])).rejects.toMatchObject({ status: 404 });
	});
});
