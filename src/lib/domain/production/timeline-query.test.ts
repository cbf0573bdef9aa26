import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { shortDate } from './forecast.ts';
import {
	axisPercent,
	axisTicks,
	barDescription,
	barSpan,
	dayMonth,
	daysToGo,
	dueWeekOptions,
	dueWeekRange,
	groupTimelineRows,
	isFiltered,
	jobHealth,
	launchFormSchema,
	readinessPercent,
	timelineAxis,
	timelineHref,
	timelineQuerySchema,
	weekStart,
	type TimelineJob
} from './timeline-query.ts';

const job = (overrides: Partial<TimelineJob> = {}): TimelineJob => ({
	id: overrides.id ?? crypto.randomUUID(),
	vendorId: 'v1',
	vendorName: 'Atelier One',
	collection: 'Aurora',
	promisedDate: '2026-12-11',
	plannedStart: '2026-12-02',
	forecastFinish: '2026-12-11',
	startedOn: null,
	atRisk: false,
	blocked: false,
	...overrides
});

describe('timeline query', () => {
	it('reads filters from the address bar and falls back to defaults for anything malformed', () => {
		const q = timelineQuerySchema.parse({
			q: '  JB-2026 ',
			vendor: 'not-a-uuid',
			risk: '1',
			blocked: 'on',
			stage: 'Stone setting',
			week: '2026-12-03',
			group: 'sideways',
			page: '-4'
		});
		expect(q).toMatchObject({ q: 'JB-2026', vendor: '', risk: true, blocked: true, stage: 'Stone setting', group: 'none', page: 1 });
		// any day of a week stands for its Monday
		expect(q.week).toBe('2026-11-30');
		expect(timelineQuerySchema.parse({ week: 'overdue', group: 'vendor', page: '3' })).toMatchObject({
			week: 'overdue',
			group: 'vendor',
			page: 3
		});
		expect(timelineQuerySchema.parse({ week: 'next tuesday' }).week).toBe('');
	});

	it('writes the address of a query, back to page 1 unless the page is what changes', () => {
		const q = timelineQuerySchema.parse({ q: 'ring & pearl', risk: '1', group: 'vendor', page: '4' });
		expect(timelineHref(q, { page: 5 })).toBe('/production?q=ring+%26+pearl&risk=1&group=vendor&page=5');
		expect(timelineHref(q, { stage: 'Casting' })).toBe('/production?q=ring+%26+pearl&stage=Casting&risk=1&group=vendor');
		expect(timelineHref(timelineQuerySchema.parse({}))).toBe('/production');
		// what the address says, the schema reads back
		const back = timelineQuerySchema.parse(Object.fromEntries(new URL(timelineHref(q, { page: 5 }), 'http://x').searchParams));
		expect(back).toEqual({ ...q, page: 5 });
	});

	it('knows when the list is narrowed', () => {
		expect(isFiltered(timelineQuerySchema.parse({ group: 'week', page: '2' }))).toBe(false);
		expect(isFiltered(timelineQuerySchema.parse({ risk: '1' }))).toBe(true);
		expect(isFiltered(timelineQuerySchema.parse({ q: 'ring' }))).toBe(true);
	});
});

describe('weeks', () => {
	it('starts weeks on Monday', () => {
		expect(weekStart('2026-11-30')).toBe('2026-11-30'); // a Monday
		expect(weekStart('2026-12-06')).toBe('2026-11-30'); // the Sunday after
		expect(weekStart('2026-12-07')).toBe('2026-12-07');
		expect(weekStart('2024-03-01')).toBe('2024-02-26'); // across a leap day
	});

	it('every date lies in the week of its Monday', () => {
		fc.assert(
			fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }), (d) => {
				const iso = d.toISOString().slice(0, 10);
				const monday = weekStart(iso);
				expect(new Date(`${monday}T00:00:00Z`).getUTCDay()).toBe(1);
				expect(monday <= iso).toBe(true);
				expect(daysToGo(iso, monday)).toBeGreaterThanOrEqual(0);
				expect(daysToGo(iso, monday)).toBeLessThan(7);
			})
		);
	});

	it('writes a date as forecast.ts does, without the date library', () => {
		fc.assert(
			fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }), (d) => {
				const iso = d.toISOString().slice(0, 10);
				expect(dayMonth(iso)).toBe(shortDate(iso));
			})
		);
	});

	it('turns a due-week choice into promised dates', () => {
		expect(dueWeekRange('', '2026-12-03')).toBeNull();
		expect(dueWeekRange('overdue', '2026-12-03')).toEqual({ from: null, to: '2026-11-29' });
		expect(dueWeekRange('2026-12-07', '2026-12-03')).toEqual({ from: '2026-12-07', to: '2026-12-13' });
	});

	it('offers overdue, this week and the weeks ahead, and keeps a chosen week from elsewhere', () => {
		const options = dueWeekOptions('2026-12-03', '', 2);
		expect(options.map((o) => o.value)).toEqual(['overdue', '2026-11-30', '2026-12-07', '2026-12-14']);
		expect(options[1].label).toBe('This week (30 Nov – 6 Dec)');
		expect(options[2].label).toMatch(/^Next week/);
		expect(dueWeekOptions('2026-12-03', '2026-06-01', 2).at(-1)).toEqual({ value: '2026-06-01', label: 'Week of 1 Jun – 7 Jun' });
	});
});

describe('grouping a page', () => {
	const rows = [
		job({
			id: 'a',
			vendorId: 'v2',
			vendorName: 'Bench Two',
			collection: 'Borealis',
			promisedDate: '2026-12-20',
			atRisk: true,
			blocked: true
		}),
		job({ id: 'b', vendorId: 'v1', vendorName: 'Atelier One', collection: 'Aurora', promisedDate: '2026-12-08', atRisk: true }),
		job({ id: 'c', vendorId: 'v2', vendorName: 'Bench Two', collection: null, promisedDate: '2026-12-09' }),
		job({ id: 'd', vendorId: 'v1', vendorName: 'Atelier One', collection: 'Aurora', promisedDate: '2026-12-21' })
	];

	it('puts every row in exactly one group, keeping the page order inside each', () => {
		for (const by of ['none', 'vendor', 'collection', 'week'] as const) {
			const groups = groupTimelineRows(rows, by);
			expect(groups.flatMap((g) => g.rows.map((r) => r.id)).sort()).toEqual(['a', 'b', 'c', 'd']);
			for (const g of groups) {
				const order = g.rows.map((r) => rows.indexOf(r));
				expect(order).toEqual([...order].sort((x, y) => x - y));
			}
		}
	});

	it('groups by workshop in the order of their most urgent job, with counts', () => {
		const groups = groupTimelineRows(rows, 'vendor');
		expect(groups.map((g) => [g.label, g.rows.length, g.atRisk, g.blocked])).toEqual([
			['Bench Two', 2, 1, 1],
			['Atelier One', 2, 1, 0]
		]);
	});

	it('groups by collection with the launch date, and by due week in date order', () => {
		expect(groupTimelineRows(rows, 'collection', { Aurora: '2027-02-14' }).map((g) => g.label)).toEqual([
			'Borealis · no launch date set',
			'Aurora · launches 14 Feb',
			'No collection'
		]);
		expect(groupTimelineRows(rows, 'week').map((g) => [g.key, g.rows.map((r) => r.id)])).toEqual([
			['2026-12-07', ['b', 'c']],
			['2026-12-14', ['a']],
			['2026-12-21', ['d']]
		]);
	});

	it('has no group for an empty page', () => {
		expect(groupTimelineRows([], 'none')).toEqual([]);
		expect(groupTimelineRows([], 'vendor')).toEqual([]);
	});
});

describe('bars', () => {
	it('spans every date of the page and today, with a day either side', () => {
		const axis = timelineAxis(
			[job({ plannedStart: '2026-12-02', forecastFinish: '2026-12-14' }), job({ startedOn: '2026-11-28' })],
			'2026-12-01'
		);
		expect(axis).toEqual({ start: '2026-11-27', end: '2026-12-15', days: 18 });
		expect(axisPercent('2026-11-27', axis)).toBe(0);
		expect(axisPercent('2026-12-15', axis)).toBe(100);
		expect(axisPercent('2027-01-01', axis)).toBe(100);
	});

	it('draws bars inside the axis, in date order, whatever the dates', () => {
		const iso = fc
			.date({ min: new Date('2026-01-01'), max: new Date('2027-12-31'), noInvalidDate: true })
			.map((d) => d.toISOString().slice(0, 10));
		fc.assert(
			fc.property(iso, iso, iso, iso, (a, b, c, today) => {
				const rows = [job({ plannedStart: a < b ? a : b, promisedDate: a < b ? b : a, forecastFinish: c, startedOn: null })];
				const axis = timelineAxis(rows, today);
				const planned = barSpan(rows[0].plannedStart, rows[0].promisedDate, axis);
				expect(planned.left).toBeGreaterThanOrEqual(0);
				expect(planned.left + planned.width).toBeLessThanOrEqual(100.01);
				expect(planned.width).toBeGreaterThanOrEqual(0.5);
				const forecast = barSpan(rows[0].plannedStart, c, axis);
				expect(forecast.left + forecast.width).toBeLessThanOrEqual(100.01);
			})
		);
	});

	it('labels Mondays along the axis, thinning them on a long one', () => {
		const short = axisTicks({ start: '2026-11-27', end: '2026-12-15', days: 18 });
		expect(short.map((t) => t.date)).toEqual(['2026-11-30', '2026-12-07', '2026-12-14']);
		const long = axisTicks({ start: '2026-01-01', end: '2026-12-31', days: 364 }, 8);
		expect(long.length).toBeLessThanOrEqual(8);
		expect(long.length).toBeGreaterThan(4);
	});

	it('says the bars in words', () => {
		expect(barDescription(job({ forecastFinish: '2026-12-14', startedOn: '2026-12-04' }), '2026-12-09')).toBe(
			'Planned 2 Dec – 11 Dec; forecast 4 Dec – 14 Dec; started 4 Dec, 5 days in work; promised 11 Dec, 3 days late.'
		);
		expect(barDescription(job(), '2026-11-20')).toBe('Planned 2 Dec – 11 Dec; forecast 2 Dec – 11 Dec; not started; promised 11 Dec.');
	});

	it('names a job’s health, blocked before at risk', () => {
		expect(jobHealth({ atRisk: true, blocked: true })).toBe('blocked');
		expect(jobHealth({ atRisk: true, blocked: false })).toBe('at_risk');
		expect(jobHealth({ atRisk: false, blocked: false })).toBe('on_track');
	});
});

describe('launches', () => {
	it('counts days to go and readiness', () => {
		expect(daysToGo('2026-12-25', '2026-12-01')).toBe(24);
		expect(daysToGo('2026-11-25', '2026-12-01')).toBe(-6);
		expect(readinessPercent(0, 0)).toBe(0);
		expect(readinessPercent(7, 32)).toBe(21);
		expect(readinessPercent(40, 32)).toBe(100);
	});

	it('checks the launch form with sentences', () => {
		const bad = launchFormSchema.safeParse({ name: '  ', launchDate: '14/02/2027' });
		expect(bad.success).toBe(false);
		const messages = bad.error!.issues.map((i) => i.message);
		expect(messages).toContain('Enter the collection’s name, as it is written on its POs.');
		expect(messages).toContain('Enter the launch date, like 2027-03-01.');
		expect(launchFormSchema.parse({ name: ' Aurora ', launchDate: '2027-02-14' })).toEqual({
			name: 'Aurora',
			launchDate: '2027-02-14',
			notes: '',
			version: ''
		});
	});
});
