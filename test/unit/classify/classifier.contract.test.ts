/**
 * The classifier port's contract, run against every implementation: rules only, the trained tier
 * (keywords → rules → model), the LLM adapter over the real SDK against test/support/fake-openai.ts,
 * and the engine's combination of them. Whatever answers, the engine can rely on the same shape.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClassifier, rulesClassifier } from '../../../src/classify/classifier.js';
import { createLlmClassifier } from '../../../src/classify/llm.js';
import { Classification, ClassifyInput, type Classifier } from '../../../src/classify/port.js';
import { llmAnswer, startFakeOpenAI, type FakeOpenAI } from '../../support/fake-openai';

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
  fake.script = { content: llmAnswer({ intent: 'extend', date: '2026-11-25', explanation: 'asks for time until the 25th' }) };
});
afterAll(async () => fake?.close());

const llm = () => createLlmClassifier({ apiKey: 'test-key', baseURL: fake.baseURL, model: 'test-model', maxRetries: 0 });
const impls: Array<[string, () => Classifier]> = [
  ['rules only', () => rulesClassifier],
  ['trained (keywords, rules, model)', () => createClassifier()],
  ['LLM adapter (fake OpenAI)', llm],
  ['engine combination with the LLM', () => createClassifier({ llm: llm() })],
];

const NOW = '2026-11-20T10:00:00+09:00';
const inputs = [
  ClassifyInput.parse({ text: '払いました', locale: 'ja', now: NOW, timezone: 'Asia/Tokyo' }),
  ClassifyInput.parse({ text: '25日まで待ってもらえますか', locale: 'ja', now: NOW, timezone: 'Asia/Tokyo' }),
  ClassifyInput.parse({ text: 'STOP', locale: 'en', now: NOW, timezone: 'America/New_York' }),
  ClassifyInput.parse({ text: 'can I split it', locale: 'en', now: NOW, timezone: 'America/New_York', context: { expecting: 'none' } }),
  ClassifyInput.parse({ text: '3', locale: 'en', now: NOW, timezone: 'America/New_York', context: { expecting: 'installment_choice', options: [2, 3, 6] } }),
  ClassifyInput.parse({ text: '🙂', locale: 'ja', now: NOW, timezone: 'Asia/Tokyo' }),
];

describe.each(impls)('classifier contract: %s', (_name, make) => {
  it('answers every input with a valid Classification (intent, confidence 0..1, entities, explanation)', async () => {
    const c = make();
    for (const input of inputs) {
      const r = await c.classify(input);
      expect(() => Classification.parse(r), input.text).not.toThrow();
      expect(r.explanation.length, input.text).toBeGreaterThan(0);
    }
  });

  it('says who decided consistently: classifiedBy "llm" exactly when the tier is llm', async () => {
    const c = make();
    for (const input of inputs) {
      const r = await c.classify(input);
      expect(r.classifiedBy === 'llm', input.text).toBe(r.tier === 'llm');
    }
  });

  it('a date it reads is a calendar date, never before today in the debtor’s zone', async () => {
    const c = make();
    for (const input of inputs) {
      const d = (await c.classify(input)).entities.date;
      if (d) expect(d >= '2026-11-20', `${input.text} → ${d}`).toBe(true);
    }
  });

  it('the same input gives the same answer', async () => {
    const c = make();
    for (const input of inputs) expect(await c.classify(input)).toEqual(await c.classify(input));
  });
});

describe('classifier contract: opt-out has legal weight', () => {
  it.each(impls.filter(([n]) => n !== 'LLM adapter (fake OpenAI)'))('%s reads "STOP" as stop, by rules', async (_n, make) => {
    const r = await make().classify(inputs[2]!);
    expect(r).toMatchObject({ intent: 'stop', classifiedBy: 'rules' });
  });
});
