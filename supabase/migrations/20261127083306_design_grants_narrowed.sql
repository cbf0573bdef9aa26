-- Hand-written: the designer reads a design version without the client's decision, and a design
-- file's thumbnail must be a file the workshop can see.
--
-- Why: how the client decided ("by phone with Mrs …") is the brand's record; the screens never show
-- it to the designer, and now the database does not either (column grants, as on custom_order).
-- A design file row's thumbnail id was not checked on insert, so a workshop could point it at any
-- stored file id it guessed; reads stayed refused, but the row should not be possible.
-- Runs twice without error.
REVOKE SELECT ON design_version FROM bezel_vendor;
--> statement-breakpoint
GRANT SELECT (id, custom_order_id, vendor_id, version_no, note, status, comment, decided_by_name, decided_at, created_by_name, created_at)
	ON design_version TO bezel_vendor;
--> statement-breakpoint
DROP POLICY IF EXISTS vendor_own ON design_file;
--> statement-breakpoint
CREATE POLICY vendor_own ON design_file TO bezel_vendor
	USING (vendor_id = bezel_vendor_id())
	WITH CHECK (
		vendor_id = bezel_vendor_id()
		AND EXISTS (SELECT 1 FROM design_version v WHERE v.id = design_file.version_id)
		AND EXISTS (SELECT 1 FROM stored_file f WHERE f.id = design_file.file_id)
		AND (design_file.thumbnail_file_id IS NULL OR EXISTS (SELECT 1 FROM stored_file f WHERE f.id = design_file.thumbnail_file_id))
	);
