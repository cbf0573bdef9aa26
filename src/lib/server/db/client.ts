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
	 * postgres.js only: opens a transaction on a connection of its own whose BEGIN and `setup`
	 * statement leave in the same network write as the first query (see scope.ts). Absent on PGlite.
	 */
	beginPipelined?: (setup: SQL) => Promise<OpenTransaction>;
	/** connections in the pool (postgres.js); scope.ts keeps some free for short transactions */
	poolMax?: number;
	kind: 'pglite' | 'postgres';
	/** raw PGlite instance (embedded only), used by tests to snapshot the data directory */
	pglite?: import('@electric-sql/pglite').PGlite;
	close(): Promise<void>;
}

/** A transaction begun by `beginPipelined`: its queries run on `db` until `end`. */
export interface OpenTransaction {
	db: Database;
	/**
	 * Commits (Postgres itself rolls back a transaction a failed statement aborted) or rolls back,
	 * and gives the connection back to the pool. Only the first call does anything.
	 */
	end(outcome: 'commit' | 'rollback'): Promise<void>;
}

export type OpenOptions =
	| { kind: 'pglite'; dataDir?: string; lockDir?: string; loadDataDir?: Blob; logSql?: boolean }
	| { kind: 'postgres'; url: string; poolMax?: number; logSql?: boolean; prepare?: boolean };

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

/**
 * A statement worth preparing: one with parameters, or a single SELECT without them (a list whose
 * constants are all in its text). Anything else without parameters keeps the simple protocol, which
 * runs several statements in one text (migrations) and never leaves a statement behind.
 */
const worthPreparing = (query: string, params: unknown[] | undefined) =>
	(params !== undefined && params.length > 0) || (/^\s*(select|with)\b/i.test(query) && !query.includes(';'));

/**
 * The same postgres.js client, whose `unsafe` (what drizzle calls for every query) prepares
 * statements (see worthPreparing): postgres.js keeps them per connection by text and parameter types.
 */
function preparingStatements<C extends { unsafe: (...args: never[]) => unknown }>(client: C): C {
	const unsafe = client.unsafe.bind(client) as unknown as (query: string, params?: unknown[], options?: object) => unknown;
	return new Proxy(client, {
		get(target, property, receiver) {
			if (property === 'unsafe') {
				return (query: string, params?: unknown[], options?: object) =>
					worthPreparing(query, params)
						? unsafe(query, params, { ...options, prepare: true, simple: false })
						: unsafe(query, params, options);
			}
			const value = Reflect.get(target, property, receiver) as unknown;
			return typeof value === 'function' ? value.bind(target) : value;
		}
	});
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
		// drizzle asks the server to parse and plan every statement afresh unless a query is named;
		// named (prepared) per connection, a page's statements are parsed once per connection instead
		// of once per request. A transaction-mode pooler (Supabase's port 6543) cannot keep them: DB_PREPARE=false.
		const driver = options.prepare === false ? client : preparingStatements(client);
		const db = drizzle(driver, { logger }) as unknown as Database;
		const { PgDatabase, PgDialect } = await import('drizzle-orm/pg-core');
		const { PostgresJsSession } = await import('drizzle-orm/postgres-js/session');
		const dialect = new PgDialect();
		const beginPipelined = async (setup: SQL): Promise<OpenTransaction> => {
			const reserved = await client.reserve();
			// a database object over the reserved connection, sharing the pool's dialect and parsers
			const scoped = new PgDatabase(
				dialect,
				new PostgresJsSession(options.prepare === false ? reserved : preparingStatements(reserved), dialect, undefined, { logger }),
				undefined
			) as unknown as Database;
			// queued in this order on one connection, written together with the first query: BEGIN, setup
			const begun = reserved.unsafe('begin').execute();
			const prepared = Promise.resolve(scoped.execute(setup));
			begun.catch(() => {});
			prepared.catch(() => {});
			let ended: Promise<void> | null = null;
			const end = (outcome: 'commit' | 'rollback') =>
				(ended ??= (async () => {
					try {
						if (outcome === 'commit') {
							await begun;
							await prepared;
							await reserved.unsafe('commit');
						} else {
							await reserved.unsafe('rollback').catch(() => {});
						}
					} finally {
						reserved.release();
					}
				})());
			return { db: scoped, end };
		};
		return { db, kind: 'postgres', beginPipelined, poolMax: options.poolMax ?? 10, close: () => client.end({ timeout: 5 }) };
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
