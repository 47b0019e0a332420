-- How common each title syllable is in a search table, from the planner's own statistics
-- (pg_stats, kept by ANALYZE/autovacuum): lists use it to skip the in-order walk of recent rows
-- when a syllable is too rare for the walk to fill a page (src/modules/registry/lexeme-stats.ts).
-- pg_stats hides the statistics of tables with row-level security from the application role, so
-- this function reads them as the owner; it returns only syllable frequencies, never rows.
-- lexemes: the most common elements of title_vector; freqs: their frequencies (fraction of rows),
-- in the same order; syllables not listed are rarer than the least frequent one listed.
CREATE FUNCTION ketnoi_title_lexeme_stats(search_table text) RETURNS TABLE (lexemes text[], freqs real[])
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT s.most_common_elems::text::text[], s.most_common_elem_freqs[1:array_length(s.most_common_elems::text::text[], 1)]
  FROM pg_stats s
  WHERE search_table IN ('offers_search', 'demands_search') AND s.schemaname = 'public' AND s.tablename = search_table AND s.attname = 'title_vector'
    AND s.most_common_elems IS NOT NULL
$$;--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION ketnoi_title_lexeme_stats(text) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION ketnoi_title_lexeme_stats(text) TO ketnoi_app;
