import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/support/database.ts';
import { error } from '../../../../tests/support/errors.ts';
import { createStaff, createVendorUser, createWorkshop } from '../../../../tests/support/factories.ts';
import type { StaffActor } from '../auth/actor.ts';
import { brandSettings, repairJob, type RepairStatus } from '../db/schema/index.ts';
import { asSystem } from '../db/scope.ts';
import { OVERDUE_LISTED, getGoodsHeldByVendor, getRepairTurnaround } from './oversight.ts';

useTestDatabase();

let ops: StaffActor;
let sequence = 0;

beforeAll(async () => {
	ops = await createStaff('ops');
});

interface RepairRow {
	vendorId: string | null;
	status: RepairStatus;
	currency?: string;
	declaredValueMinor?: number;
	/** ISO date; the time of day is 15:00 UTC unless `assignedAt` is given */
	assignedOn?: string;
	assignedAt?: Date;
	shippedBackOn?: string;
}

/** Repairs go in directly: the repair services are written alongside this module. */
function insertRepairs(rows: RepairRow[]) {
	return asSystem((tx) =>
		tx
			.insert(repairJob)
			.values(
				rows.map((row) => ({
					number: `RJ-2031-${String(++sequence).padStart(4, '0')}`,
					vendorId: row.vendorId,
					status: row.status,
					customerName: 'A. Customer',
					description: 'Yellow metal ring, 1 white stone',
					intakeWeightMg: 3600,
					intakeStoneCount: 1,
					currency: row.currency ?? 'USD',
					declaredValueMinor: row.declaredValueMinor ?? 100_000,
					assignedAt: row.assignedAt ?? (row.assignedOn ? new Date(`${row.assignedOn}T15:00:00Z`) : null),
					shippedBackOn: row.shippedBackOn ?? null
				}))
			)
			.returning({ id: repairJob.id, number: repairJob.number })
	);
}

/** Intl puts a no-break space between a currency code and the amount. */
const words = (text: string) => text.replace(/\u00a0/g, ' ');

const setTurnaround = (days: number) =>
	asSystem((tx) => tx.update(brandSettings).set({ repairTurnaroundDays: days }).where(eq(brandSettings.id, 1)));

describe('getGoodsHeldByVendor', () => {
	it('sums the declared values held at each workshop per currency and compares them with its insurance limit', async () => {
		// insurance limits are in each workshop's own currency
		const siam = await createWorkshop(ops, { name: 'Siam Repair Bench', currency: 'THB', insuranceLimit: '1,000,000' });
		const ny = await createWorkshop(ops, { name: 'New York Bench', currency: 'USD', insuranceLimit: '50,000' });
		const uninsured = await createWorkshop(ops, { name: 'Uninsured Bench', currency: 'EUR', insuranceLimit: '' });
		const foreign = await createWorkshop(ops, { name: 'Foreign Bench', currency: 'THB', insuranceLimit: '500,000' });
		const quiet = await createWorkshop(ops, { name: 'Quiet Bench', currency: 'USD', insuranceLimit: '10,000' });

		await insertRepairs([
			{ vendorId: siam.vendorId, status: 'received', currency: 'THB', declaredValueMinor: 60_000_000 },
			{ vendorId: siam.vendorId, status: 'in_work', currency: 'THB', declaredValueMinor: 30_000_000 },
			// assigned: on its way to the workshop, already at the brand's risk there
			{ vendorId: siam.vendorId, status: 'assigned', currency: 'THB', declaredValueMinor: 20_000_000 },
			{ vendorId: siam.vendorId, status: 'done', currency: 'USD', declaredValueMinor: 100_000 },
			// no longer at the workshop
			{ vendorId: siam.vendorId, status: 'shipped_back', currency: 'THB', declaredValueMinor: 90_000_000 },
			{ vendorId: siam.vendorId, status: 'returned', currency: 'THB', declaredValueMinor: 90_000_000 },
			{ vendorId: siam.vendorId, status: 'closed', currency: 'THB', declaredValueMinor: 90_000_000 },
			{ vendorId: siam.vendorId, status: 'cancelled', currency: 'THB', declaredValueMinor: 90_000_000 },
			{ vendorId: null, status: 'intake', currency: 'THB', declaredValueMinor: 90_000_000 },
			{ vendorId: ny.vendorId, status: 'received', currency: 'USD', declaredValueMinor: 1_000_000 },
			{ vendorId: ny.vendorId, status: 'assigned', currency: 'USD', declaredValueMinor: 99 },
			{ vendorId: uninsured.vendorId, status: 'in_work', currency: 'EUR', declaredValueMinor: 250_000 },
			{ vendorId: uninsured.vendorId, status: 'in_work', currency: 'GBP', declaredValueMinor: 70_000 },
			{ vendorId: foreign.vendorId, status: 'received', currency: 'USD', declaredValueMinor: 500_000 },
			{ vendorId: foreign.vendorId, status: 'done', currency: 'USD', declaredValueMinor: 250_000 },
			{ vendorId: quiet.vendorId, status: 'closed', currency: 'USD', declaredValueMinor: 5_000_000 }
		]);

		const held = await getGoodsHeldByVendor(ops);
		// over the limit first, then the fullest; no limit last; a workshop holding nothing is not listed
		expect(held.map((h) => h.vendorName)).toEqual(['Siam Repair Bench', 'New York Bench', 'Foreign Bench', 'Uninsured Bench']);
		const [siamHeld, nyHeld, foreignHeld, uninsuredHeld] = held;

		expect(siamHeld).toMatchObject({
			vendorId: siam.vendorId,
			repairs: 4,
			onTheWay: 1,
			values: [
				{ currency: 'THB', declaredValueMinor: 110_000_000, repairs: 3 },
				{ currency: 'USD', declaredValueMinor: 100_000, repairs: 1 }
			],
			insuranceLimitMinor: 100_000_000,
			limitCurrency: 'THB',
			comparedMinor: 110_000_000,
			limitUsedPercent: 110,
			overLimit: true,
			otherCurrencies: true
		});
		expect(words(siamHeld.note)).toBe(
			'Over the insurance limit of THB 1,000,000.00 by THB 100,000.00. Values in USD are in another currency than the limit (THB): not compared.'
		);

		expect(nyHeld).toMatchObject({
			repairs: 2,
			onTheWay: 1,
			comparedMinor: 1_000_099,
			limitUsedPercent: 20,
			overLimit: false,
			otherCurrencies: false
		});
		expect(words(nyHeld.note)).toBe('20% of the insurance limit of $50,000.00.');

		expect(foreignHeld).toMatchObject({ repairs: 2, comparedMinor: 0, limitUsedPercent: 0, overLimit: false, otherCurrencies: true });
		expect(foreignHeld.values).toEqual([{ currency: 'USD', declaredValueMinor: 750_000, repairs: 2 }]);
		expect(words(foreignHeld.note)).toBe(
			'All declared values are in another currency than the insurance limit of THB 500,000.00: not compared.'
		);

		expect(uninsuredHeld).toMatchObject({ insuranceLimitMinor: null, limitUsedPercent: null, overLimit: false, otherCurrencies: true });
		expect(uninsuredHeld.values.map((v) => v.currency)).toEqual(['EUR', 'GBP']);
		expect(words(uninsuredHeld.note)).toBe(
			'No insurance limit is on file for this workshop. Values in GBP are in another currency than the limit (EUR): not compared.'
		);
	});

	it('is for the brand’s staff only', async () => {
		for (const role of ['admin', 'finance'] as const) expect(await getGoodsHeldByVendor(await createStaff(role))).not.toHaveLength(0);
		const workshop = await createWorkshop(ops);
		const vendorUser = await createVendorUser(workshop.vendorId, workshop.name);
		expect((await error(getGoodsHeldByVendor(vendorUser))).code).toBe('NotFound');
		expect((await error(getRepairTurnaround(vendorUser, { from: '2031-06-01', to: '2031-06-30' }))).code).toBe('NotFound');
	});
});

describe('getRepairTurnaround', () => {
	const period = { from: '2031-06-01', to: '2031-06-30', today: '2031-06-30' };

	it('measures the days from assignment to shipping back, and lists the open repairs past the target', async () => {
		const fast = await createWorkshop(ops, { name: 'Turnaround Bench A' });
		const late = await createWorkshop(ops, { name: 'Turnaround Bench B' });
		const idle = await createWorkshop(ops, { name: 'Turnaround Bench C' });

		await insertRepairs([
			// shipped back in June after 8, 14, 5 and 10 days (10 is still within the 10-day target)
			{ vendorId: fast.vendorId, status: 'shipped_back', assignedOn: '2031-05-25', shippedBackOn: '2031-06-02' },
			{ vendorId: fast.vendorId, status: 'returned', assignedOn: '2031-06-01', shippedBackOn: '2031-06-15' },
			{ vendorId: fast.vendorId, status: 'closed', assignedOn: '2031-06-05', shippedBackOn: '2031-06-10' },
			{ vendorId: fast.vendorId, status: 'closed', assignedAt: new Date('2031-06-10T23:30:00Z'), shippedBackOn: '2031-06-20' },
			// shipped back outside the period
			{ vendorId: fast.vendorId, status: 'closed', assignedOn: '2031-05-01', shippedBackOn: '2031-05-31' },
			{ vendorId: fast.vendorId, status: 'shipped_back', assignedOn: '2031-06-20', shippedBackOn: '2031-07-01' },
			{ vendorId: idle.vendorId, status: 'closed', assignedOn: '2031-04-01', shippedBackOn: '2031-04-20' }
		]);
		const overdue = await insertRepairs([
			// due 20 June: 10 days over on the 30th
			{ vendorId: late.vendorId, status: 'assigned', assignedOn: '2031-06-10' },
			// due 29 June: 1 day over
			{ vendorId: late.vendorId, status: 'done', assignedOn: '2031-06-19' },
			// due 25 June: 5 days over
			{ vendorId: fast.vendorId, status: 'in_work', assignedOn: '2031-06-15' }
		]);
		await insertRepairs([
			// due today: not overdue yet
			{ vendorId: late.vendorId, status: 'received', assignedOn: '2031-06-20' },
			// no longer open
			{ vendorId: late.vendorId, status: 'cancelled', assignedOn: '2031-01-01' },
			{ vendorId: late.vendorId, status: 'shipped_back', assignedOn: '2031-01-01', shippedBackOn: '2031-07-02' },
			{ vendorId: null, status: 'intake' }
		]);

		const report = await getRepairTurnaround(ops, period);
		expect(report).toMatchObject({ from: '2031-06-01', to: '2031-06-30', today: '2031-06-30', targetDays: 10 });
		expect(report.workshops.map((w) => w.vendorName)).toEqual(['Turnaround Bench A', 'Turnaround Bench B']);
		const [a, b] = report.workshops;
		expect(a).toMatchObject({
			vendorId: fast.vendorId,
			shippedBack: 4,
			averageDays: 9.3,
			p90Days: 14,
			withinTarget: 3,
			withinTargetPercent: 75,
			overdueCount: 1
		});
		expect(a.overdue).toEqual([
			{ id: overdue[2].id, number: overdue[2].number, status: 'in_work', assignedOn: '2031-06-15', dueOn: '2031-06-25', daysOver: 5 }
		]);
		expect(b).toMatchObject({
			shippedBack: 0,
			averageDays: null,
			p90Days: null,
			withinTarget: 0,
			withinTargetPercent: null,
			overdueCount: 2
		});
		expect(b.overdue.map((o) => [o.number, o.status, o.dueOn, o.daysOver])).toEqual([
			[overdue[0].number, 'assigned', '2031-06-20', 10],
			[overdue[1].number, 'done', '2031-06-29', 1]
		]);
		expect(report.overall).toEqual({
			shippedBack: 4,
			averageDays: 9.3,
			p90Days: 14,
			withinTarget: 3,
			withinTargetPercent: 75,
			overdueCount: 3
		});

		// the target is the brand's setting
		await setTurnaround(14);
		try {
			const relaxed = await getRepairTurnaround(ops, period);
			expect(relaxed.targetDays).toBe(14);
			expect(relaxed.overall).toMatchObject({ withinTarget: 4, withinTargetPercent: 100, overdueCount: 2 });
			expect(relaxed.workshops.map((w) => [w.vendorName, w.overdue.map((o) => o.daysOver)])).toEqual([
				['Turnaround Bench A', [1]],
				['Turnaround Bench B', [6]]
			]);
		} finally {
			await setTurnaround(10);
		}

		const empty = await getRepairTurnaround(ops, { from: '2030-01-01', to: '2030-01-31', today: '2030-02-01' });
		expect(empty.workshops).toEqual([]);
		expect(empty.overall).toEqual({
			shippedBack: 0,
			averageDays: null,
			p90Days: null,
			withinTarget: 0,
			withinTargetPercent: null,
			overdueCount: 0
		});
	});

	it('refuses a period that is not one', async () => {
		const backwards = await error(getRepairTurnaround(ops, { from: '2031-06-30', to: '2031-06-01' }));
		expect(backwards.code).toBe('Invalid');
		expect(backwards.fields).toEqual({ to: 'The end of the period must not be before its start.' });
		expect((await error(getRepairTurnaround(ops, { from: '30/06/2031', to: '2031-02-30' }))).fields).toEqual({
			from: 'Enter the start of the period as a date like 2026-01-31.',
			to: 'Enter the end of the period as a date like 2026-12-31.'
		});
	});
});

describe('at 30,000 repairs', () => {
	it('answers both questions quickly and lists at most the first overdue repairs of a workshop', async () => {
		const workshops = await Promise.all([1, 2, 3, 4, 5].map((n) => createWorkshop(ops, { name: `Busy Bench ${n}` })));
		const ids = sql.join(
			workshops.map((w) => sql`${w.vendorId}::uuid`),
			sql`, `
		);
		// statuses cycle through every state; a third of the open ones are overdue as of 2031-12-31
		await asSystem((tx) =>
			tx.execute(sql`
				insert into repair_job (number, vendor_id, status, customer_name, description, intake_weight_mg, currency,
					declared_value_minor, assigned_at, shipped_back_on)
				select 'RJ-2030-' || lpad(n::text, 5, '0'),
					(array[${ids}])[1 + n % 5],
					(array['assigned','received','in_work','done','shipped_back','returned','closed','cancelled'])[1 + n % 8],
					'Customer ' || n, 'Yellow metal ring', 3000 + n % 500, case when n % 7 = 0 then 'EUR' else 'USD' end,
					10000 + n, timestamp with time zone '2031-01-01 12:00+00' + (n % 340) * interval '1 day',
					case when n % 8 >= 4 then date '2031-01-01' + (n % 340) + n % 20 end
				from generate_series(1, 30000) n`)
		);
		const started = performance.now();
		const held = await getGoodsHeldByVendor(ops);
		const heldMs = performance.now() - started;
		const again = performance.now();
		const report = await getRepairTurnaround(ops, { from: '2031-01-01', to: '2031-12-31', today: '2031-12-31' });
		const turnaroundMs = performance.now() - again;
		console.log(`repair oversight at 30,000 repairs: goods held ${heldMs.toFixed(1)} ms, turnaround ${turnaroundMs.toFixed(1)} ms`);

		const busy = held.filter((h) => h.vendorName.startsWith('Busy Bench'));
		expect(busy).toHaveLength(5);
		expect(busy.reduce((sum, h) => sum + h.repairs, 0)).toBe(15000);
		const busyTurnaround = report.workshops.filter((w) => w.vendorName.startsWith('Busy Bench'));
		expect(busyTurnaround.reduce((sum, w) => sum + w.shippedBack, 0)).toBe(15000);
		for (const workshop of busyTurnaround) {
			expect(workshop.overdueCount).toBeGreaterThan(OVERDUE_LISTED);
			expect(workshop.overdue).toHaveLength(OVERDUE_LISTED);
			const daysOver = workshop.overdue.map((o) => o.daysOver);
			expect(daysOver).toEqual([...daysOver].sort((x, y) => y - x));
		}
		expect(heldMs).toBeLessThan(2000);
		expect(turnaroundMs).toBeLessThan(2000);
	});
});
