import { requireActor } from '#lib/server/http.ts';
import { jobActions, jobPageForms } from '#lib/server/production/actions.ts';
import { getJobPage } from '#lib/server/production/queries.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const page = await getJobPage(actor, event.params.jobId);
	return {
		page,
		forms: await jobPageForms(page),
		// the label's QR code opens the page with ?update=1: the quick update comes first
		focusUpdate: event.url.searchParams.get('update') === '1'
	};
};

export const actions: Actions = jobActions((event) => event.params.jobId ?? '');
