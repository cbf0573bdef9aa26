import { and, desc, eq } from 'drizzle-orm';
import { auditEvent, brandSettings } from '#lib/server/db/schema/index.ts';
import type { Tx } from '#lib/server/db/scope.ts';
import { compiledSelect } from '#lib/server/db/compiled.ts';
import { fixedLimit } from '#lib/server/db/fixed-limit.ts';

export type BrandSettings = typeof brandSettings.$inferSelect;

/** The one settings row; the migration creates it, so it is always there. */
const brandSettingsRow = compiledSelect([], (db) => db.select().from(brandSettings).where(eq(brandSettings.id, 1)).limit(1));

export async function selectBrandSettings(tx: Tx): Promise<BrandSettings> {
	const [row] = await brandSettingsRow(tx, {});
	if (!row) throw new Error('brand_settings row 1 is missing: run the migrations');
	return row;
}

/** Changes to the settings, newest first. */
export async function selectBrandSettingsHistory(tx: Tx, limit: number) {
	return tx
		.select({
			id: auditEvent.id,
			occurredAt: auditEvent.occurredAt,
			actorName: auditEvent.actorName,
			summary: auditEvent.summary,
			before: auditEvent.before,
			after: auditEvent.after
		})
		.from(auditEvent)
		.where(and(eq(auditEvent.entityType, 'brand_settings'), eq(auditEvent.entityId, '1')))
		.orderBy(desc(auditEvent.occurredAt), desc(auditEvent.id))
		.limit(fixedLimit(limit));
}
