/**
 * `npm run crawl`: the built app on PostgreSQL, walked as every demo login would walk it. It creates a
 * database on the server (postgresql://postgres@127.0.0.1:5432 unless CRAWL_SERVER says otherwise),
 * migrates and seeds it, serves build/ on it, signs in as each demo login and follows every link of
 * the pages it reaches (GET only), up to a number of pages per person. Any answer of 500 or more, an
 * error in the server's log, or a page with an ETag fails it. The browser tests run on the embedded
 * database; this walk is what runs every page on a server — with prepared statements and a page
 * view's shared transaction — in CI.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/lib/server/db/client.ts';
import { demoLogins } from '../src/lib/server/seed/demo-brand.ts';
import { databaseUrl } from './bench/options.ts';
import { signIn } from './bench/load.ts';
import { freePort, startServer, stopChildren } from './bench/server.ts';

const server = process.env.CRAWL_SERVER ?? 'postgresql://postgres@127.0.0.1:5432';
const database = `bezel_crawl_${process.pid}`;
const PAGES_PER_PERSON = Number(process.env.CRAWL_PAGES ?? 150);
/** the same page with other ids or filters: a few are enough */
const VARIANTS_PER_ROUTE = 3;
const root = process.cwd();

async function admin<T>(work: (run: (statement: string) => Promise<unknown>) => Promise<T>): Promise<T> {
	const handle = await openDatabase({ kind: 'postgres', url: databaseUrl(server, 'postgres'), poolMax: 1 });
	try {
		return await work((statement) => handle.db.execute(sql.raw(statement)));
	} finally {
		await handle.close();
	}
}

function runScript(script: string, env: Record<string, string>): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [script], {
			cwd: root,
			env: { ...process.env, ...env },
			stdio: ['ignore', 'inherit', 'inherit']
		});
		child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${script} exited with ${code}`))));
	});
}

/** /purchase-orders/3f…/pdf?x=1 → /purchase-orders/:id/pdf: pages of one route count as variants. */
function routeOf(url: URL): string {
	return url.pathname.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, ':id').replace(/\/\d+(?=\/|$)/g, '/:n');
}

function linksOf(html: string, from: URL, origin: string): URL[] {
	const found: URL[] = [];
	for (const match of html.matchAll(/<a\b[^>]*\bhref="([^"#]+)"/g)) {
		const href = match[1].replace(/&amp;/g, '&');
		let url: URL;
		try {
			url = new URL(href, from);
		} catch {
			continue;
		}
		if (url.origin !== origin) continue;
		found.push(url);
	}
	return found;
}

interface Problem {
	who: string;
	url: string;
	status: number;
	from: string;
	/** what was wrong besides the status */
	reason?: string;
}

async function walk(origin: string, who: string, cookie: string, problems: Problem[]): Promise<number> {
	const queue: { url: URL; from: string }[] = [{ url: new URL('/', origin), from: '(start)' }];
	const seen = new Set<string>();
	const variants = new Map<string, number>();
	let pages = 0;
	while (queue.length > 0 && pages < PAGES_PER_PERSON) {
		const { url, from } = queue.shift()!;
		const key = url.pathname + url.search;
		if (seen.has(key)) continue;
		seen.add(key);
		const route = routeOf(url);
		const count = variants.get(route) ?? 0;
		if (count >= VARIANTS_PER_ROUTE) continue;
		variants.set(route, count + 1);
		// signing out would end the walk
		if (/logout|sign-out/.test(url.pathname)) continue;
		const response = await fetch(url, { redirect: 'manual', headers: { cookie, accept: 'text/html' } });
		pages++;
		if (response.status >= 500) problems.push({ who, url: key, status: response.status, from });
		const location = response.headers.get('location');
		if (location && response.status >= 300 && response.status < 400) queue.push({ url: new URL(location, url), from: key });
		const type = response.headers.get('content-type') ?? '';
		if (type.includes('text/html')) {
			// pages carry a fresh CSP nonce: an ETag costs a hash of the page and can never match
			if (response.headers.has('etag'))
				problems.push({ who, url: key, status: response.status, from, reason: 'has an ETag (see scripts/vite/skip-nonced-page-etag.ts)' });
			for (const link of linksOf(await response.text(), url, origin)) queue.push({ url: link, from: key });
		} else {
			await response.arrayBuffer();
		}
	}
	return pages;
}

const problems: Problem[] = [];
let exitCode = 0;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bezel-crawl-'));
try {
	await admin((run) => run(`create database "${database}"`));
	const url = databaseUrl(server, database);
	console.log(`Crawl: migrating and seeding ${database} …`);
	await runScript('scripts/migrate.ts', { DATABASE_URL: url });
	await runScript('scripts/seed.ts', { DATABASE_URL: url, DATA_DIR: dataDir });
	const port = await freePort();
	const running = await startServer({ root, databaseUrl: url, port, dataDir, logFile: path.join(dataDir, 'server.log') });
	try {
		for (const login of demoLogins()) {
			const cookie = await signIn(running.origin, login.email, login.password);
			const before = problems.length;
			const pages = await walk(running.origin, login.email, cookie.split(';')[0], problems);
			console.log(`  ${login.role}: ${pages} pages${problems.length > before ? `, ${problems.length - before} failed` : ''}`);
		}
	} finally {
		const errors = running.errorLines().filter((line) => line.includes('[bezel] error'));
		await running.stop();
		for (const line of errors) problems.push({ who: '(server log)', url: line, status: 0, from: '' });
	}
	for (const p of problems)
		console.log(`  ✗ ${p.who}: ${p.status || ''} ${p.url}${p.reason ? ` ${p.reason}` : ''}${p.from ? ` (linked from ${p.from})` : ''}`);
	if (problems.length > 0) exitCode = 1;
	else console.log('Crawl: every page answered without a server error.');
} catch (error) {
	console.error(error);
	exitCode = 1;
} finally {
	await stopChildren();
	await admin((run) => run(`drop database if exists "${database}" with (force)`)).catch(() => {});
	fs.rmSync(dataDir, { recursive: true, force: true });
}
process.exit(exitCode);
