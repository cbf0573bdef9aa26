/**
 * The receiving and QC totals on each PO line, recomputed from the receipts and completed inspections
 * (never incremented: a recount is always right, whatever was corrected). Called in the transaction
 * that records a receipt or completes an inspection; matching and reconciliation read the result.
 */
import { sql } from 'drizzle-orm';
import { nextStatus, type PoStatus } from '#lib/domain/purchase-orders/status.ts';
import { rowsOf } from '#lib/server/db/client.ts';
import type { Tx } from '#lib/server/db/scope.ts';

export async function refreshReceivingTotals(tx: Tx, poLineIds: readonly string[]): Promise<void> {
	if (poLineIds.length === 0) return;
	const ids = sql`${sql.param([...new Set(poLineIds)])}::uuid[]`;
	// rework returns are the same pieces coming back: they leave "in rework" and are inspected again,
	// but are not received a second time
	await tx.execute(sql`
		with received as (
			select purchase_order_line_id as id,
				coalesce(sum(quantity) filter (where not rework_return), 0)::int as received,
				coalesce(sum(quantity) filter (where rework_return), 0)::int as rework_back
			from receipt_line where purchase_order_line_id = any(${ids}) group by 1
		), inspected as (
			select purchase_order_line_id as id,
				sum(accepted_quantity)::int as accepted,
				sum(rework_quantity)::int as rework,
				sum(returned_quantity)::int as returned,
				sum(accepted_gross_weight_mg) filter (where accepted_quantity > 0)::int as accepted_weight,
				bool_or(accepted_quantity > 0 and accepted_gross_weight_mg is null) as unweighed
			from qc_inspection where status = 'completed' and purchase_order_line_id = any(${ids}) group by 1
		)
		update purchase_order_line l set
			received_quantity = coalesce(r.received, 0),
			accepted_quantity = coalesce(q.accepted, 0),
			rework_quantity = greatest(coalesce(q.rework, 0) - coalesce(r.rework_back, 0), 0),
			returned_quantity = coalesce(q.returned, 0),
			-- one unweighed accepted lot makes the weight unknown: metal is not paid on a guess
			accepted_gross_weight_mg = case when coalesce(q.accepted, 0) = 0 or q.unweighed then null else q.accepted_weight end
		from unnest(${ids}) as target(id)
		left join received r on r.id = target.id
		left join inspected q on q.id = target.id
		where l.id = target.id`);

	const orders = rowsOf<{ id: string; status: PoStatus; complete: boolean; started: boolean }>(
		await tx.execute(sql`
			select o.id, o.status,
				bool_and(l.cancelled or l.received_quantity >= l.quantity) as complete,
				bool_or(l.received_quantity > 0) as started
			from purchase_order o join purchase_order_line l on l.purchase_order_id = o.id
			where o.id in (select purchase_order_id from purchase_order_line where id = any(${ids}))
			group by o.id, o.status`)
	);
	for (const order of orders) {
		if (!order.started) continue;
		const to = nextStatus(order.status, order.complete ? 'receive_all' : 'receive_part', 'brand');
		if (to === null || to === order.status) continue;
		await tx.execute(sql`update purchase_order set status = ${to}, updated_at = now() where id = ${order.id}`);
	}
}
