/**
 * Twilio-shaped inbound webhook bodies, signed the way Twilio signs them (HMAC-SHA1 over the public
 * URL + sorted name/value pairs), computed in the load generator. Checked once against the official
 * `twilio` package so the bench never measures 403s.
 */
import { createHmac, randomBytes } from 'node:crypto';
import twilio from 'twilio';
import { signingPayload } from '../../src/channels/twilio/signature';

export const BENCH_PUBLIC_BASE_URL = 'https://saisoku.bench';
export const INBOUND_PATH = '/webhooks/twilio/inbound';
export const TWILIO_TO = '+15005550006';

export interface TwilioCreds {
  accountSid: string;
  authToken: string;
}

export function benchCreds(): TwilioCreds {
  return { accountSid: `AC${randomBytes(16).toString('hex')}`, authToken: randomBytes(16).toString('hex') };
}

export function inboundParams(creds: TwilioCreds, sid: string, from: string, body: string): Record<string, string> {
  return {
    ToCountry: 'US',
    ToState: 'CA',
    SmsMessageSid: sid,
    NumMedia: '0',
    ToCity: '',
    FromZip: '',
    SmsSid: sid,
    FromState: '',
    SmsStatus: 'received',
    FromCity: '',
    Body: body,
    FromCountry: 'JP',
    To: TWILIO_TO,
    ToZip: '',
    NumSegments: '1',
    MessageSid: sid,
    AccountSid: creds.accountSid,
    From: from,
    ApiVersion: '2010-04-01',
  };
}

export function sign(creds: TwilioCreds, params: Record<string, string>, url = `${BENCH_PUBLIC_BASE_URL}${INBOUND_PATH}`): string {
  return createHmac('sha1', creds.authToken).update(signingPayload(url, params), 'utf8').digest('base64');
}

export interface SignedRequest {
  body: string;
  signature: string;
}

/** Distinct MessageSids: `SM` + 8 hex of the run + 24 hex counter. */
export function makeSigner(creds: TwilioCreds, phones: string[], texts: string[]) {
  const run = randomBytes(4).toString('hex');
  let n = 0;
  const check = inboundParams(creds, 'SM' + '0'.repeat(32), phones[0]!, texts[0]!);
  const official = twilio.getExpectedTwilioSignature(creds.authToken, `${BENCH_PUBLIC_BASE_URL}${INBOUND_PATH}`, check);
  if (official !== sign(creds, check)) throw new Error('bench signer disagrees with the twilio package');
  return {
    next(i: number = n, from?: string): SignedRequest {
      const sid = `SM${run}${(n++).toString(16).padStart(24, '0')}`;
      const params = inboundParams(creds, sid, from ?? phones[i % phones.length]!, texts[i % texts.length]!);
      return { body: new URLSearchParams(params).toString(), signature: sign(creds, params) };
    },
  };
}

/** Japanese mobile numbers, distinct per i: local 090xxxxxxxx and E.164 +8190xxxxxxxx. */
export function jpPhone(i: number, prefix = '90'): { local: string; e164: string } {
  const n = String(10_000_000 + i).slice(-8);
  return { local: `0${prefix}${n}`, e164: `+81${prefix}${n}` };
}
