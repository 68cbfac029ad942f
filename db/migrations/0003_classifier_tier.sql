ALTER TABLE "messages" ADD COLUMN "tier" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "secondary_intents" jsonb;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "opt_out_suspected" boolean DEFAULT false NOT NULL;