/**
 * Duplicate invoices (DOMAIN.md): same vendor + same normalised number + same year is blocked; same
 * vendor + same amount + same date warns.
 *
 * Normalising the number — the same invoice typed twice must collide, however it was typed:
 * 1. Unicode NFKC and upper case (full-width digits, "inv" = "INV").
 * 2. A leading document word is dropped, with any "#", "No." or "Nr." after it: INVOICE, INV, BILL, NO,
 *    NR, NUMBER, plus a lone "#". Only as a whole word or before a digit: "INV-12" and "INV12" drop it,
 *    "INVERNESS-12" and "NOVA-3" keep it.
 * 3. The rest splits into runs of letters and of digits (any script); everything else (spaces, dashes,
 *    dots, slashes, "#") is a separator and disappears. Leading zeros of every digit run go: "2024-007"
 *    and "2024/7" are the same number.
 * So "INV-00123", "inv 123", "#123" and "Invoice No. 0123" are all "123". Over-matching only blocks a
 * vendor who reuses a number within a year — they can ask; under-matching pays an invoice twice.
 *
 * Invoices and credit notes are compared only with their own kind: many workshops number them in
 * separate series ("1" and credit note "1").
 */

export type DocumentKind = 'invoice' | 'credit_note';

const prefixWord = /^(?:INVOICE|INV|BILL|NUMBER|NO|NR|NUM)(?=$|\P{L})/u;
const leadingNoise = /^[^\p{L}\p{Nd}]+/u;

export function normalizeInvoiceNumber(raw: string): string {
	let text = raw.normalize('NFKC').toUpperCase().trim();
	// drop leading document words ("INVOICE NO. #", "INV-") until something else starts the number
	for (;;) {
		const withoutNoise = text.replace(leadingNoise, '');
		const withoutWord = withoutNoise.replace(prefixWord, '');
		if (withoutWord === text) break;
		if (withoutWord.replace(leadingNoise, '') === '') break; // the whole number was a word: keep it
		text = withoutWord;
	}
	const runs = text.match(/\p{L}+|\p{Nd}+/gu) ?? [];
	const normalized = runs
		.map((run) => {
			if (!/^\p{Nd}+$/u.test(run)) return run;
			const stripped = run.replace(/^0+/, '');
			return stripped === '' ? '0' : stripped;
		})
		.join('');
	return normalized === '' ? raw.trim().toUpperCase() : normalized;
}

/** The calendar year of an ISO date ("2024-03-01" → "2024"). */
export function invoiceYear(invoiceDate: string): string {
	if (!/^\d{4}-\d{2}-\d{2}/.test(invoiceDate)) throw new RangeError(`An invoice date must be YYYY-MM-DD, got "${invoiceDate}".`);
	return invoiceDate.slice(0, 4);
}

/**
 * One string per (vendor, kind, year, normalised number): a unique index on it enforces the block in the
 * database too.
 */
export function duplicateKey(document: Pick<DuplicateCandidate, 'vendorId' | 'kind' | 'number' | 'invoiceDate'>): string {
	return [document.vendorId, document.kind, invoiceYear(document.invoiceDate), normalizeInvoiceNumber(document.number)].join('|');
}

export interface DuplicateCandidate {
	id: string;
	vendorId: string;
	kind: DocumentKind;
	number: string;
	/** YYYY-MM-DD, as printed on the document */
	invoiceDate: string;
	currency: string;
	/** the document's total as printed, minor units (see `documentTotals` in matching.ts) */
	totalMinor: number;
}

export interface DuplicateMatch {
	/** `same_number`: blocked; `same_amount_and_date`: a warning to look at */
	reason: 'same_number' | 'same_amount_and_date';
	other: DuplicateCandidate;
}

export interface DuplicateCheck {
	blocked: DuplicateMatch[];
	warnings: DuplicateMatch[];
}

/**
 * The documents `candidate` duplicates among `existing` (the vendor's other documents; the caller
 * leaves out withdrawn ones). A document never duplicates itself (same id).
 */
export function findDuplicates(candidate: DuplicateCandidate, existing: readonly DuplicateCandidate[]): DuplicateCheck {
	const key = duplicateKey(candidate);
	const blocked: DuplicateMatch[] = [];
	const warnings: DuplicateMatch[] = [];
	for (const other of existing) {
		if (other.id === candidate.id || other.vendorId !== candidate.vendorId || other.kind !== candidate.kind) continue;
		if (duplicateKey(other) === key) {
			blocked.push({ reason: 'same_number', other });
		} else if (
			other.invoiceDate.slice(0, 10) === candidate.invoiceDate.slice(0, 10) &&
			other.currency === candidate.currency &&
			other.totalMinor === candidate.totalMinor
		) {
			warnings.push({ reason: 'same_amount_and_date', other });
		}
	}
	return { blocked, warnings };
}
