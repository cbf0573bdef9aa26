import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/support/database.ts';
import { createStaff, createVendorUser, createWorkshop } from '../../../../tests/support/factories.ts';
import { error } from '../../../../tests/support/errors.ts';
import type { BrandSettingsInput } from '#lib/domain/settings/schemas.ts';
import type { StaffActor } from '../auth/actor.ts';
import { auditEvent } from '../db/schema/index.ts';
import { asSystem } from '../db/scope.ts';
import { getBrandSettingsForAdmin, listBrandSettingsHistory, updateBrandSettings } from './service.ts';

useTestDatabase();
let admin: StaffActor;
let otherAdmin: StaffActor;
let ops: StaffActor;
let finance: StaffActor;

beforeAll(async () => {
	[admin, otherAdmin, ops, finance] = [
		await createStaff('admin'),
		await createStaff('admin'),
		await createStaff('ops'),
		await createStaff('finance')
	];
});

const settings = (overrides: Partial<BrandSettingsInput> = {}): BrandSettingsInput => ({
	brandName: 'Maison Aurea',
	brandAddress: '12 Rue de la Paix\n75002 Paris\nFrance',
	defaultShipTo: 'Maison Aurea receiving\n40 W 47th St\nNew York NY 10036',
	defaultTerms: 'Net 30. Goods remain the brand’s property until paid.',
	poReminderDays: 3,
	poDueSoonDays: 14,
	...overrides
});

const settingsAudit = () => asSystem((tx) => tx.select().from(auditEvent).where(eq(auditEvent.entityType, 'brand_settings')));

describe('brand settings', () => {
	it('lets an admin update them, keeping the lines of the address, and audits what changed', async () => {
		const before = await getBrandSettingsForAdmin(admin);
		expect(before).toMatchObject({ id: 1, version: 1, poReminderDays: 3, poDueSoonDays: 14 });

		const saved = await updateBrandSettings(admin, { ...settings({ poReminderDays: '5' as never }), version: before.version });
		expect(saved).toMatchObject({ ok: true, settings: { version: 2, brandName: 'Maison Aurea', poReminderDays: 5 } });
		expect((await getBrandSettingsForAdmin(admin)).brandAddress).toBe('12 Rue de la Paix\n75002 Paris\nFrance');

		// saving the same values again is not history
		await updateBrandSettings(admin, { ...settings({ poReminderDays: 5 }), version: 2 });
		await updateBrandSettings(otherAdmin, { ...settings({ poReminderDays: 5, poDueSoonDays: 21 }), version: 3 });
		const audits = await settingsAudit();
		expect(audits).toHaveLength(2);
		expect(audits.at(-1)).toMatchObject({
			entityId: '1',
			action: 'brand_settings.updated',
			actorUserId: otherAdmin.userId,
			summary: `${otherAdmin.name} changed due-soon days`,
			before: { poDueSoonDays: 14 },
			after: { poDueSoonDays: 21 }
		});
		expect((await listBrandSettingsHistory(admin)).map((h) => h.summary)[0]).toBe(`${otherAdmin.name} changed due-soon days`);
	});

	it('refuses a save made on an older version and returns the newer settings', async () => {
		const seen = await getBrandSettingsForAdmin(admin);
		expect(await updateBrandSettings(admin, { ...settings({ brandName: 'Aurea' }), version: seen.version })).toMatchObject({ ok: true });
		const stale = await updateBrandSettings(otherAdmin, { ...settings({ brandName: 'Aurea Paris' }), version: seen.version });
		expect(stale).toMatchObject({ ok: false, current: { brandName: 'Aurea', version: seen.version + 1 } });
		expect((await getBrandSettingsForAdmin(admin)).brandName).toBe('Aurea');
	});

	it('keeps the day counts within their ranges', async () => {
		const { version } = await getBrandSettingsForAdmin(admin);
		const refused = await error(
			updateBrandSettings(admin, { ...settings({ poReminderDays: 0, poDueSoonDays: 91, brandName: ' ' }), version })
		);
		expect(refused.code).toBe('Invalid');
		expect(refused.fields).toEqual({
			brandName: 'Enter the brand’s name.',
			poReminderDays: 'Enter at least 1 day.',
			poDueSoonDays: 'Enter at most 90 days.'
		});
		expect((await error(updateBrandSettings(admin, { ...settings({ poReminderDays: 61 }), version }))).fields).toEqual({
			poReminderDays: 'Enter at most 60 days.'
		});
		expect((await error(updateBrandSettings(admin, { ...settings({ poReminderDays: 2.5 }), version }))).fields).toEqual({
			poReminderDays: 'Enter a whole number of days.'
		});
		expect(await updateBrandSettings(admin, { ...settings({ poReminderDays: 60, poDueSoonDays: 90 }), version })).toMatchObject({
			ok: true
		});
		expect(await updateBrandSettings(admin, { ...settings({ poReminderDays: 1, poDueSoonDays: 1 }), version: version + 1 })).toMatchObject({
			ok: true
		});
	});

	it('keeps the home currency and the repair turnaround, defaulting to USD and 10 days, and audits their changes', async () => {
		const before = await getBrandSettingsForAdmin(admin);
		expect(before).toMatchObject({ homeCurrency: 'USD', repairTurnaroundDays: 10 });
		const audits = (await settingsAudit()).length;
		const unchanged = settings({ brandName: before.brandName, poReminderDays: before.poReminderDays, poDueSoonDays: before.poDueSoonDays });

		// a save that leaves them out (an older form) keeps them and changes nothing
		const same = await updateBrandSettings(admin, { ...unchanged, version: before.version });
		expect(same).toMatchObject({ ok: true, settings: { homeCurrency: 'USD', repairTurnaroundDays: 10 } });
		expect(await settingsAudit()).toHaveLength(audits);

		const saved = await updateBrandSettings(admin, {
			...unchanged,
			homeCurrency: ' eur ',
			repairTurnaroundDays: '14' as never,
			version: before.version + 1
		});
		expect(saved).toMatchObject({ ok: true, settings: { homeCurrency: 'EUR', repairTurnaroundDays: 14 } });
		const last = (await settingsAudit()).at(-1)!;
		expect(last).toMatchObject({
			summary: `${admin.name} changed home currency, repair turnaround days`,
			before: { homeCurrency: 'USD', repairTurnaroundDays: 10 },
			after: { homeCurrency: 'EUR', repairTurnaroundDays: 14 }
		});

		await updateBrandSettings(admin, { ...unchanged, poDueSoonDays: 30, version: before.version + 2 });
		expect(await getBrandSettingsForAdmin(admin)).toMatchObject({ homeCurrency: 'EUR', repairTurnaroundDays: 14, poDueSoonDays: 30 });
	});

	it('refuses an unknown currency and a turnaround outside 1 to 90 days', async () => {
		const current = await getBrandSettingsForAdmin(admin);
		const { version } = current;
		expect(
			(await error(updateBrandSettings(admin, { ...settings({ homeCurrency: 'ABC', repairTurnaroundDays: 0 }), version }))).fields
		).toEqual({
			homeCurrency: 'Choose a currency such as USD, EUR or THB.',
			repairTurnaroundDays: 'Enter at least 1 day.'
		});
		expect(
			(await error(updateBrandSettings(admin, { ...settings({ homeCurrency: 'US', repairTurnaroundDays: 91 }), version }))).fields
		).toEqual({
			homeCurrency: 'Choose a currency such as USD, EUR or THB.',
			repairTurnaroundDays: 'Enter at most 90 days.'
		});
		expect((await error(updateBrandSettings(admin, { ...settings({ repairTurnaroundDays: 'ten' as never }), version }))).fields).toEqual({
			repairTurnaroundDays: 'Enter the repair turnaround as a number of days.'
		});
		expect(await getBrandSettingsForAdmin(admin)).toMatchObject({
			version,
			homeCurrency: current.homeCurrency,
			repairTurnaroundDays: current.repairTurnaroundDays
		});
		expect(await updateBrandSettings(admin, { ...settings({ homeCurrency: 'JPY', repairTurnaroundDays: 90 }), version })).toMatchObject({
			ok: true,
			settings: { homeCurrency: 'JPY', repairTurnaroundDays: 90 }
		});
		expect(await updateBrandSettings(admin, { ...settings({ repairTurnaroundDays: 1 }), version: version + 1 })).toMatchObject({
			ok: true,
			settings: { homeCurrency: 'JPY', repairTurnaroundDays: 1 }
		});
	});

	it('is for administrators only', async () => {
		const { version } = await getBrandSettingsForAdmin(admin);
		for (const actor of [ops, finance]) {
			expect((await error(getBrandSettingsForAdmin(actor))).code).toBe('Forbidden');
			expect((await error(updateBrandSettings(actor, { ...settings({ brandName: 'Hijacked' }), version }))).code).toBe('Forbidden');
		}
		const workshop = await createWorkshop(ops);
		const vendorUser = await createVendorUser(workshop.vendorId, workshop.name, 'vendor_admin');
		expect((await error(updateBrandSettings(vendorUser, { ...settings({ brandName: 'Hijacked' }), version }))).code).toBe('NotFound');
		expect((await getBrandSettingsForAdmin(admin)).brandName).not.toBe('Hijacked');
	});
});
