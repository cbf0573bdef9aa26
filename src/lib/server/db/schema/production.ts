import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { appUser } from './identity.ts';
import { storedFile } from './platform.ts';
import { purchaseOrder, purchaseOrderLine } from './purchasing.ts';
import { vendor } from './vendors.ts';
import { problemReasons } from '../../../domain/production/reference.ts';

/** One stage of a template, copied into each job's milestones when the job bag is made. */
export type TemplateStage = { name: string; expectedDays: number; photoRequired: boolean };

/**
 * The stages a workshop of one type goes through, in order. Admins edit them; a job keeps the copy it
 * was made with, so a later edit never moves milestones already planned.
 */
export const stageTemplate = pgTable('stage_template', {
	vendorType: text('vendor_type').primaryKey(),
	stages: jsonb('stages').$type<TemplateStage[]>().notNull(),
	version: integer('version').notNull().default(1),
	updatedBy: uuid('updated_by').references(() => appUser.id, { onDelete: 'set null' }),
	updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
});

export const jobStatuses = ['open', 'done', 'cancelled'] as const;
export type JobStatus = (typeof jobStatuses)[number];

/**
 * A job bag: one piece, or a batch of a PO line's pieces, travelling through the workshop with its
 * label. The forecast columns are recomputed on every update and daily, so lists sort on them.
 */
export const productionJob = pgTable(
	'production_job',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		vendorId: uuid('vendor_id')
			.notNull()
			.references(() => vendor.id),
		purchaseOrderId: uuid('purchase_order_id')
			.notNull()
			.references(() => purchaseOrder.id, { onDelete: 'cascade' }),
		lineId: uuid('line_id')
			.notNull()
			.references(() => purchaseOrderLine.id, { onDelete: 'cascade' }),
		/** JB-2026-0042-1 for a batch, JB-2026-0042-1.3 for the third piece of line 1 */
		number: text('number').notNull(),
		/** null for a batch */
		pieceNo: integer('piece_no'),
		quantity: integer('quantity').notNull(),
		status: text('status', { enum: jobStatuses }).notNull().default('open'),
		/** copied from the PO so the timeline groups and filters without joins */
		poNumber: text('po_number').notNull(),
		collection: text('collection'),
		sku: text('sku').notNull().default(''),
		description: text('description').notNull(),
		promisedDate: date('promised_date').notNull(),
		plannedStart: date('planned_start').notNull(),
		forecastFinish: date('forecast_finish').notNull(),
		/** the first and last stage actually worked */
		startedOn: date('started_on'),
		finishedOn: date('finished_on'),
		/** the stage the job is in (or waits for), by position; null when done */
		currentStage: text('current_stage'),
		atRisk: boolean('at_risk').notNull().default(false),
		/** since when it has been at risk: the daily digest reports the ones that became at risk */
		atRiskSince: date('at_risk_since'),
		/** when the ops digest reported it; cleared when it stops being at risk, so a relapse is reported again */
		riskReportedAt: timestamp('risk_reported_at', { withTimezone: true }),
		/** in words, e.g. "Stone setting started 3 days late; forecast 14 Dec, promised 11 Dec" */
		riskReason: text('risk_reason').notNull().default(''),
		/** an open problem blocks the job until resolved */
		blocked: boolean('blocked').notNull().default(false),
		version: integer('version').notNull().default(1),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('production_job_number_key').on(t.number),
		index('production_job_line_idx').on(t.lineId),
		index('production_job_po_idx').on(t.purchaseOrderId),
		// the timeline and the vendor's list: open jobs, at risk first, then by forecast
		index('production_job_open_idx')
			.on(t.atRisk.desc(), t.forecastFinish, t.id)
			.where(sql`status = 'open'`),
		index('production_job_vendor_open_idx')
			.on(t.vendorId, t.atRisk.desc(), t.forecastFinish, t.id)
			.where(sql`status = 'open'`),
		index('production_job_collection_idx')
			.on(t.collection)
			.where(sql`status = 'open'`),
		// the timeline's headline counts (open, at risk, blocked, due this week) read only this index
		index('production_job_open_summary_idx')
			.on(t.promisedDate, t.atRisk, t.blocked)
			.where(sql`status = 'open'`)
	]
);

export const milestoneStatuses = ['pending', 'in_progress', 'done', 'skipped'] as const;
export type MilestoneStatus = (typeof milestoneStatuses)[number];

/** One stage of one job: planned back from the promised date, then what really happened. */
export const jobMilestone = pgTable(
	'job_milestone',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		jobId: uuid('job_id')
			.notNull()
			.references(() => productionJob.id, { onDelete: 'cascade' }),
		vendorId: uuid('vendor_id')
			.notNull()
			.references(() => vendor.id),
		position: integer('position').notNull(),
		name: text('name').notNull(),
		expectedDays: integer('expected_days').notNull(),
		photoRequired: boolean('photo_required').notNull().default(false),
		plannedStart: date('planned_start').notNull(),
		plannedFinish: date('planned_finish').notNull(),
		status: text('status', { enum: milestoneStatuses }).notNull().default('pending'),
		startedOn: date('started_on'),
		finishedOn: date('finished_on'),
		/** pieces that entered the stage, and pieces through it (partial batches) */
		quantityIn: integer('quantity_in').notNull().default(0),
		quantityOut: integer('quantity_out').notNull().default(0),
		weightInMg: integer('weight_in_mg'),
		weightOutMg: integer('weight_out_mg'),
		/** rework sent back from quality control adds a milestone; it says why */
		note: text('note').notNull().default('')
	},
	(t) => [
		uniqueIndex('job_milestone_position_key').on(t.jobId, t.position),
		// vendors' "due today / overdue" and the reminder job read unfinished milestones by planned finish
		index('job_milestone_due_idx')
			.on(t.vendorId, t.plannedFinish)
			.where(sql`status in ('pending', 'in_progress')`)
	]
);

export const jobUpdateKinds = ['start', 'finish', 'problem', 'resolved', 'note', 'replanned'] as const;
export type JobUpdateKind = (typeof jobUpdateKinds)[number];

/** What a person reported, in order: the job's history, with photos. */
export const jobUpdate = pgTable(
	'job_update',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		jobId: uuid('job_id')
			.notNull()
			.references(() => productionJob.id, { onDelete: 'cascade' }),
		vendorId: uuid('vendor_id')
			.notNull()
			.references(() => vendor.id),
		milestoneId: uuid('milestone_id').references(() => jobMilestone.id, { onDelete: 'set null' }),
		kind: text('kind', { enum: jobUpdateKinds }).notNull(),
		/** the day it happened at the bench (not when it was typed) */
		occurredOn: date('occurred_on').notNull(),
		quantity: integer('quantity'),
		weightMg: integer('weight_mg'),
		note: text('note').notNull().default(''),
		createdBy: uuid('created_by').references(() => appUser.id, { onDelete: 'set null' }),
		createdByName: text('created_by_name').notNull(),
		/** 'vendor' or 'brand': whose side posted it */
		side: text('side', { enum: ['vendor', 'brand'] }).notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('job_update_job_idx').on(t.jobId, t.createdAt)]
);

export const jobPhoto = pgTable(
	'job_photo',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		jobId: uuid('job_id')
			.notNull()
			.references(() => productionJob.id, { onDelete: 'cascade' }),
		vendorId: uuid('vendor_id')
			.notNull()
			.references(() => vendor.id),
		updateId: uuid('update_id')
			.notNull()
			.references(() => jobUpdate.id, { onDelete: 'cascade' }),
		fileId: uuid('file_id')
			.notNull()
			.references(() => storedFile.id),
		thumbnailFileId: uuid('thumbnail_file_id')
			.notNull()
			.references(() => storedFile.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('job_photo_job_idx').on(t.jobId), index('job_photo_update_idx').on(t.updateId)]
);

/** A flag on a job: blocked until one side resolves it. */
export const jobProblem = pgTable(
	'job_problem',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		jobId: uuid('job_id')
			.notNull()
			.references(() => productionJob.id, { onDelete: 'cascade' }),
		vendorId: uuid('vendor_id')
			.notNull()
			.references(() => vendor.id),
		reason: text('reason', { enum: problemReasons }).notNull(),
		note: text('note').notNull().default(''),
		openedOn: date('opened_on').notNull(),
		openedBy: uuid('opened_by').references(() => appUser.id, { onDelete: 'set null' }),
		openedByName: text('opened_by_name').notNull(),
		resolvedAt: timestamp('resolved_at', { withTimezone: true }),
		resolvedByName: text('resolved_by_name'),
		resolution: text('resolution'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('job_problem_job_idx').on(t.jobId),
		index('job_problem_open_idx')
			.on(t.vendorId)
			.where(sql`resolved_at is null`)
	]
);

/** A launch: a date the POs carrying its name must be ready for. */
export const collectionLaunch = pgTable(
	'collection_launch',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		/** matches purchase_order.collection */
		name: text('name').notNull(),
		launchDate: date('launch_date').notNull(),
		notes: text('notes').notNull().default(''),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [uniqueIndex('collection_launch_name_key').on(t.name)]
);

/**
 * A personal calendar (ICS) feed. The URL carries a random token; only its SHA-256 is stored, and
 * revoking it (or making a new one) ends the old URL.
 */
export const calendarFeed = pgTable(
	'calendar_feed',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		userId: uuid('user_id')
			.notNull()
			.references(() => appUser.id, { onDelete: 'cascade' }),
		tokenHash: text('token_hash').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
		revokedAt: timestamp('revoked_at', { withTimezone: true })
	},
	(t) => [uniqueIndex('calendar_feed_token_key').on(t.tokenHash), index('calendar_feed_user_idx').on(t.userId)]
);

/** Per-person e-mail choices; a missing row means the defaults (everything on). */
export const notificationPreference = pgTable('notification_preference', {
	userId: uuid('user_id')
		.primaryKey()
		.references(() => appUser.id, { onDelete: 'cascade' }),
	/** vendors: milestones due tomorrow and overdue */
	milestoneReminders: boolean('milestone_reminders').notNull().default(true),
	/** ops: the daily digest of jobs that became at risk */
	atRiskDigest: boolean('at_risk_digest').notNull().default(true),
	updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
});
