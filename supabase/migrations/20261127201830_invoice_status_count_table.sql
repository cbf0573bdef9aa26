CREATE TABLE "vendor_invoice_status_count" (
	"status" text PRIMARY KEY NOT NULL,
	"documents" bigint DEFAULT 0 NOT NULL
);
