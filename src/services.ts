import type { Logger } from 'pino';
import type { ReassignmentPolicy } from './campaigns/reassigned';
import type { PasswordHasher } from './auth/password';
import type { SmsProvider } from './channels/port';
import type { Router } from './channels/routing';
import type { Classifier } from './classify/port';
import type { FlowStore } from './conversation/flow-store';
import type { Database, Db } from './db/client';
import type { JobQueue } from './queue/port';
import type { Clock } from './shared/clock';
import type { RateLimits } from './config/rate-limits';

/** Everything a handler or a job needs, built once by the entry point and passed down. */
export interface Services {
  database: Database;
  db: Db;
  queue: JobQueue;
  /** The main adapter (SMS_PROVIDER): the default route, and what single-route code paths use. */
  provider: SmsProvider;
  /** Routing per debtor (SMS_ROUTES, rule 12, failover); absent = every number over `provider`. */
  router?: Router;
  /** Rules first, then the LLM when unsure; on LLM failure the rules' answer stands. */
  classifier: Classifier;
  /** The same, per flow policy `onLlmFailure`: keep the rules' answer, or hand to a person. */
  classifiers: Record<'rules' | 'human', Classifier>;
  /** Deterministic opt-out detection at ingress: never the LLM (invariant 3, COMPLIANCE rule 1). */
  isOptOut: (text: string) => boolean;
  /** START / 配信再開: routes the message to the opted-out conversation it re-subscribes. */
  isOptIn: (text: string) => boolean;
  clock: Clock;
  /** Password KDF behind a port: scrypt on Node, PBKDF2 (WebCrypto) on Workers. */
  passwords: PasswordHasher;
  flows: FlowStore;
  log: Logger;
  /** Reassigned-number check before a campaign's first send to an old consent (issue #15); none when unset. */
  reassignment?: ReassignmentPolicy;
  /** Aborted when the process begins to shut down: long-lived responses (the UI's change streams) end, so the server can close. */
  stopping?: AbortSignal;
  config: {
    publicBaseUrl: string;
    adminToken: string;
    paymentWebhookSecret?: string;
    sweepIntervalMs: number;
    /** How old a lost send's outcome is before it is reconciled with the provider (default 60 s). */
    reconcileAfterMs?: number;
    /** SEND_RATE_LIMITS parsed (src/config/rate-limits.ts); absent = the defaults (Twilio long code 1/s, short code/service 100/s). */
    sendRateLimits?: RateLimits;
  };
}
