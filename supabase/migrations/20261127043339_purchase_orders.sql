CREATE TABLE "style" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sku" text NOT NULL,
	"name" text NOT NULL,
	"category" text NOT NULL,
	"photo_file_id" uuid,
	"default_alloy" text,
	"target_weight_mg" integer,
	"weight_tolerance_mg" integer,
	"stone_spec" text,
	"stone_count" integer DEFAULT 0 NOT NULL,
	"has_diamonds" boolean DEFAULT false NOT NULL,
	"default_vendor_id" uuid,
	"labor_basis" text DEFAULT 'per_piece' NOT NULL,
	"labor_price_minor" bigint,
	"labor_currency" text,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "brand_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"brand_name" text DEFAULT 'Your brand' NOT NULL,
	"brand_address" text DEFAULT '' NOT NULL,
	"default_ship_to" text DEFAULT '' NOT NULL,
	"default_terms" text DEFAULT '' NOT NULL,
	"po_reminder_days" integer DEFAULT 3 NOT NULL,
	"po_due_soon_days" integer DEFAULT 14 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "purchase_order" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"vendor_id" uuid NOT NULL,
	"number" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"currency" text NOT NULL,
	"ship_to" text DEFAULT '' NOT NULL,
	"requested_date" date,
	"collection" text,
	"terms" text DEFAULT '' NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"revision" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"labor_total_minor" bigint DEFAULT 0 NOT NULL,
	"metal_total_minor" bigint DEFAULT 0 NOT NULL,
	"stones_total_minor" bigint DEFAULT 0 NOT NULL,
	"total_minor" bigint DEFAULT 0 NOT NULL,
	"line_count" integer DEFAULT 0 NOT NULL,
	"due_date" date,
	"skus" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_by" uuid,
	"sent_at" timestamp with time zone,
	"first_sent_at" timestamp with time zone,
	"acknowledged_at" timestamp with time zone,
	"first_acknowledged_at" timestamp with time zone,
	"decline_reason" text,
	"cancel_reason" text,
	"closed_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"last_reminder_at" timestamp with time zone,
	"last_vendor_message_at" timestamp with time zone,
	"last_brand_message_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "purchase_order_attachment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"purchase_order_id" uuid NOT NULL,
	"vendor_id" uuid NOT NULL,
	"message_id" uuid,
	"file_id" uuid NOT NULL,
	"title" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "purchase_order_change_request" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"purchase_order_id" uuid NOT NULL,
	"line_id" uuid NOT NULL,
	"vendor_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"proposed_quantity" integer,
	"proposed_unit_price_minor" bigint,
	"proposed_due_date" date,
	"reason" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"decision_note" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_by" uuid,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "purchase_order_counter" (
	"year" integer PRIMARY KEY NOT NULL,
	"last_number" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "purchase_order_line" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"purchase_order_id" uuid NOT NULL,
	"vendor_id" uuid NOT NULL,
	"line_no" integer NOT NULL,
	"style_id" uuid,
	"sku" text DEFAULT '' NOT NULL,
	"description" text NOT NULL,
	"quantity" integer NOT NULL,
	"size" text DEFAULT '' NOT NULL,
	"alloy" text NOT NULL,
	"fineness" integer NOT NULL,
	"target_weight_mg" integer,
	"weight_tolerance_mg" integer,
	"stone_spec" text DEFAULT '' NOT NULL,
	"stone_count" integer DEFAULT 0 NOT NULL,
	"has_diamonds" boolean DEFAULT false NOT NULL,
	"labor_basis" text NOT NULL,
	"labor_unit_price_minor" bigint NOT NULL,
	"metal_basis" text NOT NULL,
	"metal_price_per_gram_minor" bigint,
	"metal_fix_date" date,
	"stones_unit_price_minor" bigint DEFAULT 0 NOT NULL,
	"due_date" date NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"labor_total_minor" bigint DEFAULT 0 NOT NULL,
	"metal_total_minor" bigint DEFAULT 0 NOT NULL,
	"stones_total_minor" bigint DEFAULT 0 NOT NULL,
	"total_minor" bigint DEFAULT 0 NOT NULL,
	"ack_status" text DEFAULT 'pending' NOT NULL,
	"promised_date" date,
	"baseline_promised_date" date,
	"promised_date_changes" integer DEFAULT 0 NOT NULL,
	"cancelled" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "purchase_order_message" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"purchase_order_id" uuid NOT NULL,
	"vendor_id" uuid NOT NULL,
	"author_id" uuid,
	"author_name" text NOT NULL,
	"side" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "purchase_order_read_marker" (
	"purchase_order_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"vendor_id" uuid NOT NULL,
	"last_read_at" timestamp with time zone NOT NULL,
	CONSTRAINT "purchase_order_read_marker_purchase_order_id_user_id_pk" PRIMARY KEY("purchase_order_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "purchase_order_revision" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"purchase_order_id" uuid NOT NULL,
	"vendor_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"summary" text NOT NULL,
	"snapshot" jsonb NOT NULL,
	"created_by" uuid,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "outbox_message" ADD COLUMN "attachments" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "style" ADD CONSTRAINT "style_photo_file_id_stored_file_id_fk" FOREIGN KEY ("photo_file_id") REFERENCES "public"."stored_file"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "style" ADD CONSTRAINT "style_default_vendor_id_vendor_id_fk" FOREIGN KEY ("default_vendor_id") REFERENCES "public"."vendor"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_order" ADD CONSTRAINT "purchase_order_vendor_id_vendor_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendor"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_order" ADD CONSTRAINT "purchase_order_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_order_attachment" ADD CONSTRAINT "purchase_order_attachment_purchase_order_id_purchase_order_id_fk" FOREIGN KEY ("purchase_order_id") REFERENCES "public"."purchase_order"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_order_attachment" ADD CONSTRAINT "purchase_order_attachment_vendor_id_vendor_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendor"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_order_attachment" ADD CONSTRAINT "purchase_order_attachment_file_id_stored_file_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."stored_file"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_order_attachment" ADD CONSTRAINT "purchase_order_attachment_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_order_change_request" ADD CONSTRAINT "purchase_order_change_request_purchase_order_id_purchase_order_id_fk" FOREIGN KEY ("purchase_order_id") REFERENCES "public"."purchase_order"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_order_change_request" ADD CONSTRAINT "purchase_order_change_request_line_id_purchase_order_line_id_fk" FOREIGN KEY ("line_id") REFERENCES "public"."purchase_order_line"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_order_change_request" ADD CONSTRAINT "purchase_order_change_request_vendor_id_vendor_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendor"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_order_change_request" ADD CONSTRAINT "purchase_order_change_request_decided_by_app_user_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_order_change_request" ADD CONSTRAINT "purchase_order_change_request_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_order_line" ADD CONSTRAINT "purchase_order_line_purchase_order_id_purchase_order_id_fk" FOREIGN KEY ("purchase_order_id") REFERENCES "public"."purchase_order"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_order_line" ADD CONSTRAINT "purchase_order_line_vendor_id_vendor_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendor"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_order_line" ADD CONSTRAINT "purchase_order_line_style_id_style_id_fk" FOREIGN KEY ("style_id") REFERENCES "public"."style"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_order_message" ADD CONSTRAINT "purchase_order_message_purchase_order_id_purchase_order_id_fk" FOREIGN KEY ("purchase_order_id") REFERENCES "public"."purchase_order"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_order_message" ADD CONSTRAINT "purchase_order_message_vendor_id_vendor_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendor"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_order_message" ADD CONSTRAINT "purchase_order_message_author_id_app_user_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_order_read_marker" ADD CONSTRAINT "purchase_order_read_marker_purchase_order_id_purchase_order_id_fk" FOREIGN KEY ("purchase_order_id") REFERENCES "public"."purchase_order"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_order_read_marker" ADD CONSTRAINT "purchase_order_read_marker_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_order_read_marker" ADD CONSTRAINT "purchase_order_read_marker_vendor_id_vendor_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendor"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_order_revision" ADD CONSTRAINT "purchase_order_revision_purchase_order_id_purchase_order_id_fk" FOREIGN KEY ("purchase_order_id") REFERENCES "public"."purchase_order"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_order_revision" ADD CONSTRAINT "purchase_order_revision_vendor_id_vendor_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendor"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_order_revision" ADD CONSTRAINT "purchase_order_revision_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "style_sku_key" ON "style" USING btree ("sku");--> statement-breakpoint
CREATE INDEX "style_default_vendor_idx" ON "style" USING btree ("default_vendor_id");--> statement-breakpoint
CREATE UNIQUE INDEX "purchase_order_number_key" ON "purchase_order" USING btree ("number");--> statement-breakpoint
CREATE INDEX "purchase_order_vendor_created_idx" ON "purchase_order" USING btree ("vendor_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "purchase_order_status_created_idx" ON "purchase_order" USING btree ("status","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "purchase_order_created_idx" ON "purchase_order" USING btree ("created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "purchase_order_due_idx" ON "purchase_order" USING btree ("due_date");--> statement-breakpoint
CREATE INDEX "purchase_order_collection_idx" ON "purchase_order" USING btree ("collection");--> statement-breakpoint
CREATE INDEX "purchase_order_skus_idx" ON "purchase_order" USING gin ("skus");--> statement-breakpoint
CREATE INDEX "purchase_order_attachment_po_idx" ON "purchase_order_attachment" USING btree ("purchase_order_id");--> statement-breakpoint
CREATE INDEX "purchase_order_attachment_vendor_idx" ON "purchase_order_attachment" USING btree ("vendor_id");--> statement-breakpoint
CREATE INDEX "purchase_order_change_request_po_idx" ON "purchase_order_change_request" USING btree ("purchase_order_id");--> statement-breakpoint
CREATE INDEX "purchase_order_change_request_vendor_idx" ON "purchase_order_change_request" USING btree ("vendor_id");--> statement-breakpoint
CREATE UNIQUE INDEX "purchase_order_line_no_key" ON "purchase_order_line" USING btree ("purchase_order_id","line_no");--> statement-breakpoint
CREATE INDEX "purchase_order_line_vendor_idx" ON "purchase_order_line" USING btree ("vendor_id");--> statement-breakpoint
CREATE INDEX "purchase_order_line_style_idx" ON "purchase_order_line" USING btree ("style_id");--> statement-breakpoint
CREATE INDEX "purchase_order_message_po_idx" ON "purchase_order_message" USING btree ("purchase_order_id","created_at");--> statement-breakpoint
CREATE INDEX "purchase_order_message_vendor_idx" ON "purchase_order_message" USING btree ("vendor_id");--> statement-breakpoint
CREATE INDEX "purchase_order_read_marker_user_idx" ON "purchase_order_read_marker" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "purchase_order_revision_key" ON "purchase_order_revision" USING btree ("purchase_order_id","revision");--> statement-breakpoint
CREATE INDEX "purchase_order_revision_vendor_idx" ON "purchase_order_revision" USING btree ("vendor_id");