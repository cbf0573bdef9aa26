-- Hand-written: grants, row-level security and sanity checks for receiving, QC, invoices and payments.
--
-- Why: a workshop announces its shipments, reads what the brand received and inspected for it, answers
-- defects, submits invoices and credit notes, and reads its payments — its own only. It can never set a
-- match result, a hold, an approval or a payment: those columns are not granted, so even a query that
-- tries fails. New rows must hang off the workshop's own parents (EXISTS on tables behind RLS), because
-- foreign keys ignore RLS. The tolerance overrides on `vendor` are the brand's decision: the workshop's
-- UPDATE on its own row no longer reaches them. A credit note's invoice cannot be checked in the
-- policy (a policy on vendor_invoice reading vendor_invoice recurses): the service checks it, and
-- matching, which works per workshop, treats a credit note naming another's invoice as unlinked. CHECK constraints keep impossible numbers out whatever
-- the service does. Runs twice without error.
DO $$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['shipment', 'shipment_line', 'shipment_photo', 'receipt', 'receipt_line', 'receipt_photo',
		'qc_inspection', 'qc_defect', 'qc_defect_photo', 'debit_note', 'vendor_invoice', 'vendor_invoice_line', 'payment']
	LOOP
		EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
		EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
		EXECUTE format('DROP POLICY IF EXISTS staff_all ON %I', t);
		EXECUTE format('CREATE POLICY staff_all ON %I TO bezel_staff USING (true) WITH CHECK (true)', t);
		EXECUTE format('DROP POLICY IF EXISTS vendor_own ON %I', t);
	END LOOP;
	-- read-only for the workshop: what the brand recorded
	FOREACH t IN ARRAY ARRAY['receipt', 'receipt_line', 'receipt_photo', 'qc_inspection', 'qc_defect', 'qc_defect_photo', 'debit_note', 'payment']
	LOOP
		EXECUTE format('CREATE POLICY vendor_own ON %I TO bezel_vendor USING (vendor_id = bezel_vendor_id()) WITH CHECK (vendor_id = bezel_vendor_id())', t);
	END LOOP;
END
$$;
--> statement-breakpoint
CREATE POLICY vendor_own ON shipment TO bezel_vendor
	USING (vendor_id = bezel_vendor_id())
	WITH CHECK (vendor_id = bezel_vendor_id());
--> statement-breakpoint
CREATE POLICY vendor_own ON shipment_line TO bezel_vendor
	USING (vendor_id = bezel_vendor_id())
	WITH CHECK (
		vendor_id = bezel_vendor_id()
		AND EXISTS (SELECT 1 FROM shipment s WHERE s.id = shipment_line.shipment_id)
		AND EXISTS (SELECT 1 FROM purchase_order_line l WHERE l.id = shipment_line.purchase_order_line_id AND l.purchase_order_id = shipment_line.purchase_order_id)
	);
--> statement-breakpoint
CREATE POLICY vendor_own ON shipment_photo TO bezel_vendor
	USING (vendor_id = bezel_vendor_id())
	WITH CHECK (
		vendor_id = bezel_vendor_id()
		AND EXISTS (SELECT 1 FROM shipment s WHERE s.id = shipment_photo.shipment_id)
		AND EXISTS (SELECT 1 FROM stored_file f WHERE f.id = shipment_photo.file_id)
		AND EXISTS (SELECT 1 FROM stored_file f WHERE f.id = shipment_photo.thumbnail_file_id)
	);
--> statement-breakpoint
CREATE POLICY vendor_own ON vendor_invoice TO bezel_vendor
	USING (vendor_id = bezel_vendor_id())
	WITH CHECK (
		vendor_id = bezel_vendor_id()
		AND EXISTS (SELECT 1 FROM stored_file f WHERE f.id = vendor_invoice.pdf_file_id)
		AND (vendor_invoice.purchase_order_id IS NULL OR EXISTS (SELECT 1 FROM purchase_order p WHERE p.id = vendor_invoice.purchase_order_id))
		AND (vendor_invoice.shipment_id IS NULL OR EXISTS (SELECT 1 FROM shipment s WHERE s.id = vendor_invoice.shipment_id))
	);
--> statement-breakpoint
CREATE POLICY vendor_own ON vendor_invoice_line TO bezel_vendor
	USING (vendor_id = bezel_vendor_id())
	WITH CHECK (
		vendor_id = bezel_vendor_id()
		AND EXISTS (SELECT 1 FROM vendor_invoice i WHERE i.id = vendor_invoice_line.invoice_id)
		AND (vendor_invoice_line.purchase_order_line_id IS NULL
			OR EXISTS (SELECT 1 FROM purchase_order_line l WHERE l.id = vendor_invoice_line.purchase_order_line_id))
	);
--> statement-breakpoint

GRANT SELECT, INSERT ON shipment, shipment_line, shipment_photo TO bezel_vendor;
--> statement-breakpoint
-- a workshop corrects or cancels its announcement until the goods are received
GRANT UPDATE (status, carrier, tracking_number, shipped_on, declared_value_minor, notes, cancelled_at, version) ON shipment TO bezel_vendor;
--> statement-breakpoint
GRANT SELECT ON receipt, receipt_line, receipt_photo, qc_inspection, qc_defect, qc_defect_photo, debit_note, payment TO bezel_vendor;
--> statement-breakpoint
GRANT UPDATE (vendor_response, vendor_responded_by, vendor_responded_at) ON qc_defect TO bezel_vendor;
--> statement-breakpoint
GRANT SELECT ON vendor_invoice, vendor_invoice_line TO bezel_vendor;
--> statement-breakpoint
GRANT INSERT (id, vendor_id, kind, number, number_key, invoice_year, invoice_date, due_date, terms, currency, credits_invoice_id,
	purchase_order_id, shipment_id, pdf_file_id, notes, goods_minor, metal_minor, charges_minor, total_minor, submitted_by, submitted_at)
	ON vendor_invoice TO bezel_vendor;
--> statement-breakpoint
GRANT INSERT ON vendor_invoice_line TO bezel_vendor;
--> statement-breakpoint
REVOKE UPDATE ON vendor FROM bezel_vendor;
--> statement-breakpoint
GRANT UPDATE (name, name_key, types, status, country, city, currency, address_line1, address_line2, region, postal_code, tax_id, email,
	phone, website, insurance_limit_minor, notes, logo_file_id, version, updated_at) ON vendor TO bezel_vendor;
--> statement-breakpoint
CREATE SEQUENCE IF NOT EXISTS shipment_number_seq;
--> statement-breakpoint
GRANT USAGE, SELECT ON SEQUENCE shipment_number_seq TO bezel_staff, bezel_vendor;
--> statement-breakpoint

ALTER TABLE shipment_line DROP CONSTRAINT IF EXISTS shipment_line_quantity_positive;
--> statement-breakpoint
ALTER TABLE shipment_line ADD CONSTRAINT shipment_line_quantity_positive CHECK (quantity > 0);
--> statement-breakpoint
ALTER TABLE shipment DROP CONSTRAINT IF EXISTS shipment_declared_value_not_negative;
--> statement-breakpoint
ALTER TABLE shipment ADD CONSTRAINT shipment_declared_value_not_negative CHECK (declared_value_minor >= 0);
--> statement-breakpoint
ALTER TABLE receipt_line DROP CONSTRAINT IF EXISTS receipt_line_numbers_valid;
--> statement-breakpoint
ALTER TABLE receipt_line ADD CONSTRAINT receipt_line_numbers_valid
	CHECK (quantity > 0 AND (gross_weight_mg IS NULL OR gross_weight_mg > 0) AND (stone_count IS NULL OR stone_count >= 0));
--> statement-breakpoint
ALTER TABLE qc_inspection DROP CONSTRAINT IF EXISTS qc_inspection_dispositions_valid;
--> statement-breakpoint
ALTER TABLE qc_inspection ADD CONSTRAINT qc_inspection_dispositions_valid
	CHECK (accepted_quantity >= 0 AND rework_quantity >= 0 AND returned_quantity >= 0
		AND accepted_quantity + rework_quantity + returned_quantity <= lot_size
		AND sample_size >= 0 AND sample_size <= lot_size
		AND (status = 'pending' OR accepted_quantity + rework_quantity + returned_quantity = lot_size));
--> statement-breakpoint
ALTER TABLE qc_defect DROP CONSTRAINT IF EXISTS qc_defect_quantity_positive;
--> statement-breakpoint
ALTER TABLE qc_defect ADD CONSTRAINT qc_defect_quantity_positive CHECK (quantity > 0);
--> statement-breakpoint
ALTER TABLE vendor_invoice DROP CONSTRAINT IF EXISTS vendor_invoice_amounts_valid;
--> statement-breakpoint
ALTER TABLE vendor_invoice ADD CONSTRAINT vendor_invoice_amounts_valid
	CHECK (goods_minor >= 0 AND metal_minor >= 0 AND charges_minor >= 0 AND total_minor = goods_minor + metal_minor + charges_minor
		AND (kind = 'credit_note' OR credits_invoice_id IS NULL));
--> statement-breakpoint
ALTER TABLE vendor_invoice_line DROP CONSTRAINT IF EXISTS vendor_invoice_line_numbers_valid;
--> statement-breakpoint
ALTER TABLE vendor_invoice_line ADD CONSTRAINT vendor_invoice_line_numbers_valid
	CHECK (amount_minor >= 0 AND (quantity IS NULL OR quantity > 0) AND (unit_price_minor IS NULL OR unit_price_minor >= 0)
		AND (fine_weight_mg IS NULL OR fine_weight_mg >= 0) AND (metal_price_per_fine_gram_minor IS NULL OR metal_price_per_fine_gram_minor >= 0)
		AND (kind <> 'goods' OR (purchase_order_line_id IS NOT NULL AND quantity IS NOT NULL AND unit_price_minor IS NOT NULL))
		AND (kind <> 'adjustment' OR (purchase_order_line_id IS NOT NULL AND part IS NOT NULL))
		AND (kind <> 'charge' OR charge IS NOT NULL));
--> statement-breakpoint
ALTER TABLE payment DROP CONSTRAINT IF EXISTS payment_amount_not_negative;
--> statement-breakpoint
ALTER TABLE payment ADD CONSTRAINT payment_amount_not_negative CHECK (amount_minor >= 0 AND (status = 'scheduled' OR paid_on IS NOT NULL));
--> statement-breakpoint
ALTER TABLE vendor DROP CONSTRAINT IF EXISTS vendor_tolerance_override_valid;
--> statement-breakpoint
ALTER TABLE vendor ADD CONSTRAINT vendor_tolerance_override_valid
	CHECK ((price_tolerance_percent_bp IS NULL) = (price_tolerance_absolute_thousandths IS NULL)
		AND (price_tolerance_percent_bp IS NULL OR price_tolerance_percent_bp BETWEEN 0 AND 10000)
		AND (price_tolerance_absolute_thousandths IS NULL OR price_tolerance_absolute_thousandths >= 0)
		AND (quantity_tolerance_pieces IS NULL OR quantity_tolerance_pieces >= 0));
--> statement-breakpoint
ALTER TABLE brand_settings DROP CONSTRAINT IF EXISTS brand_settings_tolerances_valid;
--> statement-breakpoint
ALTER TABLE brand_settings ADD CONSTRAINT brand_settings_tolerances_valid
	CHECK (price_tolerance_percent_bp BETWEEN 0 AND 10000 AND price_tolerance_absolute_thousandths >= 0
		AND quantity_tolerance_pieces >= 0 AND over_receipt_allowance_bp >= 0);
