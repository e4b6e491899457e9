CREATE TABLE "team_security_profiles" (
	"team_id" uuid PRIMARY KEY NOT NULL,
	"agents_grant" text[] DEFAULT '{}'::text[] NOT NULL,
	"agents_withhold" text[] DEFAULT '{}'::text[] NOT NULL,
	"supervisors_grant" text[] DEFAULT '{}'::text[] NOT NULL,
	"supervisors_withhold" text[] DEFAULT '{}'::text[] NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "team_security_profiles" ADD CONSTRAINT "team_security_profiles_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_security_profiles" ADD CONSTRAINT "team_security_profiles_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;