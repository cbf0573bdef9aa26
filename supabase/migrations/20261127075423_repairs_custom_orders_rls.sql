-- Hand-written: grants and row-level security for repairs and custom orders.
--
-- Why: a repair workshop sees the repair jobs assigned to it and a CAD designer the custom orders
-- assigned to it — never another workshop's, never one not yet assigned (vendor_id is null until
-- then, which matches no workshop). The customer's and client's name, contact and budget, the store
-- order number and the client's payments are the brand's business: the column grants leave them out,
-- so even a query that asks for them fails for a workshop user. Workshops change only what their
-- steps touch. Photos and brief images made by the brand before assignment are visible to the
-- assigned workshop through their job (EXISTS on the parent, which is itself behind RLS).
-- Runs twice without error.
DO $$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['repair_job', 'repair_estimate', 'repair_event', 'repair_photo', 'custom_order',
		'custom_order_inspiration', 'design_version', 'design_file', 'custom_order_payment', 'custom_order_purchase_order', 'document_counter']
	LOOP
		EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
		EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
		EXECUTE format('DROP POLICY IF EXISTS staff_all ON %I', t);
		EXECUTE format('CREATE POLICY staff_all ON %I TO bezel_staff USING (true) WITH CHECK (true)', t);
		EXECUTE format('DROP POLICY IF EXISTS vendor_own ON %I', t);
	END LOOP;
	FOREACH t IN ARRAY ARRAY['repair_job', 'repair_estimate', 'repair_event', 'custom_order', 'design_version', 'design_file']
	LOOP
		EXECUTE format(
			'CREATE POLICY vendor_own ON %I TO bezel_vendor USING (vendor_id = bezel_vendor_id()) WITH CHECK (vendor_id = bezel_vendor_id())',
			t
		);
	END LOOP;
END
$$;
--> statement-breakpoint
-- intake and return photos are the brand's, shown to the workshop the job is assigned to
CREATE POLICY vendor_own ON repair_photo TO bezel_vendor
	USING (EXISTS (SELECT 1 FROM repair_job r WHERE r.id = repair_photo.repair_id))
	WITH CHECK (vendor_id = bezel_vendor_id() AND EXISTS (SELECT 1 FROM repair_job r WHERE r.id = repair_photo.repair_id));
--> statement-breakpoint
CREATE POLICY vendor_own ON custom_order_inspiration FOR SELECT TO bezel_vendor
	USING (EXISTS (SELECT 1 FROM custom_order o WHERE o.id = custom_order_inspiration.custom_order_id));
--> statement-breakpoint

GRANT SELECT (id, number, vendor_id, status, description, stamps, intake_weight_mg, intake_stone_count, condition_notes, currency,
	declared_value_minor, requested_work, work_notes, promised_to_customer, assigned_at, received_on, approved_estimate_id,
	approved_total_minor, final_price_minor, shipped_back_on, carrier, tracking_number, returned_at, closed_at, version,
	created_at, updated_at) ON repair_job TO bezel_vendor;
--> statement-breakpoint
GRANT UPDATE (status, received_on, shipped_back_on, carrier, tracking_number, final_price_minor, version, updated_at)
	ON repair_job TO bezel_vendor;
--> statement-breakpoint
GRANT SELECT, INSERT ON repair_estimate, repair_event, repair_photo TO bezel_vendor;
--> statement-breakpoint
-- a new estimate replaces the workshop's earlier one that was still waiting
GRANT UPDATE (status) ON repair_estimate TO bezel_vendor;
--> statement-breakpoint
GRANT SELECT (id, number, vendor_id, status, title, currency, alloy, stones, size, brief, due_date, approved_version_id,
	approved_at, version, created_at, updated_at) ON custom_order TO bezel_vendor;
--> statement-breakpoint
GRANT SELECT ON custom_order_inspiration TO bezel_vendor;
--> statement-breakpoint
GRANT SELECT, INSERT ON design_version, design_file TO bezel_vendor;
