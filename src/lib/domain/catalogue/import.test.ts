import { describe, expect, it } from 'vitest';
import { parseStyleCsv, readStyleCsv, styleCsvTemplate, type StyleImportContext } from './import.ts';
import { styleCsvColumns } from './csv-columns.ts';
import { styleToFormValues, STYLE_IMPORT_MAX_ROWS } from './schemas.ts';

const SIAM = '11111111-1111-4111-8111-111111111111';
const ROSSI = '22222222-2222-4222-8222-222222222222';
const EXISTING = '33333333-3333-4333-8333-333333333333';

const context: StyleImportContext = {
	workshops: [
		{ id: SIAM, name: 'Siam Casting', currency: 'THB' },
		{ id: ROSSI, name: 'Atelier Rossi S.r.l.', currency: 'EUR' }
	],
	existing: new Map([
		[
			'RG-OLD',
			{
				id: EXISTING,
				values: styleToFormValues({
					sku: 'RG-OLD',
					name: 'Old ring',
					category: 'ring',
					defaultAlloy: '14KY',
					targetWeightMg: 2500,
					weightToleranceMg: 100,
					stoneSpec: null,
					stoneCount: 0,
					hasDiamonds: false,
					defaultVendorId: SIAM,
					laborBasis: 'per_piece',
					laborPriceMinor: 90_000,
					laborCurrency: 'THB'
				})
			}
		]
	])
};

const header = styleCsvColumns.map((c) => c.header).join(',');
const csv = (...rows: string[]) => [header, ...rows].join('\n');

describe('parseStyleCsv: good rows', () => {
	it('turns each row into a style with milligrams and minor units', () => {
		const plan = parseStyleCsv(
			csv(
				'rg-1042,Solitaire ring,Ring,18ky,3.25,0.15,1 round 6.5 mm,1,yes,siam casting,per piece,"1,250.50",',
				'ER-7,Hoops,earrings,,,,,,,,,,'
			),
			context
		);
		expect(plan.errors).toEqual([]);
		expect(plan).toMatchObject({ creates: 2, updates: 0, rowsWithErrors: 0 });
		expect(plan.rows[0]).toEqual({
			row: 2,
			sku: 'RG-1042',
			ok: true,
			action: 'create',
			styleId: null,
			style: {
				sku: 'RG-1042',
				name: 'Solitaire ring',
				category: 'ring',
				defaultAlloy: '18KY',
				targetWeightMg: 3250,
				weightToleranceMg: 150,
				stoneSpec: '1 round 6.5 mm',
				stoneCount: 1,
				hasDiamonds: true,
				defaultVendorId: SIAM,
				laborBasis: 'per_piece',
				// blank currency: the workshop's (THB)
				laborPriceMinor: 125_050,
				laborCurrency: 'THB'
			}
		});
		expect(plan.rows[1]).toMatchObject({
			row: 3,
			ok: true,
			style: { sku: 'ER-7', category: 'earrings', defaultAlloy: null, targetWeightMg: null, stoneCount: 0, laborPriceMinor: null }
		});
	});

	it('accepts other spellings of headers and values, and columns in any order', () => {
		const plan = parseStyleCsv(
			[
				'name,labour price,currency,SKU,category,vendor,labour basis,stone count,diamonds',
				'Pendant,12,usd,pd-1,Pendants,ATELIER ROSSI SRL,Per stone set,3,Y'
			].join('\n'),
			context
		);
		expect(plan.errors).toEqual([]);
		expect(plan.rows[0]).toMatchObject({
			ok: true,
			style: {
				sku: 'PD-1',
				category: 'pendant',
				defaultVendorId: ROSSI,
				laborBasis: 'per_stone',
				laborPriceMinor: 1200,
				laborCurrency: 'USD',
				stoneCount: 3,
				hasDiamonds: true
			}
		});
	});

	it('updates an existing SKU, keeping its values for the columns the file leaves out', () => {
		const plan = parseStyleCsv(['SKU,Name,Category', 'rg-old,Old ring renamed,Ring'].join('\n'), context);
		expect(plan).toMatchObject({ creates: 0, updates: 1, rowsWithErrors: 0 });
		expect(plan.rows[0]).toMatchObject({
			ok: true,
			action: 'update',
			styleId: EXISTING,
			style: { name: 'Old ring renamed', defaultAlloy: '14KY', targetWeightMg: 2500, laborPriceMinor: 90_000, laborCurrency: 'THB' }
		});
		// an empty cell in a column the file has clears the value
		const cleared = parseStyleCsv(['SKU,Name,Category,Alloy', 'RG-OLD,Old ring,Ring,'].join('\n'), context);
		expect(cleared.rows[0]).toMatchObject({ ok: true, style: { defaultAlloy: null } });
	});

	it('reads the template and an export with its extra columns', () => {
		expect(readStyleCsv(styleCsvTemplate()).fileErrors).toEqual([
			{ row: 2, column: '', message: 'The file has a header row but no styles. Add a row per style below it.' }
		]);
		const plan = parseStyleCsv(`${header},Active,Updated\nRG-9,Band,Ring,,,,,0,no,,per gram,,,yes,2026-11-01`, context);
		expect(plan.errors).toEqual([]);
		expect(plan.rows[0]).toMatchObject({ ok: true, style: { laborBasis: 'per_gram' } });
	});
});

describe('parseStyleCsv: file format', () => {
	it('reads a file with a byte-order mark, Windows line endings and quoted commas and line breaks', () => {
		const text =
			'\uFEFF' +
			[header, 'RG-1,"Ring, ""classic"" cut",Ring,,,,"2 round,\r\nmelee",2,no,,,,', 'RG-2,Band,Ring,,,,,,,,,,'].join('\r\n') +
			'\r\n';
		const plan = parseStyleCsv(text, context);
		expect(plan.errors).toEqual([]);
		expect(plan.rows.map((r) => r.ok && [r.row, r.style.sku, r.style.name, r.style.stoneSpec])).toEqual([
			[2, 'RG-1', 'Ring, "classic" cut', '2 round,\r\nmelee'],
			[3, 'RG-2', 'Band', null]
		]);
	});

	it('reads semicolon-separated files as Excel writes them in much of Europe', () => {
		const plan = parseStyleCsv(['SKU;Name;Category;Target weight (g)', 'RG-1;Anello;Ring;3,2'].join('\n'), context);
		expect(plan.errors).toEqual([]);
		expect(plan.rows[0]).toMatchObject({ ok: true, style: { targetWeightMg: 3200 } });
	});

	it('numbers rows as a spreadsheet does, blank lines included', () => {
		const plan = parseStyleCsv(csv('RG-1,Ring,Ring,,,,,,,,,,', '', ',,,,,,,,,,,,', 'RG-2,,Ring,,,,,,,,,,'), context);
		expect(plan.rows.map((r) => r.row)).toEqual([2, 5]);
		expect(plan.errors).toEqual([{ row: 5, column: 'Name', message: 'Enter the style’s name.' }]);
	});

	it('refuses an empty file, unknown and missing columns, and too many rows', () => {
		expect(parseStyleCsv('', context).fileErrors).toMatchObject([{ row: 1, message: expect.stringContaining('empty') }]);
		expect(parseStyleCsv('\uFEFF\r\n', context).fileErrors).toHaveLength(1);
		const plan = parseStyleCsv(['SKU,Title,Colour', 'RG-1,Ring,yellow'].join('\n'), context);
		expect(plan.fileErrors).toEqual([
			{ row: 1, column: 'Title', message: 'Unknown column “Title”. Use the column names of the template, or delete this column.' },
			{ row: 1, column: 'Colour', message: 'Unknown column “Colour”. Use the column names of the template, or delete this column.' },
			{ row: 1, column: 'Name', message: 'The file has no “Name” column. Add it to the header row.' },
			{ row: 1, column: 'Category', message: 'The file has no “Category” column. Add it to the header row.' }
		]);
		const many = ['SKU,Name,Category', ...Array.from({ length: STYLE_IMPORT_MAX_ROWS + 1 }, (_, i) => `S-${i},Ring,Ring`)].join('\n');
		expect(parseStyleCsv(many, context).fileErrors).toEqual([
			{ row: 1, column: '', message: 'The file has 5,001 styles; import at most 5,000 at a time. Split it into smaller files.' }
		]);
		const exactly = ['SKU,Name,Category', ...Array.from({ length: STYLE_IMPORT_MAX_ROWS }, (_, i) => `S-${i},Ring,Ring`)].join('\n');
		expect(parseStyleCsv(exactly, context)).toMatchObject({ creates: STYLE_IMPORT_MAX_ROWS, errors: [] });
	});

	it('reports an unclosed quote and a row whose cells have shifted', () => {
		expect(parseStyleCsv(csv('RG-1,"Ring,Ring'), context).fileErrors).toMatchObject([
			{ row: 2, message: expect.stringContaining('quoted') }
		]);
		const plan = parseStyleCsv(
			['SKU,Name,Category,Labor price,Labor currency', 'RG-1,Ring,Ring,1,250,USD', 'RG-2,Ring,Ring,"1,250",USD'].join('\n'),
			context
		);
		expect(plan.errors).toEqual([{ row: 2, column: '', message: expect.stringContaining('more cells than the header') }]);
		expect(plan.rowsWithErrors).toBe(1);
		expect(plan.creates).toBe(1);
	});

	it('refuses values in a column without a header, but not empty trailing columns', () => {
		expect(parseStyleCsv('SKU,Name,Category,\nRG-1,Ring,Ring,', context).errors).toEqual([]);
		expect(parseStyleCsv('SKU,Name,Category,\nRG-1,Ring,Ring,oops', context).fileErrors).toEqual([
			{ row: 1, column: 'column 4', message: 'This column has values but no header. Name it, or delete it.' }
		]);
	});
});

describe('parseStyleCsv: each kind of bad cell, by row and column', () => {
	it('reports every bad cell of a row under its own column', () => {
		const plan = parseStyleCsv(
			csv(
				'RG 1!,,Tiara,19K,3.2.1,abc,,2.5,maybe,Nobody Works,per hour,12.345,ZZZ',
				'RG-2,Ring,Ring,,,,,-1,,,,,',
				'RG-3,Ring,Ring,,,0.5,,,,,,,'
			),
			context
		);
		expect(plan.rowsWithErrors).toBe(3);
		expect(plan.creates).toBe(0);
		const byCell = Object.fromEntries(plan.errors.map((e) => [`${e.row}:${e.column}`, e.message]));
		expect(byCell).toEqual({
			'2:SKU': 'Use only letters, digits, dashes and dots, like RG-1042.',
			'2:Name': 'Enter the style’s name.',
			'2:Category': expect.stringMatching(/^Unknown category “Tiara”\. Use one of Ring, Earrings/),
			'2:Alloy': 'Unknown alloy “19K”. Use a code from the list, such as 18KY, 14KW or PT950.',
			'2:Target weight (g)': 'Enter the weight in grams, like 3.25 (at most three decimals).',
			'2:Tolerance (g)': 'Enter the weight in grams, like 3.25 (at most three decimals).',
			'2:Stones per piece': 'Stones are counted in whole numbers.',
			'2:Has diamonds': 'Write yes or no, not “maybe”.',
			'2:Workshop': 'No workshop called “Nobody Works” in Bezel. Check the spelling, or add the workshop first.',
			'2:Labor basis': 'Unknown labor basis “per hour”. Use per piece, per stone or per gram.',
			'2:Labor currency': 'Choose a currency such as USD, EUR or THB.',
			'3:Stones per piece': 'Stones cannot be negative.',
			'4:Tolerance (g)': 'Enter the target weight this tolerance applies to.'
		});
		// errors come in the order of the columns
		expect(plan.errors.filter((e) => e.row === 2).map((e) => e.column)).toEqual([
			'SKU',
			'Name',
			'Category',
			'Alloy',
			'Target weight (g)',
			'Tolerance (g)',
			'Stones per piece',
			'Has diamonds',
			'Workshop',
			'Labor basis',
			'Labor currency'
		]);
	});

	it('checks money against its currency: the chosen one, else the workshop’s', () => {
		const plan = parseStyleCsv(
			csv(
				'A-1,Ring,Ring,,,,,,,,,12.345,USD',
				'A-2,Ring,Ring,,,,,,,Siam Casting,,1.234,',
				'A-3,Ring,Ring,,,,,,,,,100.5,JPY',
				'A-4,Ring,Ring,,,,,,,,,100,',
				'A-5,Ring,Ring,,,,,,,,,ten,EUR',
				'A-6,Ring,Ring,,,,,,,Atelier Rossi S.r.l.,,"1.000,50",'
			),
			context
		);
		expect(plan.errors).toEqual([
			{ row: 2, column: 'Labor price', message: 'USD amounts have at most 2 decimals.' },
			{ row: 3, column: 'Labor price', message: 'THB amounts have at most 2 decimals.' },
			{ row: 4, column: 'Labor price', message: 'JPY amounts have no decimals.' },
			{
				row: 5,
				column: 'Labor currency',
				message: 'Choose the currency of the labor price, or a default workshop whose currency it is in.'
			},
			{ row: 6, column: 'Labor price', message: 'Enter the amount as a number, like 250000.00 (EUR).' },
			{ row: 7, column: 'Labor price', message: expect.stringContaining('EUR') }
		]);
	});

	it('refuses a SKU that appears twice in the file, on every row it is on', () => {
		const plan = parseStyleCsv(csv('RG-1,Ring,Ring,,,,,,,,,,', 'RG-2,Ring,Ring,,,,,,,,,,', 'rg-1,Ring again,Ring,,,,,,,,,,'), context);
		expect(plan.errors).toEqual([
			{ row: 2, column: 'SKU', message: 'SKU RG-1 is on rows 2, 4. Keep it on one row.' },
			{ row: 4, column: 'SKU', message: 'SKU RG-1 is on rows 2, 4. Keep it on one row.' }
		]);
		expect(plan).toMatchObject({ creates: 1, rowsWithErrors: 2 });
	});

	it('names the column as the file spells it', () => {
		const plan = parseStyleCsv(['sku,NAME,category,metal', 'RG-1,Ring,ring,gold'].join('\n'), context);
		expect(plan.errors).toEqual([
			{ row: 2, column: 'metal', message: 'Unknown alloy “gold”. Use a code from the list, such as 18KY, 14KW or PT950.' }
		]);
	});
});
