CREATE TABLE "event_locations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"label" text NOT NULL,
	"online_link_template" text,
	"fixed_organization_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_meetings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"event_id" uuid NOT NULL,
	"request_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"slot" integer NOT NULL,
	"slot_in_session" integer NOT NULL,
	"location_id" uuid,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"mode" text NOT NULL,
	"online_link" text,
	"participant_ids" uuid[] NOT NULL,
	"status" text NOT NULL,
	"locked" boolean DEFAULT false NOT NULL,
	"cancel_reason" text,
	"feedback" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"run_id" uuid
);
--> statement-breakpoint
CREATE TABLE "event_participants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"event_id" uuid NOT NULL,
	"side" text NOT NULL,
	"organization_id" uuid,
	"expert_id" uuid,
	"subject_id" uuid NOT NULL,
	"current_province" text,
	"offer_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"demand_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"attendance" text NOT NULL,
	"languages" text[] DEFAULT '{}'::text[] NOT NULL,
	"interpreter_need" text[] DEFAULT '{}'::text[] NOT NULL,
	"max_meetings" integer,
	"blocked" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"event_id" uuid NOT NULL,
	"source" text NOT NULL,
	"proposal_id" uuid,
	"requester_id" uuid NOT NULL,
	"other_id" uuid NOT NULL,
	"pair_key" text NOT NULL,
	"status" text NOT NULL,
	"score" double precision,
	"priority" integer NOT NULL,
	"preferences" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"expert_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"interpreter_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "event_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"name" text,
	"starts_at" timestamp with time zone NOT NULL,
	"slot_minutes" integer NOT NULL,
	"buffer_minutes" integer NOT NULL,
	"slot_count" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_sessions_slot_minutes" CHECK ("event_sessions"."slot_minutes" BETWEEN 15 AND 30),
	CONSTRAINT "event_sessions_slot_count" CHECK ("event_sessions"."slot_count" BETWEEN 1 AND 40)
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"name" jsonb NOT NULL,
	"kind" text NOT NULL,
	"venue" text,
	"province" text NOT NULL,
	"current_province" text NOT NULL,
	"mode" text NOT NULL,
	"time_zone" text NOT NULL,
	"languages" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" text NOT NULL,
	"published_at" timestamp with time zone,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "schedule_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"trigger" text NOT NULL,
	"params" jsonb NOT NULL,
	"requests" integer DEFAULT 0 NOT NULL,
	"placed" integer DEFAULT 0 NOT NULL,
	"total_gaps" integer DEFAULT 0 NOT NULL,
	"max_gaps" integer DEFAULT 0 NOT NULL,
	"min_gaps" integer DEFAULT 0 NOT NULL,
	"moved" integer DEFAULT 0 NOT NULL,
	"unplaced" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"elapsed_ms" integer,
	"attempts" integer DEFAULT 0 NOT NULL,
	"error" text,
	"client_id" uuid,
	"client_name" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "event_locations" ADD CONSTRAINT "event_locations_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_locations" ADD CONSTRAINT "event_locations_fixed_organization_id_organizations_id_fk" FOREIGN KEY ("fixed_organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_meetings" ADD CONSTRAINT "event_meetings_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_meetings" ADD CONSTRAINT "event_meetings_request_id_event_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."event_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_meetings" ADD CONSTRAINT "event_meetings_session_id_event_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."event_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_meetings" ADD CONSTRAINT "event_meetings_location_id_event_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."event_locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_participants" ADD CONSTRAINT "event_participants_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_participants" ADD CONSTRAINT "event_participants_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_requests" ADD CONSTRAINT "event_requests_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_requests" ADD CONSTRAINT "event_requests_requester_id_event_participants_id_fk" FOREIGN KEY ("requester_id") REFERENCES "public"."event_participants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_requests" ADD CONSTRAINT "event_requests_other_id_event_participants_id_fk" FOREIGN KEY ("other_id") REFERENCES "public"."event_participants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_sessions" ADD CONSTRAINT "event_sessions_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedule_runs" ADD CONSTRAINT "schedule_runs_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "event_locations_label_key" ON "event_locations" USING btree ("event_id","label");--> statement-breakpoint
CREATE UNIQUE INDEX "event_meetings_request_key" ON "event_meetings" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "event_meetings_event_idx" ON "event_meetings" USING btree ("event_id","slot","id");--> statement-breakpoint
CREATE INDEX "event_meetings_participants_idx" ON "event_meetings" USING gin ("participant_ids");--> statement-breakpoint
CREATE UNIQUE INDEX "event_participants_subject_key" ON "event_participants" USING btree ("event_id","side","subject_id");--> statement-breakpoint
CREATE UNIQUE INDEX "event_requests_pair_key" ON "event_requests" USING btree ("event_id","pair_key");--> statement-breakpoint
CREATE INDEX "event_requests_event_idx" ON "event_requests" USING btree ("event_id","status");--> statement-breakpoint
CREATE INDEX "event_sessions_event_idx" ON "event_sessions" USING btree ("event_id","starts_at");--> statement-breakpoint
CREATE INDEX "events_province_idx" ON "events" USING btree ("current_province","created_at");--> statement-breakpoint
CREATE INDEX "events_created_idx" ON "events" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "schedule_runs_event_idx" ON "schedule_runs" USING btree ("event_id","created_at");