/**
 * Prints how the local tiers read each text (stdin, one per line; a line that has kana/kanji is ja): intent, tier,
 * confidence, the rule, the rules' own answer and the model's top three. For iterating on families.
 *   printf 'paid it\n払いました\n' | npx tsx scripts/classifier/probe.ts [--model=<artefact.json>]
 */
import { readFileSync } from 'node:fs';
import { createLocalClassifier } from '../../src/classify/classifier.js';
import { loadLinearModel } from '../../src/classify/model/linear.js';
import { defaultModel } from '../../src/classify/model/default.js';
import { analyseByRules, classifyByRules } from '../../src/classify/rules/index.js';
import type { ClassifyRequest } from '../../src/classify/port.js';

const modelPath = process.argv.find((a) => a.startsWith('--model='))?.slice(8);
const model = modelPath ? loadLinearModel(JSON.parse(readFileSync(modelPath, 'utf8'))) : defaultModel();
const classify = createLocalClassifier({ model });
const INTENTS = model.classes;
for (const text of readFileSync(0, 'utf8').split('\n').filter((t) => t.trim())) {
  const ja = /[ぁ-んァ-ヶ一-龯ｦ-ﾟ]/.test(text);
  const req: ClassifyRequest = ja
    ? { text, locale: 'ja', now: '2026-11-20T10:00:00+09:00', timezone: 'Asia/Tokyo' }
    : { text, locale: 'en', now: '2026-11-20T10:00:00-05:00', timezone: 'America/New_York' };
  const c = classify(req);
  const r = classifyByRules(req);
  const a = analyseByRules(req);
  const p = [...model.predict({ n: a.n, locale: req.locale, signals: a.signals }).probs];
  const top = p.map((v, i) => [INTENTS[i], v] as const).sort((x, y) => y[1] - x[1]).slice(0, 3).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ');
  console.log(`${c.intent.padEnd(12)} ${(c.tier ?? '').padEnd(7)} ${c.confidence.toFixed(2)} | rules ${r.intent} ${r.confidence.toFixed(2)} ${r.rule ?? ''} | model ${top}${c.optOutSuspected ? ' | OPT?' : ''} | ${text}`);
}
