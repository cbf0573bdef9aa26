import { FINANCE_PAGE_SIZE, parseFinanceQueueQuery, todayIso } from '#lib/domain/finance/schemas.ts';
import { requireStaff } from '#lib/server/auth/actor.ts';
import { requireActor } from '#lib/server/http.ts';
import { financeQueueActions, queueActionForm } from '#lib/server/finance/queue-actions.ts';
import { canActOnFinance, listFinanceQueue } from '#lib/server/finance/service.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	requireStaff(actor);
	// a bad filter in the address bar falls back to its default, never to an error page
	const query = parseFinanceQueueQuery(event.url.searchParams);
	return {
		query,
		queue: await listFinanceQueue(actor, query),
		pageSize: FINANCE_PAGE_SIZE,
		canAct: canActOnFinance(actor),
		form: await queueActionForm(),
		today: todayIso()
	};
};

export const actions: Actions = financeQueueActions();
