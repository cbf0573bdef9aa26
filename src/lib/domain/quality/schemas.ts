/**
 * One zod schema per quality input, used by the forms and the services. Numbers arrive as typed text
 * (a blank count is 0, a blank weight is "not weighed"); grams are parsed to integer milligrams.
 */
import { z } from 'zod';
import { parseGrams } from '#lib/format/weight.ts';
import { SEVERITIES } from './aql.ts';
import { checkResults, checklistCodes, defectItemCodes, type ChecklistCode, type CheckResult } from './checklist.ts';

export const inspectionStatusFilter = ['pending', 'completed', 'all'] as const;
export const MAX_DEFECT_PHOTOS = 8;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const optionalDate = isoDate.or(z.literal('')).catch('');

const pieces = (label: string) =>
	z
		.union([z.string(), z.number()])
		.transform((v) => String(v).trim())
		.pipe(
			z
				.string()
				.regex(/^\d{0,7}$/, `Enter ${label} as a whole number of pieces, like 12.`)
				.transform((v) => (v === '' ? 0 : Number(v)))
		);

/** Grams as typed → milligrams, or null when left blank. */
const grams = (label: string) =>
	z
		.string()
		.trim()
		.max(20)
		.transform((text, ctx) => {
			if (text === '') return null;
			const parsed = parseGrams(text);
			if (!parsed.ok) {
				ctx.addIssue({ code: 'custom', message: `${label}: ${parsed.message}` });
				return z.NEVER;
			}
			if (parsed.mg === 0) {
				ctx.addIssue({ code: 'custom', message: `${label} must be more than 0 g, or left blank when not weighed.` });
				return z.NEVER;
			}
			return parsed.mg;
		});

const checklistField = z
	.record(z.string(), z.string())
	.default({})
	.transform((raw) => {
		const out: Partial<Record<ChecklistCode, CheckResult>> = {};
		for (const code of checklistCodes) {
			const value = raw[code];
			if (value && (checkResults as readonly string[]).includes(value)) out[code] = value as CheckResult;
		}
		return out;
	});

/** The inspection form: saved while pending, or completed (the service adds completion's checks). */
export const inspectionFormSchema = z.object({
	version: z.coerce.number().int().min(1, 'Reload the page: the inspection’s version is missing.'),
	checklist: checklistField,
	measuredWeight: grams('Average weight per piece').default(null),
	measuredSize: z.string().trim().max(60, 'Keep the size under 60 characters, like “52 (16.6 mm)”.').default(''),
	accepted: pieces('the accepted pieces').default(0),
	rework: pieces('the pieces for rework').default(0),
	returned: pieces('the returned pieces').default(0),
	/** blank: the measured average × accepted pieces */
	acceptedGrossWeight: grams('Accepted gross weight').default(null),
	notes: z.string().trim().max(4000, 'Keep the notes under 4,000 characters.').default('')
});
export type InspectionFormInput = z.input<typeof inspectionFormSchema>;
export type InspectionForm = z.output<typeof inspectionFormSchema>;

export const defectFormSchema = z.object({
	version: z.coerce.number().int().min(1),
	checkItem: z.enum(defectItemCodes as [string, ...string[]], { error: 'Choose the check the defect fails.' }),
	severity: z.enum(SEVERITIES as ['critical', 'major', 'minor'], { error: 'Choose critical, major or minor.' }),
	location: z.string().trim().max(200, 'Keep the location under 200 characters.').default(''),
	description: z
		.string()
		.trim()
		.min(1, 'Describe the defect, like “prong at 2 o’clock lifted”.')
		.max(2000, 'Keep the description under 2,000 characters.'),
	quantity: z
		.union([z.string(), z.number()])
		.transform((v) => String(v).trim())
		.pipe(
			z
				.string()
				.regex(/^[1-9]\d{0,6}$/, 'Enter how many pieces have this defect, at least 1.')
				.transform(Number)
		)
});
export type DefectFormInput = z.input<typeof defectFormSchema>;

export const removeDefectSchema = z.object({
	version: z.coerce.number().int().min(1),
	defectId: z.uuid({ error: 'Reload the page: that defect is no longer there.' })
});

export const defectAnswerSchema = z.object({
	defectId: z.uuid({ error: 'Reload the page: that defect is no longer there.' }),
	response: z
		.string()
		.trim()
		.min(1, 'Write your answer: what you will do, or why you disagree.')
		.max(2000, 'Keep the answer under 2,000 characters.')
});
export type DefectAnswerInput = z.input<typeof defectAnswerSchema>;

export const qcListSorts = ['oldest', 'newest'] as const;

/** The ops queue's address bar; anything odd falls back to its default. */
export const qcListQuerySchema = z.object({
	status: z.enum(inspectionStatusFilter).catch('pending'),
	vendor: z.uuid().or(z.literal('')).catch(''),
	severity: z.enum(['', ...SEVERITIES]).catch(''),
	from: optionalDate,
	to: optionalDate,
	sort: z.enum(qcListSorts).catch('oldest'),
	page: z.coerce.number().int().min(1).max(100_000).catch(1)
});
export type QcListQuery = z.infer<typeof qcListQuerySchema>;

/** The workshop's list. */
export const workshopQcListQuerySchema = z.object({
	status: z.enum(inspectionStatusFilter).catch('all'),
	unanswered: z
		.union([z.boolean(), z.enum(['true', 'false', '1', '0', 'on', ''])])
		.transform((v) => v === true || v === 'true' || v === '1' || v === 'on')
		.catch(false),
	from: optionalDate,
	to: optionalDate,
	page: z.coerce.number().int().min(1).max(100_000).catch(1)
});
export type WorkshopQcListQuery = z.infer<typeof workshopQcListQuerySchema>;
