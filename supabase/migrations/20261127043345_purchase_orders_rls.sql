-- Hand-written: grants and row-level security for purchase orders, styles and brand settings.
--
-- Why: vendor users run as `bezel_vendor` with app.vendor_id set. They read their own POs (never a
-- draft: a draft is the brand's business until it is sent) and may change only what acknowledging,
-- requesting changes, declining and the thread need; the column lists below make that a database
-- rule as well as a service rule. Styles and the PO number counter are internal.
-- Runs twice without error.

DO $$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['purchase_order', 'purchase_order_line', 'purchase_order_revision', 'purchase_order_change_request',
		'purchase_order_attachment', 'purchase_order_message', 'purchase_order_read_marker']
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
END
$$;
--> statement-breakpoint

-- A draft is invisible to the workshop it is meant for.
DROP POLICY IF EXISTS vendor_own ON purchase_order;
--> statement-breakpoint
CREATE POLICY vendor_own ON purchase_order TO bezel_vendor
	USING (vendor_id = bezel_vendor_id() AND status <> 'draft')
	WITH CHECK (vendor_id = bezel_vendor_id() AND status <> 'draft');
--> statement-breakpoint

GRANT SELECT ON purchase_order, purchase_order_line, purchase_order_revision TO bezel_vendor;
--> statement-breakpoint
GRANT UPDATE (status, version, acknowledged_at, first_acknowledged_at, decline_reason, last_vendor_message_at, updated_at)
	ON purchase_order TO bezel_vendor;
--> statement-breakpoint
GRANT UPDATE (ack_status, promised_date, baseline_promised_date, promised_date_changes) ON purchase_order_line TO bezel_vendor;
--> statement-breakpoint
GRANT SELECT, INSERT ON purchase_order_change_request, purchase_order_attachment, purchase_order_message TO bezel_vendor;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON purchase_order_read_marker TO bezel_vendor;
--> statement-breakpoint
-- the brand's name and address head every PO document a vendor downloads
GRANT SELECT ON brand_settings TO bezel_vendor;
--> statement-breakpoint
INSERT INTO brand_settings (id) VALUES (1) ON CONFLICT (id) DO NOTHING;
