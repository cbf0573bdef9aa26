/**
 * Custom-order lists: the brand's (filters by status, designer, search, whose move it is; sorting;
 * pagination; CSV) and the designer's own (the orders assigned to their workshop and what waits on
 * them). The designer's query names only the columns its grants allow.
 */
import { and, asc, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { minorToDecimalString } from '#lib/domain/money.ts';
import type { CustomOrderListQuery, DesignerListQuery } from '#lib/domain/custom-orders/schemas.ts';
import { customOrderStatusLabels, type CustomOrderStatus } from '#lib/domain/custom-orders/status.ts';
import { requireStaff, requireVendor, withActor, type Actor } from '#lib/server/auth/actor.ts';
import { toCsv } from '#lib/server/csv.ts';
import { customOrder, vendor } from '#lib/server/db/schema/index.ts';
import { selectDesigners } from './queries.ts';
import { containsPattern } from '#lib/server/db/like.ts';
import { fixedLimit } from '#lib/server/db/fixed-limit.ts';

export const CUSTOM_ORDER_PAGE_SIZE = 25;
export const DESIGNER_PAGE_SIZE = 20;
const EXPORT_CAP = 50_000;

const openStatuses = sql`('brief', 'in_design', 'approved', 'in_production')`;

/**
 * The newest version (of those the reader may see) is waiting for the brand: submitted, by the
 * order's current designer. Mirrors `waitingVersion` in the domain. Written with the table's name:
 * drizzle leaves columns unqualified in a one-table select list, where `id` would be the subquery's.
 */
const versionWaiting = sql<boolean>`(custom_order.status = 'in_design' and exists (
	select 1 from design_version v
	where v.custom_order_id = custom_order.id and v.status = 'submitted' and v.vendor_id = custom_order.vendor_id
		and v.version_no = (select max(w.version_no) from design_version w where w.custom_order_id = custom_order.id)))`;
const waitingOnDesigner = sql<boolean>`(custom_order.status = 'in_design' and not ${versionWaiting})`;
const latestVersionNo = () =>
	sql<number | null>`(select max(w.version_no) from design_version w where w.custom_order_id = custom_order.id)`.mapWith((v) =>
		v === null ? null : Number(v)
	);
const paymentSum = (paidOnly: boolean) =>
	sql<number>`(select coalesce(sum(p.amount_minor), 0) from custom_order_payment p where p.custom_order_id = custom_order.id${paidOnly ? sql` and p.paid_on is not null` : sql``})`.mapWith(
		Number
	);

function staffFilter(query: CustomOrderListQuery): SQL | undefined {
	const conditions: (SQL | undefined)[] = [];
	if (query.status === 'open') conditions.push(sql`${customOrder.status} in ${openStatuses}`);
	else if (query.status !== 'all') conditions.push(eq(customOrder.status, query.status as CustomOrderStatus));
	if (query.designer) conditions.push(eq(customOrder.vendorId, query.designer));
	if (query.waiting === 'brand') conditions.push(versionWaiting);
	if (query.waiting === 'designer') conditions.push(waitingOnDesigner);
	if (query.q) {
		const pattern = containsPattern(query.q);
		conditions.push(or(ilike(customOrder.number, pattern), ilike(customOrder.title, pattern), ilike(customOrder.clientName, pattern)));
	}
	return and(...conditions);
}

const sortColumns = {
	number: customOrder.number,
	title: customOrder.title,
	status: customOrder.status,
	due: customOrder.dueDate,
	created: customOrder.createdAt
} as const;

export interface CustomOrderListRow {
	id: string;
	number: string;
	title: string;
	clientName: string;
	status: CustomOrderStatus;
	designerName: string | null;
	dueDate: string | null;
	currency: string;
	budgetMinor: number | null;
	latestVersionNo: number | null;
	waitingOnBrand: boolean;
	createdAt: Date;
}

export interface CustomOrderListPage {
	rows: CustomOrderListRow[];
	total: number;
	page: number;
	pageCount: number;
	designers: { id: string; name: string }[];
	hasAny: boolean;
}

export async function listCustomOrders(actor: Actor, query: CustomOrderListQuery): Promise<CustomOrderListPage> {
	requireStaff(actor);
	return withActor(actor, async (tx) => {
		const where = staffFilter(query);
		const order = query.dir === 'asc' ? asc : desc;
		const rows = await tx
			.select({
				id: customOrder.id,
				number: customOrder.number,
				title: customOrder.title,
				clientName: customOrder.clientName,
				status: customOrder.status,
				designerName: vendor.name,
				dueDate: customOrder.dueDate,
				currency: customOrder.currency,
				budgetMinor: customOrder.budgetMinor,
				latestVersionNo: latestVersionNo(),
				waitingOnBrand: sql<boolean>`${versionWaiting}`.mapWith(Boolean),
				createdAt: customOrder.createdAt
			})
			.from(customOrder)
			.leftJoin(vendor, eq(vendor.id, customOrder.vendorId))
			.where(where)
			.orderBy(order(sortColumns[query.sort]), desc(customOrder.createdAt), asc(customOrder.id))
			.limit(fixedLimit(CUSTOM_ORDER_PAGE_SIZE))
			.offset((query.page - 1) * CUSTOM_ORDER_PAGE_SIZE);
		const [{ total }] = await tx
			.select({ total: sql<number>`count(*)::int` })
			.from(customOrder)
			.where(where);
		const [any] = total > 0 ? [{ id: '' }] : await tx.select({ id: customOrder.id }).from(customOrder).limit(1);
		return {
			rows,
			total,
			page: query.page,
			pageCount: Math.max(1, Math.ceil(total / CUSTOM_ORDER_PAGE_SIZE)),
			designers: (await selectDesigners(tx)).map((d) => ({ id: d.id, name: d.name })),
			hasAny: any !== undefined
		};
	});
}

export async function exportCustomOrdersCsv(actor: Actor, query: CustomOrderListQuery): Promise<string> {
	requireStaff(actor);
	const rows = await withActor(actor, (tx) =>
		tx
			.select({
				number: customOrder.number,
				title: customOrder.title,
				clientName: customOrder.clientName,
				status: customOrder.status,
				designerName: vendor.name,
				alloy: customOrder.alloy,
				dueDate: customOrder.dueDate,
				currency: customOrder.currency,
				budgetMinor: customOrder.budgetMinor,
				latestVersionNo: latestVersionNo(),
				paidMinor: paymentSum(true),
				scheduledMinor: paymentSum(false),
				createdAt: customOrder.createdAt
			})
			.from(customOrder)
			.leftJoin(vendor, eq(vendor.id, customOrder.vendorId))
			.where(staffFilter(query))
			.orderBy(desc(customOrder.createdAt))
			.limit(fixedLimit(EXPORT_CAP))
	);
	const money = (minor: number | null, currency: string) => (minor === null ? '' : minorToDecimalString(minor, currency));
	return toCsv(
		[
			'Number',
			'Title',
			'Client',
			'Status',
			'Designer',
			'Metal',
			'Due',
			'Currency',
			'Budget',
			'Agreed',
			'Paid',
			'Outstanding',
			'Versions',
			'Created'
		],
		rows.map((r) => [
			r.number,
			r.title,
			r.clientName,
			customOrderStatusLabels[r.status],
			r.designerName ?? '',
			r.alloy,
			r.dueDate ?? '',
			r.currency,
			money(r.budgetMinor, r.currency),
			money(r.scheduledMinor, r.currency),
			money(r.paidMinor, r.currency),
			money(r.scheduledMinor - r.paidMinor, r.currency),
			r.latestVersionNo ?? 0,
			r.createdAt.toISOString().slice(0, 10)
		])
	);
}

export interface DesignerListRow {
	id: string;
	number: string;
	title: string;
	status: CustomOrderStatus;
	dueDate: string | null;
	latestVersionNo: number | null;
	/** the designer has a move to make: a first version, or a new one after changes were asked */
	waitingOnYou: boolean;
	updatedAt: Date;
}

export interface DesignerListPage {
	rows: DesignerListRow[];
	total: number;
	page: number;
	pageCount: number;
	waitingOnYou: number;
}

/** The designer's orders: their workshop's only (the filter and RLS), columns the grants allow only. */
export async function listDesignerOrders(actor: Actor, query: DesignerListQuery): Promise<DesignerListPage> {
	requireVendor(actor);
	return withActor(actor, async (tx) => {
		const mine = eq(customOrder.vendorId, actor.vendorId);
		const where = and(mine, query.status === 'open' ? sql`${customOrder.status} in ${openStatuses}` : undefined);
		const rows = await tx
			.select({
				id: customOrder.id,
				number: customOrder.number,
				title: customOrder.title,
				status: customOrder.status,
				dueDate: customOrder.dueDate,
				latestVersionNo: latestVersionNo(),
				waitingOnYou: sql<boolean>`${waitingOnDesigner}`.mapWith(Boolean),
				updatedAt: customOrder.updatedAt
			})
			.from(customOrder)
			.where(where)
			// what waits on them first, then the soonest due
			.orderBy(desc(waitingOnDesigner), sql`${customOrder.dueDate} asc nulls last`, desc(customOrder.createdAt), asc(customOrder.id))
			.limit(fixedLimit(DESIGNER_PAGE_SIZE))
			.offset((query.page - 1) * DESIGNER_PAGE_SIZE);
		const [counts] = await tx
			.select({
				total: sql<number>`count(*)::int`,
				waiting: sql<number>`(count(*) filter (where ${waitingOnDesigner}))::int`
			})
			.from(customOrder)
			.where(where);
		return {
			rows,
			total: counts.total,
			page: query.page,
			pageCount: Math.max(1, Math.ceil(counts.total / DESIGNER_PAGE_SIZE)),
			waitingOnYou: counts.waiting
		};
	});
}
