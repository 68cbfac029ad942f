/**
 * Scoring a classifier against a labelled corpus (test/fixtures/replies.*.jsonl). Shared by the
 * golden test and `npm run eval:classifier`, so both report the same figures.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ClassifyContext, Intent, Locale, type Classification, type ClassifyRequest } from './port.js';

export const CorpusLine = z.object({
  text: z.string(),
  intent: Intent,
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  amount: z.number().positive().optional(),
  installments: z.number().int().positive().optional(),
  answer: z.enum(['yes', 'no']).optional(),
  context: ClassifyContext.optional(),
  locale: Locale,
  now: z.string(),
  timezone: z.string(),
});
export type CorpusLine = z.infer<typeof CorpusLine>;

export function loadCorpus(path: string): CorpusLine[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      const parsed = CorpusLine.safeParse(JSON.parse(l));
      if (!parsed.success) throw new Error(`${path}:${i + 1}: ${parsed.error.message}`);
      return parsed.data;
    });
}

export function requestOf(line: CorpusLine): ClassifyRequest {
  return {
    text: line.text,
    locale: line.locale,
    now: line.now,
    timezone: line.timezone,
    ...(line.context && { context: line.context }),
  };
}

export interface Miss {
  line: CorpusLine;
  got: Classification;
  what: 'intent' | 'date' | 'amount' | 'installments' | 'answer';
}

export interface Report {
  total: number;
  intentCorrect: number;
  perIntent: Record<string, { total: number; correct: number }>;
  /** confusion[expected][got] */
  confusion: Record<string, Record<string, number>>;
  dates: { total: number; correct: number };
  entities: { total: number; correct: number };
  /** fnSuspected: missed opt-outs that were still marked optOutSuspected (no reminder follows). */
  stop: { tp: number; fp: number; fn: number; fnSuspected: number; precision: number; recall: number; bandRecall: number };
  /** Which tier decided, and how often it was right. */
  perTier: Record<string, { total: number; correct: number }>;
  misses: Miss[];
  meanMicros: number;
  llm?: { calls: number; failures: number; meanMs: number; p95Ms: number; promptTokens: number; completionTokens: number };
}

interface Tally {
  perIntent: Report['perIntent'];
  confusion: Report['confusion'];
  perTier: Report['perTier'];
  misses: Miss[];
  intentCorrect: number;
  dates: { total: number; correct: number };
  entities: { total: number; correct: number };
  tp: number;
  fp: number;
  fn: number;
  fnSuspected: number;
}

function tally(): Tally {
  return { perIntent: {}, confusion: {}, perTier: {}, misses: [], intentCorrect: 0, dates: { total: 0, correct: 0 }, entities: { total: 0, correct: 0 }, tp: 0, fp: 0, fn: 0, fnSuspected: 0 };
}

function score(t: Tally, line: CorpusLine, got: Classification): void {
  const p = (t.perIntent[line.intent] ??= { total: 0, correct: 0 });
  p.total++;
  const tier = (t.perTier[got.tier ?? got.classifiedBy] ??= { total: 0, correct: 0 });
  tier.total++;
  const row = (t.confusion[line.intent] ??= {});
  row[got.intent] = (row[got.intent] ?? 0) + 1;
  if (got.intent === line.intent) {
    p.correct++;
    tier.correct++;
    t.intentCorrect++;
  } else t.misses.push({ line, got, what: 'intent' });
  if (line.intent === 'stop' && got.intent === 'stop') t.tp++;
  else if (line.intent === 'stop') {
    t.fn++;
    if (got.optOutSuspected) t.fnSuspected++;
  } else if (got.intent === 'stop') t.fp++;
  if (line.date) {
    t.dates.total++;
    if (got.entities.date === line.date) t.dates.correct++;
    else t.misses.push({ line, got, what: 'date' });
  }
  for (const k of ['amount', 'installments', 'answer'] as const) {
    if (line[k] === undefined) continue;
    t.entities.total++;
    if (got.entities[k] === line[k]) t.entities.correct++;
    else t.misses.push({ line, got, what: k });
  }
}

function report(lines: CorpusLine[], t: Tally, meanMicros: number): Report {
  const { tp, fp, fn, fnSuspected } = t;
  return {
    total: lines.length,
    intentCorrect: t.intentCorrect,
    perIntent: t.perIntent,
    confusion: t.confusion,
    dates: t.dates,
    entities: t.entities,
    stop: { tp, fp, fn, fnSuspected, precision: tp + fp ? tp / (tp + fp) : 1, recall: tp + fn ? tp / (tp + fn) : 1, bandRecall: tp + fn ? (tp + fnSuspected) / (tp + fn) : 1 },
    perTier: t.perTier,
    misses: t.misses,
    meanMicros,
  };
}

/** Tokens and latency of one LLM call, reported by createLlmClassifier's onUsage. */
export interface LlmCallUsage {
  ms: number;
  promptTokens: number;
  completionTokens: number;
  ok: boolean;
}

/** The same figures for an async classifier (all tiers, LLM included); `usage` is filled by the LLM's onUsage. */
export async function evaluateAsync(lines: CorpusLine[], classify: (r: ClassifyRequest) => Promise<Classification>, usage: LlmCallUsage[]): Promise<Report> {
  const t = tally();
  const t0 = process.hrtime.bigint();
  for (const line of lines) score(t, line, await classify(requestOf(line)));
  const meanMicros = Number(process.hrtime.bigint() - t0) / 1000 / Math.max(1, lines.length);
  const ms = usage.map((u) => u.ms).sort((a, b) => a - b);
  return {
    ...report(lines, t, meanMicros),
    llm: {
      calls: usage.length,
      failures: usage.filter((u) => !u.ok).length,
      meanMs: ms.length ? ms.reduce((a, b) => a + b, 0) / ms.length : 0,
      p95Ms: ms.length ? (ms[Math.min(ms.length - 1, Math.floor(ms.length * 0.95))] as number) : 0,
      promptTokens: usage.reduce((a, u) => a + u.promptTokens, 0),
      completionTokens: usage.reduce((a, u) => a + u.completionTokens, 0),
    },
  };
}

export function evaluate(lines: CorpusLine[], classify: (r: ClassifyRequest) => Classification): Report {
  const t = tally();
  for (const line of lines) score(t, line, classify(requestOf(line)));
  // Timing: a separate warm loop, so the figure is the classifier's and not the bookkeeping's.
  const reqs = lines.map(requestOf);
  for (const r of reqs) classify(r);
  const rounds = 5;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) for (const r of reqs) classify(r);
  const meanMicros = Number(process.hrtime.bigint() - t0) / 1000 / (rounds * reqs.length);
  return report(lines, t, meanMicros);
}
