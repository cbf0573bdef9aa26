import { describe, expect, it } from 'vitest';
import {
	accountingTable,
	dayFirstDate,
	genericHeader,
	netPaymentMinor,
	qboBillHeader,
	usDate,
	xeroBillHeader,
	type ExportDocument
} from './exports.ts';

const options = { account: 'Cost of Goods Sold', accountCode: '310', taxType: 'Tax Exempt' };

const invoice: ExportDocument = {
	kind: 'invoice',
	number: 'INV-104',
	creditsNumber: null,
	vendorName: 'Chanthaburi Casting',
	vendorEmail: 'ap@casting.test',
	invoiceDate: '2026-11-20',
	dueDate: '2026-12-20',
	terms: 'Net 30',
	currency: 'USD',
	status: 'approved',
	poNumbers: ['PO-2026-0007'],
	notes: '',
	totalMinor: 90_500,
	approvedOn: '2026-11-26',
	paymentNumber: null,
	paidOn: null,
	paymentReference: null,
	lines: [
		{
			lineNo: 1,
			kind: 'goods',
			description: 'Solitaire ring',
			quantity: 10,
			unitPriceMinor: 8_500,
			amountMinor: 85_000,
			poLine: 'PO-2026-0007 line 1'
		},
		{ lineNo: 2, kind: 'charge', description: 'Freight', quantity: null, unitPriceMinor: null, amountMinor: 5_500, poLine: '' }
	]
};

const credit: ExportDocument = {
	...invoice,
	kind: 'credit_note',
	number: 'CN-7',
	creditsNumber: 'INV-104',
	dueDate: null,
	totalMinor: 8_500,
	lines: [
		{
			lineNo: 1,
			kind: 'goods',
			description: 'Returned in QC',
			quantity: 1,
			unitPriceMinor: 8_500,
			amountMinor: 8_500,
			poLine: 'PO-2026-0007 line 1'
		}
	]
};

const yen: ExportDocument = { ...invoice, number: 'J-1', currency: 'JPY', totalMinor: 12_345, lines: [] };
const dinar: ExportDocument = { ...invoice, number: 'K-1', currency: 'KWD', totalMinor: 1_234_567, lines: [] };

describe('accounting export layouts', () => {
	it('write the exact header rows each tool expects', () => {
		expect(accountingTable('qbo', [], options).header.join(',')).toBe(
			'Bill No.,Supplier,Bill Date,Due Date,Terms,Location,Memo,Account,Line Description,Line Amount,Currency'
		);
		expect(accountingTable('xero', [], options).header.join(',')).toBe(
			'*ContactName,EmailAddress,POAddressLine1,POAddressLine2,POAddressLine3,POAddressLine4,POCity,PORegion,POPostalCode,POCountry,' +
				'*InvoiceNumber,*InvoiceDate,*DueDate,Total,InventoryItemCode,Description,*Quantity,*UnitAmount,*AccountCode,*TaxType,TaxAmount,' +
				'TrackingName1,TrackingOption1,TrackingName2,TrackingOption2,Currency'
		);
		expect(accountingTable('generic', [], options).header).toEqual([...genericHeader]);
		expect(qboBillHeader).toHaveLength(11);
		expect(xeroBillHeader).toHaveLength(26);
	});

	it('QBO: one row per line, US dates, credit notes as negative lines on the bill they correct', () => {
		const { rows } = accountingTable('qbo', [invoice, credit], options);
		expect(rows).toEqual([
			[
				'INV-104',
				'Chanthaburi Casting',
				'11/20/2026',
				'12/20/2026',
				'Net 30',
				'',
				'PO PO-2026-0007',
				'Cost of Goods Sold',
				'Solitaire ring · 10 × 85.00 · PO-2026-0007 line 1',
				'850.00',
				'USD'
			],
			[
				'INV-104',
				'Chanthaburi Casting',
				'11/20/2026',
				'12/20/2026',
				'Net 30',
				'',
				'PO PO-2026-0007',
				'Cost of Goods Sold',
				'Freight',
				'55.00',
				'USD'
			],
			[
				'INV-104',
				'Chanthaburi Casting',
				'11/20/2026',
				'11/20/2026',
				'Net 30',
				'',
				'Credit note CN-7 against INV-104',
				'Cost of Goods Sold',
				'Credit note CN-7: Returned in QC · 1 × 85.00 · PO-2026-0007 line 1',
				'-85.00',
				'USD'
			]
		]);
	});

	it('Xero: quantity 1 × the exact line amount, day-first dates, credit notes negative', () => {
		const { header, rows } = accountingTable('xero', [invoice, credit], options);
		const col = (row: string[], name: string) => row[header.indexOf(name)];
		expect(rows).toHaveLength(3);
		expect(col(rows[0], '*ContactName')).toBe('Chanthaburi Casting');
		expect(col(rows[0], '*InvoiceNumber')).toBe('INV-104');
		expect(col(rows[0], '*InvoiceDate')).toBe('20/11/2026');
		expect(col(rows[0], '*DueDate')).toBe('20/12/2026');
		expect(col(rows[0], 'Total')).toBe('905.00');
		expect(col(rows[0], '*Quantity')).toBe('1');
		expect(col(rows[0], '*UnitAmount')).toBe('850.00');
		expect(col(rows[0], '*AccountCode')).toBe('310');
		expect(col(rows[0], '*TaxType')).toBe('Tax Exempt');
		expect(col(rows[0], 'Currency')).toBe('USD');
		expect(col(rows[2], '*InvoiceNumber')).toBe('CN-7');
		expect(col(rows[2], '*UnitAmount')).toBe('-85.00');
		expect(col(rows[2], 'Total')).toBe('-85.00');
		for (const row of rows) expect(row).toHaveLength(header.length);
	});

	it('writes amounts with the currency’s decimals, never through a float', () => {
		expect(accountingTable('generic', [yen], options).rows[0][genericHeader.indexOf('Line amount')]).toBe('12345');
		expect(accountingTable('generic', [dinar], options).rows[0][genericHeader.indexOf('Line amount')]).toBe('1234.567');
		const big = { ...invoice, totalMinor: 900_719_925_474_099, lines: [] };
		expect(accountingTable('qbo', [big], options).rows[0][9]).toBe('9007199254740.99');
	});

	it('formats dates for each tool', () => {
		expect(usDate('2026-01-05')).toBe('01/05/2026');
		expect(dayFirstDate('2026-01-05')).toBe('05/01/2026');
	});

	it('nets credit notes off a payment', () => {
		expect(netPaymentMinor([invoice, credit])).toBe(82_000);
	});
});
