/**
 * Sessions as the lucia-auth.com guide describes them: a random token in an HttpOnly cookie, its
 * SHA-256 as the row id, a 30-day sliding expiry renewed when less than half remains.
 */
import { and, eq, ne, sql } from 'drizzle-orm';
import type { Role } from '#lib/domain/identity/roles.ts';
import { userSession } from '#lib/server/db/schema/index.ts';
import { getDatabase } from '#lib/server/db/runtime.ts';
import { asSystem, type Tx } from '#lib/server/db/scope.ts';
import { actorFromMembership, type Actor } from './actor.ts';
import { generateToken, hashToken } from './tokens.ts';
import { rowsOf } from '#lib/server/db/client.ts';

export const SESSION_DAYS = 30;
const DAY = 86_400_000;

export interface NewSession {
	token: string;
	id: string;
	expiresAt: Date;
}

export async function createSession(tx: Tx, userId: string, meta: { userAgent?: string | null; ip?: string | null }): Promise<NewSession> {
	const token = generateToken();
	const id = hashToken(token);
	const expiresAt = new Date(Date.now() + SESSION_DAYS * DAY);
	await tx.insert(userSession).values({
		id,
		userId,
		expiresAt,
		userAgent: meta.userAgent?.slice(0, 300) ?? null,
		ipAddress: meta.ip ?? null
	});
	return { token, id, expiresAt };
}

export interface ValidSession {
	actor: Actor;
	sessionId: string;
	expiresAt: Date;
	/** true when the expiry moved and the cookie should be re-set */
	renewed: boolean;
}

interface SessionLookupRow {
	session_id: string;
	expires_at: string | Date;
	last_seen_at: string | Date;
	user_id: string;
	name: string;
	email: string;
	status: string;
	role: string;
	vendor_id: string | null;
	vendor_name: string | null;
}

export async function validateSessionToken(token: string): Promise<ValidSession | null> {
	if (!/^[a-z2-7]{32}$/.test(token)) return null;
	const id = hashToken(token);
	// one statement, no transaction: see supabase/migrations/*_session_lookup.sql
	const [row] = rowsOf<SessionLookupRow>(await getDatabase().execute(sql`select * from bezel_session_lookup(${id})`));
	if (!row) return null;
	const now = Date.now();
	const storedExpiry = new Date(row.expires_at);
	if (row.status !== 'active' || storedExpiry.getTime() <= now) {
		await asSystem((tx) => tx.delete(userSession).where(eq(userSession.id, id)));
		return null;
	}
	let expiresAt = storedExpiry;
	let renewed = false;
	if (expiresAt.getTime() - now < (SESSION_DAYS / 2) * DAY) {
		expiresAt = new Date(now + SESSION_DAYS * DAY);
		renewed = true;
		await asSystem((tx) =>
			tx
				.update(userSession)
				.set({ expiresAt, lastSeenAt: sql`now()` })
				.where(eq(userSession.id, id))
		);
	} else if (now - new Date(row.last_seen_at).getTime() > 60 * 60_000) {
		// "last active" for the sessions list, written at most hourly to keep reads cheap
		await asSystem((tx) =>
			tx
				.update(userSession)
				.set({ lastSeenAt: sql`now()` })
				.where(eq(userSession.id, id))
		);
	}
	return {
		actor: actorFromMembership({
			userId: row.user_id,
			name: row.name,
			email: row.email,
			role: row.role as Role,
			vendorId: row.vendor_id,
			vendorName: row.vendor_name,
			sessionId: id
		}),
		sessionId: id,
		expiresAt,
		renewed
	};
}

export async function endSession(sessionId: string): Promise<void> {
	await asSystem((tx) => tx.delete(userSession).where(eq(userSession.id, sessionId)));
}

/** Ends every session of a user (password, role or status change), or all but one. */
export async function endUserSessions(tx: Tx, userId: string, keepSessionId?: string): Promise<void> {
	await tx
		.delete(userSession)
		.where(keepSessionId ? and(eq(userSession.userId, userId), ne(userSession.id, keepSessionId)) : eq(userSession.userId, userId));
}
