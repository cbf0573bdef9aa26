import { createHash, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { purchaseOrderAttachment, storedFile } from '#lib/server/db/schema/index.ts';

const poFilePurposes = new Set(['purchase-order-attachment', 'purchase-order-message']);
import type { Tx } from '#lib/server/db/scope.ts';
import { withActor, type Actor } from '#lib/server/auth/actor.ts';
import { notFound } from '#lib/server/errors.ts';
import { getFileStore } from '#lib/server/platform.ts';
import type { CheckedUpload } from './validate.ts';

export interface StagedFile extends CheckedUpload {
	key: string;
	vendorId: string | null;
	purpose: string;
	sha256: string;
}

/** Writes the bytes first; the database row comes later, inside the caller's transaction. */
export async function stageFile(vendorId: string | null, purpose: string, upload: CheckedUpload): Promise<StagedFile> {
	const key = `${vendorId ? `vendors/${vendorId}` : 'brand'}/${purpose}/${randomUUID()}`;
	await getFileStore().put(key, upload.bytes, upload.contentType);
	const sha256 = createHash('sha256').update(upload.bytes).digest('hex');
	return { ...upload, key, vendorId, purpose, sha256 };
}

export async function recordStagedFile(tx: Tx, staged: StagedFile, createdBy: string | null): Promise<string> {
	const [row] = await tx
		.insert(storedFile)
		.values({
			vendorId: staged.vendorId,
			key: staged.key,
			purpose: staged.purpose,
			contentType: staged.contentType,
			byteSize: staged.bytes.byteLength,
			originalName: staged.originalName,
			sha256: staged.sha256,
			createdBy
		})
		.returning({ id: storedFile.id });
	return row.id;
}

/**
 * Runs `work` with the staged file; if it throws, the bytes are removed at once so a failed upload
 * leaves neither a row nor a file. (A crash in between leaves a file the orphan sweep removes.)
 */
export async function withStagedFile<T>(staged: StagedFile, work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (error) {
		await getFileStore()
			.delete(staged.key)
			.catch(() => {});
		throw error;
	}
}

export interface FileDownload {
	bytes: Uint8Array;
	contentType: string;
	name: string;
}

/** A file the actor may see; another workshop's file answers NotFound (RLS filters it too). */
export async function readFileForActor(actor: Actor, fileId: string): Promise<FileDownload> {
	if (!/^[0-9a-f-]{36}$/i.test(fileId)) throw notFound('That file');
	const row = await withActor(actor, async (tx) => {
		const [found] = await tx.select().from(storedFile).where(eq(storedFile.id, fileId)).limit(1);
		// a PO's files belong to the workshop only once the PO has been sent: the attachment row
		// is visible to the vendor (RLS) exactly then
		if (found && actor.kind === 'vendor' && poFilePurposes.has(found.purpose)) {
			const [attached] = await tx
				.select({ id: purchaseOrderAttachment.id })
				.from(purchaseOrderAttachment)
				.where(eq(purchaseOrderAttachment.fileId, found.id))
				.limit(1);
			if (!attached) return undefined;
		}
		return found;
	});
	if (!row || (actor.kind === 'vendor' && row.vendorId !== actor.vendorId)) throw notFound('That file');
	const bytes = await getFileStore().get(row.key);
	if (!bytes) throw notFound('That file');
	return { bytes, contentType: row.contentType, name: row.originalName };
}

/** Deletes stored bytes that no row points at (a crash between upload and commit). */
export async function sweepOrphanFiles(tx: Tx, olderThanMinutes = 60): Promise<number> {
	const store = getFileStore();
	const cutoff = Date.now() - olderThanMinutes * 60_000;
	const candidates = [...(await store.list('vendors')), ...(await store.list('brand'))].filter((f) => f.createdAt.getTime() < cutoff);
	if (candidates.length === 0) return 0;
	const known = new Set((await tx.select({ key: storedFile.key }).from(storedFile)).map((r) => r.key));
	let removed = 0;
	for (const file of candidates) {
		if (!known.has(file.key)) {
			await store.delete(file.key);
			removed++;
		}
	}
	return removed;
}
