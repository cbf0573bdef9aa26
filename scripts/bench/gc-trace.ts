/**
 * Garbage collection of the app server, read from V8's `--trace-gc-nvp` output: one line of
 * `name=value` pairs per collection, printed by each server process on its standard output.
 * The bench starts the server with that flag (cluster workers inherit it) and keeps running totals,
 * so a scenario can report the main-thread pause and the bytes promoted per request. Promotion is
 * what makes a scavenge slow: every survivor is copied into the old generation, whose fresh pages
 * the kernel has to map in.
 */

export interface GcTotals {
	/** collections of any kind (scavenges and full collections) */
	collections: number;
	/** main-thread pause: every request in that process waits during it */
	pauseMs: number;
	/** bytes copied from the young generation into the old one */
	promotedBytes: number;
}

const gcLine = /\bpause=([\d.]+)\b.*\bgc=\w+/;
const promoted = /\bpromoted=(\d+)\b/;

/**
 * Splits the server's standard output into GC lines (counted) and everything else (returned, for
 * the log). A chunk may end in the middle of a line: that part waits for the next chunk.
 */
export class GcTrace {
	readonly #totals: GcTotals = { collections: 0, pauseMs: 0, promotedBytes: 0 };
	#partial = '';

	/** the chunk's text without its GC lines */
	take(chunk: Buffer | string): string {
		const text = this.#partial + chunk.toString();
		const end = text.lastIndexOf('\n');
		this.#partial = text.slice(end + 1);
		if (end === -1) return '';
		let rest = '';
		for (const line of text.slice(0, end).split('\n')) {
			const match = gcLine.exec(line);
			if (!match) {
				rest += line + '\n';
				continue;
			}
			this.#totals.collections += 1;
			this.#totals.pauseMs += Number(match[1]);
			this.#totals.promotedBytes += Number(promoted.exec(line)?.[1] ?? 0);
		}
		return rest;
	}

	snapshot(): GcTotals {
		return { ...this.#totals };
	}
}
