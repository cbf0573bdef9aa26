/** Reference values of the styles catalogue: categories and the shape of a SKU. */

export const styleCategories = ['ring', 'earrings', 'pendant', 'necklace', 'bracelet', 'brooch', 'cufflinks', 'charm', 'other'] as const;
export type StyleCategory = (typeof styleCategories)[number];

export const styleCategoryLabels: Record<StyleCategory, string> = {
	ring: 'Ring',
	earrings: 'Earrings',
	pendant: 'Pendant',
	necklace: 'Necklace',
	bracelet: 'Bracelet',
	brooch: 'Brooch',
	cufflinks: 'Cufflinks',
	charm: 'Charm',
	other: 'Other'
};

/**
 * A SKU is printed on job bags and typed at the bench: ASCII letters, digits, dashes and dots,
 * starting with a letter or digit. Stored upper-case so "rg-1042" and "RG-1042" are one style.
 */
export const SKU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9.-]*$/;
export const SKU_MAX_LENGTH = 40;

export function normalizeSku(text: string): string {
	return text.trim().toUpperCase();
}

export const styleStatuses = ['active', 'archived', 'all'] as const;
export type StyleStatusFilter = (typeof styleStatuses)[number];
export const styleStatusLabels: Record<StyleStatusFilter, string> = { active: 'Active', archived: 'Archived', all: 'Active and archived' };

/** Currencies offered in the labor-currency list; the workshops' own currencies are added to it. */
export const commonCurrencies = ['USD', 'EUR', 'GBP', 'CHF', 'THB', 'INR', 'HKD', 'AED', 'ILS', 'JPY', 'CNY', 'TRY'] as const;
