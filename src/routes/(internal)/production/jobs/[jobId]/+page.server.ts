import { requireActor } from '#lib/server/http.ts';
import { jobActions, jobPageForms } from '#lib/server/production/actions.ts';
import { getJobPage } from '#lib/server/production/queries.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const page = await getJobPage(actor, event.params.jobId);
	// ops and admins may report for the workshop and resolve problems; finance reads
	const canEdit = actor.kind === 'staff' && (actor.role === 'ops' || actor.role === 'admin');
	return {
		page,
		forms: canEdit ? await jobPageForms(page) : null,
		focusUpdate: event.url.searchParams.get('update') === '1'
	};
};

export const actions: Actions = jobActions((event) => event.params.jobId ?? '');
