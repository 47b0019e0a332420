-- Row-level security: the backstop behind the query layer's province rules. The application
-- runs every statement as ketnoi_app, a role that owns nothing (RLS does not apply to a table's
-- owner or a superuser), with the caller's scope in two settings it sets per transaction or per
-- checkout: ketnoi.role (ministry | portal | reader) and ketnoi.provinces (a portal's current
-- province codes, comma-separated). No scope set: no policy admits anything (fail closed).
-- Roles are cluster-wide: another database of the same cluster may have created it already.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ketnoi_app') THEN
    BEGIN
      CREATE ROLE ketnoi_app NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL;
    END;
  END IF;
  -- A non-superuser owner must be a member to switch to it (a superuser always may).
  IF NOT pg_has_role(current_user, 'ketnoi_app', 'MEMBER') THEN
    GRANT ketnoi_app TO CURRENT_USER;
  END IF;
END
$$;--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO ketnoi_app;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ketnoi_app;--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ketnoi_app;--> statement-breakpoint
-- Tables of later migrations (run by the same owner) get the same grants without repeating them.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ketnoi_app;--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ketnoi_app;--> statement-breakpoint
-- The audit log stays append-only for the application twice over: no privilege, and the trigger.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM ketnoi_app;--> statement-breakpoint
-- The scope, read from the settings. Plain SQL functions: the planner inlines them into the policies.
CREATE FUNCTION ketnoi_scope_role() RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT coalesce(current_setting('ketnoi.role', true), '')
$$;--> statement-breakpoint
CREATE FUNCTION ketnoi_scope_provinces() RETURNS text[] LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT string_to_array(nullif(current_setting('ketnoi.provinces', true), ''), ',')
$$;--> statement-breakpoint
-- Whether the scope may see private fields of, and change, a record of this current province.
CREATE FUNCTION ketnoi_scope_owns(province text) RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT ketnoi_scope_role() = 'ministry'
      OR (ketnoi_scope_role() = 'portal' AND coalesce(province = ANY (ketnoi_scope_provinces()), false))
$$;--> statement-breakpoint
-- Every client reads public records; portals read their own provinces' records too.
CREATE FUNCTION ketnoi_scope_reads_public() RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT ketnoi_scope_role() IN ('ministry', 'portal', 'reader')
$$;--> statement-breakpoint
ALTER TABLE organizations ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY organizations_read ON organizations FOR SELECT TO ketnoi_app
  USING (ketnoi_scope_owns(current_province) OR (ketnoi_scope_reads_public() AND archived_at IS NULL));--> statement-breakpoint
CREATE POLICY organizations_insert ON organizations FOR INSERT TO ketnoi_app WITH CHECK (ketnoi_scope_owns(current_province));--> statement-breakpoint
CREATE POLICY organizations_update ON organizations FOR UPDATE TO ketnoi_app
  USING (ketnoi_scope_owns(current_province)) WITH CHECK (ketnoi_scope_owns(current_province));--> statement-breakpoint
CREATE POLICY organizations_delete ON organizations FOR DELETE TO ketnoi_app USING (ketnoi_scope_owns(current_province));--> statement-breakpoint
ALTER TABLE experts ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY experts_read ON experts FOR SELECT TO ketnoi_app
  USING (ketnoi_scope_owns(current_province) OR (ketnoi_scope_reads_public() AND archived_at IS NULL));--> statement-breakpoint
CREATE POLICY experts_insert ON experts FOR INSERT TO ketnoi_app WITH CHECK (ketnoi_scope_owns(current_province));--> statement-breakpoint
CREATE POLICY experts_update ON experts FOR UPDATE TO ketnoi_app
  USING (ketnoi_scope_owns(current_province)) WITH CHECK (ketnoi_scope_owns(current_province));--> statement-breakpoint
CREATE POLICY experts_delete ON experts FOR DELETE TO ketnoi_app USING (ketnoi_scope_owns(current_province));--> statement-breakpoint
ALTER TABLE offers ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY offers_read ON offers FOR SELECT TO ketnoi_app
  USING (ketnoi_scope_owns(current_province) OR (ketnoi_scope_reads_public() AND archived_at IS NULL AND status = 'published'));--> statement-breakpoint
CREATE POLICY offers_insert ON offers FOR INSERT TO ketnoi_app WITH CHECK (ketnoi_scope_owns(current_province));--> statement-breakpoint
CREATE POLICY offers_update ON offers FOR UPDATE TO ketnoi_app
  USING (ketnoi_scope_owns(current_province)) WITH CHECK (ketnoi_scope_owns(current_province));--> statement-breakpoint
CREATE POLICY offers_delete ON offers FOR DELETE TO ketnoi_app USING (ketnoi_scope_owns(current_province));--> statement-breakpoint
ALTER TABLE demands ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY demands_read ON demands FOR SELECT TO ketnoi_app
  USING (ketnoi_scope_owns(current_province) OR (ketnoi_scope_reads_public() AND archived_at IS NULL AND status = 'published'));--> statement-breakpoint
CREATE POLICY demands_insert ON demands FOR INSERT TO ketnoi_app WITH CHECK (ketnoi_scope_owns(current_province));--> statement-breakpoint
CREATE POLICY demands_update ON demands FOR UPDATE TO ketnoi_app
  USING (ketnoi_scope_owns(current_province)) WITH CHECK (ketnoi_scope_owns(current_province));--> statement-breakpoint
CREATE POLICY demands_delete ON demands FOR DELETE TO ketnoi_app USING (ketnoi_scope_owns(current_province));--> statement-breakpoint
-- A proposal belongs to both sides' provinces: either may see it and record its own decision.
ALTER TABLE proposals ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY proposals_scope ON proposals TO ketnoi_app
  USING (ketnoi_scope_owns(supply_province) OR ketnoi_scope_owns(demand_province))
  WITH CHECK (ketnoi_scope_owns(supply_province) OR ketnoi_scope_owns(demand_province));
--> statement-breakpoint
-- Source refs are unique across provinces, but a portal cannot see another province's drafts: a
-- PUT by ref must still learn that the ref is taken (and answer 404, as for any foreign record)
-- instead of trying an insert. It reveals existence only, for the registry tables only.
CREATE FUNCTION ketnoi_source_ref_taken(tbl regclass, system text, ref text) RETURNS boolean
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  taken boolean;
BEGIN
  IF tbl NOT IN ('organizations'::regclass, 'offers'::regclass, 'demands'::regclass, 'experts'::regclass) THEN
    RAISE EXCEPTION 'not a registry table: %', tbl USING ERRCODE = 'invalid_parameter_value';
  END IF;
  EXECUTE format('SELECT EXISTS (SELECT 1 FROM %s WHERE source_system = $1 AND source_ref = $2)', tbl) INTO taken USING system, ref;
  RETURN taken;
END
$$;--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION ketnoi_source_ref_taken(regclass, text, text) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION ketnoi_source_ref_taken(regclass, text, text) TO ketnoi_app;
