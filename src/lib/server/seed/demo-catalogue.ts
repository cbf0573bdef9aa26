/**
 * The demo brand's own settings and its styles catalogue: what Maison Aurelle prints on its POs and
 * what a PO line is prefilled from. Weights are milligrams, prices minor units of the default
 * workshop's currency (DOMAIN.md), alloys the codes of `#lib/domain/purchase-orders/alloys.ts`.
 */
import { eq, sql } from 'drizzle-orm';
import type { LaborBasis } from '#lib/domain/purchase-orders/totals.ts';
import type { StyleCategory } from '#lib/domain/catalogue/reference.ts';
import { brandSettings, style, vendor } from '#lib/server/db/schema/index.ts';
import type { Tx } from '#lib/server/db/scope.ts';

export const BRAND_ADDRESS = ['Maison Aurelle Inc.', '11 West 57th Street, 6th floor', 'New York, NY 10019', 'United States'].join('\n');

/** The receiving dock in the Diamond District: every workshop ships here unless a PO says otherwise. */
export const RECEIVING_DOCK = [
	'Maison Aurelle — Receiving & QC',
	'48 West 48th Street, Suite 1402',
	'New York, NY 10036',
	'United States',
	'Weekdays 9:00–16:00; ask for the vault desk'
].join('\n');

export const DEFAULT_TERMS = [
	'1. Payment: 30 days after acceptance of the goods at our quality control, for the accepted quantity only.',
	'2. Risk: the goods travel at the vendor’s risk until received and signed for at the ship-to address.',
	'3. Marking: hallmark every piece with its fineness and the Maison Aurelle trademark stamp (AUR) as specified on the line; no trademark without the fineness mark.',
	'4. Diamonds: invoices for goods containing diamonds must carry the World Diamond Council System of Warranties statement.',
	'5. Weight: finished weight within the tolerance on the line; metal above the tolerance is not paid for.',
	'6. Changes: quantities, prices and dates change only through a revision of this PO acknowledged in Bezel.'
].join('\n');

export interface DemoStyle {
	sku: string;
	name: string;
	category: StyleCategory;
	alloy: string;
	/** milligrams of one finished piece (a pair for earrings) */
	weightMg: number;
	toleranceMg: number;
	stoneSpec: string;
	stoneCount: number;
	hasDiamonds: boolean;
	/** workshop name, as in demo-brand.ts */
	vendor: string;
	laborBasis: LaborBasis;
	/** minor units of the default workshop's currency */
	laborMinor: number;
	active?: boolean;
}

const BROOKLYN = 'Brooklyn Cast & Finish';
const CANAL = 'Canal Street Setting Co.';
const REPAIR = '47th Street Repair Bench';
const RHODIUM = 'Pacific Rhodium Works';
const CAD = 'Silver Lake CAD Studio';
const SIAM = 'Siam Fine Casting Co., Ltd.';
const CHAO_PHRAYA = 'Chao Phraya Gem Setting';
const JAIPUR = 'Jaipur Kundan Atelier';
const PINK_CITY = 'Pink City Polishing Works';
const VICENZA = 'Laboratorio Orafo Vicentino';
const ANTWERP = 'Diamant Atelier Antwerpen';

export const workshopNames = { BROOKLYN, CANAL, REPAIR, RHODIUM, CAD, SIAM, CHAO_PHRAYA, JAIPUR, PINK_CITY, VICENZA, ANTWERP } as const;

const noStones = { stoneSpec: '', stoneCount: 0, hasDiamonds: false };

export const demoStyles: DemoStyle[] = [
	// Brooklyn Cast & Finish: casting and finishing, the brand supplies the metal
	{
		sku: 'AUR-RG-0142',
		name: 'Signet ring, oval face',
		category: 'ring',
		alloy: '18KY',
		weightMg: 12_000,
		toleranceMg: 600,
		...noStones,
		vendor: BROOKLYN,
		laborBasis: 'per_gram',
		laborMinor: 650
	},
	{
		sku: 'AUR-RG-0150',
		name: 'Dome ring, high polish',
		category: 'ring',
		alloy: '14KY',
		weightMg: 6_800,
		toleranceMg: 400,
		...noStones,
		vendor: BROOKLYN,
		laborBasis: 'per_gram',
		laborMinor: 580
	},
	{
		sku: 'AUR-ER-0311',
		name: 'Huggie hoops, 12 mm',
		category: 'earrings',
		alloy: '14KY',
		weightMg: 2_400,
		toleranceMg: 150,
		...noStones,
		vendor: BROOKLYN,
		laborBasis: 'per_piece',
		laborMinor: 3_800
	},
	{
		sku: 'AUR-BR-0410',
		name: 'Knife-edge bangle, 2.5 mm',
		category: 'bracelet',
		alloy: '14KY',
		weightMg: 9_500,
		toleranceMg: 500,
		...noStones,
		vendor: BROOKLYN,
		laborBasis: 'per_piece',
		laborMinor: 9_500
	},
	{
		sku: 'AUR-RG-0133',
		name: 'Stackable band, 2 mm',
		category: 'ring',
		alloy: '14KW',
		weightMg: 1_900,
		toleranceMg: 150,
		...noStones,
		vendor: BROOKLYN,
		laborBasis: 'per_piece',
		laborMinor: 4_200
	},
	{
		sku: 'AUR-CF-0701',
		name: 'Engine-turned oval cufflinks',
		category: 'cufflinks',
		alloy: '18KY',
		weightMg: 14_200,
		toleranceMg: 800,
		...noStones,
		vendor: BROOKLYN,
		laborBasis: 'per_piece',
		laborMinor: 18_500
	},

	// Canal Street Setting Co.: setting on the brand's castings, per stone
	{
		sku: 'AUR-RG-0101',
		name: 'Solitaire engagement ring, 4-prong',
		category: 'ring',
		alloy: 'PT950',
		weightMg: 3_600,
		toleranceMg: 250,
		stoneSpec: '1 × round brilliant 1.00 ct lab-grown, F/VS1, IGI',
		stoneCount: 1,
		hasDiamonds: true,
		vendor: CANAL,
		laborBasis: 'per_stone',
		laborMinor: 4_500
	},
	{
		sku: 'AUR-RG-0118',
		name: 'Pavé eternity band',
		category: 'ring',
		alloy: 'PT950',
		weightMg: 3_900,
		toleranceMg: 300,
		stoneSpec: '24 × round 1.3 mm natural melee G-H/SI, 0.24 ct tw',
		stoneCount: 24,
		hasDiamonds: true,
		vendor: CANAL,
		laborBasis: 'per_stone',
		laborMinor: 275
	},
	{
		sku: 'AUR-BR-0402',
		name: 'Tennis bracelet 3 ct',
		category: 'bracelet',
		alloy: '14KW',
		weightMg: 9_800,
		toleranceMg: 600,
		stoneSpec: '60 × round brilliant 2.5 mm lab-grown E-F/VS, 3.00 ct tw',
		stoneCount: 60,
		hasDiamonds: true,
		vendor: CANAL,
		laborBasis: 'per_stone',
		laborMinor: 325
	},
	{
		sku: 'AUR-RG-0125',
		name: 'Halo engagement ring, cushion',
		category: 'ring',
		alloy: '18KW',
		weightMg: 4_100,
		toleranceMg: 300,
		stoneSpec: '1 × cushion 1.50 ct lab-grown, G/VS2, IGI; 18 × round 1.1 mm natural melee G-H/SI',
		stoneCount: 19,
		hasDiamonds: true,
		vendor: CANAL,
		laborBasis: 'per_stone',
		laborMinor: 350
	},
	{
		sku: 'AUR-NK-0520',
		name: 'Diamonds-by-the-yard necklace, 5 stations',
		category: 'necklace',
		alloy: '14KW',
		weightMg: 3_200,
		toleranceMg: 200,
		stoneSpec: '5 × round 3.0 mm natural G/SI1, 0.50 ct tw, bezel-set',
		stoneCount: 5,
		hasDiamonds: true,
		vendor: CANAL,
		laborBasis: 'per_stone',
		laborMinor: 950
	},

	// 47th Street Repair Bench and Silver Lake CAD Studio
	{
		sku: 'AUR-CH-0801',
		name: 'Initial disc charm, hand-engraved',
		category: 'charm',
		alloy: '14KY',
		weightMg: 1_600,
		toleranceMg: 100,
		...noStones,
		vendor: REPAIR,
		laborBasis: 'per_piece',
		laborMinor: 1_800
	},
	{
		sku: 'AUR-RG-0160',
		name: 'Toi et moi ring, pear and oval',
		category: 'ring',
		alloy: '18KY',
		weightMg: 3_900,
		toleranceMg: 300,
		stoneSpec: '1 × pear 0.75 ct lab-grown E/VS1, IGI; 1 × oval 0.75 ct lab-grown E/VS1, IGI',
		stoneCount: 2,
		hasDiamonds: true,
		vendor: CAD,
		laborBasis: 'per_piece',
		laborMinor: 22_000
	},

	// Siam Fine Casting, Bangkok: casting, setting and polishing, THB
	{
		sku: 'AUR-ER-0322',
		name: 'Pavé huggie hoops',
		category: 'earrings',
		alloy: '14KW',
		weightMg: 3_100,
		toleranceMg: 200,
		stoneSpec: '2 × 16 round 1.2 mm natural melee G-H/SI, 0.32 ct tw',
		stoneCount: 32,
		hasDiamonds: true,
		vendor: SIAM,
		laborBasis: 'per_stone',
		laborMinor: 2_800
	},
	{
		sku: 'AUR-RG-0135',
		name: 'Stackable band, 2 mm, comfort fit',
		category: 'ring',
		alloy: '14KY',
		weightMg: 2_000,
		toleranceMg: 150,
		...noStones,
		vendor: SIAM,
		laborBasis: 'per_piece',
		laborMinor: 65_000
	},
	{
		sku: 'AUR-PD-0601',
		name: 'Solitaire pendant, bezel 0.50 ct',
		category: 'pendant',
		alloy: '14KY',
		weightMg: 1_200,
		toleranceMg: 100,
		stoneSpec: '1 × round brilliant 0.50 ct lab-grown, F/VS2',
		stoneCount: 1,
		hasDiamonds: true,
		vendor: SIAM,
		laborBasis: 'per_piece',
		laborMinor: 145_000
	},
	{
		sku: 'AUR-ER-0330',
		name: 'Diamond studs, 4-prong martini, 1 ct tw',
		category: 'earrings',
		alloy: '14KW',
		weightMg: 1_300,
		toleranceMg: 100,
		stoneSpec: '2 × round brilliant 0.50 ct lab-grown, F/VS1, IGI',
		stoneCount: 2,
		hasDiamonds: true,
		vendor: SIAM,
		laborBasis: 'per_stone',
		laborMinor: 18_000
	},
	{
		sku: 'AUR-BR-0415',
		name: 'Paperclip chain bracelet, 4 mm',
		category: 'bracelet',
		alloy: '14KY',
		weightMg: 4_200,
		toleranceMg: 300,
		...noStones,
		vendor: SIAM,
		laborBasis: 'per_gram',
		laborMinor: 14_500
	},
	{
		sku: 'AUR-RG-0170',
		name: 'Half-eternity band, shared prong',
		category: 'ring',
		alloy: '14KW',
		weightMg: 2_600,
		toleranceMg: 200,
		stoneSpec: '11 × round 2.0 mm lab-grown F/VS, 0.33 ct tw',
		stoneCount: 11,
		hasDiamonds: true,
		vendor: SIAM,
		laborBasis: 'per_stone',
		laborMinor: 5_500
	},
	{
		sku: 'AUR-PD-0612',
		name: 'Birthstone charm pendant',
		category: 'pendant',
		alloy: '10KY',
		weightMg: 1_000,
		toleranceMg: 100,
		stoneSpec: '1 × round 3 mm birthstone, lab-created (colour per order)',
		stoneCount: 1,
		hasDiamonds: false,
		vendor: SIAM,
		laborBasis: 'per_piece',
		laborMinor: 42_000
	},

	// Chao Phraya Gem Setting, Bangkok
	{
		sku: 'AUR-RG-0181',
		name: 'Sapphire three-stone ring',
		category: 'ring',
		alloy: '18KW',
		weightMg: 4_400,
		toleranceMg: 300,
		stoneSpec: '1 × oval 7×5 mm natural blue sapphire, heated; 2 × pear 0.25 ct natural F-G/VS',
		stoneCount: 3,
		hasDiamonds: true,
		vendor: CHAO_PHRAYA,
		laborBasis: 'per_stone',
		laborMinor: 38_000
	},

	// Jaipur Kundan Atelier: 22K, vendor's metal at a fixed price, INR
	{
		sku: 'AUR-ER-0340',
		name: 'Polki chandbali earrings',
		category: 'earrings',
		alloy: '22KY',
		weightMg: 18_500,
		toleranceMg: 1_000,
		stoneSpec: '2 × 14 polki (uncut diamond) slices, 2.10 ct tw; 2 × 12 emerald beads 3 mm, natural, oiled',
		stoneCount: 52,
		hasDiamonds: true,
		vendor: JAIPUR,
		laborBasis: 'per_stone',
		laborMinor: 9_500
	},
	{
		sku: 'AUR-PD-0620',
		name: 'Kundan pendant with pearl drop',
		category: 'pendant',
		alloy: '22KY',
		weightMg: 7_200,
		toleranceMg: 500,
		stoneSpec: '1 × freshwater pearl 9 mm drop; 9 × kundan-set glass foil stones',
		stoneCount: 10,
		hasDiamonds: false,
		vendor: JAIPUR,
		laborBasis: 'per_piece',
		laborMinor: 480_000
	},
	{
		sku: 'AUR-BR-0420',
		name: 'Meenakari bangle',
		category: 'bracelet',
		alloy: '22KY',
		weightMg: 21_000,
		toleranceMg: 1_200,
		...noStones,
		vendor: JAIPUR,
		laborBasis: 'per_gram',
		laborMinor: 65_000
	},
	{
		sku: 'AUR-BR-0430',
		name: 'Hammered cuff, 22K',
		category: 'bracelet',
		alloy: '22KY',
		weightMg: 24_000,
		toleranceMg: 1_500,
		...noStones,
		vendor: PINK_CITY,
		laborBasis: 'per_piece',
		laborMinor: 120_000,
		active: false
	},

	// Laboratorio Orafo Vicentino: Italian chain, vendor's 18K at a fixed price, EUR per gram
	{
		sku: 'AUR-NK-0501',
		name: 'Cuban link chain 5 mm',
		category: 'necklace',
		alloy: '18KY',
		weightMg: 38_000,
		toleranceMg: 1_500,
		...noStones,
		vendor: VICENZA,
		laborBasis: 'per_gram',
		laborMinor: 480
	},
	{
		sku: 'AUR-NK-0505',
		name: 'Rope chain 2.5 mm',
		category: 'necklace',
		alloy: '18KY',
		weightMg: 7_600,
		toleranceMg: 400,
		...noStones,
		vendor: VICENZA,
		laborBasis: 'per_gram',
		laborMinor: 520
	},
	{
		sku: 'AUR-NK-0512',
		name: 'Paperclip chain 4 mm',
		category: 'necklace',
		alloy: '18KY',
		weightMg: 6_200,
		toleranceMg: 350,
		...noStones,
		vendor: VICENZA,
		laborBasis: 'per_gram',
		laborMinor: 500
	},
	{
		sku: 'AUR-BR-0425',
		name: 'Cuban link bracelet 5 mm',
		category: 'bracelet',
		alloy: '18KY',
		weightMg: 15_200,
		toleranceMg: 800,
		...noStones,
		vendor: VICENZA,
		laborBasis: 'per_gram',
		laborMinor: 480
	},

	// Diamant Atelier Antwerpen: centre stones on memo from the brand, EUR
	{
		sku: 'AUR-RG-0105',
		name: 'Solitaire engagement ring, 6-prong',
		category: 'ring',
		alloy: 'PT950',
		weightMg: 3_800,
		toleranceMg: 250,
		stoneSpec: '1 × round brilliant 2.00 ct natural, G/VS2, GIA',
		stoneCount: 1,
		hasDiamonds: true,
		vendor: ANTWERP,
		laborBasis: 'per_stone',
		laborMinor: 6_500
	},
	{
		sku: 'AUR-RG-0190',
		name: 'Emerald-cut three-stone ring',
		category: 'ring',
		alloy: 'PT950',
		weightMg: 5_000,
		toleranceMg: 300,
		stoneSpec: '1 × emerald cut 1.50 ct natural, F/VVS2, GIA; 2 × tapered baguette natural F/VS, 0.30 ct tw',
		stoneCount: 3,
		hasDiamonds: true,
		vendor: ANTWERP,
		laborBasis: 'per_stone',
		laborMinor: 5_500
	},
	{
		sku: 'AUR-ER-0350',
		name: 'Pearl drop earrings',
		category: 'earrings',
		alloy: '18KY',
		weightMg: 2_100,
		toleranceMg: 150,
		stoneSpec: '2 × Akoya pearl 8 mm, AAA; 2 × round 2.0 mm natural G/VS, 0.06 ct tw',
		stoneCount: 4,
		hasDiamonds: true,
		vendor: ANTWERP,
		laborBasis: 'per_piece',
		laborMinor: 14_500
	},
	{
		sku: 'AUR-BC-0901',
		name: 'Bee brooch, citrine wings',
		category: 'brooch',
		alloy: '18KY',
		weightMg: 8_400,
		toleranceMg: 500,
		stoneSpec: '2 × pear 4×3 mm natural citrine; 14 × round 1.0 mm natural melee G-H/SI',
		stoneCount: 16,
		hasDiamonds: true,
		vendor: ANTWERP,
		laborBasis: 'per_stone',
		laborMinor: 900
	}
];

/** The settings row exists from the migration; the seed fills it in. */
export async function seedBrandSettings(tx: Tx): Promise<void> {
	await tx
		.update(brandSettings)
		.set({
			brandName: 'Maison Aurelle',
			brandAddress: BRAND_ADDRESS,
			defaultShipTo: RECEIVING_DOCK,
			defaultTerms: DEFAULT_TERMS,
			poReminderDays: 3,
			poDueSoonDays: 14,
			version: sql`${brandSettings.version} + 1`,
			updatedAt: sql`now()`
		})
		.where(eq(brandSettings.id, 1));
}

/** Inserts the styles (the catalogue has no service of its own yet); answers sku → id. */
export async function seedStyles(tx: Tx): Promise<Map<string, string>> {
	const vendors = new Map(
		(await tx.select({ id: vendor.id, name: vendor.name, currency: vendor.currency }).from(vendor)).map((v) => [v.name, v])
	);
	const rows = await tx
		.insert(style)
		.values(
			demoStyles.map((s) => {
				const workshop = vendors.get(s.vendor);
				if (!workshop) throw new Error(`demo style ${s.sku}: no workshop named ${s.vendor}`);
				return {
					sku: s.sku,
					name: s.name,
					category: s.category,
					defaultAlloy: s.alloy,
					targetWeightMg: s.weightMg,
					weightToleranceMg: s.toleranceMg,
					stoneSpec: s.stoneSpec || null,
					stoneCount: s.stoneCount,
					hasDiamonds: s.hasDiamonds,
					defaultVendorId: workshop.id,
					laborBasis: s.laborBasis,
					laborPriceMinor: s.laborMinor,
					laborCurrency: workshop.currency,
					active: s.active ?? true
				};
			})
		)
		.returning({ id: style.id, sku: style.sku });
	return new Map(rows.map((r) => [r.sku, r.id]));
}
