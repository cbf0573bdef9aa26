-- Hand-written: grants and row-level security for production (job bags, milestones, updates, photos,
-- problems), stage templates, launches, calendar feeds and notification choices.
--
-- Why: a workshop's people make their job bags when they acknowledge a PO line and then report
-- progress on them, so `bezel_vendor` may insert jobs and milestones and change only the progress
-- columns; every row stays behind `vendor_id = bezel_vendor_id()`. Stage templates are readable (a
-- job copies its template when it is made) but only staff change them. Launches are the brand's
-- planning and stay internal. Calendar feeds and e-mail choices belong to one person: a workshop
-- user sees only their own. Runs twice without error.
DO $$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['production_job', 'job_milestone', 'job_update', 'job_photo', 'job_problem']
	LOOP
		EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
		EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
		EXECUTE format('DROP POLICY IF EXISTS staff_all ON %I', t);
		EXECUTE format('CREATE POLICY staff_all ON %I TO bezel_staff USING (true) WITH CHECK (true)', t);
		EXECUTE format('DROP POLICY IF EXISTS vendor_own ON %I', t);
		EXECUTE format(
			'CREATE POLICY vendor_own ON %I TO bezel_vendor USING (vendor_id = bezel_vendor_id()) WITH CHECK (vendor_id = bezel_vendor_id())',
			t
		);
	END LOOP;
	FOREACH t IN ARRAY ARRAY['calendar_feed', 'notification_preference']
	LOOP
		EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
		EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
		EXECUTE format('DROP POLICY IF EXISTS staff_all ON %I', t);
		EXECUTE format('CREATE POLICY staff_all ON %I TO bezel_staff USING (true) WITH CHECK (true)', t);
		EXECUTE format('DROP POLICY IF EXISTS own_rows ON %I', t);
		EXECUTE format('CREATE POLICY own_rows ON %I TO bezel_vendor USING (user_id = bezel_user_id()) WITH CHECK (user_id = bezel_user_id())', t);
	END LOOP;
END
$$;
--> statement-breakpoint

-- Stage templates are the brand's, readable by every workshop (a job copies its template when
-- made), changed only by staff: RLS with a read-only policy keeps the rule uniform with every table
-- a vendor can read.
ALTER TABLE stage_template ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE stage_template FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS staff_all ON stage_template;
--> statement-breakpoint
CREATE POLICY staff_all ON stage_template TO bezel_staff USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS vendor_read ON stage_template;
--> statement-breakpoint
CREATE POLICY vendor_read ON stage_template FOR SELECT TO bezel_vendor USING (true);
--> statement-breakpoint
GRANT SELECT ON stage_template TO bezel_vendor;
--> statement-breakpoint
GRANT SELECT, INSERT ON production_job, job_milestone, job_update, job_photo, job_problem TO bezel_vendor;
--> statement-breakpoint
GRANT UPDATE (status, quantity, promised_date, planned_start, forecast_finish, started_on, finished_on, current_stage, at_risk,
	at_risk_since, risk_reason, blocked, version, updated_at) ON production_job TO bezel_vendor;
--> statement-breakpoint
GRANT UPDATE (planned_start, planned_finish, status, started_on, finished_on, quantity_in, quantity_out, weight_in_mg, weight_out_mg)
	ON job_milestone TO bezel_vendor;
--> statement-breakpoint
GRANT UPDATE (resolved_at, resolved_by_name, resolution) ON job_problem TO bezel_vendor;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON calendar_feed, notification_preference TO bezel_vendor;
