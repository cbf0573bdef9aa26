/**
 * Background work coordinated through Postgres, so any number of app instances can run the worker:
 * a job is claimed with FOR UPDATE SKIP LOCKED and leased; scheduled jobs carry a unique key
 * (e.g. `document-expiry:2026-11-27`) so only one instance ever enqueues the day's run.
 */
import { and, eq, or, sql, lte, lt } from 'drizzle-orm';
import { backgroundJob } from '#lib/server/db/schema/index.ts';
import { asSystem, type Tx } from '#lib/server/db/scope.ts';

export type JobHandler = (payload: Record<string, unknown>) => Promise<void>;

const LEASE_MINUTES = 5;
const MAX_ATTEMPTS = 5;

export async function enqueueJob(
	tx: Tx,
	job: { kind: string; payload?: Record<string, unknown>; runAt?: Date; uniqueKey?: string }
): Promise<boolean> {
	const inserted = await tx
		.insert(backgroundJob)
		.values({ kind: job.kind, payload: job.payload ?? {}, runAt: job.runAt ?? new Date(), uniqueKey: job.uniqueKey ?? null })
		.onConflictDoNothing({ target: backgroundJob.uniqueKey })
		.returning({ id: backgroundJob.id });
	return inserted.length > 0;
}

async function claimJob(kinds: string[]) {
	return asSystem(async (tx) => {
		const [job] = await tx
			.select()
			.from(backgroundJob)
			.where(
				and(
					sql`${backgroundJob.kind} = any(${sql.param(kinds)}::text[])`,
					or(
						and(eq(backgroundJob.status, 'queued'), lte(backgroundJob.runAt, sql`now()`)),
						// a worker that died mid-job: its lease ran out, so another may take it
						and(eq(backgroundJob.status, 'running'), lt(backgroundJob.lockedUntil, sql`now()`))
					)
				)
			)
			.orderBy(backgroundJob.runAt)
			.limit(1)
			.for('update', { skipLocked: true });
		if (!job) return undefined;
		await tx
			.update(backgroundJob)
			.set({
				status: 'running',
				attempts: job.attempts + 1,
				lockedUntil: sql`now() + make_interval(mins => ${LEASE_MINUTES})`
			})
			.where(eq(backgroundJob.id, job.id));
		return { ...job, attempts: job.attempts + 1 };
	});
}

/** Runs due jobs until none is left (or `limit`); returns how many ran. */
export async function runDueJobs(handlers: Record<string, JobHandler>, limit = 20): Promise<number> {
	let ran = 0;
	for (let i = 0; i < limit; i++) {
		const job = await claimJob(Object.keys(handlers));
		if (!job) break;
		try {
			await handlers[job.kind](job.payload as Record<string, unknown>);
			await asSystem((tx) =>
				tx
					.update(backgroundJob)
					.set({ status: 'done', finishedAt: sql`now()`, lastError: null })
					.where(eq(backgroundJob.id, job.id))
			);
		} catch (error) {
			const failed = job.attempts >= MAX_ATTEMPTS;
			await asSystem((tx) =>
				tx
					.update(backgroundJob)
					.set({
						status: failed ? 'failed' : 'queued',
						lastError: String((error as Error).message ?? error).slice(0, 500),
						runAt: sql`now() + make_interval(mins => ${2 ** job.attempts})`,
						finishedAt: failed ? sql`now()` : null
					})
					.where(eq(backgroundJob.id, job.id))
			);
		}
		ran++;
	}
	return ran;
}

export interface Worker {
	stop(): Promise<void>;
}

/** Calls `tick` every `intervalMs` until stopped; one tick at a time, errors logged, never thrown. */
export function startWorker(tick: () => Promise<void>, intervalMs: number): Worker {
	let stopped = false;
	let running: Promise<void> = Promise.resolve();
	let timer: NodeJS.Timeout | undefined;
	const loop = () => {
		if (stopped) return;
		running = tick()
			.catch((error) => console.error('[bezel] background work failed:', (error as Error).message))
			.finally(() => {
				if (!stopped) timer = setTimeout(loop, intervalMs);
			});
	};
	timer = setTimeout(loop, 200);
	return {
		async stop() {
			stopped = true;
			if (timer) clearTimeout(timer);
			await running;
		}
	};
}
