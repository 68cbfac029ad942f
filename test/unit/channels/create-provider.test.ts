import { describe, expect, it } from 'vitest';
import { createProvider } from '../../../src/channels/index.js';
import { createSimulatorProvider } from '../../../src/channels/simulator/provider.js';

describe('createProvider', () => {
  it('defaults to the simulator', () => {
    expect(createProvider({}).name).toBe('simulator');
    expect(createProvider({ SMS_PROVIDER: 'simulator' }).name).toBe('simulator');
  });

  it('builds Twilio from TWILIO_* env', () => {
    const p = createProvider({
      SMS_PROVIDER: 'twilio',
      TWILIO_ACCOUNT_SID: 'AC1',
      TWILIO_AUTH_TOKEN: 't',
      TWILIO_MESSAGING_SERVICE_SID: 'MG1',
    });
    expect(p.name).toBe('twilio');
  });

  it.each([
    [{ SMS_PROVIDER: 'twilio' }, /TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID/],
    [{ SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: 'AC1', TWILIO_AUTH_TOKEN: 't' }, /needs TWILIO_FROM or/],
    [{ SMS_PROVIDER: 'carrier-pigeon' }, /"carrier-pigeon" is not known/],
  ])('%j → clear boot error', (env, message) => {
    expect(() => createProvider(env)).toThrow(message);
  });
});

describe('simulator specifics', () => {
  it('sends are "delivered" with a sim- id', async () => {
    const r = await createSimulatorProvider().send({ to: '+819012345678', body: 'x', idempotencyKey: 'k' });
    expect(r).toEqual({
      ok: true,
      providerMessageId: expect.stringMatching(/^sim-[0-9a-f-]{36}$/),
      channel: 'sms',
      status: 'delivered',
    });
  });

  it('makes a random token when none is given, and an empty header never matches', async () => {
    const a = createSimulatorProvider();
    const b = createSimulatorProvider();
    expect(a.token).not.toBe(b.token);
    const req = { url: 'http://x/', rawBody: '{}' };
    expect(await a.verifySignature({ ...req, headers: { 'x-simulator-token': a.token } })).toBe(true);
    expect(await a.verifySignature({ ...req, headers: { 'x-simulator-token': b.token } })).toBe(false);
    expect(await a.verifySignature({ ...req, headers: { 'x-simulator-token': '' } })).toBe(false);
  });

  it('names the bad field', () => {
    const p = createSimulatorProvider({ token: 't' });
    const r = p.parseInbound({ url: 'http://x/', headers: {}, rawBody: JSON.stringify({ from: '+81', to: '+81', body: 'x' }) });
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/^id: /) });
    expect(p.parseInbound({ url: 'http://x/', headers: {}, rawBody: 'nope' })).toEqual({ ok: false, error: 'body is not JSON' });
  });
});
