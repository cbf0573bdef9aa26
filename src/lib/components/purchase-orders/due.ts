import type { PoStatus } from '#lib/domain/purchase-orders/status.ts';

/** Still owed by the workshop: a due date that has passed matters only for these. */
const owed: readonly PoStatus[] = ['sent', 'acknowledged', 'change_requested', 'in_production', 'partially_received'];

export const isOverdue = (status: PoStatus, dueDate: string | null, today: string) =>
	dueDate !== null && dueDate < today && owed.includes(status);
