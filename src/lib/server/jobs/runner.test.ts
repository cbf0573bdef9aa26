import { setTimeout as sleep } from 'node:timers/promises';
import { eq, like, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/support/database.ts';
import { createStaff, createVendorUser, createWorkshop, fakeFile, mailsTo, makePdf } from '../../../../tests/support/factories.ts';
import { backgroundJob } from '../db/schema/index.ts';
import { asSystem } from '../db/scope.ts';
import { uploadVendorDocument } from '../vendors/service.ts';
import { jobHandlers, scheduleDailyJobs } from './catalog.ts';
import { enqueueJob, runDueJobs, type JobHandler } from './runner.ts';

useTestDatabase();

const jobsOf = (kind: string) => asSystem((tx) => tx.select().from(backgroundJob).where(eq(backgroundJob.kind, kind)));
const makeDue = (kind: string) =>
	asSystem((tx) =>
		tx
			.update(backgroundJob)
			.set({ runAt: sql`now() - interval '1 second'` })
			.where(eq(backgroundJob.kind, kind))
	);

describe('enqueueJob', () => {
	it('inserts a job with a unique key only once', async () => {
		expect(await asSystem((tx) => enqueueJob(tx, { kind: 'test.unique', payload: { n: 1 }, uniqueKey: 'test.unique:2031-01-01' }))).toBe(
			true
		);
		expect(await asSystem((tx) => enqueueJob(tx, { kind: 'test.unique', payload: { n: 2 }, uniqueKey: 'test.unique:2031-01-01' }))).toBe(
			false
		);
		const jobs = await jobsOf('test.unique');
		expect(jobs).toHaveLength(1);
		expect(jobs[0].payload).toEqual({ n: 1 });
		// jobs without a key never collide
		await asSystem(async (tx) => {
			await enqueueJob(tx, { kind: 'test.unkeyed' });
			await enqueueJob(tx, { kind: 'test.unkeyed' });
		});
		expect(await jobsOf('test.unkeyed')).toHaveLength(2);
	});
});

describe('runDueJobs', () => {
	it('runs a due job once with its payload and marks it done', async () => {
		const calls: unknown[] = [];
		const handlers: Record<string, JobHandler> = { 'test.ok': async (payload) => void calls.push(payload) };
		await asSystem((tx) => enqueueJob(tx, { kind: 'test.ok', payload: { order: 'PO-1001' } }));
		await asSystem((tx) => enqueueJob(tx, { kind: 'test.ok', payload: { order: 'later' }, runAt: new Date(Date.now() + 3_600_000) }));

		expect(await runDueJobs(handlers)).toBe(1);
		expect(calls).toEqual([{ order: 'PO-1001' }]);
		expect(await runDueJobs(handlers)).toBe(0);
		expect(calls).toHaveLength(1);
		const jobs = await jobsOf('test.ok');
		expect(jobs.find((j) => (j.payload as { order: string }).order === 'PO-1001')).toMatchObject({
			status: 'done',
			attempts: 1,
			lastError: null
		});
		expect(jobs.find((j) => (j.payload as { order: string }).order === 'later')).toMatchObject({ status: 'queued', attempts: 0 });
	});

	it('leaves jobs of kinds it has no handler for alone', async () => {
		await asSystem((tx) => enqueueJob(tx, { kind: 'test.unhandled' }));
		expect(await runDueJobs({ 'test.other': async () => {} })).toBe(0);
		expect(await jobsOf('test.unhandled')).toMatchObject([{ status: 'queued', attempts: 0 }]);
	});

	it('retries a failing job later with backoff, and fails it for good after five attempts', async () => {
		let calls = 0;
		const handlers: Record<string, JobHandler> = {
			'test.flaky': async () => {
				calls++;
				throw new Error('The vendor API did not answer');
			}
		};
		await asSystem((tx) => enqueueJob(tx, { kind: 'test.flaky' }));
		expect(await runDueJobs(handlers)).toBe(1);
		const [job] = await jobsOf('test.flaky');
		expect(job).toMatchObject({ status: 'queued', attempts: 1, lastError: 'The vendor API did not answer', finishedAt: null });
		expect(job.runAt.getTime()).toBeGreaterThan(Date.now() + 60_000);
		// not due yet
		expect(await runDueJobs(handlers)).toBe(0);
		expect(calls).toBe(1);

		for (let attempt = 2; attempt <= 5; attempt++) {
			await makeDue('test.flaky');
			await runDueJobs(handlers);
		}
		expect(calls).toBe(5);
		const [failed] = await jobsOf('test.flaky');
		expect(failed).toMatchObject({ status: 'failed', attempts: 5 });
		expect(failed.finishedAt).not.toBeNull();
		await makeDue('test.flaky');
		expect(await runDueJobs(handlers)).toBe(0);
	});

	it('takes over a job whose worker died (its lease ran out), but not one still leased', async () => {
		const calls: string[] = [];
		const handlers: Record<string, JobHandler> = { 'test.lease': async (payload) => void calls.push(String(payload.name)) };
		await asSystem(async (tx) => {
			await enqueueJob(tx, { kind: 'test.lease', payload: { name: 'abandoned' } });
			await enqueueJob(tx, { kind: 'test.lease', payload: { name: 'busy' } });
			await tx
				.update(backgroundJob)
				.set({ status: 'running', attempts: 1, lockedUntil: sql`now() - interval '1 minute'` })
				.where(sql`${backgroundJob.payload}->>'name' = 'abandoned'`);
			await tx
				.update(backgroundJob)
				.set({ status: 'running', attempts: 1, lockedUntil: sql`now() + interval '4 minutes'` })
				.where(sql`${backgroundJob.payload}->>'name' = 'busy'`);
		});
		expect(await runDueJobs(handlers)).toBe(1);
		expect(calls).toEqual(['abandoned']);
	});

	it('never runs the same job twice when two workers run at once', async () => {
		const runs: number[] = [];
		const handlers: Record<string, JobHandler> = {
			'test.concurrent': async (payload) => {
				runs.push(Number(payload.n));
				await sleep(5);
			}
		};
		await asSystem(async (tx) => {
			for (let n = 0; n < 12; n++) await enqueueJob(tx, { kind: 'test.concurrent', payload: { n } });
		});
		const [one, two] = await Promise.all([runDueJobs(handlers), runDueJobs(handlers)]);
		expect(one + two).toBe(12);
		expect(runs.sort((x, y) => x - y)).toEqual(Array.from({ length: 12 }, (_, n) => n));
		expect((await jobsOf('test.concurrent')).every((j) => j.status === 'done' && j.attempts === 1)).toBe(true);
	});
});

describe('daily jobs', () => {
	it('schedules each daily job once per day and reminds workshop admins of documents about to expire', async () => {
		const ops = await createStaff('ops');
		const workshop = await createWorkshop(ops);
		const boss = await createVendorUser(workshop.vendorId, workshop.name, 'vendor_admin');
		const member = await createVendorUser(workshop.vendorId, workshop.name, 'vendor_member');
		const day = '2031-05-01';
		await uploadVendorDocument(
			boss,
			workshop.vendorId,
			{ kind: 'insurance_certificate', title: 'Insurance 2031', expiresOn: '2031-05-08' },
			fakeFile('ins.pdf', await makePdf())
		);
		await uploadVendorDocument(
			boss,
			workshop.vendorId,
			{ kind: 'tax_form', title: 'W-8BEN', expiresOn: '2031-05-09' },
			fakeFile('tax.pdf', await makePdf())
		);

		await scheduleDailyJobs(new Date(`${day}T06:00:00Z`));
		// another instance scheduling the same day adds nothing
		await asSystem((tx) =>
			enqueueJob(tx, { kind: 'documents.expiry-reminders', payload: { day }, uniqueKey: `documents.expiry-reminders:${day}` })
		);
		const scheduled = await asSystem((tx) =>
			tx
				.select()
				.from(backgroundJob)
				.where(like(backgroundJob.uniqueKey, `%:${day}`))
		);
		expect(scheduled.map((j) => j.kind).sort()).toEqual([
			'auth.prune-sign-in-attempts',
			'documents.expiry-reminders',
			'files.sweep-orphans',
			'invoices.rematch-all',
			'production.daily',
			'purchase-orders.reminders',
			'repairs.overdue-reminders'
		]);

		expect(await runDueJobs(jobHandlers)).toBe(7);
		const reminders = await mailsTo(boss.email, 'document-expiry');
		expect(reminders).toHaveLength(1);
		expect(reminders[0].subject).toBe('Insurance 2031 expires in 7 days, on 2031-05-08');
		expect(reminders[0].link).toBe('http://bezel.test/workshop/documents');
		// members are not reminded; only admins can upload the renewal
		expect(await mailsTo(member.email, 'document-expiry')).toHaveLength(0);
		expect(scheduled.length).toBe(7);
	});
});
