/**
 * Files as one unit of upload: the bytes go to the store before the database transaction; if anything
 * fails they are removed again, so a refused update leaves neither a row nor a file. Photos come with
 * their thumbnails. Used by job updates, repairs, designs and briefs alike.
 */
import type { Tx } from '#lib/server/db/scope.ts';
import { getFileStore } from '#lib/server/platform.ts';
import type { CheckedUpload } from './validate.ts';
import { recordStagedFile, stageFile, type StagedFile } from './service.ts';

export type StageUpload = (vendorId: string | null, purpose: string, upload: CheckedUpload) => Promise<StagedFile>;

/**
 * Runs `work` with a `stage` function that stores an upload's bytes (see `stageFile`); if `work`
 * throws, every file staged through it so far is removed before the error goes on.
 */
export async function withStagedFiles<T>(work: (stage: StageUpload) => Promise<T>): Promise<T> {
	const staged: StagedFile[] = [];
	try {
		return await work(async (vendorId, purpose, upload) => {
			const file = await stageFile(vendorId, purpose, upload);
			staged.push(file);
			return file;
		});
	} catch (error) {
		const store = getFileStore();
		for (const file of staged) await store.delete(file.key).catch(() => {});
		throw error;
	}
}

export type PhotoPair = { photo: CheckedUpload; thumbnail: CheckedUpload };
export type StagedPhoto = { photo: StagedFile; thumbnail: StagedFile };

/** Stages each photo and thumbnail under `purpose` (thumbnails under `<purpose>-thumbnail`), then runs `work`. */
export async function withStagedPhotos<T>(
	vendorId: string | null,
	purpose: string,
	photos: PhotoPair[],
	work: (staged: StagedPhoto[]) => Promise<T>
): Promise<T> {
	return withStagedFiles(async (stage) => {
		const staged: StagedPhoto[] = [];
		for (const p of photos) {
			staged.push({
				photo: await stage(vendorId, purpose, p.photo),
				thumbnail: await stage(vendorId, `${purpose}-thumbnail`, p.thumbnail)
			});
		}
		return work(staged);
	});
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
