import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	DEFAULT_PRICE_ALLOWANCE_RULE,
	defaultCompanyTolerances,
	formatPercent,
	parseAbsoluteAmount,
	parsePercent,
	parsePieces,
	parseToleranceForm,
	priceAllowanceScaled,
	priceLimitMinor,
	priceTolerance,
	quantityTolerance,
	resolveTolerances,
	TOLERANCE_SCALE,
	type PriceTolerance
} from './tolerance.ts';

const currency = fc.constantFrom('USD', 'JPY', 'KWD', 'THB');
const decimals: Record<string, bigint> = { USD: 2n, JPY: 0n, KWD: 3n, THB: 2n };

describe('tolerance settings', () => {
	it('default to price 1% or 25.00, whichever is smaller, and 0 pieces', () => {
		expect(defaultCompanyTolerances.price).toEqual({ percentBasisPoints: 100, absoluteThousandths: 25_000 });
		expect(defaultCompanyTolerances.quantity).toEqual({ pieces: 0 });
		expect(defaultCompanyTolerances.priceAllowanceRule).toBe('smaller');
		expect(DEFAULT_PRICE_ALLOWANCE_RULE).toBe('smaller');
	});

	it('cannot be blank: null, undefined, NaN, text, fractions and negatives are refused', () => {
		for (const bad of [null, undefined, Number.NaN, '', '1', -1, 0.5, Number.POSITIVE_INFINITY]) {
			const value = bad as unknown as number;
			expect(() => priceTolerance({ percentBasisPoints: value, absoluteThousandths: 0 })).toThrow(RangeError);
			expect(() => priceTolerance({ percentBasisPoints: 0, absoluteThousandths: value })).toThrow(RangeError);
			expect(() => quantityTolerance(value)).toThrow(RangeError);
		}
		expect(() => priceTolerance({ percentBasisPoints: 10_001, absoluteThousandths: 0 })).toThrow(RangeError);
		// @ts-expect-error a tolerance only comes from priceTolerance(), so a half-filled object cannot pass for one
		const unchecked: PriceTolerance = { percentBasisPoints: 100 };
		expect(unchecked).toBeDefined();
	});

	it('take the vendor’s override part by part, and the company’s where the vendor says so', () => {
		const vendorPrice = priceTolerance({ percentBasisPoints: 50, absoluteThousandths: 10_000 });
		const priceOnly = resolveTolerances(defaultCompanyTolerances, { price: vendorPrice, quantity: 'company' });
		expect(priceOnly.price).toBe(vendorPrice);
		expect(priceOnly.quantity).toBe(defaultCompanyTolerances.quantity);
		expect(priceOnly.source).toEqual({ price: 'vendor', quantity: 'company' });
		const quantityOnly = resolveTolerances(defaultCompanyTolerances, { price: 'company', quantity: quantityTolerance(2) });
		expect(quantityOnly.price).toBe(defaultCompanyTolerances.price);
		expect(quantityOnly.quantity.pieces).toBe(2);
		expect(resolveTolerances(defaultCompanyTolerances, null).source).toEqual({ price: 'company', quantity: 'company' });
		// the combining rule is company policy; a vendor override cannot loosen it
		expect(
			resolveTolerances({ ...defaultCompanyTolerances, priceAllowanceRule: 'smaller' }, { price: vendorPrice, quantity: 'company' })
				.priceAllowanceRule
		).toBe('smaller');
	});
});

describe('price allowance', () => {
	it('is exactly the smaller (or, by setting, the larger) of percent × base and the absolute in the invoice currency', () => {
		fc.assert(
			fc.property(
				currency,
				fc.integer({ min: 0, max: 10_000 }),
				fc.integer({ min: 0, max: 10_000_000 }),
				fc.integer({ min: 0, max: 2 ** 45 }),
				fc.constantFrom('smaller' as const, 'larger' as const),
				(code, bp, abs, base, rule) => {
					const t = { price: priceTolerance({ percentBasisPoints: bp, absoluteThousandths: abs }), priceAllowanceRule: rule };
					const percent = BigInt(base) * BigInt(bp); // ten-thousandths of a minor unit
					const absolute = (BigInt(abs) * 10n ** decimals[code] * TOLERANCE_SCALE) / 1000n;
					const expected = rule === 'smaller' ? (percent < absolute ? percent : absolute) : percent > absolute ? percent : absolute;
					expect(priceAllowanceScaled(t, BigInt(base), code)).toBe(expected);
					expect(BigInt(priceLimitMinor(t, base, code))).toBe((BigInt(base) * TOLERANCE_SCALE + expected) / TOLERANCE_SCALE);
				}
			),
			{ numRuns: 1000 }
		);
	});

	it('reads 25.00 as 2500 cents, 25 yen and 25.000 dinars', () => {
		const capped = {
			price: priceTolerance({ percentBasisPoints: 10_000, absoluteThousandths: 25_000 }),
			priceAllowanceRule: 'smaller' as const
		};
		expect(priceLimitMinor(capped, 1_000_000, 'USD')).toBe(1_002_500);
		expect(priceLimitMinor(capped, 1_000_000, 'JPY')).toBe(1_000_025);
		expect(priceLimitMinor(capped, 1_000_000, 'KWD')).toBe(1_025_000);
	});

	it('applies the defaults as DOMAIN.md says: 1% of 85.00 is 0.85, and 1% of 10,000.00 is capped at 25.00', () => {
		const t = resolveTolerances(defaultCompanyTolerances);
		expect(priceLimitMinor(t, 8500, 'USD')).toBe(8585);
		expect(priceLimitMinor(t, 1_000_000, 'USD')).toBe(1_002_500);
		expect(priceLimitMinor({ ...t, priceAllowanceRule: 'larger' }, 8500, 'USD')).toBe(11_000);
		expect(() => priceLimitMinor(t, Number.MAX_SAFE_INTEGER, 'USD')).toThrow(RangeError);
	});

	it('allows nothing when zero: either part under the smaller rule, both under the larger', () => {
		fc.assert(
			fc.property(
				currency,
				fc.maxSafeNat(),
				fc.integer({ min: 0, max: 10_000 }),
				fc.integer({ min: 0, max: 10_000_000 }),
				(code, base, bp, abs) => {
					const smaller = (p: number, a: number) => ({
						price: priceTolerance({ percentBasisPoints: p, absoluteThousandths: a }),
						priceAllowanceRule: 'smaller' as const
					});
					expect(priceAllowanceScaled(smaller(0, abs), BigInt(base), code)).toBe(0n);
					expect(priceAllowanceScaled(smaller(bp, 0), BigInt(base), code)).toBe(0n);
					expect(priceAllowanceScaled({ ...smaller(0, 0), priceAllowanceRule: 'larger' }, BigInt(base), code)).toBe(0n);
					expect(priceLimitMinor(smaller(0, 0), base, code)).toBe(base);
				}
			)
		);
	});
});

describe('tolerance form fields', () => {
	it('refuse a blank field and say to enter 0 for none', () => {
		for (const parse of [parsePercent, parseAbsoluteAmount, parsePieces]) {
			const result = parse('  ');
			expect(result.ok).toBe(false);
			if (!result.ok) expect(result.message).toMatch(/enter 0 to allow none/);
		}
		const form = parseToleranceForm({ pricePercent: '', priceAbsolute: '25', quantityPieces: '' });
		expect(form).toEqual({
			ok: false,
			errors: {
				pricePercent: 'Enter the percent tolerance; enter 0 to allow none.',
				quantityPieces: 'Enter the quantity tolerance; enter 0 to allow none.'
			}
		});
	});

	it('read what a person types', () => {
		expect(parsePercent('1')).toEqual({ ok: true, value: 100 });
		expect(parsePercent('0.25 %')).toEqual({ ok: true, value: 25 });
		expect(parsePercent('0')).toEqual({ ok: true, value: 0 });
		expect(parsePercent('100')).toEqual({ ok: true, value: 10_000 });
		expect(parsePercent('100.01').ok).toBe(false);
		expect(parsePercent('1.234').ok).toBe(false);
		expect(parsePercent('-1').ok).toBe(false);
		expect(parseAbsoluteAmount('25.00')).toEqual({ ok: true, value: 25_000 });
		expect(parseAbsoluteAmount('1,000.5')).toEqual({ ok: true, value: 1_000_500 });
		expect(parseAbsoluteAmount('0.125')).toEqual({ ok: true, value: 125 });
		expect(parseAbsoluteAmount('0.1255').ok).toBe(false);
		expect(parseAbsoluteAmount('ten').ok).toBe(false);
		expect(parsePieces('2 pcs')).toEqual({ ok: true, value: 2 });
		expect(parsePieces('1.5').ok).toBe(false);
		const form = parseToleranceForm({ pricePercent: '1', priceAbsolute: '25.00', quantityPieces: '0' });
		expect(form).toEqual({ ok: true, price: defaultCompanyTolerances.price, quantity: defaultCompanyTolerances.quantity });
	});

	it('round-trip every percent through formatPercent', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 10_000 }), (bp) => {
				expect(parsePercent(formatPercent(bp))).toEqual({ ok: true, value: bp });
			})
		);
		expect([100, 25, 150, 0].map(formatPercent)).toEqual(['1%', '0.25%', '1.5%', '0%']);
	});
});
