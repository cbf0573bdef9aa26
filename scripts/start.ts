/**
 * `npm start`: serves the built app (build/) with adapter-node's handler.
 * adapter-node 6 no longer reads ORIGIN; it takes protocol and host from request headers. We set
 * those headers ourselves from ORIGIN (or, without it, http + the Host header for local use) and
 * drop any copy a client sent, so form posts pass SvelteKit's CSRF check and nobody can spoof them.
 * With WEB_CONCURRENCY > 1 (server database only) it forks that many server processes sharing the
 * port, as one would run several instances behind a load balancer.
 */
import cluster from 'node:cluster';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { adapterEnvironment, readSettings, type Settings } from '../src/env.ts';
import { printWelcome } from './print-welcome.ts';
import { exitOnKnownError } from './known-errors.ts';

const handlerPath = path.resolve('build/handler.js');
/** set by the supervising process for each server process it forks (not a setting: see src/env.ts for those) */
const WORKER_INDEX = 'BEZEL_WORKER_INDEX';

async function serve(settings: Settings, runsBackgroundJobs: boolean): Promise<void> {
	// loaded here, in the processes that serve, so that a supervisor of several stays small (~300 MB less)
	const { startBezel, stopBezel } = await import('../src/lib/server/app.ts');
	Object.assign(process.env, adapterEnvironment(settings));
	const result = await startBezel(settings, { worker: runsBackgroundJobs && settings.BACKGROUND_JOBS });
	const { handler } = (await import(handlerPath)) as { handler: http.RequestListener };
	const origin = settings.ORIGIN ? new URL(settings.ORIGIN) : null;

	const server = http.createServer((req, res) => {
		delete req.headers['x-bezel-origin-protocol'];
		delete req.headers['x-bezel-origin-host'];
		req.headers['x-bezel-origin-protocol'] = origin ? origin.protocol.replace(':', '') : 'http';
		req.headers['x-bezel-origin-host'] = origin ? origin.host : (req.headers.host ?? `localhost:${settings.PORT}`);
		handler(req, res);
	});
	server.keepAliveTimeout = 65_000;
	server.listen(settings.PORT, settings.HOST, () => {
		if (cluster.isPrimary) printWelcome(settings.ORIGIN ?? `http://localhost:${settings.PORT}`, result);
	});

	let stopping = false;
	const shutdown = (signal: string) => {
		if (stopping) return;
		stopping = true;
		if (cluster.isPrimary) console.log(`  ${signal}: finishing open requests and closing the database …`);
		server.close(async () => {
			process.emit('sveltekit:shutdown' as never, signal as never);
			await stopBezel();
			process.exit(0);
		});
		server.closeIdleConnections();
		setTimeout(() => server.closeAllConnections(), 10_000).unref();
	};
	process.on('SIGTERM', () => shutdown('SIGTERM'));
	process.on('SIGINT', () => shutdown('SIGINT'));
}

function superviseWorkers(settings: Settings): void {
	console.log(`  Starting ${settings.WEB_CONCURRENCY} server processes …`);
	// a process that stops is replaced under the same index, so the background worker (index 0) comes back with it
	const indexOf = new Map<number, number>();
	const start = (index: number) => indexOf.set(cluster.fork({ [WORKER_INDEX]: String(index) }).id, index);
	for (let i = 0; i < settings.WEB_CONCURRENCY; i++) start(i);
	let stopping = false;
	cluster.on('exit', (worker, code) => {
		if (stopping) {
			if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
			return;
		}
		console.error(`  A server process stopped (code ${code}); starting another.`);
		start(indexOf.get(worker.id) ?? 0);
		indexOf.delete(worker.id);
	});
	cluster.once('listening', () => printWelcome(settings.ORIGIN ?? `http://localhost:${settings.PORT}`, { seeded: false, demoLogins: [] }));
	const shutdown = (signal: NodeJS.Signals) => {
		stopping = true;
		console.log(`  ${signal}: stopping the server processes …`);
		for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
	};
	process.on('SIGTERM', () => shutdown('SIGTERM'));
	process.on('SIGINT', () => shutdown('SIGINT'));
}

try {
	const settings = readSettings();
	if (!fs.existsSync(handlerPath)) {
		console.error('\n  There is no build yet. Run `npm run build` first, then `npm start`.\n');
		process.exit(1);
	}
	if (settings.WEB_CONCURRENCY > 1 && cluster.isPrimary) superviseWorkers(settings);
	else {
		// with several processes, only the first runs the background worker (any could: jobs are claimed in Postgres)
		const index = cluster.isPrimary ? 0 : Number(process.env[WORKER_INDEX] ?? 0);
		await serve(settings, index === 0);
	}
} catch (error) {
	exitOnKnownError(error);
}
