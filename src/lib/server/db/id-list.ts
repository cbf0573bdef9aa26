import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';

/** Ids as one `uuid[]` parameter (duplicates dropped). */
export const uuidArray = (ids: Iterable<string>): SQL => sql`${sql.param([...new Set(ids)])}::uuid[]`;

/**
 * `column = any($1::uuid[])`: one parameter, so one prepared statement whatever the number of ids.
 * drizzle's inArray writes `in ($1, $2, …)`: a statement per length, each planned on every run.
 */
export const inIds = (column: SQLWrapper, ids: Iterable<string>): SQL => sql`${column} = any(${uuidArray(ids)})`;
