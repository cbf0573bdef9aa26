/**
 * Between the invoice form and the service: the posted fields as the form object (`lines[3].quantity`
 * and so on, gaps and blank rows left out), the chosen PDF, and the failure answer that gives the
 * person back everything they typed with a sentence per field. Rules stay in the service.
 */
import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { blankLine, MAX_INVOICE_LINES, type InvoiceEntryForm, type InvoiceLineForm } from '#lib/domain/invoices/entry.ts';
import { AppError, statusOf } from '#lib/server/errors.ts';
import { requireActor } from '#lib/server/http.ts';
import { submitVendorInvoice } from './service.ts';

const lineField = /^lines\[(\d{1,3})\]\.(kind|poLineId|description|quantity|unitPrice|fineWeight|metalPrice|part|charge|amount)$/;
const headerFields = [
	'kind',
	'number',
	'invoiceDate',
	'dueDate',
	'terms',
	'currency',
	'notes',
	'creditsInvoiceId',
	'purchaseOrderId',
	'shipmentId'
] as const;

const isBlank = (line: InvoiceLineForm) =>
	[line.poLineId, line.description, line.quantity, line.unitPrice, line.fineWeight, line.metalPrice, line.amount].every(
		(value) => (value ?? '').trim() === ''
	);

export function invoiceFormFromFormData(formData: FormData): InvoiceEntryForm {
	const text = (name: string) => {
		const value = formData.get(name);
		return typeof value === 'string' ? value : '';
	};
	const rows = new Map<number, InvoiceLineForm>();
	for (const [key, value] of formData.entries()) {
		const match = lineField.exec(key);
		if (!match || typeof value !== 'string') continue;
		const index = Number(match[1]);
		const row = rows.get(index) ?? { ...blankLine('goods'), part: '', charge: '' };
		(row as Record<string, string>)[match[2]] = value;
		rows.set(index, row);
	}
	const header = Object.fromEntries(headerFields.map((name) => [name, text(name)])) as Record<(typeof headerFields)[number], string>;
	return {
		...header,
		kind: header.kind === 'credit_note' ? 'credit_note' : 'invoice',
		lines: [...rows.entries()]
			.sort(([a], [b]) => a - b)
			.map(([, row]) => row)
			.filter((row) => !isBlank(row))
			.slice(0, MAX_INVOICE_LINES + 1)
	};
}

/** The chosen PDF; no file chosen posts an empty, nameless file, which is "none". */
export function chosenFile(formData: FormData, name = 'pdf'): File | null {
	const value = formData.get(name);
	if (!value || typeof value === 'string') return null;
	if (value.size === 0 && value.name === '') return null;
	return value;
}

export interface InvoiceFormFailure {
	values: InvoiceEntryForm;
	errors: Record<string, string>;
	message: string;
}

/** The workshop's "submit" action: on success to the new document's page, which shows its match result. */
export function submitInvoiceActions() {
	return {
		default: async (event: RequestEvent) => {
			const actor = requireActor(event);
			const formData = await event.request.formData();
			const values = invoiceFormFromFormData(formData);
			let invoiceId: string;
			try {
				({ invoiceId } = await submitVendorInvoice(actor, values, chosenFile(formData)));
			} catch (caught) {
				if (!(caught instanceof AppError)) throw caught;
				if (caught.code === 'NotFound') error(404, caught.message);
				// without JavaScript the page reloads and the chosen file is gone: say so beside the field
				const errors = { ...caught.fields };
				if (!errors.pdf && chosenFile(formData) && formData.get('enhanced') !== '1') errors.pdf = 'Choose the PDF again before submitting.';
				return fail(statusOf[caught.code], { values, errors, message: caught.message } satisfies InvoiceFormFailure);
			}
			redirect(303, `/workshop/invoices/${invoiceId}?submitted=1`);
		}
	};
}
