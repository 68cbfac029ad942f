import twilio from 'twilio';
import { createSimulatorProvider } from '../../../src/channels/simulator/provider.js';
import { createTwilioProvider } from '../../../src/channels/twilio/provider.js';
import { keepAliveFetch } from '../../../src/channels/keep-alive-fetch.js';
import type { ProviderFetch } from '../../../src/channels/http.js';
import type { WebhookRequest } from '../../../src/channels/port.js';
import { startFakeTwilio } from '../../support/fake-twilio.js';
import { startFakeRakuten } from '../../support/fake-rakuten.js';
import { createRakutenProvider, RAKUTEN_SECRET_HEADER } from '../../../src/channels/rakuten/provider.js';
import { RAKUTEN_STATUS_MAP } from '../../../src/channels/rakuten/parse.js';
import { createRbmProvider, RBM_EVENT_MAP, RBM_SIGNATURE_HEADER } from '../../../src/channels/rbm/provider.js';
import { startFakeRbm } from '../../support/fake-rbm.js';
import { TWILIO_STATUS_MAP } from '../../../src/channels/twilio/parse.js';
import { providerContract, type ProviderHarness } from './provider.contract.js';

const WEBHOOK_URL = 'https://saisoku.example.com/webhooks/twilio/inbound';

function dropHeader(req: WebhookRequest, name: string): WebhookRequest {
  return { ...req, headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => k.toLowerCase() !== name)) };
}

/** What every adapter's signature check is held to: `header` with a wrong value, and without it. */
function tampering(header: string, wrong: (value: string) => string): Pick<ProviderHarness, 'withBadSignature' | 'withoutSignature'> {
  return {
    withBadSignature: (req) => ({ ...req, headers: { ...req.headers, [header]: wrong(req.headers[header] ?? '') } }),
    withoutSignature: (req) => dropHeader(req, header),
  };
}
/** A signature with its first characters changed. */
const corrupted = (v: string) => 'AAAA' + v.slice(4);

/** The fake servers' failure switch: a status on the next call, or a call that outlasts the adapter's timeout. */
const failSwitch = (fake: { failNext(status: number): void; delayNext(ms: number): void }): NonNullable<ProviderHarness['failNext']> => (status) =>
  status === 'timeout' ? fake.delayNext(1500) : fake.failNext(status);

/** The Twilio harness, with the platform's fetch or (what bootstrap gives every adapter on Node) the keep-alive node:http one. */
const twilioHarness = (doFetch?: ProviderFetch) => async (): Promise<ProviderHarness> => {
  const fake = await startFakeTwilio();
  const provider = createTwilioProvider({
    accountSid: fake.accountSid,
    authToken: fake.authToken,
    from: '+15005550006',
    apiBaseUrl: fake.baseUrl,
    timeoutMs: 400,
    ...(doFetch ? { fetch: doFetch } : {}),
  });
  // Signed with the official twilio package, so our check is held to Twilio's own algorithm.
  const sign = (rawBody: string): WebhookRequest => {
    const params = Object.fromEntries(new URLSearchParams(rawBody));
    const signature = twilio.getExpectedTwilioSignature(fake.authToken, WEBHOOK_URL, params);
    return { url: WEBHOOK_URL, headers: { 'x-twilio-signature': signature }, rawBody };
  };
  return {
    provider,
    async inbound(m) {
      return sign(
        new URLSearchParams({
          ToCountry: 'JP',
          SmsMessageSid: m.id,
          NumMedia: '0',
          SmsSid: m.id,
          SmsStatus: 'received',
          Body: m.body,
          To: m.to,
          NumSegments: '1',
          MessageSid: m.id,
          AccountSid: fake.accountSid,
          From: m.from,
          ApiVersion: '2010-04-01',
        }).toString(),
      );
    },
    ...tampering('x-twilio-signature', corrupted),
    async malformedInbound() {
      return [
        new URLSearchParams({ From: '+819012345678', To: '+15005550006', Body: 'no sid' }),
        new URLSearchParams({ MessageSid: 'SM1', To: '+15005550006', Body: 'no from' }),
        new URLSearchParams({ MessageSid: 'SM1', From: '+819012345678', Body: 'no to' }),
      ].map((p) => sign(p.toString()));
    },
    async sent(id) {
      const r = fake.received.find((x) => x.sid === id);
      return r && { to: r.to ?? '', body: r.body ?? '' };
    },
    async statuses(id) {
      return Object.entries(TWILIO_STATUS_MAP).map(([word, expected]) => ({
        req: sign(new URLSearchParams({ MessageSid: id, MessageStatus: word, AccountSid: fake.accountSid, From: '+15005550006', To: '+819012345678' }).toString()),
        expected,
      }));
    },
    failNext: failSwitch(fake),
    close: () => fake.close(),
  };
};

providerContract('twilio (against the fake Twilio server)', twilioHarness());
providerContract('twilio over keepAliveFetch (undici dispatcher, kept-alive connections)', twilioHarness(keepAliveFetch()));

providerContract('simulator', async () => {
  const sent = new Map<string, { to: string; body: string }>();
  const provider = createSimulatorProvider({
    token: 'sim-secret-token',
    onSend: (req, id) => sent.set(id, { to: req.to, body: req.body }),
  });
  const url = 'http://localhost:3000/webhooks/simulator/inbound';
  const signed = (rawBody: string): WebhookRequest => ({
    url,
    headers: { 'content-type': 'application/json', 'x-simulator-token': 'sim-secret-token' },
    rawBody,
  });
  return {
    provider,
    async inbound(m) {
      return signed(JSON.stringify({ from: m.from, to: m.to, body: m.body, id: m.id }));
    },
    ...tampering('x-simulator-token', () => 'sim-secret-tokeN'),
    async malformedInbound() {
      return [
        { to: '+81', body: 'x', id: '1' },
        { from: '+81', body: 'x', id: '1' },
        { from: '+81', to: '+81', body: 'x' },
        { from: '+81', to: '+81', id: '1' },
        { from: '', to: '+81', body: 'x', id: '1' },
      ].map((o) => signed(JSON.stringify(o)));
    },
    async sent(id) {
      return sent.get(id);
    },
    close: async () => {},
  };
});

providerContract('rakuten (against the fake Rakuten CPaaS server)', async () => {
  const fake = await startFakeRakuten();
  const secret = 'contract-webhook-secret-0123456789';
  const provider = createRakutenProvider({ apiKey: fake.apiKey, apiSecret: fake.apiSecret, from: '815012345678', webhookSecret: secret, apiBaseUrl: fake.baseUrl, timeoutMs: 400 });
  // The header form; the path form (/webhooks/rakuten/<secret>/inbound) is covered by the integration test.
  const signed = (rawBody: string): WebhookRequest => ({ url: 'https://saisoku.example.com/webhooks/rakuten/inbound', headers: { 'content-type': 'application/json', [RAKUTEN_SECRET_HEADER]: secret }, rawBody });
  return {
    provider,
    async inbound(m) {
      return signed(JSON.stringify({ message_id: m.id, sender_address: m.from.replace(/^\+/, ''), destination_address: m.to.replace(/^\+/, ''), content_type: 'unicode', udh: '', message_body: m.body }));
    },
    ...tampering(RAKUTEN_SECRET_HEADER, () => secret.slice(0, -1) + 'X'),
    async malformedInbound() {
      return [
        { sender_address: '819012345678', destination_address: '815012345678', message_body: 'no id' },
        { message_id: 'a1', destination_address: '815012345678', message_body: 'no sender' },
        { message_id: 'a1', sender_address: '819012345678', message_body: 'no destination' },
        { message_id: 'a1', sender_address: '819012345678', destination_address: '815012345678' },
        { message_id: 'a b', sender_address: '819012345678', destination_address: '815012345678', message_body: 'bad id' },
      ].map((o) => signed(JSON.stringify(o)));
    },
    async sent(id) {
      const r = fake.received.find((x) => x.messageId === id);
      return r && { to: `+${r.to}`, body: r.text ?? '' };
    },
    async statuses(id) {
      return Object.entries(RAKUTEN_STATUS_MAP).map(([word, expected]) => ({ req: signed(JSON.stringify({ message_id: id, status: word.toUpperCase() })), expected }));
    },
    failNext: failSwitch(fake),
    close: () => fake.close(),
  };
});

providerContract('rbm (against the fake RBM API)', async () => {
  const fake = await startFakeRbm();
  fake.capable.add('+819012345678').add('+12133734253');
  const provider = createRbmProvider({ agentId: fake.agentId, accessToken: fake.accessToken, clientToken: fake.clientToken, apiBaseUrl: fake.baseUrl, timeoutMs: 400 });
  const url = 'https://saisoku.example.com/webhooks/rbm';
  const signed = (p: { body: string; signature: string }): WebhookRequest => ({ url, headers: { 'content-type': 'application/json', [RBM_SIGNATURE_HEADER]: p.signature }, rawBody: p.body });
  return {
    provider,
    channel: 'rcs',
    // RBM addresses the agent, not a number: the fixture's `to` stands for our agent id.
    async inbound(m) {
      return signed(fake.push({ messageId: m.id, senderPhoneNumber: m.from, agentId: m.to, text: m.body }));
    },
    ...tampering(RBM_SIGNATURE_HEADER, corrupted),
    async malformedInbound() {
      return [
        { senderPhoneNumber: '+819012345678', agentId: 'a', text: 'no id' },
        { messageId: 'm1', agentId: 'a', text: 'no sender' },
        { messageId: 'm1', senderPhoneNumber: '+819012345678', agentId: 'a' },
        { messageId: 'm1', senderPhoneNumber: '+819012345678', agentId: 'a', suggestionResponse: { text: 'no postback' } },
      ].map((e) => signed(fake.push(e)));
    },
    async sent(id) {
      const m = fake.messages.find((x) => x.messageId === id);
      return m && { to: m.phone, body: m.contentMessage.text ?? '' };
    },
    async statuses(id) {
      return Object.entries(RBM_EVENT_MAP).map(([eventType, e]) => ({ req: signed(fake.push({ eventType, eventId: `e-${eventType}`, messageId: id, senderPhoneNumber: '+819012345678' })), expected: e.status }));
    },
    failNext: failSwitch(fake),
    close: () => fake.close(),
  };
});
