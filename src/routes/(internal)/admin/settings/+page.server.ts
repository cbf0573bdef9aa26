import { fail } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { brandSettingsSchema } from '#lib/domain/settings/schemas.ts';
import { getBrandSettingsForAdmin, listBrandSettingsHistory, updateBrandSettings } from '#lib/server/settings/service.ts';
import type { BrandSettings } from '#lib/server/settings/queries.ts';
import { failForm, requireActor } from '#lib/server/http.ts';
import { companyTolerancesData, saveCompanyTolerancesAction } from '#lib/server/settings/actions.ts';
import type { Actions, PageServerLoad } from './$types';

const settingsForm = (s: BrandSettings) =>
	superValidate(
		{
			brandName: s.brandName,
			brandAddress: s.brandAddress,
			defaultShipTo: s.defaultShipTo,
			defaultTerms: s.defaultTerms,
			poReminderDays: s.poReminderDays,
			poDueSoonDays: s.poDueSoonDays,
			homeCurrency: s.homeCurrency,
			repairTurnaroundDays: s.repairTurnaroundDays,
			version: s.version
		},
		zod4(brandSettingsSchema),
		{ errors: false }
	);

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const settings = await getBrandSettingsForAdmin(actor);
	return {
		form: await settingsForm(settings),
		history: await listBrandSettingsHistory(actor),
		updatedAt: settings.updatedAt,
		...(await companyTolerancesData(actor))
	};
};

export const actions: Actions = {
	tolerances: saveCompanyTolerancesAction,
	brand: async (event) => {
		const actor = requireActor(event);
		const form = await superValidate(event.request, zod4(brandSettingsSchema));
		if (!form.valid) return fail(400, { form });
		let result;
		try {
			result = await updateBrandSettings(actor, form.data);
		} catch (caught) {
			return failForm(form, caught);
		}
		if (!result.ok) {
			// optimistic locking: show what the other admin saved; the change can be made again on top
			const newer = await settingsForm(result.current);
			newer.message = {
				tone: 'warning',
				text: 'Another administrator saved the settings while you were editing. Their version is shown below; make your change again and save.'
			};
			return fail(409, { form: newer });
		}
		return message(await settingsForm(result.settings), { tone: 'success', text: 'Settings saved.' });
	}
};
