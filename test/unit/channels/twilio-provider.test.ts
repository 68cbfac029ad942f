import twilio from 'twilio';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTwilioProvider } from '../../../src/channels/twilio/provider.js';
import { startFakeTwilio, type FakeTwilio } from '../../support/fake-twilio.js';

let fake: FakeTwilio;
beforeAll(async () => {
  fake = await startFakeTwilio({ accountSid: 'AC00000000000000000000000000000001', authToken: 'tok-1' });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const provider = (over: Partial<Parameters<typeof createTwilioProvider>[0]> = {}) =>
  createTwilioProvider({
    accountSid: fake.accountSid,
    authToken: fake.authToken,
    from: '+15005550006',
    apiBaseUrl: fake.baseUrl,
    ...over,
  });

const req = { to: '+12133734253', body: 'Hi', idempotencyKey: 'o-1' };

describe('Twilio adapter: send', () => {
  it('posts To, From, Body and StatusCallback with basic auth; returns the sid', async () => {
    const r = await provider().send({ ...req, statusCallbackUrl: 'https://saisoku.example.com/webhooks/twilio/status' });
    expect(r).toEqual({ ok: true, providerMessageId: expect.stringMatching(/^SM[0-9a-f]{32}$/), channel: 'sms', status: 'queued' });
    const got = await fake.waitFor((x) => x.sid !== undefined, 1000);
    expect(got).toMatchObject({
      to: '+12133734253',
      from: '+15005550006',
      messagingServiceSid: undefined,
      body: 'Hi',
      statusCallback: 'https://saisoku.example.com/webhooks/twilio/status',
    });
    expect(r.ok && r.providerMessageId).toBe(got.sid);
  });

  it('uses MessagingServiceSid instead of From when configured (RCS with SMS fallback)', async () => {
    const r = await provider({ from: undefined, messagingServiceSid: 'MG00000000000000000000000000000001' }).send(req);
    expect(r).toMatchObject({ ok: true, status: 'queued' }); // Twilio answers "accepted"
    expect(fake.received[0]).toMatchObject({ from: undefined, messagingServiceSid: 'MG00000000000000000000000000000001' });
  });

  it('omits StatusCallback when none is given; tolerates a trailing slash on the base URL', async () => {
    await provider({ apiBaseUrl: `${fake.baseUrl}/` }).send(req);
    expect(fake.received[0]).toMatchObject({ statusCallback: undefined, sid: expect.any(String) });
  });

  it.each([429, 500, 503])('%s → retryable', async (status) => {
    fake.failNext(status);
    const r = await provider().send(req);
    expect(r).toMatchObject({ ok: false, retryable: true, error: expect.stringContaining(String(status)) });
  });

  it('400 → not retryable, with Twilio code and message', async () => {
    fake.failNext(400, 1, { code: 21211, message: "The 'To' number +1 is not a valid phone number." });
    const r = await provider().send(req);
    expect(r).toEqual({ ok: false, retryable: false, error: "Twilio 400 21211: The 'To' number +1 is not a valid phone number." });
  });

  it('wrong credentials → 401, not retryable', async () => {
    const r = await provider({ authToken: 'wrong' }).send(req);
    expect(r).toMatchObject({ ok: false, retryable: false, error: 'Twilio 401 20003: Authenticate' });
    expect(fake.received[0]?.sid).toBeUndefined();
  });

  it('recovers after scripted failures: the retry gets through', async () => {
    fake.failNext(503, 2);
    const p = provider();
    expect((await p.send(req)).ok).toBe(false);
    expect((await p.send(req)).ok).toBe(false);
    expect((await p.send(req)).ok).toBe(true);
    expect(fake.received.map((x) => x.status)).toEqual([503, 503, 201]);
  });

  it('network error → retryable', async () => {
    const r = await provider({ apiBaseUrl: 'http://127.0.0.1:1' }).send(req);
    expect(r).toMatchObject({ ok: false, retryable: true, mayHaveSent: false, error: expect.stringMatching(/unreachable/) });
  });

  it('timeout → retryable, flagged as possibly sent (Twilio has no idempotency key)', async () => {
    fake.delayNext(1_000);
    const r = await provider({ timeoutMs: 100 }).send(req);
    expect(r).toMatchObject({ ok: false, retryable: true, mayHaveSent: true, error: expect.stringMatching(/100 ms/) });
  });

  it('a 2xx without a sid is not retried (the message may exist)', async () => {
    const r = await provider({
      fetch: async () => new Response('<html>proxy</html>', { status: 200 }),
    }).send(req);
    expect(r).toMatchObject({ ok: false, retryable: false, mayHaveSent: true });
  });

  it('reports RCS when Twilio answers with an rcs: sender', async () => {
    const r = await provider({
      fetch: async () => Response.json({ sid: 'SMx', status: 'queued', from: 'rcs:saisoku_agent' }, { status: 201 }),
    }).send(req);
    expect(r).toEqual({ ok: true, providerMessageId: 'SMx', channel: 'rcs', status: 'queued' });
  });
});

describe('Twilio adapter: webhooks', () => {
  it('one changed field after signing → rejected (COMPLIANCE rule 5)', async () => {
    const url = 'https://saisoku.example.com/webhooks/twilio/status';
    const fields = { MessageSid: 'SM1', MessageStatus: 'delivered', From: '+15005550006', To: '+12133734253' };
    const signature = twilio.getExpectedTwilioSignature(fake.authToken, url, fields);
    const p = provider();
    const rawBody = new URLSearchParams(fields).toString();
    expect(await p.verifySignature({ url, headers: { 'X-Twilio-Signature': signature }, rawBody })).toBe(true);
    const tampered = new URLSearchParams({ ...fields, MessageStatus: 'failed' }).toString();
    expect(await p.verifySignature({ url, headers: { 'X-Twilio-Signature': signature }, rawBody: tampered })).toBe(false);
    expect(p.parseStatus({ url, headers: {}, rawBody })).toEqual({
      ok: true,
      value: { provider: 'twilio', providerMessageId: 'SM1', status: 'delivered', channel: 'sms' },
    });
  });

  it('refuses to start without credentials or a sender', () => {
    expect(() => createTwilioProvider({ accountSid: '', authToken: 'x', from: '+1' })).toThrow(/accountSid/);
    expect(() => createTwilioProvider({ accountSid: 'AC1', authToken: 'x' })).toThrow(/from or messagingServiceSid/);
  });
});
