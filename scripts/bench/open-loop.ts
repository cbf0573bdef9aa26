/**
 * Requests at a steady rate, whatever the answers take: an open loop, as wrk2 measures. This is how
 * a latency target at a given load is read ("200 req/s with p95 ≤ 50 ms"): the requests arrive at
 * that rate, and each one's latency counts from when it was due, not from when a connection was free
 * to send it. A stall therefore counts against every request it held up (no "coordinated omission").
 *
 * autocannon's own rate limit does not do this: each connection sends its whole quota for the second
 * back to back and then waits for the next second, which measures a burst at full load every second.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface OpenLoopOptions {
	origin: string;
	method: 'GET' | 'POST';
	path: string;
	/** headers of request number `n` (its session cookie, say) */
	headers: (n: number) => Record<string, string>;
	/** body of request number `n`, for form posts */
	body?: (n: number) => string;
	/** requests per second, spaced evenly */
	rate: number;
	seconds: number;
	/** keep-alive connections at most; a request due while all are busy waits for one, and that wait counts */
	sockets: number;
	/** a request that has had no answer after this long counts as a timeout */
	timeoutMs: number;
}

export interface OpenLoopRun {
	/** ms from when each answered request was due to its last byte */
	latencies: number[];
	statuses: Map<number, number>;
	/** requests sent: rate × seconds */
	sent: number;
	errors: number;
	timeouts: number;
	/** from the first request's due time to the last answer: longer than `seconds` when the server fell behind */
	elapsedSeconds: number;
}

export function runOpenLoop(options: OpenLoopOptions): Promise<OpenLoopRun> {
	const base = new URL(options.origin);
	const agent = new http.Agent({ keepAlive: true, maxSockets: options.sockets });
	const intervalMs = 1000 / options.rate;
	const total = Math.max(1, Math.round(options.rate * options.seconds));
	const latencies: number[] = [];
	const statuses = new Map<number, number>();
	let errors = 0;
	let timeouts = 0;
	let sent = 0;
	let settled = 0;
	let lastAnswerAt = 0;
	const start = performance.now();

	return new Promise((resolve) => {
		const settle = () => {
			settled++;
			lastAnswerAt = performance.now();
			if (settled < total) return;
			agent.destroy();
			resolve({ latencies, statuses, sent, errors, timeouts, elapsedSeconds: (lastAnswerAt - start) / 1000 });
		};

		const send = (n: number, dueAt: number) => {
			const body = options.body?.(n);
			const headers = options.headers(n);
			if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
			// settled once, on 'close', which a request emits whatever happened to it: answered, cut off
			// mid-answer, refused or timed out
			let answered = false;
			let timedOut = false;
			const request = http.request(
				{ host: base.hostname, port: base.port, path: options.path, method: options.method, headers, agent },
				(response) => {
					response.on('error', () => {});
					response.on('end', () => {
						answered = true;
						latencies.push(performance.now() - dueAt);
						const status = response.statusCode ?? 0;
						statuses.set(status, (statuses.get(status) ?? 0) + 1);
					});
					response.resume();
				}
			);
			request.setTimeout(options.timeoutMs, () => {
				timedOut = true;
				request.destroy();
			});
			request.on('error', () => {});
			request.on('close', () => {
				if (!answered) {
					if (timedOut) timeouts++;
					else errors++;
				}
				settle();
			});
			request.end(body);
		};

		// a timer wakes up late now and then; whatever fell due meanwhile goes out at once, still
		// timed from when it was due
		const tick = () => {
			const now = performance.now();
			while (sent < total && start + sent * intervalMs <= now) {
				send(sent, start + sent * intervalMs);
				sent++;
			}
			if (sent < total) setTimeout(tick, Math.max(0, start + sent * intervalMs - performance.now()));
		};
		tick();
	});
}
