/**
 * "Overdue at the workshop" at its edges: the list filter, the row's flag, the home counts and the due
 * day the list shows must agree to the millisecond around UTC midnight, on both sides.
 */
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/support/database.ts';
import { createRepairJob, createRepairWorkshop, createStaff, createVendorUser, isoDateIn } from '../../../../tests/support/factories.ts';
import type { StaffActor, VendorActor } from '../auth/actor.ts';
import { repairJob } from '../db/schema/index.ts';
import { asSystem } from '../db/scope.ts';
import { getRepairCounts, getRepairSettings } from './actions.ts';
import {
	assignRepair,
	listRepairs,
	listWorkshopRepairs,
	markDone,
	markReceived,
	shipBack,
	startWork,
	submitEstimate,
	decideEstimate
} from './service.ts';

useTestDatabase();

const DAY = 86_400_000;
let ops: StaffActor;
let shop: { vendorId: string; admin: VendorActor };
/** repair id → whether it must count as overdue */
const expected = new Map<string, boolean>();

async function assignedAt(at: Date, status: 'assigned' | 'shipped_back' = 'assigned'): Promise<string> {
	const { repairId } = await createRepairJob(ops, { customerName: `Edge ${at.toISOString()}`, declaredValue: '100' });
	await assignRepair(ops, repairId, { vendorId: shop.vendorId, version: 1 });
	if (status === 'shipped_back') {
		await markReceived(shop.admin, repairId);
		const { estimateId } = await submitEstimate(shop.admin, repairId, { lines: [{ description: 'Polish', price: '20' }], days: 1 });
		await decideEstimate(ops, estimateId, { decision: 'approve', customerDecision: 'Phone' });
		await startWork(shop.admin, repairId);
		await markDone(shop.admin, repairId);
		await shipBack(shop.admin, repairId, { carrier: 'DHL', trackingNumber: 'EDGE1', shippedOn: isoDateIn(0) });
	}
	await asSystem((tx) => tx.update(repairJob).set({ assignedAt: at }).where(eq(repairJob.id, repairId)));
	return repairId;
}

beforeAll(async () => {
	ops = await createStaff('ops');
	const workshop = await createRepairWorkshop(ops, { name: 'Edgeways Repairs' });
	shop = { vendorId: workshop.vendorId, admin: await createVendorUser(workshop.vendorId, workshop.name) };
	const { turnaroundDays } = await getRepairSettings(ops);
	// overdue once the assigned day + the turnaround is before today (UTC): assigned before this instant
	const todayUtc = new Date(`${isoDateIn(0)}T00:00:00Z`).getTime();
	const cutoff = todayUtc - turnaroundDays * DAY;
	for (const [at, overdue] of [
		[cutoff - 1, true],
		[cutoff, false],
		[cutoff + 1, false],
		[cutoff - DAY, true],
		[cutoff + DAY - 1, false]
	] as const) {
		expected.set(await assignedAt(new Date(at)), overdue);
	}
	// back from the workshop: never overdue, however long ago it was given out
	expected.set(await assignedAt(new Date(cutoff - 30 * DAY), 'shipped_back'), false);
});

const overdueIds = () => [...expected].filter(([, overdue]) => overdue).map(([id]) => id);

describe('overdue at the workshop', () => {
	it('is the same in the filter, the row flag and the due day shown, around midnight', async () => {
		const filtered = await listRepairs(ops, { overdue: true });
		expect(filtered.rows.map((row) => row.id).sort()).toEqual(overdueIds().sort());

		const all = await listRepairs(ops, { status: 'all' });
		const today = isoDateIn(0);
		for (const row of all.rows) {
			expect({ id: row.id, overdue: row.overdue }).toEqual({ id: row.id, overdue: expected.get(row.id) });
			if (row.status === 'assigned') expect(row.overdue).toBe(row.dueBack !== null && row.dueBack < today);
		}
	});

	it('counts the same on the home page and in the workshop’s own list', async () => {
		expect((await getRepairCounts(ops)).overdue).toBe(overdueIds().length);
		const theirs = await listWorkshopRepairs(shop.admin, { overdue: true });
		expect(theirs.rows.map((row) => row.id).sort()).toEqual(overdueIds().sort());
	});
});
