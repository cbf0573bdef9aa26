/**
 * Charges the brand agreed to pay on a PO's invoices — freight, insurance, certificates, other.
 * Matching compares each invoice's charge lines with them: a kind left blank is not agreed (an invoice
 * charging it warns, finance looks), an amount is the most an invoice may charge for it (more holds).
 * 0 is an agreement too: "we pay no freight".
 *
 * Versioned with the PO (`purchase_order.version`, the editor's optimistic lock): the charges are part of
 * what ops edits on the PO, so a save made on an older PO is refused and a draft edited in another tab
 * learns that the PO moved. The workshop answers on `revision`, which this does not touch: agreeing a
 * charge is the brand's side of the bargain and asks nothing new of the workshop.
 */
import { isUuid } from '#lib/domain/ids.ts';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { chargeLabels, type ChargeKind } from '#lib/domain/invoices/explain.ts';
import { formatMoney, minorToDecimalString, parseMoney } from '#lib/domain/money.ts';
import { requireStaff, withActor, type Actor } from '#lib/server/auth/actor.ts';
import { changedFields, recordAudit } from '#lib/server/audit/audit.ts';
import { purchaseOrder } from '#lib/server/db/schema/index.ts';
import { conflict, invalid, notFound } from '#lib/server/errors.ts';
import { rematchVendors } from '#lib/server/invoices/rematch.ts';

export const chargeKinds = ['freight', 'insurance', 'certificates', 'other'] as const satisfies readonly ChargeKind[];
export type AgreedCharges = Partial<Record<ChargeKind, number>>;

const editors = ['admin', 'ops'] as const;
const amountText = z.string().max(40, 'Enter a shorter amount.').optional().default('');

/** The form: one text per kind (blank = not agreed) and the PO version it was opened on. */
export const agreedChargesSchema = z.object({
	freight: amountText,
	insurance: amountText,
	certificates: amountText,
	other: amountText,
	version: z.coerce.number().int().min(0)
});
export type AgreedChargesInput = z.input<typeof agreedChargesSchema>;
export type AgreedChargesForm = z.output<typeof agreedChargesSchema>;

/** Each typed amount in the PO's currency; blank leaves the kind out (not agreed). */
export function parseAgreedCharges(
	form: Pick<AgreedChargesForm, ChargeKind>,
	currency: string
): { ok: true; charges: AgreedCharges } | { ok: false; errors: Record<string, string> } {
	const charges: AgreedCharges = {};
	const errors: Record<string, string> = {};
	for (const kind of chargeKinds) {
		const typed = form[kind].trim();
		if (typed === '') continue;
		const parsed = parseMoney(typed, currency);
		if (parsed.ok) charges[kind] = parsed.minor;
		else errors[kind] = parsed.message;
	}
	return Object.keys(errors).length ? { ok: false, errors } : { ok: true, charges };
}

export function agreedChargesFormValues(charges: AgreedCharges, currency: string, version: number): AgreedChargesForm {
	const text = (kind: ChargeKind) => (charges[kind] === undefined ? '' : minorToDecimalString(charges[kind], currency));
	return { freight: text('freight'), insurance: text('insurance'), certificates: text('certificates'), other: text('other'), version };
}

/** "Freight $40.00, insurance not agreed, …" for the audit trail and the notice. */
export function describeAgreedCharges(charges: AgreedCharges, currency: string): string {
	const agreed = chargeKinds.filter((k) => charges[k] !== undefined);
	if (agreed.length === 0) return 'no charges agreed';
	return agreed.map((k) => `${chargeLabels[k].toLowerCase()} ${formatMoney(charges[k]!, currency)}`).join(', ');
}

/**
 * Sets the PO's agreed charges (ops and admin), checked against the version the form was opened on,
 * audited, and the workshop's invoices re-matched in the same transaction.
 */
export async function updateAgreedCharges(
	actor: Actor,
	poId: string,
	input: AgreedChargesInput
): Promise<{ charges: AgreedCharges; version: number }> {
	requireStaff(actor, editors);
	if (!isUuid(poId)) throw notFound('That purchase order');
	const form = agreedChargesSchema.safeParse(input);
	if (!form.success) throw invalid('Reload the page and enter the charges again.');
	return withActor(actor, async (tx) => {
		const [po] = await tx.select().from(purchaseOrder).where(eq(purchaseOrder.id, poId)).for('update').limit(1);
		if (!po) throw notFound('That purchase order');
		if (po.version !== form.data.version) {
			throw conflict(
				`${po.number} was changed by someone else since you opened it (now version ${po.version}). Review the newer version and try again.`
			);
		}
		if (po.status === 'cancelled' || po.status === 'closed')
			throw conflict(`${po.number} is ${po.status}: its agreed charges can no longer change.`);
		const parsed = parseAgreedCharges(form.data, po.currency);
		if (!parsed.ok) throw invalid('Some charges need attention: see the messages below each one.', parsed.errors);
		const before = (po.agreedChargesMinor ?? {}) as AgreedCharges;
		const diff = changedFields(
			before as Record<string, unknown>,
			Object.fromEntries(chargeKinds.map((k) => [k, parsed.charges[k] ?? null]))
		);
		if (!diff) return { charges: before, version: po.version };
		await tx
			.update(purchaseOrder)
			.set({ agreedChargesMinor: parsed.charges, version: sql`${purchaseOrder.version} + 1`, updatedAt: sql`now()` })
			.where(eq(purchaseOrder.id, po.id));
		await recordAudit(tx, actor, {
			vendorId: po.vendorId,
			entityType: 'purchase_order',
			entityId: po.id,
			action: 'purchase_order.agreed_charges_updated',
			summary: `${actor.name} set the agreed charges of ${po.number}: ${describeAgreedCharges(parsed.charges, po.currency)}`,
			before: diff.before,
			after: diff.after
		});
		await rematchVendors(tx, [po.vendorId]);
		return { charges: parsed.charges, version: po.version + 1 };
	});
}
