import { z } from 'zod';
import { isCurrency, parseMoney } from '../money.ts';
import { documentKinds, isCountryCode, vendorStatuses, vendorTypes } from './reference.ts';

const optionalText = (max: number, label: string) =>
	z.string().trim().max(max, `Keep ${label} under ${max} characters.`).optional().default('');

export const vendorProfileFormSchema = z
	.object({
		name: z.string().trim().min(2, 'Enter the workshop name.').max(120, 'Keep the name under 120 characters.'),
		types: z.array(z.enum(vendorTypes, { error: 'Choose a workshop type from the list.' })).min(1, 'Choose at least one type of work.'),
		status: z.enum(vendorStatuses, { error: 'Choose a status.' }).default('onboarding'),
		country: z.string().trim().toUpperCase().refine(isCountryCode, 'Choose a country from the list.'),
		city: z.string().trim().min(1, 'Enter the city.').max(80, 'Keep the city under 80 characters.'),
		currency: z
			.string()
			.trim()
			.toUpperCase()
			.refine((code) => /^[A-Z]{3}$/.test(code) && isCurrency(code), 'Choose a currency such as USD, EUR or THB.'),
		addressLine1: optionalText(200, 'the address'),
		addressLine2: optionalText(200, 'the address'),
		region: optionalText(80, 'the region'),
		postalCode: optionalText(20, 'the postal code'),
		taxId: optionalText(40, 'the tax id'),
		email: z
			.string()
			.trim()
			.max(254)
			.refine((v) => v === '' || z.email().safeParse(v).success, 'Enter an e-mail address like name@example.com.')
			.optional()
			.default(''),
		phone: optionalText(40, 'the phone number'),
		website: z
			.string()
			.trim()
			.max(200)
			.refine((v) => v === '' || /^https?:\/\/\S+\.\S+/.test(v), 'Enter a web address starting with https://.')
			.optional()
			.default(''),
		/** typed by a person in the workshop's currency, e.g. "250,000" */
		insuranceLimit: z.string().trim().max(30).optional().default(''),
		notes: optionalText(2000, 'the notes'),
		version: z.coerce.number().int().min(0).optional()
	})
	.superRefine((value, ctx) => {
		if (value.insuranceLimit !== '' && isCurrency(value.currency)) {
			const parsed = parseMoney(value.insuranceLimit, value.currency);
			if (!parsed.ok) ctx.addIssue({ code: 'custom', path: ['insuranceLimit'], message: parsed.message });
		}
	});

/** The form's fields as the services take them: the insurance limit in minor units. */
export function toVendorProfile(value: z.output<typeof vendorProfileFormSchema>) {
	const parsed = value.insuranceLimit === '' ? null : parseMoney(value.insuranceLimit, value.currency);
	return { ...value, insuranceLimitMinor: parsed?.ok ? parsed.minor : null };
}

export const vendorProfileSchema = vendorProfileFormSchema.transform(toVendorProfile);

export type VendorProfileInput = z.input<typeof vendorProfileSchema>;
export type VendorProfile = z.output<typeof vendorProfileSchema>;

export const vendorContactSchema = z.object({
	name: z.string().trim().min(1, 'Enter the contact’s name.').max(120),
	title: optionalText(80, 'the title'),
	email: z
		.string()
		.trim()
		.max(254)
		.refine((v) => v === '' || z.email().safeParse(v).success, 'Enter an e-mail address like name@example.com.')
		.optional()
		.default(''),
	phone: optionalText(40, 'the phone number'),
	isPrimary: z.boolean().optional().default(false)
});

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

export const vendorDocumentSchema = z.object({
	kind: z.enum(documentKinds, { error: 'Choose the kind of document.' }),
	title: z.string().trim().min(1, 'Give the document a title.').max(120),
	expiresOn: z
		.string()
		.trim()
		.refine((v) => v === '' || (isoDate.test(v) && !Number.isNaN(Date.parse(v))), 'Enter the expiry date as a date.')
		.optional()
		.default('')
});

export const vendorDirectoryQuerySchema = z.object({
	q: z.string().trim().max(100).optional().default(''),
	type: z.enum(vendorTypes).optional().catch(undefined),
	country: z.string().trim().toUpperCase().refine(isCountryCode).optional().catch(undefined),
	status: z.enum(vendorStatuses).optional().catch(undefined),
	sort: z.enum(['name', 'country', 'status', 'created', 'people']).catch('name').default('name'),
	dir: z.enum(['asc', 'desc']).catch('asc').default('asc'),
	page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1)
});

export type VendorDirectoryQuery = z.output<typeof vendorDirectoryQuerySchema>;

/** The document upload form: metadata plus the file, whose bytes the server checks. */
export const uploadDocumentFormSchema = vendorDocumentSchema.extend({
	file: z.instanceof(File, { message: 'Choose the file to upload.' })
});

export const documentRefSchema = z.object({ documentId: z.uuid({ error: 'That document does not exist.' }) });
export const contactRefSchema = z.object({ contactId: z.uuid({ error: 'That contact does not exist.' }) });
export const logoFormSchema = z.object({ logo: z.instanceof(File, { message: 'Choose an image for the logo.' }) });
