/**
 * Starts what the browser tests talk to, and stops it afterwards:
 * - a real SMTP server (smtp-server) on a free local port; every message it receives is parsed
 *   (mailparser) and written as one JSON file into a temporary folder, which the tests (running in
 *   worker processes) read through support/mail.ts — the folder is passed in MAIL_DIR_VARIABLE;
 * - the BUILT app, `node scripts/start.ts`, on a fresh embedded database (a temporary DATA_DIR),
 *   at APP_ORIGIN, sending its mail to that SMTP server. The first start migrates and seeds the demo
 *   brand, which takes a while; we wait for GET /health to answer 200.
 * It never builds: `npm run test:e2e` runs `vite build` first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FullConfig } from '@playwright/test';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { APP_ORIGIN, APP_PORT, MAIL_DIR_VARIABLE } from './constants.ts';

const STARTUP_TIMEOUT_MS = 120_000;
const SHUTDOWN_TIMEOUT_MS = 30_000;

/** What a test sees of one received message (support/mail.ts reads these files). */
export interface ReceivedMail {
	receivedAt: string;
	envelopeFrom: string | null;
	envelopeTo: string[];
	from: string;
	to: string;
	subject: string;
	text: string;
	html: string;
	messageId: string | null;
	/** name, type and size of each attachment, and the first bytes (base64) to check what it is */
	attachments: { filename: string; contentType: string; size: number; head: string }[];
}

function addressText(value: AddressObject | AddressObject[] | undefined): string {
	if (!value) return '';
	return (Array.isArray(value) ? value : [value]).map((a) => a.text).join(', ');
}

/** Node ≥ 22.17 runs the app (scripts/start.ts is TypeScript); the repo's own Node 24 when this one is older. */
function nodeBinary(root: string): string {
	const [major, minor] = process.versions.node.split('.').map(Number);
	if (major > 22 || (major === 22 && minor >= 17)) return process.execPath;
	const local = path.join(root, 'node_modules', '.bin', 'node');
	if (fs.existsSync(local)) return local;
	throw new Error(`The app needs Node ≥ 22.17, this is ${process.versions.node} and node_modules/.bin/node is missing. Run npm ci.`);
}

function portIsTaken(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = net.connect({ host: '127.0.0.1', port });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

async function startSmtpServer(mailDir: string): Promise<{ server: SMTPServer; port: number }> {
	let sequence = 0;
	const server = new SMTPServer({
		// plain local SMTP: nodemailer must not try STARTTLS, and nobody logs in
		disabledCommands: ['STARTTLS', 'AUTH'],
		authOptional: true,
		logger: false,
		onData(stream, session, callback) {
			simpleParser(stream)
				.then(async (parsed) => {
					const mail: ReceivedMail = {
						receivedAt: new Date().toISOString(),
						envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
						envelopeTo: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
						from: addressText(parsed.from),
						to: addressText(parsed.to),
						subject: parsed.subject ?? '',
						text: parsed.text ?? '',
						html: typeof parsed.html === 'string' ? parsed.html : '',
						messageId: parsed.messageId ?? null,
						attachments: parsed.attachments.map((a) => ({
							filename: a.filename ?? '',
							contentType: a.contentType,
							size: a.size,
							head: a.content.subarray(0, 8).toString('base64')
						}))
					};
					const name = `${Date.now()}-${String(++sequence).padStart(5, '0')}`;
					// write then rename, so a reader never sees half a file
					const temporary = path.join(mailDir, `.${name}.tmp`);
					await fsp.writeFile(temporary, JSON.stringify(mail, null, 2));
					await fsp.rename(temporary, path.join(mailDir, `${name}.json`));
					callback();
				})
				.catch((error: Error) => callback(error));
		}
	});
	server.on('error', (error) => console.error(`[e2e smtp] ${error.message}`));
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});
	const address = server.server.address();
	if (!address || typeof address === 'string') throw new Error('The SMTP server has no port.');
	return { server, port: address.port };
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
	return new Promise((resolve) => {
		const timer = setTimeout(() => resolve(false), timeoutMs);
		child.once('exit', () => {
			clearTimeout(timer);
			resolve(true);
		});
	});
}

async function tail(file: string, lines = 40): Promise<string> {
	try {
		return (await fsp.readFile(file, 'utf8')).trimEnd().split('\n').slice(-lines).join('\n');
	} catch {
		return '(no output)';
	}
}

export default async function globalSetup(config: FullConfig) {
	const root = config.configFile ? path.dirname(config.configFile) : process.cwd();
	if (!fs.existsSync(path.join(root, 'build', 'handler.js'))) {
		throw new Error('There is no build in build/. Run `npx vite build` first (`npm run test:e2e` does).');
	}
	if (await portIsTaken(APP_PORT)) {
		throw new Error(
			`Port ${APP_PORT} is already in use. Stop whatever listens there (another test run or \`vite preview\`), then try again.`
		);
	}

	const workDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'bezel-e2e-'));
	const dataDir = path.join(workDir, 'data');
	const mailDir = path.join(workDir, 'mail');
	const appLog = path.join(workDir, 'app.log');
	await fsp.mkdir(mailDir);
	process.env[MAIL_DIR_VARIABLE] = mailDir;

	const smtp = await startSmtpServer(mailDir);

	const env: NodeJS.ProcessEnv = { ...process.env };
	// always a fresh embedded database and local files, whatever the shell has set
	for (const name of [
		'DATABASE_URL',
		'SUPABASE_URL',
		'SUPABASE_SERVICE_ROLE_KEY',
		'ADDRESS_HEADER',
		'TEST_DATABASE_URL',
		'WEB_CONCURRENCY'
	])
		delete env[name];
	Object.assign(env, {
		DATA_DIR: dataDir,
		PORT: String(APP_PORT),
		HOST: '127.0.0.1',
		ORIGIN: APP_ORIGIN,
		SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
		SEED_DEMO: 'true',
		BACKGROUND_JOBS: 'true',
		LOG_SQL: 'false'
	});

	const log = fs.openSync(appLog, 'a');
	const app = spawn(nodeBinary(root), ['scripts/start.ts'], { cwd: root, env, stdio: ['ignore', log, log] });
	fs.closeSync(log);
	// last resort if the runner itself is killed: never leave the app running
	const killOnExit = () => app.kill('SIGKILL');
	process.once('exit', killOnExit);

	const stopApp = async (): Promise<boolean> => {
		if (app.exitCode !== null || app.signalCode !== null) return true;
		app.kill('SIGTERM');
		if (await waitForExit(app, SHUTDOWN_TIMEOUT_MS)) return true;
		app.kill('SIGKILL');
		await waitForExit(app, 5_000);
		return false;
	};
	const cleanUp = async () => {
		await new Promise<void>((resolve) => smtp.server.close(() => resolve()));
		if (!process.env.E2E_KEEP_DATA) await fsp.rm(workDir, { recursive: true, force: true });
		else console.log(`[e2e] kept ${workDir}`);
	};

	try {
		const started = Date.now();
		let ready = false;
		while (Date.now() - started < STARTUP_TIMEOUT_MS) {
			if (app.exitCode !== null || app.signalCode !== null) {
				throw new Error(`The app stopped while starting (exit code ${app.exitCode ?? app.signalCode}).`);
			}
			try {
				const response = await fetch(`${APP_ORIGIN}/health`, { signal: AbortSignal.timeout(5_000) });
				if (response.status === 200) {
					ready = true;
					break;
				}
			} catch {
				// not listening yet
			}
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		if (!ready) throw new Error(`The app did not answer 200 on /health within ${STARTUP_TIMEOUT_MS / 1000} s.`);
		console.log(
			`[e2e] app ready at ${APP_ORIGIN} in ${((Date.now() - started) / 1000).toFixed(1)} s; SMTP on port ${smtp.port}; data in ${workDir}`
		);
	} catch (error) {
		await stopApp();
		const output = await tail(appLog);
		await cleanUp();
		process.off('exit', killOnExit);
		throw new Error(`${(error as Error).message}\n--- app output (last lines) ---\n${output}`, { cause: error });
	}

	return async () => {
		const stopping = Date.now();
		const exited = await stopApp();
		if (exited) console.log(`[e2e] app stopped ${((Date.now() - stopping) / 1000).toFixed(1)} s after SIGTERM`);
		process.off('exit', killOnExit);
		const output = exited && app.exitCode === 0 ? '' : await tail(appLog);
		// a clean stop closes the embedded database and gives up its lock file
		const lockLeft = fs.existsSync(path.join(dataDir, 'db.lock'));
		await cleanUp();
		if (exited && app.exitCode !== 0) {
			throw new Error(`The app exited with ${app.exitCode ?? app.signalCode} after SIGTERM (expected 0).\n${output}`);
		}
		if (exited && lockLeft) throw new Error('The app exited on SIGTERM without closing the embedded database (db.lock was left behind).');
		if (!exited) {
			throw new Error(
				`The app did not exit within ${SHUTDOWN_TIMEOUT_MS / 1000} s of SIGTERM and was killed.\n--- app output ---\n${output}`
			);
		}
	};
}
