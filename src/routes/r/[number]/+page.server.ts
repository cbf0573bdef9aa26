import { error, redirect } from '@sveltejs/kit';
import { AppError } from '#lib/server/errors.ts';
import { requireActor } from '#lib/server/http.ts';
import { findRepairByNumber } from '#lib/server/repairs/actions.ts';
import type { PageServerLoad } from './$types';

/**
 * Where a repair envelope's QR code points. Signed-in only (the routeAccess hook sends others to sign
 * in and back here); the workshop lands on its repair page, staff on the brand's. Another workshop's
 * repair answers 404 like one that does not exist.
 */
export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	let repair: { id: string };
	try {
		repair = await findRepairByNumber(actor, event.params.number);
	} catch (caught) {
		if (caught instanceof AppError && caught.code === 'NotFound') error(404, caught.message);
		throw caught;
	}
	redirect(303, actor.kind === 'vendor' ? `/workshop/repairs/${repair.id}` : `/repairs/${repair.id}`);
};
