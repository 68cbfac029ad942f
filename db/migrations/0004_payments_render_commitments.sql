DROP INDEX "payments_reference_uq";--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "deferred_render" jsonb;--> statement-breakpoint
ALTER TABLE "installments" ADD COLUMN "closed_reason" text;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "provider" text DEFAULT 'webhook' NOT NULL;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "overpaid_amount" numeric(14, 2) DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "promises" ADD COLUMN "closed_reason" text;--> statement-breakpoint
CREATE UNIQUE INDEX "payments_provider_debt_reference_uq" ON "payments" USING btree ("provider","debt_id","reference");