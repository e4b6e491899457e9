CREATE TYPE "public"."agent_status" AS ENUM('offline', 'available', 'on_call', 'wrap_up', 'break');--> statement-breakpoint
CREATE TABLE "agent_presence" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"status" "agent_status" NOT NULL,
	"reason_code" text,
	"since" timestamp with time zone DEFAULT now() NOT NULL,
	"changed_by" uuid
);
--> statement-breakpoint
CREATE TABLE "break_reasons" (
	"code" text PRIMARY KEY NOT NULL,
	"label" text NOT NULL,
	"system_only" boolean DEFAULT false NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "presence_intervals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"status" "agent_status" NOT NULL,
	"reason_code" text,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "agent_presence" ADD CONSTRAINT "agent_presence_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_presence" ADD CONSTRAINT "agent_presence_reason_code_break_reasons_code_fk" FOREIGN KEY ("reason_code") REFERENCES "public"."break_reasons"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_presence" ADD CONSTRAINT "agent_presence_changed_by_users_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "presence_intervals" ADD CONSTRAINT "presence_intervals_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "presence_intervals" ADD CONSTRAINT "presence_intervals_reason_code_break_reasons_code_fk" FOREIGN KEY ("reason_code") REFERENCES "public"."break_reasons"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "presence_intervals_user_started" ON "presence_intervals" USING btree ("user_id","started_at");--> statement-breakpoint
INSERT INTO "break_reasons" ("code", "label", "system_only", "sort_order") VALUES
	('lunch', 'Lunch', false, 10),
	('short_break', 'Short break', false, 20),
	('training', 'Training', false, 30),
	('meeting', 'Meeting', false, 40),
	('coaching', 'Coaching', false, 50),
	('admin_work', 'Admin work', false, 60),
	('missed', 'Missed a call offer', true, 90),
	('supervisor', 'Set by a supervisor', true, 95)
ON CONFLICT ("code") DO NOTHING;
