/**
 * Inputs of the repairs module, one zod schema each, shared by forms and services. Weights and money
 * arrive as the text a person typed; weights are checked here, money by `parseRepairIntake` and
 * `parseEstimateLines` once the repair's currency is known. Absurd values (a 5 kg ring, 100,000
 * stones) are refused with a sentence: they are typing mistakes, and a declared value feeds the
 * insurance totals held at each workshop.
 */
import { todayIso } from '#lib/format/dates.ts';
import { z } from 'zod';
import { currencyDecimals, isCurrency, parseMoney } from '../money.ts';
import { parseGrams } from '../../format/weight.ts';
import { repairPhotoStages, repairWorkKinds } from './reference.ts';
import { repairStatuses } from './status.ts';

export const MAX_PIECE_WEIGHT_MG = 2_000_000;
export const MAX_STONE_COUNT = 5_000;
/** a declared value or price above this many major units (10 million) is a typing mistake */
export const MAX_VALUE_MAJOR = 10_000_000;
export const MAX_ESTIMATE_LINES = 20;
export const MAX_ESTIMATE_DAYS = 365;

export { todayIso };

const isoDate = z.iso.date({ error: 'Enter a date like 2026-12-31.' });
const optionalIsoDate = z
	.union([z.literal(''), isoDate])
	.optional()
	.default('');
const text = (max: number, label: string) =>
	z
		.string()
		.trim()
		.max(max, `Keep ${label} under ${max.toLocaleString('en-US')} characters.`)
		.optional()
		.default('');
/** the version the person loaded; when given, a newer one on the server refuses the step */
const version = z.coerce.number().int().min(1).optional();

/** The reason a typed weight is refused, or null when it is a weight a piece of jewelry can have. */
export function pieceWeightProblem(typed: string): string | null {
	if (typed.trim() === '') return 'Enter the weight in grams, like 3.25.';
	const parsed = parseGrams(typed);
	if (!parsed.ok) return parsed.message;
	if (parsed.mg <= 0) return 'The weight must be more than 0 g: weigh the piece and enter grams.';
	if (parsed.mg > MAX_PIECE_WEIGHT_MG) return 'More than 2,000 g is not a piece of jewelry: weigh it again and enter grams, like 3.25.';
	return null;
}

const pieceWeight = z
	.string()
	.trim()
	.superRefine((typed, ctx) => {
		const problem = pieceWeightProblem(typed);
		if (problem) ctx.addIssue({ code: 'custom', message: problem });
	});

const stoneCount = z.coerce
	.number({ error: 'Enter the number of stones (0 when there are none).' })
	.int('Stones are counted in whole numbers.')
	.min(0, 'The number of stones cannot be negative.')
	.max(MAX_STONE_COUNT, 'More than 5,000 stones on one piece is a typing mistake: count again.');

const intakeFields = z.object({
	customerName: z.string().trim().min(1, 'Enter the customer’s name.').max(200, 'Keep the name under 200 characters.'),
	customerContact: text(200, 'the contact'),
	orderReference: text(100, 'the order reference'),
	description: z
		.string()
		.trim()
		.min(1, 'Describe the piece by its appearance, like “yellow metal ring, 1 white stone”.')
		.max(500, 'Keep the description under 500 characters.'),
	stamps: text(200, 'the stamps'),
	intakeWeight: pieceWeight,
	intakeStoneCount: stoneCount.default(0),
	conditionNotes: text(2000, 'the condition notes'),
	/** blank: the brand's home currency */
	currency: z
		.string()
		.trim()
		.toUpperCase()
		.refine((code) => code === '' || isCurrency(code), 'Choose a currency from the list.')
		.optional()
		.default(''),
	declaredValue: z.string().trim().min(1, 'Enter the declared value of the piece.').max(30),
	requestedWork: z
		.array(z.enum(repairWorkKinds, { error: 'Choose the work from the list.' }))
		.min(1, 'Choose the work to be done.')
		.max(repairWorkKinds.length),
	workNotes: text(1000, 'the work notes'),
	promisedToCustomer: optionalIsoDate
});

/** The intake as ops types it. */
export const repairIntakeSchema = intakeFields.superRefine((form, ctx) => {
	if (form.requestedWork.includes('other') && form.workNotes === '')
		ctx.addIssue({ code: 'custom', path: ['workNotes'], message: 'Say what the other work is.' });
});
export type RepairIntakeForm = z.infer<typeof repairIntakeSchema>;
export type RepairIntakeInput = z.input<typeof repairIntakeSchema>;

/** The intake corrected before a workshop has the job. */
export const repairIntakeUpdateSchema = intakeFields.extend({ version: z.coerce.number().int().min(1) }).superRefine((form, ctx) => {
	if (form.requestedWork.includes('other') && form.workNotes === '')
		ctx.addIssue({ code: 'custom', path: ['workNotes'], message: 'Say what the other work is.' });
});
export type RepairIntakeUpdateForm = z.infer<typeof repairIntakeUpdateSchema>;
export type RepairIntakeUpdateInput = z.input<typeof repairIntakeUpdateSchema>;

export interface RepairIntakeValues {
	customerName: string;
	customerContact: string;
	orderReference: string;
	description: string;
	stamps: string;
	intakeWeightMg: number;
	intakeStoneCount: number;
	conditionNotes: string;
	currency: string;
	declaredValueMinor: number;
	requestedWork: (typeof repairWorkKinds)[number][];
	workNotes: string;
	promisedToCustomer: string | null;
}

export type Parsed<T> = { ok: true; values: T } | { ok: false; errors: Record<string, string> };

/** Money typed in `currency` that must be more than 0 and at most 10 million major units. */
export function parseBoundedMoney(
	typed: string,
	currency: string,
	what: string,
	allowZero = false
): { ok: true; minor: number } | { ok: false; message: string } {
	if (/^\s*[-−]/.test(typed)) return { ok: false, message: `${what} cannot be negative.` };
	const parsed = parseMoney(typed, currency);
	if (!parsed.ok) return parsed;
	if (parsed.minor === 0 && !allowZero) return { ok: false, message: `${what} must be more than 0.` };
	if (parsed.minor > MAX_VALUE_MAJOR * 10 ** currencyDecimals(currency))
		return {
			ok: false,
			message: `${what} over ${MAX_VALUE_MAJOR.toLocaleString('en-US')} ${currency} is a typing mistake: check the amount.`
		};
	return parsed;
}

/**
 * The intake in units (mg, minor units, a date), or a message per field. `previousPromised` is the
 * date already on the repair: an old promise may stay, no new one may lie in the past.
 */
export function parseRepairIntake(
	form: RepairIntakeForm,
	context: { homeCurrency: string; today: string; previousPromised?: string | null }
): Parsed<RepairIntakeValues> {
	const errors: Record<string, string> = {};
	const currency = form.currency || context.homeCurrency;
	const weight = parseGrams(form.intakeWeight);
	const weightProblem = pieceWeightProblem(form.intakeWeight);
	if (weightProblem) errors.intakeWeight = weightProblem;
	const value = parseBoundedMoney(form.declaredValue, currency, 'The declared value');
	if (!value.ok) errors.declaredValue = value.message;
	const promised = form.promisedToCustomer || null;
	if (promised && promised < context.today && promised !== context.previousPromised)
		errors.promisedToCustomer = 'The promised date is in the past: choose today or a later day.';
	if (Object.keys(errors).length > 0 || !weight.ok || !value.ok) return { ok: false, errors };
	return {
		ok: true,
		values: {
			customerName: form.customerName,
			customerContact: form.customerContact,
			orderReference: form.orderReference,
			description: form.description,
			stamps: form.stamps,
			intakeWeightMg: weight.mg,
			intakeStoneCount: form.intakeStoneCount,
			conditionNotes: form.conditionNotes,
			currency,
			declaredValueMinor: value.minor,
			requestedWork: [...new Set(form.requestedWork)],
			workNotes: form.workNotes,
			promisedToCustomer: promised
		}
	};
}

export const assignRepairSchema = z.object({
	vendorId: z.uuid({ error: 'Choose a workshop from the list.' }),
	version: z.coerce.number().int().min(1)
});
export type AssignRepairInput = z.input<typeof assignRepairSchema>;

export const cancelRepairSchema = z.object({
	reason: z.string().trim().min(3, 'Say why the repair is cancelled.').max(1000, 'Keep the reason under 1,000 characters.'),
	version
});
export type CancelRepairInput = z.input<typeof cancelRepairSchema>;

// ---------------------------------------------------------------- estimates

export const estimateLineSchema = z.object({
	description: z.string().trim().min(1, 'Describe the work on this line.').max(300, 'Keep a line under 300 characters.'),
	price: z.string().trim().min(1, 'Enter the price of this line.').max(30)
});

export const repairEstimateSchema = z.object({
	lines: z
		.array(estimateLineSchema)
		.min(1, 'Add at least one line of work with its price.')
		.max(MAX_ESTIMATE_LINES, `An estimate has at most ${MAX_ESTIMATE_LINES} lines.`),
	days: z.coerce
		.number({ error: 'Enter the number of days the work takes.' })
		.int('Enter whole days.')
		.min(1, 'The work takes at least 1 day.')
		.max(MAX_ESTIMATE_DAYS, 'More than a year for a repair is a typing mistake: enter the days the work takes.'),
	note: text(2000, 'the note')
});
export type RepairEstimateForm = z.infer<typeof repairEstimateSchema>;
export type RepairEstimateInput = z.input<typeof repairEstimateSchema>;

/** The estimate's lines in minor units of the repair's currency, or a message per line. */
export function parseEstimateLines(
	lines: RepairEstimateForm['lines'],
	currency: string
): Parsed<{ lines: { description: string; priceMinor: number }[]; totalMinor: number }> {
	const errors: Record<string, string> = {};
	const parsed: { description: string; priceMinor: number }[] = [];
	lines.forEach((line, index) => {
		const price = parseBoundedMoney(line.price, currency, 'A price', true);
		if (!price.ok) errors[`lines[${index}].price`] = price.message;
		else parsed.push({ description: line.description, priceMinor: price.minor });
	});
	if (Object.keys(errors).length > 0) return { ok: false, errors };
	const totalMinor = parsed.reduce((sum, line) => sum + line.priceMinor, 0);
	if (totalMinor > MAX_VALUE_MAJOR * 10 ** currencyDecimals(currency))
		return {
			ok: false,
			errors: { lines: `A repair estimate over ${MAX_VALUE_MAJOR.toLocaleString('en-US')} ${currency} is a typing mistake.` }
		};
	return { ok: true, values: { lines: parsed, totalMinor } };
}

export const estimateDecisions = ['approve', 'decline', 'new_estimate'] as const;
export type EstimateDecision = (typeof estimateDecisions)[number];

export const estimateDecisionLabels: Record<EstimateDecision, string> = {
	approve: 'Approve: the customer agreed',
	decline: 'Decline: the customer does not want the repair',
	new_estimate: 'Ask the workshop for a new estimate'
};

export const estimateDecisionSchema = z
	.object({
		decision: z.enum(estimateDecisions, { error: 'Choose approve, decline or ask for a new estimate.' }),
		/** how and when the customer answered: "by phone, 12 May", "e-mail of 3 June" */
		customerDecision: text(500, 'the customer’s answer'),
		note: text(2000, 'the note')
	})
	.superRefine((form, ctx) => {
		if (form.decision === 'approve' && form.customerDecision === '')
			ctx.addIssue({
				code: 'custom',
				path: ['customerDecision'],
				message: 'Record how and when the customer agreed, like “by phone, 12 May”.'
			});
		if (form.decision === 'decline' && form.customerDecision === '')
			ctx.addIssue({
				code: 'custom',
				path: ['customerDecision'],
				message: 'Record how and when the customer declined, like “e-mail of 3 June”.'
			});
		if (form.decision === 'new_estimate' && form.note === '')
			ctx.addIssue({ code: 'custom', path: ['note'], message: 'Tell the workshop what the new estimate should change.' });
	});
export type EstimateDecisionForm = z.infer<typeof estimateDecisionSchema>;
export type EstimateDecisionInput = z.input<typeof estimateDecisionSchema>;

// ---------------------------------------------------------------- the workshop's steps

export const repairStepSchema = z.object({ version });
export type RepairStepInput = z.input<typeof repairStepSchema>;

export const markReceivedSchema = z.object({
	/** blank: today */
	receivedOn: optionalIsoDate,
	version
});
export type MarkReceivedInput = z.input<typeof markReceivedSchema>;

export const shipBackSchema = z.object({
	carrier: z
		.string()
		.trim()
		.min(1, 'Enter the carrier, like FedEx or the courier’s name.')
		.max(80, 'Keep the carrier under 80 characters.'),
	trackingNumber: z.string().trim().min(1, 'Enter the tracking number.').max(80, 'Keep the tracking number under 80 characters.'),
	shippedOn: isoDate,
	version
});
export type ShipBackInput = z.input<typeof shipBackSchema>;

export const finalPriceSchema = z.object({
	finalPrice: z.string().trim().min(1, 'Enter the final price.').max(30),
	note: text(1000, 'the note'),
	version
});
export type FinalPriceInput = z.input<typeof finalPriceSchema>;

// ---------------------------------------------------------------- the brand's check on return

export const returnCheckSchema = z.object({
	returnWeight: pieceWeight,
	returnStoneCount: stoneCount,
	notes: text(2000, 'the notes'),
	version
});
export type ReturnCheckForm = z.infer<typeof returnCheckSchema>;
export type ReturnCheckInput = z.input<typeof returnCheckSchema>;

export const resolveDiscrepancySchema = z.object({
	note: z
		.string()
		.trim()
		.min(3, 'Say why the difference is acceptable, or what was done about it.')
		.max(2000, 'Keep the note under 2,000 characters.'),
	version
});
export type ResolveDiscrepancyInput = z.input<typeof resolveDiscrepancySchema>;

export const repairPhotoStageSchema = z.enum(repairPhotoStages, { error: 'Choose when the photos were taken.' });

// ---------------------------------------------------------------- lists

export const repairListSorts = ['created', 'number', 'status', 'promised', 'value', 'workshop'] as const;

export const repairListQuerySchema = z.object({
	/** number, description, stamps; for the brand also customer and order reference */
	q: z.string().trim().max(100).catch(''),
	status: z.enum(['open', 'all', ...repairStatuses]).catch('open'),
	vendor: z.uuid().or(z.literal('')).catch(''),
	/** part of a workshop's name */
	workshop: z.string().trim().max(120).catch(''),
	/** only jobs at a workshop past the turnaround target */
	overdue: z
		.union([z.boolean(), z.enum(['true', 'false', '1', '0', 'on', ''])])
		.transform((v) => v === true || v === 'true' || v === '1' || v === 'on')
		.catch(false),
	/** only jobs with an estimate waiting for the brand's decision */
	estimateWaiting: z
		.union([z.boolean(), z.enum(['true', 'false', '1', '0', 'on', ''])])
		.transform((v) => v === true || v === 'true' || v === '1' || v === 'on')
		.catch(false),
	sort: z.enum(repairListSorts).catch('created'),
	dir: z.enum(['asc', 'desc']).catch('desc'),
	page: z.coerce.number().int().min(1).max(100_000).catch(1)
});
export type RepairListQuery = z.infer<typeof repairListQuerySchema>;
