/**
 * Where the machine's CPU went during a run, from /proc (Linux; elsewhere every reading is null):
 * the app server, its PostgreSQL backends, the bench itself (autocannon), and everything else —
 * other work on the machine, which makes the figures lower than they would be on an idle one.
 */
import fs from 'node:fs';

const USER_HZ = 100;

/** The fields of /proc/<pid>/stat after the command name (which is in parentheses and may contain spaces), or null. */
function statFields(pid: number): string[] | null {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	} catch {
		return null;
	}
}

/** user + system CPU of one process in ms, or null */
export function processCpuMs(pid: number): number | null {
	const fields = statFields(pid);
	return fields ? ((Number(fields[11]) + Number(fields[12])) * 1000) / USER_HZ : null;
}

/**
 * Minor page faults of one process so far, or null: each is a page of fresh memory the kernel maps
 * in. On a virtual machine one costs many microseconds, so a page that allocates a lot of new
 * memory per request (a large HTML string is one: V8 gives it pages of its own) pays for it here.
 */
export function processMinorFaults(pid: number): number | null {
	const fields = statFields(pid);
	return fields ? Number(fields[7]) : null;
}

/** The process and its children (the server processes of `--processes`), by parent pid. */
export function processTree(pid: number): number[] {
	const tree = [pid];
	let entries: string[];
	try {
		entries = fs.readdirSync('/proc');
	} catch {
		return tree;
	}
	for (const entry of entries) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			if (parent === pid) tree.push(Number(entry));
		} catch {
			// the process ended while we looked
		}
	}
	return tree;
}

/** `read` summed over processes (a `processTree`), or null when the first (the parent) cannot be read */
export function sumOver(pids: number[], read: (pid: number) => number | null): number | null {
	const parts = pids.map(read);
	return parts[0] === null ? null : parts.reduce<number>((sum, value) => sum + (value ?? 0), 0);
}

/** busy CPU of the whole machine in ms, from /proc/stat */
function machineBusyMs(): number | null {
	try {
		const [cpu] = fs.readFileSync('/proc/stat', 'utf8').split('\n');
		const ticks = cpu.trim().split(/\s+/).slice(1).map(Number);
		const total = ticks.slice(0, 8).reduce((sum, n) => sum + n, 0);
		const idle = ticks[3] + ticks[4];
		return ((total - idle) * 1000) / USER_HZ;
	} catch {
		return null;
	}
}

/** CPU ms of every PostgreSQL backend serving `database`, found by its process title. */
function backendsCpuMs(database: string): Map<number, number> {
	const backends = new Map<number, number>();
	let entries: string[];
	try {
		entries = fs.readdirSync('/proc');
	} catch {
		return backends;
	}
	for (const entry of entries) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const title = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0+$/, '').replace(/\0/g, ' ');
			// Debian adds the cluster: "postgres: 15/main: postgres bezel_bench 127.0.0.1(5123) idle"
			const match = /^postgres: (?:\S+: )?\S+ (\S+) /.exec(title);
			if (match?.[1] !== database) continue;
			const cpu = processCpuMs(Number(entry));
			if (cpu !== null) backends.set(Number(entry), cpu);
		} catch {
			// the process ended while we looked
		}
	}
	return backends;
}

function benchCpuMs(): number {
	const usage = process.cpuUsage();
	return (usage.user + usage.system) / 1000;
}

export interface CpuSnapshot {
	at: number;
	app: number | null;
	/** minor page faults of the app server's processes */
	appFaults: number | null;
	database: Map<number, number>;
	bench: number;
	machine: number | null;
}

/** cores busy on average between two snapshots */
export interface CoresBusy {
	app: number;
	database: number;
	bench: number;
	others: number;
	total: number;
}

export function cpuSnapshot(appPid: number, database: string): CpuSnapshot {
	const app = processTree(appPid);
	return {
		at: performance.now(),
		app: sumOver(app, processCpuMs),
		appFaults: sumOver(app, processMinorFaults),
		database: backendsCpuMs(database),
		bench: benchCpuMs(),
		machine: machineBusyMs()
	};
}

/** CPU ms spent by the database's backends between two snapshots */
export function databaseMs(before: CpuSnapshot, after: CpuSnapshot): number {
	let total = 0;
	for (const [pid, cpu] of after.database) total += cpu - (before.database.get(pid) ?? 0);
	return total;
}

export function coresBusy(before: CpuSnapshot, after: CpuSnapshot): CoresBusy | null {
	if (before.app === null || after.app === null || before.machine === null || after.machine === null) return null;
	const ms = after.at - before.at;
	const cores = (value: number) => Math.round((Math.max(0, value) / ms) * 100) / 100;
	const database = databaseMs(before, after);
	const app = after.app - before.app;
	const bench = after.bench - before.bench;
	const total = after.machine - before.machine;
	return {
		app: cores(app),
		database: cores(database),
		bench: cores(bench),
		others: cores(total - app - database - bench),
		total: cores(total)
	};
}

/**
 * Cores kept busy by other work right now, sampled over `ms` (the load average trails by a minute:
 * it still counts a build that just ended, and misses work that just began). Null off Linux.
 */
export async function busyCoresNow(ms = 1000): Promise<number | null> {
	const before = machineBusyMs();
	const started = performance.now();
	await new Promise((resolve) => setTimeout(resolve, ms));
	const after = machineBusyMs();
	return before === null || after === null ? null : (after - before) / (performance.now() - started);
}

/**
 * A fixed piece of work (integer arithmetic, no allocation) timed in this process: on a virtual
 * machine the host may give its cores to others, which no /proc reading inside shows. The same
 * machine at full speed always times it alike, so two runs' figures compare only when it did.
 */
export function referenceLoopMs(): number {
	const started = performance.now();
	let x = 0;
	for (let i = 0; i < 50_000_000; i++) x = (x + (i % 7)) | 0;
	const ms = performance.now() - started;
	// keep the loop from being optimised away
	return x === -1 ? ms + 1 : ms;
}

/** Linux pressure stall information: the share of the last 60 s some task waited for a core, or null. */
export function cpuPressurePercent(): number | null {
	try {
		const match = /some avg10=[\d.]+ avg60=([\d.]+)/.exec(fs.readFileSync('/proc/pressure/cpu', 'utf8'));
		return match ? Number(match[1]) : null;
	} catch {
		return null;
	}
}
