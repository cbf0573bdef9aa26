CREATE TABLE "calendar_feed" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "collection_launch" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"launch_date" date NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_milestone" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"job_id" uuid NOT NULL,
	"vendor_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"expected_days" integer NOT NULL,
	"photo_required" boolean DEFAULT false NOT NULL,
	"planned_start" date NOT NULL,
	"planned_finish" date NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"started_on" date,
	"finished_on" date,
	"quantity_in" integer DEFAULT 0 NOT NULL,
	"quantity_out" integer DEFAULT 0 NOT NULL,
	"weight_in_mg" integer,
	"weight_out_mg" integer,
	"note" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_photo" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"job_id" uuid NOT NULL,
	"vendor_id" uuid NOT NULL,
	"update_id" uuid NOT NULL,
	"file_id" uuid NOT NULL,
	"thumbnail_file_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_problem" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"job_id" uuid NOT NULL,
	"vendor_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"opened_on" date NOT NULL,
	"opened_by" uuid,
	"opened_by_name" text NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_by_name" text,
	"resolution" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_update" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"job_id" uuid NOT NULL,
	"vendor_id" uuid NOT NULL,
	"milestone_id" uuid,
	"kind" text NOT NULL,
	"occurred_on" date NOT NULL,
	"quantity" integer,
	"weight_mg" integer,
	"note" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_by_name" text NOT NULL,
	"side" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_preference" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"milestone_reminders" boolean DEFAULT true NOT NULL,
	"at_risk_digest" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "production_job" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"vendor_id" uuid NOT NULL,
	"purchase_order_id" uuid NOT NULL,
	"line_id" uuid NOT NULL,
	"number" text NOT NULL,
	"piece_no" integer,
	"quantity" integer NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"po_number" text NOT NULL,
	"collection" text,
	"sku" text DEFAULT '' NOT NULL,
	"description" text NOT NULL,
	"promised_date" date NOT NULL,
	"planned_start" date NOT NULL,
	"forecast_finish" date NOT NULL,
	"started_on" date,
	"finished_on" date,
	"current_stage" text,
	"at_risk" boolean DEFAULT false NOT NULL,
	"at_risk_since" date,
	"risk_reason" text DEFAULT '' NOT NULL,
	"blocked" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stage_template" (
	"vendor_type" text PRIMARY KEY NOT NULL,
	"stages" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "purchase_order_line" ADD COLUMN "job_bags" text DEFAULT 'batch' NOT NULL;--> statement-breakpoint
ALTER TABLE "calendar_feed" ADD CONSTRAINT "calendar_feed_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_milestone" ADD CONSTRAINT "job_milestone_job_id_production_job_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."production_job"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_milestone" ADD CONSTRAINT "job_milestone_vendor_id_vendor_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendor"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_photo" ADD CONSTRAINT "job_photo_job_id_production_job_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."production_job"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_photo" ADD CONSTRAINT "job_photo_vendor_id_vendor_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendor"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_photo" ADD CONSTRAINT "job_photo_update_id_job_update_id_fk" FOREIGN KEY ("update_id") REFERENCES "public"."job_update"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_photo" ADD CONSTRAINT "job_photo_file_id_stored_file_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."stored_file"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_photo" ADD CONSTRAINT "job_photo_thumbnail_file_id_stored_file_id_fk" FOREIGN KEY ("thumbnail_file_id") REFERENCES "public"."stored_file"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_problem" ADD CONSTRAINT "job_problem_job_id_production_job_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."production_job"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_problem" ADD CONSTRAINT "job_problem_vendor_id_vendor_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendor"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_problem" ADD CONSTRAINT "job_problem_opened_by_app_user_id_fk" FOREIGN KEY ("opened_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_update" ADD CONSTRAINT "job_update_job_id_production_job_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."production_job"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_update" ADD CONSTRAINT "job_update_vendor_id_vendor_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendor"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_update" ADD CONSTRAINT "job_update_milestone_id_job_milestone_id_fk" FOREIGN KEY ("milestone_id") REFERENCES "public"."job_milestone"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_update" ADD CONSTRAINT "job_update_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_preference" ADD CONSTRAINT "notification_preference_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "production_job" ADD CONSTRAINT "production_job_vendor_id_vendor_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendor"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "production_job" ADD CONSTRAINT "production_job_purchase_order_id_purchase_order_id_fk" FOREIGN KEY ("purchase_order_id") REFERENCES "public"."purchase_order"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "production_job" ADD CONSTRAINT "production_job_line_id_purchase_order_line_id_fk" FOREIGN KEY ("line_id") REFERENCES "public"."purchase_order_line"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stage_template" ADD CONSTRAINT "stage_template_updated_by_app_user_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_feed_token_key" ON "calendar_feed" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "calendar_feed_user_idx" ON "calendar_feed" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "collection_launch_name_key" ON "collection_launch" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "job_milestone_position_key" ON "job_milestone" USING btree ("job_id","position");--> statement-breakpoint
CREATE INDEX "job_milestone_due_idx" ON "job_milestone" USING btree ("vendor_id","planned_finish") WHERE status in ('pending', 'in_progress');--> statement-breakpoint
CREATE INDEX "job_photo_job_idx" ON "job_photo" USING btree ("job_id");--> statement-breakpoint
CREATE INDEX "job_photo_update_idx" ON "job_photo" USING btree ("update_id");--> statement-breakpoint
CREATE INDEX "job_problem_job_idx" ON "job_problem" USING btree ("job_id");--> statement-breakpoint
CREATE INDEX "job_problem_open_idx" ON "job_problem" USING btree ("vendor_id") WHERE resolved_at is null;--> statement-breakpoint
CREATE INDEX "job_update_job_idx" ON "job_update" USING btree ("job_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "production_job_number_key" ON "production_job" USING btree ("number");--> statement-breakpoint
CREATE INDEX "production_job_line_idx" ON "production_job" USING btree ("line_id");--> statement-breakpoint
CREATE INDEX "production_job_po_idx" ON "production_job" USING btree ("purchase_order_id");--> statement-breakpoint
CREATE INDEX "production_job_open_idx" ON "production_job" USING btree ("at_risk" DESC NULLS LAST,"forecast_finish","id") WHERE status = 'open';--> statement-breakpoint
CREATE INDEX "production_job_vendor_open_idx" ON "production_job" USING btree ("vendor_id","at_risk" DESC NULLS LAST,"forecast_finish","id") WHERE status = 'open';--> statement-breakpoint
CREATE INDEX "production_job_collection_idx" ON "production_job" USING btree ("collection") WHERE status = 'open';