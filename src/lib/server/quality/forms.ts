/**
 * From the browser to the quality service: FormData to the service's inputs, and the page actions of
 * both sides. A refused form comes back with what the person typed, the sentence and the field
 * messages; business rules stay in the service.
 */
import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { checklistCodes } from '#lib/domain/quality/checklist.ts';
import { qcListQuerySchema, workshopQcListQuerySchema, type QcListQuery, type WorkshopQcListQuery } from '#lib/domain/quality/schemas.ts';
import { requireStaff, requireVendor } from '#lib/server/auth/actor.ts';
import { AppError, statusOf } from '#lib/server/errors.ts';
import { requireActor } from '#lib/server/http.ts';
import { processJobPhotos } from '#lib/server/production/photos.ts';
import { addDefect, answerDefect, completeInspection, exportInspectionsCsv, removeDefect, saveInspection } from './service.ts';

const text = (data: FormData, name: string) => {
	const value = data.get(name);
	return typeof value === 'string' ? value : '';
};

export function parseQcListQuery(params: URLSearchParams): QcListQuery {
	return qcListQuerySchema.parse(Object.fromEntries(params));
}
export function parseWorkshopQcListQuery(params: URLSearchParams): WorkshopQcListQuery {
	return workshopQcListQuerySchema.parse(Object.fromEntries(params));
}

/** The inspection form as posted: checklist radios are named `checklist.<code>`. */
export function inspectionInputFrom(data: FormData) {
	const checklist: Record<string, string> = {};
	for (const code of checklistCodes) checklist[code] = text(data, `checklist.${code}`);
	return {
		version: text(data, 'version'),
		checklist,
		measuredWeight: text(data, 'measuredWeight'),
		measuredSize: text(data, 'measuredSize'),
		accepted: text(data, 'accepted'),
		rework: text(data, 'rework'),
		returned: text(data, 'returned'),
		acceptedGrossWeight: text(data, 'acceptedGrossWeight'),
		notes: text(data, 'notes')
	};
}

function refused(caught: unknown, form: string, values: unknown) {
	if (!(caught instanceof AppError)) throw caught;
	if (caught.code === 'NotFound') error(404, caught.message);
	return fail(statusOf[caught.code], { form, values, message: caught.message, errors: caught.fields });
}

const files = (data: FormData) => data.getAll('photos').filter((f): f is File => typeof f !== 'string' && f.size > 0);

export function inspectionActions() {
	return {
		save: async (event: RequestEvent) => {
			const actor = requireActor(event);
			const data = await event.request.formData();
			const values = inspectionInputFrom(data);
			try {
				await saveInspection(actor, event.params.inspectionId ?? '', values);
			} catch (caught) {
				return refused(caught, 'inspection', values);
			}
			return { form: 'inspection', message: 'Saved. Complete the inspection when every piece has a disposition.' };
		},
		complete: async (event: RequestEvent) => {
			const actor = requireActor(event);
			const data = await event.request.formData();
			const values = inspectionInputFrom(data);
			let result;
			try {
				result = await completeInspection(actor, event.params.inspectionId ?? '', values);
			} catch (caught) {
				return refused(caught, 'inspection', values);
			}
			const parts = ['Inspection completed; the workshop is told by e-mail.'];
			if (result.debitNoteNumber) parts.push(`Debit note ${result.debitNoteNumber} was created.`);
			if (result.reworkSkipped) parts.push('The line has no job bag, so no rework stage was added: tell the workshop directly.');
			return { form: 'inspection', message: parts.join(' ') };
		},
		addDefect: async (event: RequestEvent) => {
			const actor = requireActor(event);
			const data = await event.request.formData();
			const values = {
				version: text(data, 'version'),
				checkItem: text(data, 'checkItem'),
				severity: text(data, 'severity'),
				location: text(data, 'location'),
				description: text(data, 'description'),
				quantity: text(data, 'quantity')
			};
			try {
				const photos = await processJobPhotos(files(data));
				await addDefect(actor, event.params.inspectionId ?? '', values, photos);
			} catch (caught) {
				return refused(caught, 'defect', values);
			}
			return { form: 'defect', message: 'Defect recorded.' };
		},
		removeDefect: async (event: RequestEvent) => {
			const actor = requireActor(event);
			const data = await event.request.formData();
			const values = { version: text(data, 'version'), defectId: text(data, 'defectId') };
			try {
				await removeDefect(actor, event.params.inspectionId ?? '', values);
			} catch (caught) {
				return refused(caught, 'remove', values);
			}
			return { form: 'remove', message: 'Defect removed.' };
		}
	};
}

export function workshopInspectionActions() {
	return {
		answer: async (event: RequestEvent) => {
			const actor = requireActor(event);
			requireVendor(actor);
			const data = await event.request.formData();
			const values = { defectId: text(data, 'defectId'), response: text(data, 'response') };
			let updated: boolean;
			try {
				({ updated } = await answerDefect(actor, event.params.inspectionId ?? '', values));
			} catch (caught) {
				return refused(caught, `answer-${values.defectId}`, values);
			}
			return { form: `answer-${values.defectId}`, message: updated ? 'Answer updated; the brand is told.' : 'Answer sent to the brand.' };
		}
	};
}

export async function inspectionsCsvResponse(event: RequestEvent): Promise<Response> {
	const actor = requireActor(event);
	requireStaff(actor);
	const csv = await exportInspectionsCsv(actor, parseQcListQuery(event.url.searchParams));
	return new Response(csv, {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': 'attachment; filename="inspections.csv"',
			'X-Content-Type-Options': 'nosniff'
		}
	});
}
