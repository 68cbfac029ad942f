ALTER TABLE "messages" ADD COLUMN "rule" text;--> statement-breakpoint
-- Messages classified before the column: an LLM failure under the "human" policy said so only in its explanation.
UPDATE "messages" SET "rule" = 'llm_failed' WHERE "intent" = 'human' AND "explanation" LIKE 'llm_failed%';
