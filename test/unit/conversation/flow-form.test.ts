import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyFormPatches, flowForm, previewTemplate } from '../../../src/conversation/flow-form';
import { validateFlow } from '../../../src/conversation/validate';

const ja = readFileSync('flows/standard-ja.yaml', 'utf8');
const changedLines = (a: string, b: string) => b.split('\n').filter((l, i) => l !== a.split('\n')[i]);

describe('flow form view', () => {
  it('reads schedule steps, templates (every variant) and policy limits from the YAML', () => {
    const r = flowForm(ja);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.form.schedule[0]).toEqual({ name: 'pre_due', offsetDays: -3, at: '10:00', template: 'reminder_pre_due', escalate: false, channel: 'sms' });
    expect(r.form.schedule.at(-1)).toMatchObject({ name: 'handoff', escalate: true, template: null });
    expect(r.form.templates.find((t) => t.name === 'reminder_pre_due')!.variants).toHaveLength(2);
    expect(r.form.policy).toMatchObject({ maxPromiseDays: 14, installmentCounts: [2, 3, 6], dailyCap: 2 });
  });

  it('changes only the values it touches: comments and layout stay, and the result validates the same way', () => {
    const r = applyFormPatches(ja, [
      { op: 'schedule', index: 1, field: 'offsetDays', value: 1 },
      { op: 'schedule', index: 1, field: 'at', value: '11:30' },
      { op: 'template', name: 'reminder_due', text: '【{brand}】{dueStatus}（{amount}）。改訂版 {link} {stop}' },
      { op: 'template', name: 'reminder_pre_due', variant: 1, text: '【{brand}】{dueStatus}。B案 {link} {stop}' },
      { op: 'policy', key: 'maxPromiseDays', value: 21 },
      { op: 'policy', key: 'installmentCounts', value: [3, 6, 12] },
    ]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(changedLines(ja, r.source)).toEqual([
      '  maxPromiseDays: 21',
      '  installmentCounts: [3, 6, 12]',
      '  - { name: due, offsetDays: 1, at: "11:30", template: reminder_due }',
      '      - "【{brand}】{dueStatus}。B案 {link} {stop}"',
      '    ja: "【{brand}】{dueStatus}（{amount}）。改訂版 {link} {stop}"',
    ]);
    expect(r.source.split('\n').length).toBe(ja.split('\n').length);
    const v = validateFlow(r.source);
    expect(v.ok).toBe(true);
    if (v.ok) expect(v.flow.policy.maxPromiseDays).toBe(21);
  });

  it('a form change that breaks a rule is caught by the same validation (threat wording, brand first)', () => {
    const r = applyFormPatches(ja, [{ op: 'template', name: 'reminder_final', text: '【{brand}】法的手続きに移行します。{link}' }]);
    expect(r.ok).toBe(true);
    if (r.ok) expect(validateFlow(r.source).issues.map((i) => i.code)).toContain('threat.legal_action');
  });

  it('refuses changes to what is not there', () => {
    expect(applyFormPatches(ja, [{ op: 'schedule', index: 40, field: 'at', value: '10:00' }])).toMatchObject({ ok: false });
    expect(applyFormPatches(ja, [{ op: 'template', name: 'nope', text: 'x' }])).toMatchObject({ ok: false });
    expect(applyFormPatches(ja, [{ op: 'template', name: 'reminder_due', variant: 2, text: 'x' }])).toMatchObject({ ok: false });
    expect(applyFormPatches(ja, [{ op: 'policy', key: 'dailyCap', value: [1] }])).toMatchObject({ ok: false });
  });

  it('previews a text with sample data, priced per route as /api/flows/cost prices it (parts, one send, per 1,000)', () => {
    const text = '【{brand}】{amount}のご案内です。' + 'お支払いをお願いします。'.repeat(6);
    const p = previewTemplate({ brand: 'サンプル債権', locale: 'ja', contact: '0120' }, text, [
      { route: 'twilio', perSegment: 11, currency: 'JPY' },
      { route: 'rakuten', perSegment: 8, currency: 'JPY' },
      { route: 'rbm', perSegment: 4, currency: 'JPY' },
    ]);
    expect(p.rendered.startsWith('【サンプル債権】1,234,567円のご案内です。')).toBe(true);
    expect(p.length).toBe([...p.rendered].length);
    const [twilio, rakuten, rbm] = p.routes;
    // Over 70 UCS-2 characters: Twilio bills concatenated 67-character segments, the domestic route one long SMS, RCS one message.
    expect(twilio).toMatchObject({ route: 'twilio', kind: 'split', encoding: 'UCS-2', parts: 2, cost: 22, per1000: 22000, currency: 'JPY' });
    expect(rakuten).toMatchObject({ route: 'rakuten', kind: 'jp-long', parts: 1, cost: 8, per1000: 8000 });
    expect(rbm).toMatchObject({ route: 'rbm', kind: 'rcs', encoding: 'RCS', parts: 1, cost: 4, per1000: 4000 });
    const long = previewTemplate({ brand: 'Acme', locale: 'en', contact: 'x' }, '{brand}: ' + 'a'.repeat(200), [{ route: 'twilio', perSegment: 0.0079, currency: 'USD' }]);
    expect(long.routes[0]).toMatchObject({ parts: 2, encoding: 'GSM-7', cost: 0.02, per1000: 15.8 });
  });
});

describe('FormPatch', () => {
  it('parses each kind of change and refuses a malformed one', async () => {
    const { FormPatch } = await import('../../../src/conversation/flow-form');
    expect(FormPatch.safeParse({ op: 'schedule', index: 1, field: 'offsetDays', value: 1 }).success).toBe(true);
    expect(FormPatch.safeParse({ op: 'schedule', index: 1, field: 'at', value: '11:30' }).success).toBe(true);
    expect(FormPatch.safeParse({ op: 'template', name: 'reminder_due', text: 'x' }).success).toBe(true);
    expect(FormPatch.safeParse({ op: 'policy', key: 'dailyCap', value: 2 }).success).toBe(true);
    expect(FormPatch.safeParse({ op: 'schedule', index: 1, field: 'at', value: 3 }).success).toBe(false);
    expect(FormPatch.safeParse({ op: 'policy', key: 'machine', value: 2 }).success).toBe(false);
  });
});
