-- Hand-written: roles, grants and row-level security. drizzle-kit generates none of these.
--
-- Why: a vendor user's queries run in a transaction that switches to `bezel_vendor` and sets
-- app.vendor_id; the policies below then hide every other workshop's rows, as a second lock behind
-- the services' own checks. Internal staff and system work run as `bezel_staff`.
-- Roles are cluster-wide, so they are created only when missing: this file runs twice without error
-- (a second database on the same server, or `supabase db push` after the drizzle migrator).
-- Nothing here needs a superuser: hosted Supabase's `postgres` role can run it.

DO $$
BEGIN
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'bezel_staff') THEN
		CREATE ROLE bezel_staff NOLOGIN NOINHERIT;
	END IF;
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'bezel_vendor') THEN
		CREATE ROLE bezel_vendor NOLOGIN NOINHERIT;
	END IF;
	-- the connecting role must be a member to SET ROLE into them
	EXECUTE format('GRANT bezel_staff, bezel_vendor TO %I', current_user);
END
$$;
--> statement-breakpoint

-- The tenant of the current transaction. After a transaction ends the setting reads '' rather than
-- NULL, hence nullif: an empty setting must match no workshop at all.
CREATE OR REPLACE FUNCTION bezel_vendor_id() RETURNS uuid
	LANGUAGE sql STABLE PARALLEL SAFE
	AS $$ SELECT nullif(current_setting('app.vendor_id', true), '')::uuid $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION bezel_user_id() RETURNS uuid
	LANGUAGE sql STABLE PARALLEL SAFE
	AS $$ SELECT nullif(current_setting('app.user_id', true), '')::uuid $$;
--> statement-breakpoint

GRANT USAGE ON SCHEMA public TO bezel_staff, bezel_vendor;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION bezel_vendor_id(), bezel_user_id() TO bezel_staff, bezel_vendor;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO bezel_staff;
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO bezel_staff, bezel_vendor;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO bezel_staff;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO bezel_staff, bezel_vendor;
--> statement-breakpoint

-- Vendors get only what their screens need; later migrations grant their own tables.
GRANT SELECT, UPDATE ON vendor TO bezel_vendor;
--> statement-breakpoint
GRANT SELECT ON vendor_contact TO bezel_vendor;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON vendor_document TO bezel_vendor;
--> statement-breakpoint
GRANT SELECT, INSERT ON stored_file TO bezel_vendor;
--> statement-breakpoint
GRANT SELECT, UPDATE ON membership TO bezel_vendor;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON invitation TO bezel_vendor;
--> statement-breakpoint
GRANT SELECT, UPDATE ON app_user TO bezel_vendor;
--> statement-breakpoint
GRANT SELECT, DELETE ON user_session TO bezel_vendor;
--> statement-breakpoint
GRANT SELECT, INSERT ON audit_event TO bezel_vendor;
--> statement-breakpoint
GRANT INSERT ON outbox_message TO bezel_vendor;
--> statement-breakpoint

-- The audit trail is append-only for everyone, the owner included.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM bezel_staff, bezel_vendor;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION bezel_audit_is_append_only() RETURNS trigger
	LANGUAGE plpgsql
	AS $$ BEGIN RAISE EXCEPTION 'audit_event is append-only'; END $$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event;
--> statement-breakpoint
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
	FOR EACH ROW EXECUTE FUNCTION bezel_audit_is_append_only();
--> statement-breakpoint

-- Row-level security: enabled and forced on every table that holds a workshop's data.
DO $$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['membership', 'invitation', 'vendor_contact', 'vendor_document', 'stored_file', 'audit_event']
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

ALTER TABLE vendor ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE vendor FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS staff_all ON vendor;
--> statement-breakpoint
CREATE POLICY staff_all ON vendor TO bezel_staff USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS vendor_own ON vendor;
--> statement-breakpoint
CREATE POLICY vendor_own ON vendor TO bezel_vendor
	USING (id = bezel_vendor_id()) WITH CHECK (id = bezel_vendor_id());
--> statement-breakpoint

-- People: a vendor user sees themself and the colleagues of their own workshop.
ALTER TABLE app_user ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE app_user FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS staff_all ON app_user;
--> statement-breakpoint
CREATE POLICY staff_all ON app_user TO bezel_staff USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS vendor_colleagues ON app_user;
--> statement-breakpoint
CREATE POLICY vendor_colleagues ON app_user TO bezel_vendor
	-- IN (not a correlated EXISTS) so the planner hashes the workshop's few members once per query
	USING (
		id = bezel_user_id()
		OR id IN (SELECT m.user_id FROM membership m WHERE m.vendor_id = bezel_vendor_id())
	);
--> statement-breakpoint

ALTER TABLE user_session ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE user_session FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS staff_all ON user_session;
--> statement-breakpoint
CREATE POLICY staff_all ON user_session TO bezel_staff USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS own_sessions ON user_session;
--> statement-breakpoint
DROP POLICY IF EXISTS workshop_sessions ON user_session;
--> statement-breakpoint
-- A workshop user sees (and can end) the sessions of their workshop's people only: their own, and a
-- colleague's when their admin switches the colleague off or changes their role. A DELETE needs the
-- rows to be visible too, which is why this is one policy for every command. Session ids are hashes
-- of the tokens, so seeing one opens nothing.
CREATE POLICY workshop_sessions ON user_session TO bezel_vendor
	USING (user_id IN (SELECT m.user_id FROM membership m WHERE m.vendor_id = bezel_vendor_id()));
