import { bigint, bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** Metadata of a file in the FileStore; the bytes live on disk or in Supabase Storage under `key`. */
export const storedFile = pgTable(
	'stored_file',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		/** the workshop the file belongs to; null for brand-internal files */
		vendorId: uuid('vendor_id'),
		key: text('key').notNull(),
		purpose: text('purpose').notNull(),
		contentType: text('content_type').notNull(),
		byteSize: bigint('byte_size', { mode: 'number' }).notNull(),
		originalName: text('original_name').notNull(),
		sha256: text('sha256').notNull(),
		createdBy: uuid('created_by'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [uniqueIndex('stored_file_key').on(t.key), index('stored_file_vendor_idx').on(t.vendorId)]
);

/** Transactional outbox: written in the same transaction as the change it reports. */
export const outboxMessage = pgTable(
	'outbox_message',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		toAddress: text('to_address').notNull(),
		toName: text('to_name'),
		subject: text('subject').notNull(),
		textBody: text('text_body').notNull(),
		htmlBody: text('html_body').notNull(),
		/** what the message is about, for the mailbox page and tests */
		topic: text('topic').notNull(),
		link: text('link'),
		/** stored files sent along, e.g. the PO PDF: [{ fileId, filename }] */
		attachments: jsonb('attachments').$type<{ fileId: string; filename: string }[]>().notNull().default([]),
		/**
		 * Set when the writer may not read the recipients (a vendor writing to the brand): the sender
		 * resolves it to one row per person and removes this one.
		 */
		audience: jsonb('audience').$type<
			{ kind: 'brand-contact'; userId: string | null } | { kind: 'brand-team'; roles: ('ops' | 'finance' | 'admin')[] }
		>(),
		status: text('status', { enum: ['pending', 'sending', 'sent', 'failed'] })
			.notNull()
			.default('pending'),
		attempts: integer('attempts').notNull().default(0),
		nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
		lastError: text('last_error'),
		providerMessageId: text('provider_message_id'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		sentAt: timestamp('sent_at', { withTimezone: true })
	},
	(t) => [index('outbox_message_due_idx').on(t.status, t.nextAttemptAt), index('outbox_message_created_idx').on(t.createdAt)]
);

/** Background jobs, claimed with FOR UPDATE SKIP LOCKED so two instances never run the same one. */
export const backgroundJob = pgTable(
	'background_job',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		kind: text('kind').notNull(),
		/** at most one job per key: makes scheduled jobs idempotent across instances */
		uniqueKey: text('unique_key'),
		payload: jsonb('payload').notNull().default({}),
		runAt: timestamp('run_at', { withTimezone: true }).notNull().defaultNow(),
		status: text('status', { enum: ['queued', 'running', 'done', 'failed'] })
			.notNull()
			.default('queued'),
		attempts: integer('attempts').notNull().default(0),
		lockedUntil: timestamp('locked_until', { withTimezone: true }),
		lastError: text('last_error'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		finishedAt: timestamp('finished_at', { withTimezone: true })
	},
	(t) => [uniqueIndex('background_job_unique_key').on(t.uniqueKey), index('background_job_due_idx').on(t.status, t.runAt)]
);

/** Append-only history of every change: who, when, what, before and after. */
export const auditEvent = pgTable(
	'audit_event',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
		actorUserId: uuid('actor_user_id'),
		actorName: text('actor_name').notNull(),
		/** the workshop the change concerns, so its history can be shown on the vendor page */
		vendorId: uuid('vendor_id'),
		entityType: text('entity_type').notNull(),
		entityId: text('entity_id').notNull(),
		action: text('action').notNull(),
		summary: text('summary').notNull(),
		before: jsonb('before'),
		after: jsonb('after')
	},
	(t) => [index('audit_event_vendor_idx').on(t.vendorId, t.occurredAt), index('audit_event_entity_idx').on(t.entityType, t.entityId)]
);
