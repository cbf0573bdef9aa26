/**
 * The purchase-order PDF a vendor receives, drawn from the frozen snapshot of one revision, so the
 * document of revision 3 reads the same years later whatever happened to the PO since.
 */
import { formatMoney } from '#lib/domain/money.ts';
import { findAlloy } from '#lib/domain/purchase-orders/alloys.ts';
import { laborBasisLabels, metalBasisLabels } from '#lib/domain/purchase-orders/schemas.ts';
import { hasDiamonds, jobBagsOf, wdcStatement, type PoSnapshot, type SnapshotLine } from '#lib/domain/purchase-orders/snapshot.ts';
import { formatDate } from '#lib/format/dates.ts';
import { formatGrams } from '#lib/format/weight.ts';
import { DocumentLayout, colors, renderDocument, type DocumentModel, type Paragraph, type TableColumn, type TableRow } from './layout.ts';

export const draftWatermark = 'DRAFT — not sent';

const revisionLabel = (snapshot: PoSnapshot) => (snapshot.revision === 0 ? 'Revision 0 (draft)' : `Revision ${snapshot.revision}`);

export function purchaseOrderTitle(snapshot: PoSnapshot): string {
	return `Purchase order ${snapshot.number}, revision ${snapshot.revision}`;
}

const columns: TableColumn[] = [
	// wide enough for line 999
	{ header: '#', width: 24 },
	{ header: 'Item', width: 180 },
	{ header: 'Qty', width: 30, align: 'right' },
	{ header: 'Due', width: 52 },
	{ header: 'Labor', width: 78 },
	{ header: 'Metal', width: 84 },
	{ header: 'Line total', width: 67, align: 'right' }
];

function itemParagraphs(line: SnapshotLine): Paragraph[] {
	const alloy = findAlloy(line.alloy)?.label ?? line.alloy;
	const weight =
		line.targetWeightMg === null
			? null
			: `Target ${formatGrams(line.targetWeightMg)}${line.weightToleranceMg === null ? '' : ` ± ${formatGrams(line.weightToleranceMg)}`}`;
	const spec = [line.size ? `Size ${line.size}` : null, alloy].filter(Boolean).join(' · ');
	const paragraphs: Paragraph[] = [{ text: line.sku || '—', weight: 'bold' }, { text: line.description }, { text: spec }];
	if (weight) paragraphs.push({ text: weight });
	if (line.stoneSpec) paragraphs.push({ text: `Stones: ${line.stoneSpec}${line.stoneCount ? ` (${line.stoneCount} per piece)` : ''}` });
	// one bag for the line is the usual way and goes unsaid
	if (jobBagsOf(line) === 'per_piece') paragraphs.push({ text: 'Job bags: one per piece' });
	return paragraphs;
}

type Money = (minor: number) => string;

/** formatMoney builds an Intl.NumberFormat per call, the costliest step of a render; a PO repeats its prices. */
function moneyFormatter(currency: string): Money {
	const seen = new Map<number, string>();
	return (minor) => {
		let text = seen.get(minor);
		if (text === undefined) seen.set(minor, (text = formatMoney(minor, currency)));
		return text;
	};
}

function lineRows(line: SnapshotLine, money: Money): TableRow[] {
	const labor: Paragraph[] = [{ text: money(line.laborUnitPriceMinor) }, { text: laborBasisLabels[line.laborBasis], color: colors.muted }];
	if (line.stonesUnitPriceMinor > 0) labor.push({ text: `Stones ${money(line.stonesUnitPriceMinor)} per piece`, gapBefore: 2 });
	const metal: Paragraph[] = [{ text: metalBasisLabels[line.metalBasis] }];
	if (line.metalBasis !== 'consigned' && line.metalPricePerGramMinor !== null) {
		metal.push({ text: `${money(line.metalPricePerGramMinor)} per fine g` });
	}
	if (line.metalFixDate) metal.push({ text: `Fixed ${formatDate(line.metalFixDate)}`, color: colors.muted });
	const total: Paragraph[] = [{ text: money(line.totals.totalMinor), weight: 'bold' }];
	// metal bought at market has no price until delivery, so the line total leaves it out and says so
	if (line.metalBasis === 'market' && line.metalPricePerGramMinor === null) total.push({ text: '+ metal at market', color: colors.muted });

	let cells: Paragraph[][] = [
		[{ text: String(line.lineNo) }],
		itemParagraphs(line),
		[{ text: String(line.quantity) }],
		[{ text: formatDate(line.dueDate) }],
		labor,
		metal,
		total
	];
	if (line.cancelled) {
		// struck through but still legible: the vendor must see what was cancelled, not just that something was
		cells = cells.map((cell) => cell.map((p) => ({ ...p, strike: true, color: colors.muted })));
		cells[1].unshift({ text: 'CANCELLED', weight: 'bold', color: colors.alert });
		cells[6] = [{ text: 'cancelled', weight: 'bold', color: colors.alert }];
	}
	const rows: TableRow[] = [{ cells: cells.map((content) => ({ content })) }];
	if (line.notes.trim()) {
		rows.push({
			keepWithPrevious: true,
			cells: [{ content: [] }, { span: 6, content: [{ text: `Note: ${line.notes}`, size: 7.5, color: colors.strong }] }]
		});
	}
	return rows;
}

/** The pages of a purchase order as drawing operations: pure, so tests read the text of each page. */
export function layoutPurchaseOrder(snapshot: PoSnapshot): DocumentModel {
	const title = 'Purchase order';
	const revision = revisionLabel(snapshot);
	const layout = new DocumentLayout({
		continuation: { left: snapshot.brand.name, right: `${title} ${snapshot.number} · ${revision} (continued)` }
	});

	layout.documentHeader({
		brandName: snapshot.brand.name,
		brandAddress: snapshot.brand.address,
		title,
		number: snapshot.number,
		details: [revision, snapshot.issuedAt ? `Issued ${formatDate(snapshot.issuedAt)}` : 'Not issued yet']
	});

	const money = moneyFormatter(snapshot.currency);
	const { vendor } = snapshot;
	const vendorLines: Paragraph[] = [
		{ text: vendor.name, weight: 'bold' },
		...vendor.address.map((text) => ({ text })),
		{ text: vendor.country }
	];
	if (vendor.taxId) vendorLines.push({ text: `Tax ID ${vendor.taxId}` });
	if (vendor.email) vendorLines.push({ text: vendor.email, color: colors.muted });
	const orderLines: Paragraph[] = [
		{ text: `Requested by ${formatDate(snapshot.requestedDate)}` },
		{ text: `Collection: ${snapshot.collection || '—'}` },
		{ text: `Currency: ${snapshot.currency}` }
	];
	if (snapshot.issuedBy) orderLines.push({ text: `Issued by ${snapshot.issuedBy}` });
	layout.columns([
		{ title: 'Vendor', lines: vendorLines },
		{ title: 'Ship to', lines: [{ text: snapshot.shipTo || '—' }] },
		{ title: 'Order', lines: orderLines }
	]);

	// the first issue needs no explanation; later ones say what changed
	if (snapshot.revision > 1 && snapshot.summary.trim()) {
		layout.heading(`About revision ${snapshot.revision}`, { gapBefore: 0 });
		layout.paragraphs([{ text: snapshot.summary }], { gapAfter: 8 });
	}

	layout.table(
		columns,
		snapshot.lines.flatMap((line) => lineRows(line, money))
	);
	layout.gap(8);

	layout.amounts([
		{ label: 'Labor', value: money(snapshot.totals.laborMinor) },
		{ label: 'Metal', value: money(snapshot.totals.metalMinor) },
		{ label: 'Stones', value: money(snapshot.totals.stonesMinor) },
		{ label: `Total (${snapshot.currency})`, value: money(snapshot.totals.totalMinor), emphasis: true }
	]);
	if (snapshot.lines.some((l) => !l.cancelled && l.metalBasis === 'market' && l.metalPricePerGramMinor === null)) {
		layout.paragraphs([
			{
				text: 'Metal supplied at market price is invoiced at the price of the delivery date and is not included above.',
				size: 8,
				color: colors.muted
			}
		]);
	}

	if (snapshot.terms.trim()) {
		layout.heading('Terms');
		layout.paragraphs([{ text: snapshot.terms }]);
	}
	if (snapshot.notes.trim()) {
		layout.heading('Notes');
		layout.paragraphs([{ text: snapshot.notes }]);
	}
	if (hasDiamonds(snapshot)) {
		layout.heading('Diamonds: World Diamond Council System of Warranties');
		layout.paragraphs([{ text: wdcStatement }]);
	}

	layout.gap(14);
	layout.signatures([`For ${snapshot.brand.name}`, `Accepted by ${vendor.name}`]);

	return layout.finish({
		footer: `${title} ${snapshot.number} · ${revision} · ${vendor.name}`,
		watermark: snapshot.revision === 0 ? draftWatermark : undefined
	});
}

export async function renderPurchaseOrderPdf(snapshot: PoSnapshot): Promise<Uint8Array> {
	return renderDocument(layoutPurchaseOrder(snapshot), {
		title: purchaseOrderTitle(snapshot),
		author: snapshot.brand.name,
		subject: `Purchase order for ${snapshot.vendor.name}`,
		keywords: [snapshot.number, snapshot.vendor.name],
		created: snapshot.issuedAt ? new Date(snapshot.issuedAt) : undefined
	});
}
