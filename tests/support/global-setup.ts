/**
 * Prepares one migrated database for the whole integration run, which each test file then copies:
 * a PGlite data-directory snapshot by default (loading one takes 0.3 s, migrating 2–4 s), or a
 * PostgreSQL template database when TEST_DATABASE_URL is set (CREATE DATABASE … TEMPLATE).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/lib/server/db/client.ts';
import { migrateDatabase } from '../../src/lib/server/db/migrate.ts';
import { adminUrl, databaseUrl, testServerUrl } from './urls.ts';

declare module 'vitest' {
	export interface ProvidedContext {
		testDatabase: { kind: 'pglite'; snapshotPath: string } | { kind: 'postgres'; template: string };
	}
}

export default async function setup(project: TestProject) {
	const serverUrl = testServerUrl();
	if (serverUrl) {
		const template = `bezel_test_tpl_${process.pid}`;
		const admin = await openDatabase({ kind: 'postgres', url: adminUrl(serverUrl), poolMax: 1 });
		await admin.db.execute(sql.raw(`drop database if exists ${template}`));
		await admin.db.execute(sql.raw(`create database ${template}`));
		const handle = await openDatabase({ kind: 'postgres', url: databaseUrl(serverUrl, template), poolMax: 1 });
		await migrateDatabase(handle);
		await handle.close();
		project.provide('testDatabase', { kind: 'postgres', template });
		return async () => {
			await admin.db.execute(sql.raw(`drop database if exists ${template} with (force)`));
			await admin.close();
		};
	}
	const handle = await openDatabase({ kind: 'pglite' });
	await migrateDatabase(handle);
	const snapshot = await handle.pglite!.dumpDataDir('none');
	const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bezel-test-'));
	const snapshotPath = path.join(dir, 'migrated.tar');
	await fs.writeFile(snapshotPath, new Uint8Array(await snapshot.arrayBuffer()));
	await handle.close();
	project.provide('testDatabase', { kind: 'pglite', snapshotPath });
	return async () => {
		await fs.rm(dir, { recursive: true, force: true });
	};
}
