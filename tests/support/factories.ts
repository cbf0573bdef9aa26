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

// ——— finance (issue 5: queue, approvals, payments) ———
import {
	vendorInvoice as financeVendorInvoice,
	vendorInvoiceLine as financeVendorInvoiceLine,
	storedFile as financeStoredFile
} from '../../src/lib/server/db/schema/index.ts';
import { deriveInvoiceStatus as financeDeriveStatus } from '../../src/lib/domain/invoices/status.ts';

/**
 * An invoice or credit note written straight to the table, as if submitted and matched already:
 * one freight charge line for its total, a stored PDF, the status derived from `matchStatus` and any
 * hold or approval given. Finance tests need documents in each state without the receiving chain.
 */
export async function createFinanceDocument(
	vendorId: string,
	overrides: {
		kind?: 'invoice' | 'credit_note';
		number?: string;
		currency?: string;
		totalMinor?: number;
		matchStatus?: 'pending' | 'matched' | 'exception' | 'warning_only';
		holdReason?: string | null;
		approved?: boolean;
		creditsInvoiceId?: string | null;
		findingText?: string;
		invoiceDate?: string;
		/** the POs it bills, as submission stores them */
		poNumbers?: string[];
	} = {}
): Promise<{ id: string; number: string; version: number }> {
	const kind = overrides.kind ?? 'invoice';
	const number = overrides.number ?? `${kind === 'invoice' ? 'INV' : 'CN'}-${unique()}`;
	const totalMinor = overrides.totalMinor ?? 100_000;
	const matchStatus = overrides.matchStatus ?? 'matched';
	const holdReason = overrides.holdReason ?? null;
	const approvedAt = overrides.approved ? new Date() : null;
	const invoiceDate = overrides.invoiceDate ?? new Date().toISOString().slice(0, 10);
	const findings =
		matchStatus === 'exception'
			? [
					{
						code: 'quantity_over_accepted',
						severity: 'hold' as const,
						poLineId: null,
						lineIds: [],
						text: overrides.findingText ?? '10 pcs invoiced, 8 accepted.',
						fix: 'Credit note for 2 pcs × 85.00'
					}
				]
			: [];
	return asSystem(async (tx) => {
		const [file] = await tx
			.insert(financeStoredFile)
			.values({
				vendorId,
				key: `vendors/${vendorId}/invoice-pdf/${randomUUID()}`,
				purpose: 'invoice-pdf',
				contentType: 'application/pdf',
				byteSize: 10,
				originalName: `${number}.pdf`,
				sha256: '0'.repeat(64)
			})
			.returning({ id: financeStoredFile.id });
		const [row] = await tx
			.insert(financeVendorInvoice)
			.values({
				vendorId,
				kind,
				number,
				numberKey: number.toUpperCase().replace(/[^A-Z0-9]/g, ''),
				invoiceYear: Number(invoiceDate.slice(0, 4)),
				invoiceDate,
				currency: overrides.currency ?? 'USD',
				creditsInvoiceId: overrides.creditsInvoiceId ?? null,
				purchaseOrderNumbers: overrides.poNumbers ?? [],
				pdfFileId: file.id,
				chargesMinor: totalMinor,
				totalMinor,
				matchStatus,
				findings,
				holdReason,
				heldAt: holdReason ? new Date() : null,
				approvedAt,
				status: financeDeriveStatus({ matchStatus, manuallyHeld: holdReason !== null, approved: approvedAt !== null, paymentStatus: null })
			})
			.returning({ id: financeVendorInvoice.id, version: financeVendorInvoice.version });
		await tx.insert(financeVendorInvoiceLine).values({
			invoiceId: row.id,
			vendorId,
			lineNo: 1,
			kind: 'charge',
			charge: 'freight',
			description: 'Freight',
			amountMinor: totalMinor
		});
		return { id: row.id, number, version: row.version };
	});
}

// ——— vendor invoices (invoice entry) ———
import { purchaseOrder as invoicingPurchaseOrder, purchaseOrderLine as invoicingPoLine } from '../../src/lib/server/db/schema/index.ts';

/** Receiving and QC totals to give a PO line directly (the receiving services are tested on their own). */
export interface ReceivedFacts {
	received?: number;
	accepted?: number;
	rework?: number;
	returned?: number;
	acceptedGrossWeightMg?: number | null;
	marketMetalPricePerGramMinor?: number | null;
}

/**
 * A PO sent to `vendorId` and in production, with receiving/QC totals set on its lines as given
 * (`facts[i]` for line i); returns its id, number and line ids in line order.
 */
export async function createInvoiceablePurchaseOrder(
	staff: Actor,
	vendorId: string,
	options: {
		draft?: Parameters<typeof purchaseOrderDraftForm>[1];
		facts?: ReceivedFacts[];
		agreedChargesMinor?: Record<string, number>;
	} = {}
): Promise<{ poId: string; number: string; lineIds: string[] }> {
	const { sendPurchaseOrder } = await import('../../src/lib/server/purchase-orders/service.ts');
	const { poId, number } = await createPurchaseOrderDraft(staff, vendorId, options.draft ?? {});
	await sendPurchaseOrder(staff, poId, { version: 1 });
	const lineIds = await asSystem(async (tx) => {
		await tx
			.update(invoicingPurchaseOrder)
			.set({ status: 'in_production', agreedChargesMinor: options.agreedChargesMinor ?? {} })
			.where(eq(invoicingPurchaseOrder.id, poId));
		const lines = await tx
			.select({ id: invoicingPoLine.id })
			.from(invoicingPoLine)
			.where(eq(invoicingPoLine.purchaseOrderId, poId))
			.orderBy(asc(invoicingPoLine.lineNo));
		for (const [i, facts] of (options.facts ?? []).entries()) {
			if (!lines[i]) continue;
			await tx
				.update(invoicingPoLine)
				.set({
					receivedQuantity: facts.received ?? facts.accepted ?? 0,
					acceptedQuantity: facts.accepted ?? 0,
					reworkQuantity: facts.rework ?? 0,
					returnedQuantity: facts.returned ?? 0,
					acceptedGrossWeightMg: facts.acceptedGrossWeightMg ?? null,
					marketMetalPricePerGramMinor: facts.marketMetalPricePerGramMinor ?? null
				})
				.where(eq(invoicingPoLine.id, lines[i].id));
		}
		return lines.map((l) => l.id);
	});
	return { poId, number, lineIds };
}

/** A minimal, well-formed PDF whose trailer names an /Encrypt dictionary (pdf-lib cannot encrypt). */
export function encryptedPdf(): Uint8Array {
	const objects = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
		'<< /Filter /Standard /V 1 /R 2 /O (0123456789abcdef0123456789abcdef) /U (0123456789abcdef0123456789abcdef) /P -4 >>'
	];
	let body = '%PDF-1.4\n';
	const offsets: number[] = [];
	objects.forEach((object, i) => {
		offsets.push(body.length);
		body += `${i + 1} 0 obj\n${object}\nendobj\n`;
	});
	const xref = body.length;
	body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
	for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
	body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Encrypt 4 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] >>\nstartxref\n${xref}\n%%EOF\n`;
	return new TextEncoder().encode(body);
}

// ——— quality control (issue 5: inspections, defects, debit notes) ———
import {
	purchaseOrderLine as qualityPoLine,
	productionJob as qualityJob,
	qcInspection as qualityInspection,
	receipt as qualityReceipt,
	receiptLine as qualityReceiptLine
} from '../../src/lib/server/db/schema/index.ts';

/**
 * A PO sent to and acknowledged by `vendorAdmin`'s workshop (so its job bags exist), one receipt of
 * `quantity` pieces of its first line written straight to the tables, and the PENDING inspection the
 * receiving service would open for it. Options: the line form (prices, metal), `jobBags`, the lot.
 */
export async function createPendingInspection(
	staff: Actor,
	vendorAdmin: VendorActor,
	options: { quantity?: number; line?: Partial<Record<keyof PoLineForm, unknown>>; acknowledge?: boolean } = {}
): Promise<{
	inspectionId: string;
	poId: string;
	poNumber: string;
	poLineId: string;
	receiptId: string;
	receiptNumber: string;
	jobIds: string[];
}> {
	const quantity = options.quantity ?? 10;
	const draft = await createPurchaseOrderDraft(staff, vendorAdmin.vendorId, {
		lines: [purchaseOrderLineForm({ quantity: Math.max(quantity, 1), ...options.line })]
	});
	const { sendPurchaseOrder, acknowledgePurchaseOrder } = await import('../../src/lib/server/purchase-orders/service.ts');
	const { planSample } = await import('../../src/lib/domain/quality/aql.ts');
	await sendPurchaseOrder(staff, draft.poId, { version: 1 });
	const [line] = await asSystem((tx) =>
		tx.select().from(qualityPoLine).where(eq(qualityPoLine.purchaseOrderId, draft.poId)).orderBy(asc(qualityPoLine.lineNo))
	);
	if (options.acknowledge !== false) {
		await acknowledgePurchaseOrder(vendorAdmin, draft.poId, {
			revision: 1,
			lines: [{ lineId: line.id, answer: 'acknowledge' as const, promisedDate: isoDateIn(20) }]
		});
	}
	return asSystem(async (tx) => {
		const receiptNumber = `RC-T-${unique()}`;
		const [rc] = await tx
			.insert(qualityReceipt)
			.values({ number: receiptNumber, vendorId: vendorAdmin.vendorId, purchaseOrderId: draft.poId, receivedOn: isoDateIn(0) })
			.returning({ id: qualityReceipt.id });
		const [rl] = await tx
			.insert(qualityReceiptLine)
			.values({ receiptId: rc.id, vendorId: vendorAdmin.vendorId, purchaseOrderLineId: line.id, quantity })
			.returning({ id: qualityReceiptLine.id });
		const [inspection] = await tx
			.insert(qualityInspection)
			.values({
				receiptLineId: rl.id,
				receiptId: rc.id,
				vendorId: vendorAdmin.vendorId,
				purchaseOrderLineId: line.id,
				lotSize: quantity,
				sampleSize: planSample(quantity).sampleSize
			})
			.returning({ id: qualityInspection.id });
		const jobs = await tx
			.select({ id: qualityJob.id })
			.from(qualityJob)
			.where(eq(qualityJob.lineId, line.id))
			.orderBy(asc(qualityJob.number));
		return {
			inspectionId: inspection.id,
			poId: draft.poId,
			poNumber: draft.number,
			poLineId: line.id,
			receiptId: rc.id,
			receiptNumber,
			jobIds: jobs.map((j) => j.id)
		};
	});
}

/** Every checklist item answered `pass` (what completing an inspection needs). */
export function passedChecklist(): Record<string, string> {
	return Object.fromEntries(
		[
			'porosity',
			'casting_flash',
			'finish',
			'stone_security',
			'solder_joints',
			'clasps_posts',
			'dimensions',
			'weight',
			'stamps',
			'plating'
		].map((c) => [c, 'pass'])
	);
}

// ——— reconciliation (issue 5: tolerances, agreed charges, reconciliation, liability) ———
import {
	payment as reconPayment,
	storedFile as reconStoredFile,
	vendorInvoice as reconInvoice,
	vendorInvoiceLine as reconInvoiceLine
} from '../../src/lib/server/db/schema/index.ts';

/**
 * An invoice or credit note with goods lines on PO lines (and optional charge lines), written straight
 * to the tables in the given status, as matching and finance would have left it. `status: 'paid'` also
 * writes the paid payment it is on. Amounts are as printed (quantity × unit price unless given).
 */
export async function createReconciliationDocument(
	vendorId: string,
	options: {
		kind?: 'invoice' | 'credit_note';
		currency?: string;
		status?: 'submitted' | 'matched' | 'exception' | 'on_hold' | 'approved' | 'scheduled' | 'paid';
		purchaseOrderId?: string | null;
		creditsInvoiceId?: string | null;
		goods?: { poLineId: string; quantity: number; unitPriceMinor: number; amountMinor?: number }[];
		charges?: { charge: 'freight' | 'insurance' | 'certificates' | 'other'; amountMinor: number }[];
		/** exception findings: `qc_pending` only means the brand's QC is what it waits for */
		findingCode?: string;
		paidOn?: string;
	} = {}
): Promise<{ id: string; number: string; totalMinor: number }> {
	const kind = options.kind ?? 'invoice';
	const status = options.status ?? 'matched';
	const currency = options.currency ?? 'THB';
	const number = `${kind === 'invoice' ? 'RI' : 'RC'}-${unique()}`;
	const goods = (options.goods ?? []).map((g) => ({ ...g, amountMinor: g.amountMinor ?? g.quantity * g.unitPriceMinor }));
	const charges = options.charges ?? [];
	const goodsMinor = goods.reduce((sum, g) => sum + g.amountMinor, 0);
	const chargesMinor = charges.reduce((sum, c) => sum + c.amountMinor, 0);
	const totalMinor = goodsMinor + chargesMinor;
	const today = new Date().toISOString().slice(0, 10);
	const matchStatus = status === 'submitted' ? 'pending' : status === 'exception' ? 'exception' : 'matched';
	const findings =
		status === 'exception'
			? [
					{
						code: options.findingCode ?? 'quantity_over_accepted',
						severity: 'hold' as const,
						poLineId: null,
						lineIds: [],
						text: 'Held.',
						fix: null
					}
				]
			: [];
	return asSystem(async (tx) => {
		const [file] = await tx
			.insert(reconStoredFile)
			.values({
				vendorId,
				key: `vendors/${vendorId}/invoice-pdf/${randomUUID()}`,
				purpose: 'invoice-pdf',
				contentType: 'application/pdf',
				byteSize: 10,
				originalName: `${number}.pdf`,
				sha256: '0'.repeat(64)
			})
			.returning({ id: reconStoredFile.id });
		let paymentId: string | null = null;
		if (status === 'paid' || status === 'scheduled') {
			const [pay] = await tx
				.insert(reconPayment)
				.values({
					number: `PAY-T-${unique()}`,
					vendorId,
					status: status === 'paid' ? 'paid' : 'scheduled',
					currency,
					amountMinor: kind === 'credit_note' ? 0 : totalMinor,
					method: 'wire',
					scheduledOn: today,
					paidOn: status === 'paid' ? (options.paidOn ?? today) : null
				})
				.returning({ id: reconPayment.id });
			paymentId = pay.id;
		}
		const [row] = await tx
			.insert(reconInvoice)
			.values({
				vendorId,
				kind,
				number,
				numberKey: number.toUpperCase().replace(/[^A-Z0-9]/g, ''),
				invoiceYear: Number(today.slice(0, 4)),
				invoiceDate: today,
				currency,
				creditsInvoiceId: options.creditsInvoiceId ?? null,
				purchaseOrderId: options.purchaseOrderId ?? null,
				pdfFileId: file.id,
				goodsMinor,
				chargesMinor,
				totalMinor,
				status,
				matchStatus,
				findings,
				holdReason: status === 'on_hold' ? 'Checking with ops' : null,
				approvedAt: ['approved', 'scheduled', 'paid'].includes(status) ? new Date() : null,
				paymentId
			})
			.returning({ id: reconInvoice.id });
		let lineNo = 0;
		for (const g of goods) {
			await tx.insert(reconInvoiceLine).values({
				invoiceId: row.id,
				vendorId,
				lineNo: ++lineNo,
				kind: 'goods',
				purchaseOrderLineId: g.poLineId,
				quantity: g.quantity,
				unitPriceMinor: g.unitPriceMinor,
				amountMinor: g.amountMinor
			});
		}
		for (const c of charges) {
			await tx
				.insert(reconInvoiceLine)
				.values({ invoiceId: row.id, vendorId, lineNo: ++lineNo, kind: 'charge', charge: c.charge, amountMinor: c.amountMinor });
		}
		return { id: row.id, number, totalMinor };
	});
}
