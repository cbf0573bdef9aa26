import { describe, expect, it } from 'vitest';
import { diffSnapshots, hasDiamonds, isEmptyDiff, revisionChanges, type PoSnapshot, type SnapshotLine } from './snapshot.ts';
import { lineTotals, sumTotals } from './totals.ts';

function snapshotLine(lineNo: number, overrides: Partial<SnapshotLine> = {}): SnapshotLine {
	const line: Omit<SnapshotLine, 'totals'> = {
		lineId: `line-${lineNo}`,
		lineNo,
		sku: `RG-${lineNo}`,
		description: `Ring ${lineNo}`,
		quantity: 10,
		size: '52',
		jobBags: 'batch',
		alloy: '18KY',
		fineness: 750,
		targetWeightMg: 3250,
		weightToleranceMg: 100,
		stoneSpec: '',
		stoneCount: 0,
		hasDiamonds: false,
		laborBasis: 'per_piece',
		laborUnitPriceMinor: 4500,
		metalBasis: 'consigned',
		metalPricePerGramMinor: null,
		metalFixDate: null,
		stonesUnitPriceMinor: 0,
		dueDate: '2027-01-15',
		notes: '',
		cancelled: false,
		...overrides
	};
	return { ...line, totals: lineTotals(line) };
}

function snapshot(lines: SnapshotLine[], overrides: Partial<PoSnapshot> = {}): PoSnapshot {
	return {
		number: 'PO-2026-0001',
		revision: 1,
		currency: 'USD',
		brand: { name: 'Maison', address: '1 Rue' },
		vendor: { name: 'Siam Casting', address: ['Bangkok'], country: 'Thailand', taxId: null, email: null },
		shipTo: 'Brand HQ',
		requestedDate: null,
		collection: 'Aurora',
		terms: 'Net 30',
		notes: '',
		lines,
		totals: sumTotals(lines.map((l) => l.totals)),
		issuedAt: null,
		issuedBy: 'Ops',
		summary: '',
		...overrides
	};
}

describe('diffSnapshots', () => {
	it('sees nothing between a snapshot and itself', () => {
		const s = snapshot([snapshotLine(1), snapshotLine(2)]);
		const diff = diffSnapshots(s, structuredClone(s));
		expect(isEmptyDiff(diff)).toBe(true);
		expect(diff.lines.map((l) => l.kind)).toEqual(['unchanged', 'unchanged']);
		expect(diff.totalBefore).toBe(diff.totalAfter);
	});

	it('reports added, changed and unchanged lines in line order, with before and after in words', () => {
		const before = snapshot([snapshotLine(1), snapshotLine(2)]);
		const after = snapshot([
			snapshotLine(1),
			snapshotLine(2, { quantity: 12, dueDate: '2027-02-01', laborUnitPriceMinor: 4750 }),
			snapshotLine(3)
		]);
		const diff = diffSnapshots(before, after);
		expect(diff.lines.map((l) => [l.lineNo, l.kind])).toEqual([
			[1, 'unchanged'],
			[2, 'changed'],
			[3, 'added']
		]);
		expect(diff.lines[1].changes).toEqual([
			{ field: 'quantity', label: 'Quantity', before: '10 pcs', after: '12 pcs' },
			{ field: 'laborUnitPriceMinor', label: 'Labor price', before: '$45.00', after: '$47.50' },
			{ field: 'dueDate', label: 'Due date', before: '15 Jan 2027', after: '1 Feb 2027' }
		]);
		expect(diff.totalBefore).toBe('$900.00');
		expect(diff.totalAfter).toBe('$1,470.00');
		expect(isEmptyDiff(diff)).toBe(false);

		// the page gets the touched lines and a count of the others
		const changes = revisionChanges(diff);
		expect(changes.lines.map((l) => [l.lineNo, l.kind])).toEqual([
			[2, 'changed'],
			[3, 'added']
		]);
		expect(changes.lines[0].changes).toEqual(diff.lines[1].changes);
		expect(changes).toMatchObject({ unchangedLines: 1, header: [], totalBefore: '$900.00', totalAfter: '$1,470.00' });
	});

	it('reports a removed line and a cancelled one', () => {
		const before = snapshot([snapshotLine(1), snapshotLine(2)]);
		const removed = diffSnapshots(before, snapshot([snapshotLine(2)]));
		expect(removed.lines.map((l) => [l.lineNo, l.kind])).toEqual([
			[1, 'removed'],
			[2, 'unchanged']
		]);
		const cancelled = diffSnapshots(before, snapshot([snapshotLine(1), snapshotLine(2, { cancelled: true })]));
		expect(cancelled.lines[1].changes).toEqual([{ field: 'cancelled', label: 'Cancelled', before: 'No', after: 'Yes' }]);
	});

	it('reports header changes', () => {
		const before = snapshot([snapshotLine(1)]);
		const diff = diffSnapshots(
			before,
			snapshot([snapshotLine(1)], { shipTo: 'Vicenza studio', requestedDate: '2027-03-01', collection: null })
		);
		expect(diff.header).toEqual([
			{ field: 'shipTo', label: 'Ship to', before: 'Brand HQ', after: 'Vicenza studio' },
			{ field: 'requestedDate', label: 'Requested date', before: '—', after: '1 Mar 2027' },
			{ field: 'collection', label: 'Collection', before: 'Aurora', after: '—' }
		]);
		expect(isEmptyDiff(diff)).toBe(false);
	});

	it('sees a weight change of one milligram', () => {
		// weights are typed to three decimals; a diff shown to two would call 3.251 g and 3.254 g the same
		const diff = diffSnapshots(
			snapshot([snapshotLine(1, { targetWeightMg: 3251 })]),
			snapshot([snapshotLine(1, { targetWeightMg: 3254 })])
		);
		expect(isEmptyDiff(diff)).toBe(false);
		expect(diff.lines[0].changes).toEqual([{ field: 'targetWeightMg', label: 'Target weight', before: '3.251 g', after: '3.254 g' }]);
	});

	it('reports a change of job bags as a changed line, reading a snapshot frozen before the choice as one bag', () => {
		const before = snapshot([snapshotLine(1), snapshotLine(2)]);
		const diff = diffSnapshots(before, snapshot([snapshotLine(1), snapshotLine(2, { jobBags: 'per_piece' })]));
		expect(diff.lines.map((l) => [l.lineNo, l.kind])).toEqual([
			[1, 'unchanged'],
			[2, 'changed']
		]);
		expect(diff.lines[1].changes).toEqual([
			{ field: 'jobBags', label: 'Job bags', before: 'One bag for the line', after: 'One bag per piece' }
		]);

		const { jobBags: _, ...older } = snapshotLine(1);
		const old = snapshot([older]);
		expect(isEmptyDiff(diffSnapshots(old, snapshot([snapshotLine(1)])))).toBe(true);
		expect(diffSnapshots(old, snapshot([snapshotLine(1, { jobBags: 'per_piece' })])).lines[0].changes).toEqual([
			{ field: 'jobBags', label: 'Job bags', before: 'One bag for the line', after: 'One bag per piece' }
		]);
	});

	it('sees diamonds being added, which puts the warranty statement on the PO', () => {
		const before = snapshot([snapshotLine(1)]);
		const after = snapshot([snapshotLine(1, { hasDiamonds: true })]);
		expect(hasDiamonds(before)).toBe(false);
		expect(hasDiamonds(after)).toBe(true);
		expect(isEmptyDiff(diffSnapshots(before, after))).toBe(false);
		// a cancelled diamond line no longer counts
		expect(hasDiamonds(snapshot([snapshotLine(1, { hasDiamonds: true, cancelled: true })]))).toBe(false);
	});
});
