CREATE TABLE "wallboard_link_teams" (
	"link_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "wallboard_link_teams_link_id_team_id_pk" PRIMARY KEY("link_id","team_id")
);
--> statement-breakpoint
CREATE TABLE "wallboard_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"secret_hash" text NOT NULL,
	"rotation_seconds" integer NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "wallboard_link_teams" ADD CONSTRAINT "wallboard_link_teams_link_id_wallboard_links_id_fk" FOREIGN KEY ("link_id") REFERENCES "public"."wallboard_links"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wallboard_link_teams" ADD CONSTRAINT "wallboard_link_teams_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wallboard_links" ADD CONSTRAINT "wallboard_links_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "wallboard_link_teams_team" ON "wallboard_link_teams" USING btree ("team_id");--> statement-breakpoint
CREATE UNIQUE INDEX "wallboard_links_secret_hash" ON "wallboard_links" USING btree ("secret_hash");