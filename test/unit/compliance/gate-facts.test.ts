import { describe, expect, it } from 'vitest';
import { gateFacts, type GateReadings } from '../../../src/compliance/gate-facts';
import { decide } from '../../../src/compliance/send-gate';
import { shippedFlow } from '../../support/flows';

const base: GateReadings = {
  now: new Date('2026-11-20T01:00:00Z'),
  subject: { phone: '+819012345678', kind: 'reminder', author: 'bot', body: '【ACME】…' },
  flow: null,
  debtor: { timezone: 'Asia/Tokyo', locale: 'ja', consentObtainedAt: new Date('2026-01-01'), contactWindows: null, erasedAt: null },
  suppression: null,
  conversation: { heldBy: null, status: 'active' },
  automatedToday: 0,
  debtLast7Days: 0,
};

describe('gateFacts: the send gate facts from what was read (one builder for the sender and the campaign preview)', () => {
  it('takes brand, jurisdiction, hours and caps from the flow; without one, the debtor locale picks the rules and the caps default', () => {
    const flow = shippedFlow('standard-en');
    const f = gateFacts({ ...base, flow, subject: { ...base.subject, phone: '+12125550100' }, debtor: { ...base.debtor, timezone: 'America/Los_Angeles', locale: 'en' } });
    expect(f).toMatchObject({ brand: flow.brand, jurisdiction: flow.jurisdiction, dailyCap: flow.policy.dailyCap ?? 2, weeklyCapPerDebt: flow.policy.weeklyCapPerDebt ?? 7 });
    // US: the address zone and the area code's zone (212 is New York) both count.
    expect(f.timezones).toEqual(expect.arrayContaining(['America/Los_Angeles', 'America/New_York']));
    expect(gateFacts(base)).toMatchObject({ brand: null, jurisdiction: 'jp', dailyCap: 2, weeklyCapPerDebt: 7, timezones: ['Asia/Tokyo'] });
    expect(gateFacts({ ...base, debtor: null })).toMatchObject({ jurisdiction: 'us', consent: false, timezones: expect.arrayContaining(['Asia/Tokyo']) });
  });

  it('suppression, a held thread, erasure and a stopped campaign reach decide()', () => {
    expect(decide(gateFacts({ ...base, suppression: 'stop' }))).toMatchObject({ action: 'refuse', reason: 'opted_out' });
    expect(decide(gateFacts({ ...base, conversation: { heldBy: 'user:1', status: 'escalated' } })).action).not.toBe('send');
    expect(decide(gateFacts({ ...base, debtor: { ...base.debtor, erasedAt: new Date() } }))).toMatchObject({ action: 'refuse', reason: 'debtor_erased' });
    expect(gateFacts({ ...base, campaignStatus: 'paused' }).campaign).toBe('paused');
    expect(gateFacts({ ...base, campaignStatus: 'running' }).campaign).toBeNull();
  });
});
