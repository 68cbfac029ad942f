import { sql } from 'drizzle-orm';
import { bigserial, boolean, index, integer, jsonb, pgTable, real, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ts } from './columns';
import { conversations } from './conversations';

/** Delivery status, ordered in channels/port.ts: a status callback may only move a message forward (COMPLIANCE rule 4). */
export const MESSAGE_STATUSES = [
  'queued',
  'held',
  'sending',
  'sent',
  'delivered',
  'undelivered',
  'failed',
  'refused',
  'received',
  /** A send that may or may not have reached the provider and could not be reconciled: a person decides. */
  'uncertain',
] as const;

export const messages = pgTable(
  'messages',
  {
    id: id(),
    /** Arrival order: created_at is the (possibly simulated) clock's time, seq breaks its ties. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    conversationId: uuid('conversation_id').references(() => conversations.id),
    direction: text('direction').$type<'inbound' | 'outbound'>().notNull(),
    channel: text('channel').$type<'sms' | 'rcs'>().notNull().default('sms'),
    /** The other party's E.164 number. */
    phone: text('phone').notNull(),
    body: text('body').notNull(),
    provider: text('provider').notNull(),
    providerMessageId: text('provider_message_id'),
    status: text('status', { enum: MESSAGE_STATUSES }).notNull(),
    segments: integer('segments').notNull().default(1),
    intent: text('intent'),
    confidence: real('confidence'),
    classifiedBy: text('classified_by'),
    entities: jsonb('entities').$type<Record<string, unknown>>(),
    explanation: text('explanation'),
    /** Inbound: which classifier tier decided (keyword | rules | model | llm). */
    tier: text('tier'),
    /** Inbound: the deciding rule as data (e.g. `llm_failed`), so no one parses `explanation`. */
    rule: text('rule'),
    /** Inbound: other intents the message also carries (and 'contact_window'), primary first. */
    secondaryIntents: jsonb('secondary_intents').$type<string[]>(),
    /** Inbound: might be an opt-out (below the threshold): the flow sends no further reminder. */
    optOutSuspected: boolean('opt_out_suspected').notNull().default(false),
    /** Inbound: set once the conversation machine has consumed it. */
    processedAt: ts('processed_at'),
    /** Outbound: who asked for it (bot | collector:<id> | system). */
    author: text('author'),
    template: text('template'),
    /**
     * Outbound from a template that words a date relative to the send day ({dueStatus}…): the text
     * with every other placeholder filled and the dates, so the sender words it for the day it sends.
     */
    deferredRender: jsonb('deferred_render').$type<{ text: string; dates: Partial<Record<'due' | 'promise' | 'installment', string>>; locale: 'ja' | 'en' }>(),
    /** Outbound RCS: the rich card the debtor was shown (title, description, chips, pay action), as sent. */
    rich: jsonb('rich').$type<{ title: string; description: string; replies: { text: string; postback: string }[]; openUrl?: { text: string; url: string; postback: string } }>(),
    errorCode: text('error_code'),
    /** RCS: when the debtor's phone reported the message READ (a flow can act on "read but no reply"). */
    readAt: ts('read_at'),
    createdAt: createdAt(),
  },
  (t) => [
    // Only rows the provider has named: an outbound is written queued without an id (one index entry
    // per message saved at firing and at the claim; decision 0145). Lookups by id (status callbacks,
    // ingress's ON CONFLICT, which names this predicate) imply it.
    uniqueIndex('messages_provider_id_uq').on(t.provider, t.providerMessageId).where(sql`provider_message_id is not null`),
    index('messages_conversation_idx').on(t.conversationId, t.seq),
    index('messages_unprocessed_idx')
      .on(t.conversationId, t.seq)
      .where(sql`direction = 'inbound' and processed_at is null`),
  ],
);
