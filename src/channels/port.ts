import { z } from 'zod';
import { MESSAGE_STATUSES } from '../../db/schema/messages';

/** Delivery status, ordered: a status callback may only move a message forward (COMPLIANCE rule 4). */
export const DeliveryStatus = z.enum(MESSAGE_STATUSES);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

export const InboundMessage = z.object({
  provider: z.string(),
  providerMessageId: z.string().min(1),
  from: z.string().min(1),
  to: z.string().min(1),
  body: z.string(),
  channel: z.enum(['sms', 'rcs']).default('sms'),
  /** RCS: the postbackData of a tapped suggestion (mapped straight to an intent, confidence 1.0). */
  postback: z.string().max(2048).optional(),
});
export type InboundMessage = z.infer<typeof InboundMessage>;

export const StatusUpdate = z.object({
  provider: z.string(),
  providerMessageId: z.string().min(1),
  status: DeliveryStatus,
  errorCode: z.string().optional(),
  channel: z.enum(['sms', 'rcs']).optional(),
  /** RCS READ receipt: the status stays 'delivered', the read time is recorded beside it. */
  read: z.boolean().optional(),
});
export type StatusUpdate = z.infer<typeof StatusUpdate>;

export interface OutboundRequest {
  to: string;
  body: string;
  /** Our outbox id; adapters that support idempotency pass it on. */
  idempotencyKey: string;
  statusCallbackUrl?: string;
  /** RCS adapters: the rich form of the same message (card + chips); SMS adapters send `body` alone. */
  rich?: RichCard;
}

/** A standalone rich card with suggested replies and one "open the payment link" action. */
export const RichCard = z.object({
  title: z.string().min(1).max(200),
  description: z.string().max(2000),
  /** Suggested replies: the text shown on the chip (≤ 25 chars) and the postback that comes back when tapped. */
  replies: z.array(z.object({ text: z.string().min(1).max(25), postback: z.string().min(1).max(2048) })).max(11),
  openUrl: z.object({ text: z.string().min(1).max(25), url: z.string().url(), postback: z.string().min(1).max(2048) }).optional(),
});
export type RichCard = z.infer<typeof RichCard>;

export type SendResult =
  | { ok: true; providerMessageId: string; channel: 'sms' | 'rcs'; status: DeliveryStatus }
  | {
      ok: false;
      retryable: boolean;
      error: string;
      /** The request may have reached the provider (timeout, unreadable 2xx): a retry could send twice. */
      mayHaveSent?: boolean;
      /** RCS: the number cannot receive RCS (any more): nothing was sent, the SMS route may take it. */
      notCapable?: boolean;
    };

export interface WebhookRequest {
  /** Full public URL the provider posted to (PUBLIC_BASE_URL + path + query). */
  url: string;
  headers: Record<string, string | undefined>;
  rawBody: string;
}

/** What the provider knows about an outbound we may have sent: found (with its id), none, or it cannot tell. */
export type SentLookup = { status: 'found'; providerMessageId: string } | { status: 'none' } | { status: 'unknown'; error: string };

/** One interface, several adapters (simulator, Twilio, a domestic JP provider, later SMPP). */
export interface SmsProvider {
  readonly name: string;
  /** The phone at the other end renders rich cards (RBM; the simulator's web phone): the sender passes `rich`. */
  readonly richCards?: boolean;
  /** The sending number or service this adapter sends from (a Twilio number or MG… service, a Rakuten sender ID): the throttle's key. */
  readonly sender?: string;
  send(req: OutboundRequest): Promise<SendResult>;
  /** Constant-time check of the provider's signature over the raw request. */
  verifySignature(req: WebhookRequest): Promise<boolean>;
  /** Throws nothing: a malformed body is `{ ok: false }`. */
  parseInbound(req: WebhookRequest): { ok: true; value: InboundMessage } | { ok: false; error: string };
  parseStatus(req: WebhookRequest): { ok: true; value: StatusUpdate } | { ok: false; error: string };
  /**
   * Optional: did a message with this body go to `to` at or after `since`? Used to reconcile a send
   * whose outcome we lost (a worker killed mid-send, a timeout). Adapters that cannot list leave it
   * out: such sends are held for a person instead (never sent twice).
   */
  findSent?(q: { to: string; body: string; since: Date; exclude?: string[] }): Promise<SentLookup>;
}

/** How far along each status is; the SQL of a status callback uses the same order (channels/status.ts). */
export const deliveryRank: Readonly<Record<DeliveryStatus, number>> = {
  queued: 0,
  held: 0,
  sending: 1,
  sent: 2,
  delivered: 3,
  undelivered: 3,
  failed: 3,
  refused: 3,
  received: 3,
  uncertain: 1,
};

/** Status moves forward only; terminal statuses never move back (nor sideways). */
export function isForwardMove(from: DeliveryStatus, to: DeliveryStatus): boolean {
  return deliveryRank[to] > deliveryRank[from];
}
