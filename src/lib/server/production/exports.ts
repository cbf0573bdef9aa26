/**
 * CSV exports of the two production lists: the operations timeline and a workshop's jobs. Each applies
 * its list's own filter (timelineFilter, workshopJobsFilter) and reads every matching job in one query,
 * in the list's order, up to a cap.
 */
import { asc, eq, sql, type SQL } from 'drizzle-orm';
import type { TimelineQuery } from '#lib/domain/production/timeline-query.ts';
import { todayIso } from '#lib/domain/purchase-orders/schemas.ts';
import { productionJob, purchaseOrderLine, vendor, type JobStatus } from '#lib/server/db/schema/index.ts';
import type { Tx } from '#lib/server/db/scope.ts';
import { requireStaff, requireVendor, withActor, type Actor } from '#lib/server/auth/actor.ts';
import { toCsv } from '#lib/server/csv.ts';
import { workshopJobsFilter, type WorkshopJobQuery } from './queries.ts';
import { timelineFilter } from './timeline.ts';

/** As the PO export: past this many rows a narrower filter serves better than a bigger file. */
export const PRODUCTION_EXPORT_CAP = 50_000;

export interface ProductionExportOptions {
	/** the day the due-week and "due by tomorrow" filters count from */
	today?: string;
	/** rows before the export is cut (tests use a small one) */
	cap?: number;
}

const jobStatusLabels: Record<JobStatus, string> = { open: 'Open', done: 'Done', cancelled: 'Cancelled' };

const headerBefore = ['Job number'];
const headerAfter = [
	'PO number',
	'Line',
	'SKU',
	'Description',
	'Quantity',
	'Piece',
	'Current stage',
	'Status',
	'At risk',
	'Blocked',
	'Risk reason',
	'Promised date',
	'Forecast finish',
	'Started on',
	'Finished on',
	'Collection'
];
/** Ops see every workshop, so they get its name; a workshop's own export leaves it out. */
export const TIMELINE_CSV_HEADER = [...headerBefore, 'Workshop', ...headerAfter];
export const WORKSHOP_JOBS_CSV_HEADER = [...headerBefore, ...headerAfter];

/** The jobs matching `where`, in the lists' order (at risk first, then by forecast), one more than the cap. */
function selectJobs(tx: Tx, where: SQL, cap: number) {
	// the line's number and the workshop's name are the only things not copied onto the job: joins for
	// all rows, not a query per row
	return tx
		.select({
			number: productionJob.number,
			vendorName: vendor.name,
			poNumber: productionJob.poNumber,
			lineNo: purchaseOrderLine.lineNo,
			sku: productionJob.sku,
			description: productionJob.description,
			quantity: productionJob.quantity,
			pieceNo: productionJob.pieceNo,
			currentStage: productionJob.currentStage,
			status: productionJob.status,
			atRisk: productionJob.atRisk,
			blocked: productionJob.blocked,
			riskReason: productionJob.riskReason,
			promisedDate: productionJob.promisedDate,
			forecastFinish: productionJob.forecastFinish,
			startedOn: productionJob.startedOn,
			finishedOn: productionJob.finishedOn,
			collection: productionJob.collection
		})
		.from(productionJob)
		.innerJoin(vendor, eq(vendor.id, productionJob.vendorId))
		.leftJoin(purchaseOrderLine, eq(purchaseOrderLine.id, productionJob.lineId))
		.where(where)
		.orderBy(sql`${productionJob.atRisk} desc nulls last`, asc(productionJob.forecastFinish), asc(productionJob.id))
		.limit(cap + 1);
}

type JobCsvRow = Awaited<ReturnType<typeof selectJobs>>[number];

const yesNo = (value: boolean) => (value ? 'yes' : 'no');

function toJobsCsv(header: string[], rows: JobCsvRow[], cap: number, withWorkshop: boolean): string {
	const cells = rows.slice(0, cap).map((r) => [
		r.number,
		...(withWorkshop ? [r.vendorName] : []),
		r.poNumber,
		r.lineNo ?? '',
		r.sku,
		r.description,
		r.quantity,
		// a batch has no piece number
		r.pieceNo ?? '',
		r.currentStage ?? '',
		jobStatusLabels[r.status],
		yesNo(r.atRisk),
		yesNo(r.blocked),
		r.riskReason,
		r.promisedDate,
		r.forecastFinish,
		r.startedOn ?? '',
		r.finishedOn ?? '',
		r.collection ?? ''
	]);
	if (rows.length > cap) {
		const note = `Cut at ${cap.toLocaleString('en-US')} jobs: narrow the filters to export the rest.`;
		cells.push([note, ...header.slice(1).map(() => '')]);
	}
	return toCsv(header, cells);
}

/** The operations timeline as filtered on screen, every page (open jobs, as the timeline shows). Staff only. */
export async function exportProductionTimelineCsv(
	actor: Actor,
	query: TimelineQuery,
	options: ProductionExportOptions = {}
): Promise<string> {
	requireStaff(actor);
	const cap = options.cap ?? PRODUCTION_EXPORT_CAP;
	const where = timelineFilter(query, options.today ?? todayIso());
	const rows = await withActor(actor, (tx) => selectJobs(tx, where, cap));
	return toJobsCsv(TIMELINE_CSV_HEADER, rows, cap, true);
}

/** The workshop's jobs as filtered on screen, every page; only ever the actor's own workshop. */
export async function exportWorkshopJobsCsv(actor: Actor, query: WorkshopJobQuery, options: ProductionExportOptions = {}): Promise<string> {
	requireVendor(actor);
	const cap = options.cap ?? PRODUCTION_EXPORT_CAP;
	// the workshop comes from the session, never from the address bar
	const where = workshopJobsFilter(actor.vendorId, query, options.today ?? todayIso());
	const rows = await withActor(actor, (tx) => selectJobs(tx, where, cap));
	return toJobsCsv(WORKSHOP_JOBS_CSV_HEADER, rows, cap, false);
}
