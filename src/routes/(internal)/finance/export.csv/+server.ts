import { parseFinanceQueueQuery } from '#lib/domain/finance/schemas.ts';
import { requireStaff } from '#lib/server/auth/actor.ts';
import { exportAccountingCsv, exportFinanceQueueCsv } from '#lib/server/finance/service.ts';
import { requireActor } from '#lib/server/http.ts';
import type { RequestHandler } from './$types';

const csvResponse = (csv: string, filename: string) =>
	new Response(csv, {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': `attachment; filename="${filename}"`,
			'X-Content-Type-Options': 'nosniff',
			'Cache-Control': 'private, no-store'
		}
	});

/**
 * `format` absent or `queue`: the queue as filtered on screen, every page. `qbo`, `xero`, `generic`:
 * approved, scheduled and paid documents by invoice date (`from`, `to`), for the accounting system.
 */
export const GET: RequestHandler = async (event) => {
	const actor = requireActor(event);
	requireStaff(actor);
	const params = event.url.searchParams;
	const format = params.get('format') ?? 'queue';
	if (format === 'qbo' || format === 'xero' || format === 'generic') {
		const { csv, filename } = await exportAccountingCsv(actor, Object.fromEntries(params));
		return csvResponse(csv, filename);
	}
	return csvResponse(await exportFinanceQueueCsv(actor, parseFinanceQueueQuery(params)), 'finance-queue.csv');
};
