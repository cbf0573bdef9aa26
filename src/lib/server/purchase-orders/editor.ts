/**
 * Server glue for the ops PO pages: what the editor needs to start (workshops, styles, the brand's
 * defaults), a PO turned back into the editor's typed values, and the small reads the PO page shows
 * beside the service's view. Rules stay in service.ts; this module only reads and dispatches.
 */
import { isUuid } from '#lib/domain/ids.ts';
import { selectWorkshopRecipients } from '#lib/server/mail/outbox.ts';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { minorToDecimalString } from '#lib/domain/money.ts';
import type { PoDraftForm, PoLineForm } from '#lib/domain/purchase-orders/schemas.ts';
import type { PoStatus } from '#lib/domain/purchase-orders/status.ts';
import { mgToGramsString } from '#lib/format/weight.ts';
import { purchaseOrderAttachment } from '#lib/server/db/schema/index.ts';
import { requireStaff, withActor, type Actor } from '#lib/server/auth/actor.ts';
import { conflict, notFound } from '#lib/server/errors.ts';
import { selectBrandSettings } from '#lib/server/settings/queries.ts';
import { listActiveStylesForPicker, type StylePickerOption } from '#lib/server/catalogue/service.ts';
import { listVendorsForPicker } from '#lib/server/vendors/service.ts';
import { selectLines, selectPurchaseOrder, type PurchaseOrderLineRow, type PurchaseOrderRow } from './queries.ts';
import { selectVendor } from '#lib/server/vendors/queries.ts';
import { revisePurchaseOrder, updatePurchaseOrderDraft, type SaveResult } from './service.ts';

const editors = ['admin', 'ops'] as const;

/** Statuses in which the editor opens: a draft is saved, the others become a new revision. */
const editable: readonly PoStatus[] = ['draft', 'sent', 'acknowledged', 'change_requested', 'declined', 'in_production'];

export type EditorWorkshop = Awaited<ReturnType<typeof listVendorsForPicker>>[number];
export type EditorStyle = StylePickerOption;

export interface EditorOptions {
	workshops: EditorWorkshop[];
	styles: EditorStyle[];
}

export async function getEditorOptions(actor: Actor): Promise<EditorOptions> {
	requireStaff(actor, editors);
	const [workshops, styles] = [await listVendorsForPicker(actor), await listActiveStylesForPicker(actor)];
	return { workshops, styles };
}

/** A new draft's header as the brand's settings prefill it. */
export async function newDraftValues(actor: Actor, vendorId = ''): Promise<Partial<PoDraftForm>> {
	requireStaff(actor, editors);
	const brand = await withActor(actor, (tx) => selectBrandSettings(tx));
	return { vendorId: isUuid(vendorId) ? vendorId : '', shipTo: brand.defaultShipTo, terms: brand.defaultTerms, lines: [], version: 0 };
}

function lineValues(line: PurchaseOrderLineRow, currency: string): PoLineForm {
	const money = (minor: number | null) => (minor === null ? '' : minorToDecimalString(minor, currency));
	return {
		id: line.id,
		styleId: line.styleId ?? '',
		sku: line.sku,
		description: line.description,
		quantity: line.quantity,
		size: line.size,
		jobBags: line.jobBags,
		alloy: line.alloy,
		targetWeight: mgToGramsString(line.targetWeightMg),
		weightTolerance: mgToGramsString(line.weightToleranceMg),
		stoneSpec: line.stoneSpec,
		stoneCount: line.stoneCount,
		hasDiamonds: line.hasDiamonds,
		laborBasis: line.laborBasis,
		laborUnitPrice: money(line.laborUnitPriceMinor),
		metalBasis: line.metalBasis,
		metalPricePerGram: money(line.metalPricePerGramMinor),
		metalFixDate: line.metalFixDate ?? '',
		// zero means "no stones supplied by the vendor": leave the field empty rather than "0.00"
		stonesUnitPrice: line.stonesUnitPriceMinor === 0 ? '' : money(line.stonesUnitPriceMinor),
		dueDate: line.dueDate,
		notes: line.notes,
		cancelled: line.cancelled
	};
}

/** The PO as the editor's typed values: money as decimal text, weights as grams. */
export function toEditorValues(po: PurchaseOrderRow, lines: PurchaseOrderLineRow[]): PoDraftForm {
	return {
		vendorId: po.vendorId,
		shipTo: po.shipTo,
		requestedDate: po.requestedDate ?? '',
		collection: po.collection ?? '',
		terms: po.terms,
		notes: po.notes,
		lines: lines.map((l) => lineValues(l, po.currency)),
		version: po.version,
		revisionNote: ''
	};
}

export interface EditablePurchaseOrder {
	po: PurchaseOrderRow;
	lines: PurchaseOrderLineRow[];
	vendorName: string;
	/** lines already sent to the workshop: they can be cancelled, not removed */
	sentLineIds: string[];
}

/** The PO to edit, without touching the thread's read marker (the PO page does that). */
export async function getPurchaseOrderForEditing(actor: Actor, poId: string): Promise<EditablePurchaseOrder> {
	requireStaff(actor, editors);
	if (!isUuid(poId)) throw notFound('That purchase order');
	return withActor(actor, async (tx) => {
		const po = await selectPurchaseOrder(tx, poId);
		if (!po) throw notFound('That purchase order');
		if (!editable.includes(po.status)) {
			throw conflict(`${po.number} can no longer be edited. Duplicate it to order the same pieces again.`);
		}
		const lines = await selectLines(tx, po.id);
		const workshop = await selectVendor(tx, po.vendorId);
		return { po, lines, vendorName: workshop.name, sentLineIds: po.status === 'draft' ? [] : lines.map((l) => l.id) };
	});
}

/** Saves the editor: a draft in place, a sent PO as the next revision (the service decides what is allowed). */
export async function saveEditedPurchaseOrder(actor: Actor, poId: string, draft: PoDraftForm): Promise<SaveResult & { revised: boolean }> {
	requireStaff(actor, editors);
	if (!isUuid(poId)) throw notFound('That purchase order');
	const status = await withActor(actor, async (tx) => (await selectPurchaseOrder(tx, poId))?.status);
	if (!status) throw notFound('That purchase order');
	if (status === 'draft') return { ...(await updatePurchaseOrderDraft(actor, poId, draft)), revised: false };
	return { ...(await revisePurchaseOrder(actor, poId, draft)), revised: true };
}

/** Who gets the e-mail when the PO is sent: the send button says so before anyone clicks. */
export async function getSendRecipients(actor: Actor, vendorId: string): Promise<{ name: string }[]> {
	requireStaff(actor);
	if (!isUuid(vendorId)) return [];
	const people = await withActor(actor, (tx) => selectWorkshopRecipients(tx, vendorId));
	return people.map((p) => ({ name: p.name }));
}

/** How many header attachments a PO has (message files excluded): a hint for the send confirmation. */
export async function countHeaderAttachments(actor: Actor, poId: string): Promise<number> {
	requireStaff(actor);
	if (!isUuid(poId)) return 0;
	const [row] = await withActor(actor, (tx) =>
		tx
			.select({ count: sql<number>`count(*)::int` })
			.from(purchaseOrderAttachment)
			.where(and(eq(purchaseOrderAttachment.purchaseOrderId, poId), isNull(purchaseOrderAttachment.messageId)))
	);
	return row?.count ?? 0;
}

// ---------------------------------------------------------------- header attachments

/** A header attachment as the upload form sends it. */
export const poAttachmentFormSchema = z.object({
	title: z.string().trim().max(200, 'Keep the title under 200 characters.').optional().default(''),
	file: z.instanceof(File, { message: 'Choose the file to attach.' })
});

export const poAttachmentRefSchema = z.object({ attachmentId: z.uuid({ error: 'That file does not exist.' }) });
