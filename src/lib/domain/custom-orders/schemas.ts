/**
 * Inputs of the custom-order module, one zod schema each, shared by the forms and the services.
 * Money arrives as the text a person typed; the service turns it into minor units once the order's
 * currency is known (`parseAmount`), with a message for the field.
 */
import { z } from 'zod';
import { isCurrency, parseMoney } from '../money.ts';
import { findAlloy } from '../purchase-orders/alloys.ts';
import { clientDecisionChannels, customerPaymentKinds } from './reference.ts';
import { customOrderStatuses } from './status.ts';

const isoDate = z.iso.date({ error: 'Enter a date like 2026-12-31.' });
const optionalIsoDate = z
	.union([z.literal(''), isoDate])
	.optional()
	.default('');
const text = (max: number, label: string) =>
	z
		.string()
		.trim()
		.max(max, `Keep ${label} under ${max.toLocaleString('en-US')} characters.`);
const optionalText = (max: number, label: string) => text(max, label).optional().default('');
const version = z.coerce.number().int().min(0).default(0);

/** The brief as ops types it, for a new order and for an edit. */
export const customOrderFormSchema = z.object({
	title: text(120, 'the title').min(3, 'Name the piece, e.g. “Sapphire halo engagement ring”.'),
	clientName: text(200, 'the client’s name').min(1, 'Enter the client’s name.'),
	clientContact: optionalText(300, 'the contact'),
	currency: z.string().trim().toUpperCase().refine(isCurrency, 'Choose a currency such as USD, EUR or GBP.'),
	/** in `currency`, as typed; blank = no budget given */
	budget: optionalText(30, 'the budget'),
	alloy: z
		.string()
		.trim()
		.toUpperCase()
		.refine((code) => findAlloy(code) !== undefined, 'Choose a metal from the list.'),
	stones: optionalText(500, 'the stones'),
	size: optionalText(40, 'the size'),
	brief: optionalText(5000, 'the brief'),
	dueDate: optionalIsoDate,
	/** the version the form was loaded at (edits only) */
	version
});
export type CustomOrderForm = z.infer<typeof customOrderFormSchema>;

export const assignDesignerSchema = z.object({
	vendorId: z.uuid({ error: 'Choose a CAD designer from the list.' }),
	version
});
export type AssignDesignerInput = z.infer<typeof assignDesignerSchema>;

/** The designer's note with a version (the files travel beside it). */
export const designVersionSchema = z.object({
	note: optionalText(4000, 'the note')
});
export type DesignVersionInput = z.infer<typeof designVersionSchema>;

export const versionDecisions = ['approve', 'changes'] as const;

/**
 * The brand's answer to one version. Approving records the client's decision (how and when they
 * said yes); asking for changes needs the comment the designer will work from.
 */
export const versionDecisionSchema = z
	.object({
		versionId: z.uuid({ error: 'That version does not exist.' }),
		decision: z.enum(versionDecisions, { error: 'Approve the version or ask for changes.' }),
		comment: optionalText(4000, 'the comment'),
		channel: z
			.union([z.literal(''), z.enum(clientDecisionChannels)])
			.optional()
			.default(''),
		decidedOn: optionalIsoDate
	})
	.superRefine((input, ctx) => {
		if (input.decision === 'changes' && input.comment.length < 3) {
			ctx.addIssue({ code: 'custom', path: ['comment'], message: 'Say what the designer should change.' });
		}
		if (input.decision === 'approve') {
			if (input.channel === '') ctx.addIssue({ code: 'custom', path: ['channel'], message: 'Say how the client approved it.' });
			if (input.decidedOn === '') ctx.addIssue({ code: 'custom', path: ['decidedOn'], message: 'Enter the day the client approved it.' });
		}
	});
export type VersionDecisionInput = z.infer<typeof versionDecisionSchema>;

/** A production PO made from the approved design: the workshop, when, how many and the labor price. */
export const productionOrderSchema = z.object({
	vendorId: z.uuid({ error: 'Choose the workshop that makes the piece.' }),
	dueDate: isoDate,
	quantity: z.coerce
		.number({ error: 'Enter the number of pieces.' })
		.int('Pieces are counted in whole numbers.')
		.min(1, 'Order at least one piece.')
		.max(1000, 'A custom order makes at most 1,000 pieces.')
		.default(1),
	/** per piece, in the workshop's currency, as typed */
	laborPrice: text(30, 'the price').min(1, 'Enter the labor price per piece.'),
	shipTo: text(500, 'the ship-to address').min(1, 'Enter where the piece goes.'),
	notes: optionalText(1000, 'the notes')
});
export type ProductionOrderInput = z.infer<typeof productionOrderSchema>;

export const cancelCustomOrderSchema = z.object({
	reason: text(2000, 'the reason').min(3, 'Say why the order is cancelled.'),
	version
});

export const completeCustomOrderSchema = z.object({ version });

/** A payment the client is to make (and, when it is already in, when and how it was paid). */
export const schedulePaymentSchema = z
	.object({
		kind: z.enum(customerPaymentKinds, { error: 'Choose the kind of payment.' }),
		/** in the order's currency, as typed */
		amount: text(30, 'the amount').min(1, 'Enter the amount.'),
		dueDate: optionalIsoDate,
		paidOn: optionalIsoDate,
		reference: optionalText(200, 'the reference'),
		note: optionalText(500, 'the note')
	})
	.refine((p) => p.paidOn !== '' || p.reference === '', {
		path: ['paidOn'],
		message: 'Enter the day it was paid, or leave the reference blank.'
	});
export type SchedulePaymentInput = z.infer<typeof schedulePaymentSchema>;

export const recordPaymentSchema = z.object({
	paymentId: z.uuid({ error: 'That payment does not exist.' }),
	paidOn: isoDate,
	reference: optionalText(200, 'the reference')
});
export type RecordPaymentInput = z.infer<typeof recordPaymentSchema>;

export const paymentRefSchema = z.object({ paymentId: z.uuid({ error: 'That payment does not exist.' }) });
export const inspirationRefSchema = z.object({ imageId: z.uuid({ error: 'That image does not exist.' }) });

/** An amount typed in `currency`, as minor units; a blank optional amount is null. */
export function parseAmount(
	value: string,
	currency: string,
	{ required, field }: { required: boolean; field: string }
): { ok: true; minor: number | null } | { ok: false; fields: Record<string, string> } {
	if (value.trim() === '') return required ? { ok: false, fields: { [field]: 'Enter the amount.' } } : { ok: true, minor: null };
	const parsed = parseMoney(value, currency);
	if (!parsed.ok) return { ok: false, fields: { [field]: parsed.message } };
	if (parsed.minor === 0) return { ok: false, fields: { [field]: 'Enter an amount above zero.' } };
	// ten billion in major units: beyond any piece of jewellery, so a typing mistake
	if (parsed.minor > 1_000_000_000_000) return { ok: false, fields: { [field]: 'That amount is too large: check the digits.' } };
	return { ok: true, minor: parsed.minor };
}

// ---------------------------------------------------------------- lists

export const customOrderListQuerySchema = z.object({
	q: z.string().trim().max(100).catch(''),
	status: z.enum(['open', 'all', ...customOrderStatuses]).catch('open'),
	designer: z.uuid().or(z.literal('')).catch(''),
	/** whose move it is: the designer's, the brand's (a version to answer) */
	waiting: z.enum(['', 'designer', 'brand']).catch(''),
	sort: z.enum(['number', 'title', 'status', 'due', 'created']).catch('created'),
	dir: z.enum(['asc', 'desc']).catch('desc'),
	page: z.coerce.number().int().min(1).max(100_000).catch(1)
});
export type CustomOrderListQuery = z.infer<typeof customOrderListQuerySchema>;

export const designerListQuerySchema = z.object({
	status: z.enum(['open', 'all']).catch('open'),
	page: z.coerce.number().int().min(1).max(10_000).catch(1)
});
export type DesignerListQuery = z.infer<typeof designerListQuerySchema>;
