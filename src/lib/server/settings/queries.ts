import { eq } from 'drizzle-orm';
import { brandSettings } from '#lib/server/db/schema/index.ts';
import type { Tx } from '#lib/server/db/scope.ts';

export type BrandSettings = typeof brandSettings.$inferSelect;

/** The one settings row; the migration creates it, so it is always there. */
export async function selectBrandSettings(tx: Tx): Promise<BrandSettings> {
	const [row] = await tx.select().from(brandSettings).where(eq(brandSettings.id, 1)).limit(1);
	if (!row) throw new Error('brand_settings row 1 is missing: run the migrations');
	return row;
}
