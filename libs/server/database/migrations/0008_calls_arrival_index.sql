-- Built CONCURRENTLY (the migration runs outside a transaction; see src/lib/migrations.ts), so
-- calls keep being written while the index builds. Safe to run again: a build that failed leaves
-- an invalid index, dropped first.
DROP INDEX CONCURRENTLY IF EXISTS "calls_arrival_id";--> statement-breakpoint
CREATE INDEX CONCURRENTLY "calls_arrival_id" ON "calls" USING btree (coalesce("queued_at", "created_at"),"id");--> statement-breakpoint
DROP INDEX CONCURRENTLY IF EXISTS "calls_created_id";