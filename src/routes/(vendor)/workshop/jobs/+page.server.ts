import { todayIso } from '#lib/domain/purchase-orders/schemas.ts';
import { requireActor } from '#lib/server/http.ts';
import { batchActions, batchForm, parseJobListQuery } from '#lib/server/production/actions.ts';
import { listWorkshopJobs } from '#lib/server/production/queries.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	// a bad filter in the address bar falls back to the default, never to an error page
	const query = parseJobListQuery(event.url.searchParams);
	const list = await listWorkshopJobs(actor, {
		filter: query.filter,
		stage: query.stage || undefined,
		q: query.q || undefined,
		page: query.page
	});
	return {
		query,
		list: { ...list, pageCount: Math.max(1, Math.ceil(list.total / list.perPage)) },
		// jobs move together through one stage: the batch bar needs the stage chosen in the filter
		batchForm: query.stage && query.filter !== 'done' ? await batchForm(query.stage) : null,
		today: todayIso()
	};
};

export const actions: Actions = batchActions();
