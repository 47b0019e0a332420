CREATE TABLE "provinces" (
	"scheme" text NOT NULL,
	"code" text NOT NULL,
	"name_vi" text NOT NULL,
	"short_name_vi" text NOT NULL,
	"name_en" text NOT NULL,
	"kind" text NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"successor_code" text,
	CONSTRAINT "provinces_scheme_code_pk" PRIMARY KEY("scheme","code")
);
--> statement-breakpoint
CREATE TABLE "technology_fields" (
	"code" text PRIMARY KEY NOT NULL,
	"parent_code" text,
	"depth" integer NOT NULL,
	"label_vi" text NOT NULL,
	"label_en" text NOT NULL,
	"national_code" text,
	"sort_order" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "demands" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"archived_at" timestamp with time zone,
	"source_system" text,
	"source_ref" text,
	"province" text NOT NULL,
	"current_province" text NOT NULL,
	"language" text NOT NULL,
	"content_hash" text NOT NULL,
	"search_vector" "tsvector" NOT NULL,
	"title_vector" "tsvector" NOT NULL,
	"status" text NOT NULL,
	"valid_until" date NOT NULL,
	"published_at" timestamp with time zone,
	"organization_id" uuid NOT NULL,
	"title" jsonb NOT NULL,
	"problem" jsonb NOT NULL,
	"current_process" jsonb,
	"required_result" jsonb,
	"constraints" jsonb,
	"fields" text[] DEFAULT '{}'::text[] NOT NULL,
	"keywords" text[] DEFAULT '{}'::text[] NOT NULL,
	"min_trl" integer,
	"deal_types" text[] DEFAULT '{}'::text[] NOT NULL,
	"transfer_methods" text[] DEFAULT '{}'::text[] NOT NULL,
	"origin_preference" text NOT NULL,
	"budget_min" bigint,
	"budget_max" bigint,
	"funding_sources" text[] DEFAULT '{}'::text[] NOT NULL,
	"needed_by" date,
	"urgency" text NOT NULL,
	CONSTRAINT "demands_trl_range" CHECK ("demands"."min_trl" IS NULL OR "demands"."min_trl" BETWEEN 1 AND 9),
	CONSTRAINT "demands_budget_order" CHECK ("demands"."budget_min" IS NULL OR "demands"."budget_max" IS NULL OR "demands"."budget_min" <= "demands"."budget_max")
);
--> statement-breakpoint
CREATE TABLE "experts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"archived_at" timestamp with time zone,
	"source_system" text,
	"source_ref" text,
	"province" text NOT NULL,
	"current_province" text NOT NULL,
	"language" text NOT NULL,
	"content_hash" text NOT NULL,
	"search_vector" "tsvector" NOT NULL,
	"title_vector" "tsvector" NOT NULL,
	"full_name" text NOT NULL,
	"academic_title" text,
	"affiliation_id" uuid,
	"bio" jsonb,
	"fields" text[] DEFAULT '{}'::text[] NOT NULL,
	"keywords" text[] DEFAULT '{}'::text[] NOT NULL,
	"roles" text[] DEFAULT '{}'::text[] NOT NULL,
	"languages" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"max_meetings_per_event" integer NOT NULL,
	"conflict_organization_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"email" text,
	"phone" text
);
--> statement-breakpoint
CREATE TABLE "offers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"archived_at" timestamp with time zone,
	"source_system" text,
	"source_ref" text,
	"province" text NOT NULL,
	"current_province" text NOT NULL,
	"language" text NOT NULL,
	"content_hash" text NOT NULL,
	"search_vector" "tsvector" NOT NULL,
	"title_vector" "tsvector" NOT NULL,
	"status" text NOT NULL,
	"valid_until" date NOT NULL,
	"published_at" timestamp with time zone,
	"organization_id" uuid NOT NULL,
	"title" jsonb NOT NULL,
	"summary" jsonb NOT NULL,
	"description" jsonb,
	"advantages" jsonb,
	"applications" jsonb,
	"fields" text[] DEFAULT '{}'::text[] NOT NULL,
	"keywords" text[] DEFAULT '{}'::text[] NOT NULL,
	"trl" integer NOT NULL,
	"ip_rights" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"transfer_forms" text[] DEFAULT '{}'::text[] NOT NULL,
	"transfer_methods" text[] DEFAULT '{}'::text[] NOT NULL,
	"deal_types" text[] DEFAULT '{}'::text[] NOT NULL,
	"price_min" bigint,
	"price_max" bigint,
	"price_negotiable" boolean DEFAULT false NOT NULL,
	"target_provinces" text[] DEFAULT '{}'::text[] NOT NULL,
	"target_countries" text[] DEFAULT '{}'::text[] NOT NULL,
	"regulatory_class" text NOT NULL,
	CONSTRAINT "offers_trl_range" CHECK ("offers"."trl" BETWEEN 1 AND 9),
	CONSTRAINT "offers_price_order" CHECK ("offers"."price_min" IS NULL OR "offers"."price_max" IS NULL OR "offers"."price_min" <= "offers"."price_max")
);
--> statement-breakpoint
CREATE TABLE "organizations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"archived_at" timestamp with time zone,
	"source_system" text,
	"source_ref" text,
	"province" text NOT NULL,
	"current_province" text NOT NULL,
	"language" text NOT NULL,
	"content_hash" text NOT NULL,
	"search_vector" "tsvector" NOT NULL,
	"title_vector" "tsvector" NOT NULL,
	"kind" text NOT NULL,
	"name" jsonb NOT NULL,
	"short_name" text,
	"tax_code" text,
	"foreign_registration_no" text,
	"country" text NOT NULL,
	"industry_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"size" text,
	"languages" text[] DEFAULT '{}'::text[] NOT NULL,
	"website" text,
	"contacts" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "demands" ADD CONSTRAINT "demands_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experts" ADD CONSTRAINT "experts_affiliation_id_organizations_id_fk" FOREIGN KEY ("affiliation_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offers" ADD CONSTRAINT "offers_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "demands_source_ref_key" ON "demands" USING btree ("source_system","source_ref");--> statement-breakpoint
CREATE INDEX "demands_search_idx" ON "demands" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "demands_title_search_idx" ON "demands" USING gin ("title_vector");--> statement-breakpoint
CREATE INDEX "demands_updated_idx" ON "demands" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "demands_province_idx" ON "demands" USING btree ("current_province","updated_at");--> statement-breakpoint
CREATE INDEX "demands_fields_idx" ON "demands" USING gin ("fields");--> statement-breakpoint
CREATE INDEX "demands_status_idx" ON "demands" USING btree ("status","valid_until");--> statement-breakpoint
CREATE INDEX "demands_organization_idx" ON "demands" USING btree ("organization_id");--> statement-breakpoint
CREATE UNIQUE INDEX "experts_source_ref_key" ON "experts" USING btree ("source_system","source_ref");--> statement-breakpoint
CREATE INDEX "experts_search_idx" ON "experts" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "experts_title_search_idx" ON "experts" USING gin ("title_vector");--> statement-breakpoint
CREATE INDEX "experts_updated_idx" ON "experts" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "experts_province_idx" ON "experts" USING btree ("current_province","updated_at");--> statement-breakpoint
CREATE INDEX "experts_fields_idx" ON "experts" USING gin ("fields");--> statement-breakpoint
CREATE UNIQUE INDEX "offers_source_ref_key" ON "offers" USING btree ("source_system","source_ref");--> statement-breakpoint
CREATE INDEX "offers_search_idx" ON "offers" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "offers_title_search_idx" ON "offers" USING gin ("title_vector");--> statement-breakpoint
CREATE INDEX "offers_updated_idx" ON "offers" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "offers_province_idx" ON "offers" USING btree ("current_province","updated_at");--> statement-breakpoint
CREATE INDEX "offers_fields_idx" ON "offers" USING gin ("fields");--> statement-breakpoint
CREATE INDEX "offers_status_idx" ON "offers" USING btree ("status","valid_until");--> statement-breakpoint
CREATE INDEX "offers_organization_idx" ON "offers" USING btree ("organization_id");--> statement-breakpoint
CREATE UNIQUE INDEX "organizations_source_ref_key" ON "organizations" USING btree ("source_system","source_ref");--> statement-breakpoint
CREATE INDEX "organizations_search_idx" ON "organizations" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "organizations_title_search_idx" ON "organizations" USING gin ("title_vector");--> statement-breakpoint
CREATE INDEX "organizations_updated_idx" ON "organizations" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "organizations_province_idx" ON "organizations" USING btree ("current_province","updated_at");--> statement-breakpoint
CREATE UNIQUE INDEX "organizations_tax_code_key" ON "organizations" USING btree ("tax_code");