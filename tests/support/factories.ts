/** Small builders for tests: people and workshops with unique names, created the way Bezel does. */
import { expandAudiences } from '#lib/server/mail/sender.ts';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';
import type { InternalRole, VendorRole } from '../../src/lib/domain/identity/roles.ts';
import { vendorProfileSchema } from '../../src/lib/domain/vendors/schemas.ts';
import { appUser, membership, outboxMessage } from '../../src/lib/server/db/schema/index.ts';
import { asSystem } from '../../src/lib/server/db/scope.ts';
import type { Actor, StaffActor, VendorActor } from '../../src/lib/server/auth/actor.ts';
import { hashPassword } from '../../src/lib/server/auth/passwords.ts';
import { createSession } from '../../src/lib/server/auth/sessions.ts';
import { createVendor } from '../../src/lib/server/vendors/service.ts';

export const TEST_PASSWORD = 'correct horse battery staple';
let passwordHash: Promise<string> | undefined;

const unique = () => randomUUID().slice(0, 8);

export async function createStaff(role: InternalRole = 'ops', overrides: { email?: string; name?: string } = {}): Promise<StaffActor> {
	passwordHash ??= hashPassword(TEST_PASSWORD);
	const email = overrides.email ?? `${role}-${unique()}@brand.test`;
	const name = overrides.name ?? `Staff ${role} ${unique()}`;
	const hash = await passwordHash;
	const id = await asSystem(async (tx) => {
		const [user] = await tx.insert(appUser).values({ email, name, passwordHash: hash }).returning({ id: appUser.id });
		await tx.insert(membership).values({ userId: user.id, vendorId: null, role });
		return user.id;
	});
	return { kind: 'staff', userId: id, name, email, role, vendorId: null };
}

export async function createWorkshop(
	by: Actor,
	overrides: Partial<Record<string, unknown>> = {}
): Promise<{ vendorId: string; name: string }> {
	const name = (overrides.name as string) ?? `Workshop ${unique()}`;
	const profile = vendorProfileSchema.parse({
		name,
		types: ['caster'],
		country: 'TH',
		city: 'Bangkok',
		currency: 'THB',
		insuranceLimit: '1000000',
		...overrides
	});
	const { vendorId } = await createVendor(by, profile);
	return { vendorId, name };
}

export async function createVendorUser(vendorId: string, vendorName: string, role: VendorRole = 'vendor_admin'): Promise<VendorActor> {
	passwordHash ??= hashPassword(TEST_PASSWORD);
	const email = `${role}-${unique()}@workshop.test`;
	const name = `Vendor ${role} ${unique()}`;
	const hash = await passwordHash;
	const id = await asSystem(async (tx) => {
		const [user] = await tx.insert(appUser).values({ email, name, passwordHash: hash }).returning({ id: appUser.id });
		await tx.insert(membership).values({ userId: user.id, vendorId, role });
		return user.id;
	});
	return { kind: 'vendor', userId: id, name, email, role, vendorId, vendorName };
}

/** A File-like object the upload services accept. */
export function fakeFile(name: string, bytes: Uint8Array) {
	return { name, size: bytes.byteLength, arrayBuffer: async () => bytes.slice().buffer as ArrayBuffer };
}

// ——— helpers for the integration suite ———

/** What a request would pass as ClientInfo; give each test its own IP so throttling stays apart. */
export function testClient(ip: string | null = `198.51.100.${Math.floor(Math.random() * 250) + 1}`) {
	return { ip, userAgent: 'vitest', origin: 'http://bezel.test' };
}

/** A session for a user without paying for a password check (sign-in itself is tested elsewhere). */
export async function createSessionFor(userId: string) {
	return asSystem((tx) => createSession(tx, userId, { userAgent: 'vitest', ip: null }));
}

/** Outbox messages to an address (optionally of one topic), oldest first. */
export async function mailsTo(address: string, topic?: string) {
	// mail a vendor wrote to "the brand" is addressed to people only when the sender expands it
	await expandAudiences();
	return asSystem((tx) =>
		tx
			.select()
			.from(outboxMessage)
			.where(and(eq(outboxMessage.toAddress, address), topic ? eq(outboxMessage.topic, topic) : undefined))
			.orderBy(asc(outboxMessage.createdAt))
	);
}

/** The token at the end of a mailed link such as http://bezel.test/invitation/<token>. */
export function tokenFromLink(link: string | null | undefined): string {
	if (!link) throw new Error('The message has no link');
	const token = new URL(link).pathname.split('/').pop();
	if (!token) throw new Error(`No token in ${link}`);
	return token;
}

/** Every file under a folder, as paths relative to it. */
export async function listFiles(dir: string): Promise<string[]> {
	const found: string[] = [];
	async function walk(current: string) {
		let entries;
		try {
			entries = await fs.readdir(current, { withFileTypes: true });
		} catch {
			return;
		}
		for (const entry of entries) {
			const full = path.join(current, entry.name);
			if (entry.isDirectory()) await walk(full);
			else found.push(path.relative(dir, full));
		}
	}
	await walk(dir);
	return found.sort();
}

/** A small, real PDF made with pdf-lib. */
export async function makePdf(text = 'Certificate of insurance'): Promise<Uint8Array> {
	const doc = await PDFDocument.create();
	const page = doc.addPage([300, 200]);
	page.drawText(text, { x: 20, y: 100, size: 12, font: await doc.embedFont(StandardFonts.Helvetica) });
	return doc.save();
}

/** A PNG of the given size (a plain colour), made with sharp. */
export async function makePng(width = 40, height = 30): Promise<Uint8Array> {
	return new Uint8Array(
		await sharp({ create: { width, height, channels: 3, background: '#b08d57' } })
			.png()
			.toBuffer()
	);
}

// ——— purchase orders ———
// (imports kept with the helpers that use them, so this section stays an append to the file)
import { poDraftSchema, poLineFormSchema, type PoDraftForm, type PoLineForm } from '../../src/lib/domain/purchase-orders/schemas.ts';

/** The calendar date `days` from today (UTC), as the forms type it. */
export function isoDateIn(days: number): string {
	return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** One valid PO line as the editor sends it (due in 30 days); override any typed field. */
export function purchaseOrderLineForm(overrides: Partial<Record<keyof PoLineForm, unknown>> = {}): PoLineForm {
	return poLineFormSchema.parse({
		description: 'Solitaire ring, 18K yellow, 4-prong',
		sku: 'RG-1001',
		quantity: 12,
		size: '52',
		alloy: '18KY',
		targetWeight: '3.25',
		laborBasis: 'per_piece',
		laborUnitPrice: '45.00',
		metalBasis: 'consigned',
		dueDate: isoDateIn(30),
		...overrides
	});
}

/** A valid draft form for `vendorId`: two lines due in the future unless `lines` says otherwise. */
export function purchaseOrderDraftForm(
	vendorId: string,
	overrides: Partial<Omit<PoDraftForm, 'lines'>> & { lines?: PoLineForm[] } = {}
): PoDraftForm {
	return poDraftSchema.parse({
		vendorId,
		shipTo: 'Maison HQ, 12 Rue de la Paix, Paris',
		collection: 'Aurora',
		terms: 'Net 30 from acceptance',
		lines: [
			purchaseOrderLineForm(),
			purchaseOrderLineForm({ sku: 'ER-2002', description: 'Hoop earrings', quantity: 20, laborUnitPrice: '30.00', dueDate: isoDateIn(45) })
		],
		...overrides
	});
}

/** Creates a draft PO through the service; returns its id, number and the form it was made from. */
export async function createPurchaseOrderDraft(
	staff: Actor,
	vendorId: string,
	overrides: Parameters<typeof purchaseOrderDraftForm>[1] = {}
): Promise<{ poId: string; number: string; draft: PoDraftForm }> {
	const draft = purchaseOrderDraftForm(vendorId, overrides);
	// loaded on use, so suites that never make a PO do not load the PO service (and its PDF renderer)
	const { createPurchaseOrder } = await import('../../src/lib/server/purchase-orders/service.ts');
	const { poId, number } = await createPurchaseOrder(staff, draft);
	return { poId, number, draft };
}

// ——— custom orders ———
import { customOrderFormSchema, type CustomOrderForm } from '../../src/lib/domain/custom-orders/schemas.ts';

/** An active CAD designer workshop (custom orders can be given only to one). */
export async function createCadDesigner(by: Actor, overrides: Partial<Record<string, unknown>> = {}) {
	return createWorkshop(by, { types: ['cad_designer'], status: 'active', country: 'IT', city: 'Vicenza', currency: 'EUR', ...overrides });
}

/** A valid brief as the new-order form sends it (USD, 18K white, due in 60 days); override any field. */
export function customOrderForm(overrides: Partial<Record<keyof CustomOrderForm, unknown>> = {}): CustomOrderForm {
	return customOrderFormSchema.parse({
		title: 'Sapphire halo engagement ring',
		clientName: 'Eleanor Whitcombe',
		clientContact: 'eleanor@example.test, +1 212 555 0199',
		currency: 'USD',
		budget: '12500.00',
		alloy: '18KW',
		stones: '1 oval sapphire 8×6 mm, 22 round diamonds 1.3 mm',
		size: 'US 6',
		brief: 'A low-set halo with a split shank; the client likes vintage milgrain.',
		dueDate: isoDateIn(60),
		...overrides
	});
}

/** A binary STL of `triangles` facets (84 + 50 × n bytes); the header may start with "solid", as some exporters write it. */
export function binaryStl(triangles = 2, header = 'Bezel test model'): Uint8Array {
	const bytes = new Uint8Array(84 + 50 * triangles);
	bytes.set(new TextEncoder().encode(header.slice(0, 80)));
	const view = new DataView(bytes.buffer);
	view.setUint32(80, triangles, true);
	for (let i = 0; i < triangles; i++) view.setFloat32(84 + i * 50 + 12, i, true);
	return bytes;
}

/** A small text STL: solid, one facet, endsolid. */
export function asciiStl(): Uint8Array {
	return new TextEncoder().encode(
		'solid ring\n  facet normal 0 0 1\n    outer loop\n      vertex 0 0 0\n      vertex 1 0 0\n      vertex 0 1 0\n    endloop\n  endfacet\nendsolid ring\n'
	);
}

/** Bytes that open like a Rhino 3DM file. */
export function rhino3dm(): Uint8Array {
	const bytes = new Uint8Array(256);
	bytes.set(new TextEncoder().encode('3D Geometry File Format        6'));
	for (let i = 40; i < bytes.length; i++) bytes[i] = (i * 37) % 251;
	return bytes;
}

// ——— repairs ———
import type { RepairIntakeInput } from '../../src/lib/domain/repairs/schemas.ts';

/** An active repair workshop (repairs can be given only to one). */
export async function createRepairWorkshop(by: Actor, overrides: Partial<Record<string, unknown>> = {}) {
	return createWorkshop(by, {
		types: ['repair_jeweler'],
		status: 'active',
		country: 'US',
		city: 'New York',
		currency: 'USD',
		...overrides
	});
}

/** A valid intake as the form sends it: a 3.60 g ring with one stone, re-tipping, declared at 1,250.00; override any field. */
export function repairIntakeForm(overrides: Partial<RepairIntakeInput> = {}): RepairIntakeInput {
	return {
		customerName: 'Margaret Holloway',
		customerContact: 'margaret@example.test, +1 212 555 0142',
		orderReference: 'SHOP-10442',
		description: 'Yellow metal ring, 1 white stone',
		stamps: '750',
		intakeWeight: '3.60',
		intakeStoneCount: 1,
		conditionNotes: 'Prongs worn thin',
		declaredValue: '1250.00',
		requestedWork: ['re_tipping'],
		workNotes: '',
		promisedToCustomer: isoDateIn(21),
		...overrides
	};
}

/** Takes a repair in through the service; returns its id and number. */
export async function createRepairJob(
	staff: Actor,
	overrides: Partial<RepairIntakeInput> = {}
): Promise<{ repairId: string; number: string }> {
	// loaded on use, so suites that never take a repair in do not load the repairs service
	const { createRepair } = await import('../../src/lib/server/repairs/service.ts');
	return createRepair(staff, repairIntakeForm(overrides));
}
