/**
 * A page view's services share one scoped transaction on PostgreSQL (shareRequestTransaction);
 * each keeps its own on PGlite. Either way every query runs under the role and tenant of its scope.
 */
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/support/database.ts';
import { rowsOf } from './client.ts';
import { inScope, shareRequestTransaction, type DbScope, type Tx } from './scope.ts';

const ctx = useTestDatabase();
const vendorA: DbScope = {
	kind: 'vendor',
	vendorId: '00000000-0000-4000-8000-00000000000a',
	userId: '00000000-0000-4000-8000-0000000000a1'
};
const staff: DbScope = { kind: 'staff', userId: '00000000-0000-4000-8000-0000000000b1' };

interface Seen {
	txid: string;
	role: string;
	vendor: string;
}

const whoAmI = (tx: Tx) =>
	tx
		.execute(sql`select txid_current()::text as txid, current_user as role, current_setting('app.vendor_id', true) as vendor`)
		.then((result) => rowsOf<Seen>(result)[0]);

const onServer = () => ctx.handle.kind === 'postgres';

describe('shareRequestTransaction', () => {
	beforeAll(async () => {
		await ctx.handle.db.execute(sql`create table scope_probe (n int not null)`);
		await ctx.handle.db.execute(sql`grant select, insert on scope_probe to bezel_staff`);
	});

	it('runs every query under its own scope, shared or not', async () => {
		const [vendorSeen, staffSeen] = await shareRequestTransaction(vendorA, () =>
			Promise.all([inScope(vendorA, whoAmI), inScope(staff, whoAmI)])
		);
		expect(vendorSeen.role).toBe('bezel_vendor');
		expect(vendorSeen.vendor).toBe(vendorA.kind === 'vendor' ? vendorA.vendorId : '');
		expect(staffSeen.role).toBe('bezel_staff');
		expect(staffSeen.vendor).toBe('');
		expect(staffSeen.txid).not.toBe(vendorSeen.txid);
	});

	it('gives the services of one page view one transaction on PostgreSQL, and one each elsewhere', async () => {
		const inside = await shareRequestTransaction(vendorA, async () => {
			const first = await inScope(vendorA, whoAmI);
			const second = await inScope(vendorA, whoAmI);
			return [first, second];
		});
		const outside = [await inScope(vendorA, whoAmI), await inScope(vendorA, whoAmI)];
		expect(outside[0].txid).not.toBe(outside[1].txid);
		if (onServer()) expect(inside[0].txid).toBe(inside[1].txid);
		else expect(inside[0].txid).not.toBe(inside[1].txid);
	});

	it('shares only the viewer’s scope: other work, even first, keeps transactions of its own', async () => {
		const seen = await shareRequestTransaction(vendorA, async () => {
			const system = await inScope(staff, whoAmI);
			const first = await inScope(vendorA, whoAmI);
			const second = await inScope(vendorA, whoAmI);
			return { system, first, second };
		});
		expect(seen.system.role).toBe('bezel_staff');
		expect(seen.first.role).toBe('bezel_vendor');
		expect(seen.system.txid).not.toBe(seen.first.txid);
		if (onServer()) expect(seen.second.txid).toBe(seen.first.txid);
	});

	it('commits what the page view wrote when it is drawn', async () => {
		await shareRequestTransaction(staff, async () => {
			await inScope(staff, (tx) => tx.execute(sql`insert into scope_probe (n) values (1)`));
			await inScope(staff, whoAmI);
		});
		const [row] = rowsOf<{ n: number }>(await ctx.handle.db.execute(sql`select count(*)::int as n from scope_probe where n = 1`));
		expect(row.n).toBe(1);
	});

	it('after a failed statement, later services of the page view run in transactions of their own', async () => {
		const result = await shareRequestTransaction(staff, async () => {
			const first = await inScope(staff, whoAmI);
			await expect(inScope(staff, (tx) => tx.execute(sql`select 1 / 0`))).rejects.toThrow();
			const after = await inScope(staff, whoAmI);
			return { first, after };
		});
		expect(result.after.role).toBe('bezel_staff');
		expect(result.after.txid).not.toBe(result.first.txid);
		// the pool is whole again: no connection was left inside an aborted transaction
		const stuck = await ctx.handle.db.execute(
			sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'`
		);
		if (onServer()) expect(rowsOf<{ n: number }>(stuck)[0].n).toBe(0);
	});

	it('answers the page view even when nothing was read', async () => {
		await expect(shareRequestTransaction(staff, async () => 'drawn')).resolves.toBe('drawn');
	});
});
