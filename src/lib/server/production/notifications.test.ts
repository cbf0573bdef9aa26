/**
 * Production e-mail on a real database: the workshops' morning reminders (due tomorrow and overdue,
 * their own workshop only, the person's choice honoured), ops' digest of jobs that became at risk,
 * the daily job's once-a-day run, and the e-mail choices themselves.
 */
import { refreshJobForecasts } from '#lib/server/production/jobs.ts';
import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/support/database.ts';
import {
	createPurchaseOrderDraft,
	createStaff,
	createVendorUser,
	createWorkshop,
	isoDateIn,
	mailsTo,
	purchaseOrderLineForm
} from '../../../../tests/support/factories.ts';
import { shiftDate } from '#lib/domain/production/forecast.ts';
import { todayIso } from '#lib/domain/purchase-orders/schemas.ts';
import { formatDate } from '#lib/format/dates.ts';
import type { StaffActor, VendorActor } from '../auth/actor.ts';
import { appUser, auditEvent, backgroundJob, jobMilestone, productionJob, purchaseOrder, purchaseOrderLine } from '../db/schema/index.ts';
import { asSystem } from '../db/scope.ts';
import { jobHandlers } from '../jobs/catalog.ts';
import { enqueueJob, runDueJobs } from '../jobs/runner.ts';
import { acknowledgePurchaseOrder, sendPurchaseOrder } from '../purchase-orders/service.ts';
import {
	getNotificationPreferences,
	PRODUCTION_DAILY_JOB,
	reforecastOpenJobs,
	remindMilestonesDue,
	saveNotificationPreferences,
	sendAtRiskDigest
} from './notifications.ts';

useTestDatabase();

interface Shop {
	vendorId: string;
	name: string;
	admin: VendorActor;
	member: VendorActor;
}

let ops: StaffActor;
let admin: StaffActor;
let finance: StaffActor;
const day = todayIso();

async function workshopWithPeople(name?: string): Promise<Shop> {
	const workshop = await createWorkshop(ops, name ? { name } : {});
	return {
		...workshop,
		admin: await createVendorUser(workshop.vendorId, workshop.name, 'vendor_admin'),
		member: await createVendorUser(workshop.vendorId, workshop.name, 'vendor_member')
	};
}

/** A PO sent to the shop and acknowledged for every line: acknowledging makes the job bags. */
async function acknowledgedPo(shop: Shop, lines = [purchaseOrderLineForm()]) {
	const { poId, number } = await createPurchaseOrderDraft(ops, shop.vendorId, { lines });
	await sendPurchaseOrder(ops, poId, { version: 1 });
	const [po] = await asSystem((tx) => tx.select().from(purchaseOrder).where(eq(purchaseOrder.id, poId)));
	const poLines = await asSystem((tx) => tx.select().from(purchaseOrderLine).where(eq(purchaseOrderLine.purchaseOrderId, poId)));
	await acknowledgePurchaseOrder(shop.admin, poId, {
		revision: po.revision,
		lines: poLines.map((l) => ({ lineId: l.id, answer: 'acknowledge' as const, promisedDate: isoDateIn(40) }))
	});
	const jobs = await asSystem((tx) =>
		tx.select().from(productionJob).where(eq(productionJob.purchaseOrderId, poId)).orderBy(asc(productionJob.number))
	);
	return { poId, number, jobs };
}

/** Moves one stage of a job to a planned finish (and state) the test needs. */
async function setStage(jobId: string, position: number, values: { plannedFinish: string; status?: 'pending' | 'in_progress' | 'done' }) {
	const [stage] = await asSystem((tx) =>
		tx
			.update(jobMilestone)
			.set({ plannedFinish: values.plannedFinish, plannedStart: shiftDate(values.plannedFinish, -1), status: values.status ?? 'pending' })
			.where(and(eq(jobMilestone.jobId, jobId), eq(jobMilestone.position, position)))
			.returning({ name: jobMilestone.name })
	);
	return stage.name;
}

const jobRow = async (jobId: string) => (await asSystem((tx) => tx.select().from(productionJob).where(eq(productionJob.id, jobId))))[0];

beforeAll(async () => {
	[ops, admin, finance] = [await createStaff('ops'), await createStaff('admin'), await createStaff('finance')];
});

describe('e-mail choices', () => {
	it('offers workshop people the reminders and ops and admins the digest, on by default, and saves them under their own scope', async () => {
		const shop = await workshopWithPeople();
		expect(await getNotificationPreferences(shop.member)).toEqual({
			choices: ['milestoneReminders'],
			milestoneReminders: true,
			atRiskDigest: true
		});
		expect((await getNotificationPreferences(ops)).choices).toEqual(['atRiskDigest']);
		expect((await getNotificationPreferences(admin)).choices).toEqual(['atRiskDigest']);
		expect((await getNotificationPreferences(finance)).choices).toEqual([]);

		const saved = await saveNotificationPreferences(shop.member, { milestoneReminders: false, atRiskDigest: false });
		// the digest is not the member's to choose: it stays as it was
		expect(saved).toMatchObject({ milestoneReminders: false, atRiskDigest: true });
		expect(await getNotificationPreferences(shop.member)).toMatchObject({ milestoneReminders: false, atRiskDigest: true });
		// saving again updates the same row
		expect(await saveNotificationPreferences(shop.member, { milestoneReminders: true })).toMatchObject({ milestoneReminders: true });
		expect(await getNotificationPreferences(shop.admin)).toMatchObject({ milestoneReminders: true });

		const opsSaved = await saveNotificationPreferences(ops, { milestoneReminders: false, atRiskDigest: false });
		expect(opsSaved).toMatchObject({ milestoneReminders: true, atRiskDigest: false });
		await saveNotificationPreferences(ops, { atRiskDigest: true });

		const audits = await asSystem((tx) =>
			tx
				.select()
				.from(auditEvent)
				.where(and(eq(auditEvent.entityId, shop.member.userId), eq(auditEvent.action, 'notifications.saved')))
		);
		expect(audits.map((a) => a.summary)).toContain('E-mail choices saved (E-mail me milestones due tomorrow and overdue: off)');
	});
});

describe('workshop reminders', () => {
	let shopA: Shop;
	let shopB: Shop;
	let quiet: Shop;
	let jobA: { number: string; poNumber: string };
	let jobB: { number: string };
	let stages: { overdue: string; tomorrow: string; today: string; done: string };

	beforeAll(async () => {
		[shopA, shopB, quiet] = [await workshopWithPeople(), await workshopWithPeople(), await workshopWithPeople()];
		const a = await acknowledgedPo(shopA);
		const job = a.jobs[0];
		jobA = job;
		stages = {
			done: await setStage(job.id, 0, { plannedFinish: shiftDate(day, -5), status: 'done' }),
			overdue: await setStage(job.id, 1, { plannedFinish: shiftDate(day, -2), status: 'in_progress' }),
			today: await setStage(job.id, 2, { plannedFinish: day }),
			tomorrow: await setStage(job.id, 3, { plannedFinish: shiftDate(day, 1) })
		};
		const b = await acknowledgedPo(shopB);
		jobB = b.jobs[0];
		await setStage(b.jobs[0].id, 0, { plannedFinish: shiftDate(day, -1) });
		await acknowledgedPo(quiet);
		await saveNotificationPreferences(shopA.member, { milestoneReminders: false });
		await asSystem((tx) => remindMilestonesDue(tx, day));
	});

	it('sends each workshop person one message with their stages due tomorrow and overdue, and a link to their jobs', async () => {
		const [mail, ...more] = await mailsTo(shopA.admin.email, 'production-reminder');
		expect(more).toEqual([]);
		expect(mail.subject).toBe('Production: 1 stage due tomorrow and 1 overdue');
		expect(mail.link).toBe('http://bezel.test/workshop/jobs');
		expect(mail.textBody).toContain(`Due tomorrow, ${formatDate(shiftDate(day, 1))}:`);
		expect(mail.textBody).toContain(
			`${jobA.number} (${jobA.poNumber}) — ${stages.tomorrow}, planned to finish ${formatDate(shiftDate(day, 1))}`
		);
		expect(mail.textBody).toContain(
			`${jobA.number} (${jobA.poNumber}) — ${stages.overdue}, planned to finish ${formatDate(shiftDate(day, -2))}, 2 days overdue`
		);
		// due today is neither tomorrow nor late; a finished stage is never a reminder
		expect(mail.textBody).not.toContain(`— ${stages.today},`);
		expect(mail.textBody).not.toContain(`— ${stages.done},`);
	});

	it('lists only the workshop’s own stages', async () => {
		const [mailA] = await mailsTo(shopA.admin.email, 'production-reminder');
		expect(mailA.textBody).not.toContain(jobB.number);
		const [mailB, ...more] = await mailsTo(shopB.admin.email, 'production-reminder');
		expect(more).toEqual([]);
		expect(mailB.subject).toBe('Production: 1 overdue');
		expect(mailB.textBody).toContain(`${jobB.number}`);
		expect(mailB.textBody).toContain('1 day overdue');
		expect(mailB.textBody).not.toContain(jobA.number);
		expect(mailB.textBody).not.toContain('Due tomorrow');
		expect(await mailsTo(shopB.member.email, 'production-reminder')).toHaveLength(1);
	});

	it('honours the person’s choice, sends nothing when nothing is due, and nothing to staff or disabled people', async () => {
		expect(await mailsTo(shopA.member.email, 'production-reminder')).toEqual([]);
		expect(await mailsTo(quiet.admin.email, 'production-reminder')).toEqual([]);
		expect(await mailsTo(ops.email, 'production-reminder')).toEqual([]);

		await asSystem((tx) => tx.update(appUser).set({ status: 'disabled' }).where(eq(appUser.id, shopB.member.userId)));
		await saveNotificationPreferences(shopA.member, { milestoneReminders: true });
		const sent = await asSystem((tx) => remindMilestonesDue(tx, day));
		expect(await mailsTo(shopB.member.email, 'production-reminder')).toHaveLength(1);
		expect(await mailsTo(shopA.member.email, 'production-reminder')).toHaveLength(1);
		// the two admins and the member who switched back on; the disabled member gets nothing
		expect(sent).toBe(3);
	});
});

describe('at-risk digest', () => {
	let north: Shop;
	let south: Shop;
	let newlyNorth: { id: string; number: string };
	let newlySouth: { id: string; number: string };
	let alreadyAtRisk: { id: string; number: string };
	let onTrack: { id: string; number: string };
	let opsQuiet: StaffActor;
	let opsGone: StaffActor;

	beforeAll(async () => {
		// names chosen so the digest's order (by workshop name) is known
		north = await workshopWithPeople(`Aardvark Casting ${crypto.randomUUID().slice(0, 6)}`);
		south = await workshopWithPeople(`Zebra Setting ${crypto.randomUUID().slice(0, 6)}`);
		const n = await acknowledgedPo(north, [purchaseOrderLineForm(), purchaseOrderLineForm({ sku: 'ER-2', description: 'Hoops' })]);
		const s = await acknowledgedPo(south, [purchaseOrderLineForm(), purchaseOrderLineForm({ sku: 'PD-3', description: 'Pendant' })]);
		[newlyNorth, alreadyAtRisk] = n.jobs;
		[newlySouth, onTrack] = s.jobs;
		// late stages: the daily re-forecast is what turns these jobs at risk
		for (const job of [newlyNorth, newlySouth, alreadyAtRisk]) await setStage(job.id, 0, { plannedFinish: shiftDate(day, -3) });
		// this one was already at risk (and reported) three days ago
		await asSystem((tx) =>
			tx
				.update(productionJob)
				.set({ atRisk: true, atRiskSince: shiftDate(day, -3), riskReason: 'Print / wax is 3 days late', riskReportedAt: new Date() })
				.where(eq(productionJob.id, alreadyAtRisk.id))
		);
		opsQuiet = await createStaff('ops');
		opsGone = await createStaff('ops');
		await saveNotificationPreferences(opsQuiet, { atRiskDigest: false });
		await saveNotificationPreferences(admin, { atRiskDigest: false });
		await asSystem((tx) => tx.update(appUser).set({ status: 'disabled' }).where(eq(appUser.id, opsGone.userId)));

		await reforecastOpenJobs(day);
		await asSystem((tx) => sendAtRiskDigest(tx, day));
	});

	it('re-forecasts open jobs as of the day: late stages turn a job at risk since that day', async () => {
		expect(await jobRow(newlyNorth.id)).toMatchObject({ atRisk: true, atRiskSince: day });
		expect((await jobRow(newlyNorth.id)).riskReason).not.toBe('');
		expect(await jobRow(alreadyAtRisk.id)).toMatchObject({ atRisk: true, atRiskSince: shiftDate(day, -3) });
		expect(await jobRow(onTrack.id)).toMatchObject({ atRisk: false });
	});

	it('lists only the jobs that became at risk, grouped by workshop, each with its reason and link', async () => {
		const [mail, ...more] = await mailsTo(ops.email, 'production-at-risk-digest');
		expect(more).toEqual([]);
		expect(mail.subject).toMatch(/^\d+ jobs? became at risk$/);
		expect(mail.link).toBe('http://bezel.test/production?risk=1');
		const body = mail.textBody;
		const northRow = await jobRow(newlyNorth.id);
		expect(body).toContain(`${north.name} — 1 job:`);
		expect(body).toContain(`${south.name} — 1 job:`);
		expect(body).toContain(`${newlyNorth.number} (${northRow.poNumber}, ${northRow.description}): ${northRow.riskReason}.`);
		expect(body).toContain(`http://bezel.test/production/jobs/${newlyNorth.id}`);
		expect(body).toContain(`http://bezel.test/production/jobs/${newlySouth.id}`);
		expect(body).not.toContain(alreadyAtRisk.number);
		expect(body).not.toContain(onTrack.number);
		// each job under its own workshop
		const at = (text: string) => body.indexOf(text);
		expect(at(`${north.name} — `)).toBeLessThan(at(newlyNorth.number));
		expect(at(newlyNorth.number)).toBeLessThan(at(`${south.name} — `));
		expect(at(`${south.name} — `)).toBeLessThan(at(newlySouth.number));
	});

	it('goes only to active ops and admins who want it', async () => {
		expect(await mailsTo(opsQuiet.email, 'production-at-risk-digest')).toEqual([]);
		expect(await mailsTo(admin.email, 'production-at-risk-digest')).toEqual([]);
		expect(await mailsTo(opsGone.email, 'production-at-risk-digest')).toEqual([]);
		expect(await mailsTo(finance.email, 'production-at-risk-digest')).toEqual([]);
		expect(await mailsTo(north.admin.email, 'production-at-risk-digest')).toEqual([]);
		// a second run the same day reports nothing twice; an admin who joined gets the next digest
		const otherAdmin = await createStaff('admin');
		expect(await asSystem((tx) => sendAtRiskDigest(tx, day))).toBe(0);
		const next = (await acknowledgedPo(south)).jobs[0];
		await asSystem((tx) =>
			tx
				.update(productionJob)
				.set({ atRisk: true, atRiskSince: day, riskReason: 'Casting is 1 day overdue' })
				.where(eq(productionJob.id, next.id))
		);
		await asSystem((tx) => sendAtRiskDigest(tx, day));
		expect(await mailsTo(otherAdmin.email, 'production-at-risk-digest')).toHaveLength(1);
	});

	it('does not report a job again the next day, and sends nothing when no job became at risk', async () => {
		const before = await mailsTo(ops.email, 'production-at-risk-digest');
		expect(await asSystem((tx) => sendAtRiskDigest(tx, shiftDate(day, 1)))).toBe(0);
		expect(await mailsTo(ops.email, 'production-at-risk-digest')).toHaveLength(before.length);
	});

	it('reports a job that turned at risk after the day’s digest in the next one, and a relapse again', async () => {
		const late = (await acknowledgedPo(north)).jobs[0];
		// at risk during the day, after this day's digest ran
		await asSystem((tx) =>
			tx
				.update(productionJob)
				.set({ atRisk: true, atRiskSince: shiftDate(day, 1), riskReason: 'Blocked since 2 Dec: waiting for stones' })
				.where(eq(productionJob.id, late.id))
		);
		const before = await mailsTo(ops.email, 'production-at-risk-digest');
		expect(await asSystem((tx) => sendAtRiskDigest(tx, shiftDate(day, 2)))).toBeGreaterThan(0);
		const after = await mailsTo(ops.email, 'production-at-risk-digest');
		expect(after).toHaveLength(before.length + 1);
		expect(after.at(-1)!.textBody).toContain(late.number);
		expect(after.at(-1)!.textBody).not.toContain(newlyNorth.number);
		// back on track (the re-forecast forgets the report), then at risk again: reported again
		await asSystem((tx) => refreshJobForecasts(tx, [late.id], day));
		expect((await jobRow(late.id)).riskReportedAt).toBeNull();
	});
});

describe('the daily job', () => {
	it('is registered, runs once per day however often it is enqueued, and sends the reminders', async () => {
		const shop = await workshopWithPeople();
		const job = (await acknowledgedPo(shop)).jobs[0];
		const runDay = shiftDate(day, 20);
		await setStage(job.id, 0, { plannedFinish: shiftDate(runDay, 1) });
		const key = `${PRODUCTION_DAILY_JOB}:${runDay}`;
		const enqueued = await asSystem(async (tx) => [
			await enqueueJob(tx, { kind: PRODUCTION_DAILY_JOB, payload: { day: runDay }, uniqueKey: key }),
			await enqueueJob(tx, { kind: PRODUCTION_DAILY_JOB, payload: { day: runDay }, uniqueKey: key })
		]);
		expect(enqueued).toEqual([true, false]);
		expect(await runDueJobs({ [PRODUCTION_DAILY_JOB]: jobHandlers[PRODUCTION_DAILY_JOB] })).toBe(1);
		expect(await runDueJobs({ [PRODUCTION_DAILY_JOB]: jobHandlers[PRODUCTION_DAILY_JOB] })).toBe(0);
		const mails = await mailsTo(shop.admin.email, 'production-reminder');
		expect(mails).toHaveLength(1);
		expect(mails[0].textBody).toContain(job.number);
		const [done] = await asSystem((tx) => tx.select().from(backgroundJob).where(eq(backgroundJob.uniqueKey, key)));
		expect(done).toMatchObject({ status: 'done', lastError: null });
	});
});
