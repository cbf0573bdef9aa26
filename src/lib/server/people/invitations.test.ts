import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/support/database.ts';
import { createStaff, createVendorUser, createWorkshop, mailsTo, testClient, tokenFromLink } from '../../../../tests/support/factories.ts';
import type { StaffActor, VendorActor } from '../auth/actor.ts';
import { signIn } from '../auth/service.ts';
import { validateSessionToken } from '../auth/sessions.ts';
import { appUser, auditEvent, invitation, membership } from '../db/schema/index.ts';
import { asSystem } from '../db/scope.ts';
import { AppError } from '../errors.ts';
import {
	acceptInvitation,
	invitationStateMessages,
	invitePerson,
	listPeople,
	resendInvitation,
	revokeInvitation,
	viewInvitation
} from './service.ts';
import { error } from '../../../../tests/support/errors.ts';

useTestDatabase();
const client = testClient('192.0.2.40');
const origin = { origin: 'http://bezel.test' };
const PHRASE = 'polished rose gold bangle';

let ops: StaffActor;
let workshop: { vendorId: string; name: string };
let workshopAdmin: VendorActor;
let seq = 0;
const newEmail = () => `invitee-${++seq}-${Date.now()}@workshop.test`;

beforeAll(async () => {
	ops = await createStaff('ops');
	workshop = await createWorkshop(ops);
	workshopAdmin = await createVendorUser(workshop.vendorId, workshop.name, 'vendor_admin');
});

/** Invites someone into the workshop and returns the token from the e-mail. */
async function invite(email = newEmail(), role: 'vendor_admin' | 'vendor_member' = 'vendor_member') {
	const { invitationId } = await invitePerson(workshopAdmin, { vendorId: workshop.vendorId, name: 'Nok Setter', email, role }, origin);
	const mails = await mailsTo(email, 'invitation');
	return { invitationId, email, token: tokenFromLink(mails.at(-1)!.link), mails };
}

const userByEmail = async (email: string) => (await asSystem((tx) => tx.select().from(appUser).where(eq(appUser.email, email))))[0];

describe('invitations', () => {
	it('mails a link that is valid, and accepting it creates the person in the workshop and signs them in', async () => {
		const email = newEmail();
		// typed with capitals and spaces; stored and mailed in lower case
		const { invitationId } = await invitePerson(
			workshopAdmin,
			{ vendorId: workshop.vendorId, name: 'Nok Setter', email: `  ${email.toUpperCase()} `, role: 'vendor_member' },
			origin
		);
		const [mail] = await mailsTo(email, 'invitation');
		expect(mail.link).toMatch(/^http:\/\/bezel\.test\/invitation\/[a-z2-7]{32}$/);
		expect(mail.subject).toContain(workshop.name);
		expect(mail.textBody).toContain(mail.link);
		expect(mail.htmlBody).toContain(mail.link);
		expect(mail.status).toBe('pending');

		const viewToken = tokenFromLink(mail.link);
		expect(await viewInvitation(viewToken)).toMatchObject({
			state: 'valid',
			email,
			name: 'Nok Setter',
			role: 'vendor_member',
			vendorName: workshop.name
		});
		const [stored] = await asSystem((tx) => tx.select().from(invitation).where(eq(invitation.id, invitationId)));
		expect(stored.tokenHash).not.toContain(viewToken);

		const session = await acceptInvitation(viewToken, { name: 'Nok Setter', password: PHRASE }, client);
		const valid = await validateSessionToken(session.token);
		expect(valid?.actor).toMatchObject({ kind: 'vendor', email, role: 'vendor_member', vendorId: workshop.vendorId });

		const user = await userByEmail(email);
		expect(user.passwordHash).toMatch(/^\$argon2id\$/);
		const [inv] = await asSystem((tx) => tx.select().from(invitation).where(eq(invitation.id, invitationId)));
		expect(inv.acceptedAt).not.toBeNull();
		expect(inv.userId).toBe(user.id);
		await signIn({ email, password: PHRASE }, testClient('192.0.2.41'));

		const audit = await asSystem((tx) => tx.select().from(auditEvent).where(eq(auditEvent.vendorId, workshop.vendorId)));
		expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['invitation.sent', 'invitation.accepted']));

		// used: a second accept fails and nothing more is created
		expect(await viewInvitation(viewToken)).toEqual({ state: 'used' });
		const again = await error(acceptInvitation(viewToken, { name: 'Someone Else', password: PHRASE }, client));
		expect(again.code).toBe('Invalid');
		expect(again.message).toBe(invitationStateMessages.used);
		expect(await asSystem((tx) => tx.select().from(appUser).where(eq(appUser.email, email)))).toHaveLength(1);
	});

	it('accepts a double-submitted invitation only once', async () => {
		const { token, email } = await invite();
		const results = await Promise.allSettled([
			acceptInvitation(token, { name: 'Nok', password: PHRASE }, client),
			acceptInvitation(token, { name: 'Nok', password: PHRASE }, client)
		]);
		expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
		const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
		expect(rejected.reason).toBeInstanceOf(AppError);
		expect(await asSystem((tx) => tx.select().from(appUser).where(eq(appUser.email, email)))).toHaveLength(1);
	});

	it('refuses a revoked invitation', async () => {
		const { invitationId, token } = await invite();
		await revokeInvitation(workshopAdmin, invitationId);
		expect(await viewInvitation(token)).toEqual({ state: 'revoked' });
		const refused = await error(acceptInvitation(token, { name: 'Nok', password: PHRASE }, client));
		expect(refused.message).toBe(invitationStateMessages.revoked);
		expect((await error(revokeInvitation(workshopAdmin, invitationId))).code).toBe('Conflict');
		expect((await error(resendInvitation(workshopAdmin, invitationId, origin))).code).toBe('Conflict');
	});

	it('refuses an expired invitation and lists it as expired', async () => {
		const { invitationId, token, email } = await invite();
		await asSystem((tx) =>
			tx
				.update(invitation)
				.set({ expiresAt: sql`now() - interval '1 minute'` })
				.where(eq(invitation.id, invitationId))
		);
		expect(await viewInvitation(token)).toEqual({ state: 'expired' });
		const refused = await error(acceptInvitation(token, { name: 'Nok', password: PHRASE }, client));
		expect(refused.code).toBe('Invalid');
		expect(refused.message).toBe(invitationStateMessages.expired);
		expect(await userByEmail(email)).toBeUndefined();
		const { invitations } = await listPeople(workshopAdmin, workshop.vendorId);
		expect(invitations.find((i) => i.id === invitationId)?.state).toBe('expired');
		// an expired invitation does not block a new one to the same address
		await invitePerson(workshopAdmin, { vendorId: workshop.vendorId, name: 'Nok', email, role: 'vendor_member' }, origin);
	});

	it('answers an unknown token as unknown', async () => {
		expect(await viewInvitation('a'.repeat(32))).toEqual({ state: 'unknown' });
		expect((await error(acceptInvitation('a'.repeat(32), { name: 'Nok', password: PHRASE }, client))).message).toBe(
			invitationStateMessages.unknown
		);
	});

	it('re-sending mails a new link and the old one stops working', async () => {
		const { invitationId, token: oldToken, email } = await invite();
		await resendInvitation(workshopAdmin, invitationId, origin);
		const mails = await mailsTo(email, 'invitation');
		expect(mails).toHaveLength(2);
		const newToken = tokenFromLink(mails[1].link);
		expect(newToken).not.toBe(oldToken);
		expect(await viewInvitation(oldToken)).toEqual({ state: 'unknown' });
		expect(await viewInvitation(newToken)).toMatchObject({ state: 'valid', email });
		expect((await error(acceptInvitation(oldToken, { name: 'Nok', password: PHRASE }, client))).code).toBe('Invalid');
		await acceptInvitation(newToken, { name: 'Nok', password: PHRASE }, client);
	});

	it('refuses a second invitation to an address that is already waiting', async () => {
		const { email } = await invite();
		const duplicate = await error(
			invitePerson(
				workshopAdmin,
				{ vendorId: workshop.vendorId, name: 'Nok again', email: ` ${email.toUpperCase()} `, role: 'vendor_member' },
				origin
			)
		);
		expect(duplicate.code).toBe('Conflict');
		expect(duplicate.fields).toEqual({ email: 'Already invited.' });
		expect(await mailsTo(email, 'invitation')).toHaveLength(1);
	});

	it('refuses to invite an address that already has an account, even in another workshop', async () => {
		const other = await createWorkshop(ops);
		const someone = await createVendorUser(other.vendorId, other.name, 'vendor_member');
		const taken = await error(
			invitePerson(workshopAdmin, { vendorId: workshop.vendorId, name: 'X', email: someone.email, role: 'vendor_member' }, origin)
		);
		expect(taken.code).toBe('Conflict');
		expect(taken.fields).toHaveProperty('email');
		expect(await mailsTo(someone.email)).toHaveLength(0);
	});

	it('refuses a weak password on accept and creates nothing', async () => {
		const { token, email, invitationId } = await invite();
		for (const password of ['short', 'password1', 'aaaaaaaaaaaa', email.split('@')[0]]) {
			const weak = await error(acceptInvitation(token, { name: 'Nok', password }, client));
			expect(weak.code).toBe('Invalid');
			expect(weak.fields).toHaveProperty('password');
		}
		expect(await userByEmail(email)).toBeUndefined();
		const [inv] = await asSystem((tx) => tx.select().from(invitation).where(eq(invitation.id, invitationId)));
		expect(inv.acceptedAt).toBeNull();
		expect(await viewInvitation(token)).toMatchObject({ state: 'valid' });
	});

	it('rolls everything back when the address got an account after the invitation was sent', async () => {
		const { token, email, invitationId } = await invite();
		// someone else created the account meanwhile (e.g. an admin invited the same address as staff)
		await asSystem(async (tx) => {
			const [user] = await tx.insert(appUser).values({ email, name: 'Early bird' }).returning();
			await tx.insert(membership).values({ userId: user.id, vendorId: null, role: 'finance' });
		});
		const refused = await error(acceptInvitation(token, { name: 'Nok', password: PHRASE }, client));
		expect(refused.code).toBe('Conflict');
		const [inv] = await asSystem((tx) => tx.select().from(invitation).where(eq(invitation.id, invitationId)));
		expect(inv.acceptedAt).toBeNull();
	});

	it('lets an administrator invite internal staff, who join without a workshop', async () => {
		const admin = await createStaff('admin');
		const email = newEmail().replace('workshop.test', 'brand.test');
		await invitePerson(admin, { vendorId: null, name: 'Fin Ance', email, role: 'finance' }, origin);
		const token = tokenFromLink((await mailsTo(email, 'invitation'))[0].link);
		expect(await viewInvitation(token)).toMatchObject({ state: 'valid', role: 'finance', vendorName: null });
		const session = await acceptInvitation(token, { name: 'Fin Ance', password: PHRASE }, client);
		expect((await validateSessionToken(session.token))?.actor).toMatchObject({ kind: 'staff', role: 'finance', vendorId: null });
	});

	it('refuses a role that does not fit the workshop', async () => {
		const wrong = await error(
			invitePerson(workshopAdmin, { vendorId: workshop.vendorId, name: 'X', email: newEmail(), role: 'admin' }, origin)
		);
		expect(wrong.code).toBe('Invalid');
		const admin = await createStaff('admin');
		expect((await error(invitePerson(admin, { vendorId: null, name: 'X', email: newEmail(), role: 'vendor_admin' }, origin))).code).toBe(
			'Invalid'
		);
	});

	it('refuses an invitation to a workshop that does not exist', async () => {
		const missing = await error(
			invitePerson(ops, { vendorId: '00000000-0000-4000-8000-000000000000', name: 'X', email: newEmail(), role: 'vendor_member' }, origin)
		);
		expect(missing.code).toBe('NotFound');
	});
});
