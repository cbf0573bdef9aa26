/**
 * `useTestDatabase()` gives a test file its own migrated database (a copy of the snapshot or
 * template made by global-setup), a local file store in a temp folder, and no mail transport —
 * mail stays in the outbox where tests read it.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, inject } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/lib/server/db/client.ts';
import { setDatabase } from '../../src/lib/server/db/runtime.ts';
import { setPlatform } from '../../src/lib/server/platform.ts';
import { createLocalFileStore } from '../../src/lib/server/files/local-store.ts';
import { adminUrl, databaseUrl, testServerUrl } from './urls.ts';

export interface TestContext {
	handle: DatabaseHandle;
	filesDir: string;
}

export function useTestDatabase(): TestContext {
	const context = {} as TestContext;
	let dropDatabase: (() => Promise<void>) | undefined;

	beforeAll(async () => {
		const provided = inject('testDatabase');
		if (provided.kind === 'postgres') {
			const serverUrl = testServerUrl()!;
			const name = `bezel_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
			const admin = await openDatabase({ kind: 'postgres', url: adminUrl(serverUrl), poolMax: 1 });
			await admin.db.execute(sql.raw(`create database ${name} template ${provided.template}`));
			context.handle = await openDatabase({ kind: 'postgres', url: databaseUrl(serverUrl, name), poolMax: 4 });
			dropDatabase = async () => {
				await admin.db.execute(sql.raw(`drop database if exists ${name} with (force)`));
				await admin.close();
			};
		} else {
			const bytes = await fs.readFile(provided.snapshotPath);
			context.handle = await openDatabase({ kind: 'pglite', loadDataDir: new Blob([bytes]) });
		}
		setDatabase(context.handle);
		context.filesDir = await fs.mkdtemp(path.join(os.tmpdir(), 'bezel-files-'));
		setPlatform({
			fileStore: createLocalFileStore(context.filesDir),
			mailTransport: null,
			mailFrom: 'Bezel <no-reply@bezel.test>',
			uploadMaxBytes: 2 * 1024 * 1024,
			origin: 'http://bezel.test',
			embedded: provided.kind === 'pglite'
		});
	});

	afterAll(async () => {
		setDatabase(undefined);
		setPlatform(undefined);
		await context.handle?.close();
		await dropDatabase?.();
		if (context.filesDir) await fs.rm(context.filesDir, { recursive: true, force: true });
	});

	return context;
}
