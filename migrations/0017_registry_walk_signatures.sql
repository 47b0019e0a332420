-- Title signatures for the lists' in-order walks (src/modules/registry/relevance.ts).
-- Idempotent (IF NOT EXISTS): safe on a database that received these objects by hand.
--
-- A 256-bit signature of each row's title syllables (one bit per syllable, from its hash), in four
-- bigints: a list's in-order walk of the most recent rows reads them from a covering index, with
-- every filter column, and reads a row itself only when the signature holds all the tier's
-- syllables (the row may match; the tsquery then decides). Without it, the walk read one heap
-- page and tested the title vector for each of up to 3,000 rows.
CREATE OR REPLACE FUNCTION ketnoi_title_sig(v tsvector, part integer) RETURNS bigint LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(bit_or(1::bigint << (h & 63)), 0)
  FROM (SELECT hashtext(l) AS h FROM unnest(tsvector_to_array(v)) AS l) AS x
  WHERE ((h >> 6) & 3) = part
$$;--> statement-breakpoint
ALTER TABLE offers_search
  ADD COLUMN IF NOT EXISTS title_sig0 bigint GENERATED ALWAYS AS (ketnoi_title_sig(title_vector, 0)) STORED,
  ADD COLUMN IF NOT EXISTS title_sig1 bigint GENERATED ALWAYS AS (ketnoi_title_sig(title_vector, 1)) STORED,
  ADD COLUMN IF NOT EXISTS title_sig2 bigint GENERATED ALWAYS AS (ketnoi_title_sig(title_vector, 2)) STORED,
  ADD COLUMN IF NOT EXISTS title_sig3 bigint GENERATED ALWAYS AS (ketnoi_title_sig(title_vector, 3)) STORED;--> statement-breakpoint
ALTER TABLE demands_search
  ADD COLUMN IF NOT EXISTS title_sig0 bigint GENERATED ALWAYS AS (ketnoi_title_sig(title_vector, 0)) STORED,
  ADD COLUMN IF NOT EXISTS title_sig1 bigint GENERATED ALWAYS AS (ketnoi_title_sig(title_vector, 1)) STORED,
  ADD COLUMN IF NOT EXISTS title_sig2 bigint GENERATED ALWAYS AS (ketnoi_title_sig(title_vector, 2)) STORED,
  ADD COLUMN IF NOT EXISTS title_sig3 bigint GENERATED ALWAYS AS (ketnoi_title_sig(title_vector, 3)) STORED;--> statement-breakpoint
-- The walks' covering indexes (nationwide, and within a province): every column a list filters on.
CREATE INDEX IF NOT EXISTS offers_search_walk_idx ON offers_search (updated_at, id)
  INCLUDE (archived_at, current_province, province, status, valid_until, organization_id, fields, trl, price_min, price_max, title_sig0, title_sig1, title_sig2, title_sig3);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS offers_search_province_walk_idx ON offers_search (current_province, updated_at, id)
  INCLUDE (archived_at, province, status, valid_until, organization_id, fields, trl, price_min, price_max, title_sig0, title_sig1, title_sig2, title_sig3);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS demands_search_walk_idx ON demands_search (updated_at, id)
  INCLUDE (archived_at, current_province, province, status, valid_until, organization_id, fields, min_trl, budget_min, budget_max, title_sig0, title_sig1, title_sig2, title_sig3);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS demands_search_province_walk_idx ON demands_search (current_province, updated_at, id)
  INCLUDE (archived_at, province, status, valid_until, organization_id, fields, min_trl, budget_min, budget_max, title_sig0, title_sig1, title_sig2, title_sig3);
