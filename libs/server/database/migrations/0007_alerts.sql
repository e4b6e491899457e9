CREATE TABLE "active_alerts" (
	"id" text PRIMARY KEY NOT NULL,
	"team_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"level" text NOT NULL,
	"message" text NOT NULL,
	"since" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "active_alerts" ADD CONSTRAINT "active_alerts_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "active_alerts_team" ON "active_alerts" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "calls_created_id" ON "calls" USING btree ("created_at","id");