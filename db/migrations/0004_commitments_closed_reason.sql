ALTER TABLE "installments" ADD COLUMN "closed_reason" text;--> statement-breakpoint
ALTER TABLE "promises" ADD COLUMN "closed_reason" text;