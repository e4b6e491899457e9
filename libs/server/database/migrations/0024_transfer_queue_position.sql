DROP INDEX "calls_queue_order";--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "requeued_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "team_routing" ADD COLUMN "transferred_calls" text DEFAULT 'keep' NOT NULL;--> statement-breakpoint
CREATE INDEX "calls_queue_order" ON "calls" USING btree ("team_id","priority" desc,coalesce("requeued_at", "queued_at"),"id") WHERE "calls"."state" = 'queued';--> statement-breakpoint
ALTER TABLE "team_routing" ADD CONSTRAINT "team_routing_transferred_calls" CHECK ("team_routing"."transferred_calls" in ('keep', 'back'));