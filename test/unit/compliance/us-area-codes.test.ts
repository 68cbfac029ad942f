import { describe, expect, it } from 'vitest';
import { areaCodeZone, contactZones, US_AREA_CODE_ZONES } from '../../../src/compliance/us-area-codes';

describe('US area code zones (partial table)', () => {
  it.each([
    ['+12125550100', 'America/New_York'],
    ['+13125550100', 'America/Chicago'],
    ['+13035550100', 'America/Denver'],
    ['+16025550100', 'America/Phoenix'],
    ['+14155550100', 'America/Los_Angeles'],
    ['+19075550100', 'America/Anchorage'],
    ['+18085550100', 'Pacific/Honolulu'],
    ['+15005550100', null],
    ['+819012345678', null],
  ])('%s → %s', (phone, zone) => expect(areaCodeZone(phone)).toBe(zone));

  it('every zone in the table is a real IANA zone', () => {
    for (const z of new Set(US_AREA_CODE_ZONES.values())) expect(() => new Intl.DateTimeFormat('en', { timeZone: z })).not.toThrow();
  });

  it.each([
    ['us', 'America/New_York', '+14155550100', ['America/New_York', 'America/Los_Angeles']],
    ['us', 'America/New_York', '+12125550100', ['America/New_York']],
    ['us', 'America/New_York', '+15005550100', ['America/New_York']],
    ['jp', 'Asia/Tokyo', '+14155550100', ['Asia/Tokyo']],
    ['uk', 'Europe/London', '+447700900123', ['Europe/London']],
  ])('%s %s %s → %j', (j, tz, phone, want) => expect(contactZones(j, tz, phone)).toEqual(want));
});
