/**
 * Matching tolerances: how far an invoice may go over the purchase order before it is held.
 *
 * DOMAIN.md: percent and absolute, per company, overridable per vendor; defaults price "1% or 25.00",
 * quantity 0 pieces; zero means none allowed and blank must never mean unlimited.
 *
 * - Blank is impossible by construction: `PriceTolerance` and `QuantityTolerance` are branded and only
 *   `priceTolerance()` / `quantityTolerance()` make them, which refuse null, undefined, NaN, fractions
 *   and negatives. Form text goes through `parsePercent` / `parseAbsoluteAmount` / `parsePieces`, which
 *   answer an empty field with "Enter 0 to allow none" instead of reading it as anything.
 * - A vendor override names each part explicitly: a tolerance, or `'company'` to use the company's.
 * - "1% or 25.00": one setting, `priceAllowanceRule`, says how the two combine. Bezel's default is
 *   `'smaller'` — the allowance is the smaller of the two, because that is the reading that protects the
 *   brand (1% of 85.00 is 0.85, not 25.00; 1% of 10,000.00 is capped at 25.00). With `'smaller'`, a zero
 *   in either part therefore allows nothing.
 * - The absolute part is kept in thousandths of a major unit of the invoice's currency (25.00 → 25_000),
 *   so one setting means 2500 minor units in USD, 25 in JPY and 25000 in KWD. There is no exchange
 *   rate: 25.00 in a THB invoice is 25 baht. A vendor invoicing in another currency gets its own override.
 * - The allowance is exact: limits are kept in ten-thousandths of a minor unit (`TOLERANCE_SCALE`), so
 *   1% of 85.50 is 0.855 and ten pieces may carry 8.55 — nothing is rounded before the comparison.
 */
import { currencyDecimals } from '#lib/domain/money.ts';

declare const checked: unique symbol;

/** Percent (basis points, 1% = 100) and absolute (thousandths of a major unit) parts; both always present. */
export type PriceTolerance = {
	readonly percentBasisPoints: number;
	readonly absoluteThousandths: number;
	readonly [checked]: 'price';
};

/** Pieces an invoice may go over the accepted quantity of a PO line; 0 = none. */
export type QuantityTolerance = { readonly pieces: number; readonly [checked]: 'quantity' };

/** How "percent or absolute" combine into one allowance. */
export type PriceAllowanceRule = 'smaller' | 'larger';

export const priceAllowanceRules: readonly PriceAllowanceRule[] = ['smaller', 'larger'];

/** The brand-protecting reading of "1% or 25.00": whichever allows less. */
export const DEFAULT_PRICE_ALLOWANCE_RULE: PriceAllowanceRule = 'smaller';

export interface CompanyTolerances {
	readonly price: PriceTolerance;
	readonly quantity: QuantityTolerance;
	/** company-wide policy; vendors override amounts, never this rule */
	readonly priceAllowanceRule: PriceAllowanceRule;
}

/** A vendor's override; `'company'` uses the company's value (an empty database column maps to it, never to "no limit"). */
export interface VendorToleranceOverride {
	readonly price: PriceTolerance | 'company';
	readonly quantity: QuantityTolerance | 'company';
}

/** What matching uses for one vendor, and where each part came from (shown in explanations). */
export interface Tolerances {
	readonly price: PriceTolerance;
	readonly quantity: QuantityTolerance;
	readonly priceAllowanceRule: PriceAllowanceRule;
	readonly source: { readonly price: 'company' | 'vendor'; readonly quantity: 'company' | 'vendor' };
}

/** basis points: 100% */
export const MAX_PERCENT_BASIS_POINTS = 10_000;
export const MAX_QUANTITY_TOLERANCE = 1_000_000;

function assertWhole(value: unknown, what: string, max: number): asserts value is number {
	if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > max) {
		throw new RangeError(`${what} must be a whole number from 0 to ${max}, got ${String(value)}; 0 means none allowed.`);
	}
}

export function priceTolerance(parts: { percentBasisPoints: number; absoluteThousandths: number }): PriceTolerance {
	assertWhole(parts.percentBasisPoints, 'The percent price tolerance (basis points)', MAX_PERCENT_BASIS_POINTS);
	assertWhole(parts.absoluteThousandths, 'The absolute price tolerance (thousandths)', Number.MAX_SAFE_INTEGER);
	return { percentBasisPoints: parts.percentBasisPoints, absoluteThousandths: parts.absoluteThousandths } as PriceTolerance;
}

export function quantityTolerance(pieces: number): QuantityTolerance {
	assertWhole(pieces, 'The quantity tolerance (pieces)', MAX_QUANTITY_TOLERANCE);
	return { pieces } as QuantityTolerance;
}

/** DOMAIN.md defaults: price 1% or 25.00 (the smaller), quantity 0 pieces. */
export const defaultCompanyTolerances: CompanyTolerances = {
	price: priceTolerance({ percentBasisPoints: 100, absoluteThousandths: 25_000 }),
	quantity: quantityTolerance(0),
	priceAllowanceRule: DEFAULT_PRICE_ALLOWANCE_RULE
};

export const noVendorOverride: VendorToleranceOverride = { price: 'company', quantity: 'company' };

export function resolveTolerances(company: CompanyTolerances, vendor: VendorToleranceOverride | null = null): Tolerances {
	const override = vendor ?? noVendorOverride;
	return {
		price: override.price === 'company' ? company.price : override.price,
		quantity: override.quantity === 'company' ? company.quantity : override.quantity,
		priceAllowanceRule: company.priceAllowanceRule,
		source: { price: override.price === 'company' ? 'company' : 'vendor', quantity: override.quantity === 'company' ? 'company' : 'vendor' }
	};
}

/** Limits are compared in ten-thousandths of a minor unit: basis points need four digits. */
export const TOLERANCE_SCALE = 10_000n;

/** The allowance on top of `baseMinor` (a unit price, a price per gram, an agreed charge), in ten-thousandths of a minor unit. */
export function priceAllowanceScaled(
	tolerances: Pick<Tolerances, 'price' | 'priceAllowanceRule'>,
	baseMinor: bigint,
	currency: string
): bigint {
	const base = baseMinor < 0n ? 0n : baseMinor;
	const percent = base * BigInt(tolerances.price.percentBasisPoints);
	// thousandths of a major unit → ten-thousandths of a minor unit: × 10^decimals / 1000 × 10000
	const absolute = BigInt(tolerances.price.absoluteThousandths) * 10n ** BigInt(currencyDecimals(currency)) * 10n;
	if (tolerances.priceAllowanceRule === 'smaller') return percent < absolute ? percent : absolute;
	return percent > absolute ? percent : absolute;
}

/** The highest amount that still passes for `baseMinor`, in ten-thousandths of a minor unit. */
export function priceLimitScaled(
	tolerances: Pick<Tolerances, 'price' | 'priceAllowanceRule'>,
	baseMinor: bigint,
	currency: string
): bigint {
	return baseMinor * TOLERANCE_SCALE + priceAllowanceScaled(tolerances, baseMinor, currency);
}

/** The highest whole amount in minor units that passes (for display: "up to 85.85"). */
export function priceLimitMinor(tolerances: Pick<Tolerances, 'price' | 'priceAllowanceRule'>, baseMinor: number, currency: string): number {
	const limit = Number(priceLimitScaled(tolerances, BigInt(baseMinor), currency) / TOLERANCE_SCALE);
	if (!Number.isSafeInteger(limit)) throw new RangeError('The price limit is too large to hold exactly.');
	return limit;
}

export type ToleranceParse<T> = { ok: true; value: T } | { ok: false; message: string };

const blank = (what: string) => ({ ok: false as const, message: `Enter the ${what}; enter 0 to allow none.` });

/** "1", "1.5", "0.25 %" → basis points. Blank is refused, never read as unlimited. */
export function parsePercent(text: string): ToleranceParse<number> {
	const cleaned = text.trim().replace(/\s*%$/, '');
	if (cleaned === '') return blank('percent tolerance');
	const match = /^(\d{1,3})(?:\.(\d{0,2}))?$/.exec(cleaned);
	if (!match) return { ok: false, message: 'Enter the percent as a number such as 1 or 0.5, with at most two decimals.' };
	const basisPoints = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
	if (basisPoints > MAX_PERCENT_BASIS_POINTS) return { ok: false, message: 'Enter at most 100%.' };
	return { ok: true, value: basisPoints };
}

/** "25", "25.00", "1,000.5" → thousandths of a major unit. Blank is refused, never read as unlimited. */
export function parseAbsoluteAmount(text: string): ToleranceParse<number> {
	const cleaned = text.trim().replace(/[\s,_']/g, '');
	if (cleaned === '') return blank('amount tolerance');
	const match = /^(\d{1,12})(?:\.(\d{0,3}))?$/.exec(cleaned);
	if (!match) return { ok: false, message: 'Enter the amount as a number such as 25.00, with at most three decimals.' };
	return { ok: true, value: Number(match[1]) * 1000 + Number((match[2] ?? '').padEnd(3, '0')) };
}

/** "0", "2" → pieces. Blank is refused, never read as unlimited. */
export function parsePieces(text: string): ToleranceParse<number> {
	const cleaned = text.trim().replace(/\s*(pcs?|pieces?)$/i, '');
	if (cleaned === '') return blank('quantity tolerance');
	if (!/^\d{1,7}$/.test(cleaned)) return { ok: false, message: 'Enter a whole number of pieces, such as 0 or 2.' };
	const pieces = Number(cleaned);
	if (pieces > MAX_QUANTITY_TOLERANCE) return { ok: false, message: `Enter at most ${MAX_QUANTITY_TOLERANCE} pieces.` };
	return { ok: true, value: pieces };
}

/** The three form fields at once; every field must be filled in. */
export function parseToleranceForm(fields: {
	pricePercent: string;
	priceAbsolute: string;
	quantityPieces: string;
}): { ok: true; price: PriceTolerance; quantity: QuantityTolerance } | { ok: false; errors: Partial<Record<keyof typeof fields, string>> } {
	const percent = parsePercent(fields.pricePercent);
	const absolute = parseAbsoluteAmount(fields.priceAbsolute);
	const pieces = parsePieces(fields.quantityPieces);
	if (percent.ok && absolute.ok && pieces.ok) {
		return {
			ok: true,
			price: priceTolerance({ percentBasisPoints: percent.value, absoluteThousandths: absolute.value }),
			quantity: quantityTolerance(pieces.value)
		};
	}
	const errors: Partial<Record<keyof typeof fields, string>> = {};
	if (!percent.ok) errors.pricePercent = percent.message;
	if (!absolute.ok) errors.priceAbsolute = absolute.message;
	if (!pieces.ok) errors.quantityPieces = pieces.message;
	return { ok: false, errors };
}

/** "1%" / "0.25%" from basis points, for explanations and settings pages. */
export function formatPercent(basisPoints: number): string {
	const whole = Math.trunc(basisPoints / 100);
	const fraction = String(basisPoints % 100)
		.padStart(2, '0')
		.replace(/0+$/, '');
	return fraction ? `${whole}.${fraction}%` : `${whole}%`;
}
