/**
 * Finance inputs: the queue's filters, approving, holding and releasing invoices, scheduling and
 * recording payments, and the accounting exports. One zod schema per input, used by the route and the
 * service. List filters never fail: a bad value in the address bar falls back to its default.
 */
import { todayIso } from '#lib/format/dates.ts';
import { z } from 'zod';
import { invoiceStatuses } from '#lib/domain/invoices/status.ts';

export { todayIso };

const isoDate = z.iso.date({ error: 'Enter a date like 2026-12-31.' });
const optionalDate = z.union([z.literal(''), z.iso.date()]).catch('');
const version = z.coerce.number({ error: 'Reload the page and try again.' }).int().min(1, 'Reload the page and try again.');
const reason = (what: string) =>
	z
		.string({ error: `Say why you ${what}.` })
		.trim()
		.min(3, `Say why you ${what} (a few words).`)
		.max(500, 'Keep the reason under 500 characters.');

export const FINANCE_PAGE_SIZE = 25;
export const MAX_SELECTION = 200;

export const financeQueueSorts = ['submitted', 'amount', 'vendor'] as const;
export type FinanceQueueSort = (typeof financeQueueSorts)[number];

/** `open` = everything not paid yet, the default; `all` includes paid. */
export const financeQueueQuerySchema = z.object({
	/** part of the document number, as typed or normalised */
	q: z.string().trim().max(100).catch(''),
	status: z.enum(['open', 'all', ...invoiceStatuses]).catch('open'),
	kind: z.enum(['all', 'invoice', 'credit_note']).catch('all'),
	vendor: z.uuid().or(z.literal('')).catch(''),
	currency: z
		.string()
		.trim()
		.toUpperCase()
		.regex(/^([A-Z]{3})?$/)
		.catch(''),
	/** submitted on or after / on or before (calendar days, UTC) */
	from: optionalDate,
	to: optionalDate,
	sort: z.enum(financeQueueSorts).catch('submitted'),
	dir: z.enum(['asc', 'desc']).catch('desc'),
	page: z.coerce.number().int().min(1).max(100_000).catch(1)
});
export type FinanceQueueQuery = z.infer<typeof financeQueueQuerySchema>;

export function parseFinanceQueueQuery(params: URLSearchParams): FinanceQueueQuery {
	return financeQueueQuerySchema.parse(Object.fromEntries(params));
}

/** One selected row of the queue, with the version it had when the page was loaded. */
export const selectedDocumentSchema = z.object({ invoiceId: z.uuid(), version: z.number().int().min(1) });
export const approveSelectionSchema = z.object({
	items: z
		.array(selectedDocumentSchema)
		.min(1, 'Select at least one invoice to approve.')
		.max(MAX_SELECTION, `Approve at most ${MAX_SELECTION} at a time.`)
});
export type ApproveSelectionInput = z.infer<typeof approveSelectionSchema>;

/** Checkbox values travel as `<invoiceId>:<version>`; anything else is dropped. */
export function parseSelection(values: readonly string[]): { invoiceId: string; version: number }[] {
	const items: { invoiceId: string; version: number }[] = [];
	for (const value of values) {
		const match = /^([0-9a-f-]{36}):(\d{1,9})$/i.exec(value);
		if (match) items.push({ invoiceId: match[1].toLowerCase(), version: Number(match[2]) });
	}
	return items;
}

export const approveInvoiceSchema = z.object({ version });
export type ApproveInvoiceInput = z.infer<typeof approveInvoiceSchema>;

export const holdInvoiceSchema = z
	.object({
		version,
		reason: reason('hold it'),
		/** the day it may be released; blank = until someone releases it */
		until: z.union([z.literal(''), isoDate]).default('')
	})
	.refine((v) => v.until === '' || v.until >= todayIso(), {
		path: ['until'],
		message: 'The release date cannot be in the past.'
	});
export type HoldInvoiceInput = z.input<typeof holdInvoiceSchema>;

export const releaseInvoiceSchema = z.object({ version, reason: reason('release it') });
export type ReleaseInvoiceInput = z.input<typeof releaseInvoiceSchema>;

export const paymentMethodOptions = ['wire', 'ach', 'check', 'card', 'other'] as const;
export const paymentMethodLabels: Record<(typeof paymentMethodOptions)[number], string> = {
	wire: 'Wire transfer',
	ach: 'ACH',
	check: 'Check',
	card: 'Card',
	other: 'Other'
};

export const schedulePaymentSchema = z.object({
	invoiceIds: z
		.array(z.uuid())
		.min(1, 'Select the approved invoices to pay.')
		.max(MAX_SELECTION, `Pay at most ${MAX_SELECTION} invoices at once.`),
	method: z.enum(paymentMethodOptions, { error: 'Choose how it will be paid.' }),
	scheduledOn: isoDate.refine((d) => d >= todayIso(), 'The payment date cannot be in the past.')
});
export type SchedulePaymentInput = z.input<typeof schedulePaymentSchema>;

/**
 * The queue's action bar, one form for both of its buttons: the rows ticked (`<invoiceId>:<version>`,
 * read by parseSelection) and the payment's method and day. It only shapes the post; approving and
 * scheduling check their own rules in the service, which names the field at fault.
 */
export const queueActionSchema = z.object({
	selected: z.array(z.string()).default([]),
	method: z.enum(paymentMethodOptions, { error: 'Choose how it will be paid.' }).default('wire'),
	scheduledOn: z.string().trim().default('')
});
export type QueueActionForm = z.infer<typeof queueActionSchema>;

export const recordPaidSchema = z.object({
	paidOn: isoDate.refine((d) => d <= todayIso(), 'The paid date cannot be in the future.'),
	reference: z
		.string({ error: 'Enter the bank reference.' })
		.trim()
		.min(1, 'Enter the bank reference, so the workshop can find the payment.')
		.max(100, 'Keep the reference under 100 characters.')
});
export type RecordPaidInput = z.input<typeof recordPaidSchema>;

export const cancelPaymentSchema = z.object({ reason: reason('cancel it') });
export type CancelPaymentInput = z.input<typeof cancelPaymentSchema>;

export const paymentListSorts = ['created', 'scheduled', 'amount'] as const;
export const paymentListQuerySchema = z.object({
	/** payment number or bank reference */
	q: z.string().trim().max(100).catch(''),
	status: z.enum(['all', 'scheduled', 'paid', 'cancelled']).catch('all'),
	vendor: z.uuid().or(z.literal('')).catch(''),
	currency: z
		.string()
		.trim()
		.toUpperCase()
		.regex(/^([A-Z]{3})?$/)
		.catch(''),
	sort: z.enum(paymentListSorts).catch('created'),
	dir: z.enum(['asc', 'desc']).catch('desc'),
	page: z.coerce.number().int().min(1).max(100_000).catch(1)
});
export type PaymentListQuery = z.infer<typeof paymentListQuerySchema>;

export function parsePaymentListQuery(params: URLSearchParams): PaymentListQuery {
	return paymentListQuerySchema.parse(Object.fromEntries(params));
}

export const exportFormats = ['queue', 'generic', 'qbo', 'xero'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/**
 * The accounting exports: approved, scheduled and paid documents whose invoice date falls in the range
 * (both ends optional), plus the queue's vendor and currency filters. Account and tax names are the
 * brand's chart of accounts, so they can be given; the defaults are the tools' stock names.
 */
export const accountingExportQuerySchema = z.object({
	format: z.enum(exportFormats).catch('queue'),
	vendor: z.uuid().or(z.literal('')).catch(''),
	currency: z
		.string()
		.trim()
		.toUpperCase()
		.regex(/^([A-Z]{3})?$/)
		.catch(''),
	from: optionalDate,
	to: optionalDate,
	account: z.string().trim().min(1).max(100).catch('Cost of Goods Sold'),
	accountCode: z.string().trim().min(1).max(20).catch('310'),
	taxType: z.string().trim().min(1).max(60).catch('Tax Exempt')
});
export type AccountingExportQuery = z.infer<typeof accountingExportQuerySchema>;

export const paymentStatusLabels = { scheduled: 'Scheduled', paid: 'Paid', cancelled: 'Cancelled' } as const;
export const paymentTones = { scheduled: 'info', paid: 'success', cancelled: 'neutral' } as const;
