/**
 * The finance queue's action bar as the page posts it: approving and scheduling the ticked rows,
 * and, when something is wrong, the form back with what was ticked and typed and a sentence.
 */
import { isRedirect } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { actionEvent, formData } from '../../../../tests/support/actions.ts';
import { useTestDatabase } from '../../../../tests/support/database.ts';
import { createFinanceDocument, createStaff, createVendorUser, createWorkshop, isoDateIn } from '../../../../tests/support/factories.ts';
import type { Actor, StaffActor, VendorActor } from '#lib/server/auth/actor.ts';
import { vendorInvoice } from '#lib/server/db/schema/index.ts';
import { asSystem } from '#lib/server/db/scope.ts';
import { actions, load } from '../../../routes/(internal)/finance/+page.server.ts';

useTestDatabase();

let finance: StaffActor;
let ops: StaffActor;
let workshop: { vendorId: string; name: string };
let other: { vendorId: string; name: string };
let workshopUser: VendorActor;

type QueueForm = {
	id: string;
	valid: boolean;
	message?: { tone: string; text: string };
	errors: Record<string, string[] | undefined>;
	data: { selected: string[]; method: string; scheduledOn: string };
};
type Outcome = { status?: number; data?: { form: QueueForm }; form?: QueueForm };
const formOf = (outcome: unknown) => {
	const o = outcome as Outcome;
	return (o.data?.form ?? o.form)!;
};
const statusOf = (outcome: unknown) => (outcome as Outcome).status ?? 200;

const tick = (doc: { id: string; version: number }) => `${doc.id}:${doc.version}`;
const post = (actor: Actor, action: 'approve' | 'schedule', fields: Record<string, string | string[]>) =>
	actions[action](actionEvent(actor, `/finance?/${action}`, formData(fields)) as never);
const statusOfDocument = async (id: string) =>
	(await asSystem((tx) => tx.select({ status: vendorInvoice.status }).from(vendorInvoice).where(eq(vendorInvoice.id, id))))[0]?.status;

beforeAll(async () => {
	const admin = await createStaff('admin');
	finance = await createStaff('finance');
	ops = await createStaff('ops');
	workshop = await createWorkshop(admin, { currency: 'USD' });
	other = await createWorkshop(admin, { currency: 'USD' });
	workshopUser = await createVendorUser(workshop.vendorId, workshop.name);
});

describe('the queue page', () => {
	it('starts its action bar with nothing ticked, a wire transfer, today', async () => {
		const data = (await load(actionEvent(finance, '/finance') as never)) as { form: QueueForm };
		expect(data.form.data).toEqual({ selected: [], method: 'wire', scheduledOn: isoDateIn(0) });
		expect(data.form.errors).toEqual({});
	});

	it('is not a workshop’s to open', async () => {
		await expect(load(actionEvent(workshopUser, '/finance') as never)).rejects.toMatchObject({ code: 'NotFound' });
	});
});

describe('approving the ticked rows', () => {
	it('approves them and says which', async () => {
		const [a, b] = [await createFinanceDocument(workshop.vendorId), await createFinanceDocument(workshop.vendorId)];
		const outcome = await post(finance, 'approve', { selected: [tick(a), tick(b)], method: 'wire', scheduledOn: isoDateIn(0) });
		expect(statusOf(outcome)).toBe(200);
		expect(formOf(outcome).message?.tone).toBe('success');
		expect(formOf(outcome).message?.text).toMatch(new RegExp(`^Approved (${a.number}, ${b.number}|${b.number}, ${a.number})\\.$`));
		expect([await statusOfDocument(a.id), await statusOfDocument(b.id)]).toEqual(['approved', 'approved']);
	});

	it('approves what it can and names the rest with the reason', async () => {
		const good = await createFinanceDocument(workshop.vendorId);
		const held = await createFinanceDocument(workshop.vendorId, { matchStatus: 'exception', holdReason: 'Weight short' });
		const outcome = await post(finance, 'approve', { selected: [tick(good), tick(held)] });
		expect(formOf(outcome).message?.tone).toBe('warning');
		expect(formOf(outcome).message?.text).toMatch(new RegExp(`^Approved ${good.number}\\. Not approved — ${held.number}: .+\\.$`));
		expect(await statusOfDocument(held.id)).not.toBe('approved');

		const again = await post(finance, 'approve', { selected: [tick(held)] });
		// none approved: the whole post is refused with the reasons
		expect(statusOf(again)).toBe(409);
		expect(formOf(again).message?.tone).toBe('error');
		expect(formOf(again).message?.text).toMatch(new RegExp(`^Nothing was approved\\. ${held.number}: .+\\.$`));
	});

	it('says when nothing was ticked, and keeps the payment fields as typed', async () => {
		const outcome = await post(finance, 'approve', { method: 'check', scheduledOn: isoDateIn(4) });
		expect(statusOf(outcome)).toBe(400);
		expect(formOf(outcome).message).toEqual({ tone: 'error', text: 'Select the invoices to approve first.' });
		expect(formOf(outcome).data).toMatchObject({ selected: [], method: 'check', scheduledOn: isoDateIn(4) });
	});

	it('refuses operations, changing nothing', async () => {
		const doc = await createFinanceDocument(workshop.vendorId);
		const outcome = await post(ops, 'approve', { selected: [tick(doc)] });
		expect(statusOf(outcome)).toBe(403);
		expect(formOf(outcome).message?.tone).toBe('error');
		expect(await statusOfDocument(doc.id)).toBe('matched');
	});
});

describe('scheduling a payment for the ticked rows', () => {
	it('schedules it and goes to the payment', async () => {
		const doc = await createFinanceDocument(workshop.vendorId, { approved: true });
		const thrown = await Promise.resolve(
			post(finance, 'schedule', { selected: [tick(doc)], method: 'ach', scheduledOn: isoDateIn(2) })
		).then(
			() => null,
			(caught: unknown) => caught
		);
		expect(isRedirect(thrown)).toBe(true);
		expect((thrown as { location: string }).location).toMatch(/^\/finance\/payments\/[0-9a-f-]{36}\?scheduled=1$/);
		expect(await statusOfDocument(doc.id)).toBe('scheduled');
	});

	it('puts a date in the past beside the field, keeping the ticks and what was typed', async () => {
		const doc = await createFinanceDocument(workshop.vendorId, { approved: true });
		const outcome = await post(finance, 'schedule', { selected: [tick(doc)], method: 'check', scheduledOn: isoDateIn(-1) });
		expect(statusOf(outcome)).toBe(400);
		const form = formOf(outcome);
		expect(form.errors.scheduledOn?.join(' ')).toContain('past');
		expect(form.data).toEqual({ selected: [tick(doc)], method: 'check', scheduledOn: isoDateIn(-1) });
		expect(await statusOfDocument(doc.id)).toBe('approved');
	});

	it('says why two workshops cannot share a payment, and an unknown method beside its field', async () => {
		const mine = await createFinanceDocument(workshop.vendorId, { approved: true });
		const theirs = await createFinanceDocument(other.vendorId, { approved: true });
		const mixed = await post(finance, 'schedule', { selected: [tick(mine), tick(theirs)], method: 'wire', scheduledOn: isoDateIn(1) });
		expect(statusOf(mixed)).toBe(400);
		expect(formOf(mixed).message?.text).toContain('one vendor');
		const unknownMethod = await post(finance, 'schedule', { selected: [tick(mine)], method: 'barter', scheduledOn: isoDateIn(1) });
		expect(statusOf(unknownMethod)).toBe(400);
		expect(formOf(unknownMethod).errors.method).toEqual(['Choose how it will be paid.']);
		expect([await statusOfDocument(mine.id), await statusOfDocument(theirs.id)]).toEqual(['approved', 'approved']);
	});

	it('says when nothing was ticked', async () => {
		const outcome = await post(finance, 'schedule', { method: 'wire', scheduledOn: isoDateIn(1) });
		expect(statusOf(outcome)).toBe(400);
		expect(formOf(outcome).message).toEqual({ tone: 'error', text: 'Select the approved invoices to pay first.' });
	});
});
