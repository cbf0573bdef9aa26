/**
 * Money is an integer count of minor units plus an ISO 4217 currency; never a float.
 * The number of decimals comes from the currency (USD 2, JPY 0, KWD 3) as Intl knows it.
 */
import { remembered } from '#lib/remembered.ts';

const knownCurrencies = new Set(Intl.supportedValuesOf('currency'));

export function isCurrency(code: string): boolean {
	return knownCurrencies.has(code);
}

const decimalsByCurrency = new Map<string, number>();

export function currencyDecimals(currency: string): number {
	let decimals = decimalsByCurrency.get(currency);
	if (decimals === undefined) {
		decimals = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
		decimalsByCurrency.set(currency, decimals);
	}
	return decimals;
}

export type MoneyParse = { ok: true; minor: number } | { ok: false; message: string };

/** Parses "250,000.50" typed by a person into minor units, without floating-point arithmetic. */
export function parseMoney(text: string, currency: string): MoneyParse {
	const cleaned = text.trim().replace(/[\s,_']/g, '');
	if (cleaned === '') return { ok: false, message: 'Enter an amount.' };
	const match = /^(\d+)(?:\.(\d*))?$/.exec(cleaned);
	if (!match) return { ok: false, message: `Enter the amount as a number, like 250000.00 (${currency}).` };
	const decimals = currencyDecimals(currency);
	const fraction = match[2] ?? '';
	if (fraction.length > decimals) {
		return {
			ok: false,
			message: decimals === 0 ? `${currency} amounts have no decimals.` : `${currency} amounts have at most ${decimals} decimals.`
		};
	}
	const minorText = match[1] + fraction.padEnd(decimals, '0');
	const minor = Number(minorText);
	if (!Number.isSafeInteger(minor)) return { ok: false, message: 'That amount is too large.' };
	return { ok: true, minor };
}

/** Minor units as a plain decimal string for form fields: 25000050 USD → "250000.50". */
export function minorToDecimalString(minor: number, currency: string): string {
	const decimals = currencyDecimals(currency);
	if (decimals === 0) return String(minor);
	const sign = minor < 0 ? '-' : '';
	const digits = String(Math.abs(minor)).padStart(decimals + 1, '0');
	return `${sign}${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

/** Per locale and currency, the amount → text function; texts are remembered (a page shows the same totals on every view). */
const moneyFormats = new Map<string, (minor: number) => string>();

export function formatMoney(minor: number, currency: string, locale = 'en-US'): string {
	const key = `${locale}|${currency}`;
	let format = moneyFormats.get(key);
	if (!format) {
		const decimals = currencyDecimals(currency);
		// building a formatter costs far more than using one; documents format hundreds of amounts
		const intl = new Intl.NumberFormat(locale, {
			style: 'currency',
			currency,
			minimumFractionDigits: decimals,
			maximumFractionDigits: decimals
		});
		// Intl takes a decimal string exactly, so no rounding error can creep in.
		format = remembered((amount: number) => intl.format(minorToDecimalString(amount, currency) as unknown as number), 10_000);
		moneyFormats.set(key, format);
	}
	return format(minor);
}
