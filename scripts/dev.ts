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
	console.log(settings.embedded ? `  Opening the embedded database in ${settings.DATA_DIR}/db …` : '  Connecting to DATABASE_URL …');
	const result = await startBezel(settings);
	// `npm run dev -- --port 5182` runs a second copy beside the first (with its own DATA_DIR)
	const portFlag = process.argv.indexOf('--port');
	const port = portFlag > 0 ? Number(process.argv[portFlag + 1]) : 5173;
	const server = await createServer({ server: { port, strictPort: portFlag > 0 } });
	await server.listen();
	const url = server.resolvedUrls?.local[0]?.replace(/\/$/, '') ?? `http://localhost:${port}`;
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
