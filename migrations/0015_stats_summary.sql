CREATE TABLE "stats_facts" (
	"source" text NOT NULL,
	"source_id" uuid NOT NULL,
	"metric" text NOT NULL,
	"day" date NOT NULL,
	"pc" text[] NOT NULL,
	"pr" text[] NOT NULL,
	"th" text[] NOT NULL,
	"evs" uuid[] NOT NULL,
	"cp" text,
	"v" bigint
);
--> statement-breakpoint
CREATE TABLE "stats_summary" (
	"pmode" smallint NOT NULL,
	"dim" smallint NOT NULL,
	"month" date NOT NULL,
	"metric" text NOT NULL,
	"p" text,
	"k" text,
	"n" bigint NOT NULL,
	"v" bigint DEFAULT 0 NOT NULL,
	"compact" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE INDEX "stats_facts_source_idx" ON "stats_facts" USING btree ("source_id");--> statement-breakpoint
CREATE INDEX "stats_facts_day_idx" ON "stats_facts" USING btree ("day");--> statement-breakpoint
CREATE INDEX "stats_facts_pc_idx" ON "stats_facts" USING gin ("pc");--> statement-breakpoint
CREATE INDEX "stats_summary_key_idx" ON "stats_summary" USING btree ("pmode","dim","month","metric","p","k");--> statement-breakpoint
CREATE INDEX "stats_summary_delta_idx" ON "stats_summary" USING btree ("pmode") WHERE NOT compact;--> statement-breakpoint
-- Statistics layer: stats_facts holds one row per counted thing, as GET /v1/stats counts it;
-- stats_summary its monthly sums for the common groupings. Both are written only by the triggers
-- below, as the tables' owner (outside row-level security), in the transaction of the change.
-- Lookups the triggers need: a participant's organisation, expert and listed records, a proposal's event requests.
CREATE INDEX event_participants_organization_idx ON event_participants USING btree (organization_id);--> statement-breakpoint
CREATE INDEX event_participants_expert_idx ON event_participants USING btree (expert_id) WHERE expert_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX event_requests_proposal_idx ON event_requests USING btree (proposal_id) WHERE proposal_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX event_participants_offers_idx ON event_participants USING gin (offer_ids);--> statement-breakpoint
CREATE INDEX event_participants_demands_idx ON event_participants USING gin (demand_ids);--> statement-breakpoint
CREATE FUNCTION ketnoi_stats_day(at timestamptz) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
$$;--> statement-breakpoint
-- The provinces of a connection: each distinct one once (a missing side falls back to the other).
CREATE FUNCTION ketnoi_stats_pair(a text, b text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN a IS NOT DISTINCT FROM b OR b IS NULL THEN ARRAY[a] WHEN a IS NULL THEN ARRAY[b] ELSE ARRAY[a, b] END
$$;--> statement-breakpoint
-- Top-level themes of a field list ("ENV.WATER" → "ENV"), each once, sorted.
CREATE FUNCTION ketnoi_stats_themes(fields text[]) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ARRAY(SELECT DISTINCT split_part(t, '.', 1) FROM unnest(fields) t ORDER BY 1)
$$;--> statement-breakpoint
-- The facts of a set of records of one source, from the records as they are now. By event, an
-- offer or demand counts at every event it was brought to: listed by a participant, or (an empty
-- list) as one of all its organisation's records; a supplier at every event it took part in on
-- the supply side, an expert at every event it took part in, a proposal at every event it was
-- turned into a request at, a meeting and an outcome at their own.
CREATE FUNCTION ketnoi_stats_compute(src text, ids uuid[]) RETURNS SETOF stats_facts LANGUAGE plpgsql STABLE AS $$
BEGIN
  -- Offers and demands. The participants that list one of a few records are found through the
  -- list's index; for many records, in one scan of those that list any. (Static statements: their
  -- plans are kept from one call to the next.)
  IF src = 'offer' AND cardinality(ids) <= 1000 THEN
    RETURN QUERY
      WITH r AS (SELECT x.id, x.organization_id FROM unnest(ids) i(id) JOIN offers x ON x.id = i.id),
      ev AS (
        SELECT r.id, p.event_id FROM r JOIN event_participants p ON p.organization_id = r.organization_id AND p.side = 'supply' AND cardinality(p.offer_ids) = 0
        UNION
        SELECT r.id, p.event_id FROM event_participants p CROSS JOIN LATERAL unnest(p.offer_ids) l(id) JOIN r ON r.id = l.id WHERE p.side = 'supply' AND p.offer_ids && ids),
      evs AS (SELECT ev.id, array_agg(ev.event_id ORDER BY ev.event_id) AS evs FROM ev GROUP BY ev.id)
      SELECT 'offer'::text, x.id, 'offers'::text, ketnoi_stats_day(x.created_at), ARRAY[x.current_province], ARRAY[x.province], ketnoi_stats_themes(x.fields),
        coalesce(evs.evs, '{}'::uuid[]), x.source_system, NULL::bigint
      FROM r JOIN offers x ON x.id = r.id LEFT JOIN evs ON evs.id = r.id;
  ELSIF src = 'offer' THEN
    RETURN QUERY
      WITH r AS (SELECT x.id, x.organization_id FROM unnest(ids) i(id) JOIN offers x ON x.id = i.id),
      ev AS (
        SELECT r.id, p.event_id FROM r JOIN event_participants p ON p.organization_id = r.organization_id AND p.side = 'supply' AND cardinality(p.offer_ids) = 0
        UNION
        SELECT r.id, p.event_id FROM event_participants p CROSS JOIN LATERAL unnest(p.offer_ids) l(id) JOIN r ON r.id = l.id WHERE p.side = 'supply' AND cardinality(p.offer_ids) > 0),
      evs AS (SELECT ev.id, array_agg(ev.event_id ORDER BY ev.event_id) AS evs FROM ev GROUP BY ev.id)
      SELECT 'offer'::text, x.id, 'offers'::text, ketnoi_stats_day(x.created_at), ARRAY[x.current_province], ARRAY[x.province], ketnoi_stats_themes(x.fields),
        coalesce(evs.evs, '{}'::uuid[]), x.source_system, NULL::bigint
      FROM r JOIN offers x ON x.id = r.id LEFT JOIN evs ON evs.id = r.id;
  ELSIF src = 'demand' AND cardinality(ids) <= 1000 THEN
    RETURN QUERY
      WITH r AS (SELECT x.id, x.organization_id FROM unnest(ids) i(id) JOIN demands x ON x.id = i.id),
      ev AS (
        SELECT r.id, p.event_id FROM r JOIN event_participants p ON p.organization_id = r.organization_id AND p.side = 'demand' AND cardinality(p.demand_ids) = 0
        UNION
        SELECT r.id, p.event_id FROM event_participants p CROSS JOIN LATERAL unnest(p.demand_ids) l(id) JOIN r ON r.id = l.id WHERE p.side = 'demand' AND p.demand_ids && ids),
      evs AS (SELECT ev.id, array_agg(ev.event_id ORDER BY ev.event_id) AS evs FROM ev GROUP BY ev.id)
      SELECT 'demand'::text, x.id, 'demands'::text, ketnoi_stats_day(x.created_at), ARRAY[x.current_province], ARRAY[x.province], ketnoi_stats_themes(x.fields),
        coalesce(evs.evs, '{}'::uuid[]), x.source_system, NULL::bigint
      FROM r JOIN demands x ON x.id = r.id LEFT JOIN evs ON evs.id = r.id;
  ELSIF src = 'demand' THEN
    RETURN QUERY
      WITH r AS (SELECT x.id, x.organization_id FROM unnest(ids) i(id) JOIN demands x ON x.id = i.id),
      ev AS (
        SELECT r.id, p.event_id FROM r JOIN event_participants p ON p.organization_id = r.organization_id AND p.side = 'demand' AND cardinality(p.demand_ids) = 0
        UNION
        SELECT r.id, p.event_id FROM event_participants p CROSS JOIN LATERAL unnest(p.demand_ids) l(id) JOIN r ON r.id = l.id WHERE p.side = 'demand' AND cardinality(p.demand_ids) > 0),
      evs AS (SELECT ev.id, array_agg(ev.event_id ORDER BY ev.event_id) AS evs FROM ev GROUP BY ev.id)
      SELECT 'demand'::text, x.id, 'demands'::text, ketnoi_stats_day(x.created_at), ARRAY[x.current_province], ARRAY[x.province], ketnoi_stats_themes(x.fields),
        coalesce(evs.evs, '{}'::uuid[]), x.source_system, NULL::bigint
      FROM r JOIN demands x ON x.id = r.id LEFT JOIN evs ON evs.id = r.id;
  ELSIF src = 'org' THEN
    RETURN QUERY
      SELECT 'org'::text, o.id, 'supplyOrganizations'::text, ketnoi_stats_day(o.created_at), ARRAY[o.current_province], ARRAY[o.province],
        ARRAY(SELECT DISTINCT split_part(t, '.', 1) FROM offers x LEFT JOIN LATERAL unnest(x.fields) t ON true WHERE x.organization_id = o.id ORDER BY 1),
        ARRAY(SELECT DISTINCT p.event_id FROM event_participants p WHERE p.organization_id = o.id AND p.side = 'supply' ORDER BY 1),
        o.source_system, NULL::bigint
      FROM unnest(ids) i(id) JOIN organizations o ON o.id = i.id
      WHERE EXISTS (SELECT 1 FROM offers x WHERE x.organization_id = o.id);
  ELSIF src = 'expert' THEN
    RETURN QUERY
      SELECT 'expert'::text, e.id, 'experts'::text, ketnoi_stats_day(e.created_at), ARRAY[e.current_province], ARRAY[e.province], ketnoi_stats_themes(e.fields),
        ARRAY(SELECT DISTINCT p.event_id FROM event_participants p WHERE p.expert_id = e.id AND p.side = 'expert' ORDER BY 1),
        e.source_system, NULL::bigint
      FROM unnest(ids) i(id) JOIN experts e ON e.id = i.id;
  ELSIF src = 'proposal' THEN
    -- Made on its creation day; mutually accepted on the later of the two acceptances. Fields: the
    -- offer's, else the demand's; connection point: the demand's.
    RETURN QUERY
      SELECT 'proposal'::text, p.id, x.metric, ketnoi_stats_day(x.at), ketnoi_stats_pair(p.supply_province, p.demand_province),
        ketnoi_stats_pair(coalesce(o.province, p.supply_province), coalesce(d.province, p.demand_province)),
        ketnoi_stats_themes(coalesce(nullif(o.fields, '{}'), d.fields, '{}')),
        ARRAY(SELECT DISTINCT r.event_id FROM event_requests r WHERE r.proposal_id = p.id ORDER BY 1),
        d.source_system, NULL::bigint
      FROM unnest(ids) i(id) JOIN proposals p ON p.id = i.id LEFT JOIN offers o ON o.id = p.offer_id LEFT JOIN demands d ON d.id = p.demand_id
        CROSS JOIN LATERAL (VALUES ('proposals', p.created_at),
          ('mutuallyAccepted', CASE WHEN p.supply_decision->>'decision' = 'accept' AND p.demand_decision->>'decision' = 'accept'
            THEN greatest((p.supply_decision->>'at')::timestamptz, (p.demand_decision->>'at')::timestamptz) END)) x(metric, at)
      WHERE x.at IS NOT NULL;
  ELSIF src = 'meeting' THEN
    -- A meeting of a published schedule (confirmed, held or no-show) between its first two
    -- participants; fields and connection point from its proposal, else the demand side's organisation.
    RETURN QUERY
      SELECT 'meeting'::text, m.id, x.metric, ketnoi_stats_day(m.starts_at), ketnoi_stats_pair(p1.current_province, p2.current_province),
        ketnoi_stats_pair(coalesce(o1.province, p1.current_province), coalesce(o2.province, p2.current_province)),
        ketnoi_stats_themes(coalesce(nullif(po.fields, '{}'), pd.fields, '{}')), ARRAY[m.event_id],
        coalesce(pd.source_system, CASE WHEN p1.side = 'demand' THEN o1.source_system ELSE o2.source_system END), NULL::bigint
      FROM unnest(ids) i(id) JOIN event_meetings m ON m.id = i.id
        JOIN event_participants p1 ON p1.id = m.participant_ids[1] JOIN event_participants p2 ON p2.id = m.participant_ids[2]
        LEFT JOIN organizations o1 ON o1.id = p1.organization_id LEFT JOIN organizations o2 ON o2.id = p2.organization_id
        LEFT JOIN event_requests r ON r.id = m.request_id LEFT JOIN proposals pp ON pp.id = r.proposal_id
        LEFT JOIN demands pd ON pd.id = pp.demand_id LEFT JOIN offers po ON po.id = pp.offer_id
        CROSS JOIN LATERAL (VALUES ('meetingsScheduled'), (CASE m.status WHEN 'held' THEN 'meetingsHeld' WHEN 'no_show' THEN 'noShows' END)) x(metric)
      WHERE m.status IN ('confirmed', 'held', 'no_show') AND x.metric IS NOT NULL;
  ELSIF src = 'outcome' THEN
    -- An MoU and a contract on the day the stage was first reached; the contract with its value.
    RETURN QUERY
      SELECT 'outcome'::text, c.id, x.metric, x.day, ketnoi_stats_pair(c.supply_current_province, c.demand_current_province),
        ketnoi_stats_pair(c.supply_province, c.demand_province), ketnoi_stats_themes(c.fields),
        CASE WHEN c.event_id IS NULL THEN '{}'::uuid[] ELSE ARRAY[c.event_id] END, c.connection_point, x.v
      FROM unnest(ids) i(id) JOIN outcomes c ON c.id = i.id
        CROSS JOIN LATERAL (VALUES ('mous', c.mou_on, NULL::bigint), ('contracts', c.contract_on, c.value_vnd)) x(metric, day, v)
      WHERE x.day IS NOT NULL;
  ELSE
    RAISE EXCEPTION 'ketnoi_stats_compute: unknown source %', src;
  END IF;
END
$$;--> statement-breakpoint
-- Recomputes the facts of these records (gone ones lose theirs) and appends the net change to the
-- monthly sums. Refreshes of the same record are serialised: the record's row is locked first (as
-- an update of it would; in id order), so the statement that recomputes, run after the lock is
-- granted, sees what a transaction that held it committed, and two transactions never both
-- replace the same facts. Row locks, not advisory ones: a bulk change may refresh 100,000 records.
CREATE FUNCTION ketnoi_stats_refresh(src text, ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN
    RETURN;
  END IF;
  EXECUTE format('SELECT 1 FROM %I t WHERE t.id = ANY ($1) ORDER BY t.id FOR NO KEY UPDATE',
    CASE src WHEN 'offer' THEN 'offers' WHEN 'demand' THEN 'demands' WHEN 'org' THEN 'organizations' WHEN 'expert' THEN 'experts'
      WHEN 'proposal' THEN 'proposals' WHEN 'meeting' THEN 'event_meetings' WHEN 'outcome' THEN 'outcomes' END) USING ids;
  WITH gone AS (
    DELETE FROM stats_facts f WHERE f.source_id = ANY (ids) AND f.source = src RETURNING f.*),
  added AS (
    INSERT INTO stats_facts SELECT * FROM ketnoi_stats_compute(src, ARRAY(SELECT DISTINCT i FROM unnest(ids) i)) RETURNING *),
  delta AS (
    SELECT -1 AS s, gone.* FROM gone UNION ALL SELECT 1, added.* FROM added)
  INSERT INTO stats_summary (pmode, dim, month, metric, p, k, n, v)
  SELECT k.pmode, k.dim, date_trunc('month', d.day)::date, d.metric, k.p, k.k, sum(d.s), sum(d.s * coalesce(d.v, 0))
  FROM delta d CROSS JOIN LATERAL (
    SELECT 0::smallint, 0::smallint, NULL::text, NULL::text
    UNION ALL SELECT 1, 0, x, NULL FROM unnest(d.pc) x
    UNION ALL SELECT 2, 0, x, NULL FROM unnest(d.pr) x
    UNION ALL SELECT 0, 1, NULL, x FROM unnest(CASE WHEN cardinality(d.th) = 0 THEN ARRAY[NULL::text] ELSE d.th END) x
    UNION ALL SELECT 0, 2, NULL, x::text FROM unnest(CASE WHEN cardinality(d.evs) = 0 THEN ARRAY[NULL::uuid] ELSE d.evs END) x
    UNION ALL SELECT 0, 3, NULL, d.cp) k(pmode, dim, p, k)
  GROUP BY 1, 2, 3, 4, 5, 6
  HAVING sum(d.s) <> 0 OR sum(d.s * coalesce(d.v, 0)) <> 0;
END
$$;--> statement-breakpoint
-- Folds the appended deltas into one row per key, when at least min_deltas have accumulated
-- (returns the number folded, 0 when it did nothing or another compaction is running). One
-- statement: a reader sees the sums before or after, never half; deltas committed meanwhile stay.
CREATE FUNCTION ketnoi_stats_compact(min_deltas integer) RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  folded bigint;
BEGIN
  IF (SELECT count(*) FROM (SELECT 1 FROM stats_summary WHERE NOT compact LIMIT greatest(min_deltas, 1)) x) < greatest(min_deltas, 1) THEN
    RETURN 0;
  END IF;
  IF NOT pg_try_advisory_xact_lock(1802399247, -1) THEN
    RETURN 0;
  END IF;
  WITH keys AS (SELECT DISTINCT pmode, dim, month, metric, p, k FROM stats_summary WHERE NOT compact),
  gone AS (
    DELETE FROM stats_summary s USING keys WHERE s.pmode = keys.pmode AND s.dim = keys.dim AND s.month = keys.month AND s.metric = keys.metric
      AND s.p IS NOT DISTINCT FROM keys.p AND s.k IS NOT DISTINCT FROM keys.k RETURNING s.*),
  folded AS (
    INSERT INTO stats_summary (pmode, dim, month, metric, p, k, n, v, compact)
    SELECT pmode, dim, month, metric, p, k, sum(n), sum(v), true FROM gone GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(n) <> 0 OR sum(v) <> 0 RETURNING 1)
  SELECT count(*) INTO folded FROM gone;
  RETURN folded;
END
$$;--> statement-breakpoint
-- Triggers: per statement, over the changed rows (transition tables), refreshing every record
-- whose facts read a changed column. An update that changes none of those columns costs one
-- comparison.
CREATE FUNCTION ketnoi_stats_offers_changed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  ids uuid[];
  orgs uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(id), array_agg(DISTINCT organization_id) INTO ids, orgs FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(id), array_agg(DISTINCT organization_id) INTO ids, orgs FROM old_rows;
  ELSE
    SELECT array_agg(n.id), array(SELECT DISTINCT x FROM unnest(array_agg(n.organization_id) || array_agg(o.organization_id)) x) INTO ids, orgs
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (n.province, n.current_province, n.fields, n.created_at, n.source_system, n.organization_id)
      IS DISTINCT FROM (o.province, o.current_province, o.fields, o.created_at, o.source_system, o.organization_id);
  END IF;
  PERFORM ketnoi_stats_refresh('offer', ids);
  PERFORM ketnoi_stats_refresh('org', orgs);
  IF TG_OP = 'UPDATE' AND ids IS NOT NULL THEN
    PERFORM ketnoi_stats_refresh('proposal', ARRAY(SELECT p.id FROM unnest(ids) i(id) JOIN proposals p ON p.offer_id = i.id));
    PERFORM ketnoi_stats_refresh('meeting', ARRAY(SELECT m.id FROM unnest(ids) i(id) JOIN proposals p ON p.offer_id = i.id
      JOIN event_requests r ON r.proposal_id = p.id JOIN event_meetings m ON m.request_id = r.id));
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE FUNCTION ketnoi_stats_demands_changed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  ids uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(id) INTO ids FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(id) INTO ids FROM old_rows;
  ELSE
    SELECT array_agg(n.id) INTO ids FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (n.province, n.current_province, n.fields, n.created_at, n.source_system, n.organization_id)
      IS DISTINCT FROM (o.province, o.current_province, o.fields, o.created_at, o.source_system, o.organization_id);
  END IF;
  PERFORM ketnoi_stats_refresh('demand', ids);
  IF TG_OP = 'UPDATE' AND ids IS NOT NULL THEN
    PERFORM ketnoi_stats_refresh('proposal', ARRAY(SELECT p.id FROM unnest(ids) i(id) JOIN proposals p ON p.demand_id = i.id));
    PERFORM ketnoi_stats_refresh('meeting', ARRAY(SELECT m.id FROM unnest(ids) i(id) JOIN proposals p ON p.demand_id = i.id
      JOIN event_requests r ON r.proposal_id = p.id JOIN event_meetings m ON m.request_id = r.id));
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE FUNCTION ketnoi_stats_organizations_changed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  ids uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(id) INTO ids FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(id) INTO ids FROM old_rows;
  ELSE
    SELECT array_agg(n.id) INTO ids FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (n.province, n.current_province, n.created_at, n.source_system) IS DISTINCT FROM (o.province, o.current_province, o.created_at, o.source_system);
  END IF;
  PERFORM ketnoi_stats_refresh('org', ids);
  IF TG_OP = 'UPDATE' AND ids IS NOT NULL THEN
    -- Meetings read their sides' recorded provinces and connection points from the organisations.
    PERFORM ketnoi_stats_refresh('meeting', ARRAY(SELECT m.id FROM unnest(ids) i(id) JOIN event_participants p ON p.organization_id = i.id
      JOIN event_meetings m ON m.participant_ids @> ARRAY[p.id]));
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE FUNCTION ketnoi_stats_experts_changed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  ids uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(id) INTO ids FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(id) INTO ids FROM old_rows;
  ELSE
    SELECT array_agg(n.id) INTO ids FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (n.province, n.current_province, n.fields, n.created_at, n.source_system) IS DISTINCT FROM (o.province, o.current_province, o.fields, o.created_at, o.source_system);
  END IF;
  PERFORM ketnoi_stats_refresh('expert', ids);
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE FUNCTION ketnoi_stats_proposals_changed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  ids uuid[];
  moved uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(id) INTO ids FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(id) INTO ids FROM old_rows;
  ELSE
    SELECT array_agg(n.id), array_agg(n.id) FILTER (WHERE (n.offer_id, n.demand_id) IS DISTINCT FROM (o.offer_id, o.demand_id)) INTO ids, moved
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (n.supply_province, n.demand_province, n.created_at, n.supply_decision, n.demand_decision, n.offer_id, n.demand_id)
      IS DISTINCT FROM (o.supply_province, o.demand_province, o.created_at, o.supply_decision, o.demand_decision, o.offer_id, o.demand_id);
  END IF;
  PERFORM ketnoi_stats_refresh('proposal', ids);
  IF moved IS NOT NULL THEN
    PERFORM ketnoi_stats_refresh('meeting', ARRAY(SELECT m.id FROM unnest(moved) i(id) JOIN event_requests r ON r.proposal_id = i.id JOIN event_meetings m ON m.request_id = r.id));
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
-- What a change to event participants (before and after) touches: the offers and demands they
-- brought (all of the organisation's, or those listed), the supplier's and expert's events, and
-- the meetings they sit in.
CREATE FUNCTION ketnoi_stats_participants_refresh(changed jsonb, meetings boolean) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  ps event_participants[] := ARRAY(SELECT jsonb_populate_record(NULL::event_participants, x) FROM jsonb_array_elements(coalesce(changed, '[]')) x);
BEGIN
  PERFORM ketnoi_stats_refresh('offer', ARRAY(
    SELECT x.id FROM unnest(ps) p JOIN offers x ON x.organization_id = p.organization_id WHERE p.side = 'supply'
    UNION SELECT l FROM unnest(ps) p CROSS JOIN LATERAL unnest(p.offer_ids) l WHERE p.side = 'supply'));
  PERFORM ketnoi_stats_refresh('demand', ARRAY(
    SELECT x.id FROM unnest(ps) p JOIN demands x ON x.organization_id = p.organization_id WHERE p.side = 'demand'
    UNION SELECT l FROM unnest(ps) p CROSS JOIN LATERAL unnest(p.demand_ids) l WHERE p.side = 'demand'));
  PERFORM ketnoi_stats_refresh('org', ARRAY(SELECT DISTINCT p.organization_id FROM unnest(ps) p WHERE p.side = 'supply' AND p.organization_id IS NOT NULL));
  PERFORM ketnoi_stats_refresh('expert', ARRAY(SELECT DISTINCT p.expert_id FROM unnest(ps) p WHERE p.side = 'expert' AND p.expert_id IS NOT NULL));
  IF meetings THEN
    PERFORM ketnoi_stats_refresh('meeting', ARRAY(SELECT DISTINCT m.id FROM unnest(ps) p JOIN event_meetings m ON m.participant_ids @> ARRAY[p.id]));
  END IF;
END
$$;--> statement-breakpoint
CREATE FUNCTION ketnoi_stats_participants_changed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  -- Meetings read a participant's event, side, organisation and province, not its lists.
  seats boolean;
BEGIN
  IF TG_OP = 'INSERT' THEN
    -- A new participant sits in no meeting yet.
    PERFORM ketnoi_stats_participants_refresh((SELECT jsonb_agg(to_jsonb(n)) FROM new_rows n), false);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM ketnoi_stats_participants_refresh((SELECT jsonb_agg(to_jsonb(o)) FROM old_rows o), true);
  ELSE
    seats := EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE (n.event_id, n.side, n.organization_id, n.current_province) IS DISTINCT FROM (o.event_id, o.side, o.organization_id, o.current_province));
    -- Before and after the change, for those whose counted columns changed.
    PERFORM ketnoi_stats_participants_refresh((
      SELECT jsonb_agg(to_jsonb(n)) FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE (n.event_id, n.side, n.organization_id, n.expert_id, n.current_province, n.offer_ids, n.demand_ids)
        IS DISTINCT FROM (o.event_id, o.side, o.organization_id, o.expert_id, o.current_province, o.offer_ids, o.demand_ids)), seats);
    PERFORM ketnoi_stats_participants_refresh((
      SELECT jsonb_agg(to_jsonb(o)) FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE (n.event_id, n.side, n.organization_id, n.expert_id, n.current_province, n.offer_ids, n.demand_ids)
        IS DISTINCT FROM (o.event_id, o.side, o.organization_id, o.expert_id, o.current_province, o.offer_ids, o.demand_ids)), seats);
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE FUNCTION ketnoi_stats_requests_changed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  proposal_ids uuid[];
  ids uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT proposal_id) FILTER (WHERE proposal_id IS NOT NULL) INTO proposal_ids FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT proposal_id) FILTER (WHERE proposal_id IS NOT NULL), array_agg(id) INTO proposal_ids, ids FROM old_rows;
  ELSE
    SELECT array(SELECT DISTINCT x FROM unnest(array_agg(n.proposal_id) || array_agg(o.proposal_id)) x WHERE x IS NOT NULL), array_agg(n.id) INTO proposal_ids, ids
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (n.proposal_id, n.event_id) IS DISTINCT FROM (o.proposal_id, o.event_id);
  END IF;
  PERFORM ketnoi_stats_refresh('proposal', proposal_ids);
  IF ids IS NOT NULL THEN
    PERFORM ketnoi_stats_refresh('meeting', ARRAY(SELECT m.id FROM unnest(ids) i(id) JOIN event_meetings m ON m.request_id = i.id));
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE FUNCTION ketnoi_stats_meetings_changed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  ids uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(id) INTO ids FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(id) INTO ids FROM old_rows;
  ELSE
    SELECT array_agg(n.id) INTO ids FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (n.status, n.starts_at, n.event_id, n.participant_ids, n.request_id) IS DISTINCT FROM (o.status, o.starts_at, o.event_id, o.participant_ids, o.request_id);
  END IF;
  PERFORM ketnoi_stats_refresh('meeting', ids);
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE FUNCTION ketnoi_stats_outcomes_changed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  ids uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(id) INTO ids FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(id) INTO ids FROM old_rows;
  ELSE
    SELECT array_agg(n.id) INTO ids FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (n.supply_province, n.supply_current_province, n.demand_province, n.demand_current_province, n.fields, n.event_id, n.connection_point, n.mou_on, n.contract_on, n.value_vnd)
      IS DISTINCT FROM (o.supply_province, o.supply_current_province, o.demand_province, o.demand_current_province, o.fields, o.event_id, o.connection_point, o.mou_on, o.contract_on, o.value_vnd);
  END IF;
  PERFORM ketnoi_stats_refresh('outcome', ids);
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER offers_stats_insert AFTER INSERT ON offers REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ketnoi_stats_offers_changed();--> statement-breakpoint
CREATE TRIGGER offers_stats_update AFTER UPDATE ON offers REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ketnoi_stats_offers_changed();--> statement-breakpoint
CREATE TRIGGER offers_stats_delete AFTER DELETE ON offers REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ketnoi_stats_offers_changed();--> statement-breakpoint
CREATE TRIGGER demands_stats_insert AFTER INSERT ON demands REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ketnoi_stats_demands_changed();--> statement-breakpoint
CREATE TRIGGER demands_stats_update AFTER UPDATE ON demands REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ketnoi_stats_demands_changed();--> statement-breakpoint
CREATE TRIGGER demands_stats_delete AFTER DELETE ON demands REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ketnoi_stats_demands_changed();--> statement-breakpoint
CREATE TRIGGER organizations_stats_insert AFTER INSERT ON organizations REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ketnoi_stats_organizations_changed();--> statement-breakpoint
CREATE TRIGGER organizations_stats_update AFTER UPDATE ON organizations REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ketnoi_stats_organizations_changed();--> statement-breakpoint
CREATE TRIGGER organizations_stats_delete AFTER DELETE ON organizations REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ketnoi_stats_organizations_changed();--> statement-breakpoint
CREATE TRIGGER experts_stats_insert AFTER INSERT ON experts REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ketnoi_stats_experts_changed();--> statement-breakpoint
CREATE TRIGGER experts_stats_update AFTER UPDATE ON experts REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ketnoi_stats_experts_changed();--> statement-breakpoint
CREATE TRIGGER experts_stats_delete AFTER DELETE ON experts REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ketnoi_stats_experts_changed();--> statement-breakpoint
CREATE TRIGGER proposals_stats_insert AFTER INSERT ON proposals REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ketnoi_stats_proposals_changed();--> statement-breakpoint
CREATE TRIGGER proposals_stats_update AFTER UPDATE ON proposals REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ketnoi_stats_proposals_changed();--> statement-breakpoint
CREATE TRIGGER proposals_stats_delete AFTER DELETE ON proposals REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ketnoi_stats_proposals_changed();--> statement-breakpoint
CREATE TRIGGER event_participants_stats_insert AFTER INSERT ON event_participants REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ketnoi_stats_participants_changed();--> statement-breakpoint
CREATE TRIGGER event_participants_stats_update AFTER UPDATE ON event_participants REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ketnoi_stats_participants_changed();--> statement-breakpoint
CREATE TRIGGER event_participants_stats_delete AFTER DELETE ON event_participants REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ketnoi_stats_participants_changed();--> statement-breakpoint
CREATE TRIGGER event_requests_stats_insert AFTER INSERT ON event_requests REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ketnoi_stats_requests_changed();--> statement-breakpoint
CREATE TRIGGER event_requests_stats_update AFTER UPDATE ON event_requests REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ketnoi_stats_requests_changed();--> statement-breakpoint
CREATE TRIGGER event_requests_stats_delete AFTER DELETE ON event_requests REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ketnoi_stats_requests_changed();--> statement-breakpoint
CREATE TRIGGER event_meetings_stats_insert AFTER INSERT ON event_meetings REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ketnoi_stats_meetings_changed();--> statement-breakpoint
CREATE TRIGGER event_meetings_stats_update AFTER UPDATE ON event_meetings REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ketnoi_stats_meetings_changed();--> statement-breakpoint
CREATE TRIGGER event_meetings_stats_delete AFTER DELETE ON event_meetings REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ketnoi_stats_meetings_changed();--> statement-breakpoint
CREATE TRIGGER outcomes_stats_insert AFTER INSERT ON outcomes REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ketnoi_stats_outcomes_changed();--> statement-breakpoint
CREATE TRIGGER outcomes_stats_update AFTER UPDATE ON outcomes REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ketnoi_stats_outcomes_changed();--> statement-breakpoint
CREATE TRIGGER outcomes_stats_delete AFTER DELETE ON outcomes REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ketnoi_stats_outcomes_changed();--> statement-breakpoint
-- Backfill from the records already there, then fold the deltas.
SELECT ketnoi_stats_refresh('offer', ARRAY(SELECT id FROM offers));--> statement-breakpoint
SELECT ketnoi_stats_refresh('demand', ARRAY(SELECT id FROM demands));--> statement-breakpoint
SELECT ketnoi_stats_refresh('org', ARRAY(SELECT id FROM organizations));--> statement-breakpoint
SELECT ketnoi_stats_refresh('expert', ARRAY(SELECT id FROM experts));--> statement-breakpoint
SELECT ketnoi_stats_refresh('proposal', ARRAY(SELECT id FROM proposals));--> statement-breakpoint
SELECT ketnoi_stats_refresh('meeting', ARRAY(SELECT id FROM event_meetings));--> statement-breakpoint
SELECT ketnoi_stats_refresh('outcome', ARRAY(SELECT id FROM outcomes));--> statement-breakpoint
SELECT ketnoi_stats_compact(1);--> statement-breakpoint
ANALYZE stats_facts;--> statement-breakpoint
ANALYZE stats_summary;--> statement-breakpoint
-- Read-only for the application. A portal reads the facts touching its provinces and the monthly
-- sums of its own provinces (pmode 1); national sums are read by the system, as for 0013's ledger.
-- The application role cannot call the refresh (it may not write the tables); compaction runs as
-- the owner and changes no figure.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON stats_facts, stats_summary FROM ketnoi_app;--> statement-breakpoint
ALTER TABLE stats_facts ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE stats_summary ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY stats_facts_read ON stats_facts FOR SELECT TO ketnoi_app
  USING ((SELECT ketnoi_scope_role()) = 'ministry' OR ((SELECT ketnoi_scope_role()) = 'portal' AND pc && (SELECT ketnoi_scope_provinces())::text[]));--> statement-breakpoint
CREATE POLICY stats_summary_read ON stats_summary FOR SELECT TO ketnoi_app
  USING ((SELECT ketnoi_scope_role()) = 'ministry' OR ((SELECT ketnoi_scope_role()) = 'portal' AND pmode = 1 AND p = ANY ((SELECT ketnoi_scope_provinces())::text[])));
