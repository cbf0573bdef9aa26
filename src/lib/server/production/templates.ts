/**
 * Stage templates: the stages, order, typical days and photo rule of each workshop type. Admins edit
 * them; a type nobody has edited uses the defaults from DOMAIN.md (no row in `stage_template`).
 *
 * Existing jobs keep their milestones: a job bag copies its template when it is made, so an edit or a
 * reset only shapes the job bags made after it. Nothing here touches `job_milestone`.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { defaultStageTemplates } from '#lib/domain/production/stages.ts';
import { describeStages, stageTemplateSchema, type StageTemplateInput } from '#lib/domain/production/template-schema.ts';
import { vendorTypeLabels, vendorTypes, type VendorType } from '#lib/domain/vendors/reference.ts';
import { requireStaff, withActor, type Actor } from '#lib/server/auth/actor.ts';
import { recordAudit } from '#lib/server/audit/audit.ts';
import { appUser, auditEvent, stageTemplate, type TemplateStage } from '#lib/server/db/schema/index.ts';
import type { Tx } from '#lib/server/db/scope.ts';
import { invalid } from '#lib/server/errors.ts';

export type StageTemplateView = {
	vendorType: VendorType;
	label: string;
	stages: TemplateStage[];
	/** 0 while the defaults apply */
	version: number;
	customised: boolean;
	updatedAt: Date | null;
	updatedByName: string | null;
};

/** A save or reset either went through or met a newer version; `message` says so in words. */
export type StageTemplateResult =
	{ ok: true; changed: boolean; template: StageTemplateView } | { ok: false; current: StageTemplateView; message: string };

type StoredTemplate = typeof stageTemplate.$inferSelect & { updatedByName?: string | null };

const isVendorType = (type: string): type is VendorType => (vendorTypes as readonly string[]).includes(type);

/** A fresh copy, so no caller can change the defaults for everyone else. */
const defaultsFor = (type: string): TemplateStage[] =>
	(isVendorType(type) ? defaultStageTemplates[type] : defaultStageTemplates.caster).map((stage) => ({ ...stage }));

function toView(type: VendorType, row: StoredTemplate | undefined): StageTemplateView {
	return {
		vendorType: type,
		label: vendorTypeLabels[type],
		stages: row ? row.stages : defaultsFor(type),
		version: row?.version ?? 0,
		customised: row !== undefined,
		updatedAt: row?.updatedAt ?? null,
		updatedByName: row?.updatedByName ?? null
	};
}

/** Stored templates with the name of whoever saved them last; one type, or all. */
function selectStoredTemplates(tx: Tx, type?: VendorType): Promise<StoredTemplate[]> {
	return tx
		.select({
			vendorType: stageTemplate.vendorType,
			stages: stageTemplate.stages,
			version: stageTemplate.version,
			updatedBy: stageTemplate.updatedBy,
			updatedAt: stageTemplate.updatedAt,
			updatedByName: appUser.name
		})
		.from(stageTemplate)
		.leftJoin(appUser, eq(appUser.id, stageTemplate.updatedBy))
		.where(type ? eq(stageTemplate.vendorType, type) : undefined);
}

async function selectStoredTemplate(tx: Tx, type: VendorType): Promise<StoredTemplate | undefined> {
	const [row] = await selectStoredTemplates(tx, type);
	return row;
}

/** Every workshop type with the stages a new job bag of that type gets. Admins and operations read them. */
export async function listStageTemplates(actor: Actor): Promise<StageTemplateView[]> {
	requireStaff(actor, ['admin', 'ops']);
	const rows = await withActor(actor, (tx) => selectStoredTemplates(tx));
	const byType = new Map(rows.map((row) => [row.vendorType, row]));
	return vendorTypes.map((type) => toView(type, byType.get(type)));
}

/**
 * The stages for a new job bag at a workshop with these types, inside the caller's transaction (a
 * vendor-scoped one too: `bezel_vendor` may read `stage_template`). The first type decides; its stored
 * template if an admin edited it, else the default. A workshop without a type is treated as a caster.
 * One query.
 */
export async function selectStageTemplateFor(tx: Tx, types: readonly string[]): Promise<TemplateStage[]> {
	const type = types[0] ?? 'caster';
	const [row] = await tx.select({ stages: stageTemplate.stages }).from(stageTemplate).where(eq(stageTemplate.vendorType, type)).limit(1);
	return row ? row.stages.map((stage) => ({ ...stage })) : defaultsFor(type);
}

/** Changes to any template, newest first, with the stages written out for the history list. */
export async function listStageTemplateHistory(actor: Actor, limit = 20) {
	requireStaff(actor, ['admin', 'ops']);
	const rows = await withActor(actor, (tx) =>
		tx
			.select({
				id: auditEvent.id,
				occurredAt: auditEvent.occurredAt,
				actorName: auditEvent.actorName,
				summary: auditEvent.summary,
				before: auditEvent.before,
				after: auditEvent.after
			})
			.from(auditEvent)
			.where(eq(auditEvent.entityType, 'stage_template'))
			.orderBy(desc(auditEvent.occurredAt), desc(auditEvent.id))
			.limit(limit)
	);
	const written = (value: unknown) => {
		const stages = (value as { stages?: TemplateStage[] } | null)?.stages;
		return Array.isArray(stages) ? { stages: describeStages(stages) } : null;
	};
	return rows.map((row) => ({ ...row, before: written(row.before), after: written(row.after) }));
}

function staleMessage(current: StageTemplateView): string {
	return current.customised
		? `Someone else saved the ${current.label} template (version ${current.version}) while you were editing. Nothing of yours was saved and it is all still below: compare it with their version, then save again to replace theirs with yours.`
		: `Someone else put the ${current.label} template back to the defaults while you were editing. Nothing of yours was saved and it is all still below: save again to use it instead of the defaults.`;
}

async function stale(tx: Tx, type: VendorType): Promise<StageTemplateResult> {
	const current = toView(type, await selectStoredTemplate(tx, type));
	return { ok: false, current, message: staleMessage(current) };
}

const sameStages = (a: readonly TemplateStage[], b: readonly TemplateStage[]) =>
	a.length === b.length &&
	a.every((stage, i) => stage.name === b[i].name && stage.expectedDays === b[i].expectedDays && stage.photoRequired === b[i].photoRequired);

/** `stages[2].name` for a form's field, `stages` for the list as a whole. */
function fieldName(path: readonly PropertyKey[]): string {
	return path.reduce<string>(
		(name, part) => (typeof part === 'number' ? `${name}[${part}]` : name ? `${name}.${String(part)}` : String(part)),
		''
	);
}

/**
 * Saves one type's stages. Optimistic locking: `version` is what the admin started from (0 for the
 * defaults); a save on an older version changes nothing and says who got there first.
 */
export async function saveStageTemplate(actor: Actor, input: StageTemplateInput): Promise<StageTemplateResult> {
	requireStaff(actor, ['admin']);
	const parsed = stageTemplateSchema.safeParse(input);
	if (!parsed.success) {
		const fields: Record<string, string> = {};
		for (const issue of parsed.error.issues) fields[fieldName(issue.path)] ??= issue.message;
		throw invalid('Some stages need attention: see the messages beside them.', fields);
	}
	const { vendorType, version, stages } = parsed.data;
	return withActor(actor, async (tx) => {
		const row = await selectStoredTemplate(tx, vendorType);
		const before = toView(vendorType, row);
		if (version !== before.version) return stale(tx, vendorType);
		if (sameStages(before.stages, stages)) return { ok: true, changed: false, template: before };

		const [saved] = row
			? await tx
					.update(stageTemplate)
					.set({ stages, version: sql`${stageTemplate.version} + 1`, updatedBy: actor.userId, updatedAt: sql`now()` })
					.where(and(eq(stageTemplate.vendorType, vendorType), eq(stageTemplate.version, row.version)))
					.returning()
			: // two admins saving the first edit at once: the second insert finds the row and is told so
				await tx
					.insert(stageTemplate)
					.values({ vendorType, stages, version: 1, updatedBy: actor.userId })
					.onConflictDoNothing({ target: stageTemplate.vendorType })
					.returning();
		if (!saved) return stale(tx, vendorType);

		await recordAudit(tx, actor, {
			entityType: 'stage_template',
			entityId: vendorType,
			action: 'stage_template.updated',
			summary: `${actor.name} changed the ${before.label} stages`,
			before: { stages: before.stages },
			after: { stages }
		});
		return { ok: true, changed: true, template: toView(vendorType, { ...saved, updatedByName: actor.name }) };
	});
}

const resetSchema = z.object({
	vendorType: z.enum(vendorTypes, { error: 'Choose a workshop type from the list.' }),
	version: z.coerce.number().int().min(0)
});

/** Puts one type back to the defaults (its row goes). Same optimistic locking as a save. */
export async function resetStageTemplate(actor: Actor, vendorType: string, version: number): Promise<StageTemplateResult> {
	requireStaff(actor, ['admin']);
	const parsed = resetSchema.safeParse({ vendorType, version });
	if (!parsed.success) throw invalid('Choose a workshop type from the list.');
	const type = parsed.data.vendorType;
	return withActor(actor, async (tx) => {
		const row = await selectStoredTemplate(tx, type);
		const before = toView(type, row);
		if (parsed.data.version !== before.version) return stale(tx, type);
		if (!row) return { ok: true, changed: false, template: before };

		const [removed] = await tx
			.delete(stageTemplate)
			.where(and(eq(stageTemplate.vendorType, type), eq(stageTemplate.version, row.version)))
			.returning({ vendorType: stageTemplate.vendorType });
		if (!removed) return stale(tx, type);

		const defaults = toView(type, undefined);
		await recordAudit(tx, actor, {
			entityType: 'stage_template',
			entityId: type,
			action: 'stage_template.reset',
			summary: `${actor.name} put the ${before.label} stages back to the defaults`,
			before: { stages: before.stages },
			after: { stages: defaults.stages }
		});
		return { ok: true, changed: true, template: defaults };
	});
}
