/**
 * Inputs of the styles catalogue, one zod schema each, shared by the forms, the CSV import and the
 * services. Weights and money arrive as the text a person typed; `resolveStyle` turns them into
 * milligrams and minor units once the labor currency is known (it defaults to the workshop's).
 */
import { z } from 'zod';
import { isCurrency, minorToDecimalString, parseMoney } from '../money.ts';
import { mgToGramsString, parseGrams } from '../../format/weight.ts';
import { findAlloy } from '../purchase-orders/alloys.ts';
import { isUuid } from '../ids.ts';
import { laborBases } from '../purchase-orders/schemas.ts';
import type { LaborBasis } from '../purchase-orders/totals.ts';
import { SKU_MAX_LENGTH, SKU_PATTERN, styleCategories, styleStatuses, type StyleCategory } from './reference.ts';

const optionalText = (max: number, label: string) =>
	z.string().trim().max(max, `Keep ${label} under ${max} characters.`).optional().default('');

/** Grams as typed; checked field by field so every bad field is reported at once. */
const gramsText = (label: string, aboveZero: boolean) =>
	z
		.string()
		.trim()
		.max(20, `Keep ${label} under 20 characters.`)
		.superRefine((text, ctx) => {
			if (text === '') return;
			const parsed = parseGrams(text);
			if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message });
			else if (aboveZero && parsed.mg === 0) ctx.addIssue({ code: 'custom', message: 'Enter a weight above zero, or leave it blank.' });
		})
		.optional()
		.default('');

const styleFields = {
	sku: z
		.string()
		.trim()
		.toUpperCase()
		.min(1, 'Enter the SKU.')
		.max(SKU_MAX_LENGTH, `Keep the SKU under ${SKU_MAX_LENGTH} characters.`)
		.regex(SKU_PATTERN, 'Use only letters, digits, dashes and dots, like RG-1042.'),
	name: z.string().trim().min(1, 'Enter the style’s name.').max(120, 'Keep the name under 120 characters.'),
	category: z.enum(styleCategories, { error: 'Choose a category.' }),
	defaultAlloy: z
		.string()
		.trim()
		.toUpperCase()
		.refine((code) => code === '' || findAlloy(code) !== undefined, 'Choose an alloy from the list.')
		.optional()
		.default(''),
	/** grams as typed, e.g. "3.25" */
	targetWeight: gramsText('the weight', true),
	/** plus or minus, grams as typed */
	weightTolerance: gramsText('the tolerance', false),
	stoneSpec: optionalText(500, 'the stone specification'),
	stoneCount: z.coerce
		.number({ error: 'Enter a whole number of stones.' })
		.int('Stones are counted in whole numbers.')
		.min(0, 'Stones cannot be negative.')
		.max(10_000, 'Enter at most 10,000 stones per piece.')
		.default(0),
	hasDiamonds: z.boolean().default(false),
	defaultVendorId: z
		.string()
		.trim()
		.refine((id) => id === '' || isUuid(id), 'Choose a workshop from the list.')
		.optional()
		.default(''),
	laborBasis: z.enum(laborBases, { error: 'Choose how labor is priced.' }).default('per_piece'),
	/** in the labor currency, as typed, e.g. "1,250.00" */
	laborPrice: optionalText(30, 'the labor price'),
	/** blank: the default workshop's currency */
	laborCurrency: z
		.string()
		.trim()
		.toUpperCase()
		.refine((code) => code === '' || (/^[A-Z]{3}$/.test(code) && isCurrency(code)), 'Choose a currency such as USD, EUR or THB.')
		.optional()
		.default(''),
	version: z.coerce.number().int().min(0).optional()
};

type StyleFieldValues = z.output<z.ZodObject<typeof styleFields>>;

/** Rules across fields that need no database: the tolerance fits the target, an explicit currency fits the price. */
function checkStyle(value: StyleFieldValues, ctx: z.RefinementCtx) {
	if (value.weightTolerance !== '') {
		const tolerance = parseGrams(value.weightTolerance);
		const target = parseGrams(value.targetWeight);
		if (value.targetWeight === '')
			ctx.addIssue({ code: 'custom', path: ['weightTolerance'], message: 'Enter the target weight this tolerance applies to.' });
		else if (tolerance.ok && target.ok && tolerance.mg >= target.mg)
			ctx.addIssue({ code: 'custom', path: ['weightTolerance'], message: 'The tolerance must be less than the target weight.' });
	}
	// checks run even when a field failed its own rule, so the currency may be any text here
	if (value.laborPrice !== '' && /^[A-Z]{3}$/.test(value.laborCurrency) && isCurrency(value.laborCurrency)) {
		const parsed = parseMoney(value.laborPrice, value.laborCurrency);
		if (!parsed.ok) ctx.addIssue({ code: 'custom', path: ['laborPrice'], message: parsed.message });
	}
}

/** The style form (new and edit). */
export const styleFormSchema = z.object(styleFields).superRefine(checkStyle);

/** Adding a style may bring its photo along; the server checks the bytes. */
export const newStyleFormSchema = z
	.object({ ...styleFields, photo: z.instanceof(File, { message: 'Choose a photo.' }).optional() })
	.superRefine(checkStyle);

export type StyleFormInput = z.input<typeof styleFormSchema>;
export type StyleForm = z.output<typeof styleFormSchema>;

/** A style as stored: weights in milligrams, the labor price in minor units of its currency. */
export interface StyleInput {
	sku: string;
	name: string;
	category: StyleCategory;
	defaultAlloy: string | null;
	targetWeightMg: number | null;
	weightToleranceMg: number | null;
	stoneSpec: string | null;
	stoneCount: number;
	hasDiamonds: boolean;
	defaultVendorId: string | null;
	laborBasis: LaborBasis;
	laborPriceMinor: number | null;
	laborCurrency: string | null;
}

export type StyleResolution = { ok: true; style: StyleInput } | { ok: false; fields: Partial<Record<keyof StyleForm, string>> };

/**
 * Turns valid form values into stored values. The labor currency is the one chosen, else the
 * default workshop's (`vendorCurrency`); a price with neither is refused rather than guessed.
 */
export function resolveStyle(value: StyleForm, vendorCurrency: string | null): StyleResolution {
	const fields: Partial<Record<keyof StyleForm, string>> = {};
	const currency = value.laborCurrency || vendorCurrency || null;
	let laborPriceMinor: number | null = null;
	if (value.laborPrice !== '') {
		if (!currency) {
			fields.laborCurrency = 'Choose the currency of the labor price, or a default workshop whose currency it is in.';
		} else {
			const parsed = parseMoney(value.laborPrice, currency);
			if (parsed.ok) laborPriceMinor = parsed.minor;
			else fields.laborPrice = parsed.message;
		}
	}
	const grams = (text: string) => {
		if (text === '') return null;
		const parsed = parseGrams(text);
		return parsed.ok ? parsed.mg : null;
	};
	if (Object.keys(fields).length > 0) return { ok: false, fields };
	return {
		ok: true,
		style: {
			sku: value.sku,
			name: value.name,
			category: value.category,
			defaultAlloy: value.defaultAlloy === '' ? null : findAlloy(value.defaultAlloy)!.code,
			targetWeightMg: grams(value.targetWeight),
			weightToleranceMg: grams(value.weightTolerance),
			stoneSpec: value.stoneSpec || null,
			stoneCount: value.stoneCount,
			hasDiamonds: value.hasDiamonds,
			defaultVendorId: value.defaultVendorId || null,
			laborBasis: value.laborBasis,
			laborPriceMinor,
			laborCurrency: currency
		}
	};
}

/** A stored style as the form shows it. */
export function styleToFormValues(style: StyleInput & { version?: number }): StyleForm {
	return {
		sku: style.sku,
		name: style.name,
		category: style.category,
		defaultAlloy: style.defaultAlloy ?? '',
		targetWeight: mgToGramsString(style.targetWeightMg),
		weightTolerance: mgToGramsString(style.weightToleranceMg),
		stoneSpec: style.stoneSpec ?? '',
		stoneCount: style.stoneCount,
		hasDiamonds: style.hasDiamonds,
		defaultVendorId: style.defaultVendorId ?? '',
		laborBasis: style.laborBasis,
		laborPrice:
			style.laborPriceMinor === null || !style.laborCurrency ? '' : minorToDecimalString(style.laborPriceMinor, style.laborCurrency),
		laborCurrency: style.laborCurrency ?? '',
		version: style.version
	};
}

export const styleSortColumns = ['sku', 'name', 'category', 'vendor', 'updated'] as const;

export const styleDirectoryQuerySchema = z.object({
	q: z.string().trim().max(100).optional().default(''),
	category: z.enum(styleCategories).optional().catch(undefined),
	vendor: z.string().refine(isUuid).optional().catch(undefined),
	status: z.enum(styleStatuses).catch('active').default('active'),
	sort: z.enum(styleSortColumns).catch('sku').default('sku'),
	dir: z.enum(['asc', 'desc']).catch('asc').default('asc'),
	page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1)
});

export type StyleDirectoryQuery = z.output<typeof styleDirectoryQuerySchema>;

export const stylePhotoFormSchema = z.object({ photo: z.instanceof(File, { message: 'Choose a photo of the style.' }) });

/** Largest CSV accepted, in bytes, and most rows in one import. */
export const STYLE_IMPORT_MAX_BYTES = 2 * 1024 * 1024;
export const STYLE_IMPORT_MAX_ROWS = 5_000;

export const styleImportUploadSchema = z.object({ file: z.instanceof(File, { message: 'Choose the CSV file to import.' }) });

export const styleImportModes = ['good', 'all'] as const;
export type StyleImportMode = (typeof styleImportModes)[number];

/**
 * The confirmation after the preview. The CSV travels back as text (≤ 2 MB) and is checked
 * again; the counts the person saw must still hold, or they get a fresh preview instead.
 */
export const styleImportConfirmSchema = z.object({
	csv: z.string().min(1, 'Upload the file again.').max(STYLE_IMPORT_MAX_BYTES, 'The file is larger than 2 MB.'),
	fileName: z.string().max(200).optional().default(''),
	mode: z.enum(styleImportModes).default('good'),
	expectedCreates: z.coerce.number().int().min(0).default(0),
	expectedUpdates: z.coerce.number().int().min(0).default(0),
	expectedErrors: z.coerce.number().int().min(0).default(0)
});

export type StyleImportConfirm = z.output<typeof styleImportConfirmSchema>;
