ALTER TABLE "conversations" ADD COLUMN "route" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "read_at" timestamp with time zone;