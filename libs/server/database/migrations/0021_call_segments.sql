CREATE TABLE "call_segments" (
	"call_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"team_id" uuid NOT NULL,
	"agent_id" uuid,
	"to_team_id" uuid,
	"target" jsonb NOT NULL,
	"started_at" timestamp with time zone,
	"ended_at" timestamp with time zone NOT NULL,
	"ring_ms" bigint DEFAULT 0 NOT NULL,
	"talk_ms" bigint DEFAULT 0 NOT NULL,
	"hold_ms" bigint DEFAULT 0 NOT NULL,
	"hold_count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "call_segments_call_id_seq_pk" PRIMARY KEY("call_id","seq")
);
--> statement-breakpoint
ALTER TABLE "agent_interval_stats" ADD COLUMN "transfers_in" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "agent_interval_stats" ADD COLUMN "transfers_out" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "talk_started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "transfer_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "team_interval_stats" ADD COLUMN "transfers_in" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "team_interval_stats" ADD COLUMN "transfers_out" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "call_segments" ADD CONSTRAINT "call_segments_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_segments" ADD CONSTRAINT "call_segments_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_segments" ADD CONSTRAINT "call_segments_agent_id_users_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_segments" ADD CONSTRAINT "call_segments_to_team_id_teams_id_fk" FOREIGN KEY ("to_team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;