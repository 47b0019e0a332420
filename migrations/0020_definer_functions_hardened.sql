-- Functions that run as their owner (SECURITY DEFINER), made safe from the application role:
-- - A trigger function that anyone may execute can be attached by them to a temporary table of
--   their own, and then writes the owner's tables as the owner (firing a trigger checks no
--   privilege; creating one checks EXECUTE). Only the owner may now execute the trigger functions.
-- - A search_path taken FROM CURRENT does not name pg_temp, so PostgreSQL searched the caller's
--   temporary schema first: a temporary table named like one of ours would have captured the
--   function's reads and writes. Every definer function now searches public, then pg_temp last.
-- ketnoi_stats_compact stays callable by the application (a statistics read folds the deltas; it
-- changes no figure).
REVOKE EXECUTE ON FUNCTION ketnoi_offers_search_sync() FROM PUBLIC;--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION ketnoi_demands_search_sync() FROM PUBLIC;--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION ketnoi_stats_offers_changed() FROM PUBLIC;--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION ketnoi_stats_demands_changed() FROM PUBLIC;--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION ketnoi_stats_organizations_changed() FROM PUBLIC;--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION ketnoi_stats_experts_changed() FROM PUBLIC;--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION ketnoi_stats_proposals_changed() FROM PUBLIC;--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION ketnoi_stats_participants_changed() FROM PUBLIC;--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION ketnoi_stats_requests_changed() FROM PUBLIC;--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION ketnoi_stats_meetings_changed() FROM PUBLIC;--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION ketnoi_stats_outcomes_changed() FROM PUBLIC;--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION ketnoi_stats_compact(integer) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION ketnoi_stats_compact(integer) TO ketnoi_app;--> statement-breakpoint
ALTER FUNCTION ketnoi_offers_search_sync() SET search_path = public, pg_temp;--> statement-breakpoint
ALTER FUNCTION ketnoi_demands_search_sync() SET search_path = public, pg_temp;--> statement-breakpoint
ALTER FUNCTION ketnoi_stats_compact(integer) SET search_path = public, pg_temp;--> statement-breakpoint
ALTER FUNCTION ketnoi_stats_offers_changed() SET search_path = public, pg_temp;--> statement-breakpoint
ALTER FUNCTION ketnoi_stats_demands_changed() SET search_path = public, pg_temp;--> statement-breakpoint
ALTER FUNCTION ketnoi_stats_organizations_changed() SET search_path = public, pg_temp;--> statement-breakpoint
ALTER FUNCTION ketnoi_stats_experts_changed() SET search_path = public, pg_temp;--> statement-breakpoint
ALTER FUNCTION ketnoi_stats_proposals_changed() SET search_path = public, pg_temp;--> statement-breakpoint
ALTER FUNCTION ketnoi_stats_participants_changed() SET search_path = public, pg_temp;--> statement-breakpoint
ALTER FUNCTION ketnoi_stats_requests_changed() SET search_path = public, pg_temp;--> statement-breakpoint
ALTER FUNCTION ketnoi_stats_meetings_changed() SET search_path = public, pg_temp;--> statement-breakpoint
ALTER FUNCTION ketnoi_stats_outcomes_changed() SET search_path = public, pg_temp;
