import { describe, expect, it } from 'vitest';
import type { OutboundRequest, SendResult, SmsProvider } from '../../../src/channels/port';
import { chooseRoutes, countryOf, parseRouteList, RouteTable, sendRouted, tableProblems } from '../../../src/channels/routing';

const table = (routes: Record<string, string[]>, extra: Partial<RouteTable> = {}) => RouteTable.parse({ routes, ...extra });
const all = new Set(['simulator', 'twilio', 'rakuten']);

/** A provider that answers from a script: an in-memory adapter, not a mock of our storage. */
function scripted(name: string, answers: SendResult[]): SmsProvider & { calls: OutboundRequest[] } {
  const calls: OutboundRequest[] = [];
  return {
    name,
    calls,
    async send(req) {
      calls.push(req);
      return answers.shift() ?? { ok: true, providerMessageId: `${name}-${calls.length}`, channel: 'sms', status: 'sent' };
    },
    verifySignature: async () => false,
    parseInbound: () => ({ ok: false, error: 'n/a' }),
    parseStatus: () => ({ ok: false, error: 'n/a' }),
  };
}

describe('routing per debtor', () => {
  it('reads the operator table', () => {
    expect(parseRouteList('JP=rakuten>twilio, *=twilio')).toEqual({ JP: ['rakuten', 'twilio'], '*': ['twilio'] });
    expect(() => parseRouteList('Japan=rakuten')).toThrow(/JP=rakuten/);
  });

  it('routes by the number country, else "*"', () => {
    const t = table({ JP: ['rakuten'], '*': ['twilio'] });
    expect(countryOf('+819012345678')).toBe('JP');
    expect(chooseRoutes(t, all, '+819012345678', null)).toEqual({ ok: true, country: 'JP', routes: ['rakuten'] });
    expect(chooseRoutes(t, all, '+12133734253', null)).toEqual({ ok: true, country: 'US', routes: ['twilio'] });
  });

  it('keeps the stored route first, then the table', () => {
    const t = table({ '*': ['twilio', 'simulator'] });
    expect(chooseRoutes(t, all, '+12133734253', 'simulator')).toMatchObject({ ok: true, routes: ['simulator', 'twilio'] });
  });

  it('rule 12: a +81 number never gets a foreign route, even a stored one or the "*" one', () => {
    const t = table({ '*': ['twilio'] });
    expect(chooseRoutes(t, all, '+819012345678', null)).toMatchObject({ ok: false, reason: 'no_domestic_route' });
    expect(chooseRoutes(table({ JP: ['rakuten'], '*': ['twilio'] }), all, '+819012345678', 'twilio')).toMatchObject({ ok: true, routes: ['rakuten'] });
    expect(tableProblems(table({ JP: ['rakuten', 'twilio'] }))).toHaveLength(1);
    expect(tableProblems(table({ JP: ['rakuten', 'twilio'] }, { domestic: { twilio: ['JP'] } }))).toEqual([]);
  });

  it('drops routes that are not configured', () => {
    expect(chooseRoutes(table({ JP: ['rakuten'] }), new Set(['twilio']), '+819012345678', null)).toMatchObject({ ok: false, reason: 'no_domestic_route' });
    expect(chooseRoutes(table({ '*': ['rakuten'] }), new Set(['twilio']), '+12133734253', null)).toMatchObject({ ok: false, reason: 'no_route' });
  });
});

describe('failover', () => {
  const req = { to: '+819012345678', body: 'x', idempotencyKey: 'o-1' };
  const router = (a: SmsProvider, b: SmsProvider, failover = true) => ({ table: table({ JP: [a.name, b.name] }, { domestic: { twilio: ['JP'] }, failover }), providers: { [a.name]: a, [b.name]: b } });

  it('sends over the secondary after a 5xx / 429 / refused connection', async () => {
    const a = scripted('rakuten', [{ ok: false, retryable: true, error: 'Rakuten 503' }]);
    const b = scripted('twilio', []);
    const r = await sendRouted(router(a, b), ['rakuten', 'twilio'], req);
    expect(r).toMatchObject({ ok: true, route: 'twilio', failedOver: { from: 'rakuten', error: 'Rakuten 503' } });
    expect([a.calls.length, b.calls.length]).toEqual([1, 1]);
  });

  it('never after a timeout that may have sent (one outbox row, at most one provider)', async () => {
    const a = scripted('rakuten', [{ ok: false, retryable: true, mayHaveSent: true, error: 'timeout' }]);
    const b = scripted('twilio', []);
    const r = await sendRouted(router(a, b), ['rakuten', 'twilio'], req);
    expect(r).toMatchObject({ ok: false, route: 'rakuten' });
    expect(b.calls).toHaveLength(0);
  });

  it('never after a permanent 4xx, nor when failover is off', async () => {
    const a = scripted('rakuten', [{ ok: false, retryable: false, error: 'Rakuten 400' }, { ok: false, retryable: true, error: 'Rakuten 500' }]);
    const b = scripted('twilio', []);
    expect(await sendRouted(router(a, b), ['rakuten', 'twilio'], req)).toMatchObject({ ok: false, route: 'rakuten' });
    expect(await sendRouted(router(a, b, false), ['rakuten', 'twilio'], req)).toMatchObject({ ok: false, route: 'rakuten' });
    expect(b.calls).toHaveLength(0);
  });
});
