DROP INDEX "calls_created_id";--> statement-breakpoint
CREATE INDEX "calls_arrival_id" ON "calls" USING btree (coalesce("queued_at", "created_at"),"id");