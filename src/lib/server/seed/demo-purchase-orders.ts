/**
 * Months of purchase orders between Maison Aurelle and its workshops, made through the same
 * services people use: ops draft, send, revise and decide; workshop people acknowledge, ask for
 * changes and decline; both sides write in the PO's thread. Every state a PO can be in today appears.
 *
 * Each PO is a plan: its lines, and what happened to it, in days after it was drafted. The runner
 * puts every step of every plan on one timeline and replays it oldest first with the clock set to
 * that moment (seed-clock.ts), so PO numbers follow the order POs were drafted in, the reminder
 * job finds what was waiting at the time, due dates are in the future when they are given, and the
 * audit trail reads like the real thing.
 *
 * Once acknowledged, a PO's job bags go through the workshop's stages as the plan's production steps
 * say (demo-production.ts): the first stage started puts the PO in production, closing it ends
 * whatever is still open.
 */
import { and, eq, isNull, like, or, sql } from 'drizzle-orm';
import { findAlloy } from '#lib/domain/purchase-orders/alloys.ts';
import { minorToDecimalString } from '#lib/domain/money.ts';
import { acknowledgeSchema, poDraftSchema, todayIso, type PoDraftForm, type PoLineForm } from '#lib/domain/purchase-orders/schemas.ts';
import type { LaborBasis, MetalBasis } from '#lib/domain/purchase-orders/totals.ts';
import { mgToGramsString } from '#lib/format/weight.ts';
import {
	appUser,
	membership,
	outboxMessage,
	purchaseOrder,
	purchaseOrderChangeRequest,
	purchaseOrderLine,
	vendor
} from '#lib/server/db/schema/index.ts';
import { asSystem } from '#lib/server/db/scope.ts';
import { actorFromMembership, type Actor, type StaffActor, type VendorActor } from '#lib/server/auth/actor.ts';
import {
	acknowledgePurchaseOrder,
	cancelPurchaseOrder,
	closePurchaseOrder,
	createPurchaseOrder,
	declinePurchaseOrder,
	decideChangeRequests,
	getPurchaseOrder,
	postPurchaseOrderMessage,
	revisePurchaseOrder,
	sendPurchaseOrder
} from '#lib/server/purchase-orders/service.ts';
import { remindUnacknowledgedPurchaseOrders } from '#lib/server/purchase-orders/reminders.ts';
import { expandAudiences } from '#lib/server/mail/sender.ts';
import { reforecastOpenJobs } from '#lib/server/production/notifications.ts';
import { DEFAULT_TERMS, RECEIVING_DOCK, demoStyles, workshopNames as W, type DemoStyle } from './demo-catalogue.ts';
import { CASTER, SETTER, flow, runProductionStep, type ProductionStep } from './demo-production.ts';
import { atMoment, realNow } from './seed-clock.ts';

const DAY = 86_400_000;

// ---------------------------------------------------------------- what a plan says

/** A line as ops would pick it from the catalogue, with what differs from the style. */
interface LinePlan {
	sku: string;
	quantity: number;
	/** days after the PO was drafted */
	due: number;
	metal: MetalBasis;
	size?: string;
	alloy?: string;
	/** a longer chain, a larger ring: multiplies the style's weight and tolerance */
	weightFactor?: number;
	/** appended to the style's name, e.g. ", 18K rose, 45 cm" */
	variant?: string;
	/** when this workshop is not the style's default one, or the price was agreed differently */
	labor?: { basis: LaborBasis; minor: number };
	/** stones the workshop supplies, per piece, in the PO's currency */
	stonesMinor?: number;
	notes?: string;
	/** one bag per piece (bridal rings, high-value pieces); default one bag for the line */
	jobBags?: 'batch' | 'per_piece';
}

/** People by the part of their e-mail before the @: marcus, sofia, somchai, luis … */
type Who = string;

type Step =
	| { at: number; do: 'send' }
	| { at: number; do: 'acknowledge'; by: Who; /** promised date = due date + this many days */ promise?: number }
	| {
			at: number;
			do: 'request_changes';
			by: Who;
			changes: { line: number; quantity?: number; unitPrice?: string; dueShift?: number; reason: string }[];
	  }
	| { at: number; do: 'decide'; accept: number[]; notes?: Record<number, string> }
	| { at: number; do: 'revise'; note: string; edit: (lines: PoLineForm[], add: (line: LinePlan) => void) => void }
	| { at: number; do: 'decline'; by: Who; reason: string }
	| { at: number; do: 'close' }
	| { at: number; do: 'cancel'; reason: string }
	| { at: number; do: 'message'; by: Who; body: string }
	| { at: number; do: 'view'; by: Who }
	/** at the bench: start or finish a stage, flag or resolve a problem (demo-production.ts) */
	| ProductionStep;

interface PoPlan {
	vendor: string;
	/** the ops person who drafts it and acts for the brand */
	by: Who;
	collection: string | null;
	/** days before today it was drafted */
	ago: number;
	/** requested date, days after drafting (default: the latest line due date) */
	requested?: number;
	shipTo?: string;
	notes?: string;
	lines: LinePlan[];
	steps: Step[];
}

const BRIDAL = 'Spring 2027 Bridal';
const HOLIDAY = 'Holiday 2026';
const CORE = 'Core replenishment';

/** Ring sizes weigh a little more or less than the style's size 7. */
const ringFactor = (size: number) => Math.round((1 + (size - 7) * 0.03) * 1000) / 1000;
/** Line numbers from `first` to `last`. */
const range = (first: number, last: number) => Array.from({ length: last - first + 1 }, (_, i) => first + i);
const ring = (sku: string, size: number, quantity: number, due: number, metal: MetalBasis, extra: Partial<LinePlan> = {}): LinePlan => ({
	sku,
	quantity,
	due,
	metal,
	size: String(size),
	weightFactor: ringFactor(size),
	...extra
});

const alloyWords: Record<string, string> = {
	'18KY': '18K yellow',
	'18KW': '18K white',
	'18KR': '18K rose',
	'14KY': '14K yellow',
	'14KW': '14K white',
	'14KR': '14K rose'
};

/** Bridal and high-value rings travel one to a job bag. */
const onePerPiece = { jobBags: 'per_piece' } as const;

/** A chain or bracelet in one alloy and length; weight in proportion to the style's length. */
const chain = (sku: string, alloy: string, cm: number, baseCm: number, quantity: number, due: number): LinePlan => ({
	sku,
	quantity,
	due,
	metal: 'fixed',
	alloy,
	size: `${cm} cm`,
	weightFactor: Math.round((cm / baseCm) * 1000) / 1000,
	variant: `, ${alloyWords[alloy]}, ${cm} cm`,
	notes: 'Lobster clasp with the 750 and AUR stamps on the tag.'
});

// Stones a workshop supplies, per piece (minor units of its currency)
const SIAM_PAVE_MELEE = 520_000; // ฿5,200: 32 natural melee, 0.32 ct
const SIAM_STUDS_PAIR = 420_000; // ฿4,200: 2 × 0.50 ct lab-grown with IGI reports
const SIAM_PENDANT_STONE = 190_000; // ฿1,900: 0.50 ct lab-grown
const SIAM_HALF_ETERNITY = 130_000; // ฿1,300: 11 × 2.0 mm lab-grown
const JAIPUR_POLKI_PAIR = 3_800_000; // ₹38,000
const JAIPUR_KUNDAN = 240_000; // ₹2,400: pearl drop and kundan stones

/** The 50-line size run of stackable and half-eternity bands that Siam casts for stock. */
function siamSizeRun(due: number): LinePlan[] {
	const lines: LinePlan[] = [];
	const sizes = [4, 4.5, 5, 5.5, 6, 6.5, 7, 7.5, 8, 8.5, 9, 9.5];
	for (const alloy of ['14KY', '14KW', '14KR']) {
		for (const size of sizes) {
			const quantity = size >= 5.5 && size <= 7.5 ? 12 : 6;
			lines.push(ring('AUR-RG-0135', size, quantity, due, 'market', { alloy, variant: `, ${alloyWords[alloy]}` }));
		}
	}
	for (const alloy of ['14KW', '14KY']) {
		for (const size of [5, 5.5, 6, 6.5, 7, 7.5, 8]) {
			lines.push(
				ring('AUR-RG-0170', size, 4, due + 7, 'market', { alloy, variant: `, ${alloyWords[alloy]}`, stonesMinor: SIAM_HALF_ETERNITY })
			);
		}
	}
	return lines;
}

/** Fifty lines of Italian chain: four styles in their usual lengths and golds. */
function vicenzaChainRun(due: number): LinePlan[] {
	const lines: LinePlan[] = [];
	for (const alloy of ['18KY', '18KW', '18KR'])
		for (const cm of [40, 45, 50, 55, 60]) lines.push(chain('AUR-NK-0501', alloy, cm, 50, cm === 50 ? 8 : 4, due));
	for (const alloy of ['18KY', '18KW', '18KR'])
		for (const cm of [40, 42, 45, 50, 55]) lines.push(chain('AUR-NK-0505', alloy, cm, 45, 10, due));
	for (const alloy of ['18KY', '18KW', '18KR'])
		for (const cm of [40, 42, 45, 50]) lines.push(chain('AUR-NK-0512', alloy, cm, 42, 12, due - 7));
	for (const alloy of ['18KY', '18KR']) for (const cm of [17, 18, 19, 20]) lines.push(chain('AUR-BR-0425', alloy, cm, 19, 6, due));
	return lines;
}

const plans: PoPlan[] = [
	// ------------------------------------------------ closed: ordered, made, received months ago
	{
		vendor: W.VICENZA,
		by: 'sofia',
		collection: HOLIDAY,
		ago: 168,
		notes: 'Weight list per chain with the shipment, please.',
		lines: [
			chain('AUR-NK-0501', '18KY', 45, 50, 12, 42),
			chain('AUR-NK-0501', '18KY', 50, 50, 10, 42),
			chain('AUR-BR-0425', '18KY', 19, 19, 15, 42)
		],
		steps: [
			{ at: 0.1, do: 'send' },
			{ at: 1.6, do: 'acknowledge', by: 'giulia' },
			// every stage, start to finish: assembling and soldering the links is the long clean-up
			...flow(CASTER, { by: 'marco', from: 5, slip: { 'Clean-up and filing': 2.3 }, photos: ['Polishing'] }),
			{
				at: 21,
				do: 'message',
				by: 'marco',
				body: 'The chains are assembled and soldered; polishing and the 750 stamps this week. We ship with Malca-Amit next Tuesday.'
			},
			{ at: 21.4, do: 'message', by: 'sofia', body: 'Thank you, Marco. Please put the weight of every chain on the packing list.' },
			{ at: 22, do: 'view', by: 'marco' },
			{ at: 47, do: 'view', by: 'sofia' },
			{ at: 47.05, do: 'view', by: 'marcus' },
			{ at: 47.1, do: 'close' }
		]
	},
	{
		vendor: W.BROOKLYN,
		by: 'marcus',
		collection: CORE,
		ago: 152,
		lines: [
			ring('AUR-RG-0142', 7, 6, 28, 'consigned'),
			ring('AUR-RG-0142', 8, 8, 28, 'consigned'),
			ring('AUR-RG-0142', 9, 8, 28, 'consigned'),
			ring('AUR-RG-0142', 10, 4, 28, 'consigned'),
			{ sku: 'AUR-ER-0311', quantity: 40, due: 21, metal: 'consigned' }
		],
		steps: [
			{ at: 0.05, do: 'send' },
			{ at: 0.9, do: 'acknowledge', by: 'dana' },
			...flow(CASTER, { by: 'luis', from: 2, lines: [5], weigh: true }),
			// the signets were in final QC when they shipped; closing the PO ends their job bags
			...flow(CASTER, { by: 'amira', from: 2.2, lines: [1, 2, 3, 4], slip: { Casting: 2 }, inStage: 'QC and finishing' }),
			{ at: 33, do: 'close' }
		]
	},
	{
		vendor: W.SIAM,
		by: 'marcus',
		collection: HOLIDAY,
		ago: 140,
		lines: [
			{ sku: 'AUR-ER-0322', quantity: 60, due: 45, metal: 'market', stonesMinor: SIAM_PAVE_MELEE },
			{
				sku: 'AUR-ER-0330',
				quantity: 40,
				due: 45,
				metal: 'market',
				stonesMinor: SIAM_STUDS_PAIR,
				notes: 'IGI report number engraved on the girdle of every stone.'
			},
			{ sku: 'AUR-PD-0601', quantity: 50, due: 40, metal: 'market', stonesMinor: SIAM_PENDANT_STONE, size: '45 cm chain' }
		],
		steps: [
			{ at: 0.1, do: 'send' },
			{
				at: 1.2,
				do: 'message',
				by: 'nok',
				body: 'Received, thank you. The melee for the huggies is in stock; we confirm tomorrow after checking the 0.50 ct parcel.'
			},
			{ at: 2.1, do: 'acknowledge', by: 'somchai' },
			{ at: 2.3, do: 'view', by: 'marcus' },
			...flow(CASTER, { by: 'anan', from: 4, lines: [1, 2], slip: { Casting: 3 } }),
			...flow(CASTER, { by: 'anan', from: 4, lines: [3], slip: { Casting: 3 }, inStage: 'Clean-up and filing' }),
			{
				at: 26,
				do: 'message',
				by: 'marcus',
				body: 'QC note on the first pendant sample: the bezel wall is too thin at 6 o’clock. Please bring it to 0.45 mm before setting the rest.'
			},
			{
				at: 26.05,
				do: 'problem',
				by: 'marcus',
				lines: [3],
				reason: 'question_on_spec',
				note: 'Bezel wall too thin at 6 o’clock on the first sample: 0.45 mm all round, please.'
			},
			{
				at: 27,
				do: 'message',
				by: 'somchai',
				body: 'Understood: bezel wall at 0.45 mm on all remaining pendants. New sample photo tomorrow.'
			},
			{ at: 27.05, do: 'resolve', by: 'somchai', lines: [3], resolution: 'Bezel walls brought to 0.45 mm on all remaining pendants.' },
			{
				at: 28,
				do: 'stage',
				by: 'anan',
				action: 'finish',
				stage: 'Clean-up and filing',
				lines: [3],
				photo: true,
				note: 'New sample: bezel wall 0.45 mm at 6 o’clock.'
			},
			...flow(CASTER, { by: 'anan', from: 28.1, lines: [3], startAt: 'Polishing' }),
			{ at: 27.5, do: 'view', by: 'marcus' },
			{ at: 28, do: 'view', by: 'sofia' },
			{ at: 52, do: 'close' }
		]
	},
	{
		vendor: W.CANAL,
		by: 'marcus',
		collection: CORE,
		ago: 124,
		notes: 'Castings come from Brooklyn Cast & Finish with their job bags; melee on memo from Maison Aurelle.',
		lines: [
			ring('AUR-RG-0118', 6, 8, 30, 'consigned'),
			ring('AUR-RG-0118', 6.5, 12, 30, 'consigned'),
			ring('AUR-RG-0118', 7, 8, 30, 'consigned')
		],
		steps: [
			{ at: 0.1, do: 'send' },
			{
				at: 1,
				do: 'request_changes',
				by: 'arman',
				changes: [1, 2, 3].map((line) => ({
					line,
					unitPrice: '3.10',
					reason: 'Platinum pavé at 1.3 mm needs bright-cut beads on both rows; our rate for that is 3.10 per stone.'
				}))
			},
			{
				at: 1.8,
				do: 'decide',
				accept: [1, 2, 3],
				notes: { 1: 'Accepted for this run; we will review the bright-cut rate for next season.' }
			},
			{ at: 2.5, do: 'acknowledge', by: 'arman' },
			...flow(SETTER, { by: 'grace', from: 4, slip: { 'Stone setting': 1 } }),
			{ at: 36, do: 'close' }
		]
	},
	{
		vendor: W.JAIPUR,
		by: 'sofia',
		collection: HOLIDAY,
		ago: 112,
		lines: [
			{ sku: 'AUR-ER-0340', quantity: 12, due: 50, metal: 'fixed', stonesMinor: JAIPUR_POLKI_PAIR },
			{ sku: 'AUR-PD-0620', quantity: 20, due: 45, metal: 'fixed', stonesMinor: JAIPUR_KUNDAN, size: '18 in cord' }
		],
		steps: [
			{ at: 0.1, do: 'send' },
			{ at: 3.2, do: 'acknowledge', by: 'rohan', promise: 5 },
			...flow(SETTER, { by: 'kavya', from: 6, lines: [2], slip: { 'Stone setting': 3 } }),
			...flow(SETTER, { by: 'kavya', from: 8, lines: [1], inStage: 'Stone setting' }),
			{ at: 29.8, do: 'stage', by: 'kavya', action: 'finish', stage: 'Stone setting', lines: [1], quantity: 8 },
			{
				at: 29.9,
				do: 'problem',
				by: 'kavya',
				lines: [1],
				reason: 'waiting_for_stones',
				note: 'The emerald beads for the last 4 pairs arrive on Thursday.'
			},
			{
				at: 30,
				do: 'message',
				by: 'kavya',
				body: 'Polki setting is complete on 8 pairs; the emerald beads for the last 4 pairs arrive on Thursday.'
			},
			{ at: 30.6, do: 'message', by: 'sofia', body: 'Thank you, Kavya. Please photograph the meena work on the backs before polishing.' },
			{ at: 33.4, do: 'resolve', by: 'rohan', lines: [1], resolution: 'The emerald beads came in and match; setting the last 4 pairs.' },
			{ at: 36, do: 'stage', by: 'kavya', action: 'finish', stage: 'Stone setting', lines: [1] },
			{
				at: 36.2,
				do: 'stage',
				by: 'kavya',
				action: 'start',
				stage: 'Polishing',
				lines: [1],
				photo: true,
				note: 'The meena work on the backs, photographed before polishing as asked.'
			},
			{ at: 38.4, do: 'stage', by: 'kavya', action: 'finish', stage: 'Polishing', lines: [1] },
			...flow(SETTER, { by: 'kavya', from: 38.5, lines: [1], startAt: 'QC and finishing' }),
			{ at: 31, do: 'view', by: 'kavya' },
			{ at: 57, do: 'view', by: 'marcus' },
			{ at: 58, do: 'close' }
		]
	},
	{
		vendor: W.ANTWERP,
		by: 'marcus',
		collection: CORE,
		ago: 100,
		notes: 'GIA stones on memo from Maison Aurelle; report numbers on the memo.',
		lines: [
			ring('AUR-RG-0105', 5.5, 2, 28, 'consigned', onePerPiece),
			ring('AUR-RG-0105', 6, 2, 28, 'consigned', onePerPiece),
			ring('AUR-RG-0105', 6.5, 2, 28, 'consigned', onePerPiece)
		],
		steps: [
			{ at: 0.1, do: 'send' },
			{ at: 1.1, do: 'acknowledge', by: 'pieter' },
			...flow(SETTER, { by: 'noor', from: 3, photos: ['Polishing'] }),
			{ at: 31, do: 'close' }
		]
	},

	// ------------------------------------------------ cancelled
	{
		vendor: W.RHODIUM,
		by: 'marcus',
		collection: CORE,
		ago: 92,
		lines: [
			{
				sku: 'AUR-RG-0133',
				quantity: 120,
				due: 21,
				metal: 'consigned',
				variant: ', rhodium plating 0.5 µm',
				labor: { basis: 'per_piece', minor: 650 }
			},
			{
				sku: 'AUR-ER-0322',
				quantity: 60,
				due: 21,
				metal: 'consigned',
				variant: ', rhodium plating 0.5 µm',
				labor: { basis: 'per_piece', minor: 900 }
			}
		],
		steps: [
			{ at: 0.1, do: 'send' },
			{ at: 1, do: 'acknowledge', by: 'hovik' },
			{ at: 9, do: 'cancel', reason: 'Plating moves to Siam Fine Casting with the castings: it saves a transit to Los Angeles and back.' }
		]
	},
	{
		vendor: W.BROOKLYN,
		by: 'sofia',
		collection: null,
		ago: 64,
		lines: [ring('AUR-RG-0150', 7, 10, 30, 'consigned')],
		steps: [{ at: 1.5, do: 'cancel', reason: 'Duplicate draft: the dome rings went out with the core replenishment order.' }]
	},
	{
		vendor: W.SIAM,
		by: 'marcus',
		collection: HOLIDAY,
		ago: 47,
		lines: [
			'January (garnet)',
			'February (amethyst)',
			'March (aquamarine)',
			'April (white sapphire)',
			'May (emerald)',
			'June (alexandrite)',
			'July (ruby)',
			'August (peridot)',
			'September (sapphire)',
			'October (pink tourmaline)',
			'November (citrine)',
			'December (blue topaz)'
		].map((month) => ({ sku: 'AUR-PD-0612', quantity: 10, due: 35, metal: 'market' as const, variant: `, ${month}` })),
		steps: [
			{ at: 0.1, do: 'send' },
			{
				at: 1,
				do: 'message',
				by: 'nok',
				body: 'For June and October: lab-created alexandrite and tourmaline, or colour-change glass? The price is the same for us.'
			},
			{ at: 1.4, do: 'message', by: 'marcus', body: 'Lab-created for all twelve months, please.' },
			{ at: 1.6, do: 'view', by: 'nok' },
			{ at: 1.7, do: 'view', by: 'somchai' },
			{
				at: 5,
				do: 'cancel',
				reason: 'The holiday assortment was cut after the sell-through review; the birthstone pendants move to next year.'
			}
		]
	},

	// ------------------------------------------------ declined
	{
		vendor: W.CHAO_PHRAYA,
		by: 'sofia',
		collection: BRIDAL,
		ago: 20,
		lines: [
			ring('AUR-RG-0181', 6, 4, 40, 'consigned'),
			ring('AUR-RG-0181', 6.5, 4, 40, 'consigned'),
			ring('AUR-RG-0181', 7, 4, 40, 'consigned')
		],
		steps: [
			{ at: 0.1, do: 'send' },
			{
				at: 2,
				do: 'decline',
				by: 'pim',
				reason:
					'We cannot source 7×5 mm heated sapphires of this colour in time for the due date. We can quote again for a February delivery.'
			},
			{ at: 2.5, do: 'view', by: 'sofia' }
		]
	},
	{
		vendor: W.JAIPUR,
		by: 'marcus',
		collection: HOLIDAY,
		ago: 13,
		lines: [
			{ sku: 'AUR-BR-0420', quantity: 8, due: 30, metal: 'fixed', size: '2.4' },
			{ sku: 'AUR-BR-0420', quantity: 8, due: 30, metal: 'fixed', size: '2.6', weightFactor: 1.05 },
			{ sku: 'AUR-BR-0420', quantity: 8, due: 30, metal: 'fixed', size: '2.8', weightFactor: 1.1 }
		],
		steps: [
			{ at: 0.1, do: 'send' },
			{
				at: 1.3,
				do: 'decline',
				by: 'kavya',
				reason:
					'Our enamel artisan is booked for the wedding season until mid-January; we cannot meet these dates. We would gladly take it for a later delivery.'
			}
		]
	},

	// ------------------------------------------------ revised
	{
		// two changes accepted (revision 2), then a size added (revision 3), acknowledged
		vendor: W.SIAM,
		by: 'marcus',
		collection: BRIDAL,
		ago: 31,
		lines: [
			ring('AUR-RG-0170', 6, 12, 42, 'market', { stonesMinor: SIAM_HALF_ETERNITY }),
			ring('AUR-RG-0170', 6.5, 16, 42, 'market', { stonesMinor: SIAM_HALF_ETERNITY }),
			ring('AUR-RG-0170', 7, 12, 42, 'market', { stonesMinor: SIAM_HALF_ETERNITY }),
			{ sku: 'AUR-PD-0601', quantity: 30, due: 38, metal: 'market', alloy: '14KW', variant: ', 14K white', stonesMinor: SIAM_PENDANT_STONE }
		],
		steps: [
			{ at: 0.1, do: 'send' },
			{
				at: 2,
				do: 'request_changes',
				by: 'somchai',
				changes: [
					{
						line: 2,
						quantity: 12,
						reason:
							'We can match only 132 lab-grown 2.0 mm stones from one colour batch this month: 12 rings in size 6.5 now, the other 4 with the next lot.'
					},
					{ line: 4, dueShift: 10, reason: 'The 0.50 ct bezel cups are on back order with our findings supplier; we need 10 more days.' }
				]
			},
			{ at: 3, do: 'decide', accept: [2, 4], notes: { 2: 'Fine: the other 4 go on the next replenishment PO.' } },
			{
				at: 5,
				do: 'revise',
				note: 'Bridal pre-orders: size 5.5 added',
				edit: (lines, add) =>
					add(
						ring('AUR-RG-0170', 5.5, 6, 42, 'market', {
							stonesMinor: SIAM_HALF_ETERNITY,
							notes: 'Pre-orders: engrave nothing, box individually.'
						})
					)
			},
			{
				at: 5.1,
				do: 'message',
				by: 'marcus',
				body: 'Revision 3 only adds six rings in size 5.5 for bridal pre-orders; everything else as agreed.'
			},
			{ at: 6.4, do: 'view', by: 'somchai' },
			{ at: 6.5, do: 'acknowledge', by: 'somchai', promise: 12 },
			{ at: 7, do: 'view', by: 'marcus' }
		]
	},
	{
		// acknowledged, then two more rings: revision 2 waits for the workshop
		vendor: W.ANTWERP,
		by: 'sofia',
		collection: BRIDAL,
		ago: 24,
		notes: 'GIA stones on memo from Maison Aurelle.',
		lines: [
			ring('AUR-RG-0190', 5.5, 2, 35, 'consigned', onePerPiece),
			ring('AUR-RG-0190', 6, 2, 35, 'consigned', onePerPiece),
			ring('AUR-RG-0190', 6.5, 2, 35, 'consigned', onePerPiece),
			ring('AUR-RG-0105', 6, 3, 35, 'consigned', onePerPiece)
		],
		steps: [
			{ at: 0.1, do: 'send' },
			{ at: 2, do: 'acknowledge', by: 'noor' },
			{
				at: 9,
				do: 'revise',
				note: 'Client orders: two more emerald-cut rings in size 5.5',
				edit: (lines) => {
					lines[0].quantity = 4;
					lines[3].dueDate = shiftIso(lines[3].dueDate, 7);
				}
			},
			{
				at: 9.1,
				do: 'message',
				by: 'sofia',
				body: 'Revision 2: two more emerald-cut rings in size 5.5 for client orders. The GIA stones go out on memo with tomorrow’s shipment.'
			}
		]
	},
	{
		// change refused, then met halfway in revision 2, acknowledged
		vendor: W.VICENZA,
		by: 'marcus',
		collection: CORE,
		ago: 18,
		lines: [
			chain('AUR-NK-0512', '18KY', 42, 42, 20, 35),
			chain('AUR-NK-0512', '18KR', 42, 42, 15, 35),
			chain('AUR-NK-0512', '18KY', 45, 42, 20, 35)
		],
		steps: [
			{ at: 0.1, do: 'send' },
			{
				at: 1.5,
				do: 'request_changes',
				by: 'giulia',
				changes: [1, 2, 3].map((line) => ({
					line,
					unitPrice: '5.40',
					reason: 'Our 18K alloy supplier added a surcharge from this month; our labour is 5.40 per gram.'
				}))
			},
			{
				at: 2.5,
				do: 'decide',
				accept: [],
				notes: { 1: 'We keep the agreed 5.00 for this order; let us talk about next season’s rates on Thursday’s call.' }
			},
			{
				at: 4,
				do: 'revise',
				note: 'Labour met halfway after our call: 5.20 per gram',
				edit: (lines) => {
					for (const line of lines) line.laborUnitPrice = '5.20';
				}
			},
			{ at: 4.8, do: 'acknowledge', by: 'giulia' }
		]
	},
	{
		// revised twice; revision 3 waits for the workshop
		vendor: W.BROOKLYN,
		by: 'marcus',
		collection: BRIDAL,
		ago: 14,
		lines: [
			ring('AUR-RG-0150', 6, 12, 30, 'consigned'),
			ring('AUR-RG-0150', 7, 10, 30, 'consigned'),
			{ sku: 'AUR-BR-0410', quantity: 15, due: 30, metal: 'consigned', size: '62 mm' }
		],
		steps: [
			{ at: 0.1, do: 'send' },
			{ at: 1, do: 'acknowledge', by: 'luis' },
			{
				at: 4,
				do: 'revise',
				note: 'Bangle width 2.5 → 3 mm after the design review',
				edit: (lines) => {
					lines[2].description = 'Knife-edge bangle, 3 mm';
					lines[2].targetWeight = '11.4';
					lines[2].weightTolerance = '0.6';
				}
			},
			{ at: 5, do: 'acknowledge', by: 'luis' },
			{
				at: 8,
				do: 'revise',
				note: 'Pre-orders on the dome ring in size 6',
				edit: (lines) => {
					lines[0].quantity = 18;
				}
			},
			{ at: 8.05, do: 'message', by: 'marcus', body: 'Six more dome rings in size 6, same dates. Please acknowledge revision 3.' }
		]
	},

	// ------------------------------------------------ changes requested, waiting for ops
	{
		vendor: W.SIAM,
		by: 'marcus',
		collection: CORE,
		ago: 9,
		lines: [
			ring('AUR-RG-0135', 6, 30, 35, 'market'),
			ring('AUR-RG-0135', 7, 30, 35, 'market'),
			ring('AUR-RG-0135', 8, 30, 35, 'market'),
			ring('AUR-RG-0135', 7, 20, 35, 'market', { alloy: '14KR', variant: ', 14K rose' })
		],
		steps: [
			{ at: 0.1, do: 'send' },
			{
				at: 2.2,
				do: 'request_changes',
				by: 'nok',
				changes: [
					{
						line: 4,
						dueShift: 10,
						reason: '14K rose casting grain is on back order with our refiner; we can deliver the rose bands 10 days later.'
					}
				]
			}
		]
	},
	{
		vendor: W.CANAL,
		by: 'sofia',
		collection: BRIDAL,
		ago: 7,
		notes: 'Stones on memo from Maison Aurelle; castings from Brooklyn Cast & Finish.',
		lines: [
			{ sku: 'AUR-BR-0402', quantity: 20, due: 28, metal: 'consigned', size: '17.5 cm' },
			{ sku: 'AUR-NK-0520', quantity: 25, due: 28, metal: 'consigned', size: '45 cm' }
		],
		steps: [
			{ at: 0.1, do: 'send' },
			{
				at: 1.1,
				do: 'request_changes',
				by: 'grace',
				changes: [
					{
						line: 1,
						unitPrice: '3.60',
						reason: 'Tightly calibrated 2.5 mm lab-grown stones: every seat is cut by hand. Our price is 3.60 per stone.'
					},
					{ line: 2, quantity: 20, reason: 'We have bezel cups for 100 stations only: 20 necklaces now, 5 more with the next order.' }
				]
			}
		]
	},
	{
		vendor: W.JAIPUR,
		by: 'marcus',
		collection: BRIDAL,
		ago: 6,
		lines: [{ sku: 'AUR-ER-0340', quantity: 8, due: 45, metal: 'fixed', stonesMinor: JAIPUR_POLKI_PAIR }],
		steps: [
			{ at: 0.1, do: 'send' },
			{
				at: 2,
				do: 'request_changes',
				by: 'rohan',
				changes: [
					{ line: 1, dueShift: 14, reason: 'Matching the polki slices for eight pairs takes two more weeks; every pair is matched by eye.' }
				]
			},
			{ at: 2.05, do: 'message', by: 'rohan', body: 'Photos of the matched pairs will follow here as soon as the first four are ready.' }
		]
	},

	// ------------------------------------------------ acknowledged
	{
		vendor: W.SIAM,
		by: 'marcus',
		collection: BRIDAL,
		ago: 36,
		lines: [
			{ sku: 'AUR-ER-0330', quantity: 60, due: 48, metal: 'market', stonesMinor: SIAM_STUDS_PAIR },
			{ sku: 'AUR-PD-0601', quantity: 40, due: 48, metal: 'market', stonesMinor: SIAM_PENDANT_STONE, size: '45 cm chain' }
		],
		steps: [
			{ at: 0.1, do: 'send' },
			{ at: 2, do: 'acknowledge', by: 'somchai', promise: 14 },
			{ at: 30, do: 'message', by: 'marcus', body: 'Could you send a photo of the first pair of studs before setting the rest?' }
		]
	},
	{
		vendor: W.SIAM,
		by: 'sofia',
		collection: CORE,
		ago: 27,
		notes: 'Size run for stock: box per size, size stamped inside the shank next to 585 and AUR.',
		lines: siamSizeRun(40),
		steps: [
			{ at: 0.1, do: 'send' },
			{ at: 3, do: 'acknowledge', by: 'somchai', promise: 10 }
		]
	},
	{
		vendor: W.BROOKLYN,
		by: 'sofia',
		collection: HOLIDAY,
		ago: 33,
		lines: [
			{
				sku: 'AUR-CF-0701',
				quantity: 20,
				due: 40,
				metal: 'consigned',
				notes: 'Initials engraved later by 47th Street Repair Bench: leave the ovals blank.'
			},
			{ sku: 'AUR-ER-0311', quantity: 50, due: 40, metal: 'consigned' }
		],
		steps: [
			{ at: 0.1, do: 'send' },
			{ at: 1.1, do: 'acknowledge', by: 'dana' }
		]
	},
	{
		vendor: W.CANAL,
		by: 'marcus',
		collection: BRIDAL,
		ago: 21,
		notes: 'IGI stones on memo from Maison Aurelle; platinum castings from Brooklyn Cast & Finish.',
		lines: [
			ring('AUR-RG-0101', 6, 10, 35, 'consigned'),
			ring('AUR-RG-0101', 6.5, 10, 35, 'consigned'),
			ring('AUR-RG-0125', 6, 8, 35, 'consigned', { notes: 'Halo melee on memo M-2026-211.' })
		],
		steps: [
			{ at: 0.1, do: 'send' },
			{
				at: 0.2,
				do: 'message',
				by: 'marcus',
				body: 'Please confirm the prong height on the solitaire: the CAD shows the claws 1.2 mm above the girdle.'
			},
			{
				at: 1,
				do: 'message',
				by: 'arman',
				body: 'Confirmed: claws 1.2 mm above the girdle, tips rounded. Photo of the first setting on Tuesday.'
			},
			{ at: 1.1, do: 'acknowledge', by: 'arman' }
		]
	},
	{
		vendor: W.ANTWERP,
		by: 'marcus',
		collection: CORE,
		ago: 16,
		notes: 'Akoya pearls on memo from Maison Aurelle.',
		lines: [{ sku: 'AUR-ER-0350', quantity: 24, due: 30, metal: 'consigned' }],
		steps: [
			{ at: 0.1, do: 'send' },
			{ at: 2, do: 'acknowledge', by: 'pieter' }
		]
	},
	{
		vendor: W.JAIPUR,
		by: 'sofia',
		collection: HOLIDAY,
		ago: 26,
		lines: [{ sku: 'AUR-PD-0620', quantity: 30, due: 38, metal: 'fixed', stonesMinor: JAIPUR_KUNDAN, size: '18 in cord' }],
		steps: [
			{ at: 0.1, do: 'send' },
			{ at: 3, do: 'acknowledge', by: 'kavya', promise: -2 }
		]
	},
	{
		vendor: W.REPAIR,
		by: 'marcus',
		collection: CORE,
		ago: 10,
		lines: [
			{
				sku: 'AUR-CH-0801',
				quantity: 52,
				due: 21,
				metal: 'consigned',
				notes: 'Two of each letter A–Z, script font as on the sample; list in the job bag.'
			}
		],
		steps: [
			{ at: 0.1, do: 'send' },
			{ at: 1, do: 'acknowledge', by: 'yosef' }
		]
	},
	{
		vendor: W.CAD,
		by: 'sofia',
		collection: BRIDAL,
		ago: 8,
		lines: [
			{ sku: 'AUR-RG-0160', quantity: 1, due: 14, metal: 'consigned', size: '6', variant: ': CAD model and resin print' },
			{
				sku: 'AUR-RG-0160',
				quantity: 1,
				due: 14,
				metal: 'consigned',
				size: '6',
				alloy: 'PT950',
				variant: ': CAD model and resin print, platinum version'
			}
		],
		steps: [
			{ at: 0.1, do: 'send' },
			{ at: 1, do: 'acknowledge', by: 'noah' },
			{
				at: 3,
				do: 'message',
				by: 'iris',
				body: 'First renders are done: the pear sits 0.3 mm lower than the oval so the girdles meet. STL and renders follow today.'
			}
		]
	},

	// ------------------------------------------------ in production: between them, job bags in every stage
	{
		// lines 1–15 cable chains, 16–30 rope, 31–42 the 42 cm box chains due a week earlier, 43–50 bracelets
		vendor: W.VICENZA,
		by: 'marcus',
		collection: HOLIDAY,
		ago: 42,
		notes: 'Stock chains for the holiday windows. Lobster clasps, tags stamped 750 and AUR.',
		lines: vicenzaChainRun(45),
		steps: [
			{ at: 0.1, do: 'send' },
			{ at: 2, do: 'acknowledge', by: 'marco', promise: 9 },
			// the box chains first: done
			...flow(CASTER, { by: 'marco', from: 6, lines: range(31, 42), photos: ['Polishing'] }),
			// yellow cable chains ahead of plan, in final QC; white and rose a day late into polishing
			...flow(CASTER, { by: 'chiara', from: 22, lines: range(1, 5), inStage: 'QC and finishing' }),
			...flow(CASTER, { by: 'chiara', from: 25, lines: range(6, 15), slip: { 'Clean-up and filing': 1.8 }, inStage: 'Polishing' }),
			// rope chains: two slow days in casting, still in clean-up past its planned finish
			...flow(CASTER, { by: 'marco', from: 24, lines: range(16, 30), slip: { Casting: 2 }, inStage: 'Clean-up and filing' }),
			// bracelets: the rose ones were recast after porosity, still in casting
			...flow(CASTER, { by: 'marco', from: 26, lines: range(43, 50), inStage: 'Casting' }),
			{
				at: 35.5,
				do: 'problem',
				by: 'giulia',
				lines: range(47, 50),
				reason: 'casting_defect',
				note: 'Porosity in the 18K rose links of the first casting: we recast these four lengths with fresh grain.'
			},
			{ at: 36.5, do: 'stage', by: 'marco', action: 'finish', stage: 'Casting', lines: range(43, 46) },
			...flow(CASTER, {
				by: 'marco',
				from: 36.6,
				lines: range(43, 46),
				startAt: 'Clean-up and filing',
				slip: { 'Clean-up and filing': -0.4 },
				inStage: 'Polishing'
			}),
			{
				at: 40.5,
				do: 'resolve',
				by: 'giulia',
				lines: range(47, 50),
				resolution: 'Recast with fresh grain; the new links are clean under the loupe.'
			}
		]
	},
	{
		vendor: W.SIAM,
		by: 'marcus',
		collection: HOLIDAY,
		ago: 58,
		lines: [
			{ sku: 'AUR-BR-0415', quantity: 40, due: 50, metal: 'market', size: '17 cm' },
			{ sku: 'AUR-ER-0322', quantity: 30, due: 50, metal: 'market', stonesMinor: SIAM_PAVE_MELEE }
		],
		steps: [
			{ at: 0.1, do: 'send' },
			{ at: 2.5, do: 'acknowledge', by: 'somchai' },
			{ at: 6.5, do: 'stage', by: 'anan', action: 'start', stage: 'Print / wax', lines: [2] },
			{ at: 8.9, do: 'stage', by: 'anan', action: 'finish', stage: 'Print / wax', lines: [2] },
			{ at: 9, do: 'message', by: 'anan', body: 'Wax for line 2 approved, casting Monday.' },
			{ at: 9.3, do: 'message', by: 'marcus', body: 'Great. Please keep the huggie hinges on the firm side, as on the approved sample.' },
			{ at: 10, do: 'view', by: 'anan' },
			...flow(CASTER, { by: 'anan', from: 11.5, lines: [2], startAt: 'Casting', inStage: 'Clean-up and filing', weigh: true }),
			{
				at: 36.5,
				do: 'stage',
				by: 'anan',
				action: 'finish',
				stage: 'Clean-up and filing',
				lines: [2],
				note: 'Pavé seats re-cut by hand before the melee went in.'
			},
			{ at: 44, do: 'stage', by: 'anan', action: 'start', stage: 'Polishing', lines: [2], weigh: 1.035 },
			{
				at: 47.2,
				do: 'problem',
				by: 'somchai',
				lines: [2],
				reason: 'waiting_for_findings',
				note: 'The hinged clicks for the huggies are on back order with our findings supplier; the 30 pairs wait in polishing until they come.'
			},
			// the bracelets, cast later, went straight through
			...flow(CASTER, { by: 'nok', from: 30, lines: [1], weigh: true }),
			{
				at: 48,
				do: 'message',
				by: 'somchai',
				body: 'Line 1 is polished and in final QC. Line 2 waits in polishing for the hinged clicks, which our findings supplier now promises for next week; we ship both together.'
			}
		]
	},
	{
		vendor: W.BROOKLYN,
		by: 'marcus',
		collection: CORE,
		ago: 38,
		lines: [ring('AUR-RG-0142', 8, 10, 43, 'consigned'), ring('AUR-RG-0142', 9, 10, 43, 'consigned')],
		steps: [
			{ at: 0.1, do: 'send' },
			{ at: 0.8, do: 'acknowledge', by: 'luis' },
			...flow(CASTER, { by: 'luis', from: 20, lines: [1], slip: { Casting: -1 }, weigh: true, inStage: 'QC and finishing' }),
			{
				at: 21,
				do: 'problem',
				by: 'dana',
				lines: [2],
				reason: 'question_on_spec',
				note: 'Size 9 shank: the CAD file says 2.2 mm wide, the spec sheet 2.0 mm. Which one do we cast?'
			},
			{
				at: 36.8,
				do: 'resolve',
				by: 'marcus',
				lines: [2],
				resolution: 'Cast at 2.0 mm, as on the spec sheet; Silver Lake has corrected the CAD file.'
			},
			// size 9 only starts now, two weeks behind its plan
			{ at: 37.2, do: 'stage', by: 'luis', action: 'start', stage: 'Print / wax', lines: [2] }
		]
	},
	{
		vendor: W.CANAL,
		by: 'sofia',
		collection: HOLIDAY,
		ago: 49,
		notes: 'Stones on memo from Maison Aurelle; castings from Brooklyn Cast & Finish.',
		lines: [{ sku: 'AUR-BR-0402', quantity: 60, due: 46, metal: 'consigned', size: '17.5 cm' }],
		steps: [
			{ at: 0.1, do: 'send' },
			{ at: 1, do: 'acknowledge', by: 'arman' },
			...flow(SETTER, { by: 'grace', from: 36, inStage: 'Stone setting' }),
			{
				at: 45.5,
				do: 'stage',
				by: 'grace',
				action: 'finish',
				stage: 'Stone setting',
				quantity: 40,
				note: '40 of 60 set; the other 20 follow this week.'
			},
			{ at: 46.2, do: 'message', by: 'sofia', body: 'Where are we on the tennis bracelets? Our holiday windows open on Monday.' },
			{
				at: 46.6,
				do: 'message',
				by: 'grace',
				body: 'Setting is finished on 40 of 60; polishing Thursday, and we ship Friday with FedEx Priority, insured.'
			},
			{ at: 47, do: 'view', by: 'sofia' },
			{ at: 48.3, do: 'stage', by: 'arman', action: 'start', stage: 'Polishing', quantity: 40, weigh: 1.035 }
		]
	},
	{
		vendor: W.ANTWERP,
		by: 'sofia',
		collection: BRIDAL,
		ago: 30,
		notes: 'GIA stones on memo from Maison Aurelle.',
		lines: [5, 5.5, 6, 6.5, 7].map((size) => ring('AUR-RG-0105', size, 2, 40, 'consigned', onePerPiece)),
		steps: [
			{ at: 0.1, do: 'send' },
			{ at: 2, do: 'acknowledge', by: 'pieter' },
			// the memo parcel came four days ahead of plan, without the stones for size 7
			...flow(SETTER, { by: 'noor', from: 26, lines: [1, 2, 3, 4], inStage: 'Stones checked in' }),
			{ at: 26, do: 'stage', by: 'noor', action: 'start', stage: 'Stones checked in', lines: [5] },
			{
				at: 26.1,
				do: 'problem',
				by: 'noor',
				lines: [5],
				reason: 'waiting_for_stones',
				note: 'The memo parcel came without the two 1.00 ct ovals for size 7 (GIA 2231847710 and 2231847725 on memo M-2026-187).'
			},
			{
				at: 27,
				do: 'stage',
				by: 'noor',
				action: 'finish',
				stage: 'Stones checked in',
				lines: [1, 2, 3, 4],
				note: 'GIA reports match the memo.'
			},
			...flow(SETTER, { by: 'pieter', from: 27.2, lines: [1, 2], startAt: 'Stone setting', inStage: 'Stone setting' }),
			{ at: 29.4, do: 'stage', by: 'pieter', action: 'finish', stage: 'Stone setting', lines: [1] },
			{ at: 29.6, do: 'stage', by: 'noor', action: 'start', stage: 'Polishing', lines: [1] }
		]
	},
	{
		vendor: W.JAIPUR,
		by: 'marcus',
		collection: HOLIDAY,
		ago: 62,
		lines: [{ sku: 'AUR-ER-0340', quantity: 10, due: 57, metal: 'fixed', stonesMinor: JAIPUR_POLKI_PAIR }],
		steps: [
			{ at: 0.1, do: 'send' },
			{ at: 3, do: 'acknowledge', by: 'rohan' },
			...flow(SETTER, { by: 'kavya', from: 44, slip: { 'Stone setting': 3, Polishing: 1.3 }, weigh: true, inStage: 'QC and finishing' }),
			{
				at: 60,
				do: 'message',
				by: 'rohan',
				body: 'The polki pairs are in final QC: two posts are being re-soldered. We ship with the next Malca-Amit pickup.'
			}
		]
	},

	// ------------------------------------------------ sent, waiting for the workshop
	{
		vendor: W.SIAM,
		by: 'marcus',
		collection: BRIDAL,
		ago: 6.2,
		lines: [
			{ sku: 'AUR-ER-0322', quantity: 40, due: 42, metal: 'market', stonesMinor: SIAM_PAVE_MELEE },
			{ sku: 'AUR-ER-0330', quantity: 30, due: 42, metal: 'market', stonesMinor: SIAM_STUDS_PAIR }
		],
		steps: [
			{ at: 0.2, do: 'send' },
			{
				at: 3,
				do: 'message',
				by: 'marcus',
				body: 'The lab-grown studs need an IGI report for every pair; please quote the grading separately if it is not included.'
			}
		]
	},
	{
		vendor: W.BROOKLYN,
		by: 'marcus',
		collection: CORE,
		ago: 4.6,
		lines: [{ sku: 'AUR-ER-0311', quantity: 80, due: 30, metal: 'consigned' }, ring('AUR-RG-0142', 7, 6, 30, 'consigned')],
		steps: [{ at: 0.1, do: 'send' }]
	},
	{
		vendor: W.VICENZA,
		by: 'sofia',
		collection: BRIDAL,
		ago: 2.1,
		lines: [chain('AUR-NK-0505', '18KY', 45, 45, 30, 35), chain('AUR-NK-0505', '18KW', 45, 45, 20, 35)],
		steps: [{ at: 0.1, do: 'send' }]
	},
	{
		vendor: W.ANTWERP,
		by: 'marcus',
		collection: BRIDAL,
		ago: 1.2,
		notes: 'GIA stones on memo from Maison Aurelle.',
		lines: [ring('AUR-RG-0190', 6, 3, 40, 'consigned', onePerPiece), ring('AUR-RG-0190', 6.5, 3, 40, 'consigned', onePerPiece)],
		steps: [{ at: 0.2, do: 'send' }]
	},
	{
		vendor: W.CANAL,
		by: 'marcus',
		collection: CORE,
		ago: 0.4,
		notes: 'Melee on memo from Maison Aurelle.',
		lines: [
			ring('AUR-RG-0118', 6, 10, 30, 'consigned'),
			ring('AUR-RG-0118', 6.5, 10, 30, 'consigned'),
			ring('AUR-RG-0118', 7, 10, 30, 'consigned')
		],
		steps: [{ at: 0.1, do: 'send' }]
	},

	// ------------------------------------------------ drafts
	{
		vendor: W.SIAM,
		by: 'marcus',
		collection: BRIDAL,
		ago: 3,
		lines: [
			...[5.5, 6, 6.5, 7].map((size) => ring('AUR-RG-0170', size, 8, 45, 'market', { stonesMinor: SIAM_HALF_ETERNITY })),
			{ sku: 'AUR-PD-0601', quantity: 24, due: 45, metal: 'market', stonesMinor: SIAM_PENDANT_STONE }
		],
		steps: []
	},
	{
		vendor: W.BROOKLYN,
		by: 'sofia',
		collection: null,
		ago: 1,
		lines: [{ sku: 'AUR-BR-0410', quantity: 25, due: 35, metal: 'consigned', size: '62 mm' }],
		steps: []
	},
	{
		vendor: W.CHAO_PHRAYA,
		by: 'sofia',
		collection: BRIDAL,
		ago: 2,
		notes: 'New quote after the first PO was declined: delivery in February, as proposed by the workshop.',
		lines: [
			ring('AUR-RG-0181', 6, 3, 80, 'consigned'),
			ring('AUR-RG-0181', 6.5, 3, 80, 'consigned'),
			ring('AUR-RG-0181', 7, 3, 80, 'consigned')
		],
		steps: []
	},
	{
		vendor: W.JAIPUR,
		by: 'marcus',
		collection: BRIDAL,
		ago: 0.2,
		lines: [{ sku: 'AUR-PD-0620', quantity: 15, due: 50, metal: 'fixed', stonesMinor: JAIPUR_KUNDAN, size: '18 in cord' }],
		steps: []
	}
];

/** The daily reminder job, as it ran two days ago: POs unanswered for 3+ days get their e-mail. */
const REMINDER_RUN_DAYS_AGO = 2;

// ---------------------------------------------------------------- money, metal, dates

/** Price of one gram of fine metal, by currency (minor units), late 2026. */
const metalPrices: Record<string, Record<'gold' | 'platinum' | 'silver' | 'palladium', number>> = {
	USD: { gold: 13_180, platinum: 5_020, silver: 162, palladium: 3_600 },
	EUR: { gold: 11_335, platinum: 4_317, silver: 139, palladium: 3_096 },
	THB: { gold: 428_350, platinum: 163_150, silver: 5_265, palladium: 117_000 },
	INR: { gold: 1_166_400, platinum: 444_300, silver: 14_340, palladium: 318_600 }
};

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
function shiftIso(iso: string, days: number): string {
	return isoDay(Date.parse(`${iso}T00:00:00Z`) + days * DAY);
}

// ---------------------------------------------------------------- who is who

interface Cast {
	people: Map<Who, Actor>;
	vendors: Map<string, { id: string; currency: string }>;
	styles: Map<string, DemoStyle & { id: string }>;
}

async function loadCast(styleIds: Map<string, string>): Promise<Cast> {
	const rows = await asSystem((tx) =>
		tx
			.select({
				userId: appUser.id,
				name: appUser.name,
				email: appUser.email,
				role: membership.role,
				vendorId: membership.vendorId,
				vendorName: vendor.name
			})
			.from(membership)
			.innerJoin(appUser, eq(appUser.id, membership.userId))
			.leftJoin(vendor, eq(vendor.id, membership.vendorId))
	);
	const people = new Map<Who, Actor>(rows.map((row) => [row.email.split('@')[0], actorFromMembership(row)]));
	const vendors = new Map(
		(await asSystem((tx) => tx.select({ id: vendor.id, name: vendor.name, currency: vendor.currency }).from(vendor))).map((v) => [
			v.name,
			v
		])
	);
	const styles = new Map(
		demoStyles.map((s) => {
			const id = styleIds.get(s.sku);
			if (!id) throw new Error(`demo style ${s.sku} was not inserted`);
			return [s.sku, { ...s, id }];
		})
	);
	return { people, vendors, styles };
}

function person(cast: Cast, who: Who): Actor {
	const actor = cast.people.get(who);
	if (!actor) throw new Error(`demo seed: nobody called ${who}`);
	return actor;
}
function staff(cast: Cast, who: Who): StaffActor {
	const actor = person(cast, who);
	if (actor.kind !== 'staff') throw new Error(`demo seed: ${who} is not brand staff`);
	return actor;
}
function workshopPerson(cast: Cast, who: Who): VendorActor {
	const actor = person(cast, who);
	if (actor.kind !== 'vendor') throw new Error(`demo seed: ${who} does not work at a workshop`);
	return actor;
}

// ---------------------------------------------------------------- plans into service input

/** A line as the PO editor would send it, from the style and the plan, dated from the day the PO is drafted. */
function lineForm(cast: Cast, plan: LinePlan, currency: string, draftedAt: number): PoLineForm {
	const s = cast.styles.get(plan.sku);
	if (!s) throw new Error(`demo seed: no style ${plan.sku}`);
	const alloyCode = plan.alloy ?? s.alloy;
	const alloy = findAlloy(alloyCode);
	if (!alloy) throw new Error(`demo seed: no alloy ${alloyCode}`);
	const factor = plan.weightFactor ?? 1;
	const labor = plan.labor ?? { basis: s.laborBasis, minor: s.laborMinor };
	const metalPrice = plan.metal === 'consigned' ? null : metalPrices[currency][alloy.metal];
	return {
		id: '',
		styleId: s.id,
		sku: s.sku,
		description: `${s.name}${plan.variant ?? ''}`,
		quantity: plan.quantity,
		size: plan.size ?? '',
		jobBags: plan.jobBags ?? 'batch',
		alloy: alloy.code,
		targetWeight: mgToGramsString(Math.round(s.weightMg * factor)),
		weightTolerance: mgToGramsString(Math.round(s.toleranceMg * factor)),
		stoneSpec: s.stoneSpec,
		stoneCount: s.stoneCount,
		hasDiamonds: s.hasDiamonds,
		laborBasis: labor.basis,
		laborUnitPrice: minorToDecimalString(labor.minor, currency),
		metalBasis: plan.metal,
		metalPricePerGram: metalPrice === null ? '' : minorToDecimalString(metalPrice, currency),
		// a fixed price was fixed the day before the PO; a market price is an estimate, with no fix date
		metalFixDate: plan.metal === 'fixed' ? isoDay(draftedAt - DAY) : '',
		stonesUnitPrice: plan.stonesMinor ? minorToDecimalString(plan.stonesMinor, currency) : '',
		dueDate: isoDay(draftedAt + plan.due * DAY),
		notes: plan.notes ?? '',
		cancelled: false
	};
}

/** What the PO editor shows for a sent PO: its current lines and header, ready to be revised. */
async function currentDraft(poId: string): Promise<PoDraftForm> {
	const [po, lines] = await asSystem(async (tx) => [
		(await tx.select().from(purchaseOrder).where(eq(purchaseOrder.id, poId)))[0],
		await tx.select().from(purchaseOrderLine).where(eq(purchaseOrderLine.purchaseOrderId, poId)).orderBy(purchaseOrderLine.lineNo)
	]);
	const money = (minor: number | null) => (minor === null ? '' : minorToDecimalString(minor, po.currency));
	return poDraftSchema.parse({
		vendorId: po.vendorId,
		shipTo: po.shipTo,
		requestedDate: po.requestedDate ?? '',
		collection: po.collection ?? '',
		terms: po.terms,
		notes: po.notes,
		version: po.version,
		lines: lines.map((l) => ({
			id: l.id,
			styleId: l.styleId ?? '',
			sku: l.sku,
			description: l.description,
			quantity: l.quantity,
			size: l.size,
			jobBags: l.jobBags,
			alloy: l.alloy,
			targetWeight: mgToGramsString(l.targetWeightMg),
			weightTolerance: mgToGramsString(l.weightToleranceMg),
			stoneSpec: l.stoneSpec,
			stoneCount: l.stoneCount,
			hasDiamonds: l.hasDiamonds,
			laborBasis: l.laborBasis,
			laborUnitPrice: money(l.laborUnitPriceMinor),
			metalBasis: l.metalBasis,
			metalPricePerGram: money(l.metalPricePerGramMinor),
			metalFixDate: l.metalFixDate ?? '',
			stonesUnitPrice: l.stonesUnitPriceMinor ? money(l.stonesUnitPriceMinor) : '',
			dueDate: l.dueDate,
			notes: l.notes,
			cancelled: l.cancelled
		}))
	});
}

/** The PO's number, version and revision: what an action must quote back. */
async function header(poId: string) {
	const [row] = await asSystem((tx) =>
		tx
			.select({ number: purchaseOrder.number, version: purchaseOrder.version, revision: purchaseOrder.revision })
			.from(purchaseOrder)
			.where(eq(purchaseOrder.id, poId))
	);
	return row;
}

/** The lines the workshop still has to answer, with the revision they belong to. */
function pendingLines(poId: string) {
	return asSystem((tx) =>
		tx
			.select({
				id: purchaseOrderLine.id,
				lineNo: purchaseOrderLine.lineNo,
				dueDate: purchaseOrderLine.dueDate,
				revision: purchaseOrder.revision
			})
			.from(purchaseOrderLine)
			.innerJoin(purchaseOrder, eq(purchaseOrder.id, purchaseOrderLine.purchaseOrderId))
			.where(
				and(eq(purchaseOrderLine.purchaseOrderId, poId), eq(purchaseOrderLine.ackStatus, 'pending'), eq(purchaseOrderLine.cancelled, false))
			)
			.orderBy(purchaseOrderLine.lineNo)
	);
}

/** Open change requests with their line numbers, and the PO's version. */
function openRequests(poId: string) {
	return asSystem((tx) =>
		tx
			.select({ id: purchaseOrderChangeRequest.id, lineNo: purchaseOrderLine.lineNo, version: purchaseOrder.version })
			.from(purchaseOrderChangeRequest)
			.innerJoin(purchaseOrderLine, eq(purchaseOrderLine.id, purchaseOrderChangeRequest.lineId))
			.innerJoin(purchaseOrder, eq(purchaseOrder.id, purchaseOrderChangeRequest.purchaseOrderId))
			.where(and(eq(purchaseOrderChangeRequest.purchaseOrderId, poId), eq(purchaseOrderChangeRequest.status, 'open')))
	);
}

// ---------------------------------------------------------------- the replay

/**
 * A workshop's mail to the brand names an audience that the mail worker resolves to people; the
 * seed resolves it at once, so the copies are dated when the workshop wrote.
 */
async function toTheBrand(): Promise<void> {
	await expandAudiences(100);
}

interface Planned {
	at: number;
	order: number;
	label: string;
	run: () => Promise<void>;
}

export interface DemoPurchasingReport {
	purchaseOrders: number;
	steps: number;
}

/**
 * Drafts and runs every plan. `styleIds` are the catalogue's ids by SKU. With `travel` false (a
 * PostgreSQL server, whose clock the seed cannot move), everything happens now instead.
 */
export async function seedDemoPurchaseOrders(styleIds: Map<string, string>, options: { travel: boolean }): Promise<DemoPurchasingReport> {
	const today = realNow();
	// who is who, read just before the first PO: the clock never goes back once the history runs
	const start = today - Math.max(...plans.map((p) => p.ago)) * DAY - 60_000;
	const cast = options.travel ? await atMoment(start, () => loadCast(styleIds)) : await loadCast(styleIds);
	const timeline: Planned[] = [];
	const plan = (at: number, label: string, run: () => Promise<void>) => {
		if (at >= today) throw new Error(`demo seed: ${label} would happen in the future`);
		timeline.push({ at, order: timeline.length, label, run });
	};

	plans.forEach((p, index) => {
		const drafted = today - p.ago * DAY;
		// dates are given from the day the PO was drafted; without time travel that day is today
		const datedFrom = options.travel ? drafted : today;
		const workshop = cast.vendors.get(p.vendor);
		if (!workshop) throw new Error(`demo seed: no workshop named ${p.vendor}`);
		const ops = staff(cast, p.by);
		const po = { id: '' };
		const label = `PO ${index + 1} (${p.vendor})`;

		plan(drafted, `${label}: draft`, async () => {
			const lines = p.lines.map((l) => lineForm(cast, l, workshop.currency, datedFrom));
			const latest = p.lines.reduce((max, l) => Math.max(max, l.due), 0);
			const draft = poDraftSchema.parse({
				vendorId: workshop.id,
				shipTo: p.shipTo ?? RECEIVING_DOCK,
				requestedDate: isoDay(datedFrom + (p.requested ?? latest) * DAY),
				collection: p.collection ?? '',
				terms: DEFAULT_TERMS,
				notes: p.notes ?? '',
				lines
			});
			po.id = (await createPurchaseOrder(ops, draft)).poId;
		});

		for (const step of p.steps) {
			plan(drafted + step.at * DAY, `${label}: ${step.do}`, async () => {
				switch (step.do) {
					case 'send':
						return sendPurchaseOrder(ops, po.id, { version: (await header(po.id)).version });
					case 'acknowledge': {
						const open = await pendingLines(po.id);
						const answer = acknowledgeSchema.parse({
							revision: open[0].revision,
							lines: open.map((l) => ({ lineId: l.id, answer: 'acknowledge', promisedDate: shiftIso(l.dueDate, step.promise ?? 0) }))
						});
						await acknowledgePurchaseOrder(workshopPerson(cast, step.by), po.id, answer);
						return toTheBrand();
					}
					case 'request_changes': {
						const open = await pendingLines(po.id);
						const answer = acknowledgeSchema.parse({
							revision: open[0].revision,
							lines: open.map((l) => {
								const change = step.changes.find((c) => c.line === l.lineNo);
								if (!change) return { lineId: l.id, answer: 'acknowledge', promisedDate: l.dueDate };
								return {
									lineId: l.id,
									answer: 'change',
									quantity: change.quantity ?? '',
									unitPrice: change.unitPrice ?? '',
									dueDate: change.dueShift ? shiftIso(l.dueDate, change.dueShift) : '',
									reason: change.reason
								};
							})
						});
						await acknowledgePurchaseOrder(workshopPerson(cast, step.by), po.id, answer);
						return toTheBrand();
					}
					case 'decide': {
						const requests = await openRequests(po.id);
						const decisions = requests.map((r) => ({
							requestId: r.id,
							decision: step.accept.includes(r.lineNo) ? ('accept' as const) : ('reject' as const),
							note: step.notes?.[r.lineNo] ?? ''
						}));
						await decideChangeRequests(ops, po.id, { decisions, version: requests[0].version });
						return;
					}
					case 'revise': {
						const draft = await currentDraft(po.id);
						step.edit(draft.lines, (line) => draft.lines.push(lineForm(cast, line, workshop.currency, datedFrom)));
						const result = await revisePurchaseOrder(ops, po.id, { ...draft, revisionNote: step.note });
						if (!result.ok) throw new Error('a newer version was saved meanwhile');
						return;
					}
					case 'decline':
						await declinePurchaseOrder(workshopPerson(cast, step.by), po.id, {
							revision: (await header(po.id)).revision,
							reason: step.reason
						});
						return toTheBrand();
					case 'stage':
					case 'problem':
					case 'resolve':
						return runProductionStep({ poId: po.id, actor: (who) => person(cast, who) }, step);
					case 'close':
						return closePurchaseOrder(ops, po.id, { version: (await header(po.id)).version });
					case 'cancel':
						return cancelPurchaseOrder(ops, po.id, { reason: step.reason, version: (await header(po.id)).version });
					case 'message': {
						const author = person(cast, step.by);
						await postPurchaseOrderMessage(author, po.id, { body: step.body });
						if (author.kind === 'vendor') await toTheBrand();
						return;
					}
					case 'view':
						await getPurchaseOrder(person(cast, step.by), po.id);
						return;
				}
			});
		}
	});
	plan(today - REMINDER_RUN_DAYS_AGO * DAY, 'daily reminder job', async () => {
		await asSystem((tx) => remindUnacknowledgedPurchaseOrders(tx));
	});

	timeline.sort((a, b) => a.at - b.at || a.order - b.order);
	for (const step of timeline) {
		try {
			if (options.travel) await atMoment(step.at, step.run);
			else await step.run();
		} catch (error) {
			throw new Error(`demo seed: ${step.label} failed: ${(error as Error).message}`, { cause: error });
		}
	}

	// forecasts as of today, as the daily job leaves them: time has passed since the last update of each job
	await reforecastOpenJobs(todayIso());

	// the mail of that history went out when it happened; only what is due from today is still to send
	await asSystem((tx) =>
		tx
			.update(outboxMessage)
			.set({ status: 'sent', attempts: 1, sentAt: sql`${outboxMessage.createdAt}` })
			.where(
				and(
					or(like(outboxMessage.topic, 'purchase-order-%'), like(outboxMessage.topic, 'production-%')),
					eq(outboxMessage.status, 'pending'),
					isNull(outboxMessage.audience)
				)
			)
	);
	return { purchaseOrders: plans.length, steps: timeline.length };
}
