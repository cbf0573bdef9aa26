/** Stage templates: the stages a workshop of each type goes through, with the trade's typical days. */
import type { VendorType } from '#lib/domain/vendors/reference.ts';

export type StageDefinition = { name: string; expectedDays: number; photoRequired: boolean };

export const MAX_STAGES = 12;
export const MAX_STAGE_DAYS = 60;

/** Defaults from DOMAIN.md's typical lead times; admins change them in Settings → Stage templates. */
export const defaultStageTemplates: Record<VendorType, StageDefinition[]> = {
	caster: [
		{ name: 'Print / wax', expectedDays: 4, photoRequired: false },
		{ name: 'Casting', expectedDays: 7, photoRequired: true },
		{ name: 'Clean-up and filing', expectedDays: 3, photoRequired: false },
		{ name: 'Polishing', expectedDays: 3, photoRequired: false },
		{ name: 'QC and finishing', expectedDays: 2, photoRequired: true }
	],
	stone_setter: [
		{ name: 'Stones checked in', expectedDays: 1, photoRequired: false },
		{ name: 'Stone setting', expectedDays: 5, photoRequired: true },
		{ name: 'Polishing', expectedDays: 2, photoRequired: false },
		{ name: 'QC and finishing', expectedDays: 2, photoRequired: true }
	],
	cad_designer: [
		{ name: 'CAD', expectedDays: 4, photoRequired: true },
		{ name: 'Revisions', expectedDays: 2, photoRequired: false },
		{ name: 'Final files', expectedDays: 1, photoRequired: false }
	],
	model_maker: [
		{ name: 'Print / wax', expectedDays: 4, photoRequired: true },
		{ name: 'Model check', expectedDays: 1, photoRequired: false }
	],
	polisher: [
		{ name: 'Pre-polish', expectedDays: 2, photoRequired: false },
		{ name: 'Polishing', expectedDays: 3, photoRequired: true },
		{ name: 'QC and finishing', expectedDays: 1, photoRequired: false }
	],
	plater: [
		{ name: 'Cleaning', expectedDays: 1, photoRequired: false },
		{ name: 'Rhodium plating', expectedDays: 2, photoRequired: true },
		{ name: 'QC and finishing', expectedDays: 1, photoRequired: false }
	],
	engraver: [
		{ name: 'Layout', expectedDays: 1, photoRequired: false },
		{ name: 'Engraving / laser', expectedDays: 2, photoRequired: true },
		{ name: 'QC and finishing', expectedDays: 1, photoRequired: false }
	],
	repair_jeweler: [
		{ name: 'Assessment', expectedDays: 1, photoRequired: false },
		{ name: 'Repair work', expectedDays: 5, photoRequired: true },
		{ name: 'QC and finishing', expectedDays: 1, photoRequired: true }
	]
};
