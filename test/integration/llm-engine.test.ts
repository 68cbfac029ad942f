import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { debtPayload, jpMobile, startHarness, type Harness } from '../support/harness';
import { llmAnswer, startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai';

/** The conversation engine reading replies through the real openai SDK, against a loopback server. */
describe('engine with the LLM classifier', () => {
  let h: Harness;
  let ai: FakeOpenAI;
  beforeAll(async () => {
    ai = await startFakeOpenAI();
    h = await startHarness({ env: { OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: ai.baseURL, OPENAI_MODEL: 'test-model', OPENAI_TIMEOUT_MS: '300' } });
  });
  afterAll(async () => {
    await h?.close();
    await ai?.close();
  });

  async function conversationWith(i: number, flow?: string) {
    const to = jpMobile(500 + i);
    const r = await h.api('POST', '/api/debts', debtPayload({ ref: `llm${i}`, phone: to.local, flow }));
    expect(r.status).toBe(201);
    await h.waitFor(async () => h.fake!.received.some((m) => m.sid && m.to === to.e164));
    return { id: r.json.conversationId as string, to };
  }
  const reply = (to: { e164: string }, sid: string, body: string) =>
    h.twilioPost('/webhooks/twilio/inbound', { MessageSid: sid, AccountSid: h.fake!.accountSid, From: to.e164, To: '+15005550006', Body: body });
  const settled = (id: string, pred: (c: any) => boolean) =>
    h.waitFor(async () => {
      const c = await h.api('GET', `/api/conversations/${id}`);
      return pred(c.json) ? c.json : null;
    });

  it('asks the LLM only when the rules are unsure, and acts on its closed-set answer', async () => {
    const { id, to } = await conversationWith(1);
    ai.script = { content: llmAnswer({ intent: 'extend', date: '2026-11-27', confidence: 0.9 }) };
    // A reply no local tier (keywords, rules, model) is sure of.
    await reply(to, 'SMllm1', 'あれってどうなった');
    const c = await settled(id, (c) => c.state === 'active.promised');
    const inbound = c.messages.find((m: any) => m.direction === 'inbound');
    expect(inbound).toMatchObject({ intent: 'extend', classifiedBy: 'llm', entities: { date: '2026-11-27' } });
    expect(c.promises).toEqual([{ dueDate: '2026-11-27', amount: 12000, status: 'pending' }]);
    // The debtor reads an approved template, never the model's words.
    const confirmation = await h.waitFor(async () => h.fake!.received.filter((m) => m.sid && m.to === to.e164)[1]);
    expect(confirmation.body).toContain('11月27日にお支払いいただけるとのこと');

    const before = ai.requests.length;
    await reply(to, 'SMllm2', '停止');
    await settled(id, (c) => c.status === 'opted_out');
    expect(ai.requests.length).toBe(before); // STOP never goes near the model
  });

  it('keeps the rules answer when the LLM fails under the default policy', async () => {
    const { id, to } = await conversationWith(2);
    ai.script = { status: 500 };
    await reply(to, 'SMllm3', 'あれってどうなった');
    const c = await settled(id, (c) => c.messages.some((m: any) => m.direction === 'inbound' && m.intent));
    expect(c.messages.find((m: any) => m.direction === 'inbound')).toMatchObject({ intent: 'other', classifiedBy: 'rules' });
    expect(c.messages.find((m: any) => m.direction === 'inbound').explanation).toContain('llm_failed');
    expect(c.status).toBe('active');
  });

  it('hands the thread to a person when the LLM fails and the flow says so', async () => {
    const src = readFileSync('flows/standard-ja.yaml', 'utf8').replace('onLlmFailure: rules', 'onLlmFailure: human');
    const pub = await h.services.flows.publish(src, 'test', h.services.clock.now());
    expect(pub).toMatchObject({ ok: true, version: 2 });
    const { id, to } = await conversationWith(3, 'standard-ja');
    ai.script = { delayMs: 1000, content: llmAnswer({ intent: 'pay' }) };
    // A reply the local tiers cannot place (round 6's retrain put 'うちの猫が昨日から元気がなくて' in the opt-out band: P(stop) 0.31).
    await reply(to, 'SMllm4', 'それってつまり');
    const c = await settled(id, (c) => c.status === 'escalated');
    expect(c.flow).toEqual({ key: 'standard-ja', version: 2 });
    expect(c.escalation.reason).toBe('llm_failed');
  });
});
