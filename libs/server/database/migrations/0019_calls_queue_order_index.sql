-- The ACD's walk of a team's queue in serving order (priority, then arrival). Built CONCURRENTLY
-- (the migration runs outside a transaction; see src/lib/migrations.ts), so calls keep being
-- written while it builds. Safe to run again: a build that failed leaves an invalid index, dropped first.
DROP INDEX CONCURRENTLY IF EXISTS "calls_queue_order";--> statement-breakpoint
CREATE INDEX CONCURRENTLY "calls_queue_order" ON "calls" USING btree ("team_id","priority" desc,"queued_at","id") WHERE "calls"."state" = 'queued';
