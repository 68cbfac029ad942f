/**
 * `npm run eval:classifier` — figures on labelled corpora: accuracy per intent, confusion matrix,
 * date accuracy, opt-out precision/recall, time per classification, and which tier decided.
 *
 *   (default)            keywords → rules → trained model (no LLM), on the golden corpus
 *   --rules              rules only (what the golden tests hold)
 *   --llm                all tiers, the LLM at OPENAI_BASE_URL / OPENAI_MODEL (OPENAI_API_KEY)
 *                        when the local tiers are unsure; prints tokens and latency too
 *   --corpus <path>      (repeatable) score these files instead, e.g. a held-out set
 *   --holdouts           score every test/fixtures/holdout-*.jsonl
 *   --misses             list every miss
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createClassifier, createLocalClassifier } from '../src/classify/classifier.js';
import { evaluate, evaluateAsync, loadCorpus, type Report } from '../src/classify/evaluate.js';
import { createLlmClassifier, type LlmUsage } from '../src/classify/llm.js';
import { Intent } from '../src/classify/port.js';
import { classifyByRules } from '../src/classify/rules/index.js';

const pct = (a: number, b: number) => (b ? ((100 * a) / b).toFixed(1) : '—').padStart(6);
type Mode = 'rules' | 'local' | 'llm';

export function printReport(name: string, r: Report, mode: Mode, showMisses: boolean, log: (s: string) => void = console.log): void {
  log(`\n## ${name}: ${r.total} replies (${mode === 'rules' ? 'rules only' : mode === 'llm' ? 'all tiers incl. LLM' : 'keywords + rules + model, no LLM'})`);
  log(`intent accuracy ${pct(r.intentCorrect, r.total)} %   date accuracy ${pct(r.dates.correct, r.dates.total)} % (${r.dates.correct}/${r.dates.total})   amount/count/answer ${pct(r.entities.correct, r.entities.total)} % (${r.entities.correct}/${r.entities.total})`);
  log(`opt-out precision ${pct(r.stop.tp, r.stop.tp + r.stop.fp)} %   recall ${pct(r.stop.tp, r.stop.tp + r.stop.fn)} %   (tp ${r.stop.tp}, fp ${r.stop.fp}, fn ${r.stop.fn});   recall counting the "might be an opt-out" band (never another reminder) ${pct(r.stop.tp + r.stop.fnSuspected, r.stop.tp + r.stop.fn)} %`);
  log(`mean ${r.meanMicros.toFixed(1)} µs per classification${r.llm ? `; LLM calls ${r.llm.calls}, mean ${r.llm.meanMs.toFixed(0)} ms, p95 ${r.llm.p95Ms.toFixed(0)} ms, tokens in ${r.llm.promptTokens} / out ${r.llm.completionTokens} (${(r.llm.calls ? (r.llm.promptTokens + r.llm.completionTokens) / r.llm.calls : 0).toFixed(0)} per call), failures ${r.llm.failures}` : ''}`);
  log('\ntier        decided  share  accuracy');
  for (const [t, v] of Object.entries(r.perTier)) log(`${t.padEnd(10)} ${String(v.total).padStart(8)} ${pct(v.total, r.total)} % ${pct(v.correct, v.total)} %`);
  log('\nintent        n   accuracy');
  for (const i of Intent.options) {
    const p = r.perIntent[i];
    if (p) log(`${i.padEnd(12)} ${String(p.total).padStart(3)} ${pct(p.correct, p.total)} %`);
  }
  const cols = Intent.options.map((i) => i.slice(0, 5));
  log(`\nconfusion (rows expected, columns got)\n${''.padEnd(12)}${cols.map((c) => c.padStart(6)).join('')}`);
  for (const e of Intent.options) {
    const row = r.confusion[e];
    if (!row) continue;
    log(`${e.padEnd(12)}${Intent.options.map((g) => String(row[g] ?? '.').padStart(6)).join('')}`);
  }
  if (showMisses) {
    log('\nmisses');
    for (const m of r.misses) {
      const want = m.what === 'intent' ? m.line.intent : String(m.line[m.what]);
      const got = m.what === 'intent' ? m.got.intent : String(m.got.entities[m.what]);
      log(`  [${m.what}] want ${want} got ${got} (${m.got.tier} ${m.got.rule}${m.got.optOutSuspected ? ', opt-out suspected' : ''})  ${JSON.stringify(m.line.text)}`);
    }
  }
}

/** The whole command, callable in-process (the test runs it against the fake OpenAI server). */
export async function runEval(args: string[], env: NodeJS.ProcessEnv, log: (s: string) => void = console.log): Promise<void> {
  const showMisses = args.includes('--misses');
  const mode: Mode = args.includes('--llm') ? 'llm' : args.includes('--rules') ? 'rules' : 'local';
  const fixtures = fileURLToPath(new URL('../test/fixtures/', import.meta.url));
  const corpora: string[] = [];
  args.forEach((a, i) => {
    if (a === '--corpus') {
      const path = args[i + 1];
      if (!path) throw new Error('--corpus needs a path');
      corpora.push(path);
    } else if (a.startsWith('--corpus=')) corpora.push(a.slice('--corpus='.length));
  });
  if (args.includes('--holdouts')) for (const f of readdirSync(fixtures).filter((f) => /^holdout-\d+\.(ja|en)\.jsonl$/.test(f)).sort()) corpora.push(fixtures + f);
  if (!corpora.length) for (const lang of ['ja', 'en']) corpora.push(`${fixtures}replies.${lang}.jsonl`);

  if (mode === 'llm') {
    const baseURL = env.OPENAI_BASE_URL;
    const model = env.OPENAI_MODEL;
    if (!model) throw new Error('--llm needs OPENAI_MODEL (and OPENAI_BASE_URL for a non-OpenAI endpoint)');
    const usage: LlmUsage[] = [];
    const llm = createLlmClassifier({ apiKey: env.OPENAI_API_KEY ?? 'none', model, ...(baseURL && { baseURL }), timeoutMs: Number(env.OPENAI_TIMEOUT_MS ?? 10_000), onUsage: (u) => usage.push(u) });
    const classifier = createClassifier({ llm });
    for (const path of corpora) {
      usage.length = 0;
      printReport(path, await evaluateAsync(loadCorpus(path), (r) => classifier.classify(r), usage), mode, showMisses, log);
    }
    return;
  }
  const classify = mode === 'rules' ? classifyByRules : createLocalClassifier();
  for (const path of corpora) printReport(path, evaluate(loadCorpus(path), classify), mode, showMisses, log);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await runEval(process.argv.slice(2), process.env);
