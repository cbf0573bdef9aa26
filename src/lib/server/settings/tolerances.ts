/**
 * Matching tolerances: the company's (administrators) and a workshop's override (administrators and
 * finance). Both are audited, and both re-match the invoices they can change in the same transaction,
 * so no invoice is left judged by a tolerance that no longer applies.
 */
import { isUuid } from '#lib/domain/ids.ts';
import { and, eq, ne, sql } from 'drizzle-orm';
import { describeTolerances } from '#lib/domain/invoices/explain.ts';
import { resolveTolerances, type Tolerances } from '#lib/domain/invoices/tolerance.ts';
import {
	companyTolerancesFrom,
	companyTolerancesSchema,
	overrideBasis,
	parseCompanyTolerances,
	parseVendorTolerances,
	vendorOverrideFrom,
	vendorTolerancesSchema,
	type CompanyToleranceColumns,
	type CompanyTolerancesInput,
	type VendorToleranceColumns,
	type VendorTolerancesInput
} from '#lib/domain/settings/tolerances.ts';
import { requireStaff, withActor, type Actor } from '#lib/server/auth/actor.ts';
import { changedFields, recordAudit } from '#lib/server/audit/audit.ts';
import { brandSettings, vendor, vendorInvoice } from '#lib/server/db/schema/index.ts';
import type { Tx } from '#lib/server/db/scope.ts';
import { conflict, invalid, notFound } from '#lib/server/errors.ts';
import { rematchVendors } from '#lib/server/invoices/rematch.ts';
import { selectBrandSettings, type BrandSettings } from './queries.ts';

/** who may set a workshop's own tolerances: a money decision, not an operations one */
export const overrideEditors = ['admin', 'finance'] as const;

const companyColumns = (s: BrandSettings): CompanyToleranceColumns => ({
	priceTolerancePercentBp: s.priceTolerancePercentBp,
	priceToleranceAbsoluteThousandths: s.priceToleranceAbsoluteThousandths,
	priceAllowanceRule: s.priceAllowanceRule,
	quantityTolerancePieces: s.quantityTolerancePieces,
	overReceiptAllowanceBp: s.overReceiptAllowanceBp
});

const overrideColumns = (v: VendorToleranceColumns): VendorToleranceColumns => ({
	priceTolerancePercentBp: v.priceTolerancePercentBp,
	priceToleranceAbsoluteThousandths: v.priceToleranceAbsoluteThousandths,
	quantityTolerancePieces: v.quantityTolerancePieces
});

function fieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]): Record<string, string> {
	const fields: Record<string, string> = {};
	for (const issue of issues) fields[String(issue.path[0] ?? '')] ??= issue.message;
	return fields;
}

/** Workshops whose matching a company-wide change can move: those with an invoice not paid yet. */
async function selectVendorsWithOpenInvoices(tx: Tx): Promise<string[]> {
	const rows = await tx.selectDistinct({ vendorId: vendorInvoice.vendorId }).from(vendorInvoice).where(ne(vendorInvoice.status, 'paid'));
	return rows.map((r) => r.vendorId);
}

// ---------------------------------------------------------------- the company's

export interface CompanyTolerancesView {
	columns: CompanyToleranceColumns;
	version: number;
	/** "Price: 1% or $25.00, whichever is smaller; quantity: 0 pcs over accepted." in the home currency */
	description: string;
	homeCurrency: string;
}

function companyView(settings: BrandSettings): CompanyTolerancesView {
	return {
		columns: companyColumns(settings),
		version: settings.version,
		description: describeTolerances(resolveTolerances(companyTolerancesFrom(settings)), settings.homeCurrency),
		homeCurrency: settings.homeCurrency
	};
}

export async function getCompanyTolerances(actor: Actor): Promise<CompanyTolerancesView> {
	requireStaff(actor, ['admin']);
	return withActor(actor, async (tx) => companyView(await selectBrandSettings(tx)));
}

export type UpdateCompanyTolerancesResult =
	{ ok: true; view: CompanyTolerancesView; rematched: number } | { ok: false; current: CompanyTolerancesView };

/**
 * Saves the company's tolerances on the settings row's version (a stale form gets the newer values back),
 * audits the change and re-matches, in the same transaction, every workshop with an invoice not paid yet.
 */
export async function updateCompanyTolerances(actor: Actor, input: CompanyTolerancesInput): Promise<UpdateCompanyTolerancesResult> {
	requireStaff(actor, ['admin']);
	const parsed = companyTolerancesSchema.safeParse(input);
	if (!parsed.success) throw invalid('Some tolerances need attention: see the messages below each one.', fieldErrors(parsed.error.issues));
	const columns = parseCompanyTolerances(parsed.data);
	if (!columns.ok) throw invalid('Some tolerances need attention: see the messages below each one.', columns.errors);
	const { version } = parsed.data;
	return withActor<UpdateCompanyTolerancesResult>(actor, async (tx) => {
		const current = await selectBrandSettings(tx);
		if (version !== current.version) return { ok: false, current: companyView(current) };
		const diff = changedFields<Record<string, unknown>>({ ...companyColumns(current) }, { ...columns.columns });
		if (!diff) return { ok: true, view: companyView(current), rematched: 0 };
		const [updated] = await tx
			.update(brandSettings)
			.set({ ...columns.columns, version: sql`${brandSettings.version} + 1`, updatedAt: sql`now()` })
			.where(and(eq(brandSettings.id, 1), eq(brandSettings.version, current.version)))
			.returning();
		if (!updated) return { ok: false, current: companyView(await selectBrandSettings(tx)) };
		const view = companyView(updated);
		await recordAudit(tx, actor, {
			entityType: 'brand_settings',
			entityId: '1',
			action: 'brand_settings.tolerances_updated',
			summary: `${actor.name} changed the matching tolerances: ${view.description}`,
			before: diff.before,
			after: diff.after
		});
		const vendorIds = await selectVendorsWithOpenInvoices(tx);
		if (vendorIds.length > 0) await rematchVendors(tx, vendorIds);
		return { ok: true, view, rematched: vendorIds.length };
	});
}

// ---------------------------------------------------------------- a workshop's override

export interface VendorTolerancesView {
	vendorId: string;
	vendorName: string;
	currency: string;
	override: VendorToleranceColumns;
	company: CompanyToleranceColumns;
	/** what matching uses for this workshop, in its currency */
	description: string;
	/** the company's, in the workshop's currency, for comparison */
	companyDescription: string;
	source: Tolerances['source'];
	canEdit: boolean;
}

async function vendorView(tx: Tx, actor: Actor & { kind: 'staff' }, vendorId: string): Promise<VendorTolerancesView> {
	const [row] = await tx
		.select({
			id: vendor.id,
			name: vendor.name,
			currency: vendor.currency,
			priceTolerancePercentBp: vendor.priceTolerancePercentBp,
			priceToleranceAbsoluteThousandths: vendor.priceToleranceAbsoluteThousandths,
			quantityTolerancePieces: vendor.quantityTolerancePieces
		})
		.from(vendor)
		.where(eq(vendor.id, vendorId))
		.limit(1);
	if (!row) throw notFound('That workshop');
	const settings = await selectBrandSettings(tx);
	const company = companyTolerancesFrom(settings);
	const resolved = resolveTolerances(company, vendorOverrideFrom(row));
	return {
		vendorId: row.id,
		vendorName: row.name,
		currency: row.currency,
		override: overrideColumns(row),
		company: companyColumns(settings),
		description: describeTolerances(resolved, row.currency),
		companyDescription: describeTolerances(resolveTolerances(company), row.currency),
		source: resolved.source,
		canEdit: (overrideEditors as readonly string[]).includes(actor.role)
	};
}

/** Any staff member may read them (they explain holds); only admin and finance change them. */
export async function getVendorTolerances(actor: Actor, vendorId: string): Promise<VendorTolerancesView> {
	requireStaff(actor);
	if (!isUuid(vendorId)) throw notFound('That workshop');
	return withActor(actor, (tx) => vendorView(tx, actor, vendorId));
}

/**
 * Sets a workshop's own price and/or quantity tolerance, or back to the company's (NULL columns).
 * `basis` is the override the form was opened on: a save made on another one is refused.
 */
export async function updateVendorTolerances(actor: Actor, vendorId: string, input: VendorTolerancesInput): Promise<VendorTolerancesView> {
	requireStaff(actor, overrideEditors);
	if (!isUuid(vendorId)) throw notFound('That workshop');
	const parsed = vendorTolerancesSchema.safeParse(input);
	if (!parsed.success) throw invalid('Some tolerances need attention: see the messages below each one.', fieldErrors(parsed.error.issues));
	const columns = parseVendorTolerances(parsed.data);
	if (!columns.ok) throw invalid('Some tolerances need attention: see the messages below each one.', columns.errors);
	return withActor(actor, async (tx) => {
		const [current] = await tx
			.select({
				id: vendor.id,
				name: vendor.name,
				priceTolerancePercentBp: vendor.priceTolerancePercentBp,
				priceToleranceAbsoluteThousandths: vendor.priceToleranceAbsoluteThousandths,
				quantityTolerancePieces: vendor.quantityTolerancePieces
			})
			.from(vendor)
			.where(eq(vendor.id, vendorId))
			.for('update')
			.limit(1);
		if (!current) throw notFound('That workshop');
		if (parsed.data.basis !== overrideBasis(current)) {
			throw conflict(
				`Someone changed ${current.name}’s tolerances while you were editing. The page now shows theirs; make your change again if it is still needed.`
			);
		}
		const diff = changedFields<Record<string, unknown>>({ ...overrideColumns(current) }, { ...columns.columns });
		if (diff) {
			await tx
				.update(vendor)
				.set({ ...columns.columns, updatedAt: sql`now()` })
				.where(eq(vendor.id, vendorId));
			const view = await vendorView(tx, actor, vendorId);
			const parts = [view.source.price === 'vendor' ? 'its own price tolerance' : 'the company’s price tolerance'];
			parts.push(view.source.quantity === 'vendor' ? 'its own quantity tolerance' : 'the company’s quantity tolerance');
			await recordAudit(tx, actor, {
				vendorId,
				entityType: 'vendor',
				entityId: vendorId,
				action: 'vendor.tolerances_updated',
				summary: `${actor.name} set ${current.name} to ${parts.join(' and ')}: ${view.description}`,
				before: diff.before,
				after: diff.after
			});
			await rematchVendors(tx, [vendorId]);
			return view;
		}
		return vendorView(tx, actor, vendorId);
	});
}
