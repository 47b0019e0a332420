-- Row-level security that keeps the registry's query plans. Two changes to 0011:
-- 1. Read policies take the scope through scalar subqueries: PostgreSQL evaluates them once per
--    statement (InitPlans) instead of calling current_setting() for every row.
-- 2. A policy is evaluated before any condition that is not leakproof, and such a condition cannot
--    drive an index: full-text search (@@) and field filters (&&) lost their GIN indexes under RLS
--    (a rare-word search went from 0.1 ms to 1.2 s on 100,000 offers). Both built-in functions
--    reveal nothing about their arguments beyond the result, so they are marked leakproof. Only a
--    superuser may do that; without one, searches stay correct but slow, and the notice says what
--    a superuser should run.
DO $$
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    ALTER FUNCTION pg_catalog.ts_match_vq(tsvector, tsquery) LEAKPROOF;
    ALTER FUNCTION pg_catalog.arrayoverlap(anyarray, anyarray) LEAKPROOF;
  ELSE
    RAISE NOTICE 'ketnoi: searches under row-level security will not use GIN indexes until a superuser runs: ALTER FUNCTION pg_catalog.ts_match_vq(tsvector, tsquery) LEAKPROOF; ALTER FUNCTION pg_catalog.arrayoverlap(anyarray, anyarray) LEAKPROOF;';
  END IF;
END
$$;--> statement-breakpoint
ALTER POLICY organizations_read ON organizations USING (
  (SELECT ketnoi_scope_role()) = 'ministry'
  OR ((SELECT ketnoi_scope_role()) = 'portal' AND current_province = ANY ((SELECT ketnoi_scope_provinces())::text[]))
  OR ((SELECT ketnoi_scope_role()) IN ('portal', 'reader') AND archived_at IS NULL));--> statement-breakpoint
ALTER POLICY experts_read ON experts USING (
  (SELECT ketnoi_scope_role()) = 'ministry'
  OR ((SELECT ketnoi_scope_role()) = 'portal' AND current_province = ANY ((SELECT ketnoi_scope_provinces())::text[]))
  OR ((SELECT ketnoi_scope_role()) IN ('portal', 'reader') AND archived_at IS NULL));--> statement-breakpoint
ALTER POLICY offers_read ON offers USING (
  (SELECT ketnoi_scope_role()) = 'ministry'
  OR ((SELECT ketnoi_scope_role()) = 'portal' AND current_province = ANY ((SELECT ketnoi_scope_provinces())::text[]))
  OR ((SELECT ketnoi_scope_role()) IN ('portal', 'reader') AND archived_at IS NULL AND status = 'published'));--> statement-breakpoint
ALTER POLICY demands_read ON demands USING (
  (SELECT ketnoi_scope_role()) = 'ministry'
  OR ((SELECT ketnoi_scope_role()) = 'portal' AND current_province = ANY ((SELECT ketnoi_scope_provinces())::text[]))
  OR ((SELECT ketnoi_scope_role()) IN ('portal', 'reader') AND archived_at IS NULL AND status = 'published'));--> statement-breakpoint
ALTER POLICY proposals_scope ON proposals
  USING (
    (SELECT ketnoi_scope_role()) = 'ministry'
    OR ((SELECT ketnoi_scope_role()) = 'portal' AND (supply_province = ANY ((SELECT ketnoi_scope_provinces())::text[]) OR demand_province = ANY ((SELECT ketnoi_scope_provinces())::text[]))))
  WITH CHECK (
    (SELECT ketnoi_scope_role()) = 'ministry'
    OR ((SELECT ketnoi_scope_role()) = 'portal' AND (supply_province = ANY ((SELECT ketnoi_scope_provinces())::text[]) OR demand_province = ANY ((SELECT ketnoi_scope_provinces())::text[]))));
