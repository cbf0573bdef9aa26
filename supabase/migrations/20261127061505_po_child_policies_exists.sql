-- Hand-written: the same rule for a workshop's PO child rows, checked per row instead of per query.
--
-- Why: `purchase_order_id IN (SELECT id FROM purchase_order)` made PostgreSQL read every PO the
-- workshop can see before answering any query on lines, messages or read markers, so a workshop's
-- page grew slower with its history. EXISTS on the parent's primary key is one index lookup per row
-- and means the same thing: the subquery still reads purchase_order under its own policy (this
-- workshop's POs, once sent). Runs twice without error.
DO $$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['purchase_order_line', 'purchase_order_revision', 'purchase_order_change_request',
		'purchase_order_attachment', 'purchase_order_message', 'purchase_order_read_marker']
	LOOP
		EXECUTE format('DROP POLICY IF EXISTS vendor_own ON %I', t);
		EXECUTE format(
			'CREATE POLICY vendor_own ON %1$I TO bezel_vendor
				USING (vendor_id = bezel_vendor_id() AND EXISTS (SELECT 1 FROM purchase_order p WHERE p.id = %1$I.purchase_order_id))
				WITH CHECK (vendor_id = bezel_vendor_id() AND EXISTS (SELECT 1 FROM purchase_order p WHERE p.id = %1$I.purchase_order_id))',
			t
		);
	END LOOP;
END
$$;
