import { designerActions, versionUploadForm } from '#lib/server/custom-orders/actions.ts';
import { getDesignerOrder } from '#lib/server/custom-orders/service.ts';
import { requireActor } from '#lib/server/http.ts';
import { getPlatform } from '#lib/server/platform.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const view = await getDesignerOrder(actor, event.params.orderId);
	return {
		...view,
		uploadForm: view.canUpload ? await versionUploadForm() : null,
		uploadMaxMb: Math.round(getPlatform().uploadMaxBytes / 1024 / 1024)
	};
};

export const actions: Actions = designerActions((event) => event.params.orderId ?? '');
