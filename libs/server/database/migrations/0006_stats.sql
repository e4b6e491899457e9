CREATE TABLE "agent_interval_stats" (
	"user_id" uuid NOT NULL,
	"bucket_start" timestamp with time zone NOT NULL,
	"answered" integer DEFAULT 0 NOT NULL,
	"answered_wait_ms" bigint DEFAULT 0 NOT NULL,
	"handled" integer DEFAULT 0 NOT NULL,
	"talk_ms" bigint DEFAULT 0 NOT NULL,
	"hold_ms" bigint DEFAULT 0 NOT NULL,
	"after_call_work_ms" bigint DEFAULT 0 NOT NULL,
	"outbound" integer DEFAULT 0 NOT NULL,
	"successes" integer DEFAULT 0 NOT NULL,
	"offers" integer DEFAULT 0 NOT NULL,
	"missed" integer DEFAULT 0 NOT NULL,
	"rejected" integer DEFAULT 0 NOT NULL,
	"qa_reviews" integer DEFAULT 0 NOT NULL,
	"qa_score_sum" integer DEFAULT 0 NOT NULL,
	"available_ms" bigint DEFAULT 0 NOT NULL,
	"on_call_ms" bigint DEFAULT 0 NOT NULL,
	"wrap_up_ms" bigint DEFAULT 0 NOT NULL,
	"break_ms" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "agent_interval_stats_user_id_bucket_start_pk" PRIMARY KEY("user_id","bucket_start")
);
--> statement-breakpoint
CREATE TABLE "team_alert_thresholds" (
	"team_id" uuid PRIMARY KEY NOT NULL,
	"service_level_below_percent" integer,
	"call_waiting_longer_than_seconds" integer,
	"agent_on_break_longer_than_minutes" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "team_interval_stats" (
	"team_id" uuid NOT NULL,
	"bucket_start" timestamp with time zone NOT NULL,
	"offered" integer DEFAULT 0 NOT NULL,
	"answered" integer DEFAULT 0 NOT NULL,
	"answered_within_threshold" integer DEFAULT 0 NOT NULL,
	"abandoned" integer DEFAULT 0 NOT NULL,
	"short_abandoned" integer DEFAULT 0 NOT NULL,
	"answered_wait_ms" bigint DEFAULT 0 NOT NULL,
	"abandoned_wait_ms" bigint DEFAULT 0 NOT NULL,
	"max_wait_ms" bigint DEFAULT 0 NOT NULL,
	"handled" integer DEFAULT 0 NOT NULL,
	"talk_ms" bigint DEFAULT 0 NOT NULL,
	"hold_ms" bigint DEFAULT 0 NOT NULL,
	"after_call_work_ms" bigint DEFAULT 0 NOT NULL,
	"outbound" integer DEFAULT 0 NOT NULL,
	"successes" integer DEFAULT 0 NOT NULL,
	"qa_reviews" integer DEFAULT 0 NOT NULL,
	"qa_score_sum" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "team_interval_stats_team_id_bucket_start_pk" PRIMARY KEY("team_id","bucket_start")
);
--> statement-breakpoint
ALTER TABLE "agent_interval_stats" ADD CONSTRAINT "agent_interval_stats_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_alert_thresholds" ADD CONSTRAINT "team_alert_thresholds_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_interval_stats" ADD CONSTRAINT "team_interval_stats_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agent_interval_stats_bucket" ON "agent_interval_stats" USING btree ("bucket_start");--> statement-breakpoint
CREATE INDEX "team_interval_stats_bucket" ON "team_interval_stats" USING btree ("bucket_start");