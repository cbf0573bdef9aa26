/** Gap-free document numbers per kind and year (repairs, custom orders) in the shared counter table. */
import { sql } from 'drizzle-orm';
import { documentCounter } from './schema/index.ts';
import type { Tx } from './scope.ts';

/** Takes the next number of `kind` in `year`; the row lock makes concurrent takers queue, a rollback returns the number. */
export async function takeNextDocumentNumber(
	tx: Tx,
	kind: 'repair' | 'custom_order' | 'receipt' | 'debit_note' | 'payment',
	year: number
): Promise<number> {
	const [row] = await tx
		.insert(documentCounter)
		.values({ kind, year, lastNumber: 1 })
		.onConflictDoUpdate({
			target: [documentCounter.kind, documentCounter.year],
			set: { lastNumber: sql`${documentCounter.lastNumber} + 1` }
		})
		.returning({ lastNumber: documentCounter.lastNumber });
	return row.lastNumber;
}
