/** The built-in mailbox: every message Bezel queued, for administrators (and for demos without SMTP). */
import { desc, eq, ilike, or, sql } from 'drizzle-orm';
import { outboxMessage } from '#lib/server/db/schema/index.ts';
import { requireStaff, withActor, type Actor } from '#lib/server/auth/actor.ts';
import { notFound } from '#lib/server/errors.ts';
import { containsPattern } from '#lib/server/db/like.ts';
import { fixedLimit } from '#lib/server/db/fixed-limit.ts';

export const MAILBOX_PAGE_SIZE = 30;

export async function listMailbox(actor: Actor, query: { q: string; page: number }) {
	requireStaff(actor, ['admin']);
	const pattern = containsPattern(query.q);
	const rows = await withActor(actor, (tx) =>
		tx
			.select({
				id: outboxMessage.id,
				toAddress: outboxMessage.toAddress,
				toName: outboxMessage.toName,
				subject: outboxMessage.subject,
				topic: outboxMessage.topic,
				status: outboxMessage.status,
				attempts: outboxMessage.attempts,
				createdAt: outboxMessage.createdAt,
				sentAt: outboxMessage.sentAt,
				total: sql<number>`count(*) over ()`.mapWith(Number)
			})
			.from(outboxMessage)
			.where(query.q ? or(ilike(outboxMessage.toAddress, pattern), ilike(outboxMessage.subject, pattern)) : undefined)
			.orderBy(desc(outboxMessage.createdAt), desc(outboxMessage.id))
			.limit(fixedLimit(MAILBOX_PAGE_SIZE))
			.offset((query.page - 1) * MAILBOX_PAGE_SIZE)
	);
	const total = rows[0]?.total ?? 0;
	return { rows, total, page: query.page, pageCount: Math.max(1, Math.ceil(total / MAILBOX_PAGE_SIZE)) };
}

export async function readMailboxMessage(actor: Actor, messageId: string) {
	requireStaff(actor, ['admin']);
	if (!/^[0-9a-f-]{36}$/i.test(messageId)) throw notFound('That message');
	const [row] = await withActor(actor, (tx) => tx.select().from(outboxMessage).where(eq(outboxMessage.id, messageId)).limit(1));
	if (!row) throw notFound('That message');
	return row;
}
