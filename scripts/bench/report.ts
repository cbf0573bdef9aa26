/** The bench's table on stdout, and the same figures as JSON. */
import fs from 'node:fs';
import path from 'node:path';
import type { ScenarioResult } from './load.ts';
import type { Measurement, MeasurementContext, Metric, Scenario } from './scenarios.ts';

/** A measurement timed in the bench process (no HTTP): CPU work such as a photo or a PDF. */
export interface MeasurementResult {
	name: string;
	title: string;
	runs: number;
	ms: { p50: number; p95: number; p99: number; max: number; min: number; mean: number } | null;
	/** what was timed, in words (sizes in and out) */
	detail: string;
	/** set when it could not be measured; the sentence says why */
	problem: string | null;
}

const round1 = (value: number) => Math.round(value * 10) / 10;

function percentile(sorted: number[], p: number): number {
	const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
	return sorted[rank];
}

/** Times a measurement; a failure is reported as its problem rather than stopping the bench. */
export async function runMeasurement(
	measurement: Measurement,
	context: MeasurementContext = { rematch: null }
): Promise<MeasurementResult> {
	const base = { name: measurement.name, title: measurement.title };
	try {
		const { ms, detail } = await measurement.run(context);
		const sorted = [...ms].sort((a, b) => a - b);
		if (sorted.length === 0) return { ...base, runs: 0, ms: null, detail, problem: 'No run was timed.' };
		return {
			...base,
			runs: sorted.length,
			ms: {
				p50: round1(percentile(sorted, 50)),
				p95: round1(percentile(sorted, 95)),
				p99: round1(percentile(sorted, 99)),
				max: round1(sorted[sorted.length - 1]),
				min: round1(sorted[0]),
				mean: round1(sorted.reduce((sum, value) => sum + value, 0) / sorted.length)
			},
			detail,
			problem: null
		};
	} catch (error) {
		return { ...base, runs: 0, ms: null, detail: '', problem: `It failed: ${(error as Error).message}` };
	}
}

export interface TargetCheck {
	scenario: string;
	metric: Metric;
	target: number;
	measured: number | null;
	/** null when the page could not be measured */
	met: boolean | null;
	/** a latency read at the page's target rate (load.ts): that rate, what was answered, and the latency at full load */
	atRate?: { rate: number; achieved: number; fullLoad: number | null };
}

/**
 * Below this share of the rate asked for, the server fell behind during the run: its queue grew, and
 * a longer run would have measured longer latencies, so the latency target counts as missed.
 */
const KEPT_UP = 0.97;
const fellBehind = (atRate: { rate: number; achieved: number }) => atRate.achieved < atRate.rate * KEPT_UP;

export function checkTargets(scenarios: Scenario[], results: ScenarioResult[]): TargetCheck[] {
	const checks: TargetCheck[] = [];
	for (const scenario of scenarios) {
		const result = results.find((r) => r.name === scenario.name);
		const usable = result && !result.problem ? result : null;
		for (const target of scenario.targets) {
			const check = (measured: number | null, holds: (value: number) => boolean, atRate?: TargetCheck['atRate']) =>
				checks.push({
					scenario: scenario.name,
					metric: target.metric,
					target: target.value,
					measured,
					met: measured === null ? null : holds(measured),
					...(atRate ? { atRate } : {})
				});
			if (target.metric === 'reqPerSec') {
				check(usable?.reqPerSec ?? null, (value) => value >= target.value);
				continue;
			}
			const fullLoad = usable?.latencyMs?.[target.metric] ?? null;
			const atRate = usable?.atTargetRate;
			if (!atRate) check(fullLoad, (value) => value <= target.value);
			else {
				const kept = { rate: atRate.rate, achieved: atRate.achieved, fullLoad };
				check(atRate.latencyMs?.[target.metric] ?? null, (value) => value <= target.value && !fellBehind(kept), kept);
			}
		}
	}
	return checks;
}

export function checkMeasurementTargets(measurements: Measurement[], results: MeasurementResult[]): TargetCheck[] {
	const checks: TargetCheck[] = [];
	for (const measurement of measurements) {
		const result = results.find((r) => r.name === measurement.name);
		for (const target of measurement.targets) {
			const measured = target.metric === 'reqPerSec' ? null : (result?.ms?.[target.metric] ?? null);
			checks.push({
				scenario: measurement.name,
				metric: target.metric,
				target: target.value,
				measured,
				met: measured === null ? null : measured <= target.value
			});
		}
	}
	return checks;
}

const pad = (text: string, width: number) => text.padEnd(width);
const num = (value: number | null | undefined, digits = 1) =>
	value === null || value === undefined
		? '–'
		: value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function describeTarget(check: TargetCheck): string {
	return check.metric === 'reqPerSec' ? `≥ ${check.target} req/s` : `${check.metric} ≤ ${check.target} ms`;
}

function describeMeasured(check: TargetCheck): string {
	if (check.measured === null) return 'not measured';
	if (check.metric === 'reqPerSec') return `measured ${num(check.measured)} req/s at full load`;
	if (!check.atRate) return `measured ${num(check.measured)} ms`;
	const { rate, achieved, fullLoad } = check.atRate;
	const behind = fellBehind(check.atRate) ? `, but only ${num(achieved)} answered a second: the server fell behind` : '';
	return `measured ${num(check.measured)} ms at ${rate} req/s${behind} (at full load: ${num(fullLoad)} ms)`;
}

export function formatTable(results: ScenarioResult[]): string {
	const rows = results.map((r) => [
		r.name,
		r.request,
		r.as,
		num(r.reqPerSec),
		num(r.latencyMs?.p50),
		num(r.latencyMs?.p95),
		num(r.latencyMs?.p99),
		r.atTargetRate ? `${num(r.atTargetRate.latencyMs?.p95)} @ ${r.atTargetRate.rate}` : '–',
		r.queriesPerRequest && r.queriesPerRequest.max === 0
			? '0 (?)'
			: r.queriesPerRequest
				? r.queriesPerRequest.min === r.queriesPerRequest.max
					? String(r.queriesPerRequest.min)
					: `${r.queriesPerRequest.min}–${r.queriesPerRequest.max}`
				: '–',
		r.cpuMsPerRequest ? `${num(r.cpuMsPerRequest.app)} / ${num(r.cpuMsPerRequest.database)}` : '–',
		r.faultsPerRequest === null ? '–' : String(r.faultsPerRequest),
		r.gcPerRequest ? `${num(r.gcPerRequest.pauseMs, 2)} / ${r.gcPerRequest.promotedKb}` : '–',
		r.cores ? `${num(r.cores.app, 2)} / ${num(r.cores.database, 2)} / ${num(r.cores.bench, 2)} / ${num(r.cores.others, 2)}` : '–',
		r.problem ? 'skipped' : String(r.errors)
	]);
	const header = [
		'Scenario',
		'Request',
		'As',
		'req/s',
		'p50 ms',
		'p95 ms',
		'p99 ms',
		'p95 ms @ target req/s',
		'SQL/req',
		'CPU ms/req app/db',
		'faults/req',
		'GC/req ms/KB',
		'cores app/db/bench/other',
		'errors'
	];
	const numeric = new Set([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
	const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
	const line = (cells: string[]) => cells.map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ');
	return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** CPU measurements: one row each, then what each timed. */
export function formatMeasurements(results: MeasurementResult[]): string {
	const header = ['Measurement', 'runs', 'p50 ms', 'p95 ms', 'max ms'];
	const rows = results.map((r) => [r.name, String(r.runs), num(r.ms?.p50), num(r.ms?.p95), num(r.ms?.max)]);
	const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
	const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
	const details = results.map((r) => `  ${r.name}: ${r.problem ? `not measured — ${r.problem}` : `${r.title}; ${r.detail}`}`);
	return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line), '', ...details].join('\n');
}

export function formatTargets(checks: TargetCheck[]): string {
	const nameWidth = Math.max(...checks.map((c) => c.scenario.length), 8);
	return checks
		.map((check) => {
			const mark = check.met === true ? '✓' : '✗';
			return `  ${mark} ${pad(check.scenario, nameWidth)}  ${pad(describeTarget(check), 18)}  ${describeMeasured(check)}`;
		})
		.join('\n');
}

/** Problems (marked !: unexpected answers, connection errors, failed checks) and notes (·), one sentence each. */
export function formatProblems(results: ScenarioResult[]): string[] {
	const lines: string[] = [];
	for (const r of results) {
		if (r.problem) lines.push(`! ${r.name}: ${r.problem}`);
		// a note is information (a verification that passed, other work on the machine), not a problem
		for (const note of r.notes) lines.push(`· ${r.name}: ${note}`);
		const unexpected = Object.entries(r.unexpected);
		if (unexpected.length > 0) {
			const statuses = unexpected.map(([status, count]) => `${count} × ${status}`).join(', ');
			const redirects = Object.entries(r.redirectsTo)
				.map(([location, count]) => `${count} × to ${location}`)
				.join(', ');
			lines.push(`! ${r.name}: unexpected answers ${statuses}${redirects ? ` (redirects: ${redirects})` : ''}`);
		}
		if (r.connectionErrors > 0) lines.push(`! ${r.name}: ${r.connectionErrors} connection errors`);
		if (r.timeouts > 0) lines.push(`! ${r.name}: ${r.timeouts} timeouts`);
		if (r.atTargetRate && r.atTargetRate.errors > 0) {
			lines.push(
				`! ${r.name}: at ${r.atTargetRate.rate} req/s, ${r.atTargetRate.errors} requests failed, timed out or had an unexpected answer`
			);
		}
	}
	return lines;
}

export function writeJson(file: string, data: unknown): void {
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, `${JSON.stringify(data, null, '\t')}\n`);
}
