import { and, desc, eq } from 'drizzle-orm';
import { auditEvent } from '#lib/server/db/schema/index.ts';
import type { Tx } from '#lib/server/db/scope.ts';
import { compiledSelect } from '#lib/server/db/compiled.ts';
import { fixedLimit } from '#lib/server/db/fixed-limit.ts';

export interface AuditEntry {
	vendorId?: string | null;
	entityType: string;
	entityId: string;
	action: string;
	summary: string;
	before?: unknown;
	after?: unknown;
}

/** Written in the same transaction as the change, so history and data never disagree. */
/** The person behind a change; null when Bezel itself made it. */
export type AuditActor = { userId: string; name: string } | null;

export async function recordAudit(tx: Tx, actor: AuditActor, entry: AuditEntry): Promise<void> {
	await tx.insert(auditEvent).values({
		actorUserId: actor?.userId ?? null,
		actorName: actor ? actor.name : 'Bezel',
		vendorId: entry.vendorId ?? null,
		entityType: entry.entityType,
		entityId: entry.entityId,
		action: entry.action,
		summary: entry.summary,
		before: entry.before ?? null,
		after: entry.after ?? null
	});
}

/** The fields that differ between two versions of a record, for a readable before/after. */
export function changedFields<T extends Record<string, unknown>>(
	before: T,
	after: Partial<T>
): { before: Partial<T>; after: Partial<T> } | null {
	const b: Partial<T> = {};
	const a: Partial<T> = {};
	for (const key of Object.keys(after) as (keyof T)[]) {
		if (JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null)) {
			b[key] = before[key];
			a[key] = after[key];
		}
	}
	return Object.keys(a).length ? { before: b, after: a } : null;
}

/** A record's history as its page shows it: the newest events, up to this many. */
const ENTITY_HISTORY_LIMIT = 200;

/** One record's history, newest first. */
const entityHistory = compiledSelect(['entityType', 'entityId'], (db, p) =>
	db
		.select({
			id: auditEvent.id,
			actorName: auditEvent.actorName,
			action: auditEvent.action,
			summary: auditEvent.summary,
			before: auditEvent.before,
			after: auditEvent.after,
			occurredAt: auditEvent.occurredAt
		})
		.from(auditEvent)
		.where(and(eq(auditEvent.entityType, p.entityType), eq(auditEvent.entityId, p.entityId)))
		.orderBy(desc(auditEvent.occurredAt), desc(auditEvent.id))
		.limit(fixedLimit(ENTITY_HISTORY_LIMIT))
);

export function selectEntityHistory(tx: Tx, entityType: string, entityId: string) {
	return entityHistory(tx, { entityType, entityId });
}
