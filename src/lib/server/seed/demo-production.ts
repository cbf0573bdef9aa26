/**
 * Production in the demo: the workshops start and finish stages, weigh castings, photograph their
 * work and flag problems, through the same services a person at the bench uses. A PO's plan says
 * what happened in steps (demo-purchase-orders.ts); `flow` writes the usual run of stages as steps,
 * so a plan says "cast from day 6, two days slow in casting, in polishing today" in one line.
 *
 * The bench photos are drawn here: a piece in wax, raw casting, matte, polished or set metal on a
 * grey bench mat, with the job number, stage and day in a corner, run through the same photo
 * pipeline as a phone's upload.
 */
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import sharp, { type OutputInfo } from 'sharp';
import type { ProblemReason } from '#lib/domain/production/reference.ts';
import { problemSchema, resolveProblemSchema, stageUpdateSchema } from '#lib/domain/production/schemas.ts';
import { defaultStageTemplates, type StageDefinition } from '#lib/domain/production/stages.ts';
import { todayIso } from '#lib/domain/purchase-orders/schemas.ts';
import { mgToGramsString } from '#lib/format/weight.ts';
import type { Actor } from '#lib/server/auth/actor.ts';
import { jobMilestone, jobProblem, productionJob, purchaseOrderLine } from '#lib/server/db/schema/index.ts';
import { asSystem } from '#lib/server/db/scope.ts';
import { expandAudiences } from '#lib/server/mail/sender.ts';
import { processJobPhoto, type ProcessedPhoto } from '#lib/server/production/photos.ts';
import { flagProblem, recordStageUpdate, resolveProblem } from '#lib/server/production/service.ts';

/** The stages a new job bag gets at a casting house and at a stone setter (the seed keeps the defaults). */
export const CASTER = defaultStageTemplates.caster;
export const SETTER = defaultStageTemplates.stone_setter;

/** People by the part of their e-mail before the @. */
type Who = string;

/** Which job bags of the PO a step is about: every open one, or those of some lines (and pieces). */
interface Target {
	by: Who;
	lines?: number[];
	/** for lines with one bag per piece: these piece numbers only */
	pieces?: number[];
}

export interface StageStep extends Target {
	/** days after the PO was drafted */
	at: number;
	do: 'stage';
	action: 'start' | 'finish';
	/** the stage's name, or its position in the job's milestones (0 = the first) */
	stage: string | number;
	/** pieces of one job bag; none = every piece that can move */
	quantity?: number;
	/** the pieces are weighed: this many times the line's target weight each (one job bag per update only) */
	weigh?: number;
	note?: string;
	/** a photo even where the stage does not ask for one (it always comes when it does) */
	photo?: boolean;
}

export interface ProblemStep extends Target {
	at: number;
	do: 'problem';
	reason: ProblemReason;
	note: string;
}

/** Resolves the open problems of the targeted job bags. */
export interface ResolveStep extends Target {
	at: number;
	do: 'resolve';
	resolution: string;
}

export type ProductionStep = StageStep | ProblemStep | ResolveStep;

export interface FlowOptions extends Target {
	/** the day (after drafting) the first stage starts */
	from: number;
	/** begin with this stage (the ones before it are done); default the template's first */
	startAt?: string;
	/** stop once this stage has started: the job bag is in it today; default every stage is finished */
	inStage?: string;
	/** days a stage took more (or, negative, less) than its expected days */
	slip?: Record<string, number>;
	/** days between finishing one stage and starting the next; default 0.1 */
	gap?: number;
	/** weigh the castings and the pieces going in and out of polishing (one job bag per update only) */
	weigh?: boolean;
	/** photographed when finished even where the stage does not ask for it */
	photos?: string[];
	/** a note with the finish of a stage */
	notes?: Record<string, string>;
}

/** How much heavier than finished the pieces are: sprues and flash after casting, then less with every polish. */
const WEIGHT_AFTER = { casting: 1.09, beforePolishing: 1.035, afterPolishing: 1.012 };

/**
 * A realistic run of stages as steps: each stage starts when the previous one finishes and takes its
 * expected days, plus what `slip` says.
 */
export function flow(stages: readonly StageDefinition[], options: FlowOptions): StageStep[] {
	const names = stages.map((s) => s.name);
	const indexOf = (name: string) => {
		const index = names.indexOf(name);
		if (index < 0) throw new Error(`demo seed: no stage “${name}” in ${names.join(', ')}`);
		return index;
	};
	for (const name of Object.keys(options.slip ?? {})) indexOf(name);
	const first = options.startAt ? indexOf(options.startAt) : 0;
	const last = options.inStage ? indexOf(options.inStage) : stages.length - 1;
	const target: Target = { by: options.by, lines: options.lines, pieces: options.pieces };
	const steps: StageStep[] = [];
	let at = options.from;
	for (let i = first; i <= last; i++) {
		const { name, expectedDays } = stages[i];
		const polishing = /polish/i.test(name);
		const casting = /casting/i.test(name);
		steps.push({
			...target,
			at,
			do: 'stage',
			action: 'start',
			stage: name,
			weigh: options.weigh && polishing ? WEIGHT_AFTER.beforePolishing : undefined
		});
		if (i === last && options.inStage) break;
		at += expectedDays + (options.slip?.[name] ?? 0);
		const weigh = !options.weigh ? undefined : casting ? WEIGHT_AFTER.casting : polishing ? WEIGHT_AFTER.afterPolishing : undefined;
		steps.push({
			...target,
			at,
			do: 'stage',
			action: 'finish',
			stage: name,
			weigh,
			note: options.notes?.[name],
			photo: options.photos?.includes(name) || undefined
		});
		at += options.gap ?? 0.1;
	}
	return steps;
}

// ---------------------------------------------------------------- bench photos

type Finish = 'wax' | 'cast' | 'matte' | 'stones' | 'set' | 'shiny' | 'qc';
type Kind = 'ring' | 'earrings' | 'chain' | 'bracelet' | 'pendant' | 'cufflinks';
type Metal = 'yellow' | 'white' | 'rose';

function finishOf(stage: string): Finish {
	const s = stage.toLowerCase();
	if (/wax|print|cad|model|revision|final files/.test(s)) return 'wax';
	if (/cast/.test(s)) return 'cast';
	if (/clean|filing|pre-polish|assessment|layout/.test(s)) return 'matte';
	if (/stones checked|stones in/.test(s)) return 'stones';
	if (/setting/.test(s)) return 'set';
	if (/qc|finishing/.test(s)) return 'qc';
	return 'shiny';
}

function kindOf(sku: string): Kind {
	if (/-RG-/.test(sku)) return 'ring';
	if (/-ER-/.test(sku)) return 'earrings';
	if (/-NK-/.test(sku)) return 'chain';
	if (/-BR-|-BC-/.test(sku)) return 'bracelet';
	if (/-CF-/.test(sku)) return 'cufflinks';
	return 'pendant';
}

const metalOf = (alloy: string): Metal => (/W|PT|PD|925/.test(alloy) ? 'white' : /R$/.test(alloy) ? 'rose' : 'yellow');

const palettes: Record<Metal | 'wax', [string, string, string]> = {
	yellow: ['#fff1b0', '#e0b447', '#946c1c'],
	white: ['#ffffff', '#c8ccd2', '#7b828a'],
	rose: ['#ffdccb', '#d8947a', '#8f533d'],
	wax: ['#7fdcc4', '#2f9683', '#1b5a4f']
};

/** `a` moved `share` of the way towards `b` (hex colours): raw castings are grey, matte metal a little less bright. */
function blend(a: string, b: string, share: number): string {
	const channel = (hex: string, i: number) => parseInt(hex.slice(1 + i * 2, 3 + i * 2), 16);
	const mixed = [0, 1, 2].map((i) => Math.round(channel(a, i) * (1 - share) + channel(b, i) * share));
	return `#${mixed.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

function metalGradient(metal: Metal, finish: Finish): string {
	const [light, mid, dark] = finish === 'wax' ? palettes.wax : palettes[metal];
	const grey = finish === 'cast' ? 0.5 : finish === 'matte' ? 0.22 : 0;
	const [l, m, d] = [light, mid, dark].map((c) => blend(c, '#808080', grey));
	// polished metal has a second highlight: the mirror finish
	const stops =
		finish === 'shiny' || finish === 'qc' || finish === 'set'
			? [
					`<stop offset="0" stop-color="${l}"/>`,
					`<stop offset="0.3" stop-color="${m}"/>`,
					`<stop offset="0.5" stop-color="${l}"/>`,
					`<stop offset="1" stop-color="${d}"/>`
				]
			: [`<stop offset="0" stop-color="${l}"/>`, `<stop offset="0.55" stop-color="${m}"/>`, `<stop offset="1" stop-color="${d}"/>`];
	return `<linearGradient id="metal" x1="0" y1="0" x2="1" y2="1">${stops.join('')}</linearGradient>`;
}

/** Small stones as dots along a path: a dash of length 0 with a round cap is a circle. */
const stonesAlong = (d: string, size: number, spacing: number) =>
	`<path d="${d}" fill="none" stroke="#5b6b7a" stroke-width="${size + 5}" stroke-linecap="round" stroke-dasharray="0 ${spacing}"/>` +
	`<path d="${d}" fill="none" stroke="url(#stone)" stroke-width="${size}" stroke-linecap="round" stroke-dasharray="0 ${spacing}"/>`;

/** A chain as links: rounded metal dashes with a hole in each, and the crossing links between them, seen edge on. */
function linksAlong(d: string, width: number): string {
	const dash = `${width * 1.3} ${width * 1.1}`;
	const across = `${width * 0.6} ${width * 1.8}`;
	return (
		`<path d="${d}" fill="none" stroke="url(#metal)" stroke-width="${width}" stroke-linecap="round" stroke-dasharray="${dash}"/>` +
		`<path d="${d}" fill="none" stroke="#3d4044" stroke-opacity="0.7" stroke-width="${width * 0.4}" stroke-dasharray="${dash}"/>` +
		`<path d="${d}" fill="none" stroke="url(#metal)" stroke-width="${width * 0.45}" stroke-dasharray="${across}" stroke-dashoffset="${-width * 1.6}"/>`
	);
}

function pieceSvg(kind: Kind, finish: Finish, stones: boolean): string {
	const set = stones && (finish === 'set' || finish === 'shiny' || finish === 'qc');
	switch (kind) {
		case 'ring': {
			const band = `<ellipse cx="600" cy="480" rx="200" ry="170" fill="none" stroke="url(#metal)" stroke-width="48"/>`;
			const head = stones
				? `<ellipse cx="600" cy="312" rx="62" ry="46" fill="url(#metal)"/>`
				: `<ellipse cx="600" cy="316" rx="92" ry="58" fill="url(#metal)"/>`;
			const stone = set ? `<circle cx="600" cy="304" r="40" fill="url(#stone)" stroke="#5b6b7a" stroke-width="3"/>` : '';
			return band + head + stone;
		}
		case 'earrings': {
			const hoop = (cx: number) =>
				`<circle cx="${cx}" cy="460" r="112" fill="none" stroke="url(#metal)" stroke-width="38"/>` +
				(set ? stonesAlong(`M ${cx - 112} 460 A 112 112 0 0 1 ${cx + 112} 460`, 18, 30) : '');
			return hoop(440) + hoop(760);
		}
		case 'chain': {
			const d = 'M 230 200 C 290 820, 910 820, 970 200';
			return linksAlong(d, 20) + (set ? stonesAlong(d, 16, 80) : '');
		}
		case 'bracelet': {
			const d = 'M 300 460 A 300 170 0 1 1 900 460 A 300 170 0 1 1 300 460';
			return set ? `<path d="${d}" fill="none" stroke="url(#metal)" stroke-width="30"/>` + stonesAlong(d, 20, 30) : linksAlong(d, 26);
		}
		case 'pendant': {
			const chain = linksAlong('M 330 120 C 370 540, 830 540, 870 120', 8);
			const drop = `<rect x="588" y="440" width="24" height="40" rx="10" fill="url(#metal)"/><ellipse cx="600" cy="560" rx="70" ry="90" fill="url(#metal)"/>`;
			const stone = set ? `<ellipse cx="600" cy="562" rx="44" ry="60" fill="url(#stone)" stroke="#5b6b7a" stroke-width="3"/>` : '';
			return chain + drop + stone;
		}
		case 'cufflinks': {
			const link = (cx: number) =>
				`<ellipse cx="${cx}" cy="450" rx="118" ry="84" fill="url(#metal)"/>` +
				`<ellipse cx="${cx}" cy="450" rx="88" ry="58" fill="none" stroke="#000" stroke-opacity="0.18" stroke-width="4"/>` +
				`<rect x="${cx - 10}" y="534" width="20" height="70" fill="url(#metal)"/><rect x="${cx - 50}" y="596" width="100" height="22" rx="11" fill="url(#metal)"/>`;
			return link(440) + link(760);
		}
	}
}

/** The scene without its label: mat, the piece (or the stone parcel), and what lies around it at that stage. */
function sceneSvg(kind: Kind, metal: Metal, finish: Finish, stones: boolean): string {
	const defs =
		`<radialGradient id="mat" cx="50%" cy="42%" r="75%"><stop offset="0" stop-color="#85898e"/><stop offset="1" stop-color="#45484c"/></radialGradient>` +
		`<radialGradient id="stone" cx="40%" cy="35%" r="70%"><stop offset="0" stop-color="#ffffff"/><stop offset="0.6" stop-color="#e3eef8"/><stop offset="1" stop-color="#9fb6c9"/></radialGradient>` +
		`<pattern id="grid" width="60" height="60" patternUnits="userSpaceOnUse"><path d="M 60 0 L 0 0 0 60" fill="none" stroke="#ffffff" stroke-opacity="0.07" stroke-width="2"/></pattern>` +
		metalGradient(metal, finish);
	const parts = [`<rect width="1200" height="900" fill="url(#mat)"/>`, `<rect width="1200" height="900" fill="url(#grid)"/>`];
	if (finish === 'qc') {
		parts.push(`<rect x="170" y="110" width="860" height="640" rx="18" fill="#f3f2ee"/>`);
		const ticks = Array.from(
			{ length: 41 },
			(_, i) => `<line x1="${200 + i * 20}" y1="770" x2="${200 + i * 20}" y2="${i % 5 === 0 ? 800 : 786}" stroke="#333" stroke-width="2"/>`
		);
		parts.push(`<rect x="180" y="766" width="840" height="44" rx="4" fill="#e6d9a8"/>`, ...ticks);
	}
	if (finish === 'stones') {
		// the memo parcel opened on the mat, stones out for counting, tweezers beside them
		parts.push(`<rect x="290" y="200" width="620" height="470" rx="6" fill="#fbfbf7" transform="rotate(-4 600 435)"/>`);
		const positions = [
			[470, 360],
			[560, 330],
			[650, 372],
			[740, 340],
			[520, 450],
			[610, 470],
			[700, 440],
			[790, 480],
			[560, 560],
			[680, 560]
		];
		parts.push(
			...positions.map(
				([x, y], i) => `<circle cx="${x}" cy="${y}" r="${i % 3 === 0 ? 30 : 22}" fill="url(#stone)" stroke="#5b6b7a" stroke-width="3"/>`
			)
		);
		parts.push(`<path d="M 860 700 L 1080 560 M 872 716 L 1090 574" stroke="#b8bcc2" stroke-width="10" stroke-linecap="round"/>`);
	} else {
		parts.push(`<ellipse cx="600" cy="${kind === 'chain' ? 640 : 600}" rx="320" ry="70" fill="#000" fill-opacity="0.16"/>`);
		if (finish === 'cast') parts.push(`<rect x="582" y="${kind === 'pendant' ? 640 : 640}" width="36" height="260" fill="url(#metal)"/>`);
		parts.push(pieceSvg(kind, finish, stones));
	}
	return `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="900"><defs>${defs}</defs>${parts.join('')}</svg>`;
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Drawn scenes as raw pixels, one per stage look, kind of piece and metal: the label is all that differs between photos. */
const scenes = new Map<string, Promise<{ data: Buffer; info: OutputInfo }>>();

export interface BenchPhotoSubject {
	stage: string;
	sku: string;
	alloy: string;
	stones: boolean;
	/** written small in the corner, like the bench camera's stamp */
	caption: string;
}

/** A bench photo as the workshop's phone would upload it, through the real photo pipeline. */
export async function benchPhoto(subject: BenchPhotoSubject): Promise<ProcessedPhoto> {
	const finish = finishOf(subject.stage);
	const kind = kindOf(subject.sku);
	const metal = metalOf(subject.alloy);
	const key = `${finish}|${kind}|${metal}|${subject.stones}`;
	let scene = scenes.get(key);
	if (!scene) {
		scene = sharp(Buffer.from(sceneSvg(kind, metal, finish, subject.stones)))
			.raw()
			.toBuffer({ resolveWithObject: true });
		scenes.set(key, scene);
	}
	const { data, info } = await scene;
	const caption = escapeXml(subject.caption);
	const label = Buffer.from(
		`<svg xmlns="http://www.w3.org/2000/svg" width="760" height="40"><rect width="760" height="40" rx="6" fill="#000" fill-opacity="0.45"/>` +
			`<text x="14" y="27" font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif" font-size="19" fill="#f4f4f4">${caption}</text></svg>`
	);
	const jpeg = await sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
		.composite([{ input: label, left: 20, top: 840 }])
		.jpeg({ quality: 86 })
		.toBuffer();
	const name = `${subject.caption.split(' ')[0]}-${subject.stage.toLowerCase().replace(/[^a-z]+/g, '-')}.jpg`;
	return processJobPhoto(new File([new Uint8Array(jpeg)], name, { type: 'image/jpeg' }));
}

// ---------------------------------------------------------------- replaying a step

export interface ProductionScene {
	poId: string;
	/** the demo person called `who` */
	actor: (who: Who) => Actor;
}

interface OpenJob {
	id: string;
	number: string;
	quantity: number;
	lineNo: number;
	pieceNo: number | null;
	sku: string;
	alloy: string;
	stones: boolean;
	/** null when the line has no target weight: then nothing is weighed */
	targetWeightMg: number | null;
	milestones: { name: string; photoRequired: boolean; quantityIn: number; quantityOut: number }[];
}

/** The PO's open job bags a step is about, with their milestones, in job-number order. */
async function openJobs(poId: string, target: Target): Promise<OpenJob[]> {
	return asSystem(async (tx) => {
		const jobs = await tx
			.select({
				id: productionJob.id,
				number: productionJob.number,
				quantity: productionJob.quantity,
				pieceNo: productionJob.pieceNo,
				lineNo: purchaseOrderLine.lineNo,
				sku: purchaseOrderLine.sku,
				alloy: purchaseOrderLine.alloy,
				stoneCount: purchaseOrderLine.stoneCount,
				targetWeightMg: purchaseOrderLine.targetWeightMg
			})
			.from(productionJob)
			.innerJoin(purchaseOrderLine, eq(purchaseOrderLine.id, productionJob.lineId))
			.where(and(eq(productionJob.purchaseOrderId, poId), eq(productionJob.status, 'open')))
			.orderBy(asc(purchaseOrderLine.lineNo), asc(productionJob.pieceNo));
		const chosen = jobs.filter(
			(j) =>
				(!target.lines || target.lines.includes(j.lineNo)) && (!target.pieces || (j.pieceNo !== null && target.pieces.includes(j.pieceNo)))
		);
		if (chosen.length === 0) return [];
		const milestones = await tx
			.select({
				jobId: jobMilestone.jobId,
				name: jobMilestone.name,
				photoRequired: jobMilestone.photoRequired,
				quantityIn: jobMilestone.quantityIn,
				quantityOut: jobMilestone.quantityOut
			})
			.from(jobMilestone)
			.where(
				inArray(
					jobMilestone.jobId,
					chosen.map((j) => j.id)
				)
			)
			.orderBy(asc(jobMilestone.position));
		return chosen.map(({ stoneCount, ...j }) => ({ ...j, stones: stoneCount > 0, milestones: milestones.filter((m) => m.jobId === j.id) }));
	});
}

/** Grams of the pieces a single-bag update moves, as the workshop's scale would show them. */
function weighed(job: OpenJob, stageIndex: number, step: StageStep): string {
	if (!step.weigh || !job.targetWeightMg) return '';
	const m = job.milestones[stageIndex];
	const ready = stageIndex === 0 ? job.quantity : job.milestones[stageIndex - 1].quantityOut;
	const pieces = step.quantity ?? (step.action === 'start' ? ready - m.quantityIn : m.quantityIn - m.quantityOut);
	// a scale never reads a round factor: a little off, the same for the same job every time
	const wobble = 1 + ((job.number.length * 7 + job.lineNo * 13 + stageIndex * 5) % 17) / 1000;
	return mgToGramsString(Math.round(job.targetWeightMg * pieces * step.weigh * wobble));
}

/** Runs one production step of a PO's plan as the person it names, on the day the clock says. */
export async function runProductionStep(scene: ProductionScene, step: ProductionStep): Promise<void> {
	const jobs = await openJobs(scene.poId, step);
	const which = `${step.lines ? `lines ${step.lines.join(', ')}` : 'every line'}${step.pieces ? ` (pieces ${step.pieces.join(', ')})` : ''}`;
	if (jobs.length === 0) throw new Error(`no open job bags on ${which}`);
	const actor = scene.actor(step.by);
	const today = todayIso();
	const jobIds = jobs.map((j) => j.id);
	switch (step.do) {
		case 'stage': {
			const index = typeof step.stage === 'number' ? step.stage : jobs[0].milestones.findIndex((m) => m.name === step.stage);
			const milestone = jobs[0].milestones[index];
			if (!milestone) throw new Error(`${jobs[0].number} has no stage ${step.stage}`);
			const photographed = step.photo || (step.action === 'finish' && milestone.photoRequired);
			const caption = `${jobs[0].number}${jobs.length > 1 ? ` +${jobs.length - 1}` : ''} · ${milestone.name} · ${today}`;
			const photos = photographed
				? [await benchPhoto({ stage: milestone.name, sku: jobs[0].sku, alloy: jobs[0].alloy, stones: jobs[0].stones, caption })]
				: [];
			// one weight cannot be every bag's: only a single bag is weighed
			const weight = jobs.length === 1 ? weighed(jobs[0], index, step) : '';
			const input = stageUpdateSchema.parse({
				jobIds,
				stage: milestone.name,
				action: step.action,
				occurredOn: today,
				quantity: step.quantity ?? '',
				weight,
				note: step.note ?? ''
			});
			await recordStageUpdate(actor, input, photos);
			break;
		}
		case 'problem':
			await flagProblem(actor, problemSchema.parse({ jobIds, reason: step.reason, occurredOn: today, note: step.note }));
			await toTheBrand(actor);
			break;
		case 'resolve': {
			const open = await asSystem((tx) =>
				tx
					.select({ id: jobProblem.id })
					.from(jobProblem)
					.where(and(inArray(jobProblem.jobId, jobIds), isNull(jobProblem.resolvedAt)))
			);
			if (open.length === 0) throw new Error(`no open problem on ${which}`);
			for (const problem of open)
				await resolveProblem(actor, resolveProblemSchema.parse({ problemId: problem.id, resolution: step.resolution }));
			await toTheBrand(actor);
			break;
		}
	}
}

/** A workshop's mail to the brand is resolved to people at once, so the copies are dated when the workshop wrote. */
async function toTheBrand(actor: Actor): Promise<void> {
	if (actor.kind === 'vendor') await expandAudiences(100);
}
