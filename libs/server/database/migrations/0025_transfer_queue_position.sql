-- Where a call transferred to a queue stands: calls.requeued_at (a transfer to the back of the
-- queue), the ACD's walk by place in line, and each team's setting for the calls transferred to it.
-- Runs statement by statement (the index is built CONCURRENTLY, see src/lib/migrations.ts), so
-- every statement is safe to run again. The new index is built beside the old one and takes its
-- name, so that routing always has one to walk.
ALTER TABLE "calls" ADD COLUMN IF NOT EXISTS "requeued_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "team_routing" ADD COLUMN IF NOT EXISTS "transferred_calls" text DEFAULT 'keep' NOT NULL;--> statement-breakpoint
ALTER TABLE "team_routing" DROP CONSTRAINT IF EXISTS "team_routing_transferred_calls";--> statement-breakpoint
ALTER TABLE "team_routing" ADD CONSTRAINT "team_routing_transferred_calls" CHECK ("team_routing"."transferred_calls" in ('keep', 'back'));--> statement-breakpoint
DROP INDEX CONCURRENTLY IF EXISTS "calls_queue_order_place";--> statement-breakpoint
CREATE INDEX CONCURRENTLY "calls_queue_order_place" ON "calls" USING btree ("team_id","priority" desc,coalesce("requeued_at", "queued_at"),"id") WHERE "calls"."state" = 'queued';--> statement-breakpoint
DROP INDEX CONCURRENTLY IF EXISTS "calls_queue_order";--> statement-breakpoint
ALTER INDEX "calls_queue_order_place" RENAME TO "calls_queue_order";
