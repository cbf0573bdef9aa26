/**
 * The personal calendar feed on a real database: a link shown once and stored hashed, revoking and
 * replacing it, a disabled owner, what a workshop's and the brand's feeds hold (and never another
 * workshop's work), the 30-day window and the cap, and the route's answer.
 */
import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/support/database.ts';
import {
	createPurchaseOrderDraft,
	createStaff,
	createVendorUser,
	createWorkshop,
	isoDateIn,
	purchaseOrderLineForm
} from '../../../../tests/support/factories.ts';
import { shiftDate } from '#lib/domain/production/forecast.ts';
import { todayIso } from '#lib/domain/purchase-orders/schemas.ts';
import type { StaffActor, VendorActor } from '../auth/actor.ts';
import { hashToken } from '../auth/tokens.ts';
import {
	appUser,
	calendarFeed,
	collectionLaunch,
	jobMilestone,
	productionJob,
	purchaseOrder,
	purchaseOrderLine
} from '../db/schema/index.ts';
import { asSystem } from '../db/scope.ts';
import { acknowledgePurchaseOrder, sendPurchaseOrder } from '../purchase-orders/service.ts';
import { GET } from '../../../routes/calendar/[token]/+server.ts';
import {
	createCalendarFeed,
	getCalendarFeedStatus,
	listCalendarEvents,
	MAX_FEED_EVENTS,
	renderCalendarFeed,
	revokeCalendarFeed
} from './calendar.ts';

useTestDatabase();

interface Shop {
	vendorId: string;
	name: string;
	admin: VendorActor;
}

let ops: StaffActor;
let finance: StaffActor;
let shopA: Shop;
let shopB: Shop;
const today = todayIso();
const promised = isoDateIn(40);

async function workshop(): Promise<Shop> {
	const w = await createWorkshop(ops);
	return { ...w, admin: await createVendorUser(w.vendorId, w.name, 'vendor_admin') };
}

async function acknowledgedPo(shop: Shop, lines = [purchaseOrderLineForm()]) {
	const { poId, number } = await createPurchaseOrderDraft(ops, shop.vendorId, { lines });
	await sendPurchaseOrder(ops, poId, { version: 1 });
	const [po] = await asSystem((tx) => tx.select().from(purchaseOrder).where(eq(purchaseOrder.id, poId)));
	const poLines = await asSystem((tx) => tx.select().from(purchaseOrderLine).where(eq(purchaseOrderLine.purchaseOrderId, poId)));
	await acknowledgePurchaseOrder(shop.admin, poId, {
		revision: po.revision,
		lines: poLines.map((l) => ({ lineId: l.id, answer: 'acknowledge' as const, promisedDate: promised }))
	});
	const jobs = await asSystem((tx) =>
		tx.select().from(productionJob).where(eq(productionJob.purchaseOrderId, poId)).orderBy(asc(productionJob.number))
	);
	return { poId, number, jobs };
}

const milestonesOf = (jobId: string) =>
	asSystem((tx) => tx.select().from(jobMilestone).where(eq(jobMilestone.jobId, jobId)).orderBy(asc(jobMilestone.position)));

const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);

/** A minimal RFC 5545 reader: unfolds lines, checks the nesting, and returns each event's properties. */
function parseCalendar(text: string) {
	expect(text.endsWith('\r\n')).toBe(true);
	const lines = text
		.replace(/\r\n[ \t]/g, '')
		.split('\r\n')
		.slice(0, -1);
	expect(lines[0]).toBe('BEGIN:VCALENDAR');
	expect(lines.at(-1)).toBe('END:VCALENDAR');
	expect(lines).toContain('VERSION:2.0');
	const events: Record<string, string>[] = [];
	let current: Record<string, string> | null = null;
	for (const line of lines) {
		if (line === 'BEGIN:VEVENT') {
			expect(current).toBeNull();
			current = {};
		} else if (line === 'END:VEVENT') {
			expect(current).not.toBeNull();
			events.push(current!);
			current = null;
		} else if (current) {
			const colon = line.indexOf(':');
			current[line.slice(0, colon)] = line.slice(colon + 1).replace(/\\([,;\\])/g, '$1');
		}
	}
	expect(current).toBeNull();
	return events;
}

const summaries = (events: Record<string, string>[]) => events.map((e) => e.SUMMARY);
const compact = (iso: string) => iso.replaceAll('-', '');

beforeAll(async () => {
	[ops, finance] = [await createStaff('ops'), await createStaff('finance')];
	[shopA, shopB] = [await workshop(), await workshop()];
});

describe('the secret link', () => {
	it('is shown once as a URL, stored only as a hash, and answers with the feed', async () => {
		const { url } = await createCalendarFeed(shopA.admin);
		expect(url).toMatch(/^http:\/\/bezel\.test\/calendar\/[a-z2-7]{32}\.ics$/);
		const token = tokenOf(url).replace('.ics', '');
		const rows = await asSystem((tx) => tx.select().from(calendarFeed).where(eq(calendarFeed.userId, shopA.admin.userId)));
		expect(rows).toHaveLength(1);
		expect(rows[0].tokenHash).toBe(hashToken(token));
		expect(JSON.stringify(rows)).not.toContain(token);

		const status = await getCalendarFeedStatus(shopA.admin);
		expect(status).toEqual({ active: true, createdAt: rows[0].createdAt, lastUsedAt: null });
		expect(JSON.stringify(status)).not.toContain(token);

		// with and without the .ics a calendar app may or may not keep
		expect(await renderCalendarFeed(`${token}.ics`)).toContain('BEGIN:VCALENDAR');
		expect(await renderCalendarFeed(token)).toContain('BEGIN:VCALENDAR');
	});

	it('records the last use at most once an hour', async () => {
		const { url } = await createCalendarFeed(shopB.admin);
		expect((await getCalendarFeedStatus(shopB.admin)).lastUsedAt).toBeNull();
		await renderCalendarFeed(tokenOf(url));
		const first = (await getCalendarFeedStatus(shopB.admin)).lastUsedAt;
		expect(first).toBeInstanceOf(Date);
		await renderCalendarFeed(tokenOf(url));
		expect((await getCalendarFeedStatus(shopB.admin)).lastUsedAt).toEqual(first);
		// an hour and a bit later it is written again
		await asSystem((tx) =>
			tx
				.update(calendarFeed)
				.set({ lastUsedAt: new Date(Date.now() - 61 * 60_000) })
				.where(eq(calendarFeed.tokenHash, hashToken(tokenOf(url).replace('.ics', ''))))
		);
		await renderCalendarFeed(tokenOf(url));
		expect((await getCalendarFeedStatus(shopB.admin)).lastUsedAt!.getTime()).toBeGreaterThan(Date.now() - 60_000);
	});

	it('stops working when revoked, and a new link ends the old one', async () => {
		const person = await createVendorUser(shopA.vendorId, shopA.name, 'vendor_member');
		const first = tokenOf((await createCalendarFeed(person)).url);
		const second = tokenOf((await createCalendarFeed(person)).url);
		expect(second).not.toBe(first);
		expect(await renderCalendarFeed(first)).toBeNull();
		expect(await renderCalendarFeed(second)).not.toBeNull();
		const rows = await asSystem((tx) => tx.select().from(calendarFeed).where(eq(calendarFeed.userId, person.userId)));
		expect(rows.filter((r) => r.revokedAt === null)).toHaveLength(1);

		expect(await revokeCalendarFeed(person)).toBe(true);
		expect(await renderCalendarFeed(second)).toBeNull();
		expect(await getCalendarFeedStatus(person)).toEqual({ active: false, createdAt: null, lastUsedAt: null });
		expect(await revokeCalendarFeed(person)).toBe(false);
	});

	it('answers nothing for a disabled person, an unknown token or a malformed one', async () => {
		const person = await createVendorUser(shopA.vendorId, shopA.name, 'vendor_member');
		const token = tokenOf((await createCalendarFeed(person)).url);
		await asSystem((tx) => tx.update(appUser).set({ status: 'disabled' }).where(eq(appUser.id, person.userId)));
		expect(await renderCalendarFeed(token)).toBeNull();
		expect(await renderCalendarFeed('a'.repeat(32))).toBeNull();
		expect(await renderCalendarFeed(`${token}x`)).toBeNull();
		expect(await renderCalendarFeed('../../etc/passwd')).toBeNull();
		expect(await renderCalendarFeed('')).toBeNull();
	});

	it('is served by the public route as text/calendar, cacheable privately, and a bad link is a bare 404', async () => {
		const { url } = await createCalendarFeed(ops);
		const call = (token: string) => GET({ params: { token } } as unknown as Parameters<typeof GET>[0]) as Promise<Response>;
		const ok = await call(tokenOf(url));
		expect(ok.status).toBe(200);
		expect(ok.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
		expect(ok.headers.get('cache-control')).toBe('private, max-age=900');
		expect(ok.headers.get('set-cookie')).toBeNull();
		parseCalendar(await ok.text());

		await revokeCalendarFeed(ops);
		const gone = await call(tokenOf(url));
		expect(gone.status).toBe(404);
		expect(await gone.text()).toBe('Not found');
	});
});

describe('what a feed holds', () => {
	let poA: Awaited<ReturnType<typeof acknowledgedPo>>;
	let poB: Awaited<ReturnType<typeof acknowledgedPo>>;
	let launchName: string;

	beforeAll(async () => {
		// line 1 in three bags (one per piece), line 2 in one bag of twelve
		poA = await acknowledgedPo(shopA, [
			purchaseOrderLineForm({ quantity: 3, jobBags: 'per_piece' }),
			purchaseOrderLineForm({ sku: 'ER-2002', description: 'Hoop earrings' })
		]);
		poB = await acknowledgedPo(shopB);
		launchName = `Aurora ${crypto.randomUUID().slice(0, 6)}`;
		await asSystem((tx) => tx.insert(collectionLaunch).values({ name: launchName, launchDate: isoDateIn(60) }));
	});

	it('gives a workshop user their unfinished stages and their lines’ promised dates, and nothing of another workshop', async () => {
		const [piece1] = poA.jobs;
		const stages = await milestonesOf(piece1.id);
		// a finished stage is not due any more
		await asSystem((tx) => tx.update(jobMilestone).set({ status: 'done' }).where(eq(jobMilestone.id, stages[0].id)));

		const events = parseCalendar((await renderCalendarFeed(tokenOf((await createCalendarFeed(shopA.admin)).url)))!);
		const titles = summaries(events);
		expect(titles).toContain(`${stages[1].name} due — ${piece1.number} (${poA.number})`);
		expect(titles).not.toContain(`${stages[0].name} due — ${piece1.number} (${poA.number})`);
		const milestoneEvent = events.find((e) => e.UID === `milestone-${stages[1].id}@bezel`)!;
		expect(milestoneEvent['DTSTART;VALUE=DATE']).toBe(compact(stages[1].plannedFinish));
		expect(milestoneEvent['DTEND;VALUE=DATE']).toBe(compact(shiftDate(stages[1].plannedFinish, 1)));
		expect(milestoneEvent.URL).toBe(`http://bezel.test/workshop/jobs/${piece1.id}`);
		// one event per line's promised date, however many bags
		expect(titles.filter((t) => t.startsWith(`${poA.number} line 1 due`))).toEqual([`${poA.number} line 1 due — 3 pcs`]);
		expect(titles).toContain(`${poA.number} line 2 due — 12 pcs`);
		// 3 bags × 5 stages − 1 done + 1 bag × 5 stages, and two lines
		expect(events).toHaveLength(14 + 5 + 2);
		expect(new Set(events.map((e) => e.UID)).size).toBe(events.length);

		// the other workshop's work, and the brand's launches, are not in it
		const text = JSON.stringify(events);
		expect(text).not.toContain(poB.number);
		expect(text).not.toContain(poB.jobs[0].id);
		expect(text).not.toContain(launchName);
		const other = summaries(parseCalendar((await renderCalendarFeed(tokenOf((await createCalendarFeed(shopB.admin)).url)))!));
		expect(other).toContain(`${poB.number} line 1 due — 12 pcs`);
		expect(other.join('\n')).not.toContain(poA.number);
	});

	it('gives the brand each line’s promised date with the workshop and pieces, and the launches', async () => {
		const events = parseCalendar((await renderCalendarFeed(tokenOf((await createCalendarFeed(finance)).url)))!);
		const titles = summaries(events);
		expect(titles.filter((t) => t.startsWith(`${poA.number} line 1 due`))).toEqual([`${poA.number} line 1 due — ${shopA.name}, 3 pcs`]);
		expect(titles).toContain(`${poA.number} line 2 due — ${shopA.name}, 12 pcs`);
		expect(titles).toContain(`${poB.number} line 1 due — ${shopB.name}, 12 pcs`);
		const launch = events.find((e) => e.SUMMARY === `${launchName} launch`)!;
		expect(launch['DTSTART;VALUE=DATE']).toBe(compact(isoDateIn(60)));
		const line = events.find((e) => e.SUMMARY === `${poA.number} line 2 due — ${shopA.name}, 12 pcs`)!;
		expect(line['DTSTART;VALUE=DATE']).toBe(compact(promised));
		expect(line.URL).toBe(`http://bezel.test/purchase-orders/${poA.poId}`);
		// staff do not get every stage of every job
		expect(titles.some((t) => t.includes(`due — ${poA.jobs[0].number}`))).toBe(false);
	});

	it('keeps thirty days of the past and at most 2,000 events, earliest first', async () => {
		const shop = await workshop();
		const { jobs } = await acknowledgedPo(shop);
		const stages = await milestonesOf(jobs[0].id);
		await asSystem(async (tx) => {
			await tx
				.update(jobMilestone)
				.set({ plannedFinish: shiftDate(today, -31) })
				.where(eq(jobMilestone.id, stages[0].id));
			await tx
				.update(jobMilestone)
				.set({ plannedFinish: shiftDate(today, -30) })
				.where(eq(jobMilestone.id, stages[1].id));
		});
		const near = await listCalendarEvents(shop.admin, today);
		expect(near.map((e) => e.uid)).not.toContain(`milestone-${stages[0].id}@bezel`);
		expect(near[0].uid).toBe(`milestone-${stages[1].id}@bezel`);

		// a job with more stages than a feed holds
		await asSystem((tx) =>
			tx.insert(jobMilestone).values(
				Array.from({ length: MAX_FEED_EVENTS + 50 }, (_, i) => ({
					jobId: jobs[0].id,
					vendorId: shop.vendorId,
					position: 100 + i,
					name: `Extra ${i}`,
					expectedDays: 1,
					plannedStart: today,
					plannedFinish: shiftDate(today, 1 + (i % 300))
				}))
			)
		);
		const capped = await listCalendarEvents(shop.admin, today);
		expect(capped).toHaveLength(MAX_FEED_EVENTS);
		expect(capped.map((e) => e.date)).toEqual(capped.map((e) => e.date).sort());
		expect(capped[0].uid).toBe(`milestone-${stages[1].id}@bezel`);
		// the rest of the workshop's stages fall off the end, not the soonest ones
		const soonest = await asSystem((tx) =>
			tx
				.select({ id: jobMilestone.id })
				.from(jobMilestone)
				.where(and(eq(jobMilestone.jobId, jobs[0].id), eq(jobMilestone.plannedFinish, shiftDate(today, 1))))
		);
		const uids = new Set(capped.map((e) => e.uid));
		expect(soonest.every((m) => uids.has(`milestone-${m.id}@bezel`))).toBe(true);
	});
});
