/**
 * The columns of the styles CSV: shared by the parser, the export and the import page (which must
 * not pull the CSV parser into the browser just to list them).
 */
import { styleCategories, styleCategoryLabels } from './reference.ts';
import type { StyleForm } from './schemas.ts';

export type StyleCsvKey = Exclude<keyof StyleForm, 'version'>;

export interface StyleCsvColumn {
	key: StyleCsvKey;
	header: string;
	required: boolean;
	/** other spellings accepted in the header row */
	aliases: string[];
	description: string;
	example: string;
}

export const styleCsvColumns: readonly StyleCsvColumn[] = [
	{
		key: 'sku',
		header: 'SKU',
		required: true,
		aliases: ['style number', 'style no'],
		description: 'Letters, digits, dashes and dots; saved in capitals. A SKU already in Bezel updates that style.',
		example: 'RG-1042'
	},
	{
		key: 'name',
		header: 'Name',
		required: true,
		aliases: ['style name'],
		description: 'The style’s name.',
		example: 'Solitaire ring, six prongs'
	},
	{
		key: 'category',
		header: 'Category',
		required: true,
		aliases: [],
		description: `One of ${styleCategories.map((c) => styleCategoryLabels[c]).join(', ')}.`,
		example: 'Ring'
	},
	{
		key: 'defaultAlloy',
		header: 'Alloy',
		required: false,
		aliases: ['default alloy', 'metal'],
		description: 'An alloy code from the list below, such as 18KY or PT950. Blank for none.',
		example: '18KY'
	},
	{
		key: 'targetWeight',
		header: 'Target weight (g)',
		required: false,
		aliases: ['target weight', 'weight', 'weight (g)'],
		description: 'Finished weight in grams, at most three decimals. Blank for none.',
		example: '3.25'
	},
	{
		key: 'weightTolerance',
		header: 'Tolerance (g)',
		required: false,
		aliases: ['tolerance', 'weight tolerance', 'weight tolerance (g)'],
		description: 'Plus or minus, in grams; needs a target weight.',
		example: '0.15'
	},
	{
		key: 'stoneSpec',
		header: 'Stone spec',
		required: false,
		aliases: ['stone specification', 'stones'],
		description: 'Shape, size, quality and origin of the stones, in words.',
		example: '1 round 6.5 mm lab-grown F VS1'
	},
	{
		key: 'stoneCount',
		header: 'Stones per piece',
		required: false,
		aliases: ['stone count', 'stones count'],
		description: 'A whole number (blank means 0).',
		example: '1'
	},
	{
		key: 'hasDiamonds',
		header: 'Has diamonds',
		required: false,
		aliases: ['diamonds'],
		description: 'yes or no (blank means no).',
		example: 'yes'
	},
	{
		key: 'defaultVendorId',
		header: 'Workshop',
		required: false,
		aliases: ['default workshop', 'vendor', 'default vendor'],
		description: 'The default workshop’s name as it is in Bezel (capitals do not matter). Blank for none.',
		example: 'Siam Casting'
	},
	{
		key: 'laborBasis',
		header: 'Labor basis',
		required: false,
		aliases: ['labour basis'],
		description: 'per piece, per stone or per gram (blank means per piece).',
		example: 'per piece'
	},
	{
		key: 'laborPrice',
		header: 'Labor price',
		required: false,
		aliases: ['labour price'],
		description: 'In the labor currency, like 1250.00 (no currency sign). Blank for none.',
		example: '1250.00'
	},
	{
		key: 'laborCurrency',
		header: 'Labor currency',
		required: false,
		aliases: ['labour currency', 'currency'],
		description: 'A currency code such as USD, EUR or THB. Blank means the workshop’s currency.',
		example: 'THB'
	}
];

/** Columns the export adds; a re-imported export must not fail on them, so they are read and ignored. */
export const styleCsvIgnoredColumns = ['Active', 'Updated'] as const;
