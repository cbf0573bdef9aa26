import { redirect } from '@sveltejs/kit';

/** The front door sends each person to their own home. */
export const load = ({ locals }) => {
	if (!locals.actor) redirect(303, '/login');
	redirect(303, locals.actor.kind === 'vendor' ? '/workshop' : '/dashboard');
};
