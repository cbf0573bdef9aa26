import { sql, type SQL } from 'drizzle-orm';

/**
 * Constants written into a statement's text instead of sent as parameters: page sizes and caps
 * (LIMIT), and the code's own lists of statuses (IN).
 *
 * PostgreSQL keeps one plan for a prepared statement only when that generic plan, made without the
 * parameters' values, looks no dearer than the plans it makes for each execution. Under `LIMIT $n`
 * it cannot know how few rows are wanted, so a list ordered over thousands of rows looks dear and is
 * planned again on every execution: on the PO list that planning cost more than running the query.
 * With the number in the text, the generic plan is kept from the sixth execution on. (An OFFSET
 * parameter has the same effect, so a list's first page, the one most visits see, has none.)
 *
 * A status list sent as parameters does the same to a count of open jobs: the generic plan cannot
 * tell that open ones are a few among many closed ones, so each execution was planned again.
 *
 * Only for constants: every distinct text is a prepared statement of its own on every connection.
 */
export function fixedRows(rows: number): SQL {
	if (!Number.isSafeInteger(rows) || rows < 0) throw new RangeError(`A fixed limit is a whole number of rows, not ${rows}.`);
	return sql.raw(String(rows));
}

/** `fixedRows` for a select builder's `.limit()`: drizzle writes an SQL fragment given there into the text, though its types admit only a number. */
export const fixedLimit = (rows: number): number => fixedRows(rows) as unknown as number;

/** One of the code's own names (a status), written as `'open'` for a comparison: `eq(job.status, fixedName('open'))`. */
export function fixedName(name: string): SQL {
	if (!/^[a-z_]+$/.test(name)) throw new RangeError(`A fixed name is one of the code's own names, not ${JSON.stringify(name)}.`);
	return sql.raw(`'${name}'`);
}

/** The code's own names (statuses), written as `('a', 'b')` for an IN: the planner sees which values (see fixedRows). */
export function fixedList(names: readonly string[]): SQL {
	return sql.join([sql.raw('('), sql.join(names.map(fixedName), sql.raw(', ')), sql.raw(')')]);
}
