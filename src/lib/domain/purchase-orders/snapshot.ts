/**
 * What a vendor received at one revision, frozen: the PDF of that revision is drawn from it and the
 * next revision is compared with it line by line, in words a workshop reads at a glance.
 */
import { formatMoney } from '../money.ts';
import { formatDate } from '../../format/dates.ts';
import { formatGrams } from '../../format/weight.ts';
import { findAlloy } from './alloys.ts';
import { jobBagModeLabels, laborBasisLabels, metalBasisLabels, type JobBagMode, type LineTerms } from './schemas.ts';
import type { Totals } from './totals.ts';

/** A line as sent: the service's line fields, its number and its totals. */
export interface SnapshotLine extends Omit<LineTerms, 'jobBags'> {
	lineId: string;
	lineNo: number;
	/** absent from snapshots frozen before lines said how their bags are cut: read it through `jobBagsOf` */
	jobBags?: JobBagMode;
	totals: Totals;
}

/** How a snapshot line's job bags are cut; a line frozen before the choice existed reads as one bag for the line. */
export const jobBagsOf = (line: Pick<SnapshotLine, 'jobBags'>): JobBagMode => line.jobBags ?? 'batch';

export interface PoSnapshot {
	number: string;
	/** 0 for a draft never sent */
	revision: number;
	currency: string;
	brand: { name: string; address: string };
	vendor: { name: string; address: string[]; country: string; taxId: string | null; email: string | null };
	shipTo: string;
	requestedDate: string | null;
	collection: string | null;
	terms: string;
	notes: string;
	lines: SnapshotLine[];
	totals: Totals;
	/** ISO timestamp of the send, null for a draft */
	issuedAt: string | null;
	issuedBy: string;
	/** why this revision exists */
	summary: string;
}

export interface FieldChange {
	field: string;
	label: string;
	before: string;
	after: string;
}

export interface LineDiff {
	lineId: string;
	lineNo: number;
	description: string;
	kind: 'added' | 'removed' | 'changed' | 'unchanged';
	changes: FieldChange[];
}

export interface SnapshotDiff {
	header: FieldChange[];
	lines: LineDiff[];
	totalBefore: string;
	totalAfter: string;
}

type Render = (line: SnapshotLine, currency: string) => string;

const money = (minor: number | null, currency: string) => (minor === null ? '—' : formatMoney(minor, currency));

/** The line fields a vendor cares about, in the order a PO reads. */
const lineFields: [keyof SnapshotLine, string, Render][] = [
	['sku', 'SKU', (l) => l.sku || '—'],
	['description', 'Description', (l) => l.description],
	['quantity', 'Quantity', (l) => `${l.quantity} pcs`],
	['size', 'Size', (l) => l.size || '—'],
	['jobBags', 'Job bags', (l) => jobBagModeLabels[jobBagsOf(l)]],
	['alloy', 'Alloy', (l) => findAlloy(l.alloy)?.label ?? l.alloy],
	// to the milligram, as typed: two decimals would hide a 3.251 g → 3.254 g change
	['targetWeightMg', 'Target weight', (l) => formatGrams(l.targetWeightMg, 3)],
	['weightToleranceMg', 'Weight tolerance', (l) => (l.weightToleranceMg === null ? '—' : `± ${formatGrams(l.weightToleranceMg, 3)}`)],
	['stoneSpec', 'Stones', (l) => l.stoneSpec || '—'],
	['stoneCount', 'Stones per piece', (l) => String(l.stoneCount)],
	// diamonds put the WDC warranty statement on the document, so the vendor must see the change
	['hasDiamonds', 'Diamonds', (l) => (l.hasDiamonds ? 'Yes' : 'No')],
	['laborBasis', 'Labor basis', (l) => laborBasisLabels[l.laborBasis]],
	['laborUnitPriceMinor', 'Labor price', (l, c) => money(l.laborUnitPriceMinor, c)],
	['metalBasis', 'Metal', (l) => metalBasisLabels[l.metalBasis]],
	['metalPricePerGramMinor', 'Metal price per fine gram', (l, c) => money(l.metalPricePerGramMinor, c)],
	['metalFixDate', 'Metal fix date', (l) => formatDate(l.metalFixDate)],
	['stonesUnitPriceMinor', 'Stones price per piece', (l, c) => money(l.stonesUnitPriceMinor, c)],
	['dueDate', 'Due date', (l) => formatDate(l.dueDate)],
	['notes', 'Notes', (l) => l.notes || '—'],
	['cancelled', 'Cancelled', (l) => (l.cancelled ? 'Yes' : 'No')]
];

const headerFields: [keyof PoSnapshot, string, (s: PoSnapshot) => string][] = [
	['shipTo', 'Ship to', (s) => s.shipTo],
	['requestedDate', 'Requested date', (s) => formatDate(s.requestedDate)],
	['collection', 'Collection', (s) => s.collection || '—'],
	['terms', 'Terms', (s) => s.terms || '—'],
	['notes', 'Notes', (s) => s.notes || '—']
];

export function diffSnapshots(before: PoSnapshot, after: PoSnapshot): SnapshotDiff {
	const header: FieldChange[] = [];
	for (const [field, label, render] of headerFields) {
		const b = render(before);
		const a = render(after);
		if (b !== a) header.push({ field, label, before: b, after: a });
	}
	const previous = new Map(before.lines.map((l) => [l.lineId, l]));
	const lines: LineDiff[] = after.lines.map((line) => {
		const old = previous.get(line.lineId);
		previous.delete(line.lineId);
		if (!old) return { lineId: line.lineId, lineNo: line.lineNo, description: line.description, kind: 'added', changes: [] };
		const changes: FieldChange[] = [];
		for (const [field, label, render] of lineFields) {
			const b = render(old, before.currency);
			const a = render(line, after.currency);
			if (b !== a) changes.push({ field, label, before: b, after: a });
		}
		return {
			lineId: line.lineId,
			lineNo: line.lineNo,
			description: line.description,
			kind: changes.length ? 'changed' : 'unchanged',
			changes
		};
	});
	for (const gone of previous.values()) {
		lines.push({ lineId: gone.lineId, lineNo: gone.lineNo, description: gone.description, kind: 'removed', changes: [] });
	}
	lines.sort((a, b) => a.lineNo - b.lineNo);
	return {
		header,
		lines,
		totalBefore: formatMoney(before.totals.totalMinor, before.currency),
		totalAfter: formatMoney(after.totals.totalMinor, after.currency)
	};
}

/** A revision's differences as its page shows them: the lines that changed, and how many did not. */
export interface RevisionChanges extends Omit<SnapshotDiff, 'lines'> {
	/** added, changed and removed lines, by line number */
	lines: LineDiff[];
	unchangedLines: number;
}

export function revisionChanges(diff: SnapshotDiff): RevisionChanges {
	const lines = diff.lines.filter((l) => l.kind !== 'unchanged');
	return {
		header: diff.header,
		lines,
		unchangedLines: diff.lines.length - lines.length,
		totalBefore: diff.totalBefore,
		totalAfter: diff.totalAfter
	};
}

/** True when no line and no header field differ. */
export const isEmptyDiff = (diff: SnapshotDiff) => diff.header.length === 0 && diff.lines.every((l) => l.kind === 'unchanged');

/** The World Diamond Council System of Warranties statement, required on documents with diamonds. */
export const wdcStatement =
	'The diamonds herein invoiced have been purchased from legitimate sources not involved in funding conflict, in compliance with United Nations resolutions and corresponding national laws. The seller hereby guarantees that these diamonds are conflict free and confirms adherence to the WDC SoW Guidelines.';

export const hasDiamonds = (snapshot: PoSnapshot) => snapshot.lines.some((l) => l.hasDiamonds && !l.cancelled);
