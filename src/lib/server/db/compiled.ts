/**
 * Selects whose SQL text is built once per process instead of once per request.
 *
 * drizzle turns a query builder into SQL text on every execution, walking the builder with many
 * type checks: on the busiest pages that was a fifth to half of the server's time. A compiled
 * select is written like any other, with placeholders (`p.name`, for the names listed) where a
 * request's values go; its text, parameter slots and result mapping are made on first use and
 * reused on every transaction after, through the transaction's own session, so RLS, the query
 * counter and statement preparation work as for any query.
 *
 * Only for queries whose shape never changes: optional filters and sort choices make different SQL
 * and stay ordinary builders (or get one compiled select per shape, as the lists do for the view
 * they open on). A list of ids is one array parameter (`= any(${p.ids}::uuid[])`), not an IN list.
 * Values go to the driver as they are: ids, text, numbers, dates as 'YYYY-MM-DD' strings.
 */
import * as drizzle from 'drizzle-orm';
import { sql, type SQL } from 'drizzle-orm';
import type { PgDialect, PgSession } from 'drizzle-orm/pg-core';
import type { Database } from './client.ts';
import type { Tx } from './scope.ts';

/** What a compiled select needs of a drizzle select builder's public API. */
interface SelectBuilder {
	getSQL(): SQL;
	execute(): Promise<unknown>;
}

/**
 * What drizzle keeps out of its type declarations but every select and database object has: how a
 * select's columns are ordered for mapping, which joined tables may be null, the dialect and session.
 * Typed here, in one place; the tests in compiled.test.ts fail if a drizzle upgrade moves them.
 */
type OrderedFields = unknown[];
const { orderSelectedFields } = drizzle as unknown as { orderSelectedFields: (fields: unknown) => OrderedFields };
interface BuilderInternals {
	/** the selection as written (getSelectedFields() answers a proxy made for subqueries) */
	config: { fields: unknown };
	joinsNotNullableMap?: Record<string, boolean>;
}
interface DatabaseInternals {
	dialect: PgDialect;
	session: PgSession;
}

type Placeholder = ReturnType<typeof sql.placeholder>;

interface Compiled {
	query: { sql: string; params: unknown[] };
	fields: OrderedFields;
	/** which joined tables may be null: drizzle nulls a nested object whose columns all are */
	joinsNotNullableMap: Record<string, boolean> | undefined;
}

export function compiledSelect<const Names extends readonly string[], Builder extends SelectBuilder>(
	names: Names,
	build: (db: Database, p: Record<Names[number], Placeholder>) => Builder
): (tx: Tx, values: Record<Names[number], unknown>) => Promise<Awaited<ReturnType<Builder['execute']>>> {
	let compiled: Compiled | null = null;
	return (tx, values) => {
		const { dialect, session } = tx as unknown as DatabaseInternals;
		if (!compiled) {
			const placeholders = Object.fromEntries(names.map((name) => [name, sql.placeholder(name)])) as Record<Names[number], Placeholder>;
			const builder = build(tx as unknown as Database, placeholders);
			const { sql: text, params } = dialect.sqlToQuery(builder.getSQL());
			const internals = builder as unknown as BuilderInternals;
			compiled = {
				query: { sql: text, params },
				fields: orderSelectedFields(internals.config.fields),
				joinsNotNullableMap: internals.joinsNotNullableMap
			};
		}
		// the same call drizzle makes for a select, minus building its text: rows as arrays, mapped to objects
		const prepared = session.prepareQuery(compiled.query, compiled.fields as Parameters<PgSession['prepareQuery']>[1], undefined, true);
		(prepared as unknown as { joinsNotNullableMap?: Record<string, boolean> }).joinsNotNullableMap = compiled.joinsNotNullableMap;
		return prepared.execute(values) as Promise<Awaited<ReturnType<Builder['execute']>>>;
	};
}
