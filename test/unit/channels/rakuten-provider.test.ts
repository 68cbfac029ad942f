import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRakutenProvider } from '../../../src/channels/rakuten/provider';
import { parseRakutenInbound } from '../../../src/channels/rakuten/parse';
import { startFakeRakuten, type FakeRakuten } from '../../support/fake-rakuten';

describe('Rakuten CPaaS adapter (against the fake server)', () => {
  let fake: FakeRakuten;
  const make = (o: { now?: () => number } = {}) =>
    createRakutenProvider({ apiKey: fake.apiKey, apiSecret: fake.apiSecret, from: 'SAISOKU', webhookSecret: 'w'.repeat(16), apiBaseUrl: fake.baseUrl, ...o });
  beforeAll(async () => {
    fake = await startFakeRakuten();
  });
  afterAll(async () => fake?.close());

  it('posts `to` as 81… without "+", Japanese as unicode and ASCII as text', async () => {
    const p = make();
    const ja = await p.send({ to: '+819012345678', body: 'お支払いのご案内', idempotencyKey: 'a' });
    const en = await p.send({ to: '+12133734253', body: 'Pay here', idempotencyKey: 'b' });
    expect(ja.ok && en.ok).toBe(true);
    const [a, b] = fake.received.slice(-2);
    expect(a).toMatchObject({ to: '819012345678', messageType: 'unicode', text: 'お支払いのご案内', from: 'SAISOKU' });
    expect(b).toMatchObject({ to: '12133734253', messageType: 'text', text: 'Pay here' });
  });

  it('sends up to 1,520 characters and refuses more without calling the API', async () => {
    const p = make();
    const before = fake.received.length;
    expect((await p.send({ to: '+819012345678', body: 'あ'.repeat(1520), idempotencyKey: 'c' })).ok).toBe(true);
    const over = await p.send({ to: '+819012345678', body: 'あ'.repeat(1521), idempotencyKey: 'd' });
    expect(over).toMatchObject({ ok: false, retryable: false });
    expect(fake.received.length).toBe(before + 1);
  });

  it('reuses its token, and fetches a new one once after a 401', async () => {
    const p = make();
    await p.send({ to: '+819012345678', body: 'one', idempotencyKey: 'e' });
    const issued = fake.tokensIssued;
    await p.send({ to: '+819012345678', body: 'two', idempotencyKey: 'f' });
    expect(fake.tokensIssued).toBe(issued);
    fake.revokeTokens();
    const r = await p.send({ to: '+819012345678', body: 'three', idempotencyKey: 'g' });
    expect(r.ok).toBe(true);
    expect(fake.tokensIssued).toBe(issued + 1);
  });

  it('fetches a new token a minute before the old one expires', async () => {
    let t = Date.now();
    const p = make({ now: () => t });
    fake.tokenLifetime(120);
    await p.send({ to: '+819012345678', body: 'x', idempotencyKey: 'h' });
    const issued = fake.tokensIssued;
    t += 61_000;
    await p.send({ to: '+819012345678', body: 'y', idempotencyKey: 'i' });
    expect(fake.tokensIssued).toBe(issued + 1);
    fake.tokenLifetime(3600);
  });

  it('answers wrong credentials as a permanent failure', async () => {
    const p = createRakutenProvider({ apiKey: 'nope', apiSecret: 'nope', from: 'X', webhookSecret: 'w'.repeat(16), apiBaseUrl: fake.baseUrl });
    expect(await p.send({ to: '+819012345678', body: 'x', idempotencyKey: 'j' })).toMatchObject({ ok: false, retryable: false });
  });

  it('reads an MO in unicode with its sender as E.164, and refuses binary content', () => {
    const r = parseRakutenInbound(JSON.stringify({ message_id: 'm1', sender_address: '819012345678', destination_address: '815012345678', content_type: 'unicode', udh: '', message_body: '払いました' }));
    expect(r).toEqual({ ok: true, value: { provider: 'rakuten', providerMessageId: 'm1', from: '+819012345678', to: '+815012345678', body: '払いました', channel: 'sms' } });
    expect(parseRakutenInbound(JSON.stringify({ message_id: 'm1', sender_address: '81', destination_address: '81', content_type: 'binary', message_body: '00' })).ok).toBe(false);
  });
});
