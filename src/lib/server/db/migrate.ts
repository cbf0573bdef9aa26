import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DatabaseHandle } from './client.ts';

/** supabase/migrations, found from this file so scripts, tests and the built server agree. */
export function migrationsFolder(): string {
	const here = path.dirname(fileURLToPath(import.meta.url));
	// src/lib/server/db → project root; the built server runs from the project root too
	const candidates = [path.resolve(here, '../../../../supabase/migrations'), path.resolve('supabase/migrations')];
	return candidates.find((candidate) => existsSync(candidate)) ?? candidates[1];
}

/** Applies every pending migration in supabase/migrations; safe to run on every start. */
export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
	const migrationsFolderPath = migrationsFolder();
	if (handle.kind === 'pglite') {
		const { migrate } = await import('drizzle-orm/pglite/migrator');
		// eslint-disable-next-line @typescript-eslint/no-explicit-any
		await migrate(handle.db as any, { migrationsFolder: migrationsFolderPath });
	} else {
		const { migrate } = await import('drizzle-orm/postgres-js/migrator');
		// eslint-disable-next-line @typescript-eslint/no-explicit-any
		await migrate(handle.db as any, { migrationsFolder: migrationsFolderPath });
	}
}
