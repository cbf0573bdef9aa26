/** CSV exports: what a spreadsheet opens safely. */
import Papa from 'papaparse';

/** Cells that a spreadsheet would run as a formula are defused with a leading apostrophe. */
export const safeCell = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

/** A CSV document with a header row; every cell passes through safeCell. */
export function toCsv(fields: string[], rows: (string | number)[][]): string {
	return Papa.unparse({ fields, data: rows.map((row) => row.map((cell) => safeCell(String(cell)))) });
}
