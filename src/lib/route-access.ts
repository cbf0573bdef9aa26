/**
 * Who may open each route. Every route under src/routes must appear here: a test enumerates the
 * routes and fails on any without a rule, and the `routeAccess` hook enforces the rule before any
 * load, action or endpoint runs. Services check access again — this is the first lock, not the only one.
 *
 * - public: anyone, signed in or not
 * - signed-in: any signed-in person
 * - vendor: workshop users only (staff get 404)
 * - staff: internal users (admin, ops, finance); workshop users get 404
 * - admin: internal administrators only
 */
export type AccessRule = 'public' | 'signed-in' | 'vendor' | 'staff' | 'admin';

export const routeAccess: Record<string, AccessRule> = {
	'/': 'public',
	'/health': 'public',
	'/(auth)/login': 'public',
	'/(auth)/logout': 'public',
	'/(auth)/forgot-password': 'public',
	'/(auth)/reset-password/[token]': 'public',
	'/(auth)/invitation/[token]': 'public',
	'/(account)/account': 'signed-in',
	'/files/[fileId]': 'signed-in',
	'/calendar/[token]': 'public',
	'/(vendor)/workshop': 'vendor',
	'/(vendor)/workshop/people': 'vendor',
	'/(vendor)/workshop/documents': 'vendor',
	'/(vendor)/workshop/profile': 'vendor',
	'/(vendor)/workshop/purchase-orders': 'vendor',
	'/(vendor)/workshop/purchase-orders/export.csv': 'vendor',
	'/(vendor)/workshop/purchase-orders/[poId]': 'vendor',
	'/(vendor)/workshop/purchase-orders/[poId]/job-bags': 'vendor',
	'/(vendor)/workshop/purchase-orders/[poId]/reconciliation': 'vendor',
	'/(vendor)/workshop/purchase-orders/[poId]/labels.pdf': 'vendor',
	'/(vendor)/workshop/jobs/[jobId]/label.pdf': 'vendor',
	'/(internal)/purchase-orders/[poId]/labels.pdf': 'staff',
	'/(internal)/production/jobs/[jobId]/label.pdf': 'staff',
	'/(vendor)/workshop/purchase-orders/[poId]/pdf': 'vendor',
	'/(vendor)/workshop/jobs': 'vendor',
	'/(vendor)/workshop/jobs/export.csv': 'vendor',
	'/(vendor)/workshop/jobs/[jobId]': 'vendor',
	'/j/[number]': 'signed-in',
	'/r/[number]': 'signed-in',
	'/(vendor)/workshop/repairs': 'vendor',
	'/(vendor)/workshop/repairs/export.csv': 'vendor',
	'/(vendor)/workshop/repairs/[repairId]': 'vendor',
	'/(internal)/repairs': 'staff',
	'/(internal)/repairs/export.csv': 'staff',
	'/(internal)/repairs/new': 'staff',
	'/(internal)/repairs/oversight': 'staff',
	'/(internal)/repairs/[repairId]': 'staff',
	'/(internal)/repairs/[repairId]/envelope.pdf': 'staff',
	// receiving: shipments and receipts
	'/(vendor)/workshop/shipments': 'vendor',
	'/(vendor)/workshop/shipments/export.csv': 'vendor',
	'/(vendor)/workshop/shipments/new': 'vendor',
	'/(vendor)/workshop/shipments/[shipmentId]': 'vendor',
	'/(internal)/receiving': 'staff',
	'/(internal)/receiving/export.csv': 'staff',
	'/(internal)/receiving/new': 'staff',
	'/(internal)/receiving/[receiptId]': 'staff',
	// quality: inspections, defects, debit notes
	'/(internal)/quality': 'staff',
	'/(internal)/quality/export.csv': 'staff',
	'/(internal)/quality/inspections/[inspectionId]': 'staff',
	'/(internal)/quality/debit-notes/[debitNoteId]/pdf': 'staff',
	'/(vendor)/workshop/quality': 'vendor',
	'/(vendor)/workshop/quality/[inspectionId]': 'vendor',
	'/(vendor)/workshop/quality/debit-notes/[debitNoteId]/pdf': 'vendor',
	// invoices: the workshop's invoices and credit notes
	'/(vendor)/workshop/invoices': 'vendor',
	'/(vendor)/workshop/invoices/export.csv': 'vendor',
	'/(vendor)/workshop/invoices/new': 'vendor',
	'/(vendor)/workshop/invoices/[invoiceId]': 'vendor',
	// finance: queue, invoice page, payments, exports, reconciliation
	'/(internal)/finance': 'staff',
	'/(internal)/finance/export.csv': 'staff',
	'/(internal)/finance/invoices/[invoiceId]': 'staff',
	'/(internal)/finance/payments': 'staff',
	'/(internal)/finance/payments/export.csv': 'staff',
	'/(internal)/finance/payments/[paymentId]': 'staff',
	// finance/vendors: what the brand owes each workshop
	'/(internal)/finance/vendors': 'staff',
	'/(internal)/finance/vendors/export.csv': 'staff',
	'/(internal)/finance/vendors/[vendorId]': 'staff',
	'/(internal)/dashboard': 'staff',
	'/(internal)/vendors': 'staff',
	'/(internal)/vendors/export.csv': 'staff',
	'/(internal)/vendors/new': 'staff',
	'/(internal)/vendors/[vendorId]': 'staff',
	'/(internal)/vendors/[vendorId]/edit': 'staff',
	'/(internal)/styles': 'staff',
	'/(internal)/styles/export.csv': 'staff',
	'/(internal)/styles/template.csv': 'staff',
	'/(internal)/styles/new': 'staff',
	'/(internal)/styles/import': 'staff',
	'/(internal)/styles/[styleId]': 'staff',
	'/(internal)/purchase-orders': 'staff',
	'/(internal)/purchase-orders/export.csv': 'staff',
	'/(internal)/purchase-orders/follow-up': 'staff',
	'/(internal)/purchase-orders/new': 'staff',
	'/(internal)/purchase-orders/[poId]': 'staff',
	'/(internal)/purchase-orders/[poId]/job-bags': 'staff',
	'/(internal)/purchase-orders/[poId]/reconciliation': 'staff',
	'/(internal)/purchase-orders/[poId]/edit': 'staff',
	'/(internal)/purchase-orders/[poId]/pdf': 'staff',
	'/(internal)/production/jobs/[jobId]': 'staff',
	'/(internal)/production': 'staff',
	'/(internal)/production/export.csv': 'staff',
	'/(internal)/production/launches': 'staff',
	'/(internal)/production/launches/new': 'staff',
	'/(internal)/production/launches/[launchId]': 'staff',
	'/(internal)/production/launches/[launchId]/edit': 'staff',
	'/(vendor)/workshop/designs': 'vendor',
	'/(vendor)/workshop/designs/[orderId]': 'vendor',
	'/(internal)/custom-orders': 'staff',
	'/(internal)/custom-orders/export.csv': 'staff',
	'/(internal)/custom-orders/new': 'staff',
	'/(internal)/custom-orders/[orderId]': 'staff',
	'/(internal)/custom-orders/[orderId]/edit': 'staff',
	'/(internal)/admin/settings': 'admin',
	'/(internal)/admin/stage-templates': 'admin',
	'/(internal)/admin/people': 'admin',
	'/(internal)/admin/mailbox': 'admin',
	'/(internal)/admin/mailbox/[messageId]': 'admin'
};

export type AccessDecision = 'allow' | 'sign-in' | 'not-found';

/** What to do with a request for `routeId` by someone of this kind and role (null = not signed in). */
export function decideAccess(routeId: string | null, who: { kind: 'staff' | 'vendor'; role: string } | null): AccessDecision {
	// unknown routes fall through to SvelteKit's own 404
	if (routeId === null) return 'allow';
	const rule = routeAccess[routeId];
	// a route without a rule is closed: the test makes sure this never ships
	if (!rule) return 'not-found';
	if (rule === 'public') return 'allow';
	if (!who) return 'sign-in';
	if (rule === 'signed-in') return 'allow';
	if (rule === 'vendor') return who.kind === 'vendor' ? 'allow' : 'not-found';
	if (rule === 'staff') return who.kind === 'staff' ? 'allow' : 'not-found';
	return who.kind === 'staff' && who.role === 'admin' ? 'allow' : 'not-found';
}
