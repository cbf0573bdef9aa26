/**
 * The tolerance forms: the company's (admin settings) and a workshop's override (staff vendor page).
 *
 * Fields travel as the text a person typed, and are read only by the parsers of
 * `#lib/domain/invoices/tolerance.ts`: a blank field is refused ("enter 0 to allow none"), never
 * read as zero or as unlimited. The same schemas are used by the forms and by the services.
 * A vendor override stores NULL for "use the company's": an empty column never means "no limit".
 */
import { z } from 'zod';
import {
	formatPercent,
	parseAbsoluteAmount,
	parsePercent,
	parsePieces,
	priceAllowanceRules,
	priceTolerance,
	quantityTolerance,
	type CompanyTolerances,
	type PriceAllowanceRule,
	type ToleranceParse,
	type VendorToleranceOverride
} from '#lib/domain/invoices/tolerance.ts';

/** "1" from 100 bp, "0.25" from 25 bp: the percent as typed in the form (no % sign). */
export const percentFieldText = (basisPoints: number) => formatPercent(basisPoints).slice(0, -1);

/** "25.00" from 25 000 thousandths, "0.125" from 125: at least two decimals, a third only when set. */
export function absoluteFieldText(thousandths: number): string {
	const whole = Math.trunc(thousandths / 1000);
	const fraction = String(thousandths % 1000).padStart(3, '0');
	return `${whole}.${fraction.endsWith('0') ? fraction.slice(0, 2) : fraction}`;
}

const text = z.string().max(40, 'Enter a shorter number.').optional().default('');

type Issue = { path: string; message: string };

function check(issues: Issue[], path: string, result: { ok: true } | { ok: false; message: string }) {
	if (!result.ok) issues.push({ path, message: result.message });
}

// ---------------------------------------------------------------- the company's tolerances

/** Receiving may go this far over the ordered quantity; a percent like the price tolerance, blank refused. */
export function parseOverReceipt(text: string): ToleranceParse<number> {
	if (text.trim() === '') return { ok: false, message: 'Enter the over-receipt allowance; enter 0 to allow none.' };
	return parsePercent(text);
}

export const companyTolerancesSchema = z
	.object({
		pricePercent: text,
		priceAbsolute: text,
		priceAllowanceRule: z.enum(priceAllowanceRules as [PriceAllowanceRule, ...PriceAllowanceRule[]], {
			error: 'Choose how the percent and the amount combine.'
		}),
		quantityPieces: text,
		overReceiptPercent: text,
		version: z.coerce.number().int().min(0)
	})
	.superRefine((form, ctx) => {
		const issues: Issue[] = [];
		check(issues, 'pricePercent', parsePercent(form.pricePercent));
		check(issues, 'priceAbsolute', parseAbsoluteAmount(form.priceAbsolute));
		check(issues, 'quantityPieces', parsePieces(form.quantityPieces));
		check(issues, 'overReceiptPercent', parseOverReceipt(form.overReceiptPercent));
		for (const issue of issues) ctx.addIssue({ code: 'custom', path: [issue.path], message: issue.message });
	});

export type CompanyTolerancesInput = z.input<typeof companyTolerancesSchema>;
export type CompanyTolerancesForm = z.output<typeof companyTolerancesSchema>;

/** The columns of brand_settings the form writes. */
export interface CompanyToleranceColumns {
	priceTolerancePercentBp: number;
	priceToleranceAbsoluteThousandths: number;
	priceAllowanceRule: PriceAllowanceRule;
	quantityTolerancePieces: number;
	overReceiptAllowanceBp: number;
}

/** A valid form's columns, or each field's message. */
export function parseCompanyTolerances(
	form: Omit<CompanyTolerancesForm, 'version'>
): { ok: true; columns: CompanyToleranceColumns } | { ok: false; errors: Record<string, string> } {
	const percent = parsePercent(form.pricePercent);
	const absolute = parseAbsoluteAmount(form.priceAbsolute);
	const pieces = parsePieces(form.quantityPieces);
	const overReceipt = parseOverReceipt(form.overReceiptPercent);
	if (percent.ok && absolute.ok && pieces.ok && overReceipt.ok && priceAllowanceRules.includes(form.priceAllowanceRule)) {
		return {
			ok: true,
			columns: {
				priceTolerancePercentBp: percent.value,
				priceToleranceAbsoluteThousandths: absolute.value,
				priceAllowanceRule: form.priceAllowanceRule,
				quantityTolerancePieces: pieces.value,
				overReceiptAllowanceBp: overReceipt.value
			}
		};
	}
	const errors: Record<string, string> = {};
	if (!percent.ok) errors.pricePercent = percent.message;
	if (!absolute.ok) errors.priceAbsolute = absolute.message;
	if (!pieces.ok) errors.quantityPieces = pieces.message;
	if (!overReceipt.ok) errors.overReceiptPercent = overReceipt.message;
	if (!priceAllowanceRules.includes(form.priceAllowanceRule)) errors.priceAllowanceRule = 'Choose how the percent and the amount combine.';
	return { ok: false, errors };
}

/** The form as the stored settings fill it. */
export function companyTolerancesFormValues(columns: CompanyToleranceColumns & { version: number }): CompanyTolerancesForm {
	return {
		pricePercent: percentFieldText(columns.priceTolerancePercentBp),
		priceAbsolute: absoluteFieldText(columns.priceToleranceAbsoluteThousandths),
		priceAllowanceRule: columns.priceAllowanceRule,
		quantityPieces: String(columns.quantityTolerancePieces),
		overReceiptPercent: percentFieldText(columns.overReceiptAllowanceBp),
		version: columns.version
	};
}

/** What matching uses, from the stored columns (the database checks keep them in range). */
export function companyTolerancesFrom(columns: Omit<CompanyToleranceColumns, 'overReceiptAllowanceBp'>): CompanyTolerances {
	return {
		price: priceTolerance({
			percentBasisPoints: columns.priceTolerancePercentBp,
			absoluteThousandths: columns.priceToleranceAbsoluteThousandths
		}),
		quantity: quantityTolerance(columns.quantityTolerancePieces),
		priceAllowanceRule: columns.priceAllowanceRule
	};
}

// ---------------------------------------------------------------- a workshop's override

/** The override columns on `vendor`: null = the company's. Both price parts are set together. */
export interface VendorToleranceColumns {
	priceTolerancePercentBp: number | null;
	priceToleranceAbsoluteThousandths: number | null;
	quantityTolerancePieces: number | null;
}

/**
 * The stored override the form was opened on, as one string: the service refuses a save made on
 * another one (optimistic locking without `vendor.version`, which the workshop's own profile form
 * uses: an override the workshop cannot see must not make its profile save fail).
 */
export const overrideBasis = (columns: VendorToleranceColumns) =>
	[columns.priceTolerancePercentBp, columns.priceToleranceAbsoluteThousandths, columns.quantityTolerancePieces]
		.map((value) => (value === null ? '-' : String(value)))
		.join('|');

export const vendorTolerancesSchema = z
	.object({
		priceMode: z.enum(['company', 'own'], { error: 'Choose the company’s price tolerance or the workshop’s own.' }),
		pricePercent: text,
		priceAbsolute: text,
		quantityMode: z.enum(['company', 'own'], { error: 'Choose the company’s quantity tolerance or the workshop’s own.' }),
		quantityPieces: text,
		basis: z.string().max(80).optional().default('')
	})
	.superRefine((form, ctx) => {
		const issues: Issue[] = [];
		if (form.priceMode === 'own') {
			check(issues, 'pricePercent', parsePercent(form.pricePercent));
			check(issues, 'priceAbsolute', parseAbsoluteAmount(form.priceAbsolute));
		}
		if (form.quantityMode === 'own') check(issues, 'quantityPieces', parsePieces(form.quantityPieces));
		for (const issue of issues) ctx.addIssue({ code: 'custom', path: [issue.path], message: issue.message });
	});

export type VendorTolerancesInput = z.input<typeof vendorTolerancesSchema>;
export type VendorTolerancesForm = z.output<typeof vendorTolerancesSchema>;

/** The columns a valid override form writes, or each field's message. "Company" writes NULL. */
export function parseVendorTolerances(
	form: Omit<VendorTolerancesForm, 'basis'>
): { ok: true; columns: VendorToleranceColumns } | { ok: false; errors: Record<string, string> } {
	const errors: Record<string, string> = {};
	const columns: VendorToleranceColumns = {
		priceTolerancePercentBp: null,
		priceToleranceAbsoluteThousandths: null,
		quantityTolerancePieces: null
	};
	if (form.priceMode === 'own') {
		const percent = parsePercent(form.pricePercent);
		const absolute = parseAbsoluteAmount(form.priceAbsolute);
		if (percent.ok) columns.priceTolerancePercentBp = percent.value;
		else errors.pricePercent = percent.message;
		if (absolute.ok) columns.priceToleranceAbsoluteThousandths = absolute.value;
		else errors.priceAbsolute = absolute.message;
	} else if (form.priceMode !== 'company') errors.priceMode = 'Choose the company’s price tolerance or the workshop’s own.';
	if (form.quantityMode === 'own') {
		const pieces = parsePieces(form.quantityPieces);
		if (pieces.ok) columns.quantityTolerancePieces = pieces.value;
		else errors.quantityPieces = pieces.message;
	} else if (form.quantityMode !== 'company') errors.quantityMode = 'Choose the company’s quantity tolerance or the workshop’s own.';
	return Object.keys(errors).length ? { ok: false, errors } : { ok: true, columns };
}

/** The override form as stored: "company" parts show the company's figures as a starting point. */
export function vendorTolerancesFormValues(columns: VendorToleranceColumns, company: CompanyToleranceColumns): VendorTolerancesForm {
	const ownPrice = columns.priceTolerancePercentBp !== null && columns.priceToleranceAbsoluteThousandths !== null;
	return {
		priceMode: ownPrice ? 'own' : 'company',
		pricePercent: percentFieldText(columns.priceTolerancePercentBp ?? company.priceTolerancePercentBp),
		priceAbsolute: absoluteFieldText(columns.priceToleranceAbsoluteThousandths ?? company.priceToleranceAbsoluteThousandths),
		quantityMode: columns.quantityTolerancePieces !== null ? 'own' : 'company',
		quantityPieces: String(columns.quantityTolerancePieces ?? company.quantityTolerancePieces),
		basis: overrideBasis(columns)
	};
}

/** The override matching uses; a NULL column is the company's, never "no limit". */
export function vendorOverrideFrom(columns: VendorToleranceColumns): VendorToleranceOverride {
	const price =
		columns.priceTolerancePercentBp === null || columns.priceToleranceAbsoluteThousandths === null
			? ('company' as const)
			: priceTolerance({
					percentBasisPoints: columns.priceTolerancePercentBp,
					absoluteThousandths: columns.priceToleranceAbsoluteThousandths
				});
	const quantity = columns.quantityTolerancePieces === null ? ('company' as const) : quantityTolerance(columns.quantityTolerancePieces);
	return { price, quantity };
}
