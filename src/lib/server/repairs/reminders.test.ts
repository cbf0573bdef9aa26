import { eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/support/database.ts';
import { createStaff, createVendorUser, createWorkshop, mailsTo } from '../../../../tests/support/factories.ts';
import { appUser, brandSettings, outboxMessage, repairJob, type RepairStatus } from '../db/schema/index.ts';
import { asSystem } from '../db/scope.ts';
import { jobHandlers } from '../jobs/catalog.ts';
import { REPAIR_REMINDER_JOB, remindOverdueRepairs } from './reminders.ts';

useTestDatabase();

let sequence = 0;

/** Repairs go in directly: the repair services are written alongside this module. */
async function insertRepair(vendorId: string | null, status: RepairStatus, assignedOn: string | null) {
	const [row] = await asSystem((tx) =>
		tx
			.insert(repairJob)
			.values({
				number: `RJ-2031-${String(++sequence).padStart(4, '0')}`,
				vendorId,
				status,
				customerName: 'A. Customer',
				description: 'Yellow metal ring, 1 white stone',
				intakeWeightMg: 3600,
				currency: 'USD',
				declaredValueMinor: 100_000,
				assignedAt: assignedOn ? new Date(`${assignedOn}T09:00:00Z`) : null
			})
			.returning({ id: repairJob.id, number: repairJob.number })
	);
	return row;
}

const remind = (day: string) => asSystem((tx) => remindOverdueRepairs(tx, day));
const repairTopics = ['repair-overdue-reminder', 'repair-overdue-digest'];
const repairMails = () => asSystem((tx) => tx.select().from(outboxMessage).where(inArray(outboxMessage.topic, repairTopics)));

describe('remindOverdueRepairs', () => {
	let workshopA: { vendorId: string; name: string };
	let workshopB: { vendorId: string; name: string };
	let workshopC: { vendorId: string; name: string };

	beforeAll(async () => {
		const ops = await createStaff('ops');
		workshopA = await createWorkshop(ops, { name: 'Atelier Reminder A' });
		workshopB = await createWorkshop(ops, { name: 'Bench Reminder B' });
		workshopC = await createWorkshop(ops, { name: 'Calm Reminder C' });
	});

	it('mails each workshop its own overdue repairs, ops a digest of all of them, and remembers the day', async () => {
		const ops = await createStaff('ops');
		const admin = await createStaff('admin');
		const finance = await createStaff('finance');
		const gone = await createStaff('ops');
		const bossA = await createVendorUser(workshopA.vendorId, workshopA.name, 'vendor_admin');
		const memberA = await createVendorUser(workshopA.vendorId, workshopA.name, 'vendor_member');
		const disabledA = await createVendorUser(workshopA.vendorId, workshopA.name, 'vendor_member');
		const invitedA = await createVendorUser(workshopA.vendorId, workshopA.name, 'vendor_member');
		const bossB = await createVendorUser(workshopB.vendorId, workshopB.name, 'vendor_admin');
		const bossC = await createVendorUser(workshopC.vendorId, workshopC.name, 'vendor_admin');
		await asSystem(async (tx) => {
			await tx
				.update(appUser)
				.set({ status: 'disabled' })
				.where(inArray(appUser.id, [disabledA.userId, gone.userId]));
			await tx.update(appUser).set({ passwordHash: null }).where(eq(appUser.id, invitedA.userId));
		});

		// the turnaround is 10 days (the default); the day is 15 June
		const fourOver = await insertRepair(workshopA.vendorId, 'assigned', '2031-06-01');
		const oneOver = await insertRepair(workshopA.vendorId, 'in_work', '2031-06-04');
		const dueToday = await insertRepair(workshopA.vendorId, 'received', '2031-06-05');
		const sixteenOver = await insertRepair(workshopB.vendorId, 'done', '2031-05-20');
		await insertRepair(workshopA.vendorId, 'shipped_back', '2031-05-01');
		await insertRepair(workshopA.vendorId, 'closed', '2031-05-01');
		await insertRepair(workshopB.vendorId, 'cancelled', '2031-05-01');
		await insertRepair(workshopC.vendorId, 'assigned', '2031-06-10');
		await insertRepair(null, 'intake', null);

		// three ops and admin people: the two here and the one who created the workshops
		expect(await remind('2031-06-15')).toEqual({ repairs: 3, workshopMails: 3, digests: 3 });

		const [toBossA] = await mailsTo(bossA.email, 'repair-overdue-reminder');
		expect(toBossA.subject).toBe('Reminder: 2 repairs are past the 10-day turnaround');
		expect(toBossA.link).toBe('http://bezel.test/workshop/repairs');
		expect(toBossA.textBody).toContain(`${fourOver.number} — 4 days past the 10-day turnaround`);
		expect(toBossA.textBody).toContain(`${oneOver.number} — 1 day past the 10-day turnaround`);
		// the most overdue first
		expect(toBossA.textBody.indexOf(fourOver.number)).toBeLessThan(toBossA.textBody.indexOf(oneOver.number));
		expect(toBossA.textBody).toContain('Atelier Reminder A');
		// nothing of another workshop, nothing not yet due
		expect(toBossA.textBody).not.toContain(sixteenOver.number);
		expect(toBossA.textBody).not.toContain(dueToday.number);
		expect(await mailsTo(memberA.email, 'repair-overdue-reminder')).toHaveLength(1);
		expect(await mailsTo(disabledA.email)).toHaveLength(0);
		expect(await mailsTo(invitedA.email)).toHaveLength(0);
		expect(await mailsTo(bossC.email)).toHaveLength(0);

		const [toBossB] = await mailsTo(bossB.email, 'repair-overdue-reminder');
		expect(toBossB.subject).toBe(`Reminder: ${sixteenOver.number} is past the 10-day turnaround`);
		expect(toBossB.textBody).toContain(`${sixteenOver.number} — 16 days past the 10-day turnaround`);
		expect(toBossB.textBody).not.toContain(fourOver.number);

		for (const person of [ops, admin]) {
			const [digest] = await mailsTo(person.email, 'repair-overdue-digest');
			expect(digest.subject).toBe('3 repairs past the 10-day turnaround');
			expect(digest.link).toBe('http://bezel.test/repairs');
			expect(digest.textBody).toContain('3 repairs at 2 workshops are past the 10-day turnaround.');
			expect(digest.textBody).toContain('Atelier Reminder A — 2 repairs:');
			expect(digest.textBody).toContain('Bench Reminder B — 1 repair:');
			for (const repair of [fourOver, oneOver, sixteenOver]) expect(digest.textBody).toContain(repair.number);
		}
		expect(await mailsTo(finance.email)).toHaveLength(0);
		expect(await mailsTo(gone.email)).toHaveLength(0);

		const reminded = await asSystem((tx) =>
			tx.select({ number: repairJob.number, lastReminderOn: repairJob.lastReminderOn, version: repairJob.version }).from(repairJob)
		);
		expect(
			reminded
				.filter((r) => r.lastReminderOn !== null)
				.map((r) => r.number)
				.sort()
		).toEqual([fourOver.number, oneOver.number, sixteenOver.number].sort());
		expect(reminded.every((r) => r.version === 1 && (r.lastReminderOn === null || r.lastReminderOn === '2031-06-15'))).toBe(true);
	});

	it('reminds a repair at most once every three days, and follows the turnaround setting', async () => {
		// run again the same day (a retried job): nothing new
		expect(await remind('2031-06-15')).toEqual({ repairs: 0, workshopMails: 0, digests: 0 });
		// the next day only the repair that has just become overdue
		const next = await remind('2031-06-16');
		expect(next.repairs).toBe(1);
		expect(await remind('2031-06-17')).toMatchObject({ repairs: 0 });
		// three days on, the first ones again, now further over
		expect(await remind('2031-06-18')).toMatchObject({ repairs: 3 });
		const mails = await repairMails();
		expect(mails.some((m) => m.textBody.includes('7 days past the 10-day turnaround'))).toBe(true);
		expect(mails.some((m) => m.textBody.includes('19 days past the 10-day turnaround'))).toBe(true);

		await asSystem((tx) => tx.update(brandSettings).set({ repairTurnaroundDays: 30 }).where(eq(brandSettings.id, 1)));
		try {
			// on a 30-day target only workshop B's repair (assigned 20 May) is late on 21 June, by 2 days
			expect(await remind('2031-06-21')).toEqual({ repairs: 1, workshopMails: 1, digests: 3 });
			const latest = (await repairMails()).filter((m) => m.textBody.includes('30-day turnaround'));
			expect(latest).toHaveLength(4);
			expect(latest.every((m) => m.textBody.includes('2 days past the 30-day turnaround'))).toBe(true);
		} finally {
			await asSystem((tx) => tx.update(brandSettings).set({ repairTurnaroundDays: 10 }).where(eq(brandSettings.id, 1)));
		}
	});

	it('runs as a daily background job for the day it is scheduled', async () => {
		const late = await insertRepair(workshopC.vendorId, 'received', '2031-08-01');
		await jobHandlers[REPAIR_REMINDER_JOB]({ day: '2031-08-20' });
		const [row] = await asSystem((tx) =>
			tx.select({ lastReminderOn: repairJob.lastReminderOn }).from(repairJob).where(eq(repairJob.id, late.id))
		);
		expect(row.lastReminderOn).toBe('2031-08-20');
		const mails = (await repairMails()).filter((m) => m.textBody.includes(`${late.number} — 9 days past the 10-day turnaround`));
		// workshop C's admin and the digest of each ops and admin person
		expect(mails.map((m) => m.topic).sort()).toEqual([
			'repair-overdue-digest',
			'repair-overdue-digest',
			'repair-overdue-digest',
			'repair-overdue-reminder'
		]);
	});
});
