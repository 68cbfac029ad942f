import { describe, expect, it } from 'vitest';
import { InboundMessage, StatusUpdate } from '../../../src/channels/port.js';
import { parseTwilioInbound, parseTwilioStatus } from '../../../src/channels/twilio/parse.js';

const SID = 'SM0123456789abcdef0123456789abcdef';
const body = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe('parseTwilioInbound', () => {
  it.each<{ name: string; fields: Record<string, string>; want: Record<string, string> }>([
    {
      name: 'plain SMS',
      fields: { MessageSid: SID, From: '+819012345678', To: '+15005550006', Body: 'Paid yesterday' },
      want: { providerMessageId: SID, from: '+819012345678', to: '+15005550006', body: 'Paid yesterday', channel: 'sms' },
    },
    {
      name: 'legacy SmsSid only',
      fields: { SmsSid: SID, From: '+1', To: '+2', Body: 'x' },
      want: { providerMessageId: SID, channel: 'sms' },
    },
    {
      name: 'RCS: prefix stripped from both ends',
      fields: { MessageSid: SID, From: 'rcs:+819012345678', To: 'rcs:saisoku_agent', Body: 'はい' },
      want: { from: '+819012345678', to: 'saisoku_agent', channel: 'rcs', body: 'はい' },
    },
    {
      name: 'body kept byte for byte (spaces, +, &, emoji, newline)',
      fields: { MessageSid: SID, From: '+1', To: '+2', Body: '  25日 + 3日 & 🙏\n' },
      want: { body: '  25日 + 3日 & 🙏\n' },
    },
    {
      name: 'media-only message: no Body',
      fields: { MessageSid: SID, From: '+1', To: '+2', NumMedia: '1' },
      want: { body: '' },
    },
  ])('$name', ({ fields, want }) => {
    const r = parseTwilioInbound(body(fields));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({ provider: 'twilio', ...want });
    expect(InboundMessage.parse(r.value)).toEqual(r.value);
  });

  it('decodes "+" as a space, as form encoding says', () => {
    const r = parseTwilioInbound(`MessageSid=${SID}&From=%2B1&To=%2B2&Body=hello+there`);
    expect(r.ok && r.value).toMatchObject({ from: '+1', body: 'hello there' });
  });

  it.each([
    ['empty body', '', /MessageSid/],
    ['junk', '%%%&&&===', /MessageSid/],
    ['JSON instead of a form', JSON.stringify({ MessageSid: SID, From: '+1' }), /MessageSid/],
    ['missing MessageSid', body({ From: '+1', To: '+2', Body: 'x' }), /MessageSid is missing/],
    ['blank MessageSid', body({ MessageSid: ' ', From: '+1', To: '+2' }), /MessageSid is missing/],
    ['MessageSid with spaces inside', body({ MessageSid: 'SM 1; DROP', From: '+1', To: '+2' }), /MessageSid/],
    ['missing From', body({ MessageSid: SID, To: '+2', Body: 'x' }), /From is missing/],
    ['missing To', body({ MessageSid: SID, From: '+1', Body: 'x' }), /To is missing/],
    ['"rcs:" with nothing after it', body({ MessageSid: SID, From: 'rcs:', To: '+2' }), /From/],
    ['WhatsApp is not our channel', body({ MessageSid: SID, From: 'whatsapp:+1', To: '+2' }), /From uses unsupported channel "whatsapp"/],
  ])('%s → error', (_name, raw, error) => {
    const r = parseTwilioInbound(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(error);
  });
});

describe('parseTwilioStatus', () => {
  it.each([
    ['accepted', 'queued'],
    ['queued', 'queued'],
    ['scheduled', 'queued'],
    ['sending', 'sending'],
    ['sent', 'sent'],
    ['delivered', 'delivered'],
    ['read', 'delivered'],
    ['undelivered', 'undelivered'],
    ['failed', 'failed'],
    ['canceled', 'failed'],
    ['DELIVERED', 'delivered'],
  ])('MessageStatus %s → %s', (twilioStatus, ours) => {
    const r = parseTwilioStatus(body({ MessageSid: SID, MessageStatus: twilioStatus, From: '+1', To: '+2' }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toEqual({ provider: 'twilio', providerMessageId: SID, status: ours, channel: 'sms' });
    expect(StatusUpdate.parse(r.value)).toEqual(r.value);
  });

  it('carries ErrorCode and detects RCS', () => {
    const r = parseTwilioStatus(
      body({ MessageSid: SID, MessageStatus: 'undelivered', ErrorCode: '30003', From: 'rcs:saisoku_agent' }),
    );
    expect(r.ok && r.value).toEqual({
      provider: 'twilio',
      providerMessageId: SID,
      status: 'undelivered',
      errorCode: '30003',
      channel: 'rcs',
    });
  });

  it('falls back to SmsSid/SmsStatus; no From means no channel claim', () => {
    const r = parseTwilioStatus(body({ SmsSid: SID, SmsStatus: 'sent' }));
    expect(r.ok && r.value).toEqual({ provider: 'twilio', providerMessageId: SID, status: 'sent' });
  });

  it.each([
    ['empty body', '', /MessageSid is missing/],
    ['missing MessageSid', body({ MessageStatus: 'sent' }), /MessageSid is missing/],
    ['missing MessageStatus', body({ MessageSid: SID }), /MessageStatus is missing/],
    ['unknown status', body({ MessageSid: SID, MessageStatus: 'teleported' }), /MessageStatus "teleported"/],
  ])('%s → error', (_name, raw, error) => {
    const r = parseTwilioStatus(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(error);
  });
});
