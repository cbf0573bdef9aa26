import { and, eq, isNotNull } from 'drizzle-orm';
import { appUser, membership, outboxMessage } from '#lib/server/db/schema/index.ts';
import type { Tx } from '#lib/server/db/scope.ts';
import { renderMail, type MailContent } from './render.ts';

/** Who an audience row is for (resolved by the sender): see outbox_message.audience. */
type MailAudience = NonNullable<typeof outboxMessage.$inferInsert.audience>;

export interface OutgoingMail extends MailContent {
	to: string;
	toName?: string | null;
	/** what the message is about, e.g. `invitation` or `password-reset` */
	topic: string;
	/** stored files to attach (already recorded in the same transaction), e.g. a PO PDF */
	attachments?: { fileId: string; filename: string }[];
}

/**
 * Queues a message in the same transaction as the change it reports: if the change rolls back,
 * no mail goes out; if it commits, the worker will send it.
 */
export async function enqueueMail(tx: Tx, mail: OutgoingMail): Promise<void> {
	const rendered = renderMail(mail);
	await tx.insert(outboxMessage).values({
		toAddress: mail.to,
		toName: mail.toName ?? null,
		subject: mail.subject,
		textBody: rendered.text,
		htmlBody: rendered.html,
		topic: mail.topic,
		link: mail.action?.href ?? null,
		attachments: mail.attachments ?? []
	});
}

/**
 * Mail to the brand's people about something a vendor did. A vendor's transaction cannot (and must
 * not) read the brand's users, so the row names an audience — the staff member responsible, or every
 * active ops and admin user when that person is gone — and the sender resolves it.
 */
export async function enqueueBrandMail(tx: Tx, responsibleUserId: string | null, mail: Omit<OutgoingMail, 'to' | 'toName'>): Promise<void> {
	await enqueueAudienceMail(tx, { kind: 'brand-contact', userId: responsibleUserId }, mail);
}

/** One row naming its audience; the sender turns it into a row per person. */
async function enqueueAudienceMail(tx: Tx, audience: MailAudience, mail: Omit<OutgoingMail, 'to' | 'toName'>): Promise<void> {
	const rendered = renderMail({ ...mail, greeting: mail.greeting ?? 'Hello,' });
	await tx.insert(outboxMessage).values({
		toAddress: 'brand team',
		subject: mail.subject,
		textBody: rendered.text,
		htmlBody: rendered.html,
		topic: mail.topic,
		link: mail.action?.href ?? null,
		attachments: mail.attachments ?? [],
		audience
	});
}

/**
 * Mail to a team of the brand (finance for a new invoice) about something a vendor did; resolved by
 * the sender like `enqueueBrandMail`, to every active person with one of the roles.
 */
export async function enqueueBrandTeamMail(
	tx: Tx,
	roles: ('ops' | 'finance' | 'admin')[],
	mail: Omit<OutgoingMail, 'to' | 'toName'>
): Promise<void> {
	await enqueueAudienceMail(tx, { kind: 'brand-team', roles }, mail);
}

/** A workshop's people who can read mail from Bezel: active, and their invitation accepted. */
export function selectWorkshopRecipients(tx: Tx, vendorId: string) {
	return tx
		.select({ email: appUser.email, name: appUser.name })
		.from(membership)
		.innerJoin(appUser, eq(appUser.id, membership.userId))
		.where(and(eq(membership.vendorId, vendorId), eq(appUser.status, 'active'), isNotNull(appUser.passwordHash)));
}

export type WorkshopRecipient = Awaited<ReturnType<typeof selectWorkshopRecipients>>[number];

/**
 * The same message to every person of a workshop, each greeted by name. Pass `recipients` when the
 * caller has already loaded them (to check there is anyone to tell).
 */
export async function enqueueWorkshopMail(
	tx: Tx,
	vendorId: string,
	mail: Omit<OutgoingMail, 'to' | 'toName' | 'greeting'>,
	recipients?: WorkshopRecipient[]
): Promise<void> {
	for (const person of recipients ?? (await selectWorkshopRecipients(tx, vendorId))) {
		await enqueueMail(tx, { ...mail, to: person.email, toName: person.name, greeting: `Hello ${person.name},` });
	}
}
