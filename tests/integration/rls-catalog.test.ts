/**
 * The catalog, not a list kept by hand: every table in `public` that holds a workshop's rows must
 * have row-level security enabled AND forced, so a table added later without it fails here.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.ts';

const context = useTestDatabase();

type Executor = Pick<typeof context.handle.db, 'execute'>;

async function rows<T>(query: ReturnType<typeof sql>, db: Executor = context.handle.db): Promise<T[]> {
	const result = (await db.execute(query)) as unknown as { rows?: T[] } | T[];
	return Array.isArray(result) ? result : (result.rows ?? []);
}

interface TableRow {
	table: string;
	rls: boolean;
	forced: boolean;
	has_vendor_id: boolean;
	vendor_can_select: boolean;
	vendor_policies: number;
}

const tables = (db?: Executor) =>
	rows<TableRow>(
		sql`
		select c.relname as table,
			c.relrowsecurity as rls,
			c.relforcerowsecurity as forced,
			exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'vendor_id' and not a.attisdropped) as has_vendor_id,
			has_table_privilege('bezel_vendor', c.oid, 'select') as vendor_can_select,
			(select count(*)::int from pg_policy p where p.polrelid = c.oid and 'bezel_vendor'::regrole = any(p.polroles)) as vendor_policies
		from pg_class c
		join pg_namespace n on n.oid = c.relnamespace
		where n.nspname = 'public' and c.relkind in ('r', 'p')
		order by c.relname`,
		db
	);

describe('row-level security catalog', () => {
	it('enables and forces RLS on every table with a vendor_id column, and on vendor', async () => {
		const all = await tables();
		const tenantTables = all.filter((t) => t.has_vendor_id || t.table === 'vendor');
		// the query really finds the tenant tables (it must not pass by finding nothing)
		expect(tenantTables.map((t) => t.table)).toEqual(
			expect.arrayContaining(['audit_event', 'invitation', 'membership', 'stored_file', 'vendor', 'vendor_contact', 'vendor_document'])
		);
		const unprotected = tenantTables.filter((t) => !t.rls || !t.forced).map((t) => t.table);
		expect(unprotected, 'tables with vendor_id but without enabled and forced RLS').toEqual([]);
	});

	it('notices a new table with vendor_id that forgets RLS (checked in a transaction that is rolled back)', async () => {
		const rollback = new Error('rollback');
		let flagged: string[] = [];
		await context.handle.db
			.transaction(async (tx) => {
				await tx.execute(sql`create table rls_canary (id int primary key, vendor_id uuid)`);
				flagged = (await tables(tx)).filter((t) => t.has_vendor_id && !(t.rls && t.forced)).map((t) => t.table);
				throw rollback;
			})
			.catch((error) => {
				if (error !== rollback) throw error;
			});
		expect(flagged).toEqual(['rls_canary']);
		expect((await tables()).map((t) => t.table)).not.toContain('rls_canary');
	});

	it('gives the vendor role a policy on every tenant table it may read', async () => {
		const missing = (await tables()).filter(
			(t) => (t.has_vendor_id || t.table === 'vendor') && t.vendor_can_select && t.vendor_policies === 0
		);
		expect(missing.map((t) => t.table)).toEqual([]);
	});

	it('lets the vendor role read no table that lacks forced RLS', async () => {
		const readable = (await tables()).filter((t) => t.vendor_can_select && !(t.rls && t.forced)).map((t) => t.table);
		expect(readable, 'tables bezel_vendor can SELECT without row-level security').toEqual([]);
	});

	it('switches to roles that neither own the tables nor bypass RLS', async () => {
		const roles = await rows<{ rolname: string; rolsuper: boolean; rolbypassrls: boolean; rolcanlogin: boolean }>(
			sql`select rolname, rolsuper, rolbypassrls, rolcanlogin from pg_roles where rolname in ('bezel_staff', 'bezel_vendor') order by rolname`
		);
		expect(roles).toEqual([
			{ rolname: 'bezel_staff', rolsuper: false, rolbypassrls: false, rolcanlogin: false },
			{ rolname: 'bezel_vendor', rolsuper: false, rolbypassrls: false, rolcanlogin: false }
		]);
		const owned = await rows<{ relname: string }>(sql`
			select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
			where n.nspname = 'public' and pg_get_userbyid(c.relowner) in ('bezel_staff', 'bezel_vendor')`);
		expect(owned).toEqual([]);
	});
});
