CREATE TABLE "proposal_expert_load" (
	"expert_id" uuid PRIMARY KEY NOT NULL,
	"open_proposals" integer NOT NULL
);
--> statement-breakpoint
-- An expert's load is the number of open proposals that suggest them. A small run (one new demand)
-- used to count it by reading every open proposal that names an expert (thousands, from cold pages
-- of a table each national run rewrites); now each statement on proposals adds what its new rows
-- suggest and takes away what its old rows did. An upsert fires two of these triggers (its updates',
-- then its inserts'), each locking its own experts' rows: a transaction-level advisory lock taken
-- first makes writers of the counts queue instead of deadlocking on rows locked in another order.
CREATE FUNCTION ketnoi_expert_load_apply(deltas jsonb) RETURNS void LANGUAGE sql SET search_path = public, pg_temp AS $$
  INSERT INTO proposal_expert_load AS l (expert_id, open_proposals)
  SELECT d.key::uuid, d.value::int FROM jsonb_each_text(deltas) d ORDER BY 1
  ON CONFLICT (expert_id) DO UPDATE SET open_proposals = l.open_proposals + excluded.open_proposals
$$;--> statement-breakpoint
CREATE FUNCTION ketnoi_expert_load_changed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  deltas jsonb;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM proposal_expert_load;
    RETURN NULL;
  ELSIF TG_OP = 'INSERT' THEN
    SELECT jsonb_object_agg(e.id, e.n) INTO deltas FROM (
      SELECT x ->> 'expertId' AS id, count(*) AS n FROM new_rows r CROSS JOIN jsonb_array_elements(r.experts) x
      WHERE r.experts <> '[]'::jsonb AND jsonb_typeof(r.experts) = 'array' AND x ? 'expertId' AND r.status IN ('proposed', 'accepted_by_supply', 'accepted_by_demand', 'mutually_accepted')
      GROUP BY 1) e;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT jsonb_object_agg(e.id, -e.n) INTO deltas FROM (
      SELECT x ->> 'expertId' AS id, count(*) AS n FROM old_rows r CROSS JOIN jsonb_array_elements(r.experts) x
      WHERE r.experts <> '[]'::jsonb AND jsonb_typeof(r.experts) = 'array' AND x ? 'expertId' AND r.status IN ('proposed', 'accepted_by_supply', 'accepted_by_demand', 'mutually_accepted')
      GROUP BY 1) e;
  ELSE
    SELECT jsonb_object_agg(e.id, e.n) INTO deltas FROM (
      SELECT c.id, sum(c.d) AS n FROM (
        SELECT x ->> 'expertId' AS id, 1 AS d FROM new_rows r CROSS JOIN jsonb_array_elements(r.experts) x
        WHERE r.experts <> '[]'::jsonb AND jsonb_typeof(r.experts) = 'array' AND x ? 'expertId' AND r.status IN ('proposed', 'accepted_by_supply', 'accepted_by_demand', 'mutually_accepted')
        UNION ALL
        SELECT x ->> 'expertId', -1 FROM old_rows r CROSS JOIN jsonb_array_elements(r.experts) x
        WHERE r.experts <> '[]'::jsonb AND jsonb_typeof(r.experts) = 'array' AND x ? 'expertId' AND r.status IN ('proposed', 'accepted_by_supply', 'accepted_by_demand', 'mutually_accepted')
      ) c GROUP BY 1 HAVING sum(c.d) <> 0) e;
  END IF;
  IF deltas IS NOT NULL THEN
    PERFORM pg_advisory_xact_lock(hashtext('ketnoi'), hashtext('proposal_expert_load'));
    PERFORM ketnoi_expert_load_apply(deltas);
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER proposals_expert_load_insert AFTER INSERT ON proposals REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ketnoi_expert_load_changed();--> statement-breakpoint
CREATE TRIGGER proposals_expert_load_update AFTER UPDATE ON proposals REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ketnoi_expert_load_changed();--> statement-breakpoint
CREATE TRIGGER proposals_expert_load_delete AFTER DELETE ON proposals REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ketnoi_expert_load_changed();--> statement-breakpoint
CREATE TRIGGER proposals_expert_load_truncate AFTER TRUNCATE ON proposals FOR EACH STATEMENT EXECUTE FUNCTION ketnoi_expert_load_changed();--> statement-breakpoint
INSERT INTO proposal_expert_load (expert_id, open_proposals)
SELECT (x ->> 'expertId')::uuid, count(*)::int FROM proposals r CROSS JOIN jsonb_array_elements(r.experts) x
WHERE r.experts <> '[]'::jsonb AND jsonb_typeof(r.experts) = 'array' AND x ? 'expertId' AND r.status IN ('proposed', 'accepted_by_supply', 'accepted_by_demand', 'mutually_accepted')
GROUP BY 1;--> statement-breakpoint
-- Read by the worker (the system scope); written only by the triggers.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON proposal_expert_load FROM ketnoi_app;--> statement-breakpoint
ALTER TABLE proposal_expert_load ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
-- Only the owner may execute them: whoever may could attach the definer function to a table of
-- their own and write the counts as the owner (firing a trigger checks no privilege).
REVOKE EXECUTE ON FUNCTION ketnoi_expert_load_apply(jsonb) FROM PUBLIC;--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION ketnoi_expert_load_changed() FROM PUBLIC;--> statement-breakpoint
CREATE POLICY proposal_expert_load_read ON proposal_expert_load FOR SELECT TO ketnoi_app USING ((SELECT ketnoi_scope_role()) = 'ministry');
