DROP INDEX "timers_due_idx";--> statement-breakpoint
DROP INDEX "timers_conversation_idx";--> statement-breakpoint
CREATE INDEX "timers_due_idx" ON "timers" USING btree ("due_at") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "timers_conversation_idx" ON "timers" USING btree ("conversation_id") WHERE status = 'pending';