import { describe, expect, it } from 'vitest';
import { billing, parsePriceTable } from '../../../src/channels/billing';
import { estimateCost, routePrice } from '../../../src/channels/cost';
import { validateFlow } from '../../../src/conversation/validate';
import { shippedFlowSources } from '../../../src/bootstrap';

describe('segments and cost per route', () => {
  const ja134 = 'あ'.repeat(134);
  it('counts UCS-2 segments on Twilio, one long SMS up to 670 on the JP domestic route, one message on RCS', () => {
    expect(billing('twilio', ja134)).toMatchObject({ kind: 'split', parts: 2, encoding: 'UCS-2', length: 134 });
    expect(billing('rakuten', ja134)).toMatchObject({ kind: 'jp-long', parts: 1 });
    expect(billing('rakuten', 'あ'.repeat(670)).parts).toBe(1);
    expect(billing('rakuten', 'あ'.repeat(671)).parts).toBe(2);
    expect(billing('rbm', 'あ'.repeat(2000))).toMatchObject({ kind: 'rcs', parts: 1, encoding: 'RCS' });
    expect(billing('twilio', 'a'.repeat(161))).toMatchObject({ parts: 2, encoding: 'GSM-7' });
  });

  it('prices from the configurable table, else the segment default', () => {
    expect(parsePriceTable('twilio=11 JPY, rakuten=8.5 jpy')).toEqual({ twilio: { route: 'twilio', perPart: 11, currency: 'JPY' }, rakuten: { route: 'rakuten', perPart: 8.5, currency: 'JPY' } });
    expect(() => parsePriceTable('rakuten=cheap')).toThrow(/rakuten=8 JPY/);
    const env = { SMS_PRICES: 'rakuten=8 JPY,rbm=4 JPY' };
    expect(estimateCost([ja134, ja134], routePrice('rakuten', env))).toMatchObject({ route: 'rakuten', segments: 2, cost: 16 });
    expect(estimateCost([ja134, ja134], routePrice('twilio', env))).toMatchObject({ route: 'twilio', segments: 4, cost: 13.2 });
    expect(estimateCost([ja134], routePrice('rbm', env))).toMatchObject({ segments: 1, cost: 4 });
  });

  it('lint warns about segments only on a route that splits: standard-ja over its JP domestic route has none', () => {
    const ja = shippedFlowSources().find((s) => /key: standard-ja/.test(s))!;
    const v = validateFlow(ja);
    expect(v.ok).toBe(true);
    expect(v.issues.filter((i) => /SMS segments/.test(i.message))).toEqual([]);
    const en = validateFlow(ja.replace('jurisdiction: jp', 'jurisdiction: us').replace(/\{stop\}/g, '{stop}'));
    // The same Japanese texts on a splitting route warn (the US profile may fail other rules; only the warnings matter here).
    expect(en.issues.some((i) => /SMS segments \(UCS-2\).*route that splits/.test(i.message))).toBe(true);
  });

  it('lint: an RCS form needs its SMS text, and that text stands alone', () => {
    const ja = shippedFlowSources().find((s) => /key: standard-ja/.test(s))!;
    const orphan = validateFlow(ja.replace('rcs:\n', 'rcs:\n  no_such_template:\n    title: { ja: "x" }\n'));
    expect(orphan.issues.some((i) => i.path === 'rcs.no_such_template' && i.severity === 'error')).toBe(true);
    const pointing = validateFlow(ja.replace('お支払い {link} お支払い済みの場合は', 'お支払いは下のボタンから。お支払い済みの場合は'));
    expect(pointing.issues.filter((i) => i.path === 'templates.reminder_due.ja').map((i) => i.message).join(' ')).toMatch(/\{link\}.*|buttons/);
  });
});
