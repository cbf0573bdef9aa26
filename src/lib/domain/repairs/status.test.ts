import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	allowedRepairEvents,
	discrepancyStates,
	estimateStates,
	isTerminalRepair,
	nextRepairState,
	repairEvents,
	repairRules,
	repairStatuses,
	stepTarget,
	whyNot,
	type RepairEvent,
	type RepairSide,
	type RepairState,
	type RepairStatus
} from './status.ts';

const start: RepairState = { status: 'intake', estimate: 'none', discrepancy: 'none' };
const sides: RepairSide[] = ['brand', 'vendor'];
const step = fc.record({ event: fc.constantFrom(...repairEvents), side: fc.constantFrom(...sides) });
const anyState = fc.record({
	status: fc.constantFrom(...repairStatuses),
	estimate: fc.constantFrom(...estimateStates),
	discrepancy: fc.constantFrom(...discrepancyStates)
});
const key = (s: RepairState) => `${s.status}/${s.estimate}/${s.discrepancy}`;

/** Every status move the issue allows, and no other. */
const legalMoves = new Set([
	'intake>assigned',
	'assigned>assigned', // re-assigned
	'intake>cancelled',
	'assigned>cancelled',
	'received>cancelled',
	'assigned>received',
	'received>in_work',
	'in_work>done',
	'done>shipped_back',
	'received>shipped_back', // unrepaired, the customer declined
	'shipped_back>returned',
	'returned>closed'
]);

const vendorEvents = new Set<RepairEvent>(['receive', 'submit_estimate', 'start_work', 'record_final_price', 'finish', 'ship_back']);

/** Every state reachable from intake, with the step that first reached it: the whole (small) space. */
function reachable(): Map<string, RepairState> {
	const seen = new Map([[key(start), start]]);
	const queue = [start];
	while (queue.length) {
		const state = queue.shift()!;
		for (const event of repairEvents) {
			for (const side of sides) {
				const next = nextRepairState(state, event, side);
				if (next && !seen.has(key(next))) {
					seen.set(key(next), next);
					queue.push(next);
				}
			}
		}
	}
	return seen;
}

/** Checks one step against the rules; returns the next state (or the same when refused). */
function checkStep(state: RepairState, event: RepairEvent, side: RepairSide): RepairState {
	const next = nextRepairState(state, event, side);
	if (next === null) return state;
	const rule = repairRules[event];
	expect(rule.by, `${event} by ${side}`).toBe(side);
	if (next.status !== state.status || event === 'reassign')
		expect(legalMoves.has(`${state.status}>${next.status}`), `${key(state)} ${event}`).toBe(true);
	if (next.status === 'in_work' && state.status !== 'in_work') {
		expect(state.status).toBe('received');
		expect(state.estimate).toBe('approved');
	}
	if (next.status === 'closed') {
		expect(state.status).toBe('returned');
		expect(state.discrepancy).not.toBe('open');
	}
	if (next.status === 'shipped_back' && state.status === 'received') expect(state.estimate).toBe('declined');
	return next;
}

describe('the repair state machine', () => {
	it('takes no step the issue does not allow, on random walks from intake', () => {
		fc.assert(
			fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
				let state = start;
				for (const { event, side } of steps) state = checkStep(state, event, side);
			}),
			{ numRuns: 3000 }
		);
	});

	it('never has work going on without an approved estimate, in any reachable state', () => {
		const states = [...reachable().values()];
		// the walk must be able to get everywhere, or the property says little
		expect(new Set(states.map((s) => s.status))).toEqual(new Set(repairStatuses));
		for (const state of states) {
			if (state.status === 'in_work' || state.status === 'done') expect(state.estimate, key(state)).toBe('approved');
			if (state.discrepancy !== 'none') expect(['returned', 'closed'], key(state)).toContain(state.status);
			if (state.status === 'closed') expect(state.discrepancy, key(state)).not.toBe('open');
			for (const event of repairEvents) for (const side of sides) checkStep(state, event, side);
		}
	});

	it('closes only after the return was checked, and never with an open difference', () => {
		fc.assert(
			fc.property(anyState, (state) => {
				const next = nextRepairState(state, 'close', 'brand');
				if (next) {
					expect(state.status).toBe('returned');
					expect(state.discrepancy).not.toBe('open');
				}
				if (state.status === 'returned' && state.discrepancy === 'open') {
					expect(next).toBeNull();
					expect(whyNot(state, 'close', 'brand')).toMatch(/resolve it with a note/);
				}
			})
		);
		// and a flagged return is closable once resolved
		let state: RepairState = { status: 'shipped_back', estimate: 'approved', discrepancy: 'none' };
		state = nextRepairState(state, 'check_return_flagged', 'brand')!;
		expect(state).toEqual({ status: 'returned', estimate: 'approved', discrepancy: 'open' });
		expect(nextRepairState(state, 'close', 'brand')).toBeNull();
		state = nextRepairState(state, 'resolve_discrepancy', 'brand')!;
		expect(nextRepairState(state, 'close', 'brand')).toEqual({ status: 'closed', estimate: 'approved', discrepancy: 'resolved' });
	});

	it('starts work only on a received piece with an approved estimate, from any state', () => {
		fc.assert(
			fc.property(anyState, (state) => {
				const next = nextRepairState(state, 'start_work', 'vendor');
				expect(next !== null).toBe(state.status === 'received' && state.estimate === 'approved');
			})
		);
	});

	it('ships a piece back unrepaired only when the customer declined, not when a new estimate was asked for', () => {
		const received = (estimate: RepairState['estimate']): RepairState => ({ status: 'received', estimate, discrepancy: 'none' });
		expect(nextRepairState(received('declined'), 'ship_back', 'vendor')?.status).toBe('shipped_back');
		for (const estimate of ['none', 'submitted', 'approved', 'revision_requested'] as const) {
			expect(nextRepairState(received(estimate), 'ship_back', 'vendor'), estimate).toBeNull();
		}
		expect(whyNot(received('revision_requested'), 'ship_back', 'vendor')).toMatch(/once the work is done/);
	});

	it('runs the estimate loop: a newer estimate replaces a waiting one, a decision needs one waiting', () => {
		let state: RepairState = { status: 'assigned', estimate: 'none', discrepancy: 'none' };
		expect(nextRepairState(state, 'approve_estimate', 'brand')).toBeNull();
		state = nextRepairState(state, 'submit_estimate', 'vendor')!;
		expect(state.estimate).toBe('submitted');
		expect(nextRepairState(state, 'submit_estimate', 'vendor')?.estimate).toBe('submitted');
		state = nextRepairState(state, 'request_new_estimate', 'brand')!;
		expect(state.estimate).toBe('revision_requested');
		expect(nextRepairState(state, 'decline_estimate', 'brand')).toBeNull();
		state = nextRepairState(state, 'submit_estimate', 'vendor')!;
		state = nextRepairState(state, 'approve_estimate', 'brand')!;
		expect(state).toEqual({ status: 'assigned', estimate: 'approved', discrepancy: 'none' });
		expect(nextRepairState(state, 'submit_estimate', 'vendor')).toBeNull();
		expect(whyNot(state, 'submit_estimate', 'vendor')).toMatch(/already approved/);
		expect(nextRepairState(state, 'start_work', 'vendor')).toBeNull();
		state = nextRepairState(state, 'receive', 'vendor')!;
		expect(nextRepairState(state, 'start_work', 'vendor')?.status).toBe('in_work');
		// re-assigning forgets the previous workshop's estimate
		expect(nextRepairState({ ...state, status: 'assigned' }, 'reassign', 'brand')?.estimate).toBe('none');
	});

	it('never leaves closed or cancelled', () => {
		fc.assert(
			fc.property(fc.constantFrom<RepairStatus>('closed', 'cancelled'), anyState, (terminal, rest) => {
				const state = { ...rest, status: terminal };
				expect(isTerminalRepair(terminal)).toBe(true);
				expect(allowedRepairEvents(state, 'brand')).toEqual([]);
				expect(allowedRepairEvents(state, 'vendor')).toEqual([]);
				expect(whyNot(state, 'close', 'brand')).toMatch(/nothing more can be done/);
			})
		);
	});

	it('keeps each side to its own steps', () => {
		fc.assert(
			fc.property(anyState, fc.constantFrom(...repairEvents), (state, event) => {
				if (vendorEvents.has(event)) expect(nextRepairState(state, event, 'brand')).toBeNull();
				else expect(nextRepairState(state, event, 'vendor')).toBeNull();
			})
		);
		expect(whyNot(start, 'receive', 'brand')).toBe('Only the workshop can do that.');
		expect(whyNot(start, 'assign', 'vendor')).toBe('Only the brand can do that.');
	});

	it('lists exactly the allowed events, and explains every refused one in a sentence', () => {
		fc.assert(
			fc.property(anyState, fc.constantFrom(...sides), (state, side) => {
				expect(allowedRepairEvents(state, side)).toEqual(repairEvents.filter((e) => nextRepairState(state, e, side) !== null));
				for (const event of repairEvents) {
					const reason = whyNot(state, event, side);
					if (nextRepairState(state, event, side)) expect(reason).toBeNull();
					else expect(reason, `${key(state)} ${event} ${side}`).toMatch(/^[A-Z].*\.$/);
				}
			})
		);
	});

	it('names the status each repeated step leads to, and none for steps that stay', () => {
		expect(stepTarget('receive')).toBe('received');
		expect(stepTarget('start_work')).toBe('in_work');
		expect(stepTarget('finish')).toBe('done');
		expect(stepTarget('ship_back')).toBe('shipped_back');
		expect(stepTarget('check_return')).toBe('returned');
		expect(stepTarget('close')).toBe('closed');
		expect(stepTarget('cancel')).toBe('cancelled');
		expect(stepTarget('reassign')).toBeNull();
		expect(stepTarget('submit_estimate')).toBeNull();
		expect(stepTarget('resolve_discrepancy')).toBeNull();
	});
});
