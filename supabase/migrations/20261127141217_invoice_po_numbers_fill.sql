-- The PO numbers of each document, written at submission from now on (the workshop inserts them
-- with the document, so it needs the column grant), filled here for the documents already stored.
-- Safe to run again: the grant is idempotent and the fill only touches rows still empty.
GRANT INSERT (purchase_order_numbers) ON vendor_invoice TO bezel_vendor;
--> statement-breakpoint
UPDATE vendor_invoice i SET purchase_order_numbers = n.list
FROM (
	SELECT invoice_id, array_agg(DISTINCT number ORDER BY number) AS list FROM (
		SELECT l.invoice_id, po.number FROM vendor_invoice_line l
			JOIN purchase_order_line pl ON pl.id = l.purchase_order_line_id
			JOIN purchase_order po ON po.id = pl.purchase_order_id
		UNION ALL
		SELECT d.id, po.number FROM vendor_invoice d JOIN purchase_order po ON po.id = d.purchase_order_id
	) reached
	GROUP BY invoice_id
) n
WHERE n.invoice_id = i.id AND i.purchase_order_numbers = '{}'::text[];
