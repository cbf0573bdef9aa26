import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, relativeDays } from './dates.ts';

const intlDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const intlDateTime = new Intl.DateTimeFormat('en-GB', {
	day: 'numeric',
	month: 'short',
	year: 'numeric',
	hour: '2-digit',
	minute: '2-digit',
	timeZone: 'UTC',
	timeZoneName: 'short'
});

// years 1900–2200, to the millisecond
const instants = fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 11, 31, 23, 59, 59, 999) });

describe('formatDate and formatDateTime', () => {
	it('say what Intl says, for any instant, however often asked (remembered texts never go stale)', () => {
		fc.assert(
			fc.property(fc.array(instants, { minLength: 1, maxLength: 30 }), (list) => {
				// each list twice: the second round answers from the remembered texts
				for (const ms of [...list, ...list]) {
					const date = new Date(ms);
					expect(formatDate(date)).toBe(intlDate.format(date));
					expect(formatDate(date.toISOString())).toBe(intlDate.format(date));
					expect(formatDate(date.toISOString().slice(0, 10))).toBe(intlDate.format(date));
					expect(formatDateTime(date)).toBe(intlDateTime.format(date));
					expect(formatDateTime(date.toISOString())).toBe(intlDateTime.format(date));
				}
			}),
			{ numRuns: 300 }
		);
	});

	it('keeps answering correctly past the size of its memory', () => {
		const start = Date.UTC(2000, 0, 1);
		for (let day = 0; day < 12_000; day += 1) {
			const date = new Date(start + day * 86_400_000 + 3_600_000);
			if (day % 997 === 0 || day > 11_990) expect(formatDate(date)).toBe(intlDate.format(date));
			else formatDate(date);
		}
		expect(formatDate('2026-09-03')).toBe('3 Sept 2026');
		expect(formatDateTime('2026-11-27T14:05:59Z')).toBe('27 Nov 2026, 14:05 UTC');
	});

	it('answers a dash for nothing, and refuses an invalid date as Intl does', () => {
		expect(formatDate(null)).toBe('—');
		expect(formatDateTime(undefined)).toBe('—');
		expect(() => formatDate('not a date')).toThrow(RangeError);
		expect(() => formatDateTime(new Date(Number.NaN))).toThrow(RangeError);
	});

	it('counts calendar days for relativeDays', () => {
		expect(relativeDays('2026-11-28', '2026-11-27')).toBe('tomorrow');
		expect(relativeDays('2026-11-20', '2026-11-27')).toBe('7 days ago');
	});
});
