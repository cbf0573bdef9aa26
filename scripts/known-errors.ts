import { SettingsError } from '../src/env.ts';
import { DatabaseLockedError } from '../src/lib/server/db/embedded-lock.ts';

/**
 * A bad setting or a locked embedded database is the person's to fix: print the sentence and stop,
 * without a stack trace. Anything else is a bug and is rethrown as it is.
 */
export function exitOnKnownError(error: unknown): never {
	if (error instanceof SettingsError || error instanceof DatabaseLockedError) {
		console.error(`\n  ${error.message}\n`);
		process.exit(1);
	}
	throw error;
}
