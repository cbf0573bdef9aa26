/**
 * Tenancy: a workshop's people reach only their own workshop, through the services (which answer
 * NotFound for anything else) and, behind them, through row-level security on every query.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.ts';
import {
	createSessionFor,
	createStaff,
	createVendorUser,
	createWorkshop,
	fakeFile,
	listFiles,
	mailsTo,
	makePdf,
	makePng,
	tokenFromLink
} from '../support/factories.ts';
import { vendorDirectoryQuerySchema, vendorProfileSchema } from '../../src/lib/domain/vendors/schemas.ts';
import type { StaffActor, VendorActor } from '../../src/lib/server/auth/actor.ts';
import { validateSessionToken } from '../../src/lib/server/auth/sessions.ts';
import { migrationsFolder } from '../../src/lib/server/db/migrate.ts';
import {
	appUser,
	auditEvent,
	invitation,
	membership,
	storedFile,
	userSession,
	vendor,
	vendorContact,
	vendorDocument
} from '../../src/lib/server/db/schema/index.ts';
import { asSystem, inScope } from '../../src/lib/server/db/scope.ts';
import { AppError } from '../../src/lib/server/errors.ts';
import { readFileForActor } from '../../src/lib/server/files/service.ts';
import {
	changePersonRole,
	invitePerson,
	listPeople,
	resendInvitation,
	revokeInvitation,
	setPersonStatus,
	viewInvitation
} from '../../src/lib/server/people/service.ts';
import {
	addVendorContact,
	createVendor,
	exportVendorDirectoryCsv,
	getOpsHome,
	getVendorHome,
	getVendorOverview,
	listVendorDirectory,
	removeVendorContact,
	removeVendorDocument,
	setVendorLogo,
	updateVendor,
	uploadVendorDocument
} from '../../src/lib/server/vendors/service.ts';

const context = useTestDatabase();
const origin = { origin: 'http://bezel.test' };

interface Tenant {
	vendorId: string;
	name: string;
	admin: VendorActor;
	member: VendorActor;
	documentId: string;
	fileId: string;
	invitationId: string;
	invitationToken: string;
	contactId: string;
	sessionToken: string;
}

let ops: StaffActor;
let a: Tenant;
let b: Tenant;

async function makeTenant(label: string): Promise<Tenant> {
	const { vendorId, name } = await createWorkshop(ops, { name: `Tenant ${label} Jewellery Works` });
	const admin = await createVendorUser(vendorId, name, 'vendor_admin');
	const member = await createVendorUser(vendorId, name, 'vendor_member');
	const { documentId } = await uploadVendorDocument(
		admin,
		vendorId,
		{ kind: 'tax_form', title: `${label} tax form`, expiresOn: '' },
		fakeFile('tax.pdf', await makePdf(label))
	);
	const [doc] = await asSystem((tx) => tx.select().from(vendorDocument).where(eq(vendorDocument.id, documentId)));
	await setVendorLogo(admin, vendorId, fakeFile('logo.png', await makePng()));
	const email = `invited-${label.toLowerCase()}@workshop.test`;
	const { invitationId } = await invitePerson(admin, { vendorId, name: `Invitee ${label}`, email, role: 'vendor_member' }, origin);
	const invitationToken = tokenFromLink((await mailsTo(email, 'invitation'))[0].link);
	await addVendorContact(ops, vendorId, { name: `Contact ${label}`, title: '', email: '', phone: '', isPrimary: true });
	const [contact] = await asSystem((tx) => tx.select().from(vendorContact).where(eq(vendorContact.vendorId, vendorId)));
	const session = await createSessionFor(member.userId);
	await createSessionFor(admin.userId);
	return {
		vendorId,
		name,
		admin,
		member,
		documentId,
		fileId: doc.fileId,
		invitationId,
		invitationToken,
		contactId: contact.id,
		sessionToken: session.token
	};
}

beforeAll(async () => {
	ops = await createStaff('ops');
	a = await makeTenant('A');
	b = await makeTenant('B');
});

const asVendor = <T>(tenant: Tenant, work: Parameters<typeof inScope<T>>[1], userId = tenant.admin.userId) =>
	inScope({ kind: 'vendor', vendorId: tenant.vendorId, userId }, work);

/** The database refused the statement because of a row-level security policy. */
async function expectRlsRefusal(promise: Promise<unknown>) {
	const error = await promise.then(
		() => undefined,
		(e: unknown) => e as Error & { cause?: Error }
	);
	expect(error, 'expected the database to refuse the statement').toBeDefined();
	expect(`${error!.message} ${error!.cause?.message ?? ''}`).toMatch(/row-level security/);
}

describe('row-level security, queried directly as a workshop', () => {
	it('shows only the workshop’s own rows in every vendor-visible table', async () => {
		const everything = await asSystem(async (tx) => ({
			vendors: await tx.select().from(vendor),
			documents: await tx.select().from(vendorDocument),
			files: await tx.select().from(storedFile),
			memberships: await tx.select().from(membership),
			invitations: await tx.select().from(invitation),
			audit: await tx.select().from(auditEvent),
			contacts: await tx.select().from(vendorContact)
		}));
		// the other workshop's rows do exist
		for (const rows of Object.values(everything)) expect(rows.some((r) => ('vendorId' in r ? r.vendorId : r.id) === b.vendorId)).toBe(true);

		const seen = await asVendor(a, async (tx) => ({
			vendors: await tx.select().from(vendor),
			documents: await tx.select().from(vendorDocument),
			files: await tx.select().from(storedFile),
			memberships: await tx.select().from(membership),
			invitations: await tx.select().from(invitation),
			audit: await tx.select().from(auditEvent),
			contacts: await tx.select().from(vendorContact),
			users: await tx.select().from(appUser),
			sessions: await tx.select().from(userSession)
		}));
		expect(seen.vendors.map((v) => v.id)).toEqual([a.vendorId]);
		for (const key of ['documents', 'files', 'memberships', 'invitations', 'audit', 'contacts'] as const) {
			const rows = seen[key] as { vendorId: string | null }[];
			expect(rows.length, key).toBeGreaterThan(0);
			expect(new Set(rows.map((r) => r.vendorId)), key).toEqual(new Set([a.vendorId]));
			expect(rows.length, key).toBe(everything[key].filter((r) => r.vendorId === a.vendorId).length);
		}
		// people: the workshop's own, no staff, nobody from B
		expect(seen.users.map((u) => u.id).sort()).toEqual([a.admin.userId, a.member.userId].sort());
		// sessions: those of the workshop's own people (so its admin can end a colleague's), nobody else's
		expect(seen.sessions.length).toBeGreaterThan(0);
		const workshopPeople = new Set([a.admin.userId, a.member.userId]);
		expect(seen.sessions.every((s) => workshopPeople.has(s.userId))).toBe(true);
		expect(seen.sessions.some((s) => s.userId === a.admin.userId)).toBe(true);
	});

	it('sees nothing when the transaction carries no workshop', async () => {
		const rows = await inScope({ kind: 'vendor', vendorId: '', userId: '' }, async (tx) => [
			...(await tx.select().from(vendor)),
			...(await tx.select().from(vendorDocument)),
			...(await tx.select().from(appUser)),
			...(await tx.select().from(membership))
		]);
		expect(rows).toEqual([]);
	});

	it('changes nothing of another workshop: updates and deletes match no rows', async () => {
		const results = await asVendor(a, async (tx) => ({
			vendor: await tx.update(vendor).set({ city: 'Hacked' }).where(eq(vendor.id, b.vendorId)).returning(),
			member: await tx.update(membership).set({ role: 'vendor_admin' }).where(eq(membership.userId, b.member.userId)).returning(),
			user: await tx.update(appUser).set({ status: 'disabled' }).where(eq(appUser.id, b.member.userId)).returning(),
			document: await tx
				.update(vendorDocument)
				.set({ removedAt: sql`now()` })
				.where(eq(vendorDocument.id, b.documentId))
				.returning(),
			invitation: await tx
				.update(invitation)
				.set({ revokedAt: sql`now()` })
				.where(eq(invitation.id, b.invitationId))
				.returning(),
			sessions: await tx.delete(userSession).where(eq(userSession.userId, b.member.userId)).returning()
		}));
		for (const [key, rows] of Object.entries(results)) expect(rows, key).toEqual([]);

		const [bVendor] = await asSystem((tx) => tx.select().from(vendor).where(eq(vendor.id, b.vendorId)));
		expect(bVendor.city).toBe('Bangkok');
		expect(await validateSessionToken(b.sessionToken)).not.toBeNull();
	});

	it('refuses rows written for another workshop (WITH CHECK)', async () => {
		await expectRlsRefusal(
			asVendor(a, (tx) => tx.insert(vendorDocument).values({ vendorId: b.vendorId, kind: 'other', title: 'planted', fileId: a.fileId }))
		);
		await expectRlsRefusal(
			asVendor(a, (tx) =>
				tx.insert(storedFile).values({
					vendorId: b.vendorId,
					key: `vendors/${b.vendorId}/documents/planted`,
					purpose: 'documents',
					contentType: 'application/pdf',
					byteSize: 1,
					originalName: 'x.pdf',
					sha256: 'x'
				})
			)
		);
		await expectRlsRefusal(
			asVendor(a, (tx) =>
				tx.insert(invitation).values({
					vendorId: b.vendorId,
					email: 'planted@x.test',
					name: 'P',
					role: 'vendor_admin',
					tokenHash: 'planted',
					expiresAt: new Date(Date.now() + 86_400_000)
				})
			)
		);
		await expectRlsRefusal(
			asVendor(a, (tx) =>
				tx
					.insert(auditEvent)
					.values({ vendorId: b.vendorId, actorName: 'forger', entityType: 'vendor', entityId: b.vendorId, action: 'x', summary: 'forged' })
			)
		);
		// nor may a row of one's own be moved to the other workshop
		await expectRlsRefusal(
			asVendor(a, (tx) => tx.update(vendorDocument).set({ vendorId: b.vendorId }).where(eq(vendorDocument.id, a.documentId)))
		);
		await expectRlsRefusal(
			asVendor(a, (tx) => tx.update(membership).set({ vendorId: b.vendorId }).where(eq(membership.userId, a.member.userId)))
		);

		const planted = await asSystem((tx) => tx.select().from(vendorDocument).where(eq(vendorDocument.title, 'planted')));
		expect(planted).toEqual([]);
	});

	it('gives a workshop no way into tables it has no grant on', async () => {
		for (const table of ['outbox_message', 'background_job', 'password_reset', 'sign_in_attempt']) {
			const error = await asVendor(a, (tx) => tx.execute(sql.raw(`select * from ${table} limit 1`))).then(
				() => undefined,
				(e: Error & { cause?: Error }) => `${e.message} ${e.cause?.message ?? ''}`
			);
			expect(error, table).toMatch(/permission denied/);
		}
	});
});

describe('another workshop through the services', () => {
	/** Every call a workshop user could aim at workshop B; each must answer NotFound. */
	const attempts = (actor: () => VendorActor): [string, () => Promise<unknown>][] => [
		['getVendorOverview', () => getVendorOverview(actor(), b.vendorId)],
		[
			'uploadVendorDocument',
			async () =>
				uploadVendorDocument(actor(), b.vendorId, { kind: 'other', title: 'planted', expiresOn: '' }, fakeFile('p.pdf', await makePdf()))
		],
		['removeVendorDocument', () => removeVendorDocument(actor(), b.vendorId, b.documentId)],
		['removeVendorDocument (own workshop id, B’s document)', () => removeVendorDocument(actor(), a.vendorId, b.documentId)],
		['setVendorLogo', async () => setVendorLogo(actor(), b.vendorId, fakeFile('logo.png', await makePng()))],
		['readFileForActor', () => readFileForActor(actor(), b.fileId)],
		['listPeople', () => listPeople(actor(), b.vendorId)],
		[
			'invitePerson',
			() => invitePerson(actor(), { vendorId: b.vendorId, name: 'Planted', email: 'planted@workshop.test', role: 'vendor_admin' }, origin)
		],
		['resendInvitation', () => resendInvitation(actor(), b.invitationId, origin)],
		['revokeInvitation', () => revokeInvitation(actor(), b.invitationId)],
		['setPersonStatus', () => setPersonStatus(actor(), b.member.userId, 'disabled')],
		['changePersonRole', () => changePersonRole(actor(), b.member.userId, 'vendor_admin')],
		// internal staff, seen from a workshop
		['listPeople (internal staff)', () => listPeople(actor(), null)],
		[
			'invitePerson (internal staff)',
			() => invitePerson(actor(), { vendorId: null, name: 'Planted', email: 'planted-admin@brand.test', role: 'admin' }, origin)
		],
		['setPersonStatus (internal staff)', () => setPersonStatus(actor(), ops.userId, 'disabled')],
		// staff-only services
		['listVendorDirectory', () => listVendorDirectory(actor(), vendorDirectoryQuerySchema.parse({}))],
		['exportVendorDirectoryCsv', () => exportVendorDirectoryCsv(actor(), vendorDirectoryQuerySchema.parse({}))],
		['getOpsHome', () => getOpsHome(actor())],
		[
			'createVendor',
			() =>
				createVendor(
					actor(),
					vendorProfileSchema.parse({ name: 'Planted Workshop', types: ['caster'], country: 'TH', city: 'Bangkok', currency: 'THB' })
				)
		],
		[
			'updateVendor',
			() =>
				updateVendor(
					actor(),
					a.vendorId,
					vendorProfileSchema.parse({ name: a.name, types: ['caster'], country: 'TH', city: 'Elsewhere', currency: 'THB' })
				)
		],
		[
			'addVendorContact',
			() => addVendorContact(actor(), b.vendorId, { name: 'Planted', title: '', email: '', phone: '', isPrimary: true })
		],
		['removeVendorContact', () => removeVendorContact(actor(), b.vendorId, b.contactId)]
	];

	async function stateOfB() {
		return asSystem(async (tx) => ({
			vendor: (await tx.select().from(vendor).where(eq(vendor.id, b.vendorId)))[0],
			documents: await tx.select().from(vendorDocument).where(eq(vendorDocument.vendorId, b.vendorId)),
			files: await tx.select().from(storedFile).where(eq(storedFile.vendorId, b.vendorId)),
			memberships: await tx.select().from(membership).where(eq(membership.vendorId, b.vendorId)),
			users: await tx.select().from(appUser).where(eq(appUser.id, b.member.userId)),
			invitations: await tx.select().from(invitation).where(eq(invitation.vendorId, b.vendorId)),
			contacts: await tx.select().from(vendorContact).where(eq(vendorContact.vendorId, b.vendorId)),
			audit: await tx.select().from(auditEvent).where(eq(auditEvent.vendorId, b.vendorId)),
			staff: await tx.select().from(appUser).where(eq(appUser.id, ops.userId))
		}));
	}

	for (const role of ['admin', 'member'] as const) {
		it(`answers NotFound to every attempt by a workshop ${role}, and changes nothing`, async () => {
			const before = await stateOfB();
			const bytesBefore = await listFiles(context.filesDir);
			const answers: Record<string, string> = {};
			for (const [label, attempt] of attempts(() => a[role])) {
				answers[label] = await attempt().then(
					() => 'succeeded',
					(e: unknown) => (e instanceof AppError ? e.code : `crashed: ${(e as Error).message}`)
				);
			}
			const expected = Object.fromEntries(attempts(() => a[role]).map(([label]) => [label, 'NotFound']));
			// aimed at their own workshop, a member is simply not allowed to remove documents (whatever the id)
			if (role === 'member') expected['removeVendorDocument (own workshop id, B’s document)'] = 'Forbidden';
			expect(answers).toEqual(expected);
			expect(await stateOfB()).toEqual(before);
			expect(await listFiles(context.filesDir)).toEqual(bytesBefore);
			expect(await viewInvitation(b.invitationToken)).toMatchObject({ state: 'valid' });
			expect(await validateSessionToken(b.sessionToken)).not.toBeNull();
		});
	}

	it('answers the same for a forged id as for an id of another workshop', async () => {
		const missing = '00000000-0000-4000-8000-000000000000';
		const messages = await Promise.all(
			[getVendorOverview(a.admin, missing), getVendorOverview(a.admin, b.vendorId)].map((p) =>
				p.catch((e: AppError) => [e.code, e.message])
			)
		);
		expect(messages[0]).toEqual(messages[1]);
		expect((await readFileForActor(a.admin, missing).catch((e: AppError) => e.message)) as string).toBe(
			await readFileForActor(a.admin, b.fileId).catch((e: AppError) => e.message)
		);
	});

	it('still lets each workshop and the brand reach what is theirs', async () => {
		expect((await getVendorOverview(b.member, b.vendorId)).documents.map((d) => d.id)).toEqual([b.documentId]);
		expect((await readFileForActor(b.member, b.fileId)).contentType).toBe('application/pdf');
		expect((await readFileForActor(ops, b.fileId)).contentType).toBe('application/pdf');
		expect((await listPeople(b.admin, b.vendorId)).people.map((p) => p.userId).sort()).toEqual([b.admin.userId, b.member.userId].sort());
		const home = await getVendorHome(a.member);
		expect(home).toMatchObject({ vendor: { id: a.vendorId, name: a.name }, activePeople: 2, waitingInvitations: 1 });
		const overview = await getVendorOverview(a.admin, a.vendorId);
		expect(overview.history.length).toBeGreaterThan(0);
		expect(overview.history.every((h) => !h.summary.includes('Tenant B'))).toBe(true);
	});
});

describe('the roles, grants and RLS migration', () => {
	it('runs a second time without error and leaves the policies working', async () => {
		const folder = migrationsFolder();
		const file = (await fs.readdir(folder)).find((name) => name.endsWith('_roles_grants_rls.sql'));
		expect(file).toBeDefined();
		const text = await fs.readFile(path.join(folder, file!), 'utf8');
		const statements = text
			.split('--> statement-breakpoint')
			.map((statement) => statement.trim())
			.filter(Boolean);
		expect(statements.length).toBeGreaterThan(20);
		for (const statement of statements) await context.handle.db.execute(sql.raw(statement));

		const seen = await asVendor(a, (tx) => tx.select({ id: vendor.id }).from(vendor));
		expect(seen).toEqual([{ id: a.vendorId }]);
		const documents = await asVendor(a, (tx) => tx.select().from(vendorDocument));
		expect(documents.every((d) => d.vendorId === a.vendorId)).toBe(true);
	});
});
