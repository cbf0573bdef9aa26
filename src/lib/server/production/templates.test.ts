/**
 * Stage templates through their service, on a real database: the defaults, an admin's edit and what
 * a new job bag then gets, optimistic locking, reset, and who may do what.
 */
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/support/database.ts';
import { error } from '../../../../tests/support/errors.ts';
import { createStaff, createVendorUser, createWorkshop } from '../../../../tests/support/factories.ts';
import { defaultStageTemplates } from '#lib/domain/production/stages.ts';
import { vendorTypes } from '#lib/domain/vendors/reference.ts';
import type { StaffActor, VendorActor } from '../auth/actor.ts';
import { queryCounter } from '../db/client.ts';
import { auditEvent, stageTemplate, vendor } from '../db/schema/index.ts';
import { asSystem, inScope } from '../db/scope.ts';
import {
	listStageTemplateHistory,
	listStageTemplates,
	resetStageTemplate,
	saveStageTemplate,
	selectStageTemplateFor
} from './templates.ts';

useTestDatabase();
let admin: StaffActor;
let otherAdmin: StaffActor;
let ops: StaffActor;
let finance: StaffActor;
let vendorUser: VendorActor;
/** a workshop whose first type is stone setter, then caster */
let setter: { vendorId: string; types: string[] };

beforeAll(async () => {
	[admin, otherAdmin, ops, finance] = [
		await createStaff('admin'),
		await createStaff('admin'),
		await createStaff('ops'),
		await createStaff('finance')
	];
	const workshop = await createWorkshop(ops, { types: ['stone_setter', 'caster'] });
	vendorUser = await createVendorUser(workshop.vendorId, workshop.name, 'vendor_admin');
	const [row] = await asSystem((tx) => tx.select({ types: vendor.types }).from(vendor).where(eq(vendor.id, workshop.vendorId)));
	setter = { vendorId: workshop.vendorId, types: row.types };
});

const setterStages = [
	{ name: 'Stones counted in', expectedDays: 1, photoRequired: true },
	{ name: 'Setting', expectedDays: 6, photoRequired: true },
	{ name: 'Polish', expectedDays: 0, photoRequired: false }
];

const templateOf = async (type: string) => (await listStageTemplates(admin)).find((t) => t.vendorType === type)!;
const storedRows = () => asSystem((tx) => tx.select().from(stageTemplate));
const templateAudits = () => asSystem((tx) => tx.select().from(auditEvent).where(eq(auditEvent.entityType, 'stage_template')));
/** What a new job bag at the stone setter gets, read the way job creation reads it: in the workshop's own scope. */
const setterJobStages = () =>
	inScope({ kind: 'vendor', vendorId: setter.vendorId, userId: vendorUser.userId }, (tx) => selectStageTemplateFor(tx, setter.types));

describe('stage templates', () => {
	it('lists every workshop type with its defaults until an admin edits one', async () => {
		for (const actor of [admin, ops]) {
			const templates = await listStageTemplates(actor);
			expect(templates.map((t) => t.vendorType)).toEqual([...vendorTypes]);
			for (const t of templates) {
				expect(t).toMatchObject({ version: 0, customised: false, updatedAt: null, stages: defaultStageTemplates[t.vendorType] });
			}
		}
		expect((await listStageTemplates(admin)).map((t) => t.label)).toContain('Stone setter');
		expect(await setterJobStages()).toEqual(defaultStageTemplates.stone_setter);
	});

	it('saves an edit, lists it, gives it to new job bags of a workshop whose first type matches, and audits it', async () => {
		const saved = await saveStageTemplate(admin, {
			vendorType: 'stone_setter',
			version: 0,
			stages: [{ ...setterStages[0], name: '  Stones counted in ' }, setterStages[1], setterStages[2]]
		});
		expect(saved).toMatchObject({ ok: true, changed: true, template: { version: 1, customised: true, stages: setterStages } });

		const listed = await templateOf('stone_setter');
		expect(listed).toMatchObject({ version: 1, customised: true, stages: setterStages, updatedByName: admin.name });
		expect(listed.updatedAt).toBeInstanceOf(Date);
		// the other types are untouched
		expect(await templateOf('caster')).toMatchObject({ version: 0, customised: false, stages: defaultStageTemplates.caster });

		expect(await setterJobStages()).toEqual(setterStages);
		// one query, inside the caller's transaction
		const store = { queries: 0 };
		await inScope({ kind: 'vendor', vendorId: setter.vendorId, userId: vendorUser.userId }, (tx) =>
			queryCounter.run(store, () => selectStageTemplateFor(tx, setter.types))
		);
		expect(store.queries).toBe(1);

		const audits = await templateAudits();
		expect(audits).toHaveLength(1);
		expect(audits[0]).toMatchObject({
			entityId: 'stone_setter',
			action: 'stage_template.updated',
			actorUserId: admin.userId,
			summary: `${admin.name} changed the Stone setter stages`,
			before: { stages: defaultStageTemplates.stone_setter },
			after: { stages: setterStages }
		});
		const [history] = await listStageTemplateHistory(admin);
		expect(history.after).toEqual({ stages: 'Stones counted in 1 d (photo) · Setting 6 d (photo) · Polish 0 d' });

		// saving the same stages again is neither a new version nor history
		expect(await saveStageTemplate(admin, { vendorType: 'stone_setter', version: 1, stages: setterStages })).toMatchObject({
			ok: true,
			changed: false,
			template: { version: 1 }
		});
		expect(await templateAudits()).toHaveLength(1);
	});

	it('uses the first type only, and the caster template for a workshop without a type', async () => {
		const stages = await asSystem(async (tx) => ({
			casterFirst: await selectStageTemplateFor(tx, ['caster', 'stone_setter']),
			none: await selectStageTemplateFor(tx, []),
			unknown: await selectStageTemplateFor(tx, ['goldsmith'])
		}));
		expect(stages).toEqual({
			casterFirst: defaultStageTemplates.caster,
			none: defaultStageTemplates.caster,
			unknown: defaultStageTemplates.caster
		});
		// a job's copy is its own: changing it does not change the defaults for the next job
		stages.none[0].name = 'Changed by a caller';
		expect(await asSystem((tx) => selectStageTemplateFor(tx, []))).toEqual(defaultStageTemplates.caster);
	});

	it('refuses a save made on an older version, changes nothing, and says who saved which version', async () => {
		const seen = await templateOf('stone_setter');
		const first = await saveStageTemplate(otherAdmin, {
			vendorType: 'stone_setter',
			version: seen.version,
			stages: setterStages.slice(0, 2)
		});
		expect(first).toMatchObject({ ok: true, template: { version: seen.version + 1 } });
		const rowsBefore = await storedRows();
		const auditsBefore = (await templateAudits()).length;

		const stale = await saveStageTemplate(admin, { vendorType: 'stone_setter', version: seen.version, stages: setterStages.slice(1) });
		expect(stale.ok).toBe(false);
		if (stale.ok) return;
		expect(stale.current).toMatchObject({ version: seen.version + 1, stages: setterStages.slice(0, 2), updatedByName: otherAdmin.name });
		expect(stale.message).toBe(
			`Someone else saved the Stone setter template (version ${seen.version + 1}) while you were editing. Nothing of yours was saved and it is all still below: compare it with their version, then save again to replace theirs with yours.`
		);
		expect(await storedRows()).toEqual(rowsBefore);
		expect(await templateAudits()).toHaveLength(auditsBefore);
		expect(await setterJobStages()).toEqual(setterStages.slice(0, 2));

		// a first edit on a type somebody else already edited is stale too (version 0 against 1)
		await saveStageTemplate(admin, {
			vendorType: 'plater',
			version: 0,
			stages: [{ name: 'Plating', expectedDays: 2, photoRequired: true }]
		});
		const second = await saveStageTemplate(otherAdmin, {
			vendorType: 'plater',
			version: 0,
			stages: [{ name: 'Rhodium', expectedDays: 3, photoRequired: false }]
		});
		expect(second).toMatchObject({ ok: false, current: { version: 1, stages: [{ name: 'Plating' }] } });
	});

	it('refuses invalid stages with a message on each field and stores nothing', async () => {
		const { version } = await templateOf('engraver');
		const refused = await error(
			saveStageTemplate(admin, {
				vendorType: 'engraver',
				version,
				stages: [
					{ name: 'Layout', expectedDays: 1, photoRequired: false },
					{ name: 'layout', expectedDays: 61, photoRequired: false }
				]
			})
		);
		expect(refused.code).toBe('Invalid');
		expect(refused.fields).toEqual({
			'stages[1].expectedDays': 'A stage takes at most 60 days; split a longer one in two.',
			'stages[1].name': 'Stage 1 is already called “Layout”; give each stage its own name.'
		});
		expect((await error(saveStageTemplate(admin, { vendorType: 'engraver', version, stages: [] }))).fields).toEqual({
			stages: 'Keep at least one stage: a job bag needs somewhere to start.'
		});
		expect(await templateOf('engraver')).toMatchObject({ version: 0, customised: false });
	});

	it('resets a type to the defaults, refusing a stale reset', async () => {
		const current = await templateOf('stone_setter');
		expect(current.customised).toBe(true);
		const stale = await resetStageTemplate(admin, 'stone_setter', current.version - 1);
		expect(stale).toMatchObject({ ok: false, current: { version: current.version } });
		expect(await templateOf('stone_setter')).toMatchObject({ customised: true, version: current.version });

		const reset = await resetStageTemplate(admin, 'stone_setter', current.version);
		expect(reset).toMatchObject({
			ok: true,
			changed: true,
			template: { version: 0, customised: false, stages: defaultStageTemplates.stone_setter }
		});
		expect(await templateOf('stone_setter')).toMatchObject({ version: 0, customised: false, stages: defaultStageTemplates.stone_setter });
		expect((await storedRows()).map((r) => r.vendorType)).not.toContain('stone_setter');
		expect(await setterJobStages()).toEqual(defaultStageTemplates.stone_setter);
		const audits = await templateAudits();
		expect(audits.at(-1)).toMatchObject({
			entityId: 'stone_setter',
			action: 'stage_template.reset',
			summary: `${admin.name} put the Stone setter stages back to the defaults`,
			after: { stages: defaultStageTemplates.stone_setter }
		});

		// resetting defaults changes nothing; an admin editing the reset type from an old version is told
		expect(await resetStageTemplate(admin, 'stone_setter', 0)).toMatchObject({ ok: true, changed: false });
		const late = await saveStageTemplate(otherAdmin, { vendorType: 'stone_setter', version: current.version, stages: setterStages });
		expect(late).toMatchObject({ ok: false, current: { version: 0, customised: false } });
		if (!late.ok) expect(late.message).toContain('put the Stone setter template back to the defaults');
		expect((await error(resetStageTemplate(admin, 'goldsmith', 0))).code).toBe('Invalid');
	});

	it('lets only administrators change templates; operations may read them; finance and workshops may not', async () => {
		const edit = { vendorType: 'polisher' as const, version: 0, stages: [{ name: 'Hijacked', expectedDays: 1, photoRequired: false }] };
		for (const actor of [ops, finance]) {
			expect((await error(saveStageTemplate(actor, edit))).code).toBe('Forbidden');
			expect((await error(resetStageTemplate(actor, 'plater', 1))).code).toBe('Forbidden');
		}
		expect((await error(listStageTemplates(finance))).code).toBe('Forbidden');
		expect((await error(listStageTemplateHistory(finance))).code).toBe('Forbidden');
		expect((await listStageTemplateHistory(ops)).length).toBeGreaterThan(0);

		for (const call of [
			saveStageTemplate(vendorUser, edit),
			resetStageTemplate(vendorUser, 'plater', 1),
			listStageTemplates(vendorUser),
			listStageTemplateHistory(vendorUser)
		]) {
			expect((await error(call)).code).toBe('NotFound');
		}
		// and the database itself refuses a workshop's write
		await expect(
			inScope({ kind: 'vendor', vendorId: setter.vendorId, userId: vendorUser.userId }, (tx) =>
				tx.insert(stageTemplate).values({ vendorType: 'polisher', stages: edit.stages })
			)
		).rejects.toThrow();
		expect(await templateOf('polisher')).toMatchObject({ customised: false, stages: defaultStageTemplates.polisher });
		expect(await templateOf('plater')).toMatchObject({ customised: true, version: 1 });
	});
});
