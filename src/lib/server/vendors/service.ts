/** Workshops: the directory, profiles, contacts, documents and logo, with their history. */
import { isUuid } from '#lib/domain/ids.ts';
import Papa from 'papaparse';
import { and, asc, eq, gte, isNull, lte, sql } from 'drizzle-orm';
import {
	countryName,
	documentExpiryState,
	vendorNameKey,
	vendorStatusLabels,
	vendorTypeLabels,
	type VendorType
} from '#lib/domain/vendors/reference.ts';
import type { VendorDirectoryQuery, VendorProfile } from '#lib/domain/vendors/schemas.ts';
import { minorToDecimalString } from '#lib/domain/money.ts';
import { appUser, auditEvent, invitation, membership, vendor, vendorContact, vendorDocument } from '#lib/server/db/schema/index.ts';
import type { Tx } from '#lib/server/db/scope.ts';
import { requireStaff, requireSignedIn, requireVendor, withActor, type Actor } from '#lib/server/auth/actor.ts';
import { changedFields, recordAudit } from '#lib/server/audit/audit.ts';
import { conflict, forbidden, notFound } from '#lib/server/errors.ts';
import { checkUpload } from '#lib/server/files/validate.ts';
import { reencodeImage } from '#lib/server/files/images.ts';
import { recordStagedFile, stageFile, withStagedFile } from '#lib/server/files/service.ts';
import { getPlatform } from '#lib/server/platform.ts';
import { compiledSelect } from '#lib/server/db/compiled.ts';
import { safeCell } from '#lib/server/csv.ts';
import {
	countDirectory,
	DIRECTORY_PAGE_SIZE,
	selectContacts,
	selectDirectoryCountries,
	selectDirectoryExport,
	selectDirectoryPage,
	selectDocuments,
	selectHistory,
	selectVendor
} from './queries.ts';
import { fixedLimit } from '#lib/server/db/fixed-limit.ts';

const today = () => new Date().toISOString().slice(0, 10);

function profileColumns(profile: VendorProfile) {
	return {
		name: profile.name,
		nameKey: vendorNameKey(profile.name),
		types: profile.types,
		status: profile.status,
		country: profile.country,
		city: profile.city,
		currency: profile.currency,
		addressLine1: profile.addressLine1 || null,
		addressLine2: profile.addressLine2 || null,
		region: profile.region || null,
		postalCode: profile.postalCode || null,
		taxId: profile.taxId || null,
		email: profile.email || null,
		phone: profile.phone || null,
		website: profile.website || null,
		insuranceLimitMinor: profile.insuranceLimitMinor,
		notes: profile.notes || null
	};
}

const duplicateName = (name: string) =>
	conflict(`A workshop called “${name}” (or a name that differs only in case or punctuation) already exists.`, {
		name: 'Another workshop already has this name.'
	});

/**
 * Two people adding the same name at once both pass assertNameFree; the unique index on name_key
 * then refuses the second insert, which must still answer Conflict rather than a database error.
 */
function rethrowNameClash(name: string) {
	return (error: unknown): never => {
		const cause = ((error as { cause?: unknown })?.cause ?? error) as { code?: string; constraint?: string; constraint_name?: string };
		if (cause?.code === '23505' && (cause.constraint ?? cause.constraint_name) === 'vendor_name_key') throw duplicateName(name);
		throw error;
	};
}

async function assertNameFree(tx: Tx, name: string, exceptId?: string) {
	const [clash] = await tx
		.select({ id: vendor.id })
		.from(vendor)
		.where(and(eq(vendor.nameKey, vendorNameKey(name)), exceptId ? sql`${vendor.id} <> ${exceptId}` : undefined))
		.limit(1);
	if (clash) throw duplicateName(name);
}

export async function createVendor(actor: Actor, profile: VendorProfile): Promise<{ vendorId: string }> {
	requireStaff(actor, ['admin', 'ops']);
	return withActor(actor, async (tx) => {
		await assertNameFree(tx, profile.name);
		const [created] = await tx.insert(vendor).values(profileColumns(profile)).returning({ id: vendor.id });
		await recordAudit(tx, actor, {
			vendorId: created.id,
			entityType: 'vendor',
			entityId: created.id,
			action: 'vendor.created',
			summary: `${actor.name} added the workshop ${profile.name}`,
			after: profileColumns(profile)
		});
		return { vendorId: created.id };
	}).catch(rethrowNameClash(profile.name));
}

export type UpdateResult = { ok: true } | { ok: false; current: typeof vendor.$inferSelect };

/** Optimistic locking: an edit made on an older version is refused and the newer one returned. */
export async function updateVendor(actor: Actor, vendorId: string, profile: VendorProfile & { version?: number }): Promise<UpdateResult> {
	requireStaff(actor, ['admin', 'ops']);
	if (!isUuid(vendorId)) throw notFound('That workshop');
	return withActor<UpdateResult>(actor, async (tx) => {
		const current = await selectVendor(tx, vendorId);
		if (!current) throw notFound('That workshop');
		if (profile.version !== undefined && profile.version !== current.version) return { ok: false, current };
		await assertNameFree(tx, profile.name, vendorId);
		const columns = profileColumns(profile);
		const updated = await tx
			.update(vendor)
			.set({ ...columns, version: sql`${vendor.version} + 1`, updatedAt: sql`now()` })
			.where(and(eq(vendor.id, vendorId), eq(vendor.version, current.version)))
			.returning({ id: vendor.id });
		if (updated.length === 0) {
			const newer = await selectVendor(tx, vendorId);
			return { ok: false, current: newer ?? current };
		}
		const diff = changedFields(current as unknown as Record<string, unknown>, columns);
		if (diff) {
			await recordAudit(tx, actor, {
				vendorId,
				entityType: 'vendor',
				entityId: vendorId,
				action: 'vendor.updated',
				summary: `${actor.name} changed ${Object.keys(diff.after)
					.filter((k) => k !== 'nameKey')
					.join(', ')}`,
				before: diff.before,
				after: diff.after
			});
		}
		return { ok: true };
	}).catch(rethrowNameClash(profile.name));
}

export async function addVendorContact(
	actor: Actor,
	vendorId: string,
	contact: { name: string; title: string; email: string; phone: string; isPrimary: boolean }
): Promise<void> {
	requireStaff(actor, ['admin', 'ops']);
	if (!isUuid(vendorId)) throw notFound('That workshop');
	await withActor(actor, async (tx) => {
		if (!(await selectVendor(tx, vendorId))) throw notFound('That workshop');
		if (contact.isPrimary) await tx.update(vendorContact).set({ isPrimary: false }).where(eq(vendorContact.vendorId, vendorId));
		const [row] = await tx
			.insert(vendorContact)
			.values({
				vendorId,
				name: contact.name,
				title: contact.title || null,
				email: contact.email || null,
				phone: contact.phone || null,
				isPrimary: contact.isPrimary
			})
			.returning({ id: vendorContact.id });
		await recordAudit(tx, actor, {
			vendorId,
			entityType: 'vendor_contact',
			entityId: row.id,
			action: 'contact.added',
			summary: `${actor.name} added the contact ${contact.name}`,
			after: contact
		});
	});
}

export async function removeVendorContact(actor: Actor, vendorId: string, contactId: string): Promise<void> {
	requireStaff(actor, ['admin', 'ops']);
	if (!isUuid(vendorId) || !isUuid(contactId)) throw notFound('That contact');
	await withActor(actor, async (tx) => {
		const [removed] = await tx
			.delete(vendorContact)
			.where(and(eq(vendorContact.id, contactId), eq(vendorContact.vendorId, vendorId)))
			.returning();
		if (!removed) throw notFound('That contact');
		await recordAudit(tx, actor, {
			vendorId,
			entityType: 'vendor_contact',
			entityId: contactId,
			action: 'contact.removed',
			summary: `${actor.name} removed the contact ${removed.name}`,
			before: { name: removed.name, email: removed.email, phone: removed.phone }
		});
	});
}

/** Staff (admin, ops) for any workshop; a workshop's own people for theirs. */
function assertDocumentsAccess(actor: Actor, vendorId: string) {
	requireSignedIn(actor);
	if (actor.kind === 'vendor') {
		if (actor.vendorId !== vendorId) throw notFound('That workshop');
		return;
	}
	if (actor.role === 'finance') throw forbidden('Only operations and administrators change workshop documents.');
}

type UploadedFile = { name: string; size: number; arrayBuffer(): Promise<ArrayBuffer> };

export async function uploadVendorDocument(
	actor: Actor,
	vendorId: string,
	meta: { kind: (typeof vendorDocument.$inferInsert)['kind']; title: string; expiresOn: string },
	file: UploadedFile | null
): Promise<{ documentId: string }> {
	if (!isUuid(vendorId)) throw notFound('That workshop');
	assertDocumentsAccess(actor, vendorId);
	let upload = await checkUpload(file, 'document', getPlatform().uploadMaxBytes);
	if (upload.contentType !== 'application/pdf') {
		// scans and phone photos of certificates lose their EXIF/GPS like every photo
		const image = await reencodeImage(upload.bytes, { maxEdge: 2560, format: 'jpeg' });
		upload = { ...upload, ...image, originalName: upload.originalName.replace(/\.[^.]+$/, '') + '.jpg' };
	}
	const staged = await stageFile(vendorId, 'documents', upload);
	return withStagedFile(staged, () =>
		withActor(actor, async (tx) => {
			if (!(await selectVendor(tx, vendorId))) throw notFound('That workshop');
			const fileId = await recordStagedFile(tx, staged, actor.userId);
			const [doc] = await tx
				.insert(vendorDocument)
				.values({ vendorId, kind: meta.kind, title: meta.title, fileId, expiresOn: meta.expiresOn || null, uploadedBy: actor.userId })
				.returning({ id: vendorDocument.id });
			await recordAudit(tx, actor, {
				vendorId,
				entityType: 'vendor_document',
				entityId: doc.id,
				action: 'document.uploaded',
				summary: `${actor.name} uploaded “${meta.title}”${meta.expiresOn ? `, valid until ${meta.expiresOn}` : ''}`,
				after: { kind: meta.kind, title: meta.title, expiresOn: meta.expiresOn || null, file: staged.originalName }
			});
			return { documentId: doc.id };
		})
	);
}

export async function removeVendorDocument(actor: Actor, vendorId: string, documentId: string): Promise<void> {
	if (!isUuid(vendorId) || !isUuid(documentId)) throw notFound('That document');
	assertDocumentsAccess(actor, vendorId);
	if (actor.kind === 'vendor' && actor.role !== 'vendor_admin') throw forbidden('Only your workshop’s admin can remove documents.');
	await withActor(actor, async (tx) => {
		const [doc] = await tx
			.update(vendorDocument)
			.set({ removedAt: sql`now()` })
			.where(and(eq(vendorDocument.id, documentId), eq(vendorDocument.vendorId, vendorId), isNull(vendorDocument.removedAt)))
			.returning();
		if (!doc) throw notFound('That document');
		await recordAudit(tx, actor, {
			vendorId,
			entityType: 'vendor_document',
			entityId: documentId,
			action: 'document.removed',
			summary: `${actor.name} removed “${doc.title}”`,
			before: { title: doc.title, expiresOn: doc.expiresOn }
		});
	});
}

export async function setVendorLogo(actor: Actor, vendorId: string, file: UploadedFile | null): Promise<void> {
	if (!isUuid(vendorId)) throw notFound('That workshop');
	requireSignedIn(actor);
	// another workshop answers NotFound before any role check, as everywhere else
	if (actor.kind === 'vendor' && actor.vendorId !== vendorId) throw notFound('That workshop');
	if (actor.kind === 'vendor') requireVendor(actor, ['vendor_admin']);
	else requireStaff(actor, ['admin', 'ops']);
	const checked = await checkUpload(file, 'image', getPlatform().uploadMaxBytes);
	const image = await reencodeImage(checked.bytes, { maxEdge: 512, format: 'png' });
	const staged = await stageFile(vendorId, 'logo', { ...checked, ...image, originalName: 'logo.png' });
	await withStagedFile(staged, () =>
		withActor(actor, async (tx) => {
			if (!(await selectVendor(tx, vendorId))) throw notFound('That workshop');
			const fileId = await recordStagedFile(tx, staged, actor.userId);
			await tx
				.update(vendor)
				.set({ logoFileId: fileId, updatedAt: sql`now()` })
				.where(eq(vendor.id, vendorId));
			await recordAudit(tx, actor, {
				vendorId,
				entityType: 'vendor',
				entityId: vendorId,
				action: 'vendor.logo_changed',
				summary: `${actor.name} changed the workshop logo`
			});
		})
	);
}

export interface VendorOverview {
	vendor: typeof vendor.$inferSelect;
	contacts: Awaited<ReturnType<typeof selectContacts>>;
	documents: (Awaited<ReturnType<typeof selectDocuments>>[number] & { expiry: ReturnType<typeof documentExpiryState> })[];
	history: Awaited<ReturnType<typeof selectHistory>>;
}

/** Everything on the vendor page; staff see any workshop, a vendor user only their own. */
export async function getVendorOverview(actor: Actor, vendorId: string, historyLimit = 50): Promise<VendorOverview> {
	requireSignedIn(actor);
	if (!isUuid(vendorId)) throw notFound('That workshop');
	if (actor.kind === 'vendor' && actor.vendorId !== vendorId) throw notFound('That workshop');
	return withActor(actor, async (tx) => {
		const row = await selectVendor(tx, vendorId);
		if (!row) throw notFound('That workshop');
		const [contacts, documents, history] = [
			await selectContacts(tx, vendorId),
			await selectDocuments(tx, vendorId),
			await selectHistory(tx, vendorId, historyLimit)
		];
		const now = today();
		return {
			vendor: row,
			contacts,
			documents: documents.map((d) => ({ ...d, expiry: documentExpiryState(d.expiresOn, now) })),
			history
		};
	});
}

export interface DirectoryPage {
	rows: Awaited<ReturnType<typeof selectDirectoryPage>>;
	total: number;
	page: number;
	pageCount: number;
	/** the countries workshops are in, for the filter: listing all 250 would bury the few that matter */
	countries: { value: string; label: string }[];
}

export async function listVendorDirectory(actor: Actor, query: VendorDirectoryQuery): Promise<DirectoryPage> {
	requireStaff(actor);
	const [rows, total, countries] = await withActor(
		actor,
		async (tx) => [await selectDirectoryPage(tx, query), await countDirectory(tx, query), await selectDirectoryCountries(tx)] as const
	);
	return {
		rows,
		total,
		page: query.page,
		pageCount: Math.max(1, Math.ceil(total / DIRECTORY_PAGE_SIZE)),
		countries: countries
			.map((c) => ({ value: c.country, label: `${countryName(c.country)} (${c.workshops})` }))
			.sort((a, b) => a.label.localeCompare(b.label))
	};
}

export async function exportVendorDirectoryCsv(actor: Actor, query: VendorDirectoryQuery): Promise<string> {
	requireStaff(actor);
	const rows = await withActor(actor, (tx) => selectDirectoryExport(tx, query));
	return Papa.unparse({
		fields: [
			'Name',
			'Types',
			'Status',
			'Country',
			'City',
			'Currency',
			'E-mail',
			'Phone',
			'Tax id',
			'Insurance limit',
			'Active people',
			'Added'
		],
		data: rows.map((r) =>
			[
				r.name,
				r.types.map((t) => vendorTypeLabels[t as VendorType] ?? t).join('; '),
				vendorStatusLabels[r.status],
				r.country,
				r.city,
				r.currency,
				r.email ?? '',
				r.phone ?? '',
				r.taxId ?? '',
				r.insuranceLimitMinor === null ? '' : minorToDecimalString(r.insuranceLimitMinor, r.currency),
				String(r.people),
				r.createdAt.toISOString().slice(0, 10)
			].map(safeCell)
		)
	});
}

export interface VendorHome {
	vendor: { id: string; name: string; status: string; city: string; country: string; logoFileId: string | null };
	activePeople: number;
	waitingInvitations: number;
	documentsNeedingAttention: { id: string; title: string; expiresOn: string | null; expiry: ReturnType<typeof documentExpiryState> }[];
	hasInsuranceCertificate: boolean;
}

/** What a workshop user sees first: their workshop and what needs doing. */
/** The workshop home's own figures, in one compiled statement: the home page is the most visited one. */
const workshopHomeRow = compiledSelect(['vendorId'], (db, p) =>
	db
		.select({
			id: vendor.id,
			name: vendor.name,
			status: vendor.status,
			city: vendor.city,
			country: vendor.country,
			logoFileId: vendor.logoFileId,
			activePeople: sql<number>`(select count(*)::int from ${membership} m join ${appUser} u on u.id = m.user_id where m.vendor_id = "vendor"."id" and u.status = 'active')`,
			waitingInvitations: sql<number>`(select count(*)::int from ${invitation} i where i.vendor_id = "vendor"."id" and i.accepted_at is null and i.revoked_at is null and i.expires_at > now())`,
			// the documents travel in the same statement: the home page is the most visited one
			documents: sql<{ id: string; title: string; kind: string; expiresOn: string | null }[]>`coalesce((
				select json_agg(json_build_object('id', d.id, 'title', d.title, 'kind', d.kind, 'expiresOn', d.expires_on) order by d.expires_on)
				from ${vendorDocument} d where d.vendor_id = "vendor"."id" and d.removed_at is null), '[]'::json)`
		})
		.from(vendor)
		.where(eq(vendor.id, p.vendorId))
);

export async function getVendorHome(actor: Actor): Promise<VendorHome> {
	requireVendor(actor);
	return withActor(actor, async (tx) => {
		const [row] = await workshopHomeRow(tx, { vendorId: actor.vendorId });
		if (!row) throw notFound('Your workshop');
		const docs = row.documents;
		const now = today();
		const withState = docs.map((d) => ({ ...d, expiry: documentExpiryState(d.expiresOn, now) }));
		return {
			vendor: { id: row.id, name: row.name, status: row.status, city: row.city, country: row.country, logoFileId: row.logoFileId },
			activePeople: row.activePeople,
			waitingInvitations: row.waitingInvitations,
			documentsNeedingAttention: withState.filter((d) => d.expiry === 'expired' || d.expiry === 'expiring'),
			hasInsuranceCertificate: withState.some((d) => d.kind === 'insurance_certificate' && d.expiry !== 'expired')
		};
	});
}

export interface OpsHome {
	workshopsByStatus: Record<string, number>;
	expiringDocuments: {
		vendorId: string;
		vendorName: string;
		title: string;
		expiresOn: string;
		expiry: ReturnType<typeof documentExpiryState>;
	}[];
	waitingInvitations: number;
	recentActivity: { occurredAt: Date; actorName: string; summary: string; vendorId: string | null; vendorName: string | null }[];
}

export async function getOpsHome(actor: Actor): Promise<OpsHome> {
	requireStaff(actor);
	return withActor(actor, async (tx) => {
		const statusRows = await tx
			.select({ status: vendor.status, count: sql<number>`count(*)::int` })
			.from(vendor)
			.groupBy(vendor.status);
		const now = today();
		const soon = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
		const docs = await tx
			.select({ vendorId: vendor.id, vendorName: vendor.name, title: vendorDocument.title, expiresOn: vendorDocument.expiresOn })
			.from(vendorDocument)
			.innerJoin(vendor, eq(vendor.id, vendorDocument.vendorId))
			.where(and(isNull(vendorDocument.removedAt), lte(vendorDocument.expiresOn, soon), gte(vendorDocument.expiresOn, '2000-01-01')))
			.orderBy(asc(vendorDocument.expiresOn))
			.limit(fixedLimit(10));
		const [inv] = await tx
			.select({ count: sql<number>`count(*)::int` })
			.from(invitation)
			.where(and(isNull(invitation.acceptedAt), isNull(invitation.revokedAt), sql`${invitation.expiresAt} > now()`));
		const activity = await tx
			.select({
				occurredAt: auditEvent.occurredAt,
				actorName: auditEvent.actorName,
				summary: auditEvent.summary,
				vendorId: auditEvent.vendorId,
				vendorName: vendor.name
			})
			.from(auditEvent)
			.leftJoin(vendor, eq(vendor.id, auditEvent.vendorId))
			.orderBy(sql`${auditEvent.occurredAt} desc`, sql`${auditEvent.id} desc`)
			.limit(fixedLimit(8));
		return {
			workshopsByStatus: Object.fromEntries(statusRows.map((r) => [r.status, r.count])),
			expiringDocuments: docs.map((d) => ({ ...d, expiresOn: d.expiresOn!, expiry: documentExpiryState(d.expiresOn, now) })),
			waitingInvitations: inv?.count ?? 0,
			recentActivity: activity
		};
	});
}

/**
 * Added for the purchase-order editor and list filter (ops PO pages): every workshop with the
 * currency its documents use. Small (a brand works with tens of workshops, not thousands), so no paging.
 */
export async function listVendorsForPicker(
	actor: Actor
): Promise<{ id: string; name: string; currency: string; status: (typeof vendor.$inferSelect)['status'] }[]> {
	requireStaff(actor);
	return withActor(actor, (tx) =>
		tx
			.select({ id: vendor.id, name: vendor.name, currency: vendor.currency, status: vendor.status })
			.from(vendor)
			.orderBy(asc(vendor.nameKey))
			.limit(fixedLimit(2000))
	);
}
