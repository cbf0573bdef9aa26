/**
 * Photos (with their thumbnails) as one unit of upload: the bytes go to the store before the
 * database transaction; if anything fails they are removed again, so a refused update leaves neither
 * a row nor a file. Used by job updates, repairs and designs alike.
 */
import type { Tx } from '#lib/server/db/scope.ts';
import { getFileStore } from '#lib/server/platform.ts';
import type { CheckedUpload } from './validate.ts';
import { recordStagedFile, stageFile, type StagedFile } from './service.ts';

export type PhotoPair = { photo: CheckedUpload; thumbnail: CheckedUpload };
export type StagedPhoto = { photo: StagedFile; thumbnail: StagedFile };

/** Stages each photo and thumbnail under `purpose` (thumbnails under `<purpose>-thumbnail`), then runs `work`. */
export async function withStagedPhotos<T>(
	vendorId: string | null,
	purpose: string,
	photos: PhotoPair[],
	work: (staged: StagedPhoto[]) => Promise<T>
): Promise<T> {
	const staged: StagedPhoto[] = [];
	try {
		for (const p of photos) {
			staged.push({
				photo: await stageFile(vendorId, purpose, p.photo),
				thumbnail: await stageFile(vendorId, `${purpose}-thumbnail`, p.thumbnail)
			});
		}
		return await work(staged);
	} catch (error) {
		const store = getFileStore();
		for (const s of staged) {
			await store.delete(s.photo.key).catch(() => {});
			await store.delete(s.thumbnail.key).catch(() => {});
		}
		throw error;
	}
}

/** The stored_file rows of staged photos, inside the caller's transaction. */
export async function recordStagedPhotos(
	tx: Tx,
	staged: StagedPhoto[],
	createdBy: string | null
): Promise<{ fileId: string; thumbnailFileId: string }[]> {
	const files: { fileId: string; thumbnailFileId: string }[] = [];
	for (const s of staged) {
		files.push({
			fileId: await recordStagedFile(tx, s.photo, createdBy),
			thumbnailFileId: await recordStagedFile(tx, s.thumbnail, createdBy)
		});
	}
	return files;
}
