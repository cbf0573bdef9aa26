import { describe, expect, it } from 'vitest';
import { GcTrace } from '../../scripts/bench/gc-trace.ts';

// lines as Node 24's V8 prints them with --trace-gc-nvp (cut short: the real ones carry ~60 more pairs)
const scavenge =
	'[8148:0x2ed77000:0]    22203 ms: pause=14.7 mutator=547.9 gc=s reduce_memory=0 scavenge=14.56 allocated=56339424 promoted=4973544 promotion_rate=99.8% new_space_capacity=67108864';
const fullGc =
	'[14498:0x30008000:0]      955 ms: pause=32.2 mutator=25.6 gc=mc reduce_memory=0 time_to_safepoint=0.00 heap.prologue=0.00 mark=20.1';

describe("the bench's reading of the server's GC trace", () => {
	it('counts each collection, sums its pause and what it promoted, and passes every other line on', () => {
		const trace = new GcTrace();
		const output = trace.take(`  Bezel is running at http://127.0.0.1:4100\n${scavenge}\n${fullGc}\n[bezel] error 1a2b3c4d: boom\n`);
		expect(output).toBe('  Bezel is running at http://127.0.0.1:4100\n[bezel] error 1a2b3c4d: boom\n');
		expect(trace.snapshot()).toEqual({ collections: 2, pauseMs: 14.7 + 32.2, promotedBytes: 4973544 });
	});

	it('counts a line that arrives in two chunks once, when it is whole', () => {
		const trace = new GcTrace();
		const cut = scavenge.indexOf('gc=s') + 2;
		expect(trace.take(scavenge.slice(0, cut))).toBe('');
		expect(trace.snapshot().collections).toBe(0);
		expect(trace.take(`${scavenge.slice(cut)}\nready\n`)).toBe('ready\n');
		expect(trace.snapshot()).toEqual({ collections: 1, pauseMs: 14.7, promotedBytes: 4973544 });
	});

	it('keeps its totals apart from the snapshots it hands out', () => {
		const trace = new GcTrace();
		trace.take(`${scavenge}\n`);
		const before = trace.snapshot();
		trace.take(`${scavenge}\n`);
		expect(before.collections).toBe(1);
		expect(trace.snapshot().promotedBytes).toBe(2 * 4973544);
	});
});
