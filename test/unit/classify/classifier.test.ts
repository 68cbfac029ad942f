import { describe, expect, it } from 'vitest';
import { createClassifier as createTiered, rulesClassifier } from '../../../src/classify/classifier.js';
import { LlmClassifierError } from '../../../src/classify/llm.js';
import type { Classification, Classifier, ClassifyRequest } from '../../../src/classify/port.js';
import { NOW_EN } from './helpers.js';

const req = (text: string): ClassifyRequest => ({ text, locale: 'en', now: NOW_EN, timezone: 'America/New_York' });

function scripted(answer: Partial<Classification> | Error): Classifier & { calls: number } {
  const c = {
    calls: 0,
    async classify(): Promise<Classification> {
      c.calls++;
      if (answer instanceof Error) throw answer;
      return { intent: 'other', confidence: 0.9, classifiedBy: 'llm', tier: 'llm', entities: {}, explanation: 'llm test', rule: 'test-model', ...answer };
    },
  };
  return c;
}

describe('createClassifier without the model tier (rules first, LLM when unsure)', () => {
  const createClassifier = (o: Parameters<typeof createTiered>[0] = {}) => createTiered({ model: null, ...o });
  it('without an LLM is the rules classifier', async () => {
    const c = createClassifier();
    expect(await c.classify(req('I already paid'))).toEqual(await rulesClassifier.classify(req('I already paid')));
    expect((await c.classify(req('I already paid'))).tier).toBe('rules');
  });

  it('does not ask the LLM when the rules are sure', async () => {
    const llm = scripted({ intent: 'dispute' });
    const r = await createClassifier({ llm }).classify(req('I already paid'));
    expect(r).toMatchObject({ intent: 'paid', classifiedBy: 'rules' });
    expect(llm.calls).toBe(0);
  });

  it('asks the LLM when the rules say other', async () => {
    const llm = scripted({ intent: 'hardship', confidence: 0.8 });
    // (Round 5: "the car is in the shop and the kids need new shoes" is hardship by the rules now.)
    const r = await createClassifier({ llm }).classify(req('the weather has been strange and my neighbour keeps a goat'));
    expect(r).toMatchObject({ intent: 'hardship', classifiedBy: 'llm' });
    expect(llm.calls).toBe(1);
  });

  it('never asks the LLM about STOP or START, and never takes stop/start from it', async () => {
    const llm = scripted({ intent: 'pay' });
    const c = createClassifier({ llm, minRuleConfidence: 1 });
    expect((await c.classify(req('STOP'))).intent).toBe('stop');
    expect((await c.classify(req('START'))).intent).toBe('start');
    expect(llm.calls).toBe(0);
    const sayStop = scripted({ intent: 'stop', confidence: 0.95 });
    const r = await createClassifier({ llm: sayStop }).classify(req('the weather is nice'));
    expect(r.intent).toBe('human');
  });

  it('keeps a yes/no context answer without the LLM', async () => {
    const llm = scripted({ intent: 'pay' });
    const r = await createClassifier({ llm }).classify({ ...req('yes'), context: { expecting: 'yes_no' } });
    expect(r.entities.answer).toBe('yes');
    expect(llm.calls).toBe(0);
  });

  it('on LLM failure keeps the rules answer (policy rules) or goes to a person (policy human)', async () => {
    const boom = new LlmClassifierError('timeout', 'llm request timed out', true);
    const a = await createClassifier({ llm: scripted(boom) }).classify(req('the weather is nice'));
    expect(a).toMatchObject({ intent: 'other', classifiedBy: 'rules' });
    expect(a.explanation).toContain('llm_failed: llm request timed out');
    const b = await createClassifier({ llm: scripted(boom), onLlmFailure: 'human' }).classify(req('the weather is nice'));
    expect(b).toMatchObject({ intent: 'human' });
    expect(b.explanation).toMatch(/^llm_failed: /);
  });
});
