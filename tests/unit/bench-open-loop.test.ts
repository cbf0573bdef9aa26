import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runOpenLoop, type OpenLoopOptions } from '../../scripts/bench/open-loop.ts';

interface Seen {
	cookie: string | undefined;
	body: string;
}

/** A server that answers every request after `delayMs`, and remembers what each one carried. */
async function slowServer(delayMs: number): Promise<{ origin: string; seen: Seen[]; close: () => Promise<void> }> {
	const seen: Seen[] = [];
	const server = http.createServer((request, response) => {
		let body = '';
		request.on('data', (chunk: Buffer) => (body += chunk.toString()));
		request.on('end', () => {
			seen.push({ cookie: request.headers.cookie, body });
			setTimeout(() => response.end('ok'), delayMs);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		origin: `http://127.0.0.1:${port}`,
		seen,
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}

/** GET / at a steady rate */
const getSteadily = (origin: string, pace: Pick<OpenLoopOptions, 'rate' | 'seconds' | 'sockets' | 'timeoutMs'>) =>
	runOpenLoop({ origin, method: 'GET', path: '/', headers: () => ({}), ...pace });

let close: (() => Promise<void>) | null = null;
afterEach(async () => {
	await close?.();
	close = null;
});

describe("the bench's open loop", () => {
	it('sends rate × seconds requests, each with its own headers and body', async () => {
		const server = await slowServer(2);
		close = server.close;
		const run = await runOpenLoop({
			origin: server.origin,
			method: 'POST',
			path: '/',
			headers: (n) => ({ cookie: `session=${n % 3}`, 'content-type': 'text/plain' }),
			body: (n) => `request ${n}`,
			rate: 50,
			seconds: 0.4,
			sockets: 8,
			timeoutMs: 5_000
		});
		expect(run.sent).toBe(20);
		expect(run.latencies).toHaveLength(20);
		expect(run.statuses).toEqual(new Map([[200, 20]]));
		expect(run.errors + run.timeouts).toBe(0);
		expect(server.seen.map((s) => s.body).sort()).toEqual(Array.from({ length: 20 }, (_, n) => `request ${n}`).sort());
		expect(new Set(server.seen.map((s) => s.cookie))).toEqual(new Set(['session=0', 'session=1', 'session=2']));
	});

	it('times each request from when it was due, so a server that falls behind shows it', async () => {
		// one connection and 20 ms an answer serve 50 a second; 100 a second are due, so the queue
		// grows by 10 ms a request. A closed loop would time each answer at about 20 ms.
		const server = await slowServer(20);
		close = server.close;
		const run = await getSteadily(server.origin, { rate: 100, seconds: 1, sockets: 1, timeoutMs: 10_000 });
		expect(run.latencies).toHaveLength(100);
		const sorted = [...run.latencies].sort((a, b) => a - b);
		// the last requests waited behind about 100 × 10 ms of queue
		expect(sorted[94]).toBeGreaterThan(500);
		expect(run.elapsedSeconds).toBeGreaterThan(1.5);
		expect(run.latencies.length / run.elapsedSeconds).toBeLessThan(70);
	});

	it('counts a request with no answer as a timeout, and still finishes', async () => {
		const server = await slowServer(2_000);
		close = server.close;
		const run = await getSteadily(server.origin, { rate: 20, seconds: 0.1, sockets: 4, timeoutMs: 100 });
		expect(run.sent).toBe(2);
		expect(run.timeouts).toBe(2);
		expect(run.errors).toBe(0);
		expect(run.latencies).toHaveLength(0);
	});

	it('counts an answer cut off mid-way as a timeout, and still finishes', async () => {
		// headers and half a body, then nothing
		const server = http.createServer((_request, response) => {
			response.writeHead(200, { 'content-length': '10' });
			response.write('hello');
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		close = () => {
			server.closeAllConnections();
			return new Promise<void>((resolve) => server.close(() => resolve()));
		};
		const { port } = server.address() as AddressInfo;
		const run = await getSteadily(`http://127.0.0.1:${port}`, { rate: 20, seconds: 0.1, sockets: 4, timeoutMs: 200 });
		expect(run).toMatchObject({ sent: 2, timeouts: 2, errors: 0, latencies: [] });
	});

	it('counts a refused connection as an error', async () => {
		const server = await slowServer(1);
		await server.close();
		const run = await getSteadily(server.origin, { rate: 20, seconds: 0.1, sockets: 4, timeoutMs: 1_000 });
		expect(run).toMatchObject({ sent: 2, timeouts: 0, errors: 2, latencies: [] });
	});
});
