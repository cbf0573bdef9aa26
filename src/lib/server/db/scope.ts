/**
 * Every query runs inside a scoped transaction. It switches to a non-owner role and sets the
 * tenant, so the row-level security policies apply: PGlite and Supabase's `postgres` role bypass
 * RLS otherwise. Vendor users run as `bezel_vendor` with their workshop id; staff and system work
 * run as `bezel_staff`.
 */
import { sql } from 'drizzle-orm';
import type { PgTransaction, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { getDatabaseHandle } from './runtime.ts';
import type { Schema } from './client.ts';

export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export type DbScope = { kind: 'staff'; userId: string | null } | { kind: 'vendor'; vendorId: string; userId: string };

export async function inScope<T>(scope: DbScope, work: (tx: Tx) => Promise<T>): Promise<T> {
	const handle = getDatabaseHandle();
	const role = scope.kind === 'vendor' ? 'bezel_vendor' : 'bezel_staff';
	const vendorId = scope.kind === 'vendor' ? scope.vendorId : '';
	const setup = sql`select set_config('role', ${role}, true), set_config('app.vendor_id', ${vendorId}, true), set_config('app.user_id', ${scope.userId ?? ''}, true)`;
	// On a server, BEGIN and the switch travel in the same network write as the first query: the
	// connection runs statements in the order they were issued, and if the switch fails the
	// transaction is aborted, so no query can run unscoped. Two round trips fewer per request.
	if (handle.pipelinedTransaction) return handle.pipelinedTransaction(setup, (db) => work(db as unknown as Tx));
	// PGlite runs one statement at a time anyway: a plain transaction
	return handle.db.transaction(async (tx) => {
		await tx.execute(setup);
		return work(tx as Tx);
	});
}

/** Work done by Bezel itself (sign-in, the mail worker, the seed): staff rights, no person. */
export function asSystem<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
	return inScope({ kind: 'staff', userId: null }, work);
}
