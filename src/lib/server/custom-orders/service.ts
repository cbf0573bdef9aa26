/**
 * Custom orders, for both sides. Ops write the brief, assign a CAD designer workshop, answer each
 * design version (recording the client's decision), make the production PO(s) from the approved
 * design, track the client's payments, complete or cancel. The designer reads the brief — never the
 * client's name, contact or budget (the column grants leave them out) — and uploads versions.
 * Every transition is asked of the state machine in `#lib/domain/custom-orders/status.ts` first.
 */
import { isUuid } from '#lib/domain/ids.ts';
import { takeNextDocumentNumber } from '#lib/server/db/counters.ts';
import { selectWorkshopSummary } from '#lib/server/vendors/queries.ts';
import { and, eq, ne, sql } from 'drizzle-orm';
import { formatMoney } from '#lib/domain/money.ts';
import {
	clientDecisionChannelLabels,
	customerPaymentKindLabels,
	formatCustomOrderNumber,
	MAX_INSPIRATION_IMAGES
} from '#lib/domain/custom-orders/reference.ts';
import { summarizePayments, type PaymentSummary } from '#lib/domain/custom-orders/payments.ts';
import { productionDraft } from '#lib/domain/custom-orders/production.ts';
import {
	parseAmount,
	type AssignDesignerInput,
	type CustomOrderForm,
	type DesignVersionInput,
	type ProductionOrderInput,
	type RecordPaymentInput,
	type SchedulePaymentInput,
	type VersionDecisionInput
} from '#lib/domain/custom-orders/schemas.ts';
import {
	allowedCustomOrderEvents,
	customOrderStatusLabels,
	effectiveVersionStatus,
	isDesignLocked,
	nextCustomOrderStatus,
	waitingOn,
	waitingVersion,
	type CustomOrderEvent,
	type CustomOrderSide,
	type CustomOrderStatus,
	type DesignVersionStatus
} from '#lib/domain/custom-orders/status.ts';
import { todayIso } from '#lib/domain/purchase-orders/schemas.ts';
import { findAlloy } from '#lib/domain/purchase-orders/alloys.ts';
import { formatDate } from '#lib/format/dates.ts';
import { changedFields, recordAudit } from '#lib/server/audit/audit.ts';
import { requireStaff, requireVendor, withActor, type Actor, type StaffActor, type VendorActor } from '#lib/server/auth/actor.ts';
import {
	customOrder,
	customOrderInspiration,
	customOrderPayment,
	customOrderPurchaseOrder,
	designFile,
	designVersion,
	storedFile
} from '#lib/server/db/schema/index.ts';
import type { Tx } from '#lib/server/db/scope.ts';
import { AppError, conflict, invalid, notFound } from '#lib/server/errors.ts';
import { recordStagedFile, type StagedFile } from '#lib/server/files/service.ts';
import { withStagedFiles, type StageUpload } from '#lib/server/files/staged-photos.ts';
import { enqueueBrandMail, enqueueWorkshopMail } from '#lib/server/mail/outbox.ts';
import { getPlatform } from '#lib/server/platform.ts';
import type { ProcessedPhoto } from '#lib/server/production/photos.ts';
import { createPurchaseOrderInTx } from '#lib/server/purchase-orders/service.ts';
import { selectBrandSettings } from '#lib/server/settings/queries.ts';
import type { ProcessedDesignFile } from './files.ts';
import {
	countInspiration,
	insertVersionIfFree,
	lockDesignLoop,
	selectAssigner,
	selectCustomOrder,
	selectDesignerOrder,
	selectDesignFiles,
	selectDesigners,
	selectHighestVersionNo,
	selectInspiration,
	selectLinkedPurchaseOrders,
	selectOrderHistory,
	selectPayments,
	selectProductionWorkshops,
	selectVersions,
	shareInspiration,
	type CustomOrderRow,
	type DesignerOrderRow,
	type DesignFileRow,
	type PaymentRow,
	type VersionRow
} from './queries.ts';

const THE_ORDER = 'That custom order';
const editors = ['admin', 'ops'] as const;
/** finance records the client's payments too */
const cashiers = ['admin', 'ops', 'finance'] as const;
/** the most versions one order can have: past this something is wrong, not a design loop */
const MAX_VERSIONS = 500;

const orderLink = (orderId: string, side: CustomOrderSide, anchor = '') =>
	`${getPlatform().origin}${side === 'designer' ? '/workshop/designs' : '/custom-orders'}/${orderId}${anchor}`;

// ---------------------------------------------------------------- loading and refusing

async function loadOrder(tx: Tx, orderId: string, options: { lock?: boolean } = {}): Promise<CustomOrderRow> {
	if (!isUuid(orderId)) throw notFound(THE_ORDER);
	const order = await selectCustomOrder(tx, orderId, options);
	if (!order) throw notFound(THE_ORDER);
	return order;
}

/** The order as the designer may see it: assigned to their workshop, or NotFound (RLS hides it as well). */
async function loadDesignerOrder(tx: Tx, actor: VendorActor, orderId: string): Promise<DesignerOrderRow> {
	if (!isUuid(orderId)) throw notFound(THE_ORDER);
	const order = await selectDesignerOrder(tx, orderId, actor.vendorId);
	if (!order) throw notFound(THE_ORDER);
	return order;
}

const stateSentences: Partial<Record<CustomOrderStatus, string>> = {
	brief: 'it has no designer yet',
	approved: 'its design is approved and locked',
	in_production: 'it is in production, so its design is locked',
	completed: 'it is completed',
	cancelled: 'it was cancelled'
};

/** Refuses an event the state machine does not allow, in words. */
function transition(
	order: { number: string; status: CustomOrderStatus },
	event: CustomOrderEvent,
	side: CustomOrderSide
): CustomOrderStatus {
	const next = nextCustomOrderStatus(order.status, event, side);
	if (next) return next;
	const why = stateSentences[order.status] ?? `it is ${customOrderStatusLabels[order.status].toLowerCase()}`;
	throw conflict(`${order.number} cannot take that now: ${why}.`);
}

function requireVersion(order: CustomOrderRow, version: number) {
	if (version !== 0 && version !== order.version) {
		throw conflict(
			`${order.number} was changed by someone else since you opened it. Reload the page to see the newer version, then try again.`
		);
	}
}

function refuseField(field: string, text: string): never {
	throw invalid(text, { [field]: text });
}

function pastDateRefusal(field: string, label: string): never {
	refuseField(field, `${label} cannot be in the future.`);
}

// ---------------------------------------------------------------- the brief

function briefColumns(form: CustomOrderForm) {
	return {
		title: form.title,
		clientName: form.clientName,
		clientContact: form.clientContact,
		currency: form.currency,
		alloy: findAlloy(form.alloy)?.code ?? form.alloy,
		stones: form.stones,
		size: form.size,
		brief: form.brief,
		dueDate: form.dueDate || null
	};
}

function parseBudget(form: CustomOrderForm): number | null {
	const budget = parseAmount(form.budget, form.currency, { required: false, field: 'budget' });
	if (!budget.ok) throw invalid('The budget needs attention: see the message beside it.', budget.fields);
	return budget.minor;
}

async function stageInspiration(stage: StageUpload, images: ProcessedPhoto[]): Promise<StagedFile[]> {
	const staged: StagedFile[] = [];
	// brand-made files: no workshop until a designer is assigned (then the rows get its id)
	for (const image of images) staged.push(await stage(null, 'custom-order-inspiration', image.photo));
	return staged;
}

async function recordInspiration(tx: Tx, actor: StaffActor, orderId: string, designerId: string | null, staged: StagedFile[]) {
	for (const file of staged) {
		const fileId = await recordStagedFile(tx, { ...file, vendorId: designerId }, actor.userId);
		await tx.insert(customOrderInspiration).values({ customOrderId: orderId, fileId, caption: '' });
	}
}

export async function createCustomOrder(
	actor: Actor,
	form: CustomOrderForm,
	images: ProcessedPhoto[] = []
): Promise<{ orderId: string; number: string }> {
	requireStaff(actor, editors);
	if (form.dueDate && form.dueDate < todayIso()) throw invalid('The due date is in the past.', { dueDate: 'The due date is in the past.' });
	if (images.length > MAX_INSPIRATION_IMAGES) {
		throw invalid(`A brief holds at most ${MAX_INSPIRATION_IMAGES} images.`, {
			images: `Choose at most ${MAX_INSPIRATION_IMAGES} images.`
		});
	}
	const budgetMinor = parseBudget(form);
	return withStagedFiles(async (stage) => {
		const staged = await stageInspiration(stage, images);
		return withActor(actor, async (tx) => {
			const year = new Date().getUTCFullYear();
			const number = formatCustomOrderNumber(year, await takeNextDocumentNumber(tx, 'custom_order', year));
			const [order] = await tx
				.insert(customOrder)
				.values({ ...briefColumns(form), number, budgetMinor, createdBy: actor.userId })
				.returning({ id: customOrder.id });
			await recordInspiration(tx, actor, order.id, null, staged);
			await recordAudit(tx, actor, {
				entityType: 'custom_order',
				entityId: order.id,
				action: 'custom_order.created',
				summary: `${actor.name} wrote the brief ${number}: ${form.title}${images.length ? ` (${images.length} image${images.length === 1 ? '' : 's'})` : ''}`
			});
			return { orderId: order.id, number };
		});
	});
}

const lockedFields = ['alloy', 'stones', 'size', 'brief'] as const;

/** Corrects the brief. Once a version is approved the design fields stay as approved. */
export async function updateCustomOrder(actor: Actor, orderId: string, form: CustomOrderForm): Promise<void> {
	requireStaff(actor, editors);
	const budgetMinor = parseBudget(form);
	await withActor(actor, async (tx) => {
		const order = await loadOrder(tx, orderId, { lock: true });
		transition(order, 'edit', 'brand');
		requireVersion(order, form.version);
		const next = { ...briefColumns(form), budgetMinor };
		if (isDesignLocked(order.status)) {
			const touched = lockedFields.filter((field) => next[field] !== order[field]);
			if (touched.length > 0) {
				const text = 'The design is approved: the metal, stones, size and brief stay as approved.';
				throw invalid(`${text} Cancel the order and write a new brief to change them.`, Object.fromEntries(touched.map((f) => [f, text])));
			}
		}
		if (next.currency !== order.currency) {
			const [payment] = await tx
				.select({ id: customOrderPayment.id })
				.from(customOrderPayment)
				.where(eq(customOrderPayment.customOrderId, order.id))
				.limit(1);
			if (payment) {
				const text = `Payments are recorded in ${order.currency}: the currency stays while the order has payments.`;
				throw invalid(text, { currency: text });
			}
		}
		if (next.dueDate && next.dueDate !== order.dueDate && next.dueDate < todayIso()) {
			throw invalid('The due date is in the past.', { dueDate: 'The due date is in the past.' });
		}
		const diff = changedFields(order as Record<string, unknown>, next);
		if (!diff) return;
		await tx
			.update(customOrder)
			.set({ ...next, version: order.version + 1, updatedAt: sql`now()` })
			.where(eq(customOrder.id, order.id));
		await recordAudit(tx, actor, {
			entityType: 'custom_order',
			entityId: order.id,
			action: 'custom_order.updated',
			summary: `${actor.name} edited the brief of ${order.number}`,
			...diff
		});
	});
}

export async function addInspirationImages(actor: Actor, orderId: string, images: ProcessedPhoto[]): Promise<void> {
	requireStaff(actor, editors);
	if (images.length === 0) throw invalid('Choose at least one image.', { images: 'Choose at least one image.' });
	await withStagedFiles(async (stage) => {
		const staged = await stageInspiration(stage, images);
		await withActor(actor, async (tx) => {
			const order = await loadOrder(tx, orderId, { lock: true });
			transition(order, 'add_images', 'brand');
			const count = await countInspiration(tx, order.id);
			if (count + images.length > MAX_INSPIRATION_IMAGES) {
				const text = `A brief holds at most ${MAX_INSPIRATION_IMAGES} images; this one has ${count}. Remove some first.`;
				throw invalid(text, { images: text });
			}
			await recordInspiration(tx, actor, order.id, order.vendorId, staged);
			await recordAudit(tx, actor, {
				vendorId: order.vendorId,
				entityType: 'custom_order',
				entityId: order.id,
				action: 'custom_order.images_added',
				summary: `${actor.name} added ${images.length} inspiration image${images.length === 1 ? '' : 's'} to ${order.number}`
			});
		});
	});
}

export async function removeInspirationImage(actor: Actor, orderId: string, imageId: string): Promise<void> {
	requireStaff(actor, editors);
	await withActor(actor, async (tx) => {
		const order = await loadOrder(tx, orderId, { lock: true });
		if (!isUuid(imageId)) throw notFound('That image');
		transition(order, 'add_images', 'brand');
		const [removed] = await tx
			.delete(customOrderInspiration)
			.where(and(eq(customOrderInspiration.id, imageId), eq(customOrderInspiration.customOrderId, order.id)))
			.returning({ fileId: customOrderInspiration.fileId });
		if (!removed) throw notFound('That image');
		// the designer no longer opens it either
		await tx.update(storedFile).set({ vendorId: null }).where(eq(storedFile.id, removed.fileId));
		await recordAudit(tx, actor, {
			vendorId: order.vendorId,
			entityType: 'custom_order',
			entityId: order.id,
			action: 'custom_order.image_removed',
			summary: `${actor.name} removed an inspiration image from ${order.number}`
		});
	});
}

// ---------------------------------------------------------------- the design loop

/** Marks "submitted" versions that no longer wait (an older one, another designer's) as superseded. */
async function settleWaitingVersions(tx: Tx, orderId: string, keep: string | null): Promise<void> {
	await tx
		.update(designVersion)
		.set({ status: 'superseded' })
		.where(
			and(eq(designVersion.customOrderId, orderId), eq(designVersion.status, 'submitted'), keep ? ne(designVersion.id, keep) : undefined)
		);
}

async function mailWorkshop(
	tx: Tx,
	vendorId: string,
	mail: { topic: string; subject: string; paragraphs: string[]; href: string; label: string }
) {
	const { href, label, ...content } = mail;
	await enqueueWorkshopMail(tx, vendorId, { ...content, action: { label, href } });
}

/** What the designer reads about the piece: never the client. */
function pieceParagraph(order: Pick<CustomOrderRow, 'title' | 'alloy' | 'stones' | 'size' | 'dueDate'>): string {
	const facts = [
		findAlloy(order.alloy)?.label ?? order.alloy,
		order.stones ? `stones: ${order.stones}` : '',
		order.size ? `size ${order.size}` : '',
		order.dueDate ? `due ${formatDate(order.dueDate)}` : ''
	].filter(Boolean);
	return `${order.title} — ${facts.join('; ')}.`;
}

export async function assignDesigner(actor: Actor, orderId: string, input: AssignDesignerInput): Promise<{ designerName: string }> {
	requireStaff(actor, editors);
	return withActor(actor, async (tx) => {
		await lockDesignLoop(tx, orderId);
		const order = await loadOrder(tx, orderId, { lock: true });
		const next = transition(order, 'assign_designer', 'brand');
		requireVersion(order, input.version);
		const designer = isUuid(input.vendorId) ? await selectWorkshopSummary(tx, input.vendorId) : undefined;
		if (!designer) refuseField('vendorId', 'Choose a CAD designer from the list.');
		if (!designer.types.includes('cad_designer')) {
			refuseField(
				'vendorId',
				`${designer.name} is not a CAD designer. Choose a workshop whose work includes CAD design, or add CAD design to its profile.`
			);
		}
		if (designer.status !== 'active') {
			const state = designer.status === 'on_hold' ? 'on hold' : designer.status === 'inactive' ? 'inactive' : 'still onboarding';
			refuseField('vendorId', `${designer.name} is ${state}. Set the workshop active before giving it a design.`);
		}
		if (order.vendorId === designer.id) throw conflict(`${designer.name} is already the designer of ${order.number}.`);
		const previous = order.vendorId ? await selectWorkshopSummary(tx, order.vendorId) : undefined;
		// the previous designer's waiting version is no longer the one to answer
		await settleWaitingVersions(tx, order.id, null);
		await tx
			.update(customOrder)
			.set({ vendorId: designer.id, status: next, version: order.version + 1, updatedAt: sql`now()` })
			.where(eq(customOrder.id, order.id));
		await shareInspiration(tx, order.id, designer.id);
		if (previous) {
			await recordAudit(tx, actor, {
				vendorId: previous.id,
				entityType: 'custom_order',
				entityId: order.id,
				action: 'custom_order.designer_unassigned',
				summary: `${actor.name} took ${order.number} from ${previous.name}`
			});
		}
		// tagged with the designer's workshop: its uploads are mailed to whoever assigned it (selectAssigner)
		await recordAudit(tx, actor, {
			vendorId: designer.id,
			entityType: 'custom_order',
			entityId: order.id,
			action: 'custom_order.designer_assigned',
			summary: `${actor.name} assigned ${order.number} to ${designer.name}`,
			before: { designer: previous?.name ?? null },
			after: { designer: designer.name }
		});
		await mailWorkshop(tx, designer.id, {
			topic: 'custom-order-assigned',
			subject: `${order.number}: a design brief for you — ${order.title}`,
			paragraphs: [
				`The brand asks your workshop to design a custom piece, ${order.number}.`,
				pieceParagraph(order),
				'Read the brief and the inspiration images, then upload your first version (renders, PDFs, STL or 3DM files) in Bezel.'
			],
			href: orderLink(order.id, 'designer'),
			label: `Open ${order.number}`
		});
		return { designerName: designer.name };
	});
}

/**
 * The designer uploads a version: a note and files (already checked by `processDesignFiles`). The
 * version before it, if it was still waiting, is superseded by this one.
 */
export async function submitDesignVersion(
	actor: Actor,
	orderId: string,
	input: DesignVersionInput,
	files: ProcessedDesignFile[]
): Promise<{ versionId: string; versionNo: number }> {
	requireVendor(actor);
	if (!isUuid(orderId)) throw notFound(THE_ORDER);
	if (files.length === 0) throw invalid('Add at least one file: a render, a PDF or a CAD file.', { files: 'Add at least one file.' });
	// the order must be theirs before anything is written to storage
	await withActor(actor, (tx) => loadDesignerOrder(tx, actor, orderId));
	return withStagedFiles(async (stage) => {
		const staged: { design: ProcessedDesignFile; file: StagedFile; thumbnail: StagedFile | null }[] = [];
		for (const design of files) {
			const purpose = design.kind === 'render' ? 'design-render' : design.kind === 'document' ? 'design-document' : 'design-cad';
			const file = await stage(actor.vendorId, purpose, design.file);
			const thumbnail = design.thumbnail ? await stage(actor.vendorId, 'design-render-thumbnail', design.thumbnail) : null;
			staged.push({ design, file, thumbnail });
		}
		return withActor(actor, async (tx) => {
			await lockDesignLoop(tx, orderId);
			const order = await loadDesignerOrder(tx, actor, orderId);
			transition(order, 'submit_version', 'designer');
			// numbers run on across designers: a number taken by a version this workshop cannot see is skipped
			const insert = (versionNo: number) =>
				insertVersionIfFree(tx, {
					customOrderId: order.id,
					vendorId: actor.vendorId,
					versionNo,
					note: input.note,
					createdByName: actor.name
				});
			let versionNo = (await selectHighestVersionNo(tx, order.id)) + 1;
			let versionId = await insert(versionNo);
			while (!versionId && versionNo < MAX_VERSIONS) versionId = await insert(++versionNo);
			if (!versionId) throw conflict(`${order.number} has too many versions. Ask the brand to look at it.`);
			for (const { design, file, thumbnail } of staged) {
				const fileId = await recordStagedFile(tx, file, actor.userId);
				const thumbnailFileId = thumbnail ? await recordStagedFile(tx, thumbnail, actor.userId) : null;
				await tx.insert(designFile).values({ versionId, vendorId: actor.vendorId, kind: design.kind, fileId, thumbnailFileId });
			}
			const counts = countKinds(files);
			await recordAudit(tx, actor, {
				vendorId: actor.vendorId,
				entityType: 'custom_order',
				entityId: order.id,
				action: 'custom_order.version_submitted',
				summary: `${actor.name} (${actor.vendorName}) uploaded version ${versionNo} of ${order.number}: ${counts}`
			});
			await enqueueBrandMail(tx, await selectAssigner(tx, order.id, actor.vendorId), {
				topic: 'custom-order-version',
				subject: `${order.number}: version ${versionNo} from ${actor.vendorName}`,
				paragraphs: [
					`${actor.name} of ${actor.vendorName} uploaded version ${versionNo} of ${order.number} (${order.title}): ${counts}.`,
					...(input.note ? [`Their note: “${input.note}”`] : []),
					'Show it to the client, then approve it or ask for changes in Bezel.'
				],
				action: { label: `Open ${order.number}`, href: orderLink(order.id, 'brand', '#versions') }
			});
			return { versionId, versionNo };
		});
	});
}

function countKinds(files: ProcessedDesignFile[]): string {
	const count = (kind: ProcessedDesignFile['kind']) => files.filter((f) => f.kind === kind).length;
	const parts = [
		[count('render'), 'render'],
		[count('document'), 'PDF'],
		[count('cad'), 'CAD file']
	] as const;
	return parts
		.filter(([n]) => n > 0)
		.map(([n, word]) => `${n} ${word}${n === 1 ? '' : 's'}`)
		.join(', ');
}

/**
 * The brand's answer to the waiting version: approved (the client's decision recorded; the design is
 * locked) or changes requested with a comment for the designer.
 */
export async function decideDesignVersion(actor: Actor, orderId: string, input: VersionDecisionInput): Promise<{ versionNo: number }> {
	requireStaff(actor, editors);
	return withActor(actor, async (tx) => {
		await lockDesignLoop(tx, orderId);
		const order = await loadOrder(tx, orderId, { lock: true });
		const versions = await selectVersions(tx, order.id, { forBrand: true });
		const target = isUuid(input.versionId) ? versions.find((v) => v.id === input.versionId) : undefined;
		if (!target) throw notFound('That design version');
		const next = transition(order, input.decision === 'approve' ? 'approve_version' : 'request_changes', 'brand');
		const waiting = waitingVersion(versions, order.vendorId);
		if (!waiting || waiting.id !== target.id) {
			const state = effectiveVersionStatus(target, versions, order.vendorId);
			throw conflict(
				state === 'superseded'
					? `Version ${target.versionNo} was replaced${waiting ? ` by version ${waiting.versionNo}` : ''}: answer the newest version.`
					: `Version ${target.versionNo} has already been answered.`
			);
		}
		const today = todayIso();
		if (input.decidedOn && input.decidedOn > today) pastDateRefusal('decidedOn', 'The day the client decided');
		const channel = input.channel ? clientDecisionChannelLabels[input.channel] : '';
		const clientDecision =
			input.decision === 'approve'
				? `The client approved it ${channel} on ${formatDate(input.decidedOn)}.`
				: channel
					? `The client asked for changes ${channel}${input.decidedOn ? ` on ${formatDate(input.decidedOn)}` : ''}.`
					: null;
		const status: DesignVersionStatus = input.decision === 'approve' ? 'approved' : 'changes_requested';
		await tx
			.update(designVersion)
			.set({ status, comment: input.comment || null, clientDecision, decidedByName: actor.name, decidedAt: sql`now()` })
			.where(eq(designVersion.id, target.id));
		await settleWaitingVersions(tx, order.id, target.id);
		await tx
			.update(customOrder)
			.set({
				status: next,
				version: order.version + 1,
				updatedAt: sql`now()`,
				...(input.decision === 'approve' ? { approvedVersionId: target.id, approvedAt: sql`now()` } : {})
			})
			.where(eq(customOrder.id, order.id));
		await recordAudit(tx, actor, {
			vendorId: target.vendorId,
			entityType: 'custom_order',
			entityId: order.id,
			action: input.decision === 'approve' ? 'custom_order.version_approved' : 'custom_order.changes_requested',
			summary:
				input.decision === 'approve'
					? `${actor.name} approved version ${target.versionNo} of ${order.number}; the design is locked`
					: `${actor.name} asked for changes on version ${target.versionNo} of ${order.number}`
		});
		const comment = input.comment ? [`The brand’s comment: “${input.comment}”`] : [];
		await mailWorkshop(tx, target.vendorId, {
			topic: input.decision === 'approve' ? 'custom-order-approved' : 'custom-order-changes',
			subject:
				input.decision === 'approve'
					? `${order.number}: version ${target.versionNo} approved`
					: `${order.number}: changes asked on version ${target.versionNo}`,
			paragraphs:
				input.decision === 'approve'
					? [
							`Version ${target.versionNo} of ${order.number} (${order.title}) is approved. The design is now locked: no further versions are needed.`,
							...comment
						]
					: [
							`The brand asks for changes on version ${target.versionNo} of ${order.number} (${order.title}).`,
							...comment,
							'Upload a new version in Bezel when it is ready.'
						],
			href: orderLink(order.id, 'designer'),
			label: `Open ${order.number}`
		});
		return { versionNo: target.versionNo };
	});
}

// ---------------------------------------------------------------- production

/** Maps the PO service's field names (its one line) onto the production form's. */
const productionFields: Record<string, string> = {
	vendorId: 'vendorId',
	shipTo: 'shipTo',
	'lines[0].laborUnitPrice': 'laborPrice',
	'lines[0].dueDate': 'dueDate',
	'lines[0].quantity': 'quantity'
};

/** Drafts a production PO from the approved design and links it to the order, in one transaction. */
export async function createProductionOrder(
	actor: Actor,
	orderId: string,
	input: ProductionOrderInput
): Promise<{ poId: string; number: string }> {
	requireStaff(actor, editors);
	return withActor(actor, async (tx) => {
		const order = await loadOrder(tx, orderId, { lock: true });
		const next = transition(order, 'order_production', 'brand');
		const [approved] = order.approvedVersionId
			? await tx.select({ versionNo: designVersion.versionNo }).from(designVersion).where(eq(designVersion.id, order.approvedVersionId))
			: [];
		const brand = await selectBrandSettings(tx);
		const draft = productionDraft({ ...order, approvedVersionNo: approved?.versionNo ?? null }, input, { terms: brand.defaultTerms });
		let po: { poId: string; number: string };
		try {
			po = await createPurchaseOrderInTx(tx, actor, draft);
		} catch (caught) {
			if (!(caught instanceof AppError) || caught.code !== 'Invalid') throw caught;
			const fields = Object.fromEntries(Object.entries(caught.fields).map(([key, text]) => [productionFields[key] ?? 'laborPrice', text]));
			const message =
				Object.keys(fields).length > 0 ? 'The production order needs attention: see the messages beside the fields.' : caught.message;
			throw invalid(message, fields);
		}
		await tx.insert(customOrderPurchaseOrder).values({ customOrderId: order.id, purchaseOrderId: po.poId });
		await tx
			.update(customOrder)
			.set({ status: next, version: order.version + 1, updatedAt: sql`now()` })
			.where(eq(customOrder.id, order.id));
		await recordAudit(tx, actor, {
			entityType: 'custom_order',
			entityId: order.id,
			action: 'custom_order.production_ordered',
			summary: `${actor.name} drafted ${po.number} to make ${order.number}`,
			after: { purchaseOrder: po.number }
		});
		return po;
	});
}

export async function completeCustomOrder(actor: Actor, orderId: string, input: { version: number }): Promise<void> {
	requireStaff(actor, editors);
	await withActor(actor, async (tx) => {
		const order = await loadOrder(tx, orderId, { lock: true });
		const next = transition(order, 'complete', 'brand');
		requireVersion(order, input.version);
		await tx
			.update(customOrder)
			.set({ status: next, version: order.version + 1, updatedAt: sql`now()` })
			.where(eq(customOrder.id, order.id));
		await recordAudit(tx, actor, {
			entityType: 'custom_order',
			entityId: order.id,
			action: 'custom_order.completed',
			summary: `${actor.name} marked ${order.number} delivered and completed`
		});
	});
}

export async function cancelCustomOrder(actor: Actor, orderId: string, input: { reason: string; version: number }): Promise<void> {
	requireStaff(actor, editors);
	await withActor(actor, async (tx) => {
		await lockDesignLoop(tx, orderId);
		const order = await loadOrder(tx, orderId, { lock: true });
		const next = transition(order, 'cancel', 'brand');
		requireVersion(order, input.version);
		const reason = input.reason.trim();
		if (reason.length < 3) throw invalid('Say why the order is cancelled.', { reason: 'Say why the order is cancelled.' });
		await settleWaitingVersions(tx, order.id, null);
		await tx
			.update(customOrder)
			.set({ status: next, cancelReason: reason, version: order.version + 1, updatedAt: sql`now()` })
			.where(eq(customOrder.id, order.id));
		await recordAudit(tx, actor, {
			entityType: 'custom_order',
			entityId: order.id,
			action: 'custom_order.cancelled',
			summary: `${actor.name} cancelled ${order.number}`,
			after: { reason }
		});
		// the designer stops work; the reason stays the brand's (it may be about the client)
		if (order.vendorId && order.status === 'in_design') {
			await mailWorkshop(tx, order.vendorId, {
				topic: 'custom-order-cancelled',
				subject: `${order.number} is cancelled`,
				paragraphs: [`The brand cancelled ${order.number} (${order.title}). No further versions are needed.`],
				href: orderLink(order.id, 'designer'),
				label: `Open ${order.number}`
			});
		}
	});
}

// ---------------------------------------------------------------- the client's payments

export async function schedulePayment(actor: Actor, orderId: string, input: SchedulePaymentInput): Promise<void> {
	requireStaff(actor, cashiers);
	await withActor(actor, async (tx) => {
		const order = await loadOrder(tx, orderId, { lock: true });
		if (order.status === 'cancelled') throw conflict(`${order.number} was cancelled: no payment can be scheduled on it.`);
		const amount = parseAmount(input.amount, order.currency, { required: true, field: 'amount' });
		if (!amount.ok) throw invalid('The amount needs attention: see the message beside it.', amount.fields);
		if (input.paidOn && input.paidOn > todayIso()) pastDateRefusal('paidOn', 'The day it was paid');
		await tx.insert(customOrderPayment).values({
			customOrderId: order.id,
			kind: input.kind,
			amountMinor: amount.minor!,
			dueDate: input.dueDate || null,
			paidOn: input.paidOn || null,
			reference: input.reference,
			note: input.note
		});
		const what = `${customerPaymentKindLabels[input.kind].toLowerCase()} of ${formatMoney(amount.minor!, order.currency)}`;
		await recordAudit(tx, actor, {
			entityType: 'custom_order',
			entityId: order.id,
			action: 'custom_order.payment_scheduled',
			summary: input.paidOn
				? `${actor.name} recorded a ${what} paid on ${formatDate(input.paidOn)} for ${order.number}`
				: `${actor.name} scheduled a ${what}${input.dueDate ? ` due ${formatDate(input.dueDate)}` : ''} for ${order.number}`
		});
	});
}

async function loadPayment(tx: Tx, order: CustomOrderRow, paymentId: string): Promise<PaymentRow> {
	if (!isUuid(paymentId)) throw notFound('That payment');
	const [payment] = await tx
		.select()
		.from(customOrderPayment)
		.where(and(eq(customOrderPayment.id, paymentId), eq(customOrderPayment.customOrderId, order.id)))
		.for('update');
	if (!payment) throw notFound('That payment');
	return payment;
}

export async function recordPayment(actor: Actor, orderId: string, input: RecordPaymentInput): Promise<void> {
	requireStaff(actor, cashiers);
	await withActor(actor, async (tx) => {
		const order = await loadOrder(tx, orderId, { lock: true });
		const payment = await loadPayment(tx, order, input.paymentId);
		if (payment.paidOn) throw conflict(`That payment was already recorded as paid on ${formatDate(payment.paidOn)}.`);
		if (input.paidOn > todayIso()) pastDateRefusal('paidOn', 'The day it was paid');
		await tx
			.update(customOrderPayment)
			.set({ paidOn: input.paidOn, reference: input.reference })
			.where(eq(customOrderPayment.id, payment.id));
		await recordAudit(tx, actor, {
			entityType: 'custom_order',
			entityId: order.id,
			action: 'custom_order.payment_recorded',
			summary: `${actor.name} recorded the ${customerPaymentKindLabels[payment.kind].toLowerCase()} of ${formatMoney(payment.amountMinor, order.currency)} paid on ${formatDate(input.paidOn)}${input.reference ? ` (${input.reference})` : ''}`
		});
	});
}

export async function removePayment(actor: Actor, orderId: string, paymentId: string): Promise<void> {
	requireStaff(actor, cashiers);
	await withActor(actor, async (tx) => {
		const order = await loadOrder(tx, orderId, { lock: true });
		const payment = await loadPayment(tx, order, paymentId);
		if (payment.paidOn) throw conflict('A paid payment stays on record; it cannot be removed.');
		await tx.delete(customOrderPayment).where(eq(customOrderPayment.id, payment.id));
		await recordAudit(tx, actor, {
			entityType: 'custom_order',
			entityId: order.id,
			action: 'custom_order.payment_removed',
			summary: `${actor.name} removed the ${customerPaymentKindLabels[payment.kind].toLowerCase()} of ${formatMoney(payment.amountMinor, order.currency)} from the schedule`
		});
	});
}

// ---------------------------------------------------------------- reading

export interface VersionView extends Omit<VersionRow, 'status'> {
	status: DesignVersionStatus;
	/** the version is the one the brand approved */
	isApproved: boolean;
	files: DesignFileRow[];
}

function viewVersions(
	versions: VersionRow[],
	files: DesignFileRow[],
	designerId: string | null,
	approvedVersionId: string | null
): VersionView[] {
	return versions
		.map((v) => ({
			...v,
			status: effectiveVersionStatus(v, versions, designerId),
			isApproved: v.id === approvedVersionId,
			files: files.filter((f) => f.versionId === v.id)
		}))
		.reverse(); // newest first, as they are compared
}

export interface CustomOrderView {
	order: CustomOrderRow;
	designer: { id: string; name: string } | null;
	versions: VersionView[];
	inspiration: Awaited<ReturnType<typeof selectInspiration>>;
	payments: (PaymentRow & { overdue: boolean })[];
	paymentSummary: PaymentSummary;
	purchaseOrders: Awaited<ReturnType<typeof selectLinkedPurchaseOrders>>;
	history: Awaited<ReturnType<typeof selectOrderHistory>>;
	allowed: CustomOrderEvent[];
	waitingOn: CustomOrderSide | null;
	today: string;
}

/** Everything the ops page of an order shows. */
export async function getCustomOrder(actor: Actor, orderId: string): Promise<CustomOrderView> {
	requireStaff(actor);
	return withActor(actor, async (tx) => {
		const order = await loadOrder(tx, orderId);
		const versions = await selectVersions(tx, order.id, { forBrand: true });
		const files = await selectDesignFiles(
			tx,
			versions.map((v) => v.id)
		);
		const designer = order.vendorId ? await selectWorkshopSummary(tx, order.vendorId) : undefined;
		const payments = await selectPayments(tx, order.id);
		const today = todayIso();
		return {
			order,
			designer: designer ? { id: designer.id, name: designer.name } : null,
			versions: viewVersions(versions, files, order.vendorId, order.approvedVersionId),
			inspiration: await selectInspiration(tx, order.id),
			payments: payments.map((p) => ({ ...p, overdue: p.paidOn === null && p.dueDate !== null && p.dueDate < today })),
			paymentSummary: summarizePayments(payments, today),
			purchaseOrders: await selectLinkedPurchaseOrders(tx, order.id),
			history: await selectOrderHistory(tx, order.id),
			allowed: allowedCustomOrderEvents(order.status, 'brand'),
			waitingOn: waitingOn(order.status, versions, order.vendorId),
			today
		};
	});
}

export interface DesignerOrderView {
	order: DesignerOrderRow;
	versions: VersionView[];
	inspiration: Awaited<ReturnType<typeof selectInspiration>>;
	canUpload: boolean;
	waitingOn: CustomOrderSide | null;
	brandName: string;
}

/** The designer's page of an order: the brief without the client, the images, their own versions. */
export async function getDesignerOrder(actor: Actor, orderId: string): Promise<DesignerOrderView> {
	requireVendor(actor);
	return withActor(actor, async (tx) => {
		const order = await loadDesignerOrder(tx, actor, orderId);
		const versions = await selectVersions(tx, order.id, { forBrand: false });
		const files = await selectDesignFiles(
			tx,
			versions.map((v) => v.id)
		);
		return {
			order,
			versions: viewVersions(versions, files, order.vendorId, order.approvedVersionId),
			inspiration: await selectInspiration(tx, order.id),
			canUpload: nextCustomOrderStatus(order.status, 'submit_version', 'designer') !== null,
			waitingOn: waitingOn(order.status, versions, order.vendorId),
			brandName: (await selectBrandSettings(tx)).brandName
		};
	});
}

/** The brief as the edit form types it. */
export async function getCustomOrderForEditing(actor: Actor, orderId: string): Promise<{ order: CustomOrderRow; locked: boolean }> {
	requireStaff(actor, editors);
	return withActor(actor, async (tx) => {
		const order = await loadOrder(tx, orderId);
		transition(order, 'edit', 'brand');
		return { order, locked: isDesignLocked(order.status) };
	});
}

/** What the forms of the order pages choose from: CAD designers, production workshops, the brand's defaults. */
export async function getCustomOrderOptions(actor: Actor) {
	requireStaff(actor);
	return withActor(actor, async (tx) => {
		const brand = await selectBrandSettings(tx);
		return {
			designers: await selectDesigners(tx),
			workshops: await selectProductionWorkshops(tx),
			homeCurrency: brand.homeCurrency,
			defaultShipTo: brand.defaultShipTo
		};
	});
}

/** The brand's home currency: a new brief's budget is in it unless ops chooses another. */
export async function getNewCustomOrderDefaults(actor: Actor): Promise<{ currency: string }> {
	requireStaff(actor, editors);
	return withActor(actor, async (tx) => ({ currency: (await selectBrandSettings(tx)).homeCurrency }));
}
