/**
 * The repair forms between the browser and the service, posted as a browser posts them: multipart
 * intake and return check with photos (and the empty camera input a phone sends), the estimate as
 * JSON (JavaScript) and as plain rows (without), every step of a repair from intake to closing with
 * a weight difference, and the routes' own answers: 404 for another workshop's repair, the QR code's
 * redirect, the envelope PDF, the CSV and the counts on the home pages.
 */
import { stringify } from 'devalue';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { actionEvent, formData as postedForm } from '../../../../tests/support/actions.ts';
import { useTestDatabase } from '../../../../tests/support/database.ts';
import { createRepairWorkshop, createStaff, createVendorUser, listFiles, makePdf, makePng } from '../../../../tests/support/factories.ts';
import { todayIso } from '#lib/domain/repairs/schemas.ts';
import type { Actor, StaffActor, VendorActor } from '../auth/actor.ts';
import { repairJob, repairPhoto } from '../db/schema/index.ts';
import { asSystem } from '../db/scope.ts';
import { statusOf as httpStatusOf } from '../errors.ts';
import {
	brandRepairActions,
	brandRepairForms,
	estimateFromFormData,
	findRepairByNumber,
	getRepairCounts,
	getWorkshopRepairsToday,
	intakeActions,
	parseRepairListQuery,
	repairEnvelopeResponse,
	repairsCsvResponse,
	workshopRepairActions,
	workshopRepairForms
} from './actions.ts';
import { assignRepair, createRepair, getRepair } from './service.ts';
import { load as workshopRepairLoad } from '../../../routes/(vendor)/workshop/repairs/[repairId]/+page.server.ts';
import { load as scanLoad } from '../../../routes/r/[number]/+page.server.ts';

const context = useTestDatabase();
const today = todayIso();

let ops: StaffActor;
let finance: StaffActor;
let shop: VendorActor;
let stranger: VendorActor;
let shopId: string;
let shopName: string;

const event = actionEvent;
/** the repair forms post their photos as `photos` */
const formData = (fields: Record<string, string | string[]>, photos: File[] = []) => postedForm({ ...fields, photos });

const png = async (name = 'piece.png') => new File([Buffer.from(await makePng(64, 48))], name, { type: 'image/png' });
/** what a phone's unused camera input posts */
const emptyFile = () => new File([], '', { type: 'application/octet-stream' });

type Form = {
	id: string;
	valid: boolean;
	message?: { tone: string; text: string };
	errors: Record<string, unknown>;
	data: Record<string, unknown>;
};
type Outcome = { status?: number; data?: { form: Form }; form?: Form };
const formOf = (outcome: unknown) => {
	const o = outcome as Outcome;
	return (o.data?.form ?? o.form) as Form;
};
const statusOf = (outcome: unknown) => (outcome as Outcome).status;

/** A thrown redirect or HTTP error, as SvelteKit throws them. */
async function thrown(work: () => unknown): Promise<{ status: number; location?: string; body?: { message: string } }> {
	try {
		await work();
	} catch (caught) {
		return caught as { status: number; location?: string };
	}
	throw new Error('expected a redirect or an error');
}

const intakeFields = (changes: Record<string, string | string[]> = {}) => ({
	customerName: 'Hélène Marchetti',
	customerContact: '+1 212 555 0100',
	orderReference: 'SHOP-100234',
	description: 'Yellow metal ring, 1 white stone',
	stamps: '750',
	intakeWeight: '3.60',
	intakeStoneCount: '1',
	conditionNotes: 'One prong worn thin.',
	currency: 'USD',
	declaredValue: '1250.00',
	requestedWork: ['sizing', 're_tipping'],
	workNotes: 'Size up from 52 to 54.',
	promisedToCustomer: '',
	...changes
});

async function newRepair() {
	return createRepair(ops, {
		customerName: 'Ana Ruiz',
		description: 'White metal chain',
		intakeWeight: '5',
		intakeStoneCount: 0,
		declaredValue: '300',
		requestedWork: ['chain_solder']
	});
}

const versionOf = async (repairId: string) =>
	(await asSystem((tx) => tx.select({ version: repairJob.version }).from(repairJob).where(eq(repairJob.id, repairId))))[0].version;

beforeAll(async () => {
	[ops, finance] = [await createStaff('ops'), await createStaff('finance')];
	const workshop = await createRepairWorkshop(ops, { insuranceLimit: '50000' });
	[shopId, shopName] = [workshop.vendorId, workshop.name];
	shop = await createVendorUser(workshop.vendorId, workshop.name, 'vendor_member');
	const other = await createRepairWorkshop(ops);
	stranger = await createVendorUser(other.vendorId, other.name);
});

describe('the list’s address bar and the estimate’s plain rows', () => {
	it('keeps what is valid and falls back to the defaults for the rest', () => {
		expect(parseRepairListQuery(new URLSearchParams())).toMatchObject({ q: '', status: 'open', sort: 'created', dir: 'desc', page: 1 });
		expect(
			parseRepairListQuery(new URLSearchParams('status=in_work&overdue=1&estimateWaiting=on&sort=value&dir=asc&page=3'))
		).toMatchObject({ status: 'in_work', overdue: true, estimateWaiting: true, sort: 'value', dir: 'asc', page: 3 });
		expect(parseRepairListQuery(new URLSearchParams('status=lost&vendor=nope&sort=price&page=-1'))).toMatchObject({
			status: 'open',
			vendor: '',
			sort: 'created',
			page: 1
		});
	});

	it('reads the rows in order and leaves the blank ones out', () => {
		const data = formData({
			'lines[2].description': 'Polish',
			'lines[2].price': '20',
			'lines[0].description': 'Re-tip 4 prongs',
			'lines[0].price': '120.00',
			'lines[1].description': ' ',
			'lines[1].price': '',
			'lines[4].description': '',
			'lines[4].price': '',
			days: '5',
			note: 'Ready in a week'
		});
		expect(estimateFromFormData(data)).toEqual({
			lines: [
				{ description: 'Re-tip 4 prongs', price: '120.00' },
				{ description: 'Polish', price: '20' }
			],
			days: '5',
			note: 'Ready in a week'
		});
		expect(estimateFromFormData(formData({ days: '2' })).lines).toEqual([]);
	});
});

describe('the intake', () => {
	const { default: create } = intakeActions();

	it('takes the piece in with its photos, ignoring the unused camera input, and opens its page', async () => {
		const body = formData(intakeFields({ promisedToCustomer: today }), [emptyFile(), await png()]);
		const redirect = await thrown(() => create(event(ops, '/repairs/new', body)));
		expect(redirect.status).toBe(303);
		const repairId = /^\/repairs\/([0-9a-f-]{36})\?created=1$/.exec(redirect.location ?? '')?.[1];
		expect(repairId).toBeDefined();
		const view = await getRepair(ops, repairId!);
		expect(view.customer).toEqual({ name: 'Hélène Marchetti', contact: '+1 212 555 0100', orderReference: 'SHOP-100234' });
		expect(view.repair).toMatchObject({ intakeWeightMg: 3600, intakeStoneCount: 1, declaredValueMinor: 125_000, currency: 'USD' });
		expect(view.repair.requestedWork).toEqual(['sizing', 're_tipping']);
		expect(view.photos.map((p) => p.stage)).toEqual(['intake']);
	});

	it('answers a bad intake beside the fields, keeps what was typed, and stores nothing for a file that is not a photo', async () => {
		const missing = (await create(
			event(ops, '/repairs/new', formData(intakeFields({ customerName: '', intakeWeight: '-2', requestedWork: [], declaredValue: 'lots' })))
		)) as Outcome;
		expect(statusOf(missing)).toBe(400);
		const form = formOf(missing);
		expect(form.message?.text).toBe('Some fields need attention: see the messages beside them.');
		expect(form.errors.customerName).toEqual(['Enter the customer’s name.']);
		expect(form.errors.intakeWeight).toBeDefined();
		expect((form.errors.requestedWork as { _errors: string[] })._errors).toEqual(['Choose the work to be done.']);
		expect(form.data.description).toBe('Yellow metal ring, 1 white stone');

		// the schema passes, the service's money rule refuses: the message lands beside the field
		const value = formOf(await create(event(ops, '/repairs/new', formData(intakeFields({ declaredValue: '12.345' })))));
		expect(value.errors.declaredValue).toEqual(['USD amounts have at most 2 decimals.']);

		const filesBefore = await listFiles(context.filesDir);
		const pdf = new File([Buffer.from(await makePdf())], 'receipt.pdf', { type: 'application/pdf' });
		const notAPhoto = (await create(event(ops, '/repairs/new', formData(intakeFields(), [await png(), pdf])))) as Outcome;
		expect(statusOf(notAPhoto)).toBe(400);
		expect(formOf(notAPhoto).errors.photos).toEqual(['“receipt.pdf” is a PDF, not a photo. Take or choose a photo (JPEG, PNG or WebP).']);
		expect(await listFiles(context.filesDir)).toEqual(filesBefore);

		// finance reads repairs; taking one in is refused with a sentence
		const refused = (await create(event(finance, '/repairs/new', formData(intakeFields())))) as Outcome;
		expect(statusOf(refused)).toBe(403);
	});
});

describe('a repair from intake to closing, with a weight difference on return', () => {
	it('takes every step through the two pages’ actions', async () => {
		const { repairId, number } = await createRepair(ops, {
			customerName: 'Hélène Marchetti',
			description: 'Yellow metal ring, 1 white stone',
			intakeWeight: '3.60',
			intakeStoneCount: 1,
			declaredValue: '1250',
			requestedWork: ['sizing']
		});
		const brand = brandRepairActions((e) => e.params.repairId ?? '');
		const workshop = workshopRepairActions((e) => e.params.repairId ?? '');
		const params = { repairId };
		const asBrand = (action: keyof typeof brand, fields: Record<string, string>, files: File[] = [], actor: Actor = ops) =>
			brand[action](event(actor, `/repairs/${repairId}?/${action}`, formData(fields, files), params));
		const asShop = (action: keyof typeof workshop, body: FormData, actor: Actor = shop) =>
			workshop[action](event(actor, `/workshop/repairs/${repairId}?/${action}`, body, params));

		// the brand's forms follow the state: at intake, correct it or assign it; finance gets none
		let view = await getRepair(ops, repairId);
		const forms = (await brandRepairForms(view, true))!;
		expect(forms.intake?.data).toMatchObject({ intakeWeight: '3.6', declaredValue: '1250.00', version: 1 });
		expect(forms.assign?.id).toBe('assign');
		expect([forms.decision, forms.returnCheck, forms.resolve, forms.close]).toEqual([null, null, null, null]);
		expect(await brandRepairForms(view, false)).toBeNull();

		const corrected = formOf(
			await asBrand('intake', { ...intakeFields({ intakeWeight: '3.62' }), requestedWork: 'sizing', version: '1' } as never)
		);
		expect(corrected.message?.text).toBe('Intake saved. Print the envelope again if you had printed it.');
		const stale = (await asBrand('intake', { ...intakeFields(), requestedWork: 'sizing', version: '1' } as never)) as Outcome;
		expect(statusOf(stale)).toBe(409);
		expect(formOf(stale).message?.text).toContain('was changed by someone else');

		const noWorkshop = (await asBrand('assign', { vendorId: '', version: '2' })) as Outcome;
		expect(formOf(noWorkshop).errors.vendorId).toEqual(['Choose a workshop from the list.']);
		const assigned = formOf(await asBrand('assign', { vendorId: shopId, version: '2' }));
		expect(assigned.message?.text).toBe(
			`Given to ${shopName}. They are told by e-mail and see the job with its photos in Bezel. Send the piece with its envelope.`
		);

		// another workshop's repair is a 404, from the page and from every action
		// (a load's AppError becomes its status in handleError: NotFound is 404)
		await expect(workshopRepairLoad(event(stranger, `/workshop/repairs/${repairId}`, undefined, params) as never)).rejects.toMatchObject({
			code: 'NotFound'
		});
		expect(httpStatusOf.NotFound).toBe(404);
		await expect(asShop('receive', formData({ receivedOn: today }), stranger)).rejects.toMatchObject({ status: 404 });

		// the workshop's page: the piece without the customer
		const page = (await workshopRepairLoad(event(shop, `/workshop/repairs/${repairId}`, undefined, params) as never)) as {
			view: Awaited<ReturnType<typeof getRepair>>;
			forms: Awaited<ReturnType<typeof workshopRepairForms>>;
		};
		expect(page.view.customer).toBeNull();
		expect(JSON.stringify(page)).not.toContain('Marchetti');
		expect(page.forms.receive?.data).toMatchObject({ receivedOn: today });
		expect(page.forms.start).toBeNull();

		expect(formOf(await asShop('receive', formData({ receivedOn: today, version: String(await versionOf(repairId)) }))).message?.text).toBe(
			'Marked received. Check the piece against the intake facts, then send your estimate.'
		);

		// work cannot start before the brand approves an estimate: the refusal is a sentence
		const early = (await asShop('start', formData({}))) as Outcome;
		expect(statusOf(early)).toBe(409);
		expect(formOf(early).message?.text).toBe(`${number}: Work can start only once the brand has approved an estimate.`);

		// an estimate without JavaScript: plain rows, the blank ones left out, a bad price beside its line
		const badPrice = (await asShop(
			'estimate',
			formData({
				'lines[0].description': 'Size up',
				'lines[0].price': '80.999',
				'lines[1].description': '',
				'lines[1].price': '',
				days: '4'
			})
		)) as Outcome;
		expect(statusOf(badPrice)).toBe(400);
		expect(formOf(badPrice).errors).toMatchObject({ lines: { 0: { price: ['USD amounts have at most 2 decimals.'] } } });
		const noLines = (await asShop('estimate', formData({ 'lines[0].description': '', 'lines[0].price': '', days: '4' }))) as Outcome;
		expect((formOf(noLines).errors.lines as { _errors: string[] })._errors).toEqual(['Add at least one line of work with its price.']);
		const plain = formOf(
			await asShop(
				'estimate',
				formData({
					'lines[0].description': 'Size up 2 sizes',
					'lines[0].price': '80',
					'lines[1].description': 'Polish',
					'lines[1].price': '15.50',
					'lines[2].description': '',
					'lines[2].price': '',
					days: '4',
					note: ''
				})
			)
		);
		expect(plain.message?.text).toBe(
			'Estimate sent: $95.50, 4 days. The brand asks the customer and answers in Bezel; you are told by e-mail.'
		);

		// with JavaScript the same form posts JSON; a newer estimate replaces the waiting one
		const json = new FormData();
		json.append('__superform_id', 'estimate');
		json.append(
			'__superform_json',
			stringify({ lines: [{ description: 'Size up 2 sizes', price: '90' }], days: 5, note: 'Shank is thin' })
		);
		expect(formOf(await asShop('estimate', json)).message?.text).toContain('Estimate sent: $90.00, 5 days.');

		// the brand decides the newest estimate; the decision form names it
		view = await getRepair(ops, repairId);
		const decision = (await brandRepairForms(view, true))!.decision!;
		expect(decision.data.estimateId).toBe(view.currentEstimate!.id);
		const noAnswer = (await asBrand('decide', {
			estimateId: view.currentEstimate!.id,
			decision: 'approve',
			customerDecision: ''
		})) as Outcome;
		expect(formOf(noAnswer).errors.customerDecision).toEqual(['Record how and when the customer agreed, like “by phone, 12 May”.']);
		expect(
			formOf(await asBrand('decide', { estimateId: view.currentEstimate!.id, decision: 'approve', customerDecision: 'by phone, today' }))
				.message?.text
		).toBe('Estimate approved. The workshop is told by e-mail and may start once it has the piece.');
		// a second click on the same decision changes nothing
		expect(
			formOf(await asBrand('decide', { estimateId: view.currentEstimate!.id, decision: 'approve', customerDecision: 'by phone, today' }))
				.message?.text
		).toBe('That decision had already been recorded; nothing was changed.');

		expect(formOf(await asShop('start', formData({}))).message?.text).toBe(
			'Work started. Mark it done when the piece is ready to go back.'
		);
		expect(formOf(await asShop('start', formData({}))).message?.text).toBe('Work had already started.');
		expect(
			formOf(await asShop('photos', formData({ stage: 'workshop', caption: 'Shank cut' }, [emptyFile(), await png('bench.png')]))).message
				?.text
		).toBe('1 photo added.');
		const noPhoto = (await asShop('photos', formData({ stage: 'workshop', caption: '' }, [emptyFile()]))) as Outcome;
		expect(statusOf(noPhoto)).toBe(400);
		expect(formOf(noPhoto).errors.photos).toBeDefined();
		expect(formOf(await asShop('finalPrice', formData({ finalPrice: '95', note: 'Extra solder' }))).message?.text).toBe(
			'Final price recorded. The brand is told by e-mail; the approved estimate stays what was agreed.'
		);
		expect(formOf(await asShop('done', formData({}))).message?.text).toBe(
			'Marked done. Ship the piece back and record the carrier and tracking number.'
		);

		// the carrier: one from the list, or "other" with its name
		const noCarrier = (await asShop('shipBack', formData({ carrier: '', trackingNumber: 'MA123', shippedOn: today }))) as Outcome;
		expect(formOf(noCarrier).errors.carrier).toEqual(['Choose the carrier.']);
		const noName = (await asShop(
			'shipBack',
			formData({ carrier: 'other', otherCarrier: '', trackingNumber: 'MA123', shippedOn: today })
		)) as Outcome;
		expect(formOf(noName).errors.otherCarrier).toEqual(['Enter the carrier’s name, like the courier company.']);
		expect(
			formOf(
				await asShop(
					'shipBack',
					formData({ carrier: 'other', otherCarrier: 'Secure Couriers BKK', trackingNumber: 'SC-778', shippedOn: today })
				)
			).message?.text
		).toBe('Shipment recorded. The brand is told by e-mail with the tracking number.');
		view = await getRepair(ops, repairId);
		expect(view.repair).toMatchObject({ status: 'shipped_back', carrier: 'Secure Couriers BKK', trackingNumber: 'SC-778' });

		// the return check with a photo: 0.30 g more than at intake is flagged in words
		const checked = formOf(
			await asBrand('checkReturn', { returnWeight: '3.92', returnStoneCount: '1', notes: '', version: String(view.repair.version) }, [
				emptyFile(),
				await png('return.png')
			])
		);
		expect(checked.message).toEqual({
			tone: 'warning',
			text: 'Return check saved, and a difference was found: resolve it with a note before closing.'
		});
		expect((await getRepair(ops, repairId)).returnCheck?.discrepancy).toBe(
			'Weight 3.92 g on return, 3.62 g at intake: 0.30 g more (sizing was requested, which changes the weight: confirm the change is the work’s).'
		);
		const returnPhotos = await asSystem((tx) => tx.select().from(repairPhoto).where(eq(repairPhoto.repairId, repairId)));
		expect(returnPhotos.filter((p) => p.stage === 'return')).toHaveLength(1);

		// closing is refused while the difference is open
		view = await getRepair(ops, repairId);
		expect((await brandRepairForms(view, true))!.close).toBeNull();
		const tooSoon = (await asBrand('close', { version: String(view.repair.version) })) as Outcome;
		expect(statusOf(tooSoon)).toBe(409);
		expect(formOf(tooSoon).message?.text).toBe(`${number}: A difference was found on return: resolve it with a note before closing.`);

		const blank = (await asBrand('resolve', { note: ' ', version: String(view.repair.version) })) as Outcome;
		expect(formOf(blank).errors.note).toEqual(['Say why the difference is acceptable, or what was done about it.']);
		expect(
			formOf(await asBrand('resolve', { note: 'Sizing up added metal, as quoted.', version: String(view.repair.version) })).message?.text
		).toBe('Difference resolved. You can close the repair now.');
		expect(formOf(await asBrand('close', { version: String(await versionOf(repairId)) })).message?.text).toBe(
			'Repair closed. Give the piece back to the customer.'
		);
		expect((await getRepair(ops, repairId)).repair.status).toBe('closed');

		// finance reads only: a post is refused
		expect(statusOf(await asBrand('close', { version: '1' }, [], finance))).toBe(403);
	});

	it('ships a declined piece back unrepaired, and cancels a repair with a reason', async () => {
		const { repairId } = await newRepair();
		await assignRepair(ops, repairId, { vendorId: shopId, version: 1 });
		const brand = brandRepairActions(() => repairId);
		const workshop = workshopRepairActions(() => repairId);
		await workshop.receive(event(shop, '/', formData({ receivedOn: today })));
		await workshop.estimate(event(shop, '/', formData({ 'lines[0].description': 'Solder', 'lines[0].price': '40', days: '2' })));
		const { currentEstimate } = await getRepair(ops, repairId);
		expect(
			formOf(
				await brand.decide(
					event(ops, '/', formData({ estimateId: currentEstimate!.id, decision: 'decline', customerDecision: 'e-mail of today' }))
				)
			).message?.text
		).toBe('Estimate declined. The workshop is told to ship the piece back unrepaired.');
		const forms = await workshopRepairForms(await getRepair(shop, repairId));
		expect(forms.shipBack).not.toBeNull();
		expect(forms.start?.id).toBe('start');

		// a repair moved to another workshop before the piece arrived says so
		const moving = await newRepair();
		const assign = brandRepairActions(() => moving.repairId).assign;
		const post = async (vendorId: string) =>
			assign(event(ops, '/', formData({ vendorId, version: String(await versionOf(moving.repairId)) })));
		await assignRepair(ops, moving.repairId, { vendorId: stranger.vendorId, version: 1 });
		expect(formOf(await post(shopId)).message?.text).toBe(
			`Moved to ${shopName}. Both workshops are told by e-mail; send the piece to ${shopName} with its envelope.`
		);
		expect(formOf(await post(shopId)).message?.text).toBe(`${shopName} already has this repair; nothing was changed.`);

		const other = await newRepair();
		const cancel = brandRepairActions(() => other.repairId).cancel;
		expect(formOf(await cancel(event(ops, '/', formData({ reason: '' })))).errors.reason).toEqual(['Say why the repair is cancelled.']);
		expect(formOf(await cancel(event(ops, '/', formData({ reason: 'Customer took it elsewhere' })))).message?.text).toBe(
			'Repair cancelled. If a workshop had it, they are told by e-mail to do no work on it.'
		);
	});
});

describe('the envelope’s QR code, the envelope, the CSV and the home pages', () => {
	it('sends each person to their page, and another workshop to a 404', async () => {
		const { repairId, number } = await newRepair();
		await assignRepair(ops, repairId, { vendorId: shopId, version: 1 });
		const scan = (actor: Actor, value: string) =>
			thrown(() => scanLoad(event(actor, `/r/${value}`, undefined, { number: value }) as never));
		expect(await scan(shop, number)).toMatchObject({ status: 303, location: `/workshop/repairs/${repairId}` });
		expect(await scan(ops, number.toLowerCase())).toMatchObject({ status: 303, location: `/repairs/${repairId}` });
		expect(await scan(stranger, number)).toMatchObject({ status: 404 });
		expect(await scan(ops, 'RJ-1999-9999')).toMatchObject({ status: 404 });
		expect(await scan(ops, 'not-a-number')).toMatchObject({ status: 404 });
		await expect(findRepairByNumber(stranger, number)).rejects.toMatchObject({ code: 'NotFound' });
	});

	it('prints the envelope for the brand only, and exports each side’s CSV', async () => {
		const { repairId, number } = await createRepair(
			ops,
			{
				customerName: 'Zoë Kaplan',
				description: 'Gold-tone hoop',
				intakeWeight: '2',
				declaredValue: '90',
				requestedWork: ['other'],
				workNotes: 'Fix clasp'
			},
			[]
		);
		await assignRepair(ops, repairId, { vendorId: shopId, version: 1 });
		const pdf = await repairEnvelopeResponse(event(ops, `/repairs/${repairId}/envelope.pdf`), repairId);
		expect(pdf.headers.get('content-type')).toBe('application/pdf');
		expect(pdf.headers.get('content-disposition')).toBe(`inline; filename="${number}-envelope.pdf"`);
		expect(
			Buffer.from(await pdf.arrayBuffer())
				.subarray(0, 5)
				.toString()
		).toBe('%PDF-');
		await expect(repairEnvelopeResponse(event(shop, '/'), repairId)).rejects.toMatchObject({ code: 'NotFound' });

		const brandCsv = await (await repairsCsvResponse(event(ops, `/repairs/export.csv?q=${number}`))).text();
		expect(brandCsv).toContain('Zoë Kaplan');
		const shopResponse = await repairsCsvResponse(event(shop, `/workshop/repairs/export.csv?q=${number}`));
		expect(shopResponse.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		const shopCsv = await shopResponse.text();
		expect(shopCsv).toContain(number);
		expect(shopCsv).not.toContain('Kaplan');
	});

	it('counts what waits on the workshop and on the brand', async () => {
		const before = await getRepairCounts(ops);
		const mine = await getWorkshopRepairsToday(shop);
		const { repairId, number } = await newRepair();
		await assignRepair(ops, repairId, { vendorId: shopId, version: 1 });
		const after = await getWorkshopRepairsToday(shop);
		expect(after.toEstimate.map((r) => r.number)).toContain(number);
		expect(after.toEstimate.length).toBe(mine.toEstimate.length + 1);
		expect((await getWorkshopRepairsToday(stranger)).toEstimate.map((r) => r.number)).not.toContain(number);

		const workshop = workshopRepairActions(() => repairId);
		await workshop.estimate(event(shop, '/', formData({ 'lines[0].description': 'Solder', 'lines[0].price': '40', days: '2' })));
		expect((await getWorkshopRepairsToday(shop)).toEstimate.map((r) => r.number)).not.toContain(number);
		expect(await getRepairCounts(ops)).toEqual({
			open: before.open + 1,
			estimateWaiting: before.estimateWaiting + 1,
			overdue: before.overdue
		});
		expect(await getRepairCounts(finance)).toEqual(await getRepairCounts(ops));

		// at the workshop for longer than the turnaround target (10 days by default): overdue
		await asSystem((tx) =>
			tx
				.update(repairJob)
				.set({ assignedAt: new Date(Date.now() - 12 * 86_400_000) })
				.where(eq(repairJob.id, repairId))
		);
		expect((await getRepairCounts(ops)).overdue).toBe(before.overdue + 1);
		await expect(getRepairCounts(shop)).rejects.toMatchObject({ code: 'NotFound' });
	});
});
