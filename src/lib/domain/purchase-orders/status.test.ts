import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	allowedEvents,
	isTerminal,
	nextStatus,
	openPoStatuses,
	poEvents,
	poRules,
	poStatuses,
	type PoEvent,
	type PoSide,
	type PoStatus
} from './status.ts';

const sides: PoSide[] = ['brand', 'vendor'];
const event = fc.constantFrom(...poEvents);
const side = fc.constantFrom(...sides);
const status = fc.constantFrom(...poStatuses);
const step = fc.record({ event, side });

const vendorEvents = new Set<PoEvent>(['acknowledge', 'request_changes', 'decline']);
/** production starts with the first stage reported, whoever reports it */
const sharedEvents = new Set<PoEvent>(['start_production']);

describe('the purchase-order state machine', () => {
	it('calls open every status before the goods are all in, drafts included, in the order of a PO’s life', () => {
		expect(openPoStatuses).toEqual([
			'draft',
			'sent',
			'acknowledged',
			'change_requested',
			'declined',
			'in_production',
			'partially_received'
		]);
	});

	it('reaches only the states its rules name, from the states they allow, by the side they name', () => {
		fc.assert(
			fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
				let current: PoStatus = 'draft';
				for (const { event, side } of steps) {
					const next = nextStatus(current, event, side);
					const rule = poRules[event];
					if (next === null) {
						expect((rule.by !== side && rule.by !== 'either') || !rule.from.includes(current)).toBe(true);
						continue;
					}
					expect(next).toBe(rule.to);
					expect(rule.from).toContain(current);
					expect([side, 'either']).toContain(rule.by);
					expect(poStatuses).toContain(next);
					current = next;
				}
			}),
			{ numRuns: 2000 }
		);
	});

	it('never leaves closed or cancelled, whatever happens next', () => {
		fc.assert(
			fc.property(fc.constantFrom<PoStatus>('closed', 'cancelled'), fc.array(step, { minLength: 1, maxLength: 20 }), (terminal, steps) => {
				expect(isTerminal(terminal)).toBe(true);
				for (const { event, side } of steps) expect(nextStatus(terminal, event, side)).toBeNull();
				expect(allowedEvents(terminal, 'brand')).toEqual([]);
				expect(allowedEvents(terminal, 'vendor')).toEqual([]);
			})
		);
	});

	it('never lets the vendor do what the brand does, nor the other way round', () => {
		fc.assert(
			fc.property(status, event, (from, ev) => {
				if (sharedEvents.has(ev)) return;
				if (vendorEvents.has(ev)) expect(nextStatus(from, ev, 'brand')).toBeNull();
				else expect(nextStatus(from, ev, 'vendor')).toBeNull();
			})
		);
		// the vendor's whole repertoire, from every state
		for (const from of poStatuses) {
			for (const ev of allowedEvents(from, 'vendor')) expect(vendorEvents.has(ev) || sharedEvents.has(ev), `${from} ${ev}`).toBe(true);
		}
	});

	it('lists exactly the events nextStatus allows', () => {
		fc.assert(
			fc.property(status, side, (from, who) => {
				const expected = poEvents.filter((ev) => nextStatus(from, ev, who) !== null);
				expect(allowedEvents(from, who)).toEqual(expected);
			})
		);
	});

	it('leaves a draft only by sending or cancelling, and only the brand does either', () => {
		expect(allowedEvents('draft', 'brand').sort()).toEqual(['cancel', 'send']);
		expect(allowedEvents('draft', 'vendor')).toEqual([]);
	});

	it('lets the vendor answer only a sent PO, and decline a PO whose changes are pending', () => {
		expect(allowedEvents('sent', 'vendor').sort()).toEqual(['acknowledge', 'decline', 'request_changes']);
		expect(allowedEvents('change_requested', 'vendor')).toEqual(['decline']);
		expect(allowedEvents('acknowledged', 'vendor')).toEqual(['start_production']);
		for (const from of ['declined', 'in_production', 'partially_received', 'received'] as PoStatus[]) {
			expect(allowedEvents(from, 'vendor'), from).toEqual([]);
		}
	});

	it('cancels from every open state and from no other', () => {
		const open: PoStatus[] = ['draft', 'sent', 'acknowledged', 'change_requested', 'declined', 'in_production', 'partially_received'];
		for (const from of poStatuses) expect(nextStatus(from, 'cancel', 'brand'), from).toBe(open.includes(from) ? 'cancelled' : null);
	});

	it('reaches every state from a draft', () => {
		const seen = new Set<PoStatus>(['draft']);
		let frontier: PoStatus[] = ['draft'];
		while (frontier.length > 0) {
			const next: PoStatus[] = [];
			for (const from of frontier) {
				for (const who of sides) {
					for (const ev of allowedEvents(from, who)) {
						const to = nextStatus(from, ev, who)!;
						if (!seen.has(to)) {
							seen.add(to);
							next.push(to);
						}
					}
				}
			}
			frontier = next;
		}
		expect([...seen].sort()).toEqual([...poStatuses].sort());
	});
});
