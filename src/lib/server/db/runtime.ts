/**
 * The process-wide database. It lives on globalThis so that Vite's module reloading in
 * development, and scripts that prepare the database before the server starts, reuse one handle
 * instead of opening the embedded directory twice.
 */
import type { Database, DatabaseHandle } from './client.ts';

const slot = Symbol.for('bezel.database');
type Holder = { [slot]?: DatabaseHandle };

export function setDatabase(handle: DatabaseHandle | undefined): void {
	(globalThis as Holder)[slot] = handle;
}

export function getDatabaseHandle(): DatabaseHandle {
	const handle = (globalThis as Holder)[slot];
	if (!handle) throw new Error('The database is not open yet: call startBezel() first.');
	return handle;
}

export function hasDatabase(): boolean {
	return Boolean((globalThis as Holder)[slot]);
}

export function getDatabase(): Database {
	return getDatabaseHandle().db;
}
