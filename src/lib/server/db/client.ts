/**
 * One database per process: PGlite in DATA_DIR/db when no DATABASE_URL is set, else postgres.js.
 * Both speak PostgreSQL through drizzle, so services never know which one they run on.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { Logger } from 'drizzle-orm/logger';
import type { SQL } from 'drizzle-orm';
import { acquireDirectoryLock, type DirectoryLock } from './embedded-lock.ts';

/**
 * No schema is handed to drizzle: Bezel uses the SQL-like query builder only, and a schema makes
 * drizzle build a relational query builder per table for every transaction (measurable per request).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type Schema = {};
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

/** The rows of a raw `execute`: postgres.js answers an array, PGlite `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
	return Array.isArray(result) ? (result as T[]) : ((result as { rows?: T[] }).rows ?? []);
}

export interface DatabaseHandle {
	db: Database;
	/**
	 * postgres.js only: runs `work` in a transaction whose BEGIN and `setup` statement leave in the
	 * same network write as the first query of `work` (see scope.ts). Absent on PGlite.
	 */
	pipelinedTransaction?: <T>(setup: SQL, work: (db: Database) => Promise<T>) => Promise<T>;
	kind: 'pglite' | 'postgres';
	/** raw PGlite instance (embedded only), used by tests to snapshot the data directory */
	pglite?: import('@electric-sql/pglite').PGlite;
	close(): Promise<void>;
}

export type OpenOptions =
	| { kind: 'pglite'; dataDir?: string; lockDir?: string; loadDataDir?: Blob; logSql?: boolean }
	| { kind: 'postgres'; url: string; poolMax?: number; logSql?: boolean };

/**
 * Counts statements per request, reported in the Server-Timing header and by the benchmark.
 * Shared through globalThis: the launcher scripts and the app bundle load separate copies of this module.
 */
const counterSlot = Symbol.for('bezel.queryCounter');
export const queryCounter: AsyncLocalStorage<{ queries: number }> = ((globalThis as Record<symbol, unknown>)[counterSlot] ??=
	new AsyncLocalStorage<{ queries: number }>()) as AsyncLocalStorage<{ queries: number }>;

function makeLogger(logSql: boolean): Logger {
	return {
		logQuery(query) {
			const counter = queryCounter.getStore();
			if (counter) counter.queries++;
			if (logSql) console.log(`[sql] ${query}`);
		}
	};
}

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
	const logger = makeLogger(options.logSql ?? false);
	if (options.kind === 'postgres') {
		const { default: postgres } = await import('postgres');
		const { drizzle } = await import('drizzle-orm/postgres-js');
		const client = postgres(options.url, {
			max: options.poolMax ?? 10,
			onnotice: () => {},
			connection: { application_name: 'bezel' }
		});
		const db = drizzle(client, { logger }) as unknown as Database;
		const { PgDatabase, PgDialect } = await import('drizzle-orm/pg-core');
		const { PostgresJsSession } = await import('drizzle-orm/postgres-js/session');
		const dialect = new PgDialect();
		const pipelinedTransaction = async <T>(setup: SQL, work: (db: Database) => Promise<T>): Promise<T> => {
			const reserved = await client.reserve();
			// a database object over the reserved connection, sharing the pool's dialect and parsers
			const scoped = new PgDatabase(
				dialect,
				new PostgresJsSession(reserved, dialect, undefined, { logger }),
				undefined
			) as unknown as Database;
			try {
				// queued in this order on one connection, written together: BEGIN, setup, work's first query
				const begun = reserved.unsafe('begin').execute();
				const prepared = Promise.resolve(scoped.execute(setup));
				begun.catch(() => {});
				prepared.catch(() => {});
				const result = await work(scoped);
				await begun;
				await prepared;
				await reserved.unsafe('commit');
				return result;
			} catch (error) {
				await reserved.unsafe('rollback').catch(() => {});
				throw error;
			} finally {
				reserved.release();
			}
		};
		return { db, kind: 'postgres', pipelinedTransaction, close: () => client.end({ timeout: 5 }) };
	}

	const { PGlite } = await import('@electric-sql/pglite');
	const { drizzle } = await import('drizzle-orm/pglite');
	let lock: DirectoryLock | undefined;
	if (options.dataDir) {
		lock = acquireDirectoryLock(options.lockDir ?? path.dirname(options.dataDir), options.dataDir);
	}
	try {
		const pglite = await PGlite.create({
			dataDir: options.dataDir,
			loadDataDir: options.loadDataDir
		});
		const db = drizzle(pglite, { logger }) as unknown as Database;
		return {
			db,
			kind: 'pglite',
			pglite,
			close: async () => {
				await pglite.close();
				lock?.release();
			}
		};
	} catch (error) {
		lock?.release();
		throw error;
	}
}
