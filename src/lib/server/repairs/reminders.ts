/**
 * The daily reminder for repairs past the brand's turnaround target (assigned more than N days ago and
 * not shipped back; N is a brand setting). Each workshop person gets one message listing the workshop's
 * overdue repairs, and each ops and admin person one digest of all of them by workshop. A repair is
 * reminded at most once every few days, so a late job does not fill inboxes every morning.
 */
import { and, asc, eq, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import { appUser, membership, repairJob, vendor } from '#lib/server/db/schema/index.ts';
import type { Tx } from '#lib/server/db/scope.ts';
import { enqueueMail } from '#lib/server/mail/outbox.ts';
import { getPlatform } from '#lib/server/platform.ts';
import { selectBrandSettings } from '#lib/server/settings/queries.ts';
import { repairAssignedOn, repairStatusesAtWorkshop } from './oversight.ts';
import { inIds } from '#lib/server/db/id-list.ts';

export const REPAIR_REMINDER_JOB = 'repairs.overdue-reminders';

/** A repair reminded on day D is next reminded on D + 3 at the earliest. */
export const REMINDER_INTERVAL_DAYS = 3;
/** repairs listed in one message; the rest are counted and the link opens the full list */
const MAX_LISTED = 50;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function listed(lines: string[], rest: (n: number) => string): string[] {
	return lines.length > MAX_LISTED ? [...lines.slice(0, MAX_LISTED), rest(lines.length - MAX_LISTED)] : lines;
}

/**
 * Reminds the workshops and ops of the repairs past the turnaround as of `day` (YYYY-MM-DD) and marks
 * them reminded, in the caller's transaction: a retry of a failed run neither skips nor repeats a message.
 */
export async function remindOverdueRepairs(tx: Tx, day: string): Promise<{ repairs: number; workshopMails: number; digests: number }> {
	const settings = await selectBrandSettings(tx);
	const target = settings.repairTurnaroundDays;
	const due = await tx
		.update(repairJob)
		// bookkeeping only: neither the version nor updated_at move, so nobody's open form goes stale
		.set({ lastReminderOn: day })
		.where(
			and(
				inArray(repairJob.status, repairStatusesAtWorkshop),
				isNotNull(repairJob.vendorId),
				isNotNull(repairJob.assignedAt),
				sql`${repairAssignedOn} + ${target}::int < ${day}::date`,
				or(isNull(repairJob.lastReminderOn), sql`${repairJob.lastReminderOn} <= ${day}::date - ${REMINDER_INTERVAL_DAYS}::int`)
			)
		)
		.returning({
			number: repairJob.number,
			vendorId: repairJob.vendorId,
			daysOver: sql<number>`(${day}::date - (${repairAssignedOn} + ${target}::int))::int`
		});
	if (due.length === 0) return { repairs: 0, workshopMails: 0, digests: 0 };

	const vendorIds = [...new Set(due.map((r) => r.vendorId!))];
	const names = new Map(
		(await tx.select({ id: vendor.id, name: vendor.name }).from(vendor).where(inIds(vendor.id, vendorIds))).map((v) => [v.id, v.name])
	);
	const byVendor = new Map<string, typeof due>();
	for (const repair of due.sort((a, b) => b.daysOver - a.daysOver || a.number.localeCompare(b.number))) {
		byVendor.set(repair.vendorId!, [...(byVendor.get(repair.vendorId!) ?? []), repair]);
	}
	const line = (r: (typeof due)[number]) => `${r.number} — ${plural(r.daysOver, 'day')} past the ${target}-day turnaround`;
	const origin = getPlatform().origin;

	// the workshop's people: one message each, about their own workshop's repairs only
	const people = await tx
		.select({ vendorId: membership.vendorId, email: appUser.email, name: appUser.name })
		.from(membership)
		.innerJoin(appUser, eq(appUser.id, membership.userId))
		// an invitation not yet accepted is no one to remind
		.where(and(inArray(membership.vendorId, vendorIds), eq(appUser.status, 'active'), isNotNull(appUser.passwordHash)))
		.orderBy(asc(appUser.email));
	for (const person of people) {
		const repairs = byVendor.get(person.vendorId!)!;
		await enqueueMail(tx, {
			to: person.email,
			toName: person.name,
			topic: 'repair-overdue-reminder',
			subject:
				repairs.length === 1
					? `Reminder: ${repairs[0].number} is past the ${target}-day turnaround`
					: `Reminder: ${repairs.length} repairs are past the ${target}-day turnaround`,
			greeting: `Hello ${person.name},`,
			paragraphs: [
				`${settings.brandName} asks for repairs back within ${plural(target, 'day')} of sending them. ${
					repairs.length === 1 ? 'This repair' : 'These repairs'
				} at ${names.get(person.vendorId!)} ${repairs.length === 1 ? 'has' : 'have'} been with you longer:`,
				...listed(repairs.map(line), (n) => `…and ${plural(n, 'more repair')}.`),
				'Please finish and ship them back as soon as you can, and keep each one’s status up to date in Bezel so the brand can tell its customers.'
			],
			action: { label: 'Open your repairs', href: `${origin}/workshop/repairs` }
		});
	}

	// ops: one digest of all of them, by workshop
	const lines: string[] = [];
	const workshops = [...byVendor.entries()].sort(([a], [b]) => (names.get(a) ?? '').localeCompare(names.get(b) ?? ''));
	for (const [vendorId, repairs] of workshops) {
		lines.push(`${names.get(vendorId)} — ${plural(repairs.length, 'repair')}:`, ...repairs.map(line));
	}
	const staff = await tx
		.select({ email: appUser.email, name: appUser.name })
		.from(membership)
		.innerJoin(appUser, eq(appUser.id, membership.userId))
		.where(
			and(
				isNull(membership.vendorId),
				inArray(membership.role, ['ops', 'admin']),
				eq(appUser.status, 'active'),
				isNotNull(appUser.passwordHash)
			)
		)
		.orderBy(asc(appUser.email));
	for (const person of staff) {
		await enqueueMail(tx, {
			to: person.email,
			toName: person.name,
			topic: 'repair-overdue-digest',
			subject: `${plural(due.length, 'repair')} past the ${target}-day turnaround`,
			greeting: `Hello ${person.name},`,
			paragraphs: [
				`${plural(due.length, 'repair')} at ${plural(byVendor.size, 'workshop')} ${due.length === 1 ? 'is' : 'are'} past the ${target}-day turnaround. Each workshop was reminded today; a customer waiting on one of them may need a call.`,
				...listed(lines, (n) => `…and ${plural(n, 'more line')}: open the repairs in Bezel to see them all.`)
			],
			action: { label: 'Open the repairs', href: `${origin}/repairs` }
		});
	}
	return { repairs: due.length, workshopMails: people.length, digests: staff.length };
}
