/**
 * Oversight of customers' pieces at the repair workshops, for the brand's staff: what each workshop
 * holds against its insurance limit, and how long repairs take against the turnaround target.
 *
 * "Held" counts the repairs received, in work or done, and also those only assigned: ops assigns a
 * workshop when the piece goes out, so an assigned piece is on its way and at the brand's risk there.
 * A piece shipped back is with the carrier, on its way home, and no longer counts.
 */
import { todayIso } from '#lib/format/dates.ts';
import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { formatMoney } from '#lib/domain/money.ts';
import { requireStaff, withActor, type Actor } from '#lib/server/auth/actor.ts';
import { rowsOf } from '#lib/server/db/client.ts';
import { repairJob, vendor, type RepairStatus } from '#lib/server/db/schema/index.ts';
import type { Tx } from '#lib/server/db/scope.ts';
import { invalid } from '#lib/server/errors.ts';
import { selectBrandSettings } from '#lib/server/settings/queries.ts';
import { inIds } from '#lib/server/db/id-list.ts';

/** A repair in these states is at the workshop or on its way there. */
export const repairStatusesAtWorkshop = ['assigned', 'received', 'in_work', 'done'] as const satisfies readonly RepairStatus[];

/** The calendar day (UTC, like every date Bezel shows) the repair went to its workshop. */
export const repairAssignedOn = sql`(${repairJob.assignedAt} at time zone 'UTC')::date`;

/** Overdue repairs listed per workshop; the count says how many there are in all. */
export const OVERDUE_LISTED = 20;

// ——— goods held ———

export interface HeldValue {
	currency: string;
	declaredValueMinor: number;
	repairs: number;
}

export interface GoodsHeldAtWorkshop {
	vendorId: string;
	vendorName: string;
	/** all the workshop holds or is about to receive */
	repairs: number;
	/** of which assigned and not yet received */
	onTheWay: number;
	/** declared values summed per currency, the limit's currency first */
	values: HeldValue[];
	insuranceLimitMinor: number | null;
	/** the workshop's currency, in which its insurance limit is set */
	limitCurrency: string;
	/** declared value in the limit's currency: the part that can be compared with it */
	comparedMinor: number;
	/** share of the limit taken, rounded down (so 100 means all of it); null without a limit */
	limitUsedPercent: number | null;
	overLimit: boolean;
	/** some declared values are in another currency than the limit and are not compared with it */
	otherCurrencies: boolean;
	/** the comparison in words */
	note: string;
}

function limitNote(row: Omit<GoodsHeldAtWorkshop, 'note'>): string {
	const others = row.values.filter((v) => v.currency !== row.limitCurrency).map((v) => v.currency);
	const otherWords = others.length
		? `Values in ${others.join(', ')} are in another currency than the limit (${row.limitCurrency}): not compared.`
		: '';
	if (row.insuranceLimitMinor === null) return ['No insurance limit is on file for this workshop.', otherWords].filter(Boolean).join(' ');
	const limit = formatMoney(row.insuranceLimitMinor, row.limitCurrency);
	if (others.length && row.comparedMinor === 0)
		return `All declared values are in another currency than the insurance limit of ${limit}: not compared.`;
	const main = row.overLimit
		? `Over the insurance limit of ${limit} by ${formatMoney(row.comparedMinor - row.insuranceLimitMinor, row.limitCurrency)}.`
		: `${row.limitUsedPercent}% of the insurance limit of ${limit}.`;
	return [main, otherWords].filter(Boolean).join(' ');
}

/** Each workshop holding customers' pieces, those over their insurance limit first, then the fullest. */
export async function getGoodsHeldByVendor(actor: Actor): Promise<GoodsHeldAtWorkshop[]> {
	requireStaff(actor);
	return withActor(actor, (tx) => selectGoodsHeld(tx));
}

async function selectGoodsHeld(tx: Tx): Promise<GoodsHeldAtWorkshop[]> {
	const rows = await tx
		.select({
			vendorId: vendor.id,
			vendorName: vendor.name,
			limitCurrency: vendor.currency,
			insuranceLimitMinor: vendor.insuranceLimitMinor,
			currency: repairJob.currency,
			repairs: sql<number>`count(*)::int`,
			onTheWay: sql<number>`(count(*) filter (where ${repairJob.status} = 'assigned'))::int`,
			declaredValueMinor: sql<number>`sum(${repairJob.declaredValueMinor})`.mapWith(Number)
		})
		.from(repairJob)
		.innerJoin(vendor, eq(vendor.id, repairJob.vendorId))
		.where(inArray(repairJob.status, repairStatusesAtWorkshop))
		.groupBy(vendor.id, repairJob.currency);

	const byVendor = new Map<string, Omit<GoodsHeldAtWorkshop, 'note'>>();
	for (const row of rows) {
		let held = byVendor.get(row.vendorId);
		if (!held) {
			held = {
				vendorId: row.vendorId,
				vendorName: row.vendorName,
				repairs: 0,
				onTheWay: 0,
				values: [],
				insuranceLimitMinor: row.insuranceLimitMinor,
				limitCurrency: row.limitCurrency,
				comparedMinor: 0,
				limitUsedPercent: null,
				overLimit: false,
				otherCurrencies: false
			};
			byVendor.set(row.vendorId, held);
		}
		held.repairs += row.repairs;
		held.onTheWay += row.onTheWay;
		held.values.push({ currency: row.currency, declaredValueMinor: row.declaredValueMinor, repairs: row.repairs });
		if (row.currency === row.limitCurrency) held.comparedMinor = row.declaredValueMinor;
		else held.otherCurrencies = true;
	}

	const result: GoodsHeldAtWorkshop[] = [];
	for (const held of byVendor.values()) {
		held.values.sort(
			(a, b) =>
				Number(b.currency === held.limitCurrency) - Number(a.currency === held.limitCurrency) || a.currency.localeCompare(b.currency)
		);
		if (held.insuranceLimitMinor !== null) {
			held.overLimit = held.comparedMinor > held.insuranceLimitMinor;
			// a zero limit is no cover at all: any value is all of it and more
			held.limitUsedPercent =
				held.insuranceLimitMinor === 0
					? held.comparedMinor > 0
						? 100
						: 0
					: Math.floor((held.comparedMinor * 100) / held.insuranceLimitMinor);
		}
		result.push({ ...held, note: limitNote(held) });
	}
	return result.sort(
		(a, b) =>
			Number(b.overLimit) - Number(a.overLimit) ||
			(b.limitUsedPercent ?? -1) - (a.limitUsedPercent ?? -1) ||
			a.vendorName.localeCompare(b.vendorName)
	);
}

// ——— turnaround ———

export interface TurnaroundFigures {
	/** repairs shipped back in the period */
	shippedBack: number;
	/** days from assignment to shipping back, one decimal; null when none was shipped back */
	averageDays: number | null;
	/** 90% of the repairs were shipped back within this many days */
	p90Days: number | null;
	withinTarget: number;
	/** rounded down, so 100 means every one; null when none was shipped back */
	withinTargetPercent: number | null;
	/** open repairs past the target today */
	overdueCount: number;
}

export interface OverdueRepair {
	id: string;
	number: string;
	status: RepairStatus;
	assignedOn: string;
	/** assigned on + the target */
	dueOn: string;
	daysOver: number;
}

export interface TurnaroundAtWorkshop extends TurnaroundFigures {
	vendorId: string;
	vendorName: string;
	/** the most overdue first, at most OVERDUE_LISTED */
	overdue: OverdueRepair[];
}

export interface RepairTurnaround {
	from: string;
	to: string;
	today: string;
	targetDays: number;
	overall: TurnaroundFigures;
	/** by workshop name */
	workshops: TurnaroundAtWorkshop[];
}

const periodSchema = z
	.object({
		from: z.iso.date({ error: 'Enter the start of the period as a date like 2026-01-31.' }),
		to: z.iso.date({ error: 'Enter the end of the period as a date like 2026-12-31.' }),
		today: z.iso.date().optional()
	})
	.refine((period) => period.from <= period.to, { path: ['to'], error: 'The end of the period must not be before its start.' });

/**
 * Per workshop: the repairs shipped back between `from` and `to` (inclusive), how many days they took
 * from assignment and how many made the brand's turnaround target; and the open repairs past the target
 * as of `today`. A workshop appears when it has either.
 */
export async function getRepairTurnaround(actor: Actor, period: { from: string; to: string; today?: string }): Promise<RepairTurnaround> {
	requireStaff(actor);
	const parsed = periodSchema.safeParse(period);
	if (!parsed.success) {
		const fields: Record<string, string> = {};
		for (const issue of parsed.error.issues) fields[String(issue.path[0] ?? '')] ??= issue.message;
		throw invalid('Choose the period again: see the messages below.', fields);
	}
	const { from, to } = parsed.data;
	const today = parsed.data.today ?? todayIso();
	return withActor(actor, async (tx) => {
		const targetDays = (await selectBrandSettings(tx)).repairTurnaroundDays;
		const daysTaken = sql`greatest(${repairJob.shippedBackOn} - ${repairAssignedOn}, 0)`;
		const shipped = await tx
			.select({
				vendorId: repairJob.vendorId,
				shippedBack: sql<number>`count(*)::int`,
				averageDays: sql<number | null>`round(avg(${daysTaken}), 1)::float8`,
				p90Days: sql<number | null>`(percentile_disc(0.9) within group (order by ${daysTaken}))::int`,
				withinTarget: sql<number>`(count(*) filter (where ${daysTaken} <= ${targetDays}::int))::int`
			})
			.from(repairJob)
			.where(
				and(
					isNotNull(repairJob.vendorId),
					isNotNull(repairJob.assignedAt),
					sql`${repairJob.shippedBackOn} between ${from}::date and ${to}::date`
				)
			)
			// the empty set is the all-workshops row, with a null vendor
			.groupBy(sql`grouping sets ((${repairJob.vendorId}), ())`);

		// the most overdue of each workshop, and how many there are, in one pass over the open repairs
		const overdueRows = rowsOf<OverdueRepair & { vendorId: string; total: number }>(
			await tx.execute(sql`
				select vendor_id as "vendorId", id, number, status, assigned_on::text as "assignedOn", due_on::text as "dueOn",
					(${today}::date - due_on)::int as "daysOver", total
				from (
					select r.vendor_id, r.id, r.number, r.status, a.assigned_on, a.assigned_on + ${targetDays}::int as due_on,
						row_number() over (partition by r.vendor_id order by r.assigned_at, r.id) as position,
						(count(*) over (partition by r.vendor_id))::int as total
					from repair_job r
					cross join lateral (select (r.assigned_at at time zone 'UTC')::date as assigned_on) a
					where r.status in (${sql.join(
						repairStatusesAtWorkshop.map((s) => sql`${s}`),
						sql`, `
					)})
						and r.vendor_id is not null and r.assigned_at is not null
						and a.assigned_on + ${targetDays}::int < ${today}::date
				) o
				where position <= ${OVERDUE_LISTED}
				order by vendor_id, position`)
		);

		const vendorIds = [
			...new Set([...shipped.map((s) => s.vendorId), ...overdueRows.map((o) => o.vendorId)].filter((id): id is string => !!id))
		];
		const names =
			vendorIds.length === 0
				? []
				: await tx.select({ id: vendor.id, name: vendor.name }).from(vendor).where(inIds(vendor.id, vendorIds)).orderBy(asc(vendor.name));

		const figures = (row: (typeof shipped)[number] | undefined, overdueCount: number): TurnaroundFigures => ({
			shippedBack: row?.shippedBack ?? 0,
			averageDays: row?.averageDays ?? null,
			p90Days: row?.p90Days ?? null,
			withinTarget: row?.withinTarget ?? 0,
			withinTargetPercent: row && row.shippedBack > 0 ? Math.floor((row.withinTarget * 100) / row.shippedBack) : null,
			overdueCount
		});
		const workshops = names.map(({ id, name }): TurnaroundAtWorkshop => {
			const overdue = overdueRows.filter((o) => o.vendorId === id);
			return {
				vendorId: id,
				vendorName: name,
				...figures(
					shipped.find((s) => s.vendorId === id),
					overdue[0]?.total ?? 0
				),
				overdue: overdue.map(({ id, number, status, assignedOn, dueOn, daysOver }) => ({ id, number, status, assignedOn, dueOn, daysOver }))
			};
		});
		const overdueCount = workshops.reduce((sum, w) => sum + w.overdueCount, 0);
		return {
			from,
			to,
			today,
			targetDays,
			overall: figures(
				shipped.find((s) => s.vendorId === null),
				overdueCount
			),
			workshops
		};
	});
}
