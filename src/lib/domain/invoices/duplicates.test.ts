import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { duplicateKey, findDuplicates, invoiceYear, normalizeInvoiceNumber, type DuplicateCandidate } from './duplicates.ts';

describe('invoice number normalisation', () => {
	it('reads the same number however it was typed', () => {
		for (const typed of [
			'123',
			'INV-00123',
			'inv 123',
			'#123',
			'Invoice No. 0123',
			'INV#123',
			'INV123',
			'  123 ',
			'INV–123',
			'ＩＮＶ－１２３',
			'Nr. 123',
			'Bill 123'
		]) {
			expect(normalizeInvoiceNumber(typed), typed).toBe('123');
		}
		expect(normalizeInvoiceNumber('2024-007')).toBe(normalizeInvoiceNumber('2024/7'));
		expect(normalizeInvoiceNumber('A-0012')).toBe('A12');
		expect(normalizeInvoiceNumber('a 12')).toBe('A12');
	});

	it('keeps words that only start like a prefix, and a number that is only a word', () => {
		expect(normalizeInvoiceNumber('INVERNESS-12')).toBe('INVERNESS12');
		expect(normalizeInvoiceNumber('NOVA-3')).toBe('NOVA3');
		expect(normalizeInvoiceNumber('INV')).toBe('INV');
		expect(normalizeInvoiceNumber('000')).toBe('0');
		expect(normalizeInvoiceNumber('CN-12')).toBe('CN12');
	});

	it('collides for any decoration of the same number, and never for different numbers', () => {
		const decoration = fc.record({
			prefix: fc.constantFrom('', 'INV', 'inv', 'Invoice', 'INVOICE NO.', '#', 'No.', 'Nr ', 'INV#'),
			separator: fc.constantFrom('', ' ', '-', '–', '/', '.', ' # '),
			zeros: fc.integer({ min: 0, max: 4 })
		});
		const decorate = (n: number, d: { prefix: string; separator: string; zeros: number }) =>
			`${d.prefix}${d.separator}${'0'.repeat(d.zeros)}${n}`;
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 10_000_000 }),
				fc.integer({ min: 1, max: 10_000_000 }),
				decoration,
				decoration,
				(n, m, a, b) => {
					expect(normalizeInvoiceNumber(decorate(n, a))).toBe(String(n));
					expect(normalizeInvoiceNumber(decorate(n, a)) === normalizeInvoiceNumber(decorate(m, b))).toBe(n === m);
				}
			),
			{ numRuns: 1000 }
		);
	});
});

const invoice = (overrides: Partial<DuplicateCandidate>): DuplicateCandidate => ({
	id: 'new',
	vendorId: 'V1',
	kind: 'invoice',
	number: 'INV-0012',
	invoiceDate: '2025-03-01',
	currency: 'USD',
	totalMinor: 100_000,
	...overrides
});

describe('duplicate invoices', () => {
	it('blocks the same vendor, number and year', () => {
		const existing = [invoice({ id: 'a', number: 'inv 12', invoiceDate: '2025-11-30', totalMinor: 5 })];
		const check = findDuplicates(invoice({}), existing);
		expect(check.blocked.map((m) => [m.reason, m.other.id])).toEqual([['same_number', 'a']]);
		expect(check.warnings).toEqual([]);
		expect(duplicateKey(invoice({}))).toBe(duplicateKey(existing[0]));
	});

	it('lets the same number through in another year, from another vendor, or as the other kind of document', () => {
		const existing = [
			invoice({ id: 'a', invoiceDate: '2024-12-31', totalMinor: 1 }),
			invoice({ id: 'b', vendorId: 'V2', totalMinor: 2 }),
			invoice({ id: 'c', kind: 'credit_note', totalMinor: 3 })
		];
		expect(findDuplicates(invoice({}), existing)).toEqual({ blocked: [], warnings: [] });
	});

	it('warns on the same amount and date under another number, and never matches a document with itself', () => {
		const check = findDuplicates(invoice({}), [
			invoice({ id: 'a', number: 'INV-0013' }),
			invoice({ id: 'b', number: 'INV-0014', currency: 'EUR' }),
			invoice({ id: 'c', number: 'INV-0015', invoiceDate: '2025-03-02' }),
			invoice({ id: 'new' })
		]);
		expect(check.blocked).toEqual([]);
		expect(check.warnings.map((m) => [m.reason, m.other.id])).toEqual([['same_amount_and_date', 'a']]);
	});

	it('refuses a date it cannot read a year from', () => {
		expect(invoiceYear('2025-03-01')).toBe('2025');
		expect(() => invoiceYear('01/03/2025')).toThrow(RangeError);
	});
});
