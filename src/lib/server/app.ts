/**
 * Starting and stopping Bezel in one process: open (and in embedded mode migrate and seed) the
 * database, set up files and mail, and run the background worker.
 */
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Settings } from '../../env.ts';
import { openDatabase, type DatabaseHandle } from './db/client.ts';
import { migrateDatabase } from './db/migrate.ts';
import { getDatabaseHandle, hasDatabase, setDatabase } from './db/runtime.ts';
import { asSystem } from './db/scope.ts';
import { appUser } from './db/schema/index.ts';
import { createLocalFileStore } from './files/local-store.ts';
import { createSupabaseFileStore } from './files/supabase-store.ts';
import { createSmtpTransport, deliverDueMail, expandAudiences } from './mail/sender.ts';
import { runDueJobs, startWorker, type Worker } from './jobs/runner.ts';
import { jobHandlers, scheduleDailyJobs } from './jobs/catalog.ts';
import { getPlatform, setPlatform } from './platform.ts';

const workerSlot = Symbol.for('bezel.worker');
const startSlot = Symbol.for('bezel.starting');
type Holder = { [workerSlot]?: Worker; [startSlot]?: Promise<StartResult> };

export interface StartResult {
	seeded: boolean;
	demoLogins: { role: string; email: string; password: string }[];
}

export function databaseOptions(settings: Settings) {
	return settings.embedded
		? ({
				kind: 'pglite',
				dataDir: path.resolve(settings.DATA_DIR, 'db'),
				lockDir: path.resolve(settings.DATA_DIR),
				logSql: settings.LOG_SQL
			} as const)
		: ({
				kind: 'postgres',
				url: settings.DATABASE_URL!,
				poolMax: settings.DB_POOL_MAX,
				prepare: settings.DB_PREPARE,
				logSql: settings.LOG_SQL
			} as const);
}

/** Idempotent: a second call (Vite reloading hooks in development) returns the first result. */
export function startBezel(settings: Settings, options: { worker?: boolean } = {}): Promise<StartResult> {
	const holder = globalThis as Holder;
	holder[startSlot] ??= start(settings, options).catch((error) => {
		holder[startSlot] = undefined;
		throw error;
	});
	return holder[startSlot];
}

async function start(settings: Settings, options: { worker?: boolean }): Promise<StartResult> {
	let handle: DatabaseHandle;
	if (hasDatabase()) handle = getDatabaseHandle();
	else {
		handle = await openDatabase(databaseOptions(settings));
		setDatabase(handle);
	}
	setPlatform({
		fileStore:
			settings.SUPABASE_URL && settings.SUPABASE_SERVICE_ROLE_KEY
				? createSupabaseFileStore(settings.SUPABASE_URL, settings.SUPABASE_SERVICE_ROLE_KEY, settings.SUPABASE_STORAGE_BUCKET)
				: createLocalFileStore(path.resolve(settings.DATA_DIR, 'files')),
		mailTransport: settings.SMTP_URL ? createSmtpTransport(settings.SMTP_URL) : null,
		mailFrom: settings.MAIL_FROM,
		uploadMaxBytes: settings.UPLOAD_MAX_MB * 1024 * 1024,
		origin: settings.ORIGIN ?? `http://localhost:${settings.PORT}`,
		embedded: settings.embedded
	});

	let result: StartResult = { seeded: false, demoLogins: [] };
	if (settings.embedded) {
		// embedded mode migrates itself; a server database is migrated by `npm run db:migrate`
		await migrateDatabase(handle);
		if (settings.SEED_DEMO) {
			const { seedDemoBrand, demoLogins } = await import('./seed/demo-brand.ts');
			const [anyone] = await asSystem((tx) => tx.select({ id: appUser.id }).from(appUser).limit(1));
			const seeded = !anyone;
			if (seeded) await seedDemoBrand();
			result = { seeded, demoLogins: demoLogins() };
		}
	}
	if (options.worker ?? settings.BACKGROUND_JOBS) startBackgroundWorker();
	return result;
}

/** One worker tick: send due mail, schedule today's jobs, run due jobs. */
export async function runBackgroundTick(): Promise<void> {
	const platform = getPlatform();
	// without SMTP (embedded mode) mail stays in the outbox for the mailbox page, addressed to people
	if (platform.mailTransport) await deliverDueMail(platform.mailTransport, platform.mailFrom);
	else await expandAudiences();
	await scheduleDailyJobs();
	await runDueJobs(jobHandlers);
}

export function startBackgroundWorker(intervalMs = 2000): void {
	const holder = globalThis as Holder;
	holder[workerSlot] ??= startWorker(runBackgroundTick, intervalMs);
}

const stopSlot = Symbol.for('bezel.stopping');

/**
 * Stops the worker and closes the database (SIGTERM, tests). Several callers may ask at once (the
 * app's shutdown hook and the launcher): they share one stop, so nobody exits before it is done.
 */
export function stopBezel(): Promise<void> {
	const holder = globalThis as Holder & { [stopSlot]?: Promise<void> };
	holder[stopSlot] ??= stop().finally(() => {
		holder[stopSlot] = undefined;
	});
	return holder[stopSlot];
}

async function stop(): Promise<void> {
	const holder = globalThis as Holder;
	await holder[workerSlot]?.stop();
	holder[workerSlot] = undefined;
	holder[startSlot] = undefined;
	if (hasDatabase()) {
		const handle = getDatabaseHandle();
		setDatabase(undefined);
		await handle.close();
	}
	getPlatformSafe()?.mailTransport?.close();
	setPlatform(undefined);
}

function getPlatformSafe() {
	try {
		return getPlatform();
	} catch {
		return undefined;
	}
}

export async function databaseIsReachable(): Promise<boolean> {
	try {
		await asSystem((tx) => tx.execute(sql`select 1`));
		return true;
	} catch {
		return false;
	}
}
