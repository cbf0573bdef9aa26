/**
 * `npm run dev`: prepares the embedded database (migrate + seed on first start) and starts Vite's
 * dev server in the same process, so both share one PGlite handle on .data/db.
 */
import { createServer } from 'vite';
import { readSettings } from '../src/env.ts';
import { startBezel, stopBezel } from '../src/lib/server/app.ts';
import { printWelcome } from './print-welcome.ts';
import { exitOnKnownError } from './known-errors.ts';

try {
	const settings = readSettings();
	console.log(settings.embedded ? '  Opening the embedded database in .data/db …' : '  Connecting to DATABASE_URL …');
	const result = await startBezel(settings);
	const server = await createServer({ server: { port: 5173 } });
	await server.listen();
	const url = server.resolvedUrls?.local[0]?.replace(/\/$/, '') ?? 'http://localhost:5173';
	printWelcome(url, result);
	server.bindCLIShortcuts({ print: true });
	const shutdown = async () => {
		await server.close();
		await stopBezel();
		process.exit(0);
	};
	process.once('SIGINT', shutdown);
	process.once('SIGTERM', shutdown);
} catch (error) {
	exitOnKnownError(error);
}
