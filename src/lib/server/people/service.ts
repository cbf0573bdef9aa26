/**
 * People: invitations (single-use, 7 days, re-send, revoke), accepting one, and managing who may
 * sign in. Workshop admins manage their own colleagues; operations and admins manage any workshop's
 * people; only admins manage internal staff.
 */
import { and, asc, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { isVendorRole, roleLabels, type Role } from '#lib/domain/identity/roles.ts';
import { passwordProblem } from '#lib/domain/identity/password-policy.ts';
import { appUser, invitation, membership, vendor } from '#lib/server/db/schema/index.ts';
import { asSystem, type Tx } from '#lib/server/db/scope.ts';
import { withActor, requireSignedIn, type Actor } from '#lib/server/auth/actor.ts';
import { hashPassword } from '#lib/server/auth/passwords.ts';
import { createSession, endUserSessions, type NewSession } from '#lib/server/auth/sessions.ts';
import { generateToken, hashToken } from '#lib/server/auth/tokens.ts';
import type { ClientInfo } from '#lib/server/auth/service.ts';
import { recordAudit } from '#lib/server/audit/audit.ts';
import { enqueueMail } from '#lib/server/mail/outbox.ts';
import { conflict, forbidden, invalid, notFound } from '#lib/server/errors.ts';

export const INVITATION_DAYS = 7;

/** May the actor manage the people of this workshop (null = internal staff)? */
function canManage(actor: Actor, vendorId: string | null): boolean {
	if (actor.kind === 'vendor') return actor.role === 'vendor_admin' && actor.vendorId === vendorId;
	if (vendorId === null) return actor.role === 'admin';
	return actor.role === 'admin' || actor.role === 'ops';
}

function assertManage(actor: Actor, vendorId: string | null): void {
	requireSignedIn(actor);
	if (actor.kind === 'vendor' && actor.vendorId !== vendorId) throw notFound('That workshop');
	if (!canManage(actor, vendorId)) {
		throw forbidden(
			actor.kind === 'vendor'
				? 'Only your workshop’s admin can manage people.'
				: vendorId === null
					? 'Only administrators manage internal staff.'
					: 'Only operations and administrators manage workshop people.'
		);
	}
}

function assertRoleFits(role: Role, vendorId: string | null): void {
	if (isVendorRole(role) !== (vendorId !== null)) {
		throw invalid(
			vendorId ? 'Workshop people are workshop admins or members.' : 'Internal staff are administrators, operations or finance.',
			{
				role: 'Choose a role from the list.'
			}
		);
	}
}

export interface InvitePersonInput {
	vendorId: string | null;
	name: string;
	email: string;
	role: Role;
}

export async function invitePerson(
	actor: Actor,
	input: InvitePersonInput,
	client: Pick<ClientInfo, 'origin'>
): Promise<{ invitationId: string }> {
	assertManage(actor, input.vendorId);
	assertRoleFits(input.role, input.vendorId);
	const email = input.email.trim().toLowerCase();
	// looked up before the actor's transaction opens: PGlite runs one transaction at a time
	const taken = await emailHasAccount(email);
	return withActor(actor, async (tx) => {
		let vendorName: string | null = null;
		if (input.vendorId) {
			const [row] = await tx.select({ name: vendor.name }).from(vendor).where(eq(vendor.id, input.vendorId));
			if (!row) throw notFound('That workshop');
			vendorName = row.name;
		}
		if (taken) {
			throw conflict('This e-mail already belongs to a Bezel account. Use another address, or ask the brand’s Bezel administrator.', {
				email: 'Already has a Bezel account.'
			});
		}
		const [waiting] = await tx
			.select({ id: invitation.id })
			.from(invitation)
			.where(
				and(eq(invitation.email, email), isNull(invitation.acceptedAt), isNull(invitation.revokedAt), gt(invitation.expiresAt, sql`now()`))
			)
			.limit(1);
		if (waiting) {
			throw conflict('An invitation to this e-mail is already waiting. Re-send it from the list instead.', { email: 'Already invited.' });
		}
		const token = generateToken();
		const [created] = await tx
			.insert(invitation)
			.values({
				vendorId: input.vendorId,
				email,
				name: input.name,
				role: input.role,
				tokenHash: hashToken(token),
				invitedBy: actor.userId,
				expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000)
			})
			.returning({ id: invitation.id });
		await sendInvitationMail(tx, {
			email,
			name: input.name,
			role: input.role,
			vendorName,
			inviter: actor.name,
			token,
			origin: client.origin
		});
		await recordAudit(tx, actor, {
			vendorId: input.vendorId,
			entityType: 'invitation',
			entityId: created.id,
			action: 'invitation.sent',
			summary: `${actor.name} invited ${input.name} <${email}> as ${roleLabels[input.role]}`,
			after: { email, name: input.name, role: input.role }
		});
		return { invitationId: created.id };
	});
}

/** Accounts are looked up as the system: a workshop admin must not browse other workshops' people. */
async function emailHasAccount(email: string): Promise<boolean> {
	const [row] = await asSystem((tx) => tx.select({ id: appUser.id }).from(appUser).where(eq(appUser.email, email)).limit(1));
	return Boolean(row);
}

async function sendInvitationMail(
	tx: Tx,
	m: { email: string; name: string; role: Role; vendorName: string | null; inviter: string; token: string; origin: string }
) {
	const where = m.vendorName ? `${m.vendorName} on Bezel` : 'the brand’s team on Bezel';
	await enqueueMail(tx, {
		to: m.email,
		toName: m.name,
		topic: 'invitation',
		subject: `${m.inviter} invited you to ${where}`,
		greeting: `Hello ${m.name},`,
		paragraphs: [
			`${m.inviter} invited you to join ${where} as ${roleLabels[m.role].toLowerCase()}.`,
			m.vendorName
				? 'In Bezel you see your purchase orders, post production progress and photos, send invoices and follow payments.'
				: 'Bezel is where the brand works with its workshops: purchase orders, production, quality and payments.',
			`Open the link below to choose your password. It works once and expires in ${INVITATION_DAYS} days.`
		],
		action: { label: 'Accept the invitation', href: `${m.origin}/invitation/${m.token}` }
	});
}

async function loadInvitationForChange(tx: Tx, actor: Actor, invitationId: string) {
	if (!/^[0-9a-f-]{36}$/i.test(invitationId)) throw notFound('That invitation');
	const [row] = await tx.select().from(invitation).where(eq(invitation.id, invitationId)).limit(1);
	if (!row || (actor.kind === 'vendor' && row.vendorId !== actor.vendorId)) throw notFound('That invitation');
	assertManage(actor, row.vendorId);
	if (row.acceptedAt) throw conflict(`${row.name} already accepted this invitation.`);
	if (row.revokedAt) throw conflict('This invitation was revoked. Send a new one instead.');
	return row;
}

/** A fresh link and 7 more days; the old link stops working. */
export async function resendInvitation(actor: Actor, invitationId: string, client: Pick<ClientInfo, 'origin'>): Promise<void> {
	requireSignedIn(actor);
	await withActor(actor, async (tx) => {
		const row = await loadInvitationForChange(tx, actor, invitationId);
		const token = generateToken();
		await tx
			.update(invitation)
			.set({ tokenHash: hashToken(token), sentAt: sql`now()`, expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000) })
			.where(eq(invitation.id, row.id));
		let vendorName: string | null = null;
		if (row.vendorId) {
			const [v] = await tx.select({ name: vendor.name }).from(vendor).where(eq(vendor.id, row.vendorId));
			vendorName = v?.name ?? null;
		}
		await sendInvitationMail(tx, {
			email: row.email,
			name: row.name,
			role: row.role,
			vendorName,
			inviter: actor.name,
			token,
			origin: client.origin
		});
		await recordAudit(tx, actor, {
			vendorId: row.vendorId,
			entityType: 'invitation',
			entityId: row.id,
			action: 'invitation.resent',
			summary: `${actor.name} re-sent the invitation to ${row.email}`
		});
	});
}

export async function revokeInvitation(actor: Actor, invitationId: string): Promise<void> {
	requireSignedIn(actor);
	await withActor(actor, async (tx) => {
		const row = await loadInvitationForChange(tx, actor, invitationId);
		await tx
			.update(invitation)
			.set({ revokedAt: sql`now()` })
			.where(eq(invitation.id, row.id));
		await recordAudit(tx, actor, {
			vendorId: row.vendorId,
			entityType: 'invitation',
			entityId: row.id,
			action: 'invitation.revoked',
			summary: `${actor.name} revoked the invitation to ${row.email}`
		});
	});
}

export type InvitationView =
	| { state: 'valid'; email: string; name: string; role: Role; vendorName: string | null; expiresAt: Date }
	| { state: 'expired' | 'used' | 'revoked' | 'unknown' };

export async function viewInvitation(token: string): Promise<InvitationView> {
	const row = await asSystem(async (tx) => {
		const [found] = await tx
			.select({ inv: invitation, vendorName: vendor.name })
			.from(invitation)
			.leftJoin(vendor, eq(vendor.id, invitation.vendorId))
			.where(eq(invitation.tokenHash, hashToken(token)))
			.limit(1);
		return found;
	});
	if (!row) return { state: 'unknown' };
	const inv = row.inv;
	if (inv.acceptedAt) return { state: 'used' };
	if (inv.revokedAt) return { state: 'revoked' };
	if (inv.expiresAt.getTime() <= Date.now()) return { state: 'expired' };
	return { state: 'valid', email: inv.email, name: inv.name, role: inv.role, vendorName: row.vendorName, expiresAt: inv.expiresAt };
}

export const invitationStateMessages: Record<Exclude<InvitationView['state'], 'valid'>, string> = {
	expired: 'This invitation has expired. Ask the person who invited you to send it again.',
	used: 'This invitation was already used. Sign in with the password you chose, or reset it.',
	revoked: 'This invitation was withdrawn. Ask the person who invited you if you still need access.',
	unknown: 'This invitation link is not valid. Check that you opened the whole link from the e-mail.'
};

/** Creates the account, marks the invitation used and signs the person in — all or nothing. */
export async function acceptInvitation(token: string, input: { name: string; password: string }, client: ClientInfo): Promise<NewSession> {
	const view = await viewInvitation(token);
	if (view.state !== 'valid') throw invalid(invitationStateMessages[view.state]);
	const problem = passwordProblem(input.password, { email: view.email });
	if (problem) throw invalid(problem, { password: problem });
	const passwordHash = await hashPassword(input.password);
	return asSystem(async (tx) => {
		const [inv] = await tx
			.update(invitation)
			.set({ acceptedAt: sql`now()` })
			.where(
				and(
					eq(invitation.tokenHash, hashToken(token)),
					isNull(invitation.acceptedAt),
					isNull(invitation.revokedAt),
					gt(invitation.expiresAt, sql`now()`)
				)
			)
			.returning();
		if (!inv) throw invalid(invitationStateMessages.used);
		const [existing] = await tx.select({ id: appUser.id }).from(appUser).where(eq(appUser.email, inv.email)).limit(1);
		if (existing) throw conflict('This e-mail already has a Bezel account. Sign in instead, or reset your password.');
		const [user] = await tx
			.insert(appUser)
			.values({ email: inv.email, name: input.name, passwordHash, passwordChangedAt: sql`now()`, lastSignInAt: sql`now()` })
			.returning();
		await tx.insert(membership).values({ userId: user.id, vendorId: inv.vendorId, role: inv.role });
		await tx.update(invitation).set({ userId: user.id }).where(eq(invitation.id, inv.id));
		await recordAudit(
			tx,
			{ userId: user.id, name: user.name },
			{
				vendorId: inv.vendorId,
				entityType: 'user',
				entityId: user.id,
				action: 'invitation.accepted',
				summary: `${user.name} accepted the invitation and joined as ${roleLabels[inv.role]}`
			}
		);
		return createSession(tx, user.id, client);
	});
}

export interface PersonRow {
	userId: string;
	name: string;
	email: string;
	phone: string | null;
	role: Role;
	status: 'active' | 'disabled';
	lastSignInAt: Date | null;
	createdAt: Date;
}

export interface InvitationRow {
	id: string;
	name: string;
	email: string;
	role: Role;
	sentAt: Date;
	expiresAt: Date;
	state: 'waiting' | 'expired';
}

/** The people and open invitations of a workshop, or of internal staff when vendorId is null. */
export async function listPeople(
	actor: Actor,
	vendorId: string | null
): Promise<{ people: PersonRow[]; invitations: InvitationRow[]; canManage: boolean }> {
	requireSignedIn(actor);
	if (actor.kind === 'vendor' && actor.vendorId !== vendorId) throw notFound('That workshop');
	if (vendorId === null && actor.role !== 'admin') throw forbidden('Only administrators manage internal staff.');
	return withActor(actor, async (tx) => {
		const people = await tx
			.select({
				userId: appUser.id,
				name: appUser.name,
				email: appUser.email,
				phone: appUser.phone,
				role: membership.role,
				status: appUser.status,
				lastSignInAt: appUser.lastSignInAt,
				createdAt: appUser.createdAt
			})
			.from(membership)
			.innerJoin(appUser, eq(appUser.id, membership.userId))
			.where(vendorId ? eq(membership.vendorId, vendorId) : isNull(membership.vendorId))
			.orderBy(asc(appUser.name));
		const invites = await tx
			.select()
			.from(invitation)
			.where(
				and(
					vendorId ? eq(invitation.vendorId, vendorId) : isNull(invitation.vendorId),
					isNull(invitation.acceptedAt),
					isNull(invitation.revokedAt)
				)
			)
			.orderBy(desc(invitation.sentAt));
		const now = Date.now();
		return {
			people,
			invitations: invites.map((i) => ({
				id: i.id,
				name: i.name,
				email: i.email,
				role: i.role,
				sentAt: i.sentAt,
				expiresAt: i.expiresAt,
				state: i.expiresAt.getTime() > now ? ('waiting' as const) : ('expired' as const)
			})),
			canManage: canManage(actor, vendorId)
		};
	});
}

async function loadPersonForChange(tx: Tx, actor: Actor, userId: string) {
	if (!/^[0-9a-f-]{36}$/i.test(userId)) throw notFound('That person');
	const [row] = await tx
		.select({ user: appUser, role: membership.role, vendorId: membership.vendorId })
		.from(appUser)
		.innerJoin(membership, eq(membership.userId, appUser.id))
		.where(eq(appUser.id, userId))
		.limit(1);
	if (!row || (actor.kind === 'vendor' && row.vendorId !== actor.vendorId)) throw notFound('That person');
	assertManage(actor, row.vendorId);
	if (row.user.id === actor.userId) throw forbidden('You cannot change your own access. Ask another admin.');
	return row;
}

/** A workshop must keep one active admin, or nobody there could invite anyone again. */
async function assertAnotherActiveAdmin(tx: Tx, vendorId: string | null, userId: string, role: Role) {
	const adminRole = vendorId ? 'vendor_admin' : 'admin';
	if (role !== adminRole) return;
	const [row] = await tx
		.select({ count: sql<number>`count(*)::int` })
		.from(membership)
		.innerJoin(appUser, eq(appUser.id, membership.userId))
		.where(
			and(
				vendorId ? eq(membership.vendorId, vendorId) : isNull(membership.vendorId),
				eq(membership.role, adminRole),
				eq(appUser.status, 'active'),
				sql`${appUser.id} <> ${userId}`
			)
		);
	if ((row?.count ?? 0) === 0)
		throw conflict(`This is the last active ${roleLabels[adminRole].toLowerCase()}. Make someone else an admin first.`);
}

export async function setPersonStatus(actor: Actor, userId: string, status: 'active' | 'disabled'): Promise<void> {
	requireSignedIn(actor);
	await withActor(actor, async (tx) => {
		const row = await loadPersonForChange(tx, actor, userId);
		if (row.user.status === status) return;
		if (status === 'disabled') await assertAnotherActiveAdmin(tx, row.vendorId, userId, row.role);
		await tx.update(appUser).set({ status }).where(eq(appUser.id, userId));
		// switching someone off signs them out everywhere at once
		if (status === 'disabled') await endUserSessions(tx, userId);
		await recordAudit(tx, actor, {
			vendorId: row.vendorId,
			entityType: 'user',
			entityId: userId,
			action: status === 'disabled' ? 'user.disabled' : 'user.enabled',
			summary: `${actor.name} ${status === 'disabled' ? 'switched off' : 'switched on'} ${row.user.name}`,
			before: { status: row.user.status },
			after: { status }
		});
	});
}

export async function changePersonRole(actor: Actor, userId: string, role: Role): Promise<void> {
	requireSignedIn(actor);
	await withActor(actor, async (tx) => {
		const row = await loadPersonForChange(tx, actor, userId);
		assertRoleFits(role, row.vendorId);
		if (row.role === role) return;
		await assertAnotherActiveAdmin(tx, row.vendorId, userId, row.role);
		await tx.update(membership).set({ role }).where(eq(membership.userId, userId));
		await endUserSessions(tx, userId);
		await recordAudit(tx, actor, {
			vendorId: row.vendorId,
			entityType: 'user',
			entityId: userId,
			action: 'user.role_changed',
			summary: `${actor.name} changed ${row.user.name}’s role from ${roleLabels[row.role]} to ${roleLabels[role]}`,
			before: { role: row.role },
			after: { role }
		});
	});
}
