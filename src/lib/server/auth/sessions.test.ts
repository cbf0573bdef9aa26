import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/support/database.ts';
import {
	createSessionFor,
	createStaff,
	createVendorUser,
	createWorkshop,
	mailsTo,
	testClient,
	tokenFromLink,
	TEST_PASSWORD
} from '../../../../tests/support/factories.ts';
import { appUser, auditEvent, passwordReset, userSession } from '../db/schema/index.ts';
import { asSystem } from '../db/scope.ts';
import {
	changePassword,
	checkPasswordResetToken,
	listMySessions,
	requestPasswordReset,
	resetPassword,
	signIn,
	signOutOtherSessions,
	updateMyProfile
} from './service.ts';
import { SESSION_DAYS, validateSessionToken } from './sessions.ts';
import { generateToken } from './tokens.ts';
import { error } from '../../../../tests/support/errors.ts';

useTestDatabase();
const client = testClient('192.0.2.20');
const NEW_PASSWORD = 'a new phrase for the bench';
const DAY = 86_400_000;

async function sessionRow(id: string) {
	const [row] = await asSystem((tx) => tx.select().from(userSession).where(eq(userSession.id, id)));
	return row;
}

describe('validateSessionToken', () => {
	it('answers null for malformed and unknown tokens', async () => {
		expect(await validateSessionToken('')).toBeNull();
		expect(await validateSessionToken("' or 1=1 --")).toBeNull();
		expect(await validateSessionToken(generateToken())).toBeNull();
	});

	it('stores only the SHA-256 of the token', async () => {
		const staff = await createStaff('ops');
		const session = await signIn({ email: staff.email, password: TEST_PASSWORD }, client);
		expect(session.id).toMatch(/^[0-9a-f]{64}$/);
		expect(session.id).not.toContain(session.token);
		expect(await sessionRow(session.id)).toMatchObject({ userId: staff.userId, ipAddress: '192.0.2.20', userAgent: 'vitest' });
	});

	it('ends an expired session', async () => {
		const staff = await createStaff('ops');
		const session = await createSessionFor(staff.userId);
		await asSystem((tx) =>
			tx
				.update(userSession)
				.set({ expiresAt: sql`now() - interval '1 second'` })
				.where(eq(userSession.id, session.id))
		);
		expect(await validateSessionToken(session.token)).toBeNull();
		expect(await sessionRow(session.id)).toBeUndefined();
	});

	it('ends the session of a disabled person, and a disabled person cannot sign in', async () => {
		const staff = await createStaff('finance');
		const session = await createSessionFor(staff.userId);
		expect(await validateSessionToken(session.token)).not.toBeNull();
		await asSystem((tx) => tx.update(appUser).set({ status: 'disabled' }).where(eq(appUser.id, staff.userId)));
		expect(await validateSessionToken(session.token)).toBeNull();
		expect(await sessionRow(session.id)).toBeUndefined();
		expect((await error(signIn({ email: staff.email, password: TEST_PASSWORD }, client))).code).toBe('Forbidden');
	});

	it('slides the expiry forward once less than half of it remains', async () => {
		const staff = await createStaff('ops');
		const session = await createSessionFor(staff.userId);
		const fresh = await validateSessionToken(session.token);
		expect(fresh?.renewed).toBe(false);

		await asSystem((tx) =>
			tx
				.update(userSession)
				.set({ expiresAt: new Date(Date.now() + 10 * DAY) })
				.where(eq(userSession.id, session.id))
		);
		const renewed = await validateSessionToken(session.token);
		expect(renewed?.renewed).toBe(true);
		expect(Math.abs(renewed!.expiresAt.getTime() - (Date.now() + SESSION_DAYS * DAY))).toBeLessThan(60_000);
		expect((await sessionRow(session.id)).expiresAt.getTime()).toBe(renewed!.expiresAt.getTime());
	});

	it('resolves a vendor user to their workshop', async () => {
		const ops = await createStaff('ops');
		const workshop = await createWorkshop(ops);
		const member = await createVendorUser(workshop.vendorId, workshop.name, 'vendor_member');
		const session = await createSessionFor(member.userId);
		expect((await validateSessionToken(session.token))?.actor).toMatchObject({
			kind: 'vendor',
			userId: member.userId,
			role: 'vendor_member',
			vendorId: workshop.vendorId,
			vendorName: workshop.name,
			sessionId: session.id
		});
	});
});

describe('password reset', () => {
	it('mails a single-use link that sets a new password and ends every old session', async () => {
		const staff = await createStaff('ops');
		const old = await createSessionFor(staff.userId);

		await requestPasswordReset(`  ${staff.email.toUpperCase()} `, client);
		const [mail] = await mailsTo(staff.email, 'password-reset');
		expect(mail.link).toMatch(/^http:\/\/bezel\.test\/reset-password\/[a-z2-7]{32}$/);
		expect(mail.textBody).toContain(mail.link);
		const token = tokenFromLink(mail.link);
		expect(await checkPasswordResetToken(token)).toBe('valid');

		const fresh = await resetPassword(token, NEW_PASSWORD, client);
		expect((await validateSessionToken(fresh.token))?.actor.userId).toBe(staff.userId);
		expect(await validateSessionToken(old.token)).toBeNull();

		// the link works once
		expect(await checkPasswordResetToken(token)).toBe('invalid');
		const reused = await error(resetPassword(token, 'yet another phrase here', client));
		expect(reused.code).toBe('Invalid');
		expect(reused.message).toMatch(/expired or was already used/);

		// the new password works, the old one does not
		await signIn({ email: staff.email, password: NEW_PASSWORD }, testClient('192.0.2.21'));
		expect((await error(signIn({ email: staff.email, password: TEST_PASSWORD }, testClient('192.0.2.21')))).code).toBe('Invalid');

		expect(await mailsTo(staff.email, 'password-changed')).toHaveLength(1);
		const audit = await asSystem((tx) => tx.select().from(auditEvent).where(eq(auditEvent.entityId, staff.userId)));
		expect(audit.map((a) => a.action)).toContain('password.reset');
	});

	it('uses a double-submitted reset link only once', async () => {
		const staff = await createStaff('ops');
		await requestPasswordReset(staff.email, client);
		const token = tokenFromLink((await mailsTo(staff.email, 'password-reset'))[0].link);
		const results = await Promise.allSettled([
			resetPassword(token, NEW_PASSWORD, client),
			resetPassword(token, 'another new phrase here', client)
		]);
		expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
		expect(await mailsTo(staff.email, 'password-changed')).toHaveLength(1);
	});

	it('refuses a weak new password and keeps the link usable', async () => {
		const staff = await createStaff('finance');
		await requestPasswordReset(staff.email, client);
		const token = tokenFromLink((await mailsTo(staff.email, 'password-reset'))[0].link);
		const weak = await error(resetPassword(token, 'password1', client));
		expect(weak.code).toBe('Invalid');
		expect(weak.fields.password).toMatch(/most common/);
		expect(await checkPasswordResetToken(token)).toBe('valid');
	});

	it('refuses an expired link', async () => {
		const staff = await createStaff('ops');
		await requestPasswordReset(staff.email, client);
		const token = tokenFromLink((await mailsTo(staff.email, 'password-reset'))[0].link);
		await asSystem((tx) =>
			tx
				.update(passwordReset)
				.set({ expiresAt: sql`now() - interval '1 minute'` })
				.where(eq(passwordReset.userId, staff.userId))
		);
		expect(await checkPasswordResetToken(token)).toBe('invalid');
		expect((await error(resetPassword(token, NEW_PASSWORD, client))).code).toBe('Invalid');
	});

	it('answers an unknown or disabled e-mail the same way and mails nothing', async () => {
		const count = async () => (await asSystem((tx) => tx.execute(sql`select count(*)::int as n from outbox_message`))) as unknown;
		const before = JSON.stringify(await count());
		await expect(requestPasswordReset('no-such-person@brand.test', client)).resolves.toBeUndefined();
		expect(await mailsTo('no-such-person@brand.test')).toHaveLength(0);

		const staff = await createStaff('ops');
		await asSystem((tx) => tx.update(appUser).set({ status: 'disabled' }).where(eq(appUser.id, staff.userId)));
		await expect(requestPasswordReset(staff.email, client)).resolves.toBeUndefined();
		expect(await mailsTo(staff.email)).toHaveLength(0);
		expect(JSON.stringify(await count())).toBe(before);
	});

	it('sends at most three reset mails an hour', async () => {
		const staff = await createStaff('ops');
		for (let i = 0; i < 5; i++) await requestPasswordReset(staff.email, client);
		expect(await mailsTo(staff.email, 'password-reset')).toHaveLength(3);
	});
});

describe('changePassword', () => {
	it('requires the current password', async () => {
		const staff = await createStaff('ops');
		const session = await createSessionFor(staff.userId);
		const actor = (await validateSessionToken(session.token))!.actor;
		const wrong = await error(changePassword(actor, { currentPassword: 'not my password', password: NEW_PASSWORD }, client));
		expect(wrong.code).toBe('Invalid');
		expect(wrong.fields).toHaveProperty('currentPassword');
		const weak = await error(changePassword(actor, { currentPassword: TEST_PASSWORD, password: 'short' }, client));
		expect(weak.fields).toHaveProperty('password');
		expect(await validateSessionToken(session.token)).not.toBeNull();
	});

	it('ends every other session and returns a fresh one', async () => {
		const ops = await createStaff('ops');
		const workshop = await createWorkshop(ops);
		const user = await createVendorUser(workshop.vendorId, workshop.name, 'vendor_member');
		const here = await createSessionFor(user.userId);
		const phone = await createSessionFor(user.userId);
		const actor = (await validateSessionToken(here.token))!.actor;

		const fresh = await changePassword(actor, { currentPassword: TEST_PASSWORD, password: NEW_PASSWORD }, client);
		expect(await validateSessionToken(phone.token)).toBeNull();
		expect(await validateSessionToken(here.token)).toBeNull();
		expect((await validateSessionToken(fresh.token))?.actor.userId).toBe(user.userId);
		await signIn({ email: user.email, password: NEW_PASSWORD }, testClient('192.0.2.22'));
	});
});

describe('a person’s own sessions', () => {
	it('signs out every other session and keeps the current one, without touching colleagues', async () => {
		const ops = await createStaff('ops');
		const workshop = await createWorkshop(ops);
		const user = await createVendorUser(workshop.vendorId, workshop.name, 'vendor_admin');
		const colleague = await createVendorUser(workshop.vendorId, workshop.name, 'vendor_member');
		const current = await createSessionFor(user.userId);
		const others = [await createSessionFor(user.userId), await createSessionFor(user.userId)];
		const colleagueSession = await createSessionFor(colleague.userId);
		const actor = (await validateSessionToken(current.token))!.actor;

		const listed = await listMySessions(actor);
		expect(listed).toHaveLength(3);
		expect(listed.filter((s) => s.current)).toHaveLength(1);

		expect(await signOutOtherSessions(actor)).toBe(2);
		expect(await validateSessionToken(current.token)).not.toBeNull();
		for (const other of others) expect(await validateSessionToken(other.token)).toBeNull();
		expect(await validateSessionToken(colleagueSession.token)).not.toBeNull();
		expect(await listMySessions(actor)).toEqual([expect.objectContaining({ current: true })]);
	});

	it('lets a person change their own name, with history', async () => {
		const ops = await createStaff('ops');
		const workshop = await createWorkshop(ops);
		const user = await createVendorUser(workshop.vendorId, workshop.name, 'vendor_member');
		await updateMyProfile(user, { name: 'Somchai Goldsmith', phone: '+66 2 123 4567' });
		const [row] = await asSystem((tx) => tx.select().from(appUser).where(eq(appUser.id, user.userId)));
		expect(row).toMatchObject({ name: 'Somchai Goldsmith', phone: '+66 2 123 4567' });
		const [audit] = await asSystem((tx) => tx.select().from(auditEvent).where(eq(auditEvent.action, 'profile.updated')));
		expect(audit).toMatchObject({ vendorId: workshop.vendorId, actorUserId: user.userId, after: { name: 'Somchai Goldsmith' } });
	});
});
