/** CSV exports: what a spreadsheet opens safely. */
import Papa from 'papaparse';

/** A plain signed decimal ("-85.00"): a spreadsheet reads it as a number, never as a formula. */
const plainNumber = /^-?\d+(\.\d+)?$/;

/**
 * Cells that a spreadsheet would run as a formula are defused with a leading apostrophe; plain
 * numbers are left alone, so a credit of "-85.00" imports into accounting tools as a number.
 */
export const safeCell = (value: string) => (!plainNumber.test(value) && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

/** A CSV document with a header row; every cell passes through safeCell. */
export function toCsv(fields: string[], rows: (string | number)[][]): string {
	return Papa.unparse({ fields, data: rows.map((row) => row.map((cell) => safeCell(String(cell)))) });
}
