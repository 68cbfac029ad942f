import { serve } from '@hono/node-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTwilioProvider } from '../../../src/channels/twilio/provider.js';
import { startFakeTwilio, type FakeTwilio } from '../../support/fake-twilio.js';

// The app runs inside @hono/node-server, which replaces the global Response with its own class: a
// provider that told an answer from a network error with `instanceof Response` read every answer as
// "unreachable" there (and the sender then crashed on the missing error text). Sends must work with
// the server's globals in place, as in `npm start`.
let fake: FakeTwilio;
let server: ReturnType<typeof serve>;
beforeAll(async () => {
  server = serve({ fetch: () => new Response('ok'), port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((r) => server.once('listening', () => r()));
  fake = await startFakeTwilio({ accountSid: 'AC00000000000000000000000000000002', authToken: 'tok-2' });
});
afterAll(async () => {
  await fake.close();
  await new Promise((r) => server.close(r));
});

it('sends through Twilio with @hono/node-server serving in the same process', async () => {
  const p = createTwilioProvider({ accountSid: fake.accountSid, authToken: fake.authToken, from: '+15005550006', apiBaseUrl: fake.baseUrl, timeoutMs: 2000 });
  const r = await p.send({ to: '+819012345678', body: 'hello', idempotencyKey: 'k-node-server' });
  expect(r).toMatchObject({ ok: true, channel: 'sms' });
  expect(fake.received).toHaveLength(1);
});
