/**
 * Job-bag labels: one job's, or every open job of a PO, as a 4×6 in label per page or an A4 sheet.
 * The QR code holds the scan URL (/j/<job number>), which opens the job after sign-in — and answers
 * 404 to anyone from another workshop, so a label found on the floor opens nothing.
 */
import { isUuid } from '#lib/domain/ids.ts';
import { error, type RequestEvent } from '@sveltejs/kit';
import { and, asc, eq, ne } from 'drizzle-orm';
import { findAlloy } from '#lib/domain/purchase-orders/alloys.ts';
import { formatGrams } from '#lib/format/weight.ts';
import { brandSettings, productionJob, purchaseOrderLine, vendor } from '#lib/server/db/schema/index.ts';
import { requireSignedIn, requireStaff, withActor, type Actor } from '#lib/server/auth/actor.ts';
import { notFound } from '#lib/server/errors.ts';
import { inlinePdf, requireActor } from '#lib/server/http.ts';
import { getPlatform } from '#lib/server/platform.ts';
import { renderJobLabelsPdf, type JobLabel, type LabelFormat } from '#lib/server/pdf/job-labels.ts';

export const scanUrl = (jobNumber: string) => `${getPlatform().origin}/j/${jobNumber}`;

/** The labels of one job, or of every job of a PO that is not cancelled, in job-number order. */
export async function getJobLabels(
	actor: Actor,
	target: { jobId: string } | { poId: string }
): Promise<{ labels: JobLabel[]; name: string }> {
	requireSignedIn(actor);
	if (actor.kind === 'staff') requireStaff(actor);
	const id = 'jobId' in target ? target.jobId : target.poId;
	if (!isUuid(id)) throw notFound('jobId' in target ? 'That job' : 'That purchase order');
	return withActor(actor, async (tx) => {
		const rows = await tx
			.select({
				job: {
					number: productionJob.number,
					vendorId: productionJob.vendorId,
					poNumber: productionJob.poNumber,
					sku: productionJob.sku,
					description: productionJob.description,
					quantity: productionJob.quantity,
					pieceNo: productionJob.pieceNo,
					promisedDate: productionJob.promisedDate
				},
				line: {
					lineNo: purchaseOrderLine.lineNo,
					alloy: purchaseOrderLine.alloy,
					size: purchaseOrderLine.size,
					targetWeightMg: purchaseOrderLine.targetWeightMg,
					weightToleranceMg: purchaseOrderLine.weightToleranceMg,
					stoneSpec: purchaseOrderLine.stoneSpec
				},
				vendorName: vendor.name
			})
			.from(productionJob)
			.innerJoin(purchaseOrderLine, eq(purchaseOrderLine.id, productionJob.lineId))
			.innerJoin(vendor, eq(vendor.id, productionJob.vendorId))
			.where(
				'jobId' in target
					? eq(productionJob.id, target.jobId)
					: and(eq(productionJob.purchaseOrderId, target.poId), ne(productionJob.status, 'cancelled'))
			)
			.orderBy(asc(purchaseOrderLine.lineNo), asc(productionJob.pieceNo));
		const visible = rows.filter((r) => actor.kind === 'staff' || r.job.vendorId === actor.vendorId);
		if (visible.length === 0) throw notFound('jobId' in target ? 'That job' : 'Job bags for that purchase order');
		const [settings] = await tx.select({ brandName: brandSettings.brandName }).from(brandSettings).limit(1);
		const labels = visible.map(({ job, line, vendorName }): JobLabel => ({
			number: job.number,
			url: scanUrl(job.number),
			poNumber: job.poNumber,
			lineNo: line.lineNo,
			sku: job.sku,
			description: job.description,
			quantity: job.quantity,
			pieceNo: job.pieceNo,
			alloy: findAlloy(line.alloy)?.label ?? line.alloy,
			size: line.size,
			targetWeight:
				line.targetWeightMg === null
					? ''
					: `${formatGrams(line.targetWeightMg)}${line.weightToleranceMg ? ` ± ${formatGrams(line.weightToleranceMg)}` : ''}`,
			stoneSpec: line.stoneSpec,
			vendorName,
			promisedDate: job.promisedDate,
			brandName: settings?.brandName ?? ''
		}));
		return { labels, name: 'jobId' in target ? visible[0].job.number : `${visible[0].job.poNumber}-labels` };
	});
}

/** GET …/label.pdf or …/labels.pdf?format=4x6|a4 for both sides' routes. */
export async function jobLabelsResponse(event: RequestEvent, target: { jobId: string } | { poId: string }): Promise<Response> {
	const actor = requireActor(event);
	const asked = event.url.searchParams.get('format') ?? '4x6';
	if (asked !== '4x6' && asked !== 'a4') error(400, 'Choose the 4x6 label or the A4 sheet.');
	const { labels, name } = await getJobLabels(actor, target);
	const pdf = await renderJobLabelsPdf(labels, asked as LabelFormat);
	return inlinePdf(pdf, `${name}-${asked}.pdf`);
}
