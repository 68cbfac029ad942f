/**
 * `npm run eval:classifier -- --llm` against the local OpenAI-compatible fake: the held-out lines
 * go through every tier, the unsure ones to the LLM, and the report names each tier's share and
 * accuracy, the LLM's latency and its tokens.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEval } from '../../scripts/eval-classifier';
import { llmAnswer, startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai';

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(async () => fake.close());

const line = (text: string, intent: string) => JSON.stringify({ text, intent, locale: 'en', now: '2026-11-20T10:00:00-05:00', timezone: 'America/New_York' });

describe('eval:classifier --llm', () => {
  it('reports accuracy and share per tier, LLM latency and tokens', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eval-llm-'));
    const corpus = join(dir, 'set.en.jsonl');
    // One keyword, one rules, one nobody is sure of (the LLM gets it, and says hardship).
    writeFileSync(corpus, [line('STOP', 'stop'), line('I already paid', 'paid'), line('xq zzv brr', 'hardship')].join('\n') + '\n');
    fake.script = { content: llmAnswer({ intent: 'hardship' }), usage: { prompt_tokens: 420, completion_tokens: 31 } };
    fake.requests = [];
    const out: string[] = [];
    await runEval(['--llm', '--corpus', corpus], { OPENAI_BASE_URL: fake.baseURL, OPENAI_MODEL: 'test-model', OPENAI_API_KEY: 'k' }, (s) => out.push(s));
    const text = out.join('\n');
    expect(fake.requests).toHaveLength(1);
    expect(text).toMatch(/intent accuracy\s+100\.0 %/);
    expect(text).toMatch(/LLM calls 1, mean \d+ ms, p95 \d+ ms, tokens in 420 \/ out 31 \(451 per call\), failures 0/);
    expect(text).toMatch(/^keyword\s+1\s+33\.3 %\s+100\.0 %$/m);
    expect(text).toMatch(/^rules\s+1\s+33\.3 %\s+100\.0 %$/m);
    expect(text).toMatch(/^llm\s+1\s+33\.3 %\s+100\.0 %$/m);
  });

  it('needs OPENAI_MODEL', async () => {
    await expect(runEval(['--llm'], {}, () => {})).rejects.toThrow(/OPENAI_MODEL/);
  });
});
