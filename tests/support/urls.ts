import { parseSettings } from '../../src/env.ts';

/** TEST_DATABASE_URL points at a PostgreSQL server; tests create and drop their own databases on it. */
export function testServerUrl(): string | undefined {
	// read through env.ts's rules so a malformed value fails with a sentence
	const value = process.env.TEST_DATABASE_URL;
	if (!value) return undefined;
	return parseSettings({ DATABASE_URL: value }).DATABASE_URL;
}

export function databaseUrl(serverUrl: string, database: string): string {
	const url = new URL(serverUrl);
	url.pathname = `/${database}`;
	return url.toString();
}

export function adminUrl(serverUrl: string): string {
	return databaseUrl(serverUrl, 'postgres');
}
