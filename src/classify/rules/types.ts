import type { Intent } from '../port.js';

/** Facts a reply can carry; most are intents, a few only steer the decision. */
export type SignalKind =
  | Exclude<Intent, 'stop' | 'start' | 'other'>
  | 'paid_partial'
  | 'not_paid'
  /** An instalment plan mentioned only to decline it or ask about an existing one. */
  | 'not_installment'
  /** A question about what replying STOP does to the debt: decided as `other` before anything else. */
  | 'about_stop'
  /** "I never said I'd pay": denies a promise; decided as `other` right after about_stop. */
  | 'no_promise'
  | 'ack';

export interface Signal {
  /** Stable rule id, reported in `Classification.rule` ("ja.paid.past"). */
  id: string;
  kind: SignalKind;
  re: RegExp;
  /** How sure this signal alone makes us (becomes the confidence when it decides). */
  strength: number;
}

export interface Hit {
  signal: Signal;
  index: number;
  matched: string;
}
