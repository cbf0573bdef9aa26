/** Ids as one array parameter: one statement for any number of them. */
import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/support/database.ts';
import { rowsOf } from './client.ts';
import { inIds } from './id-list.ts';

const ctx = useTestDatabase();
const [a, b, c] = ['00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-00000000000b', '00000000-0000-4000-8000-00000000000c'];

describe('inIds', () => {
	it('sends the ids as one parameter, without duplicates, whatever their number', () => {
		const two = new PgDialect().sqlToQuery(inIds(sql`id`, [a, b, a]));
		const three = new PgDialect().sqlToQuery(inIds(sql`id`, [a, b, c]));
		expect(two).toMatchObject({ sql: 'id = any($1::uuid[])', params: [[a, b]] });
		expect(three.sql).toBe(two.sql);
	});

	it('matches the listed ids only, and none for an empty list', async () => {
		const matching = async (ids: string[]) =>
			rowsOf<{ id: string }>(
				await ctx.handle.db.execute(
					sql`select id::text from (values (${a}::uuid), (${b}::uuid), (${c}::uuid)) v(id) where ${inIds(sql`id`, ids)} order by id`
				)
			).map((row) => row.id);
		expect(await matching([c, a, c])).toEqual([a, c]);
		expect(await matching([])).toEqual([]);
	});
});
