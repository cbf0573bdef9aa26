/** The kinds of background job Bezel runs, and the daily ones it schedules. */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { documentKindLabels, type DocumentKind } from '#lib/domain/vendors/reference.ts';
import { appUser, membership, vendor, vendorDocument } from '#lib/server/db/schema/index.ts';
import { asSystem } from '#lib/server/db/scope.ts';
import { enqueueMail } from '#lib/server/mail/outbox.ts';
import { sweepOrphanFiles } from '#lib/server/files/service.ts';
import { pruneAttempts } from '#lib/server/auth/throttle.ts';
import { getPlatform } from '#lib/server/platform.ts';
import { remindUnacknowledgedPurchaseOrders } from '#lib/server/purchase-orders/reminders.ts';
import { PRODUCTION_DAILY_JOB, runProductionDaily } from '#lib/server/production/notifications.ts';
import { REPAIR_REMINDER_JOB, remindOverdueRepairs } from '#lib/server/repairs/reminders.ts';
import { rematchAllVendors } from '#lib/server/invoices/rematch.ts';
import { enqueueJob, type JobHandler } from './runner.ts';

/** Days before expiry on which a workshop's admins are reminded, and on the day itself. */
export const EXPIRY_REMINDER_DAYS = [30, 7, 0];

async function remindExpiringDocuments(payload: Record<string, unknown>): Promise<void> {
	const day = String(payload.day);
	await asSystem(async (tx) => {
		const due = await tx
			.select({
				vendorId: vendor.id,
				vendorName: vendor.name,
				title: vendorDocument.title,
				kind: vendorDocument.kind,
				expiresOn: vendorDocument.expiresOn,
				daysLeft: sql<number>`(${vendorDocument.expiresOn} - ${day}::date)`
			})
			.from(vendorDocument)
			.innerJoin(vendor, eq(vendor.id, vendorDocument.vendorId))
			.where(
				and(
					isNull(vendorDocument.removedAt),
					sql`(${vendorDocument.expiresOn} - ${day}::date) = any(${sql.param(EXPIRY_REMINDER_DAYS)}::int[])`
				)
			);
		for (const doc of due) {
			const admins = await tx
				.select({ email: appUser.email, name: appUser.name })
				.from(membership)
				.innerJoin(appUser, eq(appUser.id, membership.userId))
				.where(and(eq(membership.vendorId, doc.vendorId), eq(membership.role, 'vendor_admin'), eq(appUser.status, 'active')));
			const when = doc.daysLeft === 0 ? 'expires today' : `expires in ${doc.daysLeft} days, on ${doc.expiresOn}`;
			for (const admin of admins) {
				await enqueueMail(tx, {
					to: admin.email,
					toName: admin.name,
					topic: 'document-expiry',
					subject: `${doc.title} ${when}`,
					greeting: `Hello ${admin.name},`,
					paragraphs: [
						`The ${documentKindLabels[doc.kind as DocumentKind].toLowerCase()} “${doc.title}” of ${doc.vendorName} ${when}.`,
						'Upload the renewed document in Bezel so work can continue without interruption.'
					],
					action: { label: 'Upload the new document', href: `${getPlatform().origin}/workshop/documents` }
				});
			}
		}
	});
}

export const jobHandlers: Record<string, JobHandler> = {
	'documents.expiry-reminders': remindExpiringDocuments,
	'files.sweep-orphans': async () => {
		await asSystem((tx) => sweepOrphanFiles(tx));
	},
	'auth.prune-sign-in-attempts': async () => {
		await asSystem((tx) => pruneAttempts(tx));
	},
	'purchase-orders.reminders': async () => {
		await asSystem((tx) => remindUnacknowledgedPurchaseOrders(tx));
	},
	// re-forecasts open jobs, then the workshops' reminders and ops' at-risk digest
	[PRODUCTION_DAILY_JOB]: async (payload) => {
		await runProductionDaily(String(payload.day));
	},
	// repairs past the turnaround target: the workshops' reminders and ops' digest
	[REPAIR_REMINDER_JOB]: async (payload) => {
		await asSystem((tx) => remindOverdueRepairs(tx, String(payload.day)));
	},
	// every workshop's invoices against today's facts: picks up a re-match a crash interrupted
	'invoices.rematch-all': async () => {
		await asSystem((tx) => rematchAllVendors(tx));
	}
};

let lastScheduledDay = '';

/** Enqueues today's jobs once per day across all instances (the unique key makes it idempotent). */
export async function scheduleDailyJobs(now = new Date()): Promise<void> {
	const day = now.toISOString().slice(0, 10);
	if (day === lastScheduledDay) return;
	await asSystem(async (tx) => {
		await enqueueJob(tx, { kind: 'documents.expiry-reminders', payload: { day }, uniqueKey: `documents.expiry-reminders:${day}` });
		await enqueueJob(tx, { kind: 'files.sweep-orphans', uniqueKey: `files.sweep-orphans:${day}` });
		await enqueueJob(tx, { kind: 'auth.prune-sign-in-attempts', uniqueKey: `auth.prune-sign-in-attempts:${day}` });
		await enqueueJob(tx, { kind: 'purchase-orders.reminders', uniqueKey: `purchase-orders.reminders:${day}` });
		await enqueueJob(tx, { kind: PRODUCTION_DAILY_JOB, payload: { day }, uniqueKey: `${PRODUCTION_DAILY_JOB}:${day}` });
		await enqueueJob(tx, { kind: REPAIR_REMINDER_JOB, payload: { day }, uniqueKey: `${REPAIR_REMINDER_JOB}:${day}` });
		await enqueueJob(tx, { kind: 'invoices.rematch-all', uniqueKey: `invoices.rematch-all:${day}` });
	});
	lastScheduledDay = day;
}
