DROP INDEX "membership_vendor_idx";--> statement-breakpoint
CREATE INDEX "membership_vendor_idx" ON "membership" USING btree ("vendor_id","user_id");