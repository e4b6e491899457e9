ALTER TABLE "agent_presence" ADD COLUMN "next_status" "agent_status";--> statement-breakpoint
ALTER TABLE "agent_presence" ADD COLUMN "next_reason_code" text;--> statement-breakpoint
ALTER TABLE "agent_presence" ADD COLUMN "status_before_call" "agent_status";--> statement-breakpoint
ALTER TABLE "agent_presence" ADD COLUMN "reason_before_call" text;--> statement-breakpoint
ALTER TABLE "agent_presence" ADD CONSTRAINT "agent_presence_next_reason_code_break_reasons_code_fk" FOREIGN KEY ("next_reason_code") REFERENCES "public"."break_reasons"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_presence" ADD CONSTRAINT "agent_presence_reason_before_call_break_reasons_code_fk" FOREIGN KEY ("reason_before_call") REFERENCES "public"."break_reasons"("code") ON DELETE no action ON UPDATE no action;