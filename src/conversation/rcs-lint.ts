import type { FlowDefinition } from '../flow/schema';

export interface RcsIssue {
  line?: number;
  path: string;
  severity: 'error' | 'warning';
  message: string;
}

/** Words that only make sense next to a card (the SMS fallback has no buttons). */
const CARD_WORDS = /ボタン|タップ|下記の選択肢|\b(tap|button|click below|chips?)\b/i;

/**
 * RCS forms (issue #13): each names a template that has SMS text in the flow's locale, has a title in
 * that locale, and its SMS text stands alone — it is also the fallback, so it carries the payment
 * link itself and never points at the card's buttons.
 */
export function lintRcs(flow: FlowDefinition): RcsIssue[] {
  const issues: RcsIssue[] = [];
  for (const [name, form] of Object.entries(flow.rcs ?? {})) {
    const path = `rcs.${name}`;
    const text = flow.templates[name]?.[flow.locale];
    if (text === undefined) {
      issues.push({ path, severity: 'error', message: `RCS form for "${name}", which has no ${flow.locale} SMS text: every RCS form needs its SMS form (the fallback)` });
      continue;
    }
    if (!form.title[flow.locale]) issues.push({ path: `${path}.title`, severity: 'error', message: `no ${flow.locale} title` });
    const texts = typeof text === 'string' ? [text] : text;
    texts.forEach((t, i) => {
      const tp = `templates.${name}.${flow.locale}${typeof text === 'string' ? '' : `.${i}`}`;
      if (!t.includes('{link}')) issues.push({ path: tp, severity: 'error', message: 'has an RCS form, so its SMS text is the fallback and must stand alone: add {link} (the card opens it with a button)' });
      if (CARD_WORDS.test(t)) issues.push({ path: tp, severity: 'error', message: 'refers to buttons or taps, which the SMS fallback does not have: the SMS text must stand alone' });
    });
  }
  return issues;
}
