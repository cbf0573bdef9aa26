import { commonCurrencies } from '#lib/domain/catalogue/reference.ts';
import { todayIso } from '#lib/domain/repairs/schemas.ts';
import { requireStaff } from '#lib/server/auth/actor.ts';
import { requireActor } from '#lib/server/http.ts';
import { getRepairSettings, intakeActions, newIntakeForm } from '#lib/server/repairs/actions.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	// finance reads repairs; taking one in is for ops and admins
	requireStaff(actor, ['admin', 'ops']);
	const { homeCurrency } = await getRepairSettings(actor);
	return {
		form: await newIntakeForm(homeCurrency),
		currencies: [...new Set([homeCurrency, ...commonCurrencies])],
		today: todayIso()
	};
};

export const actions: Actions = intakeActions();
