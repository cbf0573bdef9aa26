/**
 * The demo's history has to have happened: a PO sent six weeks ago, acknowledged two days later,
 * closed last month. The services take the time from the clock (`new Date()`, `now()` in SQL, the
 * PO number's year, "a due date may not be in the past"), so the seed sets the clock back to each
 * moment and calls the services there, oldest first, exactly as people did at the time. Nothing is
 * rewritten afterwards, which matters: the audit trail is append-only, even for the table's owner.
 *
 * Embedded PostgreSQL (PGlite) reads its wall clock from the process's `Date.now()`, so SQL `now()`
 * moves with it. A PostgreSQL server keeps its own clock; there the seed does not travel and its
 * history is all of today.
 *
 * The clock only moves forward once the history starts (`atMoment` refuses a moment clearly earlier
 * than the last one), and no database work should run at the real time in between. PGlite arms
 * PostgreSQL's timers (the idle statistics flush) from its clock: one armed in the present, before
 * the seed, and checked in the past asks Node for a timeout of weeks, which Node would cut to 1 ms
 * with a TimeoutOverflowWarning. During a moment such a timeout is kept at Node's maximum instead,
 * unreferenced: it is stale, PostgreSQL replaces it the next time it arms that timer.
 *
 * Only the seed uses this, before the server listens and before the background worker starts, and
 * the real clock is always put back.
 */
const RealDate = globalThis.Date;
const realSetTimeout = globalThis.setTimeout;
/** Node's longest timeout (2^31 − 1 ms, about 24.8 days). */
const LONGEST_TIMEOUT_MS = 2_147_483_647;

function patientSetTimeout(handler: (...args: unknown[]) => void, delay?: number, ...args: unknown[]) {
	if (typeof delay === 'number' && delay > LONGEST_TIMEOUT_MS) return realSetTimeout(handler, LONGEST_TIMEOUT_MS, ...args).unref();
	return realSetTimeout(handler, delay, ...args);
}

/** The real time, whatever the clock says during a step. */
export const realNow = () => RealDate.now();

/** Where the clock stood when the last moment ended; a step may start a little before (steps take time). */
let lastMoment = Number.NEGATIVE_INFINITY;
const SLACK_MS = 60_000;

/** Runs `work` with the process clock reading `at` (ms since the epoch) and moving on from there. */
export async function atMoment<T>(at: number, work: () => Promise<T>): Promise<T> {
	if (at < lastMoment - SLACK_MS) {
		throw new Error(
			`The seed clock only moves forward: ${new RealDate(at).toISOString()} is before ${new RealDate(lastMoment).toISOString()}.`
		);
	}
	const offset = RealDate.now() - Math.max(at, lastMoment);
	class SeedDate extends RealDate {
		constructor(...args: unknown[]) {
			if (args.length === 0) super(RealDate.now() - offset);
			else super(...(args as [string | number | Date]));
		}
		static override now() {
			return RealDate.now() - offset;
		}
	}
	globalThis.Date = SeedDate as DateConstructor;
	globalThis.setTimeout = patientSetTimeout as typeof setTimeout;
	try {
		return await work();
	} finally {
		globalThis.Date = RealDate;
		globalThis.setTimeout = realSetTimeout;
		lastMoment = RealDate.now() - offset;
	}
}

/** Forgets the last moment, for a second seed in the same process (tests). */
export function resetSeedClock(): void {
	lastMoment = Number.NEGATIVE_INFINITY;
}
