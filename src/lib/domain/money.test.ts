import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currencyDecimals, formatMoney, isCurrency, minorToDecimalString, parseMoney } from './money.ts';

const currencies = ['USD', 'JPY', 'KWD', 'THB'] as const;
const currency = fc.constantFrom(...currencies);

/** "1234567.89" → "1,234,567.89", the way a person types a large amount. */
const withGrouping = (decimal: string) => {
	const [whole, fraction] = decimal.split('.');
	const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
	return fraction === undefined ? grouped : `${grouped}.${fraction}`;
};

describe('currency decimals', () => {
	it('follows ISO 4217 as Intl knows it', () => {
		expect(currencies.map(currencyDecimals)).toEqual([2, 0, 3, 2]);
		expect(isCurrency('THB')).toBe(true);
		expect(isCurrency('ABC')).toBe(false);
	});
});

describe('parseMoney and minorToDecimalString', () => {
	it('round-trips every safe non-negative amount in every currency', () => {
		fc.assert(
			fc.property(fc.maxSafeNat(), currency, (minor, code) => {
				expect(parseMoney(minorToDecimalString(minor, code), code)).toEqual({ ok: true, minor });
			}),
			{ numRuns: 2000 }
		);
	});

	it('round-trips amounts typed with thousands separators and surrounding spaces', () => {
		fc.assert(
			fc.property(fc.maxSafeNat(), currency, (minor, code) => {
				expect(parseMoney(`  ${withGrouping(minorToDecimalString(minor, code))} `, code)).toEqual({ ok: true, minor });
			})
		);
	});

	it('refuses more decimals than the currency has', () => {
		fc.assert(
			fc.property(fc.nat({ max: 10_000_000 }), currency, fc.integer({ min: 1, max: 4 }), (whole, code, extra) => {
				const digits = '7'.repeat(currencyDecimals(code) + extra);
				const result = parseMoney(`${whole}.${digits}`, code);
				expect(result.ok).toBe(false);
			})
		);
		expect(parseMoney('10.001', 'USD')).toEqual({ ok: false, message: 'USD amounts have at most 2 decimals.' });
		expect(parseMoney('10.5', 'JPY')).toEqual({ ok: false, message: 'JPY amounts have no decimals.' });
		expect(parseMoney('1.2345', 'KWD')).toEqual({ ok: false, message: 'KWD amounts have at most 3 decimals.' });
	});

	it('pads short fractions and accepts a trailing point', () => {
		expect(parseMoney('250,000.5', 'USD')).toEqual({ ok: true, minor: 25_000_050 });
		expect(parseMoney('12.', 'USD')).toEqual({ ok: true, minor: 1200 });
		expect(parseMoney('1.5', 'KWD')).toEqual({ ok: true, minor: 1500 });
		expect(parseMoney('1 000', 'JPY')).toEqual({ ok: true, minor: 1000 });
		expect(parseMoney('0.07', 'THB')).toEqual({ ok: true, minor: 7 });
	});

	it('refuses what is not a plain non-negative amount', () => {
		for (const text of ['', '   ', '-5', '+5', '1e5', '12.3.4', 'abc', '$10', '.5', '0x10', 'NaN', 'Infinity']) {
			expect(parseMoney(text, 'USD').ok, text).toBe(false);
		}
	});

	it('refuses amounts beyond the safe integer range instead of rounding them', () => {
		expect(parseMoney(String(Number.MAX_SAFE_INTEGER), 'JPY')).toEqual({ ok: true, minor: Number.MAX_SAFE_INTEGER });
		expect(parseMoney('9007199254740992', 'JPY')).toEqual({ ok: false, message: 'That amount is too large.' });
		expect(parseMoney('90071992547409.92', 'USD').ok).toBe(false);
		expect(parseMoney('99999999999999999999', 'USD').ok).toBe(false);
	});

	it('writes negative and tiny amounts with the right padding', () => {
		expect(minorToDecimalString(-5, 'USD')).toBe('-0.05');
		expect(minorToDecimalString(5, 'KWD')).toBe('0.005');
		expect(minorToDecimalString(0, 'USD')).toBe('0.00');
		expect(minorToDecimalString(-1234, 'JPY')).toBe('-1234');
	});
});

describe('formatMoney', () => {
	it('formats exactly, without floating-point rounding', () => {
		expect(formatMoney(123_456, 'USD')).toBe('$1,234.56');
		expect(formatMoney(1235, 'JPY')).toBe('¥1,235');
		expect(formatMoney(-5, 'USD')).toBe('-$0.05');
		// 2^53 - 1 cents is not representable as a float in dollars; the decimal string keeps it exact
		expect(formatMoney(Number.MAX_SAFE_INTEGER, 'USD')).toBe('$90,071,992,547,409.91');
	});

	it('always shows the currency’s number of decimals', () => {
		fc.assert(
			fc.property(fc.nat({ max: 1e12 }), currency, (minor, code) => {
				const text = formatMoney(minor, code);
				const decimals = currencyDecimals(code);
				const fraction = /[.](\d+)\D*$/.exec(text)?.[1] ?? '';
				expect(fraction.length).toBe(decimals);
			})
		);
	});

	it('answers the same text the second time (from memory) as the first, per currency and locale', () => {
		fc.assert(
			fc.property(fc.integer({ min: -1e12, max: 1e12 }), currency, fc.constantFrom('en-US', 'de-DE'), (minor, code, locale) => {
				const decimals = currencyDecimals(code);
				const fresh = new Intl.NumberFormat(locale, {
					style: 'currency',
					currency: code,
					minimumFractionDigits: decimals,
					maximumFractionDigits: decimals
				}).format(minorToDecimalString(minor, code) as unknown as number);
				expect(formatMoney(minor, code, locale)).toBe(fresh);
				expect(formatMoney(minor, code, locale)).toBe(fresh);
			})
		);
		// a memory past its size starts over and still answers right
		for (let minor = 0; minor < 10_050; minor++) formatMoney(minor, 'EUR');
		expect(formatMoney(10_049, 'EUR')).toBe('€100.49');
		expect(formatMoney(1, 'EUR')).toBe('€0.01');
	});
});
