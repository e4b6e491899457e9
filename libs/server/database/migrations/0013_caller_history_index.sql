-- The caller's history on an offer (a team's last calls from one number). Built CONCURRENTLY (the
-- migration runs outside a transaction; see src/lib/migrations.ts), so calls keep being written
-- while it builds. Safe to run again: a build that failed leaves an invalid index, dropped first.
DROP INDEX CONCURRENTLY IF EXISTS "calls_team_from_created";--> statement-breakpoint
CREATE INDEX CONCURRENTLY "calls_team_from_created" ON "calls" USING btree ("team_id","from_number","created_at");
