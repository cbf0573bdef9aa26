import { alloys } from '#lib/domain/purchase-orders/alloys.ts';
import { createBrief, newBriefForm } from '#lib/server/custom-orders/actions.ts';
import { getNewCustomOrderDefaults } from '#lib/server/custom-orders/service.ts';
import { requireActor } from '#lib/server/http.ts';
import { getPlatform } from '#lib/server/platform.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const { currency } = await getNewCustomOrderDefaults(actor);
	return {
		form: await newBriefForm(currency),
		alloys: alloys.map((a) => ({ value: a.code, label: a.label })),
		uploadMaxMb: Math.round(getPlatform().uploadMaxBytes / 1024 / 1024)
	};
};

export const actions: Actions = { default: createBrief };
