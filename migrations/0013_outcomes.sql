CREATE TABLE "outcome_reminders" (
	"meeting_id" uuid PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL,
	"supply_province" text,
	"demand_province" text,
	"due_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outcome_stage_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"outcome_id" uuid NOT NULL,
	"from_stage" text,
	"to_stage" text NOT NULL,
	"stage_date" date NOT NULL,
	"value_vnd" bigint,
	"note" text,
	"client_id" uuid,
	"client_name" text NOT NULL,
	"changed_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outcomes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"archived_at" timestamp with time zone,
	"proposal_id" uuid,
	"meeting_id" uuid,
	"event_id" uuid,
	"offer_id" uuid,
	"demand_id" uuid,
	"supply_organization_id" uuid NOT NULL,
	"demand_organization_id" uuid NOT NULL,
	"supply_province" text NOT NULL,
	"supply_current_province" text NOT NULL,
	"demand_province" text NOT NULL,
	"demand_current_province" text NOT NULL,
	"fields" text[] DEFAULT '{}'::text[] NOT NULL,
	"connection_point" text,
	"stage" text NOT NULL,
	"stage_date" date NOT NULL,
	"furthest_stage" text NOT NULL,
	"mou_on" date,
	"contract_on" date,
	"deal_type" text,
	"transfer_forms" text[] DEFAULT '{}'::text[] NOT NULL,
	"transfer_methods" text[] DEFAULT '{}'::text[] NOT NULL,
	"value_vnd" bigint,
	"documents" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"note" text,
	"reported_side" text,
	"reported_by_client_id" uuid,
	"reported_by_name" text NOT NULL,
	"verified_at" timestamp with time zone,
	"verified_by_client_id" uuid,
	"verified_by_name" text,
	CONSTRAINT "outcomes_value_nonnegative" CHECK ("outcomes"."value_vnd" IS NULL OR "outcomes"."value_vnd" >= 0)
);
--> statement-breakpoint
ALTER TABLE "outcome_reminders" ADD CONSTRAINT "outcome_reminders_meeting_id_event_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."event_meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcome_reminders" ADD CONSTRAINT "outcome_reminders_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcome_stage_history" ADD CONSTRAINT "outcome_stage_history_outcome_id_outcomes_id_fk" FOREIGN KEY ("outcome_id") REFERENCES "public"."outcomes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcomes" ADD CONSTRAINT "outcomes_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcomes" ADD CONSTRAINT "outcomes_meeting_id_event_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."event_meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcomes" ADD CONSTRAINT "outcomes_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcomes" ADD CONSTRAINT "outcomes_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcomes" ADD CONSTRAINT "outcomes_demand_id_demands_id_fk" FOREIGN KEY ("demand_id") REFERENCES "public"."demands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcomes" ADD CONSTRAINT "outcomes_supply_organization_id_organizations_id_fk" FOREIGN KEY ("supply_organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcomes" ADD CONSTRAINT "outcomes_demand_organization_id_organizations_id_fk" FOREIGN KEY ("demand_organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outcome_stage_history_outcome_idx" ON "outcome_stage_history" USING btree ("outcome_id","changed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "outcomes_meeting_key" ON "outcomes" USING btree ("meeting_id") WHERE meeting_id IS NOT NULL AND archived_at IS NULL;--> statement-breakpoint
CREATE INDEX "outcomes_created_idx" ON "outcomes" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "outcomes_supply_province_idx" ON "outcomes" USING btree ("supply_current_province");--> statement-breakpoint
CREATE INDEX "outcomes_demand_province_idx" ON "outcomes" USING btree ("demand_current_province");--> statement-breakpoint
CREATE INDEX "outcomes_proposal_idx" ON "outcomes" USING btree ("proposal_id");--> statement-breakpoint
CREATE INDEX "outcomes_event_idx" ON "outcomes" USING btree ("event_id");--> statement-breakpoint
-- Row-level security for the ledger, as 0011/0012 do for proposals: an outcome belongs to both
-- sides' current provinces, so either side's portal may see it and report on it; the ministry and
-- the system see everything; readers and unscoped statements see nothing. The scope is read
-- through scalar subqueries, evaluated once per statement.
ALTER TABLE outcomes ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY outcomes_scope ON outcomes TO ketnoi_app
  USING (
    (SELECT ketnoi_scope_role()) = 'ministry'
    OR ((SELECT ketnoi_scope_role()) = 'portal' AND (supply_current_province = ANY ((SELECT ketnoi_scope_provinces())::text[]) OR demand_current_province = ANY ((SELECT ketnoi_scope_provinces())::text[]))))
  WITH CHECK (
    (SELECT ketnoi_scope_role()) = 'ministry'
    OR ((SELECT ketnoi_scope_role()) = 'portal' AND (supply_current_province = ANY ((SELECT ketnoi_scope_provinces())::text[]) OR demand_current_province = ANY ((SELECT ketnoi_scope_provinces())::text[]))));--> statement-breakpoint
-- A history row is visible and may be added exactly when its outcome is (the subquery runs under
-- the outcomes policy). History is append-only for the application.
ALTER TABLE outcome_stage_history ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY outcome_stage_history_read ON outcome_stage_history FOR SELECT TO ketnoi_app
  USING (EXISTS (SELECT 1 FROM outcomes o WHERE o.id = outcome_id));--> statement-breakpoint
CREATE POLICY outcome_stage_history_insert ON outcome_stage_history FOR INSERT TO ketnoi_app
  WITH CHECK (EXISTS (SELECT 1 FROM outcomes o WHERE o.id = outcome_id));--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE ON outcome_stage_history FROM ketnoi_app;--> statement-breakpoint
-- Reminders are the reminder job's bookkeeping: the system scope only.
ALTER TABLE outcome_reminders ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY outcome_reminders_system ON outcome_reminders TO ketnoi_app
  USING ((SELECT ketnoi_scope_role()) = 'ministry')
  WITH CHECK ((SELECT ketnoi_scope_role()) = 'ministry');--> statement-breakpoint
-- Statistics and the reminder job read meetings by status and time.
CREATE INDEX outcomes_stage_idx ON outcomes USING btree (furthest_stage, stage_date);--> statement-breakpoint
CREATE INDEX event_meetings_status_idx ON event_meetings USING btree (status, starts_at);
