CREATE TABLE "custom_order" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"vendor_id" uuid,
	"status" text DEFAULT 'brief' NOT NULL,
	"title" text NOT NULL,
	"client_name" text NOT NULL,
	"client_contact" text DEFAULT '' NOT NULL,
	"currency" text NOT NULL,
	"budget_minor" bigint,
	"alloy" text NOT NULL,
	"stones" text DEFAULT '' NOT NULL,
	"size" text DEFAULT '' NOT NULL,
	"brief" text DEFAULT '' NOT NULL,
	"due_date" date,
	"approved_version_id" uuid,
	"approved_at" timestamp with time zone,
	"cancel_reason" text,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "custom_order_inspiration" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"custom_order_id" uuid NOT NULL,
	"file_id" uuid NOT NULL,
	"caption" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "custom_order_payment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"custom_order_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"due_date" date,
	"paid_on" date,
	"reference" text DEFAULT '' NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "custom_order_purchase_order" (
	"custom_order_id" uuid NOT NULL,
	"purchase_order_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "custom_order_purchase_order_custom_order_id_purchase_order_id_pk" PRIMARY KEY("custom_order_id","purchase_order_id")
);
--> statement-breakpoint
CREATE TABLE "design_file" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version_id" uuid NOT NULL,
	"vendor_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"file_id" uuid NOT NULL,
	"thumbnail_file_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "design_version" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"custom_order_id" uuid NOT NULL,
	"vendor_id" uuid NOT NULL,
	"version_no" integer NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"comment" text,
	"client_decision" text,
	"decided_by_name" text,
	"decided_at" timestamp with time zone,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "document_counter" (
	"kind" text NOT NULL,
	"year" integer NOT NULL,
	"last_number" integer NOT NULL,
	CONSTRAINT "document_counter_kind_year_pk" PRIMARY KEY("kind","year")
);
--> statement-breakpoint
CREATE TABLE "repair_estimate" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"repair_id" uuid NOT NULL,
	"vendor_id" uuid NOT NULL,
	"lines" jsonb NOT NULL,
	"total_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"days" integer NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"customer_decision" text,
	"decision_note" text,
	"decided_by_name" text,
	"decided_at" timestamp with time zone,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "repair_event" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"repair_id" uuid NOT NULL,
	"vendor_id" uuid,
	"kind" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"side" text NOT NULL,
	"created_by" uuid,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "repair_job" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"vendor_id" uuid,
	"status" text DEFAULT 'intake' NOT NULL,
	"customer_name" text NOT NULL,
	"customer_contact" text DEFAULT '' NOT NULL,
	"order_reference" text DEFAULT '' NOT NULL,
	"description" text NOT NULL,
	"stamps" text DEFAULT '' NOT NULL,
	"intake_weight_mg" integer NOT NULL,
	"intake_stone_count" integer DEFAULT 0 NOT NULL,
	"condition_notes" text DEFAULT '' NOT NULL,
	"currency" text NOT NULL,
	"declared_value_minor" bigint NOT NULL,
	"requested_work" text[] DEFAULT '{}'::text[] NOT NULL,
	"work_notes" text DEFAULT '' NOT NULL,
	"promised_to_customer" date,
	"assigned_at" timestamp with time zone,
	"received_on" date,
	"approved_estimate_id" uuid,
	"approved_total_minor" bigint,
	"final_price_minor" bigint,
	"shipped_back_on" date,
	"carrier" text,
	"tracking_number" text,
	"return_weight_mg" integer,
	"return_stone_count" integer,
	"return_discrepancy" text,
	"discrepancy_resolution" text,
	"returned_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"cancel_reason" text,
	"last_reminder_on" date,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "repair_photo" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"repair_id" uuid NOT NULL,
	"vendor_id" uuid,
	"stage" text NOT NULL,
	"file_id" uuid NOT NULL,
	"thumbnail_file_id" uuid NOT NULL,
	"caption" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "brand_settings" ADD COLUMN "home_currency" text DEFAULT 'USD' NOT NULL;--> statement-breakpoint
ALTER TABLE "brand_settings" ADD COLUMN "repair_turnaround_days" integer DEFAULT 10 NOT NULL;--> statement-breakpoint
ALTER TABLE "custom_order" ADD CONSTRAINT "custom_order_vendor_id_vendor_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendor"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "custom_order" ADD CONSTRAINT "custom_order_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "custom_order_inspiration" ADD CONSTRAINT "custom_order_inspiration_custom_order_id_custom_order_id_fk" FOREIGN KEY ("custom_order_id") REFERENCES "public"."custom_order"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "custom_order_inspiration" ADD CONSTRAINT "custom_order_inspiration_file_id_stored_file_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."stored_file"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "custom_order_payment" ADD CONSTRAINT "custom_order_payment_custom_order_id_custom_order_id_fk" FOREIGN KEY ("custom_order_id") REFERENCES "public"."custom_order"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "custom_order_purchase_order" ADD CONSTRAINT "custom_order_purchase_order_custom_order_id_custom_order_id_fk" FOREIGN KEY ("custom_order_id") REFERENCES "public"."custom_order"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "custom_order_purchase_order" ADD CONSTRAINT "custom_order_purchase_order_purchase_order_id_purchase_order_id_fk" FOREIGN KEY ("purchase_order_id") REFERENCES "public"."purchase_order"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "design_file" ADD CONSTRAINT "design_file_version_id_design_version_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."design_version"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "design_file" ADD CONSTRAINT "design_file_vendor_id_vendor_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendor"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "design_file" ADD CONSTRAINT "design_file_file_id_stored_file_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."stored_file"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "design_file" ADD CONSTRAINT "design_file_thumbnail_file_id_stored_file_id_fk" FOREIGN KEY ("thumbnail_file_id") REFERENCES "public"."stored_file"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "design_version" ADD CONSTRAINT "design_version_custom_order_id_custom_order_id_fk" FOREIGN KEY ("custom_order_id") REFERENCES "public"."custom_order"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "design_version" ADD CONSTRAINT "design_version_vendor_id_vendor_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendor"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_estimate" ADD CONSTRAINT "repair_estimate_repair_id_repair_job_id_fk" FOREIGN KEY ("repair_id") REFERENCES "public"."repair_job"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_estimate" ADD CONSTRAINT "repair_estimate_vendor_id_vendor_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendor"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_event" ADD CONSTRAINT "repair_event_repair_id_repair_job_id_fk" FOREIGN KEY ("repair_id") REFERENCES "public"."repair_job"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_event" ADD CONSTRAINT "repair_event_vendor_id_vendor_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendor"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_event" ADD CONSTRAINT "repair_event_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_job" ADD CONSTRAINT "repair_job_vendor_id_vendor_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendor"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_job" ADD CONSTRAINT "repair_job_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_photo" ADD CONSTRAINT "repair_photo_repair_id_repair_job_id_fk" FOREIGN KEY ("repair_id") REFERENCES "public"."repair_job"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_photo" ADD CONSTRAINT "repair_photo_vendor_id_vendor_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendor"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_photo" ADD CONSTRAINT "repair_photo_file_id_stored_file_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."stored_file"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_photo" ADD CONSTRAINT "repair_photo_thumbnail_file_id_stored_file_id_fk" FOREIGN KEY ("thumbnail_file_id") REFERENCES "public"."stored_file"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "custom_order_number_key" ON "custom_order" USING btree ("number");--> statement-breakpoint
CREATE INDEX "custom_order_vendor_idx" ON "custom_order" USING btree ("vendor_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "custom_order_created_idx" ON "custom_order" USING btree ("created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "custom_order_inspiration_order_idx" ON "custom_order_inspiration" USING btree ("custom_order_id");--> statement-breakpoint
CREATE INDEX "custom_order_payment_order_idx" ON "custom_order_payment" USING btree ("custom_order_id");--> statement-breakpoint
CREATE INDEX "custom_order_po_po_idx" ON "custom_order_purchase_order" USING btree ("purchase_order_id");--> statement-breakpoint
CREATE INDEX "design_file_version_idx" ON "design_file" USING btree ("version_id");--> statement-breakpoint
CREATE UNIQUE INDEX "design_version_no_key" ON "design_version" USING btree ("custom_order_id","version_no");--> statement-breakpoint
CREATE INDEX "repair_estimate_repair_idx" ON "repair_estimate" USING btree ("repair_id","created_at");--> statement-breakpoint
CREATE INDEX "repair_event_repair_idx" ON "repair_event" USING btree ("repair_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "repair_job_number_key" ON "repair_job" USING btree ("number");--> statement-breakpoint
CREATE INDEX "repair_job_vendor_created_idx" ON "repair_job" USING btree ("vendor_id","created_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "repair_job_created_idx" ON "repair_job" USING btree ("created_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "repair_job_status_created_idx" ON "repair_job" USING btree ("status","created_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "repair_photo_repair_idx" ON "repair_photo" USING btree ("repair_id");