import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { customOrderStatuses as columnStatuses, designVersionStatuses as columnVersionStatuses } from '#lib/server/db/schema/repairs.ts';
import {
	allowedCustomOrderEvents,
	customOrderEvents,
	customOrderRank,
	customOrderRules,
	customOrderStatuses,
	designVersionStatuses,
	effectiveVersionStatus,
	isDesignLocked,
	isOpenCustomOrder,
	isTerminalCustomOrder,
	nextCustomOrderStatus,
	waitingOn,
	waitingVersion,
	type CustomOrderEvent,
	type CustomOrderSide,
	type CustomOrderStatus,
	type DesignVersionStatus,
	type VersionLike
} from './status.ts';

const sides: CustomOrderSide[] = ['brand', 'designer'];
const event = fc.constantFrom(...customOrderEvents);
const side = fc.constantFrom(...sides);
const status = fc.constantFrom(...customOrderStatuses);
const step = fc.record({ event, side });
const designEvents = new Set<CustomOrderEvent>(['assign_designer', 'submit_version', 'request_changes', 'approve_version', 'add_images']);

describe('the custom-order state machine', () => {
	it('names the same statuses as the database columns', () => {
		expect([...customOrderStatuses]).toEqual([...columnStatuses]);
		expect([...designVersionStatuses]).toEqual([...columnVersionStatuses]);
	});

	it('reaches only the states its rules name, from the states they allow, by the side they name', () => {
		fc.assert(
			fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
				let current: CustomOrderStatus = 'brief';
				for (const { event, side } of steps) {
					const next = nextCustomOrderStatus(current, event, side);
					const rule = customOrderRules[event];
					if (next === null) {
						expect(rule.by !== side || !rule.from.includes(current)).toBe(true);
						continue;
					}
					expect(rule.from).toContain(current);
					expect(rule.by).toBe(side);
					expect(next).toBe(rule.to === 'same' ? current : rule.to);
					current = next;
				}
			}),
			{ numRuns: 2000 }
		);
	});

	it('only moves forward: the rank never drops, and nothing goes back to design once a version is approved', () => {
		fc.assert(
			fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
				let current: CustomOrderStatus = 'brief';
				let approved = false;
				for (const { event, side } of steps) {
					const next = nextCustomOrderStatus(current, event, side);
					if (next === null) continue;
					expect(customOrderRank[next]).toBeGreaterThanOrEqual(customOrderRank[current]);
					if (approved) {
						// a locked design takes no version, no answer, no new designer
						expect(designEvents.has(event), event).toBe(false);
						expect(next).not.toBe('in_design');
						expect(isDesignLocked(next) || next === 'cancelled').toBe(true);
					}
					if (next === 'approved') approved = true;
					current = next;
				}
			}),
			{ numRuns: 2000 }
		);
	});

	it('never leaves completed or cancelled, whatever happens next', () => {
		fc.assert(
			fc.property(
				fc.constantFrom<CustomOrderStatus>('completed', 'cancelled'),
				fc.array(step, { minLength: 1, maxLength: 20 }),
				(end, steps) => {
					expect(isTerminalCustomOrder(end)).toBe(true);
					expect(isOpenCustomOrder(end)).toBe(false);
					for (const { event, side } of steps) expect(nextCustomOrderStatus(end, event, side)).toBeNull();
					expect(allowedCustomOrderEvents(end, 'brand')).toEqual([]);
					expect(allowedCustomOrderEvents(end, 'designer')).toEqual([]);
				}
			)
		);
	});

	it('lets the designer do one thing only, on an order in design, and the brand never do it', () => {
		fc.assert(
			fc.property(status, event, (from, ev) => {
				if (ev === 'submit_version') expect(nextCustomOrderStatus(from, ev, 'brand')).toBeNull();
				else expect(nextCustomOrderStatus(from, ev, 'designer')).toBeNull();
			})
		);
		for (const from of customOrderStatuses) {
			expect(allowedCustomOrderEvents(from, 'designer'), from).toEqual(from === 'in_design' ? ['submit_version'] : []);
		}
	});

	it('lists exactly the events nextCustomOrderStatus allows', () => {
		fc.assert(
			fc.property(status, side, (from, who) => {
				expect(allowedCustomOrderEvents(from, who)).toEqual(
					customOrderEvents.filter((ev) => nextCustomOrderStatus(from, ev, who) !== null)
				);
			})
		);
	});

	it('cancels from every open state and from no other, and only the brand cancels', () => {
		for (const from of customOrderStatuses) {
			expect(nextCustomOrderStatus(from, 'cancel', 'brand'), from).toBe(isOpenCustomOrder(from) ? 'cancelled' : null);
			expect(nextCustomOrderStatus(from, 'cancel', 'designer'), from).toBeNull();
		}
	});

	it('approves only in design, produces only once approved, completes only in production', () => {
		const from = (ev: CustomOrderEvent) => customOrderStatuses.filter((s) => nextCustomOrderStatus(s, ev, 'brand') !== null);
		expect(from('approve_version')).toEqual(['in_design']);
		expect(from('request_changes')).toEqual(['in_design']);
		expect(from('order_production')).toEqual(['approved', 'in_production']);
		expect(from('complete')).toEqual(['in_production']);
		expect(from('assign_designer')).toEqual(['brief', 'in_design']);
		expect(nextCustomOrderStatus('brief', 'assign_designer', 'brand')).toBe('in_design');
		expect(nextCustomOrderStatus('in_design', 'assign_designer', 'brand')).toBe('in_design');
		expect(nextCustomOrderStatus('approved', 'order_production', 'brand')).toBe('in_production');
	});

	it('reaches every state from a brief', () => {
		const seen = new Set<CustomOrderStatus>(['brief']);
		let frontier: CustomOrderStatus[] = ['brief'];
		while (frontier.length > 0) {
			const next: CustomOrderStatus[] = [];
			for (const from of frontier) {
				for (const who of sides) {
					for (const ev of allowedCustomOrderEvents(from, who)) {
						const to = nextCustomOrderStatus(from, ev, who)!;
						if (!seen.has(to)) {
							seen.add(to);
							next.push(to);
						}
					}
				}
			}
			frontier = next;
		}
		expect([...seen].sort()).toEqual([...customOrderStatuses].sort());
	});
});

describe('design versions side by side', () => {
	const designers = ['designer-a', 'designer-b'];
	const versionStatus = fc.constantFrom<DesignVersionStatus>(...designVersionStatuses);
	const versions = fc
		.array(fc.record({ status: versionStatus, vendorId: fc.constantFrom(...designers) }), { maxLength: 12 })
		.map((list) => list.map((v, i) => ({ ...v, versionNo: i + 1 })));
	const designer = fc.constantFrom<string | null>(...designers, null);

	it('shows at most one version waiting: the newest, and only from the current designer', () => {
		fc.assert(
			fc.property(versions, designer, (all, current) => {
				const waiting = all.filter((v) => effectiveVersionStatus(v, all, current) === 'submitted');
				expect(waiting.length).toBeLessThanOrEqual(1);
				if (waiting[0]) {
					expect(waiting[0].versionNo).toBe(all.length);
					expect(waiting[0].vendorId).toBe(current);
				}
				expect(waitingVersion(all, current)).toEqual(waiting[0] ?? null);
			})
		);
	});

	it('keeps every decided version as it was decided', () => {
		fc.assert(
			fc.property(versions, designer, (all, current) => {
				for (const v of all) if (v.status !== 'submitted') expect(effectiveVersionStatus(v, all, current)).toBe(v.status);
			})
		);
	});

	it('waits on the brand exactly when a version is waiting, else on the designer, and only in design', () => {
		fc.assert(
			fc.property(status, versions, designer, (orderStatus, all, current) => {
				const who = waitingOn(orderStatus, all, current);
				if (orderStatus !== 'in_design' || current === null) expect(who).toBeNull();
				else expect(who).toBe(waitingVersion(all, current) ? 'brand' : 'designer');
			})
		);
	});

	it('supersedes a waiting version with the next upload', () => {
		const first: VersionLike = { versionNo: 1, status: 'submitted', vendorId: 'designer-a' };
		expect(effectiveVersionStatus(first, [first], 'designer-a')).toBe('submitted');
		const second: VersionLike = { versionNo: 2, status: 'submitted', vendorId: 'designer-a' };
		expect(effectiveVersionStatus(first, [first, second], 'designer-a')).toBe('superseded');
		expect(effectiveVersionStatus(second, [first, second], 'designer-a')).toBe('submitted');
		// after a re-assignment the old designer's version no longer waits
		expect(effectiveVersionStatus(second, [first, second], 'designer-b')).toBe('superseded');
	});
});
