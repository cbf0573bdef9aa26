/**
 * A list's page size written into its statement: PostgreSQL keeps one plan for it, where under
 * `LIMIT $n` it plans the statement again on every execution.
 */
import { desc, eq, sql } from 'drizzle-orm';
import { integer, PgDialect, pgTable, text } from 'drizzle-orm/pg-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/support/database.ts';
import { rowsOf } from './client.ts';
import { fixedLimit, fixedList, fixedName, fixedRows } from './fixed-limit.ts';
import { asSystem, type Tx } from './scope.ts';

const ctx = useTestDatabase();
const onServer = () => ctx.handle.kind === 'postgres';

const probe = pgTable('limit_probe', {
	id: integer('id').primaryKey(),
	bucket: integer('bucket').notNull(),
	label: text('label').notNull()
});

// a list as the pages ask it: one bucket's newest rows, read off an index, a page at a time
const newestOfBucket = (tx: Tx, limit: number) => tx.select().from(probe).where(eq(probe.bucket, 7)).orderBy(desc(probe.id)).limit(limit);

interface PlanCounts {
	statement: string;
	generic: number;
	custom: number;
}

/** How often this connection planned its prepared statements like `pattern`, generically or per run (this query itself left out). */
const plansOf = async (tx: Tx, pattern: string) =>
	rowsOf<PlanCounts>(
		await tx.execute(
			sql`select statement, generic_plans::int as generic, custom_plans::int as custom from pg_prepared_statements where statement like ${pattern} and statement not like '%pg_prepared_statements%'`
		)
	);

describe('fixedLimit', () => {
	beforeAll(async () => {
		await ctx.handle.db.execute(sql`create table limit_probe (id int primary key, bucket int not null, label text not null)`);
		await ctx.handle.db.execute(sql`insert into limit_probe select g, g % 50, 'row ' || g from generate_series(1, 20000) g`);
		await ctx.handle.db.execute(sql`create index limit_probe_bucket on limit_probe (bucket, id)`);
		await ctx.handle.db.execute(sql`analyze limit_probe`);
		await ctx.handle.db.execute(sql`grant select on limit_probe to bezel_staff`);
	});

	it('writes the number into the SQL text instead of its parameters', () => {
		const fixed = newestOfBucket(ctx.handle.db as unknown as Tx, fixedLimit(25)).toSQL();
		expect(fixed.sql).toMatch(/ limit 25$/);
		expect(fixed.params).toEqual([7]);
		const inText = ctx.handle.db.execute(sql`select count(*)::int as n from (select 1 from limit_probe limit ${fixedRows(30)}) capped`);
		return expect(inText.then((result) => rowsOf<{ n: number }>(result)[0].n)).resolves.toBe(30);
	});

	it('gives the same rows as a limit sent as a parameter', async () => {
		const [fixed, sent] = await asSystem(async (tx) => [await newestOfBucket(tx, fixedLimit(25)), await newestOfBucket(tx, 25)]);
		expect(fixed).toHaveLength(25);
		expect(fixed).toEqual(sent);
		expect(fixed[0].id).toBe(19957);
	});

	it('refuses anything but a whole number of rows', () => {
		for (const wrong of [2.5, -1, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => fixedRows(wrong)).toThrow(RangeError);
	});

	it('writes the code’s own names, alone or as a list for IN, and refuses anything else', async () => {
		const inText = new PgDialect().sqlToQuery(sql`s in ${fixedList(['open', 'in_progress'])}`);
		expect(inText).toEqual({ sql: "s in ('open', 'in_progress')", params: [] });
		const counted = await ctx.handle.db.execute(
			sql`select count(*)::int as n from (values ('open'), ('closed'), ('in_progress')) v(s) where s in ${fixedList(['open', 'in_progress'])}`
		);
		expect(rowsOf<{ n: number }>(counted)[0].n).toBe(2);
		expect(new PgDialect().sqlToQuery(sql`s = ${fixedName('sent')}`).sql).toBe("s = 'sent'");
		for (const wrong of ["o'pen", 'Open', 'open) or (true', '']) {
			expect(() => fixedList([wrong])).toThrow(RangeError);
			expect(() => fixedName(wrong)).toThrow(RangeError);
		}
	});

	it('lets PostgreSQL keep one plan, where under LIMIT $n it plans every execution again', async (test) => {
		// PGlite runs unnamed statements: nothing to count there
		if (!onServer()) test.skip();
		// one transaction, so one connection: prepared statements and their plan counts are per connection
		const counts = await asSystem(async (tx) => {
			for (let run = 0; run < 8; run++) {
				await newestOfBucket(tx, fixedLimit(25));
				await newestOfBucket(tx, 25);
			}
			return plansOf(tx, '%"limit_probe"%');
		});
		const fixed = counts.find((c) => c.statement.endsWith('limit 25'));
		const sent = counts.find((c) => /limit \$\d+$/.test(c.statement));
		expect(fixed?.generic).toBeGreaterThan(0);
		// (an earlier test may have run it once more on this connection)
		expect(sent?.generic).toBe(0);
		expect(sent?.custom).toBeGreaterThanOrEqual(8);
	});

	it('prepares a select without parameters too, so a list with every constant written keeps its plan', async (test) => {
		// the prepared statements of a server connection (PGlite runs one statement at a time, unnamed)
		if (!onServer()) test.skip();
		// several statements in one text without parameters still run (the simple protocol, as migrations need)
		await ctx.handle.db.execute(sql.raw('create temporary table several_probe (n int); drop table several_probe'));
		const counts = await asSystem(async (tx) => {
			for (let run = 0; run < 3; run++)
				await tx
					.select()
					.from(probe)
					.where(sql`${probe.bucket} = 9`)
					.orderBy(desc(probe.id))
					.limit(fixedLimit(5));
			return plansOf(tx, '%"limit_probe"%= 9%');
		});
		expect(counts).toHaveLength(1);
		expect(counts[0].generic).toBe(3);
	});
});
