import { FINANCE_PAGE_SIZE, parsePaymentListQuery } from '#lib/domain/finance/schemas.ts';
import { requireStaff } from '#lib/server/auth/actor.ts';
import { listPayments } from '#lib/server/finance/service.ts';
import { requireActor } from '#lib/server/http.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	requireStaff(actor);
	const query = parsePaymentListQuery(event.url.searchParams);
	return { query, list: await listPayments(actor, query), pageSize: FINANCE_PAGE_SIZE };
};
