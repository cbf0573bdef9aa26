/** The brand's own settings: one row, edited by administrators, every change audited. */
import { and, eq, sql } from 'drizzle-orm';
import { brandSettingsSchema, type BrandSettingsInput } from '#lib/domain/settings/schemas.ts';
import { brandSettings } from '#lib/server/db/schema/index.ts';
import { requireStaff, withActor, type Actor } from '#lib/server/auth/actor.ts';
import { changedFields, recordAudit } from '#lib/server/audit/audit.ts';
import { invalid } from '#lib/server/errors.ts';
import { selectBrandSettings, selectBrandSettingsHistory, type BrandSettings } from './queries.ts';

const labels: Record<string, string> = {
	brandName: 'brand name',
	brandAddress: 'brand address',
	defaultShipTo: 'default ship-to',
	defaultTerms: 'default terms',
	poReminderDays: 'PO reminder days',
	poDueSoonDays: 'due-soon days',
	homeCurrency: 'home currency',
	repairTurnaroundDays: 'repair turnaround days'
};

export async function getBrandSettingsForAdmin(actor: Actor): Promise<BrandSettings> {
	requireStaff(actor, ['admin']);
	return withActor(actor, (tx) => selectBrandSettings(tx));
}

export async function listBrandSettingsHistory(actor: Actor, limit = 20) {
	requireStaff(actor, ['admin']);
	return withActor(actor, (tx) => selectBrandSettingsHistory(tx, limit));
}

export type UpdateBrandSettingsResult = { ok: true; settings: BrandSettings } | { ok: false; current: BrandSettings };

/** Optimistic locking: a save made on an older version is refused and the newer one returned. */
export async function updateBrandSettings(actor: Actor, input: BrandSettingsInput): Promise<UpdateBrandSettingsResult> {
	requireStaff(actor, ['admin']);
	const parsed = brandSettingsSchema.safeParse(input);
	if (!parsed.success) {
		const fields: Record<string, string> = {};
		for (const issue of parsed.error.issues) fields[String(issue.path[0] ?? '')] ??= issue.message;
		throw invalid('Some fields need attention: see the messages below each one.', fields);
	}
	const { version, ...given } = parsed.data;
	// a field left out keeps its value (and is no change to audit)
	const values = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined)) as Partial<typeof given>;
	return withActor<UpdateBrandSettingsResult>(actor, async (tx) => {
		const current = await selectBrandSettings(tx);
		if (version !== undefined && version !== current.version) return { ok: false, current };
		const [updated] = await tx
			.update(brandSettings)
			.set({ ...values, version: sql`${brandSettings.version} + 1`, updatedAt: sql`now()` })
			.where(and(eq(brandSettings.id, 1), eq(brandSettings.version, current.version)))
			.returning();
		if (!updated) return { ok: false, current: await selectBrandSettings(tx) };
		const diff = changedFields(current as unknown as Record<string, unknown>, values);
		if (diff) {
			await recordAudit(tx, actor, {
				entityType: 'brand_settings',
				entityId: '1',
				action: 'brand_settings.updated',
				summary: `${actor.name} changed ${Object.keys(diff.after)
					.map((key) => labels[key] ?? key)
					.join(', ')}`,
				before: diff.before,
				after: diff.after
			});
		}
		return { ok: true, settings: updated };
	});
}
