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
  stop: { tp: number; fp: number; fn: number; precision: number; recall: number };
  misses: Miss[];
  meanMicros: number;
}

export function evaluate(lines: CorpusLine[], classify: (r: ClassifyRequest) => Classification): Report {
  const perIntent: Report['perIntent'] = {};
  const confusion: Report['confusion'] = {};
  const misses: Miss[] = [];
  let intentCorrect = 0;
  const dates = { total: 0, correct: 0 };
  const entities = { total: 0, correct: 0 };
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const line of lines) {
    const got = classify(requestOf(line));
    const p = (perIntent[line.intent] ??= { total: 0, correct: 0 });
    p.total++;
    const row = (confusion[line.intent] ??= {});
    row[got.intent] = (row[got.intent] ?? 0) + 1;
    if (got.intent === line.intent) {
      p.correct++;
      intentCorrect++;
    } else misses.push({ line, got, what: 'intent' });
    if (line.intent === 'stop' && got.intent === 'stop') tp++;
    else if (line.intent === 'stop') fn++;
    else if (got.intent === 'stop') fp++;
    if (line.date) {
      dates.total++;
      if (got.entities.date === line.date) dates.correct++;
      else misses.push({ line, got, what: 'date' });
    }
    for (const k of ['amount', 'installments', 'answer'] as const) {
      if (line[k] === undefined) continue;
      entities.total++;
      if (got.entities[k] === line[k]) entities.correct++;
      else misses.push({ line, got, what: k });
    }
  }
  // Timing: a separate warm loop, so the figure is the classifier's and not the bookkeeping's.
  const reqs = lines.map(requestOf);
  for (const r of reqs) classify(r);
  const rounds = 5;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) for (const r of reqs) classify(r);
  const meanMicros = Number(process.hrtime.bigint() - t0) / 1000 / (rounds * reqs.length);
  return {
    total: lines.length,
    intentCorrect,
    perIntent,
    confusion,
    dates,
    entities,
    stop: { tp, fp, fn, precision: tp + fp ? tp / (tp + fp) : 1, recall: tp + fn ? tp / (tp + fn) : 1 },
    misses,
    meanMicros,
  };
}
