import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluate, loadCorpus } from '../../../src/classify/evaluate.js';
import { classifyByRules } from '../../../src/classify/rules/index.js';

const fixtures = fileURLToPath(new URL('../../fixtures/', import.meta.url));

describe.each(['ja', 'en'])('golden corpus replies.%s.jsonl (rules only)', (lang) => {
  const lines = loadCorpus(`${fixtures}replies.${lang}.jsonl`);
  const report = evaluate(lines, classifyByRules);
  const misses = report.misses.map((m) => `${m.what}: ${JSON.stringify(m.line.text)} want ${m.what === 'intent' ? m.line.intent : String(m.line[m.what])} got ${m.what === 'intent' ? m.got.intent : String(m.got.entities[m.what])}`);

  it('is a realistic corpus: ≥220 lines, every intent ≥12 times', () => {
    expect(lines.length).toBeGreaterThanOrEqual(220);
    for (const [intent, p] of Object.entries(report.perIntent)) expect(p.total, intent).toBeGreaterThanOrEqual(12);
    expect(Object.keys(report.perIntent)).toHaveLength(12);
  });

  it('intent accuracy ≥ 92 %', () => {
    expect(report.intentCorrect / report.total, misses.join('\n')).toBeGreaterThanOrEqual(0.92);
  });

  it('date accuracy ≥ 95 % of dated lines', () => {
    expect(report.dates.total).toBeGreaterThan(30);
    expect(report.dates.correct / report.dates.total, misses.join('\n')).toBeGreaterThanOrEqual(0.95);
  });

  it('opt-out precision and recall are 100 %', () => {
    expect(report.stop.fn, misses.join('\n')).toBe(0);
    expect(report.stop.fp, misses.join('\n')).toBe(0);
  });

  it('every result is a valid Classification with a rule', () => {
    for (const l of lines.slice(0, 50)) {
      const r = classifyByRules({ text: l.text, locale: l.locale, now: l.now, timezone: l.timezone });
      expect(r.rule).toBeTruthy();
      expect(r.confidence).toBeGreaterThan(0);
      expect(r.confidence).toBeLessThanOrEqual(1);
      if (r.entities.date) expect(r.entities.date >= '2026-11-20').toBe(true);
    }
  });
});

// Held-out sets: written after the rules, before looking at what the rules cover (see
// docs/classifier.md "How we measure generalisation"). holdout-3 was first scored untouched; the
// figures kept here are the floor after fixing the gaps it showed — do not tune on a new set
// before recording its untouched score.
describe.each(['holdout-2.ja', 'holdout-2.en', 'holdout-3.ja', 'holdout-3.en'])('held-out set %s.jsonl (rules only)', (name) => {
  const lines = loadCorpus(`${fixtures}${name}.jsonl`);
  const report = evaluate(lines, classifyByRules);
  const misses = report.misses.map((m) => `${m.what}: ${JSON.stringify(m.line.text)} want ${m.what === 'intent' ? m.line.intent : String(m.line[m.what])} got ${m.what === 'intent' ? m.got.intent : String(m.got.entities[m.what])}`);

  it('covers every intent', () => {
    expect(Object.keys(report.perIntent)).toHaveLength(12);
    expect(report.dates.total).toBeGreaterThanOrEqual(7);
  });

  it('intent accuracy ≥ 92 %', () => {
    expect(report.intentCorrect / report.total, misses.join('\n')).toBeGreaterThanOrEqual(0.92);
  });

  it('date accuracy ≥ 95 % of dated lines', () => {
    expect(report.dates.correct / report.dates.total, misses.join('\n')).toBeGreaterThanOrEqual(0.95);
  });

  it('opt-out precision and recall are 100 %', () => {
    expect(report.stop.fn, misses.join('\n')).toBe(0);
    expect(report.stop.fp, misses.join('\n')).toBe(0);
  });
});
