/** Builds the frozen view of a PO (header, vendor, brand, lines, totals) that documents and diffs use. */
import { lineTerms } from '#lib/domain/purchase-orders/schemas.ts';
import type { PoSnapshot, SnapshotLine } from '#lib/domain/purchase-orders/snapshot.ts';
import { lineTotals, sumTotals } from '#lib/domain/purchase-orders/totals.ts';
import { countryName } from '#lib/domain/vendors/reference.ts';
import type { BrandSettings } from '#lib/server/settings/queries.ts';
import type { PurchaseOrderLineRow, PurchaseOrderRow } from './queries.ts';

interface VendorFacts {
	name: string;
	addressLine1: string | null;
	addressLine2: string | null;
	city: string;
	region: string | null;
	postalCode: string | null;
	country: string;
	taxId: string | null;
	email: string | null;
}

export function snapshotLine(line: PurchaseOrderLineRow): SnapshotLine {
	return { lineId: line.id, lineNo: line.lineNo, ...lineTerms(line), totals: lineTotals(line) };
}

export function buildSnapshot(
	po: PurchaseOrderRow,
	lines: PurchaseOrderLineRow[],
	vendorFacts: VendorFacts,
	brand: BrandSettings,
	issue: { revision: number; issuedAt: string | null; issuedBy: string; summary: string }
): PoSnapshot {
	const snapshotLines = lines.map(snapshotLine);
	const cityLine = [vendorFacts.postalCode, vendorFacts.city, vendorFacts.region].filter(Boolean).join(' ');
	return {
		number: po.number,
		revision: issue.revision,
		currency: po.currency,
		brand: { name: brand.brandName, address: brand.brandAddress },
		vendor: {
			name: vendorFacts.name,
			address: [vendorFacts.addressLine1, vendorFacts.addressLine2, cityLine].filter((l): l is string => Boolean(l)),
			country: countryName(vendorFacts.country),
			taxId: vendorFacts.taxId,
			email: vendorFacts.email
		},
		shipTo: po.shipTo,
		requestedDate: po.requestedDate,
		collection: po.collection,
		terms: po.terms,
		notes: po.notes,
		lines: snapshotLines,
		totals: sumTotals(snapshotLines.map((l) => l.totals)),
		issuedAt: issue.issuedAt,
		issuedBy: issue.issuedBy,
		summary: issue.summary
	};
}
