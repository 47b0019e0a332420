CREATE TABLE "demands_search" (
	"id" uuid PRIMARY KEY NOT NULL,
	"province" text NOT NULL,
	"current_province" text NOT NULL,
	"archived_at" timestamp with time zone,
	"status" text NOT NULL,
	"valid_until" date NOT NULL,
	"organization_id" uuid NOT NULL,
	"fields" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"search_vector" "tsvector" NOT NULL,
	"title_vector" "tsvector" NOT NULL,
	"min_trl" integer,
	"budget_min" bigint,
	"budget_max" bigint
);
--> statement-breakpoint
CREATE TABLE "offers_search" (
	"id" uuid PRIMARY KEY NOT NULL,
	"province" text NOT NULL,
	"current_province" text NOT NULL,
	"archived_at" timestamp with time zone,
	"status" text NOT NULL,
	"valid_until" date NOT NULL,
	"organization_id" uuid NOT NULL,
	"fields" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"search_vector" "tsvector" NOT NULL,
	"title_vector" "tsvector" NOT NULL,
	"trl" integer NOT NULL,
	"price_min" bigint,
	"price_max" bigint
);
--> statement-breakpoint
ALTER TABLE "demands_search" ADD CONSTRAINT "demands_search_id_demands_id_fk" FOREIGN KEY ("id") REFERENCES "public"."demands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offers_search" ADD CONSTRAINT "offers_search_id_offers_id_fk" FOREIGN KEY ("id") REFERENCES "public"."offers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "demands_search_title_idx" ON "demands_search" USING gin ("title_vector");--> statement-breakpoint
CREATE INDEX "demands_search_vector_idx" ON "demands_search" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "demands_search_updated_idx" ON "demands_search" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "demands_search_created_idx" ON "demands_search" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "demands_search_province_idx" ON "demands_search" USING btree ("current_province","updated_at","id");--> statement-breakpoint
CREATE INDEX "demands_search_fields_idx" ON "demands_search" USING gin ("fields");--> statement-breakpoint
CREATE INDEX "demands_search_status_idx" ON "demands_search" USING btree ("status","valid_until");--> statement-breakpoint
CREATE INDEX "offers_search_title_idx" ON "offers_search" USING gin ("title_vector");--> statement-breakpoint
CREATE INDEX "offers_search_vector_idx" ON "offers_search" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "offers_search_updated_idx" ON "offers_search" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "offers_search_created_idx" ON "offers_search" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "offers_search_province_idx" ON "offers_search" USING btree ("current_province","updated_at","id");--> statement-breakpoint
CREATE INDEX "offers_search_fields_idx" ON "offers_search" USING gin ("fields");--> statement-breakpoint
CREATE INDEX "offers_search_status_idx" ON "offers_search" USING btree ("status","valid_until");--> statement-breakpoint
-- The search tables are written only by these triggers, which run as the tables' owner (outside
-- row-level security), in the same transaction as the change to the record.
CREATE FUNCTION ketnoi_offers_search_sync() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
  INSERT INTO offers_search (id, province, current_province, archived_at, status, valid_until, organization_id, fields, created_at, updated_at, search_vector, title_vector, trl, price_min, price_max)
  VALUES (NEW.id, NEW.province, NEW.current_province, NEW.archived_at, NEW.status, NEW.valid_until, NEW.organization_id, NEW.fields, NEW.created_at, NEW.updated_at, NEW.search_vector, NEW.title_vector, NEW.trl, NEW.price_min, NEW.price_max)
  ON CONFLICT (id) DO UPDATE SET province = EXCLUDED.province, current_province = EXCLUDED.current_province, archived_at = EXCLUDED.archived_at,
    status = EXCLUDED.status, valid_until = EXCLUDED.valid_until, organization_id = EXCLUDED.organization_id, fields = EXCLUDED.fields,
    created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at, search_vector = EXCLUDED.search_vector, title_vector = EXCLUDED.title_vector,
    trl = EXCLUDED.trl, price_min = EXCLUDED.price_min, price_max = EXCLUDED.price_max;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE FUNCTION ketnoi_demands_search_sync() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
  INSERT INTO demands_search (id, province, current_province, archived_at, status, valid_until, organization_id, fields, created_at, updated_at, search_vector, title_vector, min_trl, budget_min, budget_max)
  VALUES (NEW.id, NEW.province, NEW.current_province, NEW.archived_at, NEW.status, NEW.valid_until, NEW.organization_id, NEW.fields, NEW.created_at, NEW.updated_at, NEW.search_vector, NEW.title_vector, NEW.min_trl, NEW.budget_min, NEW.budget_max)
  ON CONFLICT (id) DO UPDATE SET province = EXCLUDED.province, current_province = EXCLUDED.current_province, archived_at = EXCLUDED.archived_at,
    status = EXCLUDED.status, valid_until = EXCLUDED.valid_until, organization_id = EXCLUDED.organization_id, fields = EXCLUDED.fields,
    created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at, search_vector = EXCLUDED.search_vector, title_vector = EXCLUDED.title_vector,
    min_trl = EXCLUDED.min_trl, budget_min = EXCLUDED.budget_min, budget_max = EXCLUDED.budget_max;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER offers_search_sync AFTER INSERT OR UPDATE ON offers FOR EACH ROW EXECUTE FUNCTION ketnoi_offers_search_sync();--> statement-breakpoint
CREATE TRIGGER demands_search_sync AFTER INSERT OR UPDATE ON demands FOR EACH ROW EXECUTE FUNCTION ketnoi_demands_search_sync();--> statement-breakpoint
INSERT INTO offers_search (id, province, current_province, archived_at, status, valid_until, organization_id, fields, created_at, updated_at, search_vector, title_vector, trl, price_min, price_max)
  SELECT id, province, current_province, archived_at, status, valid_until, organization_id, fields, created_at, updated_at, search_vector, title_vector, trl, price_min, price_max FROM offers;--> statement-breakpoint
INSERT INTO demands_search (id, province, current_province, archived_at, status, valid_until, organization_id, fields, created_at, updated_at, search_vector, title_vector, min_trl, budget_min, budget_max)
  SELECT id, province, current_province, archived_at, status, valid_until, organization_id, fields, created_at, updated_at, search_vector, title_vector, min_trl, budget_min, budget_max FROM demands;--> statement-breakpoint
-- Read-only for the application. Any scoped statement may scan them (one that runs without a scope
-- sees nothing); a list applies the caller's visibility itself and reads the records it returns
-- from the main tables, whose policies stay the province backstop. A policy with the main tables'
-- province conditions made PostgreSQL expect ~1 % of the real row count (the scope is unknown when
-- planning), so it sorted thousands of matches instead of walking an index in order.
REVOKE INSERT, UPDATE, DELETE ON offers_search, demands_search FROM ketnoi_app;--> statement-breakpoint
ALTER TABLE offers_search ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE demands_search ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY offers_search_read ON offers_search FOR SELECT TO ketnoi_app USING ((SELECT ketnoi_scope_role()) <> '');--> statement-breakpoint
CREATE POLICY demands_search_read ON demands_search FOR SELECT TO ketnoi_app USING ((SELECT ketnoi_scope_role()) <> '');--> statement-breakpoint
-- Every change to a registry record is announced after commit, so API processes drop their cached
-- copy of it (src/modules/registry/read-cache.ts). Payload: "<table>:<id>".
CREATE FUNCTION ketnoi_registry_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('ketnoi_registry', TG_TABLE_NAME || ':' || OLD.id::text);
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER organizations_changed AFTER UPDATE OR DELETE ON organizations FOR EACH ROW EXECUTE FUNCTION ketnoi_registry_changed();--> statement-breakpoint
CREATE TRIGGER offers_changed AFTER UPDATE OR DELETE ON offers FOR EACH ROW EXECUTE FUNCTION ketnoi_registry_changed();--> statement-breakpoint
CREATE TRIGGER demands_changed AFTER UPDATE OR DELETE ON demands FOR EACH ROW EXECUTE FUNCTION ketnoi_registry_changed();--> statement-breakpoint
CREATE TRIGGER experts_changed AFTER UPDATE OR DELETE ON experts FOR EACH ROW EXECUTE FUNCTION ketnoi_registry_changed();
