/**
 * Every query runs inside a scoped transaction. It switches to a non-owner role and sets the
 * tenant, so the row-level security policies apply: PGlite and Supabase's `postgres` role bypass
 * RLS otherwise. Vendor users run as `bezel_vendor` with their workshop id; staff and system work
 * run as `bezel_staff`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { sql } from 'drizzle-orm';
import type { PgTransaction, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { getDatabaseHandle } from './runtime.ts';
import type { OpenTransaction, Schema } from './client.ts';

export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export type DbScope = { kind: 'staff'; userId: string | null } | { kind: 'vendor'; vendorId: string; userId: string };

/**
 * One page view's transaction (see `shareRequestTransaction`): opened by the first `inScope` of
 * the request in the viewer's scope, used by every later one, committed when the page is drawn.
 */
interface RequestTransaction {
	scopeKey: string;
	open: Promise<OpenTransaction> | null;
	/** some work on it failed: the rest of the request uses transactions of its own */
	broken: boolean;
}

const requestTransaction = new AsyncLocalStorage<RequestTransaction>();
const sharing = { active: 0 };
/** connections left to short transactions (sign-in, a different scope) while pages hold theirs */
const KEEP_FREE_CONNECTIONS = 2;

function scopeParts(scope: DbScope) {
	const role = scope.kind === 'vendor' ? 'bezel_vendor' : 'bezel_staff';
	const vendorId = scope.kind === 'vendor' ? scope.vendorId : '';
	const userId = scope.userId ?? '';
	return { role, vendorId, userId, key: `${role}|${vendorId}|${userId}` };
}

export async function inScope<T>(scope: DbScope, work: (tx: Tx) => Promise<T>): Promise<T> {
	const handle = getDatabaseHandle();
	const { role, vendorId, userId, key } = scopeParts(scope);
	const setup = sql`select set_config('role', ${role}, true), set_config('app.vendor_id', ${vendorId}, true), set_config('app.user_id', ${userId}, true)`;
	// PGlite runs one statement at a time anyway: a plain transaction
	if (!handle.beginPipelined) {
		return handle.db.transaction(async (tx) => {
			await tx.execute(setup);
			return work(tx as Tx);
		});
	}
	const shared = requestTransaction.getStore();
	// only the viewer's own scope shares: Bezel's own work (asSystem) keeps its transactions
	if (shared && !shared.broken && shared.scopeKey === key) {
		shared.open ??= handle.beginPipelined(setup);
		const open = await shared.open;
		try {
			return await work(open.db as unknown as Tx);
		} catch (error) {
			// a failed statement aborts the whole transaction: what comes next runs on its own
			shared.broken = true;
			throw error;
		}
	}
	// On a server, BEGIN and the switch travel in the same network write as the first query: the
	// connection runs statements in the order they were issued, and if the switch fails the
	// transaction is aborted, so no query can run unscoped. Two round trips fewer per request.
	const open = await handle.beginPipelined(setup);
	try {
		const result = await work(open.db as unknown as Tx);
		await open.end('commit');
		return result;
	} catch (error) {
		await open.end('rollback');
		throw error;
	}
}

/**
 * Runs a page view (`draw`: its loads and rendering) with one transaction in the viewer's `scope`
 * for all its services instead of one each: a page that asks four services costs one BEGIN, one
 * role switch and one COMMIT, not four of each. Only for reading requests (the hooks decide), where
 * a service that writes (a read marker) is incidental; it commits with the rest when the page is
 * drawn. On PGlite, and when too few connections are left, each service keeps its own transaction.
 */
export async function shareRequestTransaction<T>(scope: DbScope, draw: () => Promise<T>): Promise<T> {
	const handle = getDatabaseHandle();
	if (!handle.beginPipelined || sharing.active >= (handle.poolMax ?? 10) - KEEP_FREE_CONNECTIONS) return draw();
	const shared: RequestTransaction = { scopeKey: scopeParts(scope).key, open: null, broken: false };
	sharing.active++;
	let drawn = false;
	try {
		const result = await requestTransaction.run(shared, draw);
		drawn = true;
		return result;
	} finally {
		try {
			if (shared.open) {
				const open = await shared.open.catch(() => null);
				// COMMIT of a transaction a failed statement aborted rolls it back: nothing half-done stays
				const ending = open?.end('commit');
				if (drawn) await ending;
				else await ending?.catch(() => {});
			}
		} finally {
			sharing.active--;
		}
	}
}

/** Work done by Bezel itself (sign-in, the mail worker, the seed): staff rights, no person. */
export function asSystem<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
	return inScope({ kind: 'staff', userId: null }, work);
}
