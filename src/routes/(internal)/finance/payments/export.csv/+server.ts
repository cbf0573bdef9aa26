import { parsePaymentListQuery } from '#lib/domain/finance/schemas.ts';
import { requireStaff } from '#lib/server/auth/actor.ts';
import { exportPaymentsCsv } from '#lib/server/finance/service.ts';
import { requireActor } from '#lib/server/http.ts';
import type { RequestHandler } from './$types';

/** The payments as filtered on screen, every page. */
export const GET: RequestHandler = async (event) => {
	const actor = requireActor(event);
	requireStaff(actor);
	const csv = await exportPaymentsCsv(actor, parsePaymentListQuery(event.url.searchParams));
	return new Response(csv, {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': 'attachment; filename="payments.csv"',
			'X-Content-Type-Options': 'nosniff',
			'Cache-Control': 'private, no-store'
		}
	});
};
