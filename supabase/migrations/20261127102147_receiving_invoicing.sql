CREATE TABLE "debit_note" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"vendor_id" uuid NOT NULL,
	"inspection_id" uuid NOT NULL,
	"purchase_order_line_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"currency" text NOT NULL,
	"unit_price_minor" bigint NOT NULL,
	"amount_minor" bigint NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "qc_defect" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"inspection_id" uuid NOT NULL,
	"vendor_id" uuid NOT NULL,
	"check_item" text NOT NULL,
	"severity" text NOT NULL,
	"location" text DEFAULT '' NOT NULL,
	"description" text NOT NULL,
	"quantity" integer DEFAULT 1 NOT NULL,
	"vendor_response" text,
	"vendor_responded_by" uuid,
	"vendor_responded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "qc_defect_photo" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"defect_id" uuid NOT NULL,
	"vendor_id" uuid NOT NULL,
	"file_id" uuid NOT NULL,
	"thumbnail_file_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "qc_inspection" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"receipt_line_id" uuid NOT NULL,
	"receipt_id" uuid NOT NULL,
	"vendor_id" uuid NOT NULL,
	"purchase_order_line_id" uuid NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"lot_size" integer NOT NULL,
	"sample_size" integer NOT NULL,
	"checklist" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"measured_weight_mg" integer,
	"measured_size" text DEFAULT '' NOT NULL,
	"accepted_quantity" integer DEFAULT 0 NOT NULL,
	"rework_quantity" integer DEFAULT 0 NOT NULL,
	"returned_quantity" integer DEFAULT 0 NOT NULL,
	"accepted_gross_weight_mg" integer,
	"notes" text DEFAULT '' NOT NULL,
	"inspected_by" uuid,
	"completed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "receipt" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"vendor_id" uuid NOT NULL,
	"purchase_order_id" uuid NOT NULL,
	"shipment_id" uuid,
	"received_on" date NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"received_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "receipt_line" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"receipt_id" uuid NOT NULL,
	"vendor_id" uuid NOT NULL,
	"purchase_order_line_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"rework_return" boolean DEFAULT false NOT NULL,
	"over_receipt_reason" text,
	"weight_basis" text DEFAULT 'lot' NOT NULL,
	"gross_weight_mg" integer,
	"stone_count" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "receipt_photo" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"receipt_id" uuid NOT NULL,
	"vendor_id" uuid NOT NULL,
	"file_id" uuid NOT NULL,
	"thumbnail_file_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shipment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"vendor_id" uuid NOT NULL,
	"status" text DEFAULT 'announced' NOT NULL,
	"carrier" text NOT NULL,
	"tracking_number" text DEFAULT '' NOT NULL,
	"shipped_on" date NOT NULL,
	"currency" text NOT NULL,
	"declared_value_minor" bigint DEFAULT 0 NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"received_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shipment_line" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"shipment_id" uuid NOT NULL,
	"vendor_id" uuid NOT NULL,
	"purchase_order_id" uuid NOT NULL,
	"purchase_order_line_id" uuid NOT NULL,
	"quantity" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shipment_photo" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"shipment_id" uuid NOT NULL,
	"vendor_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"file_id" uuid NOT NULL,
	"thumbnail_file_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"vendor_id" uuid NOT NULL,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"currency" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"method" text NOT NULL,
	"scheduled_on" date NOT NULL,
	"paid_on" date,
	"reference" text DEFAULT '' NOT NULL,
	"remittance_file_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"paid_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "vendor_invoice" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"vendor_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"number" text NOT NULL,
	"number_key" text NOT NULL,
	"invoice_year" integer NOT NULL,
	"invoice_date" date NOT NULL,
	"due_date" date,
	"terms" text DEFAULT '' NOT NULL,
	"currency" text NOT NULL,
	"credits_invoice_id" uuid,
	"purchase_order_id" uuid,
	"shipment_id" uuid,
	"pdf_file_id" uuid NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"goods_minor" bigint DEFAULT 0 NOT NULL,
	"metal_minor" bigint DEFAULT 0 NOT NULL,
	"charges_minor" bigint DEFAULT 0 NOT NULL,
	"total_minor" bigint DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"match_status" text DEFAULT 'pending' NOT NULL,
	"findings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"suggested_credit" jsonb,
	"matched_at" timestamp with time zone,
	"hold_reason" text,
	"hold_until" date,
	"held_by" uuid,
	"held_at" timestamp with time zone,
	"approved_by" uuid,
	"approved_at" timestamp with time zone,
	"payment_id" uuid,
	"submitted_by" uuid,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vendor_invoice_line" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"invoice_id" uuid NOT NULL,
	"vendor_id" uuid NOT NULL,
	"line_no" integer NOT NULL,
	"kind" text NOT NULL,
	"purchase_order_line_id" uuid,
	"description" text DEFAULT '' NOT NULL,
	"quantity" integer,
	"unit_price_minor" bigint,
	"fine_weight_mg" integer,
	"metal_price_per_fine_gram_minor" bigint,
	"part" text,
	"charge" text,
	"amount_minor" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "vendor" ADD COLUMN "price_tolerance_percent_bp" integer;--> statement-breakpoint
ALTER TABLE "vendor" ADD COLUMN "price_tolerance_absolute_thousandths" integer;--> statement-breakpoint
ALTER TABLE "vendor" ADD COLUMN "quantity_tolerance_pieces" integer;--> statement-breakpoint
ALTER TABLE "brand_settings" ADD COLUMN "price_tolerance_percent_bp" integer DEFAULT 100 NOT NULL;--> statement-breakpoint
ALTER TABLE "brand_settings" ADD COLUMN "price_tolerance_absolute_thousandths" integer DEFAULT 25000 NOT NULL;--> statement-breakpoint
ALTER TABLE "brand_settings" ADD COLUMN "price_allowance_rule" text DEFAULT 'smaller' NOT NULL;--> statement-breakpoint
ALTER TABLE "brand_settings" ADD COLUMN "quantity_tolerance_pieces" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "brand_settings" ADD COLUMN "over_receipt_allowance_bp" integer DEFAULT 500 NOT NULL;--> statement-breakpoint
ALTER TABLE "purchase_order" ADD COLUMN "agreed_charges_minor" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "purchase_order_line" ADD COLUMN "market_metal_price_per_gram_minor" bigint;--> statement-breakpoint
ALTER TABLE "purchase_order_line" ADD COLUMN "market_price_on" date;--> statement-breakpoint
ALTER TABLE "purchase_order_line" ADD COLUMN "received_quantity" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "purchase_order_line" ADD COLUMN "accepted_quantity" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "purchase_order_line" ADD COLUMN "rework_quantity" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "purchase_order_line" ADD COLUMN "returned_quantity" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "purchase_order_line" ADD COLUMN "accepted_gross_weight_mg" integer;--> statement-breakpoint
ALTER TABLE "purchase_order_line" ADD COLUMN "invoiced_quantity" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "purchase_order_line" ADD COLUMN "invoiced_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "debit_note" ADD CONSTRAINT "debit_note_vendor_id_vendor_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendor"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "debit_note" ADD CONSTRAINT "debit_note_inspection_id_qc_inspection_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."qc_inspection"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "debit_note" ADD CONSTRAINT "debit_note_purchase_order_line_id_purchase_order_line_id_fk" FOREIGN KEY ("purchase_order_line_id") REFERENCES "public"."purchase_order_line"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qc_defect" ADD CONSTRAINT "qc_defect_inspection_id_qc_inspection_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."qc_inspection"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qc_defect" ADD CONSTRAINT "qc_defect_vendor_id_vendor_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendor"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qc_defect" ADD CONSTRAINT "qc_defect_vendor_responded_by_app_user_id_fk" FOREIGN KEY ("vendor_responded_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qc_defect_photo" ADD CONSTRAINT "qc_defect_photo_defect_id_qc_defect_id_fk" FOREIGN KEY ("defect_id") REFERENCES "public"."qc_defect"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qc_defect_photo" ADD CONSTRAINT "qc_defect_photo_vendor_id_vendor_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendor"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qc_defect_photo" ADD CONSTRAINT "qc_defect_photo_file_id_stored_file_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."stored_file"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qc_defect_photo" ADD CONSTRAINT "qc_defect_photo_thumbnail_file_id_stored_file_id_fk" FOREIGN KEY ("thumbnail_file_id") REFERENCES "public"."stored_file"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qc_inspection" ADD CONSTRAINT "qc_inspection_receipt_line_id_receipt_line_id_fk" FOREIGN KEY ("receipt_line_id") REFERENCES "public"."receipt_line"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qc_inspection" ADD CONSTRAINT "qc_inspection_receipt_id_receipt_id_fk" FOREIGN KEY ("receipt_id") REFERENCES "public"."receipt"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qc_inspection" ADD CONSTRAINT "qc_inspection_vendor_id_vendor_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendor"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qc_inspection" ADD CONSTRAINT "qc_inspection_purchase_order_line_id_purchase_order_line_id_fk" FOREIGN KEY ("purchase_order_line_id") REFERENCES "public"."purchase_order_line"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qc_inspection" ADD CONSTRAINT "qc_inspection_inspected_by_app_user_id_fk" FOREIGN KEY ("inspected_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipt" ADD CONSTRAINT "receipt_vendor_id_vendor_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendor"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipt" ADD CONSTRAINT "receipt_purchase_order_id_purchase_order_id_fk" FOREIGN KEY ("purchase_order_id") REFERENCES "public"."purchase_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipt" ADD CONSTRAINT "receipt_shipment_id_shipment_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "public"."shipment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipt" ADD CONSTRAINT "receipt_received_by_app_user_id_fk" FOREIGN KEY ("received_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipt_line" ADD CONSTRAINT "receipt_line_receipt_id_receipt_id_fk" FOREIGN KEY ("receipt_id") REFERENCES "public"."receipt"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipt_line" ADD CONSTRAINT "receipt_line_vendor_id_vendor_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendor"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipt_line" ADD CONSTRAINT "receipt_line_purchase_order_line_id_purchase_order_line_id_fk" FOREIGN KEY ("purchase_order_line_id") REFERENCES "public"."purchase_order_line"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipt_photo" ADD CONSTRAINT "receipt_photo_receipt_id_receipt_id_fk" FOREIGN KEY ("receipt_id") REFERENCES "public"."receipt"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipt_photo" ADD CONSTRAINT "receipt_photo_vendor_id_vendor_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendor"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipt_photo" ADD CONSTRAINT "receipt_photo_file_id_stored_file_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."stored_file"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipt_photo" ADD CONSTRAINT "receipt_photo_thumbnail_file_id_stored_file_id_fk" FOREIGN KEY ("thumbnail_file_id") REFERENCES "public"."stored_file"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipment" ADD CONSTRAINT "shipment_vendor_id_vendor_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendor"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipment" ADD CONSTRAINT "shipment_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipment_line" ADD CONSTRAINT "shipment_line_shipment_id_shipment_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "public"."shipment"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipment_line" ADD CONSTRAINT "shipment_line_vendor_id_vendor_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendor"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipment_line" ADD CONSTRAINT "shipment_line_purchase_order_id_purchase_order_id_fk" FOREIGN KEY ("purchase_order_id") REFERENCES "public"."purchase_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipment_line" ADD CONSTRAINT "shipment_line_purchase_order_line_id_purchase_order_line_id_fk" FOREIGN KEY ("purchase_order_line_id") REFERENCES "public"."purchase_order_line"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipment_photo" ADD CONSTRAINT "shipment_photo_shipment_id_shipment_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "public"."shipment"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipment_photo" ADD CONSTRAINT "shipment_photo_vendor_id_vendor_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendor"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipment_photo" ADD CONSTRAINT "shipment_photo_file_id_stored_file_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."stored_file"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipment_photo" ADD CONSTRAINT "shipment_photo_thumbnail_file_id_stored_file_id_fk" FOREIGN KEY ("thumbnail_file_id") REFERENCES "public"."stored_file"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment" ADD CONSTRAINT "payment_vendor_id_vendor_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendor"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment" ADD CONSTRAINT "payment_remittance_file_id_stored_file_id_fk" FOREIGN KEY ("remittance_file_id") REFERENCES "public"."stored_file"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment" ADD CONSTRAINT "payment_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_invoice" ADD CONSTRAINT "vendor_invoice_vendor_id_vendor_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendor"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_invoice" ADD CONSTRAINT "vendor_invoice_credits_invoice_id_vendor_invoice_id_fk" FOREIGN KEY ("credits_invoice_id") REFERENCES "public"."vendor_invoice"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_invoice" ADD CONSTRAINT "vendor_invoice_purchase_order_id_purchase_order_id_fk" FOREIGN KEY ("purchase_order_id") REFERENCES "public"."purchase_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_invoice" ADD CONSTRAINT "vendor_invoice_shipment_id_shipment_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "public"."shipment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_invoice" ADD CONSTRAINT "vendor_invoice_pdf_file_id_stored_file_id_fk" FOREIGN KEY ("pdf_file_id") REFERENCES "public"."stored_file"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_invoice" ADD CONSTRAINT "vendor_invoice_held_by_app_user_id_fk" FOREIGN KEY ("held_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_invoice" ADD CONSTRAINT "vendor_invoice_approved_by_app_user_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_invoice" ADD CONSTRAINT "vendor_invoice_payment_id_payment_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_invoice" ADD CONSTRAINT "vendor_invoice_submitted_by_app_user_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_invoice_line" ADD CONSTRAINT "vendor_invoice_line_invoice_id_vendor_invoice_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."vendor_invoice"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_invoice_line" ADD CONSTRAINT "vendor_invoice_line_vendor_id_vendor_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendor"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_invoice_line" ADD CONSTRAINT "vendor_invoice_line_purchase_order_line_id_purchase_order_line_id_fk" FOREIGN KEY ("purchase_order_line_id") REFERENCES "public"."purchase_order_line"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "debit_note_number_key" ON "debit_note" USING btree ("number");--> statement-breakpoint
CREATE INDEX "debit_note_vendor_idx" ON "debit_note" USING btree ("vendor_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "qc_defect_inspection_idx" ON "qc_defect" USING btree ("inspection_id");--> statement-breakpoint
CREATE INDEX "qc_defect_photo_defect_idx" ON "qc_defect_photo" USING btree ("defect_id");--> statement-breakpoint
CREATE UNIQUE INDEX "qc_inspection_receipt_line_key" ON "qc_inspection" USING btree ("receipt_line_id");--> statement-breakpoint
CREATE INDEX "qc_inspection_po_line_idx" ON "qc_inspection" USING btree ("purchase_order_line_id");--> statement-breakpoint
CREATE INDEX "qc_inspection_vendor_created_idx" ON "qc_inspection" USING btree ("vendor_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "qc_inspection_pending_idx" ON "qc_inspection" USING btree ("created_at") WHERE status = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "receipt_number_key" ON "receipt" USING btree ("number");--> statement-breakpoint
CREATE INDEX "receipt_po_idx" ON "receipt" USING btree ("purchase_order_id");--> statement-breakpoint
CREATE INDEX "receipt_vendor_created_idx" ON "receipt" USING btree ("vendor_id","created_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "receipt_created_idx" ON "receipt" USING btree ("created_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "receipt_shipment_idx" ON "receipt" USING btree ("shipment_id");--> statement-breakpoint
CREATE INDEX "receipt_line_receipt_idx" ON "receipt_line" USING btree ("receipt_id");--> statement-breakpoint
CREATE INDEX "receipt_line_po_line_idx" ON "receipt_line" USING btree ("purchase_order_line_id");--> statement-breakpoint
CREATE INDEX "receipt_photo_receipt_idx" ON "receipt_photo" USING btree ("receipt_id");--> statement-breakpoint
CREATE UNIQUE INDEX "shipment_number_key" ON "shipment" USING btree ("number");--> statement-breakpoint
CREATE INDEX "shipment_vendor_created_idx" ON "shipment" USING btree ("vendor_id","created_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "shipment_status_created_idx" ON "shipment" USING btree ("status","created_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE UNIQUE INDEX "shipment_line_po_line_key" ON "shipment_line" USING btree ("shipment_id","purchase_order_line_id");--> statement-breakpoint
CREATE INDEX "shipment_line_po_line_idx" ON "shipment_line" USING btree ("purchase_order_line_id");--> statement-breakpoint
CREATE INDEX "shipment_photo_shipment_idx" ON "shipment_photo" USING btree ("shipment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_number_key" ON "payment" USING btree ("number");--> statement-breakpoint
CREATE INDEX "payment_vendor_created_idx" ON "payment" USING btree ("vendor_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "vendor_invoice_number_key" ON "vendor_invoice" USING btree ("vendor_id","kind","invoice_year","number_key");--> statement-breakpoint
CREATE INDEX "vendor_invoice_vendor_submitted_idx" ON "vendor_invoice" USING btree ("vendor_id","submitted_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "vendor_invoice_status_submitted_idx" ON "vendor_invoice" USING btree ("status","submitted_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "vendor_invoice_submitted_idx" ON "vendor_invoice" USING btree ("submitted_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "vendor_invoice_credits_idx" ON "vendor_invoice" USING btree ("credits_invoice_id");--> statement-breakpoint
CREATE INDEX "vendor_invoice_payment_idx" ON "vendor_invoice" USING btree ("payment_id");--> statement-breakpoint
CREATE INDEX "vendor_invoice_vendor_date_idx" ON "vendor_invoice" USING btree ("vendor_id","invoice_date");--> statement-breakpoint
CREATE INDEX "vendor_invoice_pending_idx" ON "vendor_invoice" USING btree ("vendor_id") WHERE match_status = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "vendor_invoice_line_no_key" ON "vendor_invoice_line" USING btree ("invoice_id","line_no");--> statement-breakpoint
CREATE INDEX "vendor_invoice_line_po_line_idx" ON "vendor_invoice_line" USING btree ("purchase_order_line_id");