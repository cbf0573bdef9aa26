import { TIMELINE_PAGE_SIZE, timelineQuerySchema } from '#lib/domain/production/timeline-query.ts';
import { getProductionTimeline } from '#lib/server/production/timeline.ts';
import { requireStaff } from '#lib/server/auth/actor.ts';
import { requireActor } from '#lib/server/http.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	requireStaff(actor);
	// a bad filter in the address bar falls back to its default, never to an error page
	const query = timelineQuerySchema.parse(Object.fromEntries(event.url.searchParams));
	const screen = await getProductionTimeline(actor, query);
	return { query, pageSize: TIMELINE_PAGE_SIZE, ...screen };
};
