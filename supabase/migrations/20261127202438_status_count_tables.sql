CREATE TABLE "purchase_order_status_count" (
	"status" text PRIMARY KEY NOT NULL,
	"total" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vendor_invoice_status_count" (
	"status" text PRIMARY KEY NOT NULL,
	"total" bigint DEFAULT 0 NOT NULL
);
