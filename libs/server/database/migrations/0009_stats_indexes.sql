-- Built CONCURRENTLY (the migration runs outside a transaction; see src/lib/migrations.ts), so
-- calls and presence keep being written while the indexes build. Safe to run again: a build that
-- failed leaves an invalid index, dropped first.
DROP INDEX CONCURRENTLY IF EXISTS "agent_interval_stats_user_state_time";--> statement-breakpoint
CREATE INDEX CONCURRENTLY "agent_interval_stats_user_state_time" ON "agent_interval_stats" USING btree ("user_id","bucket_start","available_ms","on_call_ms","wrap_up_ms","break_ms");--> statement-breakpoint
DROP INDEX CONCURRENTLY IF EXISTS "calls_waiting";--> statement-breakpoint
CREATE INDEX CONCURRENTLY "calls_waiting" ON "calls" USING btree ("team_id",coalesce("queued_at", "created_at"),"id") WHERE "calls"."state" in ('queued', 'offered');