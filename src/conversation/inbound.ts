import { parseContactWindow } from '../compliance/contact-window';

/** The flow event a contact-time request becomes ("only after 6pm", COMPLIANCE rule 8). */
export const WINDOW = 'contact_window';
/** Marks, in secondary_intents, that a mixed message's contact window was already applied. */
export const WINDOW_APPLIED = 'contact_window:applied';

export interface ClassifiedInbound {
  intent: string | null;
  /** The deciding rule, as data: 'llm_failed' when the LLM failed under the "human" policy. */
  rule?: string | null;
  optOutSuspected?: boolean | null;
  secondaryIntents?: string[] | null;
}

/**
 * What is stored on an inbound message for a classification: a request about contact times is the
 * contact_window event; when the message also says something else, that is its primary intent and
 * the window is applied alongside it (secondary).
 */
export function storedClassification(body: string, c: { intent: string; explanation: string; secondary?: string[] }): { intent: string; explanation: string; secondaryIntents: string[] | null } {
  const window = c.intent !== 'stop' && c.intent !== 'start' ? parseContactWindow(body) : null;
  const alone = window !== null && (c.intent === 'other' || c.intent === 'human');
  const secondary = [...(c.secondary ?? []), ...(window && !alone ? [WINDOW] : [])];
  return {
    intent: alone ? WINDOW : c.intent,
    explanation: alone ? `contact_window: ${window.map((w) => `${w.days?.join(',') ?? '*'} ${w.from}-${w.to}`).join('; ')} (${c.explanation})` : c.explanation,
    secondaryIntents: secondary.length ? secondary : null,
  };
}

/**
 * The flow event a stored inbound message becomes. A possible opt-out the classifier could not
 * confirm (optOutSuspected) is `optout_unsure`, whatever its intent: the flow holds reminders and
 * asks, or hands the thread to a person (policy.unsureOptOut). A failed LLM under the "human"
 * policy arrives as intent human + rule llm_failed.
 */
export function eventTypeOf(m: ClassifiedInbound): string {
  if (m.optOutSuspected && m.intent !== 'stop' && m.intent !== 'start' && m.intent !== WINDOW) return 'optout_unsure';
  return m.intent === 'human' && m.rule === 'llm_failed' ? 'llm_failed' : (m.intent ?? 'other');
}

/** The events one classified message drives, in order: its pending contact window first, then its intent. */
export function inboundEvents(m: ClassifiedInbound): string[] {
  const type = eventTypeOf(m);
  return m.secondaryIntents?.includes(WINDOW) && type !== 'optout_unsure' ? [WINDOW, type] : [type];
}
