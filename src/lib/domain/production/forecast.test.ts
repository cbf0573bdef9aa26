import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	daysBetween,
	forecastJob,
	isoDate,
	planBackwards,
	shiftDate,
	shortDate,
	type JobForecastInput,
	type MilestoneProgress,
	type PlannedDates
} from './forecast.ts';

// Calendar arithmetic written apart from the code under test: UTC midnights never meet a clock change.
const DAY_MS = 86_400_000;
const utc = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const plus = (iso: string, n: number) => new Date(utc(iso) + n * DAY_MS).toISOString().slice(0, 10);
const diff = (from: string, to: string) => Math.round((utc(to) - utc(from)) / DAY_MS);
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const short = (iso: string) => `${Number(iso.slice(8, 10))} ${MONTHS[Number(iso.slice(5, 7)) - 1]}`;
const max = (a: string, b: string) => (a > b ? a : b);

/** 2024 (a leap year) to the end of 2027, across every clock change in between */
const isoDay = fc.integer({ min: 0, max: 4 * 365 }).map((n) => plus('2024-01-01', n));

// Real names, acronyms included, so the wording is exercised; distinct by position.
const NAMES = [
	'CAD',
	'Print / wax',
	'Casting',
	'Clean-up and filing',
	'Stone setting',
	'Polishing',
	'Rhodium plating',
	'Engraving / laser',
	'QC and finishing',
	'Model check'
];
type Stage = { name: string; expectedDays: number };
const template: fc.Arbitrary<Stage[]> = fc
	.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 10 })
	.map((days) => days.map((expectedDays, i) => ({ name: NAMES[i], expectedDays })));

/** The plan, rebuilt from the end: stage i finishes where stage i + 1 starts, the last on the promised date. */
function plan(promised: string, stages: Stage[]): PlannedDates[] {
	let finish = promised;
	const out: PlannedDates[] = [];
	for (const s of [...stages].reverse()) {
		out.unshift({ plannedStart: plus(finish, -s.expectedDays), plannedFinish: finish });
		finish = plus(finish, -s.expectedDays);
	}
	return out;
}

const sum = (stages: { expectedDays: number }[]) => stages.reduce((t, s) => t + s.expectedDays, 0);

type Job = { input: JobForecastInput; current: number | null };

/**
 * A job whose history could have happened: stages done in order (finish ≥ start, each starting when or
 * after the previous finished), some skipped, then one in progress or waiting, the rest pending or skipped.
 * Today is on or after the last thing recorded, possibly before the plan starts or well past the promise.
 */
const job: fc.Arbitrary<Job> = fc
	.record({
		stages: template,
		promisedDate: isoDay,
		firstStartOffset: fc.integer({ min: -10, max: 15 }),
		through: fc.nat(),
		currentStarted: fc.boolean(),
		waits: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 10, maxLength: 10 }),
		actualDays: fc.array(fc.integer({ min: 0, max: 45 }), { minLength: 10, maxLength: 10 }),
		// 0 skips the stage: about one in seven
		skip: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 10, maxLength: 10 }),
		todayAfter: fc.integer({ min: 0, max: 40 }),
		blocked: fc.option(fc.record({ reason: fc.constantFrom('waiting for stones', 'casting porosity, recasting'), daysAgo: fc.nat(20) }), {
			nil: null
		})
	})
	.map((p) => {
		const planned = plan(p.promisedDate, p.stages);
		const current = p.through % (p.stages.length + 1);
		let cursor = plus(planned[0].plannedStart, p.firstStartOffset);
		const milestones: MilestoneProgress[] = p.stages.map((s, i) => {
			const base = { ...s, ...planned[i], startedOn: null, finishedOn: null };
			const skipped = p.skip[i] === 0;
			if (i < current) {
				if (skipped) return { ...base, status: 'skipped' as const };
				const startedOn = plus(cursor, p.waits[i]);
				const finishedOn = plus(startedOn, p.actualDays[i]);
				cursor = finishedOn;
				return { ...base, status: 'done' as const, startedOn, finishedOn };
			}
			if (i === current && p.currentStarted) {
				cursor = plus(cursor, p.waits[i]);
				return { ...base, status: 'in_progress' as const, startedOn: cursor };
			}
			return { ...base, status: i > current && skipped ? ('skipped' as const) : ('pending' as const) };
		});
		const today = plus(cursor, p.todayAfter);
		const blocked = p.blocked && { reason: p.blocked.reason, since: plus(today, -p.blocked.daysAgo) };
		return { input: { promisedDate: p.promisedDate, today, milestones, blocked }, current: current < p.stages.length ? current : null };
	});

const unfinished = (m: MilestoneProgress) => m.status === 'pending' || m.status === 'in_progress';

/** The forecast in closed form: the current stage's finish (never before today), then the days of every stage left. */
function expectedForecast({ today, milestones }: JobForecastInput, current: number | null): string {
	const finishes = milestones.filter((m) => m.status === 'done').map((m) => m.finishedOn as string);
	if (current === null) return finishes.length ? finishes.reduce(max) : today;
	const m = milestones[current];
	const currentFinish =
		m.status === 'in_progress'
			? max(plus(m.startedOn as string, m.expectedDays), today)
			: plus(max(finishes.length ? finishes.reduce(max) : today, today), m.expectedDays);
	const rest = milestones.slice(current + 1).filter((s) => s.status !== 'skipped');
	return plus(currentFinish, sum(rest));
}

/** Overdue as the issue says it: an unfinished stage past its planned finish, or a waiting one past its planned start. */
function overdue({ today, milestones }: JobForecastInput): boolean {
	return milestones.some((m) => unfinished(m) && (m.plannedFinish < today || (m.status === 'pending' && m.plannedStart < today)));
}

describe('calendar dates', () => {
	it('shift and count calendar days the way UTC arithmetic does, over years and clock changes', () => {
		fc.assert(
			fc.property(isoDay, fc.integer({ min: -400, max: 400 }), (day, n) => {
				expect(shiftDate(day, n)).toBe(plus(day, n));
				expect(daysBetween(day, plus(day, n))).toBe(n);
				expect(shiftDate(shiftDate(day, n), -n)).toBe(day);
				expect(shortDate(day)).toBe(short(day));
			}),
			{ numRuns: 1000 }
		);
	});

	it('reads a local date as the day it is, and writes "14 Dec" without a leading zero', () => {
		expect(isoDate(new Date(2025, 11, 4, 23, 59))).toBe('2025-12-04');
		expect(isoDate(new Date(2024, 1, 29))).toBe('2024-02-29');
		expect(shortDate('2025-12-04')).toBe('4 Dec');
		expect(shiftDate('2024-02-28', 1)).toBe('2024-02-29');
		expect(shiftDate('2025-03-29', 2)).toBe('2025-03-31');
		expect(daysBetween('2025-12-31', '2025-12-01')).toBe(-30);
	});
});

describe('planning back from the promised date', () => {
	it('ends on the promised date, each stage spanning its days and starting where the one before ends', () => {
		fc.assert(
			fc.property(isoDay, template, (promised, stages) => {
				const planned = planBackwards(promised, stages);
				expect(planned).toHaveLength(stages.length);
				expect(planned.at(-1)?.plannedFinish).toBe(promised);
				planned.forEach((p, i) => {
					expect(diff(p.plannedStart, p.plannedFinish)).toBe(stages[i].expectedDays);
					if (i > 0) expect(p.plannedStart).toBe(planned[i - 1].plannedFinish);
				});
				expect(diff(planned[0].plannedStart, promised)).toBe(sum(stages));
				expect(planned).toEqual(plan(promised, stages));
			}),
			{ numRuns: 500 }
		);
	});

	it('plans nothing for no stages', () => {
		expect(planBackwards('2025-12-11', [])).toEqual([]);
	});
});

describe('forecasting a job', () => {
	it('keeps a job exactly on plan on track: forecast on the promised date, no reason', () => {
		const onPlan = fc
			.record({ stages: template, promisedDate: isoDay, into: fc.nat(), finishesToday: fc.boolean(), startsToday: fc.boolean() })
			.map(({ stages, promisedDate, into, finishesToday, startsToday }) => {
				const planned = plan(promisedDate, stages);
				const today = plus(planned[0].plannedStart, into % (sum(stages) + 1));
				let current = -1;
				const milestones = stages.map((s, i): MilestoneProgress => {
					const p = planned[i];
					const base = { ...s, ...p, startedOn: null, finishedOn: null };
					// a stage planned to end today may be done already or still being finished
					if (current < 0 && (p.plannedFinish < today || (p.plannedFinish === today && finishesToday))) {
						return { ...base, status: 'done', startedOn: p.plannedStart, finishedOn: p.plannedFinish };
					}
					if (current < 0) {
						current = i;
						if (p.plannedStart < today || startsToday) return { ...base, status: 'in_progress', startedOn: p.plannedStart };
					}
					return { ...base, status: 'pending' };
				});
				return { promisedDate, today, milestones, current };
			});
		fc.assert(
			fc.property(onPlan, ({ current, ...input }) => {
				const forecast = forecastJob(input);
				expect(forecast.forecastFinish).toBe(input.promisedDate);
				expect(forecast.atRisk).toBe(false);
				expect(forecast.reason).toBe('');
				expect(forecast.currentStage).toBe(current < 0 ? null : input.milestones[current].name);
			}),
			{ numRuns: 1000 }
		);
	});

	it('adds the days left to where the job stands, never finishing an open job before today', () => {
		fc.assert(
			fc.property(job, ({ input, current }) => {
				const forecast = forecastJob(input);
				expect(forecast.forecastFinish).toBe(expectedForecast(input, current));
				expect(forecast.currentStage).toBe(current === null ? null : input.milestones[current].name);
				expect(forecast.stages).toHaveLength(input.milestones.length);
				if (current !== null) expect(forecast.forecastFinish >= input.today).toBe(true);
				input.milestones.forEach((m, i) => {
					const bar = forecast.stages[i];
					expect(bar.start <= bar.finish).toBe(true);
					if (m.status === 'done') expect(bar).toEqual({ start: m.startedOn, finish: m.finishedOn });
					if (m.status === 'in_progress') expect(bar.start).toBe(m.startedOn);
					if (m.status === 'pending') {
						expect(bar.start >= input.today).toBe(true);
						expect(diff(bar.start, bar.finish)).toBe(m.expectedDays);
					}
				});
				const worked = forecast.stages.filter((_, i) => input.milestones[i].status !== 'skipped');
				if (worked.length) expect(forecast.forecastFinish).toBe(worked.at(-1)?.finish);
			}),
			{ numRuns: 2000 }
		);
	});

	it('ends a finished job on its last finish, with no current stage and no risk', () => {
		const finished = job.filter(({ current }) => current === null);
		fc.assert(
			fc.property(finished, ({ input }) => {
				const forecast = forecastJob(input);
				const done = input.milestones.filter((m) => m.status === 'done');
				expect(forecast.forecastFinish).toBe(done.length ? done.at(-1)?.finishedOn : input.today);
				expect(forecast.currentStage).toBeNull();
				expect(forecast.atRisk).toBe(false);
				expect(forecast.reason).toBe('');
			}),
			{ numRuns: 300 }
		);
	});

	it('is at risk exactly when late, overdue or blocked, and then says why, ending on the two dates', () => {
		const open = job.filter(({ current }) => current !== null);
		fc.assert(
			fc.property(open, ({ input }) => {
				const forecast = forecastJob(input);
				const late = forecast.forecastFinish > input.promisedDate;
				expect(forecast.atRisk).toBe(late || overdue(input) || Boolean(input.blocked));
				expect(forecast.reason !== '').toBe(forecast.atRisk);
				if (!forecast.atRisk) return;
				const tail = `forecast ${short(forecast.forecastFinish)}, promised ${short(input.promisedDate)}`;
				expect(forecast.reason === `F${tail.slice(1)}` || forecast.reason.endsWith(`; ${tail}`)).toBe(true);
				expect(forecast.reason[0]).toBe(forecast.reason[0].toUpperCase());
				if (input.blocked) {
					expect(forecast.reason.startsWith(`Blocked since ${short(input.blocked.since)}: ${input.blocked.reason}`)).toBe(true);
				}
			}),
			{ numRuns: 2000 }
		);
	});

	it('checks every unfinished stage, even when edits leave the planned dates out of order', () => {
		const scrambled = fc.tuple(
			job.filter(({ current }) => current !== null),
			fc.array(fc.tuple(fc.integer({ min: -40, max: 40 }), fc.integer({ min: 0, max: 30 })), { minLength: 10, maxLength: 10 })
		);
		fc.assert(
			fc.property(scrambled, ([{ input }, moves]) => {
				const milestones = input.milestones.map((m, i) => {
					const plannedStart = plus(m.plannedStart, moves[i][0]);
					return { ...m, plannedStart, plannedFinish: plus(plannedStart, moves[i][1]) };
				});
				const edited = { ...input, milestones };
				const forecast = forecastJob(edited);
				// the plan decides the risk, never the forecast
				expect(forecast.forecastFinish).toBe(forecastJob(input).forecastFinish);
				const late = forecast.forecastFinish > input.promisedDate;
				expect(forecast.atRisk).toBe(late || overdue(edited) || Boolean(input.blocked));
				expect(forecast.reason !== '').toBe(forecast.atRisk);
			}),
			{ numRuns: 1000 }
		);
	});

	it('never forecasts earlier when the current stage starts later, nor when today moves on', () => {
		const started = job.filter(({ input, current }) => current !== null && input.milestones[current].status === 'in_progress');
		fc.assert(
			fc.property(started, fc.nat(30), ({ input, current }, delay) => {
				const m = input.milestones[current as number];
				// a later start, still not after today (a start in the future is refused as bad input)
				const startedOn = plus(m.startedOn as string, Math.min(delay, diff(m.startedOn as string, input.today)));
				const milestones = input.milestones.map((s) => (s === m ? { ...s, startedOn } : s));
				const before = forecastJob(input).forecastFinish;
				const after = forecastJob({ ...input, milestones }).forecastFinish;
				expect(after >= before).toBe(true);
				expect(diff(before, after)).toBeLessThanOrEqual(diff(m.startedOn as string, startedOn));
			}),
			{ numRuns: 1000 }
		);
		fc.assert(
			fc.property(job, fc.nat(60), ({ input, current }, wait) => {
				const before = forecastJob(input).forecastFinish;
				const after = forecastJob({ ...input, today: plus(input.today, wait) }).forecastFinish;
				expect(after >= before).toBe(true);
				// each day that passes can push the finish a day at most, and a finished job not at all
				expect(diff(before, after)).toBeLessThanOrEqual(wait);
				if (current === null && input.milestones.some((m) => m.status === 'done')) expect(after).toBe(before);
			}),
			{ numRuns: 1000 }
		);
	});
});

describe('the reason, in words', () => {
	// The stone setter's template, promised 11 Dec: checked in 1–2 Dec, setting 2–7, polishing 7–9, QC 9–11.
	const setter: Stage[] = [
		{ name: 'Stones checked in', expectedDays: 1 },
		{ name: 'Stone setting', expectedDays: 5 },
		{ name: 'Polishing', expectedDays: 2 },
		{ name: 'QC and finishing', expectedDays: 2 }
	];
	const promisedDate = '2025-12-11';
	const planned = plan(promisedDate, setter);
	const stage = (i: number, progress: Partial<MilestoneProgress> = {}): MilestoneProgress => ({
		...setter[i],
		...planned[i],
		status: 'pending',
		startedOn: null,
		finishedOn: null,
		...progress
	});
	const checkedIn = stage(0, { status: 'done', startedOn: '2025-12-01', finishedOn: '2025-12-02' });

	it('gives the issue example: setting started 3 days late pushes the finish past the promise', () => {
		expect(planned[1]).toEqual({ plannedStart: '2025-12-02', plannedFinish: '2025-12-07' });
		const forecast = forecastJob({
			promisedDate,
			today: '2025-12-06',
			milestones: [checkedIn, stage(1, { status: 'in_progress', startedOn: '2025-12-05' }), stage(2), stage(3)]
		});
		expect(forecast).toMatchObject({ forecastFinish: '2025-12-14', currentStage: 'Stone setting', atRisk: true });
		expect(forecast.reason).toBe('Stone setting started 3 days late; forecast 14 Dec, promised 11 Dec');
		expect(forecast.stages.map((s) => s.finish)).toEqual(['2025-12-02', '2025-12-10', '2025-12-12', '2025-12-14']);
	});

	it('keeps a late start quiet while the job still makes its date', () => {
		const forecast = forecastJob({
			promisedDate,
			today: '2025-12-03',
			milestones: [checkedIn, stage(1, { status: 'in_progress', startedOn: '2025-12-03' }), stage(2), stage(3)]
		});
		expect(forecast).toMatchObject({ forecastFinish: '2025-12-12', atRisk: true });
		expect(forecast.reason).toBe('Stone setting started 1 day late; forecast 12 Dec, promised 11 Dec');
		const onTime = forecastJob({
			promisedDate: '2025-12-12',
			today: '2025-12-03',
			milestones: [checkedIn, stage(1, { status: 'in_progress', startedOn: '2025-12-03' }), stage(2), stage(3)]
		});
		expect(onTime).toMatchObject({ forecastFinish: '2025-12-12', atRisk: false, reason: '' });
	});

	it('puts a problem first: "Blocked since …: waiting for stones", even when the dates still hold', () => {
		const forecast = forecastJob({
			promisedDate,
			today: '2025-12-04',
			milestones: [checkedIn, stage(1, { status: 'in_progress', startedOn: '2025-12-02' }), stage(2), stage(3)],
			blocked: { reason: 'waiting for stones', since: '2025-12-03' }
		});
		expect(forecast.atRisk).toBe(true);
		expect(forecast.reason).toBe('Blocked since 3 Dec: waiting for stones; forecast 11 Dec, promised 11 Dec');
	});

	it('says how many days a stage is overdue, in the singular for one', () => {
		const forecast = forecastJob({
			promisedDate,
			today: '2025-12-08',
			milestones: [checkedIn, stage(1, { status: 'in_progress', startedOn: '2025-12-02' }), stage(2), stage(3)]
		});
		expect(forecast.reason).toBe('Stone setting is 1 day overdue; forecast 12 Dec, promised 11 Dec');
	});

	it('says when a stage should have started and has not', () => {
		const forecast = forecastJob({
			promisedDate,
			today: '2025-12-04',
			milestones: [stage(0), stage(1), stage(2), stage(3)],
			blocked: { reason: 'waiting for stones', since: '2025-12-01' }
		});
		expect(forecast.reason).toBe(
			'Blocked since 1 Dec: waiting for stones; stones checked in is 2 days overdue; forecast 14 Dec, promised 11 Dec'
		);
		const waiting = forecastJob({ promisedDate, today: '2025-12-04', milestones: [checkedIn, stage(1), stage(2), stage(3)] });
		expect(waiting.reason).toBe('Stone setting should have started 2 days ago; forecast 13 Dec, promised 11 Dec');
	});

	it('keeps the capitals of names like CAD and QC', () => {
		const qc = forecastJob({
			promisedDate,
			today: '2025-12-13',
			milestones: [
				{ ...checkedIn, status: 'done' },
				stage(1, { status: 'done', startedOn: '2025-12-02', finishedOn: '2025-12-07' }),
				stage(2, { status: 'skipped' }),
				stage(3)
			],
			blocked: { reason: 'waiting for the client', since: '2025-12-12' }
		});
		expect(qc.reason).toBe(
			'Blocked since 12 Dec: waiting for the client; QC and finishing is 2 days overdue; forecast 15 Dec, promised 11 Dec'
		);
		const cad = forecastJob({
			promisedDate,
			today: '2025-12-12',
			milestones: [
				{
					name: 'CAD',
					expectedDays: 4,
					status: 'in_progress',
					startedOn: '2025-12-08',
					finishedOn: null,
					plannedStart: '2025-12-07',
					plannedFinish: '2025-12-11'
				}
			]
		});
		expect(cad.reason).toBe('CAD started 1 day late and is 1 day overdue; forecast 12 Dec, promised 11 Dec');
	});

	it('notices a rework stage whose planned start has passed while an earlier stage is still on time', () => {
		const forecast = forecastJob({
			promisedDate: '2025-12-20',
			today: '2025-12-06',
			milestones: [
				{ ...stage(2), status: 'in_progress', startedOn: '2025-12-05', plannedStart: '2025-12-05', plannedFinish: '2025-12-07' },
				{
					name: 'Rework: re-tip prongs',
					expectedDays: 2,
					status: 'pending',
					startedOn: null,
					finishedOn: null,
					plannedStart: '2025-12-04',
					plannedFinish: '2025-12-06'
				}
			]
		});
		expect(forecast.reason).toBe('Rework: re-tip prongs should have started 2 days ago; forecast 9 Dec, promised 20 Dec');
	});

	it('counts a finished job as done, however late it finished', () => {
		const done = forecastJob({
			promisedDate,
			today: '2025-12-20',
			milestones: setter.map((_, i) => stage(i, { status: 'done', startedOn: '2025-12-01', finishedOn: `2025-12-1${i}` })),
			blocked: null
		});
		expect(done).toMatchObject({ forecastFinish: '2025-12-13', currentStage: null, atRisk: false, reason: '' });
	});
});
