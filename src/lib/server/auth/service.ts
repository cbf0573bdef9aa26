/** Signing in and out, password reset and change, and a person's own sessions. */
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { passwordProblem } from '#lib/domain/identity/password-policy.ts';
import { appUser, passwordReset, userSession } from '#lib/server/db/schema/index.ts';
import { asSystem } from '#lib/server/db/scope.ts';
import { recordAudit } from '#lib/server/audit/audit.ts';
import { enqueueMail } from '#lib/server/mail/outbox.ts';
import { AppError, invalid } from '#lib/server/errors.ts';
import { requireSignedIn, withActor, type Actor } from './actor.ts';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords.ts';
import { createSession, endUserSessions, type NewSession } from './sessions.ts';
import { recordAttempt, throttleWait } from './throttle.ts';
import { generateToken, hashToken } from './tokens.ts';

export interface ClientInfo {
	ip: string | null;
	userAgent: string | null;
	/** origin of the request, for links in mail */
	origin: string;
}

const WRONG_CREDENTIALS = 'That e-mail and password do not match an account. Check both and try again.';
const RESET_HOURS = 1;

export async function signIn(input: { email: string; password: string }, client: ClientInfo): Promise<NewSession> {
	const email = input.email.trim().toLowerCase();
	const wait = await asSystem((tx) => throttleWait(tx, email, client.ip));
	if (wait > 0) {
		throw new AppError(
			'TooManyRequests',
			`Too many sign-in attempts. Try again in ${wait} minute${wait === 1 ? '' : 's'}, or reset your password.`
		);
	}
	const user = await asSystem(async (tx) => {
		const [row] = await tx.select().from(appUser).where(eq(appUser.email, email)).limit(1);
		return row;
	});
	// an unknown e-mail still pays for one argon2 verification, so timing reveals nothing
	const valid = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password);
	if (!user || !user.passwordHash || !valid) {
		await asSystem((tx) => recordAttempt(tx, email, client.ip, false));
		throw invalid(WRONG_CREDENTIALS);
	}
	if (user.status !== 'active') {
		await asSystem((tx) => recordAttempt(tx, email, client.ip, false));
		throw new AppError(
			'Forbidden',
			'This account is switched off. Ask your workshop admin or the brand’s Bezel administrator to switch it on.'
		);
	}
	return asSystem(async (tx) => {
		await recordAttempt(tx, email, client.ip, true);
		await tx
			.update(appUser)
			.set({ lastSignInAt: sql`now()` })
			.where(eq(appUser.id, user.id));
		return createSession(tx, user.id, client);
	});
}

export async function signOut(sessionId: string): Promise<void> {
	await asSystem((tx) => tx.delete(userSession).where(eq(userSession.id, sessionId)));
}

/** Always answers the same way, whether or not the e-mail has an account. */
export async function requestPasswordReset(emailInput: string, client: ClientInfo): Promise<void> {
	const email = emailInput.trim().toLowerCase();
	await asSystem(async (tx) => {
		const [user] = await tx.select().from(appUser).where(eq(appUser.email, email)).limit(1);
		if (!user || user.status !== 'active' || !user.passwordHash) return;
		const [recent] = await tx
			.select({ count: sql<number>`count(*)::int` })
			.from(passwordReset)
			.where(and(eq(passwordReset.userId, user.id), gt(passwordReset.createdAt, sql`now() - interval '1 hour'`)));
		// at most three mails an hour, so the form cannot be used to flood someone's inbox
		if ((recent?.count ?? 0) >= 3) return;
		const token = generateToken();
		await tx.insert(passwordReset).values({
			userId: user.id,
			tokenHash: hashToken(token),
			expiresAt: new Date(Date.now() + RESET_HOURS * 3_600_000)
		});
		await enqueueMail(tx, {
			to: user.email,
			toName: user.name,
			topic: 'password-reset',
			subject: 'Reset your Bezel password',
			greeting: `Hello ${user.name},`,
			paragraphs: [
				'Someone — hopefully you — asked to reset the password of your Bezel account.',
				`The link below works once, for ${RESET_HOURS} hour. If you did not ask for it, ignore this message: your password stays as it is.`
			],
			action: { label: 'Choose a new password', href: `${client.origin}/reset-password/${token}` }
		});
	});
}

export type ResetTokenState = 'valid' | 'invalid';

export async function checkPasswordResetToken(token: string): Promise<ResetTokenState> {
	const row = await asSystem(async (tx) => {
		const [found] = await tx
			.select({ id: passwordReset.id })
			.from(passwordReset)
			.where(and(eq(passwordReset.tokenHash, hashToken(token)), isNull(passwordReset.usedAt), gt(passwordReset.expiresAt, sql`now()`)))
			.limit(1);
		return found;
	});
	return row ? 'valid' : 'invalid';
}

export async function resetPassword(token: string, password: string, client: ClientInfo): Promise<NewSession> {
	const hashed = await hashPasswordChecked(password);
	return asSystem(async (tx) => {
		// single use even under a double submit: only one UPDATE can match the unused row
		const [reset] = await tx
			.update(passwordReset)
			.set({ usedAt: sql`now()` })
			.where(and(eq(passwordReset.tokenHash, hashToken(token)), isNull(passwordReset.usedAt), gt(passwordReset.expiresAt, sql`now()`)))
			.returning();
		if (!reset) throw invalid('This reset link has expired or was already used. Ask for a new one.');
		const [user] = await tx
			.update(appUser)
			.set({ passwordHash: hashed, passwordChangedAt: sql`now()` })
			.where(eq(appUser.id, reset.userId))
			.returning();
		await endUserSessions(tx, user.id);
		await recordAudit(tx, null, {
			entityType: 'user',
			entityId: user.id,
			action: 'password.reset',
			summary: `${user.name} reset their password by e-mail`
		});
		await enqueueMail(tx, {
			to: user.email,
			toName: user.name,
			topic: 'password-changed',
			subject: 'Your Bezel password was changed',
			greeting: `Hello ${user.name},`,
			paragraphs: [
				'Your password was just changed and every other session was signed out. If this was not you, reset your password now and tell your Bezel administrator.'
			],
			action: { label: 'Open Bezel', href: `${client.origin}/login` }
		});
		return createSession(tx, user.id, client);
	});
}

async function hashPasswordChecked(password: string): Promise<string> {
	const problem = passwordProblem(password);
	if (problem) throw invalid(problem, { password: problem });
	return hashPassword(password);
}

export async function changePassword(
	actor: Actor,
	input: { currentPassword: string; password: string },
	client: ClientInfo
): Promise<NewSession> {
	requireSignedIn(actor);
	const user = await asSystem(async (tx) => {
		const [row] = await tx.select().from(appUser).where(eq(appUser.id, actor.userId)).limit(1);
		return row;
	});
	if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
		throw invalid('Your current password is not right.', { currentPassword: 'This is not your current password.' });
	}
	const problem = passwordProblem(input.password, { email: user.email });
	if (problem) throw invalid(problem, { password: problem });
	const hashed = await hashPassword(input.password);
	return asSystem(async (tx) => {
		await tx
			.update(appUser)
			.set({ passwordHash: hashed, passwordChangedAt: sql`now()` })
			.where(eq(appUser.id, actor.userId));
		// every session ends on a password change; this browser gets a fresh one
		await endUserSessions(tx, actor.userId);
		await recordAudit(tx, actor, {
			vendorId: actor.vendorId,
			entityType: 'user',
			entityId: actor.userId,
			action: 'password.changed',
			summary: `${actor.name} changed their password`
		});
		return createSession(tx, actor.userId, client);
	});
}

export interface SessionSummary {
	id: string;
	current: boolean;
	createdAt: Date;
	lastSeenAt: Date;
	userAgent: string | null;
	ipAddress: string | null;
}

export async function listMySessions(actor: Actor): Promise<SessionSummary[]> {
	requireSignedIn(actor);
	const rows = await withActor(actor, (tx) =>
		tx.select().from(userSession).where(eq(userSession.userId, actor.userId)).orderBy(desc(userSession.lastSeenAt))
	);
	return rows.map((row) => ({
		id: row.id.slice(0, 8),
		current: row.id === actor.sessionId,
		createdAt: row.createdAt,
		lastSeenAt: row.lastSeenAt,
		userAgent: row.userAgent,
		ipAddress: row.ipAddress
	}));
}

export async function signOutOtherSessions(actor: Actor): Promise<number> {
	requireSignedIn(actor);
	return withActor(actor, async (tx) => {
		const removed = await tx
			.delete(userSession)
			.where(and(eq(userSession.userId, actor.userId), sql`${userSession.id} <> ${actor.sessionId ?? ''}`))
			.returning({ id: userSession.id });
		await recordAudit(tx, actor, {
			vendorId: actor.vendorId,
			entityType: 'user',
			entityId: actor.userId,
			action: 'sessions.signed_out_others',
			summary: `${actor.name} signed out ${removed.length} other session${removed.length === 1 ? '' : 's'}`
		});
		return removed.length;
	});
}

export async function updateMyProfile(actor: Actor, input: { name: string; phone: string }): Promise<void> {
	requireSignedIn(actor);
	await withActor(actor, async (tx) => {
		const [before] = await tx.select({ name: appUser.name, phone: appUser.phone }).from(appUser).where(eq(appUser.id, actor.userId));
		await tx
			.update(appUser)
			.set({ name: input.name, phone: input.phone || null })
			.where(eq(appUser.id, actor.userId));
		await recordAudit(tx, actor, {
			vendorId: actor.vendorId,
			entityType: 'user',
			entityId: actor.userId,
			action: 'profile.updated',
			summary: `${input.name} updated their profile`,
			before,
			after: { name: input.name, phone: input.phone || null }
		});
	});
}

export async function getMyProfile(actor: Actor): Promise<{ name: string; phone: string }> {
	requireSignedIn(actor);
	const [me] = await withActor(actor, (tx) =>
		tx.select({ name: appUser.name, phone: appUser.phone }).from(appUser).where(eq(appUser.id, actor.userId))
	);
	return { name: me?.name ?? actor.name, phone: me?.phone ?? '' };
}
