import { describe, expect, it } from 'vitest';
import { parseDraftLines } from '../purchase-orders/schemas.ts';
import { describePiece, productionDraft } from './production.ts';

const piece = {
	number: 'CO-2026-0007',
	title: 'Sapphire halo ring',
	alloy: '18KW',
	stones: '1 oval sapphire 7×5 mm, 18 round diamonds 1.2 mm',
	size: '52',
	approvedVersionNo: 2
};
const input = {
	vendorId: '5b1f1c1e-2f4e-4c7a-9a51-0d9b2d1d6a11',
	dueDate: '2099-01-31',
	quantity: 1,
	laborPrice: '420.00',
	shipTo: 'Maison HQ',
	notes: ''
};

describe('the production PO of a custom order', () => {
	it('describes the piece by title, metal, stones and size', () => {
		expect(describePiece(piece)).toBe(
			'Sapphire halo ring — 18K white gold (750), 1 oval sapphire 7×5 mm, 18 round diamonds 1.2 mm, size 52'
		);
		expect(describePiece({ ...piece, stones: '', size: '' })).toBe('Sapphire halo ring — 18K white gold (750)');
		expect(describePiece({ ...piece, title: 'x'.repeat(600) }).length).toBe(500);
	});

	it('makes one line priced per piece on consigned metal, noting the custom order and the approved version', () => {
		const draft = productionDraft(piece, input, { terms: 'Net 30' });
		expect(draft).toMatchObject({ vendorId: input.vendorId, shipTo: 'Maison HQ', terms: 'Net 30', version: 0 });
		expect(draft.notes).toContain('CO-2026-0007');
		expect(draft.lines).toHaveLength(1);
		expect(draft.lines[0]).toMatchObject({
			quantity: 1,
			size: '52',
			alloy: '18KW',
			stoneSpec: piece.stones,
			laborBasis: 'per_piece',
			laborUnitPrice: '420.00',
			metalBasis: 'consigned',
			dueDate: '2099-01-31'
		});
		expect(draft.lines[0].notes).toBe('Custom order CO-2026-0007: made to the approved design (design version 2).');
		// the PO module accepts it as it would a line typed in its editor
		const parsed = parseDraftLines(draft.lines, 'THB', '2026-06-15');
		expect(parsed.ok).toBe(true);
	});

	it('lets the PO module refuse what it refuses from any draft: a bad price', () => {
		const draft = productionDraft(piece, { ...input, laborPrice: 'four hundred' }, { terms: '' });
		const parsed = parseDraftLines(draft.lines, 'THB', '2026-06-15');
		expect(parsed.ok).toBe(false);
		if (!parsed.ok) expect(parsed.errors['lines[0].laborUnitPrice']).toMatch(/number/);
	});
});
