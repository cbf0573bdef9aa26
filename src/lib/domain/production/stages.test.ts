import { describe, expect, it } from 'vitest';
import { vendorTypes } from '#lib/domain/vendors/reference.ts';
import { planBackwards } from './forecast.ts';
import { defaultStageTemplates, MAX_STAGE_DAYS, MAX_STAGES } from './stages.ts';

describe('default stage templates', () => {
	it('has one for every vendor type, and none for a type that does not exist', () => {
		expect(Object.keys(defaultStageTemplates).sort()).toEqual([...vendorTypes].sort());
	});

	it.each(vendorTypes)('%s: within the limits an admin is held to when editing', (type) => {
		const stages = defaultStageTemplates[type];
		expect(stages.length).toBeGreaterThan(0);
		expect(stages.length).toBeLessThanOrEqual(MAX_STAGES);
		for (const stage of stages) {
			expect(Number.isInteger(stage.expectedDays), stage.name).toBe(true);
			expect(stage.expectedDays, stage.name).toBeGreaterThanOrEqual(1);
			expect(stage.expectedDays, stage.name).toBeLessThanOrEqual(MAX_STAGE_DAYS);
			expect(stage.name.trim(), stage.name).toBe(stage.name);
			expect(stage.name.length).toBeGreaterThan(0);
			expect(typeof stage.photoRequired).toBe('boolean');
		}
		// milestones are told apart by name in reasons and on the timeline
		const names = stages.map((s) => s.name.toLowerCase());
		expect(new Set(names).size).toBe(names.length);
	});

	it.each(vendorTypes)('%s: takes some days in all, and plans back to start that many days before the promise', (type) => {
		const stages = defaultStageTemplates[type];
		const total = stages.reduce((sum, s) => sum + s.expectedDays, 0);
		expect(total).toBeGreaterThan(0);
		const planned = planBackwards('2026-03-31', stages);
		expect(planned[0].plannedStart).toBe(new Date(Date.parse('2026-03-31T00:00:00Z') - total * 86_400_000).toISOString().slice(0, 10));
	});
});
