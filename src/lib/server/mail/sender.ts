/**
 * Sends queued mail. Each message is claimed (FOR UPDATE SKIP LOCKED, so two instances never take
 * the same one) and marked `sending` in its own committed transaction before the SMTP call.
 * A message whose SMTP call failed is retried with backoff. One left in `sending` by a crash is not
 * retried — it may already have gone out, and a duplicate is worse than a delay — but is marked
 * failed and shown in the mailbox page.
 */
import { and, eq, inArray, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { Transporter } from 'nodemailer';
import nodemailer from 'nodemailer';
import { appUser, membership, outboxMessage, storedFile } from '#lib/server/db/schema/index.ts';
import { asSystem } from '#lib/server/db/scope.ts';
import { getFileStore } from '#lib/server/platform.ts';

const BACKOFF_MINUTES = [1, 5, 15, 60, 240];
export const MAX_ATTEMPTS = BACKOFF_MINUTES.length + 1;
const STUCK_AFTER_MINUTES = 15;

export function createSmtpTransport(smtpUrl: string): Transporter {
	return nodemailer.createTransport(smtpUrl);
}

type Claimed = typeof outboxMessage.$inferSelect;

/** The attached files' bytes; a missing file fails the attempt (and is retried) rather than sending without it. */
async function loadAttachments(wanted: Claimed['attachments']) {
	if (wanted.length === 0) return [];
	const rows = await asSystem((tx) =>
		tx
			.select({ id: storedFile.id, key: storedFile.key, contentType: storedFile.contentType })
			.from(storedFile)
			.where(
				inArray(
					storedFile.id,
					wanted.map((a) => a.fileId)
				)
			)
	);
	return Promise.all(
		wanted.map(async (attachment) => {
			const row = rows.find((r) => r.id === attachment.fileId);
			const bytes = row ? await getFileStore().get(row.key) : null;
			if (!row || !bytes) throw new Error(`attachment ${attachment.filename} is missing from the file store`);
			return { filename: attachment.filename, content: Buffer.from(bytes), contentType: row.contentType };
		})
	);
}

async function claimNext(): Promise<Claimed | undefined> {
	return asSystem(async (tx) => {
		const [row] = await tx
			.select()
			.from(outboxMessage)
			.where(and(eq(outboxMessage.status, 'pending'), isNull(outboxMessage.audience), sql`${outboxMessage.nextAttemptAt} <= now()`))
			.orderBy(outboxMessage.nextAttemptAt)
			.limit(1)
			.for('update', { skipLocked: true });
		if (!row) return undefined;
		await tx
			.update(outboxMessage)
			.set({ status: 'sending', attempts: row.attempts + 1, nextAttemptAt: sql`now()` })
			.where(eq(outboxMessage.id, row.id));
		return { ...row, attempts: row.attempts + 1 };
	});
}

/**
 * Turns audience rows (written by vendors, who cannot see the brand's people) into one row per
 * recipient, in one system transaction: the copies and the removal commit together.
 */
export async function expandAudiences(limit = 50): Promise<number> {
	return asSystem(async (tx) => {
		const rows = await tx
			.select()
			.from(outboxMessage)
			.where(and(eq(outboxMessage.status, 'pending'), isNotNull(outboxMessage.audience)))
			.limit(limit)
			.for('update', { skipLocked: true });
		for (const row of rows) {
			const audience = row.audience;
			const responsible =
				audience?.kind === 'brand-contact' && audience.userId
					? await tx
							.select({ email: appUser.email, name: appUser.name })
							.from(appUser)
							.where(and(eq(appUser.id, audience.userId), eq(appUser.status, 'active')))
					: [];
			const recipients =
				responsible.length > 0
					? responsible
					: await tx
							.select({ email: appUser.email, name: appUser.name })
							.from(membership)
							.innerJoin(appUser, eq(appUser.id, membership.userId))
							.where(
								and(
									inArray(membership.role, audience?.kind === 'brand-team' ? audience.roles : ['ops', 'admin']),
									eq(appUser.status, 'active')
								)
							);
			const { id: _id, audience: _audience, createdAt: _createdAt, ...content } = row;
			if (recipients.length > 0) {
				await tx.insert(outboxMessage).values(recipients.map((r) => ({ ...content, toAddress: r.email, toName: r.name })));
			}
			await tx.delete(outboxMessage).where(eq(outboxMessage.id, row.id));
		}
		return rows.length;
	});
}

/** Sends every due message (up to `limit`); returns how many were sent. */
export async function deliverDueMail(transport: Transporter, from: string, limit = 50): Promise<number> {
	let sent = 0;
	await failStuckMessages();
	await expandAudiences();
	for (let i = 0; i < limit; i++) {
		const message = await claimNext();
		if (!message) break;
		try {
			const attachments = await loadAttachments(message.attachments);
			const info = await transport.sendMail({
				from,
				to: message.toName ? { name: message.toName, address: message.toAddress } : message.toAddress,
				subject: message.subject,
				text: message.textBody,
				html: message.htmlBody,
				attachments,
				// a stable Message-ID lets a receiving server drop a copy if one ever slips through
				messageId: `<${message.id}@bezel.outbox>`
			});
			await asSystem((tx) =>
				tx
					.update(outboxMessage)
					.set({ status: 'sent', sentAt: sql`now()`, lastError: null, providerMessageId: String(info.messageId ?? '') })
					.where(eq(outboxMessage.id, message.id))
			);
			sent++;
		} catch (error) {
			const giveUp = message.attempts >= MAX_ATTEMPTS;
			const delay = BACKOFF_MINUTES[Math.min(message.attempts - 1, BACKOFF_MINUTES.length - 1)];
			await asSystem((tx) =>
				tx
					.update(outboxMessage)
					.set({
						status: giveUp ? 'failed' : 'pending',
						lastError: String((error as Error).message ?? error).slice(0, 500),
						nextAttemptAt: sql`now() + make_interval(mins => ${delay})`
					})
					.where(eq(outboxMessage.id, message.id))
			);
		}
	}
	return sent;
}

async function failStuckMessages(): Promise<void> {
	await asSystem((tx) =>
		tx
			.update(outboxMessage)
			.set({
				status: 'failed',
				lastError: 'Delivery state unknown (the sender stopped mid-send); not resent to avoid a duplicate.'
			})
			.where(
				and(
					eq(outboxMessage.status, 'sending'),
					lt(outboxMessage.nextAttemptAt, sql`now() - make_interval(mins => ${STUCK_AFTER_MINUTES})`)
				)
			)
	);
}
