UPDATE "outbox" AS o SET "debtor_id" = c."debtor_id" FROM "conversations" AS c WHERE o."conversation_id" = c."id" AND o."kind" = 'reminder' AND o."debtor_id" IS NULL;--> statement-breakpoint
DROP INDEX "outbox_reminder_conversation_idx";--> statement-breakpoint
DROP INDEX "messages_provider_id_uq";--> statement-breakpoint
DROP INDEX "audit_type_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "messages_provider_id_uq" ON "messages" USING btree ("provider","provider_message_id") WHERE provider_message_id is not null;--> statement-breakpoint
CREATE INDEX "audit_type_idx" ON "audit_events" USING btree ("type") WHERE type in ('send.refused', 'send.held') or type like 'campaign.%';