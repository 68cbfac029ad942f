import { analyseByRules, classifyByRules } from '../../src/classify/rules/index.js';
import { createLocalClassifier } from '../../src/classify/classifier.js';
const local = createLocalClassifier();
const isJa = (t: string) => /[ぁ-んァ-ヶ一-龯ｦ-ﾟ]/.test(t);
for (const t of process.argv.slice(2)) {
  const locale = isJa(t) ? 'ja' : 'en';
  const req = { text: t, locale, now: locale === 'ja' ? '2026-11-20T10:00:00+09:00' : '2026-11-20T10:00:00-05:00', timezone: locale === 'ja' ? 'Asia/Tokyo' : 'America/New_York' } as const;
  const a = analyseByRules(req as any);
  const r = classifyByRules(req as any);
  const c = local(req as any);
  console.log(`${t}\n   norm=${JSON.stringify(a.n.text)} compact=${JSON.stringify(a.n.compact)}\n   rules=${r.intent} ${r.rule} ${r.confidence.toFixed(2)} ${JSON.stringify(r.entities)} sig=${a.signals.join(',')}\n   tiers=${c.intent} ${c.tier} ${c.rule} ${c.confidence.toFixed(2)} ${JSON.stringify(c.entities)} sus=${c.optOutSuspected ?? ''}`);
}
