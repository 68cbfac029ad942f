import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { Intent } from '../../../src/classify/port';
import { validateFlow } from '../../../src/conversation/validate';
import { INTENT, label, REASON, STATE, TEMPLATE } from '../../../src/http/ui/labels';
import { LINT_MESSAGES, lintMessage } from '../../../src/http/ui/lint-messages';
import { THREAT_FAMILIES } from '../../../src/compliance/threat-lint';
import { maskPhone, relative, localClock } from '../../../src/http/ui/time';

const flows = ['flows/standard-ja.yaml', 'flows/standard-en.yaml'].map((f) => readFileSync(f, 'utf8'));

describe('UI label catalogue: no raw code reaches a page', () => {
  it('every intent, escalation reason, template and machine state of the shipped flows has a ja and en label', () => {
    for (const i of Intent.options) expect(INTENT[i], i).toBeDefined();
    for (const src of flows) {
      const reasons = [...src.matchAll(/escalate, params: \{ reason: ([a-z_]+) \}/g)].map((m) => m[1]!);
      expect(reasons.length).toBeGreaterThan(5);
      for (const r of reasons) expect(REASON[r], r).toBeDefined();
      for (const t of Object.keys(parse(src).templates)) expect(TEMPLATE[t], t).toBeDefined();
      const v = validateFlow(src);
      if (!v.ok) throw new Error('shipped flow does not validate');
      for (const s of v.machineStates) expect(STATE[s], s).toBeDefined();
    }
  });

  it('every lint code the validator emits has a message in both languages, params filled in', () => {
    for (const f of THREAT_FAMILIES) expect(LINT_MESSAGES[`threat.${f}`]).toBeDefined();
    expect(lintMessage({ code: 'threat.legal_action', params: { matched: '法的手続き' }, message: 'x' }, 'ja')).toContain('「法的手続き」');
    expect(lintMessage({ code: 'segments', params: { segments: 2, encoding: 'UCS-2' }, message: 'x' }, 'ja')).toBe('サンプル値でSMS 2通分（UCS-2）になります');
    expect(lintMessage({ code: 'brand_first', params: { template: 't' }, message: 'x' }, 'en')).toContain('{brand}');
    expect(lintMessage({ message: 'no code: English' }, 'ja')).toBe('no code: English');
  });

  it('a code without a label reads as words, never as snake_case', () => {
    expect(label(REASON, 'brand_new_reason', 'ja')).toBe('brand new reason');
    expect(label(REASON, null, 'ja')).toBe('—');
  });
});

describe('UI time and phone helpers', () => {
  const now = new Date('2026-12-01T05:05:00Z');
  it.each([
    ['2026-12-01T05:02:00Z', 'ja', '3 分前'],
    ['2026-12-01T05:02:00Z', 'en', '3 minutes ago'],
    ['2026-12-01T02:05:00Z', 'ja', '3 時間前'],
    ['2026-11-29T05:05:00Z', 'en', '2 days ago'],
  ] as const)('%s in %s → %s', (then, lang, want) => expect(relative(then, now, lang)).toBe(want));
  it('the debtor clock names its zone', () => {
    expect(localClock(now, 'Asia/Tokyo')).toBe('14:05 JST');
    expect(localClock(now, 'America/New_York')).toBe('00:05 EST');
  });
  it('masks all but the country code and the last four digits', () => {
    expect(maskPhone('+819012345678')).toBe('+81 ••••••5678');
    expect(maskPhone('+14155550123')).toBe('+1 ••••••0123');
  });
});
