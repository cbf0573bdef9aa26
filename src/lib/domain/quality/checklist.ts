/**
 * The QC checklist of DOMAIN.md ("Receiving and quality"), one result per item: pass, fail or not
 * applicable. Codes are stored (qc_inspection.checklist, qc_defect.check_item); labels are shown.
 * Order is the order an inspector works in: surface, settings, joins, findings, measures, marks.
 */
export const checklistItems = [
	{ code: 'porosity', label: 'Porosity', hint: 'Pits and pin holes in the casting, under a loupe.' },
	{ code: 'casting_flash', label: 'Casting flash', hint: 'Fins, sprue marks and excess metal removed.' },
	{ code: 'finish', label: 'Finish', hint: 'Polish, matte or texture as specified; no scratches or tool marks.' },
	{ code: 'stone_security', label: 'Prong, bezel and channel security', hint: 'Stones do not move; prongs even and smooth.' },
	{ code: 'solder_joints', label: 'Solder joints', hint: 'Clean, complete joints without pits or excess solder.' },
	{ code: 'clasps_posts', label: 'Clasps and posts', hint: 'Clasps close firmly; posts straight and secure.' },
	{ code: 'dimensions', label: 'Dimensions and ring size (±0.1 mm)', hint: 'Against the drawing; ring size within ±0.1 mm.' },
	{ code: 'weight', label: 'Weight vs target and minimum', hint: 'Average weight within the PO line’s tolerance.' },
	{ code: 'stamps', label: 'Quality, trademark and origin stamps', hint: 'Fineness, maker’s mark and origin legible and placed.' },
	{ code: 'plating', label: 'Plating thickness', hint: 'Rhodium or gold plating at the specified thickness.' }
] as const;

export type ChecklistCode = (typeof checklistItems)[number]['code'];
export const checklistCodes = checklistItems.map((i) => i.code) as readonly ChecklistCode[];

export const checkResults = ['pass', 'fail', 'na'] as const;
export type CheckResult = (typeof checkResults)[number];
export const checkResultLabels: Record<CheckResult, string> = { pass: 'Pass', fail: 'Fail', na: 'Not applicable' };

/** A defect may also be something the checklist does not name. */
export const OTHER_CHECK_ITEM = 'other';
export const defectItemCodes = [...checklistCodes, OTHER_CHECK_ITEM] as readonly string[];

const labels = new Map<string, string>([...checklistItems.map((i) => [i.code, i.label] as const), [OTHER_CHECK_ITEM, 'Other']]);

export function checkItemLabel(code: string): string {
	return labels.get(code) ?? code;
}

export function isChecklistCode(code: string): code is ChecklistCode {
	return (checklistCodes as readonly string[]).includes(code);
}

export type ChecklistResults = Partial<Record<ChecklistCode, CheckResult>>;

/** Items with no result yet, in checklist order. */
export function uncheckedItems(results: Record<string, string | undefined>): ChecklistCode[] {
	return checklistCodes.filter((code) => !(checkResults as readonly string[]).includes(results[code] ?? ''));
}

/** Only known items with known results: anything else in stored JSON is dropped. */
export function normaliseChecklist(value: unknown): ChecklistResults {
	const out: ChecklistResults = {};
	if (!value || typeof value !== 'object') return out;
	for (const code of checklistCodes) {
		const result = (value as Record<string, unknown>)[code];
		if (typeof result === 'string' && (checkResults as readonly string[]).includes(result)) out[code] = result as CheckResult;
	}
	return out;
}

export function checklistSummary(results: ChecklistResults): { pass: number; fail: number; na: number; open: number } {
	const summary = { pass: 0, fail: 0, na: 0, open: 0 };
	for (const code of checklistCodes) {
		const r = results[code];
		if (r) summary[r] += 1;
		else summary.open += 1;
	}
	return summary;
}
