/**
 * The styles catalogue: what a PO line is prefilled from. Admin and operations edit it; finance
 * reads it; workshops never see it (they see PO lines). Every change is audited as entity 'style'.
 */
import { randomUUID } from 'node:crypto';
import Papa from 'papaparse';
import { fileTypeFromBuffer } from 'file-type';
import { and, eq, sql } from 'drizzle-orm';
import { styleCategoryLabels } from '#lib/domain/catalogue/reference.ts';
import { isUuid } from '#lib/domain/ids.ts';
import {
	resolveStyle,
	STYLE_IMPORT_MAX_BYTES,
	styleFormSchema,
	styleToFormValues,
	type StyleDirectoryQuery,
	type StyleForm,
	type StyleFormInput,
	type StyleImportMode,
	type StyleInput
} from '#lib/domain/catalogue/schemas.ts';
import {
	readStyleCsv,
	skusInCsv,
	validateStyleRecords,
	type StyleImportError,
	type StyleImportPlan
} from '#lib/domain/catalogue/import.ts';
import { styleCsvColumns } from '#lib/domain/catalogue/csv-columns.ts';
import { minorToDecimalString } from '#lib/domain/money.ts';
import { laborBasisLabels } from '#lib/domain/purchase-orders/schemas.ts';
import { mgToGramsString } from '#lib/format/weight.ts';
import { style } from '#lib/server/db/schema/index.ts';
import type { Tx } from '#lib/server/db/scope.ts';
import { requireStaff, withActor, type Actor } from '#lib/server/auth/actor.ts';
import { changedFields, recordAudit } from '#lib/server/audit/audit.ts';
import { AppError, conflict, invalid, notFound } from '#lib/server/errors.ts';
import { checkUpload } from '#lib/server/files/validate.ts';
import { reencodeImage } from '#lib/server/files/images.ts';
import { recordStagedFile, stageFile, withStagedFile } from '#lib/server/files/service.ts';
import { getPlatform } from '#lib/server/platform.ts';
import {
	countStyles,
	selectActiveStylesForPicker,
	selectStyle,
	selectStyleDetail,
	selectStyleExport,
	selectStyleHistory,
	selectStyleIdBySku,
	selectStylePage,
	selectStylesBySku,
	selectStyleWorkshops,
	selectWorkshopChoices,
	selectWorkshopCurrency,
	STYLE_PAGE_SIZE,
	type StyleRow
} from './queries.ts';

const EDITORS = ['admin', 'ops'] as const;

type UploadedFile = { name: string; size: number; arrayBuffer(): Promise<ArrayBuffer> };

/** Words for the audit summary; the before/after keep the column names. */
const fieldLabels: Record<keyof StyleInput, string> = {
	sku: 'SKU',
	name: 'name',
	category: 'category',
	defaultAlloy: 'alloy',
	targetWeightMg: 'target weight',
	weightToleranceMg: 'tolerance',
	stoneSpec: 'stone spec',
	stoneCount: 'stones per piece',
	hasDiamonds: 'diamonds',
	defaultVendorId: 'default workshop',
	laborBasis: 'labor basis',
	laborPriceMinor: 'labor price',
	laborCurrency: 'labor currency'
};

function styleColumns(input: StyleInput) {
	return {
		sku: input.sku,
		name: input.name,
		category: input.category,
		defaultAlloy: input.defaultAlloy,
		targetWeightMg: input.targetWeightMg,
		weightToleranceMg: input.weightToleranceMg,
		stoneSpec: input.stoneSpec,
		stoneCount: input.stoneCount,
		hasDiamonds: input.hasDiamonds,
		defaultVendorId: input.defaultVendorId,
		laborBasis: input.laborBasis,
		laborPriceMinor: input.laborPriceMinor,
		laborCurrency: input.laborCurrency
	};
}

/** One row of the import's bulk update, typed so PostgreSQL need not guess from the first row. */
function updateValues(row: { styleId: string | null; style: StyleInput }) {
	const v = row.style;
	return sql`(${row.styleId}::uuid, ${v.sku}::text, ${v.name}::text, ${v.category}::text, ${v.defaultAlloy}::text,
		${v.targetWeightMg}::integer, ${v.weightToleranceMg}::integer, ${v.stoneSpec}::text, ${v.stoneCount}::integer,
		${v.hasDiamonds}::boolean, ${v.defaultVendorId}::uuid, ${v.laborBasis}::text, ${v.laborPriceMinor}::bigint, ${v.laborCurrency}::text)`;
}

const duplicateSku = (sku: string) =>
	conflict(`A style with SKU ${sku} already exists. Open it from the list, or choose another SKU.`, {
		sku: 'Another style already has this SKU.'
	});

const isSkuClash = (error: unknown) => {
	const cause = ((error as { cause?: unknown })?.cause ?? error) as { code?: string; constraint?: string; constraint_name?: string };
	return cause?.code === '23505' && (cause.constraint ?? cause.constraint_name) === 'style_sku_key';
};

/** Two people saving the same SKU at once both pass the check; the unique index refuses the second. */
function rethrowSkuClash(sku: string) {
	return (error: unknown): never => {
		if (isSkuClash(error)) throw duplicateSku(sku);
		throw error;
	};
}

/** The form's rules again: a service is called by more than one form and by tests. */
function parseStyleInput(input: StyleFormInput): StyleForm {
	const parsed = styleFormSchema.safeParse(input);
	if (parsed.success) return parsed.data;
	const fields: Record<string, string> = {};
	for (const issue of parsed.error.issues) fields[String(issue.path[0] ?? '')] ??= issue.message;
	throw invalid('Some fields need attention: see the messages below each one.', fields);
}

/** Milligrams and minor units, with the labor currency defaulting to the chosen workshop's. */
async function resolveInTx(tx: Tx, form: StyleForm): Promise<StyleInput> {
	let vendorCurrency: string | null = null;
	if (form.defaultVendorId) {
		vendorCurrency = (await selectWorkshopCurrency(tx, form.defaultVendorId)) ?? null;
		if (!vendorCurrency) {
			throw invalid('That workshop no longer exists. Choose another one.', { defaultVendorId: 'Choose a workshop from the list.' });
		}
	}
	const resolved = resolveStyle(form, vendorCurrency);
	if (!resolved.ok) throw invalid('Some fields need attention: see the messages below each one.', resolved.fields);
	return resolved.style;
}

async function assertSkuFree(tx: Tx, sku: string, exceptId?: string) {
	if (await selectStyleIdBySku(tx, sku, exceptId)) throw duplicateSku(sku);
}

/** Checks, re-encodes (orientation applied, metadata dropped) and stores a photo; the row comes later. */
async function stageStylePhoto(file: UploadedFile | null) {
	let checked;
	try {
		checked = await checkUpload(file, 'image', getPlatform().uploadMaxBytes);
	} catch (caught) {
		// the forms call the field "photo"
		if (caught instanceof AppError && caught.fields.file) throw invalid(caught.message, { photo: caught.fields.file });
		throw caught;
	}
	const image = await reencodeImage(checked.bytes, { maxEdge: 2048, format: 'jpeg' });
	return stageFile(null, 'style-photo', {
		...checked,
		...image,
		originalName: `${checked.originalName.replace(/\.[^.]+$/, '') || 'photo'}.jpg`
	});
}

export async function createStyle(actor: Actor, input: StyleFormInput, photo: UploadedFile | null = null): Promise<{ styleId: string }> {
	requireStaff(actor, EDITORS);
	const form = parseStyleInput(input);
	const staged = photo ? await stageStylePhoto(photo) : null;
	const work = () =>
		withActor(actor, async (tx) => {
			const resolved = await resolveInTx(tx, form);
			await assertSkuFree(tx, resolved.sku);
			const photoFileId = staged ? await recordStagedFile(tx, staged, actor.userId) : null;
			const [created] = await tx
				.insert(style)
				.values({ ...styleColumns(resolved), photoFileId })
				.returning({ id: style.id });
			await recordAudit(tx, actor, {
				entityType: 'style',
				entityId: created.id,
				action: 'style.created',
				summary: `${actor.name} added the style ${resolved.sku} ${resolved.name}`,
				after: { ...styleColumns(resolved), ...(staged ? { photo: staged.originalName } : {}) }
			});
			return { styleId: created.id };
		}).catch(rethrowSkuClash(form.sku));
	return staged ? withStagedFile(staged, work) : work();
}

export type UpdateStyleResult = { ok: true; style: StyleRow } | { ok: false; current: StyleRow };

/** Optimistic locking: an edit made on an older version is refused and the newer one returned. */
export async function updateStyle(actor: Actor, styleId: string, input: StyleFormInput): Promise<UpdateStyleResult> {
	requireStaff(actor, EDITORS);
	if (!isUuid(styleId)) throw notFound('That style');
	const form = parseStyleInput(input);
	return withActor<UpdateStyleResult>(actor, async (tx) => {
		const current = await selectStyle(tx, styleId);
		if (!current) throw notFound('That style');
		if (form.version !== undefined && form.version !== current.version) return { ok: false, current };
		const resolved = await resolveInTx(tx, form);
		await assertSkuFree(tx, resolved.sku, styleId);
		const columns = styleColumns(resolved);
		const [updated] = await tx
			.update(style)
			.set({ ...columns, version: sql`${style.version} + 1`, updatedAt: sql`now()` })
			.where(and(eq(style.id, styleId), eq(style.version, current.version)))
			.returning();
		if (!updated) {
			const newer = await selectStyle(tx, styleId);
			return { ok: false, current: newer ?? current };
		}
		const diff = changedFields(current as unknown as Record<string, unknown>, columns);
		if (diff) {
			await recordAudit(tx, actor, {
				entityType: 'style',
				entityId: styleId,
				action: 'style.updated',
				summary: `${actor.name} changed ${Object.keys(diff.after)
					.map((key) => fieldLabels[key as keyof StyleInput] ?? key)
					.join(', ')}`,
				before: diff.before,
				after: diff.after
			});
		}
		return { ok: true, style: updated };
	}).catch(rethrowSkuClash(form.sku));
}

async function setStyleActive(actor: Actor, styleId: string, active: boolean): Promise<void> {
	requireStaff(actor, EDITORS);
	if (!isUuid(styleId)) throw notFound('That style');
	await withActor(actor, async (tx) => {
		const current = await selectStyle(tx, styleId);
		if (!current) throw notFound('That style');
		// archiving an archived style changes nothing and is not history
		if (current.active === active) return;
		await tx
			.update(style)
			.set({ active, updatedAt: sql`now()` })
			.where(eq(style.id, styleId));
		await recordAudit(tx, actor, {
			entityType: 'style',
			entityId: styleId,
			action: active ? 'style.restored' : 'style.archived',
			summary: active
				? `${actor.name} restored the style ${current.sku}: it can be ordered again`
				: `${actor.name} archived the style ${current.sku}: new POs no longer offer it`,
			before: { active: current.active },
			after: { active }
		});
	});
}

/** An archived style stays on existing POs and in the list under "Archived"; new POs do not offer it. */
export function archiveStyle(actor: Actor, styleId: string): Promise<void> {
	return setStyleActive(actor, styleId, false);
}

export function restoreStyle(actor: Actor, styleId: string): Promise<void> {
	return setStyleActive(actor, styleId, true);
}

/** Sets or replaces the style's photo; the old file stays stored for the history. */
export async function setStylePhoto(actor: Actor, styleId: string, file: UploadedFile | null): Promise<void> {
	requireStaff(actor, EDITORS);
	if (!isUuid(styleId)) throw notFound('That style');
	const staged = await stageStylePhoto(file);
	await withStagedFile(staged, () =>
		withActor(actor, async (tx) => {
			const current = await selectStyle(tx, styleId);
			if (!current) throw notFound('That style');
			const fileId = await recordStagedFile(tx, staged, actor.userId);
			await tx
				.update(style)
				.set({ photoFileId: fileId, updatedAt: sql`now()` })
				.where(eq(style.id, styleId));
			await recordAudit(tx, actor, {
				entityType: 'style',
				entityId: styleId,
				action: current.photoFileId ? 'style.photo_replaced' : 'style.photo_added',
				summary: `${actor.name} ${current.photoFileId ? 'replaced' : 'added'} the photo of ${current.sku}`,
				before: current.photoFileId ? { photoFileId: current.photoFileId } : undefined,
				after: { photoFileId: fileId }
			});
		})
	);
}

export async function removeStylePhoto(actor: Actor, styleId: string): Promise<void> {
	requireStaff(actor, EDITORS);
	if (!isUuid(styleId)) throw notFound('That style');
	await withActor(actor, async (tx) => {
		const current = await selectStyle(tx, styleId);
		if (!current) throw notFound('That style');
		if (!current.photoFileId) return;
		await tx
			.update(style)
			.set({ photoFileId: null, updatedAt: sql`now()` })
			.where(eq(style.id, styleId));
		await recordAudit(tx, actor, {
			entityType: 'style',
			entityId: styleId,
			action: 'style.photo_removed',
			summary: `${actor.name} removed the photo of ${current.sku}`,
			before: { photoFileId: current.photoFileId },
			after: { photoFileId: null }
		});
	});
}

export interface StyleOverview {
	style: StyleRow & { vendorName: string | null; vendorCurrency: string | null };
	history: Awaited<ReturnType<typeof selectStyleHistory>>;
}

export async function getStyle(actor: Actor, styleId: string, historyLimit = 50): Promise<StyleOverview> {
	requireStaff(actor);
	if (!isUuid(styleId)) throw notFound('That style');
	return withActor(actor, async (tx) => {
		const row = await selectStyleDetail(tx, styleId);
		if (!row) throw notFound('That style');
		const history = historyLimit > 0 ? await selectStyleHistory(tx, styleId, historyLimit) : [];
		return { style: { ...row.style, vendorName: row.vendorName, vendorCurrency: row.vendorCurrency }, history };
	});
}

export type WorkshopChoice = Awaited<ReturnType<typeof selectWorkshopChoices>>[number];

/** The workshops the style form offers as default, with their currencies. */
export async function listStyleWorkshopChoices(actor: Actor): Promise<WorkshopChoice[]> {
	requireStaff(actor);
	return withActor(actor, (tx) => selectWorkshopChoices(tx));
}

export interface StyleDirectoryPage {
	rows: Awaited<ReturnType<typeof selectStylePage>>;
	total: number;
	page: number;
	pageCount: number;
	/** workshops that are some style's default, for the filter */
	workshops: { value: string; label: string }[];
}

export async function listStyles(actor: Actor, query: StyleDirectoryQuery): Promise<StyleDirectoryPage> {
	requireStaff(actor);
	const [rows, total, workshops] = await withActor(
		actor,
		async (tx) => [await selectStylePage(tx, query), await countStyles(tx, query), await selectStyleWorkshops(tx)] as const
	);
	return {
		rows,
		total,
		page: query.page,
		pageCount: Math.max(1, Math.ceil(total / STYLE_PAGE_SIZE)),
		workshops: workshops.map((w) => ({ value: w.id, label: `${w.name} (${w.styles})` }))
	};
}

/** Cells that a spreadsheet would run as a formula are defused with a leading apostrophe. */
const safeCell = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

/** The list as filtered, every page, in the import's columns: an export can be edited and imported back. */
export async function exportStylesCsv(actor: Actor, query: StyleDirectoryQuery): Promise<string> {
	requireStaff(actor);
	const rows = await withActor(actor, (tx) => selectStyleExport(tx, query));
	return Papa.unparse({
		fields: [...styleCsvColumns.map((c) => c.header), 'Active', 'Updated'],
		data: rows.map((r) =>
			[
				r.sku,
				r.name,
				styleCategoryLabels[r.category],
				r.defaultAlloy ?? '',
				mgToGramsString(r.targetWeightMg),
				mgToGramsString(r.weightToleranceMg),
				r.stoneSpec ?? '',
				String(r.stoneCount),
				r.hasDiamonds ? 'yes' : 'no',
				r.vendorName ?? '',
				laborBasisLabels[r.laborBasis],
				r.laborPriceMinor === null || !r.laborCurrency ? '' : minorToDecimalString(r.laborPriceMinor, r.laborCurrency),
				r.laborCurrency ?? '',
				r.active ? 'yes' : 'no',
				r.updatedAt.toISOString().slice(0, 10)
			].map(safeCell)
		)
	});
}

export interface StylePickerOption {
	id: string;
	sku: string;
	name: string;
	defaultAlloy: string | null;
	targetWeightMg: number | null;
	weightToleranceMg: number | null;
	stoneSpec: string | null;
	stoneCount: number;
	hasDiamonds: boolean;
	defaultVendorId: string | null;
	laborBasis: 'per_piece' | 'per_stone' | 'per_gram';
	laborPriceMinor: number | null;
	laborCurrency: string | null;
}

/** Active styles by SKU, for the PO editor to prefill a line from. */
export async function listActiveStylesForPicker(actor: Actor): Promise<StylePickerOption[]> {
	requireStaff(actor);
	return withActor(actor, (tx) => selectActiveStylesForPicker(tx));
}

// ——— CSV import ———

/**
 * An uploaded CSV as text. It must be text (an .xlsx renamed .csv is a ZIP, a UTF-16 export has
 * NUL bytes) in UTF-8, and at most 2 MB; the rows are counted when it is read.
 */
export async function readStyleCsvUpload(actor: Actor, file: UploadedFile | null): Promise<{ csv: string; fileName: string }> {
	requireStaff(actor, EDITORS);
	const saveAs = 'In your spreadsheet choose File › Save as › “CSV UTF-8 (comma delimited)” and upload that file.';
	if (!file || file.size === 0) throw invalid('The file is empty. Choose the file again.', { file: 'The file is empty.' });
	if (file.size > STYLE_IMPORT_MAX_BYTES) {
		throw invalid('The file is larger than 2 MB. Split it into smaller files and import them one after the other.', {
			file: 'Larger than 2 MB.'
		});
	}
	const fileName = file.name.replace(/[\\/\u0000-\u001f\u007f"]+/g, '_').slice(0, 200) || 'styles.csv';
	const extension = fileName.includes('.') ? fileName.split('.').pop()!.toLowerCase() : '';
	if (!['csv', 'txt'].includes(extension)) throw invalid(`“${fileName}” is not a CSV file. ${saveAs}`, { file: 'Upload a .csv file.' });
	const bytes = new Uint8Array(await file.arrayBuffer());
	const detected = await fileTypeFromBuffer(bytes);
	if (detected || bytes.includes(0)) {
		throw invalid(`“${fileName}” is not CSV text${detected ? ` (it is a ${detected.ext.toUpperCase()} file)` : ''}. ${saveAs}`, {
			file: 'Upload a CSV text file.'
		});
	}
	try {
		return { csv: new TextDecoder('utf-8', { fatal: true }).decode(bytes), fileName };
	} catch {
		throw invalid(`“${fileName}” is not in UTF-8, so accents and symbols would be garbled. ${saveAs}`, {
			file: 'Save the file as CSV UTF-8.'
		});
	}
}

/** What the person sees before deciding. Only the first errors travel to the page; the count is exact. */
export interface StyleImportPreview {
	rows: number;
	creates: number;
	updates: number;
	rowsWithErrors: number;
	/** problems with the whole file: nothing can be imported until they are fixed */
	fileErrorCount: number;
	errors: StyleImportError[];
	errorCount: number;
	/** the SKUs of existing styles the import would change (first 100) */
	updatedSkus: string[];
}

const PREVIEW_ERROR_LIMIT = 500;

function toPreview(plan: StyleImportPlan): StyleImportPreview {
	return {
		rows: plan.rows.length,
		creates: plan.creates,
		updates: plan.updates,
		rowsWithErrors: plan.rowsWithErrors,
		fileErrorCount: plan.fileErrors.length,
		errors: plan.errors.slice(0, PREVIEW_ERROR_LIMIT),
		errorCount: plan.errors.length,
		updatedSkus: plan.rows
			.filter((r) => r.ok && r.action === 'update')
			.slice(0, 100)
			.map((r) => r.sku)
	};
}

function checkCsvSize(csv: string) {
	if (new TextEncoder().encode(csv).byteLength > STYLE_IMPORT_MAX_BYTES) {
		throw invalid('The file is larger than 2 MB. Split it into smaller files and import them one after the other.', {
			file: 'Larger than 2 MB.'
		});
	}
}

async function planImport(tx: Tx, csv: string): Promise<StyleImportPlan> {
	const read = readStyleCsv(csv);
	const existingRows = await selectStylesBySku(tx, skusInCsv(read));
	const workshops = await selectWorkshopChoices(tx);
	return validateStyleRecords(read, {
		workshops,
		existing: new Map(existingRows.map((r) => [r.sku, { id: r.id, values: styleToFormValues(r) }]))
	});
}

/** Checks a CSV against the catalogue as it is now; writes nothing. */
export async function previewStyleImport(actor: Actor, csv: string): Promise<StyleImportPreview> {
	requireStaff(actor, EDITORS);
	checkCsvSize(csv);
	return toPreview(await withActor(actor, (tx) => planImport(tx, csv)));
}

export interface StyleImportRequest {
	csv: string;
	fileName?: string;
	/** 'good': the rows without errors; 'all': every row, refused if any has an error */
	mode: StyleImportMode;
	/** the counts shown in the preview the person confirmed */
	expected: { creates: number; updates: number; rowsWithErrors: number };
}

export type StyleImportResult =
	| { ok: true; created: number; updated: number; skipped: number }
	/** the catalogue or the workshops changed since the preview: nothing was imported; here is the new preview */
	| { ok: false; preview: StyleImportPreview };

/**
 * Imports the confirmed rows in one transaction: all of them or none. The file is checked again
 * here, against the catalogue as it is now, never trusted from the preview.
 */
export async function importStyles(actor: Actor, request: StyleImportRequest): Promise<StyleImportResult> {
	requireStaff(actor, EDITORS);
	checkCsvSize(request.csv);
	return withActor<StyleImportResult>(actor, async (tx) => {
		const plan = await planImport(tx, request.csv);
		if (plan.fileErrors.length > 0) {
			throw invalid('The file itself has problems (see the list). Correct it and upload it again; nothing was imported.');
		}
		const { expected } = request;
		if (plan.creates !== expected.creates || plan.updates !== expected.updates || plan.rowsWithErrors !== expected.rowsWithErrors) {
			return { ok: false, preview: toPreview(plan) };
		}
		if (request.mode === 'all' && plan.rowsWithErrors > 0) {
			throw invalid(`${plan.rowsWithErrors} rows have errors, so not all rows can be imported. Import the good rows only, or nothing.`);
		}
		const good = plan.rows.flatMap((r) => (r.ok ? [r] : []));
		if (good.length === 0) throw invalid('No row can be imported. Correct the file and upload it again.');

		const styleIds: string[] = [];
		const creates = good.filter((r) => r.action === 'create');
		// 13 parameters a row: 500 rows stay far below PostgreSQL's 65,535 parameters a statement
		for (let i = 0; i < creates.length; i += 500) {
			const inserted = await tx
				.insert(style)
				.values(creates.slice(i, i + 500).map((r) => styleColumns(r.style)))
				.returning({ id: style.id });
			styleIds.push(...inserted.map((r) => r.id));
		}
		const updates = good.filter((r) => r.action === 'update');
		// one statement per 500 rows: row-by-row updates held the database for 20 s on a 5,000-row file
		for (let i = 0; i < updates.length; i += 500) {
			const chunk = updates.slice(i, i + 500);
			await tx.execute(sql`update ${style} set
					sku = v.sku, name = v.name, category = v.category, default_alloy = v.default_alloy,
					target_weight_mg = v.target_weight_mg, weight_tolerance_mg = v.weight_tolerance_mg, stone_spec = v.stone_spec,
					stone_count = v.stone_count, has_diamonds = v.has_diamonds, default_vendor_id = v.default_vendor_id,
					labor_basis = v.labor_basis, labor_price_minor = v.labor_price_minor, labor_currency = v.labor_currency,
					version = ${style.version} + 1, updated_at = now()
				from (values ${sql.join(chunk.map(updateValues), sql`, `)}) as v(id, sku, name, category, default_alloy, target_weight_mg,
					weight_tolerance_mg, stone_spec, stone_count, has_diamonds, default_vendor_id, labor_basis, labor_price_minor, labor_currency)
				where ${style.id} = v.id`);
			styleIds.push(...chunk.map((r) => r.styleId!));
		}
		const skipped = plan.rows.filter((r) => !r.ok).map((r) => r.row);
		const file = request.fileName || 'a CSV file';
		await recordAudit(tx, actor, {
			entityType: 'style',
			entityId: `import-${randomUUID()}`,
			action: 'style.imported',
			summary:
				`${actor.name} imported ${file}: ${creates.length} new style${creates.length === 1 ? '' : 's'}, ${updates.length} updated` +
				(skipped.length ? `, ${skipped.length} row${skipped.length === 1 ? '' : 's'} with errors left out` : ''),
			after: { fileName: request.fileName ?? null, created: creates.length, updated: updates.length, skippedRows: skipped, styleIds }
		});
		return { ok: true, created: creates.length, updated: updates.length, skipped: skipped.length };
	}).catch((error: unknown) => {
		if (isSkuClash(error)) {
			throw conflict(
				'Someone added one of these SKUs while you were importing. Nothing was imported: upload the file again to see a new preview.'
			);
		}
		throw error;
	});
}
