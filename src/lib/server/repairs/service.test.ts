/**
 * The repair lifecycle through its service, on a real database: intake and numbering, assignment,
 * the estimate loop, the workshop's steps, the return check with its differences, closing, and every
 * refusal on the way — with the history, the audit trail and the mail each step leaves.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/support/database.ts';
import { error } from '../../../../tests/support/errors.ts';
import {
	createRepairJob,
	createRepairWorkshop,
	createStaff,
	createVendorUser,
	createWorkshop,
	isoDateIn,
	mailsTo,
	makePng,
	repairIntakeForm
} from '../../../../tests/support/factories.ts';
import { repairStatuses as domainStatuses } from '#lib/domain/repairs/status.ts';
import { repairWorkKinds as domainWorkKinds } from '#lib/domain/repairs/reference.ts';
import type { StaffActor, VendorActor } from '../auth/actor.ts';
import {
	auditEvent,
	outboxMessage,
	repairEstimate,
	repairEvent,
	repairJob,
	repairPhoto,
	repairStatuses,
	repairWorkKinds,
	storedFile
} from '../db/schema/index.ts';
import { asSystem } from '../db/scope.ts';
import { readFileForActor } from '../files/service.ts';
import { processJobPhotos } from '../production/photos.ts';
import {
	addRepairPhotos,
	assignRepair,
	cancelRepair,
	checkReturn,
	closeRepair,
	createRepair,
	decideEstimate,
	getRepair,
	listRepairWorkshops,
	markDone,
	markReceived,
	recordFinalPrice,
	resolveDiscrepancy,
	shipBack,
	startWork,
	submitEstimate,
	updateRepairIntake
} from './service.ts';

useTestDatabase();

interface Shop {
	vendorId: string;
	name: string;
	admin: VendorActor;
	member: VendorActor;
}

let ops: StaffActor;
let finance: StaffActor;
let shop: Shop;
let other: Shop;
const year = new Date().getUTCFullYear();
const today = isoDateIn(0);

async function repairShop(overrides: Record<string, unknown> = {}): Promise<Shop> {
	const workshop = await createRepairWorkshop(ops, overrides);
	return {
		...workshop,
		admin: await createVendorUser(workshop.vendorId, workshop.name, 'vendor_admin'),
		member: await createVendorUser(workshop.vendorId, workshop.name, 'vendor_member')
	};
}

const row = async (repairId: string) => (await asSystem((tx) => tx.select().from(repairJob).where(eq(repairJob.id, repairId))))[0];
const versionOf = async (repairId: string) => (await row(repairId)).version;
const eventsOf = (repairId: string) =>
	asSystem((tx) =>
		tx.select().from(repairEvent).where(eq(repairEvent.repairId, repairId)).orderBy(asc(repairEvent.createdAt), asc(repairEvent.id))
	);
const estimatesOf = (repairId: string) =>
	asSystem((tx) => tx.select().from(repairEstimate).where(eq(repairEstimate.repairId, repairId)).orderBy(asc(repairEstimate.createdAt)));
const auditsOf = (repairId: string) =>
	asSystem((tx) =>
		tx.select().from(auditEvent).where(eq(auditEvent.entityId, repairId)).orderBy(asc(auditEvent.occurredAt), asc(auditEvent.id))
	);
const mailAbout = async (repairId: string, topic: string) => {
	await mailsTo('nobody@example.test'); // expands workshop-written brand mail into per-person rows
	return asSystem((tx) =>
		tx
			.select()
			.from(outboxMessage)
			.where(and(eq(outboxMessage.topic, topic), sql`${outboxMessage.link} like ${`%/repairs/${repairId}`}`))
			.orderBy(asc(outboxMessage.createdAt))
	);
};
const pngPhotos = async (count = 1) => {
	const bytes = await makePng(60, 40);
	return processJobPhotos(Array.from({ length: count }, (_, i) => new File([bytes as BlobPart], `piece-${i}.png`, { type: 'image/png' })));
};

/** A repair assigned to `to` (the shop by default). */
async function assigned(to: Shop = shop, overrides: Parameters<typeof createRepairJob>[1] = {}) {
	const repair = await createRepairJob(ops, overrides);
	await assignRepair(ops, repair.repairId, { vendorId: to.vendorId, version: 1 });
	return repair;
}

const estimate = { lines: [{ description: 'Re-tip four prongs', price: '80.00' }], days: 5, note: '' };

/** A repair received at the shop with an approved estimate of 80.00. */
async function approvedAndReceived(overrides: Parameters<typeof createRepairJob>[1] = {}) {
	const repair = await assigned(shop, overrides);
	await markReceived(shop.admin, repair.repairId);
	const { estimateId } = await submitEstimate(shop.admin, repair.repairId, estimate);
	await decideEstimate(ops, estimateId, { decision: 'approve', customerDecision: 'By phone, today' });
	return { ...repair, estimateId };
}

/** …and shipped back after the work. */
async function shippedBack(overrides: Parameters<typeof createRepairJob>[1] = {}) {
	const repair = await approvedAndReceived(overrides);
	await startWork(shop.member, repair.repairId);
	await markDone(shop.member, repair.repairId);
	await shipBack(shop.member, repair.repairId, { carrier: 'FedEx', trackingNumber: `1Z${repair.number}`, shippedOn: today });
	return repair;
}

beforeAll(async () => {
	[ops, finance] = [await createStaff('ops'), await createStaff('finance')];
	shop = await repairShop();
	other = await repairShop();
});

describe('the schema and the domain agree', () => {
	it('on statuses and kinds of work', () => {
		expect([...domainStatuses]).toEqual([...repairStatuses]);
		expect([...domainWorkKinds]).toEqual([...repairWorkKinds]);
	});
});

describe('intake', () => {
	it('numbers repairs RJ-year-sequence without gaps and stores the facts in units', async () => {
		const first = await createRepairJob(ops);
		const second = await createRepairJob(ops, { intakeWeight: '12.345', intakeStoneCount: 24, declaredValue: '8,400.50' });
		const sequence = (n: string) => Number(n.split('-')[2]);
		expect(first.number).toMatch(new RegExp(`^RJ-${year}-\\d{4}$`));
		expect(sequence(second.number)).toBe(sequence(first.number) + 1);
		const stored = await row(second.repairId);
		expect(stored).toMatchObject({
			status: 'intake',
			vendorId: null,
			customerName: 'Margaret Holloway',
			orderReference: 'SHOP-10442',
			intakeWeightMg: 12_345,
			intakeStoneCount: 24,
			currency: 'USD', // the brand's home currency
			declaredValueMinor: 840_050,
			requestedWork: ['re_tipping'],
			promisedToCustomer: isoDateIn(21),
			createdBy: ops.userId,
			version: 1
		});
		expect((await eventsOf(second.repairId)).map((e) => [e.kind, e.vendorId, e.side])).toEqual([['created', null, 'brand']]);
		expect((await auditsOf(second.repairId)).map((a) => a.action)).toEqual(['repair.created']);
	});

	it('declares the value in another currency when asked', async () => {
		const { repairId } = await createRepairJob(ops, { currency: 'EUR', declaredValue: '900' });
		expect(await row(repairId)).toMatchObject({ currency: 'EUR', declaredValueMinor: 90_000 });
	});

	it('refuses absurd and missing values with a sentence per field, and takes no number for them', async () => {
		const before = (await createRepairJob(ops)).number;
		const cases: [Record<string, unknown>, string, RegExp][] = [
			[{ intakeWeight: '2500' }, 'intakeWeight', /More than 2,000 g is not a piece of jewelry/],
			[{ intakeWeight: '0' }, 'intakeWeight', /more than 0 g/],
			[{ intakeWeight: '-1' }, 'intakeWeight', /Enter the weight in grams/],
			[{ intakeStoneCount: 6000 }, 'intakeStoneCount', /More than 5,000 stones/],
			[{ intakeStoneCount: -1 }, 'intakeStoneCount', /cannot be negative/],
			[{ declaredValue: '0' }, 'declaredValue', /must be more than 0/],
			[{ declaredValue: '10000000.01' }, 'declaredValue', /over 10,000,000 USD is a typing mistake/],
			[{ declaredValue: '-5' }, 'declaredValue', /cannot be negative/],
			[{ requestedWork: [] }, 'requestedWork', /Choose the work to be done/],
			[{ requestedWork: ['other'], workNotes: '' }, 'workNotes', /Say what the other work is/],
			[{ promisedToCustomer: isoDateIn(-1) }, 'promisedToCustomer', /in the past/]
		];
		for (const [override, field, message] of cases) {
			const refused = await error(createRepair(ops, repairIntakeForm(override as never)));
			expect(refused.code, field).toBe('Invalid');
			expect(refused.fields[field], field).toMatch(message);
			expect(refused.message, field).toMatch(message);
		}
		const after = (await createRepairJob(ops)).number;
		expect(Number(after.split('-')[2])).toBe(Number(before.split('-')[2]) + 1);
	});

	it('is for ops and admins: finance may not, a workshop user does not even find it', async () => {
		expect((await error(createRepair(finance, repairIntakeForm()))).code).toBe('Forbidden');
		expect((await error(createRepair(shop.admin, repairIntakeForm()))).code).toBe('NotFound');
	});

	it('keeps intake photos the brand’s until a workshop is assigned, then the workshop’s alone', async () => {
		const { repairId } = await createRepair(ops, repairIntakeForm(), await pngPhotos(2));
		const view = await getRepair(ops, repairId);
		expect(view.photos.map((p) => p.stage)).toEqual(['intake', 'intake']);
		const fileIds = view.photos.flatMap((p) => [p.fileId, p.thumbnailFileId]);
		const owners = async () =>
			(await asSystem((tx) => tx.select({ id: storedFile.id, vendorId: storedFile.vendorId }).from(storedFile))).filter((f) =>
				fileIds.includes(f.id)
			);
		expect((await owners()).every((f) => f.vendorId === null)).toBe(true);
		await assignRepair(ops, repairId, { vendorId: shop.vendorId, version: 1 });
		expect((await owners()).every((f) => f.vendorId === shop.vendorId)).toBe(true);
		await expect(readFileForActor(shop.member, fileIds[0])).resolves.toMatchObject({ contentType: 'image/jpeg' });
		expect((await error(readFileForActor(other.member, fileIds[0]))).code).toBe('NotFound');
		// moved to another workshop before it arrived: the photos go with the job
		await assignRepair(ops, repairId, { vendorId: other.vendorId, version: await versionOf(repairId) });
		expect((await owners()).every((f) => f.vendorId === other.vendorId)).toBe(true);
		expect((await error(readFileForActor(shop.member, fileIds[0]))).code).toBe('NotFound');
		await expect(readFileForActor(other.admin, fileIds[1])).resolves.toMatchObject({ contentType: 'image/webp' });
	});
});

describe('correcting the intake', () => {
	it('works before assignment, refuses a stale version, and stops once a workshop has the job', async () => {
		const { repairId, number } = await createRepairJob(ops);
		await updateRepairIntake(ops, repairId, {
			...repairIntakeForm({ intakeWeight: '3.71', description: 'Yellow metal ring, 2 white stones' }),
			version: 1
		});
		expect(await row(repairId)).toMatchObject({ intakeWeightMg: 3710, description: 'Yellow metal ring, 2 white stones', version: 2 });
		const [edited] = (await auditsOf(repairId)).filter((a) => a.action === 'repair.intake_edited');
		expect(edited.after).toMatchObject({ intakeWeightMg: 3710 });
		expect(edited.vendorId).toBeNull();

		const stale = await error(updateRepairIntake(ops, repairId, { ...repairIntakeForm(), version: 1 }));
		expect(stale.code).toBe('Conflict');
		expect(stale.message).toBe(
			`${number} was changed by someone else since you opened it (now version 2). Review the newer version and try again.`
		);

		await assignRepair(ops, repairId, { vendorId: shop.vendorId, version: 2 });
		const late = await error(updateRepairIntake(ops, repairId, { ...repairIntakeForm(), version: 3 }));
		expect(late.code).toBe('Conflict');
		expect(late.message).toBe(`${number}: The intake can be changed only before a workshop has the job.`);
	});
});

describe('assigning a workshop', () => {
	it('tells the workshop with a link to the job, and a second click changes nothing', async () => {
		const { repairId, number } = await createRepairJob(ops);
		expect(await assignRepair(ops, repairId, { vendorId: shop.vendorId, version: 1 })).toEqual({ alreadyDone: false });
		expect(await assignRepair(ops, repairId, { vendorId: shop.vendorId, version: 1 })).toEqual({ alreadyDone: true });
		expect(await row(repairId)).toMatchObject({ status: 'assigned', vendorId: shop.vendorId, version: 2 });
		const mail = await mailAbout(repairId, 'repair-assigned');
		expect(mail.map((m) => m.toAddress).sort()).toEqual([shop.admin.email, shop.member.email].sort());
		expect(mail[0].link).toBe(`http://bezel.test/workshop/repairs/${repairId}`);
		expect(mail[0].subject).toMatch(number);
		// the customer is the brand's: not in the mail to the workshop
		expect(mail[0].textBody).not.toContain('Margaret');
		expect(mail[0].textBody).not.toContain('SHOP-10442');
		expect(mail[0].textBody).toContain('Yellow metal ring, 1 white stone');
		const events = await eventsOf(repairId);
		expect(events.map((e) => [e.kind, e.vendorId])).toEqual([
			['created', null],
			['assigned', shop.vendorId]
		]);
	});

	it('refuses a workshop that does not do repairs, is not active or has nobody in Bezel, with a sentence', async () => {
		const { repairId } = await createRepairJob(ops);
		const caster = await createWorkshop(ops, { status: 'active' });
		await createVendorUser(caster.vendorId, caster.name);
		const onHold = await createRepairWorkshop(ops, { status: 'on_hold' });
		const empty = await createRepairWorkshop(ops);
		const notRepair = await error(assignRepair(ops, repairId, { vendorId: caster.vendorId, version: 1 }));
		expect(notRepair.code).toBe('Invalid');
		expect(notRepair.fields.vendorId).toBe(
			`${caster.name} is not a repair workshop: add “Repair jeweler” to its types, or choose another workshop.`
		);
		expect((await error(assignRepair(ops, repairId, { vendorId: onHold.vendorId, version: 1 }))).message).toMatch(/is not active/);
		expect((await error(assignRepair(ops, repairId, { vendorId: empty.vendorId, version: 1 }))).message).toMatch(
			/Nobody at .* has a Bezel account yet/
		);
		expect((await error(assignRepair(ops, repairId, { vendorId: '00000000-0000-4000-8000-000000000000', version: 1 }))).message).toBe(
			'Choose a workshop from the list.'
		);
		expect((await row(repairId)).status).toBe('intake');
		const listed = (await listRepairWorkshops(ops)).map((w) => w.id);
		expect(listed).toContain(shop.vendorId);
		expect(listed).not.toContain(caster.vendorId);
		expect(listed).not.toContain(onHold.vendorId);
	});

	it('moves the job to another workshop only before the piece arrived, and tells the first one', async () => {
		const { repairId, number } = await assigned();
		await submitEstimate(shop.admin, repairId, estimate);
		await assignRepair(ops, repairId, { vendorId: other.vendorId, version: await versionOf(repairId) });
		expect(await row(repairId)).toMatchObject({ vendorId: other.vendorId, status: 'assigned' });
		// the first workshop's waiting estimate is not the new one's to decide
		expect((await estimatesOf(repairId)).map((e) => e.status)).toEqual(['superseded']);
		expect((await getRepair(ops, repairId)).state.estimate).toBe('none');
		expect((await mailAbout(repairId, 'repair-withdrawn')).map((m) => m.toAddress).sort()).toEqual(
			[shop.admin.email, shop.member.email].sort()
		);
		expect((await error(getRepair(shop.admin, repairId))).code).toBe('NotFound');

		await markReceived(other.admin, repairId);
		const refused = await error(assignRepair(ops, repairId, { vendorId: shop.vendorId, version: await versionOf(repairId) }));
		expect(refused.code).toBe('Conflict');
		expect(refused.message).toBe(`${number}: The piece has reached the workshop: it can no longer be moved to another one.`);
	});

	it('refuses a stale version', async () => {
		const { repairId } = await createRepairJob(ops);
		expect((await error(assignRepair(ops, repairId, { vendorId: shop.vendorId, version: 7 }))).code).toBe('Conflict');
	});
});

describe('the estimate loop', () => {
	it('takes the assigned workshop’s estimate in the repair’s currency and tells the person who assigned it', async () => {
		const { repairId, number } = await assigned(shop, { currency: 'EUR', declaredValue: '900' });
		const { estimateId, alreadyDone } = await submitEstimate(shop.member, repairId, {
			lines: [
				{ description: 'Re-tip four prongs', price: '80' },
				{ description: 'Rhodium re-plate', price: '25.50' }
			],
			days: 4,
			note: 'Prongs are very thin'
		});
		expect(alreadyDone).toBe(false);
		const [stored] = await estimatesOf(repairId);
		expect(stored).toMatchObject({
			id: estimateId,
			vendorId: shop.vendorId,
			currency: 'EUR',
			totalMinor: 10_550,
			days: 4,
			status: 'submitted',
			createdByName: shop.member.name
		});
		const mail = await mailAbout(repairId, 'repair-estimate-submitted');
		expect(mail.map((m) => m.toAddress)).toEqual([ops.email]);
		expect(mail[0].subject).toBe(`${shop.name} sent an estimate for ${number}`);
		expect(mail[0].textBody).toContain('€105.50');
		expect(mail[0].link).toBe(`http://bezel.test/repairs/${repairId}`);
		// the same estimate again (double click) is one estimate
		expect(
			await submitEstimate(shop.member, repairId, {
				lines: [
					{ description: 'Re-tip four prongs', price: '80.00' },
					{ description: 'Rhodium re-plate', price: '25.5' }
				],
				days: 4,
				note: 'Prongs are very thin'
			})
		).toEqual({ estimateId, alreadyDone: true });
		expect(await estimatesOf(repairId)).toHaveLength(1);
	});

	it('lets a newer estimate replace the waiting one; deciding the replaced one is refused', async () => {
		const { repairId, number } = await assigned();
		const first = await submitEstimate(shop.admin, repairId, estimate);
		const second = await submitEstimate(shop.admin, repairId, { ...estimate, lines: [{ description: 'Re-tip', price: '95' }] });
		expect((await estimatesOf(repairId)).map((e) => e.status)).toEqual(['superseded', 'submitted']);
		const refused = await error(decideEstimate(ops, first.estimateId, { decision: 'approve', customerDecision: 'Phone' }));
		expect(refused.message).toBe(`${number}: the workshop has sent a newer estimate since. Decide that one.`);
		await decideEstimate(ops, second.estimateId, { decision: 'approve', customerDecision: 'Phone, 12 May' });
		expect(await row(repairId)).toMatchObject({ approvedEstimateId: second.estimateId, approvedTotalMinor: 9500 });
		// approved: no more estimates; the same decision again changes nothing, another is refused
		expect((await error(submitEstimate(shop.admin, repairId, estimate))).message).toMatch(/already approved/);
		expect(await decideEstimate(ops, second.estimateId, { decision: 'approve', customerDecision: 'Phone, 12 May' })).toEqual({
			alreadyDone: true
		});
		expect((await error(decideEstimate(ops, second.estimateId, { decision: 'decline', customerDecision: 'Email' }))).message).toMatch(
			/already decided \(approved\)/
		);
		const approvedMail = await mailAbout(repairId, 'repair-estimate-approved');
		expect(approvedMail).toHaveLength(2);
		expect(approvedMail[0].textBody).toContain('as soon as the piece has arrived');
	});

	it('asks for a new estimate: the workshop may send another, but may not ship the piece back', async () => {
		const { repairId, number } = await assigned();
		await markReceived(shop.admin, repairId);
		const { estimateId } = await submitEstimate(shop.admin, repairId, estimate);
		await decideEstimate(ops, estimateId, { decision: 'new_estimate', note: 'Customer asks for a cheaper option' });
		const [asked] = await estimatesOf(repairId);
		expect(asked).toMatchObject({ status: 'superseded', decisionNote: 'Customer asks for a cheaper option', decidedByName: ops.name });
		expect((await getRepair(shop.admin, repairId)).currentEstimate?.outcome).toBe('revision_requested');
		expect((await mailAbout(repairId, 'repair-new-estimate-requested'))[0].textBody).toContain('Customer asks for a cheaper option');
		const ship = await error(shipBack(shop.admin, repairId, { carrier: 'UPS', trackingNumber: 'X1', shippedOn: today }));
		expect(ship.message).toBe(`${number}: Ship the piece back once the work is done, or once the brand has declined the estimate.`);
		expect((await error(startWork(shop.admin, repairId))).message).toMatch(/once the brand has approved an estimate/);
		const again = await submitEstimate(shop.admin, repairId, { ...estimate, lines: [{ description: 'Re-tip two prongs', price: '45' }] });
		expect((await getRepair(ops, repairId)).currentEstimate).toMatchObject({
			id: again.estimateId,
			outcome: 'submitted',
			totalMinor: 4500
		});
	});

	it('declined by the customer: the piece goes back unrepaired, and the brand hears of it', async () => {
		const { repairId } = await assigned();
		await markReceived(shop.admin, repairId);
		const { estimateId } = await submitEstimate(shop.admin, repairId, estimate);
		await decideEstimate(ops, estimateId, { decision: 'decline', customerDecision: 'E-mail of today: too expensive' });
		expect((await mailAbout(repairId, 'repair-estimate-declined'))[0].textBody).toContain('ship it back to the brand as it is');
		expect((await error(startWork(shop.admin, repairId))).message).toMatch(
			/customer declined the estimate: ship the piece back unrepaired/
		);
		await shipBack(shop.admin, repairId, { carrier: 'UPS', trackingNumber: '1ZDECLINED', shippedOn: today });
		expect(await row(repairId)).toMatchObject({
			status: 'shipped_back',
			carrier: 'UPS',
			trackingNumber: '1ZDECLINED',
			approvedEstimateId: null
		});
		const [mail] = await mailAbout(repairId, 'repair-shipped-back');
		expect(mail.toAddress).toBe(ops.email);
		expect(mail.textBody).toMatch(/back unrepaired, as the customer declined the estimate: UPS, tracking 1ZDECLINED/);
	});

	it('refuses an estimate from a workshop the job is not assigned to, or on a job assigned to nobody', async () => {
		const { repairId } = await assigned();
		const unassigned = await createRepairJob(ops);
		for (const [actor, id] of [
			[other.admin, repairId],
			[shop.admin, unassigned.repairId],
			[shop.admin, 'not-a-uuid']
		] as const) {
			expect((await error(submitEstimate(actor, id, estimate))).code).toBe('NotFound');
		}
		expect(await estimatesOf(repairId)).toEqual([]);
		expect(
			(await error(decideEstimate(ops, '00000000-0000-4000-8000-000000000000', { decision: 'approve', customerDecision: 'x' }))).code
		).toBe('NotFound');
	});

	it('refuses bad prices with a message on the line', async () => {
		const { repairId } = await assigned();
		const refused = await error(submitEstimate(shop.admin, repairId, { lines: [{ description: 'Re-tip', price: '80.001' }], days: 3 }));
		expect(refused.fields['lines[0].price']).toBe('USD amounts have at most 2 decimals.');
		const absurd = await error(submitEstimate(shop.admin, repairId, { lines: [{ description: 'Re-tip', price: '20000000' }], days: 3 }));
		expect(absurd.fields['lines[0].price']).toMatch(/typing mistake/);
		expect((await error(submitEstimate(shop.admin, repairId, { lines: [], days: 3 }))).fields.lines).toMatch(/at least one line/);
	});
});

describe('the workshop’s steps', () => {
	it('runs received → in work → done → shipped back, each twice with one effect', async () => {
		const { repairId, number } = await assigned();
		expect(await markReceived(shop.admin, repairId, { receivedOn: today })).toEqual({ alreadyDone: false });
		expect(await markReceived(shop.admin, repairId, { receivedOn: today, version: 2 })).toEqual({ alreadyDone: true });
		expect((await error(startWork(shop.admin, repairId))).message).toBe(
			`${number}: Work can start only once the brand has approved an estimate.`
		);
		const { estimateId } = await submitEstimate(shop.admin, repairId, estimate);
		await decideEstimate(ops, estimateId, { decision: 'approve', customerDecision: 'In store' });
		expect((await mailAbout(repairId, 'repair-estimate-approved'))[0].textBody).toContain('You may start the work now.');
		expect(await startWork(shop.member, repairId)).toEqual({ alreadyDone: false });
		expect(await startWork(shop.member, repairId)).toEqual({ alreadyDone: true });
		expect(await markDone(shop.member, repairId)).toEqual({ alreadyDone: false });
		expect(await markDone(shop.member, repairId)).toEqual({ alreadyDone: true });
		const ship = { carrier: 'FedEx', trackingNumber: '7712 3456', shippedOn: today };
		expect(await shipBack(shop.member, repairId, ship)).toEqual({ alreadyDone: false });
		expect(await shipBack(shop.member, repairId, ship)).toEqual({ alreadyDone: true });
		expect((await error(shipBack(shop.member, repairId, { ...ship, trackingNumber: 'OTHER' }))).message).toBe(
			`${number}: The piece has already been shipped back.`
		);
		expect(await row(repairId)).toMatchObject({ status: 'shipped_back', receivedOn: today, shippedBackOn: today, carrier: 'FedEx' });
		expect((await eventsOf(repairId)).map((e) => e.kind)).toEqual([
			'created',
			'assigned',
			'received',
			'estimate_submitted',
			'estimate_approved',
			'work_started',
			'work_done',
			'shipped_back'
		]);
		expect(await mailAbout(repairId, 'repair-shipped-back')).toHaveLength(1);
	});

	it('answers a second start as already done', async () => {
		const { repairId } = await approvedAndReceived();
		await startWork(shop.member, repairId);
		expect(await startWork(shop.admin, repairId)).toEqual({ alreadyDone: true });
	});

	it('refuses steps out of order, stale versions and impossible dates, with sentences', async () => {
		const { repairId, number } = await assigned();
		expect((await error(markDone(shop.admin, repairId))).message).toBe(`${number}: Only work in progress can be marked done.`);
		expect((await error(shipBack(shop.admin, repairId, { carrier: 'UPS', trackingNumber: 'X', shippedOn: today }))).message).toMatch(
			/once the work is done/
		);
		const future = await error(markReceived(shop.admin, repairId, { receivedOn: isoDateIn(2) }));
		expect(future.fields.receivedOn).toBe('The date is in the future: use today or an earlier day.');
		expect((await error(markReceived(shop.admin, repairId, { receivedOn: isoDateIn(-3) }))).fields.receivedOn).toMatch(
			/cannot have arrived before the job was given to you/
		);
		expect((await error(markReceived(shop.admin, repairId, { version: 1 }))).message).toMatch(/was changed by someone else/);
		await markReceived(shop.admin, repairId, { version: 2 });
		const { estimateId } = await submitEstimate(shop.admin, repairId, estimate);
		await decideEstimate(ops, estimateId, { decision: 'approve', customerDecision: 'Phone' });
		await startWork(shop.admin, repairId);
		await markDone(shop.admin, repairId);
		expect(
			(await error(shipBack(shop.admin, repairId, { carrier: 'UPS', trackingNumber: 'X', shippedOn: isoDateIn(-1) }))).fields.shippedOn
		).toMatch(/cannot have left before it arrived/);
		expect((await error(shipBack(shop.admin, repairId, { carrier: '', trackingNumber: 'X', shippedOn: today }))).fields.carrier).toMatch(
			/Enter the carrier/
		);
		expect((await row(repairId)).status).toBe('done');
	});

	it('records a final price that differs from the estimate, without approving it', async () => {
		const { repairId, number } = await approvedAndReceived();
		expect((await error(recordFinalPrice(shop.admin, repairId, { finalPrice: '95' }))).message).toMatch(/once work has started/);
		await startWork(shop.admin, repairId);
		expect((await error(recordFinalPrice(shop.admin, repairId, { finalPrice: '80.00' }))).fields.finalPrice).toMatch(
			/That is the approved estimate/
		);
		expect(await recordFinalPrice(shop.admin, repairId, { finalPrice: '95.00', note: 'One more prong' })).toEqual({ alreadyDone: false });
		expect(await recordFinalPrice(shop.admin, repairId, { finalPrice: '95' })).toEqual({ alreadyDone: true });
		expect(await row(repairId)).toMatchObject({ finalPriceMinor: 9500, approvedTotalMinor: 8000 });
		const [mail] = await mailAbout(repairId, 'repair-final-price');
		expect(mail.subject).toBe(`${number}: final price $95.00, estimate was $80.00`);
		expect((await error(recordFinalPrice(ops, repairId, { finalPrice: '90' }))).code).toBe('NotFound');
	});

	it('keeps the brand’s steps from the workshop and the workshop’s from the brand', async () => {
		const { repairId } = await approvedAndReceived();
		for (const attempt of [
			() => checkReturn(shop.admin, repairId, { returnWeight: '3.6', returnStoneCount: 1 }),
			() => closeRepair(shop.admin, repairId),
			() => cancelRepair(shop.admin, repairId, { reason: 'Workshop cancels' }),
			() => assignRepair(shop.admin, repairId, { vendorId: shop.vendorId, version: 1 })
		])
			expect((await error(attempt())).code).toBe('NotFound');
		for (const attempt of [
			() => startWork(ops, repairId),
			() => markReceived(ops, repairId),
			() => submitEstimate(ops, repairId, estimate)
		])
			expect((await error(attempt())).code).toBe('NotFound');
		for (const attempt of [
			() => checkReturn(finance, repairId, { returnWeight: '3.6', returnStoneCount: 1 }),
			() => cancelRepair(finance, repairId, { reason: 'Finance cancels' })
		])
			expect((await error(attempt())).code).toBe('Forbidden');
		const financeView = await getRepair(finance, repairId);
		expect(financeView.repair.status).toBe('received');
		expect(financeView.customer?.name).toBe('Margaret Holloway');
		expect(financeView.allowed).toEqual([]);
		expect(financeView.photoStages).toEqual([]);
		expect((await getRepair(ops, repairId)).allowed).toEqual(['cancel']);
	});
});

describe('the return check', () => {
	it('flags a weight difference in words; the repair closes only once it is resolved with a note', async () => {
		const { repairId, number } = await shippedBack({ intakeWeight: '3.60', requestedWork: ['rhodium_replate'] });
		const result = await checkReturn(ops, repairId, { returnWeight: '3.42', returnStoneCount: 1, notes: 'Weighed twice' });
		expect(result).toEqual({ alreadyDone: false, discrepancy: 'Weight 3.42 g on return, 3.60 g at intake: 0.18 g less.' });
		expect(await row(repairId)).toMatchObject({
			status: 'returned',
			returnWeightMg: 3420,
			returnStoneCount: 1,
			discrepancyResolution: null
		});
		// the same check again is one check; other figures are refused
		expect(await checkReturn(ops, repairId, { returnWeight: '3.420', returnStoneCount: 1 })).toEqual({
			alreadyDone: true,
			discrepancy: result.discrepancy
		});
		expect((await error(checkReturn(ops, repairId, { returnWeight: '3.5', returnStoneCount: 1 }))).message).toMatch(/already been checked/);

		const refused = await error(closeRepair(ops, repairId));
		expect(refused.code).toBe('Conflict');
		expect(refused.message).toBe(`${number}: A difference was found on return: resolve it with a note before closing.`);
		expect((await error(resolveDiscrepancy(ops, repairId, ''))).fields.note).toMatch(/Say why the difference is acceptable/);
		expect(await resolveDiscrepancy(ops, repairId, 'Polishing removed 0.18 g; customer informed')).toEqual({ alreadyDone: false });
		expect(await resolveDiscrepancy(ops, repairId, { note: 'again' })).toEqual({ alreadyDone: true });
		expect(await closeRepair(ops, repairId, { version: await versionOf(repairId) })).toEqual({ alreadyDone: false });
		expect(await closeRepair(ops, repairId)).toEqual({ alreadyDone: true });
		const stored = await row(repairId);
		expect(stored).toMatchObject({ status: 'closed', discrepancyResolution: 'Polishing removed 0.18 g; customer informed' });
		expect(stored.closedAt).toBeInstanceOf(Date);

		// the brand's findings stay the brand's: the workshop's history says the piece arrived, no more
		const events = await eventsOf(repairId);
		const flagged = events.find((e) => e.kind === 'return_flagged')!;
		expect(flagged.vendorId).toBeNull();
		expect(flagged.note).toBe('Weight 3.42 g on return, 3.60 g at intake: 0.18 g less. Weighed twice');
		expect(events.find((e) => e.kind === 'discrepancy_resolved')!.vendorId).toBeNull();
		const workshopView = await getRepair(shop.admin, repairId);
		expect(workshopView.events.map((e) => e.kind)).toContain('returned');
		expect(JSON.stringify(workshopView)).not.toContain('0.18 g less');
		expect(workshopView.returnCheck).toBeNull();
		const audits = (await auditsOf(repairId)).filter((a) => a.vendorId === shop.vendorId);
		expect(audits.map((a) => a.summary).join(' ')).not.toContain('0.18 g less');
	});

	it('flags a missing stone, and a sized ring’s weight change with the reason it may be fine', async () => {
		const stones = await shippedBack({ intakeStoneCount: 5 });
		expect((await checkReturn(ops, stones.repairId, { returnWeight: '3.60', returnStoneCount: 4 })).discrepancy).toBe(
			'Stones 4 on return, 5 at intake: 1 fewer.'
		);
		const sized = await shippedBack({ intakeWeight: '4.00', requestedWork: ['sizing'] });
		const { discrepancy } = await checkReturn(ops, sized.repairId, { returnWeight: '4.60', returnStoneCount: 1 });
		expect(discrepancy).toMatch(/^Weight 4.60 g on return, 4.00 g at intake: 0.60 g more \(sizing was requested/);
		expect((await error(closeRepair(ops, sized.repairId))).message).toMatch(/resolve it with a note/);
	});

	it('passes a piece within the tolerance and closes it at once, with return photos kept the brand’s', async () => {
		const { repairId } = await shippedBack({ intakeWeight: '3.60' });
		const result = await checkReturn(ops, repairId, { returnWeight: '3.64', returnStoneCount: 1, photos: await pngPhotos(1) });
		expect(result).toEqual({ alreadyDone: false, discrepancy: null });
		expect((await eventsOf(repairId)).find((e) => e.kind === 'return_checked')!.note).toBe('Weight 3.64 g and 1 stone, as at intake.');
		const view = await getRepair(ops, repairId);
		const returnPhoto = view.photos.find((p) => p.stage === 'return')!;
		expect(returnPhoto.side).toBe('brand');
		expect((await error(readFileForActor(shop.admin, returnPhoto.fileId))).code).toBe('NotFound');
		expect((await getRepair(shop.admin, repairId)).photos.map((p) => p.stage)).not.toContain('return');
		await closeRepair(ops, repairId);
		expect((await row(repairId)).status).toBe('closed');
	});

	it('checks only a piece that was shipped back', async () => {
		const { repairId, number } = await approvedAndReceived();
		expect((await error(checkReturn(ops, repairId, { returnWeight: '3.6', returnStoneCount: 1 }))).message).toBe(
			`${number}: The return can be checked once the workshop has shipped the piece back.`
		);
		expect((await error(checkReturn(ops, repairId, { returnWeight: '2500', returnStoneCount: 1 }))).fields.returnWeight).toMatch(
			/More than 2,000 g/
		);
	});
});

describe('cancelling', () => {
	it('cancels before work, keeps the reason the brand’s, tells the workshop; not once work started', async () => {
		const { repairId, number } = await assigned();
		await markReceived(shop.admin, repairId);
		const { estimateId } = await submitEstimate(shop.admin, repairId, estimate);
		expect((await error(cancelRepair(ops, repairId, { reason: 'x' }))).fields.reason).toMatch(/Say why/);
		expect(await cancelRepair(ops, repairId, { reason: 'Margaret changed her mind', version: await versionOf(repairId) })).toEqual({
			alreadyDone: false
		});
		expect(await cancelRepair(ops, repairId, { reason: 'Margaret changed her mind' })).toEqual({ alreadyDone: true });
		expect(await row(repairId)).toMatchObject({ status: 'cancelled', cancelReason: 'Margaret changed her mind' });
		expect((await estimatesOf(repairId))[0].status).toBe('superseded');
		expect((await error(decideEstimate(ops, estimateId, { decision: 'approve', customerDecision: 'x' }))).code).toBe('Conflict');
		const [mail] = await mailAbout(repairId, 'repair-cancelled');
		expect(mail.textBody).toContain('You have the piece');
		expect(mail.textBody).not.toContain('Margaret');
		expect(JSON.stringify(await getRepair(shop.admin, repairId))).not.toContain('Margaret');
		expect((await error(markDone(shop.admin, repairId))).message).toBe(
			`${number}: The repair is cancelled: nothing more can be done on it.`
		);

		const working = await approvedAndReceived();
		await startWork(shop.admin, working.repairId);
		expect((await error(cancelRepair(ops, working.repairId, { reason: 'Too late now' }))).message).toMatch(/it can no longer be cancelled/);
	});

	it('cancels an intake nobody was told about without mail', async () => {
		const { repairId } = await createRepairJob(ops);
		await cancelRepair(ops, repairId, { reason: 'Customer collected it', version: 1 });
		expect(await mailAbout(repairId, 'repair-cancelled')).toEqual([]);
	});
});

describe('photos', () => {
	it('lets the workshop add bench photos while it has the piece, and the brand intake photos until then', async () => {
		const { repairId, number } = await assigned();
		expect((await error(addRepairPhotos(shop.admin, repairId, 'workshop', await pngPhotos(1)))).message).toBe(
			`${number}: Photos can be added while the piece is at your workshop (received, in work or done).`
		);
		expect(await addRepairPhotos(ops, repairId, 'intake', await pngPhotos(1), 'Side view')).toEqual({ added: 1 });
		await markReceived(shop.admin, repairId);
		expect(await addRepairPhotos(shop.member, repairId, 'workshop', await pngPhotos(2), 'On arrival')).toEqual({ added: 2 });
		expect((await error(addRepairPhotos(shop.member, repairId, 'intake', await pngPhotos(1)))).message).toMatch(
			/Intake photos are the brand’s/
		);
		expect((await error(addRepairPhotos(ops, repairId, 'workshop', await pngPhotos(1)))).message).toMatch(/added by the workshop/);
		expect((await error(addRepairPhotos(ops, repairId, 'return', await pngPhotos(1)))).message).toMatch(/once the workshop has shipped/);
		expect((await error(addRepairPhotos(shop.member, repairId, 'workshop', []))).message).toBe('Choose at least one photo.');
		expect((await error(addRepairPhotos(other.member, repairId, 'workshop', await pngPhotos(1)))).code).toBe('NotFound');

		const view = await getRepair(shop.admin, repairId);
		expect(view.photos.map((p) => [p.stage, p.side, p.caption])).toEqual([
			['intake', 'brand', 'Side view'],
			['workshop', 'vendor', 'On arrival'],
			['workshop', 'vendor', 'On arrival']
		]);
		for (const photo of view.photos) await expect(readFileForActor(shop.admin, photo.thumbnailFileId)).resolves.toBeDefined();
		const rows = await asSystem((tx) => tx.select().from(repairPhoto).where(eq(repairPhoto.repairId, repairId)));
		expect(rows.filter((p) => p.stage === 'workshop').every((p) => p.vendorId === shop.vendorId)).toBe(true);
	});

	it('refuses a file that is not a photo before anything is stored', async () => {
		const refused = await error(processJobPhotos([new File([new TextEncoder().encode('%PDF-1.7 not a photo')], 'ring.jpg')]));
		expect(refused.message).toMatch(/not a photo/);
	});
});

describe('reading a repair', () => {
	it('shows the brand everything and the workshop no customer, with what each may do now', async () => {
		const { repairId } = await assigned();
		await submitEstimate(shop.admin, repairId, estimate);
		const brand = await getRepair(ops, repairId);
		expect(brand.customer).toEqual({
			name: 'Margaret Holloway',
			contact: 'margaret@example.test, +1 212 555 0142',
			orderReference: 'SHOP-10442'
		});
		expect(brand.workshop).toEqual({ id: shop.vendorId, name: shop.name });
		expect(brand.state).toEqual({ status: 'assigned', estimate: 'submitted', discrepancy: 'none' });
		expect(brand.allowed).toEqual(['reassign', 'cancel', 'approve_estimate', 'decline_estimate', 'request_new_estimate']);
		expect(brand.events.map((e) => e.kind)).toEqual(['created', 'assigned', 'estimate_submitted']);

		const workshop = await getRepair(shop.member, repairId);
		expect(workshop.customer).toBeNull();
		expect(workshop.repair).not.toHaveProperty('customerName');
		expect(JSON.stringify(workshop)).not.toMatch(/Margaret|SHOP-10442|212 555/);
		expect(workshop.allowed).toEqual(['receive', 'submit_estimate']);
		expect(workshop.events.map((e) => e.kind)).toEqual(['assigned', 'estimate_submitted']);
		expect(workshop.currentEstimate).toMatchObject({ totalMinor: 8000, outcome: 'submitted', current: true });
		expect(workshop.turnaroundDays).toBe(10);
		expect(workshop.dueBack).toBe(isoDateIn(10));
		expect(workshop.overdue).toBe(false);
	});

	it('marks a job overdue past the turnaround target while it is at the workshop', async () => {
		const { repairId } = await assigned();
		await asSystem((tx) =>
			tx
				.update(repairJob)
				.set({ assignedAt: sql`now() - interval '12 days'` })
				.where(eq(repairJob.id, repairId))
		);
		const view = await getRepair(ops, repairId);
		expect(view.overdue).toBe(true);
		expect(view.dueBack).toBe(isoDateIn(-2));
	});
});

describe('two clicks at once', () => {
	it('has one effect: one marks received, the other finds it done', async () => {
		const { repairId } = await assigned();
		const results = await Promise.all([markReceived(shop.admin, repairId), markReceived(shop.member, repairId)]);
		expect(results.map((r) => r.alreadyDone).sort()).toEqual([false, true]);
		expect((await eventsOf(repairId)).filter((e) => e.kind === 'received')).toHaveLength(1);
		const estimates = await Promise.all([submitEstimate(shop.admin, repairId, estimate), submitEstimate(shop.member, repairId, estimate)]);
		expect(estimates[0].estimateId).toBe(estimates[1].estimateId);
		expect(await estimatesOf(repairId)).toHaveLength(1);
	});
});
