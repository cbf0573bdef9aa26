import net from 'node:net';
import { eq, inArray, sql } from 'drizzle-orm';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/support/database.ts';
import { createStaff, createVendorUser, createWorkshop, mailsTo, makePdf } from '../../../../tests/support/factories.ts';
import { appUser, outboxMessage } from '../db/schema/index.ts';
import { asSystem } from '../db/scope.ts';
import { withActor } from '../auth/actor.ts';
import { recordStagedFile, stageFile } from '../files/service.ts';
import { enqueueBrandMail, enqueueMail } from './outbox.ts';
import { createSmtpTransport, deliverDueMail, expandAudiences, MAX_ATTEMPTS } from './sender.ts';

useTestDatabase();
const FROM = 'Bezel <no-reply@bezel.test>';

/** A real SMTP server on a free local port that keeps what it receives, or refuses recipients. */
async function startSmtp(options: { refuse?: boolean } = {}) {
	const received: ParsedMail[] = [];
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		onRcptTo(_address, _session, callback) {
			if (!options.refuse) return callback();
			const error = new Error('Mailbox temporarily unavailable') as Error & { responseCode: number };
			error.responseCode = 451;
			callback(error);
		},
		onData(stream, _session, callback) {
			simpleParser(stream).then(
				(mail) => {
					received.push(mail);
					callback();
				},
				(error: Error) => callback(error)
			);
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.server.address() as net.AddressInfo;
	const transport = createSmtpTransport(`smtp://127.0.0.1:${port}`);
	return {
		port,
		received,
		transport,
		async close() {
			transport.close();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	};
}

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
	const probe = net.createServer();
	await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
	const { port } = probe.address() as net.AddressInfo;
	await new Promise<void>((resolve) => probe.close(() => resolve()));
	return port;
}

let seq = 0;
async function queue(count = 1): Promise<{ ids: string[]; addresses: string[] }> {
	const addresses = Array.from({ length: count }, () => `person-${++seq}@workshop.test`);
	await asSystem(async (tx) => {
		for (const to of addresses) {
			await enqueueMail(tx, {
				to,
				toName: `Person ${seq}`,
				topic: 'test',
				subject: `Hello ${to}`,
				greeting: 'Hello,',
				paragraphs: ['A purchase order is waiting for you.'],
				action: { label: 'Open the order', href: `http://bezel.test/orders/${encodeURIComponent(to)}` }
			});
		}
	});
	const rows = await asSystem((tx) => tx.select().from(outboxMessage).where(inArray(outboxMessage.toAddress, addresses)));
	return { ids: rows.map((r) => r.id), addresses };
}

const message = async (id: string) => (await asSystem((tx) => tx.select().from(outboxMessage).where(eq(outboxMessage.id, id))))[0];
/** Makes a message due now, as if its backoff had passed. */
const makeDue = (id: string) =>
	asSystem((tx) =>
		tx
			.update(outboxMessage)
			.set({ nextAttemptAt: sql`now() - interval '1 second'` })
			.where(eq(outboxMessage.id, id))
	);

let smtp: Awaited<ReturnType<typeof startSmtp>>;
beforeAll(async () => {
	smtp = await startSmtp();
});
afterAll(async () => {
	await smtp?.close();
});

describe('deliverDueMail', () => {
	it('delivers a queued message once, with its link, and marks it sent', async () => {
		const { ids, addresses } = await queue();
		const start = smtp.received.length;
		expect(await deliverDueMail(smtp.transport, FROM)).toBe(1);
		const mails = smtp.received.slice(start);
		expect(mails).toHaveLength(1);
		const [mail] = mails;
		const link = `http://bezel.test/orders/${encodeURIComponent(addresses[0])}`;
		expect(mail.to).toMatchObject({ value: [{ address: addresses[0] }] });
		expect(mail.from?.value[0].address).toBe('no-reply@bezel.test');
		expect(mail.subject).toBe(`Hello ${addresses[0]}`);
		expect(mail.text).toContain(link);
		expect(mail.html).toContain(link);
		expect(mail.messageId).toBe(`<${ids[0]}@bezel.outbox>`);

		expect(await message(ids[0])).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
		expect((await message(ids[0])).sentAt).not.toBeNull();

		// a second run sends nothing again
		expect(await deliverDueMail(smtp.transport, FROM)).toBe(0);
		expect(smtp.received.length).toBe(start + 1);
	});

	it('keeps a message pending with backoff when the server refuses it (451), then gives up after the last attempt', async () => {
		const refusing = await startSmtp({ refuse: true });
		try {
			const { ids } = await queue();
			expect(await deliverDueMail(refusing.transport, FROM)).toBe(0);
			const first = await message(ids[0]);
			expect(first).toMatchObject({ status: 'pending', attempts: 1 });
			expect(first.lastError).toMatch(/451/);
			expect(first.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 30_000);
			expect(refusing.received).toHaveLength(0);

			// not due yet: nothing is tried
			expect(await deliverDueMail(refusing.transport, FROM)).toBe(0);
			expect((await message(ids[0])).attempts).toBe(1);

			for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
				await makeDue(ids[0]);
				await deliverDueMail(refusing.transport, FROM);
				expect(await message(ids[0])).toMatchObject({ attempts: attempt, status: attempt < MAX_ATTEMPTS ? 'pending' : 'failed' });
			}
			// failed is final
			await makeDue(ids[0]);
			expect(await deliverDueMail(smtp.transport, FROM)).toBe(0);
			expect(await message(ids[0])).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
		} finally {
			await refusing.close();
		}
	});

	it('keeps a message pending when nothing listens, and delivers it once the server is back', async () => {
		const port = await closedPort();
		const down = createSmtpTransport(`smtp://127.0.0.1:${port}`);
		const { ids } = await queue();
		expect(await deliverDueMail(down, FROM)).toBe(0);
		down.close();
		const after = await message(ids[0]);
		expect(after).toMatchObject({ status: 'pending', attempts: 1 });
		expect(after.lastError).toMatch(/ECONNREFUSED/);
		expect(after.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());

		await makeDue(ids[0]);
		const start = smtp.received.length;
		expect(await deliverDueMail(smtp.transport, FROM)).toBe(1);
		expect(smtp.received.length).toBe(start + 1);
		expect(await message(ids[0])).toMatchObject({ status: 'sent', attempts: 2 });
	});

	it('never sends a message twice when two senders run at once', async () => {
		const { ids } = await queue(6);
		const start = smtp.received.length;
		const second = createSmtpTransport(`smtp://127.0.0.1:${smtp.port}`);
		const [one, two] = await Promise.all([deliverDueMail(smtp.transport, FROM), deliverDueMail(second, FROM)]);
		second.close();
		expect(one + two).toBe(6);
		const delivered = smtp.received.slice(start).map((m) => m.messageId);
		expect(delivered.sort()).toEqual(ids.map((id) => `<${id}@bezel.outbox>`).sort());
	});

	it('marks a message left mid-send by a crash as failed instead of sending it again', async () => {
		const { ids } = await queue();
		await asSystem((tx) =>
			tx
				.update(outboxMessage)
				.set({ status: 'sending', attempts: 1, nextAttemptAt: sql`now() - interval '20 minutes'` })
				.where(eq(outboxMessage.id, ids[0]))
		);
		const start = smtp.received.length;
		expect(await deliverDueMail(smtp.transport, FROM)).toBe(0);
		expect(smtp.received.length).toBe(start);
		const row = await message(ids[0]);
		expect(row.status).toBe('failed');
		expect(row.lastError).toMatch(/not resent/);
	});
});

describe('attachments and audiences', () => {
	it('sends stored files as attachments', async () => {
		const pdf = await makePdf('Purchase order PO-2026-0001');
		const staged = await stageFile(null, 'test-attachment', { bytes: pdf, contentType: 'application/pdf', originalName: 'po.pdf' });
		const to = `attach-${++seq}@workshop.test`;
		await asSystem(async (tx) => {
			const fileId = await recordStagedFile(tx, staged, null);
			await enqueueMail(tx, {
				to,
				topic: 'test',
				subject: 'With a PDF',
				paragraphs: ['See attached.'],
				attachments: [{ fileId, filename: 'PO-2026-0001.pdf' }]
			});
		});
		const start = smtp.received.length;
		await deliverDueMail(smtp.transport, FROM);
		const mail = smtp.received.slice(start).find((m) => m.subject === 'With a PDF');
		expect(mail?.attachments).toHaveLength(1);
		expect(mail?.attachments[0]).toMatchObject({ filename: 'PO-2026-0001.pdf', contentType: 'application/pdf' });
		expect(Buffer.compare(mail!.attachments[0].content, Buffer.from(pdf))).toBe(0);
	});

	it('resolves a vendor’s mail to the brand: the responsible person, or every active ops and admin user when they are gone', async () => {
		const owner = await createStaff('ops');
		const workshop = await createWorkshop(owner);
		const vendorUser = await createVendorUser(workshop.vendorId, workshop.name);
		// written inside the vendor's own scope, which cannot read the brand's people
		await withActor(vendorUser, (tx) =>
			enqueueBrandMail(tx, owner.userId, { topic: 'test-brand', subject: 'Acknowledged', paragraphs: ['Done.'] })
		);
		expect(await expandAudiences()).toBeGreaterThanOrEqual(1);
		expect((await mailsTo(owner.email, 'test-brand')).map((m) => m.subject)).toEqual(['Acknowledged']);

		const admin = await createStaff('admin');
		await asSystem((tx) => tx.update(appUser).set({ status: 'disabled' }).where(eq(appUser.id, owner.userId)));
		await withActor(vendorUser, (tx) =>
			enqueueBrandMail(tx, owner.userId, { topic: 'test-brand', subject: 'Declined', paragraphs: ['No.'] })
		);
		await expandAudiences();
		expect((await mailsTo(owner.email, 'test-brand')).map((m) => m.subject)).toEqual(['Acknowledged']);
		expect((await mailsTo(admin.email, 'test-brand')).map((m) => m.subject)).toContain('Declined');
		// nothing is left addressed to an audience
		const left = await asSystem((tx) => tx.select().from(outboxMessage).where(eq(outboxMessage.toAddress, 'brand team')));
		expect(left).toHaveLength(0);
	});
});
