-- Hand-written: what a workshop sees of purchase orders, as the second lock behind the service.
--
-- Why: the first PO policies let `bezel_vendor` read (a) a PO cancelled while still a draft, because
-- they tested `status <> 'draft'` and cancelling changes the status, and (b) the lines and attachments
-- of its own workshop's drafts, and write thread rows, read markers and change requests pointing at any
-- PO id at all (a foreign key check does not apply row-level security), because the child tables only
-- tested `vendor_id`. A PO is the workshop's business once it has been sent (`first_sent_at` is set by
-- the first send and never cleared); every child row must belong to a PO the workshop can see.
-- Last, brand_settings gets the forced row-level security every vendor-readable table must have.
-- Runs twice without error.

DROP POLICY IF EXISTS vendor_own ON purchase_order;
--> statement-breakpoint
CREATE POLICY vendor_own ON purchase_order TO bezel_vendor
	USING (vendor_id = bezel_vendor_id() AND first_sent_at IS NOT NULL)
	WITH CHECK (vendor_id = bezel_vendor_id() AND first_sent_at IS NOT NULL);
--> statement-breakpoint

-- The subquery reads purchase_order under the policy above, so it yields only this workshop's sent POs.
DO $$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['purchase_order_line', 'purchase_order_revision', 'purchase_order_change_request',
		'purchase_order_attachment', 'purchase_order_message', 'purchase_order_read_marker']
	LOOP
		EXECUTE format('DROP POLICY IF EXISTS vendor_own ON %I', t);
		EXECUTE format(
			'CREATE POLICY vendor_own ON %I TO bezel_vendor
				USING (vendor_id = bezel_vendor_id() AND purchase_order_id IN (SELECT id FROM purchase_order))
				WITH CHECK (vendor_id = bezel_vendor_id() AND purchase_order_id IN (SELECT id FROM purchase_order))',
			t
		);
	END LOOP;
END
$$;
--> statement-breakpoint

-- brand_settings: the PO migration granted the vendor role SELECT (the brand's name and address head
-- every PO document) without row-level security, which the RLS catalog test forbids for any table a
-- workshop can read. The one row is the brand's public face, so every role reads it; only staff write.
ALTER TABLE brand_settings ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE brand_settings FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS staff_all ON brand_settings;
--> statement-breakpoint
CREATE POLICY staff_all ON brand_settings TO bezel_staff USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS vendor_read ON brand_settings;
--> statement-breakpoint
CREATE POLICY vendor_read ON brand_settings FOR SELECT TO bezel_vendor USING (true);
