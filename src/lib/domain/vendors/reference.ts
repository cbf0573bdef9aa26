import countries from 'i18n-iso-countries';
import english from 'i18n-iso-countries/langs/en.json' with { type: 'json' };

countries.registerLocale(english);

export const vendorTypes = [
	'caster',
	'stone_setter',
	'cad_designer',
	'model_maker',
	'polisher',
	'plater',
	'engraver',
	'repair_jeweler'
] as const;
export type VendorType = (typeof vendorTypes)[number];

export const vendorTypeLabels: Record<VendorType, string> = {
	caster: 'Caster',
	stone_setter: 'Stone setter',
	cad_designer: 'CAD designer',
	model_maker: 'Model maker (print / wax)',
	polisher: 'Polisher',
	plater: 'Plater',
	engraver: 'Engraver',
	repair_jeweler: 'Repair jeweler'
};

export const vendorStatuses = ['onboarding', 'active', 'on_hold', 'inactive'] as const;
export type VendorStatus = (typeof vendorStatuses)[number];

export const vendorStatusLabels: Record<VendorStatus, string> = {
	onboarding: 'Onboarding',
	active: 'Active',
	on_hold: 'On hold',
	inactive: 'Inactive'
};

export const documentKinds = ['insurance_certificate', 'business_license', 'tax_form', 'assay_registration', 'agreement', 'other'] as const;
export type DocumentKind = (typeof documentKinds)[number];

export const documentKindLabels: Record<DocumentKind, string> = {
	insurance_certificate: 'Insurance certificate',
	business_license: 'Business licence',
	tax_form: 'Tax form (W-9 / W-8BEN / VAT)',
	assay_registration: 'Assay / hallmark registration',
	agreement: 'Supplier agreement',
	other: 'Other'
};

export function isCountryCode(code: string): boolean {
	return countries.isValid(code) && code.length === 2;
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

/** The everyday English name ("United States", not "United States of America"). */
const countryNames = new Map<string, string>();

export function countryName(code: string): string {
	let name = countryNames.get(code);
	if (name === undefined) {
		try {
			name = regionNames.of(code) ?? code;
		} catch {
			name = code;
		}
		countryNames.set(code, name);
	}
	return name;
}

let allCountries: { value: string; label: string }[] | undefined;

/** All countries, by English name, for pickers (built once: 250 names and a locale sort). */
export function countryOptions(): { value: string; label: string }[] {
	allCountries ??= Object.keys(countries.getAlpha2Codes())
		.map((value) => ({ value, label: countryName(value) }))
		.sort((a, b) => a.label.localeCompare(b.label));
	return allCountries;
}

/** Folds a workshop name for the duplicate check: "Atelier  Rossi, S.r.l." ≡ "atelier rossi srl". */
export function vendorNameKey(name: string): string {
	return (
		name
			.normalize('NFKD')
			// Latin accents only: the marks of other scripts (Thai tone marks, Devanagari vowel signs) carry meaning
			.replace(/[\u0300-\u036f]/g, '')
			.toLowerCase()
			// "S.r.l." ≡ "srl", "O'Neil" ≡ "oneil": dots and apostrophes join, other punctuation separates
			.replace(/[.'’]/g, '')
			.replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ')
			.trim()
			.normalize('NFC')
	);
}

/** Days within which an expiring document is flagged. */
export const DOCUMENT_EXPIRY_WARNING_DAYS = 30;

export type ExpiryState = 'none' | 'valid' | 'expiring' | 'expired';

export function documentExpiryState(expiresOn: string | null, today: string): ExpiryState {
	if (!expiresOn) return 'none';
	if (expiresOn < today) return 'expired';
	const limit = new Date(`${today}T00:00:00Z`);
	limit.setUTCDate(limit.getUTCDate() + DOCUMENT_EXPIRY_WARNING_DAYS);
	return expiresOn <= limit.toISOString().slice(0, 10) ? 'expiring' : 'valid';
}

export interface PostalAddress {
	addressLine1: string | null;
	addressLine2: string | null;
	postalCode: string | null;
	city: string;
	region: string | null;
	country: string;
}

/** A workshop's address as it is printed on a document, one line each, empty parts left out. */
export function postalAddressLines(address: PostalAddress): string[] {
	return [
		address.addressLine1,
		address.addressLine2,
		[address.postalCode, address.city].filter(Boolean).join(' '),
		[address.region, countryName(address.country)].filter(Boolean).join(', ')
	].filter((line): line is string => Boolean(line && line.trim()));
}
