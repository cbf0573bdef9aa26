/**
 * The custom-order forms and actions for the ops pages and the designer's page. Actions parse with
 * the domain schemas, check files by their bytes, call the service and answer with a sentence;
 * business rules stay in the service.
 */
import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { message, superValidate, withFiles } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { z } from 'zod';
import { MAX_FILES_PER_VERSION } from '#lib/domain/custom-orders/reference.ts';
import {
	assignDesignerSchema,
	cancelCustomOrderSchema,
	completeCustomOrderSchema,
	customOrderFormSchema,
	designVersionSchema,
	inspirationRefSchema,
	paymentRefSchema,
	productionOrderSchema,
	recordPaymentSchema,
	schedulePaymentSchema,
	versionDecisionSchema,
	type CustomOrderForm
} from '#lib/domain/custom-orders/schemas.ts';
import { minorToDecimalString } from '#lib/domain/money.ts';
import { todayIso } from '#lib/domain/purchase-orders/schemas.ts';
import { failAction, failForm, requireActor } from '#lib/server/http.ts';
import { MAX_PHOTOS_PER_UPDATE } from '#lib/server/production/photos.ts';
import { processDesignFiles, processInspirationImages } from './files.ts';
import type { CustomOrderRow } from './queries.ts';
import {
	addInspirationImages,
	assignDesigner,
	cancelCustomOrder,
	completeCustomOrder,
	createCustomOrder,
	createProductionOrder,
	decideDesignVersion,
	recordPayment,
	removeInspirationImage,
	removePayment,
	schedulePayment,
	submitDesignVersion,
	updateCustomOrder,
	type CustomOrderView
} from './service.ts';

// ---------------------------------------------------------------- form schemas with files

const images = z
	.array(z.instanceof(File, { message: 'Choose the image again.' }))
	.max(MAX_PHOTOS_PER_UPDATE, `Add at most ${MAX_PHOTOS_PER_UPDATE} images at a time.`)
	.optional()
	.default([]);

/** The new brief with its inspiration images. */
export const newCustomOrderFormSchema = customOrderFormSchema.extend({ images });
export const inspirationFormSchema = z.object({ images });

/** A design version as the designer's phone or computer posts it. */
export const versionUploadSchema = designVersionSchema.extend({
	files: z
		.array(z.instanceof(File, { message: 'Choose the file again.' }))
		.max(MAX_FILES_PER_VERSION, `A version holds at most ${MAX_FILES_PER_VERSION} files.`)
		.optional()
		.default([])
});

/** A file input left empty still posts one nameless, empty file. */
function withoutEmptyFiles(formData: FormData, name: string): FormData {
	const files = formData.getAll(name).filter((entry): entry is File => typeof entry !== 'string' && entry.size > 0);
	formData.delete(name);
	for (const file of files) formData.append(name, file);
	return formData;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

// ---------------------------------------------------------------- the brief

/** The brief's typed values: money as decimal text. */
export function briefValues(order: CustomOrderRow): CustomOrderForm {
	return {
		title: order.title,
		clientName: order.clientName,
		clientContact: order.clientContact,
		currency: order.currency,
		budget: order.budgetMinor === null ? '' : minorToDecimalString(order.budgetMinor, order.currency),
		alloy: order.alloy,
		stones: order.stones,
		size: order.size,
		brief: order.brief,
		dueDate: order.dueDate ?? '',
		version: order.version
	};
}

export async function newBriefForm(currency: string) {
	return superValidate(
		{
			title: '',
			clientName: '',
			clientContact: '',
			currency,
			budget: '',
			alloy: '',
			stones: '',
			size: '',
			brief: '',
			dueDate: '',
			version: 0,
			images: []
		},
		zod4(newCustomOrderFormSchema),
		{ errors: false }
	);
}

export async function createBrief(event: RequestEvent) {
	const actor = requireActor(event);
	const form = await superValidate(withoutEmptyFiles(await event.request.formData(), 'images'), zod4(newCustomOrderFormSchema));
	if (!form.valid) {
		form.message = { tone: 'error', text: 'Some fields need attention: see the messages beside them.' };
		return fail(400, withFiles({ form }));
	}
	let orderId: string;
	try {
		const { images: files, ...brief } = form.data;
		const processed = await processInspirationImages(files);
		({ orderId } = await createCustomOrder(actor, brief, processed));
	} catch (caught) {
		return failForm(form, caught);
	}
	redirect(303, `/custom-orders/${orderId}?created=1`);
}

export async function editBrief(event: RequestEvent, orderId: string) {
	const actor = requireActor(event);
	const form = await superValidate(event.request, zod4(customOrderFormSchema));
	if (!form.valid) {
		form.message = { tone: 'error', text: 'Some fields need attention: see the messages beside them.' };
		return fail(400, { form });
	}
	try {
		await updateCustomOrder(actor, orderId, form.data);
	} catch (caught) {
		return failForm(form, caught);
	}
	redirect(303, `/custom-orders/${orderId}?saved=1`);
}

// ---------------------------------------------------------------- the ops order page

/** The forms of the ops order page, each shown only when it can be used. */
export async function orderPageForms(view: CustomOrderView, options: { canEdit: boolean; canPay: boolean; defaultShipTo: string }) {
	const { order } = view;
	const can = (event: CustomOrderView['allowed'][number]) => options.canEdit && view.allowed.includes(event);
	const waiting = view.versions.find((v) => v.status === 'submitted');
	return {
		assignForm: can('assign_designer')
			? await superValidate({ vendorId: order.vendorId ?? '', version: order.version }, zod4(assignDesignerSchema), {
					id: 'assign',
					errors: false
				})
			: null,
		decisionForm:
			can('approve_version') && waiting
				? await superValidate(
						// no decision preselected: the answer is deliberate
						{ versionId: waiting.id, decision: '' as unknown as 'approve', comment: '', channel: '', decidedOn: todayIso() },
						zod4(versionDecisionSchema),
						{ id: 'decision', errors: false }
					)
				: null,
		productionForm: can('order_production')
			? await superValidate(
					{ vendorId: '', dueDate: order.dueDate ?? '', quantity: 1, laborPrice: '', shipTo: options.defaultShipTo, notes: '' },
					zod4(productionOrderSchema),
					{ id: 'production', errors: false }
				)
			: null,
		paymentForm:
			options.canPay && order.status !== 'cancelled'
				? await superValidate(
						{ kind: undefined as unknown as 'deposit', amount: '', dueDate: '', paidOn: '', reference: '', note: '' },
						zod4(schedulePaymentSchema),
						{ id: 'payment', errors: false }
					)
				: null,
		imagesForm: can('add_images') ? await superValidate(zod4(inspirationFormSchema), { id: 'images' }) : null,
		cancelForm: can('cancel')
			? await superValidate({ reason: '', version: order.version }, zod4(cancelCustomOrderSchema), { id: 'cancel', errors: false })
			: null
	};
}

/** The ops order page's actions; `orderIdOf` reads the route's parameter. */
export function orderActions(orderIdOf: (event: RequestEvent) => string) {
	return {
		assign: async (event: RequestEvent) => {
			const actor = requireActor(event);
			const form = await superValidate(event.request, zod4(assignDesignerSchema), { id: 'assign' });
			if (!form.valid) return fail(400, { form });
			let designerName: string;
			try {
				({ designerName } = await assignDesigner(actor, orderIdOf(event), form.data));
			} catch (caught) {
				return failForm(form, caught);
			}
			return message(form, { tone: 'success', text: `${designerName} is the designer now. Its people have the brief by e-mail.` });
		},
		decide: async (event: RequestEvent) => {
			const actor = requireActor(event);
			const form = await superValidate(event.request, zod4(versionDecisionSchema), { id: 'decision' });
			if (!form.valid) {
				form.message = { tone: 'error', text: 'Choose your answer and fill in what it needs: see the messages beside the fields.' };
				return fail(400, { form });
			}
			let versionNo: number;
			try {
				({ versionNo } = await decideDesignVersion(actor, orderIdOf(event), form.data));
			} catch (caught) {
				return failForm(form, caught);
			}
			const text =
				form.data.decision === 'approve'
					? `Version ${versionNo} approved: the design is locked. Draft the production PO below.`
					: `Changes asked on version ${versionNo}. The designer has your comment by e-mail.`;
			// the form leaves the page with the waiting version: the page shows the sentence
			form.message = { tone: 'success', text };
			return { form, notice: text };
		},
		production: async (event: RequestEvent) => {
			const actor = requireActor(event);
			const form = await superValidate(event.request, zod4(productionOrderSchema), { id: 'production' });
			if (!form.valid) {
				form.message = { tone: 'error', text: 'The production order needs attention: see the messages beside the fields.' };
				return fail(400, { form });
			}
			let poId: string;
			try {
				({ poId } = await createProductionOrder(actor, orderIdOf(event), form.data));
			} catch (caught) {
				return failForm(form, caught);
			}
			redirect(303, `/purchase-orders/${poId}?created=1`);
		},
		complete: async (event: RequestEvent) => {
			const actor = requireActor(event);
			const form = await superValidate(event.request, zod4(completeCustomOrderSchema));
			if (!form.valid) return fail(400, { error: 'Reload the page and try again.' });
			try {
				await completeCustomOrder(actor, orderIdOf(event), form.data);
			} catch (caught) {
				return failAction(caught);
			}
			return { notice: 'Marked delivered: the order is completed.' };
		},
		cancel: async (event: RequestEvent) => {
			const actor = requireActor(event);
			const form = await superValidate(event.request, zod4(cancelCustomOrderSchema), { id: 'cancel' });
			if (!form.valid) return fail(400, { form });
			try {
				await cancelCustomOrder(actor, orderIdOf(event), form.data);
			} catch (caught) {
				return failForm(form, caught);
			}
			const text = 'Order cancelled. A designer still working on it was told by e-mail.';
			form.message = { tone: 'success', text };
			return { form, notice: text };
		},
		schedulePayment: async (event: RequestEvent) => {
			const actor = requireActor(event);
			const form = await superValidate(event.request, zod4(schedulePaymentSchema), { id: 'payment' });
			if (!form.valid) return fail(400, { form });
			try {
				await schedulePayment(actor, orderIdOf(event), form.data);
			} catch (caught) {
				return failForm(form, caught);
			}
			return message(form, { tone: 'success', text: form.data.paidOn ? 'Payment recorded.' : 'Payment added to the schedule.' });
		},
		recordPayment: async (event: RequestEvent) => {
			const actor = requireActor(event);
			const form = await superValidate(event.request, zod4(recordPaymentSchema));
			if (!form.valid) {
				const first = Object.values(form.errors).flat()[0];
				return fail(400, { error: typeof first === 'string' ? first : 'Enter the day it was paid.' });
			}
			try {
				await recordPayment(actor, orderIdOf(event), form.data);
			} catch (caught) {
				return failAction(caught);
			}
			return { notice: 'Payment recorded as paid.' };
		},
		removePayment: async (event: RequestEvent) => {
			const actor = requireActor(event);
			const form = await superValidate(event.request, zod4(paymentRefSchema));
			if (!form.valid) return fail(400, { error: 'That payment does not exist.' });
			try {
				await removePayment(actor, orderIdOf(event), form.data.paymentId);
			} catch (caught) {
				return failAction(caught);
			}
			return { notice: 'Payment removed from the schedule.' };
		},
		addImages: async (event: RequestEvent) => {
			const actor = requireActor(event);
			const form = await superValidate(withoutEmptyFiles(await event.request.formData(), 'images'), zod4(inspirationFormSchema), {
				id: 'images'
			});
			if (!form.valid) return fail(400, withFiles({ form }));
			try {
				await addInspirationImages(actor, orderIdOf(event), await processInspirationImages(form.data.images));
			} catch (caught) {
				return failForm(form, caught);
			}
			return withFiles(message(form, { tone: 'success', text: `${plural(form.data.images.length, 'image')} added to the brief.` }));
		},
		removeImage: async (event: RequestEvent) => {
			const actor = requireActor(event);
			const form = await superValidate(event.request, zod4(inspirationRefSchema));
			if (!form.valid) return fail(400, { error: 'That image does not exist.' });
			try {
				await removeInspirationImage(actor, orderIdOf(event), form.data.imageId);
			} catch (caught) {
				return failAction(caught);
			}
			return { notice: 'Image removed from the brief.' };
		}
	};
}

// ---------------------------------------------------------------- the designer's page

export async function versionUploadForm() {
	return superValidate(zod4(versionUploadSchema), { id: 'version' });
}

/** The designer's upload: every file checked by its bytes before anything is stored. */
export function designerActions(orderIdOf: (event: RequestEvent) => string) {
	return {
		upload: async (event: RequestEvent) => {
			const actor = requireActor(event);
			const form = await superValidate(withoutEmptyFiles(await event.request.formData(), 'files'), zod4(versionUploadSchema), {
				id: 'version'
			});
			if (!form.valid) return fail(400, withFiles({ form }));
			let versionNo: number;
			try {
				const files = await processDesignFiles(form.data.files);
				({ versionNo } = await submitDesignVersion(actor, orderIdOf(event), { note: form.data.note }, files));
			} catch (caught) {
				return failForm(form, caught);
			}
			return withFiles(
				message(form, {
					tone: 'success',
					text: `Version ${versionNo} sent with ${plural(form.data.files.length, 'file')}. The brand is told by e-mail and answers here.`
				})
			);
		}
	};
}
