-- Hand-written: a cancelled payment keeps its row, and a workshop reads QC defects once the inspection is done.
--
-- Why: payment numbers are gap-free, so a cancelled payment stays (status 'cancelled', no paid date) with
-- what it covered, instead of leaving a hole in the series. QC findings are the brand's work in progress
-- until the inspector completes the inspection: the service showed them only then, and now the database
-- does too (a defect or its photo under a pending inspection is invisible to the workshop).
-- Runs twice without error.
ALTER TABLE payment DROP CONSTRAINT IF EXISTS payment_amount_not_negative;
--> statement-breakpoint
ALTER TABLE payment ADD CONSTRAINT payment_amount_not_negative
	CHECK (amount_minor >= 0 AND (status <> 'paid' OR paid_on IS NOT NULL) AND status IN ('scheduled', 'paid', 'cancelled'));
--> statement-breakpoint
DROP POLICY IF EXISTS vendor_own ON qc_defect;
--> statement-breakpoint
CREATE POLICY vendor_own ON qc_defect TO bezel_vendor
	USING (vendor_id = bezel_vendor_id() AND EXISTS (SELECT 1 FROM qc_inspection i WHERE i.id = qc_defect.inspection_id AND i.status = 'completed'))
	WITH CHECK (vendor_id = bezel_vendor_id() AND EXISTS (SELECT 1 FROM qc_inspection i WHERE i.id = qc_defect.inspection_id AND i.status = 'completed'));
--> statement-breakpoint
DROP POLICY IF EXISTS vendor_own ON qc_defect_photo;
--> statement-breakpoint
CREATE POLICY vendor_own ON qc_defect_photo TO bezel_vendor
	USING (vendor_id = bezel_vendor_id() AND EXISTS (SELECT 1 FROM qc_defect d WHERE d.id = qc_defect_photo.defect_id))
	WITH CHECK (vendor_id = bezel_vendor_id() AND EXISTS (SELECT 1 FROM qc_defect d WHERE d.id = qc_defect_photo.defect_id));
