import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import {
  computeTwilioSignature,
  sha256Hex,
  timingSafeEqual,
  verifyTwilioSignature,
} from '../../../src/channels/twilio/signature.js';

const authToken = '12345678901234567890123456789012';
const url = 'https://saisoku.example.com/webhooks/twilio/inbound';

/** Form body as Twilio would post it, and the same params in the shape the twilio package takes. */
function form(entries: Array<[string, string]>): { rawBody: string; params: Record<string, string | string[]> } {
  const params: Record<string, string | string[]> = {};
  for (const [k, v] of entries) {
    const prev = params[k];
    params[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return { rawBody: new URLSearchParams(entries).toString(), params };
}

const inbound: Array<[string, string]> = [
  ['ToCountry', 'US'],
  ['SmsMessageSid', 'SM0123456789abcdef0123456789abcdef'],
  ['NumMedia', '0'],
  ['From', '+15005550006'],
  ['To', '+15005550001'],
  ['Body', '25日に払います 🙏 & more=yes+no'],
  ['MessageSid', 'SM0123456789abcdef0123456789abcdef'],
  ['AccountSid', 'AC0123456789abcdef0123456789abcdef'],
  ['ApiVersion', '2010-04-01'],
];

const cases: Array<{ name: string; url: string; entries: Array<[string, string]> }> = [
  { name: 'typical inbound SMS', url, entries: inbound },
  { name: 'no params', url, entries: [] },
  { name: 'URL with query string', url: `${url}?tenant=a&x=%20y`, entries: inbound },
  { name: 'URL with explicit port', url: 'https://saisoku.example.com:8443/hook', entries: inbound },
  { name: 'case-sensitive sort (Body < body < from)', url, entries: [['from', '1'], ['body', '2'], ['Body', '3']] },
  { name: 'repeated names, unsorted values', url, entries: [['MediaUrl', 'b'], ['To', 'x'], ['MediaUrl', 'a'], ['MediaUrl', 'c']] },
  { name: 'empty value', url, entries: [['Body', ''], ['From', '+1']] },
];

describe('Twilio signature: agrees with the official twilio package', () => {
  it.each(cases)('$name: same signature as getExpectedTwilioSignature', async ({ url, entries }) => {
    const { rawBody, params } = form(entries);
    const theirs = twilio.getExpectedTwilioSignature(authToken, url, params);
    expect(await computeTwilioSignature(authToken, url, new URLSearchParams(rawBody))).toBe(theirs);
    expect(await computeTwilioSignature(authToken, url, params)).toBe(theirs);
  });

  it.each(cases)('$name: their signature passes our check, ours passes validateRequest', async ({ url, entries }) => {
    const { rawBody, params } = form(entries);
    const theirs = twilio.getExpectedTwilioSignature(authToken, url, params);
    expect(await verifyTwilioSignature({ authToken, url, signature: theirs, rawBody })).toBe(true);
    const ours = await computeTwilioSignature(authToken, url, new URLSearchParams(rawBody));
    expect(twilio.validateRequest(authToken, ours, url, params)).toBe(true);
  });

  it('accepts a URL signed with the default port when configured without it, and the reverse', async () => {
    const { rawBody, params } = form(inbound);
    const withPort = 'https://saisoku.example.com:443/webhooks/twilio/inbound';
    const sigWithPort = twilio.getExpectedTwilioSignature(authToken, withPort, params);
    expect(await verifyTwilioSignature({ authToken, url, signature: sigWithPort, rawBody })).toBe(true);
    const sigWithout = twilio.getExpectedTwilioSignature(authToken, url, params);
    expect(await verifyTwilioSignature({ authToken, url: withPort, signature: sigWithout, rawBody })).toBe(true);
  });
});

describe('Twilio signature: anything changed is rejected (COMPLIANCE rule 5)', () => {
  const { rawBody, params } = form(inbound);
  const good = twilio.getExpectedTwilioSignature(authToken, url, params);

  it('the untouched request is valid', async () => {
    expect(await verifyTwilioSignature({ authToken, url, signature: good, rawBody })).toBe(true);
  });

  it.each(inbound.map(([name]) => name))('one changed field (%s) → invalid', async (name) => {
    const changed = inbound.map(([k, v]): [string, string] => [k, k === name ? `${v}x` : v]);
    const body = new URLSearchParams(changed).toString();
    expect(await verifyTwilioSignature({ authToken, url, signature: good, rawBody: body })).toBe(false);
  });

  it.each([
    ['an added field', new URLSearchParams([...inbound, ['Extra', '1']]).toString()],
    ['a removed field', new URLSearchParams(inbound.slice(1)).toString()],
    ['an empty body', ''],
  ])('%s → invalid', async (_label, body) => {
    expect(await verifyTwilioSignature({ authToken, url, signature: good, rawBody: body })).toBe(false);
  });

  it.each([
    ['another path', { url: `${url}x` }],
    ['another host', { url: url.replace('saisoku', 'evil') }],
    ['http instead of https', { url: url.replace('https', 'http') }],
    ['another auth token', { authToken: `${authToken.slice(1)}0` }],
    ['a missing header', { signature: undefined }],
    ['an empty header', { signature: '' }],
    ['one flipped signature char', { signature: (good[0] === 'A' ? 'B' : 'A') + good.slice(1) }],
    ['a truncated signature', { signature: good.slice(0, -1) }],
    ['an unparsable URL', { url: 'not a url' }],
  ])('%s → invalid', async (_label, override) => {
    expect(await verifyTwilioSignature({ authToken, url, signature: good, rawBody, ...override })).toBe(false);
  });
});

describe('Twilio signature: JSON bodies (bodySHA256)', () => {
  const body = JSON.stringify({ MessageSid: 'SM1', Body: 'こんにちは' });

  it('matches the twilio package both ways, and a changed body is rejected', async () => {
    const hash = await sha256Hex(body);
    expect(hash).toBe(twilio.getExpectedBodyHash(body));
    const signedUrl = `${url}?bodySHA256=${hash}`;
    const theirs = twilio.getExpectedTwilioSignature(authToken, signedUrl, {});
    expect(await verifyTwilioSignature({ authToken, url: signedUrl, signature: theirs, rawBody: body })).toBe(true);

    const ours = await computeTwilioSignature(authToken, signedUrl);
    expect(twilio.validateRequestWithBody(authToken, ours, signedUrl, body)).toBe(true);

    expect(await verifyTwilioSignature({ authToken, url: signedUrl, signature: theirs, rawBody: `${body} ` })).toBe(false);
  });

  it('a body matching a forged hash is rejected when the URL was not signed with it', async () => {
    const theirs = twilio.getExpectedTwilioSignature(authToken, `${url}?bodySHA256=${await sha256Hex(body)}`, {});
    const other = '{"MessageSid":"SM2"}';
    const forgedUrl = `${url}?bodySHA256=${await sha256Hex(other)}`;
    expect(await verifyTwilioSignature({ authToken, url: forgedUrl, signature: theirs, rawBody: other })).toBe(false);
  });
});

describe('timingSafeEqual', () => {
  const b = (s: string) => new TextEncoder().encode(s);
  it.each([
    ['', '', true],
    ['abc', 'abc', true],
    ['abc', 'abd', false],
    ['abc', 'ab', false],
    ['ab', 'abc', false],
    ['', 'a', false],
    ['\u0000', '', false],
  ])('%j vs %j → %s', (x, y, expected) => {
    expect(timingSafeEqual(b(x), b(y))).toBe(expected);
  });
});
