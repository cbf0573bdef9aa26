/**
 * Sessions as the lucia-auth.com guide describes them: a random token in an HttpOnly cookie, its
 * SHA-256 as the row id, a 30-day sliding expiry renewed when less than half remains.
 */
import { and, eq, ne, sql } from 'drizzle-orm';
import { appUser, membership, userSession, vendor } from '#lib/server/db/schema/index.ts';
import { asSystem, type Tx } from '#lib/server/db/scope.ts';
import { actorFromMembership, type Actor } from './actor.ts';
import { generateToken, hashToken } from './tokens.ts';

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

export async function validateSessionToken(token: string): Promise<ValidSession | null> {
	if (!/^[a-z2-7]{32}$/.test(token)) return null;
	const id = hashToken(token);
	return asSystem(async (tx) => {
		const [row] = await tx
			.select({
				sessionId: userSession.id,
				expiresAt: userSession.expiresAt,
				lastSeenAt: userSession.lastSeenAt,
				userId: appUser.id,
				name: appUser.name,
				email: appUser.email,
				status: appUser.status,
				role: membership.role,
				vendorId: membership.vendorId,
				vendorName: vendor.name
			})
			.from(userSession)
			.innerJoin(appUser, eq(appUser.id, userSession.userId))
			.innerJoin(membership, eq(membership.userId, appUser.id))
			.leftJoin(vendor, eq(vendor.id, membership.vendorId))
			.where(eq(userSession.id, id))
			.limit(1);
		if (!row) return null;
		const now = Date.now();
		if (row.status !== 'active' || row.expiresAt.getTime() <= now) {
			await tx.delete(userSession).where(eq(userSession.id, id));
			return null;
		}
		let expiresAt = row.expiresAt;
		let renewed = false;
		if (expiresAt.getTime() - now < (SESSION_DAYS / 2) * DAY) {
			expiresAt = new Date(now + SESSION_DAYS * DAY);
			renewed = true;
			await tx.update(userSession).set({ expiresAt, lastSeenAt: sql`now()` }).where(eq(userSession.id, id));
		} else if (now - row.lastSeenAt.getTime() > 60 * 60_000) {
			// "last active" for the sessions list, written at most hourly to keep reads cheap
			await tx.update(userSession).set({ lastSeenAt: sql`now()` }).where(eq(userSession.id, id));
		}
		return {
			actor: actorFromMembership({ ...row, sessionId: row.sessionId }),
			sessionId: row.sessionId,
			expiresAt,
			renewed
		};
	});
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
