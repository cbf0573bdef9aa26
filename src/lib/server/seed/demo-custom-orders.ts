/**
 * Bespoke pieces for the brand's clients over the last two months, made through the same services
 * people use: ops write the brief with the client's photos, give it to Silver Lake CAD Studio, show
 * each version to the client and record their answer, take the client's deposits, and draft the
 * production PO for the caster once the design is approved and paid for. The designers upload their
 * renders, an STL model with every version and, once, a PDF specification sheet. Every status a
 * custom order can be in appears: a brief just written, one waiting for its first version, a version
 * 2 waiting after changes, an approved design whose 50% deposit is late, one in production, one
 * delivered, one cancelled.
 *
 * Like the repairs (demo-repairs.ts), the orders are plans replayed oldest first with the clock set to
 * each moment (seed-clock.ts); on a PostgreSQL server, whose clock the seed cannot move, it all happens
 * today. The images are drawn here from SVG (the client's stones and references as photographed at the
 * desk, the designer's renders from several angles, each version visibly different) and go through
 * the real upload checks (processInspirationImages, processDesignFiles).
 *
 * The production POs are drafted in the last hours, after the last PO of demo-purchase-orders.ts: PO
 * numbers follow the order POs were drafted in, and this strand is replayed after that one, so a PO
 * drafted earlier here would carry a later number than POs drafted after it. Hence the shortcut of the
 * delivered pendant: designed and paid over weeks, but its PO drafted, acknowledged and closed today.
 */
import { and, asc, eq, isNull, like, or, sql } from 'drizzle-orm';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import sharp from 'sharp';
import type { CustomerPaymentKind, ClientDecisionChannel } from '#lib/domain/custom-orders/reference.ts';
import { customOrderFormSchema } from '#lib/domain/custom-orders/schemas.ts';
import { acknowledgeSchema, todayIso } from '#lib/domain/purchase-orders/schemas.ts';

import { customOrder, customOrderPayment, outboxMessage, purchaseOrder, purchaseOrderLine } from '#lib/server/db/schema/index.ts';
import { asSystem } from '#lib/server/db/scope.ts';
import { expandAudiences } from '#lib/server/mail/sender.ts';
import { acknowledgePurchaseOrder, closePurchaseOrder, sendPurchaseOrder } from '#lib/server/purchase-orders/service.ts';
import { processDesignFiles, processInspirationImages, type ProcessedDesignFile } from '#lib/server/custom-orders/files.ts';
import {
	assignDesigner,
	cancelCustomOrder,
	completeCustomOrder,
	createCustomOrder,
	createProductionOrder,
	decideDesignVersion,
	recordPayment,
	schedulePayment,
	submitDesignVersion
} from '#lib/server/custom-orders/service.ts';
import { RECEIVING_DOCK, workshopNames as W } from './demo-catalogue.ts';
import { atMoment, realNow, resetSeedClock } from './seed-clock.ts';
import { loadCast, staffMember, workshopId, workshopPerson, type Who } from './demo-cast.ts';

const DAY = 86_400_000;

// ---------------------------------------------------------------- what a plan says

type Metal = 'yellow' | 'white' | 'rose' | 'platinum';
type StoneColour = 'white' | 'blue' | 'pearl';

/** A piece as the renders and photos draw it; two versions of one order differ in these. */
interface Design {
	kind: 'solitaire' | 'three_stone' | 'band' | 'signet' | 'pendant' | 'drops' | 'bracelet';
	metal: Metal;
	/** the centre stone: its face seen from above, in px at the render's scale */
	centre?: { cut: 'oval' | 'emerald' | 'cushion' | 'round'; length: number; width: number; colour?: StoneColour };
	/** side stones of a three-stone ring, px across */
	sides?: number;
	halo?: 'none' | 'visible' | 'hidden';
	/** small stones set along the shoulders (or all around a band) */
	pave?: boolean;
	/** the band's width across the finger, px; `taper` narrows it towards the back */
	band: number;
	taper?: boolean;
	/** claws holding the centre stone */
	claws?: 4 | 6;
}

type View = 'front' | 'top' | 'angle';

/** A photo at the brand's desk: the client's stone, their own ring, a crest drawn on paper, a clipping. */
type Inspiration =
	| { scene: 'tray'; name: string; design: Design }
	| { scene: 'velvet'; name: string; design: Design }
	| { scene: 'clipping'; name: string; design: Design; view: View }
	| { scene: 'crest'; name: string };

interface Brief {
	title: string;
	client: string;
	contact: string;
	/** US dollars, as typed */
	budget: string;
	alloy: string;
	stones: string;
	size: string;
	/** what the designer reads: never the client's name, contact or budget */
	brief: string;
	/** the piece is promised this many days from today */
	due: number;
	images: Inspiration[];
}

type Step =
	| { ago: number; do: 'assign' }
	| {
			ago: number;
			do: 'version';
			by: Who;
			note: string;
			design: Design;
			views: View[];
			/** a PDF specification sheet goes with the renders */
			spec?: SpecSheet;
	  }
	| { ago: number; do: 'changes'; comment: string; channel: ClientDecisionChannel }
	| { ago: number; do: 'approve'; comment: string; channel: ClientDecisionChannel }
	/** `paid`: recorded as paid when it is scheduled; `due`: days from today (before today = late) */
	| { ago: number; do: 'schedule'; kind: CustomerPaymentKind; amount: string; due?: number; paid?: string; note?: string }
	| { ago: number; do: 'paid'; kind: CustomerPaymentKind; reference: string }
	| { ago: number; do: 'production'; to: string; labor: string; due: number; notes: string }
	| { ago: number; do: 'send' }
	| { ago: number; do: 'acknowledge'; by: Who }
	| { ago: number; do: 'close' }
	| { ago: number; do: 'complete' }
	| { ago: number; do: 'cancel'; reason: string };

interface CustomOrderPlan {
	/** the ops person who wrote the brief and acts for the brand */
	by: Who;
	/** days before today the brief was written */
	ago: number;
	brief: Brief;
	steps: Step[];
}

interface SpecSheet {
	title: string;
	rows: [label: string, value: string][];
	notes: string[];
}

const CAD = W.CAD;
const CASTER = W.BROOKLYN;

const ovalSolitaireV1: Design = {
	kind: 'solitaire',
	metal: 'yellow',
	centre: { cut: 'oval', length: 150, width: 112 },
	halo: 'visible',
	pave: true,
	band: 30,
	claws: 4
};
const ovalSolitaireV2: Design = { ...ovalSolitaireV1, halo: 'hidden', pave: false, band: 24, taper: true };
const threeStoneV1: Design = {
	kind: 'three_stone',
	metal: 'platinum',
	centre: { cut: 'emerald', length: 140, width: 104, colour: 'blue' },
	sides: 84,
	band: 32,
	claws: 4
};
const threeStoneV2: Design = { ...threeStoneV1, sides: 62, band: 26, taper: true };
const cushionPendantV1: Design = {
	kind: 'pendant',
	metal: 'white',
	centre: { cut: 'cushion', length: 120, width: 116 },
	halo: 'visible',
	band: 10
};
const cushionPendantV2: Design = { ...cushionPendantV1, halo: 'hidden', band: 7 };

const plans: CustomOrderPlan[] = [
	// ------------------------------------------------ completed: an anniversary pendant around the client's own stone
	{
		by: 'sofia',
		ago: 58,
		brief: {
			title: 'Anniversary pendant around a cushion diamond',
			client: 'Evelyn Carmichael',
			contact: 'evelyn.carmichael@example.com · +1 212 555 0148',
			budget: '4800',
			alloy: '18KW',
			stones: 'The client’s own cushion diamond, 0.92 ct, about 5.9 × 5.6 mm; 16 round diamonds 1.1 mm for the halo',
			size: '18 in chain',
			brief:
				'A pendant for the stone from the client’s engagement ring, which she no longer wears. Cushion in four double claws, a fine halo of 16 small diamonds, a hidden bail so it hangs flat. Photo of the stone attached; it stays in our vault until setting.',
			due: 8,
			images: [
				{
					scene: 'tray',
					name: 'cushion-on-tray.jpg',
					design: { kind: 'pendant', metal: 'white', band: 0, centre: { cut: 'cushion', length: 120, width: 116 } }
				},
				{ scene: 'clipping', name: 'halo-pendant-reference.jpg', design: cushionPendantV1, view: 'front' }
			]
		},
		steps: [
			{ ago: 58, do: 'schedule', kind: 'cad_deposit', amount: '300', paid: 'Card in the Madison Avenue boutique' },
			{ ago: 57.9, do: 'assign' },
			{
				ago: 52,
				do: 'version',
				by: 'iris',
				note: 'Halo of 16 × 1.1 mm, bail on top as in the reference. STL attached.',
				design: cushionPendantV1,
				views: ['front', 'angle']
			},
			{
				ago: 50,
				do: 'changes',
				channel: 'in_person',
				comment: 'The client would like the halo finer and set lower, and the bail hidden behind the halo so the pendant hangs flat.'
			},
			{
				ago: 45,
				do: 'version',
				by: 'iris',
				note: 'Hidden bail behind the halo; halo lowered 0.4 mm with finer claws.',
				design: cushionPendantV2,
				views: ['front', 'angle']
			},
			{ ago: 43, do: 'approve', channel: 'in_person', comment: '' },
			{ ago: 43, do: 'schedule', kind: 'deposit', amount: '2250', paid: 'Card in the Madison Avenue boutique', note: '50% to start' },
			{ ago: 43, do: 'schedule', kind: 'balance', amount: '2250', due: 0, note: 'On delivery' },
			{
				ago: 0.14,
				do: 'production',
				to: CASTER,
				labor: '420.00',
				due: 6,
				notes: 'The client’s cushion diamond goes over on the brand’s memo; set it after polishing.'
			},
			{ ago: 0.13, do: 'send' },
			{ ago: 0.1, do: 'acknowledge', by: 'dana' },
			{ ago: 0.06, do: 'close' },
			{ ago: 0.05, do: 'paid', kind: 'balance', reference: 'Card, collected in the boutique' },
			{ ago: 0.04, do: 'complete' }
		]
	},
	// ------------------------------------------------ cancelled after the first version
	{
		by: 'sofia',
		ago: 41,
		brief: {
			title: 'Pearl and diamond drop earrings',
			client: 'Sophie Marchetti',
			contact: '+1 917 555 0116',
			budget: '2600',
			alloy: '18KY',
			stones: 'Two South Sea pearls, 11 mm, white (we source them); two round diamonds 0.15 ct each',
			size: '',
			brief: 'A diamond stud with the pearl hanging below on a short articulated link; the pearl must move freely. Lever backs.',
			due: 30,
			images: [{ scene: 'clipping', name: 'pearl-drops-reference.jpg', design: { kind: 'drops', metal: 'yellow', band: 0 }, view: 'front' }]
		},
		steps: [
			{ ago: 41, do: 'schedule', kind: 'cad_deposit', amount: '200', paid: 'Bank transfer' },
			{ ago: 40.8, do: 'assign' },
			{
				ago: 35,
				do: 'version',
				by: 'iris',
				note: 'First idea: 4-claw stud, two-link drop, pearl on a cup and peg.',
				design: { kind: 'drops', metal: 'yellow', band: 0 },
				views: ['front']
			},
			{
				ago: 31,
				do: 'cancel',
				reason:
					'The client chose the Aurelle pearl drops from the boutique collection instead. The CAD deposit is kept, as agreed with her.'
			}
		]
	},
	// ------------------------------------------------ in production: an engagement ring around the client's own oval
	{
		by: 'marcus',
		ago: 36,
		brief: {
			title: 'Engagement ring around a 1.2 ct oval',
			client: 'Daniel Hartmann',
			contact: 'daniel.hartmann@example.com · +1 646 555 0172',
			budget: '6500',
			alloy: '18KY',
			stones: 'The client’s own oval diamond, 1.21 ct, 8.1 × 6.0 mm, GIA report with the stone',
			size: '6',
			brief:
				'A classic solitaire for the client’s own oval, north–south, in four claws, low enough to wear every day. Open to a halo or pavé shoulders: show us. The stone is in our vault; photo on the tray attached.',
			due: 35,
			images: [
				{
					scene: 'tray',
					name: 'oval-on-tray.jpg',
					design: { kind: 'solitaire', metal: 'yellow', band: 0, centre: { cut: 'oval', length: 150, width: 112 } }
				},
				{ scene: 'clipping', name: 'thin-band-reference.jpg', design: ovalSolitaireV2, view: 'angle' }
			]
		},
		steps: [
			{ ago: 36, do: 'schedule', kind: 'cad_deposit', amount: '350', paid: 'Card in the Madison Avenue boutique' },
			{ ago: 35.8, do: 'assign' },
			{
				ago: 28,
				do: 'version',
				by: 'noah',
				note: 'Halo of 1.3 mm stones and pavé shoulders; band 2.2 mm. Three views and the STL.',
				design: ovalSolitaireV1,
				views: ['front', 'top', 'angle']
			},
			{
				ago: 25,
				do: 'changes',
				channel: 'phone',
				comment:
					'The client loves the oval but not a visible halo: please hide the halo under the stone and make the band plain, 1.8 mm, tapering slightly. Keep the four claws.'
			},
			{
				ago: 16,
				do: 'version',
				by: 'noah',
				note: 'Hidden halo under the girdle, plain band tapering from 2.0 to 1.8 mm. Spec sheet with the measurements attached.',
				design: ovalSolitaireV2,
				views: ['front', 'top', 'angle'],
				spec: {
					title: 'Oval solitaire with hidden halo, version 2',
					rows: [
						['Metal', '18K yellow gold (750)'],
						['Finger size', 'US 6 (16.5 mm inside)'],
						['Centre stone', 'Oval 8.1 × 6.0 mm, 1.21 ct (supplied by the brand)'],
						['Setting', '4 claws, north–south; claw tips 1.1 mm'],
						['Hidden halo', '14 round diamonds 1.0 mm under the girdle'],
						['Band', '2.0 mm at the shoulders, 1.8 mm at the back, comfort fit'],
						['Height', '6.4 mm from the finger to the table'],
						['Metal weight', 'about 3.6 g in 18K yellow after finishing'],
						['Tolerance', '± 0.1 mm on the seat; ± 5% on weight']
					],
					notes: [
						'Cast and polish before setting: the centre stone travels separately, on the brand’s memo.',
						'Seat cut to the GIA measurements; check the fit against the stone before the claws are closed.'
					]
				}
			},
			{ ago: 9, do: 'approve', channel: 'in_person', comment: 'Approved by the client in the Madison Avenue boutique.' },
			{ ago: 9, do: 'schedule', kind: 'deposit', amount: '2900', due: -2, note: '50% of the agreed price, to start production' },
			{ ago: 9, do: 'schedule', kind: 'balance', amount: '2550', due: 35, note: 'On delivery' },
			{ ago: 2, do: 'paid', kind: 'deposit', reference: 'Bank transfer, Chase ref. 6613' },
			{
				ago: 0.12,
				do: 'production',
				to: CASTER,
				labor: '480.00',
				due: 21,
				notes: 'Casting and polishing only: the centre stone is set in New York. STL of version 2 attached to the order.'
			},
			{ ago: 0.11, do: 'send' }
		]
	},
	// ------------------------------------------------ approved, the client's 50% deposit late: no PO yet
	{
		by: 'sofia',
		ago: 27,
		brief: {
			title: 'Eternity band to sit flush with a solitaire',
			client: 'Amelia Grant',
			contact: 'amelia.grant@example.com',
			budget: '3200',
			alloy: '18KR',
			stones: 'Round diamonds 1.8 mm, G/VS, shared claws, all around',
			size: '5½',
			brief:
				'A full eternity band curved to sit flush against a six-claw solitaire on a 2.2 mm band (photo of that ring attached). Shared claws, no gaps between stones.',
			due: 40,
			images: [
				{
					scene: 'velvet',
					name: 'solitaire-to-match.jpg',
					design: { kind: 'solitaire', metal: 'rose', band: 22, claws: 6, centre: { cut: 'round', length: 110, width: 110 } }
				}
			]
		},
		steps: [
			{ ago: 27, do: 'schedule', kind: 'cad_deposit', amount: '250', paid: 'Card by phone' },
			{ ago: 26.7, do: 'assign' },
			{
				ago: 11,
				do: 'version',
				by: 'iris',
				note: 'Curved at the top to follow the solitaire’s claws; 31 stones of 1.8 mm in shared claws.',
				design: { kind: 'band', metal: 'rose', pave: true, band: 26 },
				views: ['front', 'top']
			},
			{
				ago: 6,
				do: 'approve',
				channel: 'video_call',
				comment: 'The client approved the curve on a video call with both rings side by side.'
			},
			{ ago: 6, do: 'schedule', kind: 'deposit', amount: '1475', due: -2, note: '50% to start production' },
			{ ago: 6, do: 'schedule', kind: 'balance', amount: '1475', due: 40, note: 'On delivery' }
		]
	},
	// ------------------------------------------------ version 1 changed, version 2 waiting for the brand
	{
		by: 'marcus',
		ago: 21,
		brief: {
			title: 'Sapphire three-stone ring',
			client: 'Charlotte Ainsworth',
			contact: '+1 212 555 0191 · charlotte.ainsworth@example.com',
			budget: '9500',
			alloy: 'PT950',
			stones: 'Emerald-cut blue sapphire about 1.5 ct, 7.5 × 5.5 mm (we source it); two trapezoid diamonds about 0.25 ct',
			size: '6½',
			brief:
				'A three-stone ring with the sapphire in the centre and trapezoid diamonds either side, all in claws, on a slim platinum band.',
			due: 45,
			images: [{ scene: 'clipping', name: 'three-stone-reference.jpg', design: threeStoneV1, view: 'angle' }]
		},
		steps: [
			{ ago: 21, do: 'schedule', kind: 'cad_deposit', amount: '400', paid: 'Card in the Madison Avenue boutique' },
			{ ago: 20.8, do: 'assign' },
			{
				ago: 14,
				do: 'version',
				by: 'noah',
				note: 'Trapezoids at 0.25 ct each, straight shoulders, band 2.3 mm.',
				design: threeStoneV1,
				views: ['front', 'top']
			},
			{
				ago: 11,
				do: 'changes',
				channel: 'email',
				comment:
					'The side stones look too large next to the sapphire: bring them down to about 0.18 ct each, and taper the shoulders to 1.9 mm at the back.'
			},
			{
				ago: 2.5,
				do: 'version',
				by: 'noah',
				note: 'Trapezoids at 0.18 ct, shoulders tapering to 1.9 mm at the back.',
				design: threeStoneV2,
				views: ['front', 'top']
			}
		]
	},
	// ------------------------------------------------ with the designer, no version yet
	{
		by: 'sofia',
		ago: 6,
		brief: {
			title: 'Signet ring with a family crest',
			client: 'Henry Lockwood',
			contact: 'henry.lockwood@example.com',
			budget: '4200',
			alloy: '18KY',
			stones: '',
			size: '9½',
			brief:
				'Oval face 16 × 13 mm, flat top, the crest hand-engraved in reverse so it seals wax: a shield with a chevron between three stars, the motto ribbon below (drawing attached). Solid back, comfort-fit shank 3 mm at the base.',
			due: 50,
			images: [
				{ scene: 'crest', name: 'family-crest.jpg' },
				{ scene: 'clipping', name: 'signet-reference.jpg', design: { kind: 'signet', metal: 'yellow', band: 40 }, view: 'angle' }
			]
		},
		steps: [
			{ ago: 6, do: 'schedule', kind: 'cad_deposit', amount: '300', paid: 'Card by phone' },
			{ ago: 5.6, do: 'assign' }
		]
	},
	// ------------------------------------------------ a brief just written, no designer yet
	{
		by: 'marcus',
		ago: 1.5,
		brief: {
			title: 'Tennis bracelet remake',
			client: 'Victoria Langley',
			contact: '+1 917 555 0139',
			budget: '14000',
			alloy: '18KW',
			stones: 'The client’s 38 round diamonds from her mother’s bracelet (about 0.10 ct each), plus 4 to match',
			size: '17.5 cm',
			brief:
				'Remake of a worn bracelet (photo attached): each stone in its own four-claw box, hinged links that lie flat, a box clasp with two safety catches. Reuse every stone that passes our check.',
			due: 60,
			images: [
				{ scene: 'velvet', name: 'bracelet-as-received.jpg', design: { kind: 'bracelet', metal: 'white', band: 12 } },
				{
					scene: 'clipping',
					name: 'four-claw-reference.jpg',
					design: { kind: 'bracelet', metal: 'white', band: 16, claws: 4 },
					view: 'top'
				}
			]
		},
		steps: [{ ago: 1.4, do: 'schedule', kind: 'cad_deposit', amount: '500', due: 5, note: 'Before the design starts' }]
	}
];

// ---------------------------------------------------------------- drawing

const metalColours: Record<Metal, [string, string, string]> = {
	yellow: ['#fff3c4', '#e2b84f', '#8f661a'],
	white: ['#ffffff', '#d0d4d9', '#7d838b'],
	rose: ['#ffe2d4', '#dc9a80', '#8e523d'],
	platinum: ['#f8f9fb', '#c2c6cc', '#6a7078']
};
const stoneColours: Record<StoneColour, [string, string, string]> = {
	white: ['#ffffff', '#e4edf6', '#93abc1'],
	blue: ['#a9c4ff', '#2151b8', '#0a1d57'],
	pearl: ['#ffffff', '#f3eee4', '#c4b9a6']
};

const defs = (metal: Metal, colour: StoneColour = 'white') => {
	const [ml, mm, md] = metalColours[metal];
	const [sl, sm, sd] = stoneColours[colour];
	const [wl, wm, wd] = stoneColours.white;
	const [pl, pm, pd] = stoneColours.pearl;
	return (
		`<linearGradient id="metalLine" gradientUnits="userSpaceOnUse" x1="0" y1="0" x2="800" y2="600"><stop offset="0" stop-color="${ml}"/><stop offset="0.5" stop-color="${mm}"/><stop offset="1" stop-color="${md}"/></linearGradient>` +
		`<linearGradient id="metal" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${ml}"/><stop offset="0.35" stop-color="${mm}"/><stop offset="0.55" stop-color="${ml}"/><stop offset="1" stop-color="${md}"/></linearGradient>` +
		`<radialGradient id="stone" cx="40%" cy="35%" r="75%"><stop offset="0" stop-color="${sl}"/><stop offset="0.55" stop-color="${sm}"/><stop offset="1" stop-color="${sd}"/></radialGradient>` +
		`<radialGradient id="melee" cx="40%" cy="35%" r="75%"><stop offset="0" stop-color="${wl}"/><stop offset="0.55" stop-color="${wm}"/><stop offset="1" stop-color="${wd}"/></radialGradient>` +
		`<radialGradient id="pearl" cx="35%" cy="30%" r="80%"><stop offset="0" stop-color="${pl}"/><stop offset="0.6" stop-color="${pm}"/><stop offset="1" stop-color="${pd}"/></radialGradient>`
	);
};

const metalStroke = (width: number, cap = 'round') => `fill="none" stroke="url(#metal)" stroke-width="${width}" stroke-linecap="${cap}"`;
/** for a straight stroke, whose box has no width or height for a gradient of its own */
const metalLine = (width: number) => `fill="none" stroke="url(#metalLine)" stroke-width="${width}" stroke-linecap="round"`;
const facetStroke = 'stroke="#ffffff" stroke-opacity="0.55" stroke-width="1.5" fill="none"';

/**
 * Small stones as dots along a path: a dash of length 0 with a round cap is a circle. Flat colours, as
 * a gradient on a straight path has no height to spread over.
 */
const stonesAlong = (d: string, size: number, spacing: number) =>
	`<path d="${d}" fill="none" stroke="#6b7785" stroke-width="${size + 3}" stroke-linecap="round" stroke-dasharray="0 ${spacing}"/>` +
	`<path d="${d}" fill="none" stroke="#e6edf5" stroke-width="${size}" stroke-linecap="round" stroke-dasharray="0 ${spacing}"/>` +
	`<path d="${d}" fill="none" stroke="#ffffff" stroke-width="${size * 0.4}" stroke-linecap="round" stroke-dasharray="0 ${spacing}"/>`;

const arc = (cx: number, cy: number, r: number, from: number, to: number) => {
	const at = (deg: number) => [cx + r * Math.cos((deg * Math.PI) / 180), cy + r * Math.sin((deg * Math.PI) / 180)].map((n) => n.toFixed(1));
	const [x1, y1] = at(from);
	const [x2, y2] = at(to);
	return `M ${x1} ${y1} A ${r} ${r} 0 ${Math.abs(to - from) > 180 ? 1 : 0} 1 ${x2} ${y2}`;
};

const star = (cx: number, cy: number, r: number) =>
	Array.from({ length: 10 }, (_, i) => {
		const radius = i % 2 === 0 ? r : r * 0.42;
		const angle = -Math.PI / 2 + (i * Math.PI) / 5;
		return `${(cx + radius * Math.cos(angle)).toFixed(1)},${(cy + radius * Math.sin(angle)).toFixed(1)}`;
	}).join(' ');

/** A stone seen from the side: crown, girdle, pavilion to the culet. */
function stoneProfile(cx: number, girdle: number, width: number, step = false, fill = 'url(#stone)'): string {
	const crown = width * (step ? 0.12 : 0.17);
	const table = width * (step ? 0.7 : 0.56);
	const pavilion = width * (step ? 0.36 : 0.44);
	const left = cx - width / 2;
	const right = cx + width / 2;
	return (
		`<path d="M ${left} ${girdle} L ${cx - table / 2} ${girdle - crown} L ${cx + table / 2} ${girdle - crown} L ${right} ${girdle} L ${cx} ${girdle + pavilion} Z" fill="${fill}" stroke="#4b5563" stroke-width="2"/>` +
		`<path d="M ${left} ${girdle} L ${right} ${girdle} M ${cx - table / 2} ${girdle - crown} L ${cx - width / 4} ${girdle} L ${cx} ${girdle - crown} L ${cx + width / 4} ${girdle} L ${cx + table / 2} ${girdle - crown} M ${cx - width / 4} ${girdle} L ${cx} ${girdle + pavilion} L ${cx + width / 4} ${girdle}" ${facetStroke}/>`
	);
}

/** A stone's face seen from above. */
function stoneFace(cut: 'oval' | 'emerald' | 'cushion' | 'round', cx: number, cy: number, length: number, width: number): string {
	const [a, b] = [length / 2, width / 2];
	if (cut === 'emerald') {
		const c = Math.min(a, b) * 0.28;
		const outline = (x: number, y: number, k: number) =>
			`M ${cx - x + k} ${cy - y} L ${cx + x - k} ${cy - y} L ${cx + x} ${cy - y + k} L ${cx + x} ${cy + y - k} L ${cx + x - k} ${cy + y} L ${cx - x + k} ${cy + y} L ${cx - x} ${cy + y - k} L ${cx - x} ${cy - y + k} Z`;
		return (
			`<path d="${outline(a, b, c)}" fill="url(#stone)" stroke="#374151" stroke-width="2"/>` +
			[0.78, 0.56, 0.34].map((k) => `<path d="${outline(a * k, b * k, c * k)}" ${facetStroke}/>`).join('')
		);
	}
	const body =
		cut === 'cushion'
			? `<rect x="${cx - a}" y="${cy - b}" width="${length}" height="${width}" rx="${Math.min(a, b) * 0.45}" fill="url(#stone)" stroke="#374151" stroke-width="2"/>`
			: `<ellipse cx="${cx}" cy="${cy}" rx="${a}" ry="${b}" fill="url(#stone)" stroke="#374151" stroke-width="2"/>`;
	// a brilliant's star: lines from the table's corners to the girdle
	const rays = Array.from({ length: 8 }, (_, i) => {
		const angle = (i * Math.PI) / 4 + Math.PI / 8;
		return `M ${(cx + a * 0.45 * Math.cos(angle)).toFixed(1)} ${(cy + b * 0.45 * Math.sin(angle)).toFixed(1)} L ${(cx + a * 0.95 * Math.cos(angle)).toFixed(1)} ${(cy + b * 0.95 * Math.sin(angle)).toFixed(1)}`;
	}).join(' ');
	const table = Array.from({ length: 8 }, (_, i) => {
		const angle = (i * Math.PI) / 4;
		return `${(cx + a * 0.5 * Math.cos(angle)).toFixed(1)},${(cy + b * 0.5 * Math.sin(angle)).toFixed(1)}`;
	}).join(' ');
	return body + `<polygon points="${table}" ${facetStroke}/><path d="${rays}" ${facetStroke}/>`;
}

/** Claws around a stone's face seen from above: metal beads at the corners. */
const clawsAround = (cx: number, cy: number, a: number, b: number, count: number) =>
	Array.from({ length: count }, (_, i) => {
		const angle = (i * 2 * Math.PI) / count + (count === 4 ? Math.PI / 4 : Math.PI / 6);
		return `<circle cx="${(cx + a * Math.cos(angle)).toFixed(1)}" cy="${(cy + b * Math.sin(angle)).toFixed(1)}" r="9" fill="url(#metal)" stroke="#6b5a2e" stroke-opacity="0.4"/>`;
	}).join('');

const haloAround = (cx: number, cy: number, a: number, b: number, size: number) =>
	stonesAlong(`M ${cx - a} ${cy} A ${a} ${b} 0 1 1 ${cx + a} ${cy} A ${a} ${b} 0 1 1 ${cx - a} ${cy}`, size, size + 5);

/** The ring standing up, seen from the front: the band a circle, the head on top. */
function ringFront(d: Design): string {
	const [cx, cy, r] = [400, 345, 138];
	const band = d.taper
		? `<ellipse cx="${cx}" cy="${cy}" rx="${r}" ry="${r}" ${metalStroke(d.band * 0.75)}/>` +
			`<path d="${arc(cx, cy, r, 200, 340)}" ${metalStroke(d.band, 'butt')}/>`
		: `<circle cx="${cx}" cy="${cy}" r="${r}" ${metalStroke(d.band)}/>`;
	const top = cy - r;
	if (d.kind === 'band') return band + stonesAlong(arc(cx, cy, r - d.band / 2 + 2, 0, 359.9), 13, 22);
	if (d.kind === 'signet') {
		return (
			`<circle cx="${cx}" cy="${cy + 8}" r="${r}" ${metalStroke(22)}/>` +
			`<path d="M ${cx - 150} ${top + 60} C ${cx - 130} ${top - 10}, ${cx - 100} ${top - 22}, ${cx - 95} ${top - 30} L ${cx + 95} ${top - 30} C ${cx + 100} ${top - 22}, ${cx + 130} ${top - 10}, ${cx + 150} ${top + 60} C ${cx + 90} ${top + 10}, ${cx - 90} ${top + 10}, ${cx - 150} ${top + 60} Z" fill="url(#metal)" stroke="#7a5a18" stroke-opacity="0.35"/>` +
			`<rect x="${cx - 95}" y="${top - 34}" width="190" height="8" rx="3" fill="#ffffff" fill-opacity="0.45"/>`
		);
	}
	const centre = d.centre ?? { cut: 'round', length: 100, width: 100 };
	const width = centre.width;
	const girdle = top - 62;
	let head = '';
	// basket and claws under the stone
	const clawX = width * 0.42;
	head += `<path d="M ${cx - clawX} ${girdle - 6} L ${cx - 22} ${top + 4} M ${cx + clawX} ${girdle - 6} L ${cx + 22} ${top + 4}" ${metalStroke(9)}/>`;
	head += `<path d="M ${cx - width * 0.3} ${girdle + 26} L ${cx + width * 0.3} ${girdle + 26}" ${metalLine(6)}/>`;
	if (d.halo === 'visible') head += stonesAlong(`M ${cx - width / 2 - 16} ${girdle + 10} L ${cx + width / 2 + 16} ${girdle + 10}`, 13, 18);
	if (d.halo === 'hidden') head += stonesAlong(`M ${cx - width * 0.28} ${girdle + 30} L ${cx + width * 0.28} ${girdle + 30}`, 8, 12);
	if (d.kind === 'three_stone' && d.sides) {
		const s = d.sides;
		for (const side of [-1, 1]) {
			const x = cx + side * (width / 2 + s / 2 + 4);
			head += `<g transform="rotate(${side * 14} ${x} ${girdle + 14})">${stoneProfile(x, girdle + 14, s, true, 'url(#melee)')}</g>`;
		}
	}
	head += stoneProfile(cx, girdle, width, centre.cut === 'emerald');
	head += `<path d="M ${cx - clawX - 3} ${girdle + 2} L ${cx - clawX + 4} ${girdle - 14} M ${cx + clawX + 3} ${girdle + 2} L ${cx + clawX - 4} ${girdle - 14}" ${metalStroke(8)}/>`;
	const pave = d.pave ? stonesAlong(arc(cx, cy, r, 205, 250), 10, 17) + stonesAlong(arc(cx, cy, r, 290, 335), 10, 17) : '';
	return band + pave + head;
}

/** Looking down on the head: the band runs across, the stone's face in the middle. */
function ringTop(d: Design): string {
	const [cx, cy] = [400, 300];
	const w = d.band;
	const band = d.taper
		? `<path d="M 120 ${cy - w * 0.35} L ${cx} ${cy - w / 2} L 680 ${cy - w * 0.35} L 680 ${cy + w * 0.35} L ${cx} ${cy + w / 2} L 120 ${cy + w * 0.35} Z" fill="url(#metal)"/>`
		: `<rect x="120" y="${cy - w / 2}" width="560" height="${w}" rx="${w / 2}" fill="url(#metal)"/>`;
	if (d.kind === 'band') return band + stonesAlong(`M 140 ${cy} L 660 ${cy}`, w * 0.62, w * 0.78);
	if (d.kind === 'signet') {
		return (
			`<rect x="150" y="${cy - 22}" width="500" height="44" rx="22" fill="url(#metal)"/>` +
			`<ellipse cx="${cx}" cy="${cy}" rx="140" ry="112" fill="url(#metal)" stroke="#7a5a18" stroke-opacity="0.4" stroke-width="3"/>` +
			`<g transform="translate(${cx - 70} ${cy - 100}) scale(0.7)" opacity="0.75">${crestMarks('#6d5214')}</g>`
		);
	}
	const centre = d.centre ?? { cut: 'round', length: 100, width: 100 };
	const [a, b] = [centre.length / 2, centre.width / 2];
	let head = '';
	if (d.pave) head += stonesAlong(`M 200 ${cy} L ${cx - a - 30} ${cy} M ${cx + a + 30} ${cy} L 600 ${cy}`, w * 0.5, w * 0.7);
	if (d.halo === 'visible') head += haloAround(cx, cy, a + 16, b + 16, 12);
	if (d.kind === 'three_stone' && d.sides) {
		const s = d.sides;
		for (const side of [-1, 1]) {
			const inner = cx + side * (a + 8);
			const outer = cx + side * (a + 8 + s * 0.8);
			head += `<path d="M ${inner} ${cy - b * 0.85} L ${outer} ${cy - s * 0.42} L ${outer} ${cy + s * 0.42} L ${inner} ${cy + b * 0.85} Z" fill="url(#melee)" stroke="#4b5563" stroke-width="2"/>`;
			head += `<path d="M ${inner + side * 10} ${cy - b * 0.5} L ${outer - side * 8} ${cy - s * 0.22} L ${outer - side * 8} ${cy + s * 0.22} L ${inner + side * 10} ${cy + b * 0.5} Z" ${facetStroke}/>`;
		}
	}
	head += stoneFace(centre.cut, cx, cy, centre.length, centre.width);
	head += clawsAround(cx, cy, a * 0.98, b * 0.98, d.claws ?? 4);
	return band + head;
}

function pendant(d: Design): string {
	const [cx, cy] = [400, 330];
	const centre = d.centre ?? { cut: 'cushion', length: 120, width: 116 };
	const [a, b] = [centre.length / 2, centre.width / 2];
	const chain = `<path d="M 180 40 C 250 ${cy - 170}, 330 ${cy - 130}, ${cx} ${cy - b - 52} C 470 ${cy - 130}, 550 ${cy - 170}, 620 40" fill="none" stroke="url(#metal)" stroke-width="5" stroke-dasharray="7 4"/>`;
	const bail =
		d.halo === 'hidden'
			? `<rect x="${cx - 9}" y="${cy - b - 56}" width="18" height="${b + 20}" rx="9" fill="url(#metal)" opacity="0.55"/>`
			: `<ellipse cx="${cx}" cy="${cy - b - 42}" rx="16" ry="24" ${metalStroke(d.band)}/>`;
	const frame = `<rect x="${cx - a - 30}" y="${cy - b - 30}" width="${centre.length + 60}" height="${centre.width + 60}" rx="${b * 0.7}" fill="url(#metal)"/>`;
	const halo = d.halo === 'visible' ? haloAround(cx, cy, a + 20, b + 20, 13) : haloAround(cx, cy, a + 16, b + 16, 9);
	return (
		chain + bail + frame + halo + stoneFace(centre.cut, cx, cy, centre.length, centre.width) + clawsAround(cx, cy, a * 0.95, b * 0.95, 4)
	);
}

function drops(): string {
	const one = (cx: number) =>
		`<path d="M ${cx} 150 L ${cx} 255" ${metalLine(7)}/>` +
		`<circle cx="${cx}" cy="145" r="34" fill="url(#metal)"/>` +
		stoneFace('round', cx, 145, 52, 52) +
		clawsAround(cx, 145, 26, 26, 4) +
		`<path d="M ${cx - 14} 262 Q ${cx} 246 ${cx + 14} 262" ${metalStroke(8)}/>` +
		`<circle cx="${cx}" cy="330" r="70" fill="url(#pearl)" stroke="#b8ad99" stroke-width="2"/>` +
		`<ellipse cx="${cx - 24}" cy="305" rx="16" ry="11" fill="#ffffff" fill-opacity="0.8"/>`;
	return one(280) + one(520);
}

function bracelet(d: Design, shape: 'curve' | 'flat'): string {
	const path = shape === 'curve' ? 'M 90 200 C 250 520, 550 520, 710 200' : 'M 90 300 L 710 300';
	const size = d.band * 2.2;
	const boxes = d.claws
		? `<path d="${path}" fill="none" stroke="url(#metalLine)" stroke-width="${size + 10}" stroke-dasharray="${size + 6} 4"/>`
		: `<path d="${path}" fill="none" stroke="url(#metalLine)" stroke-width="${size + 6}" stroke-linecap="round"/>`;
	return boxes + stonesAlong(path, size, size + 10);
}

function frontOf(d: Design): string {
	if (d.kind === 'pendant') return pendant(d);
	if (d.kind === 'drops') return drops();
	if (d.kind === 'bracelet') return bracelet(d, 'curve');
	return ringFront(d);
}

function pieceSvg(d: Design, view: View): string {
	if (view === 'top') return d.kind === 'bracelet' ? bracelet(d, 'flat') : ringTop(d);
	// turned towards the viewer and seen a little from above
	if (view === 'angle')
		return `<g transform="translate(400 330) rotate(-16) skewX(-14) scale(0.95 0.8) translate(-400 -330)">${frontOf(d)}</g>`;
	return frontOf(d);
}

/** Pencil marks of the crest: a shield, a chevron between three stars, the motto ribbon. */
function crestMarks(ink: string): string {
	const line = `fill="none" stroke="${ink}" stroke-width="5" stroke-linejoin="round" stroke-linecap="round"`;
	return (
		`<path d="M 40 20 L 160 20 L 160 110 C 160 170, 120 200, 100 214 C 80 200, 40 170, 40 110 Z" ${line}/>` +
		`<path d="M 44 150 L 100 82 L 156 150" ${line}/><path d="M 48 170 L 100 106 L 152 170" ${line}/>` +
		[
			[70, 50],
			[130, 50],
			[100, 178]
		]
			.map(([x, y]) => `<polygon points="${star(x, y, 14)}" fill="${ink}" fill-opacity="0.85"/>`)
			.join('') +
		`<path d="M 0 232 Q 100 262 200 232 L 194 256 Q 100 286 6 256 Z" ${line}/>`
	);
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const FONT = 'DejaVu Sans, Liberation Sans, Arial, sans-serif';

/** The designer's render: a studio background, the piece, a small caption in the corner. */
function renderSvg(d: Design, view: View, caption: string): string {
	return (
		`<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600"><defs>${defs(d.metal, d.centre?.colour)}` +
		`<radialGradient id="studio" cx="50%" cy="42%" r="75%"><stop offset="0" stop-color="#ffffff"/><stop offset="1" stop-color="#d9dadd"/></radialGradient></defs>` +
		`<rect width="800" height="600" fill="url(#studio)"/>` +
		`<ellipse cx="400" cy="${view === 'top' ? 400 : 520}" rx="260" ry="26" fill="#000" fill-opacity="0.08"/>` +
		pieceSvg(d, view) +
		`<text x="24" y="576" font-family="${FONT}" font-size="16" fill="#6b7280">${escapeXml(caption)}</text>` +
		`<text x="776" y="576" text-anchor="end" font-family="${FONT}" font-size="14" fill="#9ca3af">Silver Lake CAD Studio</text></svg>`
	);
}

/** A photo at the brand's desk of what the client brought or showed. */
function inspirationSvg(image: Inspiration): string {
	const paper = `<rect width="800" height="600" fill="#f3eee2"/>`;
	switch (image.scene) {
		case 'crest':
			return (
				`<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600">${paper}` +
				`<g transform="translate(250 90) scale(1.5)">${crestMarks('#4a443b')}</g>` +
				`<text x="400" y="548" text-anchor="middle" font-family="${FONT}" font-size="22" fill="#4a443b" letter-spacing="6">FIDELIS ET CONSTANS</text></svg>`
			);
		case 'tray': {
			const { design } = image;
			const c = design.centre ?? { cut: 'round' as const, length: 100, width: 100 };
			const ticks = Array.from({ length: 41 }, (_, i) => {
				const x = 200 + i * 10;
				return `<line x1="${x}" y1="470" x2="${x}" y2="${i % 10 === 0 ? 496 : i % 5 === 0 ? 488 : 480}" stroke="#3f3f46" stroke-width="${i % 10 === 0 ? 2 : 1}"/>`;
			});
			return (
				`<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600"><defs>${defs(design.metal)}` +
				`<radialGradient id="tray" cx="50%" cy="45%" r="70%"><stop offset="0" stop-color="#5b6270"/><stop offset="1" stop-color="#2b2f37"/></radialGradient></defs>` +
				`<rect width="800" height="600" fill="url(#tray)"/><rect x="190" y="460" width="420" height="44" rx="4" fill="#f3ead0"/>${ticks.join('')}` +
				`<ellipse cx="400" cy="290" rx="${c.length / 2 + 20}" ry="${c.width / 2 + 12}" fill="#000" fill-opacity="0.25"/>` +
				stoneFace(c.cut, 400, 270, c.length, c.width) +
				`</svg>`
			);
		}
		case 'velvet':
			return (
				`<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600"><defs>${defs(image.design.metal, image.design.centre?.colour)}` +
				`<radialGradient id="velvet" cx="50%" cy="40%" r="80%"><stop offset="0" stop-color="#3b3f55"/><stop offset="1" stop-color="#161824"/></radialGradient></defs>` +
				`<rect width="800" height="600" fill="url(#velvet)"/>${pieceSvg(image.design, 'front')}</svg>`
			);
		case 'clipping':
			// a page from a magazine, photographed: off-white, slightly turned
			return (
				`<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600"><defs>${defs(image.design.metal, image.design.centre?.colour)}</defs>` +
				`<rect width="800" height="600" fill="#b9b2a6"/><g transform="rotate(-3 400 300)"><rect x="40" y="30" width="720" height="540" fill="#fbfaf7"/>` +
				`<g transform="translate(80 40) scale(0.8)">${pieceSvg(image.design, image.view)}</g>` +
				`<rect x="90" y="520" width="260" height="8" fill="#d6d3cc"/><rect x="90" y="538" width="180" height="8" fill="#d6d3cc"/></g></svg>`
			);
	}
}

async function jpeg(svg: string, name: string): Promise<File> {
	const bytes = await sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
	return new File([new Uint8Array(bytes)], name, { type: 'image/jpeg' });
}
async function png(svg: string, name: string): Promise<File> {
	const bytes = await sharp(Buffer.from(svg)).png({ compressionLevel: 2 }).toBuffer();
	return new File([new Uint8Array(bytes)], name, { type: 'image/png' });
}

// ---------------------------------------------------------------- the CAD model and the spec sheet

/**
 * A binary STL of the ring's band (a torus of elliptical section) with the stone's seat on top: an
 * 80-byte header, the triangle count, then 50 bytes per triangle (normal, three corners, attributes),
 * so 84 + 50 × n bytes, as CAD programs export it.
 */
export function ringStl(d: Design, header: string): Uint8Array {
	const innerRadius = 8.25; // mm, US size 6
	const width = d.band / 14; // mm across the finger
	const thickness = 1.6;
	const [around, section] = [36, 8];
	const triangles: number[][][] = [];
	const point = (i: number, j: number) => {
		const u = (i / around) * 2 * Math.PI;
		const v = (j / section) * 2 * Math.PI;
		// narrower at the back of the shank when tapered (u = π/2 is the top, under the stone)
		const taper = d.taper ? 0.8 + 0.2 * Math.max(0, Math.sin(u)) : 1;
		const r = innerRadius + thickness / 2 + (thickness / 2) * Math.cos(v);
		return [r * Math.cos(u), r * Math.sin(u), (width / 2) * taper * Math.sin(v)];
	};
	for (let i = 0; i < around; i++) {
		for (let j = 0; j < section; j++) {
			const [a, b, c, e] = [point(i, j), point(i + 1, j), point(i + 1, j + 1), point(i, j + 1)];
			triangles.push([a, b, c], [a, c, e]);
		}
	}
	if (d.centre) {
		// the stone's seat: a bipyramid standing on the band
		const top = innerRadius + thickness;
		const [a, b] = [d.centre.length / 28, d.centre.width / 28];
		const girdle = [
			[a, top + 3, 0],
			[0, top + 3, b],
			[-a, top + 3, 0],
			[0, top + 3, -b]
		];
		const [table, culet] = [
			[0, top + 4.2, 0],
			[0, top + 0.4, 0]
		];
		for (let k = 0; k < 4; k++) {
			const [p, q] = [girdle[k], girdle[(k + 1) % 4]];
			triangles.push([p, q, table], [q, p, culet]);
		}
	}
	const bytes = new Uint8Array(84 + 50 * triangles.length);
	bytes.set(new TextEncoder().encode(header.slice(0, 80)));
	const view = new DataView(bytes.buffer);
	view.setUint32(80, triangles.length, true);
	triangles.forEach(([p, q, s], index) => {
		const at = 84 + index * 50;
		const [ux, uy, uz] = [q[0] - p[0], q[1] - p[1], q[2] - p[2]];
		const [vx, vy, vz] = [s[0] - p[0], s[1] - p[1], s[2] - p[2]];
		const normal = [uy * vz - uz * vy, uz * vx - ux * vz, ux * vy - uy * vx];
		const length = Math.hypot(...normal) || 1;
		[...normal.map((n) => n / length), ...p, ...q, ...s].forEach((value, k) => view.setFloat32(at + k * 4, value, true));
	});
	return bytes;
}

/** The designer's specification sheet: the measurements the caster and the setter work from. */
async function specSheetPdf(order: string, spec: SpecSheet): Promise<Uint8Array> {
	const pdf = await PDFDocument.create();
	pdf.setTitle(`${order} — ${spec.title}`);
	pdf.setAuthor('Silver Lake CAD Studio');
	const page = pdf.addPage([595, 842]);
	const font = await pdf.embedFont(StandardFonts.Helvetica);
	const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
	const ink = rgb(0.12, 0.12, 0.14);
	const grey = rgb(0.45, 0.47, 0.5);
	page.drawText('Silver Lake CAD Studio · 3200 Sunset Blvd, Los Angeles', { x: 48, y: 800, size: 9, font, color: grey });
	page.drawText(`${order}: ${spec.title}`, { x: 48, y: 770, size: 16, font: bold, color: ink });
	page.drawLine({ start: { x: 48, y: 758 }, end: { x: 547, y: 758 }, thickness: 0.8, color: grey });
	spec.rows.forEach(([label, value], i) => {
		const y = 730 - i * 22;
		page.drawText(label, { x: 48, y, size: 10, font: bold, color: ink });
		page.drawText(value, { x: 170, y, size: 10, font, color: ink });
	});
	// the ring drawn front and top, with the dimensions that matter
	const drawingTop = 700 - spec.rows.length * 22;
	const [fx, fy] = [170, drawingTop - 130];
	page.drawEllipse({ x: fx, y: fy, xScale: 82, yScale: 82, borderColor: ink, borderWidth: 9, opacity: 0 });
	page.drawEllipse({ x: fx, y: fy + 112, xScale: 30, yScale: 12, borderColor: ink, borderWidth: 1.2, color: rgb(0.86, 0.9, 0.96) });
	page.drawLine({ start: { x: fx - 82, y: fy - 110 }, end: { x: fx + 82, y: fy - 110 }, thickness: 0.6, color: grey });
	page.drawText('16.5 mm inside', { x: fx - 34, y: fy - 124, size: 8, font, color: grey });
	const [tx, ty] = [420, fy];
	page.drawRectangle({ x: tx - 110, y: ty - 7, width: 220, height: 14, borderColor: ink, borderWidth: 1, color: rgb(0.97, 0.93, 0.8) });
	page.drawEllipse({ x: tx, y: ty, xScale: 40, yScale: 30, borderColor: ink, borderWidth: 1.2, color: rgb(0.86, 0.9, 0.96) });
	page.drawText('8.1 × 6.0 mm', { x: tx - 26, y: ty - 48, size: 8, font, color: grey });
	page.drawText('Front', { x: fx - 12, y: fy + 150, size: 9, font: bold, color: grey });
	page.drawText('Top', { x: tx - 8, y: fy + 150, size: 9, font: bold, color: grey });
	spec.notes.forEach((note, i) => page.drawText(`• ${note}`, { x: 48, y: fy - 170 - i * 16, size: 9, font, color: ink }));
	page.drawText('Dimensions in millimetres. Renders are not to scale.', { x: 48, y: 48, size: 8, font, color: grey });
	return pdf.save();
}

// ---------------------------------------------------------------- the replay

/** The designer's mail to the brand is resolved to people at once, so the copies are dated when they wrote. */
const toTheBrand = () => expandAudiences(100);

const orderVersion = async (orderId: string) =>
	(await asSystem((tx) => tx.select({ version: customOrder.version }).from(customOrder).where(eq(customOrder.id, orderId))))[0].version;
const poVersion = async (poId: string) =>
	(await asSystem((tx) => tx.select({ version: purchaseOrder.version }).from(purchaseOrder).where(eq(purchaseOrder.id, poId))))[0].version;

async function unpaidPayment(orderId: string, kind: CustomerPaymentKind): Promise<string> {
	const [row] = await asSystem((tx) =>
		tx
			.select({ id: customOrderPayment.id })
			.from(customOrderPayment)
			.where(and(eq(customOrderPayment.customOrderId, orderId), eq(customOrderPayment.kind, kind), isNull(customOrderPayment.paidOn)))
			.orderBy(asc(customOrderPayment.createdAt))
			.limit(1)
	);
	if (!row) throw new Error(`no unpaid ${kind} is scheduled`);
	return row.id;
}

/** PO numbers follow drafting: a production PO must not be drafted before a PO already on record. */
async function refuseEarlierThanLastPo(label: string): Promise<void> {
	const [row] = await asSystem((tx) =>
		tx
			.select({ later: sql<number>`count(*)::int` })
			.from(purchaseOrder)
			.where(sql`${purchaseOrder.createdAt} > now()`)
	);
	if (row.later > 0)
		throw new Error(`demo seed: ${label} would be numbered after POs drafted later: move it after the last PO of the demo.`);
}

/** Starts `work` now and answers it later; a failure surfaces where it is awaited, not as an unhandled rejection. */
function ahead<T>(work: () => Promise<T>): () => Promise<T> {
	const started = work();
	started.catch(() => {});
	return () => started;
}

const slug = (title: string) =>
	title
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '')
		.split('-')
		.slice(0, 3)
		.join('-');

const viewNames: Record<View, string> = { front: 'front view', top: 'top view', angle: 'three-quarter view' };

interface Planned {
	at: number;
	order: number;
	label: string;
	run: () => Promise<void>;
}

export interface DemoCustomOrdersReport {
	customOrders: number;
	steps: number;
}

/**
 * Writes and runs every custom-order plan. With `travel` false (a PostgreSQL server, whose clock the
 * seed cannot move), everything happens now instead.
 *
 * A strand of history of its own, like the repairs: its first moment is earlier than the repairs'
 * last, so the seed clock is let go back once, here, and only moves forward within the strand.
 */
export async function seedDemoCustomOrders(options: { travel: boolean }): Promise<DemoCustomOrdersReport> {
	const today = realNow();
	if (options.travel) resetSeedClock();
	const start = today - Math.max(...plans.map((p) => p.ago)) * DAY - 60_000;
	const cast = options.travel ? await atMoment(start, loadCast) : await loadCast();
	const timeline: Planned[] = [];
	/** a day counted from the real today: due dates stay where the plan puts them with or without time travel */
	const fromToday = (days: number) => new Date(today + days * DAY).toISOString().slice(0, 10);
	const plan = (ago: number, label: string, run: () => Promise<void>) => {
		const at = today - ago * DAY;
		if (at >= today) throw new Error(`demo seed: ${label} would happen in the future`);
		timeline.push({ at, order: timeline.length, label, run });
	};

	plans.forEach((p, index) => {
		const ops = staffMember(cast, p.by);
		const order = { id: '', number: '', waiting: '', poId: '' };
		const label = `custom order ${index + 1} (${p.brief.title})`;
		const { brief } = p;
		// drawn ahead, on sharp's threads while the database works, and awaited when they are uploaded
		const images = ahead(async () =>
			processInspirationImages(await Promise.all(brief.images.map((image) => jpeg(inspirationSvg(image), image.name))))
		);
		let versionNo = 0;
		const versionFiles = new Map<Step, () => Promise<ProcessedDesignFile[]>>();
		for (const step of p.steps) {
			if (step.do !== 'version') continue;
			const n = ++versionNo;
			const name = `${slug(brief.title)}-v${n}`;
			versionFiles.set(
				step,
				ahead(async () => {
					const files = await Promise.all(
						step.views.map((view) => png(renderSvg(step.design, view, `Version ${n} · ${viewNames[view]}`), `${name}-${view}.png`))
					);
					files.push(new File([Buffer.from(ringStl(step.design, `Silver Lake CAD Studio ${name} binary STL, mm`))], `${name}.stl`));
					// the order's number is on the sheet: drawn when the version is uploaded
					return processDesignFiles(files);
				})
			);
		}

		plan(p.ago, `${label}: brief`, async () => {
			const form = customOrderFormSchema.parse({
				title: brief.title,
				clientName: brief.client,
				clientContact: brief.contact,
				currency: 'USD',
				budget: brief.budget,
				alloy: brief.alloy,
				stones: brief.stones,
				size: brief.size,
				brief: brief.brief,
				dueDate: fromToday(brief.due)
			});
			const made = await createCustomOrder(ops, form, await images());
			Object.assign(order, { id: made.orderId, number: made.number });
		});

		for (const step of p.steps) {
			plan(step.ago, `${label}: ${step.do}`, async () => {
				switch (step.do) {
					case 'assign':
						await assignDesigner(ops, order.id, { vendorId: workshopId(cast, CAD), version: await orderVersion(order.id) });
						return;
					case 'version': {
						const files = await versionFiles.get(step)!();
						if (step.spec) {
							const sheet = await specSheetPdf(order.number, step.spec);
							files.push(...(await processDesignFiles([new File([Buffer.from(sheet)], `${slug(brief.title)}-specification.pdf`)])));
						}
						const made = await submitDesignVersion(workshopPerson(cast, step.by), order.id, { note: step.note }, files);
						order.waiting = made.versionId;
						await toTheBrand();
						return;
					}
					case 'changes':
					case 'approve':
						await decideDesignVersion(ops, order.id, {
							versionId: order.waiting,
							decision: step.do === 'approve' ? 'approve' : 'changes',
							comment: step.comment,
							channel: step.channel,
							decidedOn: todayIso()
						});
						return;
					case 'schedule':
						await schedulePayment(ops, order.id, {
							kind: step.kind,
							amount: step.amount,
							dueDate: step.due === undefined ? (step.paid ? todayIso() : '') : fromToday(step.due),
							paidOn: step.paid ? todayIso() : '',
							reference: step.paid ?? '',
							note: step.note ?? ''
						});
						return;
					case 'paid':
						// finance records what came in
						await recordPayment(staffMember(cast, 'priya'), order.id, {
							paymentId: await unpaidPayment(order.id, step.kind),
							paidOn: todayIso(),
							reference: step.reference
						});
						return;
					case 'production': {
						if (options.travel) await refuseEarlierThanLastPo(`the production PO of ${label}`);
						const po = await createProductionOrder(ops, order.id, {
							vendorId: workshopId(cast, step.to),
							dueDate: fromToday(step.due),
							quantity: 1,
							laborPrice: step.labor,
							shipTo: RECEIVING_DOCK,
							notes: step.notes
						});
						order.poId = po.poId;
						return;
					}
					case 'send':
						await sendPurchaseOrder(ops, order.poId, { version: await poVersion(order.poId) });
						return;
					case 'acknowledge': {
						const lines = await asSystem((tx) =>
							tx
								.select({ id: purchaseOrderLine.id, dueDate: purchaseOrderLine.dueDate, revision: purchaseOrder.revision })
								.from(purchaseOrderLine)
								.innerJoin(purchaseOrder, eq(purchaseOrder.id, purchaseOrderLine.purchaseOrderId))
								.where(eq(purchaseOrderLine.purchaseOrderId, order.poId))
						);
						const answer = acknowledgeSchema.parse({
							revision: lines[0].revision,
							lines: lines.map((l) => ({ lineId: l.id, answer: 'acknowledge', promisedDate: l.dueDate }))
						});
						await acknowledgePurchaseOrder(workshopPerson(cast, step.by), order.poId, answer);
						await toTheBrand();
						return;
					}
					case 'close':
						await closePurchaseOrder(ops, order.poId, { version: await poVersion(order.poId) });
						return;
					case 'complete':
						await completeCustomOrder(ops, order.id, { version: await orderVersion(order.id) });
						return;
					case 'cancel':
						await cancelCustomOrder(ops, order.id, { reason: step.reason, version: await orderVersion(order.id) });
						return;
				}
			});
		}
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

	// the mail of that history went out when it happened
	await asSystem((tx) =>
		tx
			.update(outboxMessage)
			.set({ status: 'sent', attempts: 1, sentAt: sql`${outboxMessage.createdAt}` })
			.where(
				and(
					or(
						like(outboxMessage.topic, 'custom-order-%'),
						like(outboxMessage.topic, 'purchase-order-%'),
						like(outboxMessage.topic, 'production-%')
					),
					eq(outboxMessage.status, 'pending'),
					isNull(outboxMessage.audience)
				)
			)
	);
	return { customOrders: plans.length, steps: timeline.length };
}
