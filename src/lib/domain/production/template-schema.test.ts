import { describe, expect, it } from 'vitest';
import { MAX_STAGES, MAX_STAGE_DAYS, defaultStageTemplates } from './stages.ts';
import { describeStages, stageTemplateFromFormData, stageTemplateSchema, templateTotalDays } from './template-schema.ts';

const stage = (name: string, expectedDays: unknown = 2, photoRequired = false) => ({ name, expectedDays, photoRequired });
const edit = (stages: unknown[], overrides: Record<string, unknown> = {}) => ({ vendorType: 'caster', version: 3, stages, ...overrides });

/** The field errors of a failed parse, keyed by path. */
function fieldErrors(input: unknown): Record<string, string> {
	const result = stageTemplateSchema.safeParse(input);
	expect(result.success).toBe(false);
	const errors: Record<string, string> = {};
	for (const issue of result.error!.issues) errors[issue.path.join('.')] ??= issue.message;
	return errors;
}

describe('stageTemplateSchema', () => {
	it('accepts every default template and trims names', () => {
		for (const [vendorType, stages] of Object.entries(defaultStageTemplates)) {
			expect(stageTemplateSchema.safeParse(edit(stages, { vendorType })).success).toBe(true);
		}
		const parsed = stageTemplateSchema.parse(edit([stage('  Casting  ', '7', true), stage('Polishing', 0)], { version: '0' }));
		expect(parsed).toEqual({
			vendorType: 'caster',
			version: 0,
			stages: [
				{ name: 'Casting', expectedDays: 7, photoRequired: true },
				{ name: 'Polishing', expectedDays: 0, photoRequired: false }
			]
		});
	});

	it('puts a duplicate name, in any case or spacing, on the later row', () => {
		expect(fieldErrors(edit([stage('Casting'), stage('Polishing'), stage(' casting  ')]))).toEqual({
			'stages.2.name': 'Stage 1 is already called “Casting”; give each stage its own name.'
		});
		expect(fieldErrors(edit([stage('Stone setting'), stage('stone   SETTING'), stage('Stone Setting')]))).toEqual({
			'stages.1.name': 'Stage 1 is already called “Stone setting”; give each stage its own name.',
			'stages.2.name': 'Stage 1 is already called “Stone setting”; give each stage its own name.'
		});
	});

	it('reports duplicates together with the other mistakes, in one round', () => {
		expect(fieldErrors(edit([stage('Casting', 2.5), stage('Casting', '')]))).toEqual({
			'stages.0.expectedDays': `Enter the expected days as a whole number from 0 to ${MAX_STAGE_DAYS}.`,
			'stages.1.expectedDays': 'Enter the expected days (0 if the stage takes less than a day).',
			'stages.1.name': 'Stage 1 is already called “Casting”; give each stage its own name.'
		});
	});

	it('keeps names between 1 and 60 characters', () => {
		expect(fieldErrors(edit([stage('   ')]))).toEqual({ 'stages.0.name': 'Enter the stage’s name.' });
		expect(fieldErrors(edit([stage('x'.repeat(61))]))).toEqual({ 'stages.0.name': 'Keep the name to 60 characters or fewer.' });
		expect(stageTemplateSchema.safeParse(edit([stage('x'.repeat(60)), stage(` ${'y'.repeat(60)} `)])).success).toBe(true);
	});

	it('keeps expected days a whole number from 0 to the maximum, and a blank box is not zero', () => {
		expect(stageTemplateSchema.safeParse(edit([stage('A', 0), stage('B', MAX_STAGE_DAYS)])).success).toBe(true);
		expect(fieldErrors(edit([stage('A', -1)]))).toEqual({
			'stages.0.expectedDays': `Enter the expected days as a whole number from 0 to ${MAX_STAGE_DAYS}.`
		});
		expect(fieldErrors(edit([stage('A', MAX_STAGE_DAYS + 1)]))).toEqual({
			'stages.0.expectedDays': `A stage takes at most ${MAX_STAGE_DAYS} days; split a longer one in two.`
		});
		expect(Object.keys(fieldErrors(edit([stage('A', '1.5')])))).toEqual(['stages.0.expectedDays']);
		expect(Object.keys(fieldErrors(edit([stage('A', 'three')])))).toEqual(['stages.0.expectedDays']);
		for (const blank of ['', '  ', null, undefined]) {
			expect(fieldErrors(edit([{ name: 'A', expectedDays: blank, photoRequired: false }]))).toEqual({
				'stages.0.expectedDays': 'Enter the expected days (0 if the stage takes less than a day).'
			});
		}
	});

	it('needs at least one stage and at most the maximum', () => {
		expect(fieldErrors(edit([]))).toEqual({ stages: 'Keep at least one stage: a job bag needs somewhere to start.' });
		const many = Array.from({ length: MAX_STAGES + 1 }, (_, i) => stage(`Stage ${i + 1}`));
		expect(fieldErrors(edit(many))).toEqual({ stages: `A template holds at most ${MAX_STAGES} stages; merge some of them.` });
		expect(stageTemplateSchema.safeParse(edit(many.slice(0, MAX_STAGES))).success).toBe(true);
	});

	it('refuses an unknown workshop type', () => {
		expect(fieldErrors(edit([stage('A')], { vendorType: 'goldsmith' }))).toEqual({ vendorType: 'Choose a workshop type from the list.' });
	});
});

describe('stageTemplateFromFormData (the editor without JavaScript)', () => {
	it('reads rows in index order, a ticked box as true and an unticked one as false, and keeps what was typed', () => {
		const form = new FormData();
		form.set('vendorType', 'plater');
		form.set('version', '2');
		form.set('stages[1].name', 'Rhodium plating');
		form.set('stages[1].expectedDays', '2');
		form.set('stages[1].photoRequired', 'on');
		form.set('stages[0].name', ' Cleaning ');
		form.set('stages[0].expectedDays', '');
		form.set('stages[10].name', 'QC');
		form.set('stages[10].expectedDays', '1');
		form.set('unrelated', 'x');
		expect(stageTemplateFromFormData(form)).toEqual({
			vendorType: 'plater',
			version: '2',
			stages: [
				{ name: ' Cleaning ', expectedDays: '', photoRequired: false },
				{ name: 'Rhodium plating', expectedDays: 2, photoRequired: true },
				{ name: 'QC', expectedDays: 1, photoRequired: false }
			]
		});
		expect(stageTemplateSchema.safeParse(stageTemplateFromFormData(form)).success).toBe(false);
		form.set('stages[0].expectedDays', '1');
		expect(stageTemplateSchema.parse(stageTemplateFromFormData(form)).stages.map((s) => s.name)).toEqual([
			'Cleaning',
			'Rhodium plating',
			'QC'
		]);
	});

	it('gives an empty list when no row was posted, which the schema refuses', () => {
		const form = new FormData();
		form.set('vendorType', 'caster');
		form.set('version', '0');
		expect(stageTemplateFromFormData(form).stages).toEqual([]);
		expect(fieldErrors(stageTemplateFromFormData(form))).toHaveProperty('stages');
	});
});

describe('templateTotalDays and describeStages', () => {
	it('adds the days a person has typed so far, skipping blanks', () => {
		expect(templateTotalDays(defaultStageTemplates.caster)).toBe(19);
		expect(templateTotalDays([{ expectedDays: 3 }, { expectedDays: '' }, { expectedDays: '4' }, { expectedDays: undefined }])).toBe(7);
	});

	it('writes stages out on one line', () => {
		expect(describeStages(defaultStageTemplates.plater)).toBe('Cleaning 1 d · Rhodium plating 2 d (photo) · QC and finishing 1 d');
	});
});
