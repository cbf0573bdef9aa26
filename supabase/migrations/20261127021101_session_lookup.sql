-- Hand-written: one-statement session lookup for the hot path of every request.
--
-- Why: validating a session in a scoped transaction costs four round trips (BEGIN, role switch,
-- SELECT, COMMIT) on every page view. This function switches to bezel_staff for its own query and
-- back, so the lookup is a single statement outside any transaction. Only the connecting role may
-- call it: EXECUTE is revoked from everyone else, so a switched-role transaction (bezel_vendor)
-- cannot use it to reach staff rights.
CREATE OR REPLACE FUNCTION bezel_session_lookup(p_session_id text)
	RETURNS TABLE (
		session_id text,
		expires_at timestamptz,
		last_seen_at timestamptz,
		user_id uuid,
		name text,
		email text,
		status text,
		role text,
		vendor_id uuid,
		vendor_name text
	)
	LANGUAGE plpgsql VOLATILE
	AS $$
DECLARE
	previous_role text := current_setting('role');
BEGIN
	PERFORM set_config('role', 'bezel_staff', true);
	RETURN QUERY
		SELECT s.id, s.expires_at, s.last_seen_at, u.id, u.name, u.email, u.status, m.role, m.vendor_id, v.name
		FROM user_session s
		JOIN app_user u ON u.id = s.user_id
		JOIN membership m ON m.user_id = u.id
		LEFT JOIN vendor v ON v.id = m.vendor_id
		WHERE s.id = p_session_id;
	PERFORM set_config('role', previous_role, true);
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION bezel_session_lookup(text) FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON FUNCTION bezel_session_lookup(text) FROM bezel_staff, bezel_vendor;
