/**
 * Signing in over HTTP, checking a page once, and loading it with autocannon.
 */
import autocannon from 'autocannon';
import { coresBusy, databaseMs, type CoresBusy, type CpuSnapshot } from './cpu.ts';
import type { Accounts } from './dataset.ts';
import type { GcTotals } from './gc-trace.ts';
import { runOpenLoop } from './open-loop.ts';
import { targetRate, type Persona, type Scenario } from './scenarios.ts';

export const SESSION_COOKIE = 'bezel_session';

/**
 * What a browser sends when it navigates or submits a form. Without text/html SvelteKit treats a form
 * POST as an enhanced (fetch) submission and answers 200 with JSON instead of a 303 redirect.
 */
const ACCEPT_HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

export interface LoadOptions {
	origin: string;
	connections: number;
	duration: number;
	warmup: number;
	accounts: Accounts;
	password: string;
	/** CPU readings of the app server, its database backends, the bench and the machine */
	cpu: () => CpuSnapshot;
	/** the app server's garbage collection so far (gc-trace.ts), when the bench traces it */
	gc?: () => GcTotals;
}

export interface ScenarioResult {
	name: string;
	title: string;
	request: string;
	as: Persona;
	/** set when the page could not be measured; the sentence says why */
	problem: string | null;
	/** doubts about figures that were measured */
	notes: string[];
	connections: number;
	durationSeconds: number;
	requests: number;
	reqPerSec: number | null;
	latencyMs: Latencies | null;
	/** SQL statements per request from the Server-Timing header: mean over the run, and the range seen */
	queriesPerRequest: { mean: number; min: number; max: number; sampled: number } | null;
	/** answers other than the expected status, by status (and where redirects pointed) */
	unexpected: Record<string, number>;
	redirectsTo: Record<string, number>;
	connectionErrors: number;
	timeouts: number;
	errors: number;
	/** CPU per request (ms) of the app server process and of its PostgreSQL backends */
	cpuMsPerRequest: { app: number; database: number } | null;
	/** the app server's minor page faults per request (cpu.ts) */
	faultsPerRequest: number | null;
	/** the app server's garbage collection per request (gc-trace.ts): main-thread pause and bytes promoted */
	gcPerRequest: { pauseMs: number; promotedKb: number } | null;
	/** cores busy on average during the run: app server, its PostgreSQL backends, autocannon, everything else */
	cores: CoresBusy | null;
	/**
	 * The second run, for a page with a throughput target: requests arriving steadily at that rate
	 * (open-loop.ts), each timed from when it was due. Its latencies are what the latency targets
	 * are read against; the run above is the page at full load, for its capacity.
	 */
	atTargetRate: AtRateResult | null;
}

export interface AtRateResult {
	/** requests per second asked for */
	rate: number;
	/** requests answered per second, from the first one due to the last answer */
	achieved: number;
	requests: number;
	latencyMs: Latencies | null;
	/** answers other than the expected status, connection errors and timeouts */
	errors: number;
}

type Latencies = { p50: number; p95: number; p99: number; max: number; mean: number };

function formBody(fields: Record<string, string>): string {
	return new URLSearchParams(fields).toString();
}

/** The headers a browser sends for the scenario's request, before its session cookie. */
function browserHeaders(scenario: Scenario, origin: string): Record<string, string> {
	return scenario.form ? { accept: ACCEPT_HTML, 'content-type': 'application/x-www-form-urlencoded', origin } : { accept: ACCEPT_HTML };
}

function cookieFrom(setCookies: string[], name: string): string | null {
	for (const line of setCookies) {
		const [pair] = line.split(';');
		const eq = pair.indexOf('=');
		if (pair.slice(0, eq).trim() === name && pair.slice(eq + 1).trim()) return pair.trim();
	}
	return null;
}

/** "db;desc="7 queries", app;dur=3.1" → 7 */
export function queriesFromServerTiming(value: string | null | undefined): number | null {
	if (!value) return null;
	const match = /db;\s*desc="(\d+) quer(?:y|ies)"/.exec(value);
	return match ? Number(match[1]) : null;
}

function excerpt(html: string): string {
	const text = html
		.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, ' ')
		.replace(/<[^>]+>/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
	return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** Signs in through the real form action, as a browser would; answers the session cookie pair. */
export async function signIn(origin: string, email: string, password: string): Promise<string> {
	const response = await fetch(`${origin}/login`, {
		method: 'POST',
		redirect: 'manual',
		headers: { accept: ACCEPT_HTML, 'content-type': 'application/x-www-form-urlencoded', origin },
		body: formBody({ email, password })
	});
	const body = await response.text();
	const cookie = cookieFrom(response.headers.getSetCookie(), SESSION_COOKIE);
	if (response.status === 303 && cookie) return cookie;
	throw new Error(
		`Signing in as ${email} answered ${response.status}${cookie ? '' : ` without a ${SESSION_COOKIE} cookie`}` +
			(response.headers.get('location') ? ` (to ${response.headers.get('location')})` : '') +
			(body ? `: ${excerpt(body)}` : '')
	);
}

/** One signed-in session per connection, each a different person (and workshop, for vendors). */
export async function sessionsFor(persona: Persona, options: LoadOptions): Promise<string[]> {
	if (persona === 'anonymous') return [];
	const people = options.accounts[persona];
	if (people.length === 0) throw new Error(`The data set has no ${persona} user to sign in as.`);
	const cookies: string[] = [];
	for (let i = 0; i < Math.min(options.connections, people.length); i++) {
		cookies.push(await signIn(options.origin, people[i], options.password));
	}
	return cookies;
}

interface Check {
	problem: string | null;
	queries: number | null;
}

/** One request as a browser would make it, to tell a broken page from a slow one before loading it. */
async function checkOnce(scenario: Scenario, options: LoadOptions, cookies: string[]): Promise<Check> {
	const headers = browserHeaders(scenario, options.origin);
	if (cookies[0]) headers.cookie = cookies[0];
	const body = scenario.form ? formBody(scenario.form(0, options.accounts, options.password)) : undefined;
	const response = await fetch(options.origin + scenario.path, { method: scenario.method, headers, body, redirect: 'manual' });
	const text = await response.text();
	const queries = queriesFromServerTiming(response.headers.get('server-timing'));
	const location = response.headers.get('location');
	const request = `${scenario.method} ${scenario.path}`;
	if (response.status !== scenario.expectStatus) {
		if (scenario.as !== 'anonymous' && location && new URL(location, options.origin).pathname === '/login') {
			return { queries, problem: `${request} redirected to /login: the ${scenario.as} session cookie was not accepted.` };
		}
		const where = location ? ` to ${location}` : '';
		const why =
			response.status === 404
				? ` (no such route, or none for a ${scenario.as} user)`
				: response.status === 403
					? ` (refused for a ${scenario.as} user: ${excerpt(text)})`
					: text
						? `: ${excerpt(text)}`
						: '';
		return { queries, problem: `${request} answered ${response.status}${where} instead of ${scenario.expectStatus}${why}` };
	}
	if (scenario.expectCookie && !cookieFrom(response.headers.getSetCookie(), scenario.expectCookie)) {
		return { queries, problem: `${request} answered ${response.status} but set no ${scenario.expectCookie} cookie.` };
	}
	return { queries, problem: null };
}

interface Run {
	result: autocannon.Result;
	latencies: number[];
	statuses: Map<number, number>;
	redirectsTo: Map<string, number>;
	queries: number[];
}

async function runAutocannon(scenario: Scenario, options: LoadOptions, cookies: string[], seconds: number): Promise<Run> {
	const base = new URL(options.origin);
	const latencies: number[] = [];
	const statuses = new Map<number, number>();
	const redirectsTo = new Map<string, number>();
	const queries: number[] = [];
	let formNumber = 0;
	let clientNumber = 0;

	const request: autocannon.Request = {
		method: scenario.method,
		path: scenario.path,
		headers: browserHeaders(scenario, options.origin),
		onResponse: (status: number, _body: string, _context: unknown, headers: Record<string, string | string[]>) => {
			const timing = headers['server-timing'] ?? headers['Server-Timing'];
			const count = queriesFromServerTiming(Array.isArray(timing) ? timing.join(', ') : timing);
			if (count !== null) queries.push(count);
			if (status !== scenario.expectStatus && status >= 300 && status < 400) {
				const location = headers.location ?? headers.Location;
				const key = String(Array.isArray(location) ? location[0] : location);
				redirectsTo.set(key, (redirectsTo.get(key) ?? 0) + 1);
			}
		}
	};
	if (scenario.form) {
		const form = scenario.form;
		const withForm = (req: autocannon.Request) => ({
			...req,
			body: formBody(form(formNumber++, options.accounts, options.password))
		});
		request.setupRequest = withForm;
	}

	const instance = autocannon({
		url: `${base.protocol}//${base.host}`,
		connections: options.connections,
		duration: seconds,
		timeout: 30,
		requests: [request],
		setupClient: (client: autocannon.Client) => {
			if (cookies.length > 0) {
				client.setHeaders({ ...(request.headers ?? {}), cookie: cookies[clientNumber++ % cookies.length] });
			}
		}
	});
	instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
		latencies.push(responseTime);
		statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1);
	});
	const result = await instance;
	return { result, latencies, statuses, redirectsTo, queries };
}

function percentile(sorted: number[], p: number): number {
	if (sorted.length === 0) return 0;
	const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
	return sorted[rank];
}

const round1 = (value: number) => Math.round(value * 10) / 10;
const round2 = (value: number) => Math.round(value * 100) / 100;

function latenciesOf(unsorted: number[]): Latencies | null {
	if (unsorted.length === 0) return null;
	const sorted = [...unsorted].sort((a, b) => a - b);
	return {
		p50: round1(percentile(sorted, 50)),
		p95: round1(percentile(sorted, 95)),
		p99: round1(percentile(sorted, 99)),
		max: round1(sorted[sorted.length - 1]),
		mean: round1(sorted.reduce((sum, value) => sum + value, 0) / sorted.length)
	};
}

/**
 * Enough connections that one slow answer does not hold up the next request due (at 200 req/s, one
 * connection would be due again every 320 ms); more would only sit idle.
 */
const OPEN_LOOP_SOCKETS = 64;

/** The page at its target rate (open-loop.ts), with the same sessions and forms as the full-load run. */
async function runAtTargetRate(scenario: Scenario, options: LoadOptions, cookies: string[], rate: number): Promise<AtRateResult> {
	const form = scenario.form;
	const run = await runOpenLoop({
		origin: options.origin,
		method: scenario.method,
		path: scenario.path,
		headers: (n) => ({
			...browserHeaders(scenario, options.origin),
			...(cookies.length > 0 ? { cookie: cookies[n % cookies.length] } : {})
		}),
		body: form ? (n) => formBody(form(n, options.accounts, options.password)) : undefined,
		rate,
		seconds: options.duration,
		sockets: OPEN_LOOP_SOCKETS,
		timeoutMs: 30_000
	});
	const unexpected = [...run.statuses].filter(([status]) => status !== scenario.expectStatus).reduce((sum, [, n]) => sum + n, 0);
	return {
		rate,
		achieved: round1(run.latencies.length / run.elapsedSeconds),
		requests: run.latencies.length,
		latencyMs: latenciesOf(run.latencies),
		errors: unexpected + run.errors + run.timeouts
	};
}

/** A scenario's result before it is measured: every figure empty. */
export function unmeasured(scenario: Scenario, connections: number): ScenarioResult {
	return {
		name: scenario.name,
		title: scenario.title,
		request: `${scenario.method} ${scenario.path}`,
		as: scenario.as,
		problem: null,
		notes: [],
		connections,
		durationSeconds: 0,
		requests: 0,
		reqPerSec: null,
		latencyMs: null,
		queriesPerRequest: null,
		unexpected: {},
		redirectsTo: {},
		connectionErrors: 0,
		timeouts: 0,
		errors: 0,
		cpuMsPerRequest: null,
		faultsPerRequest: null,
		gcPerRequest: null,
		cores: null,
		atTargetRate: null
	};
}

export async function runScenario(scenario: Scenario, options: LoadOptions): Promise<ScenarioResult> {
	const empty = unmeasured(scenario, options.connections);

	let cookies: string[];
	try {
		cookies = await sessionsFor(scenario.as, options);
		const check = await checkOnce(scenario, options, cookies);
		if (check.problem) return { ...empty, problem: check.problem };
	} catch (error) {
		return { ...empty, problem: (error as Error).message };
	}

	let run: Run;
	let before: CpuSnapshot;
	let after: CpuSnapshot;
	let gcBefore: GcTotals | undefined;
	let gcAfter: GcTotals | undefined;
	try {
		if (options.warmup > 0) await runAutocannon(scenario, options, cookies, options.warmup);
		before = options.cpu();
		gcBefore = options.gc?.();
		run = await runAutocannon(scenario, options, cookies, options.duration);
		after = options.cpu();
		gcAfter = options.gc?.();
	} catch (error) {
		return { ...empty, problem: `autocannon failed: ${(error as Error).message}` };
	}
	const rate = targetRate(scenario);
	const atTargetRate = rate === null ? null : await runAtTargetRate(scenario, options, cookies, rate);

	const requests = run.latencies.length;
	const seconds = run.result.duration || options.duration;
	const unexpected: Record<string, number> = {};
	let unexpectedCount = 0;
	for (const [status, count] of run.statuses) {
		if (status !== scenario.expectStatus) {
			unexpected[String(status)] = count;
			unexpectedCount += count;
		}
	}
	const queries = run.queries;
	const loginRedirects = [...run.redirectsTo.keys()].filter(
		(location) => location.startsWith('/login') || location.includes('/login?')
	).length;
	let problem: string | null = null;
	if (requests === 0) problem = 'No request was answered during the run.';
	else if (loginRedirects > 0 && scenario.as !== 'anonymous') {
		problem = `Some requests were redirected to /login during the run: a ${scenario.as} session stopped working.`;
	}
	const notes: string[] = [];
	const cores = coresBusy(before, after);
	if (cores && cores.others >= 0.25) {
		notes.push(
			`Other work on the machine kept ${cores.others} cores busy during the run: these figures are lower than on an idle machine.`
		);
	}
	if (queries.length === 0 && requests > 0)
		notes.push('No answer carried a Server-Timing `db;desc="N queries"` header, so SQL/req is unknown.');
	else if (queries.length > 0 && queries.every((count) => count === 0)) {
		// every page here touches the database (a sign-in looks up the person, a signed-in page its session)
		notes.push(
			'Server-Timing reported 0 SQL statements on every answer, which cannot be true for this page: the query counter is not counting, so SQL/req is unknown.'
		);
	}
	return {
		...empty,
		problem,
		notes,
		durationSeconds: seconds,
		requests,
		reqPerSec: requests > 0 ? round1(requests / seconds) : null,
		latencyMs: latenciesOf(run.latencies),
		queriesPerRequest:
			queries.length > 0
				? {
						mean: round1(queries.reduce((sum, value) => sum + value, 0) / queries.length),
						min: queries.reduce((low, value) => Math.min(low, value), Infinity),
						max: queries.reduce((high, value) => Math.max(high, value), -Infinity),
						sampled: queries.length
					}
				: null,
		unexpected,
		redirectsTo: Object.fromEntries(run.redirectsTo),
		connectionErrors: run.result.errors,
		timeouts: run.result.timeouts,
		errors: unexpectedCount + run.result.errors + run.result.timeouts,
		cores,
		cpuMsPerRequest:
			before.app !== null && after.app !== null && requests > 0
				? {
						app: round1((after.app - before.app) / requests),
						database: round1(databaseMs(before, after) / requests)
					}
				: null,
		faultsPerRequest:
			before.appFaults !== null && after.appFaults !== null && requests > 0
				? Math.round((after.appFaults - before.appFaults) / requests)
				: null,
		gcPerRequest:
			gcBefore && gcAfter && requests > 0
				? {
						pauseMs: round2((gcAfter.pauseMs - gcBefore.pauseMs) / requests),
						promotedKb: Math.round((gcAfter.promotedBytes - gcBefore.promotedBytes) / 1024 / requests)
					}
				: null,
		atTargetRate
	};
}
