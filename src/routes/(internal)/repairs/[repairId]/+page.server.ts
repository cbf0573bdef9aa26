import { commonCurrencies } from '#lib/domain/catalogue/reference.ts';
import { todayIso } from '#lib/domain/repairs/schemas.ts';
import { requireStaff } from '#lib/server/auth/actor.ts';
import { requireActor } from '#lib/server/http.ts';
import { brandRepairActions, brandRepairForms, getRepairSettings } from '#lib/server/repairs/actions.ts';
import { getRepair, listRepairWorkshops } from '#lib/server/repairs/service.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	requireStaff(actor);
	const view = await getRepair(actor, event.params.repairId);
	// ops and admins take every step; finance reads
	const canEdit = actor.role === 'ops' || actor.role === 'admin';
	const forms = await brandRepairForms(view, canEdit);
	const { homeCurrency } = await getRepairSettings(actor);
	return {
		view,
		forms,
		workshops: forms?.assign ? await listRepairWorkshops(actor) : [],
		currencies: [...new Set([view.repair.currency, homeCurrency, ...commonCurrencies])],
		today: todayIso(),
		created: event.url.searchParams.has('created')
	};
};

export const actions: Actions = brandRepairActions((event) => event.params.repairId ?? '');
