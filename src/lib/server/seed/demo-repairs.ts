/**
 * Customers' pieces sent out for repair over the last three months, made through the same services
 * people use: ops take a piece in at a boutique or from an e-commerce order, give it to a repair
 * workshop and record the customer's answer to its estimate; the workshop receives, quotes, works and
 * ships back; ops weigh and count the piece on its return. Every status a repair can be in appears,
 * with the stories behind them: a sizing that came back heavier (explained, closed), a bracelet that
 * came back one stone short (still open), a job past the turnaround, an estimate the brand asked to
 * redo, one the customer declined.
 *
 * Like the purchase orders (demo-purchase-orders.ts), each repair is a plan replayed oldest first with
 * the clock set to each moment (seed-clock.ts); on a PostgreSQL server, whose clock the seed cannot
 * move, it all happens today. Intake and return photos are drawn here (the piece on the intake card with
 * a ruler and a tag), run through the real photo pipeline; bench photos come from demo-production.ts.
 */
import { and, desc, eq, isNull, like, sql } from 'drizzle-orm';
import sharp, { type OutputInfo } from 'sharp';
import type { RepairWorkKind } from '#lib/domain/repairs/reference.ts';
import { todayIso } from '#lib/domain/repairs/schemas.ts';

import { outboxMessage, repairEstimate, repairJob } from '#lib/server/db/schema/index.ts';
import { asSystem } from '#lib/server/db/scope.ts';
import { expandAudiences } from '#lib/server/mail/sender.ts';
import { processJobPhotos, type ProcessedPhoto } from '#lib/server/production/photos.ts';
import { remindOverdueRepairs } from '#lib/server/repairs/reminders.ts';
import {
	addRepairPhotos,
	assignRepair,
	cancelRepair,
	checkReturn,
	closeRepair,
	createRepair,
	decideEstimate,
	markDone,
	markReceived,
	recordFinalPrice,
	resolveDiscrepancy,
	shipBack,
	startWork,
	submitEstimate
} from '#lib/server/repairs/service.ts';
import { workshopNames as W } from './demo-catalogue.ts';
import { benchPhoto } from './demo-production.ts';
import { atMoment, realNow, resetSeedClock } from './seed-clock.ts';
import { loadCast, staffMember, workshopId, workshopPerson, type Who } from './demo-cast.ts';

const DAY = 86_400_000;

// ---------------------------------------------------------------- what a plan says

type Metal = 'yellow' | 'white' | 'rose';
type StoneColour = 'white' | 'red' | 'green' | 'yellow';
type PieceKind = 'ring' | 'earrings' | 'chain' | 'bracelet' | 'pendant' | 'brooch';

/** How the piece looks in the photos. */
interface Look {
	kind: PieceKind;
	metal: Metal;
	/** stones drawn: none, one centre stone, a row, or a line all along */
	stones: 'none' | 'one' | 'row' | 'line';
	/** the centre stone's colour (white when omitted) */
	colour?: StoneColour;
	/** a setting with its stone gone: second from the left in a row, by the clasp on a line */
	emptySetting?: boolean;
}

interface Intake {
	customer: string;
	contact: string;
	/** a boutique order (MAD-, SOH-) or an e-commerce one (WEB-) */
	order: string;
	/** by appearance, never "diamond ring": the description travels on paper */
	description: string;
	stamps: string;
	/** grams as typed */
	weight: string;
	stones: number;
	condition: string;
	/** US dollars, the brand's home currency */
	value: string;
	work: RepairWorkKind[];
	workNotes?: string;
	/** promised to the customer this many days after intake */
	promised: number;
	/** intake photos (default 1) */
	photos?: number;
}

type Step =
	| { at: number; do: 'assign'; to: string }
	| { at: number; do: 'receive'; by: Who }
	| { at: number; do: 'estimate'; by: Who; lines: [description: string, price: string][]; days: number; note?: string }
	/** `customer`: how the customer answered, the day is added */
	| { at: number; do: 'approve' | 'decline'; customer: string; note?: string }
	| { at: number; do: 'new_estimate'; note: string }
	| { at: number; do: 'start' | 'done'; by: Who }
	| { at: number; do: 'final_price'; by: Who; price: string; note: string }
	/** bench photos from the workshop */
	| { at: number; do: 'photos'; by: Who; caption: string; stage: string }
	| { at: number; do: 'ship'; by: Who; carrier: string; tracking: string }
	/** `photo`: the piece as it came back, photographed on the intake card */
	| { at: number; do: 'check'; weight: string; stones: number; notes?: string; photo?: Partial<Look> }
	| { at: number; do: 'resolve'; note: string }
	| { at: number; do: 'close' }
	| { at: number; do: 'cancel'; reason: string };

interface RepairPlan {
	/** the ops person who takes the piece in and acts for the brand */
	by: Who;
	/** days before today the piece was taken in */
	ago: number;
	look: Look;
	intake: Intake;
	/** in days after intake */
	steps: Step[];
}

const REPAIR = W.REPAIR;
const ANTWERP = W.ANTWERP;
/** Between the Diamond District benches and the brand's receiving dock a block away. */
const MESSENGER = 'Malca-Amit (hand delivery)';

const plans: RepairPlan[] = [
	// ------------------------------------------------ closed: a sizing that came back heavier, explained
	{
		by: 'sofia',
		ago: 90,
		look: { kind: 'ring', metal: 'yellow', stones: 'one' },
		intake: {
			customer: 'Hannah Whitfield',
			contact: 'hannah.whitfield@example.com · +1 917 555 0143',
			order: 'MAD-2026-3118',
			description: 'Yellow metal ring, 1 white stone, size 6',
			stamps: '750 AUR',
			weight: '3.42',
			stones: 1,
			condition: 'Light scratches on the shank; stone tight, prongs fine.',
			value: '2400',
			work: ['sizing'],
			workNotes: 'Size up from 6 to 7.',
			promised: 14
		},
		steps: [
			{ at: 0.05, do: 'assign', to: REPAIR },
			{ at: 0.9, do: 'receive', by: 'mei' },
			{
				at: 1.1,
				do: 'estimate',
				by: 'yosef',
				lines: [
					['Size up from 6 to 7, 18K yellow insert', '85.00'],
					['18K yellow metal added, about 0.2 g', '38.00'],
					['Clean and polish', '25.00']
				],
				days: 4
			},
			{ at: 1.9, do: 'approve', customer: 'By phone' },
			{ at: 2.2, do: 'start', by: 'mei' },
			{ at: 5.5, do: 'photos', by: 'mei', stage: 'Polishing', caption: 'sized to 7, polished' },
			{ at: 5.6, do: 'done', by: 'mei' },
			{ at: 6.1, do: 'ship', by: 'yosef', carrier: MESSENGER, tracking: 'MA-NY-4471902' },
			{ at: 6.8, do: 'check', weight: '3.61', stones: 1, notes: 'Size 7 on the mandrel.' },
			{
				at: 6.85,
				do: 'resolve',
				note: 'Sized up from 6 to 7: the 0.19 g is the 18K yellow gold added to the shank, as in the estimate. Same stone, tight under the loupe.'
			},
			{ at: 6.9, do: 'close' }
		]
	},
	// ------------------------------------------------ closed: a rhodium re-plate, back as it went
	{
		by: 'marcus',
		ago: 84,
		look: { kind: 'ring', metal: 'white', stones: 'one' },
		intake: {
			customer: 'Daniel Okafor',
			contact: '+1 646 555 0188',
			order: 'WEB-1046620',
			description: 'White metal ring, 1 white stone, 4 prongs, size 5½',
			stamps: '585 AUR',
			weight: '2.86',
			stones: 1,
			condition: 'Yellowish tone showing through on the shank and under the head; no damage.',
			value: '1800',
			work: ['rhodium_replate'],
			promised: 14
		},
		steps: [
			{ at: 0.1, do: 'assign', to: REPAIR },
			{ at: 1.0, do: 'receive', by: 'yosef' },
			{ at: 1.2, do: 'estimate', by: 'yosef', lines: [['Rhodium re-plate, pre-polish included', '65.00']], days: 3 },
			{ at: 2.0, do: 'approve', customer: 'By e-mail' },
			{ at: 2.3, do: 'start', by: 'mei' },
			{ at: 4.5, do: 'done', by: 'mei' },
			{ at: 5.0, do: 'ship', by: 'yosef', carrier: MESSENGER, tracking: 'MA-NY-4472655' },
			{ at: 5.8, do: 'check', weight: '2.85', stones: 1 },
			{ at: 5.9, do: 'close' }
		]
	},
	// ------------------------------------------------ closed: a chain solder that cost more than quoted
	{
		by: 'sofia',
		ago: 76,
		look: { kind: 'chain', metal: 'yellow', stones: 'none' },
		intake: {
			customer: 'Rebecca Stein',
			contact: 'rebecca.stein@example.com',
			order: 'WEB-1047291',
			description: 'Yellow metal chain necklace, cable links, 45 cm, broken',
			stamps: '750 AUR on the clasp tag',
			weight: '6.18',
			stones: 0,
			condition: 'Broken about 8 cm from the clasp; both ends in the bag. One link next to the break looks stretched.',
			value: '1250',
			work: ['chain_solder'],
			workNotes: 'Solder the broken link; check the stretched one.',
			promised: 10
		},
		steps: [
			{ at: 0.1, do: 'assign', to: REPAIR },
			{ at: 0.8, do: 'receive', by: 'mei' },
			{
				at: 1.0,
				do: 'estimate',
				by: 'yosef',
				lines: [
					['Solder one broken link', '45.00'],
					['Clean and polish', '20.00']
				],
				days: 2
			},
			{ at: 1.6, do: 'approve', customer: 'By e-mail' },
			{ at: 2.0, do: 'start', by: 'mei' },
			{
				at: 2.6,
				do: 'final_price',
				by: 'yosef',
				price: '90.00',
				note: 'The stretched link beside the break was worn thin: soldered it too (25.00), or it would have gone next.'
			},
			{ at: 2.7, do: 'done', by: 'mei' },
			{ at: 3.0, do: 'ship', by: 'yosef', carrier: 'UPS', tracking: '1Z4W7A990312845517' },
			{ at: 4.0, do: 'check', weight: '6.20', stones: 0 },
			{ at: 4.1, do: 'close' }
		]
	},
	// ------------------------------------------------ closed: re-tipping at the Antwerp setter
	{
		by: 'marcus',
		ago: 68,
		look: { kind: 'ring', metal: 'white', stones: 'one' },
		intake: {
			customer: 'Catherine Moreau',
			contact: '+1 212 555 0176 · catherine.moreau@example.com',
			order: 'MAD-2026-3307',
			description: 'White metal ring, 1 white stone, 6 prongs, size 6½',
			stamps: 'PT950 AUR',
			weight: '5.74',
			stones: 1,
			condition: 'Two prongs worn flat; the stone moves slightly. The customer noticed it catching on knitwear.',
			value: '14500',
			work: ['re_tipping'],
			workNotes: 'Re-tip all six prongs in platinum; check the stone.',
			promised: 21,
			photos: 2
		},
		steps: [
			{ at: 0.2, do: 'assign', to: ANTWERP },
			{ at: 3.9, do: 'receive', by: 'noor' },
			{
				at: 4.2,
				do: 'estimate',
				by: 'pieter',
				lines: [
					['Re-tip six platinum prongs', '360.00'],
					['Tighten and check the centre stone', '60.00'],
					['Polish and ultrasonic clean', '40.00']
				],
				days: 5,
				note: 'The stone has no chips; the girdle is fine.'
			},
			{ at: 5.1, do: 'approve', customer: 'In the Madison Avenue boutique' },
			{ at: 5.3, do: 'start', by: 'noor' },
			{ at: 8.9, do: 'photos', by: 'noor', stage: 'Stone setting', caption: 'six new tips' },
			{ at: 9.0, do: 'done', by: 'noor' },
			{ at: 9.4, do: 'ship', by: 'pieter', carrier: 'Brink’s Global Services', tracking: 'BGS-ANR-20931174' },
			{ at: 13.0, do: 'check', weight: '5.78', stones: 1 },
			{ at: 13.1, do: 'close' }
		]
	},
	// ------------------------------------------------ closed: the customer declined, back unrepaired
	{
		by: 'sofia',
		ago: 55,
		look: { kind: 'earrings', metal: 'rose', stones: 'none' },
		intake: {
			customer: 'Olivia Brandt',
			contact: '+1 917 555 0121',
			order: 'SOH-2026-1174',
			description: 'Rose metal hoop earrings, pair, hinged',
			stamps: '585 AUR',
			weight: '4.12',
			stones: 0,
			condition: 'Left hoop: hinge loose, the post bent. Right hoop fine.',
			value: '980',
			work: ['other'],
			workNotes: 'Repair or replace the hinge of the left hoop; straighten the post.',
			promised: 14
		},
		steps: [
			{ at: 0.1, do: 'assign', to: REPAIR },
			{ at: 1.0, do: 'receive', by: 'mei' },
			{
				at: 1.3,
				do: 'estimate',
				by: 'yosef',
				lines: [
					['New hinge on the left hoop, 14K rose', '145.00'],
					['Straighten the post, re-polish both hoops', '40.00']
				],
				days: 6
			},
			{ at: 3.0, do: 'decline', customer: 'By phone', note: 'The customer will keep them as they are.' },
			{ at: 3.4, do: 'ship', by: 'yosef', carrier: MESSENGER, tracking: 'MA-NY-4480317' },
			{ at: 4.2, do: 'check', weight: '4.12', stones: 0, notes: 'Back unrepaired, as it went.' },
			{ at: 4.3, do: 'close' }
		]
	},
	// ------------------------------------------------ cancelled at intake
	{
		by: 'marcus',
		ago: 40,
		look: { kind: 'pendant', metal: 'yellow', stones: 'one', colour: 'green' },
		intake: {
			customer: 'Thomas Reyes',
			contact: 'thomas.reyes@example.com',
			order: 'MAD-2026-3561',
			description: 'Yellow metal pendant, 1 green stone, on a 42 cm chain',
			stamps: '750 AUR',
			weight: '4.66',
			stones: 1,
			condition: 'Stone chipped at one corner (visible at 10×).',
			value: '2900',
			work: ['stone_replacement'],
			workNotes: 'Replace the green stone with a matching 6×4 mm emerald cut; quote first.',
			promised: 21
		},
		steps: [{ at: 1.5, do: 'cancel', reason: 'The customer decided to keep the pendant as it is and collected it from the boutique.' }]
	},
	// ------------------------------------------------ returned one stone short: still open
	{
		by: 'sofia',
		ago: 16,
		look: { kind: 'bracelet', metal: 'white', stones: 'line' },
		intake: {
			customer: 'Margaret Liu',
			contact: '+1 212 555 0164 · margaret.liu@example.com',
			order: 'WEB-1051877',
			description: 'White metal tennis bracelet, 42 white stones, 18 cm',
			stamps: '750 AUR',
			weight: '11.94',
			stones: 42,
			condition: 'Box clasp does not lock: the tongue is bent. All 42 stones present and tight at intake.',
			value: '8600',
			work: ['other', 'rhodium_replate'],
			workNotes: 'Repair or replace the tongue of the box clasp; rhodium after.',
			promised: 21,
			photos: 2
		},
		steps: [
			{ at: 0.1, do: 'assign', to: REPAIR },
			{ at: 0.9, do: 'receive', by: 'mei' },
			{
				at: 1.2,
				do: 'estimate',
				by: 'yosef',
				lines: [
					['New clasp tongue, 18K white', '120.00'],
					['Rhodium re-plate', '75.00'],
					['Check every setting', '30.00']
				],
				days: 5
			},
			{ at: 2.0, do: 'approve', customer: 'By e-mail' },
			{ at: 2.5, do: 'start', by: 'mei' },
			{ at: 7.9, do: 'done', by: 'mei' },
			{ at: 9.0, do: 'ship', by: 'yosef', carrier: MESSENGER, tracking: 'MA-NY-4496120' },
			{
				at: 13.5,
				do: 'check',
				weight: '11.90',
				stones: 41,
				notes: 'Counted twice under the loupe: one empty setting next to the clasp. Asked the workshop to look at their bench.',
				photo: { emptySetting: true }
			}
		]
	},
	// ------------------------------------------------ shipped back yesterday: waiting for the return check
	{
		by: 'marcus',
		ago: 9,
		look: { kind: 'ring', metal: 'yellow', stones: 'none' },
		intake: {
			customer: 'James Holloway',
			contact: 'james.holloway@example.com',
			order: 'MAD-2026-3904',
			description: 'Yellow metal signet ring, oval face, engraved initials, size 9',
			stamps: '750 AUR',
			weight: '11.86',
			stones: 0,
			condition: 'Face worn; the initials “JHC” are barely legible.',
			value: '3200',
			work: ['sizing', 'other'],
			workNotes: 'Size down from 9 to 8½. Re-engrave the initials “JHC” in the same script as before.',
			promised: 14
		},
		steps: [
			{ at: 0.1, do: 'assign', to: REPAIR },
			{ at: 0.9, do: 'receive', by: 'yosef' },
			{
				at: 1.0,
				do: 'estimate',
				by: 'yosef',
				lines: [
					['Size down from 9 to 8½', '60.00'],
					['Re-engrave three initials, hand script', '95.00'],
					['Polish', '25.00']
				],
				days: 5
			},
			{ at: 1.8, do: 'approve', customer: 'In the Madison Avenue boutique' },
			{ at: 2.0, do: 'start', by: 'yosef' },
			{ at: 6.5, do: 'done', by: 'yosef' },
			{ at: 8.2, do: 'ship', by: 'yosef', carrier: MESSENGER, tracking: 'MA-NY-4501188' }
		]
	},
	// ------------------------------------------------ in work and past the turnaround: a matched stone on order
	{
		by: 'marcus',
		ago: 14,
		look: { kind: 'ring', metal: 'yellow', stones: 'row', emptySetting: true },
		intake: {
			customer: 'Sarah Goldberg',
			contact: '+1 917 555 0190',
			order: 'WEB-1051302',
			description: 'Yellow metal ring, 5 settings in a row, 4 white stones (second from left missing), size 7',
			stamps: '750 AUR',
			weight: '3.05',
			stones: 4,
			condition: 'One stone missing, the empty setting intact. Other four tight.',
			value: '3900',
			work: ['stone_replacement'],
			workNotes: 'Replace the missing 2.5 mm round white stone; match the others.',
			promised: 18
		},
		steps: [
			{ at: 0.1, do: 'assign', to: REPAIR },
			{ at: 1.0, do: 'receive', by: 'mei' },
			{
				at: 1.3,
				do: 'estimate',
				by: 'yosef',
				lines: [
					['Supply a 2.5 mm round natural diamond, G/VS, matched', '180.00'],
					['Set the stone, check the other four', '60.00']
				],
				days: 5,
				note: 'Matching stone to come from our dealer on 47th Street.'
			},
			{ at: 2.5, do: 'approve', customer: 'By phone' },
			{ at: 3.0, do: 'start', by: 'yosef' },
			{ at: 9.2, do: 'photos', by: 'yosef', stage: 'Stones checked', caption: 'matched stone still on order' }
		]
	},
	// ------------------------------------------------ in work, on time
	{
		by: 'sofia',
		ago: 5,
		look: { kind: 'chain', metal: 'white', stones: 'none' },
		intake: {
			customer: 'Aisha Rahman',
			contact: 'aisha.rahman@example.com',
			order: 'WEB-1052610',
			description: 'White metal rope chain, 50 cm, broken',
			stamps: '585 AUR',
			weight: '7.42',
			stones: 0,
			condition: 'Broken in the middle; spring ring clasp weak.',
			value: '950',
			work: ['chain_solder', 'rhodium_replate', 'other'],
			workNotes: 'The customer would like a lobster clasp instead of the spring ring.',
			promised: 12
		},
		steps: [
			{ at: 0.1, do: 'assign', to: REPAIR },
			{ at: 0.8, do: 'receive', by: 'mei' },
			{
				at: 1.0,
				do: 'estimate',
				by: 'yosef',
				lines: [
					['Solder the broken link', '45.00'],
					['Lobster clasp, 14K white, fitted', '55.00'],
					['Rhodium flash', '40.00']
				],
				days: 3
			},
			{ at: 1.5, do: 'approve', customer: 'By e-mail' },
			{ at: 2.0, do: 'start', by: 'mei' }
		]
	},
	// ------------------------------------------------ done, waiting to be shipped back
	{
		by: 'sofia',
		ago: 7,
		look: { kind: 'ring', metal: 'white', stones: 'row' },
		intake: {
			customer: 'Elizabeth Carter',
			contact: '+1 646 555 0107',
			order: 'SOH-2026-1240',
			description: 'White metal ring, 3 white stones, size 5½',
			stamps: '750 AUR',
			weight: '3.95',
			stones: 3,
			condition: 'Prongs of the centre stone worn; rhodium gone on the palm side.',
			value: '5400',
			work: ['re_tipping', 'rhodium_replate'],
			promised: 14
		},
		steps: [
			{ at: 0.1, do: 'assign', to: REPAIR },
			{ at: 0.8, do: 'receive', by: 'mei' },
			{
				at: 1.0,
				do: 'estimate',
				by: 'yosef',
				lines: [
					['Re-tip four prongs on the centre stone', '140.00'],
					['Rhodium re-plate', '65.00']
				],
				days: 4
			},
			{ at: 1.7, do: 'approve', customer: 'By phone' },
			{ at: 2.0, do: 'start', by: 'mei' },
			{ at: 5.7, do: 'photos', by: 'mei', stage: 'Final QC', caption: 're-tipped and plated' },
			{ at: 5.8, do: 'done', by: 'mei' }
		]
	},
	// ------------------------------------------------ approved and received in Antwerp, after a second estimate
	{
		by: 'marcus',
		ago: 6,
		look: { kind: 'brooch', metal: 'yellow', stones: 'line', colour: 'yellow' },
		intake: {
			customer: 'Victoria Ashford',
			contact: 'victoria.ashford@example.com · +1 212 555 0133',
			order: 'MAD-2026-4012',
			description: 'Yellow metal bee brooch, 2 yellow stones, 13 white stones (1 missing)',
			stamps: '750 AUR',
			weight: '8.31',
			stones: 15,
			condition: 'One 1.0 mm white stone missing on the left wing; two others on that wing move slightly.',
			value: '4200',
			work: ['stone_replacement'],
			workNotes: 'Replace the missing stone; match the others.',
			promised: 24,
			photos: 2
		},
		steps: [
			{ at: 0.1, do: 'assign', to: ANTWERP },
			{
				at: 1.0,
				do: 'estimate',
				by: 'pieter',
				lines: [
					['Supply and set a 1.0 mm round natural melee, G-H/SI', '45.00'],
					['Re-tighten every stone on both wings', '120.00'],
					['Polish and clean', '35.00']
				],
				days: 4,
				note: 'From your photos several wing stones look loose: we would re-tighten all of them.'
			},
			{
				at: 2.0,
				do: 'new_estimate',
				note: 'The customer wants only the missing stone replaced, with a check of the others: please quote that alone.'
			},
			{
				at: 2.3,
				do: 'estimate',
				by: 'pieter',
				lines: [
					['Supply and set a 1.0 mm round natural melee, G-H/SI', '45.00'],
					['Check the other stones, tighten the two loose ones, clean', '55.00']
				],
				days: 3
			},
			{ at: 3.2, do: 'receive', by: 'noor' },
			{ at: 4.0, do: 'approve', customer: 'By e-mail' }
		]
	},
	// ------------------------------------------------ the workshop's estimate waits for the customer
	{
		by: 'sofia',
		ago: 3,
		look: { kind: 'pendant', metal: 'yellow', stones: 'one', colour: 'red' },
		intake: {
			customer: 'Nadia Petrova',
			contact: 'nadia.petrova@example.com',
			order: 'WEB-1053044',
			description: 'Yellow metal pendant, 1 red stone, on a 42 cm chain',
			stamps: '750 AUR',
			weight: '4.05',
			stones: 1,
			condition: 'Stone chipped at the girdle (visible at 10×); chain fine.',
			value: '1600',
			work: ['stone_replacement'],
			workNotes: 'Replace the red stone with a matching 5 mm round; the customer wants a quote first.',
			promised: 20
		},
		steps: [
			{ at: 0.1, do: 'assign', to: REPAIR },
			{ at: 1.0, do: 'receive', by: 'mei' },
			{
				at: 1.6,
				do: 'estimate',
				by: 'yosef',
				lines: [
					['Supply a matching 5 mm round red stone', '210.00'],
					['Unset, set the new stone, polish', '75.00']
				],
				days: 6
			}
		]
	},
	// ------------------------------------------------ with the workshop, no estimate yet
	{
		by: 'marcus',
		ago: 2,
		look: { kind: 'earrings', metal: 'yellow', stones: 'line' },
		intake: {
			customer: 'Grace Whitman',
			contact: '+1 917 555 0152',
			order: 'SOH-2026-1268',
			description: 'Yellow metal huggie earrings, pair, 18 white stones',
			stamps: '750 AUR',
			weight: '3.10',
			stones: 18,
			condition: 'Right earring: hinge loose and one stone moves.',
			value: '2100',
			work: ['other'],
			workNotes: 'Tighten the loose stone on the right huggie; fix the hinge.',
			promised: 16
		},
		steps: [{ at: 0.3, do: 'assign', to: REPAIR }]
	},
	// ------------------------------------------------ just taken in, no workshop yet
	{
		by: 'sofia',
		ago: 0.3,
		look: { kind: 'ring', metal: 'white', stones: 'none' },
		intake: {
			customer: 'Robert Klein',
			contact: 'robert.klein@example.com',
			order: 'MAD-2026-4107',
			description: 'White metal band, plain, 5 mm wide, size 10',
			stamps: 'PT950 AUR',
			weight: '9.20',
			stones: 0,
			condition: 'Hairline crack at the solder seam inside the shank.',
			value: '1900',
			work: ['sizing', 'other'],
			workNotes: 'Size up from 10 to 11; close the crack at the seam.',
			promised: 18
		},
		steps: []
	}
];

/** The daily reminder job, as it ran yesterday: repairs past the turnaround get their e-mail. */
const REMINDER_RUN_DAYS_AGO = 1;

// ---------------------------------------------------------------- intake and return photos

const metalColours: Record<Metal, [string, string, string]> = {
	yellow: ['#fff1b0', '#e0b447', '#946c1c'],
	white: ['#ffffff', '#c8ccd2', '#7b828a'],
	rose: ['#ffdccb', '#d8947a', '#8f533d']
};
const stoneColours: Record<StoneColour, [string, string, string]> = {
	white: ['#ffffff', '#e3eef8', '#9fb6c9'],
	red: ['#ffc2c8', '#c81e3a', '#6b0d1c'],
	green: ['#c4f5d6', '#1f8a4c', '#0b4024'],
	yellow: ['#fff4b8', '#f2b705', '#8a5a00']
};

/** Small stones as dots along a path: a dash of length 0 with a round cap is a circle. */
const stonesAlong = (d: string, size: number, spacing: number) =>
	`<path d="${d}" fill="none" stroke="#5b6b7a" stroke-width="${size + 4}" stroke-linecap="round" stroke-dasharray="0 ${spacing}"/>` +
	`<path d="${d}" fill="none" stroke="url(#stone)" stroke-width="${size}" stroke-linecap="round" stroke-dasharray="0 ${spacing}"/>`;

const linksAlong = (d: string, width: number) =>
	`<path d="${d}" fill="none" stroke="url(#metal)" stroke-width="${width}" stroke-linecap="round" stroke-dasharray="${width * 1.3} ${width * 1.1}"/>` +
	`<path d="${d}" fill="none" stroke="#3d4044" stroke-opacity="0.6" stroke-width="${width * 0.4}" stroke-dasharray="${width * 1.3} ${width * 1.1}"/>`;

const gem = (cx: number, cy: number, rx: number, ry = rx) =>
	`<ellipse cx="${cx}" cy="${cy}" rx="${rx}" ry="${ry}" fill="url(#accent)" stroke="#4b5563" stroke-width="2"/>`;
/** the open collet where a stone was: dark, with its metal rim */
const empty = (cx: number, cy: number, r: number) =>
	`<circle cx="${cx}" cy="${cy}" r="${r}" fill="#3f3f46" stroke="url(#metal)" stroke-width="3"/>`;

function pieceSvg(look: Look): string {
	switch (look.kind) {
		case 'ring': {
			const band = `<ellipse cx="400" cy="330" rx="150" ry="125" fill="none" stroke="url(#metal)" stroke-width="30"/>`;
			if (look.stones === 'one') return band + `<ellipse cx="400" cy="205" rx="44" ry="30" fill="url(#metal)"/>` + gem(400, 196, 30);
			if (look.stones === 'row')
				return (
					band +
					`<rect x="318" y="192" width="164" height="28" rx="14" fill="url(#metal)"/>` +
					[-2, -1, 0, 1, 2].map((i) => (look.emptySetting && i === -1 ? empty(400 + i * 32, 206, 12) : gem(400 + i * 32, 206, 12))).join('')
				);
			if (look.stones === 'line') return band + stonesAlong('M 262 290 A 150 125 0 0 1 538 290', 12, 22);
			return band;
		}
		case 'earrings': {
			const hoop = (cx: number) =>
				`<circle cx="${cx}" cy="300" r="95" fill="none" stroke="url(#metal)" stroke-width="30"/>` +
				(look.stones === 'line' ? stonesAlong(`M ${cx - 95} 300 A 95 95 0 0 0 ${cx + 95} 300`, 12, 22) : '');
			return hoop(270) + hoop(530);
		}
		case 'chain':
			return linksAlong('M 170 140 C 220 620, 580 620, 630 140', 14);
		case 'bracelet': {
			const d = 'M 200 300 A 200 120 0 1 1 600 300 A 200 120 0 1 1 200 300';
			return look.stones === 'line'
				? `<path d="${d}" fill="none" stroke="url(#metal)" stroke-width="22"/>` +
						stonesAlong(d, 14, 22) +
						(look.emptySetting ? empty(200, 300, 9) : '')
				: linksAlong(d, 18);
		}
		case 'pendant': {
			const chain = linksAlong('M 230 90 C 260 420, 540 420, 570 90', 6);
			const drop = `<rect x="391" y="330" width="18" height="32" rx="8" fill="url(#metal)"/><ellipse cx="400" cy="420" rx="52" ry="66" fill="url(#metal)"/>`;
			return chain + drop + (look.stones === 'one' ? gem(400, 422, 34, 46) : '');
		}
		case 'brooch': {
			const wing = (cx: number, angle: number) =>
				`<g transform="rotate(${angle} ${cx} 240)"><ellipse cx="${cx}" cy="240" rx="110" ry="60" fill="url(#metal)"/>` +
				gem(cx, 240, 34, 22) +
				stonesAlong(`M ${cx - 95} 240 A 95 48 0 0 1 ${cx + 95} 240`, 9, 26) +
				`</g>`;
			const body =
				`<ellipse cx="400" cy="330" rx="52" ry="100" fill="url(#metal)"/>` +
				[290, 330, 370].map((y) => `<rect x="352" y="${y}" width="96" height="12" rx="6" fill="#3d3320" fill-opacity="0.55"/>`).join('') +
				`<circle cx="400" cy="215" r="34" fill="url(#metal)"/>`;
			return wing(300, -20) + wing(500, 20) + body;
		}
	}
}

/** The intake card: the piece on a light card with a millimetre ruler, as ops photograph it at the vault desk. */
function intakeSceneSvg(look: Look): string {
	const [ml, mm, md] = metalColours[look.metal];
	const [sl, sm, sd] = stoneColours.white;
	const [al, am, ad] = stoneColours[look.colour ?? 'white'];
	const defs =
		`<radialGradient id="card" cx="50%" cy="40%" r="80%"><stop offset="0" stop-color="#f6f4ef"/><stop offset="1" stop-color="#cdc9bf"/></radialGradient>` +
		`<linearGradient id="metal" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${ml}"/><stop offset="0.3" stop-color="${mm}"/><stop offset="0.5" stop-color="${ml}"/><stop offset="1" stop-color="${md}"/></linearGradient>` +
		`<radialGradient id="stone" cx="40%" cy="35%" r="70%"><stop offset="0" stop-color="${sl}"/><stop offset="0.6" stop-color="${sm}"/><stop offset="1" stop-color="${sd}"/></radialGradient>` +
		`<radialGradient id="accent" cx="40%" cy="35%" r="70%"><stop offset="0" stop-color="${al}"/><stop offset="0.6" stop-color="${am}"/><stop offset="1" stop-color="${ad}"/></radialGradient>`;
	const ticks = Array.from({ length: 69 }, (_, i) => {
		const x = 60 + i * 10;
		return `<line x1="${x}" y1="528" x2="${x}" y2="${i % 10 === 0 ? 552 : i % 5 === 0 ? 545 : 538}" stroke="#3f3f46" stroke-width="${i % 10 === 0 ? 2 : 1}"/>`;
	});
	return (
		`<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600"><defs>${defs}</defs>` +
		`<rect width="800" height="600" fill="url(#card)"/>` +
		`<rect x="50" y="520" width="700" height="50" rx="4" fill="#f3ead0" stroke="#b5a882"/>${ticks.join('')}` +
		`<ellipse cx="400" cy="${look.kind === 'chain' ? 470 : 450}" rx="250" ry="40" fill="#000" fill-opacity="0.1"/>` +
		pieceSvg(look) +
		`</svg>`
	);
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Drawn cards as raw pixels, one per look: only the tag differs between photos of the same kind of piece. */
const cards = new Map<string, Promise<{ data: Buffer; info: OutputInfo }>>();

/** An intake or return photo as ops' phone would upload it, through the real photo pipeline. */
async function cardPhotos(look: Look, captions: string[]): Promise<ProcessedPhoto[]> {
	const key = `${look.kind}|${look.metal}|${look.stones}|${look.colour ?? ''}|${look.emptySetting ?? false}`;
	let card = cards.get(key);
	if (!card) {
		card = sharp(Buffer.from(intakeSceneSvg(look)))
			.raw()
			.toBuffer({ resolveWithObject: true });
		cards.set(key, card);
	}
	const { data, info } = await card;
	const files: File[] = [];
	for (const [i, caption] of captions.entries()) {
		const tag = Buffer.from(
			`<svg xmlns="http://www.w3.org/2000/svg" width="420" height="44"><rect x="1" y="1" width="418" height="42" rx="6" fill="#fffdf5" stroke="#b9b3a3" stroke-width="2"/>` +
				`<circle cx="22" cy="22" r="6" fill="none" stroke="#b9b3a3" stroke-width="2"/>` +
				`<text x="40" y="29" font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif" font-size="18" fill="#27272a">${escapeXml(caption)}</text></svg>`
		);
		const raw = sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
		// the photos after the first are close-ups: the stamps, the damage (sharp composites after resizing)
		const framed = i === 0 ? raw : raw.extract({ left: 200, top: 110, width: 400, height: 300 }).resize(800, 600);
		const jpeg = await framed
			.composite([{ input: tag, left: 24, top: 20 }])
			.jpeg({ quality: 85 })
			.toBuffer();
		const name = `${caption.split(' ')[0].toLowerCase()}-${i + 1}.jpg`;
		files.push(new File([new Uint8Array(jpeg)], name, { type: 'image/jpeg' }));
	}
	return processJobPhotos(files);
}

/** For the bench photos of demo-production.ts, which draw by SKU and alloy. */
const benchSku: Record<PieceKind, string> = {
	ring: 'AUR-RG-0000',
	earrings: 'AUR-ER-0000',
	chain: 'AUR-NK-0000',
	bracelet: 'AUR-BR-0000',
	pendant: 'AUR-PD-0000',
	brooch: 'AUR-PD-0000'
};
const benchAlloy: Record<Metal, string> = { yellow: '18KY', white: '18KW', rose: '18KR' };

// ---------------------------------------------------------------- the replay

/** The workshop's mail to the brand is resolved to people at once, so the copies are dated when the workshop wrote. */
const toTheBrand = () => expandAudiences(100);

const versionOf = async (repairId: string) =>
	(await asSystem((tx) => tx.select({ version: repairJob.version }).from(repairJob).where(eq(repairJob.id, repairId))))[0].version;

/** The estimate waiting for the brand's decision. */
async function waitingEstimate(repairId: string): Promise<string> {
	const [row] = await asSystem((tx) =>
		tx
			.select({ id: repairEstimate.id })
			.from(repairEstimate)
			.where(and(eq(repairEstimate.repairId, repairId), eq(repairEstimate.status, 'submitted')))
			.orderBy(desc(repairEstimate.createdAt))
			.limit(1)
	);
	if (!row) throw new Error('no estimate is waiting for a decision');
	return row.id;
}

/** "By phone, 3 November": how ops note the customer's answer. */
const answeredOn = (how: string) => `${how}, ${new Date().toLocaleDateString('en-GB', { day: 'numeric', month: 'long', timeZone: 'UTC' })}`;

/** Starts `work` now and answers it later; a failure surfaces where it is awaited, not as an unhandled rejection. */
function ahead<T>(work: () => Promise<T>): () => Promise<T> {
	const started = work();
	started.catch(() => {});
	return () => started;
}

interface Planned {
	at: number;
	order: number;
	label: string;
	run: () => Promise<void>;
}

export interface DemoRepairsReport {
	repairs: number;
	steps: number;
}

/**
 * Takes in and runs every repair plan. With `travel` false (a PostgreSQL server, whose clock the seed
 * cannot move), everything happens now instead.
 *
 * The repairs are a strand of history of their own, replayed after the purchase orders': their first
 * moment is earlier than the purchase orders' last, so the seed clock is let go back once, here. Within
 * the strand it only moves forward; a PGlite timer armed in the later moment is kept at Node's longest
 * timeout during the earlier ones (seed-clock.ts), as at the start of the seed.
 */
export async function seedDemoRepairs(options: { travel: boolean }): Promise<DemoRepairsReport> {
	const today = realNow();
	if (options.travel) resetSeedClock();
	const start = today - Math.max(...plans.map((p) => p.ago)) * DAY - 60_000;
	const cast = options.travel ? await atMoment(start, loadCast) : await loadCast();
	const timeline: Planned[] = [];
	/** the day a moment falls on: without time travel, every moment is today */
	const dayAt = (at: number) => new Date(options.travel ? at : today).toISOString().slice(0, 10);
	const plan = (at: number, label: string, run: () => Promise<void>) => {
		if (at >= today) throw new Error(`demo seed: ${label} would happen in the future`);
		timeline.push({ at, order: timeline.length, label, run });
	};

	plans.forEach((p, index) => {
		const takenIn = today - p.ago * DAY;
		const ops = staffMember(cast, p.by);
		const repair = { id: '', number: '' };
		const label = `repair ${index + 1} (${p.intake.description})`;
		const workshopOf = (name: string) => workshopId(cast, name);
		// the photos are drawn ahead, on sharp's threads while the database works, and awaited when they are taken
		const later = new Map<Step, () => Promise<ProcessedPhoto[]>>();
		const laterPhotos = () => {
			for (const step of p.steps) {
				const caption = (what: string) => `${repair.number} · ${what} · ${dayAt(takenIn + step.at * DAY)}`;
				if (step.do === 'photos') {
					const { kind, metal, stones } = p.look;
					const subject = { stage: step.stage, sku: benchSku[kind], alloy: benchAlloy[metal], stones: stones !== 'none' };
					later.set(
						step,
						ahead(async () => [await benchPhoto({ ...subject, caption: caption(step.caption) })])
					);
				}
				if (step.do === 'check' && step.photo) {
					const look = { ...p.look, ...step.photo };
					later.set(
						step,
						ahead(() => cardPhotos(look, [caption('on return')]))
					);
				}
			}
		};
		const { intake } = p;
		// the tag says what ops weighed, never the customer or the order: the workshop sees these photos
		const tags = Array.from(
			{ length: intake.photos ?? 1 },
			(_, i) => `${i === 0 ? 'Intake' : 'Stamps'} · ${intake.weight} g · ${dayAt(takenIn)}`
		);
		const intakePhotos = ahead(() => cardPhotos(p.look, tags));

		plan(takenIn, `${label}: intake`, async () => {
			const made = await createRepair(
				ops,
				{
					customerName: intake.customer,
					customerContact: intake.contact,
					orderReference: intake.order,
					description: intake.description,
					stamps: intake.stamps,
					intakeWeight: intake.weight,
					intakeStoneCount: intake.stones,
					conditionNotes: intake.condition,
					declaredValue: intake.value,
					requestedWork: intake.work,
					workNotes: intake.workNotes ?? '',
					promisedToCustomer: new Date(Date.now() + intake.promised * DAY).toISOString().slice(0, 10)
				},
				await intakePhotos()
			);
			Object.assign(repair, { id: made.repairId, number: made.number });
			laterPhotos();
		});

		for (const step of p.steps) {
			plan(takenIn + step.at * DAY, `${label}: ${step.do}`, async () => {
				switch (step.do) {
					case 'assign':
						await assignRepair(ops, repair.id, { vendorId: workshopOf(step.to), version: await versionOf(repair.id) });
						return;
					case 'receive':
						await markReceived(workshopPerson(cast, step.by), repair.id, { receivedOn: todayIso() });
						return;
					case 'estimate':
						await submitEstimate(workshopPerson(cast, step.by), repair.id, {
							lines: step.lines.map(([description, price]) => ({ description, price })),
							days: step.days,
							note: step.note ?? ''
						});
						await toTheBrand();
						return;
					case 'approve':
					case 'decline':
						await decideEstimate(ops, await waitingEstimate(repair.id), {
							decision: step.do,
							customerDecision: answeredOn(step.customer),
							note: step.note ?? ''
						});
						return;
					case 'new_estimate':
						await decideEstimate(ops, await waitingEstimate(repair.id), { decision: 'new_estimate', note: step.note });
						return;
					case 'start':
						await startWork(workshopPerson(cast, step.by), repair.id);
						return;
					case 'done':
						await markDone(workshopPerson(cast, step.by), repair.id);
						return;
					case 'final_price':
						await recordFinalPrice(workshopPerson(cast, step.by), repair.id, { finalPrice: step.price, note: step.note });
						await toTheBrand();
						return;
					case 'photos':
						await addRepairPhotos(workshopPerson(cast, step.by), repair.id, 'workshop', await later.get(step)!(), step.caption);
						return;
					case 'ship':
						await shipBack(workshopPerson(cast, step.by), repair.id, {
							carrier: step.carrier,
							trackingNumber: step.tracking,
							shippedOn: todayIso()
						});
						await toTheBrand();
						return;
					case 'check':
						await checkReturn(ops, repair.id, {
							returnWeight: step.weight,
							returnStoneCount: step.stones,
							notes: step.notes ?? '',
							photos: step.photo ? await later.get(step)!() : []
						});
						return;
					case 'resolve':
						await resolveDiscrepancy(ops, repair.id, step.note);
						return;
					case 'close':
						await closeRepair(ops, repair.id);
						return;
					case 'cancel':
						await cancelRepair(ops, repair.id, { reason: step.reason });
						return;
				}
			});
		}
	});
	plan(today - REMINDER_RUN_DAYS_AGO * DAY, 'daily repair reminder job', async () => {
		await asSystem((tx) => remindOverdueRepairs(tx, todayIso()));
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
			.where(and(like(outboxMessage.topic, 'repair-%'), eq(outboxMessage.status, 'pending'), isNull(outboxMessage.audience)))
	);
	return { repairs: plans.length, steps: timeline.length };
}
