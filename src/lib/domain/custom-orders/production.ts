/**
 * The production PO made from an approved custom order: one line that describes the piece as it was
 * designed (title, metal, stones, size) and says which custom order it comes from, so the workshop's
 * PO and the order point at each other. Built here as the PO editor's typed values, so the PO service
 * checks it like any draft.
 */
import { findAlloy } from '../purchase-orders/alloys.ts';
import { poDraftSchema, poLineFormSchema, type PoDraftForm } from '../purchase-orders/schemas.ts';
import type { ProductionOrderInput } from './schemas.ts';

export interface ApprovedPiece {
	number: string;
	title: string;
	alloy: string;
	stones: string;
	size: string;
	/** the approved design version's number */
	approvedVersionNo: number | null;
}

const clip = (value: string, max: number) => (value.length <= max ? value : `${value.slice(0, max - 1)}…`);

/** "Sapphire halo ring — 18K white gold (750), 1 oval sapphire 7×5 mm, size 52" */
export function describePiece(piece: Pick<ApprovedPiece, 'title' | 'alloy' | 'stones' | 'size'>): string {
	const metal = findAlloy(piece.alloy)?.label ?? piece.alloy;
	const parts = [metal, piece.stones.trim(), piece.size.trim() ? `size ${piece.size.trim()}` : ''].filter(Boolean);
	return clip(`${piece.title.trim()} — ${parts.join(', ')}`, 500);
}

export function productionDraft(piece: ApprovedPiece, input: ProductionOrderInput, defaults: { terms: string }): PoDraftForm {
	const design = piece.approvedVersionNo ? ` (design version ${piece.approvedVersionNo})` : '';
	const line = poLineFormSchema.parse({
		description: describePiece(piece),
		sku: '',
		quantity: input.quantity,
		size: piece.size,
		alloy: piece.alloy,
		stoneSpec: piece.stones,
		stoneCount: 0,
		laborBasis: 'per_piece',
		laborUnitPrice: input.laborPrice,
		metalBasis: 'consigned',
		dueDate: input.dueDate,
		notes: clip(`Custom order ${piece.number}: made to the approved design${design}.${input.notes ? ` ${input.notes}` : ''}`, 1000)
	});
	return poDraftSchema.parse({
		vendorId: input.vendorId,
		shipTo: input.shipTo,
		requestedDate: '',
		collection: '',
		terms: defaults.terms,
		notes: clip(`Production of custom order ${piece.number}: ${piece.title.trim()}.`, 4000),
		lines: [line],
		version: 0
	});
}
