import { describe, expect, it } from 'vitest';
import { safeCell, toCsv } from './csv.ts';

describe('safeCell', () => {
	it('defuses what a spreadsheet would run as a formula', () => {
		for (const cell of ['=SUM(A1:A9)', '+1+1', '-2+3', '@cmd', '\tx', '-', '-1e5']) expect(safeCell(cell)).toBe(`'${cell}`);
	});

	it('leaves plain numbers alone, negative ones too: accounting imports read them as amounts', () => {
		for (const cell of ['-85.00', '85.00', '-3', '0', '1250']) expect(safeCell(cell)).toBe(cell);
		expect(toCsv(['Amount'], [['-85.00'], ['=1+1']])).toBe("Amount\r\n-85.00\r\n'=1+1");
	});
});
