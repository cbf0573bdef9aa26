import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/support/database.ts';
import { createStaff, createVendorUser, createWorkshop } from '../../../../tests/support/factories.ts';
import { error } from '../../../../tests/support/errors.ts';
import type { StaffActor } from '../auth/actor.ts';
import { auditEvent, vendor } from '../db/schema/index.ts';
import { asSystem } from '../db/scope.ts';
import { getCompanyTolerances, getVendorTolerances, updateCompanyTolerances, updateVendorTolerances } from './tolerances.ts';

useTestDatabase();
let admin: StaffActor;
let ops: StaffActor;
let finance: StaffActor;

beforeAll(async () => {
	[admin, ops, finance] = [await createStaff('admin'), await createStaff('ops'), await createStaff('finance')];
});

const form = (version: number, overrides: Record<string, string> = {}) => ({
	pricePercent: '1',
	priceAbsolute: '25.00',
	priceAllowanceRule: 'smaller' as const,
	quantityPieces: '0',
	overReceiptPercent: '5',
	version,
	...overrides
});

describe('company tolerances', () => {
	it('saves zero as "none allowed", audits the change and describes it in words', async () => {
		const { version } = await getCompanyTolerances(admin);
		const result = await updateCompanyTolerances(admin, form(version, { pricePercent: '0.5', priceAbsolute: '0', quantityPieces: '2' }));
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.view.columns).toMatchObject({
			priceTolerancePercentBp: 50,
			priceToleranceAbsoluteThousandths: 0,
			quantityTolerancePieces: 2
		});
		expect(result.view.version).toBe(version + 1);
		expect(result.view.description).toMatch(/0\.5%.*whichever is smaller.*2 pcs/);
		const audit = await asSystem((tx) =>
			tx
				.select()
				.from(auditEvent)
				.where(and(eq(auditEvent.entityType, 'brand_settings'), eq(auditEvent.action, 'brand_settings.tolerances_updated')))
		);
		expect(audit.at(-1)?.after).toMatchObject({
			priceTolerancePercentBp: 50,
			priceToleranceAbsoluteThousandths: 0,
			quantityTolerancePieces: 2
		});
	});

	it('refuses a blank field and changes nothing', async () => {
		const before = await getCompanyTolerances(admin);
		const failure = await error(updateCompanyTolerances(admin, form(before.version, { priceAbsolute: '' })));
		expect(failure.code).toBe('Invalid');
		expect(failure.fields.priceAbsolute).toMatch(/enter 0 to allow none/i);
		expect(await getCompanyTolerances(admin)).toEqual(before);
	});

	it('refuses a save made on an older version and returns the newer one', async () => {
		const { version } = await getCompanyTolerances(admin);
		expect((await updateCompanyTolerances(admin, form(version, { pricePercent: '2' }))).ok).toBe(true);
		const stale = await updateCompanyTolerances(admin, form(version, { pricePercent: '3' }));
		expect(stale.ok).toBe(false);
		if (!stale.ok) expect(stale.current.columns.priceTolerancePercentBp).toBe(200);
	});

	it('is for administrators only', async () => {
		expect((await error(getCompanyTolerances(finance))).code).toBe('Forbidden');
		expect((await error(updateCompanyTolerances(ops, form(1)))).code).toBe('Forbidden');
	});
});

describe('a workshop’s own tolerances', () => {
	it('lets finance and admins set its own price and quantity, back to the company’s as NULL, audited', async () => {
		const { vendorId, name } = await createWorkshop(admin);
		const start = await getVendorTolerances(ops, vendorId);
		expect(start.source).toEqual({ price: 'company', quantity: 'company' });
		expect(start.canEdit).toBe(false);

		const own = await updateVendorTolerances(finance, vendorId, {
			priceMode: 'own',
			pricePercent: '0',
			priceAbsolute: '10',
			quantityMode: 'own',
			quantityPieces: '1',
			basis: '-|-|-'
		});
		expect(own.override).toEqual({ priceTolerancePercentBp: 0, priceToleranceAbsoluteThousandths: 10_000, quantityTolerancePieces: 1 });
		expect(own.source).toEqual({ price: 'vendor', quantity: 'vendor' });
		expect(own.description).toMatch(/^Price: 0% or/);

		const back = await updateVendorTolerances(admin, vendorId, {
			priceMode: 'company',
			pricePercent: '',
			priceAbsolute: '',
			quantityMode: 'own',
			quantityPieces: '0',
			basis: '0|10000|1'
		});
		expect(back.override).toEqual({ priceTolerancePercentBp: null, priceToleranceAbsoluteThousandths: null, quantityTolerancePieces: 0 });
		const [row] = await asSystem((tx) => tx.select().from(vendor).where(eq(vendor.id, vendorId)));
		expect(row.priceTolerancePercentBp).toBeNull();
		expect(row.version).toBe(1); // the workshop's own profile form is not made stale
		const audit = await asSystem((tx) =>
			tx
				.select()
				.from(auditEvent)
				.where(and(eq(auditEvent.entityId, vendorId), eq(auditEvent.action, 'vendor.tolerances_updated')))
		);
		expect(audit).toHaveLength(2);
		expect(audit[0].summary).toContain(name);
	});

	it('refuses operations and workshops, a blank own field, and a save made on another override', async () => {
		const { vendorId, name } = await createWorkshop(admin);
		const input = {
			priceMode: 'own' as const,
			pricePercent: '1',
			priceAbsolute: '5',
			quantityMode: 'company' as const,
			quantityPieces: '',
			basis: '-|-|-'
		};
		expect((await error(updateVendorTolerances(ops, vendorId, input))).code).toBe('Forbidden');
		const workshop = await createVendorUser(vendorId, name);
		expect((await error(updateVendorTolerances(workshop, vendorId, input))).code).toBe('NotFound');
		const blank = await error(updateVendorTolerances(admin, vendorId, { ...input, priceAbsolute: ' ' }));
		expect(blank.code).toBe('Invalid');
		expect(blank.fields.priceAbsolute).toMatch(/enter 0 to allow none/i);

		await updateVendorTolerances(admin, vendorId, input);
		const stale = await error(updateVendorTolerances(finance, vendorId, { ...input, pricePercent: '3' }));
		expect(stale.code).toBe('Conflict');
		expect((await getVendorTolerances(admin, vendorId)).override.priceTolerancePercentBp).toBe(100);
		expect((await error(getVendorTolerances(admin, '00000000-0000-4000-8000-000000000000'))).code).toBe('NotFound');
	});
});
