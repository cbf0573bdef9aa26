import { fail, redirect } from '@sveltejs/kit';
import { message, superValidate, withFiles } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { cancelSchema, changeDecisionSchema, closeSchema } from '#lib/domain/purchase-orders/schemas.ts';
import {
	addPurchaseOrderAttachment,
	cancelPurchaseOrder,
	closePurchaseOrder,
	decideChangeRequests,
	duplicatePurchaseOrder,
	getPurchaseOrder,
	removePurchaseOrderAttachment,
	sendPurchaseOrder
} from '#lib/server/purchase-orders/service.ts';
import { messageActions, messageForm } from '#lib/server/purchase-orders/actions.ts';
import { checkPurchaseOrderFile } from '#lib/server/purchase-orders/files.ts';
import { getSendRecipients, poAttachmentFormSchema, poAttachmentRefSchema } from '#lib/server/purchase-orders/editor.ts';
import { failAction, failForm, requireActor } from '#lib/server/http.ts';
import { getPlatform } from '#lib/server/platform.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const view = await getPurchaseOrder(actor, event.params.poId);
	const canEdit = actor.role === 'admin' || actor.role === 'ops';
	const { po } = view;
	const openRequests = view.changeRequests.filter((r) => r.status === 'open');

	let decideForm = null;
	if (canEdit && po.status === 'change_requested' && openRequests.length > 0) {
		decideForm = await superValidate(zod4(changeDecisionSchema), { id: 'decide' });
		// no decision is preselected: each request gets a deliberate answer
		decideForm.data = {
			decisions: openRequests.map((r) => ({ requestId: r.id, decision: undefined as unknown as 'accept', note: '' })),
			version: po.version
		};
	}
	const takesFiles = canEdit && po.status !== 'closed' && po.status !== 'cancelled';
	const recipients = canEdit && view.allowed.includes('send') ? await getSendRecipients(actor, po.vendorId) : [];
	return {
		...view,
		canEdit,
		recipients,
		// a PO the workshop never received has no conversation (a cancelled draft included)
		messageForm: po.revision === 0 ? null : await messageForm(),
		cancelForm: await superValidate({ reason: '', version: po.version }, zod4(cancelSchema), { id: 'cancel', errors: false }),
		decideForm,
		attachmentForm: takesFiles ? await superValidate(zod4(poAttachmentFormSchema), { id: 'attachment' }) : null,
		uploadMaxMb: Math.round(getPlatform().uploadMaxBytes / 1024 / 1024),
		notice: ['created', 'saved', 'revised', 'duplicated'].find((flag) => event.url.searchParams.has(flag)) ?? null
	};
};

const poIdOf = (event: { params: Record<string, string> }) => event.params.poId;

export const actions: Actions = {
	...messageActions(poIdOf),
	send: async (event) => {
		const actor = requireActor(event);
		const form = await superValidate(event.request, zod4(closeSchema));
		if (!form.valid) return fail(400, { error: 'Reload the page and try again.' });
		try {
			await sendPurchaseOrder(actor, event.params.poId, form.data);
		} catch (caught) {
			return failAction(caught);
		}
		return { notice: 'Sent. The workshop has the PDF by e-mail and acknowledges the PO in Bezel with its promised dates.' };
	},
	duplicate: async (event) => {
		const actor = requireActor(event);
		let copy: string;
		try {
			({ poId: copy } = await duplicatePurchaseOrder(actor, event.params.poId));
		} catch (caught) {
			return failAction(caught);
		}
		redirect(303, `/purchase-orders/${copy}?duplicated=1`);
	},
	cancel: async (event) => {
		const actor = requireActor(event);
		const form = await superValidate(event.request, zod4(cancelSchema), { id: 'cancel' });
		if (!form.valid) return fail(400, { form });
		try {
			await cancelPurchaseOrder(actor, event.params.poId, form.data);
		} catch (caught) {
			return failForm(form, caught);
		}
		return { form, notice: 'Purchase order cancelled. If it had been sent, the workshop was told why by e-mail.' };
	},
	close: async (event) => {
		const actor = requireActor(event);
		const form = await superValidate(event.request, zod4(closeSchema));
		if (!form.valid) return fail(400, { error: 'Reload the page and try again.' });
		try {
			await closePurchaseOrder(actor, event.params.poId, form.data);
		} catch (caught) {
			return failAction(caught);
		}
		return { notice: 'Purchase order closed.' };
	},
	decide: async (event) => {
		const actor = requireActor(event);
		const form = await superValidate(event.request, zod4(changeDecisionSchema), { id: 'decide' });
		if (!form.valid) {
			form.message = { tone: 'error', text: 'Accept or reject each request, then send your decisions.' };
			return fail(400, { form });
		}
		let revised: boolean;
		try {
			({ revised } = await decideChangeRequests(actor, event.params.poId, form.data));
		} catch (caught) {
			return failForm(form, caught);
		}
		return {
			form,
			notice: revised
				? 'Decisions sent. The accepted changes went to the workshop as a new revision to acknowledge.'
				: 'Decisions sent. The PO went back to the workshop to acknowledge as it is.'
		};
	},
	addAttachment: async (event) => {
		const actor = requireActor(event);
		const form = await superValidate(event.request, zod4(poAttachmentFormSchema), { id: 'attachment' });
		if (!form.valid) return fail(400, withFiles({ form }));
		try {
			const upload = await checkPurchaseOrderFile(form.data.file);
			await addPurchaseOrderAttachment(actor, event.params.poId, upload, form.data.title);
		} catch (caught) {
			return failForm(form, caught);
		}
		return withFiles(message(form, { tone: 'success', text: `“${form.data.title || form.data.file.name}” attached.` }));
	},
	removeAttachment: async (event) => {
		const actor = requireActor(event);
		const form = await superValidate(event.request, zod4(poAttachmentRefSchema));
		if (!form.valid) return fail(400, { error: 'That file does not exist.' });
		try {
			await removePurchaseOrderAttachment(actor, event.params.poId, form.data.attachmentId);
		} catch (caught) {
			return failAction(caught);
		}
		return { notice: 'File removed.' };
	}
};
