import { sql } from 'drizzle-orm';
import { boolean, check, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { vendor } from './vendors.ts';

/** A person who can sign in. Their role and workshop live in `membership`. */
export const appUser = pgTable(
	'app_user',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		/** lower-cased and trimmed; unique */
		email: text('email').notNull(),
		name: text('name').notNull(),
		phone: text('phone'),
		/** argon2id PHC string; null until the invitation is accepted */
		passwordHash: text('password_hash'),
		status: text('status', { enum: ['active', 'disabled'] })
			.notNull()
			.default('active'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
		lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true })
	},
	(t) => [uniqueIndex('app_user_email_key').on(t.email)]
);

export const roles = ['admin', 'ops', 'finance', 'vendor_admin', 'vendor_member'] as const;

/** One membership per user: internal roles have no vendor; vendor roles belong to exactly one. */
export const membership = pgTable(
	'membership',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		userId: uuid('user_id')
			.notNull()
			.references(() => appUser.id, { onDelete: 'cascade' }),
		vendorId: uuid('vendor_id').references(() => vendor.id, { onDelete: 'cascade' }),
		role: text('role', { enum: roles }).notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('membership_user_key').on(t.userId),
		// (vendor_id, user_id) covers the people counts on the directory and homes: index-only, no heap visits
		index('membership_vendor_idx').on(t.vendorId, t.userId),
		check('membership_role_matches_vendor', sql`(${t.role} in ('vendor_admin', 'vendor_member')) = (${t.vendorId} is not null)`)
	]
);

/** Lucia-style session: only the SHA-256 of the token is stored, so a leaked table opens nothing. */
export const userSession = pgTable(
	'user_session',
	{
		id: text('id').primaryKey(),
		userId: uuid('user_id')
			.notNull()
			.references(() => appUser.id, { onDelete: 'cascade' }),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
		userAgent: text('user_agent'),
		ipAddress: text('ip_address')
	},
	(t) => [index('user_session_user_idx').on(t.userId)]
);

export const invitation = pgTable(
	'invitation',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		/** null for invitations of internal staff */
		vendorId: uuid('vendor_id').references(() => vendor.id, { onDelete: 'cascade' }),
		email: text('email').notNull(),
		name: text('name').notNull(),
		role: text('role', { enum: roles }).notNull(),
		tokenHash: text('token_hash').notNull(),
		invitedBy: uuid('invited_by').references(() => appUser.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		acceptedAt: timestamp('accepted_at', { withTimezone: true }),
		revokedAt: timestamp('revoked_at', { withTimezone: true }),
		userId: uuid('user_id').references(() => appUser.id, { onDelete: 'set null' })
	},
	(t) => [
		uniqueIndex('invitation_token_key').on(t.tokenHash),
		index('invitation_vendor_idx').on(t.vendorId),
		index('invitation_email_idx').on(t.email)
	]
);

export const passwordReset = pgTable(
	'password_reset',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		userId: uuid('user_id')
			.notNull()
			.references(() => appUser.id, { onDelete: 'cascade' }),
		tokenHash: text('token_hash').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		usedAt: timestamp('used_at', { withTimezone: true })
	},
	(t) => [uniqueIndex('password_reset_token_key').on(t.tokenHash)]
);

/** Sign-in attempts, kept in Postgres so throttling holds across every app instance. */
export const signInAttempt = pgTable(
	'sign_in_attempt',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		/** `account:<email>` or `ip:<address>` */
		subject: text('subject').notNull(),
		succeeded: boolean('succeeded').notNull(),
		attemptedAt: timestamp('attempted_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('sign_in_attempt_subject_idx').on(t.subject, t.attemptedAt)]
);
