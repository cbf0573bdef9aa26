/**
 * What the bench measures: one entry per page. Adding a page is adding an entry here.
 *
 * `as` says who is signed in: every connection gets its own session of a person with that role
 * (vendor connections each belong to a different workshop). Targets are for a 2-core machine with
 * the default data set (1,000 workshops, 10,000 users); the bench reports them, it never fails on them.
 */
import type { Accounts } from './dataset.ts';

export type Persona = 'anonymous' | keyof Omit<Accounts, 'signIn'>;

export type Metric = 'reqPerSec' | 'p50' | 'p95' | 'p99';

export interface Target {
	metric: Metric;
	/** reqPerSec: at least this many; latencies: at most this many milliseconds */
	value: number;
}

export interface Scenario {
	name: string;
	title: string;
	method: 'GET' | 'POST';
	path: string;
	as: Persona;
	/** the answer a working page gives: 200 for pages, 303 for a successful sign-in */
	expectStatus: number;
	/** form fields of request number `n` (POST scenarios); sent as application/x-www-form-urlencoded */
	form?: (n: number, accounts: Accounts, password: string) => Record<string, string>;
	/** for 303 answers: the response must set this cookie */
	expectCookie?: string;
	/** concurrent connections for this scenario, instead of --connections */
	connections?: number;
	targets: Target[];
}

export const scenarios: Scenario[] = [
	{
		name: 'sign-in',
		title: 'Sign in',
		method: 'POST',
		path: '/login',
		as: 'anonymous',
		expectStatus: 303,
		expectCookie: 'bezel_session',
		// 200 different people in turn, so no account comes near the per-account throttle
		form: (n, accounts, password) => ({ email: accounts.signIn[n % accounts.signIn.length], password }),
		// the latency a person sees with two sign-ins per core under way at once; argon2id
		// (19 MiB, t=2) costs ~25 ms of CPU each, so the burst below is CPU-bound by design
		connections: 4,
		targets: [{ metric: 'p95', value: 150 }]
	},
	{
		name: 'sign-in-burst',
		title: 'Sign in, 10 at once',
		method: 'POST',
		path: '/login',
		as: 'anonymous',
		expectStatus: 303,
		expectCookie: 'bezel_session',
		form: (n, accounts, password) => ({ email: accounts.signIn[(n + 100) % accounts.signIn.length], password }),
		// reported for capacity planning (sign-ins per second on 2 cores); no target
		targets: []
	},
	{
		name: 'vendor-home',
		title: 'Vendor home',
		method: 'GET',
		path: '/workshop',
		as: 'vendor',
		expectStatus: 200,
		targets: [
			{ metric: 'reqPerSec', value: 300 },
			{ metric: 'p95', value: 50 }
		]
	},
	{
		name: 'vendor-directory',
		title: 'Vendor directory',
		method: 'GET',
		path: '/vendors',
		as: 'ops',
		expectStatus: 200,
		targets: [
			{ metric: 'reqPerSec', value: 300 },
			{ metric: 'p95', value: 50 }
		]
	},
	{
		name: 'vendor-directory-filtered',
		title: 'Vendor directory, filtered',
		method: 'GET',
		path: '/vendors?country=TH&sort=name',
		as: 'ops',
		expectStatus: 200,
		targets: [
			{ metric: 'reqPerSec', value: 300 },
			{ metric: 'p95', value: 50 }
		]
	}
];
