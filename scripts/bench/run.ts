/**
 * `npm run bench`: builds the app, fills its own PostgreSQL database with a large synthetic data set,
 * serves the build against it and load-tests signed-in pages with autocannon. Prints req/s, latency
 * percentiles and SQL statements per request for every scenario, then times CPU work that has no page
 * of its own (a 12 MP photo, 50 job-bag labels) in the bench process, with the targets met or missed,
 * and writes the same as JSON to .bench-data/results.json.
 *
 * It reports figures; it never fails on them (exit code 0 unless the bench itself breaks).
 * Flags: see `npm run bench -- --help` (options.ts).
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import {
	BENCH_PASSWORD,
	buildDataset,
	datasetCounts,
	dropDatabase,
	lockBench,
	pickAccounts,
	postgresVersion,
	type BenchLock,
	type DatasetReport
} from './dataset.ts';
import { runScenario, type ScenarioResult } from './load.ts';
import { openDatabase, type DatabaseHandle } from '../../src/lib/server/db/client.ts';
import { BenchOptionError, databaseUrl, matchesName, readOptions, usage, type BenchOptions } from './options.ts';
import {
	checkMeasurementTargets,
	checkTargets,
	formatMeasurements,
	formatProblems,
	formatTable,
	formatTargets,
	runMeasurement,
	writeJson,
	type MeasurementResult
} from './report.ts';
import { busyCoresNow, cpuPressurePercent, cpuSnapshot, referenceLoopMs } from './cpu.ts';
import { rematchBenchInvoices, type RematchReport } from './invoices.ts';
import { measurements, scenarios, type MeasurementContext } from './scenarios.ts';
import { buildApp, freePort, startServer, stopChildren, type RunningServer } from './server.ts';

const root = path.resolve(import.meta.dirname, '../..');

function say(text: string): void {
	console.log(`  ${text}`);
}

function gitRevision(): string | null {
	try {
		const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
			cwd: root,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'ignore']
		}).trim();
		const dirty =
			execFileSync('git', ['status', '--porcelain'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() !== '';
		return dirty ? `${commit}-dirty` : commit;
	} catch {
		return null;
	}
}

const mib = (kib: number | null) => (kib === null ? null : Math.round(kib / 102.4) / 10);

async function main(options: BenchOptions): Promise<void> {
	const chosen = <T extends { name: string }>(list: T[]) =>
		options.only.length > 0 ? list.filter((item) => options.only.some((pattern) => matchesName(pattern, item.name))) : list;
	const selected = chosen(scenarios);
	const selectedMeasurements = chosen(measurements);
	const names = [...scenarios, ...measurements].map((item) => item.name);
	const unknown = options.only.filter((pattern) => !names.some((name) => matchesName(pattern, name)));
	if (unknown.length > 0) {
		throw new BenchOptionError(`--only names unknown scenarios or measurements: ${unknown.join(', ')}. Known: ${names.join(', ')}.`);
	}
	// measurements alone need no app, data set or server (unless they work on the data set)
	const http = selected.length > 0;
	const needsData = http || selectedMeasurements.some((m) => m.needsData);

	const startedAt = new Date();
	// other work on the machine skews every figure: note how busy it was before the bench added load
	const loadBefore = os.loadavg();
	const dbUrl = databaseUrl(options.server, options.database);
	const safeDbUrl = new URL(dbUrl);
	if (safeDbUrl.password) safeDbUrl.password = '***';
	let server: RunningServer | null = null;
	let databaseCreated = false;
	// for scenarios that check their writes in the database afterwards
	let checkDb: DatabaseHandle | null = null;

	let lock: BenchLock | null = null;
	let cleaning: Promise<void> | null = null;
	const cleanUp = () => {
		cleaning ??= (async () => {
			await checkDb?.close().catch(() => {});
			if (server) await server.stop().catch(() => {});
			// a build or a server still starting when the bench was interrupted
			await stopChildren();
			if (databaseCreated && !options.keep) await dropDatabase(options.server, options.database).catch(() => {});
			await lock?.release();
		})();
		return cleaning;
	};
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.once(signal, () => {
			console.log(`\n  ${signal}: stopping the server${options.keep ? '' : ' and dropping the bench database'} …`);
			void cleanUp().then(() => process.exit(signal === 'SIGINT' ? 130 : 143));
		});
	}

	const serverProcesses = `${options.processes} server process${options.processes === 1 ? '' : 'es'}`;
	try {
		console.log(
			`\nBezel benchmark — ${os.cpus().length} cores, ${serverProcesses}, Node ${process.version}, ${options.duration} s per scenario\n`
		);
		if (!needsData) {
			await measureOnly(options, selectedMeasurements, startedAt, loadBefore);
			return;
		}
		const busyCores = await busyCoresNow();
		if (busyCores !== null && busyCores > 0.25) {
			say(
				`! Other work keeps ${busyCores.toFixed(2)} cores busy as the bench starts (load average ${loadBefore.map((n) => n.toFixed(2)).join(', ')}): figures will be lower than on an idle machine.`
			);
		}

		const postgres = await postgresVersion(options.server);
		// two benches on one machine would skew each other, and on one database drop each other's data
		lock = await lockBench(options.server, options.database);

		let buildSeconds: number | null = null;
		if (!http) {
			say('Only measurements on the data set chosen: no build or server.');
		} else if (options.build) {
			say('Building the app (vite build) …');
			buildSeconds = await buildApp(root);
			say(`built in ${buildSeconds} s`);
		} else {
			say('Using the existing build/ (--no-build).');
		}

		say(
			`Building the data set in ${safeDbUrl} (${options.workshops.toLocaleString('en-US')} workshops, ${options.users.toLocaleString('en-US')} users, ${options.purchaseOrders.toLocaleString('en-US')} purchase orders, ${options.jobs.toLocaleString('en-US')} open jobs, ${options.repairs.toLocaleString('en-US')} repairs, ${options.invoices.toLocaleString('en-US')} invoices) …`
		);
		databaseCreated = true;
		const serverDataDir = path.join(root, '.bench-data', 'server');
		const dataset: DatasetReport = await buildDataset(options.server, options.database, {
			workshops: options.workshops,
			users: options.users,
			purchaseOrders: options.purchaseOrders,
			jobs: options.jobs,
			repairs: options.repairs,
			invoices: options.invoices,
			filesRoot: path.join(serverDataDir, 'files')
		});
		say(
			`data set built in ${dataset.seconds.total} s (migrate ${dataset.seconds.migrate} s, insert ${dataset.seconds.insert} s, purchase orders ${dataset.seconds.purchaseOrders} s, production ${dataset.seconds.production} s, repairs ${dataset.seconds.repairs} s, invoices ${dataset.seconds.invoices} s, vacuum/analyze ${dataset.seconds.analyze} s)`
		);
		if (dataset.production?.shortfall) say(`! ${dataset.production.shortfall}`);
		if (dataset.repairs?.shortfall) say(`! ${dataset.repairs.shortfall}`);
		if (dataset.invoices?.shortfall) say(`! ${dataset.invoices.shortfall}`);

		// The invoices were stored unmatched: the first re-match sets every status the pages show. It is
		// the rematch-all measurement, so it runs alone, before the server starts.
		let rematch: RematchReport | null = null;
		if (dataset.invoices) {
			process.stdout.write('  matching every invoice (rematchAllVendors) … ');
			rematch = await rematchBenchInvoices(dbUrl);
			console.log(`${Math.round(rematch.ms)} ms for ${rematch.documents.toLocaleString('en-US')} documents`);
		}
		const context: MeasurementContext = { rematch };
		const early = await runMeasurements(
			selectedMeasurements.filter((m) => m.needsData),
			context
		);
		if (!http) {
			await finishMeasurementsOnData(options, early, selectedMeasurements, startedAt, loadBefore, dataset, postgres);
			return;
		}
		const accounts = await pickAccounts(options.server, options.database, options.connections);

		const port = await freePort();
		say(`Starting the server on port ${port} …`);
		server = await startServer({
			root,
			databaseUrl: dbUrl,
			port,
			dataDir: serverDataDir,
			logFile: path.join(root, '.bench-data', 'server.log'),
			processes: options.processes
		});
		const running = server;
		say(`server ready (pid ${running.pid}); its output goes to ${path.relative(root, running.logFile)}\n`);

		// how fast the machine itself is right now: the host of a virtual machine may be busy elsewhere
		const speedBefore = { loopMs: referenceLoopMs(), pressure: cpuPressurePercent() };
		const results: ScenarioResult[] = [];
		for (const scenario of selected) {
			process.stdout.write(`  ${scenario.name} (${scenario.method} ${scenario.path}) … `);
			const since = new Date();
			const result = await runScenario(scenario, {
				origin: running.origin,
				connections: scenario.connections ?? options.connections,
				duration: options.duration,
				warmup: options.warmup,
				accounts,
				password: BENCH_PASSWORD,
				cpu: () => cpuSnapshot(running.pid, options.database),
				gc: running.gc
			});
			results.push(result);
			const atRate = result.atTargetRate;
			console.log(
				result.problem
					? `not measured — ${result.problem}`
					: `${result.reqPerSec} req/s, p95 ${result.latencyMs?.p95} ms` +
							(atRate ? `; at ${atRate.rate} req/s: p95 ${atRate.latencyMs?.p95} ms, ${atRate.achieved} answered a second` : '')
			);
			if (scenario.verify && !result.problem) {
				checkDb ??= await openDatabase({ kind: 'postgres', url: dbUrl, poolMax: 1 });
				const verdict = await scenario.verify(checkDb, since, result);
				// answers that did not do their work make the figures meaningless
				if (verdict.startsWith('!')) result.problem = `verification failed: ${verdict.replace(/^! /, '')}`;
				else result.notes.push(verdict);
				say(`  ${verdict}`);
			}
		}
		await checkDb?.close();
		checkDb = null;

		const peakRssKib = running.peakRssKib();
		const rssKib = running.rssKib();
		const serverErrors = running.errorLines();
		await running.stop();
		server = null;
		const speedAfter = { loopMs: referenceLoopMs(), pressure: cpuPressurePercent() };

		// after the server has stopped, so the CPU work has the machine to itself
		const measured = [
			...early,
			...(await runMeasurements(
				selectedMeasurements.filter((m) => !m.needsData),
				context
			))
		];

		const targets = [...checkTargets(selected, results), ...checkMeasurementTargets(selectedMeasurements, measured)];
		const counts = datasetCounts(options);
		console.log(`\n${formatTable(results)}\n`);
		if (measured.length > 0) console.log(`${formatMeasurements(measured)}\n`);
		console.log(
			`Targets (set for 2 cores, 1,000 workshops, 10,000 users, 100,000 POs, 20,000 open jobs, 30,000 repairs; this run: ${os.cpus().length} cores)`
		);
		console.log(formatTargets(targets));
		const problems = formatProblems(results);
		if (problems.length > 0) {
			console.log('\nProblems and notes');
			for (const problem of problems) console.log(`  ${problem}`);
		}
		if (serverErrors.length > 0) {
			console.log(`\nThe server wrote ${serverErrors.length}${serverErrors.length >= 50 ? '+' : ''} lines to stderr; the first:`);
			for (const line of serverErrors.slice(0, 5)) console.log(`  ${line}`);
		}
		console.log('');
		say(`server peak RSS (VmHWM): ${mib(peakRssKib) ?? '–'} MiB (RSS at the end ${mib(rssKib) ?? '–'} MiB)`);
		say(
			`data set: ${Object.entries(dataset.rows)
				.map(([table, n]) => `${table} ${n.toLocaleString('en-US')}`)
				.join(', ')}`
		);
		if (dataset.production) {
			const p = dataset.production;
			const share = (n: number) => `${Math.round((n / Math.max(1, p.openJobs)) * 1000) / 10} %`;
			say(
				`production: ${p.openJobs.toLocaleString('en-US')} open jobs with ${p.openMilestones.toLocaleString('en-US')} milestones (${share(p.atRisk)} at risk, ${share(p.blocked)} blocked), ${p.doneJobs.toLocaleString('en-US')} done and ${p.cancelledJobs.toLocaleString('en-US')} cancelled; ${p.milestones.toLocaleString('en-US')} milestones in all`
			);
		}
		if (dataset.repairs && !dataset.repairs.shortfall) {
			const r = dataset.repairs;
			say(
				`repairs: ${r.repairs.toLocaleString('en-US')} at ${r.workshops} repair workshops, ${r.open.toLocaleString('en-US')} open (${r.overdue.toLocaleString('en-US')} overdue), ${r.estimates.toLocaleString('en-US')} estimates, ${r.events.toLocaleString('en-US')} events; the repair scenarios' workshop has ${r.benchWorkshop.toLocaleString('en-US')} (${r.benchWorkshopOpen.toLocaleString('en-US')} open)`
			);
		}
		if (dataset.invoices) {
			const i = dataset.invoices;
			say(
				`invoices: ${i.invoices.toLocaleString('en-US')} invoices and ${i.creditNotes.toLocaleString('en-US')} credit notes with ${i.lines.toLocaleString('en-US')} lines, ${i.payments.toLocaleString('en-US')} payments; the invoice scenarios' workshop has ${i.benchWorkshop.toLocaleString('en-US')} documents`
			);
		}
		say(`data set build: ${dataset.seconds.total} s${buildSeconds !== null ? `; vite build: ${buildSeconds} s` : ''}`);
		say(
			`${serverProcesses} (WEB_CONCURRENCY), ${options.connections} connections, ${options.warmup} s warm-up + ${options.duration} s per scenario at full load; SQL/req from Server-Timing`
		);
		say(
			`p95 ms @ target req/s: for a page with a throughput target, another ${options.duration} s with requests arriving steadily at that rate, each timed from when it was due (open loop); its latency targets are read there.`
		);
		say('CPU ms/req: the app server process / its PostgreSQL backends.');
		say(
			'faults/req: minor page faults of the app server per request, fresh memory mapped in; on a virtual machine each costs several µs (an HTML page over 128 KB of string is one large allocation per view).'
		);
		say(
			"GC/req: the app server's garbage collection per request: main-thread pause in ms (requests in that process wait) / KB promoted to the old generation (every survivor is copied, into memory the kernel maps in)."
		);
		say('Cores busy: app server / its PostgreSQL backends / autocannon / other work on the machine (which skews the figures).');
		say(
			`Machine speed: a fixed loop took ${Math.round(speedBefore.loopMs)} ms before the pages and ${Math.round(speedAfter.loopMs)} ms after` +
				(speedBefore.pressure !== null
					? `; CPU pressure (PSI, last 60 s) ${speedBefore.pressure} % before, ${speedAfter.pressure} % after`
					: '') +
				'. Compare two runs only when the loop took about as long: a virtual machine whose host is busy is slower in every figure.'
		);

		const output = path.resolve(root, options.output);
		writeJson(output, {
			startedAt: startedAt.toISOString(),
			finishedAt: new Date().toISOString(),
			revision: gitRevision(),
			machine: {
				cores: os.cpus().length,
				cpu: os.cpus()[0]?.model ?? null,
				memoryMiB: Math.round(os.totalmem() / 1048576),
				node: process.version,
				postgres,
				loadAverageBefore: loadBefore.map((n) => Math.round(n * 100) / 100),
				referenceLoopMs: [Math.round(speedBefore.loopMs), Math.round(speedAfter.loopMs)],
				cpuPressurePercent: [speedBefore.pressure, speedAfter.pressure]
			},
			options: { ...options, server: new URL(options.server).host },
			dataset: {
				workshops: options.workshops,
				users: options.users,
				purchaseOrders: options.purchaseOrders,
				jobs: options.jobs,
				repairs: options.repairs,
				...counts,
				rows: dataset.rows,
				production: dataset.production,
				repairReport: dataset.repairs,
				invoices: options.invoices,
				invoiceReport: dataset.invoices,
				rematch,
				buildSeconds: dataset.seconds
			},
			viteBuildSeconds: buildSeconds,
			server: { peakRssMiB: mib(peakRssKib), finalRssMiB: mib(rssKib), stderrLines: serverErrors.length },
			scenarios: results,
			measurements: measured,
			targets
		});
		say(`results written to ${path.relative(root, output)}`);
		if (options.keep) say(`kept the database: ${safeDbUrl}`);
		console.log('');
	} finally {
		await cleanUp();
	}
}

async function runMeasurements(list: typeof measurements, context?: MeasurementContext): Promise<MeasurementResult[]> {
	const measured: MeasurementResult[] = [];
	for (const measurement of list) {
		process.stdout.write(`  ${measurement.name} (in the bench process) … `);
		const result = await runMeasurement(measurement, context);
		measured.push(result);
		console.log(result.problem ? `not measured — ${result.problem}` : `p50 ${result.ms?.p50} ms, p95 ${result.ms?.p95} ms`);
	}
	return measured;
}

/** `--only` named measurements alone: time them and report, without building anything. */
async function measureOnly(options: BenchOptions, list: typeof measurements, startedAt: Date, loadBefore: number[]): Promise<void> {
	say('Only measurements chosen: no build, data set or server.');
	const measured = await runMeasurements(list);
	const targets = checkMeasurementTargets(list, measured);
	console.log(`\n${formatMeasurements(measured)}\n`);
	console.log(`Targets (set for 2 cores; this run: ${os.cpus().length} cores)`);
	console.log(formatTargets(targets));
	const output = path.resolve(root, options.output);
	writeJson(output, {
		startedAt: startedAt.toISOString(),
		finishedAt: new Date().toISOString(),
		revision: gitRevision(),
		machine: {
			cores: os.cpus().length,
			cpu: os.cpus()[0]?.model ?? null,
			memoryMiB: Math.round(os.totalmem() / 1048576),
			node: process.version,
			loadAverageBefore: loadBefore.map((n) => Math.round(n * 100) / 100)
		},
		options: { ...options, server: new URL(options.server).host },
		measurements: measured,
		targets
	});
	console.log('');
	say(`results written to ${path.relative(root, output)}`);
	console.log('');
}

/** `--only` named measurements on the data set alone (rematch-all): the data set was built, no server. */
async function finishMeasurementsOnData(
	options: BenchOptions,
	early: MeasurementResult[],
	list: typeof measurements,
	startedAt: Date,
	loadBefore: number[],
	dataset: DatasetReport,
	postgres: string
): Promise<void> {
	const measured = [...early, ...(await runMeasurements(list.filter((m) => !m.needsData)))];
	const targets = checkMeasurementTargets(list, measured);
	console.log(`\n${formatMeasurements(measured)}\n`);
	console.log(`Targets (set for 2 cores and the default data set; this run: ${os.cpus().length} cores)`);
	console.log(formatTargets(targets));
	console.log('');
	say(`data set build: ${dataset.seconds.total} s`);
	const output = path.resolve(root, options.output);
	writeJson(output, {
		startedAt: startedAt.toISOString(),
		finishedAt: new Date().toISOString(),
		revision: gitRevision(),
		machine: {
			cores: os.cpus().length,
			cpu: os.cpus()[0]?.model ?? null,
			memoryMiB: Math.round(os.totalmem() / 1048576),
			node: process.version,
			postgres,
			loadAverageBefore: loadBefore.map((n) => Math.round(n * 100) / 100)
		},
		options: { ...options, server: new URL(options.server).host },
		dataset: { rows: dataset.rows, invoiceReport: dataset.invoices, buildSeconds: dataset.seconds },
		measurements: measured,
		targets
	});
	say(`results written to ${path.relative(root, output)}`);
	console.log('');
}

let options: BenchOptions;
try {
	options = readOptions(process.argv.slice(2));
} catch (error) {
	console.error(`\n  ${(error as Error).message}\n\n${usage}`);
	process.exit(2);
}
if (options.help) {
	console.log(usage);
} else {
	try {
		await main(options);
	} catch (error) {
		// a flag or server problem is one sentence; anything else is a bug in the bench or the app: show where
		const cause = (error as Error & { cause?: unknown }).cause;
		const detail =
			error instanceof BenchOptionError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
		console.error(`\n  The benchmark could not run: ${detail}${cause instanceof Error ? `\n  Cause: ${cause.message}` : ''}\n`);
		process.exitCode = 1;
	}
}
