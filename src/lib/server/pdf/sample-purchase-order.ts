/**
 * A made-up but plausible PO snapshot of any length, for the PDF tests and the render benchmark:
 * every labor and metal basis, cancelled lines, notes, diamonds or none, and names in several scripts.
 */
import type { PoSnapshot, SnapshotLine } from '#lib/domain/purchase-orders/snapshot.ts';
import { lineTotals, sumTotals, type LaborBasis, type MetalBasis } from '#lib/domain/purchase-orders/totals.ts';

export interface SampleOptions {
	lines?: number;
	revision?: number;
	diamonds?: boolean;
	vendorName?: string;
	brandName?: string;
}

const styles = [
	{
		sku: 'RG-1042',
		description: 'Solitaire engagement ring, 4-prong cathedral setting',
		alloy: '18KW',
		fineness: 750,
		stone: 'Round brilliant 6.5 mm, 1.00 ct, G/VS1, natural, GIA'
	},
	{
		sku: 'ER-0217',
		description: 'Huggie hoop earrings, pair, pavé front',
		alloy: '14KY',
		fineness: 585,
		stone: 'Melee sieve +1.5-2.0, 24 pcs, 0.18 ctw, F-G/VS'
	},
	{ sku: 'NK-3300', description: 'Paperclip chain necklace 45 cm with lobster clasp', alloy: '14KR', fineness: 585, stone: '' },
	{
		sku: 'BR-0808',
		description: 'Tennis bracelet, 4-prong baskets, box clasp with safety',
		alloy: 'PT950',
		fineness: 950,
		stone: 'Round brilliant 2.2 mm, 52 pcs, 2.10 ctw, lab-grown, E/VS2'
	},
	{ sku: 'PD-5120', description: 'Signet pendant, hand engraved monogram', alloy: 'AG925', fineness: 925, stone: '' }
];
const laborBases: LaborBasis[] = ['per_piece', 'per_stone', 'per_gram'];
const metalBases: MetalBasis[] = ['consigned', 'fixed', 'market'];

function sampleLine(index: number, diamonds: boolean): SnapshotLine {
	const style = styles[index % styles.length];
	// per-stone labor only where there are stones to set
	const laborBasis =
		laborBases[index % laborBases.length] === 'per_stone' && !style.stone ? 'per_piece' : laborBases[index % laborBases.length];
	const metalBasis = metalBases[Math.floor(index / 3) % metalBases.length];
	const stoneCount = style.stone ? 1 + (index % 24) : 0;
	const priced = {
		quantity: 1 + ((index * 7) % 40),
		laborBasis,
		laborUnitPriceMinor: laborBasis === 'per_gram' ? 1_250 : laborBasis === 'per_stone' ? 180 : 8_500 + index * 10,
		stoneCount,
		targetWeightMg: index % 11 === 10 ? null : 2_000 + ((index * 337) % 9_000),
		fineness: style.fineness,
		metalBasis,
		metalPricePerGramMinor: metalBasis === 'fixed' ? 7_845 : null,
		stonesUnitPriceMinor: style.stone && index % 2 === 0 ? 12_000 : 0,
		cancelled: index % 17 === 5
	};
	return {
		lineId: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
		lineNo: index + 1,
		sku: style.sku,
		description: style.description,
		size: style.sku.startsWith('RG') ? String(5 + (index % 5)) : '',
		alloy: style.alloy,
		weightToleranceMg: priced.targetWeightMg === null ? null : 150,
		stoneSpec: style.stone,
		hasDiamonds: diamonds && style.stone !== '',
		metalFixDate: metalBasis === 'fixed' ? '2026-11-20' : null,
		dueDate: `2027-01-${String(10 + (index % 18)).padStart(2, '0')}`,
		notes: index % 4 === 1 ? 'Polish inside of shank to a mirror finish; laser-engrave the brand mark and 750 stamp inside the band.' : '',
		...priced,
		totals: lineTotals(priced)
	};
}

export function samplePoSnapshot(options: SampleOptions = {}): PoSnapshot {
	const diamonds = options.diamonds ?? true;
	const revision = options.revision ?? 1;
	const lines = Array.from({ length: options.lines ?? 3 }, (_, index) => sampleLine(index, diamonds));
	return {
		number: 'PO-2026-0042',
		revision,
		currency: 'USD',
		brand: { name: options.brandName ?? 'Maison Aurèle', address: '12 Rue de la Paix\n75002 Paris\nFrance' },
		vendor: {
			name: options.vendorName ?? 'Siam Fine Casting Co., Ltd.',
			address: ['88/12 Soi Charoen Krung 49', 'Bang Rak', '10500 Bangkok'],
			country: 'Thailand',
			taxId: '0105551234567',
			email: 'orders@siamfinecasting.example'
		},
		shipTo: 'Maison Aurèle — Atelier\n12 Rue de la Paix\n75002 Paris, France',
		requestedDate: '2027-01-31',
		collection: 'Spring 2027 · Lumière',
		terms:
			'Net 30 from accepted quantity. Goods travel at the vendor’s risk until received. Weights outside tolerance are reworked or returned.',
		notes: 'Please confirm promised dates per line within 3 working days.',
		lines,
		totals: sumTotals(lines.map((l) => l.totals)),
		issuedAt: revision === 0 ? null : '2026-11-27T09:30:00.000Z',
		issuedBy: 'Claire Dubois',
		summary: revision > 1 ? 'Quantities on lines 2 and 3 changed at the vendor’s request.' : 'First issue.'
	};
}
