/**
 * Inputs of the purchase-order module, one zod schema each, shared by forms and services.
 * Money and weights arrive as the text a person typed; `parseDraftLines` turns them into minor
 * units and milligrams once the PO's currency is known, with a message per field.
 */
import { todayIso } from '#lib/format/dates.ts';
import { z } from 'zod';
import { parseMoney } from '../money.ts';
import { parseGrams } from '../../format/weight.ts';
import { findAlloy } from './alloys.ts';
import { lineTotals, type LaborBasis, type MetalBasis } from './totals.ts';
import { poStatuses } from './status.ts';
import { MAX_PIECES_PER_BAG_LINE } from '../production/reference.ts';

const isoDate = z
	.string()
	.trim()
	.regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Enter a date like 2026-12-31.', abort: true })
	.refine(
		(v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
		'That date does not exist.'
	);
const optionalIsoDate = z
	.union([z.literal(''), isoDate])
	.optional()
	.default('');
const text = (max: number, label: string) => z.string().trim().max(max, `Keep ${label} under ${max} characters.`).optional().default('');
const uuid = z.string().uuid('Choose from the list.');

export const laborBases = ['per_piece', 'per_stone', 'per_gram'] as const satisfies readonly LaborBasis[];
export const metalBases = ['consigned', 'fixed', 'market'] as const satisfies readonly MetalBasis[];

export const laborBasisLabels: Record<LaborBasis, string> = {
	per_piece: 'per piece',
	per_stone: 'per stone set',
	per_gram: 'per gram'
};
export const metalBasisLabels: Record<MetalBasis, string> = {
	consigned: 'Brand supplies metal (consigned)',
	fixed: 'Vendor supplies, price fixed on PO',
	market: 'Vendor supplies, market price on delivery'
};

/** How a line's job bags are cut once acknowledged: one bag travels with the whole line, or one with each piece. */
export const jobBagModes = ['batch', 'per_piece'] as const;
export type JobBagMode = (typeof jobBagModes)[number];

export const jobBagModeLabels: Record<JobBagMode, string> = {
	batch: 'One bag for the line',
	per_piece: 'One bag per piece'
};

const perPieceTooMany = `One bag per piece is for up to ${MAX_PIECES_PER_BAG_LINE} pieces; use one bag for the line.`;
/** a workshop cannot carry hundreds of bags for one line: past the limit the line goes in one bag */
const tooManyBags = (line: { jobBags: JobBagMode; quantity: number; cancelled: boolean }) =>
	!line.cancelled && line.jobBags === 'per_piece' && line.quantity > MAX_PIECES_PER_BAG_LINE;

export { todayIso };

const poLineFields = z.object({
	id: z.string().optional().default(''),
	styleId: z.string().optional().default(''),
	sku: text(40, 'the SKU'),
	description: z.string().trim().min(1, 'Describe the piece.').max(500, 'Keep the description under 500 characters.'),
	quantity: z.coerce
		.number({ error: 'Enter the number of pieces.' })
		.int('Pieces are counted in whole numbers.')
		.min(1, 'Order at least one piece.')
		.max(100_000, 'Order at most 100,000 pieces on one line.'),
	size: text(40, 'the size'),
	jobBags: z.enum(jobBagModes, { error: 'Choose how the job bags are cut.' }).default('batch'),
	alloy: z
		.string()
		.trim()
		.toUpperCase()
		.refine((code) => findAlloy(code) !== undefined, 'Choose an alloy from the list.'),
	targetWeight: text(20, 'the weight'),
	weightTolerance: text(20, 'the tolerance'),
	stoneSpec: text(500, 'the stone specification'),
	stoneCount: z.coerce
		.number({ error: 'Enter a whole number of stones.' })
		.int('Stones are counted in whole numbers.')
		.min(0, 'Stones cannot be negative.')
		.max(10_000)
		.default(0),
	hasDiamonds: z.boolean().default(false),
	laborBasis: z.enum(laborBases, { error: 'Choose how labor is priced.' }),
	laborUnitPrice: z.string().trim().max(30),
	metalBasis: z.enum(metalBases, { error: 'Choose who supplies the metal.' }),
	metalPricePerGram: text(30, 'the metal price'),
	metalFixDate: optionalIsoDate,
	stonesUnitPrice: text(30, 'the stone price'),
	dueDate: isoDate,
	notes: text(1000, 'the notes'),
	cancelled: z.boolean().default(false)
});
/** One PO line as the editor sends it: money and weights as typed. */
export const poLineFormSchema = poLineFields.superRefine((line, ctx) => {
	if (tooManyBags(line)) ctx.addIssue({ code: 'custom', path: ['jobBags'], message: perPieceTooMany });
});
export type PoLineForm = z.infer<typeof poLineFormSchema>;

/** An empty line as the editor starts it: priced per piece, metal from the brand. */
export function blankLineForm(dueDate = ''): PoLineForm {
	return {
		id: '',
		styleId: '',
		sku: '',
		description: '',
		quantity: 1,
		size: '',
		jobBags: 'batch',
		alloy: '',
		targetWeight: '',
		weightTolerance: '',
		stoneSpec: '',
		stoneCount: 0,
		hasDiamonds: false,
		laborBasis: 'per_piece',
		laborUnitPrice: '',
		metalBasis: 'consigned',
		metalPricePerGram: '',
		metalFixDate: '',
		stonesUnitPrice: '',
		dueDate,
		notes: '',
		cancelled: false
	};
}

export const poHeaderShape = {
	vendorId: uuid,
	shipTo: z.string().trim().min(1, 'Enter where the goods go.').max(500, 'Keep the ship-to address under 500 characters.'),
	requestedDate: optionalIsoDate,
	collection: text(80, 'the collection name'),
	terms: text(4000, 'the terms'),
	notes: text(4000, 'the notes')
};

export const poDraftSchema = z.object({
	...poHeaderShape,
	lines: z.array(poLineFormSchema).max(500, 'A PO holds at most 500 lines; split it in two.').default([]),
	/** the version the editor loaded: a newer one on the server means someone else saved first */
	version: z.coerce.number().int().min(0).default(0),
	/** why a sent PO is being revised; shown to the vendor */
	revisionNote: text(500, 'the note')
});
export type PoDraftForm = z.infer<typeof poDraftSchema>;

/** A line in the service's terms: minor units, milligrams, fineness resolved. */
export interface PoLineInput {
	id: string | null;
	styleId: string | null;
	sku: string;
	description: string;
	quantity: number;
	size: string;
	jobBags: JobBagMode;
	alloy: string;
	fineness: number;
	targetWeightMg: number | null;
	weightToleranceMg: number | null;
	stoneSpec: string;
	stoneCount: number;
	hasDiamonds: boolean;
	laborBasis: LaborBasis;
	laborUnitPriceMinor: number;
	metalBasis: MetalBasis;
	metalPricePerGramMinor: number | null;
	metalFixDate: string | null;
	stonesUnitPriceMinor: number;
	dueDate: string;
	notes: string;
	cancelled: boolean;
}

/** What a line orders: every term of it, without its identity (id, style). */
export type LineTerms = Omit<PoLineInput, 'id' | 'styleId'>;

/**
 * A line's terms picked out of anything that carries them (a parsed line, a database row): what is
 * stored, frozen in a snapshot and compared between revisions — never the row's answer state.
 */
export function lineTerms(line: LineTerms): LineTerms {
	return {
		sku: line.sku,
		description: line.description,
		quantity: line.quantity,
		size: line.size,
		jobBags: line.jobBags,
		alloy: line.alloy,
		fineness: line.fineness,
		targetWeightMg: line.targetWeightMg,
		weightToleranceMg: line.weightToleranceMg,
		stoneSpec: line.stoneSpec,
		stoneCount: line.stoneCount,
		hasDiamonds: line.hasDiamonds,
		laborBasis: line.laborBasis,
		laborUnitPriceMinor: line.laborUnitPriceMinor,
		metalBasis: line.metalBasis,
		metalPricePerGramMinor: line.metalPricePerGramMinor,
		metalFixDate: line.metalFixDate,
		stonesUnitPriceMinor: line.stonesUnitPriceMinor,
		dueDate: line.dueDate,
		notes: line.notes,
		cancelled: line.cancelled
	};
}

export type LineParse = { ok: true; lines: PoLineInput[] } | { ok: false; errors: Record<string, string> };

/**
 * Turns typed lines into service input. Errors are keyed like the form (`lines[2].laborUnitPrice`)
 * so each message lands beside its field. `today` bounds due dates: a new due date in the past is
 * refused, an unchanged one on an old line is not (`existingDueDates`).
 */
export function parseDraftLines(
	lines: PoLineForm[],
	currency: string,
	today = todayIso(),
	existingDueDates: Map<string, string> = new Map()
): LineParse {
	const errors: Record<string, string> = {};
	const parsed: PoLineInput[] = [];
	lines.forEach((line, index) => {
		const at = (field: string) => `lines[${index}].${field}`;
		const money = (field: string, value: string, required: boolean): number | null => {
			if (value.trim() === '') {
				if (required) errors[at(field)] = 'Enter a price.';
				return null;
			}
			const result = parseMoney(value, currency);
			if (!result.ok) {
				errors[at(field)] = result.message;
				return null;
			}
			return result.minor;
		};
		const grams = (field: string, value: string): number | null => {
			if (value.trim() === '') return null;
			const result = parseGrams(value);
			if (!result.ok) {
				errors[at(field)] = result.message;
				return null;
			}
			return result.mg;
		};
		const laborUnitPriceMinor = money('laborUnitPrice', line.laborUnitPrice, true);
		const metalPricePerGramMinor = money('metalPricePerGram', line.metalPricePerGram, line.metalBasis === 'fixed');
		const stonesUnitPriceMinor = money('stonesUnitPrice', line.stonesUnitPrice, false) ?? 0;
		const targetWeightMg = grams('targetWeight', line.targetWeight);
		const weightToleranceMg = grams('weightTolerance', line.weightTolerance);
		if (targetWeightMg === null && !errors[at('targetWeight')]) {
			if (line.laborBasis === 'per_gram') errors[at('targetWeight')] = 'Labor is priced per gram: enter the target weight.';
			else if (line.metalBasis !== 'consigned') errors[at('targetWeight')] = 'The vendor supplies the metal: enter the target weight.';
		}
		if (targetWeightMg === 0) errors[at('targetWeight')] = 'A piece weighs more than 0 g.';
		if (weightToleranceMg !== null && targetWeightMg !== null && weightToleranceMg >= targetWeightMg) {
			errors[at('weightTolerance')] = 'The tolerance must be smaller than the target weight.';
		}
		if (line.laborBasis === 'per_stone' && line.stoneCount === 0)
			errors[at('stoneCount')] = 'Labor is priced per stone: enter the stones per piece.';
		// zod refuses it too; repeated here, like the alloy, for callers that skip zod
		if (tooManyBags(line)) errors[at('jobBags')] = perPieceTooMany;
		if (line.metalBasis === 'fixed' && line.metalFixDate === '') errors[at('metalFixDate')] = 'Enter the date the metal price was fixed.';
		if (line.metalFixDate !== '' && line.metalFixDate > today) errors[at('metalFixDate')] = 'The fix date cannot be in the future.';
		const previousDue = line.id ? existingDueDates.get(line.id) : undefined;
		if (line.dueDate < today && line.dueDate !== previousDue && !line.cancelled) errors[at('dueDate')] = 'The due date is in the past.';
		const alloy = findAlloy(line.alloy);
		// a line without a known alloy would be priced at fineness 0; zod checks it too, but callers may skip zod
		if (!alloy) errors[at('alloy')] = 'Choose an alloy from the list.';
		const input: PoLineInput = {
			id: line.id || null,
			styleId: line.styleId || null,
			sku: line.sku,
			description: line.description,
			quantity: line.quantity,
			size: line.size,
			jobBags: line.jobBags,
			alloy: alloy?.code ?? line.alloy,
			fineness: alloy?.fineness ?? 0,
			targetWeightMg,
			weightToleranceMg,
			stoneSpec: line.stoneSpec,
			stoneCount: line.stoneCount,
			hasDiamonds: line.hasDiamonds,
			laborBasis: line.laborBasis,
			laborUnitPriceMinor: laborUnitPriceMinor ?? 0,
			metalBasis: line.metalBasis,
			metalPricePerGramMinor: line.metalBasis === 'consigned' ? null : metalPricePerGramMinor,
			metalFixDate: line.metalFixDate || null,
			stonesUnitPriceMinor,
			dueDate: line.dueDate,
			notes: line.notes,
			cancelled: line.cancelled
		};
		// a total beyond what a number holds exactly would fail later as a crash, not as a sentence
		try {
			lineTotals(input);
		} catch {
			errors[at('quantity')] = 'This line comes to more than Bezel can hold: check the quantity and the prices.';
		}
		parsed.push(input);
	});
	return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, lines: parsed };
}

/** The vendor's answer to one line of the current revision. */
export const lineAnswerSchema = z.discriminatedUnion('answer', [
	z.object({ lineId: uuid, answer: z.literal('acknowledge'), promisedDate: isoDate }),
	z.object({
		lineId: uuid,
		answer: z.literal('change'),
		quantity: z
			.union([
				z.literal(''),
				z.coerce.number().int('Pieces are counted in whole numbers.').min(1, 'Propose at least one piece.').max(100_000)
			])
			.optional()
			.default(''),
		unitPrice: text(30, 'the price'),
		dueDate: optionalIsoDate,
		reason: z.string().trim().min(3, 'Say why the change is needed.').max(1000, 'Keep the reason under 1,000 characters.')
	})
]);

export const acknowledgeSchema = z.object({
	/** the revision the vendor was looking at: answering an older one is refused */
	revision: z.coerce.number().int().min(1),
	lines: z.array(lineAnswerSchema).min(1, 'Answer at least one line.')
});
export type AcknowledgeInput = z.infer<typeof acknowledgeSchema>;

export const declineSchema = z.object({
	revision: z.coerce.number().int().min(1),
	reason: z
		.string()
		.trim()
		.min(3, 'Say why you decline, so the brand can find another way.')
		.max(2000, 'Keep the reason under 2,000 characters.')
});

export const changeDecisionSchema = z.object({
	decisions: z
		.array(
			z.object({
				requestId: uuid,
				decision: z.enum(['accept', 'reject'], { error: 'Accept or reject each request.' }),
				note: text(1000, 'the note')
			})
		)
		.min(1, 'Decide at least one request.'),
	version: z.coerce.number().int().min(0)
});

export const cancelSchema = z.object({
	reason: z.string().trim().min(3, 'Say why the PO is cancelled; the workshop will read it.').max(2000),
	version: z.coerce.number().int().min(0)
});

export const closeSchema = z.object({ version: z.coerce.number().int().min(0) });

export const messageSchema = z.object({
	body: z.string().trim().min(1, 'Write a message.').max(5000, 'Keep a message under 5,000 characters.')
});

export const poListQuerySchema = z.object({
	q: z.string().trim().max(100).catch(''),
	status: z.enum(['open', 'all', ...poStatuses] as unknown as [string, ...string[]]).catch('open'),
	vendor: z.string().uuid().or(z.literal('')).catch(''),
	/** part of a workshop's name: the filter when there are too many workshops for a list */
	workshop: z.string().trim().max(120).catch(''),
	collection: z.string().trim().max(80).catch(''),
	style: z.string().trim().max(40).catch(''),
	dueFrom: z
		.string()
		.regex(/^\d{4}-\d{2}-\d{2}$/)
		.or(z.literal(''))
		.catch(''),
	dueTo: z
		.string()
		.regex(/^\d{4}-\d{2}-\d{2}$/)
		.or(z.literal(''))
		.catch(''),
	sort: z.enum(['number', 'vendor', 'status', 'due', 'total', 'created']).catch('created'),
	dir: z.enum(['asc', 'desc']).catch('desc'),
	page: z.coerce.number().int().min(1).max(100_000).catch(1)
});
export type PoListQuery = z.infer<typeof poListQuerySchema>;
