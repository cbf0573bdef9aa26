import { error, redirect } from '@sveltejs/kit';
import { AppError } from '#lib/server/errors.ts';
import { requireActor } from '#lib/server/http.ts';
import { findJobByNumber } from '#lib/server/production/service.ts';
import type { PageServerLoad } from './$types';

/**
 * Where a job-bag label's QR code points. Signed-in only (the routeAccess hook sends others to
 * sign in and back here); the workshop lands on the quick update, staff on the ops job page.
 * Another workshop's job answers 404 like a job that does not exist.
 */
export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	let job: { id: string };
	try {
		job = await findJobByNumber(actor, event.params.number);
	} catch (caught) {
		if (caught instanceof AppError && caught.code === 'NotFound') error(404, caught.message);
		throw caught;
	}
	redirect(303, actor.kind === 'vendor' ? `/workshop/jobs/${job.id}?update=1` : `/production/jobs/${job.id}`);
};
