/**
 * Reading a styles CSV, with no I/O: every problem is reported by the row and column a person sees
 * in their spreadsheet (the header is row 1, so the first style is row 2). Each row becomes either
 * the style to save or the list of what is wrong with it; the same schema as the form decides.
 */
import Papa from 'papaparse';
import { findAlloy } from '../purchase-orders/alloys.ts';
import { vendorNameKey } from '../vendors/reference.ts';
import { normalizeSku, styleCategories, styleCategoryLabels, type StyleCategory } from './reference.ts';
import { resolveStyle, STYLE_IMPORT_MAX_ROWS, styleFormSchema, type StyleForm, type StyleInput } from './schemas.ts';
import { styleCsvColumns, styleCsvIgnoredColumns, type StyleCsvColumn, type StyleCsvKey } from './csv-columns.ts';

/** The template's header row. */
export const styleCsvTemplate = () => Papa.unparse({ fields: styleCsvColumns.map((c) => c.header), data: [] });

export interface StyleImportError {
	/** as a spreadsheet numbers it: the header is row 1 */
	row: number;
	/** the column's header as written in the file ('' for the file as a whole) */
	column: string;
	message: string;
}

export interface StyleCsvRecord {
	row: number;
	/** only the columns the file has */
	cells: Partial<Record<StyleCsvKey, string>>;
	/** the row has values beyond the last column: its cells have probably shifted */
	overflow?: boolean;
}

export interface StyleCsvRead {
	/** the file's header for each known column it has */
	headers: Partial<Record<StyleCsvKey, string>>;
	records: StyleCsvRecord[];
	fileErrors: StyleImportError[];
}

const fold = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');

const columnByFolded = new Map<string, StyleCsvColumn>();
for (const column of styleCsvColumns) {
	for (const name of [column.header, column.key, ...column.aliases]) columnByFolded.set(fold(name), column);
}
const ignoredFolded = new Set(styleCsvIgnoredColumns.map(fold));

/** Splits the text into rows of cells by header; a broken file answers with file-level errors only. */
export function readStyleCsv(text: string): StyleCsvRead {
	const empty = (error: StyleImportError): StyleCsvRead => ({ headers: {}, records: [], fileErrors: [error] });
	// Excel's "CSV UTF-8" starts with a byte-order mark
	const body = text.replace(/^\uFEFF/, '');
	if (body.trim() === '')
		return empty({ row: 1, column: '', message: 'The file is empty. Start from the template and add a row per style.' });

	const parsed = Papa.parse<string[]>(body, { header: false, skipEmptyLines: false, delimitersToGuess: [',', ';', '\t'] });
	const quoteError = parsed.errors.find((e) => e.type === 'Quotes');
	if (quoteError) {
		return empty({
			row: (quoteError.row ?? 0) + 1,
			column: '',
			message: 'A quoted cell is not closed on this row: check for a stray " character.'
		});
	}
	const [headerRow = [], ...dataRows] = parsed.data;
	const fileErrors: StyleImportError[] = [];
	const headers: Partial<Record<StyleCsvKey, string>> = {};
	/** position in the row → column key; null for columns read and ignored */
	const positions: (StyleCsvKey | null)[] = [];

	headerRow.forEach((raw, index) => {
		const header = raw.trim();
		const folded = fold(header);
		const column = columnByFolded.get(folded);
		if (column) {
			if (headers[column.key] !== undefined) {
				fileErrors.push({ row: 1, column: header, message: `The file has two “${column.header}” columns. Keep one.` });
				positions[index] = null;
			} else {
				headers[column.key] = header;
				positions[index] = column.key;
			}
			return;
		}
		positions[index] = null;
		if (ignoredFolded.has(folded)) return;
		// Excel leaves empty header cells after the last column; they matter only if they hold data
		if (header === '') {
			if (dataRows.some((cells) => (cells[index] ?? '').trim() !== '')) {
				fileErrors.push({ row: 1, column: `column ${index + 1}`, message: 'This column has values but no header. Name it, or delete it.' });
			}
			return;
		}
		fileErrors.push({
			row: 1,
			column: header,
			message: `Unknown column “${header}”. Use the column names of the template, or delete this column.`
		});
	});
	for (const column of styleCsvColumns) {
		if (column.required && headers[column.key] === undefined) {
			fileErrors.push({ row: 1, column: column.header, message: `The file has no “${column.header}” column. Add it to the header row.` });
		}
	}

	const records: StyleCsvRecord[] = [];
	dataRows.forEach((cells, index) => {
		// a blank line is a row in the spreadsheet too, so it still counts in the numbering
		if (cells.every((cell) => cell.trim() === '')) return;
		const row = index + 2;
		const record: StyleCsvRecord = { row, cells: {} };
		if (cells.length > headerRow.length && cells.slice(headerRow.length).some((cell) => cell.trim() !== '')) record.overflow = true;
		positions.forEach((key, position) => {
			if (key) record.cells[key] = (cells[position] ?? '').trim();
		});
		records.push(record);
	});
	if (records.length > STYLE_IMPORT_MAX_ROWS) {
		return empty({
			row: 1,
			column: '',
			message: `The file has ${records.length.toLocaleString('en-US')} styles; import at most ${STYLE_IMPORT_MAX_ROWS.toLocaleString('en-US')} at a time. Split it into smaller files.`
		});
	}
	if (records.length === 0 && fileErrors.length === 0) {
		fileErrors.push({ row: 2, column: '', message: 'The file has a header row but no styles. Add a row per style below it.' });
	}
	return { headers, records, fileErrors };
}

export interface StyleImportContext {
	workshops: readonly { id: string; name: string; currency: string }[];
	/** styles already in Bezel whose SKU the file names, by upper-case SKU */
	existing: ReadonlyMap<string, { id: string; values: StyleForm }>;
}

export type StyleImportRow =
	| { row: number; sku: string; ok: true; action: 'create' | 'update'; styleId: string | null; style: StyleInput }
	| { row: number; sku: string; ok: false; errors: StyleImportError[] };

export interface StyleImportPlan {
	rows: StyleImportRow[];
	/** problems with the file as a whole: nothing can be imported while there are any */
	fileErrors: StyleImportError[];
	creates: number;
	updates: number;
	rowsWithErrors: number;
	/** every error, file-level first, then by row */
	errors: StyleImportError[];
}

const defaults: StyleForm = {
	sku: '',
	name: '',
	category: 'other',
	defaultAlloy: '',
	targetWeight: '',
	weightTolerance: '',
	stoneSpec: '',
	stoneCount: 0,
	hasDiamonds: false,
	defaultVendorId: '',
	laborBasis: 'per_piece',
	laborPrice: '',
	laborCurrency: ''
};

const overflowMessage =
	'This row has more cells than the header has columns. A comma inside a value (like 1,250) needs the cell in quotes.';

const categoryLabelsList = styleCategories.map((c) => styleCategoryLabels[c]).join(', ');

function readCategory(text: string): StyleCategory | undefined {
	const folded = fold(text);
	return styleCategories.find((c) => folded === c || folded === `${c}s` || `${folded}s` === c);
}

function readYesNo(text: string): boolean | undefined {
	const folded = fold(text);
	if (['', 'no', 'n', 'false', '0', 'none'].includes(folded)) return false;
	if (['yes', 'y', 'true', '1', 'x'].includes(folded)) return true;
	return undefined;
}

function readLaborBasis(text: string): StyleForm['laborBasis'] | undefined {
	const folded = fold(text).replace(/^per/, '');
	if (['', 'piece', 'pieces', 'pc', 'pcs'].includes(folded)) return 'per_piece';
	if (['stone', 'stones', 'stoneset', 'stonesset'].includes(folded)) return 'per_stone';
	if (['gram', 'grams', 'g'].includes(folded)) return 'per_gram';
	return undefined;
}

/** Checks every record against the form's rules, the workshops and the styles already in Bezel. */
export function validateStyleRecords(read: StyleCsvRead, context: StyleImportContext): StyleImportPlan {
	const workshopsByKey = new Map(context.workshops.map((w) => [vendorNameKey(w.name), w]));
	const currencyOf = new Map(context.workshops.map((w) => [w.id, w.currency]));
	const columnName = (key: StyleCsvKey) => read.headers[key] ?? styleCsvColumns.find((c) => c.key === key)!.header;

	const rows: StyleImportRow[] = read.records.map((record) => {
		const sku = normalizeSku(record.cells.sku ?? '');
		const existing = sku ? context.existing.get(sku) : undefined;
		// a column the file leaves out keeps the existing style's value (or the default for a new one)
		const values: Record<string, unknown> = { ...(existing?.values ?? defaults), version: undefined };
		const errors = new Map<StyleCsvKey, string>();
		const fail = (key: StyleCsvKey, message: string) => {
			if (!errors.has(key)) errors.set(key, message);
		};

		for (const [key, cell] of Object.entries(record.cells) as [StyleCsvKey, string][]) {
			switch (key) {
				case 'category': {
					const category = readCategory(cell);
					if (cell === '') fail(key, `Enter the category: one of ${categoryLabelsList}.`);
					else if (!category) fail(key, `Unknown category “${cell}”. Use one of ${categoryLabelsList}.`);
					else values.category = category;
					break;
				}
				case 'defaultAlloy': {
					const alloy = cell === '' ? null : findAlloy(cell);
					if (alloy === undefined) fail(key, `Unknown alloy “${cell}”. Use a code from the list, such as 18KY, 14KW or PT950.`);
					else values.defaultAlloy = alloy?.code ?? '';
					break;
				}
				case 'hasDiamonds': {
					const yes = readYesNo(cell);
					if (yes === undefined) fail(key, `Write yes or no, not “${cell}”.`);
					else values.hasDiamonds = yes;
					break;
				}
				case 'defaultVendorId': {
					const workshop = cell === '' ? null : workshopsByKey.get(vendorNameKey(cell));
					if (workshop === undefined) fail(key, `No workshop called “${cell}” in Bezel. Check the spelling, or add the workshop first.`);
					else values.defaultVendorId = workshop?.id ?? '';
					break;
				}
				case 'laborBasis': {
					const basis = readLaborBasis(cell);
					if (!basis) fail(key, `Unknown labor basis “${cell}”. Use per piece, per stone or per gram.`);
					else values.laborBasis = basis;
					break;
				}
				case 'stoneCount':
					values.stoneCount = cell === '' ? '0' : cell;
					break;
				default:
					values[key] = cell;
			}
		}

		const parsed = styleFormSchema.safeParse(values);
		if (record.overflow) {
			// the cells have shifted: the values read are not the ones meant, so no further checks
		} else if (!parsed.success) {
			for (const issue of parsed.error.issues) fail(issue.path[0] as StyleCsvKey, issue.message);
		} else if (errors.size === 0) {
			const vendorId = parsed.data.defaultVendorId;
			const resolved = resolveStyle(parsed.data, vendorId ? (currencyOf.get(vendorId) ?? null) : null);
			if (resolved.ok) {
				return {
					row: record.row,
					sku,
					ok: true as const,
					action: existing ? ('update' as const) : ('create' as const),
					styleId: existing?.id ?? null,
					style: resolved.style
				};
			}
			for (const [key, message] of Object.entries(resolved.fields)) fail(key as StyleCsvKey, message);
		}
		const order = styleCsvColumns.map((c) => c.key);
		return {
			row: record.row,
			sku,
			ok: false as const,
			errors: [
				...(record.overflow ? [{ row: record.row, column: '', message: overflowMessage }] : []),
				...[...errors]
					.sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
					.map(([key, message]) => ({ row: record.row, column: columnName(key), message }))
			]
		};
	});

	// the same SKU twice: neither row is imported, since which one is meant cannot be guessed
	const rowsBySku = new Map<string, number[]>();
	for (const row of rows) if (row.sku) rowsBySku.set(row.sku, [...(rowsBySku.get(row.sku) ?? []), row.row]);
	const checked = rows.map((row): StyleImportRow => {
		const same = rowsBySku.get(row.sku) ?? [];
		if (same.length < 2) return row;
		const error = {
			row: row.row,
			column: columnName('sku'),
			message: `SKU ${row.sku} is on rows ${same.join(', ')}. Keep it on one row.`
		};
		return row.ok ? { row: row.row, sku: row.sku, ok: false, errors: [error] } : { ...row, errors: [error, ...row.errors] };
	});

	const rowErrors = checked.flatMap((row) => (row.ok ? [] : row.errors));
	const fileErrors = [...read.fileErrors].sort((a, b) => a.row - b.row);
	return {
		rows: checked,
		fileErrors,
		creates: checked.filter((r) => r.ok && r.action === 'create').length,
		updates: checked.filter((r) => r.ok && r.action === 'update').length,
		rowsWithErrors: checked.filter((r) => !r.ok).length,
		errors: [...fileErrors, ...rowErrors]
	};
}

/** Reads and checks a styles CSV in one go (the service loads `existing` in between instead). */
export function parseStyleCsv(text: string, context: StyleImportContext): StyleImportPlan {
	return validateStyleRecords(readStyleCsv(text), context);
}

/** The upper-case SKUs a file names, to look up the styles it would update. */
export function skusInCsv(read: StyleCsvRead): string[] {
	return [...new Set(read.records.map((r) => normalizeSku(r.cells.sku ?? '')).filter(Boolean))];
}
