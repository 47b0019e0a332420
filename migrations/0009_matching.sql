CREATE TABLE "match_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"scope" jsonb NOT NULL,
	"status" text NOT NULL,
	"algorithm_version" text NOT NULL,
	"params" jsonb NOT NULL,
	"as_of" timestamp with time zone NOT NULL,
	"watermark" timestamp with time zone,
	"progress" double precision DEFAULT 0 NOT NULL,
	"phase" text,
	"counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"timings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"checkpoint" integer DEFAULT 0 NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"error" text,
	"client_id" uuid,
	"client_name" text NOT NULL,
	"request_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"offer_id" uuid NOT NULL,
	"demand_id" uuid NOT NULL,
	"supply_province" text NOT NULL,
	"demand_province" text NOT NULL,
	"status" text NOT NULL,
	"score" double precision NOT NULL,
	"demand_fit" double precision NOT NULL,
	"supply_fit" double precision NOT NULL,
	"breakdown" jsonb NOT NULL,
	"reasons" jsonb NOT NULL,
	"experts" jsonb NOT NULL,
	"flags" text[] DEFAULT '{}'::text[] NOT NULL,
	"supply_decision" jsonb,
	"demand_decision" jsonb,
	"algorithm_version" text NOT NULL,
	"run_id" uuid NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"close_reason" text
);
--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_demand_id_demands_id_fk" FOREIGN KEY ("demand_id") REFERENCES "public"."demands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_run_id_match_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."match_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "match_runs_created_idx" ON "match_runs" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "match_runs_status_idx" ON "match_runs" USING btree ("status","finished_at");--> statement-breakpoint
CREATE UNIQUE INDEX "proposals_open_pair_key" ON "proposals" USING btree ("offer_id","demand_id") WHERE status IN ('proposed', 'accepted_by_supply', 'accepted_by_demand', 'mutually_accepted');--> statement-breakpoint
CREATE INDEX "proposals_demand_idx" ON "proposals" USING btree ("demand_id","status");--> statement-breakpoint
CREATE INDEX "proposals_offer_idx" ON "proposals" USING btree ("offer_id","status");--> statement-breakpoint
CREATE INDEX "proposals_list_idx" ON "proposals" USING btree ("score","id");--> statement-breakpoint
CREATE INDEX "proposals_province_idx" ON "proposals" USING btree ("supply_province","demand_province");