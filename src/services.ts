import type { Logger } from 'pino';
import type { SmsProvider } from './channels/port';
import type { Classifier } from './classify/port';
import type { FlowStore } from './conversation/flow-store';
import type { Database, Db } from './db/client';
import type { JobQueue } from './jobs/port';
import type { Clock } from './shared/clock';

/** Everything a handler or a job needs, built once by the entry point and passed down. */
export interface Services {
  database: Database;
  db: Db;
  queue: JobQueue;
  provider: SmsProvider;
  classifier: Classifier;
  /** Deterministic opt-out detection at ingress: never the LLM (invariant 3, COMPLIANCE rule 1). */
  isOptOut: (text: string) => boolean;
  clock: Clock;
  flows: FlowStore;
  log: Logger;
  config: {
    publicBaseUrl: string;
    adminToken: string;
    paymentWebhookSecret?: string;
    sweepIntervalMs: number;
  };
}
