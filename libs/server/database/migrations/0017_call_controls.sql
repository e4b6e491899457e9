-- Mute and supervisor assist on the call. Runs statement by statement (the index is built
-- CONCURRENTLY, see src/lib/migrations.ts), so every statement is safe to run again.
ALTER TABLE "calls" ADD COLUMN IF NOT EXISTS "muted" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN IF NOT EXISTS "assist_mode" text;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN IF NOT EXISTS "assist_supervisor_id" uuid CONSTRAINT "calls_assist_supervisor_id_users_id_fk" REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN IF NOT EXISTS "assist_started_at" timestamp with time zone;--> statement-breakpoint
DROP INDEX CONCURRENTLY IF EXISTS "calls_assist_supervisor";--> statement-breakpoint
CREATE UNIQUE INDEX CONCURRENTLY "calls_assist_supervisor" ON "calls" USING btree ("assist_supervisor_id") WHERE "calls"."assist_supervisor_id" is not null;
