import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/support/database.ts';
import {
	createSessionFor,
	createStaff,
	createVendorUser,
	createWorkshop,
	testClient,
	TEST_PASSWORD
} from '../../../../tests/support/factories.ts';
import type { StaffActor } from '../auth/actor.ts';
import { signIn } from '../auth/service.ts';
import { validateSessionToken } from '../auth/sessions.ts';
import { appUser, auditEvent, membership, userSession } from '../db/schema/index.ts';
import { asSystem } from '../db/scope.ts';
import { changePersonRole, invitePerson, listPeople, setPersonStatus } from './service.ts';
import { error } from '../../../../tests/support/errors.ts';

useTestDatabase();
const origin = { origin: 'http://bezel.test' };
let ops: StaffActor;
let admin: StaffActor;
let finance: StaffActor;

beforeAll(async () => {
	[ops, admin, finance] = [await createStaff('ops'), await createStaff('admin'), await createStaff('finance')];
});

async function team() {
	const workshop = await createWorkshop(ops);
	const boss = await createVendorUser(workshop.vendorId, workshop.name, 'vendor_admin');
	const member = await createVendorUser(workshop.vendorId, workshop.name, 'vendor_member');
	return { workshop, boss, member };
}

const statusOf = async (userId: string) => (await asSystem((tx) => tx.select().from(appUser).where(eq(appUser.id, userId))))[0].status;
/** Session rows still stored for a person, looked at directly (validateSessionToken would also end them lazily). */
const storedSessions = async (userId: string) => asSystem((tx) => tx.select().from(userSession).where(eq(userSession.userId, userId)));
const roleOf = async (userId: string) =>
	(await asSystem((tx) => tx.select().from(membership).where(eq(membership.userId, userId))))[0].role;

describe('a workshop admin managing colleagues', () => {
	it('switches a colleague off, which ends their sessions and stops their sign-in, and back on', async () => {
		const { workshop, boss, member } = await team();
		const session = await createSessionFor(member.userId);
		const other = await createSessionFor(member.userId);
		const bossSession = await createSessionFor(boss.userId);

		await setPersonStatus(boss, member.userId, 'disabled');
		expect(await statusOf(member.userId)).toBe('disabled');
		expect(await storedSessions(member.userId)).toHaveLength(0);
		expect(await validateSessionToken(session.token)).toBeNull();
		expect(await validateSessionToken(other.token)).toBeNull();
		expect(await validateSessionToken(bossSession.token)).not.toBeNull();
		expect((await error(signIn({ email: member.email, password: TEST_PASSWORD }, testClient('192.0.2.60')))).code).toBe('Forbidden');

		const [audit] = await asSystem((tx) => tx.select().from(auditEvent).where(eq(auditEvent.action, 'user.disabled')));
		expect(audit).toMatchObject({
			vendorId: workshop.vendorId,
			actorUserId: boss.userId,
			entityId: member.userId,
			before: { status: 'active' },
			after: { status: 'disabled' }
		});

		await setPersonStatus(boss, member.userId, 'active');
		await signIn({ email: member.email, password: TEST_PASSWORD }, testClient('192.0.2.61'));
		const { people } = await listPeople(boss, workshop.vendorId);
		expect(people.map((p) => [p.userId, p.status])).toEqual(
			expect.arrayContaining([
				[boss.userId, 'active'],
				[member.userId, 'active']
			])
		);
	});

	it('cannot switch themself off or change their own role', async () => {
		const { boss } = await team();
		const self = await error(setPersonStatus(boss, boss.userId, 'disabled'));
		expect(self.code).toBe('Forbidden');
		expect((await error(changePersonRole(boss, boss.userId, 'vendor_member'))).code).toBe('Forbidden');
		expect(await statusOf(boss.userId)).toBe('active');
	});

	it('cannot remove the last active admin of a workshop, by switching off or by demotion', async () => {
		const { workshop, boss } = await team();
		const second = await createVendorUser(workshop.vendorId, workshop.name, 'vendor_admin');
		// two admins: one may switch the other off
		await setPersonStatus(boss, second.userId, 'disabled');
		// now `boss` is the last active admin (a disabled admin does not count)
		const last = await error(setPersonStatus(ops, boss.userId, 'disabled'));
		expect(last.code).toBe('Conflict');
		expect(last.message).toMatch(/last active workshop admin/);
		expect((await error(changePersonRole(ops, boss.userId, 'vendor_member'))).code).toBe('Conflict');
		expect(await statusOf(boss.userId)).toBe('active');
		expect(await roleOf(boss.userId)).toBe('vendor_admin');
	});

	it('changes a colleague’s role, which ends their sessions so the new role applies at once', async () => {
		const { boss, member } = await team();
		const session = await createSessionFor(member.userId);
		await changePersonRole(boss, member.userId, 'vendor_admin');
		expect(await roleOf(member.userId)).toBe('vendor_admin');
		expect(await storedSessions(member.userId)).toHaveLength(0);
		expect(await validateSessionToken(session.token)).toBeNull();
		const fresh = await createSessionFor(member.userId);
		expect((await validateSessionToken(fresh.token))?.actor.role).toBe('vendor_admin');

		// a workshop role only: internal roles are refused
		expect((await error(changePersonRole(boss, member.userId, 'admin'))).code).toBe('Invalid');
		expect(await roleOf(member.userId)).toBe('vendor_admin');
	});

	it('is the only workshop role that manages people', async () => {
		const { workshop, boss, member } = await team();
		const invite = await error(
			invitePerson(member, { vendorId: workshop.vendorId, name: 'X', email: 'x-member@workshop.test', role: 'vendor_member' }, origin)
		);
		expect(invite.code).toBe('Forbidden');
		expect((await error(setPersonStatus(member, boss.userId, 'disabled'))).code).toBe('Forbidden');
		expect((await error(changePersonRole(member, boss.userId, 'vendor_member'))).code).toBe('Forbidden');
		const view = await listPeople(member, workshop.vendorId);
		expect(view.canManage).toBe(false);
		expect(view.people).toHaveLength(2);
		expect(await statusOf(boss.userId)).toBe('active');
	});
});

describe('internal staff managing people', () => {
	it('lets operations manage a workshop’s people but not internal staff', async () => {
		const { workshop, member } = await team();
		await setPersonStatus(ops, member.userId, 'disabled');
		expect(await statusOf(member.userId)).toBe('disabled');
		expect((await listPeople(ops, workshop.vendorId)).canManage).toBe(true);

		const colleague = await createStaff('finance');
		expect((await error(setPersonStatus(ops, colleague.userId, 'disabled'))).code).toBe('Forbidden');
		expect((await error(changePersonRole(ops, colleague.userId, 'admin'))).code).toBe('Forbidden');
		expect((await error(invitePerson(ops, { vendorId: null, name: 'X', email: 'x-ops@brand.test', role: 'admin' }, origin))).code).toBe(
			'Forbidden'
		);
		expect((await error(listPeople(ops, null))).code).toBe('Forbidden');
		expect(await statusOf(colleague.userId)).toBe('active');
		expect(await roleOf(colleague.userId)).toBe('finance');
	});

	it('lets finance see but not manage a workshop’s people', async () => {
		const { workshop, member } = await team();
		expect((await listPeople(finance, workshop.vendorId)).canManage).toBe(false);
		expect((await error(setPersonStatus(finance, member.userId, 'disabled'))).code).toBe('Forbidden');
		expect(
			(
				await error(
					invitePerson(finance, { vendorId: workshop.vendorId, name: 'X', email: 'x-fin@workshop.test', role: 'vendor_member' }, origin)
				)
			).code
		).toBe('Forbidden');
	});

	it('lets an administrator manage internal staff', async () => {
		const colleague = await createStaff('finance');
		const session = await createSessionFor(colleague.userId);
		const staffList = await listPeople(admin, null);
		expect(staffList.canManage).toBe(true);
		expect(staffList.people.map((p) => p.userId)).toEqual(expect.arrayContaining([ops.userId, admin.userId, colleague.userId]));
		expect(staffList.people.every((p) => ['admin', 'ops', 'finance'].includes(p.role))).toBe(true);

		await changePersonRole(admin, colleague.userId, 'ops');
		expect(await roleOf(colleague.userId)).toBe('ops');
		expect(await validateSessionToken(session.token)).toBeNull();
		await setPersonStatus(admin, colleague.userId, 'disabled');
		expect(await statusOf(colleague.userId)).toBe('disabled');

		// another administrator may be switched off while one stays active
		const otherAdmin = await createStaff('admin');
		const adminSession = await createSessionFor(otherAdmin.userId);
		await setPersonStatus(admin, otherAdmin.userId, 'disabled');
		expect(await storedSessions(otherAdmin.userId)).toHaveLength(0);
		expect(await validateSessionToken(adminSession.token)).toBeNull();
		expect((await error(setPersonStatus(admin, admin.userId, 'disabled'))).code).toBe('Forbidden');
		// a workshop role does not fit an internal person
		expect((await error(changePersonRole(admin, colleague.userId, 'vendor_admin'))).code).toBe('Invalid');
	});
});
