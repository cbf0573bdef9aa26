/**
 * What the bench measures: one entry per page. Adding a page is adding an entry here.
 *
 * `as` says who is signed in: every connection gets its own session of a person with that role
 * (`vendor` connections each belong to a different workshop; `poVendor` and `repairVendor` are people of
 * the one workshop that owns the scenario POs or repairs). Targets are for a 2-core machine with
 * the default data set (1,000 workshops, 10,000 users, 100,000 POs); the bench reports them, it never
 * fails on them.
 */
import { sql } from 'drizzle-orm';
import { rowsOf, type DatabaseHandle } from '../../src/lib/server/db/client.ts';
import type { Accounts } from './dataset.ts';
import type { ScenarioResult } from './load.ts';
import {
	BENCH_PAGE_JOB,
	benchProductionPoId,
	measureLabelRendering,
	measurePhotoProcessing,
	postJobIds,
	postSteps,
	type Samples
} from './production.ts';
import { BENCH_PAGE_INVOICE, type RematchReport } from './invoices.ts';
import { benchPoId } from './purchase-orders.ts';
import { BENCH_PAGE_REPAIR } from './repairs.ts';

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
	/**
	 * For scenarios that write: checks in the bench database, after the run, that the answers were
	 * real work; returns a sentence for the report (a problem when it starts with "!").
	 */
	verify?: (handle: DatabaseHandle, since: Date, result: ScenarioResult) => Promise<string>;
}

/** What measurements that need the data set get from the run (null when it was not made). */
export interface MeasurementContext {
	/** the data set's first re-match of every invoice (invoices.ts), timed before the pages */
	rematch: RematchReport | null;
}

/** Work timed inside the bench process (no HTTP): `run` gives one duration per run. */
export interface Measurement {
	name: string;
	title: string;
	targets: Target[];
	/** it works on the bench database: the data set is built for it, and it runs before the server starts */
	needsData?: boolean;
	run: (context: MeasurementContext) => Promise<Samples>;
}

/** The targets for the invoice pages (issue 5). */
const invoicePageTargets: Target[] = [
	{ metric: 'reqPerSec', value: 200 },
	{ metric: 'p95', value: 50 }
];

const thousands = (n: number) => n.toLocaleString('en-US');

/** The rematch-all figure: its one run, with what it matched and the statuses it left. */
function rematchSamples(context: MeasurementContext): Samples {
	const r = context.rematch;
	if (!r) throw new Error('The data set has no invoices (--invoices 0 or --purchase-orders 0).');
	const list = (counts: Record<string, number>) =>
		Object.entries(counts)
			.map(([status, n]) => `${status} ${thousands(n)}`)
			.join(', ');
	return {
		ms: [r.ms],
		detail:
			`${thousands(r.documents)} documents of ${thousands(r.vendors)} workshops matched, ${thousands(r.changed)} written (all unmatched before); ` +
			`status: ${list(r.statuses)}; match: ${list(r.matchStatuses)}`
	};
}

/** The targets for production (issue 4). */
const timelineTargets: Target[] = [
	{ metric: 'reqPerSec', value: 100 },
	{ metric: 'p95', value: 100 }
];
/** "job-bag labels for a 50-line PO in ≤ 200 ms": one person printing, so one request at a time */
const labelTargets: Target[] = [{ metric: 'p95', value: 200 }];

/**
 * The posting scenario's requests: each moves one job bag (a single piece) one step, through the job
 * list's batch action — the same service call as the job page's quick update, with the job in the
 * form (the page's action takes it from the path, and a scenario's path is fixed). The jobs are taken
 * in turn, so two posts on one job are ~2,000 requests apart and arrive in order.
 *
 * Some posts are made but never reach the server: autocannon builds each connection's first request
 * twice and sends the second, and drops what is in flight when a phase (check, warm-up, run) ends.
 * A later step on such a job would be refused, so the jobs of the first and last posts of a phase
 * get no further step. Once every job has had its five steps, further posts are refused (400) and
 * the verification says so.
 */
const POST_CONNECTIONS = 10;
/** posts at each end of a phase whose jobs take no further step: twice the connections, and some */
const PHASE_EDGE = 32;
const postState = { sent: 0, cursor: 0, exhausted: 0, steps: new Array<number>(postJobIds.length).fill(0), recent: [] as number[] };
const todayUtc = () => new Date().toISOString().slice(0, 10);

/** Post number `n` of its phase. */
function nextPost(n: number): Record<string, string> {
	const state = postState;
	if (n === 0) {
		for (const job of state.recent) state.steps[job] = postSteps.length;
		state.recent = [];
	}
	let tries = 0;
	while (state.steps[state.cursor] >= postSteps.length && tries++ < postJobIds.length)
		state.cursor = (state.cursor + 1) % postJobIds.length;
	const job = state.cursor;
	state.cursor = (state.cursor + 1) % postJobIds.length;
	if (state.steps[job] >= postSteps.length) state.exhausted++;
	const step = postSteps[Math.min(state.steps[job], postSteps.length - 1)];
	state.steps[job] = n < PHASE_EDGE ? postSteps.length : state.steps[job] + 1;
	state.recent.push(job);
	if (state.recent.length > PHASE_EDGE) state.recent.shift();
	state.sent++;
	return { jobIds: postJobIds[job], stage: step.stage, intent: step.intent, occurredOn: todayUtc(), reason: '', note: '' };
}

/** Each successful post wrote one job_update row on one of the posting jobs. */
async function verifyPosts(handle: DatabaseHandle, since: Date, result: ScenarioResult): Promise<string> {
	const [row] = rowsOf<{ updates: number; jobs: number }>(
		await handle.db.execute(sql`
			select count(*)::int as updates, count(distinct u.job_id)::int as jobs
			from job_update u join production_job j on j.id = u.job_id
			where j.purchase_order_id = ${benchProductionPoId}::uuid and j.piece_no is not null and u.created_at >= ${since.toISOString()}::timestamptz
				and u.kind in ('start', 'finish')`)
	);
	const updates = Number(row?.updates ?? 0);
	const answered = result.requests - Object.values(result.unexpected).reduce((sum, n) => sum + n, 0);
	const sent = postState.sent;
	// the check and the warm-up post too; the last few may have been cut off when the run ended
	const ok = updates >= answered && updates <= sent;
	return (
		`${ok ? '' : '! '}${updates.toLocaleString('en-US')} milestone updates written on ${Number(row?.jobs ?? 0).toLocaleString('en-US')} jobs ` +
		`for ${sent.toLocaleString('en-US')} posts made (check and warm-up included) and ${answered.toLocaleString('en-US')} answered 200 in the measured run` +
		(ok ? '.' : ': the answers do not match what reached the database.') +
		(postState.exhausted > 0
			? ` ${postState.exhausted.toLocaleString('en-US')} posts found no job with a step left and were refused: shorten --duration.`
			: '')
	);
}

/** The targets for the repair lists (issue 6): 30,000 repair jobs. */
const repairListTargets: Target[] = [
	{ metric: 'reqPerSec', value: 200 },
	{ metric: 'p95', value: 50 }
];

/** The speed targets for the purchase-order lists and pages. */
const poPageTargets: Target[] = [
	{ metric: 'reqPerSec', value: 200 },
	{ metric: 'p95', value: 50 }
];

/**
 * The load a page's latency targets hold at. A target such as "≥ 200 req/s, p95 ≤ 50 ms" asks that
 * the page serve 200 requests a second with 95 % of them answered within 50 ms, so the latency is
 * read with requests arriving at that rate (load.ts, open-loop.ts). At full load the latency only
 * says how many connections were waiting: in a closed loop of 10 it is 10 ÷ throughput, whatever
 * the page costs. A page without a throughput target is read at full load, with the connections its
 * scenario sets.
 */
export function targetRate(scenario: Pick<Scenario, 'targets'>): number | null {
	return scenario.targets.find((target) => target.metric === 'reqPerSec')?.value ?? null;
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
	},
	{
		name: 'po-list',
		title: 'PO list (ops)',
		method: 'GET',
		path: '/purchase-orders',
		as: 'ops',
		expectStatus: 200,
		targets: poPageTargets
	},
	{
		name: 'vendor-po-list',
		title: 'PO list (workshop)',
		method: 'GET',
		path: '/workshop/purchase-orders',
		as: 'vendor',
		expectStatus: 200,
		targets: poPageTargets
	},
	{
		// 20 lines, revision 3 (the diff against revision 2), six messages, two decided change requests
		name: 'po-page',
		title: 'PO page, 20 lines (ops)',
		method: 'GET',
		path: `/purchase-orders/${benchPoId('page')}`,
		as: 'ops',
		expectStatus: 200,
		targets: poPageTargets
	},
	{
		// the same PO as the workshop sees it; every connection is a different person of that workshop
		name: 'vendor-po-page',
		title: 'PO page, 20 lines (workshop)',
		method: 'GET',
		path: `/workshop/purchase-orders/${benchPoId('page')}`,
		as: 'poVendor',
		expectStatus: 200,
		targets: poPageTargets
	},
	{
		// with po-page-50: the page's SQL count must not depend on the PO's size
		name: 'po-page-2',
		title: 'PO page, 2 lines (ops)',
		method: 'GET',
		path: `/purchase-orders/${benchPoId('small')}`,
		as: 'ops',
		expectStatus: 200,
		targets: poPageTargets
	},
	{
		name: 'po-page-50',
		title: 'PO page, 50 lines (ops)',
		method: 'GET',
		path: `/purchase-orders/${benchPoId('large')}`,
		as: 'ops',
		expectStatus: 200,
		targets: poPageTargets
	},
	{
		// the current revision's snapshot drawn as a PDF: 50 lines, three pages
		name: 'po-pdf-50',
		title: 'PO PDF, 50 lines',
		method: 'GET',
		path: `/purchase-orders/${benchPoId('large')}/pdf`,
		as: 'ops',
		expectStatus: 200,
		targets: [{ metric: 'p95', value: 50 }]
	},
	{
		// the same, one request at a time: what rendering one PDF costs, without queueing behind others
		name: 'po-pdf-50-single',
		title: 'PO PDF, 50 lines, one at a time',
		method: 'GET',
		path: `/purchase-orders/${benchPoId('large')}/pdf`,
		as: 'ops',
		expectStatus: 200,
		connections: 1,
		targets: []
	},
	{
		// 20,000 open jobs: the first 50, at risk first, with the headline counts and filter choices
		name: 'timeline',
		title: 'Production timeline (ops)',
		method: 'GET',
		path: '/production',
		as: 'ops',
		expectStatus: 200,
		targets: timelineTargets
	},
	{
		name: 'timeline-at-risk',
		title: 'Production timeline, at risk only',
		method: 'GET',
		path: '/production?risk=1',
		as: 'ops',
		expectStatus: 200,
		targets: timelineTargets
	},
	{
		// the workshop of the scenario POs: about 2,000 open jobs (the posting jobs among them)
		name: 'vendor-jobs',
		title: 'Job list (busy workshop)',
		method: 'GET',
		path: '/workshop/jobs',
		as: 'poVendor',
		expectStatus: 200,
		targets: []
	},
	{
		// 8 milestones, 12 updates, a resolved problem, 3 photos
		name: 'vendor-job-page',
		title: 'Job page (workshop)',
		method: 'GET',
		path: `/workshop/jobs/${BENCH_PAGE_JOB}`,
		as: 'poVendor',
		expectStatus: 200,
		targets: []
	},
	{
		// a plain form post, as without JavaScript: the action, then the job list drawn again (200)
		name: 'post-milestone',
		title: 'Post a milestone, no photo',
		method: 'POST',
		path: '/workshop/jobs?/batch',
		as: 'poVendor',
		expectStatus: 200,
		form: (n) => nextPost(n),
		verify: verifyPosts,
		connections: POST_CONNECTIONS,
		targets: [{ metric: 'p95', value: 100 }]
	},
	{
		// one bag per line: 50 labels, 7 A4 sheets
		name: 'labels-50',
		title: 'Job-bag labels, 50-line PO, A4',
		method: 'GET',
		path: `/purchase-orders/${benchPoId('large')}/labels.pdf?format=a4`,
		as: 'ops',
		expectStatus: 200,
		connections: 1,
		targets: labelTargets
	},
	{
		name: 'labels-50-4x6',
		title: 'Job-bag labels, 50-line PO, 4×6 in',
		method: 'GET',
		path: `/purchase-orders/${benchPoId('large')}/labels.pdf?format=4x6`,
		as: 'ops',
		expectStatus: 200,
		connections: 1,
		targets: labelTargets
	},
	{
		// 30,000 repairs: the open ones (about 3 %), newest first, with the capped count and the workshop filter's choices
		name: 'repairs',
		title: 'Repair list (ops)',
		method: 'GET',
		path: '/repairs',
		as: 'ops',
		expectStatus: 200,
		targets: repairListTargets
	},
	{
		// at a workshop past the turnaround target: the stuck jobs, 11 days old and more
		name: 'repairs-overdue',
		title: 'Repair list, overdue only (ops)',
		method: 'GET',
		path: '/repairs?overdue=1',
		as: 'ops',
		expectStatus: 200,
		targets: repairListTargets
	},
	{
		// the workshop of the scenario repairs: about 600 jobs over 18 months, of which some 20 open
		name: 'vendor-repairs',
		title: 'Repair list (workshop)',
		method: 'GET',
		path: '/workshop/repairs',
		as: 'repairVendor',
		expectStatus: 200,
		targets: repairListTargets
	},
	{
		// the same workshop's whole history: a full page of 25 and a count of about 600
		name: 'vendor-repairs-all',
		title: 'Repair list, all statuses (workshop)',
		method: 'GET',
		path: '/workshop/repairs?status=all',
		as: 'repairVendor',
		expectStatus: 200,
		targets: []
	},
	{
		// in work: two estimates (the first sent back for a new one), 9 events, 3 photos
		name: 'repair-page',
		title: 'Repair page (ops)',
		method: 'GET',
		path: `/repairs/${BENCH_PAGE_REPAIR}`,
		as: 'ops',
		expectStatus: 200,
		targets: []
	},
	{
		name: 'vendor-repair-page',
		title: 'Repair page (workshop)',
		method: 'GET',
		path: `/workshop/repairs/${BENCH_PAGE_REPAIR}`,
		as: 'repairVendor',
		expectStatus: 200,
		targets: []
	},
	{
		// 50,000 invoices and their credit notes: finance's queue, as it opens
		name: 'finance-queue',
		title: 'Invoice queue (finance)',
		method: 'GET',
		path: '/finance',
		as: 'finance',
		expectStatus: 200,
		targets: invoicePageTargets
	},
	{
		// the workshop of the scenario POs: about 330 invoices and credit notes, newest first
		name: 'vendor-invoices',
		title: 'Invoice list (workshop)',
		method: 'GET',
		path: '/workshop/invoices',
		as: 'poVendor',
		expectStatus: 200,
		targets: invoicePageTargets
	},
	{
		// 8 goods lines and freight: pieces QC returned, a line over the PO price, a credit note
		name: 'invoice-page',
		title: 'Invoice page, 8 lines (finance)',
		method: 'GET',
		path: `/finance/invoices/${BENCH_PAGE_INVOICE}`,
		as: 'finance',
		expectStatus: 200,
		targets: invoicePageTargets
	},
	{
		name: 'vendor-invoice-page',
		title: 'Invoice page, 8 lines (workshop)',
		method: 'GET',
		path: `/workshop/invoices/${BENCH_PAGE_INVOICE}`,
		as: 'poVendor',
		expectStatus: 200,
		targets: invoicePageTargets
	}
];

/** CPU work of production timed in the bench process, against the targets. */
export const measurements: Measurement[] = [
	{
		name: 'photo-12mp',
		title: '12 MP camera photo → 2048 px JPEG + WebP thumbnail',
		targets: [
			{ metric: 'p50', value: 500 },
			{ metric: 'p95', value: 500 }
		],
		run: () => measurePhotoProcessing(20)
	},
	{
		name: 'labels-render-50-a4',
		title: '50 job-bag labels drawn, A4 sheets',
		targets: [
			{ metric: 'p50', value: 200 },
			{ metric: 'p95', value: 200 }
		],
		run: () => measureLabelRendering('a4', 20)
	},
	{
		name: 'labels-render-50-4x6',
		title: '50 job-bag labels drawn, 4×6 in',
		targets: [
			{ metric: 'p50', value: 200 },
			{ metric: 'p95', value: 200 }
		],
		run: () => measureLabelRendering('4x6', 20)
	},
	{
		// the nightly job on the default data set, the first time: every document unmatched, so every one written
		name: 'rematch-all',
		title: "rematchAllVendors: every workshop's invoices re-matched in one transaction",
		targets: [{ metric: 'p95', value: 10_000 }],
		needsData: true,
		run: async (context) => rematchSamples(context)
	}
];
