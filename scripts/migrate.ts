/** `npm run db:migrate`: applies supabase/migrations to DATABASE_URL (or the embedded database). */
import { readSettings } from '../src/env.ts';
import { databaseOptions } from '../src/lib/server/app.ts';
import { openDatabase } from '../src/lib/server/db/client.ts';
import { migrateDatabase } from '../src/lib/server/db/migrate.ts';
import { exitOnKnownError } from './known-errors.ts';

try {
	const settings = readSettings();
	const handle = await openDatabase(databaseOptions(settings));
	await migrateDatabase(handle);
	await handle.close();
	console.log(`Migrations applied to ${settings.embedded ? `the embedded database in ${settings.DATA_DIR}/db` : 'DATABASE_URL'}.`);
} catch (error) {
	exitOnKnownError(error);
}
