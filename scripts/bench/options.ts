/**
 * The benchmark's own options, read from command-line flags only (src/env.ts is the one place that
 * reads the environment, and the bench deliberately does not depend on a developer's shell).
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { parseSettings } from '../../src/env.ts';

export interface BenchOptions {
	/** PostgreSQL server (no database name needed); the bench creates its own database on it */
	server: string;
	database: string;
	build: boolean;
	keep: boolean;
	/** seconds of measurement per scenario */
	duration: number;
	/** seconds of unrecorded load before each measurement */
	warmup: number;
	connections: number;
	/** server processes (WEB_CONCURRENCY); one per core unless told */
	processes: number;
	workshops: number;
	users: number;
	/** purchase orders in the data set (about five lines each) */
	purchaseOrders: number;
	/** open production jobs (7–8 milestones each) on the acknowledged PO lines */
	jobs: number;
	/** repair jobs (with their estimates and history) at the repair workshops */
	repairs: number;
	/** vendor invoices (about eight lines each) on the closed POs' lines, with credit notes and payments */
	invoices: number;
	/** scenario and measurement names to run (`*` matches any characters); empty = all */
	only: string[];
	output: string;
	help: boolean;
}

/** A flag the bench cannot use; the message is one sentence naming it. */
export class BenchOptionError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'BenchOptionError';
	}
}

export const usage = `Usage: npm run bench -- [flags]

  --server <url>       PostgreSQL server to create the bench database on
                       (default postgresql://postgres@127.0.0.1:5432)
  --database <name>    name of the bench database, dropped and re-created (default bezel_bench)
  --duration <s>       measured seconds per scenario (default 10)
  --warmup <s>         unmeasured seconds of load before each scenario (default 2; 0 = none)
  --connections <n>    concurrent connections per scenario (default 10)
  --processes <n>      server processes, as WEB_CONCURRENCY for npm start (default: one per
                       core, as the README recommends for a server; 1 = a single process)
  --workshops <n>      workshops in the data set (default 1000)
  --users <n>          users in the data set, 90 % vendor users, 10 % staff (default 10000)
  --purchase-orders <n>  purchase orders in the data set, about five lines each (default 100000;
                       0 = none, and the PO scenarios cannot run)
  --jobs <n>           open production jobs, 7–8 milestones each, on the acknowledged PO lines
                       (default 20000, about 150,000 milestones; 0 = none, and the production
                       scenarios cannot run)
  --repairs <n>        repair jobs over 18 months at the repair workshops, with estimates and
                       history (default 30000; 0 = none, and the repair scenarios cannot run)
  --invoices <n>       vendor invoices on the closed POs' received lines, about eight lines each,
                       with credit notes and payments; re-matched once before the pages (default
                       50000; 0 = none, and the invoice scenarios and rematch-all cannot run)
  --only <names>       comma-separated scenario or measurement names to run, * for any characters
                       (e.g. --only 'timeline*,post-milestone'; default: all). With measurements
                       only (photo-12mp, labels-render-*), no app, data set or server is needed.
  --output <file>      JSON results (default .bench-data/results.json)
  --no-build           serve the existing build/ instead of running vite build first
  --keep               keep the bench database afterwards (default: drop it)
  --help               this text
`;

function wholeNumber(name: string, text: string | undefined, fallback: number, min: number, max: number): number {
	if (text === undefined) return fallback;
	if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
		throw new BenchOptionError(`--${name} must be a whole number from ${min} to ${max} (got "${text}").`);
	}
	return Number(text);
}

export function readOptions(argv: string[]): BenchOptions {
	const { values } = parseArgs({
		args: argv,
		strict: true,
		allowPositionals: false,
		options: {
			server: { type: 'string' },
			database: { type: 'string' },
			duration: { type: 'string' },
			warmup: { type: 'string' },
			connections: { type: 'string' },
			processes: { type: 'string' },
			workshops: { type: 'string' },
			users: { type: 'string' },
			'purchase-orders': { type: 'string' },
			jobs: { type: 'string' },
			repairs: { type: 'string' },
			invoices: { type: 'string' },
			only: { type: 'string' },
			output: { type: 'string' },
			'no-build': { type: 'boolean', default: false },
			keep: { type: 'boolean', default: false },
			help: { type: 'boolean', short: 'h', default: false }
		}
	});

	// the same URL rules as DATABASE_URL
	let server: string;
	try {
		server = parseSettings({ DATABASE_URL: values.server ?? 'postgresql://postgres@127.0.0.1:5432' }).DATABASE_URL!;
	} catch {
		throw new BenchOptionError(`--server must be a PostgreSQL URL such as postgresql://postgres@127.0.0.1:5432 (got "${values.server}").`);
	}
	const database = values.database ?? 'bezel_bench';
	if (!/^[a-z_][a-z0-9_]{0,62}$/.test(database)) {
		throw new BenchOptionError(`--database must be a plain lower-case identifier such as bezel_bench (got "${database}").`);
	}
	if (database === 'postgres' || database.startsWith('template')) {
		throw new BenchOptionError(`--database must not be "${database}": the bench drops and re-creates it.`);
	}
	const workshops = wholeNumber('workshops', values.workshops, 1000, 1, 1_000_000);
	const users = wholeNumber('users', values.users, 10_000, 4, 10_000_000);
	return {
		server,
		database,
		build: !values['no-build'],
		keep: values.keep ?? false,
		duration: wholeNumber('duration', values.duration, 10, 1, 3600),
		warmup: wholeNumber('warmup', values.warmup, 2, 0, 600),
		connections: wholeNumber('connections', values.connections, 10, 1, 1000),
		// measured as the README recommends deploying on a server: one Node process per core
		processes: wholeNumber('processes', values.processes, Math.min(os.availableParallelism(), 16), 1, 16),
		workshops,
		users,
		purchaseOrders: wholeNumber('purchase-orders', values['purchase-orders'], 100_000, 0, 5_000_000),
		jobs: wholeNumber('jobs', values.jobs, 20_000, 0, 2_000_000),
		repairs: wholeNumber('repairs', values.repairs, 30_000, 0, 1_000_000),
		invoices: wholeNumber('invoices', values.invoices, 50_000, 0, 1_000_000),
		only: (values.only ?? '')
			.split(',')
			.map((name) => name.trim())
			.filter(Boolean),
		output: values.output ?? '.bench-data/results.json',
		help: values.help ?? false
	};
}

/** Whether a name given to --only (where `*` matches any characters) names this scenario or measurement. */
export function matchesName(pattern: string, name: string): boolean {
	const source = pattern
		.split('*')
		.map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
		.join('.*');
	return new RegExp(`^${source}$`).test(name);
}

/** postgresql://…/<database>, keeping credentials and query parameters of the server URL. */
export function databaseUrl(server: string, database: string): string {
	const url = new URL(server);
	url.pathname = `/${database}`;
	return url.toString();
}
