-- Hand-written: a workshop's new rows must hang off its own parent rows.
--
-- Why: foreign-key checks ignore row-level security, so a policy that checks only
-- `vendor_id = bezel_vendor_id()` let a workshop insert rows with its own vendor_id that point at
-- another workshop's job, PO line, repair or design (a planted problem would block someone else's
-- job). Each WITH CHECK now also finds the parent through the workshop's own policies (EXISTS on a
-- table that is itself behind RLS); what a workshop may read is unchanged. Runs twice without error.
DROP POLICY IF EXISTS vendor_own ON production_job;
--> statement-breakpoint
CREATE POLICY vendor_own ON production_job TO bezel_vendor
	USING (vendor_id = bezel_vendor_id())
	WITH CHECK (
		vendor_id = bezel_vendor_id()
		AND EXISTS (SELECT 1 FROM purchase_order_line l WHERE l.id = production_job.line_id AND l.purchase_order_id = production_job.purchase_order_id)
	);
--> statement-breakpoint
DROP POLICY IF EXISTS vendor_own ON job_milestone;
--> statement-breakpoint
CREATE POLICY vendor_own ON job_milestone TO bezel_vendor
	USING (vendor_id = bezel_vendor_id())
	WITH CHECK (vendor_id = bezel_vendor_id() AND EXISTS (SELECT 1 FROM production_job j WHERE j.id = job_milestone.job_id));
--> statement-breakpoint
DROP POLICY IF EXISTS vendor_own ON job_problem;
--> statement-breakpoint
CREATE POLICY vendor_own ON job_problem TO bezel_vendor
	USING (vendor_id = bezel_vendor_id())
	WITH CHECK (vendor_id = bezel_vendor_id() AND EXISTS (SELECT 1 FROM production_job j WHERE j.id = job_problem.job_id));
--> statement-breakpoint
DROP POLICY IF EXISTS vendor_own ON job_update;
--> statement-breakpoint
CREATE POLICY vendor_own ON job_update TO bezel_vendor
	USING (vendor_id = bezel_vendor_id())
	WITH CHECK (
		vendor_id = bezel_vendor_id()
		AND EXISTS (SELECT 1 FROM production_job j WHERE j.id = job_update.job_id)
		AND (job_update.milestone_id IS NULL OR EXISTS (SELECT 1 FROM job_milestone m WHERE m.id = job_update.milestone_id AND m.job_id = job_update.job_id))
	);
--> statement-breakpoint
DROP POLICY IF EXISTS vendor_own ON job_photo;
--> statement-breakpoint
CREATE POLICY vendor_own ON job_photo TO bezel_vendor
	USING (vendor_id = bezel_vendor_id())
	WITH CHECK (
		vendor_id = bezel_vendor_id()
		AND EXISTS (SELECT 1 FROM job_update u WHERE u.id = job_photo.update_id AND u.job_id = job_photo.job_id)
		AND EXISTS (SELECT 1 FROM stored_file f WHERE f.id = job_photo.file_id)
		AND EXISTS (SELECT 1 FROM stored_file f WHERE f.id = job_photo.thumbnail_file_id)
	);
--> statement-breakpoint
DROP POLICY IF EXISTS vendor_own ON repair_estimate;
--> statement-breakpoint
CREATE POLICY vendor_own ON repair_estimate TO bezel_vendor
	USING (vendor_id = bezel_vendor_id())
	WITH CHECK (vendor_id = bezel_vendor_id() AND EXISTS (SELECT 1 FROM repair_job r WHERE r.id = repair_estimate.repair_id));
--> statement-breakpoint
DROP POLICY IF EXISTS vendor_own ON repair_event;
--> statement-breakpoint
CREATE POLICY vendor_own ON repair_event TO bezel_vendor
	USING (vendor_id = bezel_vendor_id())
	WITH CHECK (vendor_id = bezel_vendor_id() AND EXISTS (SELECT 1 FROM repair_job r WHERE r.id = repair_event.repair_id));
--> statement-breakpoint
DROP POLICY IF EXISTS vendor_own ON design_version;
--> statement-breakpoint
CREATE POLICY vendor_own ON design_version TO bezel_vendor
	USING (vendor_id = bezel_vendor_id())
	WITH CHECK (vendor_id = bezel_vendor_id() AND EXISTS (SELECT 1 FROM custom_order o WHERE o.id = design_version.custom_order_id));
--> statement-breakpoint
DROP POLICY IF EXISTS vendor_own ON design_file;
--> statement-breakpoint
CREATE POLICY vendor_own ON design_file TO bezel_vendor
	USING (vendor_id = bezel_vendor_id())
	WITH CHECK (
		vendor_id = bezel_vendor_id()
		AND EXISTS (SELECT 1 FROM design_version v WHERE v.id = design_file.version_id)
		AND EXISTS (SELECT 1 FROM stored_file f WHERE f.id = design_file.file_id)
	);
