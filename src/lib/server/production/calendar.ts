/**
 * A personal calendar (ICS) feed of due dates. Calendar apps cannot sign in, so the URL carries a
 * random token (160 bits, as for sessions) and is shown once; only its SHA-256 is stored. Making a
 * new link or revoking ends the old one, and a disabled person's link stops answering. The feed is
 * read with its owner's rights: a workshop user's feed goes through row-level security like their
 * pages do, so it can only ever show their own workshop's work.
 */
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { createEventsAsync, type DateArray, type EventAttributes } from 'ics';
import type { Role } from '#lib/domain/identity/roles.ts';
import { shiftDate } from '#lib/domain/production/forecast.ts';
import { todayIso } from '#lib/domain/purchase-orders/schemas.ts';
import { actorFromMembership, requireSignedIn, withActor, type Actor } from '#lib/server/auth/actor.ts';
import { generateToken, hashToken } from '#lib/server/auth/tokens.ts';
import { recordAudit } from '#lib/server/audit/audit.ts';
import {
	appUser,
	calendarFeed,
	collectionLaunch,
	jobMilestone,
	membership,
	productionJob,
	purchaseOrderLine,
	vendor
} from '#lib/server/db/schema/index.ts';
import { asSystem, type Tx } from '#lib/server/db/scope.ts';
import { getPlatform } from '#lib/server/platform.ts';
import { fixedLimit } from '#lib/server/db/fixed-limit.ts';
import { inIds } from '#lib/server/db/id-list.ts';

/** more than a calendar app shows usefully, and a bound on the work one request can cause */
export const MAX_FEED_EVENTS = 2000;
/** past events kept so a recent miss is still visible */
export const FEED_PAST_DAYS = 30;
/** how stale "last used" may be: written at most hourly so polling calendars cost no writes */
const LAST_USED_EVERY_MS = 60 * 60_000;

const TOKEN_PATTERN = /^([a-z2-7]{32})(?:\.ics)?$/;

export interface CalendarFeedStatus {
	active: boolean;
	createdAt: Date | null;
	lastUsedAt: Date | null;
}

export const calendarFeedUrl = (token: string) => `${getPlatform().origin}/calendar/${token}.ics`;

async function revokeActiveFeeds(tx: Tx, userId: string): Promise<number> {
	const revoked = await tx
		.update(calendarFeed)
		.set({ revokedAt: sql`now()` })
		.where(and(eq(calendarFeed.userId, userId), isNull(calendarFeed.revokedAt)))
		.returning({ id: calendarFeed.id });
	return revoked.length;
}

/** A new secret link for the actor, returned this once; any previous link stops working. */
export async function createCalendarFeed(actor: Actor): Promise<{ url: string; createdAt: Date }> {
	requireSignedIn(actor);
	const token = generateToken();
	return withActor(actor, async (tx) => {
		const replaced = await revokeActiveFeeds(tx, actor.userId);
		const [feed] = await tx
			.insert(calendarFeed)
			.values({ userId: actor.userId, tokenHash: hashToken(token) })
			.returning({ id: calendarFeed.id, createdAt: calendarFeed.createdAt });
		await recordAudit(tx, actor, {
			vendorId: actor.vendorId,
			entityType: 'user',
			entityId: actor.userId,
			action: 'calendar-feed.created',
			summary: replaced ? 'New calendar link made; the previous one no longer works' : 'Calendar link made'
		});
		return { url: calendarFeedUrl(token), createdAt: feed.createdAt };
	});
}

/** Ends the actor's link; returns false when there was none. */
export async function revokeCalendarFeed(actor: Actor): Promise<boolean> {
	requireSignedIn(actor);
	return withActor(actor, async (tx) => {
		const revoked = await revokeActiveFeeds(tx, actor.userId);
		if (revoked === 0) return false;
		await recordAudit(tx, actor, {
			vendorId: actor.vendorId,
			entityType: 'user',
			entityId: actor.userId,
			action: 'calendar-feed.revoked',
			summary: 'Calendar link revoked'
		});
		return true;
	});
}

/** Whether the actor has a working link, when it was made and last read; never the link itself. */
export async function getCalendarFeedStatus(actor: Actor): Promise<CalendarFeedStatus> {
	requireSignedIn(actor);
	const [feed] = await withActor(actor, (tx) =>
		tx
			.select({ createdAt: calendarFeed.createdAt, lastUsedAt: calendarFeed.lastUsedAt })
			.from(calendarFeed)
			.where(and(eq(calendarFeed.userId, actor.userId), isNull(calendarFeed.revokedAt)))
			.orderBy(sql`${calendarFeed.createdAt} desc`)
			.limit(1)
	);
	return feed
		? { active: true, createdAt: feed.createdAt, lastUsedAt: feed.lastUsedAt }
		: { active: false, createdAt: null, lastUsedAt: null };
}

/** The owner of a working link, as an actor; null for an unknown, revoked or disabled one. */
async function feedOwner(token: string): Promise<Actor | null> {
	const tokenHash = hashToken(token);
	return asSystem(async (tx) => {
		const [row] = await tx
			.select({
				feedId: calendarFeed.id,
				lastUsedAt: calendarFeed.lastUsedAt,
				userId: appUser.id,
				name: appUser.name,
				email: appUser.email,
				role: membership.role,
				vendorId: membership.vendorId,
				vendorName: vendor.name
			})
			.from(calendarFeed)
			.innerJoin(appUser, eq(appUser.id, calendarFeed.userId))
			.innerJoin(membership, eq(membership.userId, appUser.id))
			.leftJoin(vendor, eq(vendor.id, membership.vendorId))
			.where(and(eq(calendarFeed.tokenHash, tokenHash), isNull(calendarFeed.revokedAt), eq(appUser.status, 'active')));
		if (!row) return null;
		if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > LAST_USED_EVERY_MS) {
			await tx
				.update(calendarFeed)
				.set({ lastUsedAt: sql`now()` })
				.where(eq(calendarFeed.id, row.feedId));
		}
		return actorFromMembership({ ...row, role: row.role as Role });
	});
}

type FeedEvent = { date: string; uid: string; title: string; description?: string; url?: string };

const pieces = (n: number) => `${n} ${n === 1 ? 'pc' : 'pcs'}`;

/** Unfinished stages of the workshop's open jobs, each on the day it should finish. */
async function milestoneEvents(tx: Tx, vendorId: string, from: string): Promise<FeedEvent[]> {
	const rows = await tx
		.select({
			id: jobMilestone.id,
			name: jobMilestone.name,
			plannedFinish: jobMilestone.plannedFinish,
			jobId: productionJob.id,
			number: productionJob.number,
			poNumber: productionJob.poNumber,
			description: productionJob.description
		})
		.from(jobMilestone)
		.innerJoin(productionJob, eq(productionJob.id, jobMilestone.jobId))
		.where(
			and(
				eq(jobMilestone.vendorId, vendorId),
				eq(productionJob.vendorId, vendorId),
				eq(productionJob.status, 'open'),
				inArray(jobMilestone.status, ['pending', 'in_progress']),
				sql`${jobMilestone.plannedFinish} >= ${from}::date`
			)
		)
		.orderBy(asc(jobMilestone.plannedFinish), asc(productionJob.number), asc(jobMilestone.position))
		.limit(fixedLimit(MAX_FEED_EVENTS));
	const origin = getPlatform().origin;
	return rows.map((m) => ({
		date: m.plannedFinish,
		uid: `milestone-${m.id}@bezel`,
		title: `${m.name} due — ${m.number} (${m.poNumber})`,
		description: m.description,
		url: `${origin}/workshop/jobs/${m.jobId}`
	}));
}

/**
 * Promised dates of open jobs, one event per PO line and date however many bags it has: a line
 * of 12 pieces in 12 bags is one delivery, not twelve.
 */
async function lineDueEvents(tx: Tx, actor: Actor, from: string): Promise<FeedEvent[]> {
	const rows = await tx
		.select({
			lineId: productionJob.lineId,
			poId: productionJob.purchaseOrderId,
			poNumber: productionJob.poNumber,
			lineNo: purchaseOrderLine.lineNo,
			vendorId: productionJob.vendorId,
			promisedDate: productionJob.promisedDate,
			sku: productionJob.sku,
			description: productionJob.description,
			quantity: sql<number>`sum(${productionJob.quantity})::int`
		})
		.from(productionJob)
		.innerJoin(purchaseOrderLine, eq(purchaseOrderLine.id, productionJob.lineId))
		.where(
			and(
				eq(productionJob.status, 'open'),
				sql`${productionJob.promisedDate} >= ${from}::date`,
				actor.kind === 'vendor' ? eq(productionJob.vendorId, actor.vendorId) : undefined
			)
		)
		.groupBy(
			productionJob.lineId,
			productionJob.purchaseOrderId,
			productionJob.poNumber,
			purchaseOrderLine.lineNo,
			productionJob.vendorId,
			productionJob.promisedDate,
			productionJob.sku,
			productionJob.description
		)
		.orderBy(asc(productionJob.promisedDate), asc(productionJob.poNumber), asc(purchaseOrderLine.lineNo))
		.limit(fixedLimit(MAX_FEED_EVENTS));
	const origin = getPlatform().origin;
	const vendorNames = new Map<string, string>();
	if (actor.kind === 'staff' && rows.length > 0) {
		const ids = [...new Set(rows.map((r) => r.vendorId))];
		for (const v of await tx.select({ id: vendor.id, name: vendor.name }).from(vendor).where(inIds(vendor.id, ids)))
			vendorNames.set(v.id, v.name);
	}
	return rows.map((r) => {
		const who = actor.kind === 'staff' ? `${vendorNames.get(r.vendorId) ?? 'Workshop'}, ` : '';
		return {
			date: r.promisedDate,
			uid: `po-line-${r.lineId}-${r.promisedDate}@bezel`,
			title: `${r.poNumber} line ${r.lineNo} due — ${who}${pieces(r.quantity)}`,
			description: [r.sku, r.description].filter(Boolean).join(' · '),
			url: actor.kind === 'staff' ? `${origin}/purchase-orders/${r.poId}` : `${origin}/workshop/purchase-orders/${r.poId}`
		};
	});
}

async function launchEvents(tx: Tx, from: string): Promise<FeedEvent[]> {
	const rows = await tx
		.select({
			id: collectionLaunch.id,
			name: collectionLaunch.name,
			launchDate: collectionLaunch.launchDate,
			notes: collectionLaunch.notes
		})
		.from(collectionLaunch)
		.where(sql`${collectionLaunch.launchDate} >= ${from}::date`)
		.orderBy(asc(collectionLaunch.launchDate))
		.limit(fixedLimit(MAX_FEED_EVENTS));
	return rows.map((l) => ({
		date: l.launchDate,
		uid: `launch-${l.id}@bezel`,
		title: `${l.name} launch`,
		description: l.notes || undefined
	}));
}

/** The events an actor's feed holds, from 30 days before `today` onward, earliest first, capped. */
export async function listCalendarEvents(actor: Actor, today = todayIso()): Promise<FeedEvent[]> {
	const from = shiftDate(today, -FEED_PAST_DAYS);
	const events = await withActor(actor, async (tx) =>
		actor.kind === 'vendor'
			? [...(await milestoneEvents(tx, actor.vendorId, from)), ...(await lineDueEvents(tx, actor, from))]
			: [...(await lineDueEvents(tx, actor, from)), ...(await launchEvents(tx, from))]
	);
	return events.sort((a, b) => a.date.localeCompare(b.date) || a.title.localeCompare(b.title)).slice(0, MAX_FEED_EVENTS);
}

const dateArray = (iso: string): DateArray => [Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10))];

/**
 * The ICS text for a feed URL's token (with or without its ".ics"), or null when the link is
 * unknown, revoked or its owner disabled — the route answers those with a bare 404.
 */
export async function renderCalendarFeed(token: string, today = todayIso()): Promise<string | null> {
	const match = TOKEN_PATTERN.exec(token);
	if (!match) return null;
	const owner = await feedOwner(match[1]);
	if (!owner) return null;
	const events = await listCalendarEvents(owner, today);
	const attributes: EventAttributes[] = events.map((e) => ({
		uid: e.uid,
		// all-day: a due date has no time, and a date never shifts with the reader's time zone
		start: dateArray(e.date),
		end: dateArray(shiftDate(e.date, 1)),
		title: e.title,
		description: e.description,
		url: e.url,
		transp: 'TRANSPARENT'
	}));
	// the async variant yields to the event loop while it validates, so a big feed does not stall other requests
	const { error, value } = await createEventsAsync(attributes, {
		productId: 'bezel/calendar',
		calName: 'Bezel due dates',
		method: 'PUBLISH'
	});
	if (error || value === null) throw error ?? new Error('The calendar could not be written.');
	return value;
}
