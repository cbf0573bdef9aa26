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
	/** rows (as arrays) to objects, for a flat selection; nested ones are left to drizzle */
	mapRows: ((rows: unknown[][]) => unknown[]) | undefined;
}

interface Decoder {
	mapFromDriverValue(value: unknown): unknown;
}

/** drizzle keeps an SQL field's decoder (`.mapWith(…)`) out of its declarations, like the internals above */
type Decoding = { decoder: Decoder };

/** How drizzle's mapResultRow finds a selected field's decoder (a column decodes its own values). */
function decoderOf(field: unknown): Decoder {
	if (drizzle.is(field, drizzle.Column)) return field;
	if (drizzle.is(field, drizzle.SQL)) return (field as unknown as Decoding).decoder;
	if (drizzle.is(field, drizzle.Subquery)) return (field as unknown as { _: { sql: Decoding } })._.sql.decoder;
	return (field as unknown as { sql: Decoding }).sql.decoder;
}

/**
 * The rows of a flat selection (no nested objects, so no joined object to null) as drizzle would map
 * them, with each column's name and decoder found once instead of per row and column: drizzle's own
 * mapping looks both up for every value, which was a twentieth of a PO page's time.
 *
 * The row is built by a function written for the selection — one object literal with its keys in
 * order — because a loop that adds keys by name makes V8 treat every row as a new shape (eight times
 * slower for a PO's lines). The keys are the selection's own names, quoted by JSON.stringify; no
 * value from a request reaches the function's text.
 */
function flatRowMapper(fields: OrderedFields): Compiled['mapRows'] {
	const columns = fields as { path: string[]; field: unknown }[];
	if (columns.some(({ path }) => path.length !== 1)) return undefined;
	const decoders = columns.map(({ field }) => decoderOf(field));
	const properties = columns.map(
		({ path }, i) => `${JSON.stringify(path[0])}: row[${i}] === null ? null : decoders[${i}].mapFromDriverValue(row[${i}])`
	);
	const mapRow = new Function('row', 'decoders', `return { ${properties.join(', ')} };`) as (row: unknown[], d: Decoder[]) => unknown;
	return (rows) => rows.map((row) => mapRow(row, decoders));
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
			const fields = orderSelectedFields(internals.config.fields);
			compiled = {
				query: { sql: text, params },
				fields,
				joinsNotNullableMap: internals.joinsNotNullableMap,
				mapRows: flatRowMapper(fields)
			};
		}
		// the same call drizzle makes for a select, minus building its text: rows as arrays, mapped to objects
		const prepared = session.prepareQuery(
			compiled.query,
			compiled.fields as Parameters<PgSession['prepareQuery']>[1],
			undefined,
			true,
			compiled.mapRows as Parameters<PgSession['prepareQuery']>[4]
		);
		(prepared as unknown as { joinsNotNullableMap?: Record<string, boolean> }).joinsNotNullableMap = compiled.joinsNotNullableMap;
		return prepared.execute(values) as Promise<Awaited<ReturnType<Builder['execute']>>>;
	};
}
