import { describe, expect, it } from 'vitest';
import { unmeasured, type AtRateResult, type ScenarioResult } from '../../scripts/bench/load.ts';
import { checkTargets, formatProblems, formatTargets } from '../../scripts/bench/report.ts';
import { targetRate, type Scenario } from '../../scripts/bench/scenarios.ts';

const page: Scenario = {
	name: 'po-list',
	title: 'PO list',
	method: 'GET',
	path: '/purchase-orders',
	as: 'ops',
	expectStatus: 200,
	targets: [
		{ metric: 'reqPerSec', value: 200 },
		{ metric: 'p95', value: 50 }
	]
};
const latencies = (p95: number) => ({ p50: p95 / 2, p95, p99: p95 * 1.5, max: p95 * 2, mean: p95 / 2 });

function result(reqPerSec: number, fullLoadP95: number, atTargetRate: AtRateResult | null): ScenarioResult {
	return {
		...unmeasured(page, 10),
		durationSeconds: 8,
		requests: reqPerSec * 8,
		reqPerSec,
		latencyMs: latencies(fullLoadP95),
		atTargetRate
	};
}

describe("the bench's targets", () => {
	it('reads a latency target at the throughput target, and the throughput at full load', () => {
		expect(targetRate(page)).toBe(200);
		const checks = checkTargets(
			[page],
			[result(340, 67, { rate: 200, achieved: 199.6, requests: 1600, latencyMs: latencies(31), errors: 0 })]
		);
		expect(checks).toEqual([
			{ scenario: 'po-list', metric: 'reqPerSec', target: 200, measured: 340, met: true },
			{ scenario: 'po-list', metric: 'p95', target: 50, measured: 31, met: true, atRate: { rate: 200, achieved: 199.6, fullLoad: 67 } }
		]);
		expect(formatTargets(checks)).toContain('measured 31.0 ms at 200 req/s (at full load: 67.0 ms)');
	});

	it('misses the latency target when the page is slow at that rate, or could not keep up with it', () => {
		const slow = checkTargets([page], [result(340, 67, { rate: 200, achieved: 200, requests: 1600, latencyMs: latencies(51), errors: 0 })]);
		expect(slow[1].met).toBe(false);
		const behind = checkTargets(
			[page],
			[result(180, 60, { rate: 200, achieved: 180, requests: 1440, latencyMs: latencies(45), errors: 0 })]
		);
		expect(behind.map((check) => check.met)).toEqual([false, false]);
		expect(formatTargets(behind)).toContain('only 180.0 answered a second: the server fell behind');
	});

	it('reads a page without a throughput target at full load', () => {
		const pdf: Scenario = { ...page, name: 'po-pdf-50', targets: [{ metric: 'p95', value: 50 }] };
		expect(targetRate(pdf)).toBeNull();
		const [check] = checkTargets([pdf], [{ ...result(500, 36, null), name: 'po-pdf-50' }]);
		expect(check).toEqual({ scenario: 'po-pdf-50', metric: 'p95', target: 50, measured: 36, met: true });
	});

	it('leaves a page that could not be measured unjudged', () => {
		const checks = checkTargets([page], [{ ...result(0, 0, null), problem: 'GET /purchase-orders answered 500' }]);
		expect(checks.map((check) => check.met)).toEqual([null, null]);
	});

	it('reports failed requests of the run at the target rate as a problem', () => {
		const failing = result(340, 67, { rate: 200, achieved: 199, requests: 1597, latencyMs: latencies(30), errors: 3 });
		expect(formatProblems([failing])).toEqual(['! po-list: at 200 req/s, 3 requests failed, timed out or had an unexpected answer']);
		expect(formatProblems([result(340, 67, { rate: 200, achieved: 199, requests: 1600, latencyMs: latencies(30), errors: 0 })])).toEqual(
			[]
		);
	});
});
