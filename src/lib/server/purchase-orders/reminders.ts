/**
 * Reminder e-mails for POs the workshop has not answered: sent more than N days ago (a brand
 * setting), reminded at most once every N days. Runs daily as a background job.
 */
import { and, eq, sql } from 'drizzle-orm';
import { purchaseOrder } from '#lib/server/db/schema/index.ts';
import type { Tx } from '#lib/server/db/scope.ts';
import { enqueueWorkshopMail } from '#lib/server/mail/outbox.ts';
import { getPlatform } from '#lib/server/platform.ts';
import { selectBrandSettings } from '#lib/server/settings/queries.ts';

export async function remindUnacknowledgedPurchaseOrders(tx: Tx): Promise<number> {
	const settings = await selectBrandSettings(tx);
	const days = settings.poReminderDays;
	const due = await tx
		.update(purchaseOrder)
		.set({ lastReminderAt: sql`now()` })
		.where(
			and(
				eq(purchaseOrder.status, 'sent'),
				sql`${purchaseOrder.sentAt} <= now() - make_interval(days => ${days})`,
				sql`(${purchaseOrder.lastReminderAt} is null or ${purchaseOrder.lastReminderAt} <= now() - make_interval(days => ${days}))`
			)
		)
		.returning({ id: purchaseOrder.id, number: purchaseOrder.number, vendorId: purchaseOrder.vendorId, sentAt: purchaseOrder.sentAt });
	for (const po of due) {
		const waited = Math.floor((Date.now() - (po.sentAt?.getTime() ?? Date.now())) / 86_400_000);
		await enqueueWorkshopMail(tx, po.vendorId, {
			topic: 'purchase-order-reminder',
			subject: `Reminder: ${po.number} is waiting for your acknowledgement`,
			paragraphs: [
				`${settings.brandName} sent you ${po.number} ${waited} day${waited === 1 ? '' : 's'} ago and has not had your answer yet.`,
				'Please acknowledge it with your promised dates, request changes, or decline it.'
			],
			action: { label: `Open ${po.number}`, href: `${getPlatform().origin}/workshop/purchase-orders/${po.id}` }
		});
	}
	return due.length;
}
