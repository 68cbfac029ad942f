/**
 * Proof that a speed change leaves every answer as it was (issue #9, speed9): classifies every line of
 * test/fixtures/*.jsonl and data/classifier/*.jsonl with the local classifier (keywords → rules → model, with the
 * line's context), the rules alone and the ingress keyword check, and writes one JSON line per line. Run it on the old
 * tree with --write, on the new one with --against: it prints every line whose intent, confidence, tier, entities
 * (or anything else in the answer: rule, explanation, secondary, optOutSuspected), the normalised text or the model's
 * probabilities (exact) differ, and exits 1 if any does.
 *
 *   npx tsx scripts/classifier/same-answers.ts --write=/tmp/old.jsonl          # on the old tree
 *   npx tsx scripts/classifier/same-answers.ts --against=/tmp/old.jsonl        # on the new tree
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createLocalClassifier } from '../../src/classify/classifier.js';
import { defaultModel } from '../../src/classify/model/default.js';
import { analyseByRules, classifyByRules, detectOptKeyword } from '../../src/classify/rules/index.js';
import type { ClassifyRequest } from '../../src/classify/port.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const classify = createLocalClassifier();
const model = defaultModel();

const files = ['test/fixtures/', 'data/classifier/'].flatMap((dir) =>
  readdirSync(root + dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .map((f) => dir + f),
);
const out: string[] = [];
for (const file of files) {
  readFileSync(root + file, 'utf8')
    .split('\n')
    .forEach((raw, i) => {
      if (!raw.trim()) return;
      const l = JSON.parse(raw) as ClassifyRequest;
      if (typeof l.text !== 'string') return;
      const req: ClassifyRequest = { text: l.text, locale: l.locale, now: l.now, timezone: l.timezone, ...(l.context && { context: l.context }) };
      // Without a context too: the rules read bare refusals and answers differently with none.
      const bare: ClassifyRequest = { text: l.text, locale: l.locale, now: l.now, timezone: l.timezone };
      // The model's whole probability vector, to the last bit (JSON prints a double exactly): a feature or summing
      // change that moved no answer still shows here.
      const a = analyseByRules(req);
      const probs = [...model.predict({ n: a.n, locale: req.locale, signals: a.signals }).probs];
      out.push(JSON.stringify({ at: `${file}:${i + 1}`, local: classify(req), localBare: classify(bare), rules: classifyByRules(req), ingress: detectOptKeyword(l.text), n: a.n, probs }));
    });
}

const write = arg('write');
const against = arg('against');
if (write) {
  writeFileSync(write, out.join('\n') + '\n');
  console.log(`${out.length} lines written to ${write}`);
} else if (against) {
  const old = readFileSync(against, 'utf8').split('\n').filter(Boolean);
  let diffs = 0;
  if (old.length !== out.length) {
    console.log(`line count differs: old ${old.length}, new ${out.length}`);
    diffs++;
  }
  for (let i = 0; i < Math.min(old.length, out.length); i++) {
    if (old[i] === out[i]) continue;
    diffs++;
    if (diffs <= 20) console.log(`- ${old[i]}\n+ ${out[i]}`);
  }
  console.log(`${out.length} lines compared with ${against}: ${diffs} difference(s)`);
  process.exit(diffs ? 1 : 0);
} else {
  console.error('--write=FILE or --against=FILE');
  process.exit(2);
}
