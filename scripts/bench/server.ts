/**
 * Building the app and running the built server (`scripts/start.ts`) as a child process on Node 24
 * (process.execPath), against the bench database, on a free local port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { processTree, sumOver } from './cpu.ts';
import { GcTrace, type GcTotals } from './gc-trace.ts';

/** Keeps the last `limit` characters of a stream of output. */
class Tail {
	text = '';
	readonly limit: number;
	constructor(limit: number) {
		this.limit = limit;
	}
	push(chunk: Buffer | string): void {
		this.text = (this.text + chunk.toString()).slice(-this.limit);
	}
}

/**
 * Every child the bench starts, so none outlives it: stopChildren() ends them politely on cleanup,
 * and an exit hook kills whatever is left, even when the bench itself is interrupted or crashes.
 */
const children = new Set<ChildProcess>();
process.once('exit', () => {
	for (const child of children) child.kill('SIGKILL');
});

function track<T extends ChildProcess>(child: T): T {
	children.add(child);
	child.once('exit', () => children.delete(child));
	return child;
}

/** SIGTERM to every child still running, SIGKILL after `graceMs`; resolves when all have exited. */
export async function stopChildren(graceMs = 15_000): Promise<void> {
	await Promise.all(
		[...children].map(
			(child) =>
				new Promise<void>((resolve) => {
					if (child.exitCode !== null || child.signalCode !== null) return resolve();
					const killed = setTimeout(() => child.kill('SIGKILL'), graceMs);
					child.once('exit', () => {
						clearTimeout(killed);
						resolve();
					});
					child.kill('SIGTERM');
				})
		)
	);
}

/** `vite build` with the project's own vite, on this Node. Output is shown only when it fails. */
export async function buildApp(root: string): Promise<number> {
	const started = performance.now();
	const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
	const child = track(spawn(process.execPath, [vite, 'build'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] }));
	const tail = new Tail(8000);
	child.stdout.on('data', (chunk) => tail.push(chunk));
	child.stderr.on('data', (chunk) => tail.push(chunk));
	const code = await new Promise<number | null>((resolve, reject) => {
		child.once('error', reject);
		child.once('exit', (exitCode) => resolve(exitCode));
	});
	if (code !== 0) throw new Error(`vite build failed (exit code ${code}). Its last output:\n${tail.text}`);
	return Math.round(performance.now() - started) / 1000;
}

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = net.createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			probe.close(() => resolve(port));
		});
	});
}

export interface RunningServer {
	origin: string;
	pid: number;
	logFile: string;
	/** VmHWM (peak resident set) of the server process in KiB, read from /proc; null where there is none */
	peakRssKib(): number | null;
	rssKib(): number | null;
	/** lines the server wrote to stderr that look like errors, since start */
	errorLines(): string[];
	/** garbage collection of the server's processes since start (gc-trace.ts) */
	gc(): GcTotals;
	stop(): Promise<void>;
}

export interface ServerOptions {
	root: string;
	databaseUrl: string;
	port: number;
	dataDir: string;
	logFile: string;
	poolMax?: number;
	/** WEB_CONCURRENCY */
	processes?: number;
}

function readProcStatus(pid: number, field: string): number | null {
	try {
		const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
		const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
		return match ? Number(match[1]) : null;
	} catch {
		return null;
	}
}

/**
 * Starts `node scripts/start.ts` with exactly the settings the bench wants — not the caller's
 * environment, so a developer's DATABASE_URL, SMTP_URL or LOG_SQL cannot leak into the figures —
 * and waits until GET /health (or GET /login) answers 200.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
	const origin = `http://127.0.0.1:${options.port}`;
	const env: Record<string, string> = {
		NODE_ENV: 'production',
		DATABASE_URL: options.databaseUrl,
		DB_POOL_MAX: String(options.poolMax ?? 10),
		PORT: String(options.port),
		HOST: '127.0.0.1',
		ORIGIN: origin,
		DATA_DIR: options.dataDir,
		BACKGROUND_JOBS: 'false',
		SEED_DEMO: 'false',
		LOG_SQL: 'false',
		WEB_CONCURRENCY: String(options.processes ?? 1)
	};
	fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
	const log = fs.createWriteStream(options.logFile);
	// V8 prints a line per collection on stdout (the workers inherit the flag): counted, not logged
	const child = track(
		spawn(process.execPath, ['--trace-gc-nvp', 'scripts/start.ts'], {
			cwd: options.root,
			env,
			stdio: ['ignore', 'pipe', 'pipe']
		})
	);
	const tail = new Tail(8000);
	const errors: string[] = [];
	const gcTrace = new GcTrace();
	child.stdout!.on('data', (chunk: Buffer) => {
		const output = gcTrace.take(chunk);
		tail.push(output);
		log.write(output);
	});
	child.stderr!.on('data', (chunk: Buffer) => {
		tail.push(chunk);
		log.write(chunk);
		for (const line of chunk.toString().split('\n')) if (line.trim() && errors.length < 50) errors.push(line.trim());
	});
	const state: { exited: { code: number | null; signal: NodeJS.Signals | null } | null } = { exited: null };
	const exit = new Promise<void>((resolve) => {
		child.once('exit', (code, signal) => {
			state.exited = { code, signal };
			resolve();
		});
	});
	const pid = child.pid;
	if (pid === undefined) throw new Error('Could not start the server process.');

	const stop = async () => {
		if (!state.exited) {
			child.kill('SIGTERM');
			const killed = setTimeout(() => child.kill('SIGKILL'), 15_000);
			await exit;
			clearTimeout(killed);
		}
		await new Promise<void>((resolve) => log.end(resolve));
	};

	const deadline = Date.now() + 60_000;
	let ready = false;
	let lastProblem = 'no answer yet';
	while (!ready && Date.now() < deadline) {
		if (state.exited) break;
		for (const probe of ['/health', '/login']) {
			try {
				const response = await fetch(origin + probe, { redirect: 'manual', signal: AbortSignal.timeout(5000) });
				await response.arrayBuffer();
				if (response.status === 200) {
					ready = true;
					break;
				}
				lastProblem = `GET ${probe} answered ${response.status}`;
			} catch (error) {
				lastProblem = (error as Error).message;
			}
		}
		if (!ready) await new Promise((resolve) => setTimeout(resolve, 250));
	}
	if (!ready) {
		await stop();
		const why = state.exited
			? `it exited (code ${state.exited.code}, signal ${state.exited.signal})`
			: `it did not answer within 60 s (${lastProblem})`;
		throw new Error(`The server did not start: ${why}. Its last output:\n${tail.text}`);
	}

	return {
		origin,
		pid,
		logFile: options.logFile,
		// with several server processes: the sum over the primary and its workers
		peakRssKib: () => sumOver(processTree(pid), (p) => readProcStatus(p, 'VmHWM')),
		rssKib: () => sumOver(processTree(pid), (p) => readProcStatus(p, 'VmRSS')),
		errorLines: () => [...errors],
		gc: () => gcTrace.snapshot(),
		stop
	};
}
