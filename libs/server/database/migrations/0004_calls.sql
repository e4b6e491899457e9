CREATE TYPE "public"."call_direction" AS ENUM('inbound', 'outbound');--> statement-breakpoint
CREATE TYPE "public"."call_state" AS ENUM('dialing', 'queued', 'offered', 'connected', 'on_hold', 'wrap_up', 'completed', 'abandoned', 'failed');--> statement-breakpoint
CREATE TABLE "call_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"call_id" uuid NOT NULL,
	"type" text NOT NULL,
	"from_state" "call_state",
	"to_state" "call_state",
	"agent_id" uuid,
	"actor_id" uuid,
	"source" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "calls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" uuid NOT NULL,
	"direction" "call_direction" NOT NULL,
	"state" "call_state" NOT NULL,
	"from_number" text NOT NULL,
	"to_number" text NOT NULL,
	"integration_id" uuid,
	"external_id" text,
	"priority" integer DEFAULT 0 NOT NULL,
	"agent_id" uuid,
	"queued_at" timestamp with time zone,
	"offered_at" timestamp with time zone,
	"offer_expires_at" timestamp with time zone,
	"answered_at" timestamp with time zone,
	"hold_started_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"wait_ms" bigint,
	"ring_ms" bigint DEFAULT 0 NOT NULL,
	"talk_ms" bigint,
	"hold_ms" bigint DEFAULT 0 NOT NULL,
	"hold_count" integer DEFAULT 0 NOT NULL,
	"after_call_work_ms" bigint,
	"disposition_code" text,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calls_priority_range" CHECK ("calls"."priority" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "dispositions" (
	"code" text PRIMARY KEY NOT NULL,
	"label" text NOT NULL,
	"is_success" boolean DEFAULT false NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "integration_events" (
	"integration_id" uuid NOT NULL,
	"event_id" text NOT NULL,
	"outcome" text NOT NULL,
	"call_id" uuid,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "integration_events_integration_id_event_id_pk" PRIMARY KEY("integration_id","event_id")
);
--> statement-breakpoint
CREATE TABLE "integrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"secret_encrypted" text NOT NULL,
	"webhook_url" text,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "qa_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"call_id" uuid NOT NULL,
	"reviewer_id" uuid,
	"score" integer NOT NULL,
	"comments" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "qa_reviews_score_range" CHECK ("qa_reviews"."score" between 0 and 100)
);
--> statement-breakpoint
ALTER TABLE "agent_presence" ADD COLUMN "current_call_id" uuid;--> statement-breakpoint
ALTER TABLE "call_events" ADD CONSTRAINT "call_events_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_events" ADD CONSTRAINT "call_events_agent_id_users_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_events" ADD CONSTRAINT "call_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_integration_id_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."integrations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_agent_id_users_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_disposition_code_dispositions_code_fk" FOREIGN KEY ("disposition_code") REFERENCES "public"."dispositions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integration_events" ADD CONSTRAINT "integration_events_integration_id_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integrations" ADD CONSTRAINT "integrations_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qa_reviews" ADD CONSTRAINT "qa_reviews_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qa_reviews" ADD CONSTRAINT "qa_reviews_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "call_events_call_occurred" ON "call_events" USING btree ("call_id","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "calls_integration_external" ON "calls" USING btree ("integration_id","external_id") WHERE "calls"."external_id" is not null;--> statement-breakpoint
CREATE INDEX "calls_queue" ON "calls" USING btree ("team_id","priority","queued_at") WHERE "calls"."state" = 'queued';--> statement-breakpoint
CREATE INDEX "calls_agent_created" ON "calls" USING btree ("agent_id","created_at");--> statement-breakpoint
CREATE INDEX "calls_team_created" ON "calls" USING btree ("team_id","created_at");--> statement-breakpoint
CREATE INDEX "calls_offer_expiry" ON "calls" USING btree ("offer_expires_at") WHERE "calls"."state" = 'offered';--> statement-breakpoint
CREATE INDEX "qa_reviews_call" ON "qa_reviews" USING btree ("call_id");--> statement-breakpoint
INSERT INTO "dispositions" ("code", "label", "is_success", "sort_order") VALUES
	('resolved', 'Resolved', true, 10),
	('sale', 'Sale', true, 20),
	('callback', 'Callback scheduled', false, 30),
	('escalated', 'Escalated', false, 40),
	('not_resolved', 'Not resolved', false, 50),
	('wrong_number', 'Wrong number', false, 60)
ON CONFLICT ("code") DO NOTHING;
