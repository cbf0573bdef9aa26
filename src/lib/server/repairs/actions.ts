/**
 * The repair forms and actions between the browser and the repairs service, shared by the brand's
 * intake and repair pages and the workshop's repair page. Actions parse with the domain schemas,
 * re-encode photos, call the service and answer the form with a sentence; business rules stay in the
 * service. Also the small reads the route files need and the service does not offer: the QR code's
 * lookup by number, the envelope PDF, the CSV answer and the counts on the two home pages.
 */
import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { message, superValidate, withFiles } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { z } from 'zod';
import { formatMoney, minorToDecimalString } from '#lib/domain/money.ts';
import { estimateStateOf, REPAIR_NUMBER_PATTERN, gramsText, repairWorkKindLabels } from '#lib/domain/repairs/reference.ts';
import {
	assignRepairSchema,
	cancelRepairSchema,
	estimateDecisionSchema,
	finalPriceSchema,
	markReceivedSchema,
	repairEstimateSchema,
	repairIntakeSchema,
	repairIntakeUpdateSchema,
	repairListQuerySchema,
	repairPhotoStageSchema,
	repairStepSchema,
	resolveDiscrepancySchema,
	returnCheckSchema,
	shipBackSchema,
	todayIso,
	MAX_ESTIMATE_LINES,
	type RepairListQuery
} from '#lib/domain/repairs/schemas.ts';
import { allowedRepairEvents, type EstimateState, type RepairStatus } from '#lib/domain/repairs/status.ts';
import { mgToGramsString } from '#lib/format/weight.ts';
import { requireSignedIn, requireStaff, withActor, type Actor } from '#lib/server/auth/actor.ts';
import { repairJob } from '#lib/server/db/schema/index.ts';
import { compiledSelect } from '#lib/server/db/compiled.ts';
import { notFound } from '#lib/server/errors.ts';
import { readFileForActor } from '#lib/server/files/service.ts';
import { failForm, inlinePdf, requireActor } from '#lib/server/http.ts';
import { renderRepairEnvelopePdf } from '#lib/server/pdf/repair-envelope.ts';
import { getPlatform } from '#lib/server/platform.ts';
import { MAX_PHOTOS_PER_UPDATE, processJobPhotos } from '#lib/server/production/photos.ts';
import { selectBrandSettings } from '#lib/server/settings/queries.ts';
import { overdueCondition } from './queries.ts';
import {
	addRepairPhotos,
	assignRepair,
	cancelRepair,
	checkReturn,
	closeRepair,
	createRepair,
	decideEstimate,
	exportRepairsCsv,
	getRepair,
	markDone,
	markReceived,
	recordFinalPrice,
	resolveDiscrepancy,
	shipBack,
	startWork,
	submitEstimate,
	updateRepairIntake,
	type RepairView
} from './service.ts';
import { fixedLimit } from '#lib/server/db/fixed-limit.ts';

// ---------------------------------------------------------------- schemas of the forms

const photosField = z
	.array(z.instanceof(File, { message: 'Choose the photo again.' }))
	.max(MAX_PHOTOS_PER_UPDATE, `Add at most ${MAX_PHOTOS_PER_UPDATE} photos at a time; add the rest afterwards.`)
	.optional()
	.default([]);

/** The intake as ops types it, with the photos of the piece. */
export const intakeFormSchema = repairIntakeSchema.safeExtend({ photos: photosField });
export type IntakeForm = z.infer<typeof intakeFormSchema>;

/** The brand's answer to the workshop's estimate; the estimate is the one the person saw. */
export const decisionFormSchema = estimateDecisionSchema.safeExtend({
	estimateId: z.uuid({ error: 'Reload the page: that estimate is no longer there.' })
});

export const returnCheckFormSchema = returnCheckSchema.extend({ photos: photosField });

export const photoFormSchema = z.object({
	stage: repairPhotoStageSchema,
	caption: z.string().trim().max(300, 'Keep the caption under 300 characters.').optional().default(''),
	photos: photosField.refine((photos) => photos.length > 0, 'Take or choose at least one photo.')
});

/** The carrier is one from the list, or "other" with its name typed beside it. */
export const shipBackFormSchema = z
	.object({
		carrier: z.string().trim().max(80, 'Keep the carrier under 80 characters.').optional().default(''),
		otherCarrier: z.string().trim().max(80, 'Keep the carrier under 80 characters.').optional().default(''),
		trackingNumber: shipBackSchema.shape.trackingNumber,
		shippedOn: shipBackSchema.shape.shippedOn,
		version: shipBackSchema.shape.version
	})
	.superRefine((form, ctx) => {
		if (form.carrier === '') ctx.addIssue({ code: 'custom', path: ['carrier'], message: 'Choose the carrier.' });
		if (form.carrier === 'other' && form.otherCarrier === '')
			ctx.addIssue({ code: 'custom', path: ['otherCarrier'], message: 'Enter the carrier’s name, like the courier company.' });
	});
export type ShipBackForm = z.infer<typeof shipBackFormSchema>;

export const estimateFormSchema = repairEstimateSchema;
export type EstimateForm = z.infer<typeof estimateFormSchema>;

/** Without JavaScript the estimate shows this many line rows; blank ones are left out. */
export const BLANK_ESTIMATE_LINES = 5;

const adapters = {
	intake: zod4(intakeFormSchema),
	intakeEdit: zod4(repairIntakeUpdateSchema),
	assign: zod4(assignRepairSchema),
	cancel: zod4(cancelRepairSchema),
	decision: zod4(decisionFormSchema),
	returnCheck: zod4(returnCheckFormSchema),
	resolve: zod4(resolveDiscrepancySchema),
	step: zod4(repairStepSchema),
	photos: zod4(photoFormSchema),
	receive: zod4(markReceivedSchema),
	estimate: zod4(estimateFormSchema),
	shipBack: zod4(shipBackFormSchema),
	finalPrice: zod4(finalPriceSchema)
};

// ---------------------------------------------------------------- from the browser to the service

/** The list's address bar; anything odd falls back to its default rather than an error page. */
export function parseRepairListQuery(params: URLSearchParams): RepairListQuery {
	return repairListQuerySchema.parse(Object.fromEntries(params));
}

/** The camera input and the library input share a name; the one not used posts an empty file. */
function withoutEmptyFiles(formData: FormData, name = 'photos'): FormData {
	const files = formData.getAll(name).filter((entry): entry is File => typeof entry !== 'string' && entry.size > 0);
	formData.delete(name);
	for (const file of files) formData.append(name, file);
	return formData;
}

const lineField = /^lines\[(\d{1,2})\]\.(description|price)$/;

/**
 * The estimate as a plain form posts it (no JavaScript): `lines[i].description` and `lines[i].price`
 * for a fixed number of rows, of which the blank ones are left out.
 */
export function estimateFromFormData(formData: FormData): z.input<typeof estimateFormSchema> {
	const rows = new Map<number, { description: string; price: string }>();
	for (const [key, value] of formData.entries()) {
		const match = lineField.exec(key);
		if (!match || typeof value !== 'string') continue;
		const index = Number(match[1]);
		const row = rows.get(index) ?? { description: '', price: '' };
		row[match[2] as 'description' | 'price'] = value;
		rows.set(index, row);
	}
	const text = (name: string) => {
		const value = formData.get(name);
		return typeof value === 'string' ? value : '';
	};
	return {
		lines: [...rows.entries()]
			.sort(([a], [b]) => a - b)
			.map(([, row]) => row)
			.filter((row) => row.description.trim() !== '' || row.price.trim() !== '')
			.slice(0, MAX_ESTIMATE_LINES + 1),
		days: text('days') as unknown as number,
		note: text('note')
	};
}

/** With JavaScript the estimate posts JSON (lines added and removed); without it, the fixed rows. */
function readEstimateForm(formData: FormData) {
	return formData.has('__superform_json')
		? superValidate(formData, adapters.estimate, { id: 'estimate' })
		: superValidate(estimateFromFormData(formData) as EstimateForm, adapters.estimate, { id: 'estimate' });
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const needsAttention = 'Some fields need attention: see the messages beside them.';

// ---------------------------------------------------------------- forms for the pages

/** The intake form's values from a repair as the brand sees it (for corrections before assignment). */
export function intakeValues(view: RepairView) {
	const { repair, customer } = view;
	return {
		customerName: customer?.name ?? '',
		customerContact: customer?.contact ?? '',
		orderReference: customer?.orderReference ?? '',
		description: repair.description,
		stamps: repair.stamps,
		intakeWeight: mgToGramsString(repair.intakeWeightMg),
		intakeStoneCount: repair.intakeStoneCount,
		conditionNotes: repair.conditionNotes,
		currency: repair.currency,
		declaredValue: minorToDecimalString(repair.declaredValueMinor, repair.currency),
		requestedWork: [...repair.requestedWork],
		workNotes: repair.workNotes,
		promisedToCustomer: repair.promisedToCustomer ?? '',
		version: repair.version
	};
}

/** A blank intake in the brand's home currency. */
export function newIntakeForm(homeCurrency: string) {
	return superValidate(
		{
			customerName: '',
			customerContact: '',
			orderReference: '',
			description: '',
			stamps: '',
			intakeWeight: '',
			intakeStoneCount: 0,
			conditionNotes: '',
			currency: homeCurrency,
			declaredValue: '',
			requestedWork: [],
			workNotes: '',
			promisedToCustomer: '',
			photos: []
		},
		adapters.intake,
		{ id: 'intake', errors: false }
	);
}

const photoForm = (stage: RepairView['photoStages'][number]) =>
	superValidate({ stage, caption: '', photos: [] }, adapters.photos, { id: 'photos', errors: false });

/**
 * The brand's forms for this repair, only those whose step is possible now; null for people who may
 * only read (finance). The version is the one loaded: a change meanwhile answers with a sentence.
 */
export async function brandRepairForms(view: RepairView, canEdit: boolean) {
	if (!canEdit) return null;
	const can = (event: RepairView['allowed'][number]) => view.allowed.includes(event);
	const version = view.repair.version;
	const estimate = view.currentEstimate;
	return {
		intake: can('edit_intake') ? await superValidate(intakeValues(view), adapters.intakeEdit, { id: 'intake', errors: false }) : null,
		assign:
			can('assign') || can('reassign')
				? await superValidate({ vendorId: '', version }, adapters.assign, { id: 'assign', errors: false })
				: null,
		decision:
			estimate && estimate.outcome === 'submitted' && can('approve_estimate')
				? await superValidate(
						// no decision preselected: the customer's answer is chosen deliberately
						{ estimateId: estimate.id, decision: undefined as unknown as 'approve', customerDecision: '', note: '' },
						adapters.decision,
						{ id: 'decision', errors: false }
					)
				: null,
		returnCheck:
			can('check_return') || can('check_return_flagged')
				? await superValidate(
						{ returnWeight: '', returnStoneCount: view.repair.intakeStoneCount, notes: '', version, photos: [] },
						adapters.returnCheck,
						{ id: 'returnCheck', errors: false }
					)
				: null,
		resolve: can('resolve_discrepancy')
			? await superValidate({ note: '', version }, adapters.resolve, { id: 'resolve', errors: false })
			: null,
		close: can('close') ? await superValidate({ version }, adapters.step, { id: 'close', errors: false }) : null,
		cancel: can('cancel') ? await superValidate({ reason: '', version }, adapters.cancel, { id: 'cancel', errors: false }) : null,
		photos: view.photoStages.length > 0 ? await photoForm(view.photoStages.at(-1)!) : null
	};
}
export type BrandRepairForms = NonNullable<Awaited<ReturnType<typeof brandRepairForms>>>;

/** The workshop's forms for this repair: the steps possible now (start work also while it waits, to say why not). */
export async function workshopRepairForms(view: RepairView) {
	const can = (event: RepairView['allowed'][number]) => view.allowed.includes(event);
	const version = view.repair.version;
	const today = todayIso();
	const status = view.repair.status;
	return {
		receive: can('receive')
			? await superValidate({ receivedOn: today, version }, adapters.receive, { id: 'receive', errors: false })
			: null,
		estimate: can('submit_estimate')
			? await superValidate({ lines: [{ description: '', price: '' }], days: 1, note: '' }, adapters.estimate, {
					id: 'estimate',
					errors: false
				})
			: null,
		start:
			can('start_work') || status === 'received' ? await superValidate({ version }, adapters.step, { id: 'start', errors: false }) : null,
		done: can('finish') ? await superValidate({ version }, adapters.step, { id: 'done', errors: false }) : null,
		shipBack: can('ship_back')
			? await superValidate({ carrier: '', otherCarrier: '', trackingNumber: '', shippedOn: today, version }, adapters.shipBack, {
					id: 'shipBack',
					errors: false
				})
			: null,
		finalPrice: can('record_final_price')
			? await superValidate(
					{
						finalPrice: view.repair.finalPriceMinor === null ? '' : minorToDecimalString(view.repair.finalPriceMinor, view.repair.currency),
						note: '',
						version
					},
					adapters.finalPrice,
					{ id: 'finalPrice', errors: false }
				)
			: null,
		photos: view.photoStages.includes('workshop') ? await photoForm('workshop') : null
	};
}
export type WorkshopRepairForms = Awaited<ReturnType<typeof workshopRepairForms>>;

// ---------------------------------------------------------------- actions

type RepairIdOf = (event: RequestEvent) => string;

/** The intake page: the repair is created with its photos and the person lands on its page. */
export function intakeActions() {
	return {
		default: async (event: RequestEvent) => {
			const actor = requireActor(event);
			const formData = withoutEmptyFiles(await event.request.formData());
			const form = await superValidate(formData, adapters.intake, { id: 'intake' });
			if (!form.valid) {
				form.message = { tone: 'error', text: needsAttention };
				return fail(400, withFiles({ form }));
			}
			let repairId: string;
			try {
				// every photo is checked and re-encoded before anything is stored
				const { photos: files, ...intake } = form.data;
				const photos = await processJobPhotos(files);
				({ repairId } = await createRepair(actor, intake, photos));
			} catch (caught) {
				return failForm(form, caught);
			}
			redirect(303, `/repairs/${repairId}?created=1`);
		}
	};
}

/** The photo form of either side. */
async function photosAction(event: RequestEvent, repairId: string) {
	const actor = requireActor(event);
	const formData = withoutEmptyFiles(await event.request.formData());
	const form = await superValidate(formData, adapters.photos, { id: 'photos' });
	if (!form.valid) return fail(400, withFiles({ form }));
	let added: number;
	try {
		const photos = await processJobPhotos(form.data.photos);
		({ added } = await addRepairPhotos(actor, repairId, form.data.stage, photos, form.data.caption));
	} catch (caught) {
		return failForm(form, caught);
	}
	return withFiles(message(form, { tone: 'success', text: `${plural(added, 'photo')} added.` }));
}

/** The brand's repair page: every ops step. */
export function brandRepairActions(repairIdOf: RepairIdOf) {
	return {
		intake: async (event: RequestEvent) => {
			const actor = requireActor(event);
			const form = await superValidate(event.request, adapters.intakeEdit, { id: 'intake' });
			if (!form.valid) {
				form.message = { tone: 'error', text: needsAttention };
				return fail(400, { form });
			}
			try {
				await updateRepairIntake(actor, repairIdOf(event), form.data);
			} catch (caught) {
				return failForm(form, caught);
			}
			return message(form, { tone: 'success', text: 'Intake saved. Print the envelope again if you had printed it.' });
		},
		assign: async (event: RequestEvent) => {
			const actor = requireActor(event);
			const form = await superValidate(event.request, adapters.assign, { id: 'assign' });
			if (!form.valid) return fail(400, { form });
			const repairId = repairIdOf(event);
			let result;
			try {
				result = await assignRepair(actor, repairId, form.data);
			} catch (caught) {
				return failForm(form, caught);
			}
			const after = await getRepair(actor, repairId);
			const name = after.workshop?.name ?? 'the workshop';
			// a second assignment is a move from one workshop to another
			const moved = after.events.filter((e) => e.kind === 'assigned').length > 1;
			const text = result.alreadyDone
				? `${name} already has this repair; nothing was changed.`
				: moved
					? `Moved to ${name}. Both workshops are told by e-mail; send the piece to ${name} with its envelope.`
					: `Given to ${name}. They are told by e-mail and see the job with its photos in Bezel. Send the piece with its envelope.`;
			return message(form, { tone: 'success', text });
		},
		decide: async (event: RequestEvent) => {
			const actor = requireActor(event);
			const form = await superValidate(event.request, adapters.decision, { id: 'decision' });
			if (!form.valid) return fail(400, { form });
			let result;
			try {
				result = await decideEstimate(actor, form.data.estimateId, form.data);
			} catch (caught) {
				return failForm(form, caught);
			}
			const text = result.alreadyDone
				? 'That decision had already been recorded; nothing was changed.'
				: {
						approve: 'Estimate approved. The workshop is told by e-mail and may start once it has the piece.',
						decline: 'Estimate declined. The workshop is told to ship the piece back unrepaired.',
						new_estimate: 'The workshop is asked for a new estimate by e-mail.'
					}[form.data.decision];
			return message(form, { tone: 'success', text });
		},
		cancel: async (event: RequestEvent) => {
			const actor = requireActor(event);
			const form = await superValidate(event.request, adapters.cancel, { id: 'cancel' });
			if (!form.valid) return fail(400, { form });
			let result;
			try {
				result = await cancelRepair(actor, repairIdOf(event), form.data);
			} catch (caught) {
				return failForm(form, caught);
			}
			const text = result.alreadyDone
				? 'The repair had already been cancelled.'
				: 'Repair cancelled. If a workshop had it, they are told by e-mail to do no work on it.';
			return message(form, { tone: 'success', text });
		},
		checkReturn: async (event: RequestEvent) => {
			const actor = requireActor(event);
			const formData = withoutEmptyFiles(await event.request.formData());
			const form = await superValidate(formData, adapters.returnCheck, { id: 'returnCheck' });
			if (!form.valid) return fail(400, withFiles({ form }));
			let result;
			try {
				const photos = await processJobPhotos(form.data.photos);
				result = await checkReturn(actor, repairIdOf(event), { ...form.data, photos });
			} catch (caught) {
				return failForm(form, caught);
			}
			return withFiles(
				message(
					form,
					result.discrepancy
						? // the difference itself is shown in words beside the resolve form
							{ tone: 'warning', text: 'Return check saved, and a difference was found: resolve it with a note before closing.' }
						: { tone: 'success', text: 'The piece came back as it went: weight and stones match the intake. You can close the repair.' }
				)
			);
		},
		resolve: async (event: RequestEvent) => {
			const actor = requireActor(event);
			const form = await superValidate(event.request, adapters.resolve, { id: 'resolve' });
			if (!form.valid) return fail(400, { form });
			let result;
			try {
				result = await resolveDiscrepancy(actor, repairIdOf(event), form.data);
			} catch (caught) {
				return failForm(form, caught);
			}
			const text = result.alreadyDone
				? 'The difference had already been resolved; nothing was changed.'
				: 'Difference resolved. You can close the repair now.';
			return message(form, { tone: 'success', text });
		},
		close: async (event: RequestEvent) => {
			const actor = requireActor(event);
			const form = await superValidate(event.request, adapters.step, { id: 'close' });
			if (!form.valid) return fail(400, { form });
			let result;
			try {
				result = await closeRepair(actor, repairIdOf(event), form.data);
			} catch (caught) {
				return failForm(form, caught);
			}
			return message(form, {
				tone: 'success',
				text: result.alreadyDone ? 'The repair was already closed.' : 'Repair closed. Give the piece back to the customer.'
			});
		},
		photos: (event: RequestEvent) => photosAction(event, repairIdOf(event))
	};
}

/** The workshop's repair page: receive, estimate, work, ship back, final price, bench photos. */
export function workshopRepairActions(repairIdOf: RepairIdOf) {
	/** A step that only needs the version the person loaded. */
	const step = (id: 'start' | 'done', run: typeof startWork, words: { done: string; again: string }) => async (event: RequestEvent) => {
		const actor = requireActor(event);
		const form = await superValidate(event.request, adapters.step, { id });
		if (!form.valid) return fail(400, { form });
		let result;
		try {
			result = await run(actor, repairIdOf(event), form.data);
		} catch (caught) {
			return failForm(form, caught);
		}
		return message(form, { tone: 'success', text: result.alreadyDone ? words.again : words.done });
	};
	return {
		receive: async (event: RequestEvent) => {
			const actor = requireActor(event);
			const form = await superValidate(event.request, adapters.receive, { id: 'receive' });
			if (!form.valid) return fail(400, { form });
			let result;
			try {
				result = await markReceived(actor, repairIdOf(event), form.data);
			} catch (caught) {
				return failForm(form, caught);
			}
			const text = result.alreadyDone
				? 'The piece was already marked received.'
				: 'Marked received. Check the piece against the intake facts, then send your estimate.';
			return message(form, { tone: 'success', text });
		},
		estimate: async (event: RequestEvent) => {
			const actor = requireActor(event);
			const form = await readEstimateForm(await event.request.formData());
			if (!form.valid) {
				form.message = { tone: 'error', text: needsAttention };
				return fail(400, { form });
			}
			const repairId = repairIdOf(event);
			let result;
			try {
				result = await submitEstimate(actor, repairId, form.data);
			} catch (caught) {
				return failForm(form, caught);
			}
			if (result.alreadyDone) return message(form, { tone: 'info', text: 'This estimate had already been sent; nothing was changed.' });
			const view = await getRepair(actor, repairId);
			const total = view.currentEstimate ? formatMoney(view.currentEstimate.totalMinor, view.currentEstimate.currency) : '';
			return message(form, {
				tone: 'success',
				text: `Estimate sent${total ? `: ${total}, ${plural(form.data.days, 'day')}` : ''}. The brand asks the customer and answers in Bezel; you are told by e-mail.`
			});
		},
		start: step('start', startWork, {
			done: 'Work started. Mark it done when the piece is ready to go back.',
			again: 'Work had already started.'
		}),
		done: step('done', markDone, {
			done: 'Marked done. Ship the piece back and record the carrier and tracking number.',
			again: 'The work was already marked done.'
		}),
		shipBack: async (event: RequestEvent) => {
			const actor = requireActor(event);
			const form = await superValidate(event.request, adapters.shipBack, { id: 'shipBack' });
			if (!form.valid) return fail(400, { form });
			const other = form.data.carrier === 'other';
			let result;
			try {
				result = await shipBack(actor, repairIdOf(event), {
					carrier: other ? form.data.otherCarrier : form.data.carrier,
					trackingNumber: form.data.trackingNumber,
					shippedOn: form.data.shippedOn,
					version: form.data.version
				});
			} catch (caught) {
				return failForm(form, other ? moveFieldError(caught, 'carrier', 'otherCarrier') : caught);
			}
			const text = result.alreadyDone
				? 'This shipment was already recorded.'
				: 'Shipment recorded. The brand is told by e-mail with the tracking number.';
			return message(form, { tone: 'success', text });
		},
		finalPrice: async (event: RequestEvent) => {
			const actor = requireActor(event);
			const form = await superValidate(event.request, adapters.finalPrice, { id: 'finalPrice' });
			if (!form.valid) return fail(400, { form });
			let result;
			try {
				result = await recordFinalPrice(actor, repairIdOf(event), form.data);
			} catch (caught) {
				return failForm(form, caught);
			}
			const text = result.alreadyDone
				? 'That final price was already recorded.'
				: 'Final price recorded. The brand is told by e-mail; the approved estimate stays what was agreed.';
			return message(form, { tone: 'success', text });
		},
		photos: (event: RequestEvent) => photosAction(event, repairIdOf(event))
	};
}

/** A field message the service put on `from` belongs beside `to` in this form. */
function moveFieldError(caught: unknown, from: string, to: string): unknown {
	if (!(caught instanceof Error) || !('fields' in caught)) return caught;
	const fields = (caught as { fields: Record<string, string> }).fields;
	if (fields[from] !== undefined) {
		fields[to] = fields[from];
		delete fields[from];
	}
	return caught;
}

// ---------------------------------------------------------------- reads the routes need

/** Where the envelope's QR code points: the repair's id, for this person, or NotFound (another workshop's too). */
export async function findRepairByNumber(actor: Actor, number: string): Promise<{ id: string }> {
	requireSignedIn(actor);
	if (actor.kind === 'staff') requireStaff(actor);
	const wanted = number.trim().toUpperCase();
	if (!REPAIR_NUMBER_PATTERN.test(wanted)) throw notFound('That repair');
	const [row] = await withActor(actor, (tx) =>
		tx.select({ id: repairJob.id, vendorId: repairJob.vendorId }).from(repairJob).where(eq(repairJob.number, wanted)).limit(1)
	);
	// RLS hides another workshop's job already; this check is the first lock
	if (!row || (actor.kind === 'vendor' && row.vendorId !== actor.vendorId)) throw notFound('That repair');
	return { id: row.id };
}

/** The repair list as filtered on screen, every page, as CSV (UTF-8 with BOM so Excel reads accents). */
export async function repairsCsvResponse(event: RequestEvent): Promise<Response> {
	const actor = requireActor(event);
	const csv = await exportRepairsCsv(actor, parseRepairListQuery(event.url.searchParams));
	const day = todayIso();
	return new Response(`\uFEFF${csv}\r\n`, {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': `attachment; filename="bezel-repairs-${day}.csv"`,
			'X-Content-Type-Options': 'nosniff',
			'Cache-Control': 'private, no-store'
		}
	});
}

/**
 * The repair envelope printed at intake. Brand only: its counterfoil carries the customer's name.
 * The first intake photo goes on it (its thumbnail, which is plenty at that size).
 */
export async function repairEnvelopeResponse(event: RequestEvent, repairId: string): Promise<Response> {
	const actor = requireActor(event);
	requireStaff(actor);
	const view = await getRepair(actor, repairId);
	const { repair } = view;
	const { brandName } = await getRepairSettings(actor);
	const photo = view.photos.find((p) => p.stage === 'intake');
	const photoBytes = photo ? (await readFileForActor(actor, photo.thumbnailFileId).catch(() => null))?.bytes : undefined;
	const pdf = await renderRepairEnvelopePdf({
		number: repair.number,
		url: `${getPlatform().origin}/r/${repair.number}`,
		brandName,
		createdOn: repair.createdAt.toISOString().slice(0, 10),
		customerName: view.customer?.name ?? '',
		orderReference: view.customer?.orderReference ?? '',
		description: repair.description,
		stamps: repair.stamps,
		intakeWeight: gramsText(repair.intakeWeightMg),
		intakeStoneCount: repair.intakeStoneCount,
		conditionNotes: repair.conditionNotes,
		declaredValue: formatMoney(repair.declaredValueMinor, repair.currency),
		requestedWork: repair.requestedWork.map((kind) => repairWorkKindLabels[kind]),
		workNotes: repair.workNotes,
		promisedToCustomer: repair.promisedToCustomer,
		workshopName: view.workshop?.name ?? '',
		photo: photoBytes ?? undefined
	});
	return inlinePdf(pdf, `${repair.number}-envelope.pdf`);
}

/** The brand's settings a repair screen needs: the currency of a new intake and the turnaround target. */
export async function getRepairSettings(actor: Actor): Promise<{ homeCurrency: string; turnaroundDays: number; brandName: string }> {
	requireStaff(actor);
	const settings = await withActor(actor, (tx) => selectBrandSettings(tx));
	return { homeCurrency: settings.homeCurrency, turnaroundDays: settings.repairTurnaroundDays, brandName: settings.brandName };
}

// ---------------------------------------------------------------- counts for the home pages

export interface WorkshopRepairItem {
	id: string;
	number: string;
	description: string;
	status: RepairStatus;
	estimate: EstimateState;
}

/** The workshop home's repairs in work, compiled: the home page is the most visited one. */
const workshopRepairsInWork = compiledSelect(['vendorId'], (db, p) => {
	// the current workshop's latest estimate for this assignment, as the service reads it; the outer
	// columns are named with their table, as drizzle leaves them bare in a one-table select
	const latest = sql<{ status: 'submitted' | 'approved' | 'declined' | 'superseded'; decidedAt: string | null } | null>`(
		select json_build_object('status', e.status, 'decidedAt', e.decided_at) from repair_estimate e
		where e.repair_id = repair_job.id and e.vendor_id = repair_job.vendor_id and e.created_at >= repair_job.assigned_at
		order by e.created_at desc, e.id desc limit 1)`;
	return db
		.select({ id: repairJob.id, number: repairJob.number, description: repairJob.description, status: repairJob.status, latest })
		.from(repairJob)
		.where(and(eq(repairJob.vendorId, p.vendorId), inArray(repairJob.status, ['assigned', 'received', 'done'])))
		.orderBy(repairJob.assignedAt, repairJob.number)
		.limit(fixedLimit(200));
});

/** The workshop's repairs waiting on it: estimates to send, and pieces to ship back (repaired or declined). */
export async function getWorkshopRepairsToday(
	actor: Actor
): Promise<{ toEstimate: WorkshopRepairItem[]; toShipBack: WorkshopRepairItem[] }> {
	if (actor.kind !== 'vendor') throw notFound();
	const rows = await withActor(actor, (tx) => workshopRepairsInWork(tx, { vendorId: actor.vendorId }));
	const toEstimate: WorkshopRepairItem[] = [];
	const toShipBack: WorkshopRepairItem[] = [];
	for (const row of rows) {
		const estimate = estimateStateOf(row.latest);
		const allowed = allowedRepairEvents({ status: row.status, estimate, discrepancy: 'none' }, 'vendor');
		const item = { id: row.id, number: row.number, description: row.description, status: row.status, estimate };
		if (allowed.includes('ship_back')) toShipBack.push(item);
		else if (allowed.includes('submit_estimate') && (estimate === 'none' || estimate === 'revision_requested')) toEstimate.push(item);
	}
	return { toEstimate, toShipBack };
}

/** The ops dashboard's repair card: open repairs, estimates waiting for the brand, and repairs past the turnaround. */
export async function getRepairCounts(actor: Actor): Promise<{ open: number; estimateWaiting: number; overdue: number }> {
	requireStaff(actor);
	const open = sql`${repairJob.status} not in ('closed', 'cancelled')`;
	// the same conditions as the list's filters, so a count and the list it links to agree
	const waiting = sql`exists (select 1 from repair_estimate e where e.repair_id = repair_job.id and e.status = 'submitted')`;
	const [row] = await withActor(actor, (tx) =>
		tx
			.select({
				open: sql<number>`(count(*) filter (where ${open}))::int`,
				estimateWaiting: sql<number>`(count(*) filter (where ${open} and ${waiting}))::int`,
				overdue: sql<number>`(count(*) filter (where ${overdueCondition}))::int`
			})
			.from(repairJob)
	);
	return { open: row?.open ?? 0, estimateWaiting: row?.estimateWaiting ?? 0, overdue: row?.overdue ?? 0 };
}
